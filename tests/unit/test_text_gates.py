"""The LSTM gates of /text: the recurrence recomputed in NumPy from a layer's kernel, recurrent kernel and bias gives
exactly what Keras' own layer gives (plain and bidirectional, the sentiment model's real layout), the course's sentence
is segmented as the sentiment model reads it, the page's "but" step and moving units are found from the numbers, and
empty, hostile and huge input is refused or bounded, never a traceback."""

from __future__ import annotations

import numpy as np
import pytest

from core.lessons.text import gates, sentiment
from core.lessons.text.prediction import SentimentModel
from core.lessons.text.segmentation import SentimentInputError
from core.training.task import TaskData
from dashboard.figures import text_gates as figures

COURSE_WORDS = ("虽然", "这部", "电影", "有些", "缺点", ",", "但", "总的来说", "还是", "很棒", "的")
UNITS = 6


def shake(layer, seed: int, scale: float = 0.6) -> None:
    """Random weights far from Keras' initial ones, so that every gate really moves."""
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(0.0, scale, size=weight.shape).astype("float32") for weight in layer.get_weights()])


def test_the_recurrence_in_numpy_gives_keras_hidden_and_cell_states_at_every_step():
    import keras

    layer = keras.layers.LSTM(UNITS, return_sequences=True, return_state=True)
    inputs = np.random.default_rng(0).normal(size=(1, 9, 4)).astype("float32")
    layer(inputs)  # build
    shake(layer, seed=1)
    sequence, last_hidden, last_cell = (np.asarray(value) for value in layer(inputs))
    trace = gates.lstm_recurrence(gates.lstm_weights(layer), inputs[0])
    assert trace.input_gate.shape == trace.forget_gate.shape == trace.cell_state.shape == (9, UNITS)
    np.testing.assert_allclose(trace.hidden_state, sequence[0], atol=1e-5)
    np.testing.assert_allclose(trace.hidden_state[-1], last_hidden[0], atol=1e-5)
    np.testing.assert_allclose(trace.cell_state[-1], last_cell[0], atol=1e-5)
    # Gates are sigmoids: strictly between 0 and 1; and they do vary with these weights.
    for gate in (trace.input_gate, trace.forget_gate, trace.output_gate):
        assert 0 < gate.min() and gate.max() < 1 and gate.std() > 0.05


def test_only_lstm_layers_and_matching_inputs_are_accepted():
    import keras

    gru = keras.layers.GRU(3)
    gru(np.zeros((1, 2, 4), dtype="float32"))
    with pytest.raises(ValueError, match="not a Keras LSTM"):
        gates.lstm_weights(gru)
    layer = keras.layers.LSTM(3)
    layer(np.zeros((1, 2, 4), dtype="float32"))
    with pytest.raises(ValueError, match="shape"):
        gates.lstm_recurrence(gates.lstm_weights(layer), np.zeros((5, 7)))


def sentiment_model_for_test(bidirectional: bool) -> SentimentModel:
    """The app's sentiment model (its builder, its layer names), untrained but with shaken weights, over a small
    vocabulary that knows the course's words except 总的来说 (read as [UNK])."""
    vocabulary = [word for word in COURSE_WORDS if word != "总的来说"] + ["好", "差"]
    config = sentiment.default_sentiment_config(
        params={"bidirectional": bidirectional, "embedding_dim": 8, "lstm_units": UNITS, "sequence_length": 30}
    )
    data = TaskData(
        x_train=np.zeros((1, 30), dtype=np.int32),
        y_train=np.zeros(1, dtype=np.float32),
        x_validation=None,
        y_validation=None,
        x_test=None,
        y_test=None,
        input_shape=(30,),
        class_names=sentiment.CLASS_NAMES,
        description="test",
        extras={"vocabulary": vocabulary},
    )
    model = sentiment.build_sentiment_model(config, data)
    for number, layer in enumerate(model.layers):
        if layer.get_weights():
            shake(layer, seed=10 + number)
    extras = {"vocabulary": vocabulary, "language": "zh", "granularity": "words", "sequence_length": 30}
    return SentimentModel(model, {"task": {"extras": extras}})


@pytest.mark.parametrize("bidirectional", [True, False], ids=["bidirectional", "plain"])
def test_the_course_sentence_through_the_sentiment_models_lstm_matches_keras(bidirectional):
    model = sentiment_model_for_test(bidirectional)
    reading = gates.read_sentence(model, gates.COURSE_SENTENCE)
    # Segmented by jieba, as the sentiment model reads it; the word outside the vocabulary is marked.
    assert reading.tokens == COURSE_WORDS
    assert reading.unknown == tuple(word == "总的来说" for word in COURSE_WORDS)
    assert reading.bidirectional is bidirectional
    assert reading.trace.cell_state.shape == reading.trace.hidden_state.shape == (len(COURSE_WORDS), UNITS)
    assert reading.running_probability.shape == (len(COURSE_WORDS),)
    # The recomputed final hidden state is the Keras layer's output (the forward half of a bidirectional one).
    embeddings = model.embedding_matrix()[model.ids_of(list(COURSE_WORDS))]
    recurrent = model.model.get_layer("bidirectional_lstm" if bidirectional else "lstm")
    output = np.asarray(recurrent(embeddings[np.newaxis]))[0]
    np.testing.assert_allclose(reading.trace.hidden_state[-1], output[:UNITS], atol=1e-5)
    if bidirectional:  # and the backward half is the same recurrence over the reversed words
        backward = gates.lstm_recurrence(gates.lstm_weights(recurrent.backward_layer), embeddings[::-1])
        np.testing.assert_allclose(backward.hidden_state[-1], output[UNITS:], atol=1e-5)
    # After the last word the running probability is the model's own prediction of the whole sentence.
    final = model.predict(gates.COURSE_SENTENCE).positive_probability
    assert reading.running_probability[-1] == pytest.approx(final, abs=1e-5)
    # The forward direction's vote is its part of the output's logit.
    dense = model.model.get_layer("positive_probability")
    kernel, bias = (np.asarray(weight, dtype=np.float64) for weight in dense.get_weights())
    logit = np.log(final / (1 - final))
    rest = output[UNITS:] @ kernel[UNITS:, 0] if bidirectional else 0.0
    assert reading.forward_vote[-1] + rest + bias[0] == pytest.approx(logit, abs=1e-4)
    # Every prefix too: the model reading the sentence cut after word 3.
    assert reading.running_probability[2] == pytest.approx(
        model.predict("".join(COURSE_WORDS[:3])).positive_probability, abs=1e-5
    )


def test_the_page_looks_first_at_but_then_at_the_units_that_moved_most_there():
    model = sentiment_model_for_test(bidirectional=True)
    reading = gates.read_sentence(model, gates.COURSE_SENTENCE)
    step = gates.turning_step(reading.tokens, reading.trace)
    assert reading.tokens[step] == "但"
    moving = gates.units_moving_at(reading.trace, step, count=3)
    changes = gates.cell_changes(reading.trace)[step]
    assert len(moving.units) == 3
    np.testing.assert_allclose(np.abs(moving.change), np.sort(np.abs(changes))[::-1][:3])
    # What is left of that change at the end is the product of the later forget gates.
    later = reading.trace.forget_gate[step + 1 :, moving.units]
    np.testing.assert_allclose(moving.kept_fraction, later.prod(axis=0))
    assert 0 < moving.mean_forget_after_all_units < 1
    # Without a "but", the word where the cell changed most.
    plain = gates.read_sentence(model, "这部电影很棒")
    sizes = np.linalg.norm(gates.cell_changes(plain.trace), axis=1)
    assert gates.turning_step(plain.tokens, plain.trace) == int(np.argmax(sizes))
    at_end = gates.units_moving_at(plain.trace, plain.trace.steps - 1)
    assert np.isnan(at_end.forget_after).all() and (at_end.kept_fraction == 1).all()
    with pytest.raises(ValueError, match="step"):
        gates.units_moving_at(plain.trace, plain.trace.steps)


@pytest.mark.parametrize("text", ["", "   \n\t", None, 42])
def test_empty_or_non_text_input_is_refused_with_a_reason(text):
    model = sentiment_model_for_test(bidirectional=True)
    with pytest.raises(SentimentInputError) as refused:
        gates.read_sentence(model, text)
    assert refused.value.reason in {"empty", "not_text"}


def test_hostile_and_huge_input_is_bounded_and_read_as_plain_words():
    model = sentiment_model_for_test(bidirectional=True)
    hostile = gates.read_sentence(model, "<script>alert('但')</script> 🙂 **很棒** $x$")
    assert hostile.unknown.count(False) >= 2 and "但" in hostile.tokens and "很棒" in hostile.tokens
    huge = gates.read_sentence(model, "电影很棒，" * 5_000)
    assert huge.characters_cut == 25_000 - gates.MAX_GATE_CHARACTERS
    assert len(huge.tokens) == gates.MAX_GATE_TOKENS and huge.tokens_cut > 0
    assert np.isfinite(huge.trace.cell_state).all() and np.isfinite(huge.running_probability).all()


def test_the_figures_escape_words_and_draw_five_panels_of_units_by_words():
    labels = figures.word_labels(["<b>bold</b>", "但", "<b>bold</b>"])
    assert labels == ["1 &lt;b&gt;bold&lt;/b&gt;", "2 但", "3 &lt;b&gt;bold&lt;/b&gt;"]
    model = sentiment_model_for_test(bidirectional=True)
    reading = gates.read_sentence(model, gates.COURSE_SENTENCE)
    trace = reading.trace
    panels = [
        ("i", trace.input_gate, True),
        ("f", trace.forget_gate, True),
        ("o", trace.output_gate, True),
        ("c", trace.cell_state, False),
        ("h", trace.hidden_state, False),
    ]
    figure = figures.gates_figure(reading.tokens, panels, [3, 0, 1], highlight=6, unit_label="unit")
    heatmaps = [trace for trace in figure.data if trace.type == "heatmap"]
    assert len(heatmaps) == 5
    assert np.asarray(heatmaps[1].z).shape == (3, len(COURSE_WORDS))
    np.testing.assert_allclose(np.asarray(heatmaps[1].z)[0], trace.forget_gate[:, 3])
    assert list(heatmaps[0].y) == ["unit 3", "unit 0", "unit 1"]
    assert figure.layout.coloraxis.cmin == 0 and figure.layout.coloraxis.cmax == 1
    line = figures.running_probability_figure(reading.tokens, reading.running_probability, 6, "p", "50 %")
    assert list(line.data[0].x) == figures.word_labels(COURSE_WORDS)
