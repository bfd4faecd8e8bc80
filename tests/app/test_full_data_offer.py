"""The full data set as a visitor's explicit choice, on a server that can download it (the hosted demo is online).

The network is faked here and in the engine's training process (no socket is opened) and Keras' loaders answer with
small arrays. A fresh server shows the
bundled default at once; the page offers the full data with the expected training time; nothing is downloaded or
trained until the visitor presses it; then the model learns from the download, and the visitor can go back to the
built-in model, which is still there at once. Offline, nothing is offered."""

import contextlib

import numpy as np
import pytest

from core import settings
from core.data import network, sources
from core.training import engine as engine_module
from dashboard.i18n import translate
from tests.helpers import open_lesson, run_until_jobs_done, shown_text

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")

REGRESSION_JOB = "training_job__first_regression"


def fake_boston(calls: list) -> tuple:
    calls.append("boston_housing")
    rng = np.random.default_rng(0)  # the same arrays in the web process and in the training process
    features = rng.uniform(0.0, 100.0, (150, 13)).astype("float32")
    target = (features[:, 0] * 0.3 + features[:, 5] * 0.1 + 5.0).astype("float32")
    return (features[:120], target[:120]), (features[120:], target[120:])


def fake_mnist(calls: list) -> tuple:
    calls.append("mnist")
    images = np.random.default_rng(0).integers(0, 256, (200, 28, 28), dtype=np.uint8)
    return (images[:160], np.arange(160) % 10), (images[160:], np.arange(40) % 10)


def fake_prices():
    import pandas as pd

    days = pd.bdate_range("2020-01-01", periods=400)
    return pd.DataFrame(
        {"Open": 100.0, "High": 101.0, "Low": 99.0, "Volume": 1000, "Close": 100.0 + (days.dayofyear % 17).to_numpy()},
        index=days,
    )


def fake_downloads(patch: pytest.MonkeyPatch, calls: list) -> None:
    """Every download host answers; Keras' MNIST and Boston loaders and yfinance return small data and count their
    calls in ``calls``."""
    import keras
    import yfinance

    class FakeTicker:
        def __init__(self, symbol):
            calls.append(f"yahoo {symbol}")

        def history(self, **options):
            return fake_prices()

    patch.delenv(settings.OFFLINE_ENV, raising=False)
    patch.setattr(network, "offline_forced", lambda: False)
    patch.setattr(network, "can_reach", lambda host, *args, **kwargs: True)
    patch.setattr(keras.datasets.boston_housing, "load_data", lambda *args, **kwargs: fake_boston(calls))
    patch.setattr(keras.datasets.mnist, "load_data", lambda *args, **kwargs: fake_mnist(calls))
    patch.setattr(yfinance, "Ticker", FakeTicker)


@contextlib.contextmanager
def fake_downloads_in_the_training_process():
    """The same fakes around each job of the training process (a monkeypatch here does not reach it)."""
    with pytest.MonkeyPatch.context() as patch:
        fake_downloads(patch, [])
        sources.clear_caches()
        try:
            yield
        finally:
            sources.clear_caches()


@pytest.fixture
def downloads_reachable(monkeypatch):
    """The fakes in this process (counting the page's downloads) and in the engine's training process."""
    calls: list = []
    fake_downloads(monkeypatch, calls)
    sources.clear_caches()
    engine = engine_module.get_engine()
    engine.job_context = fake_downloads_in_the_training_process
    yield calls
    engine.job_context = None
    sources.clear_caches()


def button(app, label_start: str):
    matches = [widget for widget in app.button if widget.label.startswith(label_start)]
    assert len(matches) == 1, [widget.label for widget in app.button]
    return matches[0]


def test_the_full_data_is_offered_with_its_time_and_trained_only_when_asked(downloads_reachable):
    app = open_lesson("app_pages/first_network.py", "en")
    run_until_jobs_done(app, REGRESSION_JOB)
    shown = app.session_state[REGRESSION_JOB].snapshot()
    assert shown.from_store and shown.details["bundled"]  # the built-in table's model, at once
    assert downloads_reachable == []  # nothing downloaded behind the visitor's back
    assert translate("data.full.offer", "en") in shown_text(app)
    offer = button(app, "Train on the full data (keras.datasets.boston_housing")
    assert "about" in offer.label and offer.label.rstrip().endswith("s")  # how long it will take

    offer.click().run()
    run_until_jobs_done(app, REGRESSION_JOB)
    handle = app.session_state[REGRESSION_JOB]
    assert handle.config.full_data and not handle.snapshot().from_store
    assert handle.metadata["data"]["online"] is True and downloads_reachable == ["boston_housing"]
    page = shown_text(app)
    assert translate("data.full.active", "en", source=translate("data.source.regression.online", "en")) in page
    assert translate("first.reg.name.house_prices", "en") in page

    button(app, translate("data.full.back", "en")).click().run()
    run_until_jobs_done(app, REGRESSION_JOB)
    back = app.session_state[REGRESSION_JOB]
    assert not back.config.full_data and back.snapshot().details["bundled"]
    assert button(app, "Use the model trained on the full data")  # the full model is stored now: ready at once


def test_the_draw_page_offers_the_full_mnist_in_chinese_too(downloads_reachable):
    app = open_lesson("app_pages/draw.py", "zh")
    run_until_jobs_done(app, "training_job__draw_digit")
    assert downloads_reachable == []
    offer = button(app, "用完整数据训练（keras.datasets.mnist")
    assert "约" in offer.label


def test_offline_nothing_is_offered():
    app = open_lesson("app_pages/first_network.py", "en")
    run_until_jobs_done(app, REGRESSION_JOB)
    assert not [widget for widget in app.button if widget.label.startswith("Train on the full data")]
    assert translate("data.full.offer", "en") not in shown_text(app)


def test_the_training_page_switches_its_data_and_says_how_long_training_takes(downloads_reachable):
    app = open_lesson("app_pages/training.py", "en")
    switch = button(app, "Use the full data set instead (keras.datasets.mnist")
    assert "training takes about" in switch.label
    switch.click().run()
    assert not app.exception
    page = shown_text(app)
    assert translate("data.full.active", "en", source=translate("data.source.mnist.online", "en")) in page
    assert "160 train / 40 test" in page  # the data line now describes the (small, faked) download
    assert downloads_reachable == ["mnist"]  # read for the page's data line; nothing trains before Train
    assert "training_job__live_training" not in app.session_state


def test_the_stocks_page_switches_a_built_in_ticker_to_the_latest_prices(downloads_reachable):
    app = open_lesson("app_pages/stocks.py", "en")
    assert app.session_state["training_job__stock_forecast"].snapshot().details["bundled"]  # at once, no Train press
    button(app, "Use the full data set instead (yfinance").click().run()
    assert downloads_reachable == ["yahoo AAPL"]
    button(app, translate("stocks.run.button", "en")).click().run()
    run_until_jobs_done(app, "training_job__stock_forecast")
    handle = app.session_state["training_job__stock_forecast"]
    assert handle.config.full_data and handle.metadata["data"]["online"] is True
