"""The server is killed (SIGKILL, no clean-up) in the middle of a training and in the middle of a store write.

Each test runs the engine or the store in a child process, kills it at the worst moment, then opens the same store
as a restarted server would: nothing half-written is ever served, and the interrupted job is simply asked for again.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.training.config import default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from tests.helpers import REPO_ROOT

INTERRUPTED_CONFIG = dict(task="toy_2d", epochs=300)


def start_child(code: str, store: Path) -> subprocess.Popen:
    environment = {**os.environ, "DASHBOARD_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(store)],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def wait_for_line(child: subprocess.Popen, wanted: str, limit: int = 10_000) -> None:
    for _ in range(limit):
        line = child.stdout.readline()
        if not line:
            raise AssertionError(f"the child exited ({child.wait()}) before printing {wanted!r}")
        if line.startswith(wanted):
            return
    raise AssertionError(f"the child never printed {wanted!r}")


def kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def assert_every_entry_is_whole(store_dir: Path) -> int:
    """Every committed entry of a freshly opened store loads and passes its checksum; returns how many there are."""
    store = ModelStore(store_dir)
    entries = store.entries()
    for entry in entries:
        loaded = store.load(entry.key)
        assert loaded is not None, f"a committed entry {entry.key[:12]} could not be loaded"
    return len(entries)


def test_a_server_killed_mid_training_keeps_a_clean_store_and_the_job_can_be_asked_again(tmp_path):
    store_dir = tmp_path / "store"
    child = start_child(
        f"""
        import sys, time
        from core.training.engine import TrainingEngine
        from core.training.model_store import ModelStore
        from core.training.config import default_config
        engine = TrainingEngine(store=ModelStore(sys.argv[1]), max_workers=1)
        handle = engine.request(default_config(**{INTERRUPTED_CONFIG!r}), "attendee")
        while handle.snapshot().epoch < 3:
            time.sleep(0.05)
        print("TRAINING", flush=True)
        time.sleep(600)
        """,
        store_dir,
    )
    try:
        wait_for_line(child, "TRAINING")
    finally:
        kill(child)

    config = default_config(**INTERRUPTED_CONFIG)
    assert ModelStore(store_dir).load(config.key) is None  # nothing of the interrupted job is served
    engine = TrainingEngine(store=ModelStore(store_dir), max_workers=1)
    try:
        snapshot = engine.request(config, "attendee-again").wait(timeout=300)
        assert snapshot.state == "finished" and not snapshot.from_store
        assert snapshot.epoch == config.epochs
    finally:
        engine.shutdown()
    assert assert_every_entry_is_whole(store_dir) == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_server_killed_mid_store_write_never_serves_a_half_written_model(tmp_path, seed):
    store_dir = tmp_path / "store"
    child = start_child(
        """
        import sys
        import keras
        from core.training.model_store import ModelStore
        store = ModelStore(sys.argv[1])
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(64), keras.layers.Dense(1)])
        print("WRITING", flush=True)
        for number in range(10_000):
            store.save(f"{number:064x}", model, {"number": number})
        """,
        store_dir,
    )
    try:
        wait_for_line(child, "WRITING")
        # Let a few saves through, then kill at a random moment, most likely inside a write.
        import time

        time.sleep(1.5 + random.Random(seed).uniform(0, 1.5))
    finally:
        kill(child)

    committed = assert_every_entry_is_whole(store_dir)
    assert committed >= 1, "no save finished before the kill: the test did not exercise a write in progress"
    names = {path.name for path in store_dir.iterdir()}
    for name in names:
        if name.endswith(".json") and not name.startswith("."):
            model_file = json.loads((store_dir / name).read_text())["keras_file"]["name"]
            assert model_file in names, f"{name} was committed without its model"
    # A restarted server writes again where the killed one stopped.
    model = ModelStore(store_dir).load(next(iter(ModelStore(store_dir).entries())).key).model
    ModelStore(store_dir).save("f" * 64, model, {"number": -1})
    assert assert_every_entry_is_whole(store_dir) == committed + 1
