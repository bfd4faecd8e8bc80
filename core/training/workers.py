"""The training processes the server supervises: starting them, talking to them, replacing them, ending them.

Every training runs in a worker process (:mod:`core.training.worker_process`), never in the web server: a fit's
Python side no longer competes with the visitors' pages for one interpreter lock, and a crash, a native fault or
memory exhaustion in a fit ends one worker, not the site. :class:`WorkerProcess` is the server's end of one worker:

- started as a fresh interpreter running :mod:`core.training.worker_process` alone (``subprocess``, not
  ``multiprocessing``: its "spawn" would run the server's ``__main__`` again, which under Streamlit is the page
  script being run at that moment), it imports TensorFlow once and then trains one job after another, so a job
  starts in well under a second;
- it talks over one pipe (small tuples; a job's final model goes through the model store);
- :meth:`WorkerProcess.kill` ends it whatever it is doing (SIGTERM, then SIGKILL), and a worker whose server dies
  ends itself (its pipe closes).

Workers idle between engines (a test starting a fresh engine, ``python -m core.prewarm`` after a page) are kept as
spares and reused (:func:`take_worker`, :func:`park_worker`); :func:`stop_all_workers` ends every one (the server's
shutdown, and ``atexit``). With several GPUs, each worker is given one (``CUDA_VISIBLE_DEVICES``): see
:func:`gpu_ids`.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing.connection import Connection
from typing import Any

from core.settings import REPO_ROOT

logger = logging.getLogger(__name__)

#: How long a worker is given to end by itself (SIGTERM) before it is killed (SIGKILL).
TERMINATE_GRACE_S = 0.3
#: Spare workers kept between engines at most.
MAX_SPARES = 2

_names = itertools.count(1)
#: What the training process runs: the worker's main function, on the socket it was given (its file descriptor).
_WORKER_CODE = "import sys; from core.training.worker_process import main_on_fd; main_on_fd(*sys.argv[1:])"
#: What a link to a Ray cluster runs instead (same protocol: :mod:`core.training.ray_link`).
_LINK_CODE = "import sys; from core.training.ray_link import main_on_fd; main_on_fd(*sys.argv[1:])"


class WorkerGone(Exception):
    """The worker process ended (killed, crashed, or out of memory): its pipe is closed."""


class WorkerProcess:
    """The server's end of one training process. Not thread-safe: one engine slot uses it at a time.

    ``kind="ray"``: a link to a Ray cluster (:mod:`core.training.ray_link`), which follows jobs trained there.
    """

    def __init__(self, gpu: str | None = None, kind: str = "local") -> None:
        if kind not in ("local", "ray"):
            raise ValueError(f"kind is 'local' or 'ray', got {kind!r}.")
        self.kind = kind
        self.name = f"{'ray-link' if kind == 'ray' else 'training-process'}-{next(_names)}"
        self.gpu = gpu
        parent_end, child_end = socket.socketpair()
        environment = dict(os.environ)
        # The server's import path (the repository, and in tests the test modules a shipped task refers to).
        paths = [str(REPO_ROOT)] + [path for path in sys.path if path and os.path.isdir(path)]
        environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        if gpu is not None:
            environment["CUDA_VISIBLE_DEVICES"] = gpu
        self.started_at = time.monotonic()
        code = _LINK_CODE if kind == "ray" else _WORKER_CODE
        arguments = [sys.executable, "-c", code, str(child_end.fileno()), self.name]
        self.process = subprocess.Popen(
            arguments, pass_fds=(child_end.fileno(),), env=environment, cwd=os.getcwd(), stdin=subprocess.DEVNULL
        )
        child_end.close()  # the worker's end lives in the worker only: its death closes the pipe
        self.connection = Connection(parent_end.detach())
        self.ready = False
        self.import_seconds: float | None = None
        self.ready_after_s: float | None = None
        self.jobs_done = 0
        self.resident_mb = 0.0
        self._send_lock = threading.Lock()
        _every_worker.add(self)

    def __repr__(self) -> str:
        state = "ready" if self.ready else ("starting" if self.alive else "ended")
        return f"WorkerProcess({self.name}, pid={self.pid}, {state}, jobs={self.jobs_done})"

    @property
    def pid(self) -> int | None:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: tuple) -> None:
        try:
            with self._send_lock:
                self.connection.send(message)
        except (OSError, EOFError, ValueError) as error:
            raise WorkerGone(str(error)) from None

    def receive(self, timeout: float) -> tuple | None:
        """The next message, waiting at most ``timeout`` seconds (None: nothing yet). Raises :class:`WorkerGone`
        when the worker has ended."""
        try:
            if not self.connection.poll(timeout):
                if not self.alive:
                    raise WorkerGone("the process ended")
                return None
            message = self.connection.recv()
        except (OSError, EOFError, ValueError) as error:
            raise WorkerGone(str(error) or "the pipe closed") from None
        if message[0] == "ready":
            self._mark_ready(message)
            return self.receive(timeout)
        return message

    def _mark_ready(self, message: tuple) -> None:
        _, _pid, import_seconds, resident_mb = message
        self.ready = True
        self.import_seconds = float(import_seconds)
        self.ready_after_s = time.monotonic() - self.started_at
        self.resident_mb = float(resident_mb)

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the worker has imported TensorFlow (True), or ``timeout`` seconds (False)."""
        deadline = time.monotonic() + timeout
        while not self.ready:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            message = self.receive(min(remaining, 0.1))
            if message is not None:
                logger.warning("%s said %r before it was ready; ignored.", self.name, message[0])
        return True

    def kill(self) -> None:
        """End the process now, whatever it is doing: SIGTERM, then SIGKILL after a short grace."""
        _every_worker.discard(self)
        with contextlib.suppress(Exception):
            if self.alive:
                self.process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(TERMINATE_GRACE_S)
            if self.alive:
                self.process.kill()
                self.process.wait(2.0)
        with contextlib.suppress(Exception):
            self.connection.close()

    def retire(self) -> None:
        """End an idle worker politely (it finishes nothing: it is idle), killing it if it does not go."""
        _every_worker.discard(self)
        with contextlib.suppress(WorkerGone):
            self.send(("exit",))
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2.0)
        self.kill()


_every_worker: weakref.WeakSet[WorkerProcess] = weakref.WeakSet()
_spares: list[WorkerProcess] = []
_spares_lock = threading.Lock()


def take_worker(gpu: str | None = None, kind: str = "local") -> WorkerProcess:
    """A spare worker of ``kind`` for ``gpu`` (still alive) if there is one, else a new one (it starts at once and
    imports TensorFlow, or Ray for a link, in the background: :meth:`WorkerProcess.wait_ready`)."""
    with _spares_lock:
        for worker in list(_spares):
            if worker.gpu == gpu and worker.kind == kind:
                _spares.remove(worker)
                if worker.alive:
                    return worker
                worker.kill()
    return WorkerProcess(gpu, kind)


def park_worker(worker: WorkerProcess) -> None:
    """Keep an idle worker for the next engine (at most :data:`MAX_SPARES`; the others are retired)."""
    if not worker.alive:
        worker.kill()
        return
    with _spares_lock:
        if len(_spares) < MAX_SPARES:
            _spares.append(worker)
            return
    worker.retire()


def live_workers() -> list[WorkerProcess]:
    """Every worker process of this server that has not been ended (tests and benches)."""
    return [worker for worker in list(_every_worker) if worker.alive]


def stop_all_workers() -> None:
    """End every worker of this process, spares included (the server's shutdown; also run at exit)."""
    with _spares_lock:
        spares = list(_spares)
        _spares.clear()
    for worker in spares + list(_every_worker):
        worker.kill()


atexit.register(stop_all_workers)


def gpu_ids() -> list[str]:
    """The GPUs a worker may be given, one each: ``CUDA_VISIBLE_DEVICES`` where set, else what ``nvidia-smi -L``
    lists (empty without an NVIDIA driver). With one GPU or none, workers are not pinned: each sees the devices
    exactly as TensorFlow would."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return [item.strip() for item in visible.split(",") if item.strip() and item.strip() != "-1"]
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return []
    try:
        listing = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [str(index) for index, line in enumerate(listing.splitlines()) if line.startswith("GPU ")]


def worker_gpus(slots: int, gpus: list[str] | None = None) -> list[str | None]:
    """The GPU each of ``slots`` workers gets: one each, round robin, with two GPUs or more; None otherwise."""
    gpus = gpu_ids() if gpus is None else gpus
    if len(gpus) < 2:
        return [None] * slots
    return [gpus[index % len(gpus)] for index in range(slots)]


def describe_workers(workers: list[WorkerProcess]) -> list[dict[str, Any]]:
    """A line of facts per worker (pid, ready, jobs, memory), for the logs, benches and tests."""
    return [
        {
            "name": worker.name,
            "pid": worker.pid,
            "ready": worker.ready,
            "jobs": worker.jobs_done,
            "resident_mb": round(worker.resident_mb, 1),
            "gpu": worker.gpu,
            "kind": worker.kind,
        }
        for worker in workers
    ]
