"""What a page says about where training runs: this server, or a Ray cluster (its nodes, CPUs and GPUs).

The web process never becomes a Ray driver (see :mod:`core.training.ray_jobs`): it asks a short-lived process,
``python -m core.training.ray_link --describe ADDRESS``, in a background thread, at most every ``REFRESH_S``
seconds, and a page shows the last answer. Before the first answer a page says it is asking; a head that does not
answer its TCP port within a second is reported unreachable at once, without a process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from core.settings import REPO_ROOT
from core.training import ray_jobs

#: A description is refreshed at most this often.
REFRESH_S = 30.0
#: The describing process is given this long.
DESCRIBE_TIMEOUT_S = 25.0


@dataclass(frozen=True)
class ClusterView:
    """``state``: "asking" (no answer yet), "ready" or "unreachable"."""

    address: str
    state: str
    nodes: int = 0
    cpus: float = 0.0
    gpus: float = 0.0
    trainings: list[dict[str, Any]] = field(default_factory=list)
    checked_at: float = 0.0


_views: dict[str, ClusterView] = {}
_asking: set[str] = set()
_lock = threading.Lock()


def cluster_view(address: str) -> ClusterView:
    """The last known view of the cluster at ``address``, refreshed in the background when older than REFRESH_S."""
    now = time.monotonic()
    with _lock:
        view = _views.get(address)
        stale = view is None or now - view.checked_at > REFRESH_S
        if stale and address not in _asking:
            _asking.add(address)
            threading.Thread(target=_refresh, args=(address,), name="describe-ray-cluster", daemon=True).start()
    if view is None:
        if not ray_jobs.head_reachable(address, timeout=1.0):
            view = ClusterView(address, "unreachable", checked_at=now)
            with _lock:
                _views.setdefault(address, view)
            return view
        return ClusterView(address, "asking")
    return view


def _refresh(address: str) -> None:
    try:
        view = _describe(address)
    finally:
        with _lock:
            _asking.discard(address)
    with _lock:
        _views[address] = view


def _describe(address: str) -> ClusterView:
    now = time.monotonic()
    if not ray_jobs.head_reachable(address):
        return ClusterView(address, "unreachable", checked_at=now)
    try:
        answer = subprocess.run(
            [sys.executable, "-m", "core.training.ray_link", "--describe", address],
            capture_output=True,
            text=True,
            timeout=DESCRIBE_TIMEOUT_S,
            cwd=str(REPO_ROOT),
            check=False,
        )
        facts = json.loads(answer.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return ClusterView(address, "unreachable", checked_at=time.monotonic())
    if not facts.get("reachable"):
        return ClusterView(address, "unreachable", checked_at=time.monotonic())
    return ClusterView(
        address,
        "ready",
        nodes=int(facts.get("nodes", 0)),
        cpus=float(facts.get("cpus", 0.0)),
        gpus=float(facts.get("gpus", 0.0)),
        trainings=list(facts.get("trainings", [])),
        checked_at=time.monotonic(),
    )


def forget() -> None:
    """Forget every view (tests)."""
    with _lock:
        _views.clear()
