"""core.lessons.activations: the registry matches what Keras computes, autodiff slopes match finite differences, the
vanishing-gradient regions, softmax with a temperature, and one neuron."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import special

from core.lessons import activations
from core.lessons.activations import (
    ACTIVATIONS,
    COURSE_ACTIVATIONS,
    GradientRegion,
    LogitsInputError,
    activation_properties,
    entropy_bits,
    get_activation,
    gradient_regions,
    neuron_activation_latex,
    neuron_arithmetic_latex,
    neuron_forward,
    neuron_output_grid,
    parse_logits,
    softmax_with_temperature,
    steepest_slope,
    values_and_derivatives,
    x_grid,
)

POINTS = np.array([-4.0, -2.5, -1.0, -0.3, 0.4, 1.0, 2.2, 3.5])


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# The LaTeX formula of each registry entry, transcribed into numpy: if Keras computed something else, these fail.
FORMULAS = {
    "sigmoid": sigmoid,
    "tanh": lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)),
    "relu": lambda x: np.maximum(0.0, x),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1.0),
    "selu": lambda x: activations.SELU_SCALE * np.where(x > 0, x, activations.SELU_ALPHA * (np.exp(x) - 1.0)),
    "gelu": lambda x: 0.5 * x * (1.0 + special.erf(x / np.sqrt(2.0))),
    "silu": lambda x: x / (1.0 + np.exp(-x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "softsign": lambda x: x / (1.0 + np.abs(x)),
    "hard_sigmoid": lambda x: np.minimum(np.maximum(x + 3.0, 0.0), 6.0) / 6.0,
    "linear": lambda x: x,
}


def test_registry_holds_the_course_three_and_the_others():
    assert COURSE_ACTIVATIONS == ("sigmoid", "tanh", "relu")
    assert set(ACTIVATIONS) == set(FORMULAS)
    for activation_id, spec in ACTIVATIONS.items():
        assert spec.activation_id == activation_id
        assert spec.keras_call.startswith("keras.activations.")
        assert spec.latex and spec.symbol and spec.output_range


def test_keras_callables_are_the_documented_ones():
    # The registry must call the functions it names, with Keras 3's defaults.
    x = np.linspace(-5, 5, 11)
    for activation_id in ("sigmoid", "tanh", "relu", "selu", "silu", "softplus", "softsign", "hard_sigmoid"):
        expected = np.asarray(getattr(keras.activations, activation_id)(x))
        actual, _ = values_and_derivatives(activation_id, x)
        np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        values_and_derivatives("leaky_relu", x)[0], np.asarray(keras.activations.leaky_relu(x)), atol=1e-7
    )
    np.testing.assert_allclose(values_and_derivatives("gelu", x)[0], np.asarray(keras.activations.gelu(x)), atol=1e-7)


@pytest.mark.parametrize("activation_id", list(FORMULAS))
def test_latex_formula_matches_what_keras_computes(activation_id):
    values, _ = values_and_derivatives(activation_id, POINTS)
    np.testing.assert_allclose(values, FORMULAS[activation_id](POINTS), rtol=1e-6, atol=1e-6)


def test_keras_3_hard_sigmoid_is_relu6_shifted_not_the_old_0_2_slope():
    values, slopes = values_and_derivatives("hard_sigmoid", [-3.5, -1.5, 0.0, 1.5, 3.5])
    np.testing.assert_allclose(values, [0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(slopes[1:4], 1.0 / 6.0)  # Keras 2's version had slope 0.2


@pytest.mark.parametrize("activation_id", list(FORMULAS))
def test_autodiff_slope_matches_central_finite_differences(activation_id):
    step = 1e-6
    # Away from kinks (0 for the ReLU family, ±3 for hard sigmoid), where the derivative is defined.
    _, slopes = values_and_derivatives(activation_id, POINTS)
    plus, _ = values_and_derivatives(activation_id, POINTS + step)
    minus, _ = values_and_derivatives(activation_id, POINTS - step)
    np.testing.assert_allclose(slopes, (plus - minus) / (2 * step), rtol=1e-5, atol=1e-6)


def test_known_slopes():
    _, slopes = values_and_derivatives("sigmoid", [0.0])
    assert slopes[0] == pytest.approx(0.25)
    _, slopes = values_and_derivatives("tanh", [0.0])
    assert slopes[0] == pytest.approx(1.0)
    _, slopes = values_and_derivatives("relu", [-2.0, 0.0, 2.0])
    np.testing.assert_array_equal(slopes, [0.0, 0.0, 1.0])  # TensorFlow picks the left slope at the kink
    _, slopes = values_and_derivatives("leaky_relu", [-2.0, 2.0])
    np.testing.assert_allclose(slopes, [0.2, 1.0], atol=1e-7)
    _, slopes = values_and_derivatives("softplus", POINTS)
    np.testing.assert_allclose(slopes, sigmoid(POINTS), atol=1e-9)  # softplus' = sigmoid


@pytest.mark.parametrize("activation_id", list(FORMULAS))
def test_values_stay_in_the_registered_output_range(activation_id):
    spec = get_activation(activation_id)
    values, _ = values_and_derivatives(activation_id, np.linspace(-30, 30, 6001))
    assert np.all(values >= spec.lower - 1e-8)
    assert np.all(values <= spec.upper + 1e-8)


def test_gelu_and_silu_minimum_is_the_lower_end_of_their_range():
    grid = np.linspace(-3, 0, 300001)
    for activation_id in ("gelu", "silu"):
        values, _ = values_and_derivatives(activation_id, grid)
        # TensorFlow's erf is a few 1e-9 off scipy's at GELU's minimum.
        assert values.min() == pytest.approx(get_activation(activation_id).lower, abs=1e-8)


def test_unknown_activation_and_bad_x_raise_value_error():
    with pytest.raises(ValueError, match="Unknown activation 'swishy'"):
        values_and_derivatives("swishy", [0.0])
    with pytest.raises(ValueError, match="empty"):
        values_and_derivatives("relu", [])
    with pytest.raises(ValueError, match="finite"):
        values_and_derivatives("relu", [0.0, np.nan])
    with pytest.raises(ValueError, match="one-dimensional"):
        values_and_derivatives("relu", np.zeros((2, 2)))


def test_x_grid_contains_zero_and_rejects_an_empty_range():
    grid = x_grid(-5, 5, 400)  # 400 points would miss 0 without the snap
    assert 0.0 in grid and grid[0] == -5 and grid[-1] == 5 and np.all(np.diff(grid) > 0)
    with pytest.raises(ValueError, match="x_min < x_max"):
        x_grid(2, 2)
    with pytest.raises(ValueError, match="finite"):
        x_grid(-math.inf, 1)


def regions_of(activation_id, x_min=-6.0, x_max=6.0, fraction=0.05):
    grid = x_grid(x_min, x_max)
    _, slopes = values_and_derivatives(activation_id, grid)
    return gradient_regions(grid, slopes, saturation_fraction=fraction, reference_slope=steepest_slope(activation_id))


def test_relu_is_dead_for_negative_x_and_nowhere_saturating():
    (region,) = regions_of("relu")
    assert region.kind == "dead" and region.start == -6.0 and region.end == pytest.approx(0.0, abs=0.02)


def test_hard_sigmoid_is_dead_outside_minus_three_three():
    dead = regions_of("hard_sigmoid")
    assert [region.kind for region in dead] == ["dead", "dead"]
    assert dead[0].start == -6.0 and dead[0].end == pytest.approx(-3.0, abs=0.02)
    assert dead[1].start == pytest.approx(3.0, abs=0.02) and dead[1].end == 6.0


def test_sigmoid_and_tanh_saturate_symmetrically_in_their_tails():
    for activation_id, edge in (("sigmoid", 4.36), ("tanh", 2.18)):
        left, right = regions_of(activation_id)
        assert left.kind == right.kind == "saturating"
        assert left.start == -6.0 and right.end == 6.0
        assert left.end == pytest.approx(-edge, abs=0.05) and right.start == pytest.approx(edge, abs=0.05)
    # A looser threshold widens the bands.
    assert regions_of("sigmoid", fraction=0.2)[0].end > regions_of("sigmoid", fraction=0.05)[0].end


def test_turning_points_and_steady_slopes_are_not_flagged():
    # SiLU's slope crosses zero at its minimum (x ≈ -1.28): a turning point, not saturation.
    silu = regions_of("silu")
    assert all(region.end < -2.0 for region in silu)
    assert regions_of("leaky_relu") == [] and regions_of("linear") == []


def test_gradient_regions_edge_cases():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    assert gradient_regions(x, np.zeros(4)) == []  # a constant function: nothing to compare with
    # A single zero sample is not an interval.
    assert gradient_regions(x, np.array([1.0, 0.0, 1.0, 1.0])) == []
    assert gradient_regions(x, np.array([0.0, 0.0, 1.0, 1.0])) == [GradientRegion("dead", 0.0, 1.5)]
    with pytest.raises(ValueError, match="differ in shape"):
        gradient_regions(x, np.zeros(3))
    with pytest.raises(ValueError, match="increasing"):
        gradient_regions(x[::-1], np.zeros(4))
    with pytest.raises(ValueError, match="between 0 and 1"):
        gradient_regions(x, np.ones(4), saturation_fraction=1.5)


def test_properties_are_measured():
    sigmoid_properties = activation_properties("sigmoid", -6, 6)
    assert sigmoid_properties.max_slope == pytest.approx(0.25)
    assert sigmoid_properties.slope_at_zero == pytest.approx(0.25)
    assert sigmoid_properties.mean_output == pytest.approx(0.5, abs=1e-6)
    assert not sigmoid_properties.zero_centred and sigmoid_properties.monotonic
    tanh_properties = activation_properties("tanh", -6, 6)
    assert tanh_properties.zero_centred and tanh_properties.observed_min == pytest.approx(-1, abs=1e-4)
    relu_properties = activation_properties("relu", -6, 6)
    assert relu_properties.mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-6)
    assert relu_properties.slope_at_zero == 0.0 and relu_properties.observed_max == 6.0
    assert activation_properties("selu", -6, 6).zero_centred  # self-normalising: mean 0 for N(0, 1) inputs
    assert not activation_properties("gelu", -6, 6).monotonic
    assert activation_properties("gelu", 0, 6).monotonic  # the dip lies at x < 0


# ----------------------------------------------------------------------------------------------------------------
# Softmax


def test_parse_logits_accepts_the_usual_ways_of_typing_numbers():
    np.testing.assert_array_equal(parse_logits("2, 1, 0.1, -1"), [2.0, 1.0, 0.1, -1.0])
    np.testing.assert_array_equal(parse_logits("[1e3，−2; 3,]"), [1000.0, -2.0, 3.0])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("1, , 2", "empty_entry"),
        ("1, two", "not_number"),
        ("__import__('os').system('true'), 1", "not_number"),  # never evaluated
        ("1, inf", "not_finite"),
        ("nan, 1", "not_finite"),
        ("1e400, 1", "not_finite"),
        ("3", "too_few"),
        (",".join(["1"] * 11), "too_many"),
    ],
)
def test_parse_logits_names_the_problem(text, code):
    with pytest.raises(LogitsInputError) as caught:
        parse_logits(text)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_softmax_matches_the_definition_and_sums_to_one():
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    expected = np.exp(logits) / np.exp(logits).sum()
    probabilities = softmax_with_temperature(logits, 1.0)
    np.testing.assert_allclose(probabilities, expected, rtol=1e-12)
    assert probabilities.sum() == pytest.approx(1.0)


def test_temperature_goes_from_one_hot_to_uniform():
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    cold = softmax_with_temperature(logits, 0.01)
    hot = softmax_with_temperature(logits, 1000.0)
    np.testing.assert_allclose(cold, [1.0, 0.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(hot, 0.25, atol=1e-3)
    assert entropy_bits(cold) == pytest.approx(0.0, abs=1e-9)
    assert entropy_bits(hot) == pytest.approx(2.0, abs=1e-4)


def test_one_temperature_per_row():
    rows = softmax_with_temperature([1.0, 2.0, 3.0], np.array([0.5, 1.0, 2.0]))
    assert rows.shape == (3, 3)
    np.testing.assert_allclose(rows[1], softmax_with_temperature([1.0, 2.0, 3.0], 1.0))
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)


def test_adding_a_constant_changes_nothing_and_huge_logits_stay_finite():
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    np.testing.assert_allclose(softmax_with_temperature(logits + 100.0, 1.0), softmax_with_temperature(logits, 1.0))
    huge = softmax_with_temperature([1e6, 1e6 + 1.0, 1e6 - 2.0], 1.0)
    assert np.all(np.isfinite(huge))
    np.testing.assert_allclose(huge, softmax_with_temperature([0.0, 1.0, -2.0], 1.0), rtol=1e-9)


def test_softmax_bad_input():
    with pytest.raises(ValueError, match="positive"):
        softmax_with_temperature([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="empty"):
        softmax_with_temperature([], 1.0)
    with pytest.raises(LogitsInputError) as caught:
        softmax_with_temperature([1e308, 0.0], 0.1)
    assert caught.value.code == "overflow" and caught.value.details["temperature"] == 0.1


# ----------------------------------------------------------------------------------------------------------------
# One neuron


def test_neuron_forward_by_hand():
    output = neuron_forward([1.0, 2.0], [0.5, -0.3], 0.1, "sigmoid")
    assert output.weighted_sum == pytest.approx(0.0, abs=1e-12)
    assert output.activation == pytest.approx(0.5)
    assert output.slope == pytest.approx(0.25)
    relu = neuron_forward([1.0, 2.0, -1.0], [1.0, 1.0, 1.0], -5.0, "relu")
    assert relu.weighted_sum == pytest.approx(-3.0) and relu.activation == 0.0 and relu.slope == 0.0


@pytest.mark.parametrize("activation_id", ["sigmoid", "tanh", "relu", "gelu"])
def test_neuron_equals_a_keras_dense_unit(activation_id):
    inputs, weights, bias = [0.7, -1.2, 2.0], [1.5, 0.4, -0.8], 0.3
    layer = keras.layers.Dense(1, activation=activation_id)
    layer.build((1, 3))
    layer.set_weights([np.array(weights, dtype="float32").reshape(3, 1), np.array([bias], dtype="float32")])
    expected = float(np.asarray(layer(np.array([inputs], dtype="float32")))[0, 0])
    assert neuron_forward(inputs, weights, bias, activation_id).activation == pytest.approx(expected, abs=1e-5)


def test_neuron_rejects_mismatched_or_too_many_inputs():
    with pytest.raises(ValueError, match="2 inputs but 3 weights"):
        neuron_forward([1.0, 2.0], [1.0, 2.0, 3.0], 0.0, "relu")
    with pytest.raises(ValueError, match="2 or 3 inputs"):
        neuron_forward([1.0] * 4, [1.0] * 4, 0.0, "relu")
    with pytest.raises(ValueError, match="bias"):
        neuron_forward([1.0, 2.0], [1.0, 2.0], math.nan, "relu")


def test_neuron_output_grid_agrees_with_the_single_neuron():
    x1 = np.linspace(-3, 3, 7)
    x2 = np.linspace(-3, 3, 5)
    grid = neuron_output_grid([0.5, -0.3, 2.0], 0.1, "tanh", x1_values=x1, x2_values=x2, x3=0.25)
    assert grid.shape == (5, 7)  # rows follow x2
    single = neuron_forward([x1[2], x2[4], 0.25], [0.5, -0.3, 2.0], 0.1, "tanh")
    assert grid[4, 2] == pytest.approx(single.activation)


def test_arithmetic_is_written_out():
    assert (
        neuron_arithmetic_latex([1.0, 2.0], [0.5, -0.3], 0.1, 0.0)
        == r"z = 0.5 \cdot 1.0 + (-0.3) \cdot 2.0 + 0.1 = 0.0"
    )
    assert neuron_activation_latex("relu", -0.0, 0.0) == r"a = f(z) = \operatorname{ReLU}\left(0.0\right) = 0.0000"


def test_ten_sigmoid_slopes_multiply_to_at_most_a_quarter_to_the_tenth_and_weights_can_change_that():
    """The legend's claim: ten sigmoid slopes alone give at most 0.25¹⁰; the weights can enlarge or shrink it."""

    def chain_gradient(weight: float) -> float:
        # Ten layers a ← σ(w·a − w/2) from a = 0.5: every z is 0, where σ′ is at its peak 0.25.
        x = tf.constant(0.5, dtype=tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(x)
            a = x
            for _ in range(10):
                a = keras.activations.sigmoid(weight * (a - 0.5))
        return float(tape.gradient(a, x))

    assert steepest_slope("sigmoid") == pytest.approx(0.25)
    assert chain_gradient(1.0) == pytest.approx(0.25**10) and 0.25**10 < 1e-6  # weights of 1: only the slopes count
    assert chain_gradient(8.0) == pytest.approx(2.0**10)  # each layer: slope 0.25 × weight 8 at z = 0
    assert chain_gradient(0.5) == pytest.approx(0.125**10)  # smaller weights shrink it further
