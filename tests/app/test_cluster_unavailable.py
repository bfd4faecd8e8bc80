"""A replica configured for a Ray cluster that cannot be reached: the home page says training is unavailable, Train
says so within seconds in the visitor's language, and stored models still serve. (The cluster itself, reachable:
tests/unit/test_ray_training.py and tests/e2e/test_cluster_e2e.py.)"""

import pytest

from core.training import engine as engine_module
from dashboard.i18n import translate
from tests.helpers import open_app, open_lesson, run_until_jobs_done, shown_text
from tests.ray_head import free_port

PAGE = "app_pages/training.py"
JOB_STATE_KEY = "training_job__live_training"


@pytest.fixture(scope="module")
def unreachable_cluster(tmp_path_factory):
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_RAY_ADDRESS", address)
        patch.setenv("DASHBOARD_MODEL_STORE", str(tmp_path_factory.mktemp("model_store")))
        engine_module.shutdown_engine(timeout=60)  # the next get_engine() reads these settings
        yield address
        engine_module.shutdown_engine(timeout=60)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_home_page_says_training_is_unavailable(unreachable_cluster, language):
    app = open_app(language)
    errors = [error.value for error in app.error]
    assert translate("home.training.ray_unreachable", language, address=unreachable_cluster) in errors


def test_train_says_the_cluster_is_unavailable_and_the_page_still_works(unreachable_cluster):
    app = open_lesson(PAGE, "zh")
    app.selectbox(key="train_dataset").select("circles").run()
    app.select_slider(key="train_toy_points").set_value(100).run()
    app.number_input(key="train_toy_epochs").set_value(3).run()
    app.button(key="train_run").click().run()
    run_until_jobs_done(app, JOB_STATE_KEY, timeout=30, poll_s=0.3)
    assert translate("train.status.cluster_unavailable", "zh") in [error.value for error in app.error]
    assert "Traceback" not in shown_text(app)
    # The other controls still answer.
    app.number_input(key="train_toy_epochs").set_value(4).run()
    assert not app.exception


def test_a_bundled_model_still_serves_without_the_cluster(unreachable_cluster):
    app = open_lesson("app_pages/draw.py", "en")
    run_until_jobs_done(app, "training_job__draw_digit", timeout=60, poll_s=0.5)
    snapshot = app.session_state["training_job__draw_digit"].snapshot()
    assert snapshot.state == "finished" and snapshot.from_store
    assert translate("train.status.cluster_unavailable", "en") not in [error.value for error in app.error]
