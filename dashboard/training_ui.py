"""The training panel every page that trains shares: submit a config to the engine, watch it live, see how it ended.

Training runs in the engine's background worker (``core.training.engine``), never in the script thread: a rerun
(any widget touched) would kill a fit running there. This module only *reads* the job:

- :func:`submit_job` asks the engine for a config and keeps the returned handle in ``st.session_state`` under a
  slot name, so the page shows the job of the config this session submitted last, whatever else is touched.
- :func:`training_panel` draws that job. While it is queued or running, a fragment re-runs every second (every
  3 s when ten or more sessions watch the job), and only the fragment: it reads a snapshot (which is also this
  visitor's heartbeat, so the engine keeps the job), draws progress, ETA, queue position, a Stop button and the
  live curves, and once the job is done it asks for one full rerun so the page can draw its results. After that
  nothing polls.

The watcher id is a random id per browser session (``st.session_state``), stable across reruns. The engine shares
its slots fairly between owners: a new job is owned by ``st.session_state[OWNER_STATE_KEY]`` (set for an attendee
by the classroom code; else the watcher id) and goes before everyone else's when ``st.session_state[
PRIORITY_STATE_KEY]`` is true (the instructor). An owner who already has as many trainings waiting as allowed is
refused (``QueueFull``): :func:`submit_job` then shows a translated warning and the page goes on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard.data_lines import model_data_text
from dashboard.figures import training as figures
from dashboard.i18n import t
from dashboard.shared import history_key, shared_figure

WATCHER_STATE_KEY = "training_watcher_id"
#: Who owns the jobs this session asks for, in the engine's fair share (an attendee's id; the classroom sets it).
OWNER_STATE_KEY = "training_owner_id"
#: True for the instructor: their jobs go before every attendee's.
PRIORITY_STATE_KEY = "training_priority"
#: The refusal reason of a request turned away because its owner has too many trainings waiting.
QUEUE_FULL_REASON = "queue_full"
POLL_SECONDS = 1.0
# A room watching one job: each session polls less often, so thirty polls a second don't take the interpreter from
# the training and from the other pages (progress still moves every few seconds).
CROWDED_POLL_SECONDS = 3.0
CROWDED_WATCHERS = 10
# A replay of stored curves: about this many steps, one every REPLAY_TICK_SECONDS (about 8 s in all).
REPLAY_TICKS = 30
REPLAY_TICK_SECONDS = 0.25


def watcher_id() -> str:
    """This browser session's watcher id for the engine (the same on every rerun)."""
    if WATCHER_STATE_KEY not in st.session_state:
        st.session_state[WATCHER_STATE_KEY] = uuid.uuid4().hex
    return st.session_state[WATCHER_STATE_KEY]


def _handle_state_key(slot: str) -> str:
    return f"training_job__{slot}"


def job_handle(slot: str):
    """The JobHandle this session submitted last in ``slot``, or None."""
    return st.session_state.get(_handle_state_key(slot))


def _refusal_state_key(slot: str) -> str:
    return f"training_refused__{slot}"


def submit_job(slot: str, config, retrain: bool = False):
    """Ask the engine for ``config`` (a store hit, a job to join, or a new one) and remember it in ``slot``; returns
    the handle the slot shows now.

    The job this session watched before in the slot is released when it is a different config: the engine cancels
    it if nobody else watches it. ``retrain=True`` trains it again even when it is stored (to watch it learn). The
    job is owned by this session's owner (:data:`OWNER_STATE_KEY`), first in line when :data:`PRIORITY_STATE_KEY`
    is set. When the engine refuses it (this owner already has as many trainings waiting as allowed), a warning
    says so here, the slot keeps the job it showed and that handle is returned; a slot that showed none gets a
    handle to the refused request, done with the reason "queue_full", which :func:`training_panel` explains.
    """
    handle, refusal = _submit(slot, config, retrain)
    if refusal is not None and not _is_refusal(handle):
        _queue_full_warning(refusal.limit)
    return handle


def _submit(slot: str, config, retrain: bool):
    """(the handle the slot shows, the engine's QueueFull or None); see :func:`submit_job`."""
    from core.training.engine import get_engine
    from core.training.jobs import JobHandle, QueueFull

    previous = job_handle(slot)
    engine = get_engine()
    owner = st.session_state.get(OWNER_STATE_KEY) or watcher_id()
    priority = bool(st.session_state.get(PRIORITY_STATE_KEY))
    try:
        handle = engine.request(config, watcher_id(), retrain=retrain, owner=owner, priority=priority)
    except QueueFull as refusal:
        if previous is None or _is_refusal(previous):
            previous = JobHandle.refused(engine, config, watcher_id(), refusal)
            st.session_state[_handle_state_key(slot)] = previous
        return previous, refusal
    if previous is not None and previous.key != handle.key and not previous.done:
        previous.stop()
    st.session_state[_handle_state_key(slot)] = handle
    return handle, None


def _is_refusal(handle) -> bool:
    return handle is not None and handle.done and handle.snapshot(heartbeat=False).reason == QUEUE_FULL_REASON


def _queue_full_warning(limit: int | str) -> None:
    st.warning(t("train.status.queue_full", limit=limit), icon=":material/pending_actions:")


def stop_job(slot: str) -> None:
    handle = job_handle(slot)
    if handle is not None:
        handle.stop()


def _replay_state_key(slot: str) -> str:
    return f"training_replay__{slot}"


def start_replay(slot: str) -> None:
    st.session_state[_replay_state_key(slot)] = 0


def train_again_live(slot: str) -> None:
    handle = job_handle(slot)
    if handle is not None:
        st.session_state.pop(_replay_state_key(slot), None)
        _, refusal = _submit(slot, handle.config, retrain=True)
        if refusal is not None:  # a button's callback: the panel draws the warning in its place
            st.session_state[_refusal_state_key(slot)] = refusal.limit


@dataclass(frozen=True)
class CurvePanels:
    """Which curves a task draws: ``(metric, catalog key of the panel title)`` pairs and a log scale for losses
    that fall by orders of magnitude (the first example). ``first_epoch``: the x of a history's first value (0 for
    /first-network's neuron, whose Keras loss of epoch e is the loss after e - 1 epochs), with the catalog key of
    the x axis' title (``x_title``, "epoch" when None)."""

    panels: tuple[tuple[str, str], ...]
    log_y: bool = False
    first_epoch: int = 1
    x_title: str | None = None


CLASSIFICATION_CURVES = CurvePanels((("loss", "train.curve.loss"), ("accuracy", "train.curve.accuracy")))
REGRESSION_CURVES = CurvePanels(
    (("loss", "train.curve.loss_mse_standardised"), ("mae", "train.curve.mae_standardised"))
)
IDENTITY_CURVES = CurvePanels((("loss", "train.curve.loss_mse"),), log_y=True)


def curves_chart(history, curves: CurvePanels, key: str, marker_epoch: int | None = None) -> None:
    panels = [(metric, t(title_key)) for metric, title_key in curves.panels]
    figure = shared_figure(
        "training_curves",
        (history_key(history), curves, marker_epoch),
        lambda: figures.curves_figure(
            history,
            panels,
            log_y=curves.log_y,
            marker_epoch=marker_epoch,
            first_epoch=curves.first_epoch,
            x_title=t(curves.x_title) if curves.x_title else None,
        ),
    )
    st.plotly_chart(figure, width="stretch", key=key)


# ---------------------------------------------------------------------------------------------------------------
# Status lines
# ---------------------------------------------------------------------------------------------------------------


def format_seconds(value: float | None) -> str:
    if value is None:
        return "?"
    value = max(0.0, float(value))
    if value < 60:
        return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"
    minutes, seconds = divmod(int(round(value)), 60)
    return f"{minutes} min {seconds:02d} s"


def _progress_text(snapshot) -> str:
    epoch = min(snapshot.epoch + 1, snapshot.total_epochs)
    if snapshot.eta_s is None:
        return t(
            "train.status.running", epoch=epoch, total=snapshot.total_epochs, elapsed=format_seconds(snapshot.elapsed_s)
        )
    return t(
        "train.status.running_eta",
        epoch=epoch,
        total=snapshot.total_epochs,
        elapsed=format_seconds(snapshot.elapsed_s),
        eta=format_seconds(snapshot.eta_s),
    )


def queued_text(snapshot) -> str:
    """A queued job's place in the line and, once the engine can estimate it, the wait until it starts."""
    position = snapshot.queue_position or 1
    wait_s = snapshot.wait_s
    if position <= 1:
        if wait_s is None or wait_s < 1:
            return t("train.status.queued_next")
        return t("train.status.queued_next_wait", wait=format_seconds(wait_s))
    if wait_s is None:
        return t("train.status.queued", ahead=position - 1)
    return t("train.status.queued_wait", ahead=position - 1, wait=format_seconds(wait_s))


def live_status(snapshot) -> None:
    """Queue position and estimated wait, or progress with the ETA, of a job that is not done."""
    if snapshot.state == "queued":
        st.info(queued_text(snapshot), icon=":material/hourglass_top:")
        return
    if snapshot.batches_per_epoch is None and snapshot.epoch == 0:
        st.progress(0.0, text=t("train.status.preparing"))
        return
    st.progress(snapshot.progress, text=_progress_text(snapshot))
    if snapshot.watchers > 1:
        st.caption(t("train.status.shared", watchers=snapshot.watchers))


def final_status(snapshot) -> None:
    """How a done job ended, in the session's language (the engine's own messages are plain English)."""
    details = snapshot.details or {}
    if snapshot.state == "finished":
        if details.get("bundled"):
            st.success(
                t(
                    "train.status.from_bundle",
                    seconds=format_seconds(details.get("train_seconds")),
                    date=str(details.get("created_at") or "?")[:10],
                    command=details.get("bundle_command") or "?",
                    data=model_data_text(
                        details.get("dataset"), details.get("online_data", False), snapshot.data_description or "?"
                    ),
                ),
                icon=":material/inventory_2:",
            )
        elif snapshot.from_store:
            st.success(
                t(
                    "train.status.from_store",
                    seconds=format_seconds(details.get("train_seconds")),
                    date=str(details.get("created_at") or "?")[:10],
                ),
                icon=":material/inventory_2:",
            )
        else:
            st.success(
                t("train.status.finished", epochs=snapshot.epoch, seconds=format_seconds(details.get("train_seconds"))),
                icon=":material/check_circle:",
            )
        if snapshot.stored is False:
            st.warning(t("train.status.not_stored"))
    elif snapshot.state == "stopped":
        epochs = details.get("epochs_completed", snapshot.epoch)
        if snapshot.reason == "shutdown":
            st.info(t("train.status.shutdown"))
        else:
            st.info(t("train.status.stopped", epochs=epochs), icon=":material/stop_circle:")
    elif snapshot.reason in ("nan_loss", "exploding_loss"):
        key_values = {
            "epoch": details.get("epoch", "?"),
            "batch": details.get("batch", "?"),
            "rate": f"{details.get('learning_rate', 0):g}",
            "suggestion": f"{details.get('suggested_learning_rate', 0):g}",
        }
        if snapshot.reason == "nan_loss":
            st.warning(t("train.status.nan", **key_values), icon=":material/warning:")
        else:
            st.warning(t("train.status.exploded", **key_values), icon=":material/warning:")
    elif snapshot.reason == "dataset_unavailable":
        st.warning(t("train.status.dataset_unavailable", message=snapshot.message), icon=":material/cloud_off:")
    elif snapshot.reason == "worker_died":
        st.error(t("train.status.worker_died"), icon=":material/restart_alt:")
    elif snapshot.reason == "cluster_unavailable":
        st.error(t("train.status.cluster_unavailable"), icon=":material/cloud_off:")
    elif snapshot.reason == "worker_hung":
        st.error(t("train.status.worker_hung"), icon=":material/restart_alt:")
    elif snapshot.reason == QUEUE_FULL_REASON:
        _queue_full_warning(details.get("limit", "?"))
    else:
        st.error(t("train.status.internal_error"))


# ---------------------------------------------------------------------------------------------------------------
# The panel
# ---------------------------------------------------------------------------------------------------------------


def training_panel(
    slot: str,
    curves: CurvePanels,
    extra_live: Callable[[object], None] | None = None,
    show_final_curves: bool = True,
    offer_replay: bool = False,
):
    """Draw the slot's job and return its latest snapshot (None when nothing was submitted).

    ``extra_live(snapshot)`` draws more while it trains (e.g. the decision boundary); it runs inside the polling
    fragment, so it must use its own chart keys. Once the job is done the panel shows how it ended and the final
    curves; the page draws the results. ``offer_replay``: a lesson about watching a network learn; a result that
    came from the store (or the bundle) can be replayed epoch by epoch, or trained again live.
    """
    refused_limit = st.session_state.pop(_refusal_state_key(slot), None)
    if refused_limit is not None:  # "Train it again live" was refused (its callback could not draw)
        _queue_full_warning(refused_limit)
    handle = job_handle(slot)
    if handle is None:
        return None
    snapshot = handle.snapshot()
    if snapshot.done:
        final_status(snapshot)
        replaying = offer_replay and _replay_state_key(slot) in st.session_state
        if offer_replay and snapshot.from_store and snapshot.history.get("loss"):
            replay_column, live_column, _ = st.columns([1, 1, 2])
            replay_column.button(
                t("train.replay"),
                icon=":material/replay:",
                key=f"{slot}_replay",
                on_click=start_replay,
                args=(slot,),
                width="stretch",
                help=t("train.replay.help"),
                disabled=replaying,
            )
            live_column.button(
                t("train.again_live"),
                icon=":material/play_circle:",
                key=f"{slot}_again_live",
                on_click=train_again_live,
                args=(slot,),
                width="stretch",
                help=t("train.again_live.help"),
            )
        if replaying:
            _replay_panel(slot, curves)
        elif show_final_curves and snapshot.history.get("loss"):
            curves_chart(snapshot.history, curves, key=f"{slot}_final_curves")
        return snapshot
    if snapshot.watchers >= CROWDED_WATCHERS:
        _live_panel_crowded(slot, curves, extra_live)
    else:
        _live_panel(slot, curves, extra_live)
    return snapshot


@st.fragment(run_every=REPLAY_TICK_SECONDS)
def _replay_panel(slot: str, curves: CurvePanels) -> None:
    """The stored curves drawn epoch by epoch (about REPLAY_TICKS steps), then one full rerun ends the replay."""
    handle = job_handle(slot)
    state_key = _replay_state_key(slot)
    history = handle.snapshot(heartbeat=False).history if handle is not None else {}
    total = len(history.get("loss", ()))
    if state_key not in st.session_state or total == 0:
        return
    shown = min(total, st.session_state[state_key] + max(1, -(-total // REPLAY_TICKS)))
    if st.session_state[state_key] >= total:
        del st.session_state[state_key]
        st.rerun()  # the replay is over: the page shows the final curves again, and this fragment stops
    st.session_state[state_key] = shown
    st.progress(shown / total, text=t("train.replay.progress", epoch=shown, total=total))
    curves_chart({name: values[:shown] for name, values in history.items()}, curves, key=f"{slot}_replay_curves")


@st.fragment(run_every=POLL_SECONDS)
def _live_panel(slot: str, curves: CurvePanels, extra_live: Callable[[object], None] | None) -> None:
    _live_panel_body(slot, curves, extra_live)


@st.fragment(run_every=CROWDED_POLL_SECONDS)
def _live_panel_crowded(slot: str, curves: CurvePanels, extra_live: Callable[[object], None] | None) -> None:
    _live_panel_body(slot, curves, extra_live)


def _live_panel_body(slot: str, curves: CurvePanels, extra_live: Callable[[object], None] | None) -> None:
    handle = job_handle(slot)
    if handle is None:
        return
    snapshot = handle.snapshot()  # the heartbeat that keeps this visitor's job alive
    if snapshot.done:
        st.rerun()  # one full run draws the results; this fragment is then no longer drawn, so polling stops
    status_column, stop_column = st.columns([5, 1], vertical_alignment="center")
    with status_column:
        live_status(snapshot)
    with stop_column:
        st.button(
            t("train.stop"),
            key=f"{slot}_stop",
            icon=":material/stop:",
            on_click=stop_job,
            args=(slot,),
            width="stretch",
            disabled=not snapshot.watching,
        )
    # A task that draws its own curves (the GAN's losses, via extra_live) passes no panels.
    first_metric = curves.panels[0][0] if curves.panels else None
    if first_metric is not None and snapshot.history.get(first_metric):
        curves_chart(snapshot.history, curves, key=f"{slot}_live_curves")
    elif first_metric is not None:
        st.caption(t("train.status.first_epoch"))
    if extra_live is not None:
        extra_live(snapshot)
