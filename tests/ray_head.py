"""A private Ray head for the tests that train on a cluster: started once per module, every port its own (other
heads may run on this machine), the repository on its workers' import path, ended with every process it started."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

from tests.helpers import REPO_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def ray_head(cpus: int = 2, timeout: float = 90.0) -> Iterator[str]:
    """Start a Ray head on this machine and yield its address (``127.0.0.1:PORT``)."""
    port = free_port()
    folder = tempfile.mkdtemp(prefix="ray-")
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT), RAY_USAGE_STATS_ENABLED="0")
    command = [
        shutil.which("ray") or "ray",
        "start",
        "--head",
        "--block",
        f"--port={port}",
        f"--num-cpus={cpus}",
        "--num-gpus=0",
        "--include-dashboard=false",
        "--disable-usage-stats",
        f"--temp-dir={folder}",
        f"--ray-client-server-port={free_port()}",
        f"--node-manager-port={free_port()}",
        f"--object-manager-port={free_port()}",
        f"--dashboard-agent-listen-port={free_port()}",
        f"--metrics-export-port={free_port()}",
        f"--runtime-env-agent-port={free_port()}",
        f"--min-worker-port={20000 + port % 1000 * 20}",
        f"--max-worker-port={20000 + port % 1000 * 20 + 19}",
    ]
    process = subprocess.Popen(
        command,
        cwd=str(REPO_ROOT),
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Ray head did not start (exit {process.poll()})")
            time.sleep(0.2)
        time.sleep(2.0)  # the port opens before the raylet has registered the node
        yield address
    finally:
        # Nothing of a test's cluster is worth a graceful end: every process of its session goes at once.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        _kill_leftovers(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _kill_leftovers(folder: str) -> None:
    """Ray's processes of this head that outlived it (their command lines name its temporary folder)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            with open(f"/proc/{entry}/cmdline", "rb") as stream:
                if folder.encode() in stream.read():
                    os.kill(int(entry), signal.SIGKILL)
