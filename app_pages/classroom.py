"""Classroom mode (served at /classroom): join a class by its code; unlock the instructor's panel with the operator's
passphrase, then lead the room, lock or hide controls, run a class experiment and ask a question.

Only what is drawn is here; the parts are in ``dashboard/classroom_panel.py``, the class in ``core.classroom.room``.
"""

from __future__ import annotations

import streamlit as st

from dashboard import classroom as room_ui
from dashboard import classroom_panel as panel
from dashboard.i18n import t
from dashboard.setup_links import language_stable_tabs

st.title(t("class.title"))
member = room_ui.membership()
token = st.session_state.get(room_ui.TOKEN_KEY)

if member is not None and member.instructor:
    st.markdown(t("class.intro.instructor"))
    panel.header_ui(member)
    tabs = language_stable_tabs(panel.PANEL_TABS, "class.tab.", "class_panel_tab")
    bodies = {
        "lead": panel.lead_ui,
        "rules": panel.rules_ui,
        "experiment": panel.experiment_ui,
        "question": panel.question_ui,
        "end": panel.end_ui,
    }
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                bodies[name](member)
elif token:
    st.markdown(t("class.intro.unlocked"))
    panel.start_ui(token)
else:
    st.markdown(t("class.intro"))
    panel.join_ui(member)
    panel.unlock_ui()
