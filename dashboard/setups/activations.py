"""/activations' link fields: the curves shown and their window, the function studied, the softmax's logits and
temperature, and the neuron wired by hand.

The page's limits and menus live here (the page imports them). The activation functions' names and the example
logits are written out, so that reading this module costs no TensorFlow (``core.lessons.activations`` imports it);
``tests/app/test_activations_links.py`` checks them against the lesson.
"""

from __future__ import annotations

from core.classroom.setups import Choice, Choices, Number, PageSetup, Range, Text
from dashboard.figures.activations import CURVE_VIEWS

#: ``core.lessons.activations.ACTIVATIONS``' keys, in its order, and the course's three.
ACTIVATION_IDS = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "softplus",
    "softsign",
    "hard_sigmoid",
    "linear",
)
COURSE_ACTIVATIONS = ("sigmoid", "tanh", "relu")
X_LIMIT = 10.0
DEFAULT_X_RANGE = (-6.0, 6.0)
TEMPERATURES = (0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0)
DEFAULT_LOGITS = "2.0, 1.0, 0.1, -1.0"  # core.lessons.activations.LOGIT_EXAMPLES["classic"]
LOGITS_MAX_CHARS = 400
SHIFT_LIMIT = 100.0
NEURON_SLIDER_LIMIT = 3.0
DEFAULT_NEURON_INPUTS = (1.0, 2.0, 0.5)
DEFAULT_NEURON_WEIGHTS = (0.5, -0.3, 0.8)
DEFAULT_NEURON_BIAS = 0.1


def _neuron() -> tuple:
    fields = []
    # No label key: the sliders' labels are numbered ("x₁"), the parameter (x1, w1) names them as well.
    for name, defaults in (("x", DEFAULT_NEURON_INPUTS), ("w", DEFAULT_NEURON_WEIGHTS)):
        for index, default in enumerate(defaults, start=1):
            fields.append(
                Number(
                    f"{name}{index}",
                    f"act_neuron_{name}{index}",
                    low=-NEURON_SLIDER_LIMIT,
                    high=NEURON_SLIDER_LIMIT,
                    step=0.1,
                    default=default,
                )
            )
    return tuple(fields)


SETUP = PageSetup(
    "activations",
    (
        Choices(
            "fns", "act_curves_ids", options=ACTIVATION_IDS, default=COURSE_ACTIVATIONS, label_key="act.curves.select"
        ),
        Range(
            "range",
            "act_curves_range",
            low=-X_LIMIT,
            high=X_LIMIT,
            step=0.5,
            default=DEFAULT_X_RANGE,
            label_key="act.curves.range",
        ),
        Choice("view", "act_curves_view", options=CURVE_VIEWS, default="both", label_key="act.curves.view"),
        Choice(
            "focus", "act_focus_id", options=ACTIVATION_IDS, default=ACTIVATION_IDS[0], label_key="act.focus.select"
        ),
        Number("x", "act_focus_x", low=-X_LIMIT, high=X_LIMIT, step=0.1, default=2.0, label_key="act.focus.x"),
        Number("thr", "act_focus_threshold", low=1, high=20, integer=True, default=5, label_key="act.focus.threshold"),
        Text(
            "logits",
            "act_softmax_logits",
            max_chars=LOGITS_MAX_CHARS,
            default=DEFAULT_LOGITS,
            label_key="act.softmax.logits",
        ),
        Choice(
            "temp", "act_softmax_temperature", options=TEMPERATURES, default=1.0, label_key="act.softmax.temperature"
        ),
        Number(
            "shift",
            "act_softmax_shift",
            low=-SHIFT_LIMIT,
            high=SHIFT_LIMIT,
            step=1.0,
            default=0.0,
            label_key="act.softmax.shift",
        ),
        Choice("inputs", "act_neuron_count", options=(2, 3), default=2, label_key="act.neuron.count"),
        Choice(
            "act",
            "act_neuron_activation",
            options=ACTIVATION_IDS,
            default=ACTIVATION_IDS[0],
            label_key="act.neuron.activation",
        ),
        Number(
            "bias",
            "act_neuron_bias",
            low=-NEURON_SLIDER_LIMIT,
            high=NEURON_SLIDER_LIMIT,
            step=0.1,
            default=DEFAULT_NEURON_BIAS,
            label_key="act.neuron.bias",
        ),
        *_neuron(),
    ),
)
