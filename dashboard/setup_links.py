"""Every setup is a link: a page's controls go into the URL's query string as the visitor changes them, and a link
puts them back.

The entry script calls :func:`enter_page` before the page runs and :func:`sync_url` after it; pages do nothing but
create their widgets with the keys their setup names (``dashboard/setups/<page>.py``).

- **Entering a page** with setup parameters in the URL (a shared link, the instructor's lead, a reload) sets every
  field of the page's setup in ``st.session_state``: the link's values, the defaults for what it does not name. A
  value that was clamped or ignored is listed in one short note at the top of the page. Entering a page from the
  menu (no parameters) keeps what the visitor had.
- **After each run** the URL is rewritten to the page's current setup (only what differs from the defaults), with the
  app's own parameters (language, class, seat) kept.
- **The room's rules** (a class the session joined, see ``dashboard/classroom.py``): a locked control gets the
  instructor's value on every run and cannot be used; a hidden one is not shown. Both are done by the control's key:
  Streamlit gives a keyed widget the CSS class ``st-key-<key>``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from core.classroom.setups import RESERVED_PARAMS, Choice, Field, Note, PageSetup
from dashboard.i18n import t
from dashboard.navigation import PAGES_BY_URL
from dashboard.setups import page_setup

# {"page": url path of the last run, "written": params written to the URL then, "memory": url path -> its last params}
_STATE_KEY = "setup_links"
_PENDING_KEY = "setup_links_pending"  # (url path, params): a step to apply on the next entry (following)
_NOTES_KEY = "setup_links_notes"
LOCKED_NAMED = 4  # the locked controls named at the top of the page; the rest are counted
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


# -- state <-> field values -------------------------------------------------------------------------------------


def _state_text(f: Choice, option: Any) -> str:
    """The translated text a widget keeps for ``option`` (the page that draws the widget uses the same keys)."""
    return t(f.state_text + str(option))


def _to_state(f: Field, value: Any) -> Any:
    if isinstance(f, Choice) and f.state_text:
        return _state_text(f, value)
    return value


def _from_state(f: Field, value: Any) -> Any:
    if isinstance(f, Choice) and f.state_text:
        return next((option for option in f.options if _state_text(f, option) == value), f.default)
    return value


def current_values(setup: PageSetup) -> dict[str, Any]:
    """The page's fields as this session has them now (session-state key -> value; the default for a control not
    drawn yet)."""
    values = {}
    for f in setup.fields:
        values[f.key] = _from_state(f, st.session_state[f.key]) if f.key in st.session_state else f.default
    return values


def current_params(url_path: str) -> dict[str, str]:
    """The page's setup as query parameters (only what differs from the defaults)."""
    setup = page_setup(url_path)
    return setup.to_params(current_values(setup))


def apply_values(setup: PageSetup, values: dict[str, Any]) -> None:
    for f in setup.fields:
        if f.key in values:
            st.session_state[f.key] = _to_state(f, values[f.key])


def _url_params() -> dict[str, str]:
    return {name: st.query_params.get(name, "") for name in st.query_params.keys()}


def request_step(url_path: str, params: dict[str, str]) -> None:
    """Apply ``params`` as a link on the next entry of ``url_path`` (the caller then switches to it)."""
    st.session_state[_PENDING_KEY] = (url_path, dict(params))


def language_stable_tabs(ids: tuple[str, ...], prefix: str, key: str) -> dict[str, Any]:
    """Keyed, lazy ``st.tabs`` (``{id: tab}``, labels ``t(prefix + id)``) whose open tab survives a language switch:
    Streamlit keeps the open tab's *label*, which the other language does not have."""
    labels = {tab_id: t(prefix + tab_id) for tab_id in ids}
    by_label = {label: tab_id for tab_id, label in labels.items()}
    id_key = f"{key}__open"
    current = st.session_state.get(key)
    if current in by_label:
        st.session_state[id_key] = by_label[current]
    elif st.session_state.get(id_key) in labels:
        st.session_state[key] = labels[st.session_state[id_key]]
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun")
    return dict(zip(ids, tabs, strict=True))


# -- the entry script's two calls ---------------------------------------------------------------------------------


def enter_page(url_path: str, locks: dict[str, str] | None = None, hidden: frozenset[str] = frozenset()) -> None:
    """Before the page runs: apply a link or a followed step, then the room's ``locks`` (param -> encoded value) and
    ``hidden`` params."""
    setup = page_setup(url_path)
    state = st.session_state.setdefault(_STATE_KEY, {"page": None, "written": None})
    memory = state.setdefault("memory", {})
    link = {name: value for name, value in _url_params().items() if name not in RESERVED_PARAMS}
    pending = st.session_state.pop(_PENDING_KEY, None)
    if pending is not None and pending[0] == url_path:
        params, apply = pending[1], True
    elif state["page"] != url_path and link:
        params, apply = link, True
    elif state["page"] != url_path:
        # Back from the menu: Streamlit forgot this page's widgets when another page was shown; put back the setup
        # the visitor left it with (no note: nothing is being corrected).
        params = memory.get(url_path, {})
        apply = bool(params) and params != current_params(url_path)
        if apply:
            apply_values(setup, setup.from_params(params)[0])
            apply = False
    else:  # the same page: only a URL the app did not write itself (the browser's back button, an edited address)
        params, apply = link, state["written"] is not None and link != state["written"]
    state["page"] = url_path
    if apply:
        values, notes = setup.from_params(params)
        apply_values(setup, values)
        # Shown until the visitor changes something: compared with the setup the first run settles (a page may
        # correct a value itself, e.g. a row that its text no longer has).
        st.session_state[_NOTES_KEY] = (url_path, None, notes) if notes else None
    _apply_room_rules(setup, locks or {}, hidden)
    # The note stays until the visitor changes a control or leaves the page (reruns of their own keep it).
    shown = st.session_state.get(_NOTES_KEY)
    if shown and shown[0] == url_path and shown[1] in (None, current_params(url_path)):
        st.caption(notes_text(shown[2]), help=t("links.notes.help"))
    elif shown:
        st.session_state[_NOTES_KEY] = None


def sync_url(url_path: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """After the page ran: the URL says the page's current setup. Returns the setup's parameters."""
    params = current_params(url_path)
    state = st.session_state.setdefault(_STATE_KEY, {"page": url_path, "written": None})
    kept = {name: st.query_params.get(name, "") for name in RESERVED_PARAMS if name in st.query_params}
    wanted = kept | (extra or {}) | params
    if _url_params() != wanted:
        st.query_params.from_dict(wanted)
    state["page"] = url_path
    state["written"] = params
    state.setdefault("memory", {})[url_path] = params
    shown = st.session_state.get(_NOTES_KEY)
    if shown and shown[0] == url_path and shown[1] is None:
        st.session_state[_NOTES_KEY] = (url_path, params, shown[2])
    return params


def notes_text(notes: list[Note]) -> str:
    """One short translated line about the link's values that were not used as written."""
    parts = []
    for note in notes:
        if note.reason == "unknown":
            parts.append(t("links.note.unknown", param=note.param))
        else:
            parts.append(t(f"links.note.{note.reason}", param=note.param, raw=note.raw, used=note.used or ""))
    return t("links.notes", notes="; ".join(parts))


# -- the room's rules ------------------------------------------------------------------------------------------


def _room_style(locked_keys: list[str], hidden_keys: list[str]) -> str:
    """The style block that greys locked controls and hides hidden ones, by their widgets' CSS classes. Only plain
    identifiers pass (the setups' own keys): anything else is refused, so no text can become markup."""
    for key in (*locked_keys, *hidden_keys):
        if not _SAFE_KEY.match(key):
            raise ValueError(f"{key!r} is not a plain widget key.")
    rules = [f".st-key-{key} {{pointer-events: none; opacity: 0.55;}}" for key in locked_keys]
    rules += [f".st-key-{key} {{display: none;}}" for key in hidden_keys]
    style = "<style>" + "\n".join(rules) + "</style>"
    st.html(style)  # style only: Streamlit puts it in the page's event container, where it takes no space
    return style


def _apply_room_rules(setup: PageSetup, locks: dict[str, str], hidden: frozenset[str]) -> None:
    if not locks and not hidden:
        return
    locked_keys, hidden_keys, locked_labels = [], [], []
    for param, raw in locks.items():
        f = setup.by_param(param)
        if f is None or not _SAFE_KEY.match(f.key):
            continue
        value, _reason = f.decode(raw)
        st.session_state[f.key] = _to_state(f, value)
        locked_keys.append(f.key)
        if param not in hidden:
            locked_labels.append(t(f.label_key) if f.label_key else param)
    for param in hidden:
        f = setup.by_param(param)
        if f is not None and _SAFE_KEY.match(f.key):
            hidden_keys.append(f.key)
    if locked_keys or hidden_keys:
        _room_style(locked_keys, hidden_keys)
    if locked_labels:
        shown = ", ".join(locked_labels[:LOCKED_NAMED])
        if len(locked_labels) > LOCKED_NAMED:  # an experiment locks everything but one or two controls
            shown = t("links.locked.more", controls=shown, more=len(locked_labels) - LOCKED_NAMED)
        st.caption(t("links.locked", controls=shown), help=t("links.locked.help"))


# -- the copy-link button ----------------------------------------------------------------------------------------


def page_link(url_path: str, params: dict[str, str]) -> str:
    """The address of ``url_path`` with ``params``, on the host the visitor used."""
    try:
        base = urlsplit(st.context.url or "")
    except (AttributeError, ValueError):
        base = urlsplit("")
    root = base.path.rstrip("/")
    last = root.rsplit("/", 1)[-1]
    if last and last in PAGES_BY_URL:  # the address of a page: the app's root is the part before it
        root = root[: -len(last) - 1]
    path = f"{root}/{url_path}" if url_path else (root or "/")
    return urlunsplit((base.scheme or "http", base.netloc or "localhost:8501", path, urlencode(params), ""))


def copy_link_ui(url_path: str, language: str) -> None:
    """The sidebar's "copy link" button: this page and setup, in this language, without the visitor's seat."""
    params = current_params(url_path) | {"lang": language}
    with st.sidebar.popover(t("links.copy"), icon=":material/link:", width="stretch"):
        st.caption(t("links.copy.help"))
        st.code(page_link(url_path, params), language=None, wrap_lines=True)
