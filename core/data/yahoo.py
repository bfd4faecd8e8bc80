"""Daily prices from Yahoo Finance through yfinance: the one place that talks to it.

yfinance is imported here only, when a download is asked for. Its ``history()`` takes a timeout of its own, so the
request is bounded without touching the process's default socket timeout. Yahoo limits how often it answers
(``YFRateLimitError``): :mod:`core.data.prices` caches what it fetched and falls back to the built-in prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

YAHOO_TIMEOUT_SECONDS = 10


def fetch_daily_prices(ticker: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame | None:
    """Yahoo's daily prices of ``ticker`` (adjusted for splits and dividends), all of them when neither date is
    given; None when Yahoo has no prices for it (an unknown symbol, or no prices in the dates). Other failures
    (network, rate limit, format changes) raise."""
    import yfinance

    history_options: dict[str, Any] = {"interval": "1d", "auto_adjust": True, "timeout": YAHOO_TIMEOUT_SECONDS}
    if start is None and end is None:
        history_options["period"] = "max"
    else:
        history_options.update(
            start=None if start is None else f"{start:%Y-%m-%d}", end=None if end is None else f"{end:%Y-%m-%d}"
        )
    try:
        frame = yfinance.Ticker(ticker).history(**history_options)
    except Exception as error:  # noqa: BLE001 - told apart just below
        # With yf.config.debug.hide_exceptions = False, yfinance raises for a missing symbol instead of returning
        # an empty frame; either way it is the symbol that is wrong, not the network.
        from yfinance.exceptions import YFTickerMissingError

        if not isinstance(error, YFTickerMissingError):
            raise
        return None
    if frame is None or len(frame) == 0 or "Close" not in frame.columns:
        return None
    return frame


def is_rate_limit(error: Exception) -> bool:
    """Whether ``error`` is Yahoo's temporary refusal to answer (try again later, not "no internet")."""
    try:
        from yfinance.exceptions import YFRateLimitError
    except ImportError:
        return False
    return isinstance(error, YFRateLimitError)
