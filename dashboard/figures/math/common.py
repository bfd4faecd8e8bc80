"""The look every math figure shares: ``dashboard.figures.theme``'s white one (the figures are drawn with
``theme=None``), a font with Chinese glyphs, legends above the plot area (never over the data), the palette, arrows,
and compact numbers for labels.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.theme import CJK_FONT, LEGEND_ABOVE_LEFT, apply_layout
from dashboard.i18n import t

# What every figure of the page passes to apply_layout besides its height and legend.
LOOK = {
    "white": True,
    "font": CJK_FONT,
    "legend": {**LEGEND_ABOVE_LEFT, "bgcolor": "rgba(0,0,0,0)"},
    "hoverlabel": {"font_size": 13},
}


def styled(figure: go.Figure, height: int = 420, legend: bool = True) -> go.Figure:
    """``figure`` in the house look, ``height`` pixels tall; the legend (if any) in a row above the plot."""
    return apply_layout(figure, height=height, margin={"t": 60 if legend else 30}, showlegend=legend, **LOOK)


def add_arrow(figure, start, end, color, xref="x", yref="y", width=2.5) -> None:
    """An arrow from start to end in data coordinates. Zero-length arrows are skipped (no direction)."""
    if np.allclose(start, end):
        return
    figure.add_annotation(
        x=float(end[0]),
        y=float(end[1]),
        ax=float(start[0]),
        ay=float(start[1]),
        xref=xref,
        yref=yref,
        axref=xref,
        ayref=yref,
        showarrow=True,
        arrowhead=2,
        arrowsize=1.2,
        arrowwidth=width,
        arrowcolor=color,
        text="",
    )


def segment(start, end) -> tuple[list[float], list[float]]:
    """The x and y lists of a straight line from ``start`` to ``end``, as a Scatter trace takes them."""
    return [float(start[0]), float(end[0])], [float(start[1]), float(end[1])]


def format_number(value: float, digits: int = 4) -> str:
    """Compact numbers for labels: 19, 0.7071, -3.2e-05; negative numbers keep a real minus sign."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    return text.replace("-", "−")


def contour_trace(xs, ys, values, log_scale: bool, showscale: bool = True) -> go.Contour:
    """A surface seen from above (gradients, descent); ``log_scale`` shows log10(1 + height - lowest height)."""
    shown = np.log10(1.0 + values - np.min(values)) if log_scale else values
    title = t("math.gradient.figure.log_height") if log_scale else "f(x, y)"
    # A pale fill, so that dark arrows and coloured paths drawn on top stay easy to read.
    return go.Contour(
        x=xs,
        y=ys,
        z=shown,
        colorscale="Viridis",
        ncontours=28,
        opacity=0.5,
        showscale=showscale,
        contours=dict(coloring="heatmap", showlines=True),
        line=dict(width=0.6, color="rgba(255,255,255,0.8)"),
        colorbar=dict(title=dict(text=title, side="right"), thickness=12),
        hoverinfo="skip",
        name="f",
    )
