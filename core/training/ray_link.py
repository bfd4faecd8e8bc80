"""Inside a link process: one engine slot's connection to the Ray cluster (see :mod:`core.training.ray_jobs`).

A link is started like a training process (:class:`core.training.workers.WorkerProcess` with ``kind="ray"``) and
speaks the same pipe protocol, so the engine supervises it the same way: it says "ready" (Ray imported, not yet
connected), takes one job at a time, relays the job's live log as the training process' own messages and ends each
job with ``("done", job_id, outcome, resident_mb)``. It never imports TensorFlow: the training happens in the job's
actor, somewhere in the cluster.

What it adds to the protocol: ``("alive",)`` every ``KEEPALIVE_S`` while the job waits for the cluster (a new actor
imports TensorFlow, or waits for a free CPU or GPU), so the engine does not take the wait for a hang; and an outcome
``retire_worker: True`` after the cluster failed it, so that the next job gets a fresh link and a fresh connection.

``python -m core.training.ray_link --describe ADDRESS`` prints the cluster's nodes, CPUs, GPUs and trainings as JSON
(the home page runs it in the background, so the web process itself never becomes a Ray driver).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from core.training import ray_jobs
from core.training.worker_process import serve

logger = logging.getLogger(__name__)


def _unavailable(address: str, why: str) -> dict[str, Any]:
    logger.warning("The Ray cluster at %s is unavailable: %s", address, why)
    return {
        "state": "failed",
        "message": ray_jobs.UNAVAILABLE_MESSAGE.format(address=address),
        "reason": "cluster_unavailable",
        "details": {"address": address},
        "error": why,
        "retire_worker": True,
    }


def follow_job(
    payload: Mapping[str, Any], send: Callable[[tuple], None], stop_flag: threading.Event, holder: str
) -> dict[str, Any]:
    """Start or join the job's actor, relay its messages through ``send`` until it ends; returns its outcome.

    ``stop_flag`` set: this link lets go of the job (the actor trains on while another replica holds it) and the
    outcome is "stopped" for this server's visitors.
    """
    import ray
    from ray.exceptions import GetTimeoutError, RayActorError, RayError

    address = payload["ray_address"]
    try:
        ray_jobs.connect(address)
    except ray_jobs.ClusterUnavailable as error:
        return _unavailable(address, str(error))
    key = payload["key"]
    epochs = 0
    try:
        cluster_gpus = float(ray.cluster_resources().get("GPU", 0.0))
        resources = ray_jobs.job_resources(cluster_gpus, payload["ray_cpus"], payload["ray_gpus"])
        # The payload (a visitor's uploaded table included) goes to the actor through Ray's object store.
        payload_ref = ray.put({**payload, "ray_resources": resources})
        actor = ray_jobs.job_actor(key)
        pending = actor.follow.remote(payload_ref, holder)
        waited_since = last_alive = time.monotonic()
        while True:
            ready, _ = ray.wait([pending], timeout=ray_jobs.POLL_INTERVAL_S)
            if ready:
                if not ray.get(pending).get("ended"):
                    break
                # A stopped or failed training of this config, still lingering: end it and start afresh.
                ray.kill(actor, no_restart=True)
                _wait_until_gone(key)
                actor = ray_jobs.job_actor(key)
                pending = actor.follow.remote(payload_ref, holder)
                continue
            now = time.monotonic()
            if stop_flag.is_set():
                with contextlib.suppress(RayError):
                    actor.release.remote(holder)
                return {"state": "stopped", "details": {"epochs_completed": 0}}
            if now - last_alive > ray_jobs.KEEPALIVE_S:
                last_alive = now
                send(("alive",))
                if not ray_jobs.head_reachable(address):
                    return _unavailable(address, "the head stopped answering while the job waited to start")
            if now - waited_since > ray_jobs.CALL_TIMEOUT_S and not _actor_pending_or_alive(key):
                return _unavailable(address, "the job's actor could not be started")
        cursor = 0
        while True:
            if stop_flag.is_set():
                with contextlib.suppress(RayError):
                    ray.get(actor.release.remote(holder), timeout=ray_jobs.CALL_TIMEOUT_S)
                return {"state": "stopped", "details": {"epochs_completed": epochs}}
            messages, outcome, _holders = ray.get(actor.poll.remote(cursor, holder), timeout=ray_jobs.CALL_TIMEOUT_S)
            cursor += len(messages)
            for message in messages:
                if message[0] == "epoch":
                    epochs = int(message[1])
                send(message)
            if outcome is not None:
                return outcome
            time.sleep(ray_jobs.POLL_INTERVAL_S)
    except RayActorError as error:
        logger.error("The actor of job %s died: %s", key, error)
        return {
            "state": "failed",
            "message": "The training process stopped unexpectedly; press Train to try again.",
            "reason": "worker_died",
            "details": {"epochs_completed": epochs},
            "error": str(error),
        }
    except (GetTimeoutError, RayError, ConnectionError, OSError) as error:
        return _unavailable(address, f"{type(error).__name__}: {error}")


def _wait_until_gone(key: str) -> None:
    """Wait (a few seconds at most) until the cluster has forgotten the ended actor's name."""
    deadline = time.monotonic() + ray_jobs.CALL_TIMEOUT_S
    while _actor_pending_or_alive(key) and time.monotonic() < deadline:
        time.sleep(0.1)


def _actor_pending_or_alive(key: str) -> bool:
    """Whether the job's actor still exists (starting, waiting for resources or alive), asked of the cluster."""
    import ray

    try:
        ray.get_actor(ray_jobs.actor_name(key), namespace=ray_jobs.NAMESPACE)
        return True
    except Exception:  # noqa: BLE001 - gone, or the cluster cannot say
        return False


def main_on_fd(fd: str, link_name: str) -> None:
    """The entry point of a link process (see :mod:`core.training.workers`)."""
    from multiprocessing.connection import Connection

    main(Connection(int(fd)), link_name)


def main(connection, link_name: str) -> None:
    """The link's life: import Ray, say ready, follow jobs until told to exit or the server goes away (the loop is
    the training process' own, :func:`core.training.worker_process.serve`; a link whose server is gone ends at once,
    and its jobs' actors notice the silence and stop when no holder is left)."""
    holder_prefix = f"{socket.gethostname()}-{os.getppid()}-{os.getpid()}"

    def quiet_sigterm() -> None:
        # The server ends an idle link with SIGTERM: leave quietly (Ray's own handler would print a stack dump).
        # Set again after each job: ray.init may have put its own in place.
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

    def prepare() -> None:
        import ray  # noqa: F401  (imported once here)

        quiet_sigterm()

    serve(
        connection,
        link_name,
        prepare,
        lambda job_id, payload, send, stop_flag: follow_job(payload, send, stop_flag, f"{holder_prefix}-{job_id}"),
        quiet_sigterm,
    )


def describe(address: str) -> dict[str, Any]:
    """The cluster at ``address`` (nodes, CPUs, GPUs, trainings) or ``{"reachable": False, "error": ...}``."""
    try:
        ray_jobs.connect(address)
        return {"reachable": True, **ray_jobs.describe_cluster()}
    except Exception as error:  # noqa: BLE001 - anything means "cannot say": the page says so
        return {"reachable": False, "error": f"{type(error).__name__}: {error}"}


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--describe":
        logging.basicConfig(level=logging.ERROR)
        print(json.dumps(describe(sys.argv[2])), flush=True)
        os._exit(0)  # without Ray's shutdown, which can take seconds
    sys.exit("usage: python -m core.training.ray_link --describe HOST:PORT")
