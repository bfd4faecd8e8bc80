"""A private Ray head for the tests that train on a cluster, started once per module by the cluster command's own
code (:class:`deploy.cluster.RayHead`: every port its own, the repository on its workers' import path, ended with
every process it started)."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from deploy.cluster import RayHead
from deploy.processes import free_port

__all__ = ["free_port", "ray_head"]


@contextlib.contextmanager
def ray_head(cpus: int = 2) -> Iterator[str]:
    """Start a Ray head on this machine and yield its address (``127.0.0.1:PORT``)."""
    log = Path(tempfile.mkdtemp(prefix="ray-head-log-")) / "ray_head.log"
    with RayHead(free_port(), cpus, log) as head:
        yield head.address
