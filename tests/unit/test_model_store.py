"""core.training.model_store: atomic entries, verification on load (a broken file is a miss, never a crash), LRU
eviction by size, the in-memory cache, and a store that cannot be written to.

The tests that take ``backend`` run twice: on a local folder and on an S3 bucket (moto's standalone server, started
once per session by tests/conftest.py). Local only, since they are about a local file system: the crash before the
rename, a folder that cannot be created, a full disk (fsync), a read-only folder, the environment's folder. The race
tests run two writer processes and a reader process on a shared local folder and on S3.
"""

import errno
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import keras
import numpy as np
import pytest
from keras import layers

from core import settings
from core.training import model_store
from core.training.model_store import ModelStore, StoreWriteError
from tests.conftest import S3_BUCKET

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


class Backend:
    """Where a test's stores live, and plain access to their files (behind the store's back)."""

    def __init__(self, kind, tmp_path, endpoint=None):
        self.kind, self.tmp_path, self.endpoint = kind, tmp_path, endpoint
        self.prefix = f"{S3_BUCKET}/{uuid.uuid4().hex[:12]}"
        if endpoint is not None:
            import s3fs

            self.fs = s3fs.S3FileSystem(endpoint_url=endpoint)

    def location(self, name="store"):
        return str(self.tmp_path / name) if self.kind == "local" else f"s3://{self.prefix}/{name}"

    def store(self, name="store", **options):
        storage_options = {"endpoint_url": self.endpoint} if self.endpoint else None
        return ModelStore(self.location(name), storage_options=storage_options, **options)

    def names(self, name="store"):
        if self.kind == "local":
            return files_in(self.tmp_path / name)
        self.fs.invalidate_cache()
        try:
            return sorted(path.rsplit("/", 1)[-1] for path in self.fs.ls(f"{self.prefix}/{name}", detail=False))
        except FileNotFoundError:
            return []

    def read(self, file, name="store"):
        if self.kind == "local":
            return (self.tmp_path / name / file).read_bytes()
        return self.fs.cat_file(f"{self.prefix}/{name}/{file}")

    def write(self, file, data, name="store"):
        if self.kind == "local":
            (self.tmp_path / name / file).write_bytes(data)
        else:
            self.fs.pipe_file(f"{self.prefix}/{name}/{file}", data)

    def remove(self, file, name="store"):
        if self.kind == "local":
            (self.tmp_path / name / file).unlink()
        else:
            self.fs.rm_file(f"{self.prefix}/{name}/{file}")

    def model_file(self, key=None, name="store"):
        """The name of the one model file of ``key`` (asserting there is exactly one)."""
        found = [file for file in self.names(name) if file.startswith(key or KEYS[0]) and file.endswith(".keras")]
        assert len(found) == 1, found
        return found[0]


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path):
    endpoint = request.getfixturevalue("s3_endpoint") if request.param == "s3" else None
    return Backend(request.param, tmp_path, endpoint)


def test_save_then_load_in_a_fresh_store(backend):
    store = backend.store()
    model = tiny_model()
    store.save(KEYS[0], model, metadata())
    model_file = backend.model_file()
    assert backend.names() == sorted([f"{KEYS[0]}.json", model_file])
    assert model_file.startswith(f"{KEYS[0]}-")  # a name of its own per write, named by the JSON

    fresh = backend.store()  # another process: nothing in memory
    loaded = fresh.load(KEYS[0])
    assert loaded is not None and loaded.on_disk
    assert fresh.loads_from_disk == 1
    x = np.ones((1, 3), dtype="float32")
    np.testing.assert_allclose(np.asarray(loaded.model(x)), np.asarray(model(x)))
    stored = loaded.metadata
    assert stored["test_metrics"] == {"accuracy": 0.9} and stored["history"] == {"loss": [1.0, 0.5]}
    assert stored["key"] == KEYS[0] and stored["format"] == model_store.FORMAT_VERSION
    assert stored["keras_file"]["name"] == model_file
    assert stored["keras_file"]["bytes"] == len(backend.read(model_file))
    assert stored["created_at"] and stored["last_used_at"]
    assert fresh.contains(KEYS[0]) and not fresh.contains(KEYS[1])
    assert [entry.key for entry in fresh.entries()] == [KEYS[0]]
    assert fresh.model_bytes(KEYS[0]) == backend.read(model_file)
    assert ModelStore(fresh.location, storage_options=fresh.storage_options).load(KEYS[0]) is not None


def test_a_new_entry_replaces_the_old_one_and_its_file(backend):
    store = backend.store()
    store.save(KEYS[0], tiny_model(0), metadata("first"))
    first = backend.model_file()
    store.save(KEYS[0], tiny_model(1), metadata("second"))
    second = backend.model_file()  # exactly one model file: the first one was deleted after the commit
    assert second != first
    loaded = backend.store().load(KEYS[0])
    assert loaded.metadata["config"] == {"name": "second"} and loaded.metadata["keras_file"]["name"] == second


def test_an_entry_written_before_names_were_unique_still_loads(backend):
    # Stores written before (and the committed bundle): <key>.keras, with or without its name in the JSON.
    backend.store().save(KEYS[0], tiny_model(), metadata())
    model_file = backend.model_file()
    content = json.loads(backend.read(f"{KEYS[0]}.json"))
    del content["keras_file"]["name"]
    backend.write(f"{KEYS[0]}.keras", backend.read(model_file))
    backend.remove(model_file)
    backend.write(f"{KEYS[0]}.json", json.dumps(content).encode())
    fresh = backend.store()
    assert fresh.load(KEYS[0]) is not None
    fresh.save(KEYS[0], tiny_model(1), metadata("new"))
    assert f"{KEYS[0]}.keras" not in backend.names()  # replaced like any older entry


def test_a_json_naming_another_file_is_refused(backend):
    backend.store().save(KEYS[0], tiny_model(), metadata())
    backend.store().save(KEYS[1], tiny_model(), metadata())
    content = json.loads(backend.read(f"{KEYS[0]}.json"))
    content["keras_file"]["name"] = backend.model_file(KEYS[1])  # or ../../anything: never followed
    backend.write(f"{KEYS[0]}.json", json.dumps(content).encode())
    assert backend.store().load(KEYS[0]) is None
    assert backend.store().load(KEYS[1]) is not None


def test_second_load_comes_from_memory_and_concurrent_loads_read_once(backend):
    backend.store().save(KEYS[0], tiny_model(), metadata())
    fresh = backend.store()
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
    assert fresh.load(KEYS[0]).model is results[0].model


def test_a_missing_store_is_just_empty(backend):
    store = backend.store("not-created-yet")
    assert store.load(KEYS[0]) is None
    assert store.entries() == [] and store.total_bytes() == 0
    assert backend.names("not-created-yet") == []
    assert not (backend.tmp_path / "not-created-yet").exists()


def test_keys_are_checked_so_no_path_escapes_the_folder(backend):
    store = backend.store()
    for bad in ("../../etc/passwd", "ABC", "", "g" * 64, None):
        with pytest.raises(ValueError, match="hex"):
            store.load(bad)


class SimulatedCrash(BaseException):
    """Like the process dying: no `except Exception` clean-up runs."""


def test_a_crash_between_the_two_writes_leaves_no_readable_entry(backend, monkeypatch):
    store = backend.store()

    def crash(*args, **kwargs):
        raise SimulatedCrash()

    monkeypatch.setattr(ModelStore, "_write_json_atomically", crash)
    with pytest.raises(SimulatedCrash):
        store.save(KEYS[0], tiny_model(), metadata())
    monkeypatch.undo()
    orphan = backend.model_file()  # the model file made it, its commit marker did not
    assert backend.names() == [orphan]

    fresh = backend.store()
    assert fresh.load(KEYS[0]) is None
    assert not fresh.contains(KEYS[0])
    assert fresh.entries() == []
    fresh.save(KEYS[0], tiny_model(), metadata())  # and the entry can be written again
    assert backend.store().load(KEYS[0]) is not None
    assert orphan in backend.names()  # young: it might be another server's write in progress
    size, written = fresh._files.listing()[orphan]  # its age as the store sees it (S3: LastModified)
    assert size > 0 and abs(time.time() - written) < 600

    monkeypatch.setattr(model_store, "ORPHAN_AGE_SECONDS", -1.0)  # once old, the next write's sweep removes it
    fresh.save(KEYS[1], tiny_model(), metadata())
    assert orphan not in backend.names() and len(backend.names()) == 4


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


def test_a_half_written_json_is_discarded(backend):
    backend.store().save(KEYS[0], tiny_model(), metadata())
    backend.write(f"{KEYS[0]}.json", backend.read(f"{KEYS[0]}.json")[:40])
    fresh = backend.store()
    assert fresh.load(KEYS[0]) is None
    assert not fresh.contains(KEYS[0])
    assert f"{KEYS[0]}.json" not in backend.names()  # its model file's name is unknown now: the sweep takes it
    fresh.save(KEYS[0], tiny_model(), metadata())  # retrained
    assert backend.store().load(KEYS[0]) is not None


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_a_damaged_model_file_is_discarded(backend, damage):
    backend.store().save(KEYS[0], tiny_model(), metadata())
    model_file = backend.model_file()
    content = backend.read(model_file)
    if damage == "truncate":
        backend.write(model_file, content[: len(content) // 2])
    elif damage == "flip":
        backend.write(model_file, content[:-10] + bytes(10))
    else:
        backend.remove(model_file)
    fresh = backend.store()
    assert fresh.load(KEYS[0]) is None
    assert backend.names() == []  # discarded, so the engine retrains it
    fresh.save(KEYS[0], tiny_model(), metadata())
    assert backend.store().load(KEYS[0]) is not None


def test_an_unsafe_model_file_is_refused_by_safe_mode(backend):
    # A Lambda layer holds Python bytecode: safe_mode refuses it. The entry is discarded, never executed.
    unsafe = keras.Sequential([keras.Input(shape=(3,)), layers.Lambda(lambda x: x * 2)])
    store = backend.store()
    store.save(KEYS[0], unsafe, metadata())
    fresh = backend.store()
    assert fresh.load(KEYS[0]) is None
    assert backend.names() == []


def test_least_recently_used_entries_are_evicted_by_size(backend, monkeypatch):
    monkeypatch.setattr(model_store, "TOUCH_INTERVAL_SECONDS", 0.0)
    probe = backend.store("probe")
    probe.save(KEYS[0], tiny_model(), metadata())
    entry_size = probe.total_bytes()

    store = backend.store(max_bytes=int(entry_size * 3.5))
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
    assert len(backend.names()) == 6  # the evicted entry's JSON and model file are both gone


def test_the_entry_just_written_stays_even_when_it_alone_is_too_big(backend):
    store = backend.store(max_bytes=1)
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


def test_remember_keeps_a_model_in_memory_only(backend):
    store = backend.store()
    model = tiny_model()
    store.remember(KEYS[0], model, metadata())
    loaded = store.load(KEYS[0])
    assert loaded.model is model and not loaded.on_disk
    assert backend.names() == []
    assert backend.store().load(KEYS[0]) is None


def test_metadata_can_be_read_without_loading_the_model(backend):
    backend.store().save(KEYS[0], tiny_model(), dict(metadata(), extra=np.float32(1.5), shape=(28, 28)))
    fresh = backend.store()
    stored = fresh.load_metadata(KEYS[0])
    assert stored["extra"] == 1.5 and stored["shape"] == [28, 28]
    assert fresh.loads_from_disk == 0
    assert json.loads(backend.read(f"{KEYS[0]}.json"))["key"] == KEYS[0]
    backend.remove(backend.model_file())
    assert fresh.load_metadata(KEYS[0]) is None  # a JSON without its model file is no entry


def test_a_use_updates_the_last_used_time_but_never_a_newer_entry(backend, monkeypatch):
    monkeypatch.setattr(model_store, "TOUCH_INTERVAL_SECONDS", 0.0)
    backend.store().save(KEYS[0], tiny_model(0), metadata("first"))
    reader = backend.store()
    first = reader.load_metadata(KEYS[0])
    time.sleep(0.01)
    assert reader.load(KEYS[0]).metadata["last_used_unix"] > first["last_used_unix"]
    backend.store().save(KEYS[0], tiny_model(1), metadata("second"))  # another server replaces the entry
    reader.load(KEYS[0])  # a use of the old model (still in memory) must not bring the old JSON back
    assert backend.store().load(KEYS[0]).metadata["config"] == {"name": "second"}


# -- the read-only bundle under the store ------------------------------------------------------------------------


def bundled_metadata(name: str = "bundled"):
    return {**metadata(name), "bundle": {"command": "python -m core.prewarm --bundle", "built_at": "2026-01-01"}}


def make_bundle(backend, name="bundle", keys=(KEYS[0],)):
    writer = backend.store(name, bundle=None)
    for key in keys:
        writer.save(key, tiny_model(), bundled_metadata())
    return {file: backend.read(file, name) for file in backend.names(name)}


def bundle_location(backend, name="bundle"):
    return backend.location(name)


def test_a_store_reads_through_to_its_bundle_and_never_writes_there(backend):
    before = make_bundle(backend)
    store = backend.store(bundle=bundle_location(backend))
    assert store.contains(KEYS[0]) and not store.contains(KEYS[1])
    loaded = store.load(KEYS[0])
    assert loaded is not None and loaded.bundled and loaded.metadata["bundle"]["command"].startswith("python -m")
    assert store.load(KEYS[0]) is loaded  # kept in memory like any stored model
    assert backend.names() == []  # a bundled hit writes nothing (no last-used time either)
    assert store.model_bytes(KEYS[0]) == before[backend.model_file(name="bundle")]
    store.discard(KEYS[0])
    store.evict()
    assert {file: backend.read(file, "bundle") for file in backend.names("bundle")} == before
    assert backend.store(bundle=bundle_location(backend)).load(KEYS[0]) is not None


def test_the_writable_store_comes_first(backend):
    make_bundle(backend)
    store = backend.store(bundle=bundle_location(backend))
    store.save(KEYS[0], tiny_model(seed=1), metadata("retrained"))
    fresh = backend.store(bundle=bundle_location(backend))
    loaded = fresh.load(KEYS[0])
    assert not loaded.bundled and loaded.metadata["config"] == {"name": "retrained"}


def test_a_broken_bundled_file_is_a_miss_and_stays_on_disk(backend):
    make_bundle(backend)
    model_file = backend.model_file(name="bundle")
    backend.write(model_file, backend.read(model_file, "bundle")[:-10], "bundle")
    store = backend.store(bundle=bundle_location(backend))
    assert store.load(KEYS[0]) is None
    assert backend.names("bundle") == sorted([model_file, f"{KEYS[0]}.json"])


def test_the_committed_bundle_loads_unchanged():
    from core.training.model_bundle import read_manifest

    manifest = read_manifest(settings.DEFAULT_BUNDLE_DIR)
    key = manifest["entries"][0]["key"]
    bundle = ModelStore(settings.DEFAULT_BUNDLE_DIR, read_only=True, memory_entries=0)
    assert bundle.load_metadata(key)["keras_file"]["name"] == f"{key}.keras"
    assert bundle.load(key) is not None


def test_a_read_only_store_refuses_to_save(backend):
    make_bundle(backend)
    bundle = backend.store("bundle", read_only=True)
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
    monkeypatch.setenv(settings.MODEL_BUNDLE_ENV, "memory://bundle")
    assert ModelStore().bundle.location == "memory://bundle" and ModelStore().bundle.directory is None


def test_a_compressed_entry_is_smaller_and_loads_the_same(backend):
    model = keras.Sequential([keras.Input(shape=(300,)), layers.Dense(300, kernel_initializer="zeros")])
    backend.store("plain").save(KEYS[0], model, metadata())
    backend.store("packed").save(KEYS[0], model, metadata(), compress=True)
    plain, packed = (len(backend.read(backend.model_file(name=name), name)) for name in ("plain", "packed"))
    assert packed < plain / 10
    loaded = backend.store("packed").load(KEYS[0])
    x = np.ones((1, 300), dtype="float32")
    np.testing.assert_allclose(np.asarray(loaded.model(x)), np.asarray(model(x)))
    assert len(backend.names("packed")) == 2  # no temporary file left


def test_uncompiled_loads_and_discards_work_on_every_backend(backend):
    store = backend.store()
    store.save(KEYS[0], tiny_model(), metadata())
    store.save(KEYS[1], tiny_model(1), metadata())
    uncompiled = backend.store().load_uncompiled(KEYS[0])
    assert uncompiled is not None and getattr(uncompiled, "optimizer", None) is None  # no optimizer state
    assert backend.store().load_uncompiled(KEYS[2]) is None
    backend.store().discard(KEYS[0])
    assert sorted(backend.names()) == sorted([f"{KEYS[1]}.json", backend.model_file(KEYS[1])])
    assert not backend.store().contains(KEYS[0]) and backend.store().contains(KEYS[1])


# -- two servers writing the same key --------------------------------------------------------------------------


def test_two_stores_saving_the_same_key_at_once_leave_one_whole_entry(backend):
    # Two servers (two stores, each with its own locks) interleave their writes of one key, many times over.
    stores = [backend.store(memory_entries=0), backend.store(memory_entries=0)]
    barrier = threading.Barrier(2)
    failures = []

    def write(index):
        try:
            for round_ in range(5):
                barrier.wait()
                stores[index].save(KEYS[0], tiny_model(index * 10 + round_), metadata(f"{index}-{round_}"))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    loaded = backend.store().load(KEYS[0])
    assert loaded is not None and loaded.metadata["config"]["name"] in ("0-4", "1-4")
    assert f"{KEYS[0]}.json" in backend.names()


def run_race(location, endpoint, folder):
    """Two writer processes save KEYS[0] 12 times each while a reader process loads it in a loop; returns what the
    reader saw."""
    script = Path(__file__).resolve().parent.parent / "store_race.py"
    arguments = [location, KEYS[0], str(folder)] + ([endpoint] if endpoint else [])
    processes = {
        role: subprocess.Popen(
            [sys.executable, str(script), role, *arguments],
            stdout=subprocess.PIPE,
            stderr=(folder / f"{role}.log").open("w"),
            text=True,
        )
        for role in ("writer-a", "writer-b", "reader")
    }
    try:
        deadline = time.monotonic() + 120
        while len(list(folder.glob("ready-*"))) < 3:
            assert time.monotonic() < deadline, "the race processes did not start"
            assert all(process.poll() is None for process in processes.values()), [
                (folder / f"{role}.log").read_text() for role in processes
            ]
            time.sleep(0.05)
        (folder / "go").touch()
        for role in ("writer-a", "writer-b"):
            processes[role].communicate(timeout=120)
            assert processes[role].returncode == 0, (folder / f"{role}.log").read_text()
        (folder / "stop").touch()
        output, _ = processes["reader"].communicate(timeout=120)
        assert processes["reader"].returncode == 0, (folder / "reader.log").read_text()
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", ["shared folder", "s3"])
def test_two_processes_saving_while_a_third_loads_never_break_an_entry(kind, tmp_path, request):
    # The store shared by two replicas: every load is a miss (before the first commit) or a whole model that
    # matches its own JSON; never an exception, and once an entry exists it is never lost.
    if kind == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        location = f"s3://{S3_BUCKET}/{uuid.uuid4().hex[:12]}/race"
    else:
        endpoint, location = None, str(tmp_path / "shared")
    (tmp_path / "signals").mkdir()
    seen = run_race(location, endpoint, tmp_path / "signals")
    assert seen["errors"] == []
    assert seen["mismatches"] == 0
    assert seen["misses_after_a_hit"] == 0
    assert seen["hits"] >= 1 and seen["last_was_hit"]
    store = ModelStore(location, storage_options={"endpoint_url": endpoint} if endpoint else None)
    assert [entry.key for entry in store.entries()] == [KEYS[0]]
    assert store.load(KEYS[0]).metadata["config"]["seed"] % 100 == 11  # a writer's last model


# -- where the store is ------------------------------------------------------------------------------------------


def test_the_environment_can_name_an_s3_store_and_its_endpoint(s3_endpoint, monkeypatch):
    location = f"s3://{S3_BUCKET}/{uuid.uuid4().hex[:12]}/from-env"
    monkeypatch.setenv(settings.MODEL_STORE_ENV, location)
    monkeypatch.setenv(settings.MODEL_STORE_OPTIONS_ENV, json.dumps({"endpoint_url": s3_endpoint}))
    store = ModelStore()
    assert store.location == location and store.directory is None
    assert store.storage_options == {"endpoint_url": s3_endpoint}
    store.save(KEYS[0], tiny_model(), metadata())
    with pytest.raises(ValueError, match="not a local folder"):
        store.model_path(KEYS[0])

    # Without the option, botocore (so s3fs) takes the endpoint from AWS_ENDPOINT_URL.
    monkeypatch.delenv(settings.MODEL_STORE_OPTIONS_ENV)
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    fresh = ModelStore(location, storage_options={"skip_instance_cache": True})
    assert fresh.load(KEYS[0]) is not None


def test_file_urls_are_local_folders(tmp_path):
    store = ModelStore(f"file://{tmp_path}/store")
    assert store.directory == tmp_path / "store" and store.location == str(tmp_path / "store")
    store.save(KEYS[0], tiny_model(), metadata())
    assert ModelStore(tmp_path / "store").load(KEYS[0]) is not None


def test_a_local_store_needs_no_fsspec(tmp_path, monkeypatch):
    # Streamlit Community Cloud's requirements have no fsspec: only a URL imports it.
    monkeypatch.setitem(sys.modules, "fsspec", None)
    store = ModelStore(tmp_path)
    store.save(KEYS[0], tiny_model(), metadata())
    assert ModelStore(tmp_path).load(KEYS[0]) is not None and store.entries()
    with pytest.raises(ImportError, match="requirements-cluster.txt"):
        ModelStore("s3://bucket/models")


def test_memory_urls_work_for_any_fsspec_file_system():
    location = f"memory://model-store-{uuid.uuid4().hex[:8]}"
    ModelStore(location).save(KEYS[0], tiny_model(), metadata())
    fresh = ModelStore(location)
    assert fresh.load(KEYS[0]) is not None and [entry.key for entry in fresh.entries()] == [KEYS[0]]
    fresh.discard(KEYS[0])
    assert ModelStore(location).load(KEYS[0]) is None
