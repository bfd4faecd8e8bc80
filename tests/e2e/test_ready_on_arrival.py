"""A fresh deployment in Debian's Chromium: a just-started server with an empty model store (what Streamlit Community
Cloud is after every deploy, restart or wake-up) shows the draw, text, GAN and stock results to its first visitor
without any training and without a Train press, from the bundled default models, and says so; the lessons about
watching a network learn (/first-network, /training) offer to replay the stored training or train it again live.
Screenshots in English and Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.i18n import translate
from tests.e2e.harness import (
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

# Generous: these pages load a bundled model (well under a second here); nothing may train meanwhile.
RESULT_TIMEOUT_MS = 60_000


def open_page(page, base_url, url_path, language):
    page.goto(f"{base_url}/{url_path}?lang={language}")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)


def expect_bundled(page, language):
    """The status line of a bundled model: trained ahead of time, by which command."""
    ready = translate("train.status.from_bundle", language, date="", seconds="", command="", data="").split("：")[0]
    ready = ready.split(":")[0]
    expect(page.get_by_text(ready, exact=False).first).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    expect(page.get_by_text("python -m core.prewarm --bundle", exact=False).first).to_be_visible()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_draw_text_gan_and_stocks_show_their_result_at_once(empty_store_url, browser_page, language):
    page = browser_page
    open_page(page, empty_store_url, "draw", language)
    draw(page, DIGIT_STROKES["7"])
    assert prediction(page, language) == "7"
    expect_bundled(page, language)
    assert_no_exception(page)
    screenshot(page, f"ready_draw_{language}")

    open_page(page, empty_store_url, "text", language)
    metric = page.locator("[data-testid=stMetric]").filter(has_text=translate("text.sent.probability", language))
    expect(metric).to_have_count(1, timeout=RESULT_TIMEOUT_MS)
    assert metric.locator("[data-testid=stMetricValue]").inner_text().strip().endswith("%")
    expect_bundled(page, language)
    assert_no_exception(page)
    screenshot(page, f"ready_text_{language}")

    open_page(page, empty_store_url, "gan", language)
    expect(page.get_by_role("button", name=translate("gan.gallery.play", language))).to_be_visible(
        timeout=RESULT_TIMEOUT_MS
    )
    expect(page.locator("[data-testid=stImage] img").first).to_be_visible()
    expect_bundled(page, language)
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, f"ready_gan_{language}")

    open_page(page, empty_store_url, "stocks", language)
    table = page.locator("[data-testid=stTable]")
    expect(table).to_be_visible(timeout=RESULT_TIMEOUT_MS)  # no Train press
    expect(table.get_by_text(translate("stocks.model.persistence", language), exact=True)).to_be_visible()
    expect_bundled(page, language)
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, f"ready_stocks_{language}")


def test_a_stored_training_can_be_replayed_or_trained_again_live(empty_store_url, browser_page):
    page = browser_page
    open_page(page, empty_store_url, "first-network", "en")
    replay = page.get_by_role("button", name=translate("train.replay", "en")).first
    expect(replay).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    replay.click()
    expect(page.get_by_text("Replay: epoch", exact=False).first).to_be_visible(timeout=10_000)
    screenshot(page, "replay_first_network_en")
    expect(page.get_by_text("Replay: epoch", exact=False)).to_have_count(0, timeout=30_000)  # it ends by itself
    wait_until_idle(page)
    assert_no_exception(page)

    page.get_by_role("button", name=translate("train.again_live", "en")).first.click()
    # The same network trains again from scratch and ends with its result.
    expect(
        page.get_by_text(translate("train.status.finished", "en", epochs=300, seconds="")[:8], exact=False).first
    ).to_be_visible(timeout=120_000)
    wait_for_app(page)
    assert_no_exception(page)
