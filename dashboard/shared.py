"""What every visitor of a stored model sees the same, built once per server process and shared by all sessions.

In a workshop thirty attendees open the same pages on the same stored models at about the same time. Each would
build the same Plotly figures (Plotly validates every property: tens of milliseconds each) and run the same
predictions, all on the one Python interpreter. Here the first session builds and the others reuse:

- :func:`shared_figure` keeps a built figure, keyed by what it depends on and the session's language (figures carry
  translated titles). A figure is never modified after it is built (``st.plotly_chart`` only serialises it), so
  sessions can share the object: ``st.cache_resource``, not ``st.cache_data``, which would pickle it and make
  Plotly validate it again on every read.
- :func:`shared_value` keeps a computed result (a prediction, an encoded PNG) the same way.

The key must name everything the builder reads: a model key (a model never changes under its key), the widget
values, the number of epochs seen so far. The builder itself is not part of the key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from dashboard.language import current_language

Value = TypeVar("Value")


@st.cache_resource(max_entries=256, show_spinner=False)
def _built(name: str, key: tuple, language: str, _build: Callable[[], object]) -> object:
    return _build()


def shared_figure(name: str, key: tuple[Hashable, ...], build: Callable[[], Value]) -> Value:
    """``build()``'s figure for ``(name, key)`` in this session's language, built once per server process."""
    return _built(name, tuple(key), current_language(), build)


def shared_value(name: str, key: tuple[Hashable, ...], compute: Callable[[], Value]) -> Value:
    """``compute()``'s result for ``(name, key)``, computed once per server process (whatever the language)."""
    return _built(name, tuple(key), "", compute)


def history_key(history) -> tuple:
    """A training history (metric -> values per epoch) as a cache key: two sessions watching one job at the same
    moment see the same curves, so they share one figure."""
    return tuple((name, tuple(values)) for name, values in sorted(history.items()))
