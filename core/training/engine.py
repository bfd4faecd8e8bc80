"""One training engine for every page: jobs, a bounded pool of workers, a fair queue, watchers and a live log.

Pages never call ``model.fit`` themselves (a Streamlit rerun would kill a fit running in the script thread, see the
guide's section 3). A page asks the engine for a :class:`~core.training.config.TrainConfig` and gets a
:class:`~core.training.jobs.JobHandle`::

    engine = get_engine()
    handle = engine.request(config, watcher_id=session_id)   # returns at once (or raises QueueFull, see below)
    snapshot = handle.snapshot()                             # poll it, e.g. in @st.fragment(run_every=1)
    snapshot.state, snapshot.epoch, snapshot.history["loss"], snapshot.eta_s, snapshot.message
    handle.stop()                                            # this visitor leaves; others may still watch
    handle.model                                             # the trained keras.Model once state == "finished"

- **Store first.** A config already in the :class:`~core.training.model_store.ModelStore` comes back as a finished
  handle backed by the stored model (no training; well under a second, see ``bench/store_hit.py``).
- **One job per config.** A request for a config that is queued or running joins that job as one more watcher:
  thirty attendees pressing "Train" on the default watch one training.
- **Worker processes.** The web process never trains. ``max_workers`` slots (``DASHBOARD_MAX_TRAINING_JOBS``,
  default 1: TensorFlow already uses both cores of a small machine for one fit) take jobs in the fair order below;
  each slot is a thread of the server supervising one training process (:mod:`core.training.workers`), started on
  first need, which imports TensorFlow once and trains job after job (:mod:`core.training.worker_process`), and is
  replaced after ``worker_max_jobs`` jobs or once its memory passed ``worker_max_mb``. The live log crosses the
  process boundary as small messages on a pipe, the trained model through the model store (the server loads it
  from there with ``safe_mode=True``), a visitor's uploaded data with the job's message (never through a file).
  ``handle.queue_position`` is 0 for a running job, 1 for the next one, ...
- **Fair share.** Each new job has an ``owner`` (``request(..., owner=...)``, default the watcher id: in a class,
  the attendee) and may be a ``priority`` job (the instructor's). Slots take priority jobs first (first come, first
  served among them; a priority request that joins a queued job promotes it), then go round the owners: the owner
  served least recently (whose last job started longest ago; never served first, ties by arrival) gets their oldest
  queued job, so an attendee who queued five configs delays nobody's first one. An owner may have at most
  ``max_queued_per_owner`` jobs of their own waiting (``DASHBOARD_MAX_QUEUED_PER_VISITOR``, 2); a request beyond it
  raises :class:`~core.training.jobs.QueueFull` and changes nothing. Joining an existing job is never refused and
  never counts against anyone (the job keeps its first owner); priority requests are not bounded. A snapshot's
  ``queue_position`` follows this order, and ``wait_s`` estimates when the job starts: the running jobs' ETAs, then
  each job ahead taking the slot that frees first for the recent mean duration of its task (None while nothing is
  measured yet).
- **Watchers.** A watcher's stop removes that watcher only; the job is cancelled when no watcher is left (a
  queued job is dropped, a running one stops after its current batch). Every read through a handle is a heartbeat:
  a watcher not seen for ``watcher_timeout_s`` (30 s, ``DASHBOARD_WATCHER_TIMEOUT_S``) counts as gone (a closed
  browser tab). A stopped or failed job writes nothing to the store.
- **Stop and faults.** A cancelled job is asked to stop after its current batch; a process that has not answered
  within ``STOP_GRACE_S`` (0.5 s) is killed, so a Stop ends a job within a second whatever it is doing. A process
  that dies (SIGKILL, out of memory, a native crash) or reports nothing for ``hang_timeout_s`` fails its job with
  the sentence "The training process stopped unexpectedly; press Train to try again." (reason ``worker_died`` or
  ``worker_hung``); the store's atomic writes leave nothing half-written, and the slot starts a fresh process at
  once for the next job.
- **Live log.** A Keras callback in the training process records per-batch metrics (at most every
  ``log_interval_s``, 0.25 s), per-epoch train/validation metrics, elapsed time and ETA, and the task's per-epoch
  artefact (the toy set's decision boundary). A job's state is one immutable
  :class:`~core.training.jobs.JobSnapshot` that each write replaces whole; readers just take the latest one, so
  they never wait for the worker and the worker never waits for them (beyond a lock held for a few microseconds):
  the slot's thread applies each message from the process as it comes. See :mod:`core.training.jobs`; the
  callback is in :mod:`core.training.progress`.
- **Divergence.** A loss that becomes NaN, infinite or absurdly large ends the job as "failed" with a plain
  sentence (``snapshot.message``) and machine-readable ``reason``/``details`` for translated pages; technical
  details (tracebacks) go to ``snapshot.error`` only.
- **Reproducibility.** Each job calls ``keras.utils.set_random_seed(config.seed)``, every layer gets its own seed
  derived from ``config.seed`` and the training rows are shuffled by a stateless shuffle seeded by
  ``(config.seed, epoch)``, in a process that runs one job at a time: a config reproduces its numbers exactly.
- **A Ray cluster.** With ``RAY_ADDRESS`` (or ``DASHBOARD_RAY_ADDRESS``) set, each slot's process is a link to the
  cluster instead of a training process (:mod:`core.training.ray_jobs`, :mod:`core.training.ray_link`): the job
  trains in a Ray actor named after its config, which every replica of the app joins, and its model goes to the
  shared store. Everything above (queue, watchers, Stop, faults, the live log) is unchanged; a cluster that cannot
  be reached fails a job within seconds with the reason ``cluster_unavailable``.
- **GPU.** A training process sees the GPU exactly as TensorFlow would; with two GPUs or more there is one
  process per GPU, each given its own through ``CUDA_VISIBLE_DEVICES``.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from core import (
    runtime,  # noqa: F401  (quiets TensorFlow's start-up log before anything imports it)
    settings,
)
from core.data import uploads
from core.training import worker_process
from core.training import workers as workers_module
from core.training.config import TrainConfig, stored_data_is_stale
from core.training.jobs import Job, JobHandle, JobSnapshot, QueueFull
from core.training.model_store import ModelStore, StoredModel, model_from_bytes
from core.training.progress import summary
from core.training.registry import BUILT_IN_TASKS, get_task

logger = logging.getLogger(__name__)

DEFAULT_LOG_INTERVAL_S = 0.25
#: A Stop asks the job to end after its current batch; a process that has not answered after this is killed.
STOP_GRACE_S = 0.5
#: How long a slot waits for its process' next message before it looks at Stops, watchers and the clock again.
MESSAGE_WAIT_S = 0.05
#: A training process that has not imported TensorFlow this long after its start is treated as hung.
STARTUP_TIMEOUT_S = 120.0
#: How often a running job's watchers are checked for having gone away.
WATCHER_CHECK_S = 0.25
#: The default of ``ray_address``: read the settings (None would mean "train here").
_FROM_SETTINGS: Any = object()
#: Finished trainings per task whose durations make the mean behind ``wait_s``.
RECENT_DURATIONS = 10
#: Owners whose last start the round-robin remembers; beyond it the longest-served are forgotten (they count as
#: never served, which puts them at the front, where their old turn had put them anyway).
MAX_REMEMBERED_OWNERS = 10_000


class TrainingEngine:
    """Background training shared by every session of the app (see the module's description).

    ``max_workers``: jobs trained at once (``DASHBOARD_MAX_TRAINING_JOBS``, default 1). ``store``: where finished
    models go (default: a :class:`ModelStore` configured by its environment variables). ``watcher_timeout_s``:
    a watcher not heard from for this long is gone (``DASHBOARD_WATCHER_TIMEOUT_S``, default 30).
    ``log_interval_s``: the per-batch log is written at most this often. ``hang_timeout_s``: a training process
    that reports nothing for this long is killed and its job failed (``DASHBOARD_WORKER_HANG_S``, 300).
    ``worker_max_jobs`` and ``worker_max_mb``: a process is replaced after that many jobs, or once its memory grew
    past that many megabytes (``DASHBOARD_WORKER_MAX_JOBS``, 50; ``DASHBOARD_WORKER_MAX_MB``, 1500). With two GPUs
    or more and no ``max_workers`` given, there is one process per GPU. ``max_queued_per_owner``: jobs of their own
    an owner may have waiting (``DASHBOARD_MAX_QUEUED_PER_VISITOR``, 2).
    """

    def __init__(
        self,
        max_workers: int | None = None,
        store: ModelStore | None = None,
        watcher_timeout_s: float | None = None,
        log_interval_s: float = DEFAULT_LOG_INTERVAL_S,
        hang_timeout_s: float | None = None,
        worker_max_jobs: int | None = None,
        worker_max_mb: float | None = None,
        ray_address: str | None = _FROM_SETTINGS,
        max_queued_per_owner: int | None = None,
    ) -> None:
        #: The Ray cluster's head when training runs there (``DASHBOARD_RAY_ADDRESS`` / ``RAY_ADDRESS``), else None.
        self.ray_address = settings.ray_address() if ray_address is _FROM_SETTINGS else ray_address
        self.worker_kind = "local" if self.ray_address is None else "ray"
        gpus = workers_module.gpu_ids() if self.ray_address is None else []  # the cluster's GPUs are Ray's to give
        if max_workers is None:
            max_workers = len(gpus) if len(gpus) >= 2 else settings.max_training_jobs()
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or not 1 <= max_workers <= 64:
            raise ValueError(f"max_workers must be a whole number from 1 to 64, got {max_workers!r}.")
        if watcher_timeout_s is None:
            watcher_timeout_s = settings.watcher_timeout_s()
        if not isinstance(watcher_timeout_s, (int, float)) or not watcher_timeout_s > 0:
            raise ValueError(f"watcher_timeout_s must be a positive number of seconds, got {watcher_timeout_s!r}.")
        if not isinstance(log_interval_s, (int, float)) or not log_interval_s >= 0:
            raise ValueError(f"log_interval_s must be zero or a positive number of seconds, got {log_interval_s!r}.")
        if max_queued_per_owner is None:
            max_queued_per_owner = settings.max_queued_per_visitor()
        if (
            isinstance(max_queued_per_owner, bool)
            or not isinstance(max_queued_per_owner, int)
            or not max_queued_per_owner >= 1
        ):
            raise ValueError(f"max_queued_per_owner must be a whole number >= 1, got {max_queued_per_owner!r}.")
        self.max_queued_per_owner = max_queued_per_owner
        self.hang_timeout_s = float(hang_timeout_s if hang_timeout_s is not None else settings.worker_hang_s())
        self.worker_max_jobs = int(worker_max_jobs if worker_max_jobs is not None else settings.worker_max_jobs())
        self.worker_max_mb = float(worker_max_mb if worker_max_mb is not None else settings.worker_max_mb())
        self.max_workers = max_workers
        #: A callable returning a context manager, entered in the training process around each job (shipped by
        #: value with cloudpickle). Tests use it to fake in the training process what they fake in theirs
        #: (downloads, a smaller model), since a monkeypatch does not cross the process boundary.
        self.job_context = None
        self._slot_gpus = workers_module.worker_gpus(max_workers, gpus)
        self.store = store if store is not None else ModelStore()
        self.watcher_timeout_s = float(watcher_timeout_s)
        self.log_interval_s = float(log_interval_s)
        self._lock = threading.Lock()
        self._work_available = threading.Condition(self._lock)
        self._queue: list[Job] = []  # in arrival order; the slots take from it in fair order (_fair_order_locked)
        self._active: dict[str, Job] = {}  # queued or running, not cancelled: what a new request can join
        self._running: dict[str, Job] = {}
        self._slots: list[_Slot] = []
        self._closed = False
        self._trainings_started = 0
        self._started_keys: deque[str] = deque(maxlen=1000)
        # Fair share: a counter that stamps arrivals, promotions and starts; each owner's last start (in start
        # order, oldest first); the queue in fair order and each job's place in it, recomputed after a change.
        self._ticks = itertools.count(1)
        self._last_served: dict[str, int] = {}
        self._order: list[Job] | None = None
        self._places: dict[Job, int] = {}
        # Seconds the recent trainings of each task took (finished, trained here), for the wait estimates.
        self._durations: dict[str, deque[float]] = {}

    def __repr__(self) -> str:
        return f"TrainingEngine(max_workers={self.max_workers}, store={self.store!r})"

    # -- what pages call ---------------------------------------------------------------------------------------

    def request(
        self,
        config: TrainConfig,
        watcher_id: str,
        retrain: bool = False,
        *,
        owner: str | None = None,
        priority: bool = False,
    ) -> JobHandle:
        """The job for ``config``, watched by ``watcher_id`` (e.g. the Streamlit session id). Returns at once.

        Stored model -> a finished handle (no training). Same config queued or running -> that job, one more
        watcher. Otherwise a new job joins the queue, owned by ``owner`` (default: the watcher id), and waits its
        turn in the fair order (see the module's description). Requesting again with the same watcher id is
        harmless (a rerun): it refreshes the heartbeat. ``retrain=True`` trains again even when the model is stored
        (to watch a lesson's network learn live); the new model replaces the stored one. ``priority=True`` (the
        instructor) puts the job before every other one, and promotes a queued job it joins.

        Raises :class:`~core.training.jobs.QueueFull` (engine unchanged) when the request would queue a new job
        while ``owner`` already has ``max_queued_per_owner`` jobs of their own waiting; joins, store hits and
        priority requests are never refused.
        """
        if not isinstance(config, TrainConfig):
            raise ValueError(f"request() takes a TrainConfig, got {type(config).__name__}.")
        watcher_id = self._check_watcher_id(watcher_id)
        owner = watcher_id if owner is None else self._check_owner(owner)
        priority = bool(priority)
        key = config.key
        with self._lock:
            self._check_open()
            job = self._active.get(key)
            if job is not None:
                self._watch_locked(job, watcher_id, time.monotonic())
                if priority:
                    self._promote_locked(job)
                return JobHandle(self, job, watcher_id)

        stored = None if retrain else self._load_stored(config)  # outside the lock: reading takes a moment
        if stored is not None:
            job = Job(config)
            self._finish_from_store(job, stored)
            return JobHandle(self, job, watcher_id)

        with self._lock:
            self._check_open()
            now = time.monotonic()
            self._expire_queued_locked(now)
            job = self._active.get(key)  # someone may have queued it while we read the store
            if job is None:
                if not priority:
                    waiting = sum(1 for queued in self._queue if queued.owner == owner and not queued.priority)
                    if waiting >= self.max_queued_per_owner:
                        raise QueueFull(self.max_queued_per_owner, owner)
                job = Job(config, retrain=retrain, owner=owner, priority=priority, arrival=next(self._ticks))
                self._active[key] = job
                self._queue.append(job)
                self._order = None
                self._start_workers_locked()
                self._work_available.notify()
            elif priority:
                self._promote_locked(job)
            self._watch_locked(job, watcher_id, now)
            return JobHandle(self, job, watcher_id)

    def release(self, key: str, watcher_id: str) -> bool:
        """``watcher_id`` stops watching the queued or running job ``key``; False if there is no such job."""
        with self._lock:
            job = self._active.get(key)
        if job is None:
            return False
        self.release_job(job, watcher_id)
        return True

    def jobs(self) -> list[JobSnapshot]:
        """Every queued or running job (running first, then the queue in the order the slots will take it), e.g. for
        a sidebar or the instructor's view of the room."""
        now = time.monotonic()
        with self._lock:
            order = self._fair_order_locked()
            waits = self._wait_estimates_locked(now, len(order))
            running = [
                job.view(now, self._queue_position_locked(job), len(job.watchers), False)
                for job in self._running.values()
            ]
            return running + [
                job.view(now, index + 1, len(job.watchers), False, waits[index]) for index, job in enumerate(order)
            ]

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
        """Cancel every job (each ends within a second) and stop the slots. Their idle training processes are kept
        as spares for the next engine of this process (:func:`core.training.workers.stop_all_workers` ends them)."""
        with self._lock:
            self._closed = True
            for job in list(self._active.values()) + list(self._running.values()):
                self._cancel_locked(job, "Stopped: the server is shutting down.", "shutdown")
            self._work_available.notify_all()
            threads = [slot.thread for slot in self._slots if slot.thread is not None]
        if wait:
            for thread in threads:
                thread.join(timeout)

    # -- watchers ---------------------------------------------------------------------------------------------

    @staticmethod
    def _check_watcher_id(watcher_id: str) -> str:
        if not isinstance(watcher_id, str) or not watcher_id.strip():
            raise ValueError(f"watcher_id must be a non-empty string (e.g. the session id), got {watcher_id!r}.")
        return watcher_id

    @staticmethod
    def _check_owner(owner: str) -> str:
        if not isinstance(owner, str) or not owner.strip():
            raise ValueError(f"owner must be a non-empty string (e.g. the attendee's id), got {owner!r}.")
        return owner

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("This training engine has been shut down.")

    def _watch_locked(self, job: Job, watcher_id: str, now: float) -> None:
        job.released.discard(watcher_id)  # an explicit request overrides an earlier Stop
        job.watchers[watcher_id] = now

    def snapshot_for(self, job: Job, watcher_id: str, heartbeat: bool = True) -> JobSnapshot:
        """``job`` as ``watcher_id`` sees it now (what :meth:`JobHandle.snapshot` returns), and its heartbeat."""
        now = time.monotonic()
        with self._lock:
            if heartbeat and not job.done_event.is_set():
                if watcher_id in job.watchers:
                    job.watchers[watcher_id] = now
                elif watcher_id not in job.released and not job.cancel_requested:
                    job.watchers[watcher_id] = now  # back after a pause longer than the timeout
            position = self._queue_position_locked(job)
            wait_s = self._wait_estimates_locked(now, position)[-1] if position else None
            watchers = len(job.watchers)
            watching = watcher_id in job.watchers
        return job.view(now, position, watchers, watching, wait_s)

    def _queue_position_locked(self, job: Job) -> int | None:
        if job.done_event.is_set() or job.cancel_requested:
            return None
        if job.key in self._running and self._running[job.key] is job:
            return 0
        self._fair_order_locked()
        place = self._places.get(job)
        return None if place is None else place + 1

    # -- fair share -------------------------------------------------------------------------------------------

    def _promote_locked(self, job: Job) -> None:
        """A priority request joined ``job``: it goes before every non-priority job (after earlier priority ones)."""
        if not job.priority:
            job.priority = True
            job.priority_since = next(self._ticks)
            self._order = None

    def _fair_order_locked(self) -> list[Job]:
        """The queue in the order the slots will take it: priority jobs first (in the order they became priority
        jobs), then rounds over the owners, least recently served first (never served first, ties by the arrival
        of their oldest queued job), each owner's jobs oldest first. Recomputed, O(queue), after a change."""
        if self._order is None:
            order = sorted((job for job in self._queue if job.priority), key=lambda job: job.priority_since)
            lines: dict[str, list[Job]] = {}
            for job in self._queue:  # arrival order, so each owner's line is oldest first
                if not job.priority:
                    lines.setdefault(job.owner, []).append(job)
            owners = sorted(lines, key=lambda owner: (self._last_served.get(owner, 0), lines[owner][0].arrival))
            # Serving an owner makes them the most recently served: the next round visits the owners in the
            # same order, skipping those whose line is empty.
            round_index = 0
            while owners:
                order.extend(lines[owner][round_index] for owner in owners)
                round_index += 1
                owners = [owner for owner in owners if len(lines[owner]) > round_index]
            self._order = order
            self._places = {job: index for index, job in enumerate(order)}
        return self._order

    def _take_next_locked(self) -> Job:
        """Remove the job the fair order puts first from the queue (the caller starts it or drops it)."""
        job = self._fair_order_locked()[0]
        self._queue.remove(job)
        self._order = None
        return job

    def _served_locked(self, job: Job) -> None:
        """``job`` starts: its owner goes to the back of the round (a priority job takes nobody's turn)."""
        if job.priority:
            return
        self._last_served.pop(job.owner, None)  # re-inserted last: the dict stays in start order
        self._last_served[job.owner] = next(self._ticks)
        while len(self._last_served) > MAX_REMEMBERED_OWNERS:
            del self._last_served[next(iter(self._last_served))]
        self._order = None

    def _typical_duration_locked(self, task: str) -> float | None:
        """The mean duration of the task's recent trainings, else of every task's; None while none finished."""
        recent = self._durations.get(task)
        if not recent:
            recent = [seconds for durations in self._durations.values() for seconds in durations]
        return sum(recent) / len(recent) if recent else None

    def _remaining_locked(self, job: Job, now: float) -> float | None:
        """Seconds until the running ``job`` frees its slot: its ETA, else its task's typical duration less the
        time it has run; None when neither is known."""
        if job.cancel_requested:
            return 0.0  # it stops within a second
        state = job.state
        if state.eta_s is not None:
            return max(0.0, state.eta_s - (now - state.measured_at))
        typical = self._typical_duration_locked(job.config.task)
        if typical is None:
            return None
        return max(0.0, typical - (now - job.sent_at if job.sent_at is not None else 0.0))

    def _wait_estimates_locked(self, now: float, count: int) -> list[float | None]:
        """The estimated wait of the first ``count`` jobs of the fair order (see :func:`wait_estimates`)."""
        order = self._fair_order_locked()[:count]
        running = [self._remaining_locked(job, now) for job in self._running.values()]
        free = [0.0] * max(0, self.max_workers - len(running))
        durations = [self._typical_duration_locked(job.config.task) for job in order]
        return wait_estimates(running + free, durations)

    def _measured_locked(self, job: Job) -> None:
        """Remember how long ``job`` took, from its hand-over to a ready process to its end, when it trained to the
        end (a store hit or a stop says nothing; a process' start-up is not the task's)."""
        state = job.state
        if state.state == "finished" and not state.from_store and job.sent_at is not None:
            seconds = state.measured_at - job.sent_at  # measured_at: when it finished
            self._durations.setdefault(job.config.task, deque(maxlen=RECENT_DURATIONS)).append(max(0.0, seconds))

    def release_job(self, job: Job, watcher_id: str) -> None:
        """``watcher_id`` stops watching ``job`` (what :meth:`JobHandle.stop` calls)."""
        with self._lock:
            job.watchers.pop(watcher_id, None)
            job.released.add(watcher_id)
            if not job.watchers and not job.done_event.is_set():
                self._cancel_locked(job, "Stopped: nobody is watching this training any more.", "no_watchers")

    def _expire_watchers_locked(self, job: Job, now: float) -> bool:
        """Forget watchers not heard from for watcher_timeout_s; True when nobody is left."""
        limit = now - self.watcher_timeout_s
        for watcher_id in [w for w, seen in job.watchers.items() if seen < limit]:
            del job.watchers[watcher_id]
        return not job.watchers

    def _expire_queued_locked(self, now: float) -> None:
        for job in list(self._queue):
            if self._expire_watchers_locked(job, now):
                self._cancel_locked(job, "Stopped before it started: nobody is watching it any more.", "no_watchers")

    def check_watchers(self, job: Job, now: float) -> None:
        """Cancels ``job`` when nobody watches it any more; its training callback calls this a few times a second."""
        with self._lock:
            if not job.cancel_requested and self._expire_watchers_locked(job, now):
                self._cancel_locked(job, "Stopped: nobody is watching this training any more.", "no_watchers")

    def _cancel_locked(self, job: Job, message: str, reason: str) -> None:
        if job.done_event.is_set():
            return
        job.cancel_requested = True
        job.stop_message, job.stop_reason = message, reason
        if self._active.get(job.key) is job:
            del self._active[job.key]  # a new request for this config starts afresh
        if job in self._queue:
            self._queue.remove(job)
            self._order = None
            job.finish("stopped", message, reason)
        else:
            job.set_message("Stopping.")

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

    def _finish_from_store(self, job: Job, stored: StoredModel) -> None:
        """Finishes ``job`` with the stored model: no training."""
        config = job.config
        metadata = stored.metadata
        artifact, earlier_artifacts = None, []
        task = get_task(config.task)
        kept = metadata.get("artifacts") if task.keep_artifacts else None
        if kept:
            # The whole series comes back (a GAN's gallery); the last one is the current picture.
            earlier_artifacts, artifact = kept[:-1], kept[-1][1]
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
            f"{where} {summary(metadata.get('test_metrics', {}))}".strip(),
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
            earlier_artifacts=earlier_artifacts,
        )

    # -- workers ----------------------------------------------------------------------------------------------

    def _start_workers_locked(self) -> None:
        while len(self._slots) < self.max_workers:
            slot = _Slot(len(self._slots), self._slot_gpus[len(self._slots)])
            slot.thread = threading.Thread(
                target=self._work_loop, args=(slot,), name=f"training-slot-{slot.index + 1}", daemon=True
            )
            self._slots.append(slot)
            slot.thread.start()

    def start_workers(self) -> None:
        """Start every slot's training process now rather than at the first job (the server's warm-up). With a Ray
        cluster only the first slot's link starts ahead (a link loads Ray in a second; the others start when
        needed, so an idle replica holds one small process, not one per slot)."""
        with self._lock:
            self._check_open()
            self._start_workers_locked()
            for slot in self._slots[: 1 if self.ray_address else None]:
                slot.want_worker = True
            self._work_available.notify_all()

    def workers(self) -> list[dict[str, Any]]:
        """One line of facts per training process (pid, ready, jobs done, memory): tests, benches, the logs."""
        with self._lock:
            current = [slot.worker for slot in self._slots if slot.worker is not None]
        return workers_module.describe_workers(current)

    def _work_loop(self, slot: _Slot) -> None:
        try:
            while True:
                with self._lock:
                    while not self._queue and not self._closed and not slot.want_worker:
                        self._work_available.wait()
                    if self._closed:
                        return
                    if not self._queue:  # asked to start its process ahead of the first job
                        slot.want_worker = False
                        job = None
                    else:
                        job = self._take_next_locked()
                        if self._expire_watchers_locked(job, time.monotonic()):
                            job.cancel_requested = True
                            if self._active.get(job.key) is job:
                                del self._active[job.key]
                            job.finish(
                                "stopped", "Stopped before it started: nobody is watching it any more.", "no_watchers"
                            )
                            continue
                        self._running[job.key] = job
                        self._served_locked(job)
                        job.mark_running()
                if job is None:
                    self._warm_up(slot)
                    continue
                try:
                    self._run(job, slot)
                except Exception as error:  # noqa: BLE001 - never leave a watcher waiting forever
                    logger.exception("Supervising training job %s failed.", job.key)
                    job.finish("failed", "The training ended unexpectedly.", "internal_error", error=repr(error))
                finally:
                    with self._lock:
                        self._measured_locked(job)
                        if self._running.get(job.key) is job:
                            del self._running[job.key]
                        if self._active.get(job.key) is job:
                            del self._active[job.key]
                    if not job.done_event.is_set():
                        job.finish("failed", "The training ended unexpectedly.", "internal_error")
        finally:
            if slot.worker is not None:
                if slot.busy:
                    slot.worker.kill()
                else:
                    workers_module.park_worker(slot.worker)
                slot.worker = None

    def _ensure_worker(self, slot: _Slot) -> workers_module.WorkerProcess:
        if slot.worker is not None and not slot.worker.alive:
            slot.worker.kill()
            slot.worker = None
        if slot.worker is None:
            slot.worker = workers_module.take_worker(slot.gpu, self.worker_kind)
        return slot.worker

    def _warm_up(self, slot: _Slot) -> None:
        """Start the slot's process ahead of a job and read its "ready" (so :meth:`workers` says when TensorFlow is
        loaded), giving way at once to a job queued meanwhile or to the engine's shutdown."""
        worker = self._ensure_worker(slot)
        while not worker.ready:
            with self._lock:
                if self._queue or self._closed:
                    return  # a job's _run waits for the rest of the start-up, watching Stops and the deadline
            try:
                worker.wait_ready(MESSAGE_WAIT_S)
            except workers_module.WorkerGone:
                logger.error("Training process %s ended while it was starting.", worker.pid)
                worker.kill()
                slot.worker = None  # the next job starts a fresh one
                return

    def _replace_worker(self, slot: _Slot) -> None:
        """End the slot's process and start its successor at once, so that the next job finds it warm."""
        if slot.worker is not None:
            slot.worker.kill()
            slot.worker = None
        if not self._closed:
            slot.worker = workers_module.take_worker(slot.gpu, self.worker_kind)
            self._want_warm_up(slot)

    def _want_warm_up(self, slot: _Slot) -> None:
        with self._lock:
            slot.want_worker = True  # the slot's loop reads the successor's "ready" while no job waits

    def _stopped(self, job: Job, epochs: int | None = None) -> None:
        job.finish(
            "stopped",
            job.stop_message,
            job.stop_reason,
            details={"epochs_completed": job.state.epoch if epochs is None else epochs},
        )

    def _payload(self, job: Job) -> dict[str, Any]:
        config = job.config
        task = get_task(config.task)
        built_in = any(task is known for known in BUILT_IN_TASKS)
        upload = None
        if uploads.is_upload_id(config.dataset):
            upload = uploads.upload_for_job(config.dataset)
        return {
            "key": job.key,
            "config": config.to_dict(),
            "task": None if built_in else _pickle_task(task),
            "upload": upload,
            "store": {
                "location": self.store.location,
                "max_bytes": self.store.max_bytes,
                "bundle": None if self.store.bundle is None else self.store.bundle.location,
                "read_only": self.store.read_only,
                # fsspec's options for a URL store (never credentials: the worker inherits the environment's)
                "storage_options": self.store.storage_options,
            },
            "environment": worker_process.shared_environment(),
            "log_interval_s": self.log_interval_s,
            "retrain": job.retrain,
            # Read by a Ray link and the job's actor (core.training.ray_jobs); a local training process ignores them.
            "ray_address": self.ray_address,
            "ray_cpus": settings.ray_cpus_per_job() if self.ray_address else 1.0,
            "ray_gpus": settings.ray_gpus_per_job() if self.ray_address else "auto",
            "watcher_timeout_s": self.watcher_timeout_s,
            "context": None if self.job_context is None else _pickle_task(self.job_context),
        }

    def _run(self, job: Job, slot: _Slot) -> None:
        config = job.config
        # Trained meanwhile by another process, or just before (unless a visitor asked to watch it again).
        stored = None if job.retrain else self._load_stored(config)
        if stored is not None:
            self._finish_from_store(job, stored)
            return
        worker = self._ensure_worker(slot)
        if not worker.ready:
            job.set_message(
                "Starting a training process (it loads TensorFlow once)."
                if self.ray_address is None
                else "Connecting to the Ray cluster."
            )
            if not self._wait_for_worker(job, slot):
                return
            worker = slot.worker
        payload = self._payload(job)
        job_id = next(_job_ids)
        job.sent_at = time.monotonic()
        slot.busy = True
        try:
            worker.send(("run", job_id, payload))
        except workers_module.WorkerGone:
            self._worker_died(job, slot)
            return
        with self._lock:
            self._trainings_started += 1
            self._started_keys.append(job.key)
        self._supervise(job, slot, job_id)

    def _wait_for_worker(self, job: Job, slot: _Slot) -> bool:
        """Wait for a starting process; False when the job ended meanwhile (stopped, or the process failed)."""
        # Importing TensorFlow takes seconds, a minute on a crowded machine: a start is not a hang, however short
        # the hang deadline is set.
        deadline = slot.worker.started_at + max(self.hang_timeout_s, STARTUP_TIMEOUT_S)
        next_watcher_check = time.monotonic() + WATCHER_CHECK_S
        while True:
            now = time.monotonic()
            if now >= next_watcher_check:  # a tab closed while TensorFlow loads counts as gone, as during the fit
                next_watcher_check = now + WATCHER_CHECK_S
                self.check_watchers(job, now)
            if job.cancel_requested:
                self._stopped(job)
                return False
            try:
                if slot.worker.wait_ready(0.1):
                    return True
            except workers_module.WorkerGone:
                self._worker_died(job, slot)
                return False
            if time.monotonic() > deadline:
                self._worker_died(job, slot, hung=True)
                return False

    def _worker_died(self, job: Job, slot: _Slot, hung: bool = False) -> None:
        pid = slot.worker.pid if slot.worker is not None else None
        logger.error("Training process %s %s during job %s.", pid, "hung" if hung else "ended", job.key)
        slot.busy = False
        self._replace_worker(slot)
        job.finish(
            "failed",
            (
                f"The training process stopped responding for {self.hang_timeout_s:.0f} s and was stopped; "
                "press Train to try again."
                if hung
                else "The training process stopped unexpectedly; press Train to try again."
            ),
            "worker_hung" if hung else "worker_died",
            details={"pid": pid, "epochs_completed": job.state.epoch},
        )

    def _supervise(self, job: Job, slot: _Slot, job_id: int) -> None:
        """Relay the worker's messages to the job until it is done; stop, kill or replace the worker as needed."""
        worker = slot.worker
        last_heard = time.monotonic()
        next_watcher_check = last_heard + WATCHER_CHECK_S
        stop_deadline = None
        while True:
            now = time.monotonic()
            if job.cancel_requested and stop_deadline is None:
                stop_deadline = now + STOP_GRACE_S
                with contextlib.suppress(workers_module.WorkerGone):  # a dead one is found by receive() below
                    worker.send(("stop", job_id))
            if stop_deadline is not None and now > stop_deadline:
                # The job did not stop by itself (stuck in one long step, or in native code): end the process.
                logger.warning("Training process %s did not stop in %.1f s: killed.", worker.pid, STOP_GRACE_S)
                slot.busy = False
                self._replace_worker(slot)
                self._stopped(job)
                return
            if now - last_heard > self.hang_timeout_s:
                self._worker_died(job, slot, hung=True)
                return
            if now >= next_watcher_check:
                next_watcher_check = now + WATCHER_CHECK_S
                self.check_watchers(job, now)
            try:
                message = worker.receive(MESSAGE_WAIT_S)
            except workers_module.WorkerGone:
                if job.cancel_requested:  # it died while being stopped: stopped is what the visitor asked for
                    slot.busy = False
                    self._replace_worker(slot)
                    self._stopped(job)
                else:
                    self._worker_died(job, slot)
                return
            if message is None:
                continue
            last_heard = time.monotonic()
            if message[0] == "done":
                _, _done_id, outcome, resident_mb = message
                slot.busy = False
                worker.jobs_done += 1
                worker.resident_mb = float(resident_mb)
                self._finish(job, outcome)
                if (
                    worker.jobs_done >= self.worker_max_jobs
                    or worker.resident_mb > self.worker_max_mb
                    or outcome.get("retire_worker")  # a link whose cluster failed: the next job connects afresh
                ):
                    logger.info("Recycling %s after %d jobs, %.0f MB.", worker.name, worker.jobs_done, resident_mb)
                    slot.worker = None
                    worker.retire()
                    if not self._closed:
                        slot.worker = workers_module.take_worker(slot.gpu, self.worker_kind)
                        self._want_warm_up(slot)
                return
            self._relay(job, message)

    @staticmethod
    def _relay(job: Job, message: tuple) -> None:
        kind = message[0]
        if kind == "batch":
            _, epoch_index, batches_done, logs, eta_s = message
            job.record_batch(epoch_index, batches_done, logs, time.monotonic(), eta_s)
        elif kind == "epoch":
            _, epochs_done, logs, seconds, artifact, eta_s = message
            job.record_epoch(epochs_done, logs, seconds, artifact, time.monotonic(), eta_s)
        elif kind == "started":
            job.training_started(message[1])
        elif kind == "message":
            job.set_message(message[1], data_description=message[2])

    def _finish(self, job: Job, outcome: dict[str, Any]) -> None:
        state = outcome["state"]
        if state == "stopped" or (job.cancel_requested and state != "failed"):
            self._stopped(job, outcome.get("details", {}).get("epochs_completed"))
            return
        if state == "failed":
            job.finish(
                "failed",
                outcome["message"],
                outcome["reason"],
                details=outcome.get("details"),
                error=outcome.get("error"),
            )
            return
        metadata = outcome["metadata"]
        if outcome.get("stored"):
            self.store.forget(job.key)  # a model trained again replaces the one this process may hold
            stored = self.store.load(job.key)
            if stored is None:
                job.finish(
                    "failed",
                    "The trained model could not be read back from the model store; press Train to try again.",
                    "internal_error",
                )
                return
            model, metadata, on_disk = stored.model, stored.metadata, True
        else:
            model = model_from_bytes(outcome["model_bytes"])
            self.store.remember(job.key, model, metadata)
            on_disk = False
        job.finish(
            "finished",
            outcome["message"],
            outcome["reason"],
            details=outcome.get("details"),
            model=model,
            metadata=metadata,
            stored=on_disk,
        )


def wait_estimates(ready_in: Sequence[float | None], durations: Sequence[float | None]) -> list[float | None]:
    """When each queued job starts, in seconds from now: a slot per item of ``ready_in`` (seconds until it is free;
    None: unknown), and each job of ``durations`` (its expected duration; None: unknown), in the order they will
    start, takes the slot that frees first. With k slots, n jobs of d seconds ahead of a job mean about n / k * d.
    None where an unknown number decides it (a job's slot whose freeing, or whose previous job's duration, is not
    known)."""
    free_at = [math.inf if ready is None else float(ready) for ready in ready_in] or [math.inf]
    heapq.heapify(free_at)
    starts: list[float | None] = []
    for duration in durations:
        start = heapq.heappop(free_at)
        starts.append(None if math.isinf(start) else start)
        heapq.heappush(free_at, math.inf if duration is None else start + duration)
    return starts


class _Slot:
    """One place a job can run: a supervising thread in the server and the training process it talks to."""

    def __init__(self, index: int, gpu: str | None) -> None:
        self.index = index
        self.gpu = gpu
        self.thread: threading.Thread | None = None
        self.worker: workers_module.WorkerProcess | None = None
        self.busy = False  # a job is in the worker: it cannot be parked as a spare
        self.want_worker = False


_job_ids = itertools.count(1)


def _pickle_task(value) -> bytes:
    """A task the registry does not list (a test's, an extension's), or the engine's job context, by value, for the
    training process."""
    import cloudpickle

    return cloudpickle.dumps(value)


_engine: TrainingEngine | None = None
_engine_lock = threading.Lock()


def engine_started() -> bool:
    """Whether this process has made its engine yet (a bundle is built by a fresh one: core.training.model_bundle)."""
    return _engine is not None


def get_engine() -> TrainingEngine:
    """The process-wide engine (one per Streamlit server, shared by every session), created on first use."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = TrainingEngine()
    return _engine


def shutdown_engine(timeout: float | None = 30.0) -> None:
    """Stop the process-wide engine's jobs and forget it: the next :func:`get_engine` makes a fresh one (over the
    store the settings name then). Tests use it to start each module on an empty store."""
    global _engine
    with _engine_lock:
        engine, _engine = _engine, None
    if engine is not None:
        engine.shutdown(timeout=timeout)
