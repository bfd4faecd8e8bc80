"""Plotly figures for the activations page: curves and slopes, vanishing-gradient bands, softmax, one neuron.

Builders take numbers already computed by ``core.lessons.activations`` and return a ``go.Figure``; they do no math
beyond laying things out. Visible text comes from the catalog (``t``), so a figure speaks the session's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import (
    AMBER,
    BLUE,
    GREEN,
    GREY,
    INDIGO,
    LEGEND_ABOVE_LEFT,
    ORANGE,
    RED,
    VIOLET,
    apply_layout,
)
from dashboard.i18n import t

# One colour per activation, the same in every chart of the page.
ACTIVATION_COLORS = {
    "sigmoid": INDIGO,
    "tanh": RED,
    "relu": GREEN,
    "leaky_relu": AMBER,
    "elu": VIOLET,
    "selu": "#0891B2",
    "gelu": "#DB2777",
    "silu": "#65A30D",
    "softplus": BLUE,
    "softsign": "#9333EA",
    "hard_sigmoid": ORANGE,
    "linear": "#6B7280",
}
#: What the curves chart can show: f, its derivative f′, or both in two panels sharing x.
CURVE_VIEWS = ("function", "derivative", "both")
REGION_COLORS = {"dead": "rgba(220, 38, 38, 0.16)", "saturating": "rgba(245, 158, 11, 0.20)"}
REGION_LEGEND_COLORS = {"dead": "rgba(220, 38, 38, 0.45)", "saturating": "rgba(245, 158, 11, 0.55)"}
POSITIVE_WEIGHT_COLOR = BLUE
NEGATIVE_WEIGHT_COLOR = RED
ZERO_WEIGHT_COLOR = GREY
AXIS_GREY = GREY
# The page's charts are drawn with theme=None: the white look, wider side margins for the axis titles.
MARGIN = {"l": 60, "r": 20, "t": 60, "b": 55}


def activation_names() -> dict[str, str]:
    """Display names of the registry's activations, in the session's language."""
    from core.lessons.activations import ACTIVATIONS

    return {activation_id: t(f"act.name.{activation_id}") for activation_id in ACTIVATIONS}


def curves_figure(
    x_values: np.ndarray,
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
    view: str,
    *,
    x_range: tuple[float, float],
) -> go.Figure:
    """Several activations overlaid. ``view`` is "function", "derivative" or "both" (two panels sharing x)."""
    if view not in CURVE_VIEWS:
        raise ValueError(f"view must be 'function', 'derivative' or 'both', got {view!r}.")
    names = activation_names()
    panels = ["function", "derivative"] if view == "both" else [view]
    titles = {"function": t("act.axis.fx"), "derivative": t("act.axis.dfx")}
    panel_titles = {"function": t("act.curves.panel.function"), "derivative": t("act.curves.panel.derivative")}
    figure = make_subplots(
        rows=1,
        cols=len(panels),
        shared_xaxes=True,
        horizontal_spacing=0.08,
        subplot_titles=[panel_titles[panel] for panel in panels],
    )
    for activation_id, (values, slopes) in curves.items():
        for column, panel in enumerate(panels, start=1):
            figure.add_trace(
                go.Scatter(
                    x=x_values,
                    y=values if panel == "function" else slopes,
                    mode="lines",
                    name=names[activation_id],
                    legendgroup=activation_id,
                    showlegend=column == 1,
                    line={"color": ACTIVATION_COLORS[activation_id], "width": 2.5},
                    hovertemplate="%{y:.4f}",
                ),
                row=1,
                col=column,
            )
    for column, panel in enumerate(panels, start=1):
        figure.update_yaxes(title_text=titles[panel], row=1, col=column, zeroline=True, zerolinecolor=AXIS_GREY)
        figure.update_xaxes(
            title_text=t("act.axis.x"), range=list(x_range), row=1, col=column, zeroline=True, zerolinecolor=AXIS_GREY
        )
    if not curves:
        figure.add_annotation(text=t("act.curves.empty"), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    return apply_layout(
        figure,
        height=460,
        margin={**MARGIN, "t": 95},
        legend={**LEGEND_ABOVE_LEFT, "y": 1.1},
        hovermode="x unified",
        white=True,
    )


def focus_figure(
    x_values: np.ndarray,
    values: np.ndarray,
    slopes: np.ndarray,
    regions: Sequence,
    *,
    activation_id: str,
    x_point: float,
    value_at_point: float,
    slope_at_point: float,
    threshold: float,
) -> go.Figure:
    """One activation above its slope, with dead (red) and saturating (amber) bands and the chosen x marked."""
    names = activation_names()
    color = ACTIVATION_COLORS[activation_id]
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[t("act.focus.panel.function", name=names[activation_id]), t("act.focus.panel.derivative")],
    )
    figure.add_trace(
        go.Scatter(x=x_values, y=values, mode="lines", name=t("act.axis.fx"), line={"color": color, "width": 3}),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Scatter(
            x=x_values, y=slopes, mode="lines", name=t("act.axis.dfx"), line={"color": color, "width": 3, "dash": "dot"}
        ),
        row=2,
        col=1,
    )
    # After the traces: Plotly skips shapes aimed at a subplot that has no trace yet.
    for region in regions:
        for row in (1, 2):
            figure.add_vrect(
                x0=region.start,
                x1=region.end,
                fillcolor=REGION_COLORS[region.kind],
                line_width=0,
                layer="below",
                row=row,
                col=1,
            )
    # The saturation threshold as a dashed line on the slope panel: under it (and above 0) a band turns amber.
    figure.add_hline(y=threshold, line={"color": "#B45309", "width": 1, "dash": "dash"}, row=2, col=1)
    if np.any(slopes < 0):
        figure.add_hline(y=-threshold, line={"color": "#B45309", "width": 1, "dash": "dash"}, row=2, col=1)
    x_low, x_high = float(x_values[0]), float(x_values[-1])
    if x_low <= x_point <= x_high:
        figure.add_trace(
            go.Scatter(
                x=[x_point],
                y=[value_at_point],
                mode="markers",
                name=t("act.focus.point"),
                marker={"size": 13, "color": "#111827", "symbol": "circle"},
                legendgroup="point",
            ),
            row=1,
            col=1,
        )
        # The tangent line at x: its slope is the autodiff derivative.
        half_width = 0.12 * (x_high - x_low)
        tangent_x = np.array([x_point - half_width, x_point + half_width])
        figure.add_trace(
            go.Scatter(
                x=tangent_x,
                y=value_at_point + slope_at_point * (tangent_x - x_point),
                mode="lines",
                name=t("act.focus.tangent"),
                line={"color": "#111827", "width": 2, "dash": "dash"},
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                x=[x_point],
                y=[slope_at_point],
                mode="markers",
                name=t("act.focus.point"),
                showlegend=False,
                marker={"size": 13, "color": "#111827"},
                legendgroup="point",
            ),
            row=2,
            col=1,
        )
    # Legend entries for the bands (shapes have none of their own).
    for kind, label in (("dead", t("act.focus.legend.dead")), ("saturating", t("act.focus.legend.saturating"))):
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=label,
                marker={"symbol": "square", "size": 16, "color": REGION_LEGEND_COLORS[kind]},
            ),
            row=1,
            col=1,
        )
    figure.update_xaxes(range=[x_low, x_high], zeroline=True, zerolinecolor=AXIS_GREY)
    figure.update_xaxes(title_text=t("act.axis.x"), row=2, col=1)
    figure.update_yaxes(title_text=t("act.axis.fx"), row=1, col=1, zeroline=True, zerolinecolor=AXIS_GREY)
    figure.update_yaxes(title_text=t("act.axis.dfx"), row=2, col=1, zeroline=True, zerolinecolor=AXIS_GREY)
    # Headroom above the function so that the tangent and the marker stay inside the panel.
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.08 * max(high - low, 1e-6)
    figure.update_yaxes(range=[low - pad, high + pad], row=1, col=1)
    return apply_layout(
        figure,
        height=580,
        margin={**MARGIN, "t": 100},
        legend={**LEGEND_ABOVE_LEFT, "y": 1.07},
        hovermode="x unified",
        white=True,
    )


def softmax_figure(
    labels: Sequence[str], probabilities: np.ndarray, reference: np.ndarray, *, temperature: float
) -> go.Figure:
    """Probabilities at the chosen temperature as bars, beside the plain softmax (T = 1) in light grey."""
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=reference,
            name=t("act.softmax.bars.reference"),
            marker_color="#D1D5DB",
            hovertemplate="%{y:.4f}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=list(labels),
            y=probabilities,
            name=t("act.softmax.bars.current", temperature=f"{temperature:g}"),
            marker_color="#4F46E5",
            text=[f"{p:.1%}" for p in probabilities],
            textposition="outside",
            hovertemplate="%{y:.4f}<extra></extra>",
        )
    )
    figure.update_layout(barmode="group", bargap=0.25)
    figure.update_yaxes(title_text=t("act.softmax.axis.probability"), range=[0, 1.12], tickformat=".0%")
    figure.update_xaxes(title_text=t("act.softmax.axis.logit"))
    figure = apply_layout(
        figure, height=420, margin=MARGIN, legend=LEGEND_ABOVE_LEFT, hovermode="x unified", white=True
    )
    figure.update_layout(hovermode="closest")
    return figure


def temperature_sweep_figure(
    labels: Sequence[str], temperatures: np.ndarray, probability_rows: np.ndarray, *, temperature: float
) -> go.Figure:
    """How each probability moves as the temperature goes from 0.1 (argmax) to 10 (uniform), log scale."""
    figure = go.Figure()
    palette = list(ACTIVATION_COLORS.values())
    for index, label in enumerate(labels):
        figure.add_trace(
            go.Scatter(
                x=temperatures,
                y=probability_rows[:, index],
                mode="lines",
                name=label,
                line={"width": 2.5, "color": palette[index % len(palette)]},
                hovertemplate="%{y:.3f}",
            )
        )
    uniform = 1.0 / len(labels)
    figure.add_hline(
        y=uniform,
        line={"color": "#6B7280", "dash": "dot", "width": 1},
        annotation_text=t("act.softmax.sweep.uniform", value=f"{uniform:.3f}"),
        annotation_position="top left",
    )
    figure.add_vline(x=temperature, line={"color": "#111827", "dash": "dash", "width": 1.5})
    figure.update_xaxes(type="log", title_text=t("act.softmax.axis.temperature"))
    figure.update_yaxes(title_text=t("act.softmax.axis.probability"), range=[0, 1.02], tickformat=".0%")
    return apply_layout(figure, height=420, margin=MARGIN, legend=LEGEND_ABOVE_LEFT, hovermode="x unified", white=True)


def _weight_style(weight: float, largest: float) -> tuple[float, str]:
    width = 1.0 + 9.0 * min(abs(weight) / largest, 1.0)
    if weight > 0:
        return width, POSITIVE_WEIGHT_COLOR
    if weight < 0:
        return width, NEGATIVE_WEIGHT_COLOR
    return 1.0, ZERO_WEIGHT_COLOR


def neuron_diagram_figure(
    inputs: Sequence[float],
    weights: Sequence[float],
    bias: float,
    *,
    weighted_sum: float,
    activation: float,
    activation_id: str,
    largest_weight: float = 3.0,
) -> go.Figure:
    """Inputs -> weighted edges -> Σ (z) -> f (a) -> output. Edge width shows |w|, colour its sign."""
    names = activation_names()
    count = len(inputs)
    input_ys = np.linspace(1.0, -1.0, count) if count > 1 else np.array([0.0])
    sum_xy = (2.4, 0.0)
    activation_xy = (4.0, 0.0)
    output_xy = (5.5, 0.0)
    bias_xy = (1.3, 1.45)
    figure = go.Figure()

    def edge(start, end, weight, label, label_at=0.42):
        width, color = _weight_style(weight, largest_weight)
        figure.add_trace(
            go.Scatter(
                x=[start[0], end[0]],
                y=[start[1], end[1]],
                mode="lines",
                line={"width": width, "color": color},
                hoverinfo="skip",
                showlegend=False,
            )
        )
        figure.add_annotation(
            x=start[0] + label_at * (end[0] - start[0]),
            y=start[1] + label_at * (end[1] - start[1]),
            text=label,
            showarrow=False,
            font={"size": 14, "color": color},
            bgcolor="rgba(255,255,255,0.9)",
        )

    for index, weight in enumerate(weights):
        edge((0.0, input_ys[index]), sum_xy, weight, f"w<sub>{index + 1}</sub> = {weight:.2f}")
    edge(bias_xy, sum_xy, bias, f"b = {bias:.2f}", label_at=0.5)
    for start, end in ((sum_xy, activation_xy), (activation_xy, output_xy)):
        figure.add_annotation(
            x=end[0] - 0.42,
            y=end[1],
            ax=start[0] + 0.42,
            ay=start[1],
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.2,
            arrowwidth=2,
            arrowcolor="#374151",
            text="",
        )

    node_x = [0.0] * count + [sum_xy[0], activation_xy[0], output_xy[0], bias_xy[0]]
    node_y = list(input_ys) + [sum_xy[1], activation_xy[1], output_xy[1], bias_xy[1]]
    node_text = [f"x<sub>{index + 1}</sub>" for index in range(count)] + ["Σ", "f", "ŷ", "1"]
    node_colors = ["#EEF2FF"] * count + ["#FEF3C7", "#DCFCE7", "#F3F4F6", "#F9FAFB"]
    node_sizes = [58] * count + [58, 58, 58, 30]
    figure.add_trace(
        go.Scatter(
            x=node_x,
            y=node_y,
            mode="markers+text",
            text=node_text,
            textfont={"size": 20, "color": "#111827"},
            marker={"size": node_sizes, "color": node_colors, "line": {"width": 2, "color": "#374151"}},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for index, x_value in enumerate(inputs):
        figure.add_annotation(
            x=-0.45, y=input_ys[index], text=f"{x_value:.2f}", showarrow=False, xanchor="right", font={"size": 15}
        )
    captions = (
        (sum_xy, t("act.neuron.diagram.sum", z=f"{weighted_sum:.3f}")),
        (activation_xy, t("act.neuron.diagram.activation", name=names[activation_id], a=f"{activation:.3f}")),
        (output_xy, t("act.neuron.diagram.output", a=f"{activation:.3f}")),
    )
    for (x_position, y_position), text in captions:
        figure.add_annotation(
            x=x_position, y=y_position - 0.5, text=text, showarrow=False, font={"size": 14}, yanchor="top"
        )
    figure.add_annotation(
        x=bias_xy[0] - 0.25,
        y=bias_xy[1],
        text=t("act.neuron.diagram.bias"),
        showarrow=False,
        xanchor="right",
        font={"size": 14},
    )
    figure.update_xaxes(visible=False, range=[-1.2, 6.3])
    figure.update_yaxes(visible=False, range=[-1.55, 1.85])
    return apply_layout(figure, height=380, hovermode=False, white=True)


def operating_point_figure(
    z_values: np.ndarray,
    curve: np.ndarray,
    *,
    activation_id: str,
    weighted_sum: float,
    activation: float,
    slope: float,
) -> go.Figure:
    """f(z) with the neuron's operating point (z, a) and the tangent whose slope backpropagation uses."""
    names = activation_names()
    color = ACTIVATION_COLORS[activation_id]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(x=z_values, y=curve, mode="lines", name=names[activation_id], line={"color": color, "width": 3})
    )
    half_width = 0.1 * float(z_values[-1] - z_values[0])
    tangent_z = np.array([weighted_sum - half_width, weighted_sum + half_width])
    figure.add_trace(
        go.Scatter(
            x=tangent_z,
            y=activation + slope * (tangent_z - weighted_sum),
            mode="lines",
            name=t("act.neuron.tangent", slope=f"{slope:.3f}"),
            line={"color": "#111827", "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[weighted_sum],
            y=[activation],
            mode="markers",
            name=t("act.neuron.point", z=f"{weighted_sum:.3f}", a=f"{activation:.3f}"),
            marker={"size": 14, "color": "#111827"},
        )
    )
    low, high = float(np.min(curve)), float(np.max(curve))
    pad = 0.1 * max(high - low, 1e-6)
    figure.update_yaxes(
        title_text=t("act.neuron.axis.a"), range=[low - pad, high + pad], zeroline=True, zerolinecolor=AXIS_GREY
    )
    figure.update_xaxes(
        title_text=t("act.neuron.axis.z"),
        range=[float(z_values[0]), float(z_values[-1])],
        zeroline=True,
        zerolinecolor=AXIS_GREY,
    )
    figure = apply_layout(
        figure, height=400, margin={**MARGIN, "t": 20}, legend=LEGEND_ABOVE_LEFT, hovermode="x unified", white=True
    )
    # Below the axis: this chart sits in a narrow column, where a legend on top would wrap over the plot.
    figure.update_layout(
        hovermode="closest", margin={"b": 120}, legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0}
    )
    return figure


def decision_figure(
    x1_values: np.ndarray,
    x2_values: np.ndarray,
    outputs: np.ndarray,
    *,
    weights: Sequence[float],
    bias: float,
    point: tuple[float, float],
    offset: float = 0.0,
) -> go.Figure:
    """a = f(w·x + b) over the (x1, x2) plane as a heatmap, with the line w·x + b = 0 and the current input.

    ``offset`` is w3·x3 when a third input is held fixed, so the line is w1 x1 + w2 x2 + (b + w3 x3) = 0.
    """
    figure = go.Figure(
        go.Heatmap(
            x=x1_values,
            y=x2_values,
            z=outputs,
            colorscale="Viridis",
            colorbar={"title": {"text": t("act.neuron.decision.colorbar")}, "thickness": 14},
            hovertemplate="x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>a=%{z:.3f}<extra></extra>",
        )
    )
    w1, w2 = float(weights[0]), float(weights[1])
    constant = bias + offset
    low, high = float(x1_values[0]), float(x1_values[-1])
    line_x: np.ndarray | None = None
    if abs(w2) > 1e-9:
        line_x = np.linspace(low, high, 2)
        line_y = -(w1 * line_x + constant) / w2
    elif abs(w1) > 1e-9:
        line_x = np.full(2, -constant / w1)
        line_y = np.array([float(x2_values[0]), float(x2_values[-1])])
    if line_x is not None:
        figure.add_trace(
            go.Scatter(
                x=line_x,
                y=line_y,
                mode="lines",
                name=t("act.neuron.decision.line"),
                line={"color": "#F43F5E", "width": 3, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[point[0]],
            y=[point[1]],
            mode="markers",
            name=t("act.neuron.decision.point"),
            marker={"size": 15, "color": "white", "line": {"width": 1.5, "color": "#111827"}, "symbol": "x"},
        )
    )
    figure.update_xaxes(title_text=t("act.neuron.axis.x1"), range=[low, high], constrain="domain")
    figure.update_yaxes(
        title_text=t("act.neuron.axis.x2"),
        range=[float(x2_values[0]), float(x2_values[-1])],
        scaleanchor="x",
        scaleratio=1,
        constrain="domain",
    )
    figure = apply_layout(
        figure, height=460, margin=MARGIN, legend=LEGEND_ABOVE_LEFT, hovermode="x unified", white=True
    )
    figure.update_layout(hovermode="closest")
    return figure
