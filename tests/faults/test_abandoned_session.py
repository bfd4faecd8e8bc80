"""A visitor closes the tab in the middle of a training: nobody else watches, so the job stops, the same training
process takes the next job at once, and no model of the abandoned job is held (a room of abandoned tabs must not fill
the memory: the web process never builds one, and the training process is replaced once its memory grows past its
bound, see tests/unit/test_workers.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from core.training import registry
from core.training.config import default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from tests.helpers import wait_until

LONG = default_config("toy_2d", n_samples=400, epochs=1000, batch_size=8)
SHORT = default_config("toy_2d", dataset="xor", epochs=2)


@pytest.fixture
def models_built():
    """Weak references to every model the toy task builds in this (the web) process."""
    built = []
    task = registry.get_task("toy_2d")
    original = task.build_model

    def build_and_remember(config, data):
        model = original(config, data)
        built.append(weakref.ref(model))
        return model

    # Task is a frozen dataclass: swap the builder the way it was set.
    object.__setattr__(task, "build_model", build_and_remember)
    yield built
    object.__setattr__(task, "build_model", original)


def test_an_abandoned_training_stops_frees_its_model_and_its_worker(tmp_path, models_built):
    engine = TrainingEngine(store=ModelStore(tmp_path / "store"), max_workers=1, watcher_timeout_s=1.0)
    try:
        abandoned = engine.request(LONG, "tab-that-closes")
        wait_until(lambda: abandoned.snapshot().epoch >= 1, timeout=120)  # the tab is open and reading
        (before,) = engine.workers()  # (a process kept by an earlier engine of this process may have jobs done)
        queued = engine.request(SHORT, "next-visitor")  # waits for the only worker
        # The first visitor reads nothing more (the tab is closed); the second keeps reading.
        wait_until(lambda: queued.snapshot().state == "finished", timeout=120)
        stopped = abandoned.snapshot(heartbeat=False)
        assert stopped.state == "stopped" and stopped.reason == "no_watchers"
        assert stopped.epoch < LONG.epochs
        assert engine.store.load(LONG.key) is None  # a stopped job is not stored
        assert stopped.model is None and abandoned.model is None
        (after,) = engine.workers()
        assert after["pid"] == before["pid"], "the Stop was answered: the same process took the next job"
        assert after["jobs"] == before["jobs"] + 2
        gc.collect()
        assert models_built == [], "a model was built in the web process: training must run in a training process"
    finally:
        engine.shutdown(timeout=60)
