"""What every loader shares: try the sources in order, keep one copy per process, give up on a stalled download.

A loader (:mod:`core.data.images`, :mod:`core.data.text`, :mod:`core.data.tables`) describes how to build its data
set online and offline and hands both to :func:`load_with_fallback`, which asks the catalog which sources are usable
now, builds the first one that works (once per process: :func:`dataset_once`), remembers a failed download and says
on the provenance line when the built-in copy stands in for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import cachetools
import numpy as np

from core import settings
from core.data import catalog, network
from core.data.catalog import DatasetInfo
from core.data.datasets import DatasetUnavailable

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------------------
# One shared copy per process
# ---------------------------------------------------------------------------------------------------------------
# cachetools' ``condition`` makes concurrent first callers of one key wait for a single build (functools.lru_cache
# would let two visitors both load MNIST); different keys build side by side; a build that raises is not cached,
# so a later call tries again. The key is the caller's tuple, the build a function of nothing.


def _caller_key(key: tuple, build: Callable[[], Any]) -> tuple:
    return key


@cachetools.cached(cachetools.LRUCache(maxsize=24), key=_caller_key, condition=threading.Condition())
def dataset_once(key: tuple, build: Callable[[], Any]) -> Any:
    """``build()``, made once per ``key`` (data set, source, options) and kept for the 24 most recently used."""
    return build()


@cachetools.cached(cachetools.LRUCache(maxsize=64), key=_caller_key, condition=threading.Condition())
def prices_once(key: tuple, build: Callable[[], Any]) -> Any:
    """``build()``, made once per ``key`` (source, ticker, dates) and kept for the 64 most recently used."""
    return build()


def clear_caches() -> None:
    """Forget every loaded data set and every failed download (for tests; the next call loads again)."""
    dataset_once.cache_clear()
    prices_once.cache_clear()
    catalog.forget_online_failures()


# ---------------------------------------------------------------------------------------------------------------
# Helpers for building a data set
# ---------------------------------------------------------------------------------------------------------------


def read_only(array: Any, dtype: Any = None) -> np.ndarray:
    """A C-contiguous array that no caller can write into: the cached copy is shared by every visitor.

    Only used on arrays the loaders just built, so freezing in place (no copy) is safe.
    """
    result = np.ascontiguousarray(array, dtype=dtype)
    result.flags.writeable = False
    return result


def validate_fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < float(value) < 1.0:
        raise ValueError(f"{name} must be a number strictly between 0 and 1 (e.g. 0.2 for 20 %), got {value!r}.")
    return float(value)


def validate_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    return int(seed)


def stratified_split(features: np.ndarray, labels: np.ndarray, test_fraction: float, seed: int):
    """Shuffle with a fixed seed and keep every class's share the same in train and test."""
    from sklearn.model_selection import train_test_split

    return train_test_split(features, labels, test_size=test_fraction, random_state=seed, stratify=labels)


def size_text(n_train: int, n_test: int, noun: str = "images") -> str:
    return f"{n_train + n_test:,} {noun} ({n_train:,} train / {n_test:,} test)"


# ---------------------------------------------------------------------------------------------------------------
# A download that stalls is given up
# ---------------------------------------------------------------------------------------------------------------
# Keras' downloader (keras.utils.get_file, behind every keras.datasets.*.load_data) takes no timeout and opens its
# connection with urllib's urlretrieve, which uses the process's default socket timeout: that default is the only
# way to bound it. So it is set while at least one download runs and restored when the last one ends. It touches
# only sockets created without a timeout of their own: the web server's are non-blocking, the reachability probes
# (core.data.network) and yfinance (core.data.yahoo) pass their own timeouts.

_stall_timeout_lock = threading.Lock()
_downloads_running = 0
_timeout_before_downloads: float | None = None


@contextlib.contextmanager
def downloads_time_out_when_stalled(stall_timeout_s: float) -> Iterator[None]:
    """While a download runs, sockets opened without a timeout get ``stall_timeout_s``: a read that waits longer
    raises, and the loader falls back to the built-in copy."""
    global _downloads_running, _timeout_before_downloads
    with _stall_timeout_lock:
        if _downloads_running == 0:
            _timeout_before_downloads = socket.getdefaulttimeout()
            socket.setdefaulttimeout(stall_timeout_s)
        _downloads_running += 1
    try:
        yield
    finally:
        with _stall_timeout_lock:
            _downloads_running -= 1
            if _downloads_running == 0:
                socket.setdefaulttimeout(_timeout_before_downloads)


# ---------------------------------------------------------------------------------------------------------------
# The sources in order
# ---------------------------------------------------------------------------------------------------------------


def _with_fallback_note(dataset: Any, host: str | None) -> Any:
    note = f"The download from {host} failed, so the built-in copy is used."
    provenance = dataclasses.replace(dataset.provenance, note=note)
    return dataclasses.replace(dataset, provenance=provenance)


def load_with_fallback(
    info: DatasetInfo,
    online: Callable[[], Any] | None,
    offline: Callable[[], Any] | None,
    options: tuple = (),
    prefer_download: bool = True,
) -> Any:
    """Try the sources in order; a failed download is remembered and the next source is tried."""
    download_failed = False
    last_error: Exception | None = None
    for source in catalog.sources_in_order(info, prefer_download):
        build = online if source == "online" else offline
        if build is None:
            continue
        # Read before the download starts: a bad setting is the operator's to fix, not a failed download.
        stall_timeout_s = settings.download_stall_timeout_s() if source == "online" else None
        try:
            if stall_timeout_s is not None:
                with downloads_time_out_when_stalled(stall_timeout_s):
                    dataset = dataset_once((info.id, source, *options), build)
            else:
                dataset = dataset_once((info.id, source, *options), build)
        except DatasetUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - a failed download must never take the page down
            last_error = error
            if source == "online":
                logger.warning("Loading %s from %s failed (%s); falling back.", info.id, info.download_host, error)
                network.mark_unreachable(info.download_host)
                catalog.mark_online_failed(info.id)
                download_failed = True
            else:
                logger.warning("Loading the built-in %s failed (%s).", info.id, error)
            continue
        if source == "offline" and download_failed:
            return _with_fallback_note(dataset, info.download_host)
        return dataset
    raise DatasetUnavailable(info.unavailable_message) from last_error
