"""The text page in Debian's Chromium, on a freshly started server over the usual model store (where
``python -m core.prewarm`` puts the default Chinese model; when it is missing the engine trains it once): a first
visit by deep link shows the course's example scored as a percentage with coloured words; HTML typed by a visitor is
shown as text; a file of texts is scored into a table; a binary file gets a sentence; the Chinese deep link
(?lang=zh) shows the page in Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
    assert_no_exception,
    dismiss_page_not_found_dialog,
    screenshot,
    start_server,
    stop_server,
    wait_for_app,
)

TRAINING_TIMEOUT_MS = 600_000  # the default model (2 epochs on 14k reviews) on two shared cores


@pytest.fixture(scope="module")
def text_url():
    process, base_url = start_server()
    yield base_url
    stop_server(process)


def open_text_page(page, base_url, language):
    page.goto(f"{base_url}/text?lang={language}")
    page.wait_for_selector("[data-testid=stMain] h1", timeout=90_000)
    dismiss_page_not_found_dialog(page)
    metric = page.locator("[data-testid=stMetric]").filter(has_text=translate("text.sent.probability", language))
    expect(metric).to_have_count(1, timeout=TRAINING_TIMEOUT_MS)
    wait_for_app(page)
    assert_no_exception(page)
    return metric


def type_text(page, text):
    box = page.get_by_label(translate("text.sent.input", "en"), exact=True)
    box.fill(text)
    box.press("Control+Enter")  # Streamlit's text area applies on Ctrl+Enter (or blur)
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_the_default_model_scores_the_course_example_with_coloured_words(browser_page, text_url):
    page = browser_page
    metric = open_text_page(page, text_url, "en")
    value = metric.locator("[data-testid=stMetricValue]").inner_text()
    assert value.strip().endswith("%")
    assert 0.0 <= float(value.strip().rstrip("%")) <= 100.0
    main = page.locator("[data-testid=stMain]")
    # The vocabulary of the course's sentences, the coloured words of the example, both accuracies.
    expect(main.get_by_text(translate("text.numbers.vocabulary", "en"), exact=True)).to_be_visible()
    expect(main.get_by_text("总的来说", exact=True).first).to_be_visible()
    expect(main.get_by_text(translate("text.sent.baseline", "en"), exact=True)).to_be_visible()
    screenshot(page, "text_en")


def test_html_typed_by_a_visitor_is_shown_as_text(browser_page, text_url):
    page = browser_page
    open_text_page(page, text_url, "en")
    type_text(page, "<i>slanted</i> <script>window.hacked=1</script> 很好")
    assert_no_exception(page)
    assert page.evaluate("() => window.hacked === undefined")
    markdown = page.locator("[data-testid=stMain] [data-testid=stMarkdownContainer]")
    assert markdown.locator("i", has_text="slanted").count() == 0  # not turned into italics
    expect(page.locator("[data-testid=stMain]").get_by_text("slanted", exact=True).first).to_be_visible()
    type_text(page, "   ")
    expect(page.get_by_text(translate("text.error.empty", "en"))).to_be_visible()
    assert_no_exception(page)


def test_a_file_of_texts_is_scored_and_a_binary_file_is_refused(browser_page, text_url, tmp_path):
    page = browser_page
    open_text_page(page, text_url, "en")
    texts = tmp_path / "reviews.txt"
    texts.write_text("质量很好，非常满意\n太差了，不买了\n<b>还行</b>\n", encoding="utf-8")
    uploader = page.locator("[data-testid=stFileUploader]").filter(has_text=translate("text.batch.upload", "en"))
    uploader.locator("input[type=file]").set_input_files(str(texts))
    summary = translate("text.batch.summary", "en", count="3", positive="{p}", negative="{n}").split("{p}")[0]
    expect(page.get_by_text(summary, exact=False)).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name=translate("text.batch.download", "en"))).to_be_visible()
    assert_no_exception(page)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 16)
    uploader.locator("input[type=file]").set_input_files(str(binary))
    expect(page.get_by_text(translate("text.error.binary", "en"))).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    screenshot(page, "text_batch_en")


def test_the_chinese_deep_link_shows_the_page_in_chinese(browser_page, text_url):
    page = browser_page
    open_text_page(page, text_url, "zh")
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text(translate("text.title", "zh"))
    expect(page.get_by_text(translate("text.sent.accuracy", "zh"), exact=True)).to_be_visible()
    screenshot(page, "text_zh")


def test_training_on_an_uploaded_labelled_csv(browser_page, text_url, tmp_path):
    page = browser_page
    open_text_page(page, text_url, "en")
    page.locator("[data-testid=stButtonGroup] button", has_text=translate("text.model.upload", "en")).click()
    wait_for_app(page)
    uploader = page.locator("[data-testid=stFileUploader]").filter(has_text=translate("text.own.upload", "en"))
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("review,stars\ngood,5\nbad,1\n", encoding="utf-8")
    uploader.locator("input[type=file]").set_input_files(str(wrong))
    expect(page.get_by_text("found: review, stars", exact=False)).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    rows = (
        ["text,label"] + [f"这个东西很好很满意{i},1" for i in range(30)] + [f"太差了很失望退货{i},0" for i in range(30)]
    )
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("\n".join(rows) + "\n", encoding="utf-8")
    uploader.locator("input[type=file]").set_input_files(str(labelled))
    valid = translate("text.own.valid", "en", rows=60, positive=30, negative=30)
    expect(page.get_by_text(valid)).to_be_visible(timeout=60_000)
    accuracy = page.locator("[data-testid=stMetric]").filter(has_text=translate("text.sent.accuracy", "en"))
    expect(accuracy).to_have_count(1, timeout=TRAINING_TIMEOUT_MS)
    expect(page.get_by_text(translate("text.sent.n_test", "en"), exact=True)).to_be_visible()
    assert (
        page.locator("[data-testid=stMetric]")
        .filter(has_text=translate("text.sent.n_test", "en"))
        .locator("[data-testid=stMetricValue]")
        .inner_text()
        .strip()
        == "12"
    )  # the held-out 20 % of 60 rows
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, "text_upload_en")


# LSTM gates
def test_the_lstm_gates_section_reads_the_course_sentence_and_a_visitors_html_as_text(browser_page, text_url):
    from core.lessons.text.gates import COURSE_SENTENCE

    page = browser_page
    open_text_page(page, text_url, "zh")
    box = page.get_by_label(translate("text.gates.input", "zh"), exact=True)
    expect(box).to_have_value(COURSE_SENTENCE)  # the sentence reaches the browser, not only the server
    expect(page.get_by_text(translate("text.gates.units", "zh", word="“但”"), exact=True)).to_be_visible()
    charts = page.locator("[data-testid=stPlotlyChart]")
    expect(charts.filter(has_text="7 但")).to_have_count(2)  # the verdict after each word, and the heatmaps
    box.fill("<b>很棒</b>但很差")
    box.press("Enter")
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert_no_exception(page)
    expect(charts.filter(has_text="1 <")).to_have_count(2)  # the visitor's "<" drawn as a character
    screenshot(page, "text_gates_zh")
