"""Classroom mode (served at /classroom): join a class by its code; unlock the instructor's panel with the operator's
passphrase, then lead the room, lock or hide controls, run a class experiment and ask a question.

Only what is drawn is here; the parts are in ``dashboard/classroom_panel.py``, the class in ``core.classroom.room``.
"""

from __future__ import annotations

import streamlit as st

from dashboard import classroom as room_ui
from dashboard import classroom_panel as panel
from dashboard.i18n import t

st.title(t("class.title"))
member = room_ui.membership()
token = st.session_state.get(room_ui.TOKEN_KEY)

if member is not None and member.instructor:
    st.markdown(t("class.intro.instructor"))
    panel.header_ui(member)
    lead_tab, rules_tab, experiment_tab, question_tab, end_tab = st.tabs(
        [
            t("class.tab.lead"),
            t("class.tab.rules"),
            t("class.tab.experiment"),
            t("class.tab.question"),
            t("class.tab.end"),
        ],
        key="class_panel_tab",
        on_change="rerun",
    )
    if lead_tab.open:
        with lead_tab:
            panel.lead_ui(member)
    if rules_tab.open:
        with rules_tab:
            panel.rules_ui(member)
    if experiment_tab.open:
        with experiment_tab:
            panel.experiment_ui(member)
    if question_tab.open:
        with question_tab:
            panel.question_ui(member)
    if end_tab.open:
        with end_tab:
            panel.end_ui(member)
elif token:
    st.markdown(t("class.intro.unlocked"))
    panel.start_ui(token)
else:
    st.markdown(t("class.intro"))
    panel.join_ui(member)
    panel.unlock_ui()
