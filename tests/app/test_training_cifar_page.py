"""CIFAR-10 on /training where the download is there (AppTest): a small CIFAR-10 in the download's own format sits in
Keras' cache, the internet does not answer, and the page finds it as on a workshop machine prepared beforehand.

Choosing CIFAR-10 shows the data line and one photo per class named in the page's language, the app's CNN with its
layer table; "The course's settings" sets the course's CNN and SGD with momentum and trains it at once in the
engine's training process; the results put the test accuracy beside chance. The course's code is one click away.
(Offline, the page says it needs the download: tests/app/test_training_page.py.)
"""

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.data import network, sources
from core.training import engine as engine_module
from dashboard.i18n import translate
from tests.fake_cifar import cache_online, cache_online_in_the_training_process, write_cifar10_cache
from tests.helpers import open_lesson, run_until_jobs_done, shown_text

PAGE = "app_pages/training.py"
JOB_STATE_KEY = "training_job__live_training"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


@pytest.fixture
def cifar_in_the_keras_cache(monkeypatch, tmp_path):
    write_cifar10_cache(tmp_path / "keras-home", per_batch=20, test_photos=20)
    cache_online(monkeypatch, tmp_path / "keras-home")
    engine = engine_module.get_engine()
    engine.job_context = cache_online_in_the_training_process
    yield
    engine.job_context = None
    sources.clear_caches()
    network.reset()


def open_cifar(language: str) -> AppTest:
    app = open_lesson(PAGE, language)
    app.selectbox(key="train_dataset").select("cifar10").run()
    assert not app.exception, app.exception
    return app


def chart_text(app: AppTest) -> str:
    """Every plotly figure on the page, as JSON text (titles, subplot captions)."""
    charts = app.get("plotly_chart")
    return "\n".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False) for chart in charts)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cifar10_with_the_download_shows_photos_and_the_apps_cnn(cifar_in_the_keras_cache, language):
    app = open_cifar(language)
    assert [warning.value for warning in app.warning] == []
    assert not app.button(key="train_run").disabled
    page = shown_text(app)
    assert "120" in page and translate("train.data.online", language) in page  # 120 photos (100 train / 20 test)
    photos = chart_text(app)
    for name in ("airplane", "cat", "truck"):
        assert translate(f"train.class.{name}", language) in photos
    if language == "zh":
        assert "飞机" in photos and "airplane" not in photos
    assert app.radio(key="train_cifar_network").value == "app_cnn"
    table = app.dataframe[0].value
    assert "BatchNormalization()" in table.iloc[:, 0].tolist()
    assert translate("train.cifar.table.caption.app_cnn", language, total="114,410") in page
    code = "\n".join(block.value for block in app.code)
    assert "nn.Conv2d(3, 6, 5)" in code and "layers.Conv2D(6, 5" in code and "import torchvision" not in code
    assert "cannot be trained" not in page and "无法训练" not in page


def test_the_course_settings_train_the_course_cnn_and_show_accuracy_beside_chance(cifar_in_the_keras_cache):
    app = open_cifar("en")
    app.button(key="course_choice_course_train_cifar").click().run()
    assert not app.exception, app.exception
    assert app.radio(key="train_cifar_network").value == "course_cnn"
    assert app.selectbox(key="train_cifar_optimizer").value == "sgd_momentum"
    assert app.number_input(key="train_cifar_epochs").value == 10
    assert app.select_slider(key="train_cifar_batch_size").value == 64
    assert translate("course.settings.now_course", "en") in shown_text(app)
    assert translate("train.cifar.table.caption.course_cnn", "en", total="62,006") in shown_text(app)
    run_until_jobs_done(app, JOB_STATE_KEY, timeout=240)
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.config.param("network") == "course_cnn" and handle.config.optimizer == "sgd_momentum"
    assert handle.metadata["data"]["online"] is True
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[translate("train.cifar.results.chance", "en")] == "10%"
    assert metrics[translate("train.cifar.results.majority", "en")] == "10%"  # the test photos' classes are balanced
    accuracy = metrics[translate("train.results.accuracy", "en")]
    assert accuracy.endswith("%")
    verdict = [text for text in shown_text(app).splitlines() if "times chance" in text]
    assert verdict and verdict[0].startswith("The course's CNN") and f"{accuracy} of the 20 test photos" in verdict[0]
    assert any(subheader.value == translate("train.results.mistakes", "en") for subheader in app.subheader) or (
        translate("train.results.no_mistakes", "en") in shown_text(app)
    )

    script = [block.value for block in app.code if 'name="course_cnn"' in block.value]
    assert script and "momentum=0.9" in script[0]  # the standalone script of the training on screen

    zh = open_cifar("zh")  # another visitor, in Chinese: the same config comes from the store at once
    zh.button(key="course_choice_course_train_cifar").click().run()
    run_until_jobs_done(zh, JOB_STATE_KEY, timeout=60)
    page = shown_text(zh)
    assert translate("train.cifar.results.chance", "zh") in [metric.label for metric in zh.metric]
    assert "课程的 CNN" in page and "倍" in page
    assert "cifar10_classifier" not in page and "course_cnn" not in page
