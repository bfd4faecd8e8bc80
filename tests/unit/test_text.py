"""core.lessons.text: tokens and TextVectorization views, input checks, the sentiment task trained on a small uploaded
CSV through the engine, a stored model that still reads text after a reload in safe mode, and occlusion in one call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import uploads
from core.data.datasets import DatasetUnavailable
from core.lessons.text import files, prediction, segmentation, sentiment, vectors
from core.lessons.text.segmentation import SentimentInputError
from core.training import registry

# -- tokens and language -------------------------------------------------------------------------------------------


def test_chinese_is_split_into_words_or_characters_and_english_into_words():
    assert segmentation.tokenize("我喜欢猫", "zh") == ["我", "喜欢", "猫"]
    assert segmentation.tokenize("我喜欢猫", "zh", "chars") == ["我", "喜", "欢", "猫"]
    english = segmentation.tokenize("I don't LIKE it, <b>really</b>!", "en")
    assert english == ["i", "don't", "like", "it", "b", "really", "b"]
    mixed = segmentation.tokenize("这个 iPhone 很好用😀", "zh")
    assert "iphone" in mixed and "😀" in mixed and all(token.strip() == token and token for token in mixed)


@pytest.mark.parametrize(
    "text, language",
    [("我喜欢猫", "zh"), ("I love this film", "en"), ("我love你", "zh"), ("Great movie, 不错", "en"), ("😀😀", "en")],
)
def test_language_is_detected_from_the_share_of_chinese_characters(text, language):
    assert segmentation.detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_or_blank_text_is_refused_with_a_reason(text):
    with pytest.raises(SentimentInputError) as caught:
        segmentation.clean_text(text)
    assert caught.value.reason == "empty"


def test_a_huge_text_is_cut_with_a_note():
    cleaned = segmentation.clean_text("好" * 150_000)
    assert cleaned.truncated and len(cleaned.text) == segmentation.MAX_TEXT_CHARACTERS
    assert cleaned.original_length == 150_000
    assert not segmentation.clean_text("好").truncated


# -- words to numbers ----------------------------------------------------------------------------------------------


def test_the_course_sentences_become_numbers_with_padding_and_an_unknown_word():
    view = vectors.words_to_numbers(vectors.COURSE_SENTENCES, [vectors.COURSE_UNSEEN_SENTENCE], sequence_length=5)
    assert view.vocabulary[:2] == ("", "[UNK]")
    assert set(view.vocabulary[2:]) == {"我", "喜欢", "猫", "狗", "鱼"}
    index = {token: position for position, token in enumerate(view.vocabulary)}
    assert view.sequences.tolist()[0] == [index["我"], index["喜欢"], index["猫"], 0, 0]  # padded with 0
    assert view.sequences.tolist()[3] == [index["我"], index["喜欢"], 1, 0, 0]  # 鸟 was never seen: [UNK]
    # One-hot: one row per position, a single 1 in the token's column (padding rows point at column 0).
    assert view.one_hot.shape == (4, 5, len(view.vocabulary))
    assert (view.one_hot.sum(axis=2) == 1).all()
    # Multi-hot: which words each sentence contains (columns: vocabulary without padding, [UNK] first).
    assert view.multi_hot.shape == (4, len(view.vocabulary) - 1)
    assert view.multi_hot[0].sum() == 3 and view.multi_hot[3][0] == 1


def test_a_vectorizer_rebuilt_from_its_vocabulary_gives_the_same_numbers():
    lines = ["我 喜欢 猫", "我 喜欢 狗", "他 讨厌 鱼"]
    adapted = vectors.make_vectorizer(sequence_length=4)
    adapted.adapt(lines)
    rebuilt = vectors.make_vectorizer(adapted.get_vocabulary(include_special_tokens=False), sequence_length=4)
    assert np.array_equal(np.asarray(adapted(lines + ["新 词"])), np.asarray(rebuilt(lines + ["新 词"])))


# -- files ---------------------------------------------------------------------------------------------------------


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False).encode(encoding)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("text,label\n好,1\n".encode() + b"\xff\xfe\xfa" * 50 + b"\x81", "encoding"),
        (csv_bytes(pd.DataFrame({"review_body": ["a", "b"], "stars": [1, 0]})), "wrong_columns"),
        (csv_bytes(pd.DataFrame({"text": [f"text {i}" for i in range(40)], "label": [1] * 40})), "one_class"),
        (csv_bytes(pd.DataFrame({"text": ["good", "bad", "ok"], "label": ["pos", "neg", "maybe"]})), "bad_labels"),
        (csv_bytes(pd.DataFrame({"text": ["good", "bad", "fine"], "label": [1, 0, 1]})), "too_few"),
    ],
)
def test_a_bad_training_csv_is_refused_with_a_reason(content, reason):
    with pytest.raises(SentimentInputError) as caught:
        files.validate_training_csv(content)
    assert caught.value.reason == reason
    assert str(caught.value)  # an English sentence too


def test_a_training_csv_is_tidied_labels_read_and_duplicates_dropped():
    frame = pd.DataFrame(
        {
            "Text": [f"很好 {i}" for i in range(12)] + [f"很差 {i}" for i in range(12)] + ["很好 0", "  "],
            "Label": ["positive"] * 12 + ["负面"] * 12 + ["positive", "1"],
        }
    )
    tidy = files.validate_training_csv(csv_bytes(frame, "utf-8-sig"))
    assert list(tidy.columns) == ["text", "label"]
    assert len(tidy) == 24 and tidy["label"].tolist().count(1) == 12


def test_texts_to_score_come_from_a_txt_or_the_text_column_of_a_csv():
    texts, cut = files.read_texts_file("很好\n\n很差\r\n  一般  \n".encode("gb18030"), "reviews.txt")
    assert texts == ["很好", "很差", "一般"] and not cut
    table = pd.DataFrame({"id": [1, 2], "text": ["<b>bold</b>", "fine, really"]})
    texts, _ = files.read_texts_file(csv_bytes(table), "reviews.csv")
    assert texts == ["<b>bold</b>", "fine, really"]
    with pytest.raises(SentimentInputError) as caught:
        files.read_texts_file(csv_bytes(pd.DataFrame({"a": [1], "b": [2]})), "numbers.csv")
    assert caught.value.reason == "wrong_columns"
    with pytest.raises(SentimentInputError) as caught:
        files.read_texts_file(bytes(range(256)) * 8, "photo.txt")
    assert caught.value.reason == "binary"


# -- the task ------------------------------------------------------------------------------------------------------


def test_the_default_config_is_the_chinese_model_and_is_prewarmed():
    config = sentiment.default_sentiment_config()
    assert config.dataset == "chinese_reviews" and config.param("bidirectional") is True
    assert config in registry.prewarm_configs()


@pytest.mark.parametrize(
    "params",
    [
        {"granularity": "bytes"},
        {"vocabulary_size": 10},
        {"lstm_units": 0},
        {"dropout": 0.95},
        {"language": "fr"},
        {"bidirectional": "yes"},
    ],
)
def test_bad_settings_are_refused(params):
    with pytest.raises(ValueError):
        sentiment.default_sentiment_config(params=params)


def test_the_english_model_is_unavailable_offline_not_faked(monkeypatch):
    monkeypatch.setenv("DASHBOARD_OFFLINE", "1")
    with pytest.raises(DatasetUnavailable):
        registry.get_task("sentiment").load_data(sentiment.default_sentiment_config("imdb"))


POSITIVE_WORDS = ["很好", "喜欢", "满意", "不错", "推荐"]
NEGATIVE_WORDS = ["很差", "讨厌", "失望", "垃圾", "退货"]
FILLER = ["这个", "东西", "今天", "收到", "包装", "快递", "价格", "我们"]


def labelled_frame(rows: int = 240) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    texts, labels = [], []
    for row in range(rows):
        label = row % 2
        words = list(rng.choice(FILLER, size=4)) + [rng.choice(POSITIVE_WORDS if label else NEGATIVE_WORDS)]
        rng.shuffle(words)
        texts.append("".join(words) + f"{row}号")
        labels.append(label)
    return pd.DataFrame({"text": texts, "label": labels})


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A small model trained by the engine on an uploaded CSV, then loaded again from the store by a new engine."""
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    frame = files.validate_training_csv(csv_bytes(labelled_frame()))
    upload_id = uploads.keep_upload(frame, "toy.csv")
    config = sentiment.default_sentiment_config(
        upload_id,
        epochs=8,
        batch_size=16,
        params={"vocabulary_size": 500, "sequence_length": 20, "embedding_dim": 16, "lstm_units": 8},
    )
    store = tmp_path_factory.mktemp("sentiment_store")
    engine = TrainingEngine(store=ModelStore(store), max_workers=1)
    try:
        snapshot = engine.request(config, "trainer").wait(timeout=300)
        assert snapshot.state == "finished", snapshot.message
    finally:
        engine.shutdown()
    again = TrainingEngine(store=ModelStore(store), max_workers=1)
    try:
        handle = again.request(config, "reader")
        reloaded = handle.wait(timeout=120)
        assert reloaded.from_store
        yield snapshot, handle
    finally:
        again.shutdown()


def test_a_model_trained_on_an_uploaded_csv_learns_and_reports_the_baseline(trained):
    snapshot, _ = trained
    metrics = snapshot.test_metrics
    assert metrics["n_test"] == 48  # the held-out 20 % of 240 rows
    assert metrics["accuracy"] >= 0.9
    assert 0.5 <= metrics["baseline_accuracy"] <= 1.0
    assert "toy.csv" in snapshot.data_description


def test_a_stored_model_still_reads_text_after_a_safe_mode_reload(trained):
    _, handle = trained
    model = prediction.sentiment_model(handle.key, handle.model, handle.metadata)
    assert model.language == "zh"
    assert model.predict("这个东西很好，推荐").positive_probability > 0.5
    assert model.predict("这个东西很差，退货").positive_probability < 0.5
    scores = model.predict_many(["很好推荐", "很差退货", "   ", "!!!"])
    assert scores[0] > 0.5 > scores[1]
    assert np.isnan(scores[2]) and 0 <= scores[3] <= 1  # nothing to read; one unknown token


def test_contributions_are_occlusions_computed_in_one_model_call(trained):
    _, handle = trained
    model = prediction.sentiment_model(handle.key, handle.model, handle.metadata)
    text = "这个包装很好，我们喜欢"
    calls = []
    forward = model._forward

    def counting(ids):
        calls.append(np.asarray(ids).shape)
        return forward(ids)

    model._forward = counting
    try:
        result = model.contributions(text)
    finally:
        model._forward = forward
    assert len(calls) == 2  # the prediction itself, then every occlusion in ONE batch
    tokens = list(result.tokens)
    assert calls[1] == (len(tokens) + 1, len(tokens))
    # Each score is the probability with the token minus the probability without it, one by one.
    for position in range(len(tokens)):
        without = model._probabilities(model.ids_of(tokens[:position] + tokens[position + 1 :])[np.newaxis])[0]
        assert result.scores[position] == pytest.approx(result.prediction.positive_probability - without, abs=1e-4)
    # The word that raised the score most is one of the positive words.
    assert any(tokens[int(np.argmax(result.scores))] in word for word in POSITIVE_WORDS)


def test_embeddings_project_to_2d_and_have_neighbours(trained):
    _, handle = trained
    model = prediction.sentiment_model(handle.key, handle.model, handle.metadata)
    frame = model.embedding_map(30)
    assert list(frame.columns) == ["word", "x", "y", "positive"] and len(frame) == 30
    word = frame["word"][0]
    neighbours = model.nearest_words(word, 5)
    assert len(neighbours) == 5 and word not in set(neighbours["word"])
    with pytest.raises(SentimentInputError) as caught:
        model.nearest_words("从来没见过的词")
    assert caught.value.reason == "unknown_word"


def test_a_file_of_texts_is_scored_into_a_table(trained):
    _, handle = trained
    model = prediction.sentiment_model(handle.key, handle.model, handle.metadata)
    table = prediction.score_texts(model, ["很好推荐", "很差退货", "<script>alert(1)</script>"])
    assert list(table.columns) == ["text", "language", "positive_probability", "verdict"]
    assert table["verdict"].tolist()[:2] == ["positive", "negative"]
    assert table["text"][2] == "<script>alert(1)</script>"  # kept as text
