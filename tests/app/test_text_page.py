"""AppTest runs of the text page (/text) in English and Chinese: the course's sentences become numbers (vocabulary,
padding, [UNK]); the sentiment model trains in the engine (a small version of the default, to keep the suite
short), the course's example is scored as a percentage with a verdict and coloured words, the TF-IDF baseline's
accuracy is shown beside the LSTM's; empty, huge, HTML text and bad files get a sentence, never a traceback; the
English model says plainly that IMDB cannot be downloaded offline."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.text import course, prediction, sentiment
from dashboard.i18n import translate
from tests.helpers import metric_values, open_lesson, run_until_jobs_done

PAGE = "app_pages/text.py"
SLOT_KEY = "training_job__text_sentiment_zh"
SMALL_PARAMS = {"vocabulary_size": 3000, "sequence_length": 40, "embedding_dim": 16, "lstm_units": 16}

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store", "small_default_model")


@pytest.fixture(scope="module")
def small_default_model():
    """The page's default config, made small: the real default is trained by the benches and by prewarm."""
    original = sentiment.default_sentiment_config

    def small(dataset="chinese_reviews", **overrides):
        overrides.setdefault("epochs", 1)
        return original(dataset, **{"params": SMALL_PARAMS, **overrides})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sentiment, "default_sentiment_config", small)
        patch.setenv("DASHBOARD_OFFLINE", "1")
        yield


@pytest.fixture(scope="module", autouse=True)
def baseline_ready():
    """The TF-IDF baseline the page scores typed text with, fitted before the page opens (the page would poll for
    it every second in the browser; AppTest does not run timers)."""
    assert sentiment.baseline_for(sentiment.default_sentiment_config(), wait=600) is not None


def run_until_trained(app: AppTest, timeout: float = 300.0) -> None:
    run_until_jobs_done(app, SLOT_KEY, timeout)


def open_page(language: str) -> AppTest:
    app = open_lesson(PAGE, language, timeout=180)
    run_until_trained(app)
    return app


def warnings(app: AppTest) -> list[str]:
    return [warning.value for warning in app.warning]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_turns_words_into_numbers_and_scores_the_course_example(language):
    app = open_page(language)
    assert app.title[0].value == translate("text.title", language)
    # Part 1: the course's three sentences and an unseen one, padded to 5.
    sequences = app.dataframe[1].value
    indices = sequences[translate("text.numbers.sequence", language)].tolist()
    assert len(indices) == 4 and all(row.endswith("0, 0]") for row in indices)  # padding
    assert ", 1, 0, 0]" in indices[3]  # 鸟 is out of vocabulary
    # The one-hot and multi-hot columns keep the vocabulary table's numbers (multi-hot has no padding column 0).
    table = app.dataframe[0].value
    numbered = [f"{i}: {token}" for i, token in zip(table.iloc[:, 0], table.iloc[:, 1], strict=True)]
    grids = [json.loads(chart.proto.spec)["data"][0]["x"] for chart in app.get("plotly_chart")]
    assert numbered in grids and numbered[1:] in grids  # one-hot from 0 (padding), multi-hot from 1 ([UNK])
    # Part 2: the course's example is the default text, scored as a percentage with a verdict.
    assert app.text_area(key="text_input").value == prediction.EXAMPLE_TEXTS["zh"][0]
    values = metric_values(app)
    probability = values[translate("text.sent.probability", language)]
    assert probability.endswith("%") and 0.0 <= float(probability.rstrip("%")) <= 100.0
    verdicts = [element.value for element in (*app.success, *app.error)]
    assert {translate("text.sent.positive", language), translate("text.sent.negative", language)} & set(verdicts)
    # Both accuracies, on the same held-out texts.
    assert values[translate("text.sent.accuracy", language)].endswith("%")
    assert values[translate("text.sent.baseline", language)].endswith("%")
    assert values[translate("text.sent.n_test", language)] == "3,473"
    # What it learned from, in the page's language, with the same counts.
    data_line = translate("text.sent.data.chinese_reviews", language, train="13,890", test="3,473")
    assert data_line in [caption.value for caption in app.caption]
    # The coloured words: markdown colour directives, the text's words inside.
    coloured = [
        block.value
        for block in app.markdown
        if ":green" in block.value or ":red" in block.value or ":gray" in block.value
    ]
    assert coloured and "缺点" in coloured[0]
    # "Show the code": the Keras script of the model that scored the text (words -> embedding -> LSTM).
    codes = [element.value for element in app.code]
    assert any("layers.Embedding(" in code and "layers.LSTM(" in code and "model.fit(" in code for code in codes)


def test_an_example_is_one_click_away_and_english_text_is_detected():
    app = open_page("en")
    app.button(key="text_example_2").click().run()
    assert app.text_area(key="text_input").value == prediction.EXAMPLE_TEXTS["zh"][2]
    assert not app.exception
    app.text_area(key="text_input").set_value("What a wonderful film, I loved it").run()
    assert not app.exception
    detected = translate("text.sent.detected", "en", name=translate("text.lang.en", "en"))
    assert detected in [caption.value for caption in app.caption]
    assert any("English" in warning and "Chinese" in warning for warning in warnings(app))


@pytest.mark.parametrize(
    "text, expected_key",
    [
        ("   \n  ", "text.error.empty"),
        ("!!!???", "text.error.no_tokens"),
        ("<script>alert('x')</script> 很好", None),
        ("好评😀👍 great", None),
    ],
)
def test_bad_text_gets_a_sentence_not_a_traceback(text, expected_key):
    app = open_page("en")
    app.text_area(key="text_input").set_value(text).run()
    assert not app.exception
    if expected_key is not None:
        assert translate(expected_key, "en") in warnings(app)
    else:  # symbols and HTML are read as text: a score, and the HTML is escaped in the coloured words
        assert translate("text.sent.probability", "en") in metric_values(app)
        coloured = " ".join(
            block.value
            for block in app.markdown
            if ":gray" in block.value or ":green" in block.value or ":red" in block.value
        )
        assert "<script>" not in coloured
        assert ("script" in coloured) == ("script" in text)


def test_a_huge_text_is_cut_with_a_note():
    app = open_page("zh")
    app.text_area(key="text_input").set_value("很好" * 60_000).run()
    assert not app.exception
    note = translate("text.sent.truncated", "zh", length="120,000", limit="100,000")
    assert note in [info.value for info in app.info]
    assert translate("text.sent.probability", "zh") in metric_values(app)


def test_the_english_model_says_imdb_is_unavailable_offline():
    app = open_page("en")
    app.segmented_control(key="text_model_choice").set_value("en").run()
    assert not app.exception
    assert translate("text.sent.imdb_unavailable", "en") in warnings(app)
    assert translate("text.sent.probability", "en") not in metric_values(app)


# ---------------------------------------------------------------------------------------------------------------
# The course's settings, both verdicts
# ---------------------------------------------------------------------------------------------------------------


def test_the_courses_settings_set_every_control_and_request_the_course_model():
    app = open_page("en")
    app.button(key="course_choice_course_text_sentiment_zh").click().run()
    assert not app.exception
    wanted = course.course_sentiment_config("chinese_reviews")
    assert app.session_state[SLOT_KEY].config == wanted  # requested at once, no Train press needed
    controls = {
        "text_bidirectional_zh": False,
        "text_units_zh": 64,
        "text_epochs_zh": 10,
        "text_embedding_zh": 32,
        "text_vocabulary_zh": 10_000,
        "text_length_zh": 100,
        "text_dropout_zh": 0.0,
        "text_batch_zh": 32,
        "text_validation_zh": 0.2,
    }
    for key, value in controls.items():
        assert app.session_state[key] == value, key
    captions = [caption.value for caption in app.caption]
    assert translate("course.settings.now_course", "en") in captions
    assert translate("text.course.note", "en") in captions
    changes = " ".join(block.value for block in app.markdown)
    assert translate("text.course.change.epochs", "en") in changes
    # Back to the app's defaults: the default model again (the course's training is released, not waited for).
    app.button(key="course_choice_app_text_sentiment_zh").click().run()
    assert not app.exception
    assert app.session_state[SLOT_KEY].config == sentiment.default_sentiment_config("chinese_reviews")
    assert app.session_state["text_bidirectional_zh"] is True
    run_until_trained(app)
    assert translate("course.settings.now_app", "en") in [caption.value for caption in app.caption]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_typed_text_gets_both_verdicts_side_by_side(language):
    app = open_page(language)
    app.text_area(key="text_input").set_value("这本书写得很好").run()
    assert not app.exception
    values = metric_values(app)
    for label in ("text.sent.probability", "text.verdict.baseline_probability"):
        value = values[translate(label, language)]
        assert value.endswith("%") and 0.0 <= float(value.rstrip("%")) <= 100.0
    who = translate("text.wins.baseline", language)
    boxes = [element.value for element in (*app.success, *app.error)]
    baseline_says = {translate(f"text.verdict.says_{side}", language, who=who) for side in ("positive", "negative")}
    assert len(baseline_says & set(boxes)) == 1
    captions = [caption.value for caption in app.caption]
    assert {translate("text.verdict.agree", language), translate("text.verdict.disagree", language)} & set(captions)
    # Which wins, with the numbers; the everyday sentences with both models' probabilities.
    shown = " ".join(block.value for block in app.markdown)
    assert translate("text.wins.baseline", language) in shown and "%" in shown
    column = translate("text.everyday.baseline", language)
    table = next(frame.value for frame in app.dataframe if column in frame.value.columns)
    assert len(table) == len(course.EVERYDAY_PHRASINGS)
    assert table[column].str.endswith(("✓", "✗")).all()
    # The code on screen is the standalone script, not a snippet with undefined names.
    codes = [element.value for element in app.code]
    assert any("def chinese_reviews():" in code and "QUICK_RUN" in code for code in codes)


def test_hostile_text_gets_both_verdicts_escaped():
    app = open_page("en")
    app.text_area(key="text_input").set_value("<img src=x onerror=alert(1)> **粗** [链接](javascript:x) 很差").run()
    assert not app.exception
    assert translate("text.verdict.baseline_probability", "en") in metric_values(app)
    terms = [caption.value for caption in app.caption if caption.value.startswith("Pieces that pushed")]
    assert terms and "<img" not in terms[0] and "**" not in terms[0].replace("\\*", "")
