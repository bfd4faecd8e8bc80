"""/gan's setup as a link (AppTest): the form's data, class, networks, epochs, batch and label smoothing, and the two
seeds of the walk between drawings, in English and Chinese; a link sets the form without training (Train does);
changing controls puts only what differs from the defaults in the URL; a hostile link is noted in one line and
leaves every control valid. The default GAN comes from the bundle, as on a fresh server. (The fields are in
dashboard/setups/gan.py.)"""

import pytest

from core.lessons.gan import gan
from dashboard.i18n import translate
from dashboard.setups.gan import SETUP
from tests.app.setup_link_helpers import (
    assert_every_value_round_trips,
    assert_note_shown,
    assert_valid_state,
    hostile_params,
    notes_prefix,
    open_link,
    setup_params,
)
from tests.helpers import assert_no_exception, run_until_jobs_done

PAGE = "app_pages/gan.py"
GAN_JOB = "training_job__gan"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")

LINK = {
    "data": "fashion_mnist",
    "label": "7",
    "net": "dcgan",
    "epochs": "20",
    "bs": "128",
    "smooth": "0",
    "from": "42",
    "to": "99999",
}


def network_control(app):
    """The networks' segmented control (AppTest names it a button group)."""
    return next(element for element in app.get("button_group") if element.key == "gan_network")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_the_form_and_the_walks_seeds_without_training(language):
    app = open_link(PAGE, language, LINK)
    run_until_jobs_done(app, GAN_JOB, timeout=300)
    assert app.selectbox(key="gan_dataset").value == "fashion_mnist"
    assert app.selectbox(key="gan_class").value == 7
    assert network_control(app).value == "dcgan"
    assert app.select_slider(key="gan_epochs").value == 20
    assert app.select_slider(key="gan_batch").value == 128
    assert app.select_slider(key="gan_smoothing").value == 0.0
    assert app.number_input(key="gan_interp_from").value == 42
    assert app.number_input(key="gan_interp_to").value == 99_999
    # The page shows the default GAN until Train is pressed: a link never starts a training by itself.
    assert app.session_state[GAN_JOB].config == gan.page_default_config()
    assert not any(caption.value.startswith(notes_prefix(language)) for caption in app.caption)
    assert setup_params(app) == LINK


def test_changing_two_controls_puts_only_them_in_the_url():
    app = open_link(PAGE, "en", {})
    run_until_jobs_done(app, GAN_JOB, timeout=300)
    assert setup_params(app) == {}
    app.number_input(key="gan_interp_to").set_value(7).run()
    app.selectbox(key="gan_class").set_value(3)
    app.select_slider(key="gan_epochs").set_value(10)
    next(button for button in app.button if button.label == translate("gan.settings.train", "en")).click().run()
    assert_no_exception(app)
    assert setup_params(app) == {"label": "3", "epochs": "10", "to": "7"}
    app.session_state[GAN_JOB].stop()  # the form's Train started that GAN: not needed here


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_hostile_link_is_noted_and_every_control_stays_valid(language):
    params = hostile_params(SETUP) | {"label": ["3", "all", "11"], "from": "-1", "to": "1e400"}
    app = open_link(PAGE, language, params)
    run_until_jobs_done(app, GAN_JOB, timeout=300)
    assert_note_shown(app, language)
    assert_valid_state(app, SETUP)
    assert app.selectbox(key="gan_class").value == 9  # the last of the repeated values, moved to the nearest class
    assert app.number_input(key="gan_interp_from").value == 0
    assert app.number_input(key="gan_interp_to").value == 2  # not a finite number: the default
    assert app.session_state[GAN_JOB].config == gan.page_default_config()
    assert all(len(value) < 40 and "<" not in value for value in setup_params(app).values())


def test_every_value_round_trips():
    assert_every_value_round_trips(SETUP)
