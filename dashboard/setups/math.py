"""/math's link fields: the open tab and every section's controls (each section's own keys, so a link restores the
section it opens and leaves the others at their defaults).

The page's menus and steps live here (the page imports them), so that a link offers exactly what the widgets offer.
Reading this module costs no TensorFlow: the names and windows of the calculus lesson's functions and surfaces are
written out below, and ``tests/app/test_math_links.py`` checks them against ``core.lessons.math.calculus`` (which
imports TensorFlow). The matrices' two editable tables (``st.data_editor``) are not in the link: Streamlit does not
let Session State set a data editor.
"""

from core.classroom.setups import Choice, Choices, Number, PageSetup
from core.lessons.math.linear_algebra import PRESETS

#: The page's tabs, in order (the tab's label is the catalog's ``math.tab.<section>``).
SECTIONS = ("vectors", "spaces", "matrices", "derivatives", "chain", "gradients", "descent", "probability")

# --- Vectors and vector spaces
VECTOR_DEFAULTS = {"a": (3.0, 1.0), "b": (1.0, 2.0)}
SPACE_DEFAULTS = {
    2: {"u": (2.0, 1.0), "v": (1.0, 2.0), "w": (3.0, 4.0)},
    # The course's two 3-D vectors, and their sum: it lies in the plane they span.
    3: {"u": (1.0, 2.0, 3.0), "v": (4.0, 5.0, 6.0), "w": (5.0, 7.0, 9.0)},
}
AXES = ("x", "y", "z")
VECTOR_LIMIT = 10.0  # every component of the vectors lessons lies in [-10, 10]

# --- Matrices: the entry of the product to explain ("12": row 1, column 2), the transformation's presets
MATRIX_ENTRIES = ("11", "12", "21", "22")
DEFAULT_PRESET = "stretch"
TRANSFORM_LIMIT = 5.0

# --- Calculus (core.lessons.math.calculus's registries, written out; the tests compare)
FUNCTION_KEYS = ("square", "cube", "sin", "cos", "exp", "log", "sigmoid", "tanh", "abs", "relu", "softplus")
FUNCTION_X_LIMITS = (-8.0, 8.0)  # the widest window of any function (the sigmoid's), rounded to the slider's grid
DEFAULT_FUNCTION, DEFAULT_FUNCTION_X = "sin", 1.0
STEP_CHOICES = tuple(10.0**-exponent for exponent in range(1, 15))  # h for the finite difference
PRECISIONS = ("float64", "float32")
COMPOSITION_KEYS = ("sigmoid_affine", "sin_square", "exp_negative_square", "tanh_cube")
COMPOSITION_X_LIMITS = (-5.0, 5.0)
SURFACE_LIMITS = (-5.0, 5.0)  # every surface's x and y windows lie inside
GRADIENT_SURFACES = ("bowl", "elongated_bowl", "saddle", "sin_cos", "himmelblau", "rosenbrock")
DEFAULT_GRADIENT_SURFACE, DEFAULT_GRADIENT_POINT = "sin_cos", (0.6, 0.9)

# --- Gradient descent
OPTIMIZER_KEYS = ("sgd", "momentum", "rmsprop", "adam")
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
DESCENT_SURFACES = ("elongated_bowl", "rosenbrock", "himmelblau", "sin_cos", "bowl")
DEFAULT_DESCENT_SURFACE, DEFAULT_DESCENT_START, DEFAULT_DESCENT_RATE = "himmelblau", (-0.3, -0.9), 0.01
MAX_DESCENT_STEPS = 200

# --- Probability
DISTRIBUTIONS = ("gaussian", "bernoulli")
SAMPLE_SIZES = (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)
MAX_SEED = 1_000_000


def _vectors() -> tuple:
    fields = []
    for name, default in VECTOR_DEFAULTS.items():
        for axis, value in zip(AXES, default):
            fields.append(
                Number(
                    f"{name}{axis}",
                    f"math_vector_{name}{axis}",
                    low=-VECTOR_LIMIT,
                    high=VECTOR_LIMIT,
                    default=value,
                    label_key=f"math.vectors.{name}_{axis}",
                )
            )
    return tuple(fields)


def _spaces() -> tuple:
    fields: list = [
        Choice("dim", "math_spaces_dimension", options=(2, 3), default=2, label_key="math.spaces.dimension")
    ]
    for dimension, vectors in SPACE_DEFAULTS.items():
        for name, default in vectors.items():
            for axis, value in zip(AXES, default):
                fields.append(
                    Number(
                        f"{name}{dimension}{axis}",
                        f"math_spaces_{dimension}_{name}_{axis}",
                        low=-VECTOR_LIMIT,
                        high=VECTOR_LIMIT,
                        default=value,
                    )
                )
    return tuple(fields)


def _transform() -> tuple:
    fields: list = [
        Choice(
            "preset",
            "math_transform_preset",
            options=tuple(PRESETS),
            default=DEFAULT_PRESET,
            label_key="math.transform.preset",
        )
    ]
    for i in range(2):
        for j in range(2):
            fields.append(
                Number(
                    f"m{i + 1}{j + 1}",
                    f"math_transform_m{i + 1}{j + 1}",
                    low=-TRANSFORM_LIMIT,
                    high=TRANSFORM_LIMIT,
                    default=float(PRESETS[DEFAULT_PRESET][i][j]),
                )
            )
    return tuple(fields)


SETUP = PageSetup(
    "math",
    (
        Choice(
            "tab", "math_tab", options=SECTIONS, default=SECTIONS[0], state_text="math.tab.", label_key="math.link.tab"
        ),
        *_vectors(),
        *_spaces(),
        Choice("entry", "math_matrix_entry", options=MATRIX_ENTRIES, default="11", label_key="math.matrices.entry"),
        *_transform(),
        Choice(
            "fn",
            "math_derivative_function",
            options=FUNCTION_KEYS,
            default=DEFAULT_FUNCTION,
            label_key="math.derivative.function",
        ),
        Number(
            "x0",
            "math_derivative_x0",
            low=FUNCTION_X_LIMITS[0],
            high=FUNCTION_X_LIMITS[1],
            step=0.01,
            default=DEFAULT_FUNCTION_X,
            label_key="math.derivative.point",
        ),
        Choice("h", "math_derivative_step", options=STEP_CHOICES, default=1e-3, label_key="math.derivative.step"),
        Choice(
            "prec",
            "math_derivative_precision",
            options=PRECISIONS,
            default=PRECISIONS[0],
            label_key="math.derivative.precision",
        ),
        Choice(
            "comp",
            "math_chain_composition",
            options=COMPOSITION_KEYS,
            default=COMPOSITION_KEYS[0],
            label_key="math.chain.composition",
        ),
        Number(
            "cx",
            "math_chain_x",
            low=COMPOSITION_X_LIMITS[0],
            high=COMPOSITION_X_LIMITS[1],
            step=0.01,
            default=1.0,
            label_key="math.link.chain_x",
        ),
        Number("w", "math_chain_weight", low=-3.0, high=3.0, step=0.1, default=2.0, label_key="math.chain.weight"),
        Number("b", "math_chain_bias", low=-3.0, high=3.0, step=0.1, default=-1.0, label_key="math.chain.bias"),
        Choice(
            "surf",
            "math_gradient_surface",
            options=GRADIENT_SURFACES,
            default=DEFAULT_GRADIENT_SURFACE,
            label_key="math.gradient.surface",
        ),
        Number(
            "gx",
            "math_gradient_x",
            low=SURFACE_LIMITS[0],
            high=SURFACE_LIMITS[1],
            step=0.05,
            default=DEFAULT_GRADIENT_POINT[0],
            label_key="math.link.gradient_x",
        ),
        Number(
            "gy",
            "math_gradient_y",
            low=SURFACE_LIMITS[0],
            high=SURFACE_LIMITS[1],
            step=0.05,
            default=DEFAULT_GRADIENT_POINT[1],
            label_key="math.link.gradient_y",
        ),
        Choice(
            "dsurf",
            "math_descent_surface",
            options=DESCENT_SURFACES,
            default=DEFAULT_DESCENT_SURFACE,
            label_key="math.descent.surface",
        ),
        Choices(
            "opt",
            "math_descent_optimizers",
            options=OPTIMIZER_KEYS,
            default=OPTIMIZER_KEYS,
            label_key="math.descent.optimizers",
        ),
        Choice(
            "lr",
            "math_descent_learning_rate",
            options=LEARNING_RATES,
            default=DEFAULT_DESCENT_RATE,
            label_key="math.descent.learning_rate",
        ),
        Number(
            "steps",
            "math_descent_steps",
            low=1,
            high=MAX_DESCENT_STEPS,
            integer=True,
            default=MAX_DESCENT_STEPS,
            label_key="math.descent.steps",
        ),
        Number(
            "sx",
            "math_descent_start_x",
            low=SURFACE_LIMITS[0],
            high=SURFACE_LIMITS[1],
            step=0.05,
            default=DEFAULT_DESCENT_START[0],
            label_key="math.descent.start_x",
        ),
        Number(
            "sy",
            "math_descent_start_y",
            low=SURFACE_LIMITS[0],
            high=SURFACE_LIMITS[1],
            step=0.05,
            default=DEFAULT_DESCENT_START[1],
            label_key="math.descent.start_y",
        ),
        Choice(
            "dist",
            "math_probability_distribution",
            options=DISTRIBUTIONS,
            default=DISTRIBUTIONS[0],
            label_key="math.probability.distribution",
        ),
        Number(
            "mean",
            "math_probability_mean",
            low=-5.0,
            high=5.0,
            step=0.1,
            default=0.0,
            label_key="math.probability.mean",
        ),
        Number(
            "std", "math_probability_std", low=0.1, high=5.0, step=0.1, default=1.0, label_key="math.probability.std"
        ),
        Number("p", "math_probability_p", low=0.0, high=1.0, step=0.01, default=0.3, label_key="math.probability.p"),
        Choice(
            "n", "math_probability_count", options=SAMPLE_SIZES, default=1_000, label_key="math.probability.samples"
        ),
        Number(
            "seed",
            "math_probability_seed",
            low=0,
            high=MAX_SEED,
            integer=True,
            default=0,
            label_key="math.probability.seed",
        ),
    ),
)
