"""The baselines every LSTM forecast stands beside, and the metrics of all four models on the same test days.

Persistence (tomorrow is today), the moving average of the same window, and a linear regression on the same raw
window (scikit-learn); RMSE, MAE, MAPE and directional accuracy, always in prices.
"""

from __future__ import annotations

import numpy as np

from core.lessons.stocks.windows import ForecastSplit, to_prices

#: The rows of the comparison table: the LSTM and its three baselines.
MODEL_NAMES = ("lstm", "persistence", "moving_average", "linear")

#: Where the LSTM's RMSE stands against persistence's (:func:`versus_persistence`).
STANDINGS = ("below", "near", "above")

#: Within this share of persistence's RMSE (a ratio from 0.99 to 1.01) the LSTM counts as level with it.
LEVEL_MARGIN = 0.01


def versus_persistence(rmse_ratio: float, margin: float = LEVEL_MARGIN) -> str:
    """Where the LSTM stands against persistence, from ``rmse_ratio`` = the LSTM's RMSE / persistence's:
    "below" (a smaller error than tomorrow = today by more than ``margin``), "near" (within it) or "above"."""
    if rmse_ratio < 1.0 - margin:
        return "below"
    if rmse_ratio <= 1.0 + margin:
        return "near"
    return "above"


def persistence_forecast(split: ForecastSplit) -> np.ndarray:
    """Tomorrow's price is today's: the baseline every price model must beat."""
    return split.test_previous_prices.copy()


def moving_average_forecast(split: ForecastSplit) -> np.ndarray:
    """Tomorrow's price is the mean of the last ``window`` prices (the same window the models see)."""
    from numpy.lib.stride_tricks import sliding_window_view

    days = split.test_days
    windows = sliding_window_view(split.prices, split.window)  # windows[i] = prices[i : i + window]
    return windows[days - split.window].mean(axis=1)


def linear_forecast(split: ForecastSplit) -> np.ndarray:
    """A linear regression on the same window, fitted on the training windows (scikit-learn), in prices."""
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit(split.x_train, split.y_train)
    return to_prices(model.predict(split.x_test), split.test_previous_prices, split.mode)


def directional_accuracy(actual: np.ndarray, predicted: np.ndarray, previous: np.ndarray) -> float | None:
    """How often the predicted move (up or down from the previous price) has the sign of the real move, over the
    days the price moved. None for a forecast that never predicts a move (persistence)."""
    actual_move = np.sign(np.asarray(actual) - np.asarray(previous))
    predicted_move = np.sign(np.asarray(predicted) - np.asarray(previous))
    moved = actual_move != 0
    if not moved.any() or not np.any(predicted_move[moved] != 0):
        return None
    return float(np.mean(predicted_move[moved] == actual_move[moved]))


def forecast_metrics(actual: np.ndarray, predicted: np.ndarray, previous: np.ndarray) -> dict[str, float | None]:
    """RMSE, MAE, MAPE (in %) and directional accuracy of one forecast, in prices."""
    from sklearn.metrics import mean_absolute_error, mean_absolute_percentage_error, root_mean_squared_error

    return {
        "rmse": float(root_mean_squared_error(actual, predicted)),
        "mae": float(mean_absolute_error(actual, predicted)),
        "mape": float(mean_absolute_percentage_error(actual, predicted) * 100.0),
        "directional_accuracy": directional_accuracy(actual, predicted, previous),
    }


def baseline_forecasts(split: ForecastSplit) -> dict[str, np.ndarray]:
    return {
        "persistence": persistence_forecast(split),
        "moving_average": moving_average_forecast(split),
        "linear": linear_forecast(split),
    }


def comparison(split: ForecastSplit, lstm_prices: np.ndarray | None = None) -> dict[str, dict[str, float | None]]:
    """The metrics table: every model on the same test days, in prices."""
    forecasts = ({"lstm": np.asarray(lstm_prices)} if lstm_prices is not None else {}) | baseline_forecasts(split)
    return {
        name: forecast_metrics(split.test_prices, values, split.test_previous_prices)
        for name, values in forecasts.items()
    }
