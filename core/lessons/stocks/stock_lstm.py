"""The task ``"stock_lstm"``: next-day closing prices with an LSTM, beside the baselines on the same test days.

The prices come from a ticker (:func:`core.data.prices.load_stock_prices`) or a visitor's upload; the split and the
scaling are :mod:`core.lessons.stocks.windows`'s. The LSTM is built-in Keras layers only, the training windows'
standardisation baked in as ``Rescaling`` layers: the stored model reads relative windows (or returns) and returns
the relative move (or the return), and :func:`~core.lessons.stocks.windows.predict_next` turns that into a price.
The evaluation puts the LSTM and the baselines (:mod:`core.lessons.stocks.baselines`) in one table, in prices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from core.data import uploads
from core.data.prices import TICKER_PATTERN
from core.lessons.stocks.baselines import baseline_forecasts, forecast_metrics
from core.lessons.stocks.windows import (
    DEFAULT_TRAIN_FRACTION,
    DEFAULT_WINDOW,
    MODES,
    SCALINGS,
    ForecastSplit,
    predict_next,
    prepare_split,
    to_prices,
)
from core.training import blocks
from core.training.config import TrainConfig, check_fraction, check_integer
from core.training.task import Task, TaskData

if TYPE_CHECKING:
    import pandas as pd

TASK_NAME = "stock_lstm"
#: How a window is scaled before the LSTM sees it (:data:`~core.lessons.stocks.windows.SCALINGS`). "window": in
#: prices mode, each window relative to its own last close, then standardised with the training windows' statistics
#: (returns need no per-window division). "raw": the closes as they are, the course's listing. The param is part of
#: every config's key, so models stored when prices were standardised as a whole (no such param) are never served
#: with this meaning.
MIN_WINDOW, MAX_WINDOW = 2, 60
MAX_UNITS = 256
MAX_LSTM_LAYERS = 3
MAX_DROPOUT = 0.5
MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION = 0.5, 0.9


def _is_upload(config: TrainConfig) -> bool:
    return uploads.is_upload_id(config.dataset)


def load_prices(config: TrainConfig) -> tuple[pd.DataFrame, str, bool]:
    """The config's price frame (Close, maybe OHLC), its one-line description and whether it was downloaded."""
    if _is_upload(config):
        frame = uploads.get_upload(config.dataset)
        label = uploads.upload_label(config.dataset) or "your file"
        span = f"{len(frame):,} days, {frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}"
        return frame, f"Uploaded prices ({label}): {span}.", False
    from core.data.prices import load_stock_prices

    series = load_stock_prices(config.param("ticker"), prefer_download=config.full_data)
    return series.frame, series.provenance.description, series.provenance.online


@dataclass(frozen=True)
class ForecastTaskData(TaskData):
    """TaskData with the split itself beside the arrays: ``extras`` must stay JSON (it is stored with the model)."""

    split: ForecastSplit | None = None


def _load_forecast_data(config: TrainConfig) -> ForecastTaskData:
    frame, description, online = load_prices(config)
    split = prepare_split(
        frame["Close"].to_numpy(dtype=np.float64),
        frame.index,
        config.param("window"),
        config.param("train_fraction"),
        config.param("mode"),
        config.param("scaling"),
    )
    # Validation: the last windows of the training period, in time order (never shuffled across time).
    n_windows = len(split.x_train)
    n_validation = int(round(n_windows * config.validation_split))
    n_fit = n_windows - n_validation
    train_inputs, train_targets = split.network_train()
    test_inputs, test_targets = split.network_test()

    def as_inputs(windows: np.ndarray) -> np.ndarray:
        return windows.astype(np.float32)[:, :, None]  # (samples, time steps, 1 feature)

    def as_targets(values: np.ndarray) -> np.ndarray:
        return split.scale(values).astype(np.float32)

    return ForecastTaskData(
        x_train=as_inputs(train_inputs[:n_fit]),
        y_train=as_targets(train_targets[:n_fit]),
        x_validation=as_inputs(train_inputs[n_fit:]) if n_validation else None,
        y_validation=as_targets(train_targets[n_fit:]) if n_validation else None,
        x_test=as_inputs(test_inputs),
        y_test=test_targets.astype(np.float32),  # relative moves (or returns): evaluated after finalize
        input_shape=(split.window, 1),
        class_names=(),
        description=description,
        online=online,
        extras={
            "mode": split.mode,
            "scaling": config.param("scaling"),
            "window": split.window,
            "input_mean": split.input_mean,
            "input_std": split.input_std,
            "mean": split.mean,
            "std": split.std,
            "train_days": int(split.split_day),
            "test_days": int(len(split.test_days)),
        },
        split=split,
    )


def _build_lstm(config: TrainConfig, data: TaskData):
    import keras
    from keras import layers

    split: ForecastSplit = data.split
    n_layers, units, dropout = config.param("layers"), config.param("units"), config.param("dropout")
    seeds = blocks.layer_seeds(config.seed, 2 * n_layers + 1)
    model_layers: list[Any] = [
        keras.Input(shape=data.input_shape, name="last_days"),
        # The training windows' statistics, inside the model: the stored model reads relative windows (or returns).
        layers.Rescaling(scale=1.0 / split.input_std, offset=-split.input_mean / split.input_std, name="standardise"),
    ]
    for number in range(1, n_layers + 1):
        model_layers.append(
            layers.LSTM(
                units,
                return_sequences=number < n_layers,
                seed=seeds[2 * number - 2],
                name=f"lstm_{number}",
                kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[2 * number - 2]),
            )
        )
        if dropout > 0:
            model_layers.append(layers.Dropout(dropout, seed=seeds[2 * number - 1], name=f"dropout_{number}"))
    model_layers.append(
        layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[-1]), name="next_day")
    )
    model = keras.Sequential(model_layers, name="stock_lstm")
    model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse", metrics=["mae"])
    return model


def _in_model_units(model, data: TaskData):
    """The model to keep: the trained network followed by the inverse of the target's standardisation, so it
    returns the relative move (or the return); :func:`predict_next` turns that into a price."""
    import keras
    from keras import layers

    split: ForecastSplit = data.split
    inputs = keras.Input(shape=data.input_shape, name="last_days")
    outputs = layers.Rescaling(scale=split.std, offset=split.mean, name="to_model_units")(model(inputs))
    return keras.Model(inputs, outputs, name="stock_lstm_in_model_units")


def _rounded(values: np.ndarray, digits: int = 6) -> list[float]:
    return [float(value) for value in np.round(np.asarray(values, dtype=np.float64), digits)]


def _evaluate(model, data: TaskData) -> dict[str, Any]:
    split: ForecastSplit = data.split
    lstm_prices = to_prices(
        predict_next(model, split.x_test, split.mode, split.scaling), split.test_previous_prices, split.mode
    )
    forecasts = {"lstm": lstm_prices} | baseline_forecasts(split)
    table = {
        name: forecast_metrics(split.test_prices, values, split.test_previous_prices)
        for name, values in forecasts.items()
    }
    ratio = table["lstm"]["rmse"] / table["persistence"]["rmse"] if table["persistence"]["rmse"] > 0 else math.inf
    days = split.test_days
    return {
        "rmse": table["lstm"]["rmse"],
        "mae": table["lstm"]["mae"],
        "table": table,
        "rmse_ratio": float(ratio),
        "beat_persistence": bool(table["lstm"]["rmse"] < table["persistence"]["rmse"]),
        "mode": split.mode,
        "scaling": split.scaling,
        "window": split.window,
        "n_train": int(len(split.x_train)),
        "n_test": int(len(days)),
        "train_start": f"{split.dates[0]:%Y-%m-%d}",
        "test_start": f"{split.dates[days[0]]:%Y-%m-%d}",
        "test_end": f"{split.dates[-1]:%Y-%m-%d}",
        "test_dates": [f"{date:%Y-%m-%d}" for date in split.dates[days]],
        "actual": _rounded(split.test_prices),
        "predictions": {name: _rounded(values) for name, values in forecasts.items()},
        # One-step errors on the test days as log(actual / predicted price), the same units in both modes: the
        # future band resamples them.
        "residuals": _rounded(np.log(split.test_prices / np.maximum(lstm_prices, 1e-9)), 8),
        # Prices above anything the training period saw: the page explains why relative windows still work there.
        "train_max_price": float(split.prices[: split.split_day].max()),
        "test_max_price": float(split.test_prices.max()),
        "history_units": "standardised target (z-scores of the training windows' relative moves or returns)",
    }


def _validate(config: TrainConfig) -> None:
    if config.architecture:
        raise ValueError(
            "The stock_lstm task sets its layers with params (units, layers, dropout): leave architecture empty."
        )
    params = config.params_dict
    ticker = params["ticker"]
    if _is_upload(config):
        if ticker:
            raise ValueError("An uploaded file has no ticker: set ticker to ''.")
    elif not isinstance(ticker, str) or not TICKER_PATTERN.match(ticker):
        raise ValueError(f"A ticker is a short upper-case stock symbol such as AAPL or MSFT, got {ticker!r}.")
    check_integer("window", params["window"], MIN_WINDOW, MAX_WINDOW)
    check_integer("units", params["units"], 1, MAX_UNITS)
    check_integer("layers", params["layers"], 1, MAX_LSTM_LAYERS)
    check_fraction("dropout", params["dropout"], 0.0, MAX_DROPOUT)
    check_fraction("train_fraction", params["train_fraction"], MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION)
    if params["mode"] not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {params['mode']!r}.")
    if params["scaling"] not in SCALINGS:
        raise ValueError(f"scaling must be one of {', '.join(SCALINGS)}, got {params['scaling']!r}.")
    if params["scaling"] == "raw" and params["mode"] != "prices":
        raise ValueError("scaling 'raw' is for prices: returns are always standardised.")


PARAM_DEFAULTS = {
    "ticker": "AAPL",
    "window": DEFAULT_WINDOW,
    "units": 32,
    "layers": 1,
    "dropout": 0.2,
    "mode": "prices",
    "train_fraction": DEFAULT_TRAIN_FRACTION,
    "scaling": "window",
}

STOCK_LSTM_TASK = Task(
    name=TASK_NAME,
    kind="forecast",
    datasets=("stocks",),
    default_dataset="stocks",
    defaults={
        "architecture": (),
        "optimizer": "adam",
        "learning_rate": 0.001,
        "batch_size": 32,
        "epochs": 20,
        "validation_split": 0.1,
    },
    options=frozenset(),
    param_defaults=PARAM_DEFAULTS,
    accepts_uploads=True,
    online_dataset=lambda config: None if _is_upload(config) else "stocks",
    load_data=_load_forecast_data,
    build_model=_build_lstm,
    finalize=_in_model_units,
    evaluate=_evaluate,
    validate=_validate,
    description="Next-day closing prices with an LSTM, compared with persistence, a moving average and a "
    "linear model on the same test days.",
)


#: The course's project 3 (PyTorch), as this task's settings: windows of 10 closes predicting the next, the first
#: 67 % of the days for training, one LSTM layer of 32 units with no dropout, the closes fed as they are, MSE, Adam at
#: 0.001, batch 64 (shuffled), 10 epochs, no validation rows (the course reports only the test loss).
COURSE_PARAMS = {
    "window": 10,
    "train_fraction": 0.67,
    "mode": "prices",
    "scaling": "raw",
    "units": 32,
    "layers": 1,
    "dropout": 0.0,
}
COURSE_FIELDS = {"epochs": 10, "batch_size": 64, "validation_split": 0.0, "optimizer": "adam", "learning_rate": 0.001}


def course_config(ticker: str = "AAPL", **changes: Any) -> TrainConfig:
    """The course's settings on a ticker's prices (:data:`COURSE_PARAMS`, :data:`COURSE_FIELDS`)."""
    return stock_config(ticker, **(COURSE_PARAMS | COURSE_FIELDS | changes))


def get_task() -> Task:
    return STOCK_LSTM_TASK


def get_task_defaults() -> dict[str, Any]:
    """The TrainConfig defaults of the task (epochs, batch size, ...)."""
    return dict(get_task().defaults)


def stock_config(ticker: str = "AAPL", **params: Any) -> TrainConfig:
    """The default config for a ticker, with some params changed (``stock_config("MSFT", mode="returns")``);
    TrainConfig fields such as ``epochs`` may be given too."""
    fields = {name: params.pop(name) for name in list(params) if name not in PARAM_DEFAULTS}
    return TrainConfig(task=TASK_NAME, params={"ticker": ticker, **params}, **fields)


def upload_config(upload_id: str, **params: Any) -> TrainConfig:
    fields = {name: params.pop(name) for name in list(params) if name not in PARAM_DEFAULTS}
    return TrainConfig(task=TASK_NAME, dataset=upload_id, params={**params, "ticker": ""}, **fields)


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [stock_config("AAPL")]
