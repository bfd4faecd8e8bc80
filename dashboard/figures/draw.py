"""Plotly figures of the draw page: the ten probabilities, the 28x28 image the model sees, and the first
convolution layer's feature maps.

Builders take numbers already computed by ``core.lessons.draw`` and only lay them out; visible text comes from the
catalog (``t``).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.theme import AMBER, INDIGO, apply_layout
from dashboard.i18n import t

# The bars and the input are drawn in Streamlit's theme (see dashboard.figures.theme); the feature maps, drawn with
# theme=None, set their own colours.
BAR_COLOR = "#A5B4FC"
TOP_COLOR = INDIGO
UNSURE_COLOR = AMBER


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
    apply_layout(
        figure,
        height=height,
        margin={"t": 40},
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
    apply_layout(
        figure,
        height=height,
        margin={"t": 40},
        title={"text": t("draw.fig.model_input"), "x": 0.0, "font": {"size": 15}},
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
    )
    return figure


def feature_maps_figure(
    maps: np.ndarray, columns: int = 8, height: int | None = None, numbers: list[int] | None = None
) -> go.Figure:
    """One small image per filter of the first convolution layer (each scaled to its own range), in a grid.

    The grid is ONE heatmap of the maps tiled with a one-pixel gap (and the filter numbers as labels), not a subplot
    per map: 32 subplots cost Plotly 130 ms to build, on every drawing of every visitor. Hovering a pixel still names
    its filter and its unscaled activation. ``numbers``: the filters' own numbers when ``maps`` is a selection.
    """
    maps = np.asarray(maps, dtype=float)
    count, map_height, map_width = maps.shape
    numbers = list(numbers) if numbers is not None else list(range(1, count + 1))
    rows = -(-count // columns)
    label_height, gap = 4, 1  # pixels above each map for its number, and between maps
    cell_height, cell_width = label_height + map_height + gap, map_width + gap
    scaled = np.full((rows * cell_height, columns * cell_width), np.nan)
    details = np.full(scaled.shape + (2,), np.nan)  # per pixel: its filter's number and its unscaled activation
    for index, feature_map in enumerate(maps):
        peak = float(feature_map.max())
        top = (index // columns) * cell_height + label_height
        left = (index % columns) * cell_width
        scaled[top : top + map_height, left : left + map_width] = feature_map / peak if peak > 0 else 0.0
        tile = details[top : top + map_height, left : left + map_width]
        tile[..., 0], tile[..., 1] = numbers[index], feature_map
    labels = go.Scatter(  # the filter numbers: one text trace, far cheaper to build than 32 annotations
        x=[(index % columns) * cell_width + map_width / 2 - 0.5 for index in range(count)],
        y=[(index // columns) * cell_height + 1.5 for index in range(count)],
        text=[str(number) for number in numbers],
        mode="text",
        textfont={"size": 11},
        hoverinfo="skip",
    )
    maps_trace = go.Heatmap(
        # float32: half the bytes of float64 to send on every drawing
        z=scaled.astype(np.float32),
        customdata=details.astype(np.float32),
        colorscale="Viridis",
        zmin=0.0,
        zmax=1.0,
        showscale=False,
        hovertemplate=t("draw.fig.filter_hover") + "<extra></extra>",
        hoverongaps=False,
    )
    figure = go.Figure([maps_trace, labels])
    apply_layout(
        figure,
        height=height or 40 + 118 * rows,
        margin={"t": 30},
        showlegend=False,
        plot_bgcolor="white",
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "autorange": "reversed", "scaleanchor": "x"},
    )
    return figure
