"""The sidebar below the navigation: which device TensorFlow trains on."""

from __future__ import annotations

import streamlit as st

from core import settings
from core.runtime import TensorFlowStatus, tensorflow_status
from dashboard.i18n import t


def device_caption(status: TensorFlowStatus) -> str:
    if status.state == "ready":
        if settings.ray_address() is not None:  # this server only predicts; the cluster trains
            return t("sidebar.device.ready_ray", device=status.device)
        return t("sidebar.device.ready", device=status.device)
    if status.state == "failed":
        return t("sidebar.device.failed")  # the exception's (English) text is in the server's log only
    return t("sidebar.device.loading")


def sidebar_ui() -> None:
    with st.sidebar:
        if tensorflow_status().state in ("ready", "failed"):
            st.caption(device_caption(tensorflow_status()))
        else:
            _device_polling_fragment()


@st.fragment(run_every=1.0)
def _device_polling_fragment() -> None:
    # Polls only while TensorFlow is loading: once the warm-up thread is done, one full rerun shows the device
    # everywhere (sidebar and home page) and this fragment is no longer drawn.
    status = tensorflow_status()
    if status.state in ("ready", "failed"):
        st.rerun()
    st.caption(device_caption(status))
