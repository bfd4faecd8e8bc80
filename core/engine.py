"""One training engine for every page: jobs, a bounded pool of workers, a FIFO queue, watchers and a live log.

Pages never call ``model.fit`` themselves (a Streamlit rerun would kill a fit running in the script thread, see the
guide's section 3). A page asks the engine for a :class:`~core.training.config.TrainConfig` and gets a
:class:`JobHandle`::

    engine = get_engine()
    handle = engine.request(config, watcher_id=session_id)   # returns at once
    snapshot = handle.snapshot()                             # poll it, e.g. in @st.fragment(run_every=1)
    snapshot.state, snapshot.epoch, snapshot.history["loss"], snapshot.eta_s, snapshot.message
    handle.stop()                                            # this visitor leaves; others may still watch
    handle.model                                             # the trained keras.Model once state == "finished"

- **Store first.** A config already in the :class:`~core.training.model_store.ModelStore` comes back as a finished
  handle backed by the stored model (no training; well under a second, see ``bench/store_hit.py``).
- **One job per config.** A request for a config that is queued or running joins that job as one more watcher:
  thirty attendees pressing "Train" on the default watch one training.
- **Bounded workers.** ``max_workers`` threads (``DASHBOARD_MAX_TRAINING_JOBS``, default 1: TensorFlow already
  uses both cores of a small machine for one fit) take jobs in FIFO order; ``handle.queue_position`` is 0 for a
  running job, 1 for the next one, ...
- **Watchers.** A watcher's stop removes that watcher only; the job is cancelled when no watcher is left (a
  queued job is dropped, a running one stops after its current batch). Every read through a handle is a heartbeat:
  a watcher not seen for ``watcher_timeout_s`` (30 s, ``DASHBOARD_WATCHER_TIMEOUT_S``) counts as gone (a closed
  browser tab). A stopped or failed job writes nothing to the store.
- **Live log.** A Keras callback records per-batch metrics (at most every ``log_interval_s``, 0.25 s), per-epoch
  train/validation metrics, elapsed time and ETA, and the task's per-epoch artefact (the toy set's decision
  boundary). Each write publishes a new immutable :class:`JobSnapshot`; readers just take the latest one, so they
  never wait for the worker and the worker never waits for them (beyond a lock held for a few microseconds).
- **Divergence.** A loss that becomes NaN, infinite or absurdly large ends the job as "failed" with a plain
  sentence (``snapshot.message``) and machine-readable ``reason``/``details`` for translated pages; technical
  details (tracebacks) go to ``snapshot.error`` only.
- **Reproducibility.** Each job calls ``keras.utils.set_random_seed(config.seed)``, every layer gets its own seed
  derived from ``config.seed`` and the training rows are shuffled by a stateless shuffle seeded by
  ``(config.seed, epoch)``: with the default single worker a config reproduces its numbers exactly. With several
  workers the global seeds of concurrent jobs can interleave (``set_random_seed`` is process-wide); the per-layer
  and shuffle seeds do not, so results stay reproducible unless an op draws from the global generator.
- **GPU.** Nothing special: TensorFlow places the model on the GPU when there is one.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from core import runtime  # noqa: F401  (quiets TensorFlow's start-up log before anything imports it)
from core.training.blocks import make_fit_arguments
from core.training.config import MODEL_CODE_VERSION, TrainConfig, stored_data_is_stale
from core.training.model_store import ModelStore, StoredModel, StoreWriteError
from core.training.registry import get_task

logger = logging.getLogger(__name__)

MAX_JOBS_ENV = "DASHBOARD_MAX_TRAINING_JOBS"
WATCHER_TIMEOUT_ENV = "DASHBOARD_WATCHER_TIMEOUT_S"
DEFAULT_MAX_WORKERS = 1
DEFAULT_WATCHER_TIMEOUT_S = 30.0
DEFAULT_LOG_INTERVAL_S = 0.25
# A loss above this is diverging even when it is still a finite float (float32 overflows soon after).
EXPLODING_LOSS = 1e12
# Per-epoch artefacts kept per job (the most recent ones): a 1000-epoch run must not hold 1000 grids.
MAX_ARTIFACTS = 200

STATES = ("queued", "running", "finished", "stopped", "failed")
DONE_STATES = frozenset({"finished", "stopped", "failed"})

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _freeze(value: Any) -> Any:
    """Mappings -> read-only mappings, lists -> tuples, recursively: snapshots are shared between threads."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


def _format_number(value: float) -> str:
    """10.0 -> "10.0", 0.001 -> "0.001", 3e-05 -> "3e-05": how a learner typed it."""
    if math.isfinite(value) and float(value).is_integer():
        return f"{value:.1f}"
    return f"{value:g}"


@dataclass(frozen=True)
class JobSnapshot:
    """An immutable picture of one job, safe to keep and read from any thread.

    ``state``: "queued", "running", "finished", "stopped" or "failed". ``epoch``: epochs completed, of
    ``total_epochs``; ``batch``: batches done in the current epoch, of ``batches_per_epoch``. ``history``: one tuple
    per metric ("loss", "accuracy", "val_loss", ...; "epoch_seconds"), one value per completed epoch.
    ``last_batch_metrics``: the running metrics of the current epoch at the last batch logged. ``elapsed_s``: seconds
    since the job started running; ``eta_s``: estimated seconds left (None until measurable). ``message``: a plain
    English sentence; ``reason`` and ``details``: the same, machine-readable, for translated pages. ``error``:
    technical details of a failure (never shown as the message). ``queue_position``: 0 running, 1 next in line, ...,
    None when done. ``watchers``: visitors watching; ``watching``: whether the handle that made this snapshot still
    watches. ``test_metrics``: held-out results once finished. ``from_store``: served from the model store;
    ``stored``: kept on disk (False: trained but could not be written; see ``message``). ``artifacts``:
    ``(epoch, artefact)`` pairs from the task's per-epoch hook (e.g. a decision-boundary grid).
    """

    key: str
    state: str
    epoch: int = 0
    total_epochs: int = 0
    batch: int = 0
    batches_per_epoch: int | None = None
    history: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: _EMPTY)
    last_batch_metrics: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    elapsed_s: float = 0.0
    eta_s: float | None = None
    message: str = ""
    reason: str | None = None
    details: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    error: str | None = None
    queue_position: int | None = None
    watchers: int = 0
    watching: bool = False
    test_metrics: Mapping[str, Any] | None = None
    from_store: bool = False
    stored: bool | None = None
    artifacts: tuple[tuple[int, Any], ...] = ()
    data_description: str = ""
    timings: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    @property
    def done(self) -> bool:
        return self.state in DONE_STATES

    @property
    def progress(self) -> float:
        """Fraction of the training done, 0..1 (1 once finished)."""
        if self.state == "finished":
            return 1.0
        if not self.total_epochs:
            return 0.0
        within = self.batch / self.batches_per_epoch if self.batches_per_epoch else 0.0
        return min(1.0, (self.epoch + within) / self.total_epochs)

    @property
    def latest_artifact(self) -> Any:
        return self.artifacts[-1][1] if self.artifacts else None


class _Job:
    """One training job and its live log. The worker thread writes; any thread reads :attr:`published`.

    Watchers (``watchers``, ``released``) are guarded by the engine's lock; the log fields by ``self._lock``; the
    lock order is always engine lock, then job lock.
    """

    def __init__(self, config: TrainConfig, retrain: bool = False) -> None:
        self.config = config
        self.key = config.key
        self.retrain = retrain  # train even when the store has the model (a visitor re-running a lesson live)
        self.watchers: dict[str, float] = {}  # watcher id -> last heartbeat (time.monotonic)
        self.released: set[str] = set()  # watchers who pressed Stop: a late read must not bring them back
        self.cancel_requested = False  # a plain bool: the callback reads it after every batch
        self.stop_message = "Stopped."
        self.stop_reason = "no_watchers"
        self.done_event = threading.Event()
        self.model: Any = None
        self.metadata: Mapping[str, Any] | None = None
        self._lock = threading.Lock()
        self._state = "queued"
        self._epoch = 0
        self._batch = 0
        self._batches_per_epoch: int | None = None
        self._history: dict[str, list[float]] = {}
        self._history_view: Mapping[str, tuple[float, ...]] = _EMPTY
        self._last_batch: Mapping[str, float] = _EMPTY
        self._artifacts: deque[tuple[int, Any]] = deque(maxlen=MAX_ARTIFACTS)
        self._message = "Waiting for a free training slot."
        self._reason: str | None = None
        self._details: Mapping[str, Any] = _EMPTY
        self._error: str | None = None
        self._test_metrics: Mapping[str, Any] | None = None
        self._from_store = False
        self._stored: bool | None = None
        self._data_description = ""
        self._timings: Mapping[str, float] = _EMPTY
        self._started: float | None = None  # time.monotonic when it started running
        self._fit_started: float | None = None
        self._finished: float | None = None
        self._eta_s: float | None = None
        self._eta_origin: tuple[float, float] | None = None
        self._published_at = time.monotonic()
        self.published = JobSnapshot(key=self.key, state="queued", total_epochs=config.epochs, message=self._message)

    # -- writing (worker thread, or the engine under its lock) ----------------------------------------------------

    def _publish_locked(self) -> None:
        now = time.monotonic()
        self._published_at = now
        self.published = JobSnapshot(
            key=self.key,
            state=self._state,
            epoch=self._epoch,
            total_epochs=self.config.epochs,
            batch=self._batch,
            batches_per_epoch=self._batches_per_epoch,
            history=self._history_view,
            last_batch_metrics=self._last_batch,
            elapsed_s=self._elapsed(now),
            eta_s=self._eta_s,
            message=self._message,
            reason=self._reason,
            details=self._details,
            error=self._error,
            test_metrics=self._test_metrics,
            from_store=self._from_store,
            stored=self._stored,
            artifacts=tuple(self._artifacts),
            data_description=self._data_description,
            timings=self._timings,
        )

    def _elapsed(self, now: float) -> float:
        if self._started is None:
            return 0.0
        return (self._finished if self._finished is not None else now) - self._started

    def mark_running(self) -> None:
        with self._lock:
            self._state = "running"
            self._started = time.monotonic()
            self._message = "Loading the data."
            self._publish_locked()

    def set_message(self, message: str, data_description: str | None = None) -> None:
        with self._lock:
            self._message = message
            if data_description is not None:
                self._data_description = data_description
            self._publish_locked()

    def training_started(self, batches_per_epoch: int | None) -> None:
        with self._lock:
            self._fit_started = time.monotonic()
            self._batches_per_epoch = batches_per_epoch
            self._message = f"Training: epoch 1 of {self.config.epochs}."
            self._publish_locked()

    def _update_eta_locked(self, now: float) -> None:
        if self._fit_started is None or not self._batches_per_epoch:
            return
        done = (self._epoch + self._batch / self._batches_per_epoch) / self.config.epochs
        # The speed is measured from the first logged batch on: the first step also traces the training graph,
        # which would make the first estimates far too long.
        if self._eta_origin is None:
            self._eta_origin = (now, done)
            return
        origin_time, origin_done = self._eta_origin
        if done > origin_done and now > origin_time:
            self._eta_s = (now - origin_time) / (done - origin_done) * (1.0 - done)

    def record_batch(self, epoch_index: int, batches_done: int, logs: Mapping[str, float] | None, now: float) -> None:
        with self._lock:
            self._epoch = epoch_index
            self._batch = batches_done
            self._last_batch = MappingProxyType(dict(logs or {}))
            self._message = f"Training: epoch {epoch_index + 1} of {self.config.epochs}."
            self._update_eta_locked(now)
            self._publish_locked()

    def record_epoch(self, epochs_done: int, logs: Mapping[str, float] | None, seconds: float, artifact: Any) -> None:
        now = time.monotonic()
        with self._lock:
            for name, value in (logs or {}).items():
                self._history.setdefault(name, []).append(float(value))
            self._history.setdefault("epoch_seconds", []).append(seconds)
            self._history_view = MappingProxyType({name: tuple(values) for name, values in self._history.items()})
            if artifact is not None:
                self._artifacts.append((epochs_done, artifact))
            self._epoch = epochs_done
            self._batch = 0
            following = min(epochs_done + 1, self.config.epochs)
            self._message = f"Training: epoch {following} of {self.config.epochs}."
            self._update_eta_locked(now)
            self._publish_locked()

    def restore_artifacts(self, artifacts: Iterable[tuple[int, Any]]) -> None:
        """Put back artefacts kept with a stored model (a GAN's gallery), oldest first."""
        with self._lock:
            self._artifacts.extend((int(epoch), value) for epoch, value in artifacts)

    def artifact_list(self) -> list[tuple[int, Any]]:
        with self._lock:
            return list(self._artifacts)

    def history_lists(self) -> dict[str, list[float]]:
        with self._lock:
            return {name: list(values) for name, values in self._history.items()}

    def finish(
        self,
        state: str,
        message: str,
        reason: str | None,
        details: Mapping[str, Any] | None = None,
        error: str | None = None,
        model: Any = None,
        metadata: Mapping[str, Any] | None = None,
        stored: bool | None = None,
        from_store: bool = False,
        artifact: Any = None,
    ) -> None:
        with self._lock:
            if self._state in DONE_STATES:
                return
            self._state = state
            now = time.monotonic()
            if self._started is None:
                self._started = now
            self._finished = now
            self._message = message
            self._reason = reason
            self._details = _freeze(details or {})
            self._error = error
            self._eta_s = 0.0 if state == "finished" else None
            self._stored = stored
            self._from_store = from_store
            if metadata is not None:
                self.metadata = metadata
                self._test_metrics = _freeze(metadata.get("test_metrics", {}))
                self._timings = _freeze(metadata.get("timings", {}))
                self._data_description = metadata.get("data", {}).get("description", self._data_description)
                if from_store or not self._history:
                    history = metadata.get("history", {})
                    self._history = {name: [float(v) for v in values] for name, values in history.items()}
                    self._history_view = _freeze(self._history)
                    self._epoch = int(metadata.get("epochs_completed", self.config.epochs))
            if state == "finished":
                self._batch = 0
                self._epoch = max(self._epoch, int((metadata or {}).get("epochs_completed", self._epoch)))
            if artifact is not None:
                self._artifacts.append((self._epoch, artifact))
            self.model = model
            self._publish_locked()
        self.done_event.set()

    # -- reading ---------------------------------------------------------------------------------------------

    def snapshot_at(self, now: float, queue_position: int | None, watchers: int, watching: bool) -> JobSnapshot:
        published = self.published  # one atomic read: the worker may publish a newer one meanwhile
        changes: dict[str, Any] = {"queue_position": queue_position, "watchers": watchers, "watching": watching}
        if published.state == "running" and self._started is not None:
            changes["elapsed_s"] = now - self._started
            if published.eta_s is not None:
                changes["eta_s"] = max(0.0, published.eta_s - (now - self._published_at))
        if published.state == "queued" and queue_position:
            ahead = queue_position - 1
            changes["message"] = (
                "Next in line: it starts as soon as a training slot is free."
                if ahead == 0
                else f"Waiting in the queue: {ahead} other training{'s' if ahead > 1 else ''} before this one."
            )
        return dataclasses.replace(published, **changes)


class JobHandle:
    """One watcher's view of a job. Every :meth:`snapshot` is also this watcher's heartbeat."""

    def __init__(self, engine: TrainingEngine, job: _Job, watcher_id: str) -> None:
        self._engine = engine
        self._job = job
        self.watcher_id = watcher_id

    def __repr__(self) -> str:
        return f"JobHandle(key={self.key[:12]}..., watcher={self.watcher_id!r}, state={self._job.published.state!r})"

    @property
    def key(self) -> str:
        return self._job.key

    @property
    def config(self) -> TrainConfig:
        return self._job.config

    def snapshot(self, heartbeat: bool = True) -> JobSnapshot:
        """The job as it is now. ``heartbeat=False`` reads without counting as this watcher being present."""
        return self._engine._snapshot(self._job, self.watcher_id, heartbeat)

    @property
    def state(self) -> str:
        return self.snapshot().state

    @property
    def queue_position(self) -> int | None:
        """0 = running, 1 = next in line, ...; None once done."""
        return self.snapshot().queue_position

    @property
    def done(self) -> bool:
        return self._job.done_event.is_set()

    @property
    def model(self) -> Any:
        """The trained ``keras.Model`` once finished (from training or from the store), else None."""
        return self._job.model

    @property
    def metadata(self) -> Mapping[str, Any] | None:
        """What the store keeps with the model (config, history, test metrics, timings, data), once finished."""
        return self._job.metadata

    def stop(self, watcher_id: str | None = None) -> None:
        """This watcher (or ``watcher_id``) stops watching; the job is cancelled only if nobody else watches."""
        self._engine._release_job(self._job, watcher_id or self.watcher_id)

    def wait(self, timeout: float | None = None, poll_s: float = 0.5) -> JobSnapshot:
        """Block until the job is done (or ``timeout`` seconds), keeping this watcher's heartbeat alive."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._job.done_event.is_set():
            self.snapshot()
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                break
            self._job.done_event.wait(poll_s if remaining is None else min(poll_s, remaining))
        return self.snapshot()


_progress_callback_class: type | None = None


def _make_progress_callback(job: _Job, engine: TrainingEngine, task, data) -> Any:
    """The per-job Keras callback. The class is built on first use so that importing this module stays cheap."""
    global _progress_callback_class
    if _progress_callback_class is None:
        import keras

        class JobProgress(keras.callbacks.Callback):
            """Writes the live log. Per batch it only reads the loss and a flag and compares two clocks (a few
            microseconds next to a training step of a millisecond or more); everything else is throttled."""

            def __init__(self, job: _Job, engine: TrainingEngine, task, data) -> None:
                super().__init__()
                self.job = job
                self.engine = engine
                self.task = task
                self.data = data
                self.interval = engine.log_interval_s
                self.failure: dict[str, Any] | None = None
                self._next_write = 0.0
                self._epoch_index = 0
                self._epoch_started = time.monotonic()

            def on_train_begin(self, logs=None):
                self.job.training_started(self.params.get("steps"))
                if self.job.cancel_requested:
                    self.model.stop_training = True

            def on_epoch_begin(self, epoch, logs=None):
                self._epoch_index = epoch
                self._epoch_started = time.monotonic()

            def on_train_batch_end(self, batch, logs=None):
                loss = logs.get("loss") if logs else None
                # "not loss < limit" is also true for NaN, which compares False with everything.
                if loss is not None and not loss < EXPLODING_LOSS:
                    self._diverged(batch, float(loss))
                    return
                if self.job.cancel_requested:
                    self.model.stop_training = True
                    return
                now = time.monotonic()
                if now >= self._next_write:
                    self._next_write = now + self.interval
                    self.job.record_batch(self._epoch_index, batch + 1, logs, now)
                    self.engine._check_watchers(self.job, now)

            def on_epoch_end(self, epoch, logs=None):
                if self.failure is not None or self.job.cancel_requested:
                    return
                artifact = None
                if self.task.epoch_artifact is not None:
                    try:
                        artifact = self.task.epoch_artifact(self.model, self.data)
                    except Exception:  # noqa: BLE001 - a picture must never end a training
                        logger.exception("The per-epoch artefact of %s failed.", self.job.key)
                self.job.record_epoch(epoch + 1, logs, time.monotonic() - self._epoch_started, artifact)
                self.engine._check_watchers(self.job, time.monotonic())

            def _diverged(self, batch: int, loss: float) -> None:
                config = self.job.config
                suggestion = config.suggested_learning_rate()
                where = f"at epoch {self._epoch_index + 1}, batch {batch + 1}"
                if math.isnan(loss):
                    what, reason = "The loss became NaN", "nan_loss"
                elif math.isinf(loss):
                    what, reason = "The loss became infinite", "nan_loss"
                else:
                    what, reason = f"The loss exploded (it reached {loss:.3g})", "exploding_loss"
                self.failure = {
                    "message": (
                        f"{what} {where}: the learning rate ({_format_number(config.learning_rate)}) is probably "
                        f"too high; try {_format_number(suggestion)}."
                    ),
                    "reason": reason,
                    "details": {
                        "epoch": self._epoch_index + 1,
                        "batch": batch + 1,
                        "loss": repr(loss),
                        "learning_rate": config.learning_rate,
                        "suggested_learning_rate": suggestion,
                    },
                }
                self.model.stop_training = True

        _progress_callback_class = JobProgress
    return _progress_callback_class(job, engine, task, data)


def _env_number(name: str, default: float, kind: type = float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"The environment variable {name} must be a number, got {text!r}.") from None


class TrainingEngine:
    """Background training shared by every session of the app (see the module's description).

    ``max_workers``: jobs trained at once (``DASHBOARD_MAX_TRAINING_JOBS``, default 1). ``store``: where finished
    models go (default: a :class:`ModelStore` configured by its environment variables). ``watcher_timeout_s``:
    a watcher not heard from for this long is gone (``DASHBOARD_WATCHER_TIMEOUT_S``, default 30).
    ``log_interval_s``: the per-batch log is written at most this often.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        store: ModelStore | None = None,
        watcher_timeout_s: float | None = None,
        log_interval_s: float = DEFAULT_LOG_INTERVAL_S,
    ) -> None:
        if max_workers is None:
            max_workers = int(_env_number(MAX_JOBS_ENV, DEFAULT_MAX_WORKERS, int))
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or not 1 <= max_workers <= 64:
            raise ValueError(f"max_workers must be a whole number from 1 to 64, got {max_workers!r}.")
        if watcher_timeout_s is None:
            watcher_timeout_s = _env_number(WATCHER_TIMEOUT_ENV, DEFAULT_WATCHER_TIMEOUT_S)
        if not isinstance(watcher_timeout_s, (int, float)) or not watcher_timeout_s > 0:
            raise ValueError(f"watcher_timeout_s must be a positive number of seconds, got {watcher_timeout_s!r}.")
        if not isinstance(log_interval_s, (int, float)) or not log_interval_s >= 0:
            raise ValueError(f"log_interval_s must be zero or a positive number of seconds, got {log_interval_s!r}.")
        self.max_workers = max_workers
        self.store = store if store is not None else ModelStore()
        self.watcher_timeout_s = float(watcher_timeout_s)
        self.log_interval_s = float(log_interval_s)
        self._lock = threading.Lock()
        self._work_available = threading.Condition(self._lock)
        self._queue: deque[_Job] = deque()
        self._active: dict[str, _Job] = {}  # queued or running, not cancelled: what a new request can join
        self._running: dict[str, _Job] = {}
        self._workers: list[threading.Thread] = []
        self._closed = False
        self._trainings_started = 0
        self._started_keys: deque[str] = deque(maxlen=1000)

    def __repr__(self) -> str:
        return f"TrainingEngine(max_workers={self.max_workers}, store={self.store!r})"

    # -- what pages call ---------------------------------------------------------------------------------------

    def request(self, config: TrainConfig, watcher_id: str, retrain: bool = False) -> JobHandle:
        """The job for ``config``, watched by ``watcher_id`` (e.g. the Streamlit session id). Returns at once.

        Stored model -> a finished handle (no training). Same config queued or running -> that job, one more
        watcher. Otherwise a new job joins the end of the queue. Requesting again with the same watcher id is
        harmless (a rerun): it refreshes the heartbeat. ``retrain=True`` trains again even when the model is stored
        (to watch a lesson's network learn live); the new model replaces the stored one.
        """
        if not isinstance(config, TrainConfig):
            raise ValueError(f"request() takes a TrainConfig, got {type(config).__name__}.")
        watcher_id = self._check_watcher_id(watcher_id)
        key = config.key
        with self._lock:
            self._check_open()
            job = self._active.get(key)
            if job is not None:
                self._watch_locked(job, watcher_id, time.monotonic())
                return JobHandle(self, job, watcher_id)

        stored = None if retrain else self._load_stored(config)  # outside the lock: reading takes a moment
        if stored is not None:
            return JobHandle(self, self._job_from_store(config, stored), watcher_id)

        with self._lock:
            self._check_open()
            now = time.monotonic()
            self._expire_queued_locked(now)
            job = self._active.get(key)  # someone may have queued it while we read the store
            if job is None:
                job = _Job(config, retrain=retrain)
                self._active[key] = job
                self._queue.append(job)
                self._start_workers_locked()
                self._work_available.notify()
            self._watch_locked(job, watcher_id, now)
            return JobHandle(self, job, watcher_id)

    def release(self, key: str, watcher_id: str) -> bool:
        """``watcher_id`` stops watching the queued or running job ``key``; False if there is no such job."""
        with self._lock:
            job = self._active.get(key)
        if job is None:
            return False
        self._release_job(job, watcher_id)
        return True

    def jobs(self) -> list[JobSnapshot]:
        """Every queued or running job (running first, then the queue in order), e.g. for a sidebar."""
        now = time.monotonic()
        with self._lock:
            ordered = list(self._running.values()) + list(self._queue)
            return [job.snapshot_at(now, self._queue_position_locked(job), len(job.watchers), False) for job in ordered]

    @property
    def trainings_started(self) -> int:
        """How many trainings this engine has started (store hits and joined requests start none)."""
        with self._lock:
            return self._trainings_started

    def started_keys(self) -> list[str]:
        """Keys of the trainings started, oldest first (the last 1000)."""
        with self._lock:
            return list(self._started_keys)

    def shutdown(self, wait: bool = True, timeout: float | None = 30.0) -> None:
        """Cancel every job and stop the workers (tests; the app's engine lives as long as the process)."""
        with self._lock:
            self._closed = True
            for job in list(self._active.values()) + list(self._running.values()):
                self._cancel_locked(job, "Stopped: the server is shutting down.", "shutdown")
            self._work_available.notify_all()
            workers = list(self._workers)
        if wait:
            for worker in workers:
                worker.join(timeout)

    # -- watchers ---------------------------------------------------------------------------------------------

    @staticmethod
    def _check_watcher_id(watcher_id: str) -> str:
        if not isinstance(watcher_id, str) or not watcher_id.strip():
            raise ValueError(f"watcher_id must be a non-empty string (e.g. the session id), got {watcher_id!r}.")
        return watcher_id

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("This training engine has been shut down.")

    def _watch_locked(self, job: _Job, watcher_id: str, now: float) -> None:
        job.released.discard(watcher_id)  # an explicit request overrides an earlier Stop
        job.watchers[watcher_id] = now

    def _snapshot(self, job: _Job, watcher_id: str, heartbeat: bool) -> JobSnapshot:
        now = time.monotonic()
        with self._lock:
            if heartbeat and not job.done_event.is_set():
                if watcher_id in job.watchers:
                    job.watchers[watcher_id] = now
                elif watcher_id not in job.released and not job.cancel_requested:
                    job.watchers[watcher_id] = now  # back after a pause longer than the timeout
            position = self._queue_position_locked(job)
            watchers = len(job.watchers)
            watching = watcher_id in job.watchers
        return job.snapshot_at(now, position, watchers, watching)

    def _queue_position_locked(self, job: _Job) -> int | None:
        if job.done_event.is_set() or job.cancel_requested:
            return None
        if job.key in self._running and self._running[job.key] is job:
            return 0
        try:
            return self._queue.index(job) + 1
        except ValueError:
            return None

    def _release_job(self, job: _Job, watcher_id: str) -> None:
        with self._lock:
            job.watchers.pop(watcher_id, None)
            job.released.add(watcher_id)
            if not job.watchers and not job.done_event.is_set():
                self._cancel_locked(job, "Stopped: nobody is watching this training any more.", "no_watchers")

    def _expire_watchers_locked(self, job: _Job, now: float) -> bool:
        """Forget watchers not heard from for watcher_timeout_s; True when nobody is left."""
        limit = now - self.watcher_timeout_s
        for watcher_id in [w for w, seen in job.watchers.items() if seen < limit]:
            del job.watchers[watcher_id]
        return not job.watchers

    def _expire_queued_locked(self, now: float) -> None:
        for job in list(self._queue):
            if self._expire_watchers_locked(job, now):
                self._cancel_locked(job, "Stopped before it started: nobody is watching it any more.", "no_watchers")

    def _check_watchers(self, job: _Job, now: float) -> None:
        """Called by the running job's callback a few times per second."""
        with self._lock:
            if not job.cancel_requested and self._expire_watchers_locked(job, now):
                self._cancel_locked(job, "Stopped: nobody is watching this training any more.", "no_watchers")

    def _cancel_locked(self, job: _Job, message: str, reason: str) -> None:
        if job.done_event.is_set():
            return
        job.cancel_requested = True
        job.stop_message, job.stop_reason = message, reason
        if self._active.get(job.key) is job:
            del self._active[job.key]  # a new request for this config starts afresh
        if job in self._queue:
            self._queue.remove(job)
            job.finish("stopped", message, reason)
        else:
            job.set_message("Stopping after the current batch.")

    # -- the store --------------------------------------------------------------------------------------------

    def _load_stored(self, config: TrainConfig) -> StoredModel | None:
        try:
            stored = self.store.load(config.key)
        except Exception:  # noqa: BLE001 - a store problem means "train it", never a crash
            logger.exception("Reading %s from the model store failed.", config.key)
            return None
        if stored is None or stored_data_is_stale(config, stored.metadata):
            return None
        return stored

    def _job_from_store(self, config: TrainConfig, stored: StoredModel) -> _Job:
        job = _Job(config)
        metadata = stored.metadata
        artifact = None
        task = get_task(config.task)
        kept = metadata.get("artifacts") if task.keep_artifacts else None
        if kept:
            # The whole series comes back (a GAN's gallery); the last one is the current picture.
            job.restore_artifacts(kept[:-1])
            artifact = kept[-1][1]
        elif task.epoch_artifact is not None:
            try:
                artifact = task.epoch_artifact(stored.model, task.load_data(config))
            except Exception:  # noqa: BLE001 - the picture is optional
                logger.exception("The artefact of the stored model %s failed.", config.key)
        trained_seconds = float(metadata.get("timings", {}).get("train_seconds", 0.0))
        bundle = metadata.get("bundle") or {}
        if bundle:
            where = (
                f"Loaded the model bundled with the app (trained ahead of time on {bundle.get('built_at', '?')} by "
                f"`{bundle.get('command')}`, in {trained_seconds:.1f} s, on {bundle.get('data')})."
            )
        else:
            where = (
                f"Loaded the trained model from the model store (trained on {metadata.get('created_at', '?')} "
                f"in {trained_seconds:.1f} s)."
            )
        job.finish(
            "finished",
            f"{where} {_summary(metadata.get('test_metrics', {}))}".strip(),
            "from_store",
            details={
                "created_at": bundle.get("built_at") or metadata.get("created_at"),
                "train_seconds": trained_seconds,
                "bundled": bool(bundle),
                "dataset": config.dataset,
                "bundle_command": bundle.get("command"),
                "online_data": bool(metadata.get("data", {}).get("online", False)),
            },
            model=stored.model,
            metadata=metadata,
            stored=stored.on_disk,
            from_store=True,
            artifact=artifact,
        )
        return job

    # -- workers ----------------------------------------------------------------------------------------------

    def _start_workers_locked(self) -> None:
        while len(self._workers) < self.max_workers:
            worker = threading.Thread(
                target=self._work_loop, name=f"training-worker-{len(self._workers) + 1}", daemon=True
            )
            self._workers.append(worker)
            worker.start()

    def _work_loop(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._work_available.wait()
                if self._closed:
                    return
                job = self._queue.popleft()
                if self._expire_watchers_locked(job, time.monotonic()):
                    job.cancel_requested = True
                    if self._active.get(job.key) is job:
                        del self._active[job.key]
                    job.finish("stopped", "Stopped before it started: nobody is watching it any more.", "no_watchers")
                    continue
                self._running[job.key] = job
                job.mark_running()
            try:
                self._run(job)
            finally:
                with self._lock:
                    if self._running.get(job.key) is job:
                        del self._running[job.key]
                    if self._active.get(job.key) is job:
                        del self._active[job.key]
                if not job.done_event.is_set():  # never leave a watcher waiting forever
                    job.finish("failed", "The training ended unexpectedly.", "internal_error")

    def _stopped(self, job: _Job) -> None:
        job.finish("stopped", job.stop_message, job.stop_reason, details={"epochs_completed": job.published.epoch})

    def _run(self, job: _Job) -> None:
        config = job.config
        try:
            # Trained meanwhile by another process, or just before (unless a visitor asked to watch it again).
            stored = None if job.retrain else self._load_stored(config)
            if stored is not None:
                finished = self._job_from_store(config, stored)
                job.restore_artifacts(finished.artifact_list()[:-1])
                job.finish(
                    "finished",
                    finished.published.message,
                    "from_store",
                    details=finished.published.details,
                    model=stored.model,
                    metadata=stored.metadata,
                    stored=stored.on_disk,
                    from_store=True,
                    artifact=finished.published.latest_artifact,
                )
                return
            task = get_task(config.task)
            data_started = time.perf_counter()
            data = task.load_data(config)
            data_seconds = time.perf_counter() - data_started
            job.set_message("Building the model.", data_description=data.description)
            if job.cancel_requested:
                self._stopped(job)
                return

            import keras

            with self._lock:
                self._trainings_started += 1
                self._started_keys.append(job.key)
            build_started = time.perf_counter()
            keras.utils.set_random_seed(config.seed)
            model = task.build_model(config, data)
            fit_arguments = (task.fit_arguments or make_fit_arguments)(config, data)
            callback = _make_progress_callback(job, self, task, data)
            build_seconds = time.perf_counter() - build_started
            fit_started = time.perf_counter()
            model.fit(callbacks=[callback], **fit_arguments)
            train_seconds = time.perf_counter() - fit_started

            if callback.failure is not None:
                job.finish(
                    "failed",
                    callback.failure["message"],
                    callback.failure["reason"],
                    details=callback.failure["details"],
                )
                return
            if job.cancel_requested:
                self._stopped(job)
                return

            evaluate_started = time.perf_counter()
            final_model = task.finalize(model, data) if task.finalize is not None else model
            test_metrics = task.evaluate(final_model, data)
            evaluate_seconds = time.perf_counter() - evaluate_started
            history = job.history_lists()
            metadata = {
                "config": config.to_dict(),
                "model_code_version": MODEL_CODE_VERSION,
                "task": {
                    "name": task.name,
                    "kind": task.kind,
                    "class_names": list(data.class_names),
                    "input_shape": list(data.input_shape),
                    "extras": dict(data.extras),
                },
                "data": {"description": data.description, "online": data.online},
                "history": history,
                **(
                    {"artifacts": [[epoch, value] for epoch, value in job.artifact_list()]}
                    if task.keep_artifacts
                    else {}
                ),
                "epochs_completed": len(history.get("epoch_seconds", [])),
                "test_metrics": test_metrics,
                "timings": {
                    "data_seconds": data_seconds,
                    "build_seconds": build_seconds,
                    "train_seconds": train_seconds,
                    "evaluate_seconds": evaluate_seconds,
                    "seconds_per_epoch": train_seconds / max(1, config.epochs),
                },
                "environment": _environment(),
            }
            stored_on_disk, store_note = True, ""
            store_started = time.perf_counter()
            try:
                saved = self.store.save(job.key, final_model, metadata)
                metadata = dict(saved.metadata)
            except StoreWriteError as error:
                stored_on_disk = False
                store_note = f" {error} It works for now, and will be trained again after a restart."
                self.store.remember(job.key, final_model, metadata)
            store_seconds = time.perf_counter() - store_started
            job.finish(
                "finished",
                f"Finished: {config.epochs} epochs in {train_seconds:.1f} s. {_summary(test_metrics)}".strip()
                + store_note,
                "trained",
                details={
                    "train_seconds": train_seconds,
                    "store_seconds": store_seconds,
                    "store_error": store_note.strip() or None,
                },
                model=final_model,
                metadata=metadata,
                stored=stored_on_disk,
            )
        except Exception as error:  # noqa: BLE001 - a page gets a sentence, the log gets the traceback
            from core.data import DatasetUnavailable

            if isinstance(error, DatasetUnavailable):
                message, reason = str(error), "dataset_unavailable"
            else:
                logger.exception("Training job %s failed.", job.key)
                message = (
                    "The training stopped because of an unexpected error "
                    f"({type(error).__name__}). The technical details are kept for the developers."
                )
                reason = "internal_error"
            job.finish("failed", message, reason, error=traceback.format_exc())


def _summary(test_metrics: Mapping[str, Any]) -> str:
    if "accuracy" in test_metrics:
        return f"Test accuracy {test_metrics['accuracy']:.3f}."
    if "mae" in test_metrics:
        return f"Test MAE {test_metrics['mae']:.3g}, RMSE {test_metrics.get('rmse', float('nan')):.3g}."
    return ""


_environment_cache: dict[str, str] = {}


def _environment() -> dict[str, str]:
    if not _environment_cache:
        import keras
        import tensorflow as tf

        _environment_cache.update(keras=keras.__version__, tensorflow=tf.__version__, device=runtime.describe_device())
    return dict(_environment_cache)


_engine: TrainingEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> TrainingEngine:
    """The process-wide engine (one per Streamlit server, shared by every session), created on first use."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = TrainingEngine()
    return _engine
