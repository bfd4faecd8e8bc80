"""Hostile input for classroom mode: a link's query string on every page, a nickname, a class code, a seat id, an
answer, a question. Nothing raises but the class' own refusals, and what is kept is plain, bounded text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.classroom import room as room_module
from core.classroom.room import ClassRegistry, clean_nickname
from dashboard.navigation import ALL_PAGES
from dashboard.setups import page_setup

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=300)
anything = st.one_of(any_text, st.integers(), st.floats(), st.none(), st.booleans(), st.lists(any_text, max_size=3))
SETUPS = [page_setup(spec.url_path) for spec in ALL_PAGES]


@given(st.sampled_from(SETUPS), st.dictionaries(any_text, st.one_of(any_text, st.lists(any_text, max_size=4))))
def test_any_query_string_on_any_page(setup, params):
    values, notes = setup.from_params(params)
    assert set(values) == {f.key for f in setup.fields}
    for f in setup.fields:
        assert f.normal(values[f.key]) == values[f.key] or f.valid(values[f.key])
    for note in notes:
        assert len(note.raw) <= 40 and "\x00" not in note.raw


@given(anything)
def test_any_nickname_is_plain_bounded_text(nickname):
    shown = clean_nickname(nickname)
    assert len(shown) <= room_module.MAX_NICKNAME
    assert shown == shown.strip()
    assert not any(unicodedata.category(ch).startswith("C") for ch in shown)


@given(anything, anything, anything, st.lists(anything, max_size=6), anything)
def test_any_code_seat_answer_or_question(code, seat, index, answers, text):
    classes = ClassRegistry()
    token = classes.unlock("s", "workshop42", "workshop42")
    room = classes.start(token)
    assert classes.get(code) in (None, room)
    joined = room.join(seat if isinstance(seat, str) else None)
    assert room.seat(joined) is not None
    room.set_nickname(joined, code)
    try:
        room.ask(token, text, answers)
    except ValueError:
        assert room.question is None
    assert room.answer(joined, index) in (True, False)
    assert sum(room.tally()) <= 1
