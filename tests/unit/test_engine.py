"""core.training.engine: shared jobs, a bounded FIFO queue, watchers that stop and expire, the live log, NaN handling,
the model store behind it (hits, broken files, unwritable folders) and reproducibility. Tiny configs, a few seconds
each.
"""

import os
import re
import threading
import time

import numpy as np
import pytest

from core import settings
from core.data.datasets import DatasetUnavailable
from core.training import blocks, registry
from core.training import engine as engine_module
from core.training.config import LayerSpec, TrainConfig, default_config
from core.training.engine import TrainingEngine, get_engine
from core.training.jobs import JobSnapshot
from core.training.model_store import ModelStore
from core.training.task import Task, TaskData
from tests.helpers import wait_until

# Finishes in a second or two.
SMALL = default_config("toy_2d", n_samples=120, epochs=4, batch_size=16)
# Runs long enough to watch, stop and queue behind (each test stops it).
LONG = default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8)


def wait_until_training(handle):
    """Running is not enough: a job first loads its data; wait for its first logged batch."""
    wait_until(lambda: handle.snapshot().batches_per_epoch is not None)
    assert handle.queue_position == 0


@pytest.fixture
def make_engine(tmp_path):
    engines = []

    def make(store_directory=None, **options):
        store = ModelStore(store_directory or tmp_path / "store")
        engine = TrainingEngine(store=store, **options)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.shutdown(timeout=60)


@pytest.fixture
def extra_task():
    """Registers throw-away tasks for a test and removes them afterwards."""
    added = []

    def register(name, load_data, **overrides):
        def build(config, data):
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
            model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse")
            return model

        task = Task(
            name=name,
            kind="regression",
            datasets=("points",),
            default_dataset="points",
            defaults={
                "architecture": (),
                "optimizer": "sgd",
                "learning_rate": 0.01,
                "batch_size": 4,
                "epochs": 2,
                "validation_split": 0.0,
            },
            options=frozenset(),
            load_data=load_data,
            build_model=build,
            evaluate=lambda model, data: {"mae": 0.0},
            **overrides,
        )
        registry.add_task(task, replace=True)
        added.append(name)
        return task

    yield register
    for name in added:
        registry.remove_task(name)


def points(x):
    x = np.asarray(x, dtype=np.float32).reshape(-1, 1)
    return TaskData(x, x.copy(), None, None, x, x.copy(), (1,), (), "test points")


def store_files(engine):
    directory = engine.store.directory
    return sorted(os.listdir(directory)) if directory.is_dir() else []


# ---------------------------------------------------------------------------------------------------------------
# Sharing, queueing, the bound on workers
# ---------------------------------------------------------------------------------------------------------------


def test_twenty_simultaneous_requests_start_one_training(make_engine):
    engine = make_engine(max_workers=2)
    barrier = threading.Barrier(20)
    handles = [None] * 20

    def visitor(index):
        barrier.wait()
        handles[index] = engine.request(SMALL, watcher_id=f"visitor-{index}")

    threads = [threading.Thread(target=visitor, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    snapshots = [handle.wait(timeout=120) for handle in handles]
    assert engine.trainings_started == 1
    assert {snapshot.state for snapshot in snapshots} == {"finished"}
    assert {handle.key for handle in handles} == {SMALL.key}
    assert len({id(handle.model) for handle in handles}) == 1
    assert all(snapshot.test_metrics == snapshots[0].test_metrics for snapshot in snapshots)


def test_queue_is_first_in_first_out_and_bounded(make_engine):
    engine = make_engine(max_workers=1)
    first = engine.request(LONG, "teacher")
    wait_until_training(first)
    second = engine.request(SMALL, "teacher")
    third = engine.request(SMALL.replace(seed=1), "teacher")
    assert second.queue_position == 1 and second.state == "queued"
    assert third.queue_position == 2
    assert "1 other training before this one" in third.snapshot().message
    assert [job.key for job in engine.jobs()] == [first.key, second.key, third.key]
    assert [job.queue_position for job in engine.jobs()] == [0, 1, 2]

    first.stop()
    assert second.wait(timeout=120).state == "finished"
    assert third.wait(timeout=120).state == "finished"
    assert first.snapshot().state == "stopped"
    assert engine.started_keys() == [first.key, second.key, third.key]
    assert second.snapshot().queue_position is None


def test_a_queued_job_whose_only_watcher_stops_is_dropped(make_engine):
    engine = make_engine(max_workers=1)
    running = engine.request(LONG, "a")
    wait_until_training(running)
    queued = engine.request(SMALL, "b")
    queued.stop()
    snapshot = queued.snapshot()
    assert snapshot.state == "stopped" and snapshot.reason == "no_watchers"
    assert [job.key for job in engine.jobs()] == [running.key]
    running.stop()
    running.wait(timeout=60)
    assert engine.trainings_started == 1
    assert store_files(engine) == []


def test_concurrency_bound_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.MAX_TRAINING_JOBS_ENV, "3")
    engine = TrainingEngine(store=ModelStore(tmp_path))
    assert engine.max_workers == 3
    monkeypatch.setenv(settings.MAX_TRAINING_JOBS_ENV, "0")
    with pytest.raises(ValueError, match="DASHBOARD_MAX_TRAINING_JOBS"):
        TrainingEngine(store=ModelStore(tmp_path))


# ---------------------------------------------------------------------------------------------------------------
# Watchers: Stop and expiry
# ---------------------------------------------------------------------------------------------------------------


def test_a_stop_only_cancels_when_nobody_else_watches(make_engine):
    engine = make_engine()
    alice = engine.request(LONG, "alice")
    bob = engine.request(LONG, "bob")
    assert alice.key == bob.key
    wait_until(lambda: bob.snapshot().epoch >= 1)

    alice.stop()
    time.sleep(0.6)
    seen_by_bob = bob.snapshot()
    assert seen_by_bob.state == "running" and seen_by_bob.watchers == 1
    seen_by_alice = alice.snapshot()  # a late read after Stop does not bring Alice back
    assert not seen_by_alice.watching and seen_by_alice.watchers == 1

    bob.stop()
    final = bob.wait(timeout=60)
    assert final.state == "stopped" and final.reason == "no_watchers"
    assert final.epoch < LONG.epochs
    assert bob.model is None
    assert store_files(engine) == []  # a stopped job writes nothing
    assert engine.trainings_started == 1

    again = engine.request(LONG, "carol")  # a new request after the stop starts afresh
    assert again.snapshot().state in ("queued", "running")
    assert engine.release(LONG.key, "carol") is True
    again.wait(timeout=60)
    assert engine.release(LONG.key, "carol") is False


def test_a_watcher_that_stops_reading_expires(make_engine):
    engine = make_engine(watcher_timeout_s=1.0)
    closed_tab = engine.request(LONG, "closed-tab")
    wait_until(lambda: closed_tab.snapshot(heartbeat=False).state == "stopped", timeout=60)
    snapshot = closed_tab.snapshot(heartbeat=False)
    assert snapshot.reason == "no_watchers" and "nobody is watching" in snapshot.message
    assert store_files(engine) == []


def test_one_reading_watcher_keeps_the_job_alive(make_engine):
    engine = make_engine(watcher_timeout_s=1.5)
    present = engine.request(LONG, "present")
    engine.request(LONG, "gone")
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        snapshot = present.snapshot()
        time.sleep(0.2)
    assert snapshot.state == "running"
    assert snapshot.watchers == 1
    present.stop()
    assert present.wait(timeout=60).state == "stopped"


def test_a_queued_job_nobody_reads_is_dropped(make_engine):
    engine = make_engine(max_workers=1, watcher_timeout_s=1.0)
    running = engine.request(LONG, "present")
    wait_until(lambda: running.queue_position == 0)
    ghost = engine.request(SMALL, "ghost")
    deadline = time.monotonic() + 1.3
    while time.monotonic() < deadline:  # the running job's visitor keeps reading it; nobody reads the ghost
        running.snapshot()
        time.sleep(0.1)
    engine.request(SMALL.replace(seed=3), "present")  # any request sweeps the queue
    assert ghost.snapshot(heartbeat=False).state == "stopped"
    running.stop()
    running.wait(timeout=60)


def test_request_checks_its_arguments(make_engine):
    engine = make_engine()
    with pytest.raises(ValueError, match="TrainConfig"):
        engine.request({"task": "toy_2d"}, "w")
    with pytest.raises(ValueError, match="watcher_id"):
        engine.request(SMALL, "")


# ---------------------------------------------------------------------------------------------------------------
# The live log
# ---------------------------------------------------------------------------------------------------------------


def test_the_log_has_batches_epochs_eta_and_artefacts(make_engine):
    engine = make_engine(log_interval_s=0.0)
    config = SMALL.replace(epochs=6)
    handle = engine.request(config, "w")
    seen: list[JobSnapshot] = []
    while not handle.done:
        seen.append(handle.snapshot())
        time.sleep(0.02)
    final = handle.snapshot()
    running = [snapshot for snapshot in seen if snapshot.state == "running" and snapshot.batches_per_epoch]
    assert running, "no running snapshot was seen"
    assert any(snapshot.last_batch_metrics.get("loss") is not None for snapshot in running)
    assert all(snapshot.queue_position == 0 for snapshot in running)

    assert final.state == "finished" and final.reason == "trained" and final.stored is True
    assert final.epoch == final.total_epochs == 6
    assert final.batches_per_epoch == -(-round(120 * 0.8 * 0.8) // 16)
    assert set(final.history) >= {"loss", "accuracy", "val_loss", "val_accuracy", "epoch_seconds"}
    assert all(len(values) == 6 for values in final.history.values())
    assert final.progress == 1.0 and final.eta_s == 0.0 and final.elapsed_s > 0
    assert [epoch for epoch, _ in final.artifacts] == [1, 2, 3, 4, 5, 6]
    assert final.latest_artifact["probabilities"].shape[-1] == 2
    assert final.test_metrics["accuracy"] >= 0.5 and len(final.test_metrics["confusion_matrix"]) == 2
    assert final.timings["train_seconds"] > 0
    assert "toy set" in final.data_description
    with pytest.raises(TypeError):
        final.history["loss"] = ()  # snapshots are read-only
    assert handle.model is not None and handle.metadata["config"] == config.to_dict()


# ---------------------------------------------------------------------------------------------------------------
# Divergence and errors: a sentence for the page, the traceback elsewhere
# ---------------------------------------------------------------------------------------------------------------

DIVERGED = re.compile(
    r"^The loss (became NaN|became infinite|exploded \(it reached [0-9.e+]+\)) at epoch \d+, batch \d+: "
    r"the learning rate \([0-9.]+\) is probably too high; try [0-9.e-]+\.$"
)


def test_a_huge_learning_rate_fails_with_a_plain_message(make_engine):
    engine = make_engine()
    config = default_config("linear_identity", learning_rate=10.0)
    snapshot = engine.request(config, "w").wait(timeout=60)
    assert snapshot.state == "failed"
    assert DIVERGED.match(snapshot.message), snapshot.message
    assert "(10.0)" in snapshot.message and "try 0.05." in snapshot.message
    assert snapshot.reason in ("nan_loss", "exploding_loss")
    assert snapshot.details["learning_rate"] == 10.0 and snapshot.details["suggested_learning_rate"] == 0.05
    assert "Traceback" not in snapshot.message and snapshot.error is None
    assert store_files(engine) == []  # a failed job writes nothing

    regression = engine.request(default_config("regression", learning_rate=50.0, optimizer="sgd"), "w").wait(60)
    assert regression.state == "failed" and DIVERGED.match(regression.message), regression.message


def test_a_nan_loss_names_the_epoch_and_batch(make_engine, extra_task):
    extra_task("nan_points", lambda config: points([1.0, 2.0, 3.0, np.nan, 5.0, 6.0]))
    engine = make_engine()
    config = TrainConfig(task="nan_points", learning_rate=0.5, batch_size=2, epochs=3)
    snapshot = engine.request(config, "w").wait(timeout=60)
    assert snapshot.state == "failed" and snapshot.reason == "nan_loss"
    assert re.match(
        r"^The loss became NaN at epoch 1, batch [1-3]: the learning rate \(0\.5\) is probably too high; "
        r"try 0\.01\.$",
        snapshot.message,
    ), snapshot.message


def test_an_unavailable_data_set_fails_with_its_own_sentence(make_engine, extra_task):
    def unavailable(config):
        raise DatasetUnavailable("CIFAR-10 needs a download and this server is offline.")

    extra_task("needs_download", unavailable)
    snapshot = make_engine().request(TrainConfig(task="needs_download"), "w").wait(timeout=60)
    assert snapshot.state == "failed" and snapshot.reason == "dataset_unavailable"
    assert snapshot.message == "CIFAR-10 needs a download and this server is offline."


def test_an_unexpected_error_keeps_the_traceback_out_of_the_message(make_engine, extra_task):
    def broken(config):
        raise RuntimeError("bug in a loader")

    extra_task("broken", broken)
    engine = make_engine()
    snapshot = engine.request(TrainConfig(task="broken"), "w").wait(timeout=60)
    assert snapshot.state == "failed" and snapshot.reason == "internal_error"
    assert "Traceback" not in snapshot.message and "RuntimeError" in snapshot.message
    assert "Traceback" in snapshot.error and "bug in a loader" in snapshot.error
    # The worker survives and trains the next job.
    assert engine.request(SMALL, "w").wait(timeout=120).state == "finished"


# ---------------------------------------------------------------------------------------------------------------
# The store behind the engine
# ---------------------------------------------------------------------------------------------------------------


def test_a_stored_config_is_served_without_training(make_engine, tmp_path):
    trained = make_engine().request(SMALL, "first").wait(timeout=120)
    assert trained.state == "finished" and trained.from_store is False

    engine = make_engine(tmp_path / "store")  # a fresh process: new engine, new store object, same folder
    started = time.perf_counter()
    handle = engine.request(SMALL, "second")
    seconds = time.perf_counter() - started
    snapshot = handle.snapshot()
    assert handle.done and snapshot.state == "finished" and snapshot.from_store and snapshot.reason == "from_store"
    assert engine.trainings_started == 0 and engine.store.loads_from_disk == 1
    assert snapshot.test_metrics == trained.test_metrics
    assert snapshot.history == trained.history
    assert snapshot.queue_position is None
    assert snapshot.latest_artifact is not None  # the decision boundary, recomputed from the stored model
    assert seconds < 5
    x = np.zeros((1, 2), dtype="float32")
    assert handle.model(x).shape == (1, 2)

    again = engine.request(SMALL, "third")  # from memory now
    assert again.model is handle.model and engine.store.loads_from_disk == 1


def test_a_truncated_model_file_is_retrained(make_engine, tmp_path):
    make_engine().request(SMALL, "w").wait(timeout=120)
    model_file = ModelStore(tmp_path / "store").model_path(SMALL.key)  # the file the entry's JSON names
    content = model_file.read_bytes()
    model_file.write_bytes(content[: len(content) // 3])

    engine = make_engine(tmp_path / "store")
    snapshot = engine.request(SMALL, "w").wait(timeout=120)
    assert snapshot.state == "finished" and not snapshot.from_store
    assert engine.trainings_started == 1
    assert ModelStore(tmp_path / "store").load(SMALL.key) is not None  # whole again


def test_an_unwritable_store_still_finishes_and_says_so(make_engine, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("the store path runs through a file: nobody can create it")
    engine = make_engine(blocker / "models")
    handle = engine.request(SMALL, "w")
    snapshot = handle.wait(timeout=120)
    assert snapshot.state == "finished" and snapshot.stored is False
    assert "could not be kept" in snapshot.message
    assert handle.model is not None
    # Other visitors of this process still get it without training again.
    second = engine.request(SMALL, "other")
    assert second.snapshot().state == "finished" and engine.trainings_started == 1


def test_the_same_config_reproduces_its_numbers(make_engine, tmp_path):
    config = SMALL.replace(epochs=5, seed=11)
    first = make_engine(tmp_path / "one").request(config, "w").wait(timeout=120)
    second = make_engine(tmp_path / "two").request(config, "w").wait(timeout=120)
    assert first.state == second.state == "finished"
    assert first.test_metrics["accuracy"] == second.test_metrics["accuracy"]
    assert first.test_metrics["loss"] == second.test_metrics["loss"]
    assert first.history["loss"] == second.history["loss"]
    other_seed = make_engine(tmp_path / "three").request(config.replace(seed=12), "w").wait(timeout=120)
    assert other_seed.history["loss"] != first.history["loss"]


def test_get_engine_is_one_engine_per_process(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_MODEL_STORE", str(tmp_path / "default-store"))
    engine_module.shutdown_engine()  # whatever an earlier test made: the next get_engine() starts afresh
    found = []
    barrier = threading.Barrier(16)

    def call():
        barrier.wait()
        found.append(get_engine())

    threads = [threading.Thread(target=call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len({id(engine) for engine in found}) == 1
        assert found[0].max_workers == settings.DEFAULT_MAX_TRAINING_JOBS
        assert found[0].store.directory == tmp_path / "default-store"
        assert engine_module.engine_started()
    finally:
        engine_module.shutdown_engine()
    assert not engine_module.engine_started()  # forgotten: the next get_engine() makes a fresh one


def test_shutdown_stops_running_and_queued_jobs(make_engine):
    engine = make_engine(max_workers=1)
    running = engine.request(LONG, "w")
    queued = engine.request(LONG.replace(seed=5), "w")
    wait_until(lambda: running.queue_position == 0)
    engine.shutdown(timeout=60)
    assert running.snapshot().state == "stopped" and queued.snapshot().state == "stopped"
    with pytest.raises(RuntimeError, match="shut down"):
        engine.request(SMALL, "w")


def test_layer_specs_reach_the_trained_model(make_engine):
    config = SMALL.replace(architecture=(LayerSpec.dense(5, "tanh"), LayerSpec.dropout(0.1)))
    handle = make_engine().request(config, "w")
    handle.wait(timeout=120)
    dense = [layer for layer in handle.model.layers if type(layer).__name__ == "Dense"]
    assert dense[0].units == 5 and dense[0].get_config()["activation"] == "tanh"


def bundle_of(source_store: ModelStore, directory, config) -> None:
    """A one-model bundle made from a stored model, the way ``python -m core.prewarm --bundle`` writes one."""
    stored = source_store.load(config.key)
    record = {
        "command": "python -m core.prewarm --bundle",
        "built_at": "2026-01-02T03:04:05+00:00",
        "data": "Toy points",
    }
    ModelStore(directory, bundle=None).save(config.key, stored.model, {**stored.metadata, "bundle": record})


def test_a_bundled_model_is_served_at_once_and_says_where_it_came_from(make_engine, tmp_path):
    first = make_engine()
    first.request(SMALL, "w").wait(timeout=120)
    bundle_of(first.store, tmp_path / "bundle", SMALL)

    engine = TrainingEngine(store=ModelStore(tmp_path / "empty-store", bundle=tmp_path / "bundle"))
    try:
        handle = engine.request(SMALL, "visitor")
        snapshot = handle.snapshot()
        assert handle.done and snapshot.from_store and engine.trainings_started == 0
        assert snapshot.details["bundled"] and snapshot.details["bundle_command"] == "python -m core.prewarm --bundle"
        assert snapshot.details["created_at"].startswith("2026-01-02")
        assert "bundled with the app" in snapshot.message and "Toy points" in snapshot.message
        assert not (tmp_path / "empty-store").exists()  # nothing written
    finally:
        engine.shutdown(timeout=60)


def test_train_again_live_trains_a_stored_model_and_replaces_it(make_engine, tmp_path):
    trained = make_engine().request(SMALL, "w").wait(timeout=120)
    engine = make_engine(tmp_path / "store")  # a later visit: the model is stored
    assert engine.request(SMALL, "w").snapshot().from_store and engine.trainings_started == 0
    handle = engine.request(SMALL, "w", retrain=True)
    assert not handle.snapshot().from_store
    again = handle.wait(timeout=120)
    assert again.state == "finished" and not again.from_store and engine.trainings_started == 1
    assert again.history["loss"] == trained.history["loss"]  # the same seed: the same lesson, watched live
    assert make_engine(tmp_path / "store").request(SMALL, "later").snapshot().from_store


# ---------------------------------------------------------------------------------------------------------------
# The store on S3 (moto's server, tests/conftest.py), shared by servers and their training processes
# ---------------------------------------------------------------------------------------------------------------


def test_a_store_on_s3_is_written_by_the_training_process_and_read_by_every_server(s3_endpoint, monkeypatch):
    import json
    import uuid

    import s3fs

    from core.training import workers
    from tests.conftest import S3_BUCKET

    # Spare training processes started by earlier tests predate the fixture's (fake) AWS credentials; a server sets
    # its environment before it starts any, and they inherit it.
    workers.stop_all_workers()
    location = f"s3://{S3_BUCKET}/{uuid.uuid4().hex[:12]}/engine"
    monkeypatch.setenv(settings.MODEL_STORE_OPTIONS_ENV, json.dumps({"endpoint_url": s3_endpoint}))
    engines = [TrainingEngine(store=ModelStore(location), max_workers=1) for _ in range(2)]
    try:
        snapshot = engines[0].request(SMALL, "w").wait(timeout=180)
        assert snapshot.state == "finished" and snapshot.stored is True
        assert engines[0].store.loads_from_disk == 1  # written by the training process, read back from S3
        other_server = engines[1].request(SMALL, "v")
        assert other_server.snapshot().from_store and engines[1].trainings_started == 0

        fs = s3fs.S3FileSystem(endpoint_url=s3_endpoint)
        prefix = location.removeprefix("s3://")
        fs.pipe_file(f"{prefix}/{SMALL.key}.json", b'{"format": 1, "key": ')  # a broken object: a miss, retrained
        engines.append(TrainingEngine(store=ModelStore(location), max_workers=1))
        again = engines[2].request(SMALL, "w").wait(timeout=180)
        assert again.state == "finished" and not again.from_store and again.stored is True
        assert engines[2].trainings_started == 1
        assert ModelStore(location).load(SMALL.key) is not None
    finally:
        for engine in engines:
            engine.shutdown(timeout=60)
