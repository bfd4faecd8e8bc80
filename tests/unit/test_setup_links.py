"""Every lesson's setup round-trips through its link, and no link, however hostile, raises (property-based).

The setups are the pages' own (``dashboard/setups/<page>.py``), so a field added to a page is covered here at once.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.classroom.setups import (
    MAX_NOTES,
    RESERVED_PARAMS,
    Choice,
    Choices,
    Flag,
    Number,
    PageSetup,
    Range,
    Text,
    clean_text,
)
from dashboard.navigation import ALL_PAGES
from dashboard.setups import page_setup

SETUPS = [page_setup(spec.url_path) for spec in ALL_PAGES]
WITH_FIELDS = [setup for setup in SETUPS if setup.fields]


def value_of(f):
    """Any value the field's widget can hold."""
    if isinstance(f, Choice):
        return st.sampled_from(f.options)
    if isinstance(f, Choices):
        return st.lists(st.sampled_from(f.options), unique=True) if f.options else st.just([])
    if isinstance(f, Number):
        if f.step:
            steps = int(round((f.high - f.low) / f.step))
            return (
                st.integers(0, steps)
                .map(lambda k: round(f.low + k * f.step, 10))
                .map((lambda v: int(v)) if f.integer else float)
            )
        if f.integer:
            return st.integers(int(math.ceil(f.low)), int(math.floor(f.high)))
        return st.floats(f.low, f.high, allow_nan=False)
    if isinstance(f, Range):
        end = Number(f.param, f.key, low=f.low, high=f.high, step=f.step, default=f.low)
        return st.lists(value_of(end), min_size=2, max_size=2).map(sorted)
    if isinstance(f, Flag):
        return st.booleans()
    if isinstance(f, Text):
        return st.text(max_size=f.max_chars).map(lambda text: clean_text(text, f.max_chars))
    raise AssertionError(f"no strategy for {type(f).__name__}")


def setups_with_values():
    return st.sampled_from(WITH_FIELDS).flatmap(
        lambda setup: st.tuples(st.just(setup), st.fixed_dictionaries({f.key: value_of(f) for f in setup.fields}))
    )


def test_every_lesson_has_a_setup_and_its_fields_are_sound():
    lessons = [spec.url_path for spec in ALL_PAGES if spec.uses_tensorflow]
    assert {setup.page for setup in WITH_FIELDS} >= set(lessons), "a lesson without link fields"
    for setup in WITH_FIELDS:
        for f in setup.fields:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", f.key), f"{setup.page}: {f.key} cannot be locked by its CSS class"
            assert re.fullmatch(r"[a-z][a-z0-9_]*", f.param), f"{setup.page}: {f.param} is not a short plain name"
            assert f.valid(f.default) or isinstance(f, Choices), f"{setup.page}: {f.param}'s default is not valid"
            assert f.param not in RESERVED_PARAMS


@settings(max_examples=300, deadline=None)
@given(setups_with_values())
def test_every_setup_round_trips_through_its_link(case):
    setup, values = case
    params = setup.to_params(values)
    restored, notes = setup.from_params(params)
    assert notes == []
    assert restored == {f.key: f.normal(values[f.key]) for f in setup.fields}
    # Short: nothing that is a default is written.
    defaults = setup.to_params(setup.defaults())
    assert defaults == {}
    assert all(params[f.param] != f.encode(f.default) for f in setup.fields if f.param in params)


hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["nan", "inf", "-inf", "1e309", "-0", "0x10", "1_000", " 3 ", "<script>alert(1)</script>", "\x00\x1b\u202e"]
    ),
    st.just("9" * 5000),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(WITH_FIELDS),
    st.data(),
)
def test_a_hostile_link_never_raises_and_leaves_only_valid_values(setup, data):
    names = st.one_of(st.sampled_from([f.param for f in setup.fields] + ["lang", "zz", ""]), st.text(max_size=12))
    values = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))
    params = data.draw(st.dictionaries(names, values, max_size=40))
    restored, notes = setup.from_params(params)
    assert set(restored) == {f.key for f in setup.fields}
    for f in setup.fields:
        assert f.valid(restored[f.key]) or (isinstance(f, Choices) and f.normal(restored[f.key]) == restored[f.key])
    assert len(notes) <= MAX_NOTES


@pytest.mark.parametrize(
    ("raw", "value", "reason"),
    [("0.1", 0.1, None), ("0.02", 0.03, "clamped"), ("12", 10.0, "clamped"), ("fast", 0.01, "malformed")],
)
def test_a_rate_between_options_goes_to_the_nearest_on_a_log_scale(raw, value, reason):
    setup = PageSetup("x", (Choice("lr", "k", options=(0.001, 0.003, 0.01, 0.03, 0.1, 1.0, 10.0), default=0.01),))
    restored, notes = setup.from_params({"lr": raw})
    assert restored == {"k": value}
    assert [note.reason for note in notes] == ([reason] if reason else [])
