"""Plotly figures of a training: live curves, the decision boundary of a 2-D set, confusion matrix, image galleries,
predicted-vs-actual, and the first example's fitted line.

Builders take numbers already computed (by the engine's snapshots or ``core.training.views``) and only lay them
out; visible text comes from the catalog (``t``), so a figure speaks the session's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import (
    AMBER,
    CLASS_COLORS,
    CLASS_REGION_COLORS,
    GREEN,
    GREY,
    INDIGO,
    LEGEND_ABOVE_RIGHT,
    apply_layout,
)
from dashboard.i18n import t

# Drawn in Streamlit's theme (see dashboard.figures.theme).
TRAIN_COLOR = INDIGO
VALIDATION_COLOR = AMBER
TARGET_COLOR = GREY


# ---------------------------------------------------------------------------------------------------------------
# Curves
# ---------------------------------------------------------------------------------------------------------------


def epoch_curve(values: Sequence[float], *, name: str, color: str, first_epoch: int = 1, **options) -> go.Scatter:
    """One metric per epoch (epoch ``first_epoch`` first, 1 unless told): markers while there are few epochs, a plain
    line after 60."""
    return go.Scatter(
        x=list(range(first_epoch, first_epoch + len(values))),
        y=list(values),
        mode="lines+markers" if len(values) <= 60 else "lines",
        name=name,
        line={"color": color, "width": 2},
        marker={"size": 5},
        **options,
    )


def whole_epoch_ticks(history: Mapping[str, Sequence[float]]) -> int | None:
    """The x axis' tick step for curves per epoch: 1 (whole epochs) up to 10 epochs, where Plotly would also tick
    0.5, 1.5, ...; None (Plotly's own choice) beyond."""
    return 1 if max((len(values) for values in history.values()), default=0) <= 10 else None


def curves_figure(
    history: Mapping[str, Sequence[float]],
    panels: Sequence[tuple[str, str]],
    *,
    log_y: bool = False,
    marker_epoch: int | None = None,
    height: int = 340,
    first_epoch: int = 1,
    x_title: str | None = None,
) -> go.Figure:
    """One panel per ``(metric, title)`` with the training curve and, when recorded, the validation one
    (``val_<metric>``); x is the epoch (1, 2, ...; ``first_epoch``: the x of the first value, e.g. 0 for a curve
    that starts before training). ``marker_epoch`` draws a vertical line (a slider's epoch); ``x_title`` replaces
    "epoch"."""
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=[title for _, title in panels])
    for column, (metric, _) in enumerate(panels, start=1):
        for name, label, color in (
            (metric, t("train.curve.train"), TRAIN_COLOR),
            (f"val_{metric}", t("train.curve.validation"), VALIDATION_COLOR),
        ):
            values = list(history.get(name, ()))
            if not values:
                continue
            figure.add_trace(
                epoch_curve(
                    values,
                    name=label,
                    color=color,
                    first_epoch=first_epoch,
                    legendgroup=label,
                    showlegend=column == 1,
                ),
                row=1,
                col=column,
            )
        figure.update_xaxes(
            title_text=x_title or t("train.curve.epoch"),
            rangemode="tozero",
            dtick=whole_epoch_ticks(history),
            row=1,
            col=column,
        )
        if log_y:
            figure.update_yaxes(type="log", exponentformat="power", row=1, col=column)
        if marker_epoch is not None:
            figure.add_vline(x=marker_epoch, line={"color": TARGET_COLOR, "dash": "dot"}, row=1, col=column)
    figure = apply_layout(figure, height=height, margin={"t": 90}, legend=LEGEND_ABOVE_RIGHT, showlegend=True)
    # The legend above the panel titles, not on top of them.
    figure.update_layout(legend={"y": 1.2, "yanchor": "bottom", "x": 0.0, "xanchor": "left"})
    return figure


# ---------------------------------------------------------------------------------------------------------------
# 2-D toy sets
# ---------------------------------------------------------------------------------------------------------------


def _points_traces(figure, points, labels, class_names, *, test: bool, wrong: np.ndarray | None = None) -> None:
    for index, name in enumerate(class_names):
        chosen = np.asarray(labels) == index
        if not chosen.any():
            continue
        color = CLASS_COLORS[index % len(CLASS_COLORS)]
        label = t("train.boundary.test_points", name=name) if test else name
        figure.add_trace(
            go.Scatter(
                x=points[chosen, 0],
                y=points[chosen, 1],
                mode="markers",
                name=label,
                marker={
                    "color": "white" if test else color,
                    "size": 8 if test else 6,
                    "symbol": "diamond" if test else "circle",
                    "line": {"color": color, "width": 2 if test else 0.5},
                },
                hovertemplate=f"{label}<br>x=%{{x:.2f}}, y=%{{y:.2f}}<extra></extra>",
            )
        )
    if wrong is not None and len(wrong):
        figure.add_trace(
            go.Scatter(
                x=points[wrong, 0],
                y=points[wrong, 1],
                mode="markers",
                name=t("train.boundary.mistakes"),
                marker={"symbol": "x-thin", "size": 12, "line": {"color": "black", "width": 2}},
                hoverinfo="skip",
            )
        )


def decision_boundary_figure(
    boundary: Mapping[str, np.ndarray] | None,
    class_names: Sequence[str],
    train_points: np.ndarray,
    train_labels: np.ndarray,
    test_points: np.ndarray | None = None,
    test_labels: np.ndarray | None = None,
    test_wrong: np.ndarray | None = None,
    *,
    title: str = "",
    height: int = 480,
) -> go.Figure:
    """The plane coloured by the class the model picks (``boundary`` from the toy task's per-epoch artefact:
    ``xs``, ``ys``, ``probabilities[row, column, class]``), with the training points (dots) and the test points
    (hollow diamonds, mistakes crossed). Without ``boundary``: the data alone, before any training."""
    figure = go.Figure()
    if boundary is not None:
        xs, ys = np.asarray(boundary["xs"]), np.asarray(boundary["ys"])
        probabilities = np.asarray(boundary["probabilities"])
        if probabilities.shape[-1] == 2:
            # Two classes: the probability of the second, white where the model hesitates.
            scale = [[0.0, CLASS_REGION_COLORS[0]], [0.5, "#FFFFFF"], [1.0, CLASS_REGION_COLORS[1]]]
            figure.add_trace(
                go.Heatmap(
                    x=xs,
                    y=ys,
                    z=probabilities[:, :, 1],
                    zmin=0.0,
                    zmax=1.0,
                    colorscale=scale,
                    showscale=False,
                    hovertemplate="x=%{x:.2f}, y=%{y:.2f}<br>"
                    + t("train.boundary.probability", name=class_names[1])
                    + "=%{z:.2f}<extra></extra>",
                )
            )
            figure.add_trace(
                go.Contour(
                    x=xs,
                    y=ys,
                    z=probabilities[:, :, 1],
                    contours={"start": 0.5, "end": 0.5, "coloring": "none"},
                    line={"color": "#111827", "width": 2},
                    showscale=False,
                    hoverinfo="skip",
                    name=t("train.boundary.line"),
                    showlegend=True,
                )
            )
        else:
            n_classes = probabilities.shape[-1]
            # Several classes: the class picked at each point, one light colour each (a step colour scale).
            scale = []
            for index in range(n_classes):
                color = CLASS_REGION_COLORS[index % len(CLASS_REGION_COLORS)]
                scale += [[index / n_classes, color], [(index + 1) / n_classes, color]]
            figure.add_trace(
                go.Heatmap(
                    x=xs,
                    y=ys,
                    z=probabilities.argmax(axis=-1),
                    zmin=-0.5,
                    zmax=n_classes - 0.5,
                    colorscale=scale,
                    showscale=False,
                    hovertemplate="x=%{x:.2f}, y=%{y:.2f}<extra></extra>",
                )
            )
    _points_traces(figure, np.asarray(train_points), train_labels, class_names, test=False)
    if test_points is not None and test_labels is not None:
        _points_traces(figure, np.asarray(test_points), test_labels, class_names, test=True, wrong=test_wrong)
    figure.update_xaxes(title_text="x₁", constrain="domain", showgrid=False)
    figure.update_yaxes(title_text="x₂", scaleanchor="x", scaleratio=1, showgrid=False)
    if title:
        figure.update_layout(title={"text": title, "x": 0.0, "xanchor": "left", "y": 0.98, "yanchor": "top"})
    figure = apply_layout(
        figure, height=height, margin={"t": 70 if title else 40}, legend=LEGEND_ABOVE_RIGHT, showlegend=True
    )
    figure.update_layout(legend={"y": -0.16, "yanchor": "top", "x": 0.0, "xanchor": "left"}, margin={"b": 70})
    return figure


# ---------------------------------------------------------------------------------------------------------------
# Classifier results
# ---------------------------------------------------------------------------------------------------------------


def confusion_figure(confusion: np.ndarray, class_names: Sequence[str], *, height: int = 480) -> go.Figure:
    """Rows: the true class, columns: the predicted one; each cell counts test examples (the diagonal is right)."""
    confusion = np.asarray(confusion)
    names = list(class_names)
    figure = go.Figure(
        go.Heatmap(
            z=confusion,
            x=names,
            y=names,
            colorscale="Blues",
            text=confusion,
            texttemplate="%{text}",
            hovertemplate=t("train.confusion.hover") + "<extra></extra>",
            colorbar={"title": {"text": t("train.confusion.count")}},
        )
    )
    figure.update_xaxes(title_text=t("train.confusion.predicted"), type="category", side="bottom")
    figure.update_yaxes(title_text=t("train.confusion.true"), type="category", autorange="reversed")
    return apply_layout(figure, height=height, margin={"t": 20}, legend=LEGEND_ABOVE_RIGHT, showlegend=False)


def image_gallery_figure(
    images: np.ndarray,
    captions: Sequence[str],
    *,
    columns: int = 8,
    diverging: bool = False,
    tile_height: int = 120,
    colorbar_title: str = "",
) -> go.Figure:
    """A grid of small images. Pixels 0..1 in grey (dark ink on white), or ``diverging`` values -1..1 (weights:
    blue positive, red negative, white zero) with one shared colour bar."""
    images = np.asarray(images)
    count = len(images)
    columns = max(1, min(columns, count))
    rows = max(1, -(-count // columns))
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=list(captions),
        horizontal_spacing=0.012,
        vertical_spacing=min(0.3 / rows, 0.08) if rows > 1 else 0.0,
    )
    for index, image in enumerate(images):
        row, column = index // columns + 1, index % columns + 1
        if diverging:
            heatmap = go.Heatmap(
                z=image,
                zmin=-1.0,
                zmax=1.0,
                zmid=0.0,
                colorscale="RdBu",
                showscale=index == 0,
                colorbar={"title": {"text": colorbar_title}, "len": 0.9} if index == 0 else None,
                hovertemplate="%{z:.2f}<extra></extra>",
            )
        else:
            heatmap = go.Heatmap(z=image, zmin=0.0, zmax=1.0, colorscale="Greys", showscale=False, hoverinfo="skip")
        figure.add_trace(heatmap, row=row, col=column)
        figure.update_yaxes(autorange="reversed", scaleanchor=f"x{index + 1 if index else ''}", row=row, col=column)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.update_annotations(font={"size": 12})
    return apply_layout(
        figure, height=rows * tile_height + 40, margin={"t": 30}, legend=LEGEND_ABOVE_RIGHT, showlegend=False
    )


def prediction_probabilities_figure(
    probabilities: Sequence[float], class_names: Sequence[str], true_class: int, *, height: int = 260
) -> go.Figure:
    """One example's predicted probability for every class as bars, the true class's bar in green (its height is the
    p in the loss -ln p), the others grey; each bar labelled with its probability."""
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1)
    names = list(class_names)
    colors = [GREEN if index == true_class else GREY for index in range(len(names))]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=probabilities,
            marker_color=colors,
            text=[f"{value:.3f}" for value in probabilities],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.4f}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("train.loss_one.class_axis"), type="category")
    figure.update_yaxes(title_text=t("train.loss_one.probability_axis"), range=[0, 1.15])
    return apply_layout(figure, height=height, margin={"t": 20}, legend=LEGEND_ABOVE_RIGHT, showlegend=False)


# ---------------------------------------------------------------------------------------------------------------
# Regression and the first example
# ---------------------------------------------------------------------------------------------------------------


def predicted_vs_actual_figure(actual: np.ndarray, predicted: np.ndarray, unit_label: str, *, height: int = 440):
    """Each held-out row as a dot (actual, predicted); a perfect model puts every dot on the diagonal."""
    actual, predicted = np.asarray(actual), np.asarray(predicted)
    low = float(min(actual.min(), predicted.min()))
    high = float(max(actual.max(), predicted.max()))
    margin = 0.05 * (high - low or 1.0)
    low, high = low - margin, high + margin
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            name=t("first.reg.scatter.diagonal"),
            line={"color": TARGET_COLOR, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=actual,
            y=predicted,
            mode="markers",
            name=t("first.reg.scatter.rows"),
            marker={"color": TRAIN_COLOR, "size": 8, "opacity": 0.75},
            hovertemplate=t("first.reg.scatter.hover") + "<extra></extra>",
        )
    )
    figure.update_xaxes(
        title_text=t("first.reg.scatter.actual", unit=unit_label), range=[low, high], constrain="domain"
    )
    figure.update_yaxes(
        title_text=t("first.reg.scatter.predicted", unit=unit_label), range=[low, high], scaleanchor="x", scaleratio=1
    )
    return apply_layout(figure, height=height, margin={"t": 40}, legend=LEGEND_ABOVE_RIGHT, showlegend=True)


def identity_line_figure(
    x_train: np.ndarray,
    y_train: np.ndarray,
    weight: float,
    bias: float,
    *,
    y_range: tuple[float, float],
    height: int = 420,
) -> go.Figure:
    """The five points, the rule y = x they come from, the neuron's line w·x + b and its answer at x = 6."""
    line_x = np.array([0.0, 7.0])
    prediction_6 = weight * 6.0 + bias
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=line_x,
            y=line_x,
            mode="lines",
            name=t("first.id.fig.rule"),
            line={"color": TARGET_COLOR, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=line_x,
            y=weight * line_x + bias,
            mode="lines",
            name=t("first.id.fig.neuron", weight=f"{weight:.3f}", bias=f"{bias:+.3f}"),
            line={"color": TRAIN_COLOR, "width": 3},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=x_train,
            y=y_train,
            mode="markers",
            name=t("first.id.fig.points"),
            marker={"color": VALIDATION_COLOR, "size": 12, "line": {"color": "white", "width": 1}},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[6.0],
            y=[prediction_6],
            mode="markers+text",
            name=t("first.id.fig.answer"),
            marker={"color": "#059669", "size": 16, "symbol": "star"},
            text=[f"{prediction_6:.2f}"],
            textposition="middle left",
        )
    )
    figure.update_xaxes(title_text="x", range=[0.0, 7.0], dtick=1)
    figure.update_yaxes(title_text="y", range=list(y_range))
    return apply_layout(figure, height=height, margin={"t": 40}, legend=LEGEND_ABOVE_RIGHT, showlegend=True)
