"""A headless Streamlit client that speaks the app's own websocket protocol, for load tests.

A browser talks to a Streamlit server over one websocket (``/_stcore/stream``): it sends ``BackMsg`` protobufs
("run the script with these widget values") and receives ``ForwardMsg`` protobufs (the elements the script draws,
then "script finished"). Both message types ship inside the ``streamlit`` package, so this client needs nothing but
``websockets`` (a dependency of Streamlit's server) and costs a few megabytes per session instead of a browser:
thirty of them fit on a 2-core machine next to the server they measure.

What it does like the browser: it sends the widget values it has set on every run, presses buttons with a trigger
value, follows the fragments that ask to be re-run every few seconds (``auto_rerun``: the training panel polls this
way) and answers server-side reruns. It follows the server where it leads: a fragment that switches page
(``st.switch_page``) starts a new page's run, whose page (:attr:`StreamlitSession.page_name`) and address
(:attr:`StreamlitSession.query_string`, from ``page_info_changed``) the session then keeps, as the browser's address bar
does. What it does not do: run JavaScript. A custom component (the drawing canvas) is
driven by sending the value its frontend would send.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class Element:
    """One element the script drew: its type (``"button"``, ``"metric"``, ``"markdown"``...) and its protobuf."""

    kind: str
    proto: Any
    fragment_id: str = ""
    seconds: float = 0.0  # when it arrived, counted from the message that started the run

    @property
    def text(self) -> str:
        for name in ("body", "label", "value", "message"):
            value = getattr(self.proto, name, None)
            if isinstance(value, str) and value:
                return value
        return ""

    def mentions(self, text: str) -> bool:
        """True when its label, body or value contains ``text``."""
        return any(
            isinstance(getattr(self.proto, name, None), str) and text in getattr(self.proto, name)
            for name in ("label", "body", "value", "message", "placeholder")
        )

    @property
    def widget_id(self) -> str:
        return getattr(self.proto, "id", "")


@dataclass
class RunResult:
    """What one script run drew and how long it took."""

    elements: list[Element]
    seconds: float
    first_element_seconds: float | None
    exceptions: list[str] = field(default_factory=list)
    page_not_found: bool = False
    full_run: bool = True  # False: only a fragment ran


class ProtocolError(RuntimeError):
    pass


class StreamlitSession:
    """One visitor: a websocket to the server and the widget values this visitor has set."""

    def __init__(
        self, base_url: str, query_string: str = "", timeout: float = 120.0, cookie: str | None = None
    ) -> None:
        """``cookie``: the ``Cookie`` header a browser would send with its WebSocket, e.g. a load balancer's sticky
        ``SERVERID=r0`` that a first page load set."""
        websocket_url = base_url.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
        self.timeout = timeout
        self.query_string = query_string
        self.page_name = ""
        self.page_script_hash = ""  # told by the server when a page runs; sent back on every rerun of that page
        self.session_id = ""  # the server's id of this session (file uploads name it)
        self.websocket = connect(
            websocket_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=timeout,
            compression=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        )
        self.widget_values: dict[str, tuple[str, Any]] = {}
        self.elements: list[Element] = []
        self._auto_reruns: dict[str, float] = {}  # fragment id -> interval in seconds
        self._next_auto_rerun: dict[str, float] = {}  # fragment id -> when the browser's timer fires next
        self.page_urls: dict[str, str] = {}  # page script hash -> url path, from the navigation message
        self.last_run_ended = 0.0  # time.perf_counter() when the last run (full or fragment) finished

    def close(self) -> None:
        self.websocket.close()

    def __enter__(self) -> StreamlitSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- sending -------------------------------------------------------------------------------------------------

    def _send_rerun(self, triggers: dict[str, tuple[str, Any]] | None = None, fragment_id: str = "") -> None:
        message = BackMsg()
        client_state = message.rerun_script
        client_state.query_string = self.query_string
        client_state.page_name = self.page_name
        client_state.page_script_hash = self.page_script_hash
        if fragment_id:
            client_state.fragment_id = fragment_id
            client_state.is_auto_rerun = True
        for widget_id, (kind, value) in {**self.widget_values, **(triggers or {})}.items():
            state = client_state.widget_states.widgets.add()
            state.id = widget_id
            if kind == "json_value":
                setattr(state, kind, json.dumps(value))
            elif kind in ("int_array_value", "double_array_value", "string_array_value"):
                getattr(state, kind).data.extend(value)
            else:
                setattr(state, kind, value)
        self.websocket.send(message.SerializeToString())

    def _receive_run(self) -> RunResult:
        """Read messages until the run (full or fragment) has finished; keep what the page shows now."""
        started = time.perf_counter()
        first_element = None
        elements: list[Element] = []
        auto_reruns: dict[str, float] = {}
        exceptions: list[str] = []
        page_not_found = False
        while True:
            remaining = self.timeout - (time.perf_counter() - started)
            if remaining <= 0:
                raise ProtocolError(f"The script did not finish within {self.timeout:.0f} s.")
            message = ForwardMsg()
            message.ParseFromString(self.websocket.recv(timeout=remaining))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "add_block":
                block = message.delta.add_block
                if block.WhichOneof("type") == "tab_container":  # st.tabs with a key is a widget: its id is here
                    elements.append(Element("tab_container", block.tab_container, message.delta.fragment_id, 0.0))
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element_kind = message.delta.new_element.WhichOneof("type")
                proto = getattr(message.delta.new_element, element_kind)
                if first_element is None:
                    first_element = time.perf_counter() - started
                elements.append(Element(element_kind, proto, message.delta.fragment_id, time.perf_counter() - started))
                if element_kind == "exception":
                    exceptions.append(f"{proto.type}: {proto.message}")
                if getattr(proto, "set_value", False):
                    # The script set this widget's value (st.session_state): the browser takes it, and so do we.
                    self.widget_values.pop(getattr(proto, "id", ""), None)
            elif kind == "new_session":
                elements, auto_reruns = [], {}  # a new run starts (after st.rerun, the run before is void)
                if message.new_session.HasField("initialize"):
                    self.session_id = message.new_session.initialize.session_id
            elif kind == "navigation":
                self.page_script_hash = message.navigation.page_script_hash
                self.page_urls = {page.page_script_hash: page.url_pathname for page in message.navigation.app_pages}
                # The page that runs (another one after st.switch_page): the next reruns are of it.
                self.page_name = self.page_urls.get(self.page_script_hash, self.page_name)
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "auto_rerun":
                auto_reruns[message.auto_rerun.fragment_id] = message.auto_rerun.interval
            elif kind == "page_not_found":
                page_not_found = True
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): another run follows
                break
        self.last_run_ended = time.perf_counter()
        full_run = status != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        if full_run:
            self.elements, self._auto_reruns = elements, auto_reruns
            self._next_auto_rerun = {}
            # The browser sends the values of the widgets on the page only (another page's are gone).
            drawn = {element.widget_id for element in elements}
            self.widget_values = {key: value for key, value in self.widget_values.items() if key in drawn}
        else:
            fragment_ids = {element.fragment_id for element in elements}
            self.elements = [e for e in self.elements if e.fragment_id not in fragment_ids] + elements
            self._auto_reruns.update(auto_reruns)
        for fragment_id, interval in auto_reruns.items():  # a fragment drawn now: its timer starts now
            self._next_auto_rerun.setdefault(fragment_id, self.last_run_ended + interval)
        return RunResult(elements, time.perf_counter() - started, first_element, exceptions, page_not_found, full_run)

    # -- what a visitor does ---------------------------------------------------------------------------------------

    def open(self, page_name: str = "", query_string: str | None = None) -> RunResult:
        """Open a page by its url path (``""`` is the landing page), as clicking a link in the menu does."""
        self.page_name = page_name
        self.page_script_hash = ""
        if query_string is not None:
            self.query_string = query_string
        self.widget_values = {}
        self._auto_reruns = {}
        self._send_rerun()
        return self._receive_run()

    def find(self, kind: str, text: str | None = None) -> Element:
        """The first element of ``kind`` whose label/body contains ``text``."""
        for element in self.elements:
            if element.kind == kind and (text is None or element.mentions(text)):
                return element
        seen = sorted({f"{e.kind}:{e.text[:30]}" for e in self.elements if e.kind == kind})
        raise ProtocolError(f"No {kind} with {text!r} on the page (saw {seen}).")

    @property
    def polling(self) -> bool:
        """True while the page has fragments that ask to be re-run every few seconds (e.g. a live training panel)."""
        return bool(self._auto_reruns)

    def arrival(self, result: RunResult, kind: str, text: str) -> float | None:
        """Seconds until an element of ``kind`` mentioning ``text`` arrived in ``result`` (None if it did not)."""
        for element in result.elements:
            if element.kind == kind and element.mentions(text):
                return element.seconds
        return None

    def has(self, kind: str, text: str | None = None) -> bool:
        try:
            self.find(kind, text)
            return True
        except ProtocolError:
            return False

    def click(self, label: str) -> RunResult:
        """Press a button (a form's submit button too)."""
        return self.press(self.find("button", label))

    def press(self, button: Element) -> RunResult:
        """Press ``button`` (an element from :meth:`find` or :meth:`find_key`: a label in any language)."""
        self._send_rerun({button.widget_id: ("trigger_value", True)})
        return self._receive_run()

    def set_value(self, widget_id: str, kind: str, value: Any) -> RunResult:
        """Set a widget's value, e.g. ``("string_value", "text")`` or ``("json_value", {...})``, and rerun."""
        self.widget_values[widget_id] = (kind, value)
        self._send_rerun()
        return self._receive_run()

    def find_key(self, key: str) -> Element:
        """The widget created with ``key=key`` (Streamlit ends a keyed widget's id with ``-<key>``)."""
        for element in self.elements:
            if element.widget_id.endswith(f"-{key}"):
                return element
        raise ProtocolError(f"No widget with key {key!r} on the page.")

    def poll_due(self) -> list[RunResult]:
        """Rerun every polling fragment whose timer has fired, as the browser does: each fragment on a timer of its
        own interval (``setInterval``), counted from when the page drew it. Returns the runs (none when no timer
        fired). A run may be a new page's (a fragment that called ``st.switch_page``)."""
        now = time.perf_counter()
        results = []
        for fragment_id, interval in list(self._auto_reruns.items()):
            due = self._next_auto_rerun.setdefault(fragment_id, now)
            if due > now or fragment_id not in self._auto_reruns:
                continue
            # The next tick: one interval on, or from now when this one came late (a timer does not queue ticks).
            self._next_auto_rerun[fragment_id] = max(due + interval, now)
            self._send_rerun(fragment_id=fragment_id)
            results.append(self._receive_run())
            now = time.perf_counter()
        return results

    def next_poll_in(self) -> float | None:
        """Seconds until the next polling fragment's timer fires (None: nothing polls)."""
        if not self._auto_reruns:
            return None
        now = time.perf_counter()
        return max(
            0.0,
            min(self._next_auto_rerun.get(fragment_id, now) - now for fragment_id in self._auto_reruns),
        )

    def poll_until(self, predicate, timeout: float = 600.0) -> float:
        """Follow the page's polling fragments (as the browser does) until ``predicate(self)`` holds.

        Returns the seconds it took. A fragment that is no longer drawn stops being polled.
        """
        started = time.perf_counter()
        while not predicate(self):
            if time.perf_counter() - started > timeout:
                raise ProtocolError(f"The page did not reach the expected state within {timeout:.0f} s.")
            if not self._auto_reruns:
                # Nothing polls: what the page shows now is final.
                raise ProtocolError("The page stopped polling before reaching the expected state.")
            fragment_id, interval = next(iter(self._auto_reruns.items()))
            time.sleep(interval)
            self._send_rerun(fragment_id=fragment_id)
            self._receive_run()
        return time.perf_counter() - started
