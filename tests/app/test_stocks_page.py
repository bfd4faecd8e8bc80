"""AppTest runs of the stocks page (/stocks) in both languages: the built-in AAPL prices are named with their dates,
the default LSTM trains through the engine, and the table compares it with the three baselines with a sentence on
whether it beat "tomorrow = today"; an unknown ticker offline and settings out of range are messages, not
tracebacks."""

import pytest
from streamlit.testing.v1 import AppTest

from core.lessons.stocks import baselines
from dashboard.i18n import translate
from tests.helpers import open_lesson, run_until_jobs_done

PAGE = "app_pages/stocks.py"
JOB_STATE_KEY = "training_job__stock_forecast"

pytestmark = pytest.mark.usefixtures("engine_in_a_temporary_store")


def open_page(language: str) -> AppTest:
    return open_lesson(PAGE, language)


def press_train_and_wait(app: AppTest, timeout: float = 240.0) -> None:
    app.button(key="stocks_train").click().run()
    assert not app.exception, app.exception
    run_until_jobs_done(app, JOB_STATE_KEY, timeout)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_default_lstm_trains_and_is_compared_with_the_baselines(language):
    app = open_page(language)
    assert app.title[0].value == translate("stocks.title", language)
    # The source and the date range of the built-in prices.
    assert any(
        "AAPL" in caption.value and "2000-03-01" in caption.value and "2013-03-01" in caption.value
        for caption in app.caption
    )
    assert any(translate("stocks.disclaimer", language) == caption.value for caption in app.caption)
    # How the windows are scaled (relative to their last close) and why, before anything trains.
    assert translate("stocks.model.scaling.prices", language, window=10) in [info.value for info in app.info]
    press_train_and_wait(app)  # the second language gets the same config from the store
    table = app.table[0].value
    for model in ("lstm", "persistence", "moving_average", "linear"):
        assert translate(f"stocks.model.{model}", language) in list(table.index)
    assert list(table.columns) == [
        translate(f"stocks.table.{name}", language) for name in ("rmse", "mae", "mape", "direction")
    ]
    metrics = app.session_state[JOB_STATE_KEY].snapshot().test_metrics
    lstm, persistence = metrics["table"]["lstm"]["rmse"], metrics["table"]["persistence"]["rmse"]
    key = "stocks.results.beat" if lstm < persistence else "stocks.results.not_beat"
    sentence = translate(
        key, language, lstm=f"{lstm:.3f}", persistence=f"{persistence:.3f}", ratio=f"{metrics['rmse_ratio']:.3f}"
    )
    assert sentence in [element.value for element in (*app.success, *app.warning)]
    # AAPL's test prices leave the training range: the page says what the relative windows do there, in the sentence
    # that matches the LSTM's error against persistence's (below, level with, or above it).
    assert metrics["test_max_price"] > 2 * metrics["train_max_price"]
    standing = baselines.versus_persistence(metrics["rmse_ratio"])
    note = translate(
        f"stocks.results.extrapolation.{standing}",
        language,
        train_max=f"{metrics['train_max_price']:.2f}",
        test_max=f"{metrics['test_max_price']:.2f}",
        ratio=f"{metrics['rmse_ratio']:.3f}",
    )
    assert note in [info.value for info in app.info]
    assert metrics["test_start"] > "2008-01-01"  # the last third of 2000-2013 is the test period
    # The forecast into the future and the repeated teaching note.
    assert app.slider(key="stocks_horizon").value == 20
    assert translate("stocks.disclaimer", language) in [warning.value for warning in app.warning]


def test_an_unknown_ticker_offline_is_a_plain_message():
    app = open_page("en")
    app.text_input(key="stocks_ticker").input("ZZZZ").run()
    assert not app.exception
    expected = translate("stocks.data.needs_download", "en", ticker="ZZZZ", tickers="AAPL, GOOG, IBM, MSFT")
    assert expected in [warning.value for warning in app.warning]
    assert app.button(key="stocks_train").disabled


def test_a_ticker_that_is_not_a_symbol_is_refused():
    app = open_page("zh")
    app.text_input(key="stocks_ticker").input("<b>hi</b>").run()
    assert not app.exception
    assert any("HI" in error.value and "AAPL" in error.value for error in app.error)
    assert app.button(key="stocks_train").disabled


def good_price_csv(rows: int = 400) -> bytes:
    lines = ["Date,Close"]
    for day in range(rows):
        lines.append(f"{2020 + day // 300}-{(day // 25) % 12 + 1:02d}-{day % 25 + 1:02d},{100 + (day % 17) * 0.5:.2f}")
    return ("\n".join(lines) + "\n").encode()


def upload(app: AppTest, content: bytes, name: str = "prices.csv") -> None:
    app.radio(key="stocks_source").set_value("upload").run()
    app.get("file_uploader")[0].set_value((name, content, "text/csv")).run()
    assert not app.exception, app.exception


def errors(app: AppTest) -> list[str]:
    return [error.value for error in app.error]


def test_a_bad_csv_in_chinese_is_a_chinese_sentence():
    app = open_page("zh")
    upload(app, b"\x00\x01\x02\x89PNG\x00\x00binary")
    assert translate("stocks.csv.error.binary", "zh") in errors(app)
    assert app.button(key="stocks_train").disabled


def test_an_unforeseen_file_problem_is_a_translated_sentence_not_english_exception_text(monkeypatch):
    from core.data import price_csv

    def refuse(content):
        raise price_csv.PriceDataError("something_new", "Column 'Close' overflowed int64 while parsing")

    monkeypatch.setattr(price_csv, "read_price_table", refuse)
    app = open_page("zh")
    upload(app, good_price_csv())
    assert translate("stocks.csv.error.other", "zh") in errors(app)
    assert not any("int64" in text or "Column" in text for text in errors(app))


def test_refused_settings_are_a_chinese_sentence_without_the_english_detail(monkeypatch):
    from core.lessons.stocks import stock_lstm

    def refuse(*args, **kwargs):
        raise ValueError("window must be at least 1, got 0.")

    app = open_page("zh")
    upload(app, good_price_csv())
    assert not errors(app), errors(app)
    monkeypatch.setattr(stock_lstm, "upload_config", refuse)
    app.run()
    assert not app.exception, app.exception
    assert translate("common.invalid_input", "zh") in errors(app)
    assert not any("window" in text for text in errors(app))
    assert app.button(key="stocks_train").disabled


# ------------------------------------------------------------------------------------------------------------------
# The course's settings, its code, and the script for what is on screen (#17)


@pytest.mark.parametrize("language", ["zh"])
def test_the_course_button_sets_every_control_and_trains_the_course_config_beside_the_baselines(language):
    from core.lessons.stocks import stock_lstm

    app = open_page(language)
    assert translate("course.settings.now_app", language) in [caption.value for caption in app.caption]
    app.button(key="course_choice_course_stocks").click().run()
    assert not app.exception, app.exception
    # Every control shows the course's value: window 10, 67 %, hidden 32, one layer, no dropout, raw closes,
    # 10 epochs of batch 64, no validation rows.
    assert app.slider(key="stocks_window").value == 10
    assert app.slider(key="stocks_train_fraction").value == pytest.approx(0.67)
    assert app.select_slider(key="stocks_units").value == 32
    assert app.select_slider(key="stocks_layers").value == 1
    assert app.slider(key="stocks_dropout").value == 0.0
    assert app.radio(key="stocks_scaling").value == "raw"
    assert app.number_input(key="stocks_epochs").value == 10
    assert app.select_slider(key="stocks_batch").value == 64
    assert app.checkbox(key="stocks_validation").value is False
    assert translate("course.settings.now_course", language) in [caption.value for caption in app.caption]
    assert translate("stocks.model.scaling.raw_note", language) in [info.value for info in app.info]
    # The press itself asked the engine for the course's config: no Train press needed.
    handle = app.session_state[JOB_STATE_KEY]
    assert handle.key == stock_lstm.course_config().key
    run_until_jobs_done(app, JOB_STATE_KEY, 240.0)
    metrics = app.session_state[JOB_STATE_KEY].snapshot().test_metrics
    assert metrics["scaling"] == "raw" and metrics["window"] == 10
    # The honest comparison applies to it too: the table with the baselines, and the raw closes' sentence that
    # matches its error against persistence's.
    table = app.table[0].value
    assert translate("stocks.model.persistence", language) in list(table.index)
    standing = baselines.versus_persistence(metrics["rmse_ratio"])
    key = "stocks.results.extrapolation.raw_above" if standing == "above" else "stocks.results.extrapolation.raw_level"
    note = translate(
        key,
        language,
        train_max=f"{metrics['train_max_price']:.2f}",
        test_max=f"{metrics['test_max_price']:.2f}",
        ratio=f"{metrics['rmse_ratio']:.3f}",
    )
    assert note in [info.value for info in app.info]
    if standing == "above":  # no band made of errors many times the last value's
        assert translate("stocks.future.skipped_raw", language, ratio=f"{metrics['rmse_ratio']:.1f}") in [
            info.value for info in app.info
        ]
    # The app's defaults come back with one click, and load the bundled / stored default at once.
    app.button(key="course_choice_app_stocks").click().run()
    assert not app.exception, app.exception
    assert app.radio(key="stocks_scaling").value == "window" and app.number_input(key="stocks_epochs").value == 20
    assert app.session_state[JOB_STATE_KEY].key == stock_lstm.stock_config().key


def test_the_page_shows_a_script_for_its_settings_and_the_courses_code_with_its_changes():
    app = open_page("en")
    sources = [code.value for code in app.code]
    script = next(source for source in sources if translate("stocks.script.title", "en") in source)
    assert "WINDOW = 10" in script and "layers.LSTM(32)" in script and "batch_size=32" in script
    assert "persistence (tomorrow = today)" in script
    # The course's code: PyTorch with its dataset built on the windows, and the Keras twin, both with persistence.
    torch_code = next(source for source in sources if "class SimpleLSTM(nn.Module)" in source)
    assert "class StockDataset(Dataset)" in torch_code and "persistence_loss" in torch_code
    assert any("layers.LSTM(32)" in source and "persistence_loss" in source for source in sources)
    shown = " ".join(block.value for block in app.markdown)
    assert "The dataset holds the windows" in shown
    # Changing a control changes the script.
    app.slider(key="stocks_window").set_value(20).run()
    assert any("WINDOW = 20" in code.value for code in app.code)
