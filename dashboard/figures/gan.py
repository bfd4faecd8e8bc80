"""Plotly figures of the GAN page: the adversarial curves (losses, D(x) and D(G(z))) and the classes the digit
classifier sees in generated samples.

Builders take numbers already computed (the engine's history, ``core.lessons.gan.scoring.generator_scores``) and
only lay them out; visible text comes from the catalog (``t``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import AMBER, GREEN, GREY, INDIGO, RED, apply_layout
from dashboard.figures.training import epoch_curve, whole_epoch_ticks
from dashboard.i18n import t

# Drawn in Streamlit's theme (see dashboard.figures.theme).
DISCRIMINATOR_COLOR = RED
GENERATOR_COLOR = INDIGO
REAL_COLOR = GREEN
FAKE_COLOR = AMBER
GUIDE_COLOR = GREY

#: Each loss when the discriminator can only guess (D = 0.5 everywhere): the generator's binary cross-entropy is
#: ln 2 ~ 0.69, the discriminator's is the sum of two (real and generated images), 2 ln 2 ~ 1.39.
G_LOSS_AT_CHANCE = math.log(2)
#: The gap between the two panels, as a share of the figure's width.
PANEL_SPACING = 0.08
D_LOSS_AT_CHANCE = 2 * math.log(2)


def gan_curves_figure(
    history: Mapping[str, Sequence[float]], *, marker_epoch: int | None = None, height: int = 340
) -> go.Figure:
    """Left: the discriminator's and the generator's losses per epoch, with dotted lines at their values when the
    discriminator can only guess (2 ln 2 and ln 2). Right: the discriminator's mean output on
    real images, D(x), and on generated ones, D(G(z)), with the 0.5 of a discriminator that can only guess."""
    # The right panel's axis (ticks and title) sits on its right-hand side: on the left it crowded the gap between
    # the panels, next to the loss panel's guide labels.
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=[t("gan.curve.losses"), t("gan.curve.outputs")],
        horizontal_spacing=PANEL_SPACING,
    )
    traces = (
        (1, "d_loss", t("gan.curve.d_loss"), DISCRIMINATOR_COLOR),
        (1, "g_loss", t("gan.curve.g_loss"), GENERATOR_COLOR),
        (2, "d_real", t("gan.curve.d_real"), REAL_COLOR),
        (2, "d_fake", t("gan.curve.d_fake"), FAKE_COLOR),
    )
    for column, metric, label, color in traces:
        values = list(history.get(metric, ()))
        if not values:
            continue
        figure.add_trace(epoch_curve(values, name=label, color=color), row=1, col=column)
    # The curves hover between the two levels once training settles: the labels go above the upper line and below
    # the lower one, at the right end, on a white ground.
    for level, label, color, position in (
        (D_LOSS_AT_CHANCE, t("gan.curve.d_chance", value=f"{D_LOSS_AT_CHANCE:.2f}"), DISCRIMINATOR_COLOR, "top right"),
        (G_LOSS_AT_CHANCE, t("gan.curve.g_chance", value=f"{G_LOSS_AT_CHANCE:.2f}"), GENERATOR_COLOR, "bottom right"),
    ):
        figure.add_hline(
            y=level,
            line={"color": color, "dash": "dot", "width": 1},
            annotation_text=label,
            annotation_position=position,
            annotation_font_color=color,
            annotation_bgcolor="rgba(255, 255, 255, 0.85)",
            row=1,
            col=1,
        )
    figure.update_yaxes(title_text=t("gan.curve.loss_axis"), rangemode="tozero", row=1, col=1)
    figure.add_hline(y=0.5, line={"color": GUIDE_COLOR, "dash": "dot"}, row=1, col=2)
    figure.update_yaxes(title_text=t("gan.curve.output_axis"), side="right", row=1, col=2)
    figure.update_yaxes(range=[0, 1], row=1, col=2)
    for column in (1, 2):
        figure.update_xaxes(
            title_text=t("gan.curve.epoch"), rangemode="tozero", dtick=whole_epoch_ticks(history), row=1, col=column
        )
        if marker_epoch is not None:
            figure.add_vline(x=marker_epoch, line={"color": GUIDE_COLOR, "dash": "dot"}, row=1, col=column)
    return apply_layout(
        figure,
        height=height,
        margin={"t": 90, "r": 70},
        legend={"orientation": "h", "y": 1.2, "yanchor": "bottom", "x": 0.0, "xanchor": "left"},
    )


def class_counts_figure(
    counts: Sequence[int], class_names: Sequence[str], *, even_line: bool = True, height: int = 300
) -> go.Figure:
    """How many generated samples the classifier reads as each class, with the line of a perfectly even mix (left out
    for a generator trained on one class, whose goal is a single bar)."""
    total = sum(counts)
    figure = go.Figure(
        go.Bar(
            x=list(class_names),
            y=list(counts),
            marker={"color": GENERATOR_COLOR},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    if even_line and total and len(counts):
        figure.add_hline(
            y=total / len(counts),
            line={"color": GUIDE_COLOR, "dash": "dot"},
            annotation_text=t("gan.scores.even_line"),
            annotation_position="top right",
        )
    figure.update_xaxes(title_text=t("gan.scores.class_axis"), type="category")
    figure.update_yaxes(title_text=t("gan.scores.count_axis"))
    return apply_layout(figure, height=height, margin={"t": 30}, showlegend=False)
