"""AppTest runs of the draw page (/draw) in both languages: the default CNN comes from the bundle at once (the
writable store is empty), the page names the built-in MNIST set, asks for a drawing, and reports the network's
held-out accuracy; switching to the course's MLP says it has no feature maps. The canvas itself is a custom
component (no JavaScript runs here): drawing is tested end to end in tests/e2e/test_draw_e2e.py."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translate
from tests.helpers import open_lesson, run_until_jobs_done, shown_text

PAGE = "app_pages/draw.py"
JOB_STATE_KEY = "training_job__draw_digit"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def run_until_trained(app: AppTest, timeout: float = 600.0) -> None:
    run_until_jobs_done(app, JOB_STATE_KEY, timeout, poll_s=1.0)


def open_page(language: str) -> AppTest:
    return open_lesson(PAGE, language)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_trains_its_network_and_waits_for_a_drawing(language):
    app = open_page(language)
    assert app.title[0].value == translate("draw.title", language)
    # While the default network trains (the store is empty), the page already invites a drawing.
    page_text = shown_text(app)
    assert translate("draw.empty", language) in page_text
    run_until_trained(app)
    page_text = shown_text(app)
    assert translate("draw.data.offline", language, size=translate("draw.data.offline_size", language)) in page_text
    test_metrics = app.session_state[JOB_STATE_KEY].snapshot().test_metrics
    assert test_metrics["accuracy"] >= 0.97 and test_metrics["n_test"] == 1000
    accuracy = translate("draw.accuracy", language, accuracy=f"{test_metrics['accuracy']:.1%}", count=1000)
    assert accuracy in page_text
    # Beside a reference: chance, and always answering the most frequent of the 1,000 held-out digits (100 each).
    reference = translate("draw.accuracy.reference_tied", language, chance="10.0%", majority="10.0%", count=100)
    assert reference in page_text
    assert translate("draw.sees.nothing", language) in page_text
    assert translate("draw.pool.header", language) in [header.value for header in app.subheader]
    assert translate("draw.pool.nothing", language) in page_text
    # The page's network as a script, its drawing a test digit until the learner draws.
    code = [block.value for block in app.code]
    assert any("layers.RandomRotation" in block and "image = x_test[0, :, :, 0]" in block for block in code)
    assert not app.metric  # nothing drawn: no prediction


def test_the_mlp_can_be_chosen_and_has_no_feature_maps():
    app = open_page("en")
    run_until_trained(app)
    cnn_key = app.session_state[JOB_STATE_KEY].key
    app.session_state["draw_model"] = "mlp"
    app.run()
    run_until_trained(app)
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.key != cnn_key and handle.config.param("model") == "mlp"
    assert handle.snapshot().test_metrics["accuracy"] >= 0.85
    assert translate(
        "draw.accuracy", "en", accuracy=f"{handle.snapshot().test_metrics['accuracy']:.1%}", count=1000
    ) in shown_text(app)


def test_a_broken_tensorflow_is_one_translated_sentence(monkeypatch):
    from core import runtime

    monkeypatch.setattr(runtime, "_status", runtime.TensorFlowStatus(state="failed", error="ImportError: libfoo.so"))
    app = open_page("zh")
    run_until_trained(app)
    page_text = shown_text(app)
    assert translate("draw.tensorflow_failed", "zh") in page_text
    assert "libfoo" not in page_text and "ImportError" not in page_text
    assert not app.exception
