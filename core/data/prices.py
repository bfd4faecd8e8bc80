"""Daily stock prices: Yahoo Finance by ticker online (:mod:`core.data.yahoo`), bokeh-sampledata's AAPL, GOOG, IBM
and MSFT (2000-2013) built in."""

from __future__ import annotations

import datetime
import logging
import re
from typing import TYPE_CHECKING

from core.data import catalog, network, yahoo
from core.data.catalog import OFFLINE_SENTENCE, dataset_info
from core.data.datasets import DatasetUnavailable, PriceSeries, Provenance
from core.data.sources import prices_once

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)


class UnknownTicker(DatasetUnavailable, ValueError):
    """Yahoo Finance knows no prices for this symbol. Also a ValueError: the argument is what is wrong."""


EMBEDDED_TICKERS = ("AAPL", "GOOG", "IBM", "MSFT")
PRICE_COLUMNS = ("Open", "High", "Low", "Close", "Volume")
#: What a ticker looks like (upper case): a letter, digit or "^" (an index), then up to 19 of these or ".-=".
TICKER_PATTERN = re.compile(r"^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$")
_RATE_LIMIT_PAUSE_SECONDS = 15 * 60  # Yahoo's rate limit is temporary: try online again after a pause


def _validate_ticker(ticker: str) -> str:
    if not isinstance(ticker, str) or not TICKER_PATTERN.match(ticker.strip().upper()):
        raise ValueError(
            f"A ticker is a short stock symbol such as AAPL or MSFT (letters, digits, '.', '-', '^', '='), "
            f"got {ticker!r}."
        )
    return ticker.strip().upper()


def _validate_date(name: str, value) -> pd.Timestamp | None:
    if value is None:
        return None
    import pandas as pd

    try:
        timestamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a date such as '2010-01-31', got {value!r}.") from error
    if timestamp is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2010-01-31', got {value!r}.")
    if timestamp.tzinfo is not None:
        timestamp = timestamp.tz_localize(None)
    return timestamp.normalize()


def _tidy_prices(frame: pd.DataFrame) -> pd.DataFrame:
    """Daily rows, tz-naive DatetimeIndex named Date, sorted ascending, one row per date, rows without a Close
    dropped, and only the OHLCV columns."""
    import pandas as pd

    frame = frame[[column for column in PRICE_COLUMNS if column in frame.columns]]
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)  # keep the exchange's local calendar date
    frame = frame.set_axis(index.normalize().rename("Date"), axis=0)
    frame = frame[frame["Close"].notna()] if "Close" in frame.columns else frame
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    return frame


def _embedded_prices(ticker: str) -> pd.DataFrame:
    """bokeh-sampledata's daily prices for one ticker, adjusted for splits and dividends like yfinance's default.

    The source's Open/High/Low/Close are as traded, so AAPL halves overnight at its 2000 and 2005 splits; a model
    would learn those jumps. Scaling them by adj_close / close removes them (Volume stays as traded).
    """

    def build() -> pd.DataFrame:
        import pandas as pd
        from bokeh_sampledata.stocks import data as all_stocks

        rows = all_stocks[all_stocks["ticker"] == ticker]
        adjustment = (rows["adj_close"] / rows["close"]).to_numpy()
        frame = pd.DataFrame(
            {
                "Open": rows["open"].to_numpy() * adjustment,
                "High": rows["high"].to_numpy() * adjustment,
                "Low": rows["low"].to_numpy() * adjustment,
                "Close": rows["adj_close"].to_numpy(),
                "Volume": rows["volume"].to_numpy(),
            },
            index=pd.DatetimeIndex(rows["date"]),
        )
        return _tidy_prices(frame)

    return prices_once(("embedded", ticker), build)


def _price_series_from(frame: pd.DataFrame, ticker: str, online: bool, note: str = "") -> PriceSeries:
    info = dataset_info("stocks")
    if len(frame):
        span = f"{len(frame):,} trading days, {frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}"
    else:
        span = "0 trading days"
    provenance = Provenance(
        name=f"{ticker} daily prices",
        source=info.online_source if online else info.offline_source,
        size=span,
        n_samples=len(frame),
        online=online,
        note=note,
        dataset=info.id,
    )
    # A shallow copy per caller: with pandas copy-on-write, changes to it never reach the cached frame.
    return PriceSeries(frame.copy(deep=False), ticker, provenance)


def _download(symbol: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    frame = yahoo.fetch_daily_prices(symbol, start, end)
    if frame is None:
        if symbol in EMBEDDED_TICKERS:
            # Yahoo certainly knows these: an empty answer means the request failed, so use the built-in copy.
            raise ConnectionError(f"Yahoo Finance returned no prices for {symbol}")
        raise UnknownTicker(
            f"Yahoo Finance returned no daily prices for the ticker {symbol!r}"
            + (" in the chosen dates" if start is not None or end is not None else "")
            + ". Check the symbol (for example AAPL, MSFT or 0700.HK)."
        )
    return _tidy_prices(frame)


def load_stock_prices(ticker: str = "AAPL", start=None, end=None, prefer_download: bool = True) -> PriceSeries:
    """Daily prices for ``ticker`` between ``start`` (inclusive) and ``end`` (exclusive), both optional dates.

    Online: Yahoo Finance through yfinance (adjusted for splits and dividends), cached for the day per
    (ticker, start, end), so thirty visitors asking for AAPL make one request and a rate limit is rarely hit.
    Offline, after a rate limit or any other failure: the built-in prices of AAPL, GOOG, IBM and MSFT
    (2000 to 2013). Raises :class:`UnknownTicker` when Yahoo knows no such symbol, and
    :class:`DatasetUnavailable` offline for a ticker that is not built in. ``prefer_download=False`` takes the
    built-in prices of a built-in ticker even online (other tickers are downloaded all the same).
    """
    symbol = _validate_ticker(ticker)
    start_date, end_date = _validate_date("start", start), _validate_date("end", end)
    if start_date is not None and end_date is not None and start_date >= end_date:
        raise ValueError(f"start ({start_date:%Y-%m-%d}) must be before end ({end_date:%Y-%m-%d}).")
    info = dataset_info("stocks")
    sources = catalog.sources_in_order(info, prefer_download or symbol not in EMBEDDED_TICKERS)
    fallback_note = ""

    if sources[:1] == ["online"]:
        # An open end means "up to today": key the cache by the day so a long-running server picks up new prices.
        today = datetime.date.today() if end_date is None else None
        key = ("yahoo", symbol, start_date, end_date, today)
        try:
            frame = prices_once(key, lambda: _download(symbol, start_date, end_date))
            return _price_series_from(frame, symbol, online=True)
        except UnknownTicker:
            raise
        except Exception as error:  # noqa: BLE001 - rate limits, timeouts, Yahoo format changes
            if yahoo.is_rate_limit(error):
                logger.warning("Yahoo Finance rate limit for %s; using built-in prices for a while.", symbol)
                network.mark_unreachable(info.download_host, retry_after=_RATE_LIMIT_PAUSE_SECONDS)
                fallback_note = "Yahoo Finance is limiting requests right now, so the built-in prices are used."
            else:
                logger.warning("Downloading %s prices failed (%s); using built-in prices.", symbol, error)
                network.mark_unreachable(info.download_host)
                fallback_note = "The download from Yahoo Finance failed, so the built-in prices are used."

    if "offline" not in sources:
        raise DatasetUnavailable(info.unavailable_message)
    if symbol not in EMBEDDED_TICKERS:
        raise DatasetUnavailable(
            f"Prices for {symbol} need a download from Yahoo Finance and {OFFLINE_SENTENCE}. "
            f"Built-in tickers: {', '.join(EMBEDDED_TICKERS)}."
        )
    frame = _embedded_prices(symbol)
    first_day, last_day = frame.index[0], frame.index[-1]
    if start_date is not None:
        frame = frame[frame.index >= start_date]
    if end_date is not None:
        frame = frame[frame.index < end_date]
    if len(frame) == 0:
        raise DatasetUnavailable(
            f"The built-in {symbol} prices cover {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d}, and there are none "
            f"in the dates you chose. Pick dates in that range."
        )
    note = " ".join(
        part for part in (fallback_note, "Prices adjusted for splits and dividends; volume as traded.") if part
    )
    return _price_series_from(frame, symbol, online=False, note=note)
