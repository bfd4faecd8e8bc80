"""Home: what each lesson teaches, which data this server can use right now, and where training runs.

This page must stay light: it never imports TensorFlow (the entry script warms it up after this page is drawn).
"""

import pandas as pd
import streamlit as st

from core.data.catalog import dataset_catalog
from core.runtime import tensorflow_status
from dashboard.i18n import t
from dashboard.navigation import LESSONS


def lessons_ui() -> None:
    st.subheader(t("home.lessons.title"))
    columns = st.columns(2)
    for index, spec in enumerate(LESSONS):
        with columns[index % 2].container(border=True):
            st.page_link(spec.script, label=t(spec.title_key), icon=spec.icon)
            st.write(t(spec.summary_key))


# Literal keys, so the catalog test can see every one of them.
DATASET_TEXT_KEYS = {
    "mnist": ("home.data.mnist.name", "home.data.mnist.online", "home.data.mnist.offline"),
    "digits": ("home.data.digits.name", None, "home.data.digits.offline"),
    "fashion_mnist": ("home.data.fashion.name", "home.data.fashion.online", "home.data.fashion.offline"),
    "cifar10": ("home.data.cifar10.name", "home.data.cifar10.online", None),
    "imdb": ("home.data.imdb.name", "home.data.imdb.online", None),
    "chinese_reviews": ("home.data.reviews.name", None, "home.data.reviews.offline"),
    "regression": ("home.data.regression.name", "home.data.regression.online", "home.data.regression.offline"),
    "stocks": ("home.data.stocks.name", "home.data.stocks.online", "home.data.stocks.offline"),
}


def data_sets_ui() -> None:
    st.subheader(t("home.data.title"))
    st.write(t("home.data.intro"))
    status_labels = {
        "online": t("home.data.status.online"),
        "offline": t("home.data.status.offline"),
        "unavailable": t("home.data.status.unavailable"),
    }
    rows = []
    for entry in dataset_catalog():
        name_key, online_key, offline_key = DATASET_TEXT_KEYS[entry.id]
        offline_text = t(offline_key) if offline_key else "—"
        if offline_key and not entry.offline_available:
            offline_text = t("home.data.offline_missing", source=offline_text)
        rows.append(
            {
                t("home.data.column.name"): t(name_key),
                t("home.data.column.status"): status_labels[entry.active],
                t("home.data.column.online"): t(online_key) if online_key else "—",
                t("home.data.column.offline"): offline_text,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def device_ui() -> None:
    # The sidebar polls while TensorFlow loads and reruns the page once it is ready.
    status = tensorflow_status()
    if status.state == "ready":
        st.success(
            t("home.device.ready", device=status.device, seconds=f"{status.seconds:.1f}"), icon=":material/memory:"
        )
    elif status.state == "failed":
        st.error(t("home.device.failed", error=status.error))
    else:
        st.info(t("home.device.loading"), icon=":material/hourglass_top:")


st.title(t("app.title"))
st.write(t("home.intro"))
lessons_ui()
st.subheader(t("home.device.title"))
device_ui()
data_sets_ui()
