"""Derivatives, gradients and the chain rule, all computed by TensorFlow's automatic differentiation.

Every function the learner can pick lives in a registry below as a TensorFlow callable plus its LaTeX
formula: nothing the learner types is ever evaluated as code. Derivatives come from ``tf.GradientTape``
over a whole array of points at once (one tape, not one tape per point), which keeps a page rerun fast.
Finite differences are here too, so the page can show why autodiff is the tool of choice: the central
difference is only as good as its step ``h``, and a tiny ``h`` drowns in floating-point round-off.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

DTYPES = {"float64": tf.float64, "float32": tf.float32}


# --- Functions of one variable ------------------------------------------------------------------


@dataclass(frozen=True)
class ScalarFunction:
    """A function of one variable the learner can differentiate."""

    key: str
    latex: str  # f(x), for st.latex
    derivative_latex: str  # f'(x), written out so the learner can check the autodiff result
    function: Callable[[tf.Tensor], tf.Tensor]  # elementwise, works on a tensor of any shape
    x_range: tuple[float, float]  # the window that is plotted and offered on the slider
    default_x: float
    domain_min: float | None = None  # open lower bound of the domain (ln x needs x > 0)
    kinks: tuple[float, ...] = ()  # points where the derivative does not exist
    # A quadratic has f‴ = 0: its central difference is exact for every h, and only round-off is left.
    exact_central_difference: bool = False


FUNCTIONS: dict[str, ScalarFunction] = {
    spec.key: spec
    for spec in (
        ScalarFunction(
            "square", r"f(x) = x^2", r"f'(x) = 2x", tf.math.square, (-3.0, 3.0), 1.0, exact_central_difference=True
        ),
        ScalarFunction("cube", r"f(x) = x^3", r"f'(x) = 3x^2", lambda x: x**3, (-2.5, 2.5), 1.0),
        ScalarFunction("sin", r"f(x) = \sin x", r"f'(x) = \cos x", tf.math.sin, (-2 * math.pi, 2 * math.pi), 1.0),
        ScalarFunction("cos", r"f(x) = \cos x", r"f'(x) = -\sin x", tf.math.cos, (-2 * math.pi, 2 * math.pi), 1.0),
        ScalarFunction("exp", r"f(x) = e^x", r"f'(x) = e^x", tf.math.exp, (-3.0, 2.5), 0.5),
        ScalarFunction("log", r"f(x) = \ln x", r"f'(x) = \dfrac{1}{x}", tf.math.log, (0.05, 5.0), 1.0, domain_min=0.0),
        ScalarFunction(
            "sigmoid",
            r"f(x) = \sigma(x) = \dfrac{1}{1 + e^{-x}}",
            r"f'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
            keras.activations.sigmoid,
            (-8.0, 8.0),
            1.0,
        ),
        ScalarFunction("tanh", r"f(x) = \tanh x", r"f'(x) = 1 - \tanh^2 x", keras.activations.tanh, (-4.0, 4.0), 0.5),
        ScalarFunction(
            "abs",
            r"f(x) = |x|",
            r"f'(x) = \operatorname{sign}(x),\ \text{undefined at } 0",
            tf.math.abs,
            (-3.0, 3.0),
            1.0,
            kinks=(0.0,),
        ),
        ScalarFunction(
            "relu",
            r"f(x) = \operatorname{ReLU}(x) = \max(0, x)",
            r"f'(x) = \begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}",
            keras.activations.relu,
            (-3.0, 3.0),
            1.0,
            kinks=(0.0,),
        ),
        ScalarFunction(
            "softplus",
            r"f(x) = \ln\left(1 + e^{x}\right)",
            r"f'(x) = \sigma(x)",
            keras.activations.softplus,
            (-5.0, 5.0),
            0.5,
        ),
    )
}


def get_function(key: str) -> ScalarFunction:
    try:
        return FUNCTIONS[key]
    except KeyError:
        raise ValueError(f"Unknown function {key!r}; choose one of {sorted(FUNCTIONS)}.") from None


def _check_dtype(dtype: str) -> tf.DType:
    try:
        return DTYPES[dtype]
    except KeyError:
        raise ValueError(f"Unknown dtype {dtype!r}; choose one of {sorted(DTYPES)}.") from None


def _check_domain(spec: ScalarFunction, xs: np.ndarray) -> None:
    if not np.all(np.isfinite(xs)):
        raise ValueError("x must be a finite number.")
    if spec.domain_min is not None and np.any(xs <= spec.domain_min):
        raise ValueError(f"{spec.key} is only defined for x > {spec.domain_min:g}.")


def values_and_derivatives(key: str, xs, dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) at every point of ``xs``, the derivative by one ``tf.GradientTape``.

    The functions are elementwise, so the gradient of the sum of the outputs is exactly the vector of
    the pointwise derivatives: one backward pass differentiates all points together.
    """
    spec = get_function(key)
    xs = np.asarray(xs, dtype=np.float64)
    _check_domain(spec, xs)
    x = tf.constant(xs, dtype=_check_dtype(dtype))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = spec.function(x)
    dy_dx = tape.gradient(y, x)
    return y.numpy().astype(np.float64), dy_dx.numpy().astype(np.float64)


def derivative_at(key: str, x0: float, dtype: str = "float64") -> float:
    """f'(x0) by autodiff."""
    _, derivative = values_and_derivatives(key, [x0], dtype)
    return float(derivative[0])


def central_differences(key: str, x0: float, steps, dtype: str = "float64") -> np.ndarray:
    """(f(x0 + h) - f(x0 - h)) / 2h for every step h in ``steps``, evaluated in ``dtype``.

    The arithmetic happens in the chosen precision on purpose: with float32 the round-off error
    overtakes the truncation error at a much larger h than with float64. Steps whose left point leaves
    the domain (ln x near 0) give NaN instead of raising, so a whole error curve can still be drawn.
    """
    spec = get_function(key)
    steps = np.asarray(steps, dtype=np.float64)
    if steps.size == 0 or not np.all(np.isfinite(steps)) or np.any(steps <= 0):
        raise ValueError("Every step h must be a positive finite number.")
    _check_domain(spec, np.asarray([x0], dtype=np.float64))
    tf_dtype = _check_dtype(dtype)
    x_center = tf.constant(x0, dtype=tf_dtype)
    step = tf.constant(steps, dtype=tf_dtype)
    right, left = x_center + step, x_center - step
    outside = np.zeros(steps.shape, dtype=bool)
    if spec.domain_min is not None:
        outside = left.numpy() <= spec.domain_min
        # Evaluate a harmless point there, then blank the result.
        left = tf.where(tf.constant(outside), x_center, left)
    # Divide by the steps as actually represented in this precision, exactly as a float32 program would.
    estimate = ((spec.function(right) - spec.function(left)) / (2 * step)).numpy().astype(np.float64)
    estimate[outside] = np.nan
    return estimate


def central_difference(key: str, x0: float, step: float, dtype: str = "float64") -> float:
    return float(central_differences(key, x0, [step], dtype)[0])


def finite_difference_errors(key: str, x0: float, steps, dtype: str = "float64") -> np.ndarray:
    """|central difference - autodiff| for every step, against the float64 autodiff derivative."""
    exact = derivative_at(key, x0, "float64")
    return np.abs(central_differences(key, x0, steps, dtype) - exact)


def tangent_line(x0: float, value: float, slope: float, xs) -> np.ndarray:
    """The line through (x0, value) with the given slope, evaluated at xs."""
    return value + slope * (np.asarray(xs, dtype=np.float64) - x0)


def nearest_kink(key: str, x0: float, tolerance: float = 1e-9) -> float | None:
    """The kink of the function at x0, if x0 sits on one (|x| and ReLU at 0)."""
    for kink in get_function(key).kinks:
        if abs(x0 - kink) <= tolerance:
            return kink
    return None


# --- Functions of two variables ----------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """A function of two variables: a landscape to look at and to run optimizers down."""

    key: str
    latex: str
    function: Callable[[tf.Tensor, tf.Tensor], tf.Tensor]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]  # a good starting point for the point picker and the optimizers
    default_learning_rate: float
    minima: tuple[tuple[float, float], ...] = ()  # global minima, drawn as stars
    log_contours: bool = False  # steep valleys read better with contour levels on a log scale
    minimum_value: float | None = 0.0  # the lowest value of f; None when f has no minimum (the saddle)


def _himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


SURFACES: dict[str, Surface] = {
    spec.key: spec
    for spec in (
        Surface(
            "bowl", r"f(x, y) = x^2 + y^2", lambda x, y: x**2 + y**2, (-4, 4), (-4, 4), (-3.0, 2.5), 0.03, ((0, 0),)
        ),
        Surface(
            "elongated_bowl",
            r"f(x, y) = x^2 + 10\,y^2",
            lambda x, y: x**2 + 10 * y**2,
            (-5, 5),
            (-3, 3),
            (-4.5, 2.0),
            0.03,
            ((0, 0),),
        ),
        Surface(
            "saddle",
            r"f(x, y) = x^2 - y^2",
            lambda x, y: x**2 - y**2,
            (-3, 3),
            (-3, 3),
            (1.5, 1.0),
            0.01,
            minimum_value=None,
        ),
        Surface(
            "sin_cos",
            r"f(x, y) = \sin x \cdot \cos y",
            lambda x, y: tf.math.sin(x) * tf.math.cos(y),
            (-5, 5),
            (-5, 5),
            (0.6, 0.9),
            0.03,
            tuple(
                (x, y)
                for x, y in [(-math.pi / 2, 0.0), (3 * math.pi / 2, 0.0)]
                + [(sx * math.pi / 2, sy * math.pi) for sx in (1, -3) for sy in (1, -1)]
            ),
            minimum_value=-1.0,
        ),
        Surface(
            "himmelblau",
            r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            _himmelblau,
            (-5, 5),
            (-5, 5),
            (-0.3, -0.9),
            0.01,
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            log_contours=True,
        ),
        Surface(
            "rosenbrock",
            r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
            _rosenbrock,
            (-2, 2),
            (-1, 3),
            (-1.5, 2.5),
            0.001,
            ((1.0, 1.0),),
            log_contours=True,
        ),
    )
}


def get_surface(key: str) -> Surface:
    try:
        return SURFACES[key]
    except KeyError:
        raise ValueError(f"Unknown surface {key!r}; choose one of {sorted(SURFACES)}.") from None


def surface_values(key: str, xs, ys) -> np.ndarray:
    """f over the grid spanned by xs (columns) and ys (rows): shape (len(ys), len(xs))."""
    grid_x, grid_y = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    return get_surface(key).function(tf.constant(grid_x), tf.constant(grid_y)).numpy()


def gradients(key: str, xs, ys) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f, df/dx and df/dy at the points (xs[i], ys[i]), by one GradientTape over all points.

    ``xs`` and ``ys`` may have any (equal) shape, e.g. a whole meshgrid for a field of arrows.
    """
    xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same shape, got {xs.shape} and {ys.shape}.")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError("The point must have finite coordinates.")
    surface = get_surface(key)
    x, y = tf.constant(xs), tf.constant(ys)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = surface.function(x, y)
    d_dx, d_dy = tape.gradient(z, [x, y])
    return z.numpy(), d_dx.numpy(), d_dy.numpy()


def gradient_at(key: str, x: float, y: float) -> tuple[float, float, float]:
    """f(x, y), df/dx, df/dy at one point."""
    z, d_dx, d_dy = gradients(key, [x], [y])
    return float(z[0]), float(d_dx[0]), float(d_dy[0])


# --- The chain rule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Composition:
    """y = outer(inner(x)): the intermediate u = inner(x) is what the chain rule talks about."""

    key: str
    inner_latex: str  # u = ...
    outer_latex: str  # y = ...
    inner_derivative_latex: str  # du/dx = ...
    outer_derivative_latex: str  # dy/du = ...
    whole_latex: str
    inner_text: str  # plain-text formulas for the computation-graph figure (Plotly draws no LaTeX)
    outer_text: str
    inner: Callable[[tf.Tensor, float, float], tf.Tensor]  # (x, weight, bias) -> u
    outer: Callable[[tf.Tensor], tf.Tensor]  # u -> y
    uses_weight_and_bias: bool = False
    x_range: tuple[float, float] = (-3.0, 3.0)


COMPOSITIONS: dict[str, Composition] = {
    spec.key: spec
    for spec in (
        Composition(
            "sigmoid_affine",
            r"u = w\,x + b",
            r"y = \sigma(u)",
            r"\dfrac{du}{dx} = w",
            r"\dfrac{dy}{du} = \sigma(u)\,\bigl(1 - \sigma(u)\bigr)",
            r"y = \sigma(w\,x + b)",
            "u = w·x + b",
            "y = σ(u)",
            lambda x, weight, bias: weight * x + bias,
            keras.activations.sigmoid,
            uses_weight_and_bias=True,
            x_range=(-5.0, 5.0),
        ),
        Composition(
            "sin_square",
            r"u = x^2",
            r"y = \sin u",
            r"\dfrac{du}{dx} = 2x",
            r"\dfrac{dy}{du} = \cos u",
            r"y = \sin\left(x^2\right)",
            "u = x²",
            "y = sin u",
            lambda x, weight, bias: x**2,
            tf.math.sin,
        ),
        Composition(
            "exp_negative_square",
            r"u = -x^2",
            r"y = e^{u}",
            r"\dfrac{du}{dx} = -2x",
            r"\dfrac{dy}{du} = e^{u}",
            r"y = e^{-x^2}",
            "u = −x²",
            "y = eᵘ",
            lambda x, weight, bias: -(x**2),
            tf.math.exp,
        ),
        Composition(
            "tanh_cube",
            r"u = x^3",
            r"y = \tanh u",
            r"\dfrac{du}{dx} = 3x^2",
            r"\dfrac{dy}{du} = 1 - \tanh^2 u",
            r"y = \tanh\left(x^3\right)",
            "u = x³",
            "y = tanh u",
            lambda x, weight, bias: x**3,
            keras.activations.tanh,
            x_range=(-2.0, 2.0),
        ),
    )
}


def get_composition(key: str) -> Composition:
    try:
        return COMPOSITIONS[key]
    except KeyError:
        raise ValueError(f"Unknown composition {key!r}; choose one of {sorted(COMPOSITIONS)}.") from None


@dataclass(frozen=True)
class ChainRuleSteps:
    """Forward values and backward derivatives of y = outer(inner(x)) at one point."""

    x: float
    u: float
    y: float
    du_dx: float
    dy_du: float
    chain_product: float  # dy/du * du/dx, the chain rule by hand
    autodiff: float  # dy/dx of the whole composition in one tape


def chain_rule_steps(key: str, x: float, weight: float = 1.0, bias: float = 0.0) -> ChainRuleSteps:
    """Each factor of the chain rule from its own tape, and the whole derivative from one more tape."""
    if not all(math.isfinite(value) for value in (x, weight, bias)):
        raise ValueError("x, w and b must be finite numbers.")
    composition = get_composition(key)
    x_tensor = tf.constant(float(x), dtype=tf.float64)

    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        u = composition.inner(x_tensor, weight, bias)
    du_dx = tape.gradient(u, x_tensor)

    # A fresh leaf for u: dy/du is the outer function's own derivative, knowing nothing about x.
    u_leaf = tf.constant(u.numpy(), dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(u_leaf)
        y = composition.outer(u_leaf)
    dy_du = tape.gradient(y, u_leaf)

    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        whole = composition.outer(composition.inner(x_tensor, weight, bias))
    dy_dx = tape.gradient(whole, x_tensor)

    return ChainRuleSteps(
        x=float(x),
        u=float(u),
        y=float(y),
        du_dx=float(du_dx),
        dy_du=float(dy_du),
        chain_product=float(dy_du) * float(du_dx),
        autodiff=float(dy_dx),
    )


def composition_curve(key: str, xs, weight: float = 1.0, bias: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """y(x) and dy/dx over an array of x, one tape."""
    composition = get_composition(key)
    x = tf.constant(np.asarray(xs, np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = composition.outer(composition.inner(x, weight, bias))
    return y.numpy(), tape.gradient(y, x).numpy()
