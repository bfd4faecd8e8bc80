"""Activations & the neuron (served at /activations).

Four short lessons, top to bottom: the activation functions and their autodiff slopes; where those slopes vanish
(saturating and dead regions); softmax with a temperature; one neuron wired by hand. The math lives in
``core.lessons.activations``, the figures in ``dashboard.figures.activations``; this script only lays out widgets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.code_panel import show_code_sample
from dashboard.course import course_code
from dashboard.i18n import t
from dashboard.language import current_language
from dashboard.setups.activations import (
    DEFAULT_LOGITS,
    DEFAULT_NEURON_BIAS,
    DEFAULT_NEURON_INPUTS,
    DEFAULT_NEURON_WEIGHTS,
    DEFAULT_X_RANGE,
    LOGITS_MAX_CHARS,
    NEURON_SLIDER_LIMIT,
    SHIFT_LIMIT,
    TEMPERATURES,
    X_LIMIT,
)

try:
    from core.lessons import activations as activation_math
except Exception as error:  # noqa: BLE001 - a broken TensorFlow install: say so instead of showing a traceback
    st.title(t("act.title"))
    st.error(t("act.tensorflow_missing", error=f"{type(error).__name__}: {error}"))
    st.stop()

from dashboard.figures import activations as figures

CURVE_SAMPLES = 401
DECISION_GRID = np.linspace(-NEURON_SLIDER_LIMIT, NEURON_SLIDER_LIMIT, 121)


# ------------------------------------------------------------------------------------------------------------------
# Cached numbers: pure functions of plain arguments, shared by every visitor (no language in the key).


@st.cache_data(max_entries=64, show_spinner=False)
def cached_curves(activation_ids: tuple[str, ...], x_min: float, x_max: float) -> tuple[np.ndarray, dict]:
    x_values = activation_math.x_grid(x_min, x_max, CURVE_SAMPLES)
    curves = {
        activation_id: activation_math.values_and_derivatives(activation_id, x_values)
        for activation_id in activation_ids
    }
    return x_values, curves


@st.cache_data(max_entries=32, show_spinner=False)
def cached_steepest_slope(activation_id: str) -> float:
    return activation_math.steepest_slope(activation_id)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_properties(activation_id: str, x_min: float, x_max: float) -> activation_math.ActivationProperties:
    return activation_math.activation_properties(activation_id, x_min, x_max, CURVE_SAMPLES)


# Figures are cached as resources, keyed by the language (they carry translated titles) and plain arguments.
# Building one costs 30-80 ms of Plotly validation and a rerun usually changes a single section, so the others come
# from here. Not st.cache_data: it would pickle each figure and Plotly re-validates it when unpickling. A cached
# figure is never modified after it is built (st.plotly_chart only serialises it), so sessions can share it.


@st.cache_resource(max_entries=64, show_spinner=False)
def curves_chart(language: str, activation_ids: tuple[str, ...], x_min: float, x_max: float, view: str):
    x_values, curves = cached_curves(activation_ids, x_min, x_max)
    return figures.curves_figure(x_values, curves, view, x_range=(x_min, x_max))


@st.cache_resource(max_entries=64, show_spinner=False)
def focus_chart(
    language: str, activation_id: str, x_min: float, x_max: float, x_point: float, threshold_fraction: float
):
    x_values, curves = cached_curves((activation_id,), x_min, x_max)
    values, slopes = curves[activation_id]
    steepest = cached_steepest_slope(activation_id)
    regions = activation_math.gradient_regions(
        x_values, slopes, saturation_fraction=threshold_fraction, reference_slope=steepest
    )
    point_values, point_slopes = activation_math.values_and_derivatives(activation_id, [x_point])
    figure = figures.focus_figure(
        x_values,
        values,
        slopes,
        regions,
        activation_id=activation_id,
        x_point=x_point,
        value_at_point=float(point_values[0]),
        slope_at_point=float(point_slopes[0]),
        threshold=threshold_fraction * steepest,
    )
    return figure, regions


@st.cache_resource(max_entries=64, show_spinner=False)
def softmax_charts(language: str, logits: tuple[float, ...], temperature: float):
    """The bars at T (beside T = 1) and the sweep of every probability over T from 0.1 to 10."""
    logits_array = np.asarray(logits)
    labels = [t("act.softmax.bar_label", index=index + 1, value=f"{value:g}") for index, value in enumerate(logits)]
    probabilities = activation_math.softmax_with_temperature(logits_array, temperature)
    reference = activation_math.softmax_with_temperature(logits_array, 1.0)
    sweep_temperatures = np.geomspace(TEMPERATURES[0], TEMPERATURES[-1], 121)
    sweep = activation_math.softmax_with_temperature(logits_array, sweep_temperatures)
    bars = figures.softmax_figure(labels, probabilities, reference, temperature=temperature)
    lines = figures.temperature_sweep_figure(labels, sweep_temperatures, sweep, temperature=temperature)
    return bars, lines


@st.cache_resource(max_entries=64, show_spinner=False)
def neuron_charts(
    language: str, inputs: tuple[float, ...], weights: tuple[float, ...], bias: float, activation_id: str
):
    """The diagram, f with the operating point, and the decision heatmap of one neuron."""
    output = activation_math.neuron_forward(inputs, weights, bias, activation_id)
    diagram = figures.neuron_diagram_figure(
        inputs,
        weights,
        bias,
        weighted_sum=output.weighted_sum,
        activation=output.activation,
        activation_id=activation_id,
        largest_weight=NEURON_SLIDER_LIMIT,
    )
    z_low, z_high = min(-6.0, output.weighted_sum - 1.0), max(6.0, output.weighted_sum + 1.0)
    z_values, curves = cached_curves((activation_id,), z_low, z_high)
    operating_point = figures.operating_point_figure(
        z_values,
        curves[activation_id][0],
        activation_id=activation_id,
        weighted_sum=output.weighted_sum,
        activation=output.activation,
        slope=output.slope,
    )
    x3 = inputs[2] if len(inputs) == 3 else 0.0
    offset = weights[2] * x3 if len(inputs) == 3 else 0.0
    outputs = activation_math.neuron_output_grid(
        weights, bias, activation_id, x1_values=DECISION_GRID, x2_values=DECISION_GRID, x3=x3
    )
    decision = figures.decision_figure(
        DECISION_GRID, DECISION_GRID, outputs, weights=weights, bias=bias, point=(inputs[0], inputs[1]), offset=offset
    )
    return diagram, operating_point, decision


def format_number(value: float, digits: int = 4) -> str:
    """Short, readable numbers for metrics and captions (no "-0.0000")."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def format_intervals(regions, kind: str) -> str:
    return ", ".join(f"[{region.start:.2f}, {region.end:.2f}]" for region in regions if region.kind == kind)


# ------------------------------------------------------------------------------------------------------------------
# 1. Curves and slopes


def curve_view_names() -> dict[str, str]:
    return {view: t(f"act.curves.view.{view}") for view in figures.CURVE_VIEWS}


def curves_ui(names: dict[str, str]) -> tuple[list[str], tuple[float, float], str]:
    """Which functions to overlay, over which x range, and whether to show f, f′ or both."""
    view_labels = curve_view_names()
    select_column, range_column, view_column = st.columns([3, 2, 2])
    selected = select_column.multiselect(
        t("act.curves.select"),
        options=list(activation_math.ACTIVATIONS),
        default=list(activation_math.COURSE_ACTIVATIONS),
        format_func=names.__getitem__,
        help=t("act.curves.select.help"),
        key="act_curves_ids",
    )
    x_range = range_column.slider(
        t("act.curves.range"),
        min_value=-X_LIMIT,
        max_value=X_LIMIT,
        value=DEFAULT_X_RANGE,
        step=0.5,
        help=t("act.curves.range.help"),
        key="act_curves_range",
    )
    view = view_column.radio(
        t("act.curves.view"),
        options=list(view_labels),
        index=2,
        format_func=view_labels.__getitem__,
        horizontal=True,
        key="act_curves_view",
    )
    return selected, (float(x_range[0]), float(x_range[1])), view


def comparison_table(activation_ids: list[str], x_range: tuple[float, float], names: dict[str, str]) -> pd.DataFrame:
    yes, no = t("act.table.yes"), t("act.table.no")
    rows = []
    for activation_id in activation_ids:
        spec = activation_math.get_activation(activation_id)
        properties = cached_properties(activation_id, *x_range)
        rows.append(
            {
                t("act.table.col.name"): names[activation_id],
                t("act.table.col.range"): spec.output_range,
                t("act.table.col.observed"): f"[{properties.observed_min:.3f}, {properties.observed_max:.3f}]",
                t("act.table.col.mean"): round(properties.mean_output, 3) + 0.0,
                t("act.table.col.zero_centred"): yes if properties.zero_centred else no,
                t("act.table.col.monotonic"): yes if properties.monotonic else no,
                t("act.table.col.max_slope"): round(properties.max_slope, 3),
                t("act.table.col.slope_at_zero"): round(properties.slope_at_zero, 3),
            }
        )
    return pd.DataFrame(rows)


def curves_section(names: dict[str, str]) -> tuple[list[str], tuple[float, float]]:
    st.header(t("act.curves.header"))
    st.write(t("act.curves.idea"))
    selected, x_range, view = curves_ui(names)
    if x_range[1] <= x_range[0]:
        st.warning(t("act.curves.range_invalid"))
        x_range = DEFAULT_X_RANGE
    if not selected:
        st.info(t("act.curves.pick_one"))
    st.plotly_chart(
        curves_chart(current_language(), tuple(selected), *x_range, view),
        width="stretch",
        theme=None,
        key="act_curves_chart",
    )
    st.caption(t("act.curves.autodiff_caption", samples=CURVE_SAMPLES))
    if selected:
        st.subheader(t("act.table.header"))
        st.dataframe(comparison_table(selected, x_range, names), hide_index=True, width="stretch", key="act_table")
        st.caption(
            t(
                "act.table.caption",
                x_min=f"{x_range[0]:g}",
                x_max=f"{x_range[1]:g}",
                tolerance=activation_math.ZERO_CENTRED_TOLERANCE,
            )
        )
    show_code_sample("activations_curves")
    return selected, x_range


# ------------------------------------------------------------------------------------------------------------------
# 2. Focus: saturating and dead regions


def focus_ui(names: dict[str, str]) -> tuple[str, float, float]:
    """The function to study, the x at which to read f and f′, and the saturation threshold (a fraction)."""
    options = list(activation_math.ACTIVATIONS)
    select_column, x_column, threshold_column = st.columns(3)
    activation_id = select_column.selectbox(
        t("act.focus.select"), options=options, index=0, format_func=names.__getitem__, key="act_focus_id"
    )
    x_point = x_column.slider(
        t("act.focus.x"),
        min_value=-X_LIMIT,
        max_value=X_LIMIT,
        value=2.0,
        step=0.1,
        help=t("act.focus.x.help"),
        key="act_focus_x",
    )
    threshold_percent = threshold_column.slider(
        t("act.focus.threshold"),
        min_value=1,
        max_value=20,
        value=5,
        step=1,
        help=t("act.focus.threshold.help"),
        key="act_focus_threshold",
    )
    return activation_id, float(x_point), threshold_percent / 100.0


def focus_section(names: dict[str, str], notes: dict[str, str], x_range: tuple[float, float]) -> None:
    st.header(t("act.focus.header"))
    st.write(t("act.focus.idea"))
    activation_id, x_point, threshold_fraction = focus_ui(names)
    spec = activation_math.get_activation(activation_id)

    formula_column, metrics_column = st.columns([3, 2])
    with formula_column:
        st.markdown(f"**{t('act.focus.formula')}** · `{spec.keras_call}`")
        st.latex(spec.latex)
        st.write(notes[activation_id])
    steepest = cached_steepest_slope(activation_id)
    values_at_point, slopes_at_point = activation_math.values_and_derivatives(activation_id, [x_point])
    value_at_point, slope_at_point = float(values_at_point[0]), float(slopes_at_point[0])
    with metrics_column:
        value_column, slope_column, share_column = st.columns(3)
        value_column.metric(t("act.focus.metric.fx", x=f"{x_point:g}"), format_number(value_at_point))
        slope_column.metric(
            t("act.focus.metric.dfx", x=f"{x_point:g}"),
            format_number(slope_at_point),
            help=t("act.focus.metric.dfx.help"),
        )
        share_column.metric(
            t("act.focus.metric.share"), f"{abs(slope_at_point) / steepest:.1%}", help=t("act.focus.metric.share.help")
        )
        st.caption(f"{t('act.focus.metric.range')}: {spec.output_range}")
    if not x_range[0] <= x_point <= x_range[1]:
        st.info(t("act.focus.outside", x=f"{x_point:g}"))

    figure, regions = focus_chart(current_language(), activation_id, *x_range, x_point, threshold_fraction)
    st.plotly_chart(figure, width="stretch", theme=None, key="act_focus_chart")
    percent = f"{threshold_fraction * 100:g}"
    dead, saturating = format_intervals(regions, "dead"), format_intervals(regions, "saturating")
    if dead:
        st.markdown(t("act.focus.regions.dead", intervals=dead))
    if saturating:
        st.markdown(t("act.focus.regions.saturating", percent=percent, intervals=saturating))
    if not regions:
        st.markdown(
            t(
                "act.focus.regions.none",
                x_min=f"{x_range[0]:g}",
                x_max=f"{x_range[1]:g}",
                name=names[activation_id],
            )
        )
    st.caption(t("act.focus.legend_caption", percent=percent))
    show_code_sample("activations_focus")


# ------------------------------------------------------------------------------------------------------------------
# 3. Softmax


def use_logit_example(example: str) -> None:
    # A button callback runs before the script, so the text input below can take the new value.
    st.session_state["act_softmax_logits"] = activation_math.LOGIT_EXAMPLES[example]


def logit_example_names() -> dict[str, str]:
    return {example: t(f"act.softmax.example.{example}") for example in activation_math.LOGIT_EXAMPLES}


def softmax_ui() -> tuple[str, float, float]:
    """The logits as typed, the temperature and the constant added to every logit."""
    example_labels = logit_example_names()
    input_column, temperature_column, shift_column = st.columns([3, 2, 2])
    text = input_column.text_input(
        t("act.softmax.logits"),
        value=DEFAULT_LOGITS,
        max_chars=LOGITS_MAX_CHARS,
        help=t("act.softmax.logits.help"),
        key="act_softmax_logits",
    )
    temperature = temperature_column.select_slider(
        t("act.softmax.temperature"),
        options=TEMPERATURES,
        value=1.0,
        help=t("act.softmax.temperature.help"),
        key="act_softmax_temperature",
    )
    shift = shift_column.slider(
        t("act.softmax.shift"),
        min_value=-SHIFT_LIMIT,
        max_value=SHIFT_LIMIT,
        value=0.0,
        step=1.0,
        help=t("act.softmax.shift.help"),
        key="act_softmax_shift",
    )
    example_columns = st.columns([1.2, 1.1, 1.1, 1.1, 1.1, 1.4], vertical_alignment="center")
    example_columns[0].markdown(t("act.softmax.examples"))
    for column, (example, label) in zip(example_columns[1:], example_labels.items(), strict=False):
        column.button(
            label, key=f"act_softmax_example_{example}", on_click=use_logit_example, args=(example,), width="stretch"
        )
    return text, float(temperature), float(shift)


def logits_error_message(error: activation_math.LogitsInputError, temperature: float) -> str:
    details = error.details
    messages = {
        "empty": lambda: t("act.softmax.error.empty"),
        "empty_entry": lambda: t("act.softmax.error.empty_entry", position=details.get("position")),
        "not_number": lambda: t(
            "act.softmax.error.not_number", position=details.get("position"), entry=details.get("entry")
        ),
        "not_finite": lambda: t(
            "act.softmax.error.not_finite", position=details.get("position"), entry=details.get("entry")
        ),
        "too_few": lambda: t("act.softmax.error.too_few", minimum=details.get("minimum"), count=details.get("count")),
        "too_many": lambda: t("act.softmax.error.too_many", maximum=details.get("maximum"), count=details.get("count")),
        "overflow": lambda: t("act.softmax.error.overflow", temperature=f"{details.get('temperature', temperature):g}"),
    }
    return messages.get(error.code, lambda: t("common.invalid_input"))()


def softmax_section() -> None:
    st.header(t("act.softmax.header"))
    st.write(t("act.softmax.idea"))
    text, temperature, shift = softmax_ui()
    try:
        logits = activation_math.parse_logits(text)
        probabilities = activation_math.softmax_with_temperature(logits, temperature)
        shifted = activation_math.softmax_with_temperature(logits + shift, temperature)
        # The sweep goes down to the lowest temperature: the logits must survive that division too.
        activation_math.softmax_with_temperature(logits, TEMPERATURES[0])
    except activation_math.LogitsInputError as error:
        st.warning(logits_error_message(error, temperature), icon=":material/warning:")
        st.caption(t("act.softmax.error.hint"))
        logits = activation_math.parse_logits(DEFAULT_LOGITS)
        probabilities = activation_math.softmax_with_temperature(logits, temperature)
        shifted = activation_math.softmax_with_temperature(logits + shift, temperature)
    bars, lines = softmax_charts(current_language(), tuple(float(value) for value in logits), temperature)

    bars_column, sweep_column = st.columns(2)
    with bars_column:
        st.markdown(f"**{t('act.softmax.bars.title')}**")
        st.plotly_chart(bars, width="stretch", theme=None, key="act_softmax_chart")
    with sweep_column:
        st.markdown(f"**{t('act.softmax.sweep.title')}**")
        st.plotly_chart(lines, width="stretch", theme=None, key="act_softmax_sweep_chart")

    top_index = int(np.argmax(probabilities))
    difference = float(np.max(np.abs(shifted - probabilities)))
    top_column, entropy_column, shift_column = st.columns(3)
    top_column.metric(
        t("act.softmax.metric.top", index=top_index + 1),
        f"{probabilities[top_index]:.2%}",
        help=t("act.softmax.metric.top.help"),
    )
    entropy_column.metric(
        t("act.softmax.metric.entropy"),
        f"{activation_math.entropy_bits(probabilities):.3f}",
        help=t("act.softmax.metric.entropy.help", maximum=f"{np.log2(len(logits)):.3f}"),
    )
    shift_column.metric(t("act.softmax.metric.shift"), f"{difference:.1e}", help=t("act.softmax.metric.shift.help"))
    st.markdown(t("act.softmax.note_temperature"))
    st.markdown(t("act.softmax.note_shift", shift=f"{shift:g}", difference=f"{difference:.1e}"))
    largest = float(np.max(np.abs(logits)))
    if largest / temperature > 700:  # e^710 overflows a float64
        st.info(t("act.softmax.huge_note", largest=f"{largest:g}"), icon=":material/info:")
    show_code_sample("activations_softmax")


# ------------------------------------------------------------------------------------------------------------------
# 4. A single neuron


def neuron_ui(names: dict[str, str]) -> tuple[list[float], list[float], float, str]:
    """Inputs x_i, weights w_i, bias b and the activation f of one neuron."""
    setup_column, inputs_column, weights_column = st.columns([2, 3, 3])
    with setup_column:
        count = st.radio(t("act.neuron.count"), options=[2, 3], index=0, horizontal=True, key="act_neuron_count")
        activation_id = st.selectbox(
            t("act.neuron.activation"),
            options=list(activation_math.ACTIVATIONS),
            index=0,
            format_func=names.__getitem__,
            key="act_neuron_activation",
        )
        bias = st.slider(
            t("act.neuron.bias"),
            -NEURON_SLIDER_LIMIT,
            NEURON_SLIDER_LIMIT,
            DEFAULT_NEURON_BIAS,
            0.1,
            key="act_neuron_bias",
        )
    # Fixed keys per input, written out, and the third one's value written back while it is not drawn (Streamlit
    # forgets a widget's value after a run without it): it survives switching between 2 and 3 inputs, and a link
    # keeps it.
    input_keys = ("act_neuron_x1", "act_neuron_x2", "act_neuron_x3")
    weight_keys = ("act_neuron_w1", "act_neuron_w2", "act_neuron_w3")
    for key in (input_keys[2], weight_keys[2]):
        if count < 3 and key in st.session_state:
            st.session_state[key] = st.session_state[key]
    inputs, weights = [], []
    with inputs_column:
        st.markdown(f"**{t('act.neuron.inputs')}**")
        for index in range(count):
            inputs.append(
                st.slider(
                    t("act.neuron.input", index=index + 1),
                    -NEURON_SLIDER_LIMIT,
                    NEURON_SLIDER_LIMIT,
                    DEFAULT_NEURON_INPUTS[index],
                    0.1,
                    key=input_keys[index],
                )
            )
    with weights_column:
        st.markdown(f"**{t('act.neuron.weights')}**")
        for index in range(count):
            weights.append(
                st.slider(
                    t("act.neuron.weight", index=index + 1),
                    -NEURON_SLIDER_LIMIT,
                    NEURON_SLIDER_LIMIT,
                    DEFAULT_NEURON_WEIGHTS[index],
                    0.1,
                    key=weight_keys[index],
                )
            )
    return [float(value) for value in inputs], [float(value) for value in weights], float(bias), activation_id


def neuron_section(names: dict[str, str]) -> None:
    st.header(t("act.neuron.header"))
    st.write(t("act.neuron.idea"))
    inputs, weights, bias, activation_id = neuron_ui(names)
    output = activation_math.neuron_forward(inputs, weights, bias, activation_id)
    diagram, operating_point, decision = neuron_charts(
        current_language(), tuple(inputs), tuple(weights), bias, activation_id
    )

    diagram_column, curve_column = st.columns([3, 2])
    with diagram_column:
        st.plotly_chart(diagram, width="stretch", theme=None, key="act_neuron_diagram", config={"staticPlot": True})
        st.caption(t("act.neuron.diagram.caption"))
    with curve_column:
        st.plotly_chart(operating_point, width="stretch", theme=None, key="act_neuron_curve")

    st.markdown(f"**{t('act.neuron.arithmetic')}**")
    st.latex(activation_math.neuron_arithmetic_latex(inputs, weights, bias, output.weighted_sum))
    st.latex(activation_math.neuron_activation_latex(activation_id, output.weighted_sum, output.activation))
    z_column, a_column, slope_column = st.columns(3)
    z_column.metric(t("act.neuron.metric.z"), format_number(output.weighted_sum))
    a_column.metric(t("act.neuron.metric.a"), format_number(output.activation))
    slope_column.metric(
        t("act.neuron.metric.slope"), format_number(output.slope), help=t("act.neuron.metric.slope.help")
    )
    steepest = cached_steepest_slope(activation_id)
    z_text, name = format_number(output.weighted_sum, 3), names[activation_id]
    if output.slope == 0.0:
        st.warning(t("act.neuron.dead", z=z_text, name=name), icon=":material/block:")
    elif abs(output.slope) < activation_math.DEFAULT_SATURATION_FRACTION * steepest:
        st.info(t("act.neuron.saturated", z=z_text, name=name, slope=f"{output.slope:.2g}"), icon=":material/speed:")

    st.subheader(t("act.neuron.decision.header"))
    x3 = inputs[2] if len(inputs) == 3 else 0.0
    offset = weights[2] * x3 if len(inputs) == 3 else 0.0
    plot_column, text_column = st.columns([3, 2])
    with plot_column:
        st.plotly_chart(decision, width="stretch", theme=None, key="act_neuron_decision")
    with text_column:
        st.caption(t("act.neuron.decision.caption"))
        if len(inputs) == 3:
            st.caption(t("act.neuron.decision.caption3", x3=f"{x3:g}", term=f"{offset:.2f}"))
        if weights[0] == 0.0 and weights[1] == 0.0:
            st.info(t("act.neuron.decision.no_line"))
    show_code_sample("activations_neuron")


# ------------------------------------------------------------------------------------------------------------------


def activation_notes() -> dict[str, str]:
    return {activation_id: t(f"act.note.{activation_id}") for activation_id in activation_math.ACTIVATIONS}


st.title(t("act.title"))
st.write(t("act.intro"))
activation_display_names = figures.activation_names()
_, plotted_range = curves_section(activation_display_names)
st.divider()
focus_section(activation_display_names, activation_notes(), plotted_range)
st.divider()
softmax_section()
st.divider()
neuron_section(activation_display_names)
course_code(
    {"NumPy + Keras": "course_activations_numpy"},
    changes=[t("act.course.code.change.numpy"), t("act.course.code.change.keras")],
    key="activations",
)
