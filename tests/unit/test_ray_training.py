"""Training on a Ray cluster (core.training.ray_jobs, ray_link): two servers (two engines, each with its own link
processes, as two replicas have) share one real Ray head started for this module and one store folder.

What a visitor would notice: twenty Train presses spread over both servers train once and both get the model; a Stop
on one server leaves the training to the other's visitors; a server that dies mid-training costs nothing (the other
joins the same training, the model is stored once); a cluster that cannot be reached says so within seconds while
stored models still load.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from core import settings
from core.training import ray_jobs
from core.training.config import default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from tests.helpers import REPO_ROOT, wait_until
from tests.ray_head import free_port, ray_head

pytest.importorskip("ray")

SMALL = default_config("toy_2d", n_samples=120, epochs=4, batch_size=16, seed=11)
LONG = default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8, seed=12)


@pytest.fixture(scope="module")
def head():
    with ray_head() as address:
        yield address


@pytest.fixture
def servers(head, tmp_path):
    """Two engines ("replicas") on the cluster, one shared store folder."""
    engines = [TrainingEngine(store=ModelStore(tmp_path / "store"), ray_address=head, max_workers=2) for _ in range(2)]
    yield engines
    for engine in engines:
        engine.shutdown(timeout=60)


def trainings_of(head: str, key: str) -> list[dict]:
    """The cluster's record of trainings started for ``key`` (asked as the home page asks)."""
    answer = subprocess.run(
        [sys.executable, "-m", "core.training.ray_link", "--describe", head],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(REPO_ROOT),
        check=True,
    )
    facts = json.loads(answer.stdout.strip().splitlines()[-1])
    assert facts["reachable"], facts
    return [entry for entry in facts["trainings"] if entry["key"] == key]


def done(handle) -> bool:
    return handle.snapshot().state in ("finished", "failed", "stopped")


def test_twenty_presses_on_two_servers_train_once_and_both_get_the_model(head, servers):
    handles = []
    lock = threading.Lock()

    def press(index: int) -> None:
        handle = servers[index % 2].request(SMALL, watcher_id=f"attendee-{index}")
        with lock:
            handles.append(handle)

    presses = [threading.Thread(target=press, args=(index,)) for index in range(20)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    wait_until(lambda: all(done(handle) for handle in handles), timeout=240, interval=0.5)

    snapshots = [handle.snapshot() for handle in handles]
    assert {snapshot.state for snapshot in snapshots} == {"finished"}, {s.message for s in snapshots}
    assert len(trainings_of(head, SMALL.key)) == 1
    points = np.zeros((3, 2), dtype="float32")
    first, second = (servers[0].request(SMALL, "later-0").model, servers[1].request(SMALL, "later-1").model)
    np.testing.assert_allclose(first.predict(points, verbose=0), second.predict(points, verbose=0), rtol=1e-5)
    assert len(servers[0].store.entries()) == 1
    # The live log crossed over too: the curves a visitor watched.
    assert len(snapshots[0].history["loss"]) == SMALL.epochs


def test_a_stop_on_one_server_leaves_the_training_to_the_other(head, servers):
    first = servers[0].request(LONG, watcher_id="a")
    second = servers[1].request(LONG, watcher_id="b")
    wait_until(lambda: second.snapshot().epoch >= 1, timeout=180, interval=0.25)

    first.stop()
    wait_until(lambda: first.snapshot().state == "stopped", timeout=15)
    epoch = second.snapshot().epoch
    wait_until(lambda: second.snapshot().epoch > epoch + 1, timeout=60)  # it trains on for the other server
    assert second.snapshot().state == "running"

    second.stop()
    wait_until(lambda: second.snapshot().state == "stopped", timeout=15)
    assert not servers[0].store.contains(LONG.key)  # a stopped training stores nothing

    # Nobody held it any more, so it stopped: Train again starts a new training rather than joining a dead one.
    again = servers[0].request(LONG, watcher_id="a")
    wait_until(lambda: again.snapshot().epoch >= 1, timeout=180, interval=0.25)
    assert len(trainings_of(head, LONG.key)) == 2
    again.stop()
    wait_until(lambda: done(again), timeout=15)


def test_a_server_that_dies_mid_training_costs_nothing(head, servers):
    config = default_config("toy_2d", n_samples=400, epochs=12, batch_size=8, seed=13)
    first = servers[0].request(config, watcher_id="a")
    wait_until(lambda: first.snapshot().epoch >= 1, timeout=180, interval=0.25)
    # The first server's link dies as it would with its replica (SIGKILL): its visitors come back on the other.
    links = [slot.worker for slot in servers[0]._slots if slot.worker is not None and slot.worker.kind == "ray"]
    for link in links:
        link.process.kill()
    wait_until(lambda: done(first), timeout=20)

    second = servers[1].request(config, watcher_id="a-again")
    wait_until(lambda: done(second), timeout=240, interval=0.5)
    assert second.snapshot().state == "finished", second.snapshot().message
    assert len(trainings_of(head, config.key)) == 1  # it joined the training under way, not a new one
    assert len(second.snapshot().history["loss"]) == config.epochs  # with the curves from the start
    assert [entry.key for entry in servers[1].store.entries()] == [config.key]


def test_an_uploaded_table_travels_with_its_job_to_the_cluster(head, servers):
    import pandas as pd

    from core.data import uploads
    from core.lessons.stocks import stock_lstm

    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {"Close": 20 + np.cumsum(rng.normal(0, 0.5, 200)).clip(-15)},
        index=pd.bdate_range("2015-01-01", periods=200, name="Date"),
    )
    config = stock_lstm.upload_config(uploads.keep_upload(frame, "mine.csv"), epochs=1, units=4)
    handle = servers[0].request(config, watcher_id="w")
    wait_until(lambda: done(handle), timeout=240, interval=0.5)
    snapshot = handle.snapshot()
    assert snapshot.state == "finished", snapshot.message
    assert "mine.csv" in snapshot.data_description  # trained on the visitor's file, which no node had on disk
    assert len(trainings_of(head, config.key)) == 1


def test_an_unreachable_cluster_says_so_within_seconds_and_stored_models_still_load(tmp_path):
    store = tmp_path / "store"
    local = TrainingEngine(store=ModelStore(store), ray_address=None)
    try:
        trained = local.request(SMALL, "w")
        wait_until(lambda: done(trained), timeout=180)
    finally:
        local.shutdown(timeout=60)

    engine = TrainingEngine(store=ModelStore(store), ray_address=f"127.0.0.1:{free_port()}")
    try:
        started = time.monotonic()
        missing = engine.request(LONG, watcher_id="w")
        wait_until(lambda: done(missing), timeout=30)
        snapshot = missing.snapshot()
        assert snapshot.state == "failed"
        assert snapshot.reason == "cluster_unavailable"
        assert "cannot be reached" in snapshot.message
        assert time.monotonic() - started < 20  # a link's start, then the port's answer (2 s), never Ray's minute

        stored = engine.request(SMALL, watcher_id="w")
        assert stored.snapshot().state == "finished" and stored.model is not None
    finally:
        engine.shutdown(timeout=60)


@pytest.mark.parametrize(
    ("cluster_gpus", "cpus", "gpus", "expected"),
    [
        (0.0, 1.0, "auto", {"num_cpus": 1.0, "num_gpus": 0.0}),  # a CPU-only cluster: never ask for a GPU
        (4.0, 1.0, "auto", {"num_cpus": 1.0, "num_gpus": 1.0}),  # GPUs there: each job asks for one
        (4.0, 2.0, "0", {"num_cpus": 2.0, "num_gpus": 0.0}),
        (0.0, 1.0, "0.5", {"num_cpus": 1.0, "num_gpus": 0.5}),
    ],
)
def test_a_job_asks_for_a_gpu_only_where_there_is_one(cluster_gpus, cpus, gpus, expected):
    assert ray_jobs.job_resources(cluster_gpus, cpus, gpus) == expected


def test_the_ray_settings(monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.delenv("DASHBOARD_RAY_ADDRESS", raising=False)
    assert settings.ray_address() is None
    assert settings.max_training_jobs() == 1
    monkeypatch.setenv("RAY_ADDRESS", "ray-head:6379")
    assert settings.ray_address() == "ray-head:6379"
    assert settings.max_training_jobs() == 4
    monkeypatch.setenv("DASHBOARD_RAY_ADDRESS", "none")
    assert settings.ray_address() is None
    for bad in ("auto", "ray-head", "ray-head:port"):
        monkeypatch.setenv("DASHBOARD_RAY_ADDRESS", bad)
        with pytest.raises(settings.SettingError, match="DASHBOARD_RAY_ADDRESS"):
            settings.ray_address()
    monkeypatch.setenv("DASHBOARD_RAY_GPUS_PER_JOB", "-1")
    with pytest.raises(settings.SettingError, match="DASHBOARD_RAY_GPUS_PER_JOB"):
        settings.ray_gpus_per_job()


def test_a_head_that_dies_mid_training_fails_the_job_within_seconds(tmp_path):
    from deploy.cluster import RayHead

    head = RayHead(free_port(), 2, tmp_path / "ray_head.log")
    head.start()
    engine = TrainingEngine(store=ModelStore(tmp_path / "store"), ray_address=head.address)
    try:
        handle = engine.request(LONG, watcher_id="w")
        wait_until(lambda: handle.snapshot().epoch >= 1, timeout=180, interval=0.25)
        head.stop()  # the whole cluster gone at once: head, raylet, the job's actor and its worker
        stopped_at = time.monotonic()
        wait_until(lambda: done(handle), timeout=60, interval=0.25)
        assert time.monotonic() - stopped_at < 30
        snapshot = handle.snapshot()
        assert snapshot.state == "failed"
        assert snapshot.reason in ("cluster_unavailable", "worker_died"), snapshot.message
        # The next Train says so at once (a fresh link finds nothing at the head's port).
        again = engine.request(SMALL, watcher_id="w")
        wait_until(lambda: done(again), timeout=30)
        assert again.snapshot().reason == "cluster_unavailable"
    finally:
        engine.shutdown(timeout=60)
        head.stop()
