"""Your first network (served at /first-network): one neuron learns y = x, then a small network predicts a number.

Both models are trained by the engine (``core.training.engine``) as soon as the page opens (the defaults usually come
straight from the model store), and again with other settings when the learner asks. The first example's line is
shown epoch by epoch from ``core.training.views.replay_identity_training``; the regression's held-out predictions
from ``core.training.views.regression_results``. The live panel is ``dashboard.training_ui``.
"""

from __future__ import annotations

import streamlit as st

from core.training import registry
from core.training.config import TrainConfig
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.data_lines import rows_size_text, source_text
from dashboard.figures import training as figures
from dashboard.full_data import full_data_offer_ui, submit_shown_job, with_data_choice
from dashboard.i18n import t

IDENTITY_SLOT = "first_identity"
REGRESSION_SLOT = "first_regression"
IDENTITY_LEARNING_RATES = (0.001, 0.005, 0.01, 0.02, 0.05, 0.08, 0.1)
IDENTITY_EPOCHS = (20, 50, 100, 300, 1000)
REGRESSION_LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
REGRESSION_EPOCHS = (10, 20, 50, 100, 200)
Y_LIMITS = (-8.0, 12.0)  # the first lines are far off (the initial weight is about -1): keep the view steady


def keras_code_ui(config: TrainConfig) -> None:
    from core.training.keras_script import keras_script

    show_code(keras_script(config), caption=t("first.code.caption"))


# ------------------------------------------------------------------------------------------------------------------
# 1. One neuron, five points


@st.cache_data(max_entries=32, show_spinner=False)
def identity_trajectory(config_key: str, _config: TrainConfig):
    from core.training.views import replay_identity_training

    return replay_identity_training(_config)


def identity_settings_ui() -> TrainConfig | None:
    """The learning rate and epochs of the first example; a new config only when the learner presses Train."""
    defaults = registry.get_task("linear_identity").defaults
    with st.form("first_identity_form", border=False):
        rate_column, epochs_column, button_column = st.columns([2, 2, 1], vertical_alignment="bottom")
        learning_rate = rate_column.select_slider(
            t("first.id.learning_rate"),
            options=IDENTITY_LEARNING_RATES,
            value=defaults["learning_rate"],
            format_func=lambda value: f"{value:g}",
            help=t("first.id.learning_rate.help"),
            key="first_id_rate",
        )
        epochs = epochs_column.select_slider(
            t("first.id.epochs"), options=IDENTITY_EPOCHS, value=defaults["epochs"], key="first_id_epochs"
        )
        pressed = button_column.form_submit_button(t("first.train"), icon=":material/play_arrow:", width="stretch")
    if pressed:
        return TrainConfig(task="linear_identity", learning_rate=float(learning_rate), epochs=int(epochs))
    return None


def identity_ui() -> None:
    st.header(t("first.id.header"))
    st.write(t("first.id.intro"))
    st.latex(r"\hat{y} = w \cdot x + b \qquad \text{loss} = \frac{1}{5}\sum_{i=1}^{5} (\hat{y}_i - y_i)^2")
    requested = identity_settings_ui()
    if requested is not None:
        ui.submit_job(IDENTITY_SLOT, requested)
    elif ui.job_handle(IDENTITY_SLOT) is None:
        ui.submit_job(IDENTITY_SLOT, TrainConfig(task="linear_identity"))  # the default, usually from the store
    handle = ui.job_handle(IDENTITY_SLOT)
    snapshot = ui.training_panel(IDENTITY_SLOT, ui.IDENTITY_CURVES, show_final_curves=False, offer_replay=True)
    if snapshot is not None and snapshot.state == "finished":
        identity_results_ui(handle, snapshot)
    keras_code_ui(handle.config)


def identity_results_ui(handle, snapshot) -> None:
    config = handle.config
    trajectory = identity_trajectory(config.key, config)
    epoch = st.slider(
        t("first.id.epoch_slider"),
        min_value=0,
        max_value=trajectory.epochs,
        value=trajectory.epochs,
        help=t("first.id.epoch_slider.help"),
        key=f"first_id_epoch_{config.key[:12]}",
    )
    weight, bias = float(trajectory.weights[epoch]), float(trajectory.biases[epoch])
    prediction_6 = float(trajectory.predict(epoch, 6.0))
    answer_column, six_column, weight_column, bias_column, loss_column = st.columns(5)
    answer_column.metric(
        t("first.id.metric.prediction"),
        f"{prediction_6:.3f}",
        delta=f"{prediction_6 - 6.0:+.3f}",
        delta_color="off",
        help=t("first.id.metric.prediction.help"),
    )
    six_column.metric(t("first.id.metric.truth"), "6")
    weight_column.metric("w", f"{weight:.4f}")
    bias_column.metric("b", f"{bias:+.4f}")
    loss_column.metric(t("first.id.metric.loss"), f"{float(trajectory.losses[epoch]):.2e}")
    line_column, curve_column = st.columns([3, 2])
    with line_column:
        figure = figures.identity_line_figure(trajectory.x_train, trajectory.y_train, weight, bias, y_range=Y_LIMITS)
        st.plotly_chart(figure, width="stretch", key="first_id_line")
    with curve_column:
        history = {"loss": [float(value) for value in trajectory.losses[1:]]}
        ui.curves_chart(history, ui.IDENTITY_CURVES, key="first_id_curve", marker_epoch=max(epoch, 1))
    model_answer = _model_answer_for_six(snapshot)
    st.caption(t("first.id.caption", epoch=epoch, answer=f"{model_answer:.3f}" if model_answer is not None else "?"))


def _model_answer_for_six(snapshot) -> float | None:
    """The trained model's own answer for x = 6, measured by the engine on its test points."""
    metrics = snapshot.test_metrics or {}
    for x_value, prediction in zip(metrics.get("test_x", ()), metrics.get("test_predictions", ())):
        if x_value == 6.0:
            return float(prediction)
    return None


# ------------------------------------------------------------------------------------------------------------------
# 2. A network that predicts a number


@st.cache_resource(max_entries=8, show_spinner=False)
def regression_results(config_key: str, _handle):
    """Predictions on the held-out rows, in the target's units (the stored model predicts in them)."""
    from core.training.views import regression_results as compute

    data = registry.get_task("regression").load_data(_handle.config)
    return compute(_handle.model, data.x_test, data.y_test, data.extras["baseline_prediction"])


def regression_data_ui(config: TrainConfig):
    """Which table ``config`` learns from (the built-in diabetes table, or Boston house prices once the visitor
    chose the download), from its provenance."""
    from core.data.tables import load_regression
    from core.training.views import REGRESSION_TARGET_KINDS, regression_target_kind

    dataset = load_regression(prefer_download=config.full_data)
    provenance = dataset.provenance
    kind = regression_target_kind(dataset.target_name)
    names = {kind: t(f"first.reg.name.{kind}") for kind in REGRESSION_TARGET_KINDS} | {"other": provenance.name}
    st.caption(
        t(
            "first.reg.data",
            name=names[kind],
            source=source_text(provenance),
            size=rows_size_text(len(dataset.x_train), len(dataset.x_test), dataset.x_train.shape[1]),
            where=t("first.reg.data.online") if provenance.online else t("first.reg.data.offline"),
        )
    )
    targets = {kind: t(f"first.reg.target.{kind}") for kind in REGRESSION_TARGET_KINDS} | {"other": dataset.target_name}
    st.write(t("first.reg.target", target=targets[kind], features=", ".join(dataset.feature_names)))
    return kind


def regression_settings_ui() -> TrainConfig | None:
    defaults = registry.get_task("regression").defaults
    with st.form("first_regression_form", border=False):
        rate_column, epochs_column, button_column = st.columns([2, 2, 1], vertical_alignment="bottom")
        learning_rate = rate_column.select_slider(
            t("first.reg.learning_rate"),
            options=REGRESSION_LEARNING_RATES,
            value=defaults["learning_rate"],
            format_func=lambda value: f"{value:g}",
            key="first_reg_rate",
        )
        epochs = epochs_column.select_slider(
            t("first.reg.epochs"), options=REGRESSION_EPOCHS, value=defaults["epochs"], key="first_reg_epochs"
        )
        pressed = button_column.form_submit_button(t("first.train"), icon=":material/play_arrow:", width="stretch")
    if pressed:
        return TrainConfig(task="regression", learning_rate=float(learning_rate), epochs=int(epochs))
    return None


def regression_ui() -> None:
    st.header(t("first.reg.header"))
    st.write(t("first.reg.intro"))
    chosen = with_data_choice(REGRESSION_SLOT, TrainConfig(task="regression"))
    kind = regression_data_ui(chosen)
    full_data_offer_ui(REGRESSION_SLOT, chosen, ui.job_handle(REGRESSION_SLOT))
    st.caption(t("first.reg.model"))
    requested = regression_settings_ui()
    handle = submit_shown_job(REGRESSION_SLOT, requested, TrainConfig(task="regression"))
    snapshot = ui.training_panel(REGRESSION_SLOT, ui.REGRESSION_CURVES, offer_replay=True)
    if snapshot is not None and snapshot.history.get("loss"):
        st.caption(t("first.reg.curves.caption"))
    if snapshot is not None and snapshot.state == "finished":
        regression_results_ui(handle, kind)
    keras_code_ui(handle.config)


def regression_units(kind: str) -> str:
    """The axis title of the predicted-vs-actual figure: the target's units ("other": just "target")."""
    from core.training.views import REGRESSION_TARGET_KINDS

    return {name: t(f"first.reg.units.{name}") for name in (*REGRESSION_TARGET_KINDS, "other")}[kind]


def regression_results_ui(handle, kind: str) -> None:
    results = regression_results(handle.key, handle)
    units = regression_units(kind)
    mae_column, rmse_column, baseline_column, rows_column = st.columns(4)
    mae_column.metric(t("first.reg.metric.mae"), f"{results.mae:.1f}", help=t("first.reg.metric.mae.help"))
    rmse_column.metric(t("first.reg.metric.rmse"), f"{results.rmse:.1f}", help=t("first.reg.metric.rmse.help"))
    baseline_column.metric(
        t("first.reg.metric.baseline"), f"{results.baseline_mae:.1f}", help=t("first.reg.metric.baseline.help")
    )
    rows_column.metric(t("first.reg.metric.rows"), f"{len(results.actual)}")
    if kind == "diabetes":
        sentence = t("first.reg.error.diabetes", mae=f"{results.mae:.0f}", baseline=f"{results.baseline_mae:.0f}")
    elif kind == "house_prices":
        sentence = t(
            "first.reg.error.house_prices",
            mae=f"{results.mae * 1000:,.0f}",
            baseline=f"{results.baseline_mae * 1000:,.0f}",
        )
    else:
        sentence = t("first.reg.error.other", mae=f"{results.mae:.3g}", baseline=f"{results.baseline_mae:.3g}")
    st.info(sentence, icon=":material/straighten:")
    figure = figures.predicted_vs_actual_figure(results.actual, results.predicted, units)
    st.plotly_chart(figure, width="stretch", key="first_reg_scatter")
    st.caption(t("first.reg.scatter.caption", rows=len(results.actual)))


# ------------------------------------------------------------------------------------------------------------------

st.title(t("first.title"))
st.write(t("first.intro"))
identity_ui()
st.divider()
regression_ui()
