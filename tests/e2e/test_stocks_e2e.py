"""The stocks page in Debian's Chromium, on a server of its own with an empty model store: the built-in AAPL prices
are drawn with their source and dates, Train trains the default LSTM, and the predictions chart, the forecast and
the table of every model appear with the verdict against "tomorrow = today"; a binary file and a CSV with text in
its price column, uploaded through the file input, each get their message. The page explains how the windows are
scaled; the Chinese deep link shows that and, after Train (a store hit), the results in Chinese."""

from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
    assert_no_exception,
    dismiss_page_not_found_dialog,
    screenshot,
    wait_for_app,
    wait_until_idle,
)


def open_stocks(page, base_url, language="en"):
    page.goto(f"{base_url}/stocks?lang={language}")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=translate("stocks.title", language))).to_be_visible()


def test_the_default_lstm_trains_and_is_compared_with_the_baselines(empty_store_url, browser_page):
    page = browser_page
    open_stocks(page, empty_store_url)
    expect(page.get_by_text("2000-03-01", exact=False).first).to_be_visible()  # the source line names the dates
    assert page.locator(".js-plotly-plot .candlestick, .js-plotly-plot g.trace.boxes").count() >= 1
    # How the windows are scaled (relative to their last close) and why.
    expect(page.get_by_text("How the prices are scaled.", exact=False)).to_be_visible()
    page.get_by_role("button", name=translate("stocks.run.button", "en"), exact=True).click()
    table = page.locator("[data-testid=stTable]")
    expect(table).to_be_visible(timeout=180_000)
    # The forecast figure is the last thing the run draws: wait for it before reading the page.
    expect(page.get_by_text(translate("stocks.future.header", "en"), exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)
    for model in ("lstm", "persistence", "moving_average", "linear"):
        expect(table.get_by_text(translate(f"stocks.model.{model}", "en"), exact=True)).to_be_visible()
    verdict = page.get_by_text("the last-value baseline: RMSE", exact=False)
    expect(verdict).to_be_visible(timeout=30_000)
    # The history, the live/final curves, the predictions and the forecast: four figures at least.
    assert page.locator("[data-testid=stPlotlyChart]").count() >= 4
    expect(page.get_by_text(translate("stocks.future.header", "en"), exact=True)).to_be_visible()
    screenshot(page, "stocks_trained_en")


def upload(page, name, content, mime="text/csv"):
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    wait_until_idle(page)


def test_bad_uploads_show_their_message(empty_store_url, browser_page):
    page = browser_page
    open_stocks(page, empty_store_url)
    page.get_by_text(translate("stocks.data.source.upload", "en"), exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_text(translate("stocks.data.upload.waiting", "en"))).to_be_visible()

    upload(page, "prices.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    expect(page.get_by_text(translate("stocks.csv.error.binary", "en"))).to_be_visible()
    assert_no_exception(page)

    rows = ["Date,Close"] + [f"2020-01-{day:02d},{100 + day}" for day in range(1, 29)]
    rows[5] = "2020-01-05,oops"
    upload(page, "text.csv", "\n".join(rows).encode())
    expect(page.get_by_text("has text where a number should be", exact=False)).to_be_visible()
    assert_no_exception(page)
    assert page.get_by_role("button", name=translate("stocks.run.button", "en"), exact=True).is_disabled()
    screenshot(page, "stocks_bad_upload_en")


def test_the_chinese_deep_link(empty_store_url, browser_page):
    page = browser_page
    open_stocks(page, empty_store_url, "zh")
    expect(page.get_by_text(translate("stocks.disclaimer", "zh")).first).to_be_visible()
    expect(page.get_by_text("价格如何缩放。", exact=False)).to_be_visible()
    assert_no_exception(page)
    # The default model is in this server's store (the first test trained it): Train loads it, in Chinese.
    page.get_by_role("button", name=translate("stocks.run.button", "zh"), exact=True).click()
    expect(page.locator("[data-testid=stTable]")).to_be_visible(timeout=180_000)
    expect(page.get_by_text(translate("stocks.future.header", "zh"), exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("测试期的价格最高达到", exact=False)).to_be_visible()  # why relative windows still cope
    screenshot(page, "stocks_zh")
