"""The session's language: chosen in the sidebar, shareable as ``?lang=zh`` / ``?lang=en``.

Not ``bind="query-params"``: Streamlit 1.67 matches a bound parameter against the option's *label*
(``?lang=简体中文``), and an instructor's link must read ``?lang=zh``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES

_STATE_KEY = "lang"


def current_language() -> str:
    language = st.session_state.get(_STATE_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def language_ui() -> str:
    """Sidebar switch, seeded from the URL on a session's first run and written back to the URL on every run."""
    if _STATE_KEY not in st.session_state:
        requested = st.query_params.get("lang")
        st.session_state[_STATE_KEY] = requested if requested in LANGUAGES else DEFAULT_LANGUAGE
    st.sidebar.segmented_control(
        "Language / 语言",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        required=True,
        key=_STATE_KEY,
    )
    language = current_language()
    # Page changes drop the query string; putting it back keeps the address shareable in the chosen language.
    if st.query_params.get("lang") != language:
        st.query_params["lang"] = language
    return language
