"""Activation functions, their autodiff derivatives, softmax and a single neuron: the math of the activations page.

Every value comes from ``keras.activations`` and every derivative from ``tf.GradientTape``, so the page shows what
a Keras model really computes (including the slope TensorFlow picks at a kink). There are no hand-written
derivative formulas here: the tests compare the autodiff slopes with finite differences instead.

This module never imports Streamlit. Visible text lives in the page's catalog; what is here is math (LaTeX,
numbers) and the ids the page maps to its translated names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import keras  # noqa: E402
import numpy as np
import tensorflow as tf  # noqa: E402

from core import runtime  # noqa: F401  (quiets TensorFlow's start-up log before the import below)

# Computations run in float64: finite-difference checks and "is the slope exactly zero?" need the precision, and
# softmax of logits around 1e6 stays exact enough to show that shifting every logit changes nothing.
DTYPE = tf.float64

# The slopes below this fraction of a function's steepest slope count as "saturating" (vanishing gradient).
DEFAULT_SATURATION_FRACTION = 0.05

# The grid on which a function's intrinsic numbers (steepest slope, mean output for a standard-normal input) are
# measured, independently of the range the learner is looking at.
REFERENCE_GRID = np.linspace(-10.0, 10.0, 4001)

MIN_LOGITS = 2
MAX_LOGITS = 10
#: The softmax section's example logits, by id: the classic four, close ones, huge ones (softmax is shift-invariant)
#: and ten classes.
LOGIT_EXAMPLES: dict[str, str] = {
    "classic": "2.0, 1.0, 0.1, -1.0",
    "close": "1.0, 1.1, 0.9",
    "huge": "1000000, 1000001, 999998",
    "ten": "3.2, 1.5, -0.4, 0.8, 2.9, -1.7, 0.0, 1.1, -2.5, 0.6",
}
MIN_NEURON_INPUTS = 2
MAX_NEURON_INPUTS = 3


@dataclass(frozen=True)
class ActivationSpec:
    """One activation function as Keras 3 computes it.

    ``function`` is the ``keras.activations`` callable with the arguments Keras uses by default; ``latex`` is the
    formula it computes (checked numerically in the unit tests); ``output_range`` is the set of values it can take,
    written in interval notation, with its numeric ``lower``/``upper`` bounds (``±inf`` when unbounded).
    """

    activation_id: str
    keras_call: str  # how to write it in Keras code, e.g. "keras.activations.leaky_relu(x, negative_slope=0.2)"
    function: Callable
    latex: str
    output_range: str
    lower: float
    upper: float
    symbol: str  # the function's name in LaTeX, e.g. r"\sigma", r"\operatorname{ReLU}"
    in_course: bool = False  # one of the course's three classic functions


# SELU's fixed constants (Klambauer et al., 2017), the ones TensorFlow's tf.nn.selu uses.
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
# The minimum of GELU and of SiLU (both reached for a negative x): where their output range starts.
GELU_MINIMUM = -0.16997120747990  # at x ≈ -0.7518
SILU_MINIMUM = -0.27846454276107  # at x ≈ -1.2785, equals -W(1/e)


def _register(*specs: ActivationSpec) -> dict[str, ActivationSpec]:
    registry: dict[str, ActivationSpec] = {}
    for spec in specs:
        if spec.activation_id in registry:
            raise ValueError(f"Activation {spec.activation_id!r} is registered twice.")
        registry[spec.activation_id] = spec
    return registry


ACTIVATIONS: dict[str, ActivationSpec] = _register(
    ActivationSpec(
        activation_id="sigmoid",
        keras_call="keras.activations.sigmoid(x)",
        function=keras.activations.sigmoid,
        symbol=r"\sigma",
        latex=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        output_range="(0, 1)",
        lower=0.0,
        upper=1.0,
        in_course=True,
    ),
    ActivationSpec(
        activation_id="tanh",
        keras_call="keras.activations.tanh(x)",
        function=keras.activations.tanh,
        symbol=r"\tanh",
        latex=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        output_range="(-1, 1)",
        lower=-1.0,
        upper=1.0,
        in_course=True,
    ),
    ActivationSpec(
        activation_id="relu",
        keras_call="keras.activations.relu(x)",
        function=keras.activations.relu,
        symbol=r"\operatorname{ReLU}",
        latex=r"\operatorname{ReLU}(x) = \max(0,\, x)",
        output_range="[0, ∞)",
        lower=0.0,
        upper=math.inf,
        in_course=True,
    ),
    ActivationSpec(
        activation_id="leaky_relu",
        keras_call="keras.activations.leaky_relu(x, negative_slope=0.2)",
        function=lambda x: keras.activations.leaky_relu(x, negative_slope=0.2),
        symbol=r"\operatorname{LeakyReLU}",
        latex=r"\operatorname{LeakyReLU}(x) = \begin{cases} x & x \ge 0 \\ 0.2\,x & x < 0 \end{cases}",
        output_range="(-∞, ∞)",
        lower=-math.inf,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="elu",
        keras_call="keras.activations.elu(x, alpha=1.0)",
        function=lambda x: keras.activations.elu(x, alpha=1.0),
        symbol=r"\operatorname{ELU}",
        latex=r"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},"
        r"\quad \alpha = 1",
        output_range="(-1, ∞)",
        lower=-1.0,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="selu",
        keras_call="keras.activations.selu(x)",
        function=keras.activations.selu,
        symbol=r"\operatorname{SELU}",
        latex=r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},"
        r"\quad \lambda \approx 1.0507,\ \alpha \approx 1.6733",
        output_range="(-1.758, ∞)",
        lower=-SELU_SCALE * SELU_ALPHA,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="gelu",
        keras_call="keras.activations.gelu(x, approximate=False)",
        function=lambda x: keras.activations.gelu(x, approximate=False),
        symbol=r"\operatorname{GELU}",
        latex=r"\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\right)",
        output_range="[-0.170, ∞)",
        lower=GELU_MINIMUM,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="silu",
        keras_call="keras.activations.silu(x)",
        function=keras.activations.silu,
        symbol=r"\operatorname{SiLU}",
        latex=r"\operatorname{SiLU}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
        output_range="[-0.278, ∞)",
        lower=SILU_MINIMUM,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="softplus",
        keras_call="keras.activations.softplus(x)",
        function=keras.activations.softplus,
        symbol=r"\operatorname{softplus}",
        latex=r"\operatorname{softplus}(x) = \ln\left(1 + e^{x}\right)",
        output_range="(0, ∞)",
        lower=0.0,
        upper=math.inf,
    ),
    ActivationSpec(
        activation_id="softsign",
        keras_call="keras.activations.softsign(x)",
        function=keras.activations.softsign,
        symbol=r"\operatorname{softsign}",
        latex=r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
        output_range="(-1, 1)",
        lower=-1.0,
        upper=1.0,
    ),
    ActivationSpec(
        activation_id="hard_sigmoid",
        keras_call="keras.activations.hard_sigmoid(x)",
        function=keras.activations.hard_sigmoid,
        symbol=r"\operatorname{hard\_sigmoid}",
        latex=r"\operatorname{hard\_sigmoid}(x) = \frac{\operatorname{ReLU6}(x + 3)}{6}"
        r" = \min\left(1,\, \max\left(0,\, \frac{x + 3}{6}\right)\right)",
        output_range="[0, 1]",
        lower=0.0,
        upper=1.0,
    ),
    ActivationSpec(
        activation_id="linear",
        keras_call="keras.activations.linear(x)",
        function=keras.activations.linear,
        symbol=r"\operatorname{linear}",
        latex=r"\operatorname{linear}(x) = x",
        output_range="(-∞, ∞)",
        lower=-math.inf,
        upper=math.inf,
    ),
)

COURSE_ACTIVATIONS = tuple(spec.activation_id for spec in ACTIVATIONS.values() if spec.in_course)


def get_activation(activation_id: str) -> ActivationSpec:
    try:
        return ACTIVATIONS[activation_id]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"Unknown activation {activation_id!r}; choose one of: {known}.") from None


def _as_finite_vector(values: Sequence[float] | np.ndarray, what: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{what} must be a one-dimensional list of numbers, got shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{what} is empty.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contains a value that is not a finite number.")
    return array


def values_and_derivatives(activation_id: str, x_values: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) for every x at once: one GradientTape over the whole array.

    The activations act element-wise, so the gradient of sum(f(x)) with respect to the vector x is the vector of
    slopes f'(x_i). Where f has a kink (ReLU at 0), this is the one-sided slope TensorFlow's gradient picks.
    """
    spec = get_activation(activation_id)
    x_array = _as_finite_vector(x_values, "x")
    x_tensor = tf.constant(x_array, dtype=DTYPE)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        y_tensor = spec.function(x_tensor)
    derivative = tape.gradient(y_tensor, x_tensor)
    values = np.asarray(y_tensor, dtype=np.float64)
    if derivative is None:  # only if an activation ignored its input; keep the contract (a slope per x)
        slopes = np.zeros_like(values)
    else:
        slopes = np.asarray(derivative, dtype=np.float64)
    return values, slopes


def x_grid(x_min: float, x_max: float, samples: int = 401) -> np.ndarray:
    """Evenly spaced x values for plotting; includes 0 whenever the range straddles it (so kinks land on a sample)."""
    if not (math.isfinite(x_min) and math.isfinite(x_max)):
        raise ValueError("The x range must be finite.")
    if x_max <= x_min:
        raise ValueError(f"The x range needs x_min < x_max, got [{x_min}, {x_max}].")
    if samples < 3:
        raise ValueError("At least 3 samples are needed.")
    grid = np.linspace(x_min, x_max, samples)
    if x_min < 0.0 < x_max:
        grid[np.argmin(np.abs(grid))] = 0.0
    return grid


@dataclass(frozen=True)
class GradientRegion:
    """An x interval where the gradient vanishes: ``kind`` is "dead" (exactly 0) or "saturating" (tiny, not 0)."""

    kind: str
    start: float
    end: float


def gradient_regions(
    x_values: Sequence[float] | np.ndarray,
    derivative: Sequence[float] | np.ndarray,
    *,
    saturation_fraction: float = DEFAULT_SATURATION_FRACTION,
    reference_slope: float | None = None,
) -> list[GradientRegion]:
    """Intervals where learning through this activation stalls, found from the autodiff slopes alone.

    - "dead": the slope is exactly 0 on at least two neighbouring samples (ReLU for x < 0, hard sigmoid outside
      [-3, 3]); no gradient flows back at all, which is how a ReLU unit "dies".
    - "saturating": 0 < |slope| < ``saturation_fraction`` × the steepest slope, and the slope keeps one sign
      (the flat tails of sigmoid and tanh); gradients shrink there and vanish when such layers are stacked.
      A run in which the slope changes sign is a turning point (SiLU's and GELU's minimum), not a saturated
      tail, so it is left out.

    ``reference_slope`` is the steepest |slope| to compare with; by default the steepest one on this grid.
    Interval ends sit halfway between a flagged sample and its unflagged neighbour, clipped to the grid.
    """
    x_array = _as_finite_vector(x_values, "x")
    slopes = np.asarray(derivative, dtype=np.float64)
    if slopes.shape != x_array.shape:
        raise ValueError(f"x and its derivative differ in shape: {x_array.shape} vs {slopes.shape}.")
    if x_array.size > 1 and np.any(np.diff(x_array) <= 0):
        raise ValueError("x must be strictly increasing.")
    if not 0.0 < saturation_fraction < 1.0:
        raise ValueError(f"saturation_fraction must lie between 0 and 1, got {saturation_fraction}.")
    magnitude = np.abs(slopes)
    steepest = float(np.nanmax(magnitude)) if reference_slope is None else float(reference_slope)
    if not math.isfinite(steepest) or steepest <= 0.0:
        return []  # a constant function: nothing to compare with

    kinds = np.full(x_array.shape, "", dtype=object)
    kinds[magnitude == 0.0] = "dead"
    kinds[(magnitude > 0.0) & (magnitude < saturation_fraction * steepest)] = "saturating"

    regions: list[GradientRegion] = []
    start = 0
    while start < x_array.size:
        kind = kinds[start]
        end = start
        while end + 1 < x_array.size and kinds[end + 1] == kind:
            end += 1
        if kind:
            signs = np.sign(slopes[start : end + 1])
            long_enough = end > start
            one_sign = kind == "dead" or bool(np.all(signs == signs[0]))
            if long_enough and one_sign:
                left = x_array[start] if start == 0 else 0.5 * (x_array[start - 1] + x_array[start])
                right = x_array[end] if end == x_array.size - 1 else 0.5 * (x_array[end] + x_array[end + 1])
                regions.append(GradientRegion(kind, float(left), float(right)))
        start = end + 1
    return regions


def steepest_slope(activation_id: str) -> float:
    """max |f'(x)| over the reference grid [-10, 10]: the yardstick for "saturating"."""
    _, slopes = values_and_derivatives(activation_id, REFERENCE_GRID)
    return float(np.max(np.abs(slopes)))


def mean_output_for_standard_normal(activation_id: str) -> float:
    """E[f(X)] for X ~ N(0, 1), by quadrature on the reference grid: 0 for a zero-centred activation."""
    from scipy import stats

    values, _ = values_and_derivatives(activation_id, REFERENCE_GRID)
    weights = stats.norm.pdf(REFERENCE_GRID)
    return float(np.trapezoid(values * weights, REFERENCE_GRID))


@dataclass(frozen=True)
class ActivationProperties:
    """Numbers for the comparison table, measured on arrays rather than typed in."""

    activation_id: str
    observed_min: float  # on the plotted range
    observed_max: float
    mean_output: float  # E[f(X)], X ~ N(0, 1)
    zero_centred: bool
    monotonic: bool  # on the plotted range
    max_slope: float  # max |f'(x)| on the plotted range
    slope_at_zero: float  # f'(0) from autodiff


ZERO_CENTRED_TOLERANCE = 0.05  # |E[f(X)]| below this counts as zero-centred


def activation_properties(activation_id: str, x_min: float, x_max: float, samples: int = 401) -> ActivationProperties:
    grid = x_grid(x_min, x_max, samples)
    values, slopes = values_and_derivatives(activation_id, grid)
    _, slope_at_zero = values_and_derivatives(activation_id, [0.0])
    mean_output = mean_output_for_standard_normal(activation_id)
    # A slope of -1e-12 from round-off must not make a function non-monotonic.
    non_decreasing = bool(np.all(slopes >= -1e-9))
    non_increasing = bool(np.all(slopes <= 1e-9))
    return ActivationProperties(
        activation_id=activation_id,
        observed_min=float(np.min(values)),
        observed_max=float(np.max(values)),
        mean_output=mean_output,
        zero_centred=abs(mean_output) < ZERO_CENTRED_TOLERANCE,
        monotonic=non_decreasing or non_increasing,
        max_slope=float(np.max(np.abs(slopes))),
        slope_at_zero=float(slope_at_zero[0]),
    )


# ----------------------------------------------------------------------------------------------------------------
# Softmax


class LogitsInputError(ValueError):
    """Bad softmax input. ``code`` names the problem and ``details`` its numbers, so the page can say it in the
    learner's language; ``str(error)`` is the English message."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def parse_logits(text: str | None, *, min_count: int = MIN_LOGITS, max_count: int = MAX_LOGITS) -> np.ndarray:
    """Comma-separated numbers -> float array. Never evaluates the text: each piece goes through float().

    Raises :class:`LogitsInputError` (a ValueError) with code "empty", "empty_entry", "not_number", "not_finite",
    "too_few" or "too_many". Spaces, semicolons, a full-width comma "，", a true minus "−", surrounding brackets
    and a trailing comma are accepted.
    """
    if text is None:
        raise LogitsInputError("empty", "The vector is empty.")
    cleaned = text.replace("，", ",").replace(";", ",").replace("；", ",").strip().strip("[]()").strip()
    if not cleaned:
        raise LogitsInputError("empty", "The vector is empty.")
    pieces = [piece.strip() for piece in cleaned.split(",")]
    if pieces[-1] == "":
        pieces = pieces[:-1]
    numbers = []
    for position, piece in enumerate(pieces, start=1):
        shown = piece[:20]
        if not piece:
            raise LogitsInputError("empty_entry", f"Entry {position} is empty.", position=position)
        try:
            number = float(piece.replace("−", "-"))
        except ValueError:
            raise LogitsInputError(
                "not_number", f"Entry {position} ({shown!r}) is not a number.", position=position, entry=shown
            ) from None
        if not math.isfinite(number):
            raise LogitsInputError(
                "not_finite", f"Entry {position} ({shown!r}) is not a finite number.", position=position, entry=shown
            )
        numbers.append(number)
    if len(numbers) < min_count:
        raise LogitsInputError(
            "too_few",
            f"Softmax needs at least {min_count} numbers, got {len(numbers)}.",
            minimum=min_count,
            count=len(numbers),
        )
    if len(numbers) > max_count:
        raise LogitsInputError(
            "too_many", f"At most {max_count} numbers, got {len(numbers)}.", maximum=max_count, count=len(numbers)
        )
    return np.asarray(numbers, dtype=np.float64)


def softmax_with_temperature(logits: Sequence[float] | np.ndarray, temperature: float) -> np.ndarray:
    """keras.activations.softmax(logits / T). Works row-wise on a 2-D array (one temperature per row allowed).

    Keras subtracts the largest logit before exponentiating, so logits like 1e6 give finite probabilities.
    """
    logits_array = np.asarray(logits, dtype=np.float64)
    if logits_array.size == 0:
        raise ValueError("The vector of logits is empty.")
    if not np.all(np.isfinite(logits_array)):
        raise ValueError("Every logit must be a finite number.")
    temperature_array = np.asarray(temperature, dtype=np.float64)
    if not np.all(np.isfinite(temperature_array)) or np.any(temperature_array <= 0):
        raise ValueError("The temperature must be a positive number.")
    if temperature_array.ndim == 1:
        temperature_array = temperature_array[:, None]
    with np.errstate(over="ignore"):  # an overflow becomes inf, reported just below
        scaled = logits_array / temperature_array
    if not np.all(np.isfinite(scaled)):
        raise LogitsInputError(
            "overflow",
            "Logits divided by the temperature overflow: use smaller logits or a higher temperature.",
            temperature=float(np.min(temperature_array)),
        )
    probabilities = np.asarray(keras.activations.softmax(tf.constant(scaled, dtype=DTYPE), axis=-1))
    if not np.all(np.isfinite(probabilities)):
        raise LogitsInputError(
            "overflow",
            "Softmax did not give finite probabilities for these logits.",
            temperature=float(np.min(temperature_array)),
        )
    return probabilities


def entropy_bits(probabilities: np.ndarray) -> float:
    """Shannon entropy in bits: 0 for one-hot, log2(n) for uniform."""
    p = np.asarray(probabilities, dtype=np.float64)
    positive = p[p > 0]
    return float(-np.sum(positive * np.log2(positive)))


# ----------------------------------------------------------------------------------------------------------------
# A single neuron


@dataclass(frozen=True)
class NeuronOutput:
    weighted_sum: float  # z = w·x + b
    activation: float  # a = f(z)
    slope: float  # f'(z): how much a changes per unit of z (what backpropagation multiplies by)


def _check_neuron(inputs: np.ndarray, weights: np.ndarray, bias: float) -> None:
    if inputs.shape != weights.shape:
        raise ValueError(f"{inputs.size} inputs but {weights.size} weights: they must match.")
    if not MIN_NEURON_INPUTS <= inputs.size <= MAX_NEURON_INPUTS:
        raise ValueError(f"The neuron takes {MIN_NEURON_INPUTS} or {MAX_NEURON_INPUTS} inputs, got {inputs.size}.")
    if not math.isfinite(bias):
        raise ValueError("The bias must be a finite number.")


def neuron_forward(inputs: Sequence[float], weights: Sequence[float], bias: float, activation_id: str) -> NeuronOutput:
    """One Dense unit by hand: z = w·x + b with keras.ops, then the activation and its autodiff slope at z."""
    input_array = _as_finite_vector(inputs, "inputs")
    weight_array = _as_finite_vector(weights, "weights")
    _check_neuron(input_array, weight_array, float(bias))
    weighted_sum = float(keras.ops.dot(tf.constant(weight_array, DTYPE), tf.constant(input_array, DTYPE)) + bias)
    values, slopes = values_and_derivatives(activation_id, [weighted_sum])
    return NeuronOutput(weighted_sum=weighted_sum, activation=float(values[0]), slope=float(slopes[0]))


def neuron_output_grid(
    weights: Sequence[float],
    bias: float,
    activation_id: str,
    *,
    x1_values: Sequence[float] | np.ndarray,
    x2_values: Sequence[float] | np.ndarray,
    x3: float = 0.0,
) -> np.ndarray:
    """a = f(w·x + b) over a grid of (x1, x2), x3 held fixed when there is a third input: rows follow x2."""
    weight_array = _as_finite_vector(weights, "weights")
    if not MIN_NEURON_INPUTS <= weight_array.size <= MAX_NEURON_INPUTS:
        raise ValueError(
            f"The neuron takes {MIN_NEURON_INPUTS} or {MAX_NEURON_INPUTS} inputs, got {weight_array.size}."
        )
    x1_array = _as_finite_vector(x1_values, "x1")
    x2_array = _as_finite_vector(x2_values, "x2")
    x1_mesh, x2_mesh = np.meshgrid(x1_array, x2_array)
    weighted_sum = weight_array[0] * x1_mesh + weight_array[1] * x2_mesh + bias
    if weight_array.size == 3:
        weighted_sum = weighted_sum + weight_array[2] * x3
    values, _ = values_and_derivatives(activation_id, weighted_sum.ravel())
    return values.reshape(weighted_sum.shape)


def _number(value: float) -> str:
    """A number for a formula: at most 3 decimals, trailing zeros kept to one (LaTeX draws "-" as a minus)."""
    text = f"{value:.3f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    if text in ("-0.0", "-0"):
        text = "0.0"
    return text


def _term(value: float) -> str:
    text = _number(value)
    return f"({text})" if text.startswith("-") else text


def neuron_arithmetic_latex(inputs: Sequence[float], weights: Sequence[float], bias: float, weighted_sum: float) -> str:
    r"""z = 0.5·1.0 + (-0.3)·2.0 + 0.1 = 0.0 written out, as LaTeX (\cdot between factors)."""
    input_array = _as_finite_vector(inputs, "inputs")
    weight_array = _as_finite_vector(weights, "weights")
    _check_neuron(input_array, weight_array, float(bias))
    products = [f"{_term(w)} \\cdot {_term(x)}" for w, x in zip(weight_array, input_array, strict=True)]
    return f"z = {' + '.join(products)} + {_term(bias)} = {_number(weighted_sum)}"


def neuron_activation_latex(activation_id: str, weighted_sum: float, activation: float) -> str:
    r"""a = f(z) = \sigma(0.0) = 0.5 as LaTeX, with the activation's own symbol."""
    symbol = get_activation(activation_id).symbol
    return rf"a = f(z) = {symbol}\left({_number(weighted_sum)}\right) = {activation:.4f}"
