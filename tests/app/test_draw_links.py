"""/draw's setup as a link (AppTest): the network and the pen's width, in English and Chinese; changing both puts
them in the URL (and only them); a hostile link is noted in one line and leaves both controls valid. The drawing is
not part of a setup. (The fields are in dashboard/setups/draw.py.)"""

import pytest

from dashboard.setups.draw import SETUP
from tests.app.setup_link_helpers import (
    assert_every_value_round_trips,
    assert_note_shown,
    assert_valid_state,
    hostile_params,
    notes_prefix,
    open_link,
    setup_params,
)
from tests.helpers import assert_no_exception, open_lesson

PAGE = "app_pages/draw.py"
JOB_STATE_KEY = "training_job__draw_digit"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def model_control(app):
    """The network's segmented control (AppTest names it a button group)."""
    return next(element for element in app.get("button_group") if element.key == "draw_model")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_the_network_and_the_pen(language):
    app = open_link(PAGE, language, {"model": "mlp", "pen": "30"})
    assert model_control(app).value == "mlp"
    assert app.select_slider(key="draw_stroke").value == 30
    assert app.session_state[JOB_STATE_KEY].config.param("model") == "mlp"  # the network the page reads with
    assert not any(caption.value.startswith(notes_prefix(language)) for caption in app.caption)
    assert setup_params(app) == {"model": "mlp", "pen": "30"}


def test_changing_both_controls_puts_them_in_the_url():
    app = open_lesson(PAGE, "en")
    assert setup_params(app) == {}
    app.select_slider(key="draw_stroke").set_value(14).run()
    assert setup_params(app) == {"pen": "14"}
    model_control(app).set_value("mlp").run()
    assert_no_exception(app)
    assert setup_params(app) == {"model": "mlp", "pen": "14"}
    app.select_slider(key="draw_stroke").set_value(22).run()  # the default again: out of the URL
    assert setup_params(app) == {"model": "mlp"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_hostile_link_is_noted_and_both_controls_stay_valid(language):
    params = hostile_params(SETUP) | {"pen": ["12", "1e9", "NaN"]}  # repeated: the last one, not a number
    app = open_link(PAGE, language, params)
    assert_note_shown(app, language)
    assert_valid_state(app, SETUP)
    assert model_control(app).value == "cnn"
    assert app.select_slider(key="draw_stroke").value == 22
    assert setup_params(app) == {}


def test_every_value_round_trips():
    assert_every_value_round_trips(SETUP)
