"""The session's language: chosen in the sidebar, shareable as ``?lang=zh`` / ``?lang=en``."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES

_STATE_KEY = "lang"


def current_language() -> str:
    language = st.session_state.get(_STATE_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def language_ui() -> str:
    """Sidebar switch bound to the ``lang`` query parameter, so a link carries the language."""
    st.sidebar.segmented_control(
        "Language / 语言",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        default=DEFAULT_LANGUAGE,
        required=True,
        key=_STATE_KEY,
        bind="query-params",
    )
    return current_language()
