"""Plotly figures of the draw page: the ten probabilities, the 28x28 image the model sees, and the first
convolution layer's feature maps.

Builders take numbers already computed by ``core.digit_canvas`` and only lay them out; visible text comes from the
catalog (``t``).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.i18n import t

TEMPLATE = "plotly_white"
FONT = {"size": 14}
BAR_COLOR = "#A5B4FC"
TOP_COLOR = "#4F46E5"
UNSURE_COLOR = "#D97706"


def probability_bars_figure(probabilities: np.ndarray, is_confident: bool, height: int = 300) -> go.Figure:
    """Ten bars, one per digit; the top one is highlighted (amber when the model is not sure)."""
    probabilities = np.asarray(probabilities, dtype=float)
    top = int(np.argmax(probabilities))
    colors = [BAR_COLOR] * len(probabilities)
    colors[top] = TOP_COLOR if is_confident else UNSURE_COLOR
    figure = go.Figure(
        go.Bar(
            x=[str(digit) for digit in range(len(probabilities))],
            y=probabilities,
            marker_color=colors,
            text=[f"{value:.0%}" if value >= 0.01 else "" for value in probabilities],
            textposition="outside",
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    )
    figure.update_layout(
        template=TEMPLATE,
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": t("draw.fig.probabilities"), "x": 0.0, "font": {"size": 15}},
        xaxis={"title": t("draw.fig.digit"), "type": "category"},
        yaxis={"title": t("draw.fig.probability"), "range": [0, 1.15], "tickformat": ".0%"},
        showlegend=False,
    )
    return figure


def model_input_figure(image28: np.ndarray, height: int = 280) -> go.Figure:
    """The 28x28 image, pixel by pixel, as the model receives it (white ink on black)."""
    figure = go.Figure(
        go.Heatmap(
            z=np.asarray(image28, dtype=float),
            colorscale="gray",
            zmin=0.0,
            zmax=1.0,
            showscale=False,
            hovertemplate=t("draw.fig.pixel_hover") + "<extra></extra>",
        )
    )
    figure.update_layout(
        template=TEMPLATE,
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": t("draw.fig.model_input"), "x": 0.0, "font": {"size": 15}},
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
    )
    return figure


def feature_maps_figure(maps: np.ndarray, columns: int = 8, height: int | None = None) -> go.Figure:
    """One small image per filter of the first convolution layer (each scaled to its own range), in a grid."""
    maps = np.asarray(maps, dtype=float)
    count = len(maps)
    rows = -(-count // columns)
    figure = make_subplots(
        rows=rows, cols=columns, subplot_titles=[str(index + 1) for index in range(count)],
        horizontal_spacing=0.01, vertical_spacing=0.04,
    )  # fmt: skip
    for index, feature_map in enumerate(maps):
        peak = float(feature_map.max())
        figure.add_trace(
            go.Heatmap(
                z=feature_map,
                colorscale="Viridis",
                zmin=0.0,
                zmax=peak if peak > 0 else 1.0,
                showscale=False,
                hovertemplate=t("draw.fig.filter_hover", filter=index + 1) + "<extra></extra>",
            ),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    figure.update_xaxes(visible=False, constrain="domain")
    figure.update_yaxes(visible=False, autorange="reversed")
    for index in range(count):
        suffix = "" if index == 0 else str(index + 1)
        figure.update_layout({f"yaxis{suffix}": {"scaleanchor": f"x{suffix}"}})
    figure.update_annotations(font_size=11)
    figure.update_layout(
        template=TEMPLATE,
        font=FONT,
        height=height or 40 + 118 * rows,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        showlegend=False,
    )
    return figure
