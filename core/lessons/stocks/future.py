"""The future: the stored LSTM run forward day by day, with a band from bootstrapped test residuals.

A teaching demo, not advice: the band assumes one-day errors independent from day to day, so it is a lower bound on
the uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from core.lessons.stocks.windows import ForecastSplit, predict_next

if TYPE_CHECKING:
    import pandas as pd

MAX_HORIZON = 120
FORECAST_PATHS = 1000
BAND_QUANTILES = (0.05, 0.95)


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
        value = float(predict_next(model, window[None, :], split.mode, split.scaling)[0])
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
