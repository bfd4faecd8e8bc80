"""Figures for calculus on the math page: derivatives, the chain rule, gradients of a surface."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.math.common import add_arrow, contour_trace, format_number, segment, styled
from dashboard.figures.theme import BLUE, GREEN, ORANGE, RED, SLATE
from dashboard.i18n import t

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
    return styled(figure, height=560)


def zero_error_floor(errors_by_precision: dict[str, np.ndarray]) -> float:
    """Where an error of exactly 0 is drawn on the log axis: a decade below the smallest positive error shown
    (1e-17 when every error is 0). A log axis has no 0; leaving those points out would draw gaps, as if nothing had
    been computed there."""
    positive = [float(value) for errors in errors_by_precision.values() for value in np.ravel(errors) if value > 0]
    if not positive:
        return 1e-17
    return 10.0 ** (math.floor(math.log10(min(positive))) - 1)


def finite_difference_error_figure(
    steps, errors_by_precision: dict[str, np.ndarray], chosen_step: float, chosen_error: float, precision: str
) -> go.Figure:
    """|central difference - autodiff| against h on log-log axes: the V of truncation vs round-off error.

    Errors of exactly 0 (the central difference of x² is exact) are drawn as hollow markers on a dotted floor line
    labelled "exact (0)", below every nonzero error, instead of leaving gaps in the curve."""
    figure = go.Figure()
    colors = {"float64": BLUE, "float32": ORANGE}
    steps = np.asarray(steps, dtype=float)
    floor = zero_error_floor(errors_by_precision)
    any_zero = False
    for name, errors in errors_by_precision.items():
        errors = np.asarray(errors, dtype=float)
        color = colors.get(name, SLATE)
        emphasis = name == precision
        shown = np.where(errors > 0, errors, np.nan)
        figure.add_trace(
            go.Scatter(
                x=steps,
                y=shown,
                mode="lines+markers",
                marker=dict(size=5),
                name=name,
                line=dict(color=color, width=3 if emphasis else 1.5),
                opacity=1.0 if emphasis else 0.55,
            )
        )
        exact = errors == 0
        if exact.any():
            any_zero = True
            figure.add_trace(
                go.Scatter(
                    x=steps[exact],
                    y=np.full(int(exact.sum()), floor),
                    mode="markers",
                    marker=dict(
                        color=color, size=9 if emphasis else 7, symbol="triangle-down-open", line=dict(width=2)
                    ),
                    name=t("math.derivative.figure.exact_zero", precision=name),
                    opacity=1.0 if emphasis else 0.55,
                    hovertemplate="h = %{x:.0e}: " + t("math.derivative.figure.exact_hover") + "<extra></extra>",
                )
            )
    if any_zero:
        figure.add_hline(y=floor, line=dict(color=SLATE, width=1, dash="dot"))
        figure.add_annotation(
            x=0.01,
            xref="paper",
            y=math.log10(floor),
            yref="y",
            text=t("math.derivative.figure.exact_floor"),
            showarrow=False,
            yshift=11,
            xanchor="left",
            font=dict(size=12, color=SLATE),
            bgcolor="white",
        )
    if math.isfinite(chosen_error) and chosen_error >= 0:
        figure.add_trace(
            go.Scatter(
                x=[chosen_step],
                y=[chosen_error if chosen_error > 0 else floor],
                mode="markers",
                marker=dict(color=RED, size=14, symbol="diamond", line=dict(color="white", width=2)),
                name=t("math.derivative.figure.chosen_step"),
            )
        )
    figure.update_xaxes(type="log", title_text=t("math.derivative.figure.step_axis"), exponentformat="power")
    figure.update_yaxes(type="log", title_text=t("math.derivative.figure.error_axis"), exponentformat="power")
    return styled(figure, height=560)


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
    return styled(figure, height=380, legend=False)


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
    return styled(figure, height=380)


# --- Gradients -----------------------------------------------------------------------------------


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
    styled(figure, height=520)
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
    figure.add_trace(contour_trace(xs, ys, values, log_scale))
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
            x, y = segment(point, end)
            figure.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=color, width=4), name=name))
            add_arrow(figure, point, end, color, width=3.5)
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
    return styled(figure, height=520)
