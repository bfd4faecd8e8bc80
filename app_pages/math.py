"""Math foundations: the handful of ideas every neural network is built from, each one you can play with.

Vectors and matrices (a Dense layer is a matrix product), derivatives and gradients (computed here by
TensorFlow's automatic differentiation, exactly as in training), the chain rule (backpropagation in one
line), real Keras optimizers racing down a loss surface, and the probability behind random initialisation
and sampling. The math lives in ``core``, the pictures in ``dashboard.figures.math``; this script only lays
out widgets and results. Nothing the learner types is evaluated as code: numbers come from numeric widgets,
functions from fixed menus.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from core.lessons.math import calculus, linear_algebra, optimization, probability
from dashboard.figures import math as figures
from dashboard.i18n import t

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
STEP_CHOICES = [10.0**-exponent for exponent in range(1, 15)]  # h for the finite difference
ERROR_CURVE_STEPS = np.logspace(-15, 0, 61)  # four steps per decade for the error-vs-h curve
LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
DESCENT_SURFACES = ("elongated_bowl", "rosenbrock", "himmelblau", "sin_cos", "bowl")
SAMPLE_SIZES = [10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000]


def chart(figure, key: str, **options):
    # theme=None keeps the figures' own white look (dashboard.figures.theme) instead of Streamlit's restyling.
    return st.plotly_chart(figure, width="stretch", key=key, theme=None, config=PLOTLY_CONFIG, **options)


def figure_title(text: str) -> None:
    # Titles sit above the figures, not inside them, so they never collide with a legend.
    st.markdown(f"**{text}**")


def show_code(snippet: str) -> None:
    with st.expander(t("common.show_code"), icon=":material/code:"):
        st.code(snippet, language="python")


def number(value: float, digits: int = 4) -> str:
    return figures.format_number(value, digits)


def latex_number(value: float, digits: int = 4) -> str:
    """A number for st.latex; negatives in parentheses so that products read right: 2 \\cdot (-3)."""
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"({text})" if value < 0 else text


def set_default(key: str, value) -> None:
    """Give a widget its first value through Session State, so callbacks can move it later."""
    if key not in st.session_state:
        st.session_state[key] = value


def clamp_state(key: str, low: float, high: float) -> None:
    """Keep a slider's stored value inside the range it is about to be drawn with."""
    value = st.session_state.get(key)
    if value is not None and not low <= value <= high:
        st.session_state[key] = min(max(value, low), high)


# --- Cached computations (pure, keyed on plain arguments) ----------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def surface_grid(surface_key: str, resolution: int):
    surface = calculus.get_surface(surface_key)
    xs = np.linspace(*surface.x_range, resolution)
    ys = np.linspace(*surface.y_range, resolution)
    return xs, ys, calculus.surface_values(surface_key, xs, ys)


@st.cache_data(max_entries=32, show_spinner=False)
def gradient_field(surface_key: str, count: int = 15):
    surface = calculus.get_surface(surface_key)
    grid_x, grid_y = np.meshgrid(np.linspace(*surface.x_range, count), np.linspace(*surface.y_range, count))
    _, d_dx, d_dy = calculus.gradients(surface_key, grid_x, grid_y)
    return grid_x, grid_y, d_dx, d_dy


@st.cache_data(max_entries=64, show_spinner=False)
def function_curve(function_key: str):
    spec = calculus.get_function(function_key)
    xs = np.linspace(*spec.x_range, 400)
    values, derivatives = calculus.values_and_derivatives(function_key, xs)
    return xs, values, derivatives


@st.cache_data(max_entries=128, show_spinner=False)
def descent_race(
    surface_key: str, optimizer_keys: tuple[str, ...], learning_rate: float, steps: int, start: tuple[float, float]
):
    return optimization.race(surface_key, optimizer_keys, learning_rate, steps, start)


@st.cache_data(max_entries=16, show_spinner=False)  # up to 100,000 samples (800 kB) each
def samples_for(distribution: str, parameter_a: float, parameter_b: float, count: int, seed: int) -> np.ndarray:
    if distribution == "gaussian":
        return probability.gaussian_sample(parameter_a, parameter_b, count, seed)
    return probability.bernoulli_sample(parameter_a, count, seed)


# --- 1. Vectors ----------------------------------------------------------------------------------


def vectors_ui() -> tuple[list[float | None], list[float | None]]:
    """Two 2-D vectors, typed as numbers."""
    columns = st.columns(4)
    inputs = (
        ("math_vector_ax", t("math.vectors.a_x"), 3.0),
        ("math_vector_ay", t("math.vectors.a_y"), 1.0),
        ("math_vector_bx", t("math.vectors.b_x"), 1.0),
        ("math_vector_by", t("math.vectors.b_y"), 2.0),
    )
    values = [
        column.number_input(label, min_value=-10.0, max_value=10.0, value=default, step=0.5, key=key)
        for column, (key, label, default) in zip(columns, inputs)
    ]
    return values[:2], values[2:]


def vectors_section() -> None:
    st.markdown(t("math.vectors.idea"))
    a_values, b_values = vectors_ui()
    try:
        total = linear_algebra.vector_sum(a_values, b_values)
        result = linear_algebra.dot_product(a_values, b_values)
    except ValueError:
        st.warning(t("math.vectors.invalid"))
        return
    a, b = result.a, result.b

    left, right = st.columns(2)
    with left:
        figure_title(t("math.vectors.figure.sum_title"))
        chart(figures.vector_sum_figure(a, b), key="math_vectors_sum_chart")
    with right:
        figure_title(t("math.vectors.figure.dot_title"))
        chart(figures.dot_product_figure(a, b, result.projection, result.angle_degrees), key="math_vectors_dot_chart")

    columns = st.columns(6)
    columns[0].metric("a + b", f"({number(total[0])}, {number(total[1])})")
    columns[1].metric("a · b", number(result.dot))
    columns[2].metric("|a|", number(result.norm_a))
    columns[3].metric("|b|", number(result.norm_b))
    columns[4].metric(t("math.vectors.angle"), "—" if result.angle_degrees is None else f"{result.angle_degrees:.1f}°")
    columns[5].metric(
        t("math.vectors.shadow"), "—" if result.scalar_projection is None else number(result.scalar_projection)
    )

    sum_of_products = (
        rf"{latex_number(a[0])} \cdot {latex_number(b[0])} + {latex_number(a[1])} \cdot {latex_number(b[1])}"
    )
    if result.cosine is None:
        st.latex(rf"a \cdot b = a_x b_x + a_y b_y = {sum_of_products} = {latex_number(result.dot)}")
        st.info(t("math.vectors.zero_vector"))
    else:
        st.latex(
            rf"a \cdot b = {sum_of_products} = {latex_number(result.dot)}"
            rf" = |a|\,|b|\cos\theta = {latex_number(result.norm_a)} \times {latex_number(result.norm_b)}"
            rf" \times {latex_number(result.cosine)}"
        )
        if abs(result.cosine) < 1e-9:
            st.caption(t("math.vectors.sign.zero"))
        elif result.dot > 0:
            st.caption(t("math.vectors.sign.positive"))
        else:
            st.caption(t("math.vectors.sign.negative"))
    show_code(f"""import numpy as np

a = np.array([{a[0]:g}, {a[1]:g}])
b = np.array([{b[0]:g}, {b[1]:g}])

total = a + b                                     # {total[0]:g}, {total[1]:g}
dot = np.dot(a, b)                                # {result.dot:g}
cos_theta = dot / (np.linalg.norm(a) * np.linalg.norm(b))
theta = np.degrees(np.arccos(np.clip(cos_theta, -1, 1)))
projection = dot / np.dot(b, b) * b               # a's shadow on b
""")


# --- 2. Matrices ---------------------------------------------------------------------------------


def matrix_frame(values) -> pd.DataFrame:
    return pd.DataFrame(
        np.asarray(values, dtype=np.float64), columns=[t("math.matrices.column_1"), t("math.matrices.column_2")]
    )


def matrix_product_ui() -> tuple[pd.DataFrame, pd.DataFrame, tuple[int, int]]:
    """Two editable 2x2 matrices and the entry of the product to explain."""
    number_column = st.column_config.NumberColumn(format="%g", step=0.5)
    column_config = {t("math.matrices.column_1"): number_column, t("math.matrices.column_2"): number_column}
    left, right = st.columns(2)
    with left:
        st.markdown("**A**")
        a_frame = st.data_editor(
            matrix_frame([[1, 2], [3, 4]]),
            key="math_matrix_a",
            hide_index=True,
            column_config=column_config,
            width="stretch",
        )
    with right:
        st.markdown("**B**")
        b_frame = st.data_editor(
            matrix_frame([[5, 6], [7, 8]]),
            key="math_matrix_b",
            hide_index=True,
            column_config=column_config,
            width="stretch",
        )
    # Labels are made now, in this run's language: a format_func that calls t() later could run elsewhere.
    entry_labels = {
        (row, column): t("math.matrices.entry_option", row=row + 1, column=column + 1)
        for row in range(2)
        for column in range(2)
    }
    entry = st.radio(
        t("math.matrices.entry"),
        options=list(entry_labels),
        format_func=entry_labels.__getitem__,
        horizontal=True,
        key="math_matrix_entry",
    )
    return a_frame, b_frame, entry


def matrix_product_section() -> None:
    st.subheader(t("math.matrices.product_title"))
    st.markdown(t("math.matrices.product_idea"))
    a_frame, b_frame, (row, column) = matrix_product_ui()
    try:
        a = linear_algebra.as_matrix(a_frame.to_numpy(dtype=np.float64, na_value=np.nan), "matrix A")
        b = linear_algebra.as_matrix(b_frame.to_numpy(dtype=np.float64, na_value=np.nan), "matrix B")
        product = linear_algebra.matrix_product(a, b)
        entry = linear_algebra.product_entry(a, b, row, column)
    except (ValueError, TypeError):
        st.warning(t("math.matrices.invalid"))
        return
    chart(figures.matrix_product_figure(a, b, product, row, column), key="math_matrix_product_chart")
    terms = " + ".join(rf"{latex_number(left)} \cdot {latex_number(right)}" for left, right in entry.terms)
    st.latex(rf"C_{{{row + 1}{column + 1}}} = {terms} = {latex_number(entry.value, 8)}")
    st.caption(t("math.matrices.product_rule", row=row + 1, column=column + 1))
    show_code(f"""import numpy as np
import keras

A = np.array({a.tolist()})
B = np.array({b.tolist()})

A @ B                      # numpy: {product.tolist()}
keras.ops.matmul(A, B)     # the same product, the op inside every Dense layer
A[{row}, :] @ B[:, {column}]         # one entry: row {row + 1} of A times column {column + 1} of B
""")


def apply_preset() -> None:
    """Copy the chosen preset into the four matrix inputs (a callback, so it runs before they are drawn)."""
    matrix = linear_algebra.PRESETS[st.session_state["math_transform_preset"]]
    for (i, j), key in TRANSFORM_KEYS.items():
        st.session_state[key] = float(matrix[i][j])


TRANSFORM_KEYS = {
    (0, 0): "math_transform_m11",
    (0, 1): "math_transform_m12",
    (1, 0): "math_transform_m21",
    (1, 1): "math_transform_m22",
}


def transformation_ui() -> np.ndarray:
    """A preset to start from, then the four entries, free to edit."""
    preset_names = {
        "identity": t("math.transform.preset.identity"),
        "scaling": t("math.transform.preset.scaling"),
        "stretch": t("math.transform.preset.stretch"),
        "shear": t("math.transform.preset.shear"),
        "rotation": t("math.transform.preset.rotation"),
        "reflection": t("math.transform.preset.reflection"),
        "singular": t("math.transform.preset.singular"),
    }
    set_default("math_transform_preset", "stretch")
    for (i, j), key in TRANSFORM_KEYS.items():
        set_default(key, float(linear_algebra.PRESETS["stretch"][i][j]))
    left, right = st.columns([1, 1])
    with left:
        preset = st.selectbox(
            t("math.transform.preset"),
            options=list(preset_names),
            format_func=preset_names.__getitem__,
            key="math_transform_preset",
            on_change=apply_preset,
        )
    with right:
        st.markdown(t("math.transform.entries"))
        rows = [st.columns(2), st.columns(2)]
        values = np.zeros((2, 2))
        for (i, j), key in TRANSFORM_KEYS.items():
            values[i, j] = rows[i][j].number_input(
                f"m{i + 1}{j + 1}", min_value=-5.0, max_value=5.0, step=0.1, format="%.4g", key=key
            )
    if not np.allclose(values, linear_algebra.PRESETS[preset]):
        left.caption(t("math.transform.edited"))
    return values


def eigenvalue_text(value: complex) -> str:
    if abs(value.imag) < 1e-12:
        return number(value.real, 3)
    return f"{number(value.real, 3)} ± {number(abs(value.imag), 3)}i"


def transformation_section() -> None:
    st.subheader(t("math.transform.title"))
    st.markdown(t("math.transform.idea"))
    values = transformation_ui()
    try:
        analysis = linear_algebra.analyse_transformation(values)
    except ValueError:
        st.warning(t("math.transform.invalid"))
        return
    directions = [(direction.value, direction.vector) for direction in analysis.directions]
    chart(
        figures.transformation_figure(
            analysis.matrix,
            linear_algebra.grid_lines(3, 2),
            linear_algebra.unit_circle(),
            linear_algebra.unit_square(),
            directions,
        ),
        key="math_transform_chart",
    )
    columns = st.columns(4)
    columns[0].metric(
        t("math.transform.determinant"), number(analysis.determinant), help=t("math.transform.determinant_help")
    )
    columns[1].metric(t("math.transform.trace"), number(analysis.trace))
    eigenvalues = analysis.eigenvalues
    if analysis.kind == "complex":
        columns[2].metric("λ₁, λ₂", eigenvalue_text(eigenvalues[0]))
    else:
        columns[2].metric("λ₁, λ₂", ", ".join(number(value, 3) for value in sorted(eigenvalues.real, reverse=True)))
    columns[3].metric(t("math.transform.rank"), str(analysis.rank))

    st.markdown(t("math.transform.area", area=number(abs(analysis.determinant))))
    if analysis.rank == 0:
        st.warning(t("math.transform.rank_zero"))
    elif analysis.singular:
        st.warning(t("math.transform.singular"))
    if analysis.kind == "complex":
        value = eigenvalues[0]
        st.info(t("math.transform.complex", real=number(value.real), imaginary=number(abs(value.imag))))
    elif analysis.kind == "scalar":
        st.info(t("math.transform.scalar", value=number(analysis.directions[0].value)))
    elif analysis.kind == "defective":
        st.info(t("math.transform.defective", value=number(analysis.directions[0].value)))
    else:
        st.caption(t("math.transform.distinct"))
    if analysis.flips_orientation:
        st.info(t("math.transform.flip"))
    show_code(f"""import numpy as np

M = np.array({analysis.matrix.tolist()})
np.linalg.det(M)                              # area scale: {analysis.determinant:.4g}
eigenvalues, eigenvectors = np.linalg.eig(M)  # columns v with M @ v == eigenvalue * v

angles = np.linspace(0, 2 * np.pi, 200)
circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
ellipse = circle @ M.T                        # every point x becomes M @ x
""")


def matrices_section() -> None:
    matrix_product_section()
    st.divider()
    transformation_section()


# --- 3. Derivatives ------------------------------------------------------------------------------


def reset_derivative_point() -> None:
    spec = calculus.get_function(st.session_state["math_derivative_function"])
    st.session_state["math_derivative_x0"] = spec.default_x


def move_point_from_click() -> None:
    """Clicking the function curve moves x0 there: the chart's selection event, as a callback."""
    state = st.session_state.get("math_derivative_chart")
    points = state.get("selection", {}).get("points", []) if state else []
    if not points or "x" not in points[0]:
        return
    spec = calculus.get_function(st.session_state["math_derivative_function"])
    low, high = slider_range(spec.x_range)
    st.session_state["math_derivative_x0"] = round(min(max(float(points[0]["x"]), low), high), 2)


def slider_range(bounds: tuple[float, float]) -> tuple[float, float]:
    """Round a function's window to the slider's 0.01 grid, inward."""
    return math.ceil(bounds[0] * 100) / 100, math.floor(bounds[1] * 100) / 100


def derivative_ui() -> tuple[str, float, float, str]:
    """Which function, where (x0), with which finite-difference step h, in which precision."""
    function_names = {
        "square": t("math.function.square"),
        "cube": t("math.function.cube"),
        "sin": t("math.function.sin"),
        "cos": t("math.function.cos"),
        "exp": t("math.function.exp"),
        "log": t("math.function.log"),
        "sigmoid": t("math.function.sigmoid"),
        "tanh": t("math.function.tanh"),
        "abs": t("math.function.abs"),
        "relu": t("math.function.relu"),
        "softplus": t("math.function.softplus"),
    }
    set_default("math_derivative_function", "sin")
    left, middle, right = st.columns([1.2, 2, 1.4])
    function_key = left.selectbox(
        t("math.derivative.function"),
        options=list(function_names),
        format_func=function_names.__getitem__,
        key="math_derivative_function",
        on_change=reset_derivative_point,
    )
    spec = calculus.get_function(function_key)
    low, high = slider_range(spec.x_range)
    set_default("math_derivative_x0", spec.default_x)
    clamp_state("math_derivative_x0", low, high)
    x0 = middle.slider(
        t("math.derivative.point"),
        min_value=low,
        max_value=high,
        step=0.01,
        key="math_derivative_x0",
        help=t("math.derivative.point_help"),
    )
    step = right.select_slider(
        t("math.derivative.step"),
        options=STEP_CHOICES,
        value=1e-3,
        format_func=lambda h: f"{h:.0e}",
        key="math_derivative_step",
    )
    precision = left.radio(
        t("math.derivative.precision"),
        options=["float64", "float32"],
        horizontal=True,
        key="math_derivative_precision",
        help=t("math.derivative.precision_help"),
    )
    return function_key, float(x0), float(step), precision


def derivative_section() -> None:
    st.markdown(t("math.derivative.idea"))
    function_key, x0, step, precision = derivative_ui()
    spec = calculus.get_function(function_key)
    try:
        xs, values, derivatives = function_curve(function_key)
        (value0,), (slope0,) = calculus.values_and_derivatives(function_key, [x0])
        estimate = calculus.central_difference(function_key, x0, step, precision)
        errors = {
            name: calculus.finite_difference_errors(function_key, x0, ERROR_CURVE_STEPS, name)
            for name in ("float64", "float32")
        }
    except ValueError:
        st.warning(t("math.derivative.invalid"))
        return
    st.latex(rf"{spec.latex} \qquad {spec.derivative_latex}")

    left, right = st.columns([3, 2])
    with left:
        figure_title(t("math.derivative.figure.function_title"))
        chart(
            figures.derivative_figure(
                xs, values, derivatives, x0, value0, slope0, calculus.tangent_line(x0, value0, slope0, xs)
            ),
            key="math_derivative_chart",
            on_select=move_point_from_click,
            selection_mode="points",
        )
        st.caption(t("math.derivative.click_hint"))
    error = abs(estimate - slope0)
    with right:
        figure_title(t("math.derivative.figure.error_title"))
        chart(
            figures.finite_difference_error_figure(ERROR_CURVE_STEPS, errors, step, error, precision),
            key="math_derivative_error_chart",
        )

    columns = st.columns(4)
    columns[0].metric("f(x₀)", number(value0, 6))
    columns[1].metric(t("math.derivative.autodiff"), number(slope0, 10))
    columns[2].metric(t("math.derivative.finite_difference", h=f"{step:.0e}"), number(estimate, 10))
    columns[3].metric(t("math.derivative.error"), "—" if math.isnan(error) else f"{error:.2e}")

    if math.isnan(estimate):
        st.warning(t("math.derivative.outside_domain", h=f"{step:.0e}", x=number(x0)))
    if calculus.nearest_kink(function_key, x0) is not None:
        st.info(t("math.derivative.kink", value=number(slope0)))
    st.markdown(t("math.derivative.error_explained"))
    show_code(f"""import tensorflow as tf

x = tf.Variable({x0:g}, dtype=tf.float64)
with tf.GradientTape() as tape:
    y = f(x)                      # {spec.latex.replace("f(x) = ", "")}
slope = tape.gradient(y, x)       # autodiff: {slope0:.10g}

h = {step:.0e}
estimate = (f(x + h) - f(x - h)) / (2 * h)   # central difference: {estimate:.10g}
""")


# --- 4. Chain rule -------------------------------------------------------------------------------


def chain_ui() -> tuple[str, float, float, float]:
    composition_names = {
        "sigmoid_affine": t("math.chain.composition.sigmoid_affine"),
        "sin_square": t("math.chain.composition.sin_square"),
        "exp_negative_square": t("math.chain.composition.exp_negative_square"),
        "tanh_cube": t("math.chain.composition.tanh_cube"),
    }
    set_default("math_chain_x", 1.0)
    columns = st.columns(4)
    key = columns[0].selectbox(
        t("math.chain.composition"),
        options=list(composition_names),
        format_func=composition_names.__getitem__,
        key="math_chain_composition",
    )
    composition = calculus.get_composition(key)
    low, high = slider_range(composition.x_range)
    clamp_state("math_chain_x", low, high)
    x = columns[1].slider("x", min_value=low, max_value=high, step=0.01, key="math_chain_x")
    weight, bias = 1.0, 0.0
    if composition.uses_weight_and_bias:
        weight = columns[2].slider(
            t("math.chain.weight"), min_value=-3.0, max_value=3.0, value=2.0, step=0.1, key="math_chain_weight"
        )
        bias = columns[3].slider(
            t("math.chain.bias"), min_value=-3.0, max_value=3.0, value=-1.0, step=0.1, key="math_chain_bias"
        )
    return key, float(x), float(weight), float(bias)


def chain_section() -> None:
    st.markdown(t("math.chain.idea"))
    key, x, weight, bias = chain_ui()
    composition = calculus.get_composition(key)
    try:
        steps = calculus.chain_rule_steps(key, x, weight, bias)
        xs = np.linspace(*composition.x_range, 300)
        curve_values, curve_slopes = calculus.composition_curve(key, xs, weight, bias)
    except ValueError:
        st.warning(t("math.chain.invalid"))
        return
    st.latex(
        rf"{composition.whole_latex}: \quad {composition.inner_latex}, \quad {composition.outer_latex}"
        rf" \qquad \dfrac{{dy}}{{dx}} = \dfrac{{dy}}{{du}} \cdot \dfrac{{du}}{{dx}}"
    )
    st.latex(rf"{composition.outer_derivative_latex}, \qquad {composition.inner_derivative_latex}")
    autodiff_label = t("math.chain.autodiff_label")
    st.latex(
        rf"\dfrac{{dy}}{{dx}} = {latex_number(steps.dy_du)} \times {latex_number(steps.du_dx)}"
        rf" = {latex_number(steps.chain_product, 8)}"
        rf" \qquad \text{{{autodiff_label}}}: {latex_number(steps.autodiff, 8)}"
    )
    left, right = st.columns([3, 2])
    with left:
        figure_title(t("math.chain.figure.graph_title"))
        chart(
            figures.chain_graph_figure(
                steps.x,
                steps.u,
                steps.y,
                steps.du_dx,
                steps.dy_du,
                steps.autodiff,
                composition.inner_text,
                composition.outer_text,
            ),
            key="math_chain_graph_chart",
        )
    with right:
        figure_title(t("math.chain.figure.curve_title"))
        chart(
            figures.composition_figure(xs, curve_values, curve_slopes, steps.x, steps.y, steps.autodiff),
            key="math_chain_curve_chart",
        )
    columns = st.columns(5)
    columns[0].metric("u", number(steps.u, 6))
    columns[1].metric("y", number(steps.y, 6))
    columns[2].metric("dy/du", number(steps.dy_du, 6))
    columns[3].metric("du/dx", number(steps.du_dx, 6))
    columns[4].metric(
        t("math.chain.product_vs_autodiff"),
        number(steps.chain_product, 8),
        delta=t("math.chain.difference", difference=f"{abs(steps.chain_product - steps.autodiff):.1e}"),
        delta_color="off",
        delta_arrow="off",
    )
    st.markdown(t("math.chain.backprop"))
    show_code(f"""import tensorflow as tf
import keras

x = tf.constant({x:g}, dtype=tf.float64)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    u = ...                      # {composition.inner_text}
    y = ...                      # {composition.outer_text}
du_dx = tape.gradient(u, x)      # {steps.du_dx:.6g}
dy_du = tape.gradient(y, u)      # {steps.dy_du:.6g}
dy_dx = tape.gradient(y, x)      # {steps.autodiff:.6g} == dy_du * du_dx
""")


# --- 5. Gradients --------------------------------------------------------------------------------


def surface_names() -> dict[str, str]:
    return {
        "bowl": t("math.surface.bowl"),
        "elongated_bowl": t("math.surface.elongated_bowl"),
        "saddle": t("math.surface.saddle"),
        "sin_cos": t("math.surface.sin_cos"),
        "himmelblau": t("math.surface.himmelblau"),
        "rosenbrock": t("math.surface.rosenbrock"),
    }


def reset_gradient_point() -> None:
    surface = calculus.get_surface(st.session_state["math_gradient_surface"])
    st.session_state["math_gradient_x"], st.session_state["math_gradient_y"] = surface.start


def gradient_ui() -> tuple[str, float, float]:
    names = surface_names()
    set_default("math_gradient_surface", "sin_cos")
    columns = st.columns(3)
    surface_key = columns[0].selectbox(
        t("math.gradient.surface"),
        options=list(names),
        format_func=names.__getitem__,
        key="math_gradient_surface",
        on_change=reset_gradient_point,
    )
    surface = calculus.get_surface(surface_key)
    set_default("math_gradient_x", surface.start[0])
    set_default("math_gradient_y", surface.start[1])
    clamp_state("math_gradient_x", *surface.x_range)
    clamp_state("math_gradient_y", *surface.y_range)
    x = columns[1].slider(
        "x", min_value=float(surface.x_range[0]), max_value=float(surface.x_range[1]), step=0.05, key="math_gradient_x"
    )
    y = columns[2].slider(
        "y", min_value=float(surface.y_range[0]), max_value=float(surface.y_range[1]), step=0.05, key="math_gradient_y"
    )
    return surface_key, float(x), float(y)


def gradient_section() -> None:
    st.markdown(t("math.gradient.idea"))
    surface_key, x, y = gradient_ui()
    surface = calculus.get_surface(surface_key)
    try:
        value, d_dx, d_dy = calculus.gradient_at(surface_key, x, y)
        xs3, ys3, values3 = surface_grid(surface_key, 60)
        xs, ys, values = surface_grid(surface_key, 120)
        field = gradient_field(surface_key)
    except ValueError:
        st.warning(t("math.gradient.invalid"))
        return
    st.latex(
        rf"{surface.latex} \qquad \nabla f({latex_number(x)}, {latex_number(y)}) = "
        rf"\begin{{bmatrix}} \partial f / \partial x \\ \partial f / \partial y \end{{bmatrix}} = "
        rf"\begin{{bmatrix}} {latex_number(d_dx)} \\ {latex_number(d_dy)} \end{{bmatrix}}"
    )
    left, right = st.columns(2)
    with left:
        figure_title(t("math.gradient.figure.surface_title"))
        chart(figures.surface_figure(xs3, ys3, values3, (x, y), value), key="math_gradient_surface_chart")
    with right:
        figure_title(t("math.gradient.figure.contour_title"))
        chart(
            figures.gradient_contour_figure(
                xs, ys, values, surface.log_contours, field, (x, y), (d_dx, d_dy), surface.x_range, surface.y_range
            ),
            key="math_gradient_contour_chart",
        )
    norm = math.hypot(d_dx, d_dy)
    columns = st.columns(4)
    columns[0].metric("f(x, y)", number(value, 6))
    columns[1].metric("∂f/∂x", number(d_dx, 6))
    columns[2].metric("∂f/∂y", number(d_dy, 6))
    columns[3].metric("|∇f|", number(norm, 6))
    if norm < 1e-6:
        st.info(t("math.gradient.flat"))
    st.markdown(t("math.gradient.uphill"))
    st.caption(t("math.gradient.arrows_note"))
    show_code(f"""import numpy as np
import tensorflow as tf

x = tf.Variable({x:g}, dtype=tf.float64)
y = tf.Variable({y:g}, dtype=tf.float64)
with tf.GradientTape() as tape:
    z = f(x, y)                              # {surface.latex.replace("f(x, y) = ", "")}
df_dx, df_dy = tape.gradient(z, [x, y])     # {d_dx:.6g}, {d_dy:.6g}

# The whole arrow field in one tape: a grid of points, one backward pass.
grid_x, grid_y = [tf.constant(g) for g in np.meshgrid(np.linspace(-5, 5, 15), np.linspace(-5, 5, 15))]
with tf.GradientTape() as tape:
    tape.watch([grid_x, grid_y])
    z = f(grid_x, grid_y)
field_x, field_y = tape.gradient(z, [grid_x, grid_y])
""")


# --- 6. Gradient descent -------------------------------------------------------------------------


def reset_descent_settings() -> None:
    surface = calculus.get_surface(st.session_state["math_descent_surface"])
    st.session_state["math_descent_start_x"], st.session_state["math_descent_start_y"] = surface.start
    st.session_state["math_descent_learning_rate"] = surface.default_learning_rate


def descent_ui() -> tuple[str, tuple[str, ...], float, int, tuple[float, float]]:
    names = surface_names()
    optimizer_names = {key: figures.optimizer_name(key) for key in optimization.OPTIMIZER_KEYS}
    set_default("math_descent_surface", "himmelblau")
    default_surface = calculus.get_surface(st.session_state["math_descent_surface"])
    set_default("math_descent_learning_rate", default_surface.default_learning_rate)
    top = st.columns([1.2, 2.4])
    surface_key = top[0].selectbox(
        t("math.descent.surface"),
        options=list(DESCENT_SURFACES),
        format_func=names.__getitem__,
        key="math_descent_surface",
        on_change=reset_descent_settings,
        help=t("math.descent.surface_help"),
    )
    chosen = top[1].multiselect(
        t("math.descent.optimizers"),
        options=list(optimizer_names),
        default=list(optimizer_names),
        format_func=optimizer_names.__getitem__,
        key="math_descent_optimizers",
    )
    surface = calculus.get_surface(surface_key)
    set_default("math_descent_start_x", surface.start[0])
    set_default("math_descent_start_y", surface.start[1])
    clamp_state("math_descent_start_x", *surface.x_range)
    clamp_state("math_descent_start_y", *surface.y_range)
    columns = st.columns(4)
    learning_rate = columns[0].select_slider(
        t("math.descent.learning_rate"),
        options=LEARNING_RATES,
        format_func=lambda rate: f"{rate:g}",
        key="math_descent_learning_rate",
    )
    steps = columns[1].slider(t("math.descent.steps"), min_value=1, max_value=200, value=200, key="math_descent_steps")
    start_x = columns[2].slider(
        t("math.descent.start_x"),
        min_value=float(surface.x_range[0]),
        max_value=float(surface.x_range[1]),
        step=0.05,
        key="math_descent_start_x",
    )
    start_y = columns[3].slider(
        t("math.descent.start_y"),
        min_value=float(surface.y_range[0]),
        max_value=float(surface.y_range[1]),
        step=0.05,
        key="math_descent_start_y",
    )
    ordered = tuple(key for key in optimization.OPTIMIZER_KEYS if key in chosen)
    return surface_key, ordered, float(learning_rate), int(steps), (float(start_x), float(start_y))


def descent_section() -> None:
    st.markdown(t("math.descent.idea"))
    surface_key, optimizer_keys, learning_rate, steps, start = descent_ui()
    surface = calculus.get_surface(surface_key)
    if not optimizer_keys:
        st.info(t("math.descent.none_selected"))
        return
    try:
        trajectories = descent_race(surface_key, optimizer_keys, learning_rate, steps, start)
        xs, ys, values = surface_grid(surface_key, 120)
    except ValueError:
        st.warning(t("math.descent.invalid"))
        return
    st.latex(surface.latex)
    for key, trajectory in trajectories.items():
        if trajectory.diverged_at is not None:
            st.warning(t("math.descent.diverged", optimizer=figures.optimizer_name(key), step=trajectory.diverged_at))
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**" + t("math.descent.paths_title") + "**")
        chart(
            figures.descent_figure(
                xs, ys, values, surface.log_contours, trajectories, surface.minima, surface.x_range, surface.y_range
            ),
            key="math_descent_chart",
        )
    with right:
        st.markdown("**" + t("math.descent.loss_title") + "**")
        chart(figures.loss_curves_figure(trajectories, surface.minimum_value or 0.0), key="math_descent_loss_chart")

    rows = []
    for key, trajectory in trajectories.items():
        status = (
            t("math.descent.status.diverged", step=trajectory.diverged_at)
            if trajectory.diverged_at is not None
            else t("math.descent.status.finished", steps=trajectory.steps_taken)
        )
        rows.append(
            {
                t("math.descent.table.optimizer"): figures.optimizer_name(key),
                t("math.descent.table.loss"): trajectory.final_loss,
                "x": trajectory.final_position[0],
                "y": trajectory.final_position[1],
                t("math.descent.table.status"): status,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            t("math.descent.table.loss"): st.column_config.NumberColumn(format="%.4g"),
            "x": st.column_config.NumberColumn(format="%.4f"),
            "y": st.column_config.NumberColumn(format="%.4f"),
        },
    )
    st.markdown(t("math.descent.takeaways"))
    show_code(f"""import keras
import tensorflow as tf

point = tf.Variable([{start[0]:g}, {start[1]:g}])
optimizer = keras.optimizers.Adam(learning_rate={learning_rate:g})   # or SGD(momentum=0.9), RMSprop

@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = f(point[0], point[1])          # {surface.latex.replace("f(x, y) = ", "")}
    gradient = tape.gradient(loss, point)
    optimizer.apply([gradient], [point])      # what model.fit does to every weight
    return loss

for step in range({steps}):
    loss = train_step()
""")


# --- 7. Probability ------------------------------------------------------------------------------


def probability_ui() -> tuple[str, float, float, int, int]:
    distribution_names = {"gaussian": t("math.probability.gaussian"), "bernoulli": t("math.probability.bernoulli")}
    distribution = st.radio(
        t("math.probability.distribution"),
        options=list(distribution_names),
        format_func=distribution_names.__getitem__,
        horizontal=True,
        key="math_probability_distribution",
    )
    columns = st.columns(4)
    if distribution == "gaussian":
        parameter_a = columns[0].slider(t("math.probability.mean"), -5.0, 5.0, 0.0, 0.1, key="math_probability_mean")
        parameter_b = columns[1].slider(t("math.probability.std"), 0.1, 5.0, 1.0, 0.1, key="math_probability_std")
    else:
        parameter_a = columns[0].slider(t("math.probability.p"), 0.0, 1.0, 0.3, 0.01, key="math_probability_p")
        parameter_b = 0.0
        columns[1].empty()
    count = columns[2].select_slider(
        t("math.probability.samples"),
        options=SAMPLE_SIZES,
        value=1_000,
        format_func=lambda n: f"{n:,}",
        key="math_probability_count",
    )
    seed = columns[3].number_input(
        t("math.probability.seed"), min_value=0, max_value=1_000_000, value=0, step=1, key="math_probability_seed"
    )
    return distribution, float(parameter_a), float(parameter_b), int(count), int(seed)


def probability_section() -> None:
    st.markdown(t("math.probability.idea"))
    distribution, parameter_a, parameter_b, count, seed = probability_ui()
    try:
        samples = samples_for(distribution, parameter_a, parameter_b, count, seed)
        if distribution == "gaussian":
            expectation, variance = probability.gaussian_moments(parameter_a, parameter_b)
            histogram = probability.density_histogram(samples, bins=min(60, max(10, int(math.sqrt(count)))))
            grid = np.linspace(parameter_a - 4.5 * parameter_b, parameter_a + 4.5 * parameter_b, 300)
            distribution_figure = figures.gaussian_figure(
                histogram.centers,
                histogram.widths,
                histogram.density,
                grid,
                probability.gaussian_density(parameter_a, parameter_b, grid),
            )
        else:
            expectation, variance = probability.bernoulli_moments(parameter_a)
            distribution_figure = figures.bernoulli_figure(
                probability.observed_frequencies(samples), probability.bernoulli_mass(parameter_a)
            )
        running_mean, running_variance = probability.running_moments(samples)
        sample_mean, sample_variance = probability.sample_moments(samples)
    except ValueError:
        st.warning(t("math.probability.invalid"))
        return
    if distribution == "gaussian":
        st.latex(
            r"X \sim \mathcal{N}(\mu, \sigma^2), \quad"
            r" p(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}},"
            r" \quad E[X] = \mu, \quad \operatorname{Var}[X] = \sigma^2"
        )
    else:
        st.latex(
            r"X \sim \operatorname{Bernoulli}(p), \quad P(X=1) = p, \quad"
            r" E[X] = p, \quad \operatorname{Var}[X] = p\,(1-p)"
        )
    left, right = st.columns(2)
    with left:
        figure_title(t("math.probability.figure.distribution_title"))
        chart(distribution_figure, key="math_probability_distribution_chart")
    with right:
        figure_title(t("math.probability.figure.convergence_title"))
        chart(
            figures.convergence_figure(running_mean, running_variance, expectation, variance),
            key="math_probability_convergence_chart",
        )
    columns = st.columns(4)
    columns[0].metric(t("math.probability.expectation_theory"), number(expectation))
    columns[1].metric(
        t("math.probability.sample_mean"),
        number(sample_mean),
        delta=f"{sample_mean - expectation:+.3g}",
        delta_color="off",
    )
    columns[2].metric(t("math.probability.variance_theory"), number(variance))
    columns[3].metric(
        t("math.probability.sample_variance"),
        "—" if sample_variance is None else number(sample_variance),
        delta=None if sample_variance is None else f"{sample_variance - variance:+.3g}",
        delta_color="off",
    )
    st.markdown(t("math.probability.lln"))
    if distribution == "gaussian":
        snippet = f"""import numpy as np
from scipy import stats

rng = np.random.default_rng({seed})
samples = stats.norm(loc={parameter_a:g}, scale={parameter_b:g}).rvs(size={count}, random_state=rng)
samples.mean(), samples.var(ddof=1)              # close to {expectation:g} and {variance:g}
stats.norm.pdf(x, loc={parameter_a:g}, scale={parameter_b:g})   # the red curve
running_mean = np.cumsum(samples) / np.arange(1, {count} + 1)
"""
    else:
        snippet = f"""import numpy as np
from scipy import stats

rng = np.random.default_rng({seed})
samples = stats.bernoulli({parameter_a:g}).rvs(size={count}, random_state=rng)
np.bincount(samples, minlength=2) / {count}      # observed shares of 0 and 1
stats.bernoulli.pmf([0, 1], {parameter_a:g})     # theory: {1 - parameter_a:g}, {parameter_a:g}
running_mean = np.cumsum(samples) / np.arange(1, {count} + 1)
"""
    show_code(snippet)


# --- The lesson ----------------------------------------------------------------------------------

st.title(t("math.title"))
st.markdown(t("math.intro"))

# Lazy tabs: only the open tab's section runs, so moving a slider recomputes one lesson, not seven.
SECTIONS = (
    (t("math.tab.vectors"), vectors_section),
    (t("math.tab.matrices"), matrices_section),
    (t("math.tab.derivatives"), derivative_section),
    (t("math.tab.chain"), chain_section),
    (t("math.tab.gradients"), gradient_section),
    (t("math.tab.descent"), descent_section),
    (t("math.tab.probability"), probability_section),
)
tabs = st.tabs([label for label, _ in SECTIONS], key="math_tab", on_change="rerun")
for tab, (_, section) in zip(tabs, SECTIONS):
    if tab.open:
        with tab:
            section()
