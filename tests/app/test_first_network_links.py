"""/first-network as a link: a link sets both forms' controls and the page trains (or loads) what they say; the
address follows the controls once the learner presses Train; a hostile link changes nothing but what it validly says.

A link is simulated as the browser sends it: AppTest's ``query_params`` on the run that enters the page (they
survive ``switch_page``), then the entry script applies them (``dashboard/setup_links.py``).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.training.config import TrainConfig
from dashboard.i18n import translate
from dashboard.setups.first_network import SETUP
from tests.app import setup_link_helpers as links
from tests.app.setup_link_helpers import link_notes as notes
from tests.app.setup_link_helpers import setup_params as url_setup
from tests.helpers import assert_no_exception

PAGE = "app_pages/first_network.py"
IDENTITY_JOB, REGRESSION_JOB = "training_job__first_identity", "training_job__first_regression"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def open_link(params: dict, language: str = "en") -> AppTest:
    """The page entered through a link with ``params`` (values as the browser sends them)."""
    return links.open_link(PAGE, language, params)


def test_the_defaults_are_the_pages_and_round_trip():
    """A fresh session's controls are the fields' defaults (the address stays bare), and non-default values come
    back from their link."""
    assert SETUP.defaults() == {
        "first_id_optimizer": "sgd",
        "first_id_rate": 0.05,
        "first_id_epochs": 300,
        "first_reg_rate": 0.001,
        "first_reg_epochs": 100,
        "first_reg_standardise": True,
        "first_reg_validation": True,
    }
    values = {"first_id_rate": 0.001, "first_id_epochs": 1000, "first_reg_validation": False}
    assert SETUP.round_trip(values) == SETUP.defaults() | values
    at = open_link({})
    assert url_setup(at) == {}
    assert {key: at.session_state[key] for key in SETUP.defaults()} == SETUP.defaults()
    assert at.session_state[IDENTITY_JOB].config == TrainConfig(task="linear_identity")
    assert at.session_state[REGRESSION_JOB].config == TrainConfig(task="regression")


LINK = {"opt": "adam", "lr1": "0.1", "ep1": "50", "lr2": "0.01", "ep2": "20", "std": "0", "val": "0"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_both_forms_and_trains_what_they_say(language):
    at = open_link(LINK, language)
    assert at.title[0].value == translate("first.title", language)
    assert at.radio(key="first_id_optimizer").value == "adam"
    assert at.select_slider(key="first_id_rate").value == 0.1
    assert at.select_slider(key="first_id_epochs").value == 50
    assert at.select_slider(key="first_reg_rate").value == 0.01
    assert at.select_slider(key="first_reg_epochs").value == 20
    assert at.checkbox(key="first_reg_standardise").value is False
    assert at.checkbox(key="first_reg_validation").value is False
    assert url_setup(at) == LINK and not notes(at, language)
    # The models shown are the link's, not the defaults: the page asked the engine for them at once.
    identity = at.session_state[IDENTITY_JOB].config
    assert (identity.optimizer, identity.learning_rate, identity.epochs) == ("adam", 0.1, 50)
    regression = at.session_state[REGRESSION_JOB].config
    assert (regression.learning_rate, regression.epochs, regression.validation_split) == (0.01, 20, 0.0)
    assert regression.dataset == "regression_raw"
    assert translate("course.settings.now_own", language) in [caption.value for caption in at.caption]


def test_pressing_train_puts_the_changed_controls_in_the_address():
    at = open_link({})
    at.radio(key="first_id_optimizer").set_value("adam")
    at.select_slider(key="first_id_rate").set_value(0.02)
    next(button for button in at.button if button.label == translate("first.train", "en")).click()
    at.run()
    assert_no_exception(at)
    assert url_setup(at) == {"opt": "adam", "lr1": "0.02"}  # only what differs from the defaults
    at.checkbox(key="first_reg_validation").uncheck()
    [button for button in at.button if button.label == translate("first.train", "en")][1].click()
    at.run()
    assert url_setup(at) == {"opt": "adam", "lr1": "0.02", "val": "0"}
    assert at.session_state[REGRESSION_JOB].config.validation_split == 0.0


def test_a_hostile_link_never_raises_and_says_what_it_ignored():
    hostile = {
        "opt": "<script>alert(1)</script>",
        "lr1": "nan",
        "ep1": "1e9",
        "lr2": "0.02",
        "ep2": "-inf",
        "std": "yes\x00",
        "val": ["1", "0"],  # repeated: one of them, never an error
        "lang": "klingon",
        "x" * 5000: "1",
        "ep2x": "9" * 5000,
    }
    at = open_link(hostile)
    assert notes(at)
    values = {f.key: at.session_state[f.key] for f in SETUP.fields}
    assert all(SETUP.by_key(key).valid(value) for key, value in values.items()), values
    assert values["first_id_optimizer"] == "sgd" and values["first_id_rate"] == 0.05
    assert values["first_id_epochs"] == 1000  # the nearest number of epochs offered
    assert values["first_reg_rate"] in (0.01, 0.03)  # between two options: the nearer one
    assert values["first_reg_standardise"] is True
    assert at.session_state[IDENTITY_JOB].config.epochs == 1000


def test_a_new_link_on_the_open_page_trains_its_settings():
    """The address changed under an open page (the browser's back button, the instructor's next step): the controls
    take the new values and the page shows that model, without a Train press."""
    at = open_link({})
    at.query_params["lr1"] = "0.1"
    at.query_params["ep2"] = "50"
    at.run()
    assert_no_exception(at)
    assert at.select_slider(key="first_id_rate").value == 0.1
    assert at.session_state[IDENTITY_JOB].config.learning_rate == 0.1
    assert at.session_state[REGRESSION_JOB].config.epochs == 50
    assert url_setup(at) == {"lr1": "0.1", "ep2": "50"}
