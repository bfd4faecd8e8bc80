"""Math foundations: the handful of ideas every neural network is built from, each one you can play with.

Vectors and matrices (a Dense layer is a matrix product), derivatives and gradients (computed here by
TensorFlow's automatic differentiation, exactly as in training), the chain rule (backpropagation in one
line), real Keras optimizers racing down a loss surface, and the probability behind random initialisation
and sampling. The math lives in ``core.lessons.math``, the pictures in ``dashboard.figures.math``, each section's
widgets in ``dashboard.lessons.math`` (the same four modules in each); this script only lays the sections out.
Nothing the learner types is evaluated as code: numbers come from numeric widgets, functions from fixed menus.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.lessons.math import calculus, linear_algebra, optimization, probability

# --- The lesson ----------------------------------------------------------------------------------

st.title(t("math.title"))
st.markdown(t("math.intro"))

# Lazy tabs: only the open tab's section runs, so moving a slider recomputes one lesson, not seven.
SECTIONS = (
    (t("math.tab.vectors"), linear_algebra.vectors_section),
    (t("math.tab.matrices"), linear_algebra.matrices_section),
    (t("math.tab.derivatives"), calculus.derivative_section),
    (t("math.tab.chain"), calculus.chain_section),
    (t("math.tab.gradients"), calculus.gradient_section),
    (t("math.tab.descent"), optimization.descent_section),
    (t("math.tab.probability"), probability.probability_section),
)
tabs = st.tabs([label for label, _ in SECTIONS], key="math_tab", on_change="rerun")
for tab, (_, section) in zip(tabs, SECTIONS):
    if tab.open:
        with tab:
            section()
