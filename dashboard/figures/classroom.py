"""The instructor's charts: a class experiment's results (setting vs test accuracy, each attendee's loss curve on
hover and below) and the room's answers to a question."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.figures.theme import apply_layout

SPARK = "▁▂▃▄▅▆▇█"


def plotly_text(text: str) -> str:
    """``text`` shown literally by Plotly, which reads a few HTML tags (``<b>``, ``<a>``, ``<br>``) in names, labels
    and hover text: nicknames and answers are the attendees' and the instructor's plain text, never markup."""
    return html.escape(str(text), quote=False)


def sparkline(values: Sequence[float], width: int = 24) -> str:
    """A loss curve as a line of block characters (what a hover label can show of a curve)."""
    values = [float(v) for v in values if v == v]  # NaN dropped
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [values[int(i * step)] for i in range(width)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(SPARK[min(len(SPARK) - 1, int((v - low) / span * (len(SPARK) - 1)))] for v in values)


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def experiment_figure(
    points: Sequence[dict], x_title: str, y_title: str, group_title: str | None, no_result: str
) -> go.Figure:
    """One marker per run: x = the first chosen setting, y = test accuracy, colour = the second setting (when there
    are two). ``points``: dicts with ``x``, ``group``, ``accuracy``, ``loss``, ``who``, ``curve``, ``state``."""
    figure = go.Figure()
    groups = sorted({p["group"] for p in points}, key=lambda g: (_as_number(g) is None, _as_number(g) or 0, g))
    numeric = all(_as_number(p["x"]) is not None for p in points) and bool(points)
    for group in groups or [""]:
        members = [p for p in points if p["group"] == group and p["accuracy"] is not None]
        if not members:
            continue
        figure.add_trace(
            go.Scatter(
                x=[_as_number(p["x"]) if numeric else p["x"] for p in members],
                y=[p["accuracy"] for p in members],
                mode="markers",
                marker={"size": 14, "line": {"width": 1, "color": "white"}},
                name=f"{group_title}: {group}" if group_title else x_title,
                showlegend=bool(group_title),
                customdata=[
                    [p["who"], p["x"], "" if p["loss"] is None else f"{p['loss']:.3f}", sparkline(p["curve"])]
                    for p in members
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>"
                + x_title
                + ": %{customdata[1]}<br>"
                + y_title
                + ": %{y:.1%}<br>loss: %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            )
        )
    positive = numeric and all((_as_number(p["x"]) or 0) > 0 for p in points)
    spread = numeric and positive and max(_as_number(p["x"]) for p in points) / min(_as_number(p["x"]) for p in points)
    apply_layout(
        figure, height=380, xaxis_title=x_title, yaxis_title=y_title, yaxis={"tickformat": ".0%", "range": [0, 1.05]}
    )
    if spread and spread >= 5:  # learning rates: a log axis
        figure.update_xaxes(type="log")
    if not any(p["accuracy"] is not None for p in points):
        figure.add_annotation(text=no_result, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return apply_layout(figure)


def curves_figure(points: Sequence[dict], x_title: str, y_title: str) -> go.Figure:
    """Every finished run's loss per epoch, named by who ran it and what they chose."""
    figure = go.Figure()
    for p in points:
        if not p["curve"]:
            continue
        figure.add_trace(
            go.Scatter(
                x=list(range(1, len(p["curve"]) + 1)),
                y=list(p["curve"]),
                mode="lines",
                name=plotly_text(f"{p['who']} · {p['label']}"),
                customdata=[plotly_text(f"{p['who']} · {p['label']}")] * len(p["curve"]),
                hovertemplate="%{customdata}<br>" + x_title + " %{x}: %{y:.3f}<extra></extra>",
            )
        )
    apply_layout(figure, height=320, xaxis_title=x_title, yaxis_title=y_title)
    return apply_layout(figure)


def answers_figure(answers: Sequence[str], tally: Sequence[int], votes_title: str) -> go.Figure:
    """The room's answers: one bar per answer (the answers are the instructor's plain text)."""
    figure = go.Figure(
        go.Bar(
            x=list(tally),
            y=[plotly_text(f"{index + 1}. {answer}") for index, answer in enumerate(answers)],
            orientation="h",
            text=list(tally),
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    apply_layout(figure, height=80 + 50 * len(answers), xaxis_title=votes_title, yaxis={"autorange": "reversed"})
    return apply_layout(figure)
