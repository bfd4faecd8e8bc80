"""Windows of a price series, the chronological split and the scaling the LSTM reads, and enough prices for them.

The last ``window`` values predict the next one; the first ``train_fraction`` of the days train, the rest test. In
``"prices"`` mode each window is relative to its own last close (:func:`network_inputs`); :func:`predict_next` is the
one way to call the stored model on raw windows. Reading and cleaning a visitor's CSV is :mod:`core.data.price_csv`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.data.price_csv import CleanPrices, PriceDataError
from core.training import blocks

if TYPE_CHECKING:
    import pandas as pd

MODES = ("prices", "returns")
#: How a price window is scaled before the LSTM reads it. "window": relative to the window's own last close, then
#: standardised with the training windows' statistics (the app's default). "raw": the closes as they are, with no
#: scaling at all (the course's listing); only for prices (returns are scale-free already and always standardised).
SCALINGS = ("window", "raw")
DEFAULT_WINDOW = 10
DEFAULT_TRAIN_FRACTION = 0.67
MIN_TRAIN_WINDOWS = 30  # fewer training examples than this and the LSTM learns nothing worth comparing
MIN_TEST_POINTS = 10


# ---------------------------------------------------------------------------------------------------------------
# Enough prices for the windows
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


def network_inputs(windows: np.ndarray, mode: str, scaling: str = "window") -> np.ndarray:
    """What the LSTM reads for windows of the series (one window a row).

    Prices: each window divided by its own last close, minus one (``0.05`` = 5% above the last close; the last
    value is always 0). Prices climb far beyond anything the training period saw, relative moves stay in the same
    range, so a network trained on them still works when the price has doubled. Returns are scale-free already and
    pass unchanged; so do prices with ``scaling="raw"`` (the course's way).
    """
    windows = np.asarray(windows, dtype=np.float64)
    if mode == "prices" and scaling == "window":
        return windows / windows[:, -1:] - 1.0
    return windows


def network_targets(targets: np.ndarray, windows: np.ndarray, mode: str, scaling: str = "window") -> np.ndarray:
    """The LSTM's target for each window: the next price relative to the window's last close (prices), or the
    next return or raw price as it is."""
    targets = np.asarray(targets, dtype=np.float64)
    if mode == "prices" and scaling == "window":
        return targets / np.asarray(windows, dtype=np.float64)[:, -1] - 1.0
    return targets


def from_network(outputs: np.ndarray, windows: np.ndarray, mode: str, scaling: str = "window") -> np.ndarray:
    """The inverse of :func:`network_targets`: the LSTM's outputs back in the series' values (the price, or the
    return), window by window."""
    outputs = np.asarray(outputs, dtype=np.float64).reshape(-1)
    if mode == "prices" and scaling == "window":
        return np.asarray(windows, dtype=np.float64)[:, -1] * (1.0 + outputs)
    return outputs


def predict_next(model, windows: np.ndarray, mode: str, scaling: str = "window") -> np.ndarray:
    """The stored LSTM's next value of the series for each window (raw prices or returns, one window a row):
    :func:`network_inputs` before the model, :func:`from_network` after. Every use of the model goes through here
    (the test predictions, the future forecast, the page)."""
    windows = np.atleast_2d(np.asarray(windows, dtype=np.float64))
    inputs = network_inputs(windows, mode, scaling).astype(np.float32)[:, :, None]  # (samples, time steps, 1 feature)
    return from_network(blocks.predict_in_chunks(model, inputs), windows, mode, scaling)


@dataclass(frozen=True)
class ForecastSplit:
    """The course's setup on one price series, in the series' values (prices or log returns).

    ``series[j]`` is the value of day ``j + offset`` (offset 1 for returns). Training targets are the days before
    ``split_day``; test targets are ``split_day`` onwards. A test window's inputs may reach back into the training
    period (those prices were known on that day); no test value is ever a training input or target.
    ``x_*``/``y_*`` hold raw windows (what the baselines use); the LSTM reads them through :func:`network_inputs`.
    ``input_mean``/``input_std`` standardise the network's inputs and ``mean``/``std`` its targets: all four are
    computed from the training windows only (``scaling="raw"``: 0 and 1, the closes as they are).
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
    scaling: str = "window"

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
        return (
            network_inputs(self.x_train, self.mode, self.scaling),
            network_targets(self.y_train, self.x_train, self.mode, self.scaling),
        )

    def network_test(self) -> tuple[np.ndarray, np.ndarray]:
        return (
            network_inputs(self.x_test, self.mode, self.scaling),
            network_targets(self.y_test, self.x_test, self.mode, self.scaling),
        )


def prepare_split(
    prices: np.ndarray,
    dates,
    window: int = DEFAULT_WINDOW,
    train_fraction: float = DEFAULT_TRAIN_FRACTION,
    mode: str = "prices",
    scaling: str = "window",
) -> ForecastSplit:
    """Windows of the first ``train_fraction`` of the days for training, the rest for testing, and the scaling
    statistics of the training windows (as the network reads them: relative to each window's last close in prices
    mode, the returns themselves in returns mode; none with ``scaling="raw"``, the course's raw closes)."""
    import pandas as pd

    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {', '.join(SCALINGS)}, got {scaling!r}.")
    if scaling == "raw" and mode != "prices":
        raise ValueError("scaling 'raw' is for prices: returns are always standardised.")
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
    if scaling == "raw":
        input_mean, input_std, mean, std = 0.0, 1.0, 0.0, 1.0  # the course's listing: the closes as they are
    else:
        if mode == "prices":
            inputs, targets = network_inputs(x_train, mode), network_targets(y_train, x_train, mode)
        else:
            inputs = targets = training_values  # returns: one scale for inputs and targets
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
        scaling=scaling,
    )
