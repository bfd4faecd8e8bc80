"""Training on the full download, as the visitor's explicit choice.

Every default model learns from the copy of its data set that ships with the app (MNIST's 5,000 digits, the
diabetes table, 2000-2013 prices) and is bundled, so a fresh server shows it at once. Where the full data set can be
downloaded (the hosted demo is online), the page offers it with a button that says how long the training will take;
nothing is downloaded or trained behind the visitor's back. The choice is kept per page slot in the session.
"""

from __future__ import annotations

import streamlit as st

from dashboard import training_ui as ui
from dashboard.data_lines import dataset_source_text
from dashboard.i18n import t


def _state_key(slot: str) -> str:
    return f"full_data__{slot}"


def _choose(slot: str, full: bool) -> None:
    st.session_state[_state_key(slot)] = full


def with_data_choice(slot: str, config):
    """``config`` on the data the visitor chose for ``slot``: the full download only once they asked for it."""
    if config is not None and st.session_state.get(_state_key(slot)) and config.online_dataset is not None:
        return config.replace(full_data=True)
    return config


def submit_shown_job(slot: str, requested, default):
    """The slot's job: ``requested`` when the visitor just asked for it, else the job shown so far (``default`` on
    a first visit), moved to the data the visitor chose. Returns its handle."""
    handle = ui.job_handle(slot)
    if requested is not None:
        return ui.submit_job(slot, with_data_choice(slot, requested))
    shown = handle.config.replace(full_data=False) if handle is not None else default
    wanted = with_data_choice(slot, shown)
    if handle is None or handle.key != wanted.key:
        handle = ui.submit_job(slot, wanted)
    return handle


def full_data_offer_ui(slot: str, config, handle=None, switch_only: bool = False) -> None:
    """The offer (or, once chosen, the way back) for ``config``'s data set; nothing where there is no download.

    The estimate scales how long ``config``'s model took on the built-in copy: the slot's job (``handle``) when it
    is that config, else its stored or bundled record. ``switch_only``: the button only switches the data (a page
    whose own Train button starts the training) and says how long that training will take.
    """
    from core.data.catalog import full_download_ready
    from core.training.config import full_data_seconds

    dataset_id = config.online_dataset if config is not None else None
    if dataset_id is None:
        return
    full_source = dataset_source_text(dataset_id, True, dataset_id)
    if config.full_data:
        text_column, button_column = st.columns([3, 1], vertical_alignment="center")
        text_column.caption(t("data.full.active", source=full_source))
        button_column.button(
            t("data.full.back"),
            icon=":material/undo:",
            key=f"{slot}_built_in_data",
            on_click=_choose,
            args=(slot, False),
            width="stretch",
        )
        return
    if not full_download_ready(dataset_id):
        return
    from core.training.engine import get_engine

    store = get_engine().store
    metadata = handle.metadata if handle is not None and handle.done and handle.key == config.key else None
    built_in_seconds = (metadata or store.load_metadata(config.key) or {}).get("timings", {}).get("train_seconds")
    estimate = full_data_seconds(config, float(built_in_seconds)) if built_in_seconds else None
    time_text = ui.format_seconds(max(estimate, 1.0)) if estimate is not None else None
    if switch_only:
        label = t("data.full.switch", source=full_source) + (t("data.full.time", time=time_text) if time_text else "")
        st.button(label, icon=":material/cloud_download:", key=f"{slot}_full_data", on_click=_choose, args=(slot, True))
        return
    if store.contains(config.replace(full_data=True).key):
        label = t("data.full.use", source=full_source)
    else:
        label = t("data.full.train", source=full_source) + (t("data.full.time", time=time_text) if time_text else "")
    text_column, button_column = st.columns([3, 2], vertical_alignment="center")
    text_column.caption(t("data.full.offer"))
    button_column.button(
        label,
        icon=":material/cloud_download:",
        key=f"{slot}_full_data",
        on_click=_choose,
        args=(slot, True),
        width="stretch",
    )
