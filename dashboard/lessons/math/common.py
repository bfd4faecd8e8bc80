"""What the math page's sections share: how a chart is drawn, titles, "show the code", numbers, widget defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping

import streamlit as st

from dashboard.code_panel import show_code
from dashboard.figures.math.common import format_number
from dashboard.i18n import code_sample
from dashboard.language import current_language

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


class Code(str):
    """Python source to write as it is (``tf.math.sin``, ``np.array([1.0, 2.0])``), where other values are repr()'d."""


def with_settings(source: str, settings: Mapping[str, object]) -> str:
    """A code sample with its top-level assignments ``NAME = ...`` set to the values on screen (their comments kept),
    so that the code shown runs as it is and prints what the page shows. Floats are written as plain floats."""
    for name, value in settings.items():
        if isinstance(value, Code):
            text = str(value)
        elif isinstance(value, (list, tuple)):
            text = repr([float(item) if isinstance(item, (int, float)) else item for item in value])
        elif isinstance(value, float) or type(value).__name__.startswith("float"):
            text = repr(float(value))
        else:
            text = repr(value)
        pattern = re.compile(rf"^{re.escape(name)} = [^#\n]*?(?P<comment>[ \t]+#[^\n]*)?$", re.MULTILINE)
        if not pattern.search(source):
            raise KeyError(f"The code sample has no line {name} = ...")
        line = f"{name} = {text}"
        source = pattern.sub(lambda match, line=line: line + (match.group("comment") or ""), source, count=1)
    return source


def show_code_sample(name: str, settings: Mapping[str, object] | None = None, caption: str | None = None) -> None:
    """The catalog code sample ``name`` (its comments in the session's language) with the values on screen."""
    show_code(with_settings(code_sample(name, current_language()), settings or {}), caption=caption)
