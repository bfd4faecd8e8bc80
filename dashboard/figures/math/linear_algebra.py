"""Figures for linear algebra on the math page: vectors (sum, dot product) and matrices (product, transformation)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.math.common import add_arrow, format_number, segment, styled
from dashboard.figures.theme import BLUE, GREEN, ORANGE, RED, SLATE, VIOLET
from dashboard.i18n import t


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
        ((0, 0), total, VIOLET, "a + b"),
    ):
        x, y = segment(start, end)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=3), name=name))
        add_arrow(figure, start, end, color)
    for start, end, color, name in (
        (a, total, ORANGE, t("math.vectors.figure.b_moved")),
        (b, total, BLUE, t("math.vectors.figure.a_moved")),
    ):
        x, y = segment(start, end)
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
    return styled(figure, height=460)


def dot_product_figure(
    a: np.ndarray, b: np.ndarray, projection: np.ndarray | None, angle_degrees: float | None
) -> go.Figure:
    """a, b, the line along b, the shadow (projection) of a on that line and the angle between them."""
    figure = go.Figure()
    extent = 1.25 * max(1.0, float(np.max(np.abs(np.concatenate([a, b])))))
    norm_b = float(np.linalg.norm(b))
    if norm_b > 0:
        direction = b / norm_b
        x, y = segment(-3 * extent * direction, 3 * extent * direction)
        figure.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                line=dict(color=SLATE, width=1, dash="dot"),
                name=t("math.vectors.figure.line_of_b"),
            )
        )
    for end, color, name in ((a, BLUE, "a"), (b, ORANGE, "b")):
        x, y = segment((0, 0), end)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=3), name=name))
        add_arrow(figure, (0, 0), end, color)
    if projection is not None:
        x, y = segment((0, 0), projection)
        figure.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines", line=dict(color=GREEN, width=5), name=t("math.vectors.figure.projection")
            )
        )
        add_arrow(figure, (0, 0), projection, GREEN, width=3)
        x, y = segment(a, projection)
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
                line=dict(color=VIOLET, width=2),
                name=t("math.vectors.figure.angle", angle=f"{angle_degrees:.1f}"),
            )
        )
        middle = start_angle + sweep / 2
        figure.add_annotation(
            x=1.6 * radius * math.cos(middle),
            y=1.6 * radius * math.sin(middle),
            text="θ",
            showarrow=False,
            font=dict(size=16, color=VIOLET),
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
    return styled(figure, height=460)


# --- Matrices ------------------------------------------------------------------------------------


def matrix_product_figure(a: np.ndarray, b: np.ndarray, product: np.ndarray, row: int, column: int) -> go.Figure:
    """A · B = C as three grids of numbers; row ``row`` of A, column ``column`` of B and C[row, column] lit up."""
    figure = go.Figure()
    cell = 1.0
    origins = {"A": 0.0, "B": 3.2, "C": 6.4}
    highlight = {"A": {(row, k) for k in range(2)}, "B": {(k, column) for k in range(2)}, "C": {(row, column)}}
    colors = {"A": BLUE, "B": ORANGE, "C": VIOLET}
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
    return styled(figure, height=260, legend=False)


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
            x, y = segment((0, 0), end)
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
            add_arrow(figure, (0, 0), end, color, xref=xref, yref=yref)
        for number, (value, vector) in enumerate(directions):
            tip = vector if col == 1 else value * vector
            span_x, span_y = segment(-3 * extent * vector, 3 * extent * vector)
            figure.add_trace(
                go.Scatter(
                    x=span_x,
                    y=span_y,
                    mode="lines",
                    line=dict(color=VIOLET, width=1, dash="dot"),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup="eigen",
                ),
                row=1,
                col=col,
            )
            x, y = segment((0, 0), tip)
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    line=dict(color=VIOLET, width=4),
                    name=t("math.transform.figure.eigenvector"),
                    showlegend=show and number == 0,
                    legendgroup="eigen",
                ),
                row=1,
                col=col,
            )
            add_arrow(figure, (0, 0), tip, VIOLET, xref=xref, yref=yref, width=3)
            label = "v" if col == 1 else f"λ = {format_number(value, 3)}"
            figure.add_annotation(
                x=float(tip[0]),
                y=float(tip[1]),
                xref=xref,
                yref=yref,
                text=label,
                showarrow=False,
                yshift=14,
                font=dict(color=VIOLET, size=14),
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
    return styled(figure, height=500)


# --- Vector spaces -------------------------------------------------------------------------------


def span_figure_2d(vectors: np.ndarray, rank: int, target: np.ndarray | None, coefficients) -> go.Figure:
    """u and v in the plane with what they span: a grid of a·u + b·v (integer a, b) when they are independent (it
    covers the plane), the line through them when they are not; the target w, and a·u + b·v reaching it."""
    u, v = vectors
    figure = go.Figure()
    extent = 1.25 * max(1.0, float(np.abs(np.vstack([vectors] + ([target] if target is not None else []))).max()))
    reach = 4 * extent
    if rank == 2:
        for k in range(-12, 13):  # lines a·u + k·v and k·u + b·v: the plane, tiled by the basis
            for fixed, moving in ((v, u), (u, v)):
                start, end = k * fixed - reach * moving, k * fixed + reach * moving
                figure.add_trace(
                    go.Scatter(
                        x=[start[0], end[0]],
                        y=[start[1], end[1]],
                        mode="lines",
                        line=dict(color="rgba(124, 58, 237, 0.18)", width=1),
                        hoverinfo="skip",
                        showlegend=False,
                    )
                )
    elif rank == 1:
        direction = u if np.linalg.norm(u) > 0 else v
        direction = direction / np.linalg.norm(direction)
        start, end = -4 * extent * direction, 4 * extent * direction
        figure.add_trace(
            go.Scatter(
                x=[start[0], end[0]],
                y=[start[1], end[1]],
                mode="lines",
                line=dict(color=VIOLET, width=6),
                opacity=0.25,
                name=t("math.spaces.figure.span_line"),
            )
        )
    for vector, color, name in ((u, BLUE, "u"), (v, ORANGE, "v")):
        x, y = segment((0, 0), vector)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=3), name=name))
        add_arrow(figure, (0, 0), vector, color)
    if target is not None:
        figure.add_trace(
            go.Scatter(
                x=[target[0]],
                y=[target[1]],
                mode="markers+text",
                marker=dict(color=RED, size=12, symbol="x"),
                text=["w"],
                textposition="top right",
                textfont=dict(size=16),
                name="w",
            )
        )
        if coefficients is not None:
            a, b = coefficients
            corner = a * u
            for start, end, color in (((0, 0), corner, BLUE), (corner, corner + b * v, ORANGE)):
                x, y = segment(start, end)
                figure.add_trace(
                    go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=2, dash="dash"), showlegend=False)
                )
    _equal_axes(figure, extent)
    return styled(figure, height=460)


def span_figure_3d(vectors: np.ndarray, rank: int, target: np.ndarray | None, coefficients) -> go.Figure:
    """u and v in 3-D space with their span: the plane of all a·u + b·v (a patch of it) or the line, and w."""
    u, v = vectors
    # A square patch of the plane, on an orthonormal basis of it (Gram-Schmidt): u and v themselves may be nearly
    # parallel, which would make a sliver. Two triangles (a Mesh3d, which every WebGL renders; a translucent Surface
    # did not show in headless Chromium).
    corners = np.zeros((4, 3))
    if rank == 2:
        first = u / np.linalg.norm(u)
        second = v - (v @ first) * first
        second = second / np.linalg.norm(second)
        size = 1.1 * max(float(np.linalg.norm(row)) for row in ([u, v] + ([target] if target is not None else [])))
        corners = np.array([-first - second, first - second, first + second, -first + second]) * size
    points = np.vstack([vectors, corners if rank == 2 else np.zeros((1, 3))] + ([target] if target is not None else []))
    extent = 1.1 * max(1.0, float(np.abs(points).max()))
    figure = go.Figure()
    if rank == 2:
        figure.add_trace(
            go.Mesh3d(
                x=corners[:, 0],
                y=corners[:, 1],
                z=corners[:, 2],
                i=[0, 0],
                j=[1, 2],
                k=[2, 3],
                color=VIOLET,
                opacity=0.25,
                hoverinfo="skip",
                name=t("math.spaces.figure.span_plane"),
                showlegend=True,
            )
        )
    elif rank == 1:
        direction = u if np.linalg.norm(u) > 0 else v
        line = np.outer([-2.0, 2.0], direction)
        figure.add_trace(
            go.Scatter3d(
                x=line[:, 0],
                y=line[:, 1],
                z=line[:, 2],
                mode="lines",
                line=dict(color=VIOLET, width=8),
                opacity=0.4,
                name=t("math.spaces.figure.span_line"),
            )
        )
    for vector, color, name in ((u, BLUE, "u"), (v, ORANGE, "v")):
        figure.add_trace(
            go.Scatter3d(
                x=[0, vector[0]],
                y=[0, vector[1]],
                z=[0, vector[2]],
                mode="lines+markers+text",
                line=dict(color=color, width=7),
                marker=dict(size=[0, 5], color=color),
                text=["", name],
                textfont=dict(size=15, color=color),
                name=name,
            )
        )
    if target is not None:
        figure.add_trace(
            go.Scatter3d(
                x=[target[0]],
                y=[target[1]],
                z=[target[2]],
                mode="markers+text",
                marker=dict(color=RED, size=5, symbol="diamond"),
                text=["w"],
                textfont=dict(size=15, color=RED),
                name="w",
            )
        )
        if coefficients is not None:
            closest = coefficients[0] * u + coefficients[1] * v
            if not np.allclose(closest, target):
                figure.add_trace(
                    go.Scatter3d(
                        x=[target[0], closest[0]],
                        y=[target[1], closest[1]],
                        z=[target[2], closest[2]],
                        mode="lines",
                        line=dict(color=RED, width=4, dash="dash"),
                        name=t("math.spaces.figure.distance"),
                    )
                )
    axis = dict(range=[-extent, extent], zeroline=True, zerolinecolor="#94A3B8")
    eye = np.array([1.35, -1.35, 0.9])
    if rank == 2:  # look at the plane from the side its normal points to, a little askew: it shows as a plane
        normal = np.cross(u, v)
        normal = normal / np.linalg.norm(normal) * (1 if normal @ eye >= 0 else -1)
        eye = 1.6 * normal + 0.6 * eye / np.linalg.norm(eye)
        eye = eye / np.linalg.norm(eye) * 2.1
    camera = dict(eye=dict(x=float(eye[0]), y=float(eye[1]), z=float(eye[2])))
    figure.update_layout(scene=dict(xaxis=axis, yaxis=axis, zaxis=axis, aspectmode="cube", camera=camera))
    return styled(figure, height=560)
