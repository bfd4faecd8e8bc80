"""The math page's calculus: derivatives (autodiff beside finite differences), the chain rule, gradients."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core.lessons.math import calculus, symbolic
from dashboard.figures.math import calculus as figures
from dashboard.i18n import t
from dashboard.lessons.math.code import composition_settings, function_settings, surface_settings
from dashboard.lessons.math.common import (
    Code,
    chart,
    clamp_state,
    figure_title,
    latex_number,
    number,
    set_default,
    show_code_sample,
)
from dashboard.setups.math import PRECISIONS, STEP_CHOICES

ERROR_CURVE_STEPS = np.logspace(-15, 0, 61)  # four steps per decade for the error-vs-h curve


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
    function_names = {function: t(f"math.function.{function}") for function in calculus.FUNCTIONS}
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
        options=list(STEP_CHOICES),
        value=1e-3,
        format_func=lambda h: f"{h:.0e}",
        key="math_derivative_step",
    )
    precision = left.radio(
        t("math.derivative.precision"),
        options=list(PRECISIONS),
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

    formula = symbolic.symbolic_derivative(function_key)
    symbolic_slope = formula.at(x0)
    columns = st.columns(5)
    columns[0].metric("f(x₀)", number(value0, 6))
    columns[1].metric(t("math.derivative.autodiff"), number(slope0, 10))
    columns[2].metric(
        t("math.derivative.symbolic"), number(symbolic_slope, 10), help=t("math.derivative.symbolic_help")
    )
    columns[3].metric(t("math.derivative.finite_difference", h=f"{step:.0e}"), number(estimate, 10))
    columns[4].metric(t("math.derivative.error"), "—" if math.isnan(error) else f"{error:.2e}")
    symbolic_ui(formula.function_latex, formula.derivative_latex, x0, symbolic_slope, slope0)

    if math.isnan(estimate):
        st.warning(t("math.derivative.outside_domain", h=f"{step:.0e}", x=number(x0)))
    if calculus.nearest_kink(function_key, x0) is not None:
        st.info(t("math.derivative.kink", value=number(slope0)))
    st.markdown(
        t("math.derivative.error_quadratic") if spec.exact_central_difference else t("math.derivative.error_explained")
    )
    show_code_sample(
        "math_derivative",
        {**function_settings(function_key), "x0": x0, "h": step, "dtype": Code(f"tf.{precision}")},
    )


def symbolic_ui(function_latex: str, derivative_latex: str, x0: float, symbolic_slope: float, autodiff: float) -> None:
    """The derivative's formula from SymPy, its value at x0, and whether autodiff agrees with it."""
    st.latex(
        rf"\text{{SymPy:}} \quad \frac{{d}}{{dx}}\left({function_latex}\right) = {derivative_latex}"
        rf" \quad\Rightarrow\quad f'({latex_number(x0)}) = {latex_number(symbolic_slope, 10)}"
    )
    if math.isnan(symbolic_slope):
        st.caption(t("math.derivative.symbolic_undefined"))
    elif math.isclose(symbolic_slope, autodiff, rel_tol=1e-9, abs_tol=1e-12):
        st.caption(t("math.derivative.symbolic_agrees"))
    else:
        st.caption(t("math.derivative.symbolic_differs", difference=f"{abs(symbolic_slope - autodiff):.2e}"))


# --- 4. Chain rule -------------------------------------------------------------------------------


def chain_ui() -> tuple[str, float, float, float]:
    composition_names = {name: t(f"math.chain.composition.{name}") for name in calculus.COMPOSITIONS}
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
    show_code_sample("math_chain", {**composition_settings(key), "w, b": Code(f"{weight!r}, {bias!r}"), "x0": x})


# --- 5. Gradients --------------------------------------------------------------------------------


def surface_names() -> dict[str, str]:
    return {surface: t(f"math.surface.{surface}") for surface in calculus.SURFACES}


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
    gradient_formula = symbolic.symbolic_gradient(surface_key)
    symbolic_dx, symbolic_dy = gradient_formula.at(x, y)
    st.latex(
        rf"\text{{SymPy:}} \quad \frac{{\partial f}}{{\partial x}} = {gradient_formula.d_dx_latex}"
        rf" = {latex_number(symbolic_dx, 8)}, \qquad \frac{{\partial f}}{{\partial y}} = {gradient_formula.d_dy_latex}"
        rf" = {latex_number(symbolic_dy, 8)}"
    )
    agrees = math.isclose(symbolic_dx, d_dx, rel_tol=1e-9, abs_tol=1e-9) and math.isclose(
        symbolic_dy, d_dy, rel_tol=1e-9, abs_tol=1e-9
    )
    st.caption(t("math.gradient.symbolic_agrees" if agrees else "math.gradient.symbolic_differs"))
    show_code_sample("math_gradient", {**surface_settings(surface_key), "x0, y0": Code(f"{x!r}, {y!r}")})
