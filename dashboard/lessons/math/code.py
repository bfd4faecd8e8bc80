"""The math page's functions written as code a learner can run: each choice on the page as a TensorFlow expression
and, where the page shows a formula, as a SymPy one. The catalog code samples (``dashboard/i18n/code/math_*.py``)
get them through :func:`dashboard.lessons.math.common.with_settings`; a test checks each expression against the
registry of ``core.lessons.math.calculus`` it stands for."""

from __future__ import annotations

from dashboard.lessons.math.common import Code

#: calculus.FUNCTIONS key -> (TensorFlow function of x, SymPy formula in the symbol X)
FUNCTION_CODE: dict[str, tuple[str, str]] = {
    "square": ("lambda x: x**2", "X**2"),
    "cube": ("lambda x: x**3", "X**3"),
    "sin": ("tf.math.sin", "sympy.sin(X)"),
    "cos": ("tf.math.cos", "sympy.cos(X)"),
    "exp": ("tf.math.exp", "sympy.exp(X)"),
    "log": ("tf.math.log", "sympy.log(X)"),
    "sigmoid": ("keras.activations.sigmoid", "1 / (1 + sympy.exp(-X))"),
    "tanh": ("keras.activations.tanh", "sympy.tanh(X)"),
    "abs": ("tf.math.abs", "sympy.Abs(X)"),
    "relu": ("keras.activations.relu", "sympy.Max(0, X)"),
    "softplus": ("keras.activations.softplus", "sympy.log(1 + sympy.exp(X))"),
}

#: calculus.SURFACES key -> (TensorFlow function of x, y, SymPy formula in the symbols X, Y)
SURFACE_CODE: dict[str, tuple[str, str]] = {
    "bowl": ("lambda x, y: x**2 + y**2", "X**2 + Y**2"),
    "elongated_bowl": ("lambda x, y: x**2 + 10 * y**2", "X**2 + 10 * Y**2"),
    "saddle": ("lambda x, y: x**2 - y**2", "X**2 - Y**2"),
    "sin_cos": ("lambda x, y: tf.math.sin(x) * tf.math.cos(y)", "sympy.sin(X) * sympy.cos(Y)"),
    "himmelblau": ("lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2", "(X**2 + Y - 11)**2 + (X + Y**2 - 7)**2"),
    "rosenbrock": ("lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2", "(1 - X)**2 + 100 * (Y - X**2)**2"),
}

#: calculus.COMPOSITIONS key -> (inner u(x, w, b), outer y(u)), TensorFlow
COMPOSITION_CODE: dict[str, tuple[str, str]] = {
    "sigmoid_affine": ("lambda x: w * x + b", "keras.activations.sigmoid"),
    "sin_square": ("lambda x: x**2", "tf.math.sin"),
    "exp_negative_square": ("lambda x: -(x**2)", "tf.math.exp"),
    "tanh_cube": ("lambda x: x**3", "keras.activations.tanh"),
}

#: optimization.OPTIMIZER_KEYS -> the Keras optimizer it races
OPTIMIZER_CODE: dict[str, str] = {
    "sgd": "keras.optimizers.SGD(learning_rate=LEARNING_RATE)",
    "momentum": "keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=0.9)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate=LEARNING_RATE)",
    "adam": "keras.optimizers.Adam(learning_rate=LEARNING_RATE)",
}


def function_settings(key: str) -> dict[str, Code]:
    tensorflow, formula = FUNCTION_CODE[key]
    return {"f": Code(tensorflow), "formula": Code(formula)}


def surface_settings(key: str) -> dict[str, Code]:
    tensorflow, formula = SURFACE_CODE[key]
    return {"f": Code(tensorflow), "formula": Code(formula)}


def composition_settings(key: str) -> dict[str, Code]:
    inner, outer = COMPOSITION_CODE[key]
    return {"inner": Code(inner), "outer": Code(outer)}


def optimizers_setting(keys) -> Code:
    entries = ", ".join(f'"{key}": {OPTIMIZER_CODE[key]}' for key in keys)
    return Code("{" + entries + "}")
