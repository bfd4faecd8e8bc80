"""Plotly figures of the "LSTM gates" section of the text page: the model's probability after each word, and the
gates and states of the LSTM cell as heatmaps (units x words).

Words are the visitor's text: each label is HTML-escaped first (Plotly reads a few tags such as ``<b>`` in labels),
and carries its position so that a repeated word keeps its own column.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import BLUE, GREY, RED, apply_layout

GATE_SCALE = "Blues"  # 0 (closed) .. 1 (open)
STATE_SCALE = "RdBu"  # negative red, positive blue, 0 white


def word_labels(tokens: Sequence[str]) -> list[str]:
    """``"1 虽然"``, ``"2 这部"``, ...: unique, escaped column labels."""
    return [f"{step + 1} {html.escape(str(token), quote=False)}" for step, token in enumerate(tokens)]


def running_probability_figure(
    tokens: Sequence[str], probabilities: Sequence[float], highlight: int, y_title: str, half_label: str
) -> go.Figure:
    """The model's positive probability for the sentence cut after each word, the chosen word marked."""
    labels = word_labels(tokens)
    values = np.asarray(probabilities, dtype=np.float64)
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=values,
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={
                "size": [14 if step == highlight else 8 for step in range(len(values))],
                "color": [RED if step == highlight else BLUE for step in range(len(values))],
            },
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
            showlegend=False,
        )
    )
    figure.add_hline(
        y=0.5, line={"color": GREY, "dash": "dot"}, annotation_text=half_label, annotation_position="bottom right"
    )
    apply_layout(
        figure,
        font=None,
        height=260,
        margin={"t": 20, "b": 10},
        yaxis={"range": [0, 1], "tickformat": ".0%", "title": {"text": y_title}},
        xaxis={"type": "category"},
    )
    return figure


def gates_figure(
    tokens: Sequence[str],
    panels: Sequence[tuple[str, np.ndarray, bool]],
    units: Sequence[int],
    highlight: int,
    unit_label: str,
) -> go.Figure:
    """One heatmap per panel (title, values of shape (steps, all units), is_gate), rows = ``units`` in that order,
    columns = words. Gates share one colour scale from 0 to 1; states one scale centred on 0."""
    labels = word_labels(tokens)
    units = [int(unit) for unit in units]
    unit_names = [f"{unit_label} {unit}" for unit in units]
    states = [values for _, values, is_gate in panels if not is_gate]
    state_limit = max((float(np.max(np.abs(values[:, units]))) for values in states), default=1.0) or 1.0
    row_height = int(min(320, max(130, 16 * len(units))))
    figure = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=min(0.1, 0.4 / len(panels)),
        subplot_titles=[title for title, _, _ in panels],
    )
    for row, (title, values, is_gate) in enumerate(panels, start=1):
        figure.add_trace(
            go.Heatmap(
                z=np.asarray(values)[:, units].T,
                x=labels,
                y=unit_names,
                coloraxis="coloraxis" if is_gate else "coloraxis2",
                xgap=1,
                ygap=1,
                name=title,
                hovertemplate="%{x}<br>%{y}: %{z:.2f}<extra>" + html.escape(title) + "</extra>",
            ),
            row=row,
            col=1,
        )
        figure.update_yaxes(autorange="reversed", type="category", row=row, col=1)
        # The chosen word's column, outlined.
        figure.add_vrect(
            x0=highlight - 0.5, x1=highlight + 0.5, line={"color": RED, "width": 2}, fillcolor="rgba(0,0,0,0)", row=row
        )
    apply_layout(
        figure,
        font=None,
        height=row_height * len(panels) + 60,
        margin={"t": 30, "b": 10},
        coloraxis={
            "colorscale": GATE_SCALE,
            "cmin": 0,
            "cmax": 1,
            "colorbar": {"len": 0.45, "y": 1.0, "yanchor": "top", "thickness": 14, "x": 1.01},
        },
        coloraxis2={
            "colorscale": STATE_SCALE,
            "cmin": -state_limit,
            "cmax": state_limit,
            "colorbar": {"len": 0.45, "y": 0.0, "yanchor": "bottom", "thickness": 14, "x": 1.01},
        },
    )
    figure.update_xaxes(type="category", side="bottom")
    figure.update_xaxes(showticklabels=True, row=1, col=1)  # words above the first panel too
    return figure
