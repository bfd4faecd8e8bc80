"""AppTest runs of the "LSTM gates" section of /text with the page's default Chinese model (from the bundled store,
as a fresh deploy serves it), in English and Chinese: the course's sentence is read word by word, the page looks at
"但" first, lists the units that moved most there, draws the probability after each word and five heatmaps; what it
says about the model comes from the model's numbers. Empty, blank, emoji, HTML and huge input never shows a
traceback, and the visitor's words stay plain text."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.text import gates
from core.lessons.text.segmentation import tokenize
from dashboard.i18n import translate
from tests.helpers import assert_no_exception, open_lesson, run_until_jobs_done, shown_text

PAGE = "app_pages/text.py"
SLOT_KEY = "training_job__text_sentiment_zh"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def open_page(language: str) -> AppTest:
    app = open_lesson(PAGE, language, timeout=180)
    run_until_jobs_done(app, SLOT_KEY, 300)
    return app


def array(field) -> np.ndarray:
    """A Plotly JSON array: a plain list, or NumPy data as base64 ("bdata", with its dtype and shape)."""
    if isinstance(field, dict) and "bdata" in field:
        flat = np.frombuffer(base64.b64decode(field["bdata"]), dtype=field["dtype"])
        shape = [int(size) for size in str(field.get("shape", len(flat))).split(",")]
        return flat.reshape(shape)
    return np.asarray(field)


def chart(app: AppTest, key: str) -> dict:
    charts = [element for element in app.get("plotly_chart") if element.proto.id and key in element.proto.id]
    assert charts, f"no chart {key}"
    return json.loads(charts[0].proto.spec)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_course_sentence_is_read_word_by_word_through_the_default_models_lstm(language):
    app = open_page(language)
    assert translate("text.gates.header", language) in [header.value for header in app.header]
    assert app.text_input(key="gates_text").value == gates.COURSE_SENTENCE
    # The page looks first at 但, the course's "but".
    slider = next(element for element in app.select_slider if element.key.startswith("gates_step_"))
    assert slider.value == 6
    subheaders = [element.value for element in app.subheader]
    assert translate("text.gates.units", language, word="“但”") in subheaders
    unit_column = translate("text.gates.col.unit", language)
    table = next(element.value for element in app.dataframe if unit_column in element.value.columns)
    assert len(table) == 5 and table[unit_column].between(0, 63).all()
    # The default model is bidirectional: the page says it shows the forward direction.
    text = shown_text(app)
    assert translate("text.gates.model.bidirectional", language, units=64) in text
    # The probability after each of the 11 words, the last one the model's own verdict on the sentence.
    probability = chart(app, "gates_probability_chart")["data"][0]
    assert len(probability["x"]) == 11 and probability["x"][6] == "7 但"
    assert ((array(probability["y"]) >= 0) & (array(probability["y"]) <= 1)).all()
    # Five heatmaps: 12 units x 11 words each.
    heatmaps = [trace for trace in chart(app, "gates_heatmaps_chart")["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 5 and all(array(trace["z"]).shape == (12, 11) for trace in heatmaps)
    # All units on request.
    app.toggle(key="gates_all_units").set_value(True).run()
    assert_no_exception(app)
    heatmaps = [trace for trace in chart(app, "gates_heatmaps_chart")["data"] if trace["type"] == "heatmap"]
    assert array(heatmaps[0]["z"]).shape == (64, 11)
    # Another word: the table follows it.
    slider = next(element for element in app.select_slider if element.key.startswith("gates_step_"))
    slider.set_value(9).run()
    assert_no_exception(app)
    assert translate("text.gates.units", language, word="“很棒”") in [element.value for element in app.subheader]


def test_empty_hostile_and_huge_sentences_get_a_sentence_never_a_traceback():
    app = open_page("en")
    box = app.text_input(key="gates_text")
    box.set_value("").run()
    assert_no_exception(app)
    assert translate("text.error.empty", "en") in [warning.value for warning in app.warning]
    app.text_input(key="gates_text").set_value("   ").run()
    assert_no_exception(app)
    assert translate("text.error.empty", "en") in [warning.value for warning in app.warning]
    hostile = "<img src=x onerror=alert(1)>但**很棒** :red[坏] $x$ 🙂"
    app.text_input(key="gates_text").set_value(hostile).run()
    assert_no_exception(app)
    labels = chart(app, "gates_probability_chart")["data"][0]["x"]
    assert not any("<" in label for label in labels)  # escaped: &lt;
    findings = next(element.value for element in app.markdown if element.value.startswith("- Reading the sentence"))
    assert "<img" not in shown_text(app) and ":red[" not in findings
    # What the page says about the verdict follows the model's own numbers, whichever way they go.
    for sentence in ("电影很棒，但是结局很差", "虽然很贵，但是质量很好", "很差，但是很贵"):
        app.text_input(key="gates_text").set_value(sentence).run()
        assert_no_exception(app)
        probabilities = array(chart(app, "gates_probability_chart")["data"][0]["y"])
        step = next(element for element in app.select_slider if element.key.startswith("gates_step_")).value
        words = chart(app, "gates_probability_chart")["data"][0]["x"]
        assert words[step].endswith("但是")
        before, final = probabilities[step - 1], probabilities[-1]
        if final < 0.5 <= before:
            expected = "text.gates.find.turns_negative"
        elif final < 0.5:
            expected = "text.gates.find.ends_negative"
        elif probabilities[:step].min() < 0.5:
            expected = "text.gates.find.turns"
        else:
            expected = "text.gates.find.never_negative"
        findings = next(element.value for element in app.markdown if element.value.startswith("- Reading the sentence"))
        opening = translate(expected, "en", word="“但是”", before="{", final="{", lowest="{").split("{")[0]
        assert opening in findings, (sentence, expected, findings)
    for short in ("好", "🙂🙂", "!!!"):  # one word, emoji only, punctuation only: read as words ([UNK] or not)
        app.text_input(key="gates_text").set_value(short).run()
        assert_no_exception(app)
        assert len(chart(app, "gates_probability_chart")["data"][0]["x"]) >= 1
    long_text = "电影很棒，" * 40  # 200 characters, 120 words
    app.text_input(key="gates_text").set_value(long_text).run()
    assert_no_exception(app)
    cut = len(tokenize(long_text, "zh")) - gates.MAX_GATE_TOKENS
    assert translate("text.gates.cut", "en", count=gates.MAX_GATE_TOKENS, cut=cut) in shown_text(app)
    app.button(key="gates_course").click().run()
    assert_no_exception(app)
    assert app.text_input(key="gates_text").value == gates.COURSE_SENTENCE  # the box holds the course's text again
