"""What Streamlit runs for every visitor at every interaction: the page set-up, the language, the sidebar, and
``st.navigation`` over the lessons in ``app_pages/``. (``streamlit_app.py`` is the server around it.)

TensorFlow is imported in the background by the server at start-up (see ``streamlit_app.py``), never on this
script's path; when the server was started without that hook (AppTest, an older way of running), the end of the
first run starts it, so the landing page never waits for it.
"""

import streamlit as st

from core.runtime import page_drawn
from dashboard.classroom import after_page, before_page, classroom_in_menu
from dashboard.i18n import t
from dashboard.language import language_ui
from dashboard.navigation import CLASSROOM, COURSE, HOME, LESSONS
from dashboard.setup_links import copy_link_ui, sync_url
from dashboard.sidebar import sidebar_ui
from dashboard.streamlit_cleanup import skip_keras_cleanup_after_runs

skip_keras_cleanup_after_runs()  # once per process; later calls return at once (see dashboard/streamlit_cleanup.py)

st.set_page_config(page_title="Deep Learning Dashboard", page_icon=":material/neurology:", layout="wide")

language = language_ui()


def as_streamlit_page(spec, default=False):
    return st.Page(
        spec.script, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path or None, default=default
    )


page = st.navigation(
    {
        t("nav.section.start"): [as_streamlit_page(HOME, default=True), as_streamlit_page(COURSE)]
        + ([as_streamlit_page(CLASSROOM)] if classroom_in_menu() else []),
        t("nav.section.lessons"): [as_streamlit_page(spec) for spec in LESSONS],
    }
)
sidebar_ui()
member = before_page(page.url_path)  # the class box; a shared link's or the instructor's setup, the room's rules
page.run()
params = sync_url(page.url_path)  # the address says the page's setup, so that it can be shared
after_page(member, page.url_path, params)  # the instructor leads the room here; an attendee's run joins the experiment
copy_link_ui(page.url_path, language)
page_drawn()  # lets the start-up warm-up begin (or starts it, where the server had no start-up hook)
