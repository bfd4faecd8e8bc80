"""/text's setup as a link (dashboard/setups/text.py), in AppTest runs of the entry script with the page's default
Chinese model (from the bundled store): a link sets the sentences turned into numbers and how, the model's settings,
the text scored and its language, and the sentence read through the LSTM's gates, in English and in Chinese; what a
visitor changes or types is what the address says (only what differs from the defaults); a hostile link gets a note
and valid controls, never a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.text import gates
from dashboard.i18n import translate
from dashboard.setups.text import SETUP
from tests.helpers import assert_no_exception, open_app, run_until_jobs_done

PAGE = "app_pages/text.py"
SLOT_KEY = "training_job__text_sentiment_zh"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")

#: The controls drawn with the default Chinese model (state key -> the AppTest accessor of its widget); the English
#: model's settings are drawn only where IMDB can be downloaded.
WIDGETS = {
    "numbers_text": "text_area",
    "numbers_unseen": "text_input",
    "numbers_granularity": "radio",
    "numbers_length": "slider",
    "numbers_one_hot_sentence": "selectbox",
    "text_model_choice": "button_group",
    "text_bidirectional_zh": "toggle",
    "text_granularity_zh": "selectbox",
    "text_units_zh": "select_slider",
    "text_epochs_zh": "select_slider",
    "text_embedding_zh": "select_slider",
    "text_vocabulary_zh": "select_slider",
    "text_length_zh": "select_slider",
    "text_dropout_zh": "select_slider",
    "text_batch_zh": "select_slider",
    "text_validation_zh": "select_slider",
    "text_input": "text_area",
    "text_language": "radio",
    "gates_text": "text_input",
    "gates_all_units": "toggle",
}


def link_notes(app: AppTest, language: str) -> list[str]:
    opening = translate("links.notes", language, notes="{").split("{")[0]
    return [caption.value for caption in app.caption if caption.value.startswith(opening)]


def open_link(language: str, params: dict) -> tuple[AppTest, list[str]]:
    """/text reached by a link with ``params``, run until its model is there (the landing page first, as AppTest
    starts there), and the note about the link's values on the page's first run."""
    app = open_app(language, timeout=180)
    app.query_params.update(params)
    app.switch_page(PAGE)
    app.run()
    assert_no_exception(app)
    # The note stays while the setup is the link's: here the page moves the one-hot sentence back to the first
    # one (the link's has no thirteenth sentence), so it is read on the first run.
    notes = link_notes(app, language)
    run_until_jobs_done(app, SLOT_KEY, 300)
    return app, notes


def widget_values(app: AppTest) -> dict:
    """What the visitor sees in each control (by its key)."""
    return {key: getattr(app, kind)(key=key).value for key, kind in WIDGETS.items()}


LINK = {
    "sentences": "今天天气很好\n我喜欢猫\nI like dogs",
    "unseen": "猫很好",
    "split": "chars",
    "pad": "8",
    "row": "2",
    "bidi": "0",
    "tokens": "chars",
    "units": "32",
    "epochs": "10",
    "emb": "128",
    "vocab": "5000",
    "len": "300",
    "drop": "0.2",
    "bs": "32",
    "val": "0.2",
    "text": "服务很差，再也不来了 <b>",
    "reads": "zh",
    "gates": "电影不好看，但是演员很好",
    "allunits": "1",
}
LINK_VALUES = {
    "numbers_text": "今天天气很好\n我喜欢猫\nI like dogs",
    "numbers_unseen": "猫很好",
    "numbers_granularity": "chars",
    "numbers_length": 8,
    "numbers_one_hot_sentence": 2,
    "text_model_choice": "zh",
    "text_bidirectional_zh": False,
    "text_granularity_zh": "chars",
    "text_units_zh": 32,
    "text_epochs_zh": 10,
    "text_embedding_zh": 128,
    "text_vocabulary_zh": 5000,
    "text_length_zh": 300,
    "text_dropout_zh": 0.2,
    "text_batch_zh": 32,
    "text_validation_zh": 0.2,
    "text_input": "服务很差，再也不来了 <b>",
    "text_language": "zh",
    "gates_text": "电影不好看，但是演员很好",
    "gates_all_units": True,
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_every_control_it_names(language):
    app, notes = open_link(language, LINK)
    assert widget_values(app) == LINK_VALUES
    assert not notes and not link_notes(app, language)
    # The page works with what it shows: the link's sentences, split into characters, padded to 8.
    sequences = app.dataframe[1].value[translate("text.numbers.sentence", language)].tolist()
    assert sequences == ["今天天气很好", "我喜欢猫", "I like dogs", "猫很好"]
    assert all(len(row.split(",")) == 8 for row in app.dataframe[1].value.iloc[:, 2])
    # The typed text is scored.
    assert translate("text.sent.probability", language) in [metric.label for metric in app.metric]
    assert dict(app.query_params) == {"lang": language, **LINK}


def test_changing_two_controls_writes_only_them_into_the_address():
    app, _ = open_link("en", {})
    assert dict(app.query_params) == {"lang": "en"}  # the defaults: nothing to say
    app.slider(key="numbers_length").set_value(7).run()
    app.text_area(key="text_input").set_value("质量很好").run()
    assert_no_exception(app)
    assert dict(app.query_params) == {"lang": "en", "pad": "7", "text": "质量很好"}
    app.button(key="gates_course").click().run()  # a button sets nothing new: the course's sentence is the default
    assert dict(app.query_params) == {"lang": "en", "pad": "7", "text": "质量很好"}


HOSTILE_LINK = {
    "sentences": "猫" * 5000,  # longer than any value a link keeps: ignored, not parsed
    "unseen": "\x00\x1b[2J<script>alert(1)</script>",
    "split": "nan",
    "pad": "inf",
    "row": "12",  # a sentence this link's text does not have
    "model": "<img src=x onerror=alert(1)>",
    "bidi": "2",
    "tokens": "",
    "units": "33",
    "epochs": ["1", "1e999"],  # repeated: the last one counts
    "vocab": "-1",
    "drop": "NaN",
    "val": "0.15",
    "text": "<script>alert('x')</script>\x07\u202e",
    "reads": "fr",
    "gates": "好" * 300,
    "allunits": "yes",
    "unknown": "1",
    "\x1b": "\x1b",
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_hostile_link_gets_a_note_and_valid_controls(language):
    app, notes = open_link(language, HOSTILE_LINK)
    assert notes
    values = widget_values(app)
    for key, value in values.items():
        assert SETUP.by_key(key).valid(value), (key, value)
    assert values["numbers_text"] == SETUP.by_key("numbers_text").default
    assert values["numbers_unseen"] == "[2J<script>alert(1)</script>"  # control characters gone, shown as text
    assert values["numbers_one_hot_sentence"] == 0
    assert values["text_model_choice"] == "zh" and values["text_language"] == "auto"
    assert values["text_units_zh"] == 32 and values["text_epochs_zh"] == 2 and values["text_vocabulary_zh"] == 5000
    assert values["text_input"] == "<script>alert('x')</script>"
    assert values["gates_text"] == "好" * gates.MAX_GATE_CHARACTERS
