"""Deep-learning dashboard: the entry script. Streamlit Community Cloud runs this file by default.

It sets up the page, the language and the sidebar, then hands over to the page the visitor asked for.
TensorFlow is warmed up in the background only after the page has been drawn, so the landing page
never waits for it; then any default model that is neither stored nor bundled trains in the background.
"""

import sys

import streamlit as st

from core.runtime import start_tensorflow_warmup
from dashboard.i18n import t
from dashboard.keras_guard import keep_keras_state_across_reruns
from dashboard.language import language_ui
from dashboard.navigation import HOME, LESSONS
from dashboard.sidebar import sidebar_ui

st.set_page_config(page_title="Deep Learning Dashboard", page_icon=":material/neurology:", layout="wide")

language_ui()


def as_streamlit_page(spec, default=False):
    return st.Page(spec.script, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path or None, default=default)


page = st.navigation(
    {
        t("nav.section.start"): [as_streamlit_page(HOME, default=True)],
        t("nav.section.lessons"): [as_streamlit_page(spec) for spec in LESSONS],
    }
)
sidebar_ui()
page.run()
if "keras" in sys.modules:
    # Streamlit clears Keras' session after each run; a training in the engine's worker must not lose it.
    keep_keras_state_across_reruns()
# Then, still in the background: whatever default model is neither stored nor bundled starts training.
start_tensorflow_warmup(then_models=True)
