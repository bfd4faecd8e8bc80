"""The /classroom page's parts: joining by code, unlocking the instructor's panel, and the panel itself (the class
link, leading, the room's locks, a class experiment with its live chart, a question with its live answers, ending
the class). The class is :mod:`core.classroom.room`; what every session does is ``dashboard/classroom.py``."""

from __future__ import annotations

import streamlit as st

from core.classroom.room import MAX_ANSWER, MAX_QUESTION, NoSuchClass, registry
from dashboard import classroom as room_ui
from dashboard import setup_links
from dashboard.figures import classroom as figures
from dashboard.i18n import t
from dashboard.navigation import PAGES_BY_URL
from dashboard.setups import page_setup
from dashboard.training_ui import watcher_id

RESULTS_POLL_SECONDS = 1.0
#: The panel's tabs, in order (their labels are ``class.tab.<id>``).
PANEL_TABS = ("lead", "rules", "experiment", "question", "end")


def page_name(url_path: str) -> str:
    return t(PAGES_BY_URL[url_path].title_key)


def field_name(url_path: str, param: str) -> str:
    f = page_setup(url_path).by_param(param)
    return t(f.label_key) if f is not None and f.label_key else param


def field_choice(url_path: str, param: str) -> str:
    """A control in the panel's menus: its label and its link parameter (two groups of controls on one page can
    share a label, e.g. the learning rate of the 2-D sets and of the images)."""
    return f"{field_name(url_path, param)} · {param}"


# -- not the instructor -------------------------------------------------------------------------------------------


def _join(code_key: str) -> None:
    code = str(st.session_state.get(code_key, "")).strip().upper()
    if registry().get(code) is None:
        st.session_state["class_join_error"] = code
        return
    st.query_params["class"] = code
    st.query_params["follow"] = "1"


def join_ui(member) -> None:
    st.subheader(t("class.join.header"))
    if member is not None and not member.instructor:
        st.success(t("class.join.in", code=member.room.code), icon=":material/school:")
        return
    code_column, button_column = st.columns([2, 1], vertical_alignment="bottom")
    code_column.text_input(t("class.join.code"), key="class_join_code", max_chars=8, placeholder="ABC234")
    button_column.button(t("class.join.button"), key="class_join", on_click=_join, args=("class_join_code",))
    wrong = st.session_state.pop("class_join_error", None)
    if wrong is not None:
        st.warning(t("class.join.unknown"), icon=":material/search_off:")


def _unlock() -> None:
    given = st.session_state.get("class_passphrase", "")
    st.session_state["class_passphrase"] = ""
    who = st.context.ip_address or watcher_id()
    token = registry().unlock(who, given, room_ui.configured_passphrase())
    if token is None:
        st.session_state["class_unlock_error"] = "paused" if registry().paused(who) else "wrong"
        return
    st.session_state[room_ui.TOKEN_KEY] = token
    st.session_state.pop(room_ui.CODE_KEY, None)


def unlock_ui() -> None:
    st.subheader(t("class.unlock.header"))
    if room_ui.configured_passphrase() is None:
        st.info(t("class.unlock.off"), icon=":material/lock:")
        return
    with st.form("class_unlock_form", border=False):
        st.text_input(t("class.unlock.passphrase"), type="password", key="class_passphrase", max_chars=200)
        st.form_submit_button(t("class.unlock.button"), on_click=_unlock, icon=":material/key:")
    error = st.session_state.pop("class_unlock_error", None)
    if error == "wrong":
        st.error(t("class.unlock.wrong"), icon=":material/block:")
    elif error == "paused":
        st.error(t("class.unlock.paused"), icon=":material/timer:")


# -- the instructor -----------------------------------------------------------------------------------------------


def _start(token: str) -> None:
    room = registry().start(token)
    st.session_state[room_ui.CODE_KEY] = room.code


def _resume(code: str, token: str) -> None:
    try:
        room = registry().resume(code, token)
    except NoSuchClass:
        return
    st.session_state[room_ui.CODE_KEY] = room.code


def _end(code: str, token: str) -> None:
    registry().end(code, token)
    st.session_state.pop(room_ui.CODE_KEY, None)


def _lock_out() -> None:
    st.session_state.pop(room_ui.TOKEN_KEY, None)
    st.session_state.pop(room_ui.CODE_KEY, None)


def start_ui(token: str) -> None:
    st.button(
        t("class.start"), key="class_start", type="primary", on_click=_start, args=(token,), icon=":material/add:"
    )
    codes = registry().codes()
    if codes:
        st.caption(t("class.resume.caption"))
        for code in codes:
            st.button(t("class.resume", code=code), key=f"class_resume_{code}", on_click=_resume, args=(code, token))
    st.button(t("class.lock_out"), key="class_lock_out", on_click=_lock_out, icon=":material/lock:")


def class_link(code: str) -> str:
    return setup_links.page_link("", {"class": code, "follow": "1"})


def header_ui(member) -> None:
    room = member.room
    counts = room.counts()
    code_column, link_column = st.columns([1, 3])
    code_column.metric(t("class.code"), room.code)
    with code_column:
        _counts(room.code)
    with link_column:
        st.markdown(t("class.link"))
        st.code(class_link(room.code), language=None, wrap_lines=True)
        st.caption(t("class.link.help"))
    with st.expander(t("class.attendees", count=counts["seats"]), icon=":material/groups:"):
        names = [seat.nickname for seat in room.attendees(member.token) if seat.nickname]
        st.text(", ".join(names) if names else t("class.attendees.anonymous"))


@st.fragment(run_every=2.0)
def _counts(code: str) -> None:
    room = registry().get(code)
    if room is not None:
        counts = room.counts()
        st.caption(t("class.counts", present=counts["present"], following=counts["following"]))


def lead_ui(member) -> None:
    room = member.room
    st.subheader(t("class.lead.header"))
    step = room.step
    if step.page in PAGES_BY_URL and step.version:
        st.caption(t("class.lead.now", page=page_name(step.page)))
    st.markdown(t("class.lead.how"))


def _apply_rules(member, page_key: str, locked_key: str, hidden_key: str) -> None:
    url_path = st.session_state.get(page_key)
    setup = page_setup(url_path)
    mine = room_ui.instructor_setup(url_path)
    locked = st.session_state.get(locked_key) or []
    hidden = st.session_state.get(hidden_key) or []
    locks = {param: mine.get(param, setup.by_param(param).encode(setup.by_param(param).default)) for param in locked}
    member.room.set_rules(member.token, url_path, locks, hidden)


def rules_ui(member) -> None:
    st.subheader(t("class.rules.header"))
    st.caption(t("class.rules.help"))
    pages = [p for p in room_ui.lesson_pages() if page_setup(p).fields]
    url_path = st.selectbox(t("class.rules.page"), pages, format_func=page_name, key="class_rules_page")
    setup = page_setup(url_path)
    params = [f.param for f in setup.fields]
    rules = member.room.rules(url_path)
    st.session_state["class_rules_locked"] = [p for p in params if p in rules.locks]
    st.session_state["class_rules_hidden"] = [p for p in params if p in rules.hidden]
    with st.form("class_rules_form", border=False):
        st.multiselect(
            t("class.rules.locked"),
            params,
            format_func=lambda p: field_choice(url_path, p),
            key="class_rules_locked",
        )
        st.multiselect(
            t("class.rules.hidden"),
            params,
            format_func=lambda p: field_choice(url_path, p),
            key="class_rules_hidden",
        )
        st.form_submit_button(
            t("class.rules.apply"),
            on_click=_apply_rules,
            args=(member, "class_rules_page", "class_rules_locked", "class_rules_hidden"),
        )


# -- the experiment ----------------------------------------------------------------------------------------------


def _start_experiment(member, page_key: str, free_key: str) -> None:
    url_path = st.session_state.get(page_key)
    free = list(st.session_state.get(free_key) or [])
    if not 1 <= len(free) <= 2:
        st.session_state["class_experiment_error"] = True
        return
    setup = page_setup(url_path)
    mine = room_ui.instructor_setup(url_path)
    # Everything but the attendees' own settings is the instructor's, for the whole room.
    locks = {f.param: mine.get(f.param, f.encode(f.default)) for f in setup.fields if f.param not in free}
    room = member.room
    room.start_experiment(member.token, url_path, free)
    room.set_rules(member.token, url_path, locks, room.rules(url_path).hidden)
    room.lead(member.token, url_path, mine)


def _stop_experiment(member) -> None:
    room = member.room
    experiment = room.experiment
    room.stop_experiment(member.token)
    if experiment is not None:
        room.set_rules(member.token, experiment[0], {}, room.rules(experiment[0]).hidden)


def experiment_ui(member) -> None:
    room = member.room
    st.subheader(t("class.experiment.header"))
    experiment = room.experiment
    if experiment is None:
        st.caption(t("class.experiment.help"))
        pages = list(room_ui.EXPERIMENT_SLOTS)
        url_path = st.selectbox(t("class.experiment.page"), pages, format_func=page_name, key="class_exp_page")
        params = [f.param for f in page_setup(url_path).fields]
        st.multiselect(
            t("class.experiment.free"),
            params,
            format_func=lambda p: field_choice(url_path, p),
            max_selections=2,
            key="class_exp_free",
        )
        st.button(
            t("class.experiment.start"),
            key="class_exp_start",
            type="primary",
            on_click=_start_experiment,
            args=(member, "class_exp_page", "class_exp_free"),
            icon=":material/science:",
        )
        if st.session_state.pop("class_experiment_error", False):
            st.warning(t("class.experiment.pick"))
        return
    url_path, free = experiment
    st.markdown(
        t(
            "class.experiment.running",
            page=page_name(url_path),
            free=", ".join(field_name(url_path, p) for p in free),
        )
    )
    st.button(t("class.experiment.stop"), key="class_exp_stop", on_click=_stop_experiment, args=(member,))
    _results(room.code, member.token)


@st.fragment(run_every=RESULTS_POLL_SECONDS)
def _results(code: str, token: str) -> None:
    room = registry().get(code)
    if room is None or room.experiment is None:
        return
    url_path, free = room.experiment
    runs = room.experiment_runs(token)
    anonymous = {}
    points = []
    for nickname, run in runs:
        who = nickname or t("class.experiment.anonymous", n=anonymous.setdefault(run.seat, len(anonymous) + 1))
        points.append(
            {
                "x": run.choice.get(free[0], ""),
                "group": run.choice.get(free[1], "") if len(free) > 1 else "",
                "accuracy": run.accuracy,
                "loss": run.loss,
                "who": who,
                "curve": run.curve,
                "state": run.state,
                "label": ", ".join(f"{p}={run.choice.get(p, '')}" for p in free),
            }
        )
    done = sum(1 for p in points if p["accuracy"] is not None)
    st.caption(t("class.experiment.count", runs=len(points), done=done))
    st.plotly_chart(
        figures.experiment_figure(
            points,
            field_name(url_path, free[0]),
            t("class.experiment.accuracy"),
            field_name(url_path, free[1]) if len(free) > 1 else None,
            t("class.experiment.waiting"),
        ),
        width="stretch",
        key="class_exp_chart",
    )
    if any(p["curve"] for p in points):
        st.plotly_chart(
            figures.curves_figure(points, t("class.experiment.epoch"), t("class.experiment.loss")),
            width="stretch",
            key="class_exp_curves",
        )


# -- the question -----------------------------------------------------------------------------------------------


def _ask(member) -> None:
    text = st.session_state.get("class_q_text", "")
    answers = [st.session_state.get(f"class_q_answer_{i}", "") for i in range(4)]
    step = member.room.step
    with_run = bool(st.session_state.get("class_q_run"))
    try:
        member.room.ask(
            member.token,
            text,
            answers,
            page=step.page if with_run else "",
            params=dict(step.params) if with_run else None,
        )
    except ValueError:
        st.session_state["class_q_error"] = True


def _reveal(member) -> None:
    question = member.room.reveal(member.token)
    if question.page in PAGES_BY_URL:
        member.room.lead(member.token, question.page, question.params, action="train")
        st.session_state["class_reveal_go"] = (question.page, dict(question.params))


def question_ui(member) -> None:
    room = member.room
    st.subheader(t("class.question.header"))
    question = room.question
    if question is None:
        with st.form("class_question_form", border=False):
            st.text_input(t("class.question.text"), key="class_q_text", max_chars=MAX_QUESTION)
            columns = st.columns(4)
            for index, column in enumerate(columns):
                column.text_input(
                    t("class.question.answer", n=index + 1), key=f"class_q_answer_{index}", max_chars=MAX_ANSWER
                )
            step = room.step
            st.checkbox(
                t("class.question.with_run", page=page_name(step.page) if step.page in PAGES_BY_URL else "—"),
                key="class_q_run",
                value=step.page in room_ui.TRAIN_REQUESTS,
            )
            st.form_submit_button(t("class.question.ask"), on_click=_ask, args=(member,), icon=":material/quiz:")
        if st.session_state.pop("class_q_error", False):
            st.warning(t("class.question.invalid"))
        return
    st.text(question.text)
    _answers(room.code)
    reveal_column, close_column, _ = st.columns([1, 1, 2])
    reveal_column.button(
        t("class.question.reveal") if question.page else t("class.question.reveal_only"),
        key="class_q_reveal",
        on_click=_reveal,
        args=(member,),
        disabled=question.revealed,
        type="primary",
    )
    close_column.button(
        t("class.question.close"),
        key="class_q_close",
        on_click=lambda: registry().get(room.code) and room.close_question(member.token),
    )
    go = st.session_state.pop("class_reveal_go", None)
    if go is not None:  # the instructor goes to the run too, and trains it there
        setup_links.request_step(go[0], go[1])
        request_key = room_ui.TRAIN_REQUESTS.get(go[0])
        if request_key:
            st.session_state[request_key] = True
        st.switch_page(room_ui.script_of(go[0]))


@st.fragment(run_every=RESULTS_POLL_SECONDS)
def _answers(code: str) -> None:
    room = registry().get(code)
    question = room.question if room is not None else None
    if question is None:
        return
    tally = room.tally()
    st.caption(t("class.question.count", votes=sum(tally)))
    st.plotly_chart(
        figures.answers_figure(question.answers, tally, t("class.question.votes")),
        width="stretch",
        key="class_q_chart",
    )


def end_ui(member) -> None:
    st.subheader(t("class.end.header"))
    st.caption(t("class.end.help"))
    st.button(
        t("class.end"),
        key="class_end",
        on_click=_end,
        args=(member.room.code, member.token),
        icon=":material/stop_circle:",
    )
