"""A local cluster on one machine, for a large workshop: a Ray head, N Streamlit replicas and HAProxy in front.

    python -m deploy.cluster --replicas 2 --port 8501

One Streamlit server is one Python interpreter, which every visitor's page shares: a room of 60 outgrows it however
many cores the machine has. This command starts, as child processes it supervises:

- a Ray head (``ray start --head --block``) with the repository on its workers' import path, so that every replica's
  trainings run on it and one job per config is shared by all replicas (``--no-ray``: each replica trains in its own
  training processes; ``--ray-address``: a Ray cluster that already runs elsewhere);
- N replicas (``streamlit run streamlit_app.py``), each on its own port on 127.0.0.1, with ``RAY_ADDRESS`` set to the
  head and one model store for all (``DASHBOARD_MODEL_STORE``: the repository's ``model_store/``, or ``--store``);
- HAProxy from Debian (``haproxy -f <generated cfg> -db``) on ``--port``: a visitor's first request picks the replica
  with the fewest connections and a cookie (``SERVERID``) keeps the visitor there, which Streamlit needs (a session,
  its uploads and media live in one server); WebSockets pass through with a long tunnel timeout; every replica's
  ``/_stcore/health`` is checked every second, so a dead replica leaves the pool within about 2 s and its visitors'
  pages reconnect to another one.

It prints where to open the app and each piece's pid and log, restarts a replica that exits, and on Ctrl+C or
SIGTERM stops everything it started, and nothing else (never ``ray stop``, which would end every Ray on the machine).

The tests and benches use :class:`LocalCluster` the same way::

    with LocalCluster(replicas=2, port=8730, ray=False) as cluster:
        cluster.url, cluster.replica_urls, cluster.kill_replica(0), cluster.server_states()
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import importlib.util
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deploy.processes import (
    REPO_ROOT,
    ServerDidNotStart,
    descendants,
    free_port,
    health_answers,
    log_tail,
    port_is_free,
    start_streamlit,
    stop_process,
    wait_for_group_end,
    wait_until_healthy,
)

MODEL_STORE_ENV = "DASHBOARD_MODEL_STORE"  # core.settings reads it
RAY_ADDRESS_ENV = "RAY_ADDRESS"  # Ray's own variable; the app's engine reads it too
APP_RAY_ADDRESS_ENV = "DASHBOARD_RAY_ADDRESS"  # the app's own setting, which would take precedence: not passed on
DEFAULT_STORE = REPO_ROOT / "model_store"
DEFAULT_RAY_PORT = 6379
BACKEND = "replicas"  # HAProxy's name for the pool of replicas
COOKIE = "SERVERID"

HAPROXY_INSTALL = "sudo apt-get install haproxy (Debian, Ubuntu)"
RAY_INSTALL = "pip install -r requirements-cluster.txt"


class ClusterError(RuntimeError):
    """Something the cluster needs is missing or did not start; the message is a sentence for the person running it."""


@dataclass
class Replica:
    """One Streamlit server of the cluster: ``name`` is its HAProxy server name and the value of its cookie."""

    index: int
    port: int
    log_path: Path | None = None  # in the cluster's run folder, once it starts
    process: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        return f"r{self.index}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _end_with_parent() -> None:
    """Run in a child just before it executes its program (Linux): the kernel sends it SIGTERM when the cluster
    command dies, however it dies (even SIGKILL), so no replica, balancer or Ray head outlives it. Only the cluster's
    main thread starts children (the signal follows the thread that started the child)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: an explicit stop still ends every child


def haproxy_config(port: int, host: str, replicas: list[Replica], stats_socket: Path) -> str:
    """HAProxy's configuration for the cluster: cookie-sticky sessions, WebSockets, fast health checks."""
    servers = "\n".join(
        f"    server {replica.name} 127.0.0.1:{replica.port} cookie {replica.name}" for replica in replicas
    )
    return f"""\
# Written by deploy/cluster.py on every start: edit the template there, not this file.
global
    log stdout format raw local0 info
    maxconn 4096
    stats socket {stats_socket} mode 600 level admin

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option forwardfor
    timeout connect 3s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # A Streamlit session is one WebSocket, open as long as the browser tab: once upgraded, this timeout applies.
    timeout tunnel 8h
    timeout client-fin 10s
    timeout check 2s

frontend dashboard
    bind {host}:{port}
    default_backend {BACKEND}

backend {BACKEND}
    # A WebSocket lasts as long as its tab: count open connections, not requests.
    balance leastconn
    # The first response names the replica in a cookie; the browser's next requests (the WebSocket, uploads,
    # media) carry it back and reach the same replica. "indirect": the replica never sees the cookie.
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
    # A visitor whose replica is down goes to another one (a new cookie), and so does a request that failed to
    # connect, after one retry.
    option redispatch
    retries 1
    # Checked every second (every 0.5 s while a check fails): a replica that stopped answering is out after two
    # failed checks, and back after two good ones. Its WebSockets are closed at once, so their pages reconnect.
    default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2 on-marked-down shutdown-sessions
{servers}
"""


class RayHead:
    """A Ray head on this machine (``ray start --head --block``), its processes in a group of their own and its files
    in a temporary folder of its own, so that it can be stopped, and only it, whatever else runs Ray here. Used by
    :class:`LocalCluster` and by the tests that train on a cluster.

    ``env``: variables for the head and its workers on top of this process's; the repository is put on their import
    path (the replicas' actors import ``core``) and the head runs in its folder.
    """

    def __init__(
        self, port: int, cpus: int, log_path: Path, env: Mapping[str, str] | None = None, start_timeout: float = 120.0
    ) -> None:
        self.port, self.cpus, self.log_path = port, cpus, Path(log_path)
        self.env = dict(env or {})
        self.start_timeout = start_timeout
        self.temp_dir: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def poll(self) -> int | None:
        return self.process.poll() if self.process is not None else 0

    @property
    def returncode(self) -> int | None:
        return self.process.returncode if self.process is not None else None

    def __enter__(self) -> RayHead:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        if importlib.util.find_spec("ray") is None:
            raise ClusterError(f"Ray is not installed; install it with: {RAY_INSTALL} (or run with --no-ray)")
        # Ray's sockets live under its temporary folder, whose path must stay short (a Unix socket path is at most
        # 107 bytes): a folder of its own under /tmp, not in the run folder.
        self.temp_dir = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
        python_path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]))
        environment = {
            **os.environ,
            **self.env,
            "PYTHONPATH": python_path,
            # On SIGTERM a head drains for 30 s by default (waiting for Ray Serve replicas, which we have none of).
            "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0",
        }
        environment.pop(RAY_ADDRESS_ENV, None)
        command = [
            sys.executable,
            "-m",
            "ray.scripts.scripts",
            "start",
            "--head",
            "--block",
            "--port",
            str(self.port),
            "--temp-dir",
            str(self.temp_dir),
            "--include-dashboard=false",
            "--disable-usage-stats",
            "--num-cpus",
            str(self.cpus),
            # Ports of their own chosen by the kernel, so that a second Ray on the machine does not collide with
            # this one on Ray's fixed defaults (the client server's 10001, the agent's 52365, workers' 10002+).
            "--ray-client-server-port",
            str(free_port()),
            "--dashboard-agent-listen-port",
            str(free_port()),
            "--min-worker-port",
            "0",
            "--max-worker-port",
            "0",
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: what is left of it at the end is killed with it
                preexec_fn=_end_with_parent,
            )
        deadline = time.monotonic() + self.start_timeout
        while "Ray runtime started" not in log_tail(self.log_path, 1_000_000):
            if self.process.poll() is not None:
                raise ClusterError(
                    f"The Ray head did not start (exit code {self.process.returncode}); the end of its log "
                    f"({self.log_path}):\n{log_tail(self.log_path, 2000)}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise ClusterError(f"The Ray head did not start within {self.start_timeout:.0f} s ({self.log_path}).")
            time.sleep(0.2)

    def stop(self) -> None:
        """End the head and every process of its group (its workers included), then remove its folder."""
        if self.process is not None:
            stop_process(self.process, timeout=30, group=True)
            wait_for_group_end(self.process.pid)
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None


class LocalCluster:
    """A Ray head (optional), ``replicas`` Streamlit servers and HAProxy on ``port``, started together and stopped
    together (a context manager). Every child process is started by this object and only those are stopped.

    ``ray``: start a Ray head on ``ray_port`` for the replicas (``RAY_ADDRESS``); ``ray_address``: use that cluster
    instead (no head is started); neither: each replica trains in its own processes. ``store``: the model store
    every replica uses (a folder or an fsspec URL; default the repository's ``model_store/``). ``env``: variables
    for the replicas and the Ray head on top of this process's environment. ``replica_ports``: default the ports
    after ``port``. ``run_dir``: the generated HAProxy configuration, its stats socket and every piece's log
    (default: a new temporary folder, left in place for its logs).

    Start and stop it from one thread that lives as long as the cluster (the main thread, as the command, the tests
    and the benches do): on Linux its children are told to end when the thread that started them ends.
    """

    def __init__(
        self,
        replicas: int = 2,
        port: int = 8501,
        *,
        host: str = "0.0.0.0",
        replica_ports: list[int] | None = None,
        ray: bool = True,
        ray_address: str | None = None,
        ray_port: int = DEFAULT_RAY_PORT,
        ray_cpus: int | None = None,
        store: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        run_dir: str | Path | None = None,
        script: str = "streamlit_app.py",
        start_timeout: float = 120.0,
    ) -> None:
        if replicas < 1:
            raise ClusterError("A cluster needs at least one replica (--replicas 1 or more).")
        ports = list(replica_ports) if replica_ports else [port + 1 + index for index in range(replicas)]
        if len(ports) != replicas:
            raise ClusterError(f"{replicas} replicas need {replicas} ports, not {len(ports)}.")
        self.port, self.host = port, host
        self.start_ray_head = ray and not ray_address
        self.ray_port = ray_port
        self.ray_cpus = ray_cpus or os.cpu_count() or 1
        self._ray_address = ray_address if ray else None
        # A folder is made absolute: the replicas and the Ray workers run in the repository's folder, not in ours.
        self.store = str(store or DEFAULT_STORE)
        if "://" not in self.store:
            self.store = str(Path(self.store).resolve())
        self.env = dict(env or {})
        self.run_dir = Path(run_dir) if run_dir else None  # a temporary folder is made at start when None
        self.script = script
        self.start_timeout = start_timeout
        self.replicas = [Replica(index, ports[index]) for index in range(replicas)]
        self.haproxy: subprocess.Popen | None = None
        self.ray_head: RayHead | None = None

    # -- where things are ----------------------------------------------------------------------------------------

    @property
    def haproxy_config_path(self) -> Path:
        return self.run_dir / "haproxy.cfg"

    @property
    def stats_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    @property
    def haproxy_log_path(self) -> Path:
        return self.run_dir / "haproxy.log"

    @property
    def ray_log_path(self) -> Path:
        return self.run_dir / "ray_head.log"

    @property
    def url(self) -> str:
        """Where visitors open the app: the balancer."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "*", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        return [replica.url for replica in self.replicas]

    @property
    def ray_address(self) -> str | None:
        """The Ray cluster the replicas train on (``host:port``), or None when they train in their own processes."""
        return self._ray_address

    def pids(self) -> dict[str, int]:
        """Each running piece's pid: ``"balancer"``, ``"ray_head"`` (the ``ray start --block`` process), ``"r0"``..."""
        pieces = {"balancer": self.haproxy, "ray_head": self.ray_head}
        pieces.update({replica.name: replica.process for replica in self.replicas})
        return {name: process.pid for name, process in pieces.items() if process and process.poll() is None}

    def process_trees(self) -> dict[str, list[int]]:
        """Each running piece's pid followed by its descendants' (a replica's training processes, the Ray head's
        GCS, raylet and workers), for memory figures."""
        return {name: [pid, *descendants(pid)] for name, pid in self.pids().items()}

    # -- starting and stopping -----------------------------------------------------------------------------------

    def __enter__(self) -> LocalCluster:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Start every piece and return once each replica answers its health check and the balancer serves the app
        with every replica up; on any failure, stop what was started and raise :class:`ClusterError`."""
        self._check_requirements()
        if self.run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix=f"dashboard-cluster-{self.port}-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for replica in self.replicas:
            replica.log_path = self.run_dir / f"replica_{replica.name}.log"
        try:
            if self.start_ray_head:
                self._start_ray_head()
            for replica in self.replicas:
                self._start_replica(replica)
            for replica in self.replicas:
                self._wait_for_replica(replica)
            self._start_haproxy()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the balancer first (no new visitor reaches a replica that is stopping), then the replicas (each ends
        its own training processes), then the Ray head (which ends its workers). Idempotent."""
        if self.haproxy is not None:
            stop_process(self.haproxy, timeout=5)
        for replica in self.replicas:
            if replica.process is not None and replica.process.poll() is None:
                replica.process.terminate()
        for replica in self.replicas:
            if replica.process is not None:
                stop_process(replica.process)
        if self.ray_head is not None:
            self.ray_head.stop()

    def kill_replica(self, index: int) -> None:
        """SIGKILL replica ``index`` (as the kernel does when memory runs out) and wait until it is gone."""
        process = self.replicas[index].process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def restart_replica(self, index: int) -> None:
        """Start replica ``index`` again on its port (after it exited or was killed) and wait for its health check;
        the balancer takes it back after two good checks."""
        replica = self.replicas[index]
        if replica.process is not None and replica.process.poll() is None:
            stop_process(replica.process)
        self._start_replica(replica)
        self._wait_for_replica(replica)

    # -- the balancer's view -------------------------------------------------------------------------------------

    def haproxy_command(self, command: str) -> str:
        """Send one command to HAProxy's stats socket (e.g. ``show stat``, ``show servers state``); its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(5)
            connection.connect(str(self.stats_socket))
            connection.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode(errors="replace")

    def server_stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's statistics of each replica by name (``status``: ``UP``, ``DOWN``...; ``stot``: sessions it has
        served in all; ``scur``: open now), from ``show stat``."""
        text = self.haproxy_command("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {
            row["svname"]: row for row in rows if row.get("pxname") == BACKEND and row["svname"] not in ("BACKEND",)
        }

    def server_states(self) -> dict[str, str]:
        """``{"r0": "UP", "r1": "DOWN"}``: whether the balancer sends visitors to each replica now."""
        return {name: row["status"] for name, row in self.server_stats().items()}

    # -- the pieces ----------------------------------------------------------------------------------------------

    def _check_requirements(self) -> None:
        if shutil.which("haproxy") is None:
            raise ClusterError(f"HAProxy is not installed; install it with: {HAPROXY_INSTALL}")
        if self._ray_address and importlib.util.find_spec("ray") is None:
            raise ClusterError(
                f"Ray is not installed; install it with: {RAY_INSTALL} (or run with --no-ray to train in each replica)"
            )
        ports = [self.port] + [replica.port for replica in self.replicas]
        if self.start_ray_head:
            ports.append(self.ray_port)
        if len(set(ports)) != len(ports):
            raise ClusterError(f"The balancer, the replicas and the Ray head need different ports (given {ports}).")
        for port in ports:
            if not port_is_free(port):
                raise ClusterError(f"Port {port} is in use on this machine; choose other ports (--port, --ray-port).")

    def _replica_environment(self, replica: Replica) -> dict[str, str]:
        environment = {**os.environ, **self.env, MODEL_STORE_ENV: self.store}
        environment.pop(APP_RAY_ADDRESS_ENV, None)
        if self._ray_address:
            environment[RAY_ADDRESS_ENV] = self._ray_address
        else:
            environment.pop(RAY_ADDRESS_ENV, None)
        return environment

    def _start_replica(self, replica: Replica) -> None:
        replica.process = start_streamlit(
            replica.port,
            self._replica_environment(replica),
            replica.log_path,
            script=self.script,
            preexec_fn=_end_with_parent,
        )

    def _wait_for_replica(self, replica: Replica) -> None:
        try:
            wait_until_healthy(replica.process, replica.url, replica.log_path, timeout=self.start_timeout)
        except ServerDidNotStart as error:
            raise ClusterError(f"Replica {replica.name} (port {replica.port}) did not start: {error}") from None

    def _start_ray_head(self) -> None:
        self.ray_head = RayHead(
            self.ray_port,
            self.ray_cpus,
            self.ray_log_path,
            {**self.env, MODEL_STORE_ENV: self.store},  # the workers write the models they train to the same store
            self.start_timeout,
        )
        self.ray_head.start()
        self._ray_address = self.ray_head.address

    def _start_haproxy(self) -> None:
        self.haproxy_config_path.write_text(haproxy_config(self.port, self.host, self.replicas, self.stats_socket))
        self.stats_socket.unlink(missing_ok=True)
        with open(self.haproxy_log_path, "wb") as log:
            self.haproxy = subprocess.Popen(
                ["haproxy", "-f", str(self.haproxy_config_path), "-db"],
                cwd=self.run_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_end_with_parent,
            )
        deadline = time.monotonic() + 30
        while True:
            if self.haproxy.poll() is not None:
                raise ClusterError(
                    f"HAProxy did not start (exit code {self.haproxy.returncode}): {log_tail(self.haproxy_log_path)}"
                )
            try:
                ready = health_answers(self.url) and set(self.server_states().values()) == {"UP"}
            except OSError:
                ready = False
            if ready:
                return
            if time.monotonic() > deadline:
                raise ClusterError(f"HAProxy did not serve the app within 30 s ({self.haproxy_log_path}).")
            time.sleep(0.2)

    # -- the command ---------------------------------------------------------------------------------------------

    def describe(self) -> str:
        lines = [f"The app: {self.url}  (HAProxy, pid {self.haproxy.pid}, config {self.haproxy_config_path})"]
        if self.host in ("0.0.0.0", "", "*", "::"):
            lines.append(f"  from other machines: http://{socket.gethostname()}:{self.port} (or the machine's address)")
        for replica in self.replicas:
            lines.append(f"replica {replica.name}: {replica.url}  pid {replica.process.pid}, log {replica.log_path}")
        if self.ray_head is not None:
            lines.append(
                f"Ray head: {self.ray_address}  pid {self.ray_head.pid}, {self.ray_cpus} CPUs, "
                f"log {self.ray_log_path}; more machines join it with: "
                f"ray start --address=<this machine's address>:{self.ray_port}"
            )
        elif self.ray_address:
            lines.append(f"Ray cluster: {self.ray_address} (started elsewhere)")
        else:
            lines.append("Training: in each replica's own training processes (no Ray)")
        lines.append(f"model store: {self.store}")
        lines.append(f'HAProxy statistics: echo "show stat" | socat stdio {self.stats_socket}')
        return "\n".join(lines)

    def supervise(self, interval: float = 1.0) -> None:
        """Until interrupted: restart a replica that exited; raise :class:`ClusterError` when the balancer or the
        Ray head stops (nothing works without them)."""
        while True:
            time.sleep(interval)
            for piece, process, log_path in (
                ("HAProxy", self.haproxy, self.haproxy_log_path),
                ("The Ray head", self.ray_head, self.ray_log_path),
            ):
                if process is not None and process.poll() is not None:
                    raise ClusterError(
                        f"{piece} stopped (exit code {process.returncode}); the end of its log ({log_path}):\n"
                        f"{log_tail(log_path, 2000)}"
                    )
            for replica in self.replicas:
                if replica.process is not None and replica.process.poll() is not None:
                    print(f"replica {replica.name} exited ({replica.process.returncode}); restarting it", flush=True)
                    self.restart_replica(replica.index)
                    print(f"replica {replica.name}: pid {replica.process.pid}", flush=True)


def _stop_on_signal(signum, frame) -> None:
    """The first SIGTERM or Ctrl+C stops the cluster; any further one is ignored, so that the stop runs to its end."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit servers (about one per core; default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the balancer's port, where visitors connect")
    parser.add_argument("--host", default="0.0.0.0", help="the balancer's address (default: every interface)")
    ray_choice = parser.add_mutually_exclusive_group()
    ray_choice.add_argument("--no-ray", action="store_true", help="no Ray: each replica trains in its own processes")
    ray_choice.add_argument("--ray-address", help="train on this Ray cluster (host:port) instead of starting a head")
    parser.add_argument("--ray-port", type=int, default=DEFAULT_RAY_PORT, help="the Ray head's port (default 6379)")
    parser.add_argument("--ray-cpus", type=int, help="CPUs the Ray head offers to trainings (default: every core)")
    parser.add_argument(
        "--store", help="the shared model store, a folder or URL (default: the repository's model_store/)"
    )
    parser.add_argument("--run-dir", help="folder for the generated HAProxy configuration and the logs")
    arguments = parser.parse_args(argv)

    cluster = LocalCluster(
        replicas=arguments.replicas,
        port=arguments.port,
        host=arguments.host,
        ray=not arguments.no_ray,
        ray_address=arguments.ray_address,
        ray_port=arguments.ray_port,
        ray_cpus=arguments.ray_cpus,
        store=arguments.store,
        run_dir=arguments.run_dir,
    )
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    try:
        print(f"Starting {arguments.replicas} replicas ...", flush=True)
        with cluster:
            print(cluster.describe(), flush=True)
            print("Ctrl+C stops everything started here.", flush=True)
            cluster.supervise()
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped: the balancer, the replicas" + (" and the Ray head." if cluster.start_ray_head else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
