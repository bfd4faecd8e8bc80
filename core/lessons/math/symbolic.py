"""Derivatives by symbolic algebra (SymPy), to set beside the autodiff values of ``core.lessons.math.calculus``.

Autodiff gives the derivative's *value* at a point; SymPy gives its *formula*, x² -> 2x, x² + y² -> (2x, 2y), as a
learner would write it by hand. The page shows both and the tests check that they agree. The formulas here mirror
the registries of ``calculus`` key by key (a test checks that every key is covered); SymPy is imported on first use.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass


def _scalar_expressions():
    import sympy

    x = sympy.Symbol("x", real=True)
    return x, {
        "square": x**2,
        "cube": x**3,
        "sin": sympy.sin(x),
        "cos": sympy.cos(x),
        "exp": sympy.exp(x),
        "log": sympy.log(x),
        "sigmoid": 1 / (1 + sympy.exp(-x)),
        "tanh": sympy.tanh(x),
        "abs": sympy.Abs(x),
        "relu": sympy.Max(0, x),
        "softplus": sympy.log(1 + sympy.exp(x)),
    }


def _surface_expressions():
    import sympy

    x, y = sympy.symbols("x y", real=True)
    return (x, y), {
        "bowl": x**2 + y**2,
        "elongated_bowl": x**2 + 10 * y**2,
        "saddle": x**2 - y**2,
        "sin_cos": sympy.sin(x) * sympy.cos(y),
        "himmelblau": (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        "rosenbrock": (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    }


SCALAR_KEYS = ("square", "cube", "sin", "cos", "exp", "log", "sigmoid", "tanh", "abs", "relu", "softplus")
SURFACE_KEYS = ("bowl", "elongated_bowl", "saddle", "sin_cos", "himmelblau", "rosenbrock")


@dataclass(frozen=True)
class SymbolicDerivative:
    """f and f' as SymPy formulas (``function``, ``derivative`` as text; ``*_latex`` for st.latex)."""

    function: str
    derivative: str
    function_latex: str
    derivative_latex: str
    _key: str

    def at(self, x0: float) -> float:
        """f'(x0), the formula evaluated exactly then rounded to a float (NaN where it is undefined)."""
        return _scalar_value(self._key, float(x0))


@functools.cache
def symbolic_derivative(key: str) -> SymbolicDerivative:
    """d/dx of the function ``key`` of ``calculus.FUNCTIONS``, simplified by SymPy."""
    import sympy

    x, expressions = _scalar_expressions()
    if key not in expressions:
        raise ValueError(f"Unknown function {key!r}; choose one of {sorted(expressions)}.")
    function = expressions[key]
    derivative = sympy.diff(function, x)  # as differentiated: the sigmoid keeps its familiar e^(-x) form
    return SymbolicDerivative(str(function), str(derivative), sympy.latex(function), sympy.latex(derivative), key)


@functools.cache
def _scalar_value(key: str, x0: float) -> float:
    import sympy

    x, expressions = _scalar_expressions()
    value = sympy.diff(expressions[key], x).subs(x, sympy.Float(x0, 30))
    try:
        number = float(sympy.N(value, 20))
    except TypeError:  # undefined there (|x| and ReLU at 0 give an expression SymPy cannot reduce)
        return math.nan
    return number


@dataclass(frozen=True)
class SymbolicGradient:
    """f(x, y) and its two partial derivatives as SymPy formulas."""

    function: str
    d_dx: str
    d_dy: str
    function_latex: str
    d_dx_latex: str
    d_dy_latex: str
    _key: str

    def at(self, x0: float, y0: float) -> tuple[float, float]:
        """(∂f/∂x, ∂f/∂y) at (x0, y0), evaluated exactly then rounded to floats."""
        return _surface_value(self._key, float(x0), float(y0))


@functools.cache
def symbolic_gradient(key: str) -> SymbolicGradient:
    """The partial derivatives of the surface ``key`` of ``calculus.SURFACES``, simplified by SymPy."""
    import sympy

    (x, y), expressions = _surface_expressions()
    if key not in expressions:
        raise ValueError(f"Unknown surface {key!r}; choose one of {sorted(expressions)}.")
    function = expressions[key]
    d_dx, d_dy = (sympy.factor(sympy.diff(function, symbol)) for symbol in (x, y))
    if key != "sin_cos":  # polynomials read best expanded (2x, 2y; 4x³ + 4xy − 42x + 2y² − 14)
        d_dx, d_dy = sympy.expand(d_dx), sympy.expand(d_dy)
    return SymbolicGradient(
        str(function), str(d_dx), str(d_dy), sympy.latex(function), sympy.latex(d_dx), sympy.latex(d_dy), key
    )


@functools.cache
def _surface_value(key: str, x0: float, y0: float) -> tuple[float, float]:
    import sympy

    (x, y), expressions = _surface_expressions()
    point = {x: sympy.Float(x0, 30), y: sympy.Float(y0, 30)}
    return tuple(float(sympy.N(sympy.diff(expressions[key], symbol).subs(point), 20)) for symbol in (x, y))
