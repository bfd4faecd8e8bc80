"""The course (served at /course): where each item of the course is in the app, and the chapters that have no code.

The map and the chapters' links come from ``core.lessons.course``; their text from the catalog (``course.*``). This
page stays light like the home page: it never imports TensorFlow (the set-up chapter reads the warm-up's status).
"""

from __future__ import annotations

import os
from importlib import metadata

import pandas as pd
import streamlit as st

from core.lessons.course import CHAPTERS, COURSE_MAP, SETUP_VARIABLES, items_of_part
from core.runtime import tensorflow_status
from dashboard.i18n import t
from dashboard.navigation import HOME, LESSONS, PAGES_BY_URL

FRAMEWORKS = {"keras": "Keras", "torch": "PyTorch"}


def page_script(url_path: str) -> str:
    return PAGES_BY_URL[url_path].script if url_path else HOME.script


def code_frameworks(code: tuple[str, ...]) -> str:
    """ "Keras, PyTorch" for the code samples of a map entry ("—" without any)."""
    names = [FRAMEWORKS[name.rsplit("_", 1)[-1]] for name in code if name.rsplit("_", 1)[-1] in FRAMEWORKS]
    return ", ".join(dict.fromkeys(names)) or "—"


def course_map_ui() -> None:
    st.header(t("course.map.header"))
    st.write(t("course.map.intro"))
    for tab, part in zip(st.tabs([t(f"course.part.{part}") for part in (1, 2, 3)]), (1, 2, 3), strict=True):
        with tab:
            st.caption(t(f"course.part.{part}.summary"))
            for item in items_of_part(part):
                item_column, link_column, extra_column = st.columns([3, 3, 2], vertical_alignment="center")
                item_column.markdown(t(f"course.map.{item.id}"))
                link_column.page_link(page_script(item.page), label=t(item.section), icon=":material/arrow_forward:")
                extras = []
                if item.preset:
                    extras.append(t("course.map.has_preset"))
                if item.code:
                    extras.append(t("course.map.has_code", frameworks=code_frameworks(item.code)))
                extra_column.caption(" · ".join(extras) or " ")


def chapters_ui() -> None:
    st.header(t("course.chapters.header"))
    st.write(t("course.chapters.intro"))
    for chapter in CHAPTERS:
        with st.container(border=True):
            st.subheader(t(f"course.chapter.{chapter.id}.title"))
            st.markdown(t(f"course.chapter.{chapter.id}.body"))
            if chapter.id == "setup":
                setup_ui()
            if chapter.links:
                st.caption(t("course.chapters.see"))
                for link in chapter.links:
                    st.page_link(page_script(link.page), label=t(link.label), icon=":material/visibility:")


def installed_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return t("course.setup.not_installed")


def setup_ui() -> None:
    """This server's own answers to the set-up chapter: versions, the device, the two variables the course names."""
    status = tensorflow_status()
    device = status.device if status.state == "ready" else t(f"course.setup.device.{status.state}")
    rows = [
        (t("course.setup.row.keras"), installed_version("keras")),
        (t("course.setup.row.tensorflow"), tensorflow_version()),
        (t("course.setup.row.torch"), installed_version("torch")),
        (t("course.setup.row.device"), device),
    ]
    rows += [(name, os.environ.get(name, t("course.setup.unset"))) for name in SETUP_VARIABLES]
    st.caption(t("course.setup.server"))
    table = pd.DataFrame(rows, columns=[t("course.setup.column.what"), t("course.setup.column.value")])
    st.dataframe(table, hide_index=True, width="stretch")


def tensorflow_version() -> str:
    """The TensorFlow wheel's version: ``tensorflow-cpu`` on Linux x86-64 servers, ``tensorflow`` elsewhere."""
    for package in ("tensorflow-cpu", "tensorflow"):
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return t("course.setup.not_installed")


st.title(t("course.title"))
st.write(t("course.intro"))
course_map_ui()
chapters_ui()
st.caption(t("course.lessons_count", lessons=len(LESSONS), items=len(COURSE_MAP)))
