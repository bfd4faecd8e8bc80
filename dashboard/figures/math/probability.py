"""Figures for probability on the math page: a distribution beside its samples, and the law of large numbers."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.math.common import styled
from dashboard.figures.theme import BLUE, RED
from dashboard.i18n import t

# --- Probability ---------------------------------------------------------------------------------


def gaussian_figure(centers, widths, density, xs, pdf) -> go.Figure:
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=centers,
            y=density,
            width=widths,
            marker=dict(color="rgba(37, 99, 235, 0.45)", line=dict(color=BLUE, width=0.5)),
            name=t("math.probability.figure.histogram"),
        )
    )
    figure.add_trace(
        go.Scatter(x=xs, y=pdf, mode="lines", line=dict(color=RED, width=3), name=t("math.probability.figure.pdf"))
    )
    figure.update_xaxes(title_text="x")
    figure.update_yaxes(title_text=t("math.probability.figure.density_axis"))
    figure.update_layout(bargap=0)
    return styled(figure, height=430)


def bernoulli_figure(observed, mass) -> go.Figure:
    figure = go.Figure()
    outcomes = ["0", "1"]
    figure.add_trace(
        go.Bar(
            x=outcomes,
            y=observed,
            marker_color="rgba(37, 99, 235, 0.6)",
            name=t("math.probability.figure.observed"),
            text=[f"{v:.3f}" for v in observed],
            textposition="outside",
        )
    )
    figure.add_trace(
        go.Bar(
            x=outcomes,
            y=mass,
            marker_color="rgba(220, 38, 38, 0.6)",
            name=t("math.probability.figure.pmf"),
            text=[f"{v:.3f}" for v in mass],
            textposition="outside",
        )
    )
    figure.update_xaxes(title_text=t("math.probability.figure.outcome_axis"), type="category")
    figure.update_yaxes(title_text=t("math.probability.figure.probability_axis"), range=[0, 1.15])
    figure.update_layout(barmode="group")
    return styled(figure, height=430)


def convergence_figure(running_mean, running_variance, expectation: float, variance: float) -> go.Figure:
    """Running sample mean and variance against the number of samples, with the theory as flat lines."""
    count = len(running_mean)
    # About 400 log-spaced points are plenty for a log x axis and keep the page light for 100k samples.
    indices = np.unique(np.geomspace(1, count, num=min(count, 400)).astype(int)) - 1
    ns = indices + 1
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, (series, theory, name, theory_name) in enumerate(
        (
            (running_mean, expectation, t("math.probability.figure.sample_mean"), "E[X]"),
            (running_variance, variance, t("math.probability.figure.sample_variance"), "Var[X]"),
        ),
        start=1,
    ):
        figure.add_trace(
            go.Scatter(x=ns, y=series[indices], mode="lines", line=dict(color=BLUE, width=2), name=name), row=row, col=1
        )
        figure.add_trace(
            go.Scatter(
                x=[1, count],
                y=[theory, theory],
                mode="lines",
                line=dict(color=RED, width=2, dash="dash"),
                name=t("math.probability.figure.theory", name=theory_name),
            ),
            row=row,
            col=1,
        )
        figure.update_yaxes(title_text=name, row=row, col=1)
    figure.update_xaxes(type="log", dtick=1, title_text=t("math.probability.figure.samples_axis"), row=2, col=1)
    figure.update_xaxes(type="log", dtick=1, row=1, col=1)
    return styled(figure, height=430)
