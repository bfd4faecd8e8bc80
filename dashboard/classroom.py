"""Classroom mode in every session: joining a class from its link, following the instructor, the room's rules, the
question of the moment, and the instructor's lead. The class itself is :mod:`core.classroom.room`; the instructor's
panel is the /classroom page (``app_pages/classroom.py``, ``dashboard/classroom_panel.py``).

The entry script calls :func:`before_page` (who this session is in the class, the sidebar's class box, the room's
rules for the page) and :func:`after_page` (the instructor's lead, an attendee's experiment run).

- **Joining.** The class link is ``/?class=CODE&follow=1``. A visitor who opens it gets a seat, whose id is then kept
  in their URL (``seat=``), so a reload keeps their seat, their answers and their runs. Following is on for a visitor
  who came by the class link.
- **Following.** A fragment polls the class every second (:data:`POLL_SECONDS`). When the instructor's step changed
  and the attendee follows, it moves them to the instructor's page and setup (``st.switch_page``; the setup is
  applied as a link's, see ``dashboard/setup_links.py``). The attendee keeps their own language.
- **Rules.** The instructor's locks and hidden controls apply to every attendee, following or not.
- **Fair share.** An attendee's trainings are queued under their seat, the instructor's ahead of everyone's
  (``dashboard/training_ui.py`` reads the two session keys set here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from core import settings
from core.classroom.room import Classroom, NoSuchClass, NotInstructor, registry
from dashboard import setup_links
from dashboard.i18n import t
from dashboard.navigation import ALL_PAGES, PAGES_BY_URL
from dashboard.setups import page_setup

CODE_KEY = "class_code"
SEAT_KEY = "class_seat"
TOKEN_KEY = "class_instructor_token"
APPLIED_KEY = "class_step_applied"
ACTION_KEY = "class_action_applied"
ENDED_KEY = "class_ended_note"
_PRE_HANDLE_KEY = "class_handle_before_run"
_LAST_PARAMS_KEY = "class_instructor_setups"
_RULES_SEEN_KEY = "class_rules_seen"
OWNER_STATE_KEY = "training_owner_id"  # dashboard/training_ui.py queues this session's trainings under it
PRIORITY_STATE_KEY = "training_priority"  # ... and the instructor's first
POLL_SECONDS = 1.0
PANEL_PAGE = "classroom"
#: The pages whose Train a class experiment records, and the session keys of their jobs.
EXPERIMENT_SLOTS = {"training": "training_job__live_training"}
#: What makes a followed page press its Train button ("train" steps: a question revealed by running it).
TRAIN_REQUESTS = {"training": "train_course_request"}
_CODE = re.compile(r"^[A-Z0-9]{4,8}$")
_SEAT = re.compile(r"^[A-Za-z0-9_-]{6,40}$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


@dataclass(frozen=True)
class Membership:
    """This session in a class: the class, and either the instructor's token or the attendee's seat."""

    room: Classroom
    token: str | None = None
    seat: str | None = None

    @property
    def instructor(self) -> bool:
        return self.token is not None and self.room.is_instructor(self.token)


def plain(text: str) -> str:
    """``text`` shown literally where Streamlit renders Markdown (radio options, labels): every Markdown character
    escaped. (HTML is never rendered there.)"""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def configured_passphrase() -> str | None:
    """The operator's passphrase: ``DASHBOARD_INSTRUCTOR_PASSPHRASE``, else ``st.secrets["instructor_passphrase"]``."""
    from_env = settings.instructor_passphrase()
    if from_env:
        return from_env
    try:
        value = st.secrets.get("instructor_passphrase")
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no instructor mode
        return None
    return value if isinstance(value, str) and len(value) >= settings.MIN_PASSPHRASE_CHARS else None


def script_of(url_path: str) -> str:
    return PAGES_BY_URL[url_path].script


def membership() -> Membership | None:
    """This session's class, read from its state and its URL (joining the class named in the URL)."""
    token = st.session_state.get(TOKEN_KEY)
    code = st.session_state.get(CODE_KEY)
    if token and code:
        room = registry().get(code)
        if room is not None and room.is_instructor(token):
            return Membership(room, token=token)
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state.pop(CODE_KEY, None)
    url_code = st.query_params.get("class")
    if url_code is not None:
        url_code = url_code.strip().upper()
        if _CODE.match(url_code) and url_code != code:
            st.session_state[CODE_KEY] = code = url_code
            st.session_state.pop(SEAT_KEY, None)
            st.session_state[APPLIED_KEY] = -1
            st.session_state["class_follow_default"] = st.query_params.get("follow", "1") != "0"
    if not code:
        return None
    room = registry().get(code)
    if room is None or room.ended:
        _leave(ended=code)
        return None
    wanted_seat = st.session_state.get(SEAT_KEY) or st.query_params.get("seat")
    wanted_seat = wanted_seat if isinstance(wanted_seat, str) and _SEAT.match(wanted_seat) else None
    try:
        seat = room.join(wanted_seat, language=st.session_state.get("lang", "en"))
    except NoSuchClass:
        _leave(ended=code)
        return None
    if seat != wanted_seat:  # a new seat: follow the instructor when the visitor came by the class link
        room.set_following(seat, st.session_state.pop("class_follow_default", True))
        st.session_state[APPLIED_KEY] = -1
    st.session_state[SEAT_KEY] = seat
    if st.query_params.get("seat") != seat or st.query_params.get("class") != room.code:
        st.query_params["class"] = room.code
        st.query_params["seat"] = seat
    return Membership(room, seat=seat)


def _leave(ended: str | None = None) -> None:
    for key in (CODE_KEY, SEAT_KEY, TOKEN_KEY, APPLIED_KEY, OWNER_STATE_KEY, PRIORITY_STATE_KEY):
        st.session_state.pop(key, None)
    for name in ("class", "seat", "follow"):
        if name in st.query_params:
            del st.query_params[name]
    if ended:
        st.session_state[ENDED_KEY] = ended


def leave_class() -> None:
    _leave()


# -- the entry script's two calls ---------------------------------------------------------------------------------


def before_page(url_path: str) -> Membership | None:
    """Who this session is in a class, its sidebar box, and the room's rules for the page (applied with the link)."""
    member = membership()
    ended = st.session_state.pop(ENDED_KEY, None)
    if ended:
        st.sidebar.info(t("class.ended", code=ended), icon=":material/school:")
    if member is None:  # (leaving a class drops the queue keys it set: see _leave)
        setup_links.enter_page(url_path)
        return None
    if member.instructor:
        st.session_state[PRIORITY_STATE_KEY] = True
        st.session_state.pop(OWNER_STATE_KEY, None)
        _instructor_box(member, url_path)
        setup_links.enter_page(url_path)
        _lead(member, url_path, setup_links.current_params(url_path))  # before the page draws: the room moves now
        return member
    st.session_state[OWNER_STATE_KEY] = member.seat
    st.session_state.pop(PRIORITY_STATE_KEY, None)
    slot_key = EXPERIMENT_SLOTS.get(url_path)
    st.session_state[_PRE_HANDLE_KEY] = st.session_state.get(slot_key) if slot_key else None
    _attendee_box(member)
    rules = member.room.rules(url_path)
    setup_links.enter_page(url_path, locks=dict(rules.locks), hidden=rules.hidden)
    return member


def after_page(member: Membership | None, url_path: str, params: dict[str, str]) -> None:
    """After the page ran: the instructor leads the room there; an attendee's new training joins the experiment."""
    if member is None:
        return
    room = member.room
    if member.instructor:
        _lead(member, url_path, params)  # what the page's own run settled (a default it filled in)
        if url_path != PANEL_PAGE:
            st.session_state.setdefault(_LAST_PARAMS_KEY, {})[url_path] = dict(params)
        return
    experiment = room.experiment
    if experiment is None or experiment[0] != url_path or url_path not in EXPERIMENT_SLOTS:
        return
    handle = st.session_state.get(EXPERIMENT_SLOTS[url_path])
    if handle is not None and handle is not st.session_state.get(_PRE_HANDLE_KEY):  # Train was pressed in this run
        setup = page_setup(url_path)
        values = setup_links.current_values(setup)
        chosen = {f.param: f.encode(f.normal(values[f.key])) for f in setup.fields if f.param in experiment[1]}
        room.add_run(member.seat, chosen, handle)  # every chosen value, the defaults too


def _lead(member: Membership, url_path: str, params: dict[str, str]) -> None:
    room = member.room
    if room.leading and url_path != PANEL_PAGE and url_path in PAGES_BY_URL:
        try:
            room.lead(member.token, url_path, params)
        except (NotInstructor, NoSuchClass):
            pass


# -- the attendee's box ----------------------------------------------------------------------------------------


def _set_following(room: Classroom, seat: str) -> None:
    following = bool(st.session_state.get("class_follow_toggle"))
    room.set_following(seat, following)
    if following:
        st.session_state[APPLIED_KEY] = -1  # back to where the instructor is now


def _set_nickname(room: Classroom, seat: str) -> None:
    cleaned = room.set_nickname(seat, st.session_state.get("class_nickname", ""))
    st.session_state["class_nickname"] = cleaned


def _attendee_box(member: Membership) -> None:
    room, seat = member.room, member.seat
    own = room.seat(seat)
    with st.sidebar.container(border=True, key="class_box"):
        st.markdown(t("class.box.title", code=room.code))
        st.session_state["class_follow_toggle"] = own.following if own else True
        st.toggle(
            t("class.follow"),
            key="class_follow_toggle",
            on_change=_set_following,
            args=(room, seat),
            help=t("class.follow.help"),
        )
        if "class_nickname" not in st.session_state:
            st.session_state["class_nickname"] = own.nickname if own else ""
        st.text_input(
            t("class.nickname"),
            key="class_nickname",
            max_chars=24,
            on_change=_set_nickname,
            args=(room, seat),
            help=t("class.nickname.help"),
        )
        _attendee_poll(room.code, seat)
        st.button(t("class.leave"), key="class_leave", on_click=leave_class, icon=":material/logout:")


@st.fragment(run_every=POLL_SECONDS)
def _attendee_poll(code: str, seat: str) -> None:
    room = registry().get(code)
    if room is None or room.ended or not room.seen(seat, st.session_state.get("lang")):
        st.rerun()  # the class ended: one full run says so and drops the class from the URL
    if room.rules_version != st.session_state.setdefault(_RULES_SEEN_KEY, room.rules_version):
        st.session_state[_RULES_SEEN_KEY] = room.rules_version
        st.rerun()  # the instructor locked or hid controls: one full run applies them on this page
    own = room.seat(seat)
    step = room.step
    if own is not None and own.following and room.leading and step.page in PAGES_BY_URL:
        if step.version != st.session_state.get(APPLIED_KEY):
            st.session_state[APPLIED_KEY] = step.version
            setup_links.request_step(step.page, dict(step.params))
            request_key = TRAIN_REQUESTS.get(step.page)
            if step.action == "train" and request_key and step.action_id != st.session_state.get(ACTION_KEY):
                st.session_state[ACTION_KEY] = step.action_id
                st.session_state[request_key] = True
            # The step's setup goes in the address too: the new page's own URL update may come before the switch's.
            st.switch_page(script_of(step.page), query_params=_own_params(room.code, seat) | dict(step.params))
    if own is not None and own.following:
        st.caption(t("class.following"))
    _question_ui(room, seat)


def _own_params(code: str, seat: str) -> dict[str, str]:
    return {"lang": st.session_state.get("lang", "en"), "class": code, "seat": seat}


def _answer(room: Classroom, seat: str) -> None:
    choice = st.session_state.get("class_answer_choice")
    if isinstance(choice, int):
        room.answer(seat, choice)


def _question_ui(room: Classroom, seat: str) -> None:
    question = room.question
    if question is None:
        return
    st.markdown(f"**{t('class.question')}**")
    st.text(question.text)
    own = room.seat(seat)
    if question.revealed:
        tally = room.tally()
        total = sum(tally) or 1
        for index, (answer, votes) in enumerate(zip(question.answers, tally, strict=True)):
            mine = " ←" if own is not None and own.answer == index else ""
            st.progress(votes / total, text=f"{plain(answer)}: {votes}{mine}")
        return
    options = list(range(len(question.answers)))
    st.radio(
        t("class.question.pick"),
        options,
        format_func=lambda index: plain(question.answers[index]),
        index=own.answer if own is not None and own.answer is not None else None,
        key="class_answer_choice",
        label_visibility="collapsed",
    )
    st.button(t("class.question.send"), key="class_answer_send", on_click=_answer, args=(room, seat))
    if own is not None and own.answer is not None:
        st.caption(t("class.question.sent", answer=plain(question.answers[own.answer])))


# -- the instructor's box ---------------------------------------------------------------------------------------


def _set_leading(member: Membership) -> None:
    member.room.set_leading(member.token, bool(st.session_state.get("class_lead_toggle")))


def _instructor_box(member: Membership, url_path: str) -> None:
    room = member.room
    with st.sidebar.container(border=True, key="class_box"):
        counts = room.counts()
        st.markdown(t("class.box.instructor", code=room.code))
        st.caption(t("class.counts", present=counts["present"], following=counts["following"]))
        st.session_state["class_lead_toggle"] = room.leading
        st.toggle(
            t("class.lead"), key="class_lead_toggle", on_change=_set_leading, args=(member,), help=t("class.lead.help")
        )
        if url_path != PANEL_PAGE:
            st.page_link(script_of(PANEL_PAGE), label=t("class.panel.open"), icon=":material/co_present:")


def instructor_setup(url_path: str) -> dict[str, str]:
    """The setup the instructor last had on ``url_path`` (what a lock or an experiment gives the room). Streamlit
    forgets a page's widget values once another page is shown, so the panel cannot read them from the widgets."""
    return dict(st.session_state.get(_LAST_PARAMS_KEY, {}).get(url_path, {}))


def lesson_pages() -> list[str]:
    """The url paths the instructor can lead to and lock (the lessons, the home page and the course)."""
    return [spec.url_path for spec in ALL_PAGES if spec.url_path != PANEL_PAGE]


def classroom_in_menu() -> bool:
    """The /classroom page is always in the menu: anyone may join a class by its code there, and a deep link to it
    always works (the page itself says when this server offers no instructor)."""
    return True
