"""What the math page's sections share: how a chart is drawn, titles, "show the code", numbers, widget defaults."""

from __future__ import annotations

import streamlit as st

from dashboard.figures.math.common import format_number

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart(figure, key: str, **options):
    # theme=None keeps the figures' own white look (dashboard.figures.theme) instead of Streamlit's restyling.
    return st.plotly_chart(figure, width="stretch", key=key, theme=None, config=PLOTLY_CONFIG, **options)


def figure_title(text: str) -> None:
    # Titles sit above the figures, not inside them, so they never collide with a legend.
    st.markdown(f"**{text}**")


def number(value: float, digits: int = 4) -> str:
    return format_number(value, digits)


def latex_number(value: float, digits: int = 4) -> str:
    """A number for st.latex; negatives in parentheses so that products read right: 2 \\cdot (-3)."""
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"({text})" if value < 0 else text


def set_default(key: str, value) -> None:
    """Give a widget its first value through Session State, so callbacks can move it later."""
    if key not in st.session_state:
        st.session_state[key] = value


def clamp_state(key: str, low: float, high: float) -> None:
    """Keep a slider's stored value inside the range it is about to be drawn with."""
    value = st.session_state.get(key)
    if value is not None and not low <= value <= high:
        st.session_state[key] = min(max(value, low), high)
