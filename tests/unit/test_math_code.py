"""The math page's code, as a learner would copy it: every shown snippet is a catalog code sample that runs as it is
(standalone, printing its result), with the values on screen filled in and its comments in the session's language;
the TensorFlow and SymPy expressions written for each function of the page compute what the page computes; the
x² error chart draws errors of exactly 0 on a labelled floor instead of leaving gaps."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
import sympy
import tensorflow as tf

from core.lessons.math import calculus, symbolic
from dashboard.figures.math import calculus as calculus_figures
from dashboard.i18n import CODE_FOLDER, code_sample, code_sample_keys, translate
from dashboard.lessons.math import code
from dashboard.lessons.math.common import Code, with_settings

MATH_SAMPLES = sorted(path.stem for path in CODE_FOLDER.glob("math_*.py"))
#: Each sample as the page fills it in for a non-default choice, and a line its output must contain.
PAGE_VARIANTS = {
    "math_derivative": (
        {**code.function_settings("sin"), "x0": 0.5, "h": 1e-3, "dtype": Code("tf.float32")},
        f"autodiff: {math.cos(0.5)!r}",
    ),
    "math_chain": ({**code.composition_settings("tanh_cube"), "w, b": Code("1.0, 0.0"), "x0": 0.5}, "u = 0.125"),
    "math_gradient": (
        {**code.surface_settings("saddle"), "x0, y0": Code("1.5, 1.0")},
        "sympy: [2*x, -2*y] = [3.0, -2.0]",
    ),
    "math_descent": (
        {
            "f": Code(code.SURFACE_CODE["bowl"][0]),
            "start": [1.0, 1.0],
            "LEARNING_RATE": 0.1,
            "steps": 50,
            "optimizers": code.optimizers_setting(["sgd", "momentum"]),
        },
        "momentum ->",
    ),
    "math_vectors": ({"a": Code("np.array([0.0, 0.0])"), "b": Code("np.array([1.0, 2.0])")}, "a + b = [1. 2.]"),
    "math_spaces": (
        {"u": [1.0, 2.0], "v": [2.0, 4.0], "w": [3.0, 6.0]},
        f"rank = 1 {translate('math.code.spaces.independent_label', 'zh')} False",
    ),
    "math_matrix_product": (
        {
            "A": Code("np.array([[1.0, 0.0], [0.0, 1.0]])"),
            "B": Code("np.array([[5.0, 6.0], [7.0, 8.0]])"),
            "row, column": Code("1, 0"),
        },
        "7.0",
    ),
    "math_transform": ({"M": Code("np.array([[0.0, -1.0], [1.0, 0.0]])")}, "det = 1.0"),
    "math_probability_gaussian": ({"mean, std": Code("2.0, 0.5"), "count": 2000, "seed": 3}, "2.0 0.25"),
    "math_probability_bernoulli": ({"p": 0.25, "count": 400, "seed": 1}, "p(1 − p) = 0.1875"),
}

DRIVER = """
import contextlib, io, runpy, sys, traceback
for path in sys.argv[1:]:
    print("=== " + path, flush=True)
    try:
        runpy.run_path(path, run_name="__main__")
    except BaseException:
        traceback.print_exc(file=sys.stdout)
        print("!!! FAILED " + path, flush=True)
"""


def run_all(paths, tmp_path) -> dict[str, str]:
    """Run each script in one interpreter (TensorFlow imported once): their outputs by file stem."""
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    environment = {**os.environ, "QUICK_RUN": "1", "DASHBOARD_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    completed = subprocess.run(
        [sys.executable, str(driver), *map(str, paths)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outputs: dict[str, str] = {}
    for chunk in completed.stdout.split("=== ")[1:]:
        path, _, output = chunk.partition("\n")
        outputs[os.path.splitext(os.path.basename(path))[0]] = output
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    return outputs


def test_every_snippet_of_the_page_runs_as_shown_and_prints_its_result(tmp_path):
    assert set(PAGE_VARIANTS) == set(MATH_SAMPLES), "every math sample has a page variant to run"
    paths = []
    for name in MATH_SAMPLES:
        for variant, settings in (("default", {}), ("page", PAGE_VARIANTS[name][0])):
            path = tmp_path / f"{name}__{variant}.py"
            path.write_text(with_settings(code_sample(name, "zh"), settings), encoding="utf-8")
            paths.append(path)
    outputs = run_all(paths, tmp_path)
    for name in MATH_SAMPLES:
        for variant in ("default", "page"):
            output = outputs[f"{name}__{variant}"]
            assert "!!! FAILED" not in output, output[-2000:]
            assert output.strip(), f"{name} ({variant}) prints its result"
        assert PAGE_VARIANTS[name][1] in outputs[f"{name}__page"], outputs[f"{name}__page"]


@pytest.mark.parametrize("name", MATH_SAMPLES)
def test_snippet_comments_are_in_the_sessions_language(name):
    keys = code_sample_keys(name)
    assert keys, "a snippet explains itself"
    chinese = code_sample(name, "zh")
    assert "{math." not in chinese
    for key in keys:
        english, translated = translate(key, "en"), translate(key, "zh")
        assert translated in chinese and (english == translated or english not in chinese), key


def test_settings_replace_the_values_and_keep_the_comments():
    source = "import numpy as np\n\nx0 = 1.0  # the point\nh = 0.001\nprint(x0, h)\n"
    changed = with_settings(source, {"x0": np.float64(2.5), "h": 1e-5})
    assert "x0 = 2.5  # the point\n" in changed and "h = 1e-05\n" in changed
    assert with_settings(source, {"x0": Code("np.pi")}).count("x0 = np.pi  # the point") == 1
    with pytest.raises(KeyError, match="no line y = "):
        with_settings(source, {"y": 1})


@pytest.mark.parametrize("key", sorted(calculus.FUNCTIONS))
def test_each_functions_code_computes_the_pages_function_and_formula(key):
    tensorflow_code, formula_code = code.FUNCTION_CODE[key]
    spec = calculus.get_function(key)
    xs = np.linspace(*spec.x_range, 9)[1:-1] + 0.013
    function = eval(tensorflow_code, {"tf": tf, "keras": keras})  # noqa: S307 - constant code from the module
    np.testing.assert_allclose(np.asarray(function(tf.constant(xs))), calculus.values_and_derivatives(key, xs)[0])
    symbol = sympy.Symbol("x", real=True)  # as in the sample
    formula = eval(formula_code, {"sympy": sympy, "X": symbol})  # noqa: S307
    for x0 in xs[::3]:
        assert float(sympy.diff(formula, symbol).subs(symbol, x0)) == pytest.approx(
            symbolic.symbolic_derivative(key).at(x0), rel=1e-9
        )


@pytest.mark.parametrize("key", sorted(calculus.SURFACES))
def test_each_surfaces_code_computes_the_pages_surface(key):
    tensorflow_code, formula_code = code.SURFACE_CODE[key]
    function = eval(tensorflow_code, {"tf": tf})  # noqa: S307
    xs, ys = np.array([-1.5, 0.2, 2.0]), np.array([0.5, -1.0, 1.5])
    np.testing.assert_allclose(
        np.asarray(function(tf.constant(xs), tf.constant(ys))), calculus.gradients(key, xs, ys)[0], rtol=1e-12
    )
    x, y = sympy.symbols("x y", real=True)
    formula = eval(formula_code, {"sympy": sympy, "X": x, "Y": y})  # noqa: S307
    assert float(formula.subs({x: 0.2, y: -1.0})) == pytest.approx(calculus.gradients(key, [0.2], [-1.0])[0][0])


@pytest.mark.parametrize("key", sorted(calculus.COMPOSITIONS))
def test_each_compositions_code_computes_the_pages_composition(key):
    inner_code, outer_code = code.COMPOSITION_CODE[key]
    namespace = {"tf": tf, "keras": keras, "w": 2.0, "b": -1.0}
    inner, outer = (eval(text, namespace) for text in (inner_code, outer_code))  # noqa: S307
    x0 = 0.7
    steps = calculus.chain_rule_steps(key, x0, 2.0, -1.0)
    value = float(outer(inner(tf.constant(x0, tf.float64))))
    assert value == pytest.approx(steps.y, rel=1e-12)


# --- The x² error chart ------------------------------------------------------------------------


def test_exact_zero_errors_are_drawn_on_a_labelled_floor_not_left_out():
    steps = np.logspace(-15, 0, 61)
    errors = {name: calculus.finite_difference_errors("square", 1.0, steps, name) for name in ("float64", "float32")}
    assert (errors["float64"] == 0).any(), "x² at 1 has h where the central difference is exact"
    floor = calculus_figures.zero_error_floor(errors)
    positive = min(value for array in errors.values() for value in array if value > 0)
    assert 0 < floor < positive
    figure = calculus_figures.finite_difference_error_figure(steps, errors, 1e-3, 0.0, "float64")
    zero_traces = [trace for trace in figure.data if trace.name and "0" in trace.name and trace.mode == "markers"]
    exact_count = sum(int((array == 0).sum()) for array in errors.values())
    assert sum(len(trace.x) for trace in zero_traces if set(trace.y) == {floor}) == exact_count
    assert any(translate("math.derivative.figure.exact_floor", "en") == note.text for note in figure.layout.annotations)
    chosen = [trace for trace in figure.data if trace.name == translate("math.derivative.figure.chosen_step", "en")]
    assert chosen and chosen[0].y[0] == floor  # the chosen h with an exact result sits on the floor too


def test_a_curve_without_zeros_has_no_floor():
    steps = np.logspace(-15, 0, 61)
    errors = {"float64": calculus.finite_difference_errors("sin", 1.0, steps, "float64")}
    figure = calculus_figures.finite_difference_error_figure(steps, errors, 1e-3, 1e-10, "float64")
    assert not figure.layout.annotations and len(figure.data) == 2
