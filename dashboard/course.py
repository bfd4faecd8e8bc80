"""The course beside every lesson: its settings one click away, and its code made to run today.

The app's lessons follow a three-part beginner course (``../shared/COURSE.md`` in the project's notes). Each lesson
keeps its own, better defaults and offers two things from the course:

- :func:`settings_choice`: two buttons, "The course's settings" and "The app's defaults", that set every control of a
  section at once, a line saying which of the two is on screen (or that the learner changed something), and the list
  of what the app's defaults change from the course and why. Controls take part by being created with
  :func:`seeded` (their value lives in ``st.session_state`` under their key), so a button can set them all.
- :func:`course_code`: the course's example rewritten to run on today's Keras 3 (and PyTorch where the course uses
  it), in tabs, with the list of every change from the course and why. The scripts are catalog code samples
  (``dashboard/i18n/code/course_*.py``), their comments in the session's language; the tests execute every one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import code_sample, t
from dashboard.language import current_language

COURSE = "course"
APP = "app"


def seeded(key: str, default: Any, *, options: Sequence[Any] | None = None, param: str = "value") -> dict[str, Any]:
    """Widget arguments for a control whose value lives in ``st.session_state[key]``, ``default`` the first time.

    ``st.slider(label, ..., **seeded("lr", 0.01))``; a radio or a selectbox passes its ``options`` (it gets
    ``index=``), a segmented control ``param="default"``. A preset sets the control by setting the state before the
    rerun. The widget is also given the state's value as its own default, so that the browser shows that value even
    when the widget is drawn in a later run than the one that set it (an interrupted run, a page visited again):
    without it, Streamlit can mount the widget at its bare default (the first option, unchecked) while the server
    reads the stored value. (``global.disableWidgetStateDuplicationWarning`` quiets the log line this costs.)"""
    if key not in st.session_state:
        st.session_state[key] = default
    value = st.session_state[key]
    if options is None:
        return {"key": key, param: value}
    choices = list(options)
    if value not in choices:  # options changed under a stored value (another data set): back to the default
        value = st.session_state[key] = default
    return {"key": key, "index": choices.index(value)}


def _apply(values: Mapping[str, Any], chosen_key: str, choice: str) -> None:
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[chosen_key] = choice


def _matches(values: Mapping[str, Any]) -> bool:
    return all(key in st.session_state and st.session_state[key] == value for key, value in values.items())


def settings_choice(
    key: str, *, course: Mapping[str, Any], app: Mapping[str, Any], changes: Sequence[str], note: str | None = None
) -> str | None:
    """The course's settings or the app's defaults for one section, one click each.

    ``course`` and ``app`` map the section's control keys (created with :func:`seeded`) to their values. ``changes``
    are translated lines, one per difference: what the app's default changes from the course, and why. ``note`` is
    an optional translated line under the buttons (e.g. what the course's setting costs here).

    Returns ``"course"`` or ``"app"`` on the run right after the learner pressed that button (the page then trains
    or loads that config at once), else ``None``."""
    pressed_key = f"course_choice_pressed_{key}"
    for control, value in app.items():  # controls not drawn yet start at the app's defaults: say so from the first run
        if control not in st.session_state:
            st.session_state[control] = value
    course_column, app_column, state_column = st.columns([1.3, 1.2, 3], vertical_alignment="center")
    course_column.button(
        t("course.settings.course"),
        icon=":material/menu_book:",
        key=f"course_choice_course_{key}",
        on_click=_apply,
        args=(course, pressed_key, COURSE),
        width="stretch",
    )
    app_column.button(
        t("course.settings.app"),
        icon=":material/auto_awesome:",
        key=f"course_choice_app_{key}",
        on_click=_apply,
        args=(app, pressed_key, APP),
        width="stretch",
    )
    if _matches(course) and _matches(app):
        state_column.caption(t("course.settings.now_both"))
    elif _matches(course):
        state_column.caption(t("course.settings.now_course"))
    elif _matches(app):
        state_column.caption(t("course.settings.now_app"))
    else:
        state_column.caption(t("course.settings.now_own"))
    if note:
        st.caption(note)
    if changes:
        with st.expander(t("course.settings.changes"), icon=":material/compare_arrows:"):
            st.markdown("\n".join(f"- {line}" for line in changes))
    return st.session_state.pop(pressed_key, None)


def course_code(samples: Mapping[str, str], *, changes: Sequence[str], key: str) -> None:
    """The course's example in each framework (``{"Keras": "course_first_identity_keras", "PyTorch": ...}``, names
    of catalog code samples), with the translated list of ``changes`` made so that it runs today, and a download
    button per script. Collapsed by default, like "Show the code"."""
    language = current_language()
    with st.expander(t("course.code.title"), icon=":material/menu_book:"):
        if changes:
            st.markdown(t("course.code.changes"))
            st.markdown("\n".join(f"- {line}" for line in changes))
        tabs = st.tabs(list(samples)) if len(samples) > 1 else [st.container()]
        for tab, (framework, name) in zip(tabs, samples.items(), strict=True):
            source = code_sample(name, language)
            with tab:
                st.code(source, language="python")
                st.download_button(
                    t("course.code.download"),
                    data=source,
                    file_name=f"{name.removeprefix('course_')}.py",
                    mime="text/x-python",
                    icon=":material/download:",
                    key=f"course_code_download_{key}_{framework}",
                )
