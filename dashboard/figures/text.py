"""Plotly figures and Streamlit-safe markdown of the "Text" page: one-hot and multi-hot grids, word embeddings in
2-D, and word contributions to a sentiment score.

User text is never rendered as HTML: figures show it as Plotly text (escaped by Plotly), and the coloured
contributions are Streamlit markdown in which every markdown character of the text is escaped first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.theme import apply_layout

# Everything Markdown (and Streamlit's :colour[...] directive) could read as syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@,;?/])")
POSITIVE_COLOUR = "#2e7d32"
NEGATIVE_COLOUR = "#c62828"


def escape_markdown(text: str) -> str:
    """``text`` with every markdown character backslash-escaped and line breaks as spaces: shown literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace("\n", " ").replace("\r", " "))


def contributions_markdown(tokens: Sequence[str], scores: Sequence[float], join_with_spaces: bool) -> str:
    """The tokens as Streamlit markdown: green for those that raise the positive probability, red for those that
    lower it, bold for the strongest, grey for those that hardly matter."""
    values = np.asarray(scores, dtype=np.float64)
    strongest = float(np.max(np.abs(values))) if len(values) else 0.0
    pieces = []
    for token, score in zip(tokens, values):
        escaped = escape_markdown(token)
        if strongest == 0 or abs(score) < max(0.01, 0.1 * strongest):
            pieces.append(f":gray[{escaped}]")
            continue
        colour = "green" if score > 0 else "red"
        piece = f":{colour}[{escaped}]"
        if abs(score) >= 0.5 * strongest:
            piece = f":{colour}-background[**{escaped}**]"
        pieces.append(piece)
    return (" " if join_with_spaces else "\u200b").join(pieces)


def contributions_figure(tokens: Sequence[str], scores: Sequence[float], axis_title: str, limit: int = 20):
    """Horizontal bars of the ``limit`` tokens that moved the score most (positions keep repeated words apart)."""
    values = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-np.abs(values))[:limit][::-1]
    labels = [f"{tokens[index]}  #{index + 1}" for index in order]
    figure = go.Figure(
        go.Bar(
            x=values[order],
            y=labels,
            orientation="h",
            marker_color=[POSITIVE_COLOUR if values[index] > 0 else NEGATIVE_COLOUR for index in order],
            hovertemplate="%{y}: %{x:+.3f}<extra></extra>",
        )
    )
    apply_layout(
        figure,
        font=None,
        height=max(220, 26 * len(order) + 80),
        margin={"b": 40},
        xaxis_title=axis_title,
    )
    return figure


def one_hot_figure(
    matrix: np.ndarray, row_labels: Sequence[str], column_labels: Sequence[str], *, first_index: int = 0
):
    """A 0/1 grid (rows x vocabulary) with the ones marked; the columns are numbered from ``first_index`` so that
    they keep the vocabulary table's numbers (multi-hot has no padding column, so its columns start at 1)."""
    figure = go.Figure(
        go.Heatmap(
            z=np.asarray(matrix),
            x=[f"{index}: {label}" for index, label in enumerate(column_labels, start=first_index)],
            y=list(row_labels),
            colorscale=[[0, "#f4f6fa"], [1, "#1f77b4"]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            texttemplate="%{z}",
            hovertemplate="%{y} / %{x}: %{z}<extra></extra>",
        )
    )
    apply_layout(
        figure,
        font=None,
        height=max(160, 38 * len(row_labels) + 90),
        margin={"b": 10},
        yaxis=dict(autorange="reversed", type="category"),
        xaxis=dict(side="top", type="category"),
    )
    return figure


def embedding_figure(
    frame, x_title: str, y_title: str, colour_title: str, highlight: str | None = None, labelled_count: int = 50
):
    """Words at their 2-D PCA positions, coloured by the positive probability of the word alone. Only the
    ``labelled`` most clearly positive or negative words (and the highlighted one) carry a label, so the picture
    stays readable; every point names its word on hover."""
    strength = (frame["positive"] - 0.5).abs()
    labelled = set(frame.loc[strength.nlargest(labelled_count).index, "word"]) | {highlight}
    labels = [word if word in labelled else "" for word in frame["word"]]
    figure = go.Figure(
        go.Scatter(
            x=frame["x"],
            y=frame["y"],
            mode="markers+text",
            text=labels,
            customdata=frame["word"],
            textposition="top center",
            textfont=dict(size=11),
            marker=dict(
                size=8,
                color=frame["positive"],
                colorscale="RdYlGn",
                cmin=0,
                cmax=1,
                colorbar=dict(title=colour_title),
                line=dict(width=0.5, color="#555"),
            ),
            hovertemplate="%{customdata}<br>%{marker.color:.2f}<extra></extra>",
        )
    )
    if highlight is not None and highlight in set(frame["word"]):
        row = frame.loc[frame["word"] == highlight].iloc[0]
        figure.add_trace(
            go.Scatter(
                x=[row["x"]],
                y=[row["y"]],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker=dict(size=18, color="rgba(0,0,0,0)", line=dict(width=2, color="#1f77b4")),
            )
        )
    apply_layout(
        figure, font=None, height=560, margin={"b": 40}, xaxis_title=x_title, yaxis_title=y_title, showlegend=False
    )
    return figure
