"""Trained models on disk, keyed by their config's hash, kept across restarts: ``<key>.keras`` + ``<key>.json``.

Where: the folder named by the environment variable ``DASHBOARD_MODEL_STORE``, by default ``model_store/`` at the
repository root (ignored by git; next to the code, so ``python -m core.prewarm`` and ``streamlit run`` from the same
checkout share it, and a deployment's models live and die with its checkout). Its size is bounded by
``DASHBOARD_MODEL_STORE_MB`` (default 500 MB): after each write the least recently used entries leave first.

How an entry is written, so that a reader never sees half of one (a crash, a full disk, two processes at once):

1. the model goes to a temporary file in the same folder, is fsync'ed, then ``os.replace``d to ``<key>.keras``;
2. the JSON (config, history, test metrics, timings, times, and the size and sha256 of the ``.keras`` file) goes the
   same way to ``<key>.json``. The JSON is the commit marker: no JSON, no entry.

How an entry is read: the JSON must parse and name this key, the ``.keras`` file must have the recorded size and
sha256, and ``keras.saving.load_model(path, safe_mode=True)`` must succeed. Anything else discards the entry (both
files are deleted) and the load reports a miss, so the engine trains again: a broken file never crashes a page.
Models are only ever loaded from this folder, with safe mode on.

Under the writable store lies a read-only layer, the **bundle**: ``bundled_models/`` in the repository (or the folder
named by ``DASHBOARD_MODEL_BUNDLE``; ``none`` turns it off), every page's default model trained ahead of time by
``python -m core.prewarm --bundle`` and committed with the code, so a fresh deployment (an empty disk) serves them at
once. A lookup asks the store first, then the bundle; the engine trains only when both miss. A bundled entry has the
store's own format and is checked the same way (JSON, size, sha256, ``safe_mode=True``), is never written, touched
or evicted, and a broken one is a miss (logged), not a crash. Its JSON carries a ``bundle`` record (the command,
when, on which data) that the pages show.

Loaded models are kept in memory (an LRU per process, ``DASHBOARD_MODEL_CACHE_ENTRIES``, default 16), so a
second request for the same model costs nothing; when several threads ask for the same key, one loads it. The default
holds every page's default model (9, about 32 MB on disk) with room to spare: with fewer slots than the models a
visit walks through, each visitor's tour would evict the next page's model, load it again from disk and keep a
second copy alive in the sessions still showing the first.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cachetools
import numpy as np

from core import settings

logger = logging.getLogger(__name__)

BUNDLE_MANIFEST = "MANIFEST.json"
FORMAT_VERSION = 1

# Leftovers of an interrupted write (a temporary file, a .keras without its JSON) are removed once they are this
# old: a younger one may belong to a write in progress in another process.
ORPHAN_AGE_SECONDS = 3600.0
# A hit rewrites the entry's last-used time (for LRU eviction) at most this often.
TOUCH_INTERVAL_SECONDS = 60.0

_KEY_PATTERN = re.compile(r"^[0-9a-f]{16,64}$")
_TEMP_PREFIX = ".tmp-"


class StoreWriteError(Exception):
    """The model could not be written to the store (read-only folder, full disk, ...). The message is plain."""


@dataclass(frozen=True)
class StoredModel:
    """A model from the store (or from this process' memory) with its metadata (the JSON's content)."""

    key: str
    model: Any
    metadata: Mapping[str, Any]
    on_disk: bool = True

    @property
    def bundled(self) -> bool:
        """True when the model comes from the read-only bundle shipped with the code (trained ahead of time)."""
        return "bundle" in self.metadata


class _ModelMemory(cachetools.LRUCache):
    """Loaded models by key, least recently used evicted first. An evicted model's load lock goes with it (the
    store's ``_key_locks``, guarded like this cache by the store's lock). ``peek`` reads without counting as a use."""

    def __init__(self, maxsize: int, key_locks: dict[str, threading.Lock]) -> None:
        super().__init__(maxsize=maxsize)
        self._key_locks = key_locks

    def popitem(self) -> tuple[str, StoredModel]:
        key, stored = super().popitem()
        self._key_locks.pop(key, None)
        return key, stored

    def peek(self, key: str) -> StoredModel | None:
        try:
            return cachetools.Cache.__getitem__(self, key)
        except KeyError:
            return None


@dataclass(frozen=True)
class StoreEntry:
    """One committed entry on disk, as listed by :meth:`ModelStore.entries` (nothing is loaded)."""

    key: str
    size_bytes: int
    created_at: float
    last_used_at: float
    config: Mapping[str, Any]


def _now_iso(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def file_size_and_sha256(path: Path) -> tuple[int, str]:
    """A file's size in bytes and the hex sha256 of its content, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())


def _deflate_archive(source: Path, target: Path) -> None:
    """Copy a ``.keras`` archive (a zip that Keras writes uncompressed) with every member deflated: the bundle's
    weights shrink to a third or less, and Keras reads them back as fast."""
    with (
        zipfile.ZipFile(source) as packed,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as deflated,
    ):
        for member in packed.infolist():
            deflated.writestr(member, packed.read(member), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def _fsync_directory(directory: Path) -> None:
    # Makes the renames themselves durable. Not possible on every platform/file system: best effort.
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        path.unlink()


def _plain_write_error(error: BaseException) -> str:
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "the disk is full"
        if error.errno in (errno.EROFS,):
            return "the model store is on a read-only file system"
        if error.errno in (errno.EACCES, errno.EPERM):
            return "the model store folder is not writable"
        if error.errno in (errno.ENOTDIR, errno.EEXIST):
            return "the model store path is not a folder"
        return error.strerror or str(error)
    return f"{type(error).__name__}: {error}"


def default_bundle_directory() -> Path | None:
    """The bundle's folder: ``$DASHBOARD_MODEL_BUNDLE`` (``none`` = no bundle) or ``bundled_models/``."""
    return settings.model_bundle_dir()


_DEFAULT_BUNDLE = object()


class ModelStore:
    """Trained models on disk (see the module's description), safe to share between threads and processes.

    ``directory`` defaults to ``$DASHBOARD_MODEL_STORE`` or ``model_store/`` at the repository root;
    ``max_bytes`` to ``$DASHBOARD_MODEL_STORE_MB`` (500) megabytes; ``memory_entries`` to
    ``$DASHBOARD_MODEL_CACHE_ENTRIES`` (16) models kept loaded in this process. The folder is created on the first
    write, so a store that is never written to touches nothing.

    ``bundle`` is the read-only layer looked up after this store: a folder, None for none, and by default the
    default bundle (:func:`default_bundle_directory`) when ``directory`` is the default too (a store in a folder
    of its own, as in the tests, has no bundle unless given one). ``read_only=True`` makes a store that never
    writes, touches, evicts or deletes anything (what a bundle is).
    """

    def __init__(
        self,
        directory: str | os.PathLike | None = None,
        max_bytes: int | None = None,
        memory_entries: int | None = None,
        bundle: str | os.PathLike | None | object = _DEFAULT_BUNDLE,
        read_only: bool = False,
    ) -> None:
        if bundle is _DEFAULT_BUNDLE:
            bundle = default_bundle_directory() if directory is None and not read_only else None
        if directory is None:
            directory = settings.model_store_dir()
        self.directory = Path(directory).expanduser()
        self.read_only = bool(read_only)
        self.bundle: ModelStore | None = (
            ModelStore(bundle, max_bytes=0, memory_entries=0, bundle=None, read_only=True)
            if bundle is not None
            else None
        )
        if max_bytes is None:
            max_bytes = settings.model_store_mb() * 1024 * 1024
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
            raise ValueError(f"max_bytes must be a non-negative whole number of bytes, got {max_bytes!r}.")
        self.max_bytes = max_bytes
        if memory_entries is None:
            memory_entries = settings.model_cache_entries()
        if isinstance(memory_entries, bool) or not isinstance(memory_entries, int) or memory_entries < 0:
            raise ValueError(f"memory_entries must be a non-negative whole number, got {memory_entries!r}.")
        self.memory_entries = memory_entries
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._memory = _ModelMemory(memory_entries, self._key_locks)
        self._write_lock = threading.Lock()  # one writer/evicter per process at a time
        self.loads_from_disk = 0  # how many models were read from disk (the tests and benches count them)

    def __repr__(self) -> str:
        if self.read_only:
            return f"ModelStore({str(self.directory)!r}, read_only=True)"
        bundle = f", bundle={str(self.bundle.directory)!r}" if self.bundle is not None else ""
        return f"ModelStore({str(self.directory)!r}, max_bytes={self.max_bytes}{bundle})"

    # -- paths ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _check_key(key: str) -> str:
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            raise ValueError(f"A model store key is 16 to 64 lower-case hex digits (a config's key), got {key!r}.")
        return key

    def model_path(self, key: str) -> Path:
        return self.directory / f"{self._check_key(key)}.keras"

    def metadata_path(self, key: str) -> Path:
        return self.directory / f"{self._check_key(key)}.json"

    def _temp_path(self, key: str, suffix: str) -> Path:
        return self.directory / f"{_TEMP_PREFIX}{key}-{uuid.uuid4().hex[:12]}{suffix}"

    # -- reading -------------------------------------------------------------------------------------------------

    def _read_metadata(self, key: str) -> dict[str, Any] | None:
        """The committed JSON of ``key`` if it is whole and consistent, else None (a broken one is discarded)."""
        path = self.metadata_path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            logger.warning("Cannot read %s (%s): treated as missing.", path, error)
            return None
        try:
            metadata = json.loads(text)
            if not isinstance(metadata, dict) or metadata.get("key") != key:
                raise ValueError("the JSON does not describe this key")
            if metadata.get("format") != FORMAT_VERSION:
                raise ValueError(f"unknown format {metadata.get('format')!r}")
            keras_file = metadata["keras_file"]
            int(keras_file["bytes"]), str(keras_file["sha256"])
        except (ValueError, KeyError, TypeError) as error:
            logger.warning(
                "The model store entry %s in %s is broken (%s): %s.",
                key,
                self.directory,
                error,
                "skipped" if self.read_only else "discarded",
            )
            self.discard(key)
            return None
        return metadata

    def _verify_model_file(self, key: str, metadata: Mapping[str, Any]) -> bool:
        path = self.model_path(key)
        try:
            size, digest = file_size_and_sha256(path)
        except OSError:
            return False
        expected = metadata["keras_file"]
        return size == int(expected["bytes"]) and digest == expected["sha256"]

    def load_metadata(self, key: str) -> dict[str, Any] | None:
        """The entry's JSON (config, history, test metrics, ...) without loading the model; None when missing."""
        with self._lock:
            remembered = self._memory.peek(self._check_key(key))
        if remembered is not None:
            return dict(remembered.metadata)
        metadata = self._read_metadata(key)
        if metadata is None or not self.model_path(key).is_file():
            return self.bundle.load_metadata(key) if self.bundle is not None else None
        return metadata

    def contains(self, key: str) -> bool:
        """Whether a committed entry (here, in memory or in the bundle) exists; the model file is checked on load."""
        return self.load_metadata(key) is not None

    def load(self, key: str) -> StoredModel | None:
        """The stored (else bundled) model, verified; None on a miss (a broken entry is deleted first, so it can be
        retrained; a broken bundled one is only skipped)."""
        self._check_key(key)
        with self._lock:
            remembered = self._memory.get(key)  # a hit makes it the most recently used
            if remembered is not None:
                key_lock = None
            else:
                key_lock = self._key_locks.setdefault(key, threading.Lock())
        if remembered is not None:
            if remembered.on_disk and not remembered.bundled:
                self._touch(key, remembered.metadata)
            return remembered
        with key_lock:  # thirty visitors asking at once: one loads, the others take it from memory
            with self._lock:
                remembered = self._memory.get(key)
            if remembered is not None:
                return remembered
            loaded = self.load_from_disk(key)
            if loaded is None and self.bundle is not None:
                loaded = self.bundle.load_from_disk(key)
            if loaded is not None:
                self._remember(loaded)
            return loaded

    def load_from_disk(self, key: str) -> StoredModel | None:
        """The entry read from this store's files alone (neither from memory nor from the bundle), verified; None on
        a miss (a broken entry is deleted first)."""
        metadata = self._read_metadata(key)
        if metadata is None:
            return None
        if not self._verify_model_file(key, metadata):
            logger.warning(
                "The model file of %s in %s is missing, truncated or changed: treated as missing.", key, self.directory
            )
            self.discard(key)
            return None
        import keras

        try:
            model = keras.saving.load_model(self.model_path(key), safe_mode=True)
        except Exception as error:  # noqa: BLE001 - a broken file must mean "train again", never a crash
            logger.warning(
                "Cannot load the stored model %s in %s (%s): treated as missing.", key, self.directory, error
            )
            self.discard(key)
            return None
        self.loads_from_disk += 1
        metadata = (None if self.read_only else self._touch(key, metadata)) or metadata
        return StoredModel(key=key, model=model, metadata=metadata, on_disk=True)

    def load_uncompiled(self, key: str) -> Any | None:
        """The entry's network and weights without its optimizer's state (uncompiled), checked like :meth:`load` and
        not kept in memory: what the bundle ships, since stored models only predict. None on a miss."""
        metadata = self._read_metadata(self._check_key(key))
        if metadata is None or not self._verify_model_file(key, metadata):
            return None
        import keras

        return keras.saving.load_model(self.model_path(key), compile=False, safe_mode=True)

    def _touch(self, key: str, metadata: Mapping[str, Any]) -> dict[str, Any] | None:
        """Record a use (for LRU eviction), at most every TOUCH_INTERVAL_SECONDS; a read-only store is fine."""
        now = time.time()
        if now - float(metadata.get("last_used_unix", 0.0)) < TOUCH_INTERVAL_SECONDS:
            return None
        updated = dict(metadata, last_used_unix=now, last_used_at=_now_iso(now))
        try:
            with self._write_lock:
                if not self.metadata_path(key).is_file():
                    return None  # evicted or discarded meanwhile: do not resurrect the JSON
                self._write_json_atomically(key, updated)
        except OSError:
            return None
        with self._lock:
            remembered = self._memory.peek(key)
            if remembered is not None:
                self._memory[key] = StoredModel(key, remembered.model, updated, remembered.on_disk)
        return updated

    # -- memory ----------------------------------------------------------------------------------------------

    def _remember(self, stored: StoredModel) -> StoredModel:
        if self.memory_entries == 0:
            return stored
        with self._lock:
            self._memory[stored.key] = stored  # the least recently used leave when it is full
        return stored

    def remember(self, key: str, model: Any, metadata: Mapping[str, Any]) -> StoredModel:
        """Keep a model in this process' memory only (used when it could not be written to disk)."""
        return self._remember(StoredModel(self._check_key(key), model, dict(metadata), on_disk=False))

    def forget(self, key: str) -> None:
        """Drop a model from this process' memory (the disk entry stays)."""
        with self._lock:
            self._memory.pop(self._check_key(key), None)

    def clear_memory(self) -> None:
        with self._lock:
            self._memory.clear()
            self._key_locks.clear()

    # -- writing -------------------------------------------------------------------------------------------------

    def _write_json_atomically(self, key: str, metadata: Mapping[str, Any]) -> None:
        text = json.dumps(metadata, default=_json_default, indent=1, sort_keys=True)
        temporary = self._temp_path(key, ".json")
        try:
            with open(temporary, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.metadata_path(key))
        finally:
            _remove(temporary)

    def save(self, key: str, model: Any, metadata: Mapping[str, Any], compress: bool = False) -> StoredModel:
        """Write ``model`` and ``metadata`` (JSON-ready) atomically, then evict least recently used entries.

        Raises :class:`StoreWriteError` with a plain message when the entry cannot be written; nothing half
        written is left behind as an entry. The model is also kept in memory. ``compress``: deflate the archive
        (smaller, slower to write; the bundle committed to the repository uses it).
        """
        self._check_key(key)
        if self.read_only:
            raise StoreWriteError("The model could not be kept (this model store is read-only).")
        now = time.time()
        model_temporary = self._temp_path(key, ".keras")
        uncompressed = self._temp_path(key, ".keras") if compress else model_temporary
        with self._write_lock:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                # An older entry of the same key is uncommitted first: a reader must never pair its JSON with the
                # new model file (it would fail the checksum and delete the new file).
                _remove(self.metadata_path(key))
                model.save(uncompressed)
                if compress:
                    _deflate_archive(uncompressed, model_temporary)
                    _remove(uncompressed)
                _fsync_file(model_temporary)
                size, digest = file_size_and_sha256(model_temporary)
                os.replace(model_temporary, self.model_path(key))
                full_metadata = dict(metadata)
                full_metadata.update(
                    format=FORMAT_VERSION,
                    key=key,
                    keras_file={"bytes": size, "sha256": digest, "name": self.model_path(key).name},
                    created_unix=now,
                    created_at=_now_iso(now),
                    last_used_unix=now,
                    last_used_at=_now_iso(now),
                )
                self._write_json_atomically(key, full_metadata)  # the commit marker, written last
                _fsync_directory(self.directory)
            except Exception as error:  # noqa: BLE001 - disk full, read-only, ...: the caller keeps the model
                _remove(uncompressed)
                _remove(model_temporary)
                with contextlib.suppress(OSError):
                    if not self.metadata_path(key).is_file():
                        _remove(self.model_path(key))
                raise StoreWriteError(
                    f"The model could not be kept in the model store ({_plain_write_error(error)})."
                ) from error
        stored = self._remember(StoredModel(key, model, full_metadata, on_disk=True))
        try:
            self.evict(keep=(key,))
        except OSError as error:
            logger.warning("Evicting old models from %s failed: %s", self.directory, error)
        return stored

    def discard(self, key: str) -> None:
        """Delete an entry (JSON first, so it stops being an entry at once) and forget it in memory."""
        self._check_key(key)
        with self._lock:
            self._memory.pop(key, None)
        if self.read_only:
            return
        with contextlib.suppress(OSError):
            _remove(self.metadata_path(key))
            _remove(self.model_path(key))

    # -- size ------------------------------------------------------------------------------------------------

    def entries(self) -> list[StoreEntry]:
        """Every committed entry on disk, least recently used first."""
        found: list[StoreEntry] = []
        try:
            paths = list(self.directory.glob("*.json"))
        except OSError:
            return found
        for path in paths:
            key = path.stem
            if not _KEY_PATTERN.match(key):
                continue
            try:
                metadata = json.loads(path.read_text(encoding="utf-8"))
                size = path.stat().st_size + self.model_path(key).stat().st_size
                found.append(
                    StoreEntry(
                        key=key,
                        size_bytes=size,
                        created_at=float(metadata.get("created_unix", 0.0)),
                        last_used_at=float(metadata.get("last_used_unix", 0.0)),
                        config=metadata.get("config", {}),
                    )
                )
            except (OSError, ValueError, TypeError, AttributeError):
                continue  # half-gone or broken: load() discards it, eviction's orphan sweep removes leftovers
        found.sort(key=lambda entry: (entry.last_used_at, entry.created_at, entry.key))
        return found

    def total_bytes(self) -> int:
        return sum(entry.size_bytes for entry in self.entries())

    def _sweep_orphans(self) -> None:
        now = time.time()
        try:
            paths = list(self.directory.iterdir())
        except OSError:
            return
        names = {path.name for path in paths}
        for path in paths:
            with contextlib.suppress(OSError):
                age = now - path.stat().st_mtime
                if path.name.startswith(_TEMP_PREFIX) and age > ORPHAN_AGE_SECONDS:
                    _remove(path)
                elif path.suffix == ".keras" and f"{path.stem}.json" not in names and age > ORPHAN_AGE_SECONDS:
                    _remove(path)
                elif path.suffix == ".json" and _KEY_PATTERN.match(path.stem) and f"{path.stem}.keras" not in names:
                    _remove(path)  # a JSON without its model is never valid (the model is written first)

    def evict(self, keep: tuple[str, ...] = ()) -> list[str]:
        """Delete least recently used entries until the store fits in ``max_bytes``; returns the evicted keys.

        Entries in ``keep`` (the one just written) stay even when they alone exceed the bound.
        """
        evicted: list[str] = []
        if self.read_only:
            return evicted
        with self._write_lock:
            self._sweep_orphans()
            entries = self.entries()
            total = sum(entry.size_bytes for entry in entries)
            for entry in entries:
                if total <= self.max_bytes:
                    break
                if entry.key in keep:
                    continue
                self.discard(entry.key)
                total -= entry.size_bytes
                evicted.append(entry.key)
        if evicted:
            logger.info("Model store over %d bytes: evicted %s", self.max_bytes, ", ".join(evicted))
        return evicted


def model_to_bytes(model) -> bytes:
    """A trained model as the bytes of a ``.keras`` file, written in a private temporary folder (mode 0700) that is
    gone when this returns: how a model the store could not keep still reaches the server."""
    with tempfile.TemporaryDirectory(prefix="dashboard-model-") as folder:
        path = Path(folder) / "model.keras"
        model.save(path)
        return path.read_bytes()


def model_from_bytes(data: bytes):
    """The model in ``data`` (a ``.keras`` file's bytes), loaded with ``safe_mode=True``."""
    import keras

    with tempfile.TemporaryDirectory(prefix="dashboard-model-") as folder:
        path = Path(folder) / "model.keras"
        path.write_bytes(data)
        return keras.saving.load_model(path, safe_mode=True)
