"""One training engine for every page: jobs, a bounded pool of workers, a FIFO queue, watchers and a live log.

Pages never call ``model.fit`` themselves (a Streamlit rerun would kill a fit running in the script thread, see the
guide's section 3). A page asks the engine for a :class:`~core.training.config.TrainConfig` and gets a
:class:`~core.training.jobs.JobHandle`::

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
  boundary). A job's state is one immutable :class:`~core.training.jobs.JobSnapshot` that each write replaces
  whole; readers just take the latest one, so they never wait for the worker and the worker never waits for them
  (beyond a lock held for a few microseconds). See :mod:`core.training.jobs`; the callback is in
  :mod:`core.training.progress`.
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

import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Mapping
from typing import Any

from core import (
    runtime,  # noqa: F401  (quiets TensorFlow's start-up log before anything imports it)
    settings,
)
from core.training.blocks import make_fit_arguments
from core.training.config import MODEL_CODE_VERSION, TrainConfig, stored_data_is_stale
from core.training.jobs import Job, JobHandle, JobSnapshot
from core.training.model_store import ModelStore, StoredModel, StoreWriteError
from core.training.progress import make_progress_callback
from core.training.registry import get_task

logger = logging.getLogger(__name__)

DEFAULT_LOG_INTERVAL_S = 0.25


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
            max_workers = settings.max_training_jobs()
        if isinstance(max_workers, bool) or not isinstance(max_workers, int) or not 1 <= max_workers <= 64:
            raise ValueError(f"max_workers must be a whole number from 1 to 64, got {max_workers!r}.")
        if watcher_timeout_s is None:
            watcher_timeout_s = settings.watcher_timeout_s()
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
        self._queue: deque[Job] = deque()
        self._active: dict[str, Job] = {}  # queued or running, not cancelled: what a new request can join
        self._running: dict[str, Job] = {}
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
            job = Job(config)
            self._finish_from_store(job, stored)
            return JobHandle(self, job, watcher_id)

        with self._lock:
            self._check_open()
            now = time.monotonic()
            self._expire_queued_locked(now)
            job = self._active.get(key)  # someone may have queued it while we read the store
            if job is None:
                job = Job(config, retrain=retrain)
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
        self.release_job(job, watcher_id)
        return True

    def jobs(self) -> list[JobSnapshot]:
        """Every queued or running job (running first, then the queue in order), e.g. for a sidebar."""
        now = time.monotonic()
        with self._lock:
            ordered = list(self._running.values()) + list(self._queue)
            return [job.view(now, self._queue_position_locked(job), len(job.watchers), False) for job in ordered]

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
            watchers = len(job.watchers)
            watching = watcher_id in job.watchers
        return job.view(now, position, watchers, watching)

    def _queue_position_locked(self, job: Job) -> int | None:
        if job.done_event.is_set() or job.cancel_requested:
            return None
        if job.key in self._running and self._running[job.key] is job:
            return 0
        try:
            return self._queue.index(job) + 1
        except ValueError:
            return None

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
            earlier_artifacts=earlier_artifacts,
        )

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

    def _stopped(self, job: Job) -> None:
        job.finish("stopped", job.stop_message, job.stop_reason, details={"epochs_completed": job.state.epoch})

    def _run(self, job: Job) -> None:
        config = job.config
        try:
            # Trained meanwhile by another process, or just before (unless a visitor asked to watch it again).
            stored = None if job.retrain else self._load_stored(config)
            if stored is not None:
                self._finish_from_store(job, stored)
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
            callback = make_progress_callback(job, self, task, data)
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
            history = {name: list(values) for name, values in job.state.history.items()}
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
                    {"artifacts": [[epoch, value] for epoch, value in job.state.artifacts]}
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
            from core.data.datasets import DatasetUnavailable

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
