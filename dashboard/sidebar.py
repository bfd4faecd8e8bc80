"""The sidebar below the navigation: which device TensorFlow trains on, and where the code lives."""

from __future__ import annotations

import streamlit as st

from core.runtime import tensorflow_status
from dashboard.i18n import t


def device_caption() -> str:
    status = tensorflow_status()
    if status.state == "ready":
        return t("sidebar.device.ready", device=status.device)
    if status.state == "failed":
        return t("sidebar.device.failed", error=status.error)
    return t("sidebar.device.loading")


def sidebar_ui() -> None:
    with st.sidebar:
        _device_fragment()


@st.fragment(run_every=2)
def _device_fragment() -> None:
    # Polls cheaply: it only reads a status object that the warm-up thread replaces when it is done.
    st.caption(device_caption())
