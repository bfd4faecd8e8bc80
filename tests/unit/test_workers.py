"""core.training.workers and the engine's supervision of them: every job trains in a training process of its own,
started on first need and reused, replaced after a number of jobs or past a memory bound, killed when a Stop is not
answered, failed with a sentence when it dies or hangs, ended with the server, and handed a visitor's upload over
its pipe only. Tiny configs; most tests reuse a warm process (the spares an engine leaves behind).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from core.data import uploads
from core.training import blocks, registry, workers
from core.training.config import TrainConfig, default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from core.training.task import Task, TaskData
from tests.helpers import REPO_ROOT, wait_until

# Finishes in a second or two.
SMALL = default_config("toy_2d", n_samples=120, epochs=4, batch_size=16)
# Runs long enough to watch, stop and kill (each test ends it).
LONG = default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8)

DIED = "The training process stopped unexpectedly; press Train to try again."


@pytest.fixture
def make_engine(tmp_path):
    engines = []

    def make(**options):
        engine = TrainingEngine(store=ModelStore(tmp_path / "store"), **options)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.shutdown(timeout=60)


def points(values) -> TaskData:
    x = np.asarray(values, dtype=np.float32).reshape(-1, 1)
    return TaskData(x, x.copy(), None, None, x, x.copy(), (1,), (), "test points")


def build_tiny_model(config, data):
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
    model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse")
    return model


@pytest.fixture
def extra_task():
    """Registers throw-away tasks (they reach the training process by value) and removes them afterwards."""
    added = []

    def register(name, load_data, evaluate=None, **overrides):
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
            build_model=build_tiny_model,
            evaluate=evaluate or (lambda model, data: {"rows": len(data.x_train)}),
            **overrides,
        )
        registry.add_task(task, replace=True)
        added.append(name)
        return task

    yield register
    for name in added:
        registry.remove_task(name)


def worker_pids(engine) -> list[int]:
    return [worker["pid"] for worker in engine.workers()]


def only_pid(engine) -> int:
    pids = worker_pids(engine)
    assert len(pids) == 1, engine.workers()
    return pids[0]


def is_gone(pid: int) -> bool:
    """The process has ended and been reaped: no such pid any more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def has_ended(pid: int) -> bool:
    """The process is not running: gone, or a zombie waiting for a parent that is not ours to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def wait_until_training(handle) -> None:
    """Running is not enough: a job first loads its data; wait for its first logged batch."""
    wait_until(lambda: handle.snapshot().batches_per_epoch is not None)
    assert handle.queue_position == 0


def assert_nothing_stored(engine, key: str) -> None:
    assert not engine.store.contains(key)
    directory = engine.store.directory
    names = os.listdir(directory) if directory.is_dir() else []
    assert not [name for name in names if key in name], names


def pid_in(marker: Path) -> int:
    """The pid a job's ``load_data`` wrote to ``marker`` as it started (the test waits for it)."""
    wait_until(lambda: marker.exists() and marker.read_text().strip(), timeout=90)
    return int(marker.read_text())


# ---------------------------------------------------------------------------------------------------------------
# The pool: started on first need, reused, one process per slot, spares shared between engines
# ---------------------------------------------------------------------------------------------------------------


def test_one_process_is_started_on_first_need_and_reused_across_jobs(make_engine):
    engine = make_engine(max_workers=1)
    assert engine.workers() == []  # nothing started before a job needs it

    first = engine.request(SMALL, "w").wait(timeout=120)
    assert first.state == "finished"
    pid = only_pid(engine)
    assert pid != os.getpid()  # the test process (the web server's stand-in) did not train
    jobs_after_one = engine.workers()[0]["jobs"]

    second = engine.request(SMALL.replace(seed=1), "w").wait(timeout=120)
    assert second.state == "finished"
    assert only_pid(engine) == pid
    assert engine.workers()[0]["jobs"] == jobs_after_one + 1
    assert engine.workers()[0]["ready"] and engine.workers()[0]["resident_mb"] > 0


def test_two_slots_train_two_jobs_at_once_in_two_processes(make_engine):
    engine = make_engine(max_workers=2)
    first = engine.request(LONG, "w")
    second = engine.request(LONG.replace(seed=1), "w")
    wait_until_training(first)
    wait_until_training(second)
    epochs = (first.snapshot().epoch, second.snapshot().epoch)
    wait_until(lambda: first.snapshot().epoch > epochs[0] and second.snapshot().epoch > epochs[1])  # both advance

    pids = worker_pids(engine)
    assert len(pids) == 2 and len(set(pids)) == 2 and os.getpid() not in pids
    assert all(not is_gone(pid) for pid in pids)
    first.stop()
    second.stop()
    assert first.wait(timeout=30).state == "stopped" and second.wait(timeout=30).state == "stopped"


def test_a_second_engine_reuses_an_idle_process_of_the_first(make_engine):
    first_engine = make_engine(max_workers=1)
    assert first_engine.request(SMALL.replace(seed=2), "w").wait(timeout=120).state == "finished"
    pid = only_pid(first_engine)
    first_engine.shutdown(timeout=60)
    assert not is_gone(pid)  # kept as a spare, not ended
    idle = {worker.pid for worker in workers.live_workers()}
    assert pid in idle

    second_engine = make_engine(max_workers=1)
    assert second_engine.request(SMALL.replace(seed=3), "w").wait(timeout=120).state == "finished"
    reused = only_pid(second_engine)
    assert reused in idle  # no new process: a warm one, TensorFlow already imported
    assert second_engine.workers()[0]["jobs"] >= 2


def test_a_tab_closed_while_the_process_starts_stops_the_job_before_it_trains(make_engine):
    workers.stop_all_workers()  # a cold start: the process takes seconds to import TensorFlow
    engine = make_engine(max_workers=1, watcher_timeout_s=1.0)
    handle = engine.request(LONG.replace(seed=17), "closed-tab")  # read once, never again
    wait_until(lambda: handle.snapshot(heartbeat=False).state == "stopped", timeout=60)
    snapshot = handle.snapshot(heartbeat=False)
    assert snapshot.reason == "no_watchers" and "nobody is watching" in snapshot.message
    assert engine.trainings_started == 0  # it never reached the training process


# ---------------------------------------------------------------------------------------------------------------
# Recycling: after a number of jobs, or once its memory passed a bound
# ---------------------------------------------------------------------------------------------------------------


def test_a_process_is_replaced_after_its_number_of_jobs(make_engine):
    workers.stop_all_workers()  # no spare with jobs of its own: the count starts at this test's first job
    engine = make_engine(max_workers=1, worker_max_jobs=2)
    assert engine.request(SMALL.replace(seed=4), "w").wait(timeout=120).state == "finished"
    pid = only_pid(engine)
    assert engine.request(SMALL.replace(seed=5), "w").wait(timeout=120).state == "finished"

    wait_until(lambda: is_gone(pid), timeout=30)  # two jobs done: it was retired
    third = engine.request(SMALL.replace(seed=6), "w").wait(timeout=120)
    assert third.state == "finished"
    assert only_pid(engine) != pid
    assert engine.workers()[0]["jobs"] == 1


def test_a_process_past_its_memory_bound_is_replaced_after_its_job(make_engine):
    engine = make_engine(max_workers=1, worker_max_mb=1)
    handle = engine.request(SMALL.replace(seed=7), "w")
    wait_until_training(handle)
    pid = only_pid(engine)
    assert handle.wait(timeout=120).state == "finished"

    wait_until(lambda: is_gone(pid), timeout=30)
    following = engine.request(SMALL.replace(seed=8), "w")
    wait_until_training(following)
    assert only_pid(engine) != pid
    assert following.wait(timeout=120).state == "finished"


# ---------------------------------------------------------------------------------------------------------------
# Stop: asked first, the process killed when it does not answer
# ---------------------------------------------------------------------------------------------------------------


def test_a_job_stuck_in_one_step_is_stopped_by_ending_its_process(make_engine, extra_task, tmp_path):
    marker = tmp_path / "stuck-started"

    def stuck(config):
        Path(marker).write_text(str(os.getpid()))
        time.sleep(60)  # one long native step: it never reads the stop flag
        return points([1.0, 2.0])

    extra_task("stuck_loader", stuck)
    engine = make_engine(max_workers=1)
    config = TrainConfig(task="stuck_loader")
    handle = engine.request(config, "w")
    pid = pid_in(marker)
    assert pid == only_pid(engine) != os.getpid()

    handle.stop()
    wait_until(lambda: handle.snapshot().state == "stopped", timeout=10)
    wait_until(lambda: is_gone(pid), timeout=10)
    assert pid not in worker_pids(engine)
    assert_nothing_stored(engine, config.key)
    assert engine.request(SMALL.replace(seed=10), "w").wait(timeout=120).state == "finished"
    assert only_pid(engine) != pid


def test_a_stop_between_batches_keeps_the_process(make_engine):
    engine = make_engine(max_workers=1)
    handle = engine.request(LONG.replace(seed=11), "w")
    wait_until(lambda: handle.snapshot().epoch >= 1)  # past the first steps, which trace the graphs
    pid = only_pid(engine)
    handle.stop()
    snapshot = handle.wait(timeout=30)
    assert snapshot.state == "stopped" and snapshot.epoch < LONG.epochs
    assert_nothing_stored(engine, handle.key)

    assert engine.request(SMALL.replace(seed=12), "w").wait(timeout=120).state == "finished"
    assert only_pid(engine) == pid and not is_gone(pid)


# ---------------------------------------------------------------------------------------------------------------
# Faults: a process that dies fails its job with a sentence, writes nothing, and is replaced
# ---------------------------------------------------------------------------------------------------------------


def assert_died_and_a_fresh_process_trains_next(engine, handle, pid: int) -> None:
    snapshot = handle.wait(timeout=30)
    assert snapshot.state == "failed"
    assert snapshot.reason == "worker_died"
    assert snapshot.message == DIED
    assert "Traceback" not in snapshot.message
    assert_nothing_stored(engine, handle.key)
    wait_until(lambda: is_gone(pid), timeout=10)

    following = engine.request(SMALL.replace(seed=13), "w")
    assert following.wait(timeout=120).state == "finished"
    assert only_pid(engine) != pid


def test_a_process_killed_mid_training_fails_its_job_with_a_sentence(make_engine):
    engine = make_engine(max_workers=1)
    handle = engine.request(LONG.replace(seed=14), "w")
    wait_until(lambda: handle.snapshot().epoch >= 1)
    pid = only_pid(engine)
    os.kill(pid, signal.SIGKILL)
    assert_died_and_a_fresh_process_trains_next(engine, handle, pid)


def abort_the_process() -> None:
    os.abort()


def read_address_zero() -> None:
    ctypes.string_at(0)  # a segmentation fault


@pytest.mark.parametrize("native_fault", [abort_the_process, read_address_zero], ids=["abort", "segfault"])
def test_a_native_crash_in_a_job_fails_it_with_a_sentence(make_engine, extra_task, native_fault, tmp_path):
    marker = tmp_path / "crashing-process"

    def crashing(config):
        Path(marker).write_text(str(os.getpid()))
        native_fault()
        return points([1.0, 2.0])

    extra_task("crashing_loader", crashing)
    engine = make_engine(max_workers=1)
    handle = engine.request(TrainConfig(task="crashing_loader"), "w")
    pid = pid_in(marker)
    assert_died_and_a_fresh_process_trains_next(engine, handle, pid)


def test_a_process_silent_past_the_deadline_fails_as_hung(make_engine, extra_task, tmp_path):
    marker = tmp_path / "hung-started"

    def hanging(config):
        Path(marker).write_text(str(os.getpid()))
        time.sleep(30)
        return points([1.0, 2.0])

    extra_task("hanging_loader", hanging)
    engine = make_engine(max_workers=1, hang_timeout_s=2)
    engine.start_workers()
    wait_until(lambda: engine.workers() and engine.workers()[0]["ready"], timeout=90)  # the deadline is for jobs
    handle = engine.request(TrainConfig(task="hanging_loader"), "w")
    pid = pid_in(marker)
    snapshot = handle.wait(timeout=30)
    assert snapshot.state == "failed" and snapshot.reason == "worker_hung"
    assert "press Train to try again" in snapshot.message
    wait_until(lambda: is_gone(pid), timeout=10)
    assert_nothing_stored(engine, handle.key)


# ---------------------------------------------------------------------------------------------------------------
# Uploads: over the pipe, never through a file, forgotten with the job
# ---------------------------------------------------------------------------------------------------------------


def files_holding(content: bytes, folders, since: float) -> list[str]:
    """Files under ``folders`` changed since ``since`` whose bytes contain ``content``."""
    found = []
    for folder in folders:
        for root, _directories, names in os.walk(folder, onerror=lambda error: None):
            for name in names:
                path = os.path.join(root, name)
                try:
                    status = os.stat(path, follow_symlinks=False)
                    if status.st_mtime < since or status.st_size > 50_000_000 or not Path(path).is_file():
                        continue
                    if content in Path(path).read_bytes():
                        found.append(path)
                except OSError:
                    continue
    return found


def test_an_upload_reaches_the_process_over_its_pipe_and_leaves_with_the_job(make_engine, extra_task, tmp_path):
    def from_upload(config):
        text = uploads.get_upload(config.dataset).decode()
        return points([float(value) for value in text.split("\n")[1:] if value])

    extra_task("upload_points", from_upload, accepts_uploads=True)
    marker = f"# secret-{uuid.uuid4().hex}"
    rows = 37
    content = (marker + "\n" + "\n".join(str(0.1 * index) for index in range(rows)) + "\n").encode()
    started = time.time() - 1
    upload_id = uploads.keep_upload(content, "numbers.csv")
    try:
        engine = make_engine(max_workers=1)
        config = TrainConfig(task="upload_points", dataset=upload_id)
        snapshot = engine.request(config, "visitor").wait(timeout=120)
        assert snapshot.state == "finished", snapshot.message
        assert snapshot.test_metrics["rows"] == rows  # the visitor's rows were trained on in the other process
        pid = only_pid(engine)
        assert not files_holding(marker.encode(), [tmp_path, tempfile.gettempdir()], since=started)

        # The server forgets the file (a restart, many uploads since): the process did not keep a copy either.
        uploads.forget(upload_id)
        again = engine.request(config.replace(seed=1), "visitor").wait(timeout=120)
        assert again.state == "failed" and again.reason == "dataset_unavailable"
        assert "upload it again" in again.message
        assert only_pid(engine) == pid
    finally:
        uploads.forget(upload_id)


# ---------------------------------------------------------------------------------------------------------------
# Shutdown: the server's processes end with it, even when it is killed
# ---------------------------------------------------------------------------------------------------------------


def test_shutdown_ends_every_training_process(make_engine):
    engine = make_engine(max_workers=2)
    handle = engine.request(LONG.replace(seed=16), "w")
    engine.start_workers()
    wait_until_training(handle)
    wait_until(lambda: len(engine.workers()) == 2)
    pids = set(worker_pids(engine)) | {worker.pid for worker in workers.live_workers()}
    assert len(pids) >= 2 and all(not is_gone(pid) for pid in pids)

    engine.shutdown(timeout=60)
    workers.stop_all_workers()
    assert handle.snapshot().state == "stopped"
    assert workers.live_workers() == []
    assert [pid for pid in pids if not is_gone(pid)] == []


def test_a_killed_server_leaves_no_training_process_behind(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from core.training.config import default_config
        from core.training.engine import TrainingEngine
        from core.training.model_store import ModelStore
        engine = TrainingEngine(store=ModelStore(sys.argv[1]), max_workers=1)
        handle = engine.request(default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8), "w")
        while handle.snapshot().batches_per_epoch is None:
            time.sleep(0.05)
        print("WORKER", engine.workers()[0]["pid"], flush=True)
        time.sleep(600)
        """
    )
    server = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "store")],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = server.stdout.readline()
        assert line.startswith("WORKER"), f"the server exited ({server.wait()}) before training"
        pid = int(line.split()[1])
        assert not has_ended(pid) and pid != server.pid
    finally:
        server.kill()
        server.wait(timeout=30)
    wait_until(lambda: has_ended(pid), timeout=30)  # its pipe closed: it ended by itself
