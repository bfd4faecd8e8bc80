"""Training on a Ray cluster: one actor per config for every replica of the app, and the link that follows it.

Without ``RAY_ADDRESS`` (or ``DASHBOARD_RAY_ADDRESS``) none of this runs: nothing imports Ray, and each server trains
in its own worker processes (:mod:`core.training.workers`). With it, the engine's slots talk to **links** instead of
training processes. A link is a small process of the server (a Ray driver: Ray's own threads, its sockets and its
way of ending a driver whose cluster has gone stay out of the web process) that speaks the training process'
pipe protocol (:mod:`core.training.worker_process`), so the engine's queue, watchers, Stop and failure handling are
the same code in both modes:

- **One job per config across replicas.** A job is a detached Ray actor named after its config's key
  (:class:`JobActor`, created with ``get_if_exists=True``): two replicas asking for the same config at the same moment
  get the same actor, which trains once; both follow its live log and both load its model from the shared store.
- **Holders.** Every link following a job is a holder; each poll is its heartbeat. A link that releases it (its
  replica's visitors all pressed Stop or left) or is not heard from for the watcher timeout (its replica was killed)
  stops holding; the training stops after its current batch when no holder is left. A replica killed while its
  visitors watch therefore costs nothing: they reconnect to another replica, whose link joins the same actor.
- **Where it runs.** The job's actor asks for no CPU: it only follows. The fit is a Ray task (:func:`train_task`)
  that the cluster's one ``dispatcher`` actor submits (:class:`Dispatcher`: Ray keeps a worker leased to whoever
  submitted a task, so from one long-lived owner the trainings reuse warm workers that imported TensorFlow once).
  The task asks Ray for ``DASHBOARD_RAY_CPUS_PER_JOB`` CPUs (1) and, when the cluster has GPUs (or
  ``DASHBOARD_RAY_GPUS_PER_JOB`` says so), one GPU: Ray places it on a node that has them and sets its
  ``CUDA_VISIBLE_DEVICES``. CPU-only jobs never ask for a GPU. The task reports its live log to the job's actor
  every ``POLL_INTERVAL_S``; each report's answer says whether to stop.
- **What travels.** The job's payload (its config, a visitor's uploaded data, the store's location) goes to the
  actor as a Ray object (``ray.put``: the object store, never a shared folder); the model goes to the model store,
  which must be one every node and replica reaches (a folder on one machine, or a bucket: ``s3://...``).
- **The cluster unreachable.** A link first opens a TCP connection to the head (``CONNECT_PROBE_S``), then gives
  ``ray.init`` ``CONNECT_TIMEOUT_S``; a job it cannot start fails at once with the reason ``cluster_unavailable`` (the
  page says training is unavailable; stored and bundled models still load), and a call to the cluster that does not
  answer within ``CALL_TIMEOUT_S`` fails the job the same way. Nothing waits on the cluster longer than that.
- **A record.** A detached ``ledger`` actor keeps the trainings the cluster started (key, when, which node), which the
  tests and the home page read.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

#: The Ray namespace every replica's actors live in (named actors are looked up within one namespace).
NAMESPACE = "deep-learning-dashboard"
LEDGER_NAME = "ledger"
DISPATCHER_NAME = "dispatcher"
#: How long a link waits for the head's TCP port before it calls the cluster unreachable.
CONNECT_PROBE_S = 2.0
#: How long ``ray.init`` may take once the port answers.
CONNECT_TIMEOUT_S = 15.0
#: A call to an actor that has not answered in this long means the cluster is gone.
CALL_TIMEOUT_S = 10.0
#: How often a link polls its job's actor (the live log's delay, at most).
POLL_INTERVAL_S = 0.25
#: A link tells its server it is alive this often while its job waits for the cluster (no hang is declared).
KEEPALIVE_S = 5.0
#: A stopped training that has not ended this long after the Stop is cancelled (its worker process ended).
STOP_GRACE_S = 5.0
#: A finished job's actor stays this long, so that every replica following it reads the outcome, then ends.
LINGER_S = 30.0
#: A holder not heard from for this long is gone (its replica died); the payload may set a longer watcher timeout.
DEFAULT_HOLDER_TIMEOUT_S = 30.0

UNAVAILABLE_MESSAGE = (
    "Training is unavailable: the Ray cluster at {address} cannot be reached. Stored and bundled models still work."
)


def actor_name(key: str) -> str:
    return f"train-{key}"


def split_address(address: str) -> tuple[str, int]:
    """``host:port`` of a Ray head (``ray://host:port`` and a missing port, 6379, are accepted)."""
    text = address.strip()
    for prefix in ("ray://", "tcp://"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    host, _, port = text.rpartition(":")
    if not host:
        return text, 6379
    return host.strip("[]"), int(port)


def head_reachable(address: str, timeout: float = CONNECT_PROBE_S) -> bool:
    """Whether the head's port accepts a TCP connection within ``timeout`` seconds (no Ray import)."""
    try:
        host, port = split_address(address)
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def job_resources(cluster_gpus: float, cpus: float, gpus: str) -> dict[str, float]:
    """What a job's actor asks Ray for: ``cpus`` CPUs, and one GPU when ``gpus`` is "auto" and the cluster has one
    (or ``gpus`` is a number). A CPU-only cluster's jobs never ask for a GPU (they would wait forever)."""
    if gpus == "auto":
        gpu_count = 1.0 if cluster_gpus >= 1 else 0.0
    else:
        gpu_count = float(gpus)
    return {"num_cpus": float(cpus), "num_gpus": gpu_count}


# ---------------------------------------------------------------------------------------------------------------
# Inside the cluster: the job's actor and the ledger (their classes are made remote by the link, on first use)
# ---------------------------------------------------------------------------------------------------------------


class JobActor:
    """One training, followed by any number of links (see the module's description). Threaded (a Ray actor with
    ``max_concurrency``): polls and the task's reports are answered while a thread of its own waits for the task."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._lock = threading.Lock()
        self._messages: list[tuple] = []
        self._outcome: dict[str, Any] | None = None
        self._holders: dict[str, float] = {}
        self._holder_timeout_s = DEFAULT_HOLDER_TIMEOUT_S
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished_at: float | None = None
        self._started_at = time.time()
        threading.Thread(target=self._watch, name="holders", daemon=True).start()

    def follow(self, payload: Mapping[str, Any], holder: str) -> dict[str, Any]:
        """Hold the job (start it if nobody has yet); returns where it runs, or ``{"ended": True}`` when this actor's
        training ended without a model (stopped, failed) or a visitor asks to train a finished one again: the link
        then ends this actor and starts a fresh one."""
        with self._lock:
            if self._outcome is not None and (self._outcome["state"] != "finished" or payload.get("retrain")):
                return {"ended": True}
            self._holders[holder] = time.monotonic()
            if self._thread is None:
                self._holder_timeout_s = max(DEFAULT_HOLDER_TIMEOUT_S, float(payload.get("watcher_timeout_s", 0)))
                self._thread = threading.Thread(target=self._run, args=(dict(payload), holder), daemon=True)
                self._thread.start()
        return self.where()

    def where(self) -> dict[str, Any]:
        return _here()

    def poll(self, cursor: int, holder: str) -> tuple[list[tuple], dict[str, Any] | None, int]:
        """The messages from ``cursor`` on, the outcome once there is one, and how many hold the job."""
        with self._lock:
            if holder in self._holders:
                self._holders[holder] = time.monotonic()
            return self._messages[cursor:], self._outcome, len(self._holders)

    def release(self, holder: str) -> int:
        """``holder`` stops following; the training stops when nobody is left. Returns how many still hold it."""
        with self._lock:
            self._holders.pop(holder, None)
            left = len(self._holders)
            if not left and self._outcome is None:
                self._stop.set()
        return left

    def report(self, messages: list[tuple]) -> bool:
        """The training task's live log since its last report; answers whether it should stop."""
        with self._lock:
            self._messages.extend(messages)
        return self._stop.is_set()

    def _run(self, payload: dict[str, Any], holder: str) -> None:
        import ray

        outcome: dict[str, Any] | None = None
        try:
            outcome = self._already_stored(payload)
            if outcome is None:
                dispatcher = dispatcher_actor()
                (pending,) = ray.get(
                    dispatcher.submit.remote(
                        self.key, {**payload, "first_holder": holder}, ray.get_runtime_context().current_actor
                    ),
                    timeout=CALL_TIMEOUT_S,
                )
                try:
                    outcome = self._wait_for(pending, dispatcher)
                finally:
                    dispatcher.forget.remote(self.key)
        except Exception as error:  # noqa: BLE001 - every follower must get an outcome
            logger.exception("Training job %s failed in its actor.", self.key)
            outcome = {
                "state": "failed",
                "message": f"The training stopped because of an unexpected error ({type(error).__name__}).",
                "reason": "internal_error",
                "error": repr(error),
            }
        with self._lock:
            self._outcome = outcome
            self._finished_at = time.monotonic()

    def _wait_for(self, pending, dispatcher) -> dict[str, Any]:
        """The training task's outcome; a task that has not ended STOP_GRACE_S after a stop is cancelled (its
        worker process is ended, as a local training process would be)."""
        import ray
        from ray.exceptions import RayError

        stop_seen_at = None
        while True:
            ready, _ = ray.wait([pending], timeout=0.25)
            if ready:
                try:
                    return ray.get(pending)
                except RayError as error:
                    if self._stop.is_set():
                        return {"state": "stopped", "details": {"epochs_completed": self._epochs_done()}}
                    return {
                        "state": "failed",
                        "message": "The training process stopped unexpectedly; press Train to try again.",
                        "reason": "worker_died",
                        "details": {"epochs_completed": self._epochs_done()},
                        "error": str(error),
                    }
            if self._stop.is_set():
                stop_seen_at = stop_seen_at or time.monotonic()
                if time.monotonic() - stop_seen_at > STOP_GRACE_S:
                    ray.get(dispatcher.cancel.remote(self.key), timeout=CALL_TIMEOUT_S)
                    return {"state": "stopped", "details": {"epochs_completed": self._epochs_done()}}

    def _epochs_done(self) -> int:
        with self._lock:
            epochs = [message[1] for message in self._messages if message[0] == "epoch"]
        return int(epochs[-1]) if epochs else 0

    @staticmethod
    def _already_stored(payload: Mapping[str, Any]) -> dict[str, Any] | None:
        """A model another actor stored just before this one started (unless a visitor asked to train again)."""
        if payload.get("retrain"):
            return None
        from core.training import worker_process

        worker_process._adopt_environment(payload["environment"])
        metadata = worker_process.store_for(payload["store"]).load_metadata(payload["key"])
        if metadata is None:
            return None
        return {
            "state": "finished",
            "message": "Trained meanwhile by another job.",
            "reason": "trained",
            "details": {"train_seconds": float(metadata.get("timings", {}).get("train_seconds", 0.0))},
            "metadata": metadata,
            "stored": True,
        }

    def _watch(self) -> None:
        """Forget holders not heard from (a killed replica), stop a training nobody holds, end after the linger."""
        while True:
            time.sleep(1.0)
            now = time.monotonic()
            with self._lock:
                limit = now - self._holder_timeout_s
                for holder in [h for h, seen in self._holders.items() if seen < limit]:
                    del self._holders[holder]
                if not self._holders and self._outcome is None and self._thread is not None:
                    self._stop.set()
                done = self._finished_at is not None and now - self._finished_at > LINGER_S
            if done:
                _end_this_actor()
                return


class Dispatcher:
    """Submits every training task of the cluster (one detached actor, asking for no CPU).

    Why not the job's actor itself: Ray keeps a worker process leased to the one who submitted a task, and a job's
    actor submits one task in its life, so each training would start a new worker and import TensorFlow again
    (5 to 10 s measured here). Submitted from one long-lived owner, the trainings reuse the same warm workers.
    """

    def __init__(self) -> None:
        self._pending: dict[str, Any] = {}

    def submit(self, key: str, payload: Mapping[str, Any], job) -> list:
        resources = {"num_cpus": payload["ray_resources"]["num_cpus"]}
        if payload["ray_resources"]["num_gpus"]:
            resources["num_gpus"] = payload["ray_resources"]["num_gpus"]
        pending = _remote_function(train_task, max_retries=0).options(**resources).remote(payload, job)
        self._pending[key] = pending
        return [pending]  # in a list: the reference itself, not the outcome it will hold

    def cancel(self, key: str) -> None:
        """End a training that did not stop when asked (its worker process is ended)."""
        import ray

        pending = self._pending.pop(key, None)
        if pending is not None:
            ray.cancel(pending, force=True)

    def forget(self, key: str) -> None:
        self._pending.pop(key, None)


def dispatcher_actor():
    return (
        _remote(Dispatcher, num_cpus=0, max_concurrency=64)
        .options(name=DISPATCHER_NAME, namespace=NAMESPACE, lifetime="detached", get_if_exists=True)
        .remote()
    )


def train_task(payload: Mapping[str, Any], job) -> dict[str, Any]:
    """A Ray task: train one job in a worker process Ray keeps between tasks (TensorFlow imported once per worker,
    as in a local training process), reporting the live log to the job's actor ``job`` every ``POLL_INTERVAL_S``;
    the answer to each report says whether to stop. Returns the outcome (the model is in the store)."""
    import ray

    from core.training import worker_process

    _prepare_worker()
    stop_flag = threading.Event()
    pending: list[tuple] = []
    lock = threading.Lock()
    finished = threading.Event()

    def flush() -> None:
        with lock:
            batch, pending[:] = list(pending), []
        try:
            if ray.get(job.report.remote(batch), timeout=CALL_TIMEOUT_S):
                stop_flag.set()
        except Exception:  # noqa: BLE001 - the job's actor is gone: nobody follows this training any more
            stop_flag.set()

    def report_regularly() -> None:
        while not finished.wait(POLL_INTERVAL_S):
            flush()

    def send(message: tuple) -> None:
        with lock:
            pending.append(message)

    _record_training(payload["key"], payload.get("first_holder", ""), _here())
    reporter = threading.Thread(target=report_regularly, name="report-to-job", daemon=True)
    reporter.start()
    try:
        outcome = worker_process.run_job(payload, send, stop_flag)
    finally:
        finished.set()
        reporter.join()
        flush()  # the last epoch's log reaches the actor before the outcome does
    # The job's model and graphs go at the start of the next job (run_job clears Keras' state), not here: a Stop
    # must end the task within STOP_GRACE_S.
    return outcome


_worker_prepared = False


def _prepare_worker() -> None:
    """Once per Ray worker process: import TensorFlow and every lesson's task, then keep them out of the garbage
    collections (as a local training process does: a full collection through TensorFlow takes up to a second)."""
    global _worker_prepared
    if _worker_prepared:
        return
    import gc

    import keras  # noqa: F401
    import tensorflow  # noqa: F401

    import core.training.registry  # noqa: F401

    gc.collect()
    gc.freeze()
    _worker_prepared = True


def _here() -> dict[str, Any]:
    """This Ray worker's node, process and GPUs."""
    import ray

    context = ray.get_runtime_context()
    return {
        "node": context.get_node_id(),
        "pid": os.getpid(),
        "gpus": [str(gpu) for gpu in context.get_accelerator_ids().get("GPU", [])],
    }


def _end_this_actor() -> None:
    import ray

    with contextlib.suppress(Exception):
        ray.kill(ray.get_runtime_context().current_actor, no_restart=True)
    time.sleep(5.0)
    os._exit(0)  # ray.kill did not end it: leave anyway (a detached actor must not outlive its job)


class Ledger:
    """The trainings the cluster started, oldest first (the last 1,000)."""

    def __init__(self) -> None:
        self._trainings: list[dict[str, Any]] = []

    def record(self, entry: dict[str, Any]) -> None:
        self._trainings.append(entry)
        del self._trainings[:-1000]

    def trainings(self) -> list[dict[str, Any]]:
        return list(self._trainings)


def _record_training(key: str, holder: str, where: Mapping[str, Any]) -> None:
    with contextlib.suppress(Exception):  # the record is for people; a training never fails over it
        ledger().record.remote({"key": key, "holder": holder, "at": time.time(), **where})


_remote_classes: dict[str, Any] = {}


def _remote(cls, **options):
    import ray

    if cls.__name__ not in _remote_classes:
        _remote_classes[cls.__name__] = ray.remote(**options)(cls)
    return _remote_classes[cls.__name__]


def _remote_function(function, **options):
    import ray

    if function.__name__ not in _remote_classes:
        _remote_classes[function.__name__] = ray.remote(**options)(function)
    return _remote_classes[function.__name__]


def ledger():
    """The cluster's ledger actor (created by the first link that needs it). Needs a connected Ray."""
    return (
        _remote(Ledger, num_cpus=0)
        .options(name=LEDGER_NAME, namespace=NAMESPACE, lifetime="detached", get_if_exists=True)
        .remote()
    )


def job_actor(key: str):
    """The actor following the training of ``key``: the one that exists, else a new one. It asks for no CPU: the
    training itself is a task (:func:`train_task`) that asks for the job's CPUs and GPU."""
    return (
        _remote(JobActor, num_cpus=0, max_concurrency=8)
        .options(name=actor_name(key), namespace=NAMESPACE, lifetime="detached", get_if_exists=True, max_restarts=0)
        .remote(key)
    )


def connect(address: str) -> None:
    """Connect this process to the cluster as a driver, or raise :class:`ClusterUnavailable` within
    ``CONNECT_PROBE_S + CONNECT_TIMEOUT_S`` seconds."""
    import ray

    global _connected_to
    if ray.is_initialized():
        if _connected_to == address:
            return
        ray.shutdown()  # a spare link of an engine that trained elsewhere (tests, a changed setting)
    if not head_reachable(address):
        raise ClusterUnavailable(f"nothing answers at {address}")
    failure: list[BaseException] = []

    def initialise() -> None:
        try:
            ray.init(
                address=address,
                namespace=NAMESPACE,
                log_to_driver=False,
                logging_level=logging.ERROR,
                configure_logging=False,
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            failure.append(error)

    thread = threading.Thread(target=initialise, name="ray-init", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT_S)
    if thread.is_alive():
        raise ClusterUnavailable(f"Ray did not connect to {address} within {CONNECT_TIMEOUT_S:.0f} s")
    if failure:
        raise ClusterUnavailable(f"{type(failure[0]).__name__}: {failure[0]}")
    _connected_to = address


_connected_to: str | None = None


class ClusterUnavailable(Exception):
    """The Ray cluster cannot be reached (the message says how it failed; pages show their own sentence)."""


def describe_cluster() -> dict[str, Any]:
    """Nodes, CPUs, GPUs and the trainings started, of the connected cluster."""
    import ray

    nodes = [node for node in ray.nodes() if node.get("Alive")]
    resources = ray.cluster_resources()
    trainings: list = []
    with contextlib.suppress(Exception):
        trainings = ray.get(ledger().trainings.remote(), timeout=CALL_TIMEOUT_S)
    return {
        "nodes": len(nodes),
        "cpus": float(resources.get("CPU", 0.0)),
        "gpus": float(resources.get("GPU", 0.0)),
        "trainings": trainings,
    }
