"""A visitor's CSV of daily prices, read and cleaned: the repairs that are honest, a sentence for the rest.

:func:`read_price_table` reads the bytes (refusing a binary, empty or oversized file), :func:`detect_columns` finds
the date and close columns by name (English or Chinese) or content, :func:`clean_prices` repairs what can honestly
be repaired (sorting, duplicate dates, a few missing days, unreadable dates when rare) and lists each repair, and
refuses the rest with a :class:`PriceDataError`: a ``code`` the page translates (``stocks.csv.error.<code>``) and a
plain English sentence. Whether the clean prices are *enough* for a model is the lesson's question
(:func:`core.lessons.stocks.windows.check_enough_prices`).

Importing this module is cheap (numpy only): pandas is imported where it is used.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_FILLED_GAP = 3  # consecutive missing closes filled by interpolation; a longer gap is refused
MAX_BAD_DATE_FRACTION = 0.05  # rows whose date cannot be read: dropped when rare, refused when common

#: Column names recognised without asking (compared lower-case, with "_" and "-" read as spaces).
DATE_NAMES = ("date", "datetime", "timestamp", "time", "day", "trade date", "trading day", "日期", "时间", "交易日期")
CLOSE_NAMES = (
    "adj close",
    "adjusted close",
    "adj_close",
    "close",
    "close price",
    "closing price",
    "last",
    "last price",
    "price",
    "value",
    "收盘价",
    "收盘",
    "价格",
)
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "--", ".", "#n/a"})
_CURRENCY_AND_SEPARATORS = re.compile(r"[\s$€£¥,]")

# ---------------------------------------------------------------------------------------------------------------
# Bad input: one error type with a code the page translates, and the repairs that were made
# ---------------------------------------------------------------------------------------------------------------


class PriceDataError(ValueError):
    """Prices that cannot be used. ``code`` names the problem for the page's translation (``stocks.csv.error.<code>``
    in the catalog), ``values`` fill its placeholders; ``str(error)`` is the same sentence in plain English."""

    def __init__(self, code: str, message: str, **values: Any) -> None:
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Repair:
    """One thing :func:`clean_prices` fixed: ``code`` (``stocks.csv.repair.<code>`` on the page) and how many rows."""

    code: str
    count: int
    message: str


@dataclass(frozen=True)
class CleanPrices:
    """Prices ready to model: ``frame`` has a sorted, unique DatetimeIndex named Date and a positive ``Close`` column
    (Open/High/Low too when the file had them, for the candlestick)."""

    frame: pd.DataFrame
    date_column: str
    close_column: str
    repairs: tuple[Repair, ...] = ()


def _normalised_name(name: Any) -> str:
    return re.sub(r"[_\-]+", " ", str(name)).strip().lower()


def read_price_table(raw: bytes) -> pd.DataFrame:
    """The CSV as a table of text cells. Refuses a binary file, an empty one and one that is not a table."""
    import pandas as pd

    if not isinstance(raw, (bytes, bytearray)):
        raise TypeError(f"read_price_table takes the file's bytes, got {type(raw).__name__}.")
    if len(raw) > MAX_CSV_BYTES:
        raise PriceDataError(
            "too_large",
            f"The file is too large ({len(raw) / 1e6:.0f} MB; at most {MAX_CSV_BYTES / 1e6:.0f} MB).",
            megabytes=f"{MAX_CSV_BYTES / 1e6:.0f}",
        )
    if not raw.strip():
        raise PriceDataError("empty", "The file is empty.")
    head = bytes(raw[:8192])
    if b"\x00" in head:
        raise PriceDataError(
            "binary",
            "This is not a text file (it looks like a spreadsheet, image or archive). "
            "Save the prices as CSV (comma-separated text) and upload that.",
        )
    text = None
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese spreadsheets often save CSV as GBK
        try:
            text = bytes(raw).decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    control = sum(1 for character in (text or "")[:8192] if ord(character) < 32 and character not in "\r\n\t")
    if text is None or control > 0.01 * max(len(text[:8192]), 1):
        raise PriceDataError(
            "binary",
            "This is not a text file (it looks like a spreadsheet, image or archive). "
            "Save the prices as CSV (comma-separated text) and upload that.",
        )
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
        if table.shape[1] == 1 and (";" in text or "\t" in text):
            # Semicolon- or tab-separated (European spreadsheets): let the sniffer find the separator.
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None, engine="python")
    except pd.errors.EmptyDataError:
        raise PriceDataError("empty", "The file is empty.") from None
    except (pd.errors.ParserError, ValueError, csv_error()) as error:
        raise PriceDataError(
            "unreadable", f"The file could not be read as a CSV table ({error}).", reason=str(error)[:200]
        ) from None
    if table.shape[1] == 0 or len(table) == 0:
        raise PriceDataError("empty", "The file has no rows of data.")
    if len(table) > MAX_ROWS:
        raise PriceDataError(
            "too_many_rows",
            f"The file has {len(table):,} rows; at most {MAX_ROWS:,} are accepted.",
            rows=f"{len(table):,}",
            limit=f"{MAX_ROWS:,}",
        )
    table.columns = [str(column).strip() for column in table.columns]
    return table


def csv_error() -> type[Exception]:
    import csv

    return csv.Error


def detect_columns(table: pd.DataFrame) -> tuple[str | None, str | None]:
    """The date and close columns, found by name (``Date``, ``Adj Close``, ``Close``, ``收盘价``, ...), else by
    content (a column that reads as dates; the only column that reads as numbers). None where nothing fits."""
    import pandas as pd

    names = {_normalised_name(column): column for column in table.columns}
    date_column = next((names[name] for name in DATE_NAMES if name in names), None)
    if date_column is None:
        for column in table.columns:
            sample = table[column].head(50)
            if sample.str.fullmatch(r"[-+]?\d+(\.\d+)?").all():
                continue  # plain numbers are not dates
            if _parse_dates(sample).notna().mean() >= 0.9:
                date_column = column
                break
    close_column = next((names[name] for name in CLOSE_NAMES if name in names and names[name] != date_column), None)
    if close_column is None:
        numeric = [
            column
            for column in table.columns
            if column != date_column
            and pd.to_numeric(_strip_number_text(table[column].head(200)), errors="coerce").notna().mean() >= 0.9
        ]
        if len(numeric) == 1:
            close_column = numeric[0]
    return date_column, close_column


def _strip_number_text(values: pd.Series) -> pd.Series:
    return values.astype(str).str.replace(_CURRENCY_AND_SEPARATORS, "", regex=True)


def _parse_dates(values: pd.Series) -> pd.Series:
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "could not infer format": we fall back to mixed formats below
        try:
            parsed = pd.to_datetime(values, errors="coerce")
            if parsed.isna().mean() > 0.1:
                parsed = pd.to_datetime(values, errors="coerce", format="mixed")
        except (ValueError, TypeError, OverflowError):
            try:
                parsed = pd.to_datetime(values, errors="coerce", utc=True)
            except (ValueError, TypeError, OverflowError):
                return pd.Series(pd.NaT, index=values.index)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.dt.normalize()


def clean_prices(table: pd.DataFrame, date_column: str | None = None, close_column: str | None = None) -> CleanPrices:
    """Daily closes from an uploaded table, repaired where that is honest, refused with a sentence where not.

    Repaired and reported: rows in the wrong order (sorted), duplicate dates (the last row kept), up to
    :data:`MAX_FILLED_GAP` consecutive missing closes (interpolated in time), missing closes at either end
    (dropped), a few rows whose date cannot be read (dropped). Refused: no date or close column, text in the close
    column, a longer gap, zero or negative prices.
    """
    import pandas as pd

    detected_date, detected_close = detect_columns(table)
    date_column = date_column or detected_date
    close_column = close_column or detected_close
    columns = ", ".join(map(str, table.columns))
    if date_column is None or date_column not in table.columns:
        raise PriceDataError(
            "no_date_column",
            f"No date column was found (columns: {columns}). Name it 'Date' or choose it.",
            columns=columns,
        )
    if close_column is None or close_column not in table.columns:
        raise PriceDataError(
            "no_price_column",
            f"No closing-price column was found (columns: {columns}). Name it 'Close' or choose it.",
            columns=columns,
        )
    if close_column == date_column:
        raise PriceDataError("same_column", "The date and the price must be two different columns.")
    repairs: list[Repair] = []

    dates = _parse_dates(table[date_column])
    bad_dates = int(dates.isna().sum())
    if bad_dates:
        if bad_dates > MAX_BAD_DATE_FRACTION * len(table):
            example = str(table[date_column][dates.isna()].iloc[0])[:40]
            raise PriceDataError(
                "bad_dates",
                f"{bad_dates:,} of {len(table):,} values in '{date_column}' are not dates (for example '{example}').",
                count=f"{bad_dates:,}",
                total=f"{len(table):,}",
                column=date_column,
                example=example,
            )
        repairs.append(Repair("bad_dates", bad_dates, f"Dropped {bad_dates} row(s) whose date could not be read."))

    text = table[close_column].astype(str).str.strip()
    is_missing = text.str.lower().isin(MISSING_MARKERS)
    numbers = pd.to_numeric(_strip_number_text(text.where(~is_missing, "")).replace("", np.nan), errors="coerce")
    is_text = numbers.isna() & ~is_missing
    if is_text.any():
        position = int(np.flatnonzero(is_text.to_numpy())[0])
        example = text.iloc[position][:40]
        raise PriceDataError(
            "text_in_prices",
            f"The price column '{close_column}' has text where a number should be: '{example}' "
            f"in row {position + 2} ({int(is_text.sum()):,} such rows).",
            column=close_column,
            example=example,
            row=position + 2,
            count=f"{int(is_text.sum()):,}",
        )

    frame = pd.DataFrame({"Close": numbers.to_numpy(dtype=float)}, index=pd.DatetimeIndex(dates, name="Date"))
    for name in ("Open", "High", "Low"):  # for the candlestick, when the file has them as numbers
        match = next((column for column in table.columns if _normalised_name(column) == name.lower()), None)
        if match is not None and match not in (close_column, date_column):
            values = pd.to_numeric(_strip_number_text(table[match]), errors="coerce").to_numpy(dtype=float)
            if np.isfinite(values).mean() > 0.95:
                frame[name] = values
    frame = frame[frame.index.notna()]

    if not frame.index.is_monotonic_increasing:
        frame = frame.sort_index(kind="stable")
        repairs.append(Repair("sorted", len(frame), "Sorted the rows by date (they were out of order)."))
    duplicated = frame.index.duplicated(keep="last")
    if duplicated.any():
        frame = frame[~duplicated]
        count = int(duplicated.sum())
        repairs.append(Repair("duplicates", count, f"Dropped {count} row(s) with a date seen before (kept the last)."))

    missing = frame["Close"].isna().to_numpy()
    if missing.all():
        raise PriceDataError("no_prices", f"The price column '{close_column}' is empty.", column=close_column)
    if missing.any():
        present = np.flatnonzero(~missing)
        edges = len(frame) - (present[-1] - present[0] + 1)
        if edges:
            frame = frame.iloc[present[0] : present[-1] + 1]
            repairs.append(
                Repair("missing_edges", int(edges), f"Dropped {edges} row(s) without a price at the start or the end.")
            )
        missing = frame["Close"].isna().to_numpy()
        if missing.any():
            longest, run = 0, 0
            for value in missing:
                run = run + 1 if value else 0
                longest = max(longest, run)
            if longest > MAX_FILLED_GAP:
                first = frame.index[np.flatnonzero(missing)[0]]
                raise PriceDataError(
                    "long_gap",
                    f"{longest} prices in a row are missing (from {first:%Y-%m-%d}); at most "
                    f"{MAX_FILLED_GAP} are filled in.",
                    count=longest,
                    date=f"{first:%Y-%m-%d}",
                    limit=MAX_FILLED_GAP,
                )
            count = int(missing.sum())
            frame = frame.assign(Close=frame["Close"].interpolate(method="time"))
            repairs.append(Repair("filled", count, f"Filled {count} missing price(s) from the days around them."))

    non_positive = frame["Close"] <= 0
    if non_positive.any():
        first = frame.index[np.flatnonzero(non_positive.to_numpy())[0]]
        count = int(non_positive.sum())
        raise PriceDataError(
            "non_positive",
            f"{count:,} price(s) are zero or negative (first on {first:%Y-%m-%d}); a stock's price "
            "is always above zero.",
            count=f"{count:,}",
            date=f"{first:%Y-%m-%d}",
        )
    if not np.isfinite(frame["Close"].to_numpy()).all():
        raise PriceDataError("non_positive", "Some prices are not finite numbers.", count="?", date="?")
    return CleanPrices(frame, str(date_column), str(close_column), tuple(repairs))


def parse_price_csv(raw: bytes, date_column: str | None = None, close_column: str | None = None) -> CleanPrices:
    """:func:`read_price_table` then :func:`clean_prices`: a visitor's file in, clean prices and the repairs out."""
    return clean_prices(read_price_table(raw), date_column, close_column)
