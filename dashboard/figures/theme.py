"""One look for every Plotly figure: the palette, the font, margins and legends, set by :func:`apply_layout`.

No Plotly template is named: validating one ("plotly_white") costs Plotly ~7 ms per figure, on every run of every
visitor. Most figures are drawn in Streamlit's theme (``st.plotly_chart``'s default), which gives them its own
background, grid and font colours. Figures drawn with ``theme=None`` (the math and activations pages) ask for
``white=True``: the white background, light grid lines and slate text that "plotly_white" gave, set explicitly and
only where a figure has not set its own, the way a template's defaults work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

# -- the palette: one colour per role, the same in every figure -------------------------------------------------
BLUE = "#2563EB"
RED = "#DC2626"
GREEN = "#059669"
AMBER = "#D97706"
VIOLET = "#7C3AED"
INDIGO = "#4F46E5"
ORANGE = "#EA580C"
GREY = "#9CA3AF"
SLATE = "#94A3B8"
INK = "#111827"
# Classes of the 2-D sets: strong for the points, light for the regions they claim.
CLASS_COLORS = (BLUE, RED, GREEN, AMBER, VIOLET)
CLASS_REGION_COLORS = ("#BFDBFE", "#FECACA", "#A7F3D0", "#FDE68A", "#DDD6FE")

# -- type and layout --------------------------------------------------------------------------------------------
FONT = {"size": 14}
# The math page names fonts that hold Chinese glyphs too.
CJK_FONT = {"family": "Inter, 'Noto Sans SC', 'Microsoft YaHei', sans-serif", "size": 14}
MARGIN = {"l": 10, "r": 10, "t": 10, "b": 10}
# Horizontal legends above the plot area, so they never cover the data.
LEGEND_ABOVE_LEFT = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
LEGEND_ABOVE_RIGHT = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1.0}

# -- the white look ("plotly_white"'s values, for figures drawn with theme=None) ----------------------------------
TEXT_COLOR = "#2a3f5f"
GRID_COLOR = "#EBF0F8"
SCENE_GRID_COLOR = "#DFE8F3"
PLOTLY_COLORWAY = (
    "#636efa",
    "#EF553B",
    "#00cc96",
    "#ab63fa",
    "#FFA15A",
    "#19d3f3",
    "#FF6692",
    "#B6E880",
    "#FF97FF",
    "#FECB52",
)
_PLASMA = (
    (0.0, "#0d0887"),
    (0.1111111111111111, "#46039f"),
    (0.2222222222222222, "#7201a8"),
    (0.3333333333333333, "#9c179e"),
    (0.4444444444444444, "#bd3786"),
    (0.5555555555555556, "#d8576b"),
    (0.6666666666666666, "#ed7953"),
    (0.7777777777777778, "#fb9f3a"),
    (0.8888888888888888, "#fdca26"),
    (1.0, "#f0f921"),
)
_WHITE_LAYOUT: Mapping[str, Any] = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"color": TEXT_COLOR},
    "colorway": list(PLOTLY_COLORWAY),
    "hovermode": "closest",
    "hoverlabel": {"align": "left"},
    "autotypenumbers": "strict",
    "title": {"x": 0.05},
}
# No "linecolor": set explicitly (not by a template) it turns the axis line on, which plotly_white leaves off.
_WHITE_AXIS: Mapping[str, Any] = {
    "gridcolor": GRID_COLOR,
    "zerolinecolor": GRID_COLOR,
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 15},
}
_WHITE_SCENE_AXIS: Mapping[str, Any] = {
    "backgroundcolor": "white",
    "showbackground": True,
    "gridcolor": SCENE_GRID_COLOR,
    "gridwidth": 2,
    "zerolinecolor": GRID_COLOR,
    "ticks": "",
}
_3D_TRACES = frozenset({"surface", "scatter3d", "mesh3d", "cone", "streamtube", "volume", "isosurface"})
_COLORBAR = {"colorbar": {"outlinewidth": 0, "ticks": ""}, "colorscale": [list(stop) for stop in _PLASMA]}
_WHITE_TRACES: Mapping[str, Mapping[str, Any]] = {
    "bar": {"marker": {"line": {"color": "white", "width": 0.5}}},
    "heatmap": _COLORBAR,
    "contour": _COLORBAR,
    "surface": _COLORBAR,
}


def _set_missing(target: Any, defaults: Mapping[str, Any]) -> None:
    """Sets each of ``defaults`` that ``target`` (a Plotly object) leaves unset, recursively: a template's rule."""
    for name, value in defaults.items():
        if isinstance(value, Mapping):
            _set_missing(target[name], value)
        elif target[name] is None:
            target[name] = value


def _whiten(figure: go.Figure) -> None:
    _set_missing(figure.layout, _WHITE_LAYOUT)
    figure.for_each_xaxis(lambda axis: _set_missing(axis, _WHITE_AXIS))
    figure.for_each_yaxis(lambda axis: _set_missing(axis, _WHITE_AXIS))
    if any(trace.type in _3D_TRACES for trace in figure.data):
        for scene in figure.select_scenes():
            for axis in (scene.xaxis, scene.yaxis, scene.zaxis):
                _set_missing(axis, _WHITE_SCENE_AXIS)
    for trace in figure.data:
        defaults = _WHITE_TRACES.get(trace.type)
        if defaults is not None:
            _set_missing(trace, defaults)


def apply_layout(
    figure: go.Figure,
    *,
    height: int | None = None,
    margin: Mapping[str, int] | None = None,
    legend: Mapping[str, Any] | None = None,
    font: Mapping[str, Any] | None = FONT,
    white: bool = False,
    **layout: Any,
) -> go.Figure:
    """Gives ``figure`` the shared look and returns it: ``font``, ``margin`` (over :data:`MARGIN`), ``height``,
    ``legend`` (e.g. :data:`LEGEND_ABOVE_LEFT`) and any other layout setting in ``layout`` (``showlegend``,
    ``hovermode``...). ``white``: for a figure drawn with ``theme=None``, the white look (call it once every trace
    and subplot is in: it fills in what they leave unset)."""
    settings: dict[str, Any] = {"margin": {**MARGIN, **(margin or {})}}
    if font is not None:
        settings["font"] = font
    if height is not None:
        settings["height"] = height
    if legend is not None:
        settings["legend"] = legend
    if white:
        settings["template"] = "none"  # Plotly's own name for no template, not the default one of the process
    figure.update_layout(**settings, **layout)
    if white:
        _whiten(figure)
    return figure
