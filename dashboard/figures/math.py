"""Plotly figures for the math foundations page.

Builders take plain numbers and arrays (computed in ``core``) and return a ``go.Figure``; every visible word
comes from the catalog through ``t``. They share one look: ``dashboard.figures.theme``'s white one (they are drawn
with ``theme=None``), a font with Chinese glyphs, legends above the plot area (never over the data) and an equal x/y
scale wherever angles and lengths matter.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import (
    AMBER,
    BLUE,
    CJK_FONT,
    GREEN,
    LEGEND_ABOVE_LEFT,
    ORANGE,
    RED,
    SLATE,
    VIOLET,
    apply_layout,
)
from dashboard.i18n import t

PURPLE, GREY = VIOLET, SLATE

OPTIMIZER_COLORS = {"sgd": BLUE, "momentum": AMBER, "rmsprop": GREEN, "adam": RED}
# What every figure of the page passes to apply_layout besides its height and legend.
LOOK = {
    "white": True,
    "font": CJK_FONT,
    "legend": {**LEGEND_ABOVE_LEFT, "bgcolor": "rgba(0,0,0,0)"},
    "hoverlabel": {"font_size": 13},
}


def optimizer_name(key: str) -> str:
    """The optimizer's display name, as in the legend and the results table."""
    names = {
        "sgd": t("math.optimizer.sgd"),
        "momentum": t("math.optimizer.momentum"),
        "rmsprop": t("math.optimizer.rmsprop"),
        "adam": t("math.optimizer.adam"),
    }
    return names[key]


def _equal_axes(figure: go.Figure, extent: float, center=(0.0, 0.0), row=None, col=None) -> None:
    """Same scale on x and y, so angles and lengths look like what they are."""
    x0, y0 = center
    figure.update_xaxes(range=[x0 - extent, x0 + extent], zeroline=True, zerolinecolor="#CBD5E1", row=row, col=col)
    figure.update_yaxes(
        range=[y0 - extent, y0 + extent],
        zeroline=True,
        zerolinecolor="#CBD5E1",
        scaleanchor="x" if row is None else None,
        row=row,
        col=col,
    )


def _arrow(figure, start, end, color, xref="x", yref="y", width=2.5) -> None:
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


def _segment(start, end) -> tuple[list[float], list[float]]:
    return [float(start[0]), float(end[0])], [float(start[1]), float(end[1])]


def format_number(value: float, digits: int = 4) -> str:
    """Compact numbers for labels: 19, 0.7071, -3.2e-05; negative numbers keep a real minus sign."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    return text.replace("-", "−")


# --- Vectors -------------------------------------------------------------------------------------


def vector_sum_figure(a: np.ndarray, b: np.ndarray) -> go.Figure:
    """a and b from the origin, their copies tip to tail, and the diagonal a + b of the parallelogram."""
    total = a + b
    figure = go.Figure()
    corners = np.array([[0, 0], a, total, b, [0, 0]])
    figure.add_trace(
        go.Scatter(
            x=corners[:, 0],
            y=corners[:, 1],
            fill="toself",
            fillcolor="rgba(124, 58, 237, 0.08)",
            line=dict(width=0),
            hoverinfo="skip",
            name=t("math.vectors.figure.parallelogram"),
        )
    )
    for start, end, color, name in (
        ((0, 0), a, BLUE, "a"),
        ((0, 0), b, ORANGE, "b"),
        ((0, 0), total, PURPLE, "a + b"),
    ):
        x, y = _segment(start, end)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=3), name=name))
        _arrow(figure, start, end, color)
    for start, end, color, name in (
        (a, total, ORANGE, t("math.vectors.figure.b_moved")),
        (b, total, BLUE, t("math.vectors.figure.a_moved")),
    ):
        x, y = _segment(start, end)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=2, dash="dash"), name=name))
    figure.add_trace(
        go.Scatter(
            x=[a[0], b[0], total[0]],
            y=[a[1], b[1], total[1]],
            mode="text",
            text=["a", "b", "a + b"],
            textposition="top center",
            textfont=dict(size=16),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    extent = 1.2 * max(1.0, float(np.max(np.abs(np.concatenate([a, b, total])))))
    _equal_axes(figure, extent)
    return apply_layout(figure, height=460, margin={"t": 60}, showlegend=True, **LOOK)


def dot_product_figure(
    a: np.ndarray, b: np.ndarray, projection: np.ndarray | None, angle_degrees: float | None
) -> go.Figure:
    """a, b, the line along b, the shadow (projection) of a on that line and the angle between them."""
    figure = go.Figure()
    extent = 1.25 * max(1.0, float(np.max(np.abs(np.concatenate([a, b])))))
    norm_b = float(np.linalg.norm(b))
    if norm_b > 0:
        direction = b / norm_b
        x, y = _segment(-3 * extent * direction, 3 * extent * direction)
        figure.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                line=dict(color=GREY, width=1, dash="dot"),
                name=t("math.vectors.figure.line_of_b"),
            )
        )
    for end, color, name in ((a, BLUE, "a"), (b, ORANGE, "b")):
        x, y = _segment((0, 0), end)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=3), name=name))
        _arrow(figure, (0, 0), end, color)
    if projection is not None:
        x, y = _segment((0, 0), projection)
        figure.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines", line=dict(color=GREEN, width=5), name=t("math.vectors.figure.projection")
            )
        )
        _arrow(figure, (0, 0), projection, GREEN, width=3)
        x, y = _segment(a, projection)
        figure.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                line=dict(color=GREEN, width=1.5, dash="dash"),
                name=t("math.vectors.figure.drop"),
            )
        )
    if angle_degrees is not None:
        start_angle = math.atan2(a[1], a[0])
        end_angle = math.atan2(b[1], b[0])
        sweep = (end_angle - start_angle + math.pi) % (2 * math.pi) - math.pi  # the short way round
        radius = 0.25 * min(np.linalg.norm(a), norm_b)
        angles = np.linspace(start_angle, start_angle + sweep, 40)
        figure.add_trace(
            go.Scatter(
                x=radius * np.cos(angles),
                y=radius * np.sin(angles),
                mode="lines",
                line=dict(color=PURPLE, width=2),
                name=t("math.vectors.figure.angle", angle=f"{angle_degrees:.1f}"),
            )
        )
        middle = start_angle + sweep / 2
        figure.add_annotation(
            x=1.6 * radius * math.cos(middle),
            y=1.6 * radius * math.sin(middle),
            text="θ",
            showarrow=False,
            font=dict(size=16, color=PURPLE),
        )
    figure.add_trace(
        go.Scatter(
            x=[a[0], b[0]],
            y=[a[1], b[1]],
            mode="text",
            text=["a", "b"],
            textposition="top center",
            textfont=dict(size=16),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    _equal_axes(figure, extent)
    return apply_layout(figure, height=460, margin={"t": 60}, showlegend=True, **LOOK)


# --- Matrices ------------------------------------------------------------------------------------


def matrix_product_figure(a: np.ndarray, b: np.ndarray, product: np.ndarray, row: int, column: int) -> go.Figure:
    """A · B = C as three grids of numbers; row ``row`` of A, column ``column`` of B and C[row, column] lit up."""
    figure = go.Figure()
    cell = 1.0
    origins = {"A": 0.0, "B": 3.2, "C": 6.4}
    highlight = {"A": {(row, k) for k in range(2)}, "B": {(k, column) for k in range(2)}, "C": {(row, column)}}
    colors = {"A": BLUE, "B": ORANGE, "C": PURPLE}
    for name, matrix in (("A", a), ("B", b), ("C", product)):
        left = origins[name]
        xs, ys, texts = [], [], []
        for i in range(2):
            for j in range(2):
                lit = (i, j) in highlight[name]
                figure.add_shape(
                    type="rect",
                    x0=left + j * cell,
                    x1=left + (j + 1) * cell,
                    y0=-(i + 1) * cell,
                    y1=-i * cell,
                    line=dict(color=colors[name] if lit else "#CBD5E1", width=3 if lit else 1),
                    fillcolor=colors[name] if lit else "white",
                    opacity=0.25 if lit else 1.0,
                    layer="below",
                )
                xs.append(left + (j + 0.5) * cell)
                ys.append(-(i + 0.5) * cell)
                texts.append(format_number(float(matrix[i, j]), 6))
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="text",
                text=texts,
                textfont=dict(size=20, color="#1F2333"),
                name=name,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        figure.add_annotation(
            x=left + cell, y=0.35, text=f"<b>{name}</b>", showarrow=False, font=dict(size=18, color=colors[name])
        )
    figure.add_annotation(x=2.6, y=-1.0, text="·", showarrow=False, font=dict(size=30))
    figure.add_annotation(x=5.8, y=-1.0, text="=", showarrow=False, font=dict(size=26))
    figure.update_xaxes(visible=False, range=[-0.3, 8.7], fixedrange=True)
    figure.update_yaxes(visible=False, range=[-2.3, 0.7], fixedrange=True, scaleanchor="x")
    return apply_layout(figure, height=260, margin={"t": 30}, showlegend=False, **LOOK)


def transformation_figure(
    matrix: np.ndarray,
    grid: list[np.ndarray],
    circle: np.ndarray,
    square: np.ndarray,
    directions: list[tuple[float, np.ndarray]],
) -> go.Figure:
    """The plane before and after the matrix: grid, unit circle, unit square, basis and eigenvectors.

    Both panels share one scale so that stretching and squashing are visible. An eigenvector v is drawn
    on the left and M v = lambda v on the right: same line, length times lambda.
    """
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.06)
    images = {
        "grid": [line @ matrix.T for line in grid],
        "circle": circle @ matrix.T,
        "square": square @ matrix.T,
    }
    extent = 1.15 * max(2.0, float(np.max(np.abs(images["circle"]))), float(np.max(np.abs(images["square"]))))
    extent = min(extent, 50.0)
    basis_names = ("e₁ → M e₁", "e₂ → M e₂")
    for col, (lines, ring, patch, basis) in enumerate(
        (
            (grid, circle, square, np.eye(2)),
            (images["grid"], images["circle"], images["square"], matrix.T),  # rows of M^T are M's columns
        ),
        start=1,
    ):
        show = col == 1  # one legend entry per kind of object
        xref, yref = ("x", "y") if col == 1 else ("x2", "y2")
        grid_x, grid_y = [], []
        for line in lines:
            grid_x += [*line[:, 0], None]
            grid_y += [*line[:, 1], None]
        figure.add_trace(
            go.Scatter(
                x=grid_x,
                y=grid_y,
                mode="lines",
                line=dict(color="#E2E8F0", width=1),
                hoverinfo="skip",
                name=t("math.transform.figure.grid"),
                showlegend=show,
                legendgroup="grid",
            ),
            row=1,
            col=col,
        )
        figure.add_trace(
            go.Scatter(
                x=patch[:, 0],
                y=patch[:, 1],
                mode="lines",
                fill="toself",
                fillcolor="rgba(234, 88, 12, 0.18)",
                line=dict(color=ORANGE, width=1.5),
                name=t("math.transform.figure.square"),
                showlegend=show,
                legendgroup="square",
            ),
            row=1,
            col=col,
        )
        figure.add_trace(
            go.Scatter(
                x=ring[:, 0],
                y=ring[:, 1],
                mode="lines",
                line=dict(color=BLUE, width=2.5),
                name=t("math.transform.figure.circle"),
                showlegend=show,
                legendgroup="circle",
            ),
            row=1,
            col=col,
        )
        for index, color in enumerate((RED, GREEN)):
            end = basis[index]
            x, y = _segment((0, 0), end)
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line=dict(color=color, width=3),
                    name=basis_names[index],
                    showlegend=show,
                    legendgroup=f"basis{index}",
                ),
                row=1,
                col=col,
            )
            _arrow(figure, (0, 0), end, color, xref=xref, yref=yref)
        for number, (value, vector) in enumerate(directions):
            tip = vector if col == 1 else value * vector
            span_x, span_y = _segment(-3 * extent * vector, 3 * extent * vector)
            figure.add_trace(
                go.Scatter(
                    x=span_x,
                    y=span_y,
                    mode="lines",
                    line=dict(color=PURPLE, width=1, dash="dot"),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup="eigen",
                ),
                row=1,
                col=col,
            )
            x, y = _segment((0, 0), tip)
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line=dict(color=PURPLE, width=4),
                    name=t("math.transform.figure.eigenvector"),
                    showlegend=show and number == 0,
                    legendgroup="eigen",
                ),
                row=1,
                col=col,
            )
            _arrow(figure, (0, 0), tip, PURPLE, xref=xref, yref=yref, width=3)
            label = "v" if col == 1 else f"λ = {format_number(value, 3)}"
            figure.add_annotation(
                x=float(tip[0]),
                y=float(tip[1]),
                xref=xref,
                yref=yref,
                text=label,
                showarrow=False,
                yshift=14,
                font=dict(color=PURPLE, size=14),
            )
    panel_names = (t("math.transform.figure.before"), t("math.transform.figure.after"))
    for col, (x_axis, _y_axis) in enumerate((("x", "y"), ("x2", "y2")), start=1):
        figure.update_xaxes(
            range=[-extent, extent],
            zeroline=True,
            zerolinecolor="#94A3B8",
            title_text=panel_names[col - 1],
            row=1,
            col=col,
        )
        figure.update_yaxes(
            range=[-extent, extent], zeroline=True, zerolinecolor="#94A3B8", scaleanchor=x_axis, row=1, col=col
        )
    return apply_layout(figure, height=500, margin={"t": 60}, showlegend=True, **LOOK)


# --- Derivatives ---------------------------------------------------------------------------------


def derivative_figure(xs, values, derivatives, x0: float, value0: float, slope0: float, tangent) -> go.Figure:
    """f with its tangent at x0 on top, f' below with the same x axis: the slope above is the height below."""
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.62, 0.38],
    )
    # Invisible markers make the curves clickable: Plotly only selects points of traces that have markers.
    clickable = dict(
        mode="lines+markers",
        marker=dict(size=9, opacity=0),
        selected=dict(marker=dict(opacity=0)),
        unselected=dict(marker=dict(opacity=0)),
    )
    figure.add_trace(go.Scatter(x=xs, y=values, line=dict(color=BLUE, width=3), name="f(x)", **clickable), row=1, col=1)
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=tangent,
            mode="lines",
            line=dict(color=ORANGE, width=2, dash="dash"),
            name=t("math.derivative.figure.tangent"),
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Scatter(
            x=[x0],
            y=[value0],
            mode="markers",
            marker=dict(color=RED, size=13, line=dict(color="white", width=2)),
            name=t("math.derivative.figure.point"),
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Scatter(x=xs, y=derivatives, line=dict(color=GREEN, width=3), name="f′(x)", **clickable), row=2, col=1
    )
    figure.add_trace(
        go.Scatter(
            x=[x0],
            y=[slope0],
            mode="markers",
            marker=dict(color=RED, size=11, line=dict(color="white", width=2)),
            showlegend=False,
            hovertemplate="f′(x₀) = %{y:.4g}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    # Keep the view on the function: a steep tangent would otherwise stretch the y axis flat.
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    pad = 0.12 * max(high - low, 1e-6)
    figure.update_yaxes(range=[low - pad, high + pad], row=1, col=1)
    figure.update_yaxes(title_text="f(x)", row=1, col=1)
    figure.update_yaxes(title_text="f′(x)", row=2, col=1)
    figure.update_xaxes(title_text="x", row=2, col=1)
    figure.update_layout(clickmode="event+select")
    return apply_layout(figure, height=560, margin={"t": 60}, showlegend=True, **LOOK)


def finite_difference_error_figure(
    steps, errors_by_precision: dict[str, np.ndarray], chosen_step: float, chosen_error: float, precision: str
) -> go.Figure:
    """|central difference - autodiff| against h on log-log axes: the V of truncation vs round-off error."""
    figure = go.Figure()
    colors = {"float64": BLUE, "float32": ORANGE}
    for name, errors in errors_by_precision.items():
        shown = np.where(errors > 0, errors, np.nan)  # an exact 0 has no place on a log axis
        figure.add_trace(
            go.Scatter(
                x=steps,
                y=shown,
                mode="lines+markers",
                marker=dict(size=5),
                name=name,
                line=dict(color=colors.get(name, GREY), width=3 if name == precision else 1.5),
                opacity=1.0 if name == precision else 0.55,
            )
        )
    if chosen_error > 0 and math.isfinite(chosen_error):
        figure.add_trace(
            go.Scatter(
                x=[chosen_step],
                y=[chosen_error],
                mode="markers",
                marker=dict(color=RED, size=14, symbol="diamond", line=dict(color="white", width=2)),
                name=t("math.derivative.figure.chosen_step"),
            )
        )
    figure.update_xaxes(type="log", title_text=t("math.derivative.figure.step_axis"), exponentformat="power")
    figure.update_yaxes(type="log", title_text=t("math.derivative.figure.error_axis"), exponentformat="power")
    return apply_layout(figure, height=560, margin={"t": 60}, showlegend=True, **LOOK)


# --- The chain rule ------------------------------------------------------------------------------


def chain_graph_figure(
    x: float, u: float, y: float, du_dx: float, dy_du: float, dy_dx: float, inner_label: str, outer_label: str
) -> go.Figure:
    """The computation graph x -> u -> y: forward values on top (blue), backward gradients below (red)."""
    figure = go.Figure()
    positions = {"x": 0.0, "u": 1.0, "y": 2.0}
    figure.add_trace(
        go.Scatter(
            x=list(positions.values()),
            y=[0, 0, 0],
            mode="markers+text",
            marker=dict(size=58, color=["#DBEAFE", "#EDE9FE", "#FEE2E2"], line=dict(color="#1F2333", width=2)),
            text=["<b>x</b>", "<b>u</b>", "<b>y</b>"],
            textfont=dict(size=20),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for start, end, label in (("x", "u", inner_label), ("u", "y", outer_label)):
        figure.add_annotation(
            x=positions[end] - 0.13,
            y=0,
            ax=positions[start] + 0.13,
            ay=0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowwidth=2,
            arrowcolor="#1F2333",
            text="",
        )
        figure.add_annotation(
            x=(positions[start] + positions[end]) / 2, y=0.12, text=label, showarrow=False, font=dict(size=14)
        )
    forward = {"x": f"x = {format_number(x)}", "u": f"u = {format_number(u)}", "y": f"y = {format_number(y)}"}
    backward = {
        "y": "dy/dy = 1",
        "u": f"dy/du = {format_number(dy_du)}",
        "x": f"dy/dx = {format_number(dy_du)} × {format_number(du_dx)}<br>= {format_number(dy_dx)}",
    }
    figure.add_trace(
        go.Scatter(
            x=list(positions.values()),
            y=[0.42] * 3,
            mode="text",
            text=[forward[k] for k in positions],
            textfont=dict(size=15, color=BLUE),
            name=t("math.chain.figure.forward"),
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=list(positions.values()),
            y=[-0.5] * 3,
            mode="text",
            text=[backward[k] for k in positions],
            textfont=dict(size=15, color=RED),
            name=t("math.chain.figure.backward"),
            hoverinfo="skip",
        )
    )
    figure.add_annotation(
        x=1.0, y=0.75, text=t("math.chain.figure.forward_arrow"), showarrow=False, font=dict(color=BLUE, size=14)
    )
    figure.add_annotation(
        x=1.0, y=-0.88, text=t("math.chain.figure.backward_arrow"), showarrow=False, font=dict(color=RED, size=14)
    )
    figure.update_xaxes(visible=False, range=[-0.55, 2.55], fixedrange=True)
    figure.update_yaxes(visible=False, range=[-1.05, 0.95], fixedrange=True)
    return apply_layout(figure, height=380, margin={"t": 30}, showlegend=False, **LOOK)


def composition_figure(xs, values, derivatives, x0: float, y0: float, slope0: float) -> go.Figure:
    """y(x) of the whole composition, its derivative, and the chosen point on both."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=xs, y=values, mode="lines", line=dict(color=BLUE, width=3), name="y(x)"))
    figure.add_trace(go.Scatter(x=xs, y=derivatives, mode="lines", line=dict(color=GREEN, width=2.5), name="dy/dx"))
    figure.add_trace(
        go.Scatter(
            x=[x0, x0],
            y=[y0, slope0],
            mode="markers",
            marker=dict(color=RED, size=12, line=dict(color="white", width=2)),
            name=t("math.chain.figure.point"),
        )
    )
    figure.update_xaxes(title_text="x")
    return apply_layout(figure, height=380, margin={"t": 60}, showlegend=True, **LOOK)


# --- Gradients -----------------------------------------------------------------------------------


def _contour_trace(xs, ys, values, log_scale: bool, showscale: bool = True) -> go.Contour:
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


def surface_figure(xs, ys, values, point: tuple[float, float], height_at_point: float) -> go.Figure:
    """The landscape in 3-D with the chosen point on it."""
    figure = go.Figure()
    figure.add_trace(
        go.Surface(
            x=xs,
            y=ys,
            z=values,
            colorscale="Viridis",
            opacity=0.92,
            showscale=False,
            name="f",
            contours=dict(z=dict(show=True, usecolormap=True, project=dict(z=True), width=1)),
        )
    )
    figure.add_trace(
        go.Scatter3d(
            x=[point[0]],
            y=[point[1]],
            z=[height_at_point],
            mode="markers",
            marker=dict(size=7, color=RED, line=dict(color="white", width=2)),
            name=t("math.gradient.figure.point"),
        )
    )
    figure.update_layout(
        scene=dict(
            xaxis_title="x",
            yaxis_title="y",
            zaxis_title="f(x, y)",
            camera=dict(eye=dict(x=1.7, y=-1.7, z=1.15)),
            aspectmode="manual",
            aspectratio=dict(x=1, y=1, z=0.6),
        ),
    )
    apply_layout(figure, height=520, margin={"t": 60}, showlegend=True, **LOOK)
    figure.update_layout(margin=dict(l=0, r=0, t=40, b=0))
    return figure


def _quiver(grid_x, grid_y, d_dx, d_dy, cell: float) -> tuple[list, list]:
    """Arrow shafts and heads for a field of vectors, as one line trace (None breaks between arrows).

    Lengths grow with the square root of |grad f| up to 85% of a grid cell: steep surfaces (Rosenbrock)
    would otherwise show a few giant arrows and many invisible ones.
    """
    magnitude = np.hypot(d_dx, d_dy)
    largest = float(np.max(magnitude)) or 1.0
    length = 0.85 * cell * np.sqrt(magnitude / largest)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_x = np.where(magnitude > 0, d_dx / magnitude, 0.0)
        unit_y = np.where(magnitude > 0, d_dy / magnitude, 0.0)
    xs, ys = [], []
    for x0, y0, ux, uy, size in zip(grid_x.ravel(), grid_y.ravel(), unit_x.ravel(), unit_y.ravel(), length.ravel()):
        if size < 1e-3 * cell:
            continue
        x1, y1 = x0 + ux * size, y0 + uy * size
        head = 0.35 * size
        left = (x1 - head * (ux * 0.87 - uy * 0.5), y1 - head * (uy * 0.87 + ux * 0.5))
        right = (x1 - head * (ux * 0.87 + uy * 0.5), y1 - head * (uy * 0.87 - ux * 0.5))
        xs += [x0, x1, None, left[0], x1, right[0], None]
        ys += [y0, y1, None, left[1], y1, right[1], None]
    return xs, ys


def gradient_contour_figure(xs, ys, values, log_scale: bool, field, point, gradient, x_range, y_range) -> go.Figure:
    """Contour lines, the gradient field as arrows, and at the chosen point the gradient and its opposite."""
    grid_x, grid_y, d_dx, d_dy = field
    figure = go.Figure()
    figure.add_trace(_contour_trace(xs, ys, values, log_scale))
    cell = float(grid_x[0, 1] - grid_x[0, 0])
    arrow_x, arrow_y = _quiver(grid_x, grid_y, d_dx, d_dy, cell)
    figure.add_trace(
        go.Scatter(
            x=arrow_x,
            y=arrow_y,
            mode="lines",
            line=dict(color="rgba(30, 41, 59, 0.55)", width=1.2),
            hoverinfo="skip",
            name=t("math.gradient.figure.field"),
        )
    )
    span = min(x_range[1] - x_range[0], y_range[1] - y_range[0])
    norm = math.hypot(*gradient)
    if norm > 0:
        # Drawn at a fixed length: the arrow shows the direction, the metrics give the size.
        direction = np.array(gradient) / norm * 0.18 * span
        for sign, color, name in (
            (1, RED, t("math.gradient.figure.gradient")),
            (-1, "#1D4ED8", t("math.gradient.figure.descent")),
        ):
            end = np.array(point) + sign * direction
            x, y = _segment(point, end)
            figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=4), name=name))
            _arrow(figure, point, end, color, width=3.5)
    figure.add_trace(
        go.Scatter(
            x=[point[0]],
            y=[point[1]],
            mode="markers",
            marker=dict(color=RED, size=12, line=dict(color="white", width=2)),
            name=t("math.gradient.figure.point"),
        )
    )
    figure.update_xaxes(range=list(x_range), title_text="x", constrain="domain")
    figure.update_yaxes(range=list(y_range), title_text="y", scaleanchor="x", constrain="domain")
    return apply_layout(figure, height=520, margin={"t": 60}, showlegend=True, **LOOK)


# --- Gradient descent ----------------------------------------------------------------------------


def descent_figure(xs, ys, values, log_scale: bool, trajectories: dict, minima, x_range, y_range) -> go.Figure:
    """Every optimizer's path on the contour plot: a shared start, one colour each, an X where it stopped."""
    figure = go.Figure()
    figure.add_trace(_contour_trace(xs, ys, values, log_scale))
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
    return apply_layout(figure, height=560, margin={"t": 60}, showlegend=True, **LOOK)


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
    return apply_layout(figure, height=560, margin={"t": 60}, showlegend=True, **LOOK)


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
    return apply_layout(figure, height=430, margin={"t": 60}, showlegend=True, **LOOK)


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
    return apply_layout(figure, height=430, margin={"t": 60}, showlegend=True, **LOOK)


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
    return apply_layout(figure, height=430, margin={"t": 60}, showlegend=True, **LOOK)
