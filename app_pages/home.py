"""Home: what each lesson teaches, which data this server can use right now, and where training runs.

This page must stay light: it never imports TensorFlow (the entry script warms it up after this page is drawn).
"""

import pandas as pd
import streamlit as st

from core import settings
from core.data.catalog import ACTIVE_SOURCES, dataset_catalog
from core.runtime import tensorflow_status
from core.training.cluster_view import cluster_view
from dashboard.i18n import t
from dashboard.navigation import COURSE, LESSONS


def lessons_ui() -> None:
    st.subheader(t("home.lessons.title"))
    columns = st.columns(2)
    for index, spec in enumerate(LESSONS):
        with columns[index % 2].container(border=True):
            st.page_link(spec.script, label=t(spec.title_key), icon=spec.icon)
            st.write(t(spec.summary_key))


def status_labels() -> dict[str, str]:
    return {source: t(f"home.data.status.{source}") for source in ACTIVE_SOURCES}


def dataset_texts(entry) -> tuple[str, str, str]:
    """A data set's name, its download and its embedded copy, in the page's language ("—" where it has none)."""
    online_text = t(f"home.data.{entry.id}.online") if entry.online_source else "—"
    offline_text = t(f"home.data.{entry.id}.offline") if entry.offline_source else "—"
    if entry.offline_source and not entry.offline_available:
        offline_text = t("home.data.offline_missing", source=offline_text)
    return t(f"home.data.{entry.id}.name"), online_text, offline_text


def data_sets_ui() -> None:
    st.subheader(t("home.data.title"))
    st.write(t("home.data.intro"))
    labels = status_labels()
    rows = []
    for entry in dataset_catalog():
        name, online_text, offline_text = dataset_texts(entry)
        rows.append(
            {
                t("home.data.column.name"): name,
                t("home.data.column.status"): labels[entry.active],
                t("home.data.column.online"): online_text,
                t("home.data.column.offline"): offline_text,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def device_ui() -> None:
    # The sidebar polls while TensorFlow loads and reruns the page once it is ready.
    status = tensorflow_status()
    if status.state == "ready":
        key = "home.device.ready" if settings.ray_address() is None else "home.device.ready_ray"
        st.success(t(key, device=status.device, seconds=f"{status.seconds:.1f}"), icon=":material/memory:")
    elif status.state == "failed":
        st.error(t("home.device.failed"))  # the exception itself is in the server's log, never on the page
    else:
        st.info(t("home.device.loading"), icon=":material/hourglass_top:")


def training_place_ui() -> None:
    """This server's training processes, or the Ray cluster every replica of the app trains on."""
    address = settings.ray_address()
    jobs = settings.max_training_jobs()
    if address is None:
        st.write(t("home.training.local", jobs=jobs))
        return
    view = cluster_view(address)
    if view.state == "asking":
        st.info(t("home.training.ray_asking", address=address), icon=":material/hourglass_top:")
        _ask_again_soon()
    elif view.state == "unreachable":
        st.error(t("home.training.ray_unreachable", address=address), icon=":material/cloud_off:")
    else:
        st.success(
            t(
                "home.training.ray",
                address=address,
                nodes=view.nodes,
                cpus=f"{view.cpus:g}",
                gpus=f"{view.gpus:g}",
                trainings=len(view.trainings),
                jobs=jobs,
            ),
            icon=":material/hub:",
        )


@st.fragment(run_every=2.0)
def _ask_again_soon() -> None:
    if cluster_view(settings.ray_address() or "").state != "asking":
        st.rerun()  # the whole page, now with the cluster's answer


st.title(t("app.title"))
st.write(t("home.intro"))
st.page_link(COURSE.script, label=t("home.course_link"), icon=COURSE.icon)
lessons_ui()
st.subheader(t("home.device.title"))
training_place_ui()
device_ui()
data_sets_ui()
