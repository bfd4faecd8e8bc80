"""A lesson's setup as a short link: which controls a page puts in its URL, and how their values are written and read.

Each lesson page declares its controls as fields (:class:`Choice`, :class:`Number`, :class:`Flag`, :class:`Text`,
:class:`Choices`), grouped in a :class:`PageSetup`. A field names the query parameter (short: ``lr``), the
``st.session_state`` key of the widget it restores (``train_learning_rate``), the widget's default, and what values
are valid::

    SETUP = PageSetup("training", (
        Choice("data", "train_dataset", ("digits", "circles"), default="digits", label_key="train.data.choose"),
        Number("noise", "train_toy_noise", 0.0, 0.5, default=0.1, step=0.05, label_key="train.data.noise"),
    ))
    SETUP.to_params({"train_dataset": "circles", "train_toy_noise": 0.1})   # {"data": "circles"}
    SETUP.from_params({"data": "circles", "noise": "9"})                    # values, [Note("noise", "9", "clamped")]

- **Short.** :meth:`PageSetup.to_params` writes only what differs from the defaults.
- **Exact.** :meth:`PageSetup.from_params` returns a value for every field (the default where the link says
  nothing), so a link restores the whole setup, whatever the visitor had before.
- **Never an exception.** A value that is not valid is clamped (a number out of range, a number between two
  options) or ignored (malformed, not an option, an unknown parameter), each with a :class:`Note` the page shows in
  one short line. Text is bounded and loses its control characters; it is only ever shown as text.

This module knows nothing of Streamlit (``dashboard/setup_links.py`` applies a setup to a session), so the
round trip is tested without a server.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Query parameters that belong to the app, not to a page's setup: the language, the class and a seat in it.
RESERVED_PARAMS = frozenset({"lang", "class", "seat", "follow"})
#: A longer raw value is ignored without being parsed (a pasted essay, an attack).
MAX_RAW_CHARS = 2000
#: At most this many notes are kept: a hostile link of a thousand parameters gets one short line, not a page.
MAX_NOTES = 12

# Why a value in a link was not used as written (the page translates these).
CLAMPED = "clamped"  # a number outside the range, or between two options: the nearest valid value is used
MALFORMED = "malformed"  # not a number, not 0/1, too long: the default is used
NOT_AN_OPTION = "not_an_option"  # a name the control does not offer: the default is used
UNKNOWN = "unknown"  # a parameter this page does not have: ignored
#: The reasons a note can give for a value it changed (each has a translated sentence).
VALUE_REASONS = (CLAMPED, MALFORMED, NOT_AN_OPTION)


@dataclass(frozen=True)
class Note:
    """One value of a link that was clamped or ignored: ``param``, the raw value (shortened), why, what was used."""

    param: str
    raw: str
    reason: str
    used: str | None = None


def clean_text(value: str, max_chars: int) -> str:
    """``value`` without control characters (newlines and tabs kept), at most ``max_chars`` characters."""
    kept = [ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C"]
    return "".join(kept)[:max_chars]


def _short(raw: str) -> str:
    raw = clean_text(raw, 40).replace("\n", " ")
    return raw if len(raw) < 40 else raw[:39] + "…"


@dataclass(frozen=True)
class Field:
    """One control in the link. ``param``: the query parameter; ``key``: the session-state key of the widget;
    ``default``: the widget's own default; ``label_key``: the catalog key of the control's label (the instructor's
    lock list names controls by it)."""

    param: str
    key: str
    default: Any = field(kw_only=True)
    label_key: str | None = field(default=None, kw_only=True)

    def encode(self, value: Any) -> str:
        raise NotImplementedError

    def decode(self, raw: str) -> tuple[Any, str | None]:
        """(value, None) when ``raw`` is valid; (the value used, reason) otherwise."""
        raise NotImplementedError

    def valid(self, value: Any) -> bool:
        raise NotImplementedError

    def normal(self, value: Any) -> Any:
        """``value`` when valid, else the default (what a session holding a stale value shares)."""
        return value if self.valid(value) else self.default


@dataclass(frozen=True, kw_only=True)
class Choice(Field):
    """One of ``options`` (strings or numbers). A number between two numeric options is moved to the nearest one.
    ``state_text``: the widget keeps the option's translated text, the catalog key ``state_text + option`` (the
    open tab of ``st.tabs``), not the option itself."""

    options: tuple = ()
    state_text: str | None = None

    def __post_init__(self) -> None:
        if self.default not in self.options:
            raise ValueError(f"{self.param}: the default {self.default!r} is not one of the options.")

    def encode(self, value: Any) -> str:
        return _number_text(value) if _is_number(value) else str(value)

    def valid(self, value: Any) -> bool:
        return any(value == option and type(value) is type(option) for option in self.options) or (
            _is_number(value) and any(_is_number(o) and value == o for o in self.options)
        )

    def decode(self, raw: str) -> tuple[Any, str | None]:
        for option in self.options:
            if raw == self.encode(option):
                return option, None
        numbers = [option for option in self.options if _is_number(option)]
        if numbers:
            number = _parse_number(raw)
            if number is None:
                return self.default, MALFORMED
            nearest = min(numbers, key=lambda option: _distance(option, number))
            return nearest, (None if nearest == number else CLAMPED)
        return self.default, NOT_AN_OPTION


@dataclass(frozen=True, kw_only=True)
class Choices(Field):
    """Several of ``options`` (a multiselect): comma-separated in the link, in the options' order."""

    options: tuple = ()

    def encode(self, value: Any) -> str:
        return ",".join(str(option) for option in self.options if option in value)

    def valid(self, value: Any) -> bool:
        return isinstance(value, (list, tuple)) and all(item in self.options for item in value)

    def decode(self, raw: str) -> tuple[Any, str | None]:
        names = [name for name in raw.split(",") if name] if raw else []
        chosen = [option for option in self.options if str(option) in names]
        reason = None if len(chosen) == len(set(names)) else NOT_AN_OPTION
        return list(chosen), reason

    def normal(self, value: Any) -> Any:
        return [option for option in self.options if option in value] if self.valid(value) else list(self.default)


@dataclass(frozen=True, kw_only=True)
class Number(Field):
    """A number from ``low`` to ``high`` (a slider, a number input); ``step`` rounds it onto the slider's grid from
    ``low``; ``integer`` for whole numbers."""

    low: float = 0.0
    high: float = 1.0
    step: float | None = None
    integer: bool = False

    def encode(self, value: Any) -> str:
        return _number_text(value)

    def valid(self, value: Any) -> bool:
        if not _is_number(value) or not self.low <= value <= self.high:
            return False
        return not self.integer or float(value).is_integer()

    def decode(self, raw: str) -> tuple[Any, str | None]:
        number = _parse_number(raw)
        if number is None:
            return self.default, MALFORMED
        clamped = min(max(number, self.low), self.high)
        if self.step:
            clamped = self.low + round((clamped - self.low) / self.step) * self.step
            clamped = round(min(max(clamped, self.low), self.high), 10)
        value: Any = int(round(clamped)) if self.integer else float(clamped)
        return value, (None if value == number else CLAMPED)


@dataclass(frozen=True, kw_only=True)
class Range(Field):
    """Two numbers from ``low`` to ``high``, the first not above the second (a range slider): ``-6,6`` in the link.
    Each end is clamped and rounded onto the slider's ``step`` grid from ``low``; the value is a list, as
    :meth:`PageSetup.defaults` copies it."""

    low: float = 0.0
    high: float = 1.0
    step: float | None = None

    def _end(self) -> Number:
        return Number(self.param, self.key, low=self.low, high=self.high, step=self.step, default=self.low)

    def encode(self, value: Any) -> str:
        end = self._end()
        return ",".join(end.encode(number) for number in value)

    def valid(self, value: Any) -> bool:
        end = self._end()
        return (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(end.valid(v) for v in value)
            and value[0] <= value[1]
        )

    def normal(self, value: Any) -> Any:
        return [float(number) for number in value] if self.valid(value) else list(self.default)

    def decode(self, raw: str) -> tuple[Any, str | None]:
        parts = raw.split(",")
        if len(parts) != 2:
            return list(self.default), MALFORMED
        end = self._end()
        decoded = [end.decode(part) for part in parts]
        if any(reason == MALFORMED for _, reason in decoded):
            return list(self.default), MALFORMED
        first, second = (float(number) for number, _ in decoded)
        reason = CLAMPED if any(reason for _, reason in decoded) else None
        if first > second:
            first, second, reason = second, first, CLAMPED
        return [first, second], reason


@dataclass(frozen=True, kw_only=True)
class Flag(Field):
    """On or off: ``1`` or ``0`` in the link."""

    def encode(self, value: Any) -> str:
        return "1" if value else "0"

    def valid(self, value: Any) -> bool:
        return isinstance(value, bool)

    def decode(self, raw: str) -> tuple[Any, str | None]:
        if raw in ("1", "true", "on"):
            return True, None
        if raw in ("0", "false", "off"):
            return False, None
        return self.default, MALFORMED


@dataclass(frozen=True, kw_only=True)
class Text(Field):
    """Text the visitor typed: at most ``max_chars`` characters, control characters removed (a longer value is cut,
    with a note)."""

    max_chars: int = 500

    def encode(self, value: Any) -> str:
        return str(value)

    def valid(self, value: Any) -> bool:
        return isinstance(value, str) and len(value) <= self.max_chars and clean_text(value, self.max_chars) == value

    def decode(self, raw: str) -> tuple[Any, str | None]:
        cleaned = clean_text(raw, self.max_chars)
        return cleaned, (None if cleaned == raw else CLAMPED)


@dataclass(frozen=True)
class PageSetup:
    """The fields of one page (``page``: its url path, e.g. ``"training"``), in the order the page shows them."""

    page: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        params = [f.param for f in self.fields]
        keys = [f.key for f in self.fields]
        if len(set(params)) != len(params) or len(set(keys)) != len(keys):
            raise ValueError(f"{self.page}: two fields share a parameter or a key.")
        clash = RESERVED_PARAMS.intersection(params)
        if clash:
            raise ValueError(f"{self.page}: {sorted(clash)} are the app's own parameters.")

    def by_param(self, param: str) -> Field | None:
        return next((f for f in self.fields if f.param == param), None)

    def by_key(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def defaults(self) -> dict[str, Any]:
        return {f.key: _copy(f.default) for f in self.fields}

    def to_params(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The query parameters of ``values`` (session-state key -> value): only fields whose value differs from
        the default; a value that is not valid counts as the default."""
        params: dict[str, str] = {}
        for f in self.fields:
            if f.key not in values:
                continue
            value = f.normal(values[f.key])
            if f.encode(value) != f.encode(f.default):
                params[f.param] = f.encode(value)
        return params

    def from_params(self, params: Mapping[str, Any]) -> tuple[dict[str, Any], list[Note]]:
        """Every field's value (session-state key -> value) from a link's parameters, and what was not used as
        written. Never raises: ``params`` may hold anything (lists for repeated parameters, huge strings)."""
        values = self.defaults()
        notes: list[Note] = []
        for param, raw_value in params.items():
            param = str(param)
            if param in RESERVED_PARAMS:
                continue
            raw = _one(raw_value)
            f = self.by_param(param)
            if f is None:
                notes.append(Note(_short(param), _short(raw), UNKNOWN))
                continue
            if len(raw) > MAX_RAW_CHARS:
                notes.append(Note(param, _short(raw), MALFORMED, f.encode(f.default)))
                continue
            try:
                value, reason = f.decode(raw)
            except (ValueError, TypeError, OverflowError, ArithmeticError):  # a field's own parsing: never a crash
                value, reason = _copy(f.default), MALFORMED
            values[f.key] = value
            if reason is not None:
                notes.append(Note(param, _short(raw), reason, f.encode(value)))
        return values, notes[:MAX_NOTES]

    def round_trip(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """What a link made from ``values`` restores (the tests' property)."""
        return self.from_params(self.to_params(values))[0]


def _distance(option: float, number: float) -> float:
    """How far ``number`` is from ``option``: on a log scale where both are positive (learning rates, units), so
    0.02 goes to 0.03 rather than 0.01."""
    if option > 0 and number > 0:
        return abs(math.log(option) - math.log(number))
    return abs(option - number)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, (list, tuple)) else value


def _one(raw_value: Any) -> str:
    if isinstance(raw_value, (list, tuple)):
        raw_value = raw_value[-1] if raw_value else ""
    return raw_value if isinstance(raw_value, str) else str(raw_value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _parse_number(raw: str) -> float | None:
    if len(raw) > 40:
        return None
    try:
        number = float(raw.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def check_unique(setups: Sequence[PageSetup]) -> None:
    """Every page named once (the registry's own check)."""
    pages = [setup.page for setup in setups]
    if len(set(pages)) != len(pages):
        raise ValueError("Two setups describe the same page.")
