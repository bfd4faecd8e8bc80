"""Stock forecasting, judged honestly: an LSTM on daily closing prices against simple baselines on the same days.

The page ``/stocks`` trains the task ``stock_lstm`` through the engine. Everything that decides what the learner
sees is here, without Streamlit:

1. **Data.** :func:`core.data.prices.load_stock_prices` (yfinance online, bokeh-sampledata's AAPL/GOOG/IBM/MSFT
   offline), or a visitor's CSV, read and cleaned by :mod:`core.data.price_csv` (repairs listed, the rest refused
   with a :class:`~core.data.price_csv.PriceDataError`); :func:`check_enough_prices` refuses a series too short
   for the chosen window.
2. **Windows and the split.** The course's setup: the last ``window`` (10) values predict the next one; the first
   67% of the *time* is for training, the rest for testing (never shuffled across the boundary). In ``"prices"``
   mode every window is made scale-free before the LSTM sees it: divided by its own last close, minus one
   (:func:`network_inputs`), and the target likewise (:func:`network_targets`), so the network learns *relative*
   moves. Raw prices would not do: AAPL's test-period prices are several times anything in its training period, and
   a network on prices standardised with the training period's statistics flattens out far below them. The
   standardisation of those relative values is fitted on the training windows only (:func:`prepare_split`), so
   nothing from the test period leaks into training.
3. **Models.** The LSTM (built-in Keras layers only, the standardisation baked in as ``Rescaling`` layers, so the
   stored model reads relative windows and returns the relative move; :func:`predict_next` does the per-window
   division before calling it and the multiplication back into prices after, for every caller), and three
   baselines on the same test days: the last value (persistence), the moving average of the same window, and a
   linear regression on the same (raw) window (scikit-learn).
4. **Metrics.** RMSE, MAE, MAPE (scikit-learn) and directional accuracy, always in prices, for all four models.
   ``mode="returns"`` models daily log returns instead of prices; predictions are turned back into prices, so the
   comparison table is the same.
5. **The future.** :func:`forecast_future` runs the model forward day by day; the band comes from the test period's
   residual quantiles (bootstrapped sums of one-day errors, as log ratios of actual to predicted prices), so it
   widens with the horizon. A teaching demo, not advice.

Importing this module is cheap (numpy only): pandas, scikit-learn and Keras are imported where they are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from core.data import uploads
from core.data.price_csv import CleanPrices, PriceDataError
from core.data.prices import TICKER_PATTERN
from core.training import blocks
from core.training.config import TrainConfig, check_fraction, check_integer
from core.training.task import Task, TaskData

if TYPE_CHECKING:
    import pandas as pd

TASK_NAME = "stock_lstm"
MODES = ("prices", "returns")
#: How a window is scaled before the LSTM sees it. "window": in prices mode, each window relative to its own last
#: close, then standardised with the training windows' statistics (returns need no per-window division). The param
#: is part of every config's key, so models stored when prices were standardised as a whole (no such param) are
#: never served with this meaning.
SCALINGS = ("window",)
MODEL_NAMES = ("lstm", "persistence", "moving_average", "linear")

DEFAULT_WINDOW = 10
DEFAULT_TRAIN_FRACTION = 0.67
MIN_WINDOW, MAX_WINDOW = 2, 60
MAX_UNITS = 256
MAX_LSTM_LAYERS = 3
MAX_DROPOUT = 0.5
MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION = 0.5, 0.9
MIN_TRAIN_WINDOWS = 30  # fewer training examples than this and the LSTM learns nothing worth comparing
MIN_TEST_POINTS = 10
MAX_HORIZON = 120
FORECAST_PATHS = 1000
BAND_QUANTILES = (0.05, 0.95)


# ---------------------------------------------------------------------------------------------------------------
# Enough prices for the windows (reading and cleaning a visitor's CSV is core.data.price_csv's)
# ---------------------------------------------------------------------------------------------------------------


def minimum_rows(window: int, train_fraction: float = DEFAULT_TRAIN_FRACTION) -> int:
    """The fewest prices that give :data:`MIN_TRAIN_WINDOWS` training windows and :data:`MIN_TEST_POINTS` test days
    in both modes (returns need one price more)."""
    rows = window + 2
    while True:
        split = int(round(rows * train_fraction)) - 1  # in the returns series, which is one shorter
        if split - window >= MIN_TRAIN_WINDOWS and rows - 1 - split >= MIN_TEST_POINTS:
            return rows
        rows += 1


def check_enough_prices(
    clean: CleanPrices, window: int = DEFAULT_WINDOW, train_fraction: float = DEFAULT_TRAIN_FRACTION
) -> CleanPrices:
    """``clean`` itself when it has the :func:`minimum_rows` that ``window`` and ``train_fraction`` need; else a
    :class:`~core.data.price_csv.PriceDataError` ("too_few_rows") saying how many are needed and why."""
    needed = minimum_rows(window, train_fraction)
    if len(clean.frame) < needed:
        raise PriceDataError(
            "too_few_rows",
            f"{len(clean.frame):,} usable rows are too few: a window of {window} days needs at least "
            f"{needed} (to train on {MIN_TRAIN_WINDOWS} windows and test on {MIN_TEST_POINTS} days).",
            rows=f"{len(clean.frame):,}",
            needed=needed,
            window=window,
        )
    return clean


# ---------------------------------------------------------------------------------------------------------------
# Windows, the chronological split, the scaling
# ---------------------------------------------------------------------------------------------------------------


def make_windows(values: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every run of ``window`` consecutive values (inputs) and the value right after it (target).

    ``inputs[i] = values[i : i + window]`` and ``targets[i] = values[i + window]``.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    values = np.asarray(values, dtype=np.float64)
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}.")
    if len(values) <= window:
        return np.zeros((0, window)), np.zeros((0,))
    return sliding_window_view(values[:-1], window).copy(), values[window:].copy()


def to_model_space(prices: np.ndarray, mode: str) -> np.ndarray:
    """What the model sees: the prices, or the daily log returns ``log(p[t] / p[t-1])`` (one value fewer)."""
    prices = np.asarray(prices, dtype=np.float64)
    if mode == "prices":
        return prices
    if mode == "returns":
        return np.log(prices[1:] / prices[:-1])
    raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}.")


def to_prices(predicted: np.ndarray, previous_prices: np.ndarray, mode: str) -> np.ndarray:
    """Values of the series back to prices: as they are, or the previous day's price moved by the log return."""
    predicted = np.asarray(predicted, dtype=np.float64)
    return predicted if mode == "prices" else np.asarray(previous_prices, dtype=np.float64) * np.exp(predicted)


def network_inputs(windows: np.ndarray, mode: str) -> np.ndarray:
    """What the LSTM reads for windows of the series (one window a row).

    Prices: each window divided by its own last close, minus one (``0.05`` = 5% above the last close; the last
    value is always 0). Prices climb far beyond anything the training period saw, relative moves stay in the same
    range, so a network trained on them still works when the price has doubled. Returns are scale-free already and
    pass unchanged.
    """
    windows = np.asarray(windows, dtype=np.float64)
    if mode == "prices":
        return windows / windows[:, -1:] - 1.0
    return windows


def network_targets(targets: np.ndarray, windows: np.ndarray, mode: str) -> np.ndarray:
    """The LSTM's target for each window: the next price relative to the window's last close (prices), or the
    next return as it is."""
    targets = np.asarray(targets, dtype=np.float64)
    if mode == "prices":
        return targets / np.asarray(windows, dtype=np.float64)[:, -1] - 1.0
    return targets


def from_network(outputs: np.ndarray, windows: np.ndarray, mode: str) -> np.ndarray:
    """The inverse of :func:`network_targets`: the LSTM's outputs back in the series' values (the price, or the
    return), window by window."""
    outputs = np.asarray(outputs, dtype=np.float64).reshape(-1)
    if mode == "prices":
        return np.asarray(windows, dtype=np.float64)[:, -1] * (1.0 + outputs)
    return outputs


def predict_next(model, windows: np.ndarray, mode: str) -> np.ndarray:
    """The stored LSTM's next value of the series for each window (raw prices or returns, one window a row):
    :func:`network_inputs` before the model, :func:`from_network` after. Every use of the model goes through here
    (the test predictions, the future forecast, the page)."""
    windows = np.atleast_2d(np.asarray(windows, dtype=np.float64))
    inputs = network_inputs(windows, mode).astype(np.float32)[:, :, None]  # (samples, time steps, 1 feature)
    return from_network(blocks.predict_in_chunks(model, inputs), windows, mode)


@dataclass(frozen=True)
class ForecastSplit:
    """The course's setup on one price series, in the series' values (prices or log returns).

    ``series[j]`` is the value of day ``j + offset`` (offset 1 for returns). Training targets are the days before
    ``split_day``; test targets are ``split_day`` onwards. A test window's inputs may reach back into the training
    period (those prices were known on that day); no test value is ever a training input or target.
    ``x_*``/``y_*`` hold raw windows (what the baselines use); the LSTM reads them through :func:`network_inputs`.
    ``input_mean``/``input_std`` standardise the network's inputs and ``mean``/``std`` its targets: all four are
    computed from the training windows only.
    """

    prices: np.ndarray
    dates: pd.DatetimeIndex
    mode: str
    window: int
    series: np.ndarray
    offset: int
    split: int  # index in ``series`` of the first test target
    mean: float
    std: float
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    input_mean: float = 0.0
    input_std: float = 1.0

    @property
    def split_day(self) -> int:
        return self.split + self.offset

    @property
    def test_days(self) -> np.ndarray:
        """Indices into ``prices`` / ``dates`` of the test targets."""
        return np.arange(self.split_day, len(self.prices))

    @property
    def test_previous_prices(self) -> np.ndarray:
        return self.prices[self.test_days - 1]

    @property
    def test_prices(self) -> np.ndarray:
        return self.prices[self.test_days]

    def scale(self, values: np.ndarray) -> np.ndarray:
        """Network targets standardised with the training windows' statistics."""
        return (np.asarray(values, dtype=np.float64) - self.mean) / self.std

    def network_train(self) -> tuple[np.ndarray, np.ndarray]:
        """The training windows as the LSTM reads them and its (unstandardised) targets."""
        return network_inputs(self.x_train, self.mode), network_targets(self.y_train, self.x_train, self.mode)

    def network_test(self) -> tuple[np.ndarray, np.ndarray]:
        return network_inputs(self.x_test, self.mode), network_targets(self.y_test, self.x_test, self.mode)


def prepare_split(
    prices: np.ndarray,
    dates,
    window: int = DEFAULT_WINDOW,
    train_fraction: float = DEFAULT_TRAIN_FRACTION,
    mode: str = "prices",
) -> ForecastSplit:
    """Windows of the first ``train_fraction`` of the days for training, the rest for testing, and the scaling
    statistics of the training windows (as the network reads them: relative to each window's last close in prices
    mode, the returns themselves in returns mode)."""
    import pandas as pd

    prices = np.asarray(prices, dtype=np.float64)
    if len(prices) < minimum_rows(window, train_fraction):
        raise PriceDataError(
            "too_few_rows",
            f"{len(prices):,} prices are too few: a window of {window} days needs at least "
            f"{minimum_rows(window, train_fraction)}.",
            rows=f"{len(prices):,}",
            needed=minimum_rows(window, train_fraction),
            window=window,
        )
    if not np.all(np.isfinite(prices)) or np.any(prices <= 0):
        raise PriceDataError("non_positive", "Prices must be finite and above zero.", count="?", date="?")
    series = to_model_space(prices, mode)
    offset = len(prices) - len(series)
    split = int(round(len(prices) * train_fraction)) - offset
    training_values = series[:split]
    x_train, y_train = make_windows(training_values, window)
    # Test windows: each test day's previous ``window`` values, which may start in the training period.
    x_test, y_test = make_windows(series[split - window :], window)
    # The statistics come from the training windows only: fitted on every window, the test period's moves would
    # leak into the training data's scale.
    if mode == "prices":
        inputs, targets = network_inputs(x_train, mode), network_targets(y_train, x_train, mode)
    else:
        inputs = targets = training_values  # returns: one scale for inputs and targets, as in the course
    input_mean, input_std = float(np.mean(inputs)), float(np.std(inputs)) or 1.0
    mean, std = float(np.mean(targets)), float(np.std(targets)) or 1.0
    return ForecastSplit(
        prices=prices,
        dates=pd.DatetimeIndex(dates),
        mode=mode,
        window=window,
        series=series,
        offset=offset,
        split=split,
        mean=mean,
        std=std,
        x_train=x_train,
        y_train=y_train,
        x_test=x_test,
        y_test=y_test,
        input_mean=input_mean,
        input_std=input_std,
    )


# ---------------------------------------------------------------------------------------------------------------
# Baselines and metrics
# ---------------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------------
# The task
# ---------------------------------------------------------------------------------------------------------------


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
    lstm_prices = to_prices(predict_next(model, split.x_test, split.mode), split.test_previous_prices, split.mode)
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


# ---------------------------------------------------------------------------------------------------------------
# The future: the model run forward, with a band from bootstrapped test residuals
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FutureForecast:
    """``dates`` (business days after the last price), the central forecast (the model fed its own predictions)
    and the band's ``lower``/``upper`` prices (``BAND_QUANTILES`` of the simulated paths)."""

    dates: pd.DatetimeIndex
    central: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    quantiles: tuple[float, float] = BAND_QUANTILES
    paths: int = 0
    extras: dict[str, Any] = field(default_factory=dict)


def forecast_future(
    model,
    split: ForecastSplit,
    residuals: np.ndarray,
    horizon: int = 30,
    paths: int = FORECAST_PATHS,
    seed: int = 0,
) -> FutureForecast:
    """Forecast ``horizon`` business days past the last price.

    The central line feeds the model its own predictions, one day at a time (through :func:`predict_next`, like
    the test predictions). The band comes from the residual quantiles of the test period: ``paths`` bootstrapped
    sums of ``h`` one-day errors (``log(actual / predicted)``, centred on zero) give the spread of the error after
    ``h`` days, applied to the central line as a factor. Errors add up, so the band widens with the horizon. The
    errors are assumed independent from day to day, which real markets do not promise: the band is a lower bound
    on the uncertainty.
    """
    import pandas as pd

    if not 1 <= int(horizon) <= MAX_HORIZON:
        raise ValueError(f"The horizon must be from 1 to {MAX_HORIZON} days, got {horizon!r}.")
    residuals = np.asarray(residuals, dtype=np.float64)
    residuals = residuals[np.isfinite(residuals)]
    if len(residuals) == 0:
        residuals = np.zeros(1)
    window = split.series[-split.window :].astype(np.float64)
    predicted = np.empty(horizon)
    for step in range(horizon):
        # A price stays above zero even if the network predicted a fall of more than 100%.
        value = float(predict_next(model, window[None, :], split.mode)[0])
        predicted[step] = max(value, 1e-6) if split.mode == "prices" else value
        window = np.append(window[1:], predicted[step])
    # The systematic part of the test errors is the model's bias, not noise: the band spreads the rest.
    centred = residuals - residuals.mean()
    summed = np.cumsum(np.random.default_rng(seed).choice(centred, size=(paths, horizon)), axis=1)
    low, high = np.quantile(summed, BAND_QUANTILES, axis=0)
    central = predicted if split.mode == "prices" else split.prices[-1] * np.exp(np.cumsum(predicted))
    lower, upper = central * np.exp(low), central * np.exp(high)
    dates = pd.bdate_range(split.dates[-1] + pd.Timedelta(days=1), periods=horizon)
    return FutureForecast(dates=dates, central=central, lower=lower, upper=upper, paths=paths)
