"""core.training.model_store: atomic entries, verification on load (a broken file is a miss, never a crash), LRU
eviction by size, the in-memory cache, and a store that cannot be written to."""

import errno
import hashlib
import json
import os
import threading
import time

import keras
import numpy as np
import pytest
from keras import layers

from core import settings
from core.training import model_store
from core.training.model_store import ModelStore, StoreWriteError

KEYS = [hashlib.sha256(name.encode()).hexdigest() for name in ("a", "b", "c", "d")]


def tiny_model(seed: int = 0):
    model = keras.Sequential(
        [keras.Input(shape=(3,)), layers.Dense(2, kernel_initializer=keras.initializers.GlorotUniform(seed=seed))]
    )
    model.compile(optimizer="adam", loss="mse")
    return model


def metadata(name: str = "entry"):
    return {"config": {"name": name}, "history": {"loss": [1.0, 0.5]}, "test_metrics": {"accuracy": 0.9}}


def files_in(directory):
    return sorted(os.listdir(directory)) if os.path.isdir(directory) else []


def test_save_then_load_in_a_fresh_store(tmp_path):
    store = ModelStore(tmp_path)
    model = tiny_model()
    store.save(KEYS[0], model, metadata())
    assert files_in(tmp_path) == sorted([f"{KEYS[0]}.json", f"{KEYS[0]}.keras"])

    fresh = ModelStore(tmp_path)  # another process: nothing in memory
    loaded = fresh.load(KEYS[0])
    assert loaded is not None and loaded.on_disk
    assert fresh.loads_from_disk == 1
    x = np.ones((1, 3), dtype="float32")
    np.testing.assert_allclose(np.asarray(loaded.model(x)), np.asarray(model(x)))
    stored = loaded.metadata
    assert stored["test_metrics"] == {"accuracy": 0.9} and stored["history"] == {"loss": [1.0, 0.5]}
    assert stored["key"] == KEYS[0] and stored["format"] == model_store.FORMAT_VERSION
    assert stored["keras_file"]["bytes"] == os.path.getsize(tmp_path / f"{KEYS[0]}.keras")
    assert stored["created_at"] and stored["last_used_at"]
    assert fresh.contains(KEYS[0]) and not fresh.contains(KEYS[1])
    assert [entry.key for entry in fresh.entries()] == [KEYS[0]]


def test_second_load_comes_from_memory_and_concurrent_loads_read_once(tmp_path):
    ModelStore(tmp_path).save(KEYS[0], tiny_model(), metadata())
    fresh = ModelStore(tmp_path)
    results = []
    barrier = threading.Barrier(10)

    def load():
        barrier.wait()
        results.append(fresh.load(KEYS[0]))

    threads = [threading.Thread(target=load) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fresh.loads_from_disk == 1
    assert len({id(result.model) for result in results}) == 1
    started = time.perf_counter()
    assert fresh.load(KEYS[0]).model is results[0].model
    assert time.perf_counter() - started < 0.1


def test_a_missing_store_is_just_empty(tmp_path):
    store = ModelStore(tmp_path / "not-created-yet")
    assert store.load(KEYS[0]) is None
    assert store.entries() == [] and store.total_bytes() == 0
    assert not (tmp_path / "not-created-yet").exists()


def test_keys_are_checked_so_no_path_escapes_the_folder(tmp_path):
    store = ModelStore(tmp_path)
    for bad in ("../../etc/passwd", "ABC", "", "g" * 64, None):
        with pytest.raises(ValueError, match="hex"):
            store.load(bad)


class SimulatedCrash(BaseException):
    """Like the process dying: no `except Exception` clean-up runs."""


def test_a_crash_between_the_two_writes_leaves_no_readable_entry(tmp_path, monkeypatch):
    store = ModelStore(tmp_path)

    def crash(*args, **kwargs):
        raise SimulatedCrash()

    monkeypatch.setattr(ModelStore, "_write_json_atomically", crash)
    with pytest.raises(SimulatedCrash):
        store.save(KEYS[0], tiny_model(), metadata())
    monkeypatch.undo()
    assert f"{KEYS[0]}.keras" in files_in(tmp_path)  # the model file made it, its commit marker did not

    fresh = ModelStore(tmp_path)
    assert fresh.load(KEYS[0]) is None
    assert not fresh.contains(KEYS[0])
    assert fresh.entries() == []
    fresh.save(KEYS[0], tiny_model(), metadata())  # and the entry can be written again
    assert ModelStore(tmp_path).load(KEYS[0]) is not None


def test_a_crash_while_writing_the_model_leaves_only_a_temporary_file(tmp_path, monkeypatch):
    store = ModelStore(tmp_path)
    real_replace = os.replace

    def crash_before_rename(source, destination):
        if str(destination).endswith(".keras"):
            raise SimulatedCrash()
        return real_replace(source, destination)

    monkeypatch.setattr(model_store.os, "replace", crash_before_rename)
    with pytest.raises(SimulatedCrash):
        store.save(KEYS[0], tiny_model(), metadata())
    monkeypatch.undo()
    leftovers = files_in(tmp_path)
    assert len(leftovers) == 1 and leftovers[0].startswith(".tmp-")
    assert ModelStore(tmp_path).load(KEYS[0]) is None

    # An old leftover is swept away by the next write; a young one may be another process' write in progress.
    old = time.time() - model_store.ORPHAN_AGE_SECONDS - 10
    os.utime(tmp_path / leftovers[0], (old, old))
    ModelStore(tmp_path).save(KEYS[1], tiny_model(), metadata())
    assert leftovers[0] not in files_in(tmp_path)


def test_a_half_written_json_is_discarded(tmp_path):
    ModelStore(tmp_path).save(KEYS[0], tiny_model(), metadata())
    path = tmp_path / f"{KEYS[0]}.json"
    path.write_text(path.read_text()[:40])
    fresh = ModelStore(tmp_path)
    assert fresh.load(KEYS[0]) is None
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_a_damaged_model_file_is_discarded(tmp_path, damage):
    ModelStore(tmp_path).save(KEYS[0], tiny_model(), metadata())
    path = tmp_path / f"{KEYS[0]}.keras"
    content = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(content[: len(content) // 2])
    elif damage == "flip":
        path.write_bytes(content[:-10] + bytes(10))
    else:
        path.unlink()
    fresh = ModelStore(tmp_path)
    assert fresh.load(KEYS[0]) is None
    assert files_in(tmp_path) == []  # discarded, so the engine retrains it


def test_an_unsafe_model_file_is_refused_by_safe_mode(tmp_path):
    # A Lambda layer holds Python bytecode: safe_mode refuses it. The entry is discarded, never executed.
    unsafe = keras.Sequential([keras.Input(shape=(3,)), layers.Lambda(lambda x: x * 2)])
    store = ModelStore(tmp_path)
    store.save(KEYS[0], unsafe, metadata())
    fresh = ModelStore(tmp_path)
    assert fresh.load(KEYS[0]) is None
    assert files_in(tmp_path) == []


def test_least_recently_used_entries_are_evicted_by_size(tmp_path, monkeypatch):
    monkeypatch.setattr(model_store, "TOUCH_INTERVAL_SECONDS", 0.0)
    probe = ModelStore(tmp_path / "probe")
    probe.save(KEYS[0], tiny_model(), metadata())
    entry_size = probe.total_bytes()

    store = ModelStore(tmp_path / "store", max_bytes=int(entry_size * 3.5))
    for index in range(3):
        store.save(KEYS[index], tiny_model(index), metadata(str(index)))
        time.sleep(0.01)
    assert len(store.entries()) == 3
    store.clear_memory()
    assert store.load(KEYS[0]) is not None  # a is used again: b is now the least recently used
    time.sleep(0.01)
    store.save(KEYS[3], tiny_model(3), metadata("3"))
    assert sorted(entry.key for entry in store.entries()) == sorted([KEYS[0], KEYS[2], KEYS[3]])
    assert store.total_bytes() <= store.max_bytes
    assert not store.contains(KEYS[1])


def test_the_entry_just_written_stays_even_when_it_alone_is_too_big(tmp_path):
    store = ModelStore(tmp_path, max_bytes=1)
    store.save(KEYS[0], tiny_model(), metadata())
    store.save(KEYS[1], tiny_model(), metadata())
    assert [entry.key for entry in store.entries()] == [KEYS[1]]


def test_size_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.MODEL_STORE_MB_ENV, "3")
    monkeypatch.setenv(settings.MODEL_STORE_ENV, str(tmp_path / "from-env"))
    store = ModelStore()
    assert store.max_bytes == 3 * 1024 * 1024
    assert store.directory == tmp_path / "from-env"
    monkeypatch.setenv(settings.MODEL_STORE_MB_ENV, "lots")
    with pytest.raises(ValueError, match=settings.MODEL_STORE_MB_ENV):
        ModelStore()


def test_a_store_that_cannot_be_created_reports_a_plain_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = ModelStore(blocker / "models")  # even root cannot create a folder inside a file
    with pytest.raises(StoreWriteError, match="could not be kept"):
        store.save(KEYS[0], tiny_model(), metadata())
    assert store.load(KEYS[0]) is None


def test_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    store = ModelStore(tmp_path)

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(model_store.os, "fsync", disk_full)
    with pytest.raises(StoreWriteError, match="disk is full"):
        store.save(KEYS[0], tiny_model(), metadata())
    monkeypatch.undo()
    assert files_in(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_reports_a_plain_error(tmp_path):
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreWriteError, match="could not be kept"):
            ModelStore(tmp_path).save(KEYS[0], tiny_model(), metadata())
    finally:
        tmp_path.chmod(0o755)


def test_remember_keeps_a_model_in_memory_only(tmp_path):
    store = ModelStore(tmp_path)
    model = tiny_model()
    store.remember(KEYS[0], model, metadata())
    loaded = store.load(KEYS[0])
    assert loaded.model is model and not loaded.on_disk
    assert files_in(tmp_path) == []
    assert ModelStore(tmp_path).load(KEYS[0]) is None


def test_metadata_can_be_read_without_loading_the_model(tmp_path):
    ModelStore(tmp_path).save(KEYS[0], tiny_model(), dict(metadata(), extra=np.float32(1.5), shape=(28, 28)))
    fresh = ModelStore(tmp_path)
    stored = fresh.load_metadata(KEYS[0])
    assert stored["extra"] == 1.5 and stored["shape"] == [28, 28]
    assert fresh.loads_from_disk == 0
    assert json.loads((tmp_path / f"{KEYS[0]}.json").read_text())["key"] == KEYS[0]


# -- the read-only bundle under the store ------------------------------------------------------------------------


def bundled_metadata(name: str = "bundled"):
    return {**metadata(name), "bundle": {"command": "python -m core.prewarm --bundle", "built_at": "2026-01-01"}}


def make_bundle(directory, keys=(KEYS[0],)):
    writer = ModelStore(directory, bundle=None)
    for key in keys:
        writer.save(key, tiny_model(), bundled_metadata())
    return {path: os.path.getmtime(directory / path) for path in files_in(directory)}


def test_a_store_reads_through_to_its_bundle_and_never_writes_there(tmp_path):
    before = make_bundle(tmp_path / "bundle")
    store = ModelStore(tmp_path / "store", bundle=tmp_path / "bundle")
    assert store.contains(KEYS[0]) and not store.contains(KEYS[1])
    loaded = store.load(KEYS[0])
    assert loaded is not None and loaded.bundled and loaded.metadata["bundle"]["command"].startswith("python -m")
    assert store.load(KEYS[0]) is loaded  # kept in memory like any stored model
    assert files_in(tmp_path / "store") == []  # a bundled hit writes nothing (no last-used time either)
    store.discard(KEYS[0])
    store.evict()
    assert {path: os.path.getmtime(tmp_path / "bundle" / path) for path in files_in(tmp_path / "bundle")} == before
    assert ModelStore(tmp_path / "store", bundle=tmp_path / "bundle").load(KEYS[0]) is not None


def test_the_writable_store_comes_first(tmp_path):
    make_bundle(tmp_path / "bundle")
    store = ModelStore(tmp_path / "store", bundle=tmp_path / "bundle")
    store.save(KEYS[0], tiny_model(seed=1), metadata("retrained"))
    fresh = ModelStore(tmp_path / "store", bundle=tmp_path / "bundle")
    loaded = fresh.load(KEYS[0])
    assert not loaded.bundled and loaded.metadata["config"] == {"name": "retrained"}


def test_a_broken_bundled_file_is_a_miss_and_stays_on_disk(tmp_path):
    make_bundle(tmp_path / "bundle")
    model_file = tmp_path / "bundle" / f"{KEYS[0]}.keras"
    model_file.write_bytes(model_file.read_bytes()[:-10])
    store = ModelStore(tmp_path / "store", bundle=tmp_path / "bundle")
    assert store.load(KEYS[0]) is None
    assert model_file.is_file() and (tmp_path / "bundle" / f"{KEYS[0]}.json").is_file()


def test_a_read_only_store_refuses_to_save(tmp_path):
    make_bundle(tmp_path / "bundle")
    bundle = ModelStore(tmp_path / "bundle", read_only=True)
    with pytest.raises(StoreWriteError, match="read-only"):
        bundle.save(KEYS[1], tiny_model(), metadata())
    assert not bundle.contains(KEYS[1]) and bundle.bundle is None


def test_the_default_store_has_the_default_bundle_and_the_environment_can_turn_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.MODEL_STORE_ENV, str(tmp_path / "store"))
    monkeypatch.delenv(settings.MODEL_BUNDLE_ENV, raising=False)
    assert ModelStore().bundle.directory == settings.DEFAULT_BUNDLE_DIR
    assert ModelStore(tmp_path / "elsewhere").bundle is None  # a store of its own has no bundle unless given one
    monkeypatch.setenv(settings.MODEL_BUNDLE_ENV, "none")
    assert ModelStore().bundle is None
    monkeypatch.setenv(settings.MODEL_BUNDLE_ENV, str(tmp_path / "bundle"))
    assert ModelStore().bundle.directory == tmp_path / "bundle"


def test_a_compressed_entry_is_smaller_and_loads_the_same(tmp_path):
    model = keras.Sequential([keras.Input(shape=(300,)), layers.Dense(300, kernel_initializer="zeros")])
    ModelStore(tmp_path / "plain").save(KEYS[0], model, metadata())
    ModelStore(tmp_path / "packed").save(KEYS[0], model, metadata(), compress=True)
    plain, packed = (os.path.getsize(tmp_path / folder / f"{KEYS[0]}.keras") for folder in ("plain", "packed"))
    assert packed < plain / 10
    loaded = ModelStore(tmp_path / "packed").load(KEYS[0])
    x = np.ones((1, 300), dtype="float32")
    np.testing.assert_allclose(np.asarray(loaded.model(x)), np.asarray(model(x)))
    assert files_in(tmp_path / "packed") == sorted([f"{KEYS[0]}.json", f"{KEYS[0]}.keras"])
