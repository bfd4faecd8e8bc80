"""Derivatives, gradients and the chain rule from core.lessons.math.calculus, against answers known by hand."""

import math

import numpy as np
import pytest

from core.lessons.math import calculus, symbolic


def test_derivative_of_cube_at_two_is_twelve():
    assert calculus.derivative_at("cube", 2.0) == pytest.approx(12.0)


@pytest.mark.parametrize(
    ("key", "x", "expected"),
    [
        ("square", 3.0, 6.0),
        ("sin", 0.0, 1.0),
        ("cos", math.pi / 2, -1.0),
        ("exp", 1.0, math.e),
        ("log", 4.0, 0.25),
        ("sigmoid", 0.0, 0.25),
        ("tanh", 0.0, 1.0),
        ("abs", -2.0, -1.0),
        ("relu", 1.5, 1.0),
        ("softplus", 0.0, 0.5),
    ],
)
def test_autodiff_matches_derivatives_known_by_hand(key, x, expected):
    assert calculus.derivative_at(key, x) == pytest.approx(expected, abs=1e-12)


def test_one_tape_differentiates_a_whole_array():
    xs = np.linspace(-2, 2, 401)
    values, derivatives = calculus.values_and_derivatives("cube", xs)
    np.testing.assert_allclose(values, xs**3)
    np.testing.assert_allclose(derivatives, 3 * xs**2)


def test_every_registered_function_has_formulas_and_a_default_point_in_range():
    for spec in calculus.FUNCTIONS.values():
        assert spec.latex and spec.derivative_latex
        low, high = spec.x_range
        assert low < spec.default_x < high
        values, derivatives = calculus.values_and_derivatives(spec.key, np.linspace(low, high, 50))
        assert np.all(np.isfinite(values)) and np.all(np.isfinite(derivatives))


def test_log_outside_its_domain_is_refused():
    with pytest.raises(ValueError, match="x > 0"):
        calculus.derivative_at("log", 0.0)
    with pytest.raises(ValueError, match="x > 0"):
        calculus.derivative_at("log", -1.0)


def test_central_difference_step_that_leaves_the_domain_gives_nan_not_an_error():
    estimates = calculus.central_differences("log", 0.5, [0.1, 1.0])
    assert estimates[0] == pytest.approx(math.log(0.6 / 0.4) / 0.2)
    assert math.isnan(estimates[1])


def test_unknown_names_and_bad_steps_raise_value_error():
    with pytest.raises(ValueError, match="Unknown function"):
        calculus.derivative_at("__import__('os')", 1.0)
    with pytest.raises(ValueError, match="positive"):
        calculus.central_differences("sin", 1.0, [0.0])
    with pytest.raises(ValueError, match="dtype"):
        calculus.derivative_at("sin", 1.0, dtype="float16")
    with pytest.raises(ValueError, match="finite"):
        calculus.derivative_at("sin", float("nan"))


def test_central_difference_error_shrinks_then_grows_from_roundoff():
    steps = 10.0 ** np.arange(-14, 0)
    errors = calculus.finite_difference_errors("sin", 1.0, steps)
    best = int(np.argmin(errors))
    # The best step is in the middle, not at either end: truncation error on the right, round-off on the left.
    assert 0 < best < len(steps) - 1
    assert errors[0] > 100 * errors[best]
    assert errors[-1] > 100 * errors[best]


def test_central_difference_of_sin_is_off_by_the_third_derivative_term():
    # f(x0 ± h) = f ± h·f′ + h²/2·f″ ± h³/6·f‴ + ...: the f″ terms cancel, so the error is about h²·f‴(x0)/6.
    steps = np.array([0.1, 0.03, 0.01])
    errors = calculus.finite_difference_errors("sin", 1.0, steps)
    third_derivative = -math.cos(1.0)
    np.testing.assert_allclose(errors, steps**2 * abs(third_derivative) / 6, rtol=2e-3)


@pytest.mark.parametrize("x0", [-2.5, 0.0, 1.0, 3.0])
def test_central_difference_of_a_quadratic_has_no_v_only_round_off(x0):
    # f‴ = 0, so the estimate is exact for every h: the error does not grow with h, it only fades as round-off does.
    steps = 10.0 ** np.arange(-14, 1)
    errors = calculus.finite_difference_errors("square", x0, steps)
    assert calculus.get_function("square").exact_central_difference
    assert np.all(errors[steps >= 1e-4] < 1e-10)
    assert errors[-1] <= errors[0]
    # sin at the same large step does have the right arm of the V.
    assert calculus.finite_difference_errors("sin", 1.0, [1.0])[0] > 1e-2


def test_only_quadratics_claim_an_exact_central_difference():
    steps = np.array([0.1, 0.5])
    for key, spec in calculus.FUNCTIONS.items():
        if spec.exact_central_difference:
            assert np.all(calculus.finite_difference_errors(key, spec.default_x, steps) < 1e-12), key
        elif not spec.kinks:  # |x| and ReLU are piecewise linear: exact too while x0 ± h stays on one side
            assert np.any(calculus.finite_difference_errors(key, spec.default_x, steps) > 1e-6), key


def test_float32_roundoff_hurts_at_a_much_larger_step_than_float64():
    steps = 10.0 ** np.arange(-12, 0)
    best64 = steps[np.argmin(calculus.finite_difference_errors("sin", 1.0, steps, "float64"))]
    best32 = steps[np.argmin(calculus.finite_difference_errors("sin", 1.0, steps, "float32"))]
    assert best32 > 100 * best64


def test_kink_of_abs_is_reported_and_autodiff_uses_a_convention_there():
    assert calculus.nearest_kink("abs", 0.0) == 0.0
    assert calculus.nearest_kink("abs", 0.5) is None
    assert calculus.nearest_kink("sin", 0.0) is None
    assert calculus.derivative_at("abs", 0.0) == 0.0  # TensorFlow's choice: sign(0) = 0


def test_tangent_line_passes_through_the_point_with_the_slope():
    line = calculus.tangent_line(2.0, 8.0, 12.0, [2.0, 3.0])
    np.testing.assert_allclose(line, [8.0, 20.0])


def test_gradient_of_bowl_is_two_x_two_y():
    value, d_dx, d_dy = calculus.gradient_at("bowl", 1.0, -2.0)
    assert (value, d_dx, d_dy) == pytest.approx((5.0, 2.0, -4.0))


def test_gradient_field_over_a_grid_matches_formula_of_saddle():
    grid_x, grid_y = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 1, 5))
    values, d_dx, d_dy = calculus.gradients("saddle", grid_x, grid_y)
    assert values.shape == grid_x.shape
    np.testing.assert_allclose(d_dx, 2 * grid_x)
    np.testing.assert_allclose(d_dy, -2 * grid_y)


def test_himmelblau_minima_have_zero_gradient():
    surface = calculus.get_surface("himmelblau")
    for x, y in surface.minima:
        value, d_dx, d_dy = calculus.gradient_at("himmelblau", x, y)
        assert value == pytest.approx(0.0, abs=1e-9)
        assert abs(d_dx) < 1e-3 and abs(d_dy) < 1e-3


def test_surface_values_grid_shape_is_rows_by_columns():
    values = calculus.surface_values("bowl", [0.0, 1.0, 2.0], [0.0, 1.0])
    np.testing.assert_allclose(values, [[0, 1, 4], [1, 2, 5]])


def test_gradients_refuse_mismatched_or_non_finite_points():
    with pytest.raises(ValueError, match="same shape"):
        calculus.gradients("bowl", [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        calculus.gradients("bowl", [float("inf")], [1.0])
    with pytest.raises(ValueError, match="Unknown surface"):
        calculus.gradient_at("nope", 0.0, 0.0)


def test_chain_rule_of_sigmoid_of_affine():
    steps = calculus.chain_rule_steps("sigmoid_affine", x=1.0, weight=2.0, bias=-1.0)
    sigmoid = 1 / (1 + math.exp(-1.0))
    assert steps.u == pytest.approx(1.0)
    assert steps.y == pytest.approx(sigmoid)
    assert steps.du_dx == pytest.approx(2.0)
    assert steps.dy_du == pytest.approx(sigmoid * (1 - sigmoid))
    assert steps.chain_product == pytest.approx(steps.autodiff)


@pytest.mark.parametrize("key", sorted(calculus.COMPOSITIONS))
def test_chain_rule_product_equals_autodiff_for_every_composition(key):
    for x in (-1.3, 0.0, 0.7, 2.0):
        steps = calculus.chain_rule_steps(key, x, weight=1.5, bias=0.5)
        assert steps.chain_product == pytest.approx(steps.autodiff, rel=1e-12, abs=1e-15)


def test_chain_rule_of_sin_of_square():
    steps = calculus.chain_rule_steps("sin_square", x=1.5)
    assert steps.u == pytest.approx(2.25)
    assert steps.autodiff == pytest.approx(math.cos(2.25) * 3.0)


def test_chain_rule_refuses_non_finite_input():
    with pytest.raises(ValueError, match="finite"):
        calculus.chain_rule_steps("sin_square", float("nan"))
    with pytest.raises(ValueError, match="Unknown composition"):
        calculus.chain_rule_steps("nope", 1.0)


def test_composition_curve_matches_the_step_by_step_derivative():
    xs = np.array([-1.0, 0.5, 2.0])
    _, derivative = calculus.composition_curve("exp_negative_square", xs)
    np.testing.assert_allclose(derivative, -2 * xs * np.exp(-(xs**2)))


# --- SymPy beside autodiff (issue 17) -----------------------------------------------------------


def test_the_courses_symbolic_derivatives():
    assert symbolic.symbolic_derivative("square").derivative == "2*x"
    bowl = symbolic.symbolic_gradient("bowl")
    assert (bowl.function, bowl.d_dx, bowl.d_dy) == ("x**2 + y**2", "2*x", "2*y")


def test_every_function_and_surface_of_the_page_has_a_formula():
    assert set(symbolic.SCALAR_KEYS) == set(calculus.FUNCTIONS)
    assert set(symbolic.SURFACE_KEYS) == set(calculus.SURFACES)


@pytest.mark.parametrize("key", sorted(calculus.FUNCTIONS))
def test_autodiff_agrees_with_the_symbolic_derivative_away_from_kinks(key):
    spec = calculus.get_function(key)
    formula = symbolic.symbolic_derivative(key)
    for x0 in np.linspace(*spec.x_range, 7)[1:-1] + 0.013:  # off the kinks at 0
        assert calculus.derivative_at(key, x0) == pytest.approx(formula.at(x0), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("key", sorted(calculus.SURFACES))
def test_autodiff_gradient_agrees_with_the_symbolic_partials(key):
    formula = symbolic.symbolic_gradient(key)
    for x0, y0 in [(-1.5, 0.5), (0.3, -2.0), (1.0, 2.0)]:
        _, d_dx, d_dy = calculus.gradient_at(key, x0, y0)
        assert (d_dx, d_dy) == pytest.approx(formula.at(x0, y0), rel=1e-9, abs=1e-9)


def test_x_squared_at_three_is_six_both_ways():
    assert calculus.derivative_at("square", 3.0) == symbolic.symbolic_derivative("square").at(3.0) == 6.0
    assert calculus.gradient_at("bowl", 1.5, -2.0)[1:] == symbolic.symbolic_gradient("bowl").at(1.5, -2.0) == (3, -4)


def test_unknown_keys_are_a_value_error():
    with pytest.raises(ValueError, match="Unknown function"):
        symbolic.symbolic_derivative("tan")
    with pytest.raises(ValueError, match="Unknown surface"):
        symbolic.symbolic_gradient("ackley")
