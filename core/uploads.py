"""Data a visitor uploaded, kept so that a training job can name it.

A training config must be a small hashable value, so it cannot carry a table. A page that trains on a visitor's
file first calls :func:`keep_upload` with the *validated* content (a pandas DataFrame or plain bytes) and puts the
returned id (``upload-<sha256 prefix>``) in ``TrainConfig.dataset``; the task's ``load_data`` calls
:func:`get_upload` with that id. Equal content gives the same id, so two visitors who upload the same file share one
training and one stored model.

Uploads live in memory only, bounded by count and size (least recently used leave first): nothing a visitor sends
is written to disk or executed. After a restart an id is unknown and :func:`get_upload` raises
:class:`core.data.DatasetUnavailable`, which the engine turns into "upload the file again".
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

MAX_UPLOADS = 32
MAX_TOTAL_BYTES = 200 * 1024 * 1024
ID_PREFIX = "upload-"
ID_HEX_CHARACTERS = 24

_lock = threading.Lock()
_uploads: OrderedDict[str, tuple[Any, int, str]] = OrderedDict()


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
        _uploads[upload_id] = (content, size, str(label)[:200])
        _uploads.move_to_end(upload_id)
        total = sum(entry[1] for entry in _uploads.values())
        while len(_uploads) > MAX_UPLOADS or (total > MAX_TOTAL_BYTES and len(_uploads) > 1):
            _, (_, dropped_size, _) = _uploads.popitem(last=False)
            total -= dropped_size
    return upload_id


def get_upload(upload_id: str) -> Any:
    """The content kept under ``upload_id`` (a copy for DataFrames, so a task cannot change what others read)."""
    from core.data import DatasetUnavailable

    with _lock:
        entry = _uploads.get(upload_id)
        if entry is not None:
            _uploads.move_to_end(upload_id)
    if entry is None:
        raise DatasetUnavailable(
            "The uploaded file is no longer in memory (the server was restarted or many files were uploaded since): "
            "please upload it again."
        )
    content = entry[0]
    return content.copy() if hasattr(content, "copy") and not isinstance(content, bytes) else content


def upload_label(upload_id: str) -> str:
    with _lock:
        entry = _uploads.get(upload_id)
    return entry[2] if entry is not None else ""


def is_upload_id(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(ID_PREFIX)


def forget_all() -> None:
    """Drop every upload (tests)."""
    with _lock:
        _uploads.clear()
