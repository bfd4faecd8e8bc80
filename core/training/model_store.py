"""Trained models, keyed by their config's hash, kept across restarts: ``<key>.json`` names ``<key>-<id>.keras``.

Where: ``DASHBOARD_MODEL_STORE``, by default the folder ``model_store/`` at the repository root (ignored by git; next
to the code, so ``python -m core.prewarm`` and ``streamlit run`` from the same checkout share it). The location is a
local path, a ``file://`` URL, or any URL that ``fsspec`` reads (``s3://bucket/prefix``, ``gs://bucket/prefix``,
``memory://...`` in tests), so that several app servers and their training processes share one store. A local
location keeps the plain file code below and needs no fsspec; a URL imports fsspec (and s3fs or gcsfs, see
requirements-cluster.txt) only then, through ``fsspec.core.url_to_fs(url, **storage_options)``. The options come
from ``DASHBOARD_MODEL_STORE_OPTIONS`` (a JSON object such as ``{"endpoint_url": "http://127.0.0.1:9000"}``) or
the ``storage_options`` argument; credentials never do: they come from the usual environment (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``GOOGLE_APPLICATION_CREDENTIALS``, ...), which training processes inherit. botocore
(1.31 and later, so s3fs) also reads the endpoint from ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL`` when no
``endpoint_url`` option is given. Its size is bounded by ``DASHBOARD_MODEL_STORE_MB`` (default 500 MB): after each
write the least recently used entries leave first.

How an entry is written, so that a reader never sees half of one (a crash, a full disk, two servers at once):

1. the model goes to a file of its own, ``<key>-<16 random hex digits>.keras``, never written again: locally a
   temporary file in the same folder, fsync'ed, then ``os.replace``d to that name; on an object store one PUT;
2. the JSON (config, history, test metrics, timings, times, and the name, size and sha256 of that model file) goes
   to ``<key>.json``, locally through a temporary file + ``os.replace``, on an object store in one PUT (both atomic:
   a reader sees the old JSON or the new one). The JSON is the commit marker: no JSON, no entry;
3. only then is the model file of the entry it replaced deleted. Two writers of the same key therefore never pair one
   JSON with the other's model: the last JSON committed wins, whole, and the loser's model file is an orphan that the
   sweep removes once it is ``ORPHAN_AGE_SECONDS`` old (a younger one may be a write in progress elsewhere).

How an entry is read: the JSON must parse and name this key and a model file of this key (an absent name means
``<key>.keras``, how entries were named before, as in ``bundled_models/``), that file must have the recorded size and
sha256, and ``keras.saving.load_model(path, safe_mode=True)`` must succeed; from an object store the bytes are
downloaded into a private temporary folder and checked there before loading. When a check fails and the JSON has not
changed meanwhile, the entry is discarded (the JSON, then the file it names) and the load reports a miss, so the
engine trains again: a broken file never crashes a page. When the JSON did change (another server committed a newer
entry and deleted the file this reader was about to read), the newer entry is read instead.

One race is left on object stores, where fsspec offers no conditional PUT or DELETE: a use's last-used time (written
at most once a minute per entry) or a discard may overwrite or delete a JSON that another server committed in the
same few milliseconds. The worst outcome is a miss and one more training, never a wrong or unchecked model.

Under the writable store lies a read-only layer, the **bundle**: ``bundled_models/`` in the repository (or the folder
or URL named by ``DASHBOARD_MODEL_BUNDLE``; ``none`` turns it off), every page's default model trained ahead of time
by ``python -m core.prewarm --bundle`` and committed with the code, so a fresh deployment (an empty disk) serves them
at once. A lookup asks the store first, then the bundle; the engine trains only when both miss. A bundled entry has
the store's own format and is checked the same way (JSON, size, sha256, ``safe_mode=True``), is never written,
touched or evicted, and a broken one is a miss (logged), not a crash. Its JSON carries a ``bundle`` record (the
command, when, on which data) that the pages show.

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
_MODEL_NAME_PATTERN = re.compile(r"^(?P<key>[0-9a-f]{16,64})(-[0-9a-f]{16})?\.keras$")
# A load whose entry is replaced while it reads (another server saving the same key) reads the newer one, this often.
_READ_ATTEMPTS = 5
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


def _temp_path(folder: Path, key: str, suffix: str) -> Path:
    return folder / f"{_TEMP_PREFIX}{key}-{uuid.uuid4().hex[:12]}{suffix}"


def is_url(location: str | os.PathLike) -> bool:
    """Whether a store location is a URL (``scheme://...``) rather than a local path."""
    return isinstance(location, str) and "://" in location


def _local_path(location: str | os.PathLike) -> Path | None:
    """The local folder a location names (a path or a ``file://`` URL), None for any other URL."""
    if not is_url(location):
        return Path(location).expanduser()
    if str(location).startswith("file://"):
        return Path(str(location)[len("file://") :]).expanduser()
    return None


class _Unverified(Exception):
    """A model file is missing, or its size or sha256 differs from its JSON's record."""


def _check_bytes(data: bytes, size: int, sha256: str) -> None:
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
        raise _Unverified("the model file is truncated or changed")


def _info_time(info: Mapping[str, Any]) -> float:
    """When a listed object was last written, from the fields fsspec's file systems use; now when none is known (an
    orphan of unknown age is never swept)."""
    for field in ("mtime", "LastModified", "last_modified", "updated", "modified", "created", "timeCreated"):
        value = info.get(field)
        if isinstance(value, datetime.datetime):
            return (value if value.tzinfo else value.replace(tzinfo=datetime.UTC)).timestamp()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return time.time()


class _LocalFolder:
    """A store's files in a local folder: temporary file, fsync and ``os.replace`` (atomic on one file system)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def read_bytes(self, name: str) -> bytes | None:
        try:
            return (self.directory / name).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def exists(self, name: str) -> bool:
        return (self.directory / name).is_file()

    def listing(self) -> dict[str, tuple[int, float]]:
        """Every file's name -> (size, modification time); empty when the folder does not exist."""
        found: dict[str, tuple[int, float]] = {}
        try:
            paths = list(self.directory.iterdir())
        except OSError:
            return found
        for path in paths:
            with contextlib.suppress(OSError):
                status = path.stat()
                found[path.name] = (status.st_size, status.st_mtime)
        return found

    def remove(self, name: str) -> None:
        _remove(self.directory / name)

    @contextlib.contextmanager
    def staging(self):
        """Where a model is written before it is committed: the store's own folder (so ``os.replace`` is a rename)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        yield self.directory

    def put_model(self, temporary: Path, name: str) -> None:
        _fsync_file(temporary)
        os.replace(temporary, self.directory / name)

    def commit_json(self, name: str, text: str) -> None:
        temporary = _temp_path(self.directory, name.removesuffix(".json"), ".json")
        try:
            with open(temporary, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.directory / name)
        finally:
            _remove(temporary)

    def finish(self) -> None:
        _fsync_directory(self.directory)

    @contextlib.contextmanager
    def verified_copy(self, name: str, size: int, sha256: str):
        """The model file's path once its size and sha256 match (its name is never written twice, so it cannot
        change between the check and the load; it can only be deleted, which the load then reports)."""
        path = self.directory / name
        try:
            found = file_size_and_sha256(path)
        except OSError as error:
            raise _Unverified("the model file is missing") from error
        if found != (size, sha256):
            raise _Unverified("the model file is truncated or changed")
        yield path


class _RemoteFolder:
    """A store's files under a URL, through fsspec: every write is one PUT of a whole object (atomic on S3 and GCS:
    a reader gets the old object, the new one, or none), every read one GET."""

    def __init__(self, url: str, storage_options: Mapping[str, Any]) -> None:
        try:
            import fsspec  # only for URLs: a local store works without fsspec installed
        except ImportError as error:
            raise ImportError(
                f"The model store {url} is a URL, read through fsspec: install requirements-cluster.txt "
                "(fsspec, s3fs), or give a local folder."
            ) from error
        self.fs, root = fsspec.core.url_to_fs(url, **storage_options)
        self.root = root.rstrip("/")

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}"

    @contextlib.contextmanager
    def _as_os_errors(self):
        # A network or service error (botocore's, aiohttp's) is reported like a local I/O error: a plain OSError.
        try:
            yield
        except OSError:
            raise
        except Exception as error:  # noqa: BLE001 - each file system library raises its own kinds
            raise OSError(f"{type(error).__name__}: {error}") from error

    def read_bytes(self, name: str) -> bytes | None:
        with self._as_os_errors():
            try:
                return self.fs.cat_file(self._path(name))
            except FileNotFoundError:
                return None

    def exists(self, name: str) -> bool:
        with self._as_os_errors():
            self.fs.invalidate_cache(self._path(name))  # s3fs answers from its cached listing otherwise
            return self.fs.exists(self._path(name))

    def listing(self) -> dict[str, tuple[int, float]]:
        found: dict[str, tuple[int, float]] = {}
        with self._as_os_errors():
            self.fs.invalidate_cache(self.root)  # another server may have written since the last listing
            try:
                infos = self.fs.ls(self.root, detail=True)
            except FileNotFoundError:
                return found
        for info in infos:
            if info.get("type") == "directory":
                continue
            found[str(info["name"]).rstrip("/").rsplit("/", 1)[-1]] = (int(info.get("size") or 0), _info_time(info))
        return found

    def remove(self, name: str) -> None:
        with self._as_os_errors(), contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self._path(name))

    @contextlib.contextmanager
    def staging(self):
        with tempfile.TemporaryDirectory(prefix="dashboard-model-") as folder:  # private (mode 0700)
            yield Path(folder)

    def put_model(self, temporary: Path, name: str) -> None:
        with self._as_os_errors():
            self.fs.pipe_file(self._path(name), temporary.read_bytes())

    def commit_json(self, name: str, text: str) -> None:
        with self._as_os_errors():
            self.fs.pipe_file(self._path(name), text.encode("utf-8"))

    def finish(self) -> None:
        pass

    @contextlib.contextmanager
    def verified_copy(self, name: str, size: int, sha256: str):
        """The model's bytes downloaded into a private temporary folder and checked there, then its path."""
        data = self.read_bytes(name)
        if data is None:
            raise _Unverified("the model file is missing")
        _check_bytes(data, size, sha256)
        with tempfile.TemporaryDirectory(prefix="dashboard-model-") as folder:
            path = Path(folder) / "model.keras"
            path.write_bytes(data)
            yield path


def _plain_write_error(error: BaseException) -> str:
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "the disk is full"
        if error.errno in (errno.EROFS,):
            return "the model store is on a read-only file system"
        if error.errno in (errno.EACCES, errno.EPERM) or isinstance(error, PermissionError):
            return "the model store folder is not writable"
        if error.errno in (errno.ENOTDIR, errno.EEXIST):
            return "the model store path is not a folder"
        return error.strerror or str(error)
    return f"{type(error).__name__}: {error}"


def default_bundle_directory() -> str | Path | None:
    """The bundle's location: ``$DASHBOARD_MODEL_BUNDLE`` (``none`` = no bundle) or ``bundled_models/``."""
    return settings.model_bundle_dir()


_DEFAULT_BUNDLE = object()


class ModelStore:
    """Trained models in a folder or under a URL (see the module's description), safe to share between threads,
    processes and servers.

    ``directory`` (a path, a ``file://`` URL or an fsspec URL) defaults to ``$DASHBOARD_MODEL_STORE`` or
    ``model_store/`` at the repository root; ``storage_options`` (for a URL; passed to fsspec) to
    ``$DASHBOARD_MODEL_STORE_OPTIONS``; ``max_bytes`` to ``$DASHBOARD_MODEL_STORE_MB`` (500) megabytes;
    ``memory_entries`` to ``$DASHBOARD_MODEL_CACHE_ENTRIES`` (16) models kept loaded in this process. A local folder
    is created on the first write, so a store that is never written to touches nothing.

    :attr:`location` is what another process passes as ``directory`` to open the same store (the training
    processes, a Ray task); :attr:`directory` is the local folder as a :class:`~pathlib.Path`, None for a URL.

    ``bundle`` is the read-only layer looked up after this store: a folder or URL, None for none, and by default the
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
        storage_options: Mapping[str, Any] | None = None,
    ) -> None:
        if bundle is _DEFAULT_BUNDLE:
            bundle = default_bundle_directory() if directory is None and not read_only else None
        if directory is None:
            directory = settings.model_store_dir()
        local = _local_path(directory)
        self.directory: Path | None = local
        self.storage_options: dict[str, Any] = {}
        self._files: _LocalFolder | _RemoteFolder
        if local is not None:
            self.location = str(local)
            self._files = _LocalFolder(local)
        else:
            self.location = str(directory).rstrip("/")
            self.storage_options = dict(settings.model_store_options() if storage_options is None else storage_options)
            self._files = _RemoteFolder(self.location, self.storage_options)
        self.read_only = bool(read_only)
        self.bundle: ModelStore | None = (
            ModelStore(
                bundle,
                max_bytes=0,
                memory_entries=0,
                bundle=None,
                read_only=True,
                storage_options=storage_options,
            )
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
            return f"ModelStore({self.location!r}, read_only=True)"
        bundle = f", bundle={self.bundle.location!r}" if self.bundle is not None else ""
        return f"ModelStore({self.location!r}, max_bytes={self.max_bytes}{bundle})"

    # -- names ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _check_key(key: str) -> str:
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            raise ValueError(f"A model store key is 16 to 64 lower-case hex digits (a config's key), got {key!r}.")
        return key

    @staticmethod
    def _json_name(key: str) -> str:
        return f"{key}.json"

    @staticmethod
    def _model_name(key: str, metadata: Mapping[str, Any]) -> str:
        """The model file the JSON names: ``<key>-<16 hex>.keras``, or ``<key>.keras`` when it names none (entries
        written before the names were unique, the bundle). Any other name is refused: no JSON points elsewhere."""
        name = metadata["keras_file"].get("name") or f"{key}.keras"
        match = _MODEL_NAME_PATTERN.match(str(name))
        if match is None or match["key"] != key:
            raise ValueError(f"the JSON names the model file {name!r}, not one of this key")
        return str(name)

    def _model_name_in(self, key: str, raw: bytes | None) -> str | None:
        """The model file named by a JSON's bytes; None when they do not parse."""
        with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
            return self._model_name(key, json.loads(raw)) if raw is not None else None
        return None

    def _local_directory(self) -> Path:
        if self.directory is None:
            raise ValueError(f"The model store {self.location} is not a local folder: its files have no local path.")
        return self.directory

    def model_path(self, key: str) -> Path:
        """A local store's model file for ``key`` (the one its JSON names); a URL store has none (ValueError): use
        :meth:`model_bytes`."""
        raw = self._read_raw(self._check_key(key))
        return self._local_directory() / (self._model_name_in(key, raw) or f"{key}.keras")

    def metadata_path(self, key: str) -> Path:
        """A local store's JSON file for ``key``; a URL store has none (ValueError)."""
        return self._local_directory() / self._json_name(self._check_key(key))

    # -- reading -------------------------------------------------------------------------------------------------

    def _read_raw(self, key: str) -> bytes | None:
        """The JSON's bytes as stored now; None when there is none or it cannot be read (logged)."""
        try:
            return self._files.read_bytes(self._json_name(key))
        except OSError as error:
            logger.warning("Cannot read the entry %s in %s (%s): treated as missing.", key, self.location, error)
            return None

    def _parse(self, key: str, raw: bytes) -> dict[str, Any]:
        metadata = json.loads(raw)
        if not isinstance(metadata, dict) or metadata.get("key") != key:
            raise ValueError("the JSON does not describe this key")
        if metadata.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown format {metadata.get('format')!r}")
        keras_file = metadata["keras_file"]
        int(keras_file["bytes"]), str(keras_file["sha256"])
        self._model_name(key, metadata)
        return metadata

    def _read_entry(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        """The committed JSON of ``key`` (parsed, and its bytes) if it is whole and consistent, else None (a broken
        one is discarded)."""
        raw = self._read_raw(key)
        if raw is None:
            return None
        try:
            return self._parse(key, raw), raw
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            logger.warning(
                "The model store entry %s in %s is broken (%s): %s.",
                key,
                self.location,
                error,
                "skipped" if self.read_only else "discarded",
            )
            self._discard_if_unchanged(key, raw)
            return None

    def _read_metadata(self, key: str) -> dict[str, Any] | None:
        entry = self._read_entry(key)
        return None if entry is None else entry[0]

    def _replaced_since(self, key: str, raw: bytes) -> bool:
        """Whether another writer committed a newer JSON for ``key`` since ``raw`` was read."""
        current = self._read_raw(key)
        return current is not None and current != raw

    def _read_verified(self, key: str, reader) -> tuple[dict[str, Any], Any] | None:
        """``reader(name, size, sha256)`` applied to the committed entry's model file, with its JSON; None on a
        miss. A failure while the JSON stayed the same discards the entry; a failure because a newer entry replaced
        it (and deleted the file being read) reads the newer entry instead."""
        for _ in range(_READ_ATTEMPTS):
            entry = self._read_entry(key)
            if entry is None:
                return None
            metadata, raw = entry
            expected = metadata["keras_file"]
            try:
                return metadata, reader(self._model_name(key, metadata), int(expected["bytes"]), expected["sha256"])
            except Exception as error:  # noqa: BLE001 - a broken file must mean "train again", never a crash
                if self._replaced_since(key, raw):
                    continue
                if isinstance(error, _Unverified):
                    logger.warning(
                        "The model file of %s in %s is missing, truncated or changed: treated as missing.",
                        key,
                        self.location,
                    )
                else:
                    logger.warning(
                        "Cannot load the stored model %s in %s (%s): treated as missing.", key, self.location, error
                    )
                self._discard_if_unchanged(key, raw)
                return None
        return None  # rewritten on every attempt: a miss now; the next request reads the entry that settled

    def _keras_reader(self, compile: bool):
        def read(name: str, size: int, sha256: str):
            import keras

            with self._files.verified_copy(name, size, sha256) as path:
                return keras.saving.load_model(path, compile=compile, safe_mode=True)

        return read

    def load_metadata(self, key: str) -> dict[str, Any] | None:
        """The entry's JSON (config, history, test metrics, ...) without loading the model; None when missing."""
        with self._lock:
            remembered = self._memory.peek(self._check_key(key))
        if remembered is not None:
            return dict(remembered.metadata)
        metadata = self._read_metadata(key)
        present = False
        if metadata is not None:
            with contextlib.suppress(OSError):
                present = self._files.exists(self._model_name(key, metadata))
        if not present:
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
        found = self._read_verified(self._check_key(key), self._keras_reader(compile=True))
        if found is None:
            return None
        metadata, model = found
        self.loads_from_disk += 1
        metadata = (None if self.read_only else self._touch(key, metadata)) or metadata
        return StoredModel(key=key, model=model, metadata=metadata, on_disk=True)

    def load_uncompiled(self, key: str) -> Any | None:
        """The entry's network and weights without its optimizer's state (uncompiled), checked like :meth:`load` and
        not kept in memory: what the bundle ships, since stored models only predict. None on a miss."""
        found = self._read_verified(self._check_key(key), self._keras_reader(compile=False))
        return None if found is None else found[1]

    def model_bytes(self, key: str) -> bytes | None:
        """The committed ``.keras`` file's bytes, checked against its JSON (what a page offers for download); None
        on a miss. Looks in this store, then in the bundle."""

        def read(name: str, size: int, sha256: str) -> bytes:
            data = self._files.read_bytes(name)
            if data is None:
                raise _Unverified("the model file is missing")
            _check_bytes(data, size, sha256)
            return data

        found = self._read_verified(self._check_key(key), read)
        if found is None:
            return self.bundle.model_bytes(key) if self.bundle is not None else None
        return found[1]

    def _touch(self, key: str, metadata: Mapping[str, Any]) -> dict[str, Any] | None:
        """Record a use (for LRU eviction), at most every TOUCH_INTERVAL_SECONDS; a read-only store is fine. The
        JSON is rewritten only while it still names the same model file (a newer entry is left as it is)."""
        now = time.time()
        if now - float(metadata.get("last_used_unix", 0.0)) < TOUCH_INTERVAL_SECONDS:
            return None
        updated = dict(metadata, last_used_unix=now, last_used_at=_now_iso(now))
        try:
            with self._write_lock:
                name = self._model_name(key, metadata)
                if self._model_name_in(key, self._files.read_bytes(self._json_name(key))) != name:
                    return None  # evicted, discarded or replaced meanwhile: do not resurrect or overwrite the JSON
                self._write_json_atomically(key, updated)
        except (OSError, ValueError, KeyError):
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
        self._files.commit_json(self._json_name(key), text)

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
        name = f"{key}-{uuid.uuid4().hex[:16]}.keras"  # never written twice: no reader pairs a JSON with another file
        temporaries: list[Path] = []
        with self._write_lock:
            try:
                with self._files.staging() as folder:
                    model_temporary = _temp_path(folder, key, ".keras")
                    uncompressed = _temp_path(folder, key, ".keras") if compress else model_temporary
                    temporaries = [model_temporary, uncompressed]
                    model.save(uncompressed)
                    if compress:
                        _deflate_archive(uncompressed, model_temporary)
                        _remove(uncompressed)
                    size, digest = file_size_and_sha256(model_temporary)
                    previous = self._files.read_bytes(self._json_name(key))  # the entry this write replaces
                    self._files.put_model(model_temporary, name)
                    full_metadata = dict(metadata)
                    full_metadata.update(
                        format=FORMAT_VERSION,
                        key=key,
                        keras_file={"bytes": size, "sha256": digest, "name": name},
                        created_unix=now,
                        created_at=_now_iso(now),
                        last_used_unix=now,
                        last_used_at=_now_iso(now),
                    )
                    self._write_json_atomically(key, full_metadata)  # the commit marker, written last
                    self._files.finish()
            except Exception as error:  # noqa: BLE001 - disk full, read-only, ...: the caller keeps the model
                for temporary in temporaries:
                    _remove(temporary)
                with contextlib.suppress(OSError):
                    if self._model_name_in(key, self._files.read_bytes(self._json_name(key))) != name:
                        self._files.remove(name)
                raise StoreWriteError(
                    f"The model could not be kept in the model store ({_plain_write_error(error)})."
                ) from error
            replaced = self._model_name_in(key, previous)
            if replaced is not None and replaced != name:
                with contextlib.suppress(OSError):
                    self._files.remove(replaced)  # a reader still on it sees the new JSON and reads that instead
        stored = self._remember(StoredModel(key, model, full_metadata, on_disk=True))
        try:
            self.evict(keep=(key,))
        except OSError as error:
            logger.warning("Evicting old models from %s failed: %s", self.location, error)
        return stored

    def discard(self, key: str) -> None:
        """Delete an entry (JSON first, so it stops being an entry at once, then the model file it names) and forget
        it in memory."""
        self._check_key(key)
        with self._lock:
            self._memory.pop(key, None)
        if self.read_only:
            return
        with contextlib.suppress(OSError):
            raw = self._files.read_bytes(self._json_name(key))
            self._files.remove(self._json_name(key))
            self._files.remove(self._model_name_in(key, raw) or f"{key}.keras")

    def _discard_if_unchanged(self, key: str, raw: bytes) -> None:
        """Discard the entry whose JSON was ``raw``, unless another writer has committed a newer one meanwhile."""
        with self._lock:
            self._memory.pop(key, None)
        if self.read_only:
            return
        with contextlib.suppress(OSError):
            current = self._files.read_bytes(self._json_name(key))
            if current is not None and current != raw:
                return
            if current is not None:
                self._files.remove(self._json_name(key))
            name = self._model_name_in(key, raw)
            if name is not None:
                self._files.remove(name)  # a broken JSON's file has no known name: the orphan sweep takes it

    # -- size ------------------------------------------------------------------------------------------------

    def _scan(self) -> tuple[list[StoreEntry], dict[str, tuple[int, float]], dict[str, bytes], dict[str, bytes]]:
        """Every committed entry (least recently used first), the listing, each entry's JSON bytes by key, and the
        JSONs whose model file was not listed (by key)."""
        listing = self._files.listing()
        found: list[StoreEntry] = []
        raws: dict[str, bytes] = {}
        dangling: dict[str, bytes] = {}
        for json_name in [name for name in listing if name.endswith(".json")]:
            key = json_name[: -len(".json")]
            if not _KEY_PATTERN.match(key):
                continue
            try:
                raw = self._files.read_bytes(json_name)
                if raw is None:
                    continue
                metadata = json.loads(raw)
                model_name = self._model_name(key, metadata)
                if model_name not in listing:
                    dangling[key] = raw
                    continue
                raws[key] = raw
                found.append(
                    StoreEntry(
                        key=key,
                        size_bytes=len(raw) + listing[model_name][0],
                        created_at=float(metadata.get("created_unix", 0.0)),
                        last_used_at=float(metadata.get("last_used_unix", 0.0)),
                        config=metadata.get("config", {}),
                    )
                )
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                continue  # half-gone or broken: load() discards it, eviction's orphan sweep removes leftovers
        found.sort(key=lambda entry: (entry.last_used_at, entry.created_at, entry.key))
        return found, listing, raws, dangling

    def entries(self) -> list[StoreEntry]:
        """Every committed entry, least recently used first."""
        return self._scan()[0]

    def total_bytes(self) -> int:
        return sum(entry.size_bytes for entry in self.entries())

    def _sweep_orphans(self, listing: dict[str, tuple[int, float]], raws: dict[str, bytes], dangling) -> None:
        now = time.time()
        named = {self._model_name_in(key, raw) for key, raw in raws.items()}
        for name, (_, modified) in listing.items():
            old = now - modified > ORPHAN_AGE_SECONDS
            with contextlib.suppress(OSError):
                if name.startswith(_TEMP_PREFIX) and old:
                    self._files.remove(name)
                elif name.endswith(".keras") and name not in named and old:
                    self._files.remove(name)  # a writer's that lost the race, or one that crashed before its JSON
        for key, raw in dangling.items():
            # A JSON without its model file is never valid (the model is written first), unless a newer entry was
            # committed after the listing: then it names a file that exists, or it differs from what was read.
            with contextlib.suppress(OSError, ValueError, KeyError):
                if not self._files.exists(self._model_name(key, json.loads(raw))):
                    self._discard_if_unchanged(key, raw)

    def evict(self, keep: tuple[str, ...] = ()) -> list[str]:
        """Delete least recently used entries until the store fits in ``max_bytes``; returns the evicted keys.

        Entries in ``keep`` (the one just written) stay even when they alone exceed the bound.
        """
        evicted: list[str] = []
        if self.read_only:
            return evicted
        with self._write_lock:
            entries, listing, raws, dangling = self._scan()
            self._sweep_orphans(listing, raws, dangling)
            total = sum(entry.size_bytes for entry in entries)
            for entry in entries:
                if total <= self.max_bytes:
                    break
                if entry.key in keep:
                    continue
                self._discard_if_unchanged(entry.key, raws[entry.key])
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
