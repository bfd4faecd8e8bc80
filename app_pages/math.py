"""Math foundations: the handful of ideas every neural network is built from, each one you can play with.

Vectors and matrices (a Dense layer is a matrix product), derivatives and gradients (computed here by
TensorFlow's automatic differentiation, exactly as in training), the chain rule (backpropagation in one
line), real Keras optimizers racing down a loss surface, and the probability behind random initialisation
and sampling. The math lives in ``core.lessons.math``, the pictures in ``dashboard.figures.math``, each section's
widgets in ``dashboard.lessons.math`` (the same four modules in each); this script only lays the sections out.
Nothing the learner types is evaluated as code: numbers come from numeric widgets, functions from fixed menus.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.course import course_code
from dashboard.i18n import t
from dashboard.lessons.math import linear_algebra, probability
from dashboard.setup_links import language_stable_tabs
from dashboard.setups.math import SECTIONS, SETUP

try:  # the calculus and descent lessons compute with TensorFlow; the others need numpy only
    from dashboard.lessons.math import calculus, optimization
except Exception as error:  # noqa: BLE001 - a broken TensorFlow: a translated sentence, the details in the log
    logging.getLogger(__name__).error("The math page could not load TensorFlow", exc_info=error)
    calculus = optimization = None


def tensorflow_failed() -> None:
    st.error(t("math.tensorflow_failed"), icon=":material/error:")


# --- The lesson ----------------------------------------------------------------------------------

st.title(t("math.title"))
st.markdown(t("math.intro"))

# Every section keeps its settings while another tab is open: Streamlit forgets a widget's value after a run that did
# not draw it, unless the value is written back. So a learner coming back to a tab finds it as they left it, and the
# page's link says the settings of every tab.
for key in SETUP.defaults():
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

# Lazy tabs: only the open tab's section runs, so moving a slider recomputes one lesson, not seven.
SECTION_BODIES = {
    "vectors": linear_algebra.vectors_section,
    "spaces": linear_algebra.spaces_section,
    "matrices": linear_algebra.matrices_section,
    "derivatives": calculus.derivative_section if calculus else tensorflow_failed,
    "chain": calculus.chain_section if calculus else tensorflow_failed,
    "gradients": calculus.gradient_section if calculus else tensorflow_failed,
    "descent": optimization.descent_section if optimization else tensorflow_failed,
    "probability": probability.probability_section,
}
# The open tab is part of the page's link (dashboard/setups/math.py): its state is the tab's label.
tabs = language_stable_tabs(tuple(SECTIONS), "math.tab.", "math_tab")
for section, tab in tabs.items():
    if tab.open:
        with tab:
            SECTION_BODIES[section]()

course_code(
    {
        t("math.course.code.linear_algebra"): "course_math_linear_algebra",
        t("math.course.code.calculus"): "course_math_calculus",
        t("math.course.code.probability"): "course_math_probability",
    },
    changes=[t("math.course.code.change.numpy"), t("math.course.code.change.sympy"), t("math.course.code.change.seed")],
    key="math",
)
