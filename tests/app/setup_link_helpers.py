"""What the per-page link tests share (tests/app/test_<page>_links.py): a lesson opened by a link, a hostile link,
and the checks that every control holds a valid value and that the URL says the setup.

AppTest keeps ``query_params`` across ``switch_page``, so a link is opened the way a visitor opens it: the entry
script's first run, then the page with the link's parameters in its URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamlit.testing.v1 import AppTest

from core.classroom.setups import PageSetup
from dashboard.i18n import translate
from tests.helpers import assert_no_exception, open_app

#: A link nobody should send: out of range, not an option, NaN, inf, 5,000 characters, unknown and repeated
#: parameters, control characters, HTML. ``page_params`` adds the page's own params with such values.
HOSTILE_EXTRAS: dict[str, Any] = {
    "zzz": "1",
    "<script>alert(1)</script>": "<script>alert(1)</script>",
    "": "empty",
}
HOSTILE_VALUES = (
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-5",
    "99999999",
    "x" * 5000,
    "<script>alert(1)</script>",
    "\x00\x1b[31m\u202e",
    "0x10",
    "",
)


def open_link(page_script: str, language: str, params: Mapping[str, Any], timeout: float = 120) -> AppTest:
    """The entry script in ``language``, then ``page_script`` opened with ``params`` in its URL."""
    app = open_app(language, timeout)
    app.switch_page(page_script)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert_no_exception(app)
    return app


def hostile_params(setup: PageSetup) -> dict[str, Any]:
    """Every field of ``setup`` given a bad value (in turn from HOSTILE_VALUES; one field repeated with all of
    them), plus unknown parameters."""
    params: dict[str, Any] = dict(HOSTILE_EXTRAS)
    for index, f in enumerate(setup.fields):
        params[f.param] = HOSTILE_VALUES[index % len(HOSTILE_VALUES)]
    params[setup.fields[0].param] = list(HOSTILE_VALUES)  # a repeated parameter: the last one counts
    return params


def notes_prefix(language: str) -> str:
    """The start of the one line that lists a link's values that were not used as written."""
    return translate("links.notes", language).split("{notes}")[0]


def link_notes(app: AppTest, language: str = "en") -> list[str]:
    """The page's note lines about a link's values that were not used as written."""
    prefix = notes_prefix(language)
    return [caption.value for caption in app.caption if caption.value.startswith(prefix)]


def assert_note_shown(app: AppTest, language: str) -> None:
    assert link_notes(app, language), [c.value for c in app.caption]


def assert_valid_state(app: AppTest, setup: PageSetup) -> None:
    """Every field's control that the session holds has a value the field accepts."""
    invalid = {
        f.param: app.session_state[f.key]
        for f in setup.fields
        if f.key in app.session_state and not f.valid(app.session_state[f.key])
    }
    assert not invalid, invalid


def setup_params(app: AppTest) -> dict[str, str]:
    """The page's setup as the URL says it now (without the app's own parameters such as ``lang``)."""
    return {name: value for name, value in app.query_params.items() if name not in ("lang", "class", "seat", "follow")}


def assert_every_value_round_trips(setup: PageSetup) -> None:
    """Each option of each choice, and each number field's ends and default, come back from a link as they were."""
    for f in setup.fields:
        values = list(getattr(f, "options", ())) or [f.low, f.high, f.default]
        for value in values:
            assert setup.round_trip({f.key: value})[f.key] == f.normal(value), (f.param, value)
