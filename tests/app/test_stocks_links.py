"""/stocks' setup as a link (dashboard/setups/stocks.py), in AppTest runs of the entry script: a link sets the ticker,
the window and split, the network, the fit, the models on the chart and the forecast's horizon, in English and in
Chinese; the controls a visitor changes are what the address says (only what differs from the defaults); a hostile
link gets a note and valid controls, never a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translate
from dashboard.setups.stocks import SETUP
from tests.app import setup_link_helpers as links
from tests.helpers import assert_no_exception, run_until_jobs_done

PAGE = "app_pages/stocks.py"
JOB_STATE_KEY = "training_job__stock_forecast"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def open_link(language: str, params: dict) -> AppTest:
    """/stocks reached by a link with ``params`` (the app's landing page first, as AppTest starts there)."""
    return links.open_link(PAGE, language, params)


def widget_values(app: AppTest) -> dict:
    """What the visitor sees in each control of the link (by its key)."""
    return {
        "stocks_source": app.radio(key="stocks_source").value,
        "stocks_ticker": app.text_input(key="stocks_ticker").value,
        "stocks_window": app.slider(key="stocks_window").value,
        "stocks_train_fraction": app.slider(key="stocks_train_fraction").value,
        "stocks_mode": app.radio(key="stocks_mode").value,
        "stocks_scaling": app.radio(key="stocks_scaling").value,
        "stocks_validation": app.checkbox(key="stocks_validation").value,
        "stocks_units": app.select_slider(key="stocks_units").value,
        "stocks_layers": app.select_slider(key="stocks_layers").value,
        "stocks_dropout": app.slider(key="stocks_dropout").value,
        "stocks_epochs": app.number_input(key="stocks_epochs").value,
        "stocks_batch": app.select_slider(key="stocks_batch").value,
    }


def link_notes(app: AppTest, language: str) -> list[str]:
    opening = translate("links.notes", language, notes="{").split("{")[0]
    return [caption.value for caption in app.caption if caption.value.startswith(opening)]


MODEL_LINK = {
    "ticker": "msft",
    "window": "25",
    "train": "0.8",
    "mode": "prices",
    "scaling": "raw",
    "val": "0",
    "units": "64",
    "layers": "2",
    "drop": "0.3",
    "epochs": "7",
    "bs": "128",
}
MODEL_VALUES = {
    "stocks_source": "ticker",
    "stocks_ticker": "msft",
    "stocks_window": 25,
    "stocks_train_fraction": 0.8,
    "stocks_mode": "prices",
    "stocks_scaling": "raw",
    "stocks_validation": False,
    "stocks_units": 64,
    "stocks_layers": 2,
    "stocks_dropout": 0.3,
    "stocks_epochs": 7,
    "stocks_batch": 128,
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_every_control_it_names(language):
    app = open_link(language, MODEL_LINK)
    values = widget_values(app)
    assert values == pytest.approx(MODEL_VALUES)
    assert not link_notes(app, language)
    # The page reads the settings it shows: the caption under the network says them.
    layers = translate("stocks.model.layers.caption", language, layers=2, units=64, dropout="0.3")
    assert layers in [caption.value for caption in app.caption]
    # The address keeps the link, less what is the default anyway (the mode), the app's language beside it.
    assert dict(app.query_params) == {"lang": language, **{k: v for k, v in MODEL_LINK.items() if k != "mode"}}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_the_chart_and_the_horizon_of_the_default_forecast(language):
    app = open_link(language, {"show": "linear,lstm", "horizon": "45"})
    run_until_jobs_done(app, JOB_STATE_KEY, 240)  # the default model comes from the bundle
    assert app.multiselect(key="stocks_shown_models").value == ["lstm", "linear"]
    assert app.slider(key="stocks_horizon").value == 45
    shown = widget_values(app)
    assert shown == {key: value for key, value in SETUP.defaults().items() if key in shown}  # the rest: defaults
    assert dict(app.query_params) == {"lang": language, "show": "lstm,linear", "horizon": "45"}


def test_changing_two_controls_writes_only_them_into_the_address():
    app = open_link("en", {})
    assert dict(app.query_params) == {"lang": "en"}  # the defaults: nothing to say
    app.slider(key="stocks_window").set_value(20).run()
    app.select_slider(key="stocks_units").set_value(64).run()
    assert_no_exception(app)
    assert dict(app.query_params) == {"lang": "en", "window": "20", "units": "64"}
    app.slider(key="stocks_window").set_value(10).run()  # back to the default: gone from the address
    assert dict(app.query_params) == {"lang": "en", "units": "64"}


HOSTILE_LINK = {
    "src": "<script>alert(1)</script>",
    "ticker": "\x00\x1b[31m<script>alert('x')</script>" + "A" * 40,
    "window": "1e999",  # infinite
    "train": "nan",
    "mode": "DROP TABLE",
    "scaling": "",
    "val": "maybe",
    "units": "-5",
    "layers": "inf",
    "drop": "0.77",
    "epochs": "9" * 5000,  # longer than any value a link keeps: ignored, not parsed
    "bs": "33",
    "show": "lstm,<b>x</b>,linear,linear",
    "horizon": ["5", "999"],  # a repeated parameter: the last one counts
    "zzz": "1",
    "\x07": "\x07",
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_hostile_link_gets_a_note_and_valid_controls(language):
    app = open_link(language, HOSTILE_LINK)
    assert link_notes(app, language)
    values = widget_values(app)
    for key, value in values.items():
        assert SETUP.by_key(key).valid(value), (key, value)
    # Nothing of the script reached the ticker but its letters, at most the box's 20 characters.
    assert values["stocks_ticker"] == "[31m<script>alert('x"
    assert values["stocks_window"] == 10 and values["stocks_units"] == 8 and values["stocks_batch"] == 32
    assert values["stocks_train_fraction"] == pytest.approx(0.67) and values["stocks_epochs"] == 20
    assert values["stocks_dropout"] == pytest.approx(0.5)
    assert app.session_state["stocks_shown_models"] == ["lstm", "linear"]
    assert app.session_state["stocks_horizon"] == 60
