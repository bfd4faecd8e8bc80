"""A training job's state and the handle a page watches it through.

A job's state is one immutable :class:`JobSnapshot`. Whoever changes the job (its worker, or the engine when it
cancels a queued job) builds the next snapshot with ``dataclasses.replace`` under the job's lock and puts it in
``job.state``; a reader takes ``job.state`` (one attribute read, no lock) and so never waits for the worker, and the
worker never waits for readers. What differs between readers (the queue position, who watches, the running clock)
is filled in when a :class:`JobHandle` reads (:meth:`Job.view`).

A job also knows who asked for it first (``owner``, the attendee) and whether it goes before everyone else
(``priority``, the instructor's): the engine's fair share orders its queue by them, and refuses an owner's request
with :class:`QueueFull` when they already have too many jobs waiting.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from core.training.config import TrainConfig

if TYPE_CHECKING:
    from core.training.engine import TrainingEngine

STATES = ("queued", "running", "finished", "stopped", "failed")
DONE_STATES = frozenset({"finished", "stopped", "failed"})
# Per-epoch artefacts kept per job (the most recent ones): a 1000-epoch run must not hold 1000 grids.
MAX_ARTIFACTS = 200

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """Mappings -> read-only mappings, lists -> tuples, recursively: snapshots are shared between threads."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value


class QueueFull(Exception):
    """A request refused because its owner already has ``limit`` jobs of their own waiting in the queue.

    Nothing changed in the engine. The page says so in the visitor's language ("You already have 2 trainings
    waiting. Stop one, or wait for one to start."); a request that joins an existing job is never refused.
    """

    def __init__(self, limit: int, owner: str) -> None:
        self.limit = limit
        self.owner = owner
        super().__init__(
            f"You already have {limit} training{'s' if limit != 1 else ''} waiting. Stop one, or wait for one to start."
        )


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
    None when done, in the order the slots will take the queued jobs (the engine's fair share). ``wait_s``: estimated
    seconds until a queued job starts (0 once running; None when done, or while nothing has been measured yet).
    ``watchers``: visitors watching; ``watching``: whether the handle that made this snapshot still watches.
    ``test_metrics``: held-out results once finished. ``from_store``: served from the model store; ``stored``: kept
    on disk (False: trained but could not be written; see ``message``). ``artifacts``: ``(epoch, artefact)`` pairs
    from the task's per-epoch hook (e.g. a decision-boundary grid). ``model`` and ``metadata``: the trained
    ``keras.Model`` and what the store keeps with it, once finished.
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
    wait_s: float | None = None
    watchers: int = 0
    watching: bool = False
    test_metrics: Mapping[str, Any] | None = None
    from_store: bool = False
    stored: bool | None = None
    artifacts: tuple[tuple[int, Any], ...] = ()
    data_description: str = ""
    timings: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    model: Any = field(default=None, repr=False, compare=False)
    metadata: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)
    # The clock behind elapsed_s and eta_s (time.monotonic): when the job started running, when eta_s was measured.
    started_at: float | None = field(default=None, repr=False, compare=False)
    measured_at: float = field(default=0.0, repr=False, compare=False)

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


class Job:
    """One training job: its config, who watches it, and its state (``state``, one :class:`JobSnapshot`).

    ``state`` is replaced whole under ``self._lock``; once it is done it no longer changes. The watchers
    (``watchers``, ``released``, ``cancel_requested``) are guarded by the engine's lock; the lock order is always
    engine lock, then job lock.
    """

    def __init__(
        self, config: TrainConfig, retrain: bool = False, owner: str = "", priority: bool = False, arrival: int = 0
    ) -> None:
        self.config = config
        self.key = config.key
        self.retrain = retrain  # train even when the store has the model (a visitor re-running a lesson live)
        # Fair share (guarded by the engine's lock): who asked first (a later request joining the job changes
        # nothing), whether it goes before every other job, and the engine's counters that order the queue:
        # ``arrival`` when it was queued, ``priority_since`` when it became a priority job (FIFO among those).
        self.owner = owner
        self.priority = priority
        self.arrival = arrival
        self.priority_since = arrival
        self.sent_at: float | None = None  # when a ready training process got it (time.monotonic)
        self.watchers: dict[str, float] = {}  # watcher id -> last heartbeat (time.monotonic)
        self.released: set[str] = set()  # watchers who pressed Stop: a late read must not bring them back
        self.cancel_requested = False  # a plain bool: the callback reads it after every batch
        self.stop_message = "Stopped."
        self.stop_reason = "no_watchers"
        self.done_event = threading.Event()
        self._lock = threading.Lock()
        self.state = JobSnapshot(
            key=self.key, state="queued", total_epochs=config.epochs, message="Waiting for a free training slot."
        )

    # -- writing (the worker thread, or the engine under its lock) -------------------------------------------------

    def _update(self, **changes: Any) -> None:
        with self._lock:
            if not self.state.done:  # a late "Stopping..." must not reopen a finished job
                self.state = dataclasses.replace(self.state, **changes)

    def mark_running(self) -> None:
        self._update(state="running", started_at=time.monotonic(), message="Loading the data.")

    def set_message(self, message: str, data_description: str | None = None) -> None:
        if data_description is None:
            self._update(message=message)
        else:
            self._update(message=message, data_description=data_description)

    def training_started(self, batches_per_epoch: int | None) -> None:
        self._update(batches_per_epoch=batches_per_epoch, message=f"Training: epoch 1 of {self.config.epochs}.")

    def record_batch(
        self,
        epoch_index: int,
        batches_done: int,
        logs: Mapping[str, float] | None,
        now: float,
        eta_s: float | None = None,
    ) -> None:
        self._update(
            epoch=epoch_index,
            batch=batches_done,
            last_batch_metrics=MappingProxyType(dict(logs or {})),
            message=f"Training: epoch {epoch_index + 1} of {self.config.epochs}.",
            **({} if eta_s is None else {"eta_s": eta_s, "measured_at": now}),
        )

    def record_epoch(
        self,
        epochs_done: int,
        logs: Mapping[str, float] | None,
        seconds: float,
        artifact: Any,
        now: float | None = None,
        eta_s: float | None = None,
    ) -> None:
        with self._lock:
            current = self.state
            if current.done:
                return
            history = dict(current.history)
            for name, value in (logs or {}).items():
                history[name] = history.get(name, ()) + (float(value),)
            history["epoch_seconds"] = history.get("epoch_seconds", ()) + (seconds,)
            artifacts = current.artifacts
            if artifact is not None:
                artifacts = (artifacts + ((epochs_done, artifact),))[-MAX_ARTIFACTS:]
            following = min(epochs_done + 1, self.config.epochs)
            self.state = dataclasses.replace(
                current,
                history=MappingProxyType(history),
                artifacts=artifacts,
                epoch=epochs_done,
                batch=0,
                message=f"Training: epoch {following} of {self.config.epochs}.",
                **({} if eta_s is None else {"eta_s": eta_s, "measured_at": now}),
            )

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
        earlier_artifacts: Iterable[tuple[int, Any]] = (),
    ) -> None:
        """The job's last state. ``artifact`` is the final picture; ``earlier_artifacts`` the series before it
        kept with a stored model (a GAN's gallery), oldest first."""
        now = time.monotonic()
        with self._lock:
            current = self.state
            if current.done:
                return
            started = current.started_at if current.started_at is not None else now
            changes: dict[str, Any] = {
                "state": state,
                "message": message,
                "reason": reason,
                "details": freeze(details or {}),
                "error": error,
                "eta_s": 0.0 if state == "finished" else None,
                "elapsed_s": now - started,
                "started_at": started,
                "measured_at": now,
                "stored": stored,
                "from_store": from_store,
                "model": model,
            }
            epoch = current.epoch
            if metadata is not None:
                changes["metadata"] = metadata
                changes["test_metrics"] = freeze(metadata.get("test_metrics", {}))
                changes["timings"] = freeze(metadata.get("timings", {}))
                changes["data_description"] = metadata.get("data", {}).get("description", current.data_description)
                if from_store or not current.history:
                    history = metadata.get("history", {})
                    changes["history"] = MappingProxyType(
                        {name: tuple(float(value) for value in values) for name, values in history.items()}
                    )
                    epoch = int(metadata.get("epochs_completed", self.config.epochs))
            if state == "finished":
                changes["batch"] = 0
                epoch = max(epoch, int((metadata or {}).get("epochs_completed", epoch)))
            changes["epoch"] = epoch
            artifacts = current.artifacts + tuple((int(number), value) for number, value in earlier_artifacts)
            if artifact is not None:
                artifacts += ((epoch, artifact),)
            changes["artifacts"] = artifacts[-MAX_ARTIFACTS:]
            self.state = dataclasses.replace(current, **changes)
        self.done_event.set()

    # -- reading ---------------------------------------------------------------------------------------------

    def view(
        self, now: float, queue_position: int | None, watchers: int, watching: bool, wait_s: float | None = None
    ) -> JobSnapshot:
        """The state as one reader sees it at ``now``: its queue position and estimated wait, the watchers, the
        running clock."""
        state = self.state  # one atomic read: the worker may put a newer one meanwhile
        if state.state == "running":
            wait_s = 0.0
        elif state.state != "queued":
            wait_s = None
        changes: dict[str, Any] = {
            "queue_position": queue_position,
            "wait_s": wait_s,
            "watchers": watchers,
            "watching": watching,
        }
        if state.state == "running" and state.started_at is not None:
            changes["elapsed_s"] = now - state.started_at
            if state.eta_s is not None:
                changes["eta_s"] = max(0.0, state.eta_s - (now - state.measured_at))
        if state.state == "queued" and queue_position:
            ahead = queue_position - 1
            changes["message"] = (
                "Next in line: it starts as soon as a training slot is free."
                if ahead == 0
                else f"Waiting in the queue: {ahead} other training{'s' if ahead > 1 else ''} before this one."
            )
        return dataclasses.replace(state, **changes)


class JobHandle:
    """One watcher's view of a job. Every :meth:`snapshot` is also this watcher's heartbeat."""

    def __init__(self, engine: TrainingEngine, job: Job, watcher_id: str) -> None:
        self._engine = engine
        self._job = job
        self.watcher_id = watcher_id

    def __repr__(self) -> str:
        return f"JobHandle(key={self.key[:12]}..., watcher={self.watcher_id!r}, state={self._job.state.state!r})"

    @property
    def key(self) -> str:
        return self._job.key

    @property
    def config(self) -> TrainConfig:
        return self._job.config

    def snapshot(self, heartbeat: bool = True) -> JobSnapshot:
        """The job as it is now. ``heartbeat=False`` reads without counting as this watcher being present."""
        return self._engine.snapshot_for(self._job, self.watcher_id, heartbeat)

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
        return self._job.state.model

    @property
    def metadata(self) -> Mapping[str, Any] | None:
        """What the store keeps with the model (config, history, test metrics, timings, data), once finished."""
        return self._job.state.metadata

    @classmethod
    def refused(cls, engine: TrainingEngine, config: TrainConfig, watcher_id: str, refusal: QueueFull) -> JobHandle:
        """A handle to a job that never entered the engine: ``refusal`` turned it away. It is done ("failed", reason
        "queue_full", ``details["limit"]``), so a page that shows a slot's job explains it like any job that ended,
        with the config the visitor asked for."""
        job = Job(config, owner=refusal.owner)
        job.finish("failed", str(refusal), "queue_full", details={"limit": refusal.limit})
        return cls(engine, job, watcher_id)

    def stop(self, watcher_id: str | None = None) -> None:
        """This watcher (or ``watcher_id``) stops watching; the job is cancelled only if nobody else watches."""
        self._engine.release_job(self._job, watcher_id or self.watcher_id)

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
