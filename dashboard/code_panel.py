"""The "show the code" panel every lesson ends its sections with: one expander, one look, one place."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import code_sample, t
from dashboard.language import current_language


def show_code(source: str, *, caption: str | None = None, language: str = "python") -> None:
    """A collapsed "show the code" expander with ``source`` highlighted as ``language``, and an optional caption
    (plain Markdown, never HTML) above it."""
    with st.expander(t("common.show_code"), icon=":material/code:"):
        if caption:
            st.caption(caption)
        st.code(source, language=language)


def show_code_sample(name: str, *, caption: str | None = None) -> None:
    """The catalog's code sample ``dashboard/i18n/code/<name>.py``, its comments in the session's language."""
    show_code(code_sample(name, current_language()), caption=caption)
