"""AppTest runs of the first-network page (/first-network) in both languages: the y = x neuron and the regression
train in the engine as the page opens, the neuron answers about 6 for x = 6, the regression reports its error in
the data's units on held-out rows; a learning rate that diverges is a warning, not a traceback."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translate
from tests.helpers import metric_values, open_lesson, run_until_jobs_done

PAGE = "app_pages/first_network.py"
JOB_STATE_KEYS = ("training_job__first_identity", "training_job__first_regression")


pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def run_until_trained(app: AppTest, timeout: float = 180.0) -> None:
    run_until_jobs_done(app, JOB_STATE_KEYS, timeout, poll_s=0.3)


def open_page(language: str) -> AppTest:
    app = open_lesson(PAGE, language)
    run_until_trained(app)
    return app


@pytest.mark.parametrize("language", ["en", "zh"])
def test_both_models_train_and_the_neuron_answers_six(language):
    app = open_page(language)
    assert app.title[0].value == translate("first.title", language)
    headers = [header.value for header in app.header]
    assert translate("first.id.header", language) in headers and translate("first.reg.header", language) in headers
    values = metric_values(app)
    assert float(values[translate("first.id.metric.prediction", language)]) == pytest.approx(6.0, abs=0.05)
    assert values[translate("first.id.metric.truth", language)] == "6"
    assert float(values["w"]) == pytest.approx(1.0, abs=0.01)
    # The regression: errors in the data's units on held-out rows (offline: the diabetes table).
    mae = float(values[translate("first.reg.metric.mae", language)])
    baseline = float(values[translate("first.reg.metric.baseline", language)])
    assert 0 < mae < baseline
    assert values[translate("first.reg.metric.rows", language)] == "89"
    sentence = translate("first.reg.error.diabetes", language, mae=f"{mae:.0f}", baseline=f"{baseline:.0f}")
    assert sentence in [info.value for info in app.info]
    data_name = translate("first.reg.name.diabetes", language)
    assert any(data_name in caption.value and "load_diabetes" in caption.value for caption in app.caption)
    # "Show the code" under each model: the Keras script of that very model, ready to paste and run.
    codes = [element.value for element in app.code]
    assert any("y = x" in code and "Prediction for 6" in code for code in codes)  # the neuron
    assert any("load_diabetes" in code for code in codes)  # the regression, on the table the page shows
    assert codes and all("model.fit(" in code for code in codes)


def test_the_epoch_slider_shows_the_neuron_before_training():
    app = open_page("en")
    epoch_slider = next(slider for slider in app.slider if (slider.key or "").startswith("first_id_epoch_"))
    assert epoch_slider.value == 300
    epoch_slider.set_value(0).run()
    assert not app.exception
    values = metric_values(app)
    # Before training the neuron is its random initial weight (about -1) and a zero bias: far from 6.
    assert float(values["b"]) == 0.0
    assert abs(float(values[translate("first.id.metric.prediction", "en")]) - 6.0) > 1.0


def test_a_learning_rate_that_diverges_is_a_plain_warning():
    app = open_page("en")
    app.select_slider(key="first_id_rate").set_value(0.1)
    app.button[0].click()  # the first form's Train button (the neuron's)
    app.run()
    run_until_trained(app)
    snapshot = app.session_state[JOB_STATE_KEYS[0]].snapshot()
    assert snapshot.state == "failed" and snapshot.reason in ("nan_loss", "exploding_loss")
    warnings = [warning.value for warning in app.warning]
    assert any("0.1" in warning and "0.05" in warning for warning in warnings), warnings
    assert translate("first.id.metric.prediction", "en") not in metric_values(app)
