"""Data a visitor uploaded, kept so that a training job can name it.

A training config must be a small hashable value, so it cannot carry a table. A page that trains on a visitor's
file first calls :func:`keep_upload` with the *validated* content (a pandas DataFrame or plain bytes) and puts the
returned id (``upload-<sha256 prefix>``) in ``TrainConfig.dataset``; the task's ``load_data`` calls
:func:`get_upload` with that id. Equal content gives the same id, so two visitors who upload the same file share one
training and one stored model.

Uploads live in memory only, bounded by count and size (least recently used leave first): nothing a visitor sends
is written to disk or executed. After a restart an id is unknown and :func:`get_upload` raises
:class:`core.data.datasets.DatasetUnavailable`, which the engine turns into "upload the file again". A job that
trains on an upload carries its content to the training process over the pipe (:func:`upload_for_job`); the
process keeps it for that job only (:func:`put_upload`, then :func:`forget`).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, NamedTuple

import cachetools

from core.data.datasets import DatasetUnavailable

MAX_UPLOADS = 32
MAX_TOTAL_BYTES = 200 * 1024 * 1024
ID_PREFIX = "upload-"
ID_HEX_CHARACTERS = 24


class _Upload(NamedTuple):
    content: Any
    size: int  # bytes in memory
    label: str


_lock = threading.Lock()
# Bounded by total size here (the least recently used leave first) and by count in keep_upload (MAX_UPLOADS is
# read there, so a test can lower it).
_uploads: cachetools.LRUCache = cachetools.LRUCache(maxsize=MAX_TOTAL_BYTES, getsizeof=lambda upload: upload.size)


def _fingerprint(content: Any) -> tuple[bytes, int]:
    """Bytes that identify the content, and its size in memory."""
    import pandas as pd

    if isinstance(content, (bytes, bytearray, memoryview)):
        data = bytes(content)
        return data, len(data)
    if isinstance(content, pd.DataFrame):
        hashed = pd.util.hash_pandas_object(content, index=True).to_numpy().tobytes()
        names = "\x1f".join(map(str, content.columns)).encode("utf-8", "surrogatepass")
        return names + b"\x1e" + hashed, int(content.memory_usage(index=True, deep=True).sum())
    raise TypeError(f"An upload is kept as bytes or a pandas DataFrame, got {type(content).__name__}.")


def keep_upload(content: Any, label: str = "") -> str:
    """Keep ``content`` (bytes or a DataFrame, already validated) and return its dataset id.

    ``label`` is what the page shows for it (the file name): it is stored beside the content, not hashed.
    """
    fingerprint, size = _fingerprint(content)
    if size > MAX_TOTAL_BYTES:
        raise ValueError(
            f"The upload is too large to keep ({size / 1e6:.0f} MB; at most {MAX_TOTAL_BYTES / 1e6:.0f} MB)."
        )
    upload_id = ID_PREFIX + hashlib.sha256(fingerprint).hexdigest()[:ID_HEX_CHARACTERS]
    if hasattr(content, "copy") and not isinstance(content, (bytes, bytearray)):
        content = content.copy()
    elif not isinstance(content, bytes):
        content = bytes(content)
    with _lock:
        _uploads[upload_id] = _Upload(content, size, str(label)[:200])
        while len(_uploads) > MAX_UPLOADS:
            _uploads.popitem()
    return upload_id


def get_upload(upload_id: str) -> Any:
    """The content kept under ``upload_id`` (a copy for DataFrames, so a task cannot change what others read)."""
    with _lock:
        entry = _uploads.get(upload_id)  # a hit makes it the most recently used
    if entry is None:
        raise DatasetUnavailable(
            "The uploaded file is no longer in memory (the server was restarted or many files were uploaded since): "
            "please upload it again."
        )
    content = entry.content
    return content.copy() if hasattr(content, "copy") and not isinstance(content, bytes) else content


def upload_for_job(upload_id: str) -> tuple[str, Any, str] | None:
    """``(id, content, label)`` of a kept upload, for a training process (None when it is not kept): the content
    travels with the job over a pipe, never through a file."""
    with _lock:
        entry = _uploads.get(upload_id)
    return None if entry is None else (upload_id, entry.content, entry.label)


def put_upload(upload_id: str, content: Any, label: str = "") -> None:
    """In a training process: keep the content a job brought under its id, for the job's ``load_data``."""
    with _lock:
        _uploads[upload_id] = _Upload(content, _fingerprint(content)[1], str(label)[:200])


def forget(upload_id: str) -> None:
    """Drop one upload (a training process, once the job that brought it has ended)."""
    with _lock:
        _uploads.pop(upload_id, None)


def upload_label(upload_id: str) -> str:
    with _lock:
        entry = _uploads.get(upload_id)
    return entry.label if entry is not None else ""


def is_upload_id(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(ID_PREFIX)


def forget_all() -> None:
    """Drop every upload (tests)."""
    with _lock:
        _uploads.clear()
