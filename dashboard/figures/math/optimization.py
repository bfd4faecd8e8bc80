"""Figures for optimization on the math page: Keras optimizers racing down a surface, and their losses."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.math.common import contour_trace, styled
from dashboard.figures.theme import AMBER, BLUE, GREEN, RED
from dashboard.i18n import t

OPTIMIZER_COLORS = {"sgd": BLUE, "momentum": AMBER, "rmsprop": GREEN, "adam": RED}


def optimizer_name(key: str) -> str:
    """The optimizer's display name, as in the legend and the results table."""
    return t(f"math.optimizer.{key}")


# --- Gradient descent ----------------------------------------------------------------------------


def descent_figure(xs, ys, values, log_scale: bool, trajectories: dict, minima, x_range, y_range) -> go.Figure:
    """Every optimizer's path on the contour plot: a shared start, one colour each, an X where it stopped."""
    figure = go.Figure()
    figure.add_trace(contour_trace(xs, ys, values, log_scale))
    if minima:
        figure.add_trace(
            go.Scatter(
                x=[m[0] for m in minima],
                y=[m[1] for m in minima],
                mode="markers",
                marker=dict(symbol="star", size=15, color="#FACC15", line=dict(color="#1F2333", width=1)),
                name=t("math.descent.figure.minimum"),
            )
        )
    start = None
    for key, trajectory in trajectories.items():
        name = optimizer_name(key)
        positions = trajectory.positions
        start = positions[0]
        color = OPTIMIZER_COLORS[key]
        figure.add_trace(
            go.Scatter(
                x=positions[:, 0],
                y=positions[:, 1],
                mode="lines+markers",
                line=dict(color=color, width=2.5),
                marker=dict(size=4),
                name=name,
                legendgroup=key,
                hovertemplate=name + "<br>x = %{x:.4g}<br>y = %{y:.4g}<extra></extra>",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=[positions[-1, 0]],
                y=[positions[-1, 1]],
                mode="markers",
                legendgroup=key,
                showlegend=False,
                marker=dict(symbol="x", size=14, color=color, line=dict(color="white", width=1.5)),
                hovertemplate=name + "<br>" + t("math.descent.figure.end") + "<extra></extra>",
            )
        )
    if start is not None:
        figure.add_trace(
            go.Scatter(
                x=[start[0]],
                y=[start[1]],
                mode="markers",
                name=t("math.descent.figure.start"),
                marker=dict(symbol="circle", size=14, color="white", line=dict(color="#1F2333", width=3)),
            )
        )
    figure.update_xaxes(range=list(x_range), title_text="x", constrain="domain")
    figure.update_yaxes(range=list(y_range), title_text="y", scaleanchor="x", constrain="domain")
    return styled(figure, height=560)


def loss_curves_figure(trajectories: dict, minimum_value: float) -> go.Figure:
    """Loss minus the surface's minimum against the step, on a log axis: straight lines mean steady progress."""
    figure = go.Figure()
    for key, trajectory in trajectories.items():
        gap = np.maximum(trajectory.losses - minimum_value, 1e-12)  # float32 can land exactly on the minimum
        figure.add_trace(
            go.Scatter(
                x=np.arange(len(gap)),
                y=gap,
                mode="lines",
                line=dict(color=OPTIMIZER_COLORS[key], width=2.5),
                name=optimizer_name(key),
            )
        )
    figure.update_xaxes(title_text=t("math.descent.figure.step_axis"))
    figure.update_yaxes(type="log", title_text=t("math.descent.figure.loss_axis"), exponentformat="power")
    return styled(figure, height=560)
