"""Inside a training process: what one worker of :mod:`core.training.workers` runs, one job at a time.

A worker is a separate Python process (a fresh interpreter, so it shares nothing with the web server but the files
on disk). It imports TensorFlow once, says "ready", and then waits for jobs on its end of a pipe. For each
job it loads the data, builds the model, fits it with a callback that reports the live log (throttled, as the
engine's callback always did), evaluates it and writes it to the model store; the server reads the model from
there. Everything it says is a small tuple on the pipe (see :func:`run_job` for the messages).

A second thread only listens: a "stop" sets the flag the callback reads after every batch, and the end of the pipe
(the server went away, however it died) ends this process at once, so no training outlives its server.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import queue
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from core import (
    runtime,  # noqa: F401  (quiets TensorFlow's start-up log before anything imports it)
)

logger = logging.getLogger(__name__)

#: Environment variables the server hands over with every job, so that a worker started before a test (or an
#: operator) changed one sees the server's current values (``core.settings`` reads them when called).
SHARED_ENV_PREFIXES = ("DASHBOARD_", "KERAS_HOME")


def shared_environment() -> dict[str, str]:
    """The server's settings that a worker must see as the server does."""
    return {name: value for name, value in os.environ.items() if name.startswith(SHARED_ENV_PREFIXES)}


def _adopt_environment(environment: Mapping[str, str]) -> None:
    for name in [name for name in os.environ if name.startswith(SHARED_ENV_PREFIXES)]:
        if name not in environment:
            del os.environ[name]
    os.environ.update(environment)


def resident_mb() -> float:
    """This process's resident memory in megabytes (Linux; 0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class _Reporter:
    """What the progress callback writes to: the same methods as :class:`core.training.jobs.Job`, sent to the
    server as messages instead of stored."""

    def __init__(self, send, config, stop_flag: threading.Event) -> None:
        self._send = send
        self.config = config
        self._stop_flag = stop_flag
        self.key = config.key
        self.epochs_done = 0
        self.history: dict[str, list[float]] = {}
        self.artifacts: list[tuple[int, Any]] = []

    @property
    def cancel_requested(self) -> bool:
        return self._stop_flag.is_set()

    def set_message(self, message: str, data_description: str | None = None) -> None:
        self._send(("message", message, data_description))

    def training_started(self, batches_per_epoch: int | None) -> None:
        self._send(("started", batches_per_epoch))

    def record_batch(self, epoch_index, batches_done, logs, now, eta_s=None) -> None:
        self._send(
            ("batch", epoch_index, batches_done, {name: float(value) for name, value in (logs or {}).items()}, eta_s)
        )

    def record_epoch(self, epochs_done, logs, seconds, artifact, now=None, eta_s=None) -> None:
        logs = {name: float(value) for name, value in (logs or {}).items()}
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)
        self.history.setdefault("epoch_seconds", []).append(float(seconds))
        if artifact is not None:
            self.artifacts.append((epochs_done, artifact))
        self.epochs_done = epochs_done
        self._send(("epoch", epochs_done, logs, float(seconds), artifact, eta_s))


def run_job(payload: Mapping[str, Any], send, stop_flag: threading.Event) -> dict[str, Any]:
    """Train one job; returns its outcome (what the "done" message carries).

    Messages sent meanwhile: ``("message", text, data_description)``, ``("started", batches_per_epoch)``,
    ``("batch", epoch_index, batches_done, logs, eta_s)``, ``("epoch", epochs_done, logs, seconds, artefact,
    eta_s)``. The outcome: ``state`` ("finished", "stopped", "failed"), ``message``, ``reason``, ``details``,
    ``error`` (a traceback, never shown), and once finished ``metadata``, ``stored`` (the model is in the store) or
    ``model_bytes`` (it could not be written there).
    """
    from core.data import uploads
    from core.data.datasets import DatasetUnavailable
    from core.training import registry
    from core.training.config import TrainConfig

    _adopt_environment(payload["environment"])
    global _job_store
    _job_store = _store(payload["store"])
    task_blob = payload.get("task")
    upload = payload.get("upload")
    added_task = None
    try:
        if task_blob is not None:  # a task the registry does not list (a test's, an extension's)
            import cloudpickle

            added_task = registry.add_task(cloudpickle.loads(task_blob), replace=True)
        if upload is not None:
            uploads.put_upload(*upload)
        config = TrainConfig.from_dict(payload["config"])
        reporter = _Reporter(send, config, stop_flag)
        context = contextlib.nullcontext()
        if payload.get("context") is not None:
            import cloudpickle

            context = cloudpickle.loads(payload["context"])()
        with context:
            return _train(config, reporter, payload, send)
    except Exception as error:  # noqa: BLE001 - a page gets a sentence, the log gets the traceback
        if isinstance(error, DatasetUnavailable):
            return {"state": "failed", "message": str(error), "reason": "dataset_unavailable"}
        logger.exception("Training job %s failed.", payload.get("key"))
        return {
            "state": "failed",
            "message": (
                "The training stopped because of an unexpected error "
                f"({type(error).__name__}). The technical details are kept for the developers."
            ),
            "reason": "internal_error",
            "error": traceback.format_exc(),
        }
    finally:
        if upload is not None:
            uploads.forget(upload[0])  # a visitor's file leaves this process with the job
        if added_task is not None:
            registry.remove_task(added_task.name)
        _job_store = None


_stores: dict[tuple, Any] = {}
_job_store = None


def job_store():
    """Inside a training process, during a job: the model store that job writes to (a task that needs another
    stored model, such as the GAN's scoring classifier, reads it from there); None anywhere else, e.g. in the web
    server, which asks its engine instead."""
    return _job_store


def _store(spec: Mapping[str, Any]):
    from core.training.model_store import ModelStore

    options = spec.get("storage_options") or {}
    key = (spec["location"], spec["max_bytes"], spec["bundle"], spec["read_only"], json.dumps(options, sort_keys=True))
    if key not in _stores:
        # memory_entries=0: the server keeps the models it serves; this process only writes them.
        _stores[key] = ModelStore(
            spec["location"],
            max_bytes=spec["max_bytes"],
            memory_entries=0,
            bundle=spec["bundle"],
            read_only=spec["read_only"],
            storage_options=options,
        )
    return _stores[key]


def store_for(spec: Mapping[str, Any]):
    """The store a job's payload names (``payload["store"]``), opened once per process: what a Ray job's actor
    checks before it trains."""
    return _store(spec)


def _stopped(reporter: _Reporter) -> dict[str, Any]:
    return {"state": "stopped", "details": {"epochs_completed": reporter.epochs_done}}


def _train(config, reporter: _Reporter, payload: Mapping[str, Any], send) -> dict[str, Any]:
    import keras

    from core.training import registry
    from core.training.blocks import make_fit_arguments
    from core.training.config import MODEL_CODE_VERSION
    from core.training.model_store import StoreWriteError, model_to_bytes
    from core.training.progress import TrainingStopped, environment, make_progress_callback, summary

    task = registry.get_task(config.task)
    data_started = time.perf_counter()
    data = task.load_data(config)
    data_seconds = time.perf_counter() - data_started
    reporter.set_message("Building the model.", data_description=data.description)
    if reporter.cancel_requested:
        return _stopped(reporter)

    # This process runs one job at a time: start each from a clean Keras state. Without the garbage collection
    # (the previous job's was done as it ended, see main()), so that it costs nothing on the way to the first batch.
    keras.backend.clear_session(free_memory=False)
    build_started = time.perf_counter()
    keras.utils.set_random_seed(config.seed)
    model = task.build_model(config, data)
    fit_arguments = (task.fit_arguments or make_fit_arguments)(config, data)
    callback = make_progress_callback(reporter, payload["log_interval_s"], task, data)
    build_seconds = time.perf_counter() - build_started
    fit_started = time.perf_counter()
    try:
        model.fit(callbacks=[callback], **fit_arguments)
    except TrainingStopped:
        return _stopped(reporter)
    train_seconds = time.perf_counter() - fit_started

    if callback.failure is not None:
        return {"state": "failed", **callback.failure}
    if reporter.cancel_requested:
        return _stopped(reporter)

    evaluate_started = time.perf_counter()
    final_model = task.finalize(model, data) if task.finalize is not None else model
    test_metrics = task.evaluate(final_model, data)
    evaluate_seconds = time.perf_counter() - evaluate_started
    history = reporter.history
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
        **({"artifacts": [[epoch, value] for epoch, value in reporter.artifacts]} if task.keep_artifacts else {}),
        "epochs_completed": len(history.get("epoch_seconds", [])),
        "test_metrics": test_metrics,
        "timings": {
            "data_seconds": data_seconds,
            "build_seconds": build_seconds,
            "train_seconds": train_seconds,
            "evaluate_seconds": evaluate_seconds,
            "seconds_per_epoch": train_seconds / max(1, config.epochs),
        },
        "environment": environment(),
    }
    outcome: dict[str, Any] = {
        "state": "finished",
        "message": f"Finished: {config.epochs} epochs in {train_seconds:.1f} s. {summary(test_metrics)}".strip(),
        "reason": "trained",
        "details": {"train_seconds": train_seconds},
    }
    store_started = time.perf_counter()
    try:
        saved = _store(payload["store"]).save(config.key, final_model, metadata)
        outcome.update(metadata=dict(saved.metadata), stored=True)
    except StoreWriteError as error:
        note = f" {error} It works for now, and will be trained again after a restart."
        outcome["message"] += note
        outcome["details"]["store_error"] = note.strip()
        outcome.update(metadata=metadata, stored=False, model_bytes=model_to_bytes(final_model))
    outcome["details"]["store_seconds"] = time.perf_counter() - store_started
    return outcome


def forget_keras_state() -> None:
    import keras

    with contextlib.suppress(Exception):
        keras.backend.clear_session()  # with a garbage collection


def main_on_fd(fd: str, worker_name: str) -> None:
    """The entry point of a training process (see :mod:`core.training.workers`): ``fd`` is its end of the socket
    pair it was started with."""
    from multiprocessing.connection import Connection

    main(Connection(int(fd)), worker_name)


def main(connection, worker_name: str) -> None:
    """The worker's life: import TensorFlow, say ready, run jobs until told to exit or the server goes away."""

    def prepare() -> None:
        import keras  # noqa: F401  (imported once here, so that every job starts at once)
        import tensorflow  # noqa: F401

        import core.training.registry  # noqa: F401  (every lesson's task)

        # Everything imported so far lives as long as this process: keep it out of every garbage collection.
        # TensorFlow and Keras are some 400,000 objects, and a full collection through them took 0.4 to 1.2 s on 2
        # cores (Keras' clear_session() runs one per job, and Python runs some during a fit); after this, well
        # under 0.1 s.
        gc.collect()
        gc.freeze()

    # The job's model, data pipeline and graphs go after it, while this process waits for the next job, rather
    # than at the start of the next one.
    serve(
        connection,
        worker_name,
        prepare,
        lambda job_id, payload, send, stop_flag: run_job(payload, send, stop_flag),
        forget_keras_state,
    )


def serve(
    connection,
    name: str,
    prepare: Callable[[], None],
    run: Callable[[Any, Mapping[str, Any], Callable[[tuple], None], threading.Event], dict[str, Any]],
    after_job: Callable[[], None],
) -> None:
    """The pipe protocol's process side, shared by training processes and Ray links (core.training.ray_link):
    ``prepare()`` (the imports), say "ready", then for each "run" ``run(job_id, payload, send, stop_flag)`` and
    "done" with its outcome, then ``after_job()``; a "stop" sets the job's flag (also one that arrives before its job
    is taken from the queue), "exit" ends the loop, and a closed pipe (the server died) ends this process at once."""
    logging.basicConfig(level=logging.WARNING, format=f"[{name}] %(levelname)s %(name)s: %(message)s")
    send_lock = threading.Lock()

    def send(message) -> None:
        with send_lock:
            connection.send(message)

    jobs: queue.Queue = queue.Queue()
    stop_flag = threading.Event()
    current = {"id": None}
    stopped: set = set()  # stops that may arrive before their job is taken from the queue

    def listen() -> None:
        """Reads the server's messages; a closed pipe (the server died) ends this process at once."""
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                os._exit(0)
            if message[0] == "stop":
                stopped.add(message[1])
                if message[1] == current["id"]:
                    stop_flag.set()
            else:
                jobs.put(message)

    started = time.perf_counter()
    prepare()
    threading.Thread(target=listen, name="listen-to-server", daemon=True).start()
    send(("ready", os.getpid(), time.perf_counter() - started, resident_mb()))
    while True:
        message = jobs.get()
        if message[0] == "exit":
            break
        _, job_id, payload = message
        stop_flag.clear()
        current["id"] = job_id
        if job_id in stopped:
            stop_flag.set()
        stopped.intersection_update({job_id})
        outcome = run(job_id, payload, send, stop_flag)
        current["id"] = None
        with contextlib.suppress(Exception):
            send(("done", job_id, outcome, resident_mb()))
        del outcome
        after_job()
    connection.close()
