"""The draw page (/draw) in Debian's Chromium: draw digits with mouse strokes on the canvas and read the network's
"Prediction"; Clear empties the canvas; the Chinese page says 预测; a scribble over everything is a warning, not an
error. The server has a model store of its own, so the default CNN trains once while the first test draws."""

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
    CANVAS,
    DIGIT_STROKES,
    assert_no_exception,
    dismiss_page_not_found_dialog,
    draw,
    prediction,
    screenshot,
    wait_for_app,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e


def clear(page):
    page.get_by_role("button", name=translate("draw.clear", "en")).click()
    wait_until_idle(page)


def open_draw_page(page, base_url, language="en"):
    page.goto(f"{base_url}/draw?lang={language}")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)
    assert_no_exception(page)


def test_drawn_digits_are_read(empty_store_url, browser_page):
    page = browser_page
    open_draw_page(page, empty_store_url)
    expect(page.get_by_text(translate("draw.empty", "en"))).to_be_visible()
    page.locator(CANVAS).last.wait_for(timeout=30_000)
    screenshot(page, "draw_first_visit_en")
    # On an empty store the default CNN trains first: wait for its accuracy line.
    expect(page.get_by_text("held-out test digits", exact=False)).to_be_visible(timeout=300_000)
    wait_until_idle(page)
    read = {}
    for digit, strokes in DIGIT_STROKES.items():
        draw(page, strokes)
        assert_no_exception(page)
        read[digit] = prediction(page)
        if digit == "0":
            screenshot(page, "draw_zero_en")
        clear(page)
        expect(page.locator("[data-testid=stMetric]")).to_have_count(0, timeout=15_000)
    assert read == {digit: digit for digit in DIGIT_STROKES}, f"drawn -> read: {read}"


def test_the_chinese_page_says_prediction_in_chinese(empty_store_url, browser_page):
    page = browser_page
    open_draw_page(page, empty_store_url, "zh")
    expect(page.locator("h1").first).to_have_text(translate("draw.title", "zh"))
    expect(page.get_by_text("留出的测试数字", exact=False)).to_be_visible(timeout=300_000)
    draw(page, DIGIT_STROKES["7"])
    assert prediction(page, "zh") == "7"
    assert_no_exception(page)
    # Pooling: the drawing's strongest maps before (28x28) and after (14x14) the max-pool, explained in Chinese.
    expect(page.get_by_text(translate("draw.pool.header", "zh"))).to_be_visible()
    expect(page.get_by_text(translate("draw.pool.after", "zh", size="14x14").replace("**", ""))).to_be_visible()
    assert page.locator(".js-plotly-plot").count() >= 5  # bars, input, maps, before and after the pool
    # The page's network as a script, with this drawing as its image.
    page.get_by_text(translate("common.show_code", "zh")).last.click()
    expect(page.get_by_text("# your drawing, 28x28", exact=False)).to_be_visible()
    screenshot(page, "draw_seven_zh")


def test_a_scribble_over_everything_is_a_warning_not_an_error(empty_store_url, browser_page):
    page = browser_page
    open_draw_page(page, empty_store_url)
    expect(page.get_by_text("held-out test digits", exact=False)).to_be_visible(timeout=300_000)
    page.get_by_role("slider").last.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # the widest pen
    wait_until_idle(page)
    scribble = [[(x, y) for y in range(15, 280, 28) for x in ((15, 265) if (y // 28) % 2 == 0 else (265, 15))]]
    draw(page, scribble)
    assert_no_exception(page)
    expect(page.get_by_text(translate("draw.too_full", "en"))).to_be_visible()
    screenshot(page, "draw_scribble_en")
