"""/training's setup as a link (AppTest): a link sets the 2-D points' data and network and the fit's settings, the
image network's and CIFAR-10's controls, in English and Chinese; changing controls puts only what differs from the
defaults in the URL; a hostile link is noted in one line and leaves every control valid. (The fields are in
dashboard/setups/training.py; the round trip of random setups is tests/unit/test_setup_links.py.)"""

import pytest

from dashboard.setups.training import SETUP, params_shown
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

PAGE = "app_pages/training.py"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")

TOY_LINK = {
    "data": "spirals",
    "noise": "0.35",
    "split": "0.3",
    "points": "1600",
    "layers": "3",
    "units1": "32",
    "act2": "tanh",
    "drop3": "0.2",
    "opt": "sgd_momentum",
    "lr": "0.1",
    "bs": "64",
    "epochs": "12",
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_link_sets_the_2d_data_the_network_and_the_fit(language):
    app = open_link(PAGE, language, TOY_LINK)
    assert app.selectbox(key="train_dataset").value == "spirals"
    assert app.slider(key="train_toy_noise").value == pytest.approx(0.35)
    assert app.slider(key="train_toy_test_fraction").value == pytest.approx(0.3)
    assert app.select_slider(key="train_toy_points").value == 1600
    assert app.number_input(key="train_toy_layer_count").value == 3
    assert [app.select_slider(key=f"train_toy_units_{index}").value for index in range(3)] == [32, 8, 8]
    assert [app.selectbox(key=f"train_toy_activation_{index}").value for index in range(3)] == ["relu", "tanh", "relu"]
    assert [app.slider(key=f"train_toy_dropout_{index}").value for index in range(3)] == pytest.approx([0, 0, 0.2])
    assert "train_toy_units_3" not in [slider.key for slider in app.select_slider]  # three layers drawn, not four
    assert app.selectbox(key="train_toy_optimizer").value == "sgd_momentum"
    assert app.select_slider(key="train_toy_learning_rate").value == 0.1
    assert app.select_slider(key="train_toy_batch_size").value == 64
    assert app.number_input(key="train_toy_epochs").value == 12
    # The data line says the link's points and noise; nothing was clamped, so no note; the URL keeps the link.
    assert any("1600" in caption.value and "0.35" in caption.value for caption in app.caption)
    assert not any(caption.value.startswith(notes_prefix(language)) for caption in app.caption)
    assert setup_params(app) == TOY_LINK


def test_a_link_sets_the_image_network_and_cifar10s_settings():
    image_link = {
        "data": "digits",
        "limit_digits": "1000",
        "img_layers": "2",
        "img_units2": "256",
        "img_act1": "gelu",
        "img_drop1": "0.3",
        "img_opt": "rmsprop",
        "img_lr": "0.01",
        "img_bs": "32",
        "img_epochs": "3",
    }
    app = open_link(PAGE, "zh", image_link)
    assert app.selectbox(key="train_dataset").value == "digits"
    assert app.select_slider(key="train_image_limit_digits").value == 1000
    assert app.radio(key="train_image_model_kind").value == "mlp"
    assert [app.select_slider(key=f"train_image_units_{index}").value for index in range(2)] == [128, 256]
    assert app.selectbox(key="train_image_activation_0").value == "gelu"
    assert [app.slider(key=f"train_image_dropout_{index}").value for index in range(2)] == pytest.approx([0.3, 0.5])
    assert app.selectbox(key="train_image_optimizer").value == "rmsprop"
    assert app.select_slider(key="train_image_learning_rate").value == 0.01
    assert app.select_slider(key="train_image_batch_size").value == 32
    assert app.number_input(key="train_image_epochs").value == 3
    assert setup_params(app) == image_link

    # CIFAR-10 offline: the data needs the download, its network and settings are still there to set.
    cifar_link = {"data": "cifar10", "cifar_net": "course_cnn", "cifar_opt": "sgd", "cifar_lr": "0.03"}
    app = open_link(PAGE, "en", cifar_link | {"cifar_bs": "128", "cifar_epochs": "5"})
    assert app.radio(key="train_cifar_network").value == "course_cnn"
    assert app.selectbox(key="train_cifar_optimizer").value == "sgd"
    assert app.select_slider(key="train_cifar_learning_rate").value == 0.03
    assert app.select_slider(key="train_cifar_batch_size").value == 128
    assert app.number_input(key="train_cifar_epochs").value == 5


def test_changing_two_controls_puts_only_them_in_the_url():
    app = open_lesson(PAGE, "en")
    assert setup_params(app) == {}
    app.selectbox(key="train_dataset").select("circles").run()
    app.select_slider(key="train_toy_learning_rate").set_value(0.1).run()
    assert_no_exception(app)
    assert setup_params(app) == {"data": "circles", "lr": "0.1"}
    app.select_slider(key="train_toy_learning_rate").set_value(0.03).run()  # back to the default: out of the URL
    app.select_slider(key="train_toy_units_1").set_value(64).run()
    assert setup_params(app) == {"data": "circles", "units2": "64"}


@pytest.mark.parametrize("data", ["circles", "mnist"])
def test_a_hostile_link_is_noted_and_every_control_stays_valid(data):
    params = hostile_params(SETUP)
    params["data"] = data  # the group whose controls are drawn; the others' values are only held
    params["lr"] = ["0.1", "NaN", "1e9"]  # repeated: the last one, clamped to the largest rate
    app = open_link(PAGE, "zh", params)
    assert_note_shown(app, "zh")
    assert_valid_state(app, SETUP)
    assert app.selectbox(key="train_dataset").value == data
    if data == "circles":
        assert app.select_slider(key="train_toy_learning_rate").value == 10.0
        assert 0 <= app.number_input(key="train_toy_layer_count").value <= 4
    else:
        assert app.select_slider(key="train_image_learning_rate").value in SETUP.by_param("img_lr").options
    # The URL now says the setup the page shows: only valid values, nothing of the hostile link's text.
    shown = setup_params(app)
    assert set(shown) <= {f.param for f in SETUP.fields}
    assert all(len(value) < 40 and "<" not in value for value in shown.values())


def test_every_field_round_trips_and_the_params_shown_cover_the_setup():
    assert_every_value_round_trips(SETUP)
    shown = {param for dataset in SETUP.by_param("data").options for param in params_shown(dataset)}
    assert shown == {f.param for f in SETUP.fields}
