"""The one command, `python -m deploy.cluster`, as an instructor runs it: it serves the app through the balancer,
stops everything it started on SIGTERM (its Ray head, its workers and its folder included), and without HAProxy it
says what to install instead of printing a traceback. Its generated HAProxy configuration is one HAProxy accepts."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.cluster import ClusterError, LocalCluster, Replica, haproxy_config
from deploy.processes import REPO_ROOT, descendants, free_port, free_ports_in_a_row, health_answers
from tests.e2e.harness import process_has_ended
from tests.helpers import wait_until

TEST_ENVIRONMENT = {"DASHBOARD_OFFLINE": "1", "DASHBOARD_WARMUP": "0", "TF_CPP_MIN_LOG_LEVEL": "2"}


def cluster_command(*arguments: str, path: str | None = None, folder: Path) -> subprocess.Popen:
    """`python -m deploy.cluster` with its store and its run folder in ``folder``."""
    environment = {**os.environ, **TEST_ENVIRONMENT}
    if path is not None:
        environment["PATH"] = path
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deploy.cluster",
            "--host",
            "127.0.0.1",
            "--store",
            str(folder / "store"),
            "--run-dir",
            str(folder / "run"),
            *arguments,
        ],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_command_serves_the_app_and_sigterm_stops_everything_it_started(tmp_path):
    port = free_ports_in_a_row(2)  # the balancer, then its replica on the next port
    ray_port = next(candidate for candidate in iter(free_port, None) if candidate not in (port, port + 1))
    command = cluster_command(
        "--replicas", "1", "--port", str(port), "--ray-port", str(ray_port), "--ray-cpus", "1", folder=tmp_path
    )
    try:
        output = ""
        for line in command.stdout:
            output += line
            if line.startswith("Ctrl+C"):
                break
        assert command.poll() is None, output + command.stderr.read()
        assert health_answers(f"http://127.0.0.1:{port}")
        assert f"Ray head: 127.0.0.1:{ray_port}" in output
        started = descendants(command.pid)
        ray_folder = re.search(r"--temp-dir (\S+)", " ".join(_command_lines(started))).group(1)
        assert len(started) >= 4, output  # HAProxy, a replica, the Ray head and its processes

        command.send_signal(signal.SIGTERM)
        remaining, _ = command.communicate(timeout=60)
    finally:
        if command.poll() is None:
            command.kill()
    assert command.returncode == 0
    assert "Stopped" in remaining
    wait_until(lambda: all(process_has_ended(pid) for pid in started), timeout=15)
    assert not Path(ray_folder).exists()


def test_without_haproxy_the_command_says_what_to_install(tmp_path):
    python_only = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    if any((Path(folder) / "haproxy").exists() for folder in python_only.split(os.pathsep)):
        pytest.skip("haproxy is installed in /usr/bin here")
    command = cluster_command("--no-ray", "--port", str(free_ports_in_a_row(3)), path=python_only, folder=tmp_path)
    output, errors = command.communicate(timeout=60)
    assert command.returncode == 1
    assert "apt-get install haproxy" in errors
    assert "Traceback" not in errors + output


def test_the_generated_configuration_is_valid_for_haproxy(tmp_path):
    replicas = [Replica(0, 8502), Replica(1, 8503)]
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_config(8501, "0.0.0.0", replicas, tmp_path / "haproxy.sock"))
    check = subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "cookie SERVERID insert indirect nocache" in path.read_text()


def test_a_cluster_refuses_a_port_in_use_with_a_sentence(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ClusterError, match=f"Port {port} is in use"):
            LocalCluster(replicas=1, port=port, ray=False, run_dir=tmp_path).start()


def _command_lines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return lines
