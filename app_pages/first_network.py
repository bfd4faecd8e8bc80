"""Your first network (served at /first-network): one neuron learns y = x, then a small network predicts a number.

Both models are trained by the engine (``core.training.engine``) as soon as the page opens (the defaults usually come
straight from the model store), and again with other settings when the learner asks. The first example's line is
shown epoch by epoch from ``core.training.views.replay_identity_training``; the regression's held-out predictions
from ``core.training.views.regression_results``. The live panel is ``dashboard.training_ui``.

Each section offers the course's settings beside the app's defaults (``dashboard.course.settings_choice``: y = x with
Adam at 0.001 for 500 epochs, the house-price network on the raw table without validation rows) and the course's code
made to run today (``dashboard.course.course_code``: y = x in Keras and PyTorch, house prices in Keras, the 10 -> 5 -> 1
network in PyTorch and Keras).
"""

from __future__ import annotations

import streamlit as st

from core.lessons import first_network as lesson
from core.training import registry
from core.training.config import TrainConfig
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.course import course_code, seeded, settings_choice
from dashboard.data_lines import rows_size_text, source_text
from dashboard.figures import training as figures
from dashboard.full_data import full_data_offer_ui, submit_shown_job, with_data_choice
from dashboard.i18n import t
from dashboard.setups.first_network import (
    IDENTITY_EPOCHS,
    IDENTITY_LEARNING_RATES,
    IDENTITY_OPTIMIZERS,
    REGRESSION_EPOCHS,
    REGRESSION_LEARNING_RATES,
)

IDENTITY_SLOT = "first_identity"
REGRESSION_SLOT = "first_regression"
# One axis for the live, replayed and final curves: "epochs done", 0 = before training. Keras measures an epoch's
# loss before its update, so its loss of epoch e is the neuron's after e - 1 epochs and goes at x = e - 1.
IDENTITY_CURVES = ui.CurvePanels(
    (("loss", "train.curve.loss_mse"),), log_y=True, first_epoch=0, x_title="first.id.curve.x"
)
RAW_REGRESSION_CURVES = ui.CurvePanels((("loss", "first.reg.curve.loss_raw"), ("mae", "first.reg.curve.mae_raw")))
VALIDATION_FRACTION = 0.2
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


IDENTITY_CONTROLS = ("first_id_optimizer", "first_id_rate", "first_id_epochs")


def identity_config_from_controls() -> TrainConfig:
    state = st.session_state
    return TrainConfig(
        task="linear_identity",
        optimizer=state["first_id_optimizer"],
        learning_rate=float(state["first_id_rate"]),
        epochs=int(state["first_id_epochs"]),
    )


def _identity_values(config: TrainConfig) -> dict:
    return dict(zip(IDENTITY_CONTROLS, (config.optimizer, config.learning_rate, config.epochs), strict=True))


@st.cache_data(max_entries=1, show_spinner=False)
def course_identity_outcomes() -> tuple[float, float, float]:
    """What the course's settings answer for x = 6 on this page (from the page's initial weight) and in the course's
    own script (from the weight Keras' seed 0 draws), and the page's initial weight."""
    from core.training.views import replay_identity_steps  # numpy only: the controls render before TensorFlow loads

    config = lesson.course_identity_config()
    start = lesson.IDENTITY_INITIAL_WEIGHT_SEED_0
    here = replay_identity_steps(config.optimizer, config.learning_rate, config.epochs, initial_weight=start)
    script = replay_identity_steps(
        config.optimizer, config.learning_rate, config.epochs, initial_weight=lesson.COURSE_SCRIPT_INITIAL_WEIGHT
    )
    return float(here.predict(config.epochs, 6.0)), float(script.predict(config.epochs, 6.0)), start


def identity_presets_ui() -> str | None:
    """The course's settings (Adam, 0.001, 500 epochs) or the app's (SGD, 0.05, 300), and what the course's give."""
    here, script, start = course_identity_outcomes()
    course = lesson.course_identity_config()
    app = _identity_values(TrainConfig(task="linear_identity"))
    return settings_choice(
        "first_identity",
        course=_identity_values(course),
        app=app,
        changes=[
            t("first.id.course.change.sgd"),
            t("first.id.course.change.rate"),
            t("first.id.course.change.epochs"),
            t("first.id.course.change.seed"),
        ],
        note=t(
            "first.id.course.note",
            here=f"{here:.2f}",
            start=f"{start:.2f}",
            script=f"{script:.1f}",
            script_start=f"{lesson.COURSE_SCRIPT_INITIAL_WEIGHT:.2f}",
            steps=course.epochs,
            rate=f"{course.learning_rate:g}",
            reach=f"{course.epochs * course.learning_rate:.1f}",
        ),
    )


def identity_settings_ui() -> TrainConfig | None:
    """The optimizer, learning rate and epochs of the first example; a new config only when the learner presses
    Train (or one of the presets)."""
    defaults = registry.get_task("linear_identity").defaults
    with st.form("first_identity_form", border=False):
        optimizer_column, rate_column, epochs_column, button_column = st.columns(
            [1.3, 2, 2, 1], vertical_alignment="bottom"
        )
        optimizer_column.radio(
            t("first.id.optimizer"),
            options=IDENTITY_OPTIMIZERS,
            format_func={"sgd": t("first.id.optimizer.sgd"), "adam": t("first.id.optimizer.adam")}.__getitem__,
            horizontal=True,
            help=t("first.id.optimizer.help"),
            **seeded("first_id_optimizer", defaults["optimizer"], options=IDENTITY_OPTIMIZERS),
        )
        rate_column.select_slider(
            t("first.id.learning_rate"),
            options=IDENTITY_LEARNING_RATES,
            format_func=lambda value: f"{value:g}",
            help=t("first.id.learning_rate.help"),
            **seeded("first_id_rate", defaults["learning_rate"]),
        )
        epochs_column.select_slider(
            t("first.id.epochs"), options=IDENTITY_EPOCHS, **seeded("first_id_epochs", defaults["epochs"])
        )
        pressed = button_column.form_submit_button(t("first.train"), icon=":material/play_arrow:", width="stretch")
    return identity_config_from_controls() if pressed else None


def identity_ui() -> None:
    st.header(t("first.id.header"))
    st.write(t("first.id.intro"))
    st.latex(r"\hat{y} = w \cdot x + b \qquad \text{loss} = \frac{1}{5}\sum_{i=1}^{5} (\hat{y}_i - y_i)^2")
    preset = identity_presets_ui()
    requested = identity_settings_ui()
    if preset is not None:
        requested = identity_config_from_controls()  # the preset just set every control: train (or load) it now
    shown = ui.job_handle(IDENTITY_SLOT)
    if requested is None and (shown is None or shown.key != identity_config_from_controls().key):
        # A first visit (the defaults, usually from the store), or controls set from outside the form (a link, the
        # instructor's step): the form's own changes reach the controls only with its Train button.
        requested = identity_config_from_controls()
    if requested is not None:
        ui.submit_job(IDENTITY_SLOT, requested)
    handle = ui.job_handle(IDENTITY_SLOT)
    snapshot = ui.training_panel(IDENTITY_SLOT, IDENTITY_CURVES, show_final_curves=False, offer_replay=True)
    if snapshot is not None and snapshot.state == "finished":
        identity_results_ui(handle, snapshot)
    keras_code_ui(handle.config)
    course_code(
        {"Keras": "course_first_identity_keras", "PyTorch": "course_first_identity_torch"},
        changes=[
            t("first.course.identity.change.keras3"),
            t("first.course.identity.change.seed"),
            t("first.course.identity.change.result"),
            t("first.course.identity.change.torch"),
            t("first.course.identity.change.print"),
        ],
        key="first_identity",
    )


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
        # The loss after 0, 1, ..., all epochs: the live curve's numbers (Keras' losses) on the same axis, plus the
        # loss after the last update, which Keras never measures.
        history = {"loss": [float(value) for value in trajectory.losses]}
        ui.curves_chart(history, IDENTITY_CURVES, key="first_id_curve", marker_epoch=epoch)
        st.caption(t("first.id.curve.caption"))
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


def feature_list_text(feature_names) -> str:
    """The table's columns for the page, a race-derived column (Boston's B) never bare: named for what it is."""
    from core.training.views import sensitive_features

    flagged = set(sensitive_features(feature_names))
    return ", ".join(t("first.reg.feature.b", name=name) if name in flagged else name for name in feature_names)


def regression_data_ui(config: TrainConfig):
    """Which table ``config`` learns from (the built-in diabetes table, or Boston house prices once the visitor
    chose the download), from its provenance; a race-derived column is named and explained."""
    from core.data.tables import load_regression
    from core.training.views import REGRESSION_TARGET_KINDS, regression_target_kind, sensitive_features

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
    st.write(t("first.reg.target", target=targets[kind], features=feature_list_text(dataset.feature_names)))
    if sensitive_features(dataset.feature_names):
        st.warning(t("first.reg.bias.b"), icon=":material/report:")
    return kind


REGRESSION_CONTROLS = ("first_reg_rate", "first_reg_epochs", "first_reg_standardise", "first_reg_validation")


def regression_config_from_controls() -> TrainConfig:
    state = st.session_state
    return TrainConfig(
        task="regression",
        dataset="regression" if state["first_reg_standardise"] else lesson.RAW_REGRESSION_DATASET,
        learning_rate=float(state["first_reg_rate"]),
        epochs=int(state["first_reg_epochs"]),
        validation_split=VALIDATION_FRACTION if state["first_reg_validation"] else 0.0,
    )


def _regression_values(config: TrainConfig) -> dict:
    values = (
        config.learning_rate,
        config.epochs,
        not lesson.learns_raw_units(config),
        config.validation_split > 0,
    )
    return dict(zip(REGRESSION_CONTROLS, values, strict=True))


def regression_presets_ui() -> str | None:
    """The course's network as it wrote it (raw table, no validation rows) or the app's default."""
    app = _regression_values(TrainConfig(task="regression"))
    return settings_choice(
        "first_regression",
        course=_regression_values(lesson.course_regression_config()),
        app=app,
        changes=[
            t("first.reg.course.change.features"),
            t("first.reg.course.change.target"),
            t("first.reg.course.change.validation"),
            t("first.reg.course.change.evaluation"),
        ],
        note=t("first.reg.course.note"),
    )


def regression_settings_ui() -> TrainConfig | None:
    defaults = registry.get_task("regression").defaults
    with st.form("first_regression_form", border=False):
        rate_column, epochs_column, button_column = st.columns([2, 2, 1], vertical_alignment="bottom")
        rate_column.select_slider(
            t("first.reg.learning_rate"),
            options=REGRESSION_LEARNING_RATES,
            format_func=lambda value: f"{value:g}",
            **seeded("first_reg_rate", defaults["learning_rate"]),
        )
        epochs_column.select_slider(
            t("first.reg.epochs"), options=REGRESSION_EPOCHS, **seeded("first_reg_epochs", defaults["epochs"])
        )
        pressed = button_column.form_submit_button(t("first.train"), icon=":material/play_arrow:", width="stretch")
        standardise_column, validation_column = st.columns(2)
        standardise_column.checkbox(
            t("first.reg.standardise"), help=t("first.reg.standardise.help"), **seeded("first_reg_standardise", True)
        )
        validation_column.checkbox(
            t("first.reg.validation", percent=f"{VALIDATION_FRACTION:.0%}"),
            help=t("first.reg.validation.help"),
            **seeded("first_reg_validation", defaults["validation_split"] > 0),
        )
    return regression_config_from_controls() if pressed else None


def regression_ui() -> None:
    st.header(t("first.reg.header"))
    st.write(t("first.reg.intro"))
    chosen = with_data_choice(REGRESSION_SLOT, TrainConfig(task="regression"))
    kind = regression_data_ui(chosen)
    full_data_offer_ui(REGRESSION_SLOT, chosen, ui.job_handle(REGRESSION_SLOT))
    preset = regression_presets_ui()
    requested = regression_settings_ui()
    if preset is not None:
        requested = regression_config_from_controls()  # the preset just set every control: train (or load) it now
    shown = ui.job_handle(REGRESSION_SLOT)
    wanted = regression_config_from_controls()
    if requested is None and shown is not None and shown.config.replace(full_data=False).key != wanted.key:
        requested = wanted  # the controls were set from outside the form (a link, the instructor's step)
    handle = submit_shown_job(REGRESSION_SLOT, requested, wanted)
    raw = lesson.learns_raw_units(handle.config)
    st.caption(t("first.reg.model.raw" if raw else "first.reg.model"))
    curves = RAW_REGRESSION_CURVES if raw else ui.REGRESSION_CURVES
    snapshot = ui.training_panel(REGRESSION_SLOT, curves, offer_replay=True)
    if snapshot is not None and snapshot.history.get("loss"):
        st.caption(t("first.reg.curves.caption.raw" if raw else "first.reg.curves.caption"))
    if snapshot is not None and snapshot.state == "finished":
        regression_results_ui(handle, kind)
    keras_code_ui(handle.config)
    course_code(
        {
            t("first.course.tab.house_keras"): "course_first_house_prices_keras",
            t("first.course.tab.feedforward_keras"): "course_first_feedforward_keras",
            t("first.course.tab.feedforward_torch"): "course_first_feedforward_torch",
        },
        changes=[
            t("first.course.regression.change.input_layer"),
            t("first.course.regression.change.data"),
            t("first.course.regression.change.b_column"),
            t("first.course.regression.change.evaluation"),
            t("first.course.regression.change.feedforward"),
            t("first.course.regression.change.scaling"),
            t("first.course.regression.change.twin"),
        ],
        key="first_regression",
    )


def regression_units(kind: str) -> str:
    """The axis title of the predicted-vs-actual figure: the target's units ("other": just "target")."""
    from core.training.views import REGRESSION_TARGET_KINDS

    return {name: t(f"first.reg.units.{name}") for name in (*REGRESSION_TARGET_KINDS, "other")}[kind]


def regression_results_ui(handle, kind: str) -> None:
    results = regression_results(handle.key, handle)
    units = regression_units(kind)
    mae_column, baseline_column, rmse_column, baseline_rmse_column, rows_column = st.columns(5)
    mae_column.metric(t("first.reg.metric.mae"), f"{results.mae:.1f}", help=t("first.reg.metric.mae.help"))
    baseline_column.metric(
        t("first.reg.metric.baseline"), f"{results.baseline_mae:.1f}", help=t("first.reg.metric.baseline.help")
    )
    rmse_column.metric(t("first.reg.metric.rmse"), f"{results.rmse:.1f}", help=t("first.reg.metric.rmse.help"))
    baseline_rmse_column.metric(
        t("first.reg.metric.baseline_rmse"),
        f"{results.baseline_rmse:.1f}",
        help=t("first.reg.metric.baseline_rmse.help"),
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
    better = results.rmse_improvement > 0
    st.caption(
        t(
            "first.reg.rmse_reference.better" if better else "first.reg.rmse_reference.worse",
            rmse=f"{results.rmse:.1f}",
            baseline=f"{results.baseline_rmse:.1f}",
            percent=f"{abs(results.rmse_improvement):.0%}",
        )
    )
    figure = figures.predicted_vs_actual_figure(results.actual, results.predicted, units)
    st.plotly_chart(figure, width="stretch", key="first_reg_scatter")
    st.caption(t("first.reg.scatter.caption", rows=len(results.actual)))


# ------------------------------------------------------------------------------------------------------------------

st.title(t("first.title"))
st.write(t("first.intro"))
identity_ui()
st.divider()
regression_ui()
