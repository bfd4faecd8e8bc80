"""Plotly figures of the stocks page: the price history (a candlestick when the data has open/high/low), the test
period's one-step predictions against the real prices, and the forecast into the future with its band.

Builders take numbers already computed (``core.lessons.stocks`` and the engine's test metrics) and only lay them out;
visible text comes from the catalog (``t``), so a figure speaks the session's language. Every time axis has a range
selector (1 month ... all) and a range slider, so a learner can zoom into a week of errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.theme import AMBER, GREEN, GREY, INDIGO, INK, LEGEND_ABOVE_RIGHT, RED, apply_layout
from dashboard.i18n import t

ACTUAL_COLOR = INK
MODEL_COLORS = {
    "lstm": INDIGO,
    "persistence": GREY,
    "moving_average": AMBER,
    "linear": GREEN,
}
FORECAST_COLOR = RED
BAND_COLOR = "rgba(220, 38, 38, 0.18)"
TRAIN_SHADE = "rgba(79, 70, 229, 0.06)"


def model_names() -> dict[str, str]:
    from core.lessons.stocks.baselines import MODEL_NAMES

    return {model: t(f"stocks.model.{model}") for model in MODEL_NAMES}


def _range_selector() -> dict:
    return {
        "buttons": [
            {"count": 1, "label": t("stocks.range.1m"), "step": "month", "stepmode": "backward"},
            {"count": 6, "label": t("stocks.range.6m"), "step": "month", "stepmode": "backward"},
            {"count": 1, "label": t("stocks.range.1y"), "step": "year", "stepmode": "backward"},
            {"count": 5, "label": t("stocks.range.5y"), "step": "year", "stepmode": "backward"},
            {"step": "all", "label": t("stocks.range.all")},
        ],
        "y": 1.0,
        "yanchor": "bottom",
        "x": 0.0,
    }


def _time_axis(figure: go.Figure, slider: bool = True) -> go.Figure:
    figure.update_xaxes(
        rangeselector=_range_selector(), rangeslider={"visible": slider, "thickness": 0.06}, type="date"
    )
    figure.update_yaxes(title_text=t("stocks.axis.price"), fixedrange=False)
    return figure


def history_figure(frame, name: str, split_date=None, *, height: int = 460) -> go.Figure:
    """The whole history: a candlestick when Open/High/Low are there, else a line of the closes. The training
    period is shaded up to ``split_date``."""
    figure = go.Figure()
    if all(column in frame.columns for column in ("Open", "High", "Low", "Close")):
        figure.add_trace(
            go.Candlestick(
                x=frame.index,
                open=frame["Open"],
                high=frame["High"],
                low=frame["Low"],
                close=frame["Close"],
                name=name,
                increasing_line_color="#059669",
                decreasing_line_color="#DC2626",
            )
        )
    else:
        figure.add_trace(
            go.Scatter(
                x=frame.index, y=frame["Close"], mode="lines", name=name, line={"color": ACTUAL_COLOR, "width": 1.5}
            )
        )
    if split_date is not None and len(frame):
        figure.add_vrect(
            x0=frame.index[0],
            x1=split_date,
            fillcolor=TRAIN_SHADE,
            line_width=0,
            layer="below",
            annotation_text=t("stocks.history.train_period"),
            annotation_position="top left",
        )
        figure.add_vline(x=split_date, line={"color": "#6B7280", "dash": "dot"})
    _time_axis(figure)
    return apply_layout(figure, height=height, margin={"t": 60}, legend=LEGEND_ABOVE_RIGHT, showlegend=False)


def predictions_figure(
    dates: Sequence[str],
    actual: Sequence[float],
    predictions: Mapping[str, Sequence[float]],
    shown: Sequence[str] = ("lstm", "persistence"),
    *,
    height: int = 480,
) -> go.Figure:
    """The real prices of the test period and each chosen model's one-step-ahead predictions."""
    names = model_names()
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=list(dates),
            y=list(actual),
            mode="lines",
            name=t("stocks.model.actual"),
            line={"color": ACTUAL_COLOR, "width": 2},
        )
    )
    for model in shown:
        if model not in predictions:
            continue
        figure.add_trace(
            go.Scatter(
                x=list(dates),
                y=list(predictions[model]),
                mode="lines",
                name=names[model],
                line={
                    "color": MODEL_COLORS[model],
                    "width": 2 if model == "lstm" else 1.3,
                    "dash": "solid" if model == "lstm" else "dot",
                },
            )
        )
    _time_axis(figure)
    return apply_layout(figure, height=height, margin={"t": 70}, legend=LEGEND_ABOVE_RIGHT, showlegend=True)


def forecast_figure(history_dates, history_prices, forecast, *, height: int = 440) -> go.Figure:
    """The last days of history, the central forecast (dashed) and its band, which widens with the horizon."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=list(history_dates),
            y=list(history_prices),
            mode="lines",
            name=t("stocks.model.actual"),
            line={"color": ACTUAL_COLOR, "width": 2},
        )
    )
    # Every forecast trace starts at the last real price, so the band visibly opens from one point.
    last_date, last_price = list(history_dates)[-1], float(list(history_prices)[-1])
    dates = [last_date, *list(forecast.dates)]
    low, high = forecast.quantiles
    band_name = t("stocks.forecast.band", low=f"{low:.0%}", high=f"{high:.0%}")
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=[last_price, *np.asarray(forecast.upper).tolist()],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=[last_price, *np.asarray(forecast.lower).tolist()],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_COLOR,
            name=band_name,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=[last_price, *np.asarray(forecast.central).tolist()],
            mode="lines+markers",
            name=t("stocks.forecast.central"),
            line={"color": FORECAST_COLOR, "width": 2, "dash": "dash"},
            marker={"size": 4},
        )
    )
    _time_axis(figure, slider=False)
    return apply_layout(figure, height=height, margin={"t": 70}, legend=LEGEND_ABOVE_RIGHT, showlegend=True)
