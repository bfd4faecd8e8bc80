"""Starting, watching and stopping the processes of a deployment: `streamlit run` servers and their process trees.

The local cluster (:mod:`deploy.cluster`) and the end-to-end tests (``tests/e2e/harness.py``) start their Streamlit
servers here, so that a test's server is started exactly as a replica is.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

HEALTH_PATH = "/_stcore/health"


class ServerDidNotStart(RuntimeError):
    """A server exited or did not answer its health check in time; the message holds the end of its log."""


def free_port() -> int:
    """A TCP port that nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports_in_a_row(count: int, tries: int = 50) -> int:
    """The first of ``count`` consecutive TCP ports that nothing listens on now (``--port P`` puts the replicas on the
    ports after P): the kernel's choice of a first port, kept when the ones after it are free too."""
    for _ in range(tries):
        first = free_port()
        if first + count <= 65536 and all(port_is_free(first + offset) for offset in range(1, count)):
            return first
    raise RuntimeError(f"No {count} consecutive free ports found in {tries} tries.")


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def streamlit_command(
    port: int, script: str = "streamlit_app.py", address: str = "127.0.0.1", options: Iterable[str] = ()
) -> list[str]:
    """The `streamlit run` command line of one server: headless, no usage statistics, no file watcher (a server
    that watches its files reruns every page when a file changes, and costs a thread per folder)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *options,
    ]


def start_streamlit(
    port: int,
    environment: Mapping[str, str],
    log_path: Path,
    cwd: str | Path | None = None,
    script: str = "streamlit_app.py",
    options: Iterable[str] = (),
    **popen_options,
) -> subprocess.Popen:
    """Start one `streamlit run` server on ``port`` with exactly ``environment``; return at once (see
    :func:`wait_until_healthy`). ``options``: more `streamlit run` options; ``popen_options`` go to ``Popen``.

    The server writes to ``log_path``, never to a pipe: nobody reads a pipe while the server runs, and once its buffer
    (64 KiB) is full the server blocks on its next log line, e.g. in the middle of a training.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            streamlit_command(port, script, options=options),
            cwd=cwd or REPO_ROOT,
            env=dict(environment),
            stdout=log,
            stderr=subprocess.STDOUT,
            **popen_options,
        )


def health_answers(base_url: str, timeout: float = 1.0) -> bool:
    """True when ``base_url``'s Streamlit health check answers 200 (``ok``)."""
    try:
        with urllib.request.urlopen(f"{base_url}{HEALTH_PATH}", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def log_tail(log_path: Path, characters: int = 4000) -> str:
    try:
        return log_path.read_text(errors="replace")[-characters:]
    except OSError:
        return ""


def wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path, timeout: float = 60.0) -> None:
    """Wait until the server at ``base_url`` answers its health check; raise :class:`ServerDidNotStart` with the end
    of its log when it exits first or stays silent for ``timeout`` seconds (it is killed then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"streamlit exited with {process.returncode}:\n{log_tail(log_path)}")
        if health_answers(base_url):
            return
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise ServerDidNotStart(f"streamlit did not answer {HEALTH_PATH} within {timeout:.0f} s:\n{log_tail(log_path)}")


def stop_process(process: subprocess.Popen, timeout: float = 10.0, group: bool = False) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds. ``group``: the process leads a process group of its own
    (started with ``start_new_session=True``), and whatever of that group is still alive at the end is killed too,
    so that nothing it started outlives it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if group:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # the whole group has ended


def wait_for_group_end(group: int, timeout: float = 10.0) -> bool:
    """Wait until no process of process group ``group`` is left (killed processes take a moment to go); True when
    none is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        time.sleep(0.05)
    return False


def descendants(pid: int) -> list[int]:
    """Every living descendant of ``pid`` (children, their children...), read from /proc on Linux."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, frontier = [], [pid]
    while frontier:
        children = parents.get(frontier.pop(), [])
        found.extend(children)
        frontier.extend(children)
    return found
