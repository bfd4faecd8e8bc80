"""The GAN page in Debian's Chromium, on a server whose model store holds a tiny GAN under the default config's key
(the real default trains for minutes): the page opens with the whole gallery; the slider scrubs back through the
epochs and Play steps through them; "New samples" draws other digits; the interpolation strip follows its seeds;
the sample grid downloads as a PNG; a deep link in Chinese works on a fresh server."""

from __future__ import annotations

import re

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
    wait_until_idle,
)

TINY_EPOCHS = 4


@pytest.fixture(scope="module")
def gan_url(tmp_path_factory):
    """Train a tiny GAN here and store it under the default config's key, then serve the app on that store."""
    from core.lessons.gan import gan
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    folder = tmp_path_factory.mktemp("gan_e2e_store")
    tiny = gan.gan_config("dense", epochs=TINY_EPOCHS, batch_size=32, max_train_samples=256)
    engine = TrainingEngine(store=ModelStore(folder), max_workers=1)
    try:
        handle = engine.request(tiny, "e2e")
        snapshot = handle.wait(timeout=300)
        assert snapshot.state == "finished", snapshot.message
        ModelStore(folder).save(gan.page_default_config().key, handle.model, dict(handle.metadata))
    finally:
        engine.shutdown()
    process, base_url = start_server(extra_env={"DASHBOARD_MODEL_STORE": str(folder)})
    yield base_url
    stop_server(process)


def open_gan_page(page, base_url, language="en"):
    page.goto(f"{base_url}/gan?lang={language}")
    wait_for_app(page)
    dismiss_page_not_found_dialog(page)
    expect(page.get_by_text(translate("gan.gallery.header", language), exact=True)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)


def image_with_caption(page, caption):
    """The source of the image shown above ``caption`` (st.image puts both in one stImage block)."""
    block = page.locator("[data-testid=stImage]").filter(has_text=caption)
    expect(block).to_have_count(1, timeout=30_000)
    return block.locator("img").get_attribute("src")


def test_the_gallery_scrubs_plays_and_new_samples_download(gan_url, browser_page):
    page = browser_page
    open_gan_page(page, gan_url)
    last_caption = translate("gan.gallery.caption", "en", epoch=TINY_EPOCHS, total=TINY_EPOCHS)
    last_source = image_with_caption(page, last_caption)
    screenshot(page, "gan_en")

    # Scrub back to the first epoch with the keyboard (react-aria: a hidden range input carries the label).
    slider = page.locator(
        f'[data-testid=stSlider] input[type=range][aria-label="{translate("gan.gallery.epoch", "en")}"]'
    )
    expect(slider).to_have_count(1)
    slider.focus()
    page.keyboard.press("Home")  # one change, one rerun (several arrow presses can race the reruns)
    expect(slider).to_have_attribute("aria-valuetext", "1", timeout=15_000)
    wait_until_idle(page)
    first_source = image_with_caption(page, translate("gan.gallery.caption", "en", epoch=1, total=TINY_EPOCHS))
    assert first_source != last_source
    assert_no_exception(page)

    # Play steps through the epochs on its own and ends on the last one.
    page.get_by_role("button", name=translate("gan.gallery.play", "en")).click()
    expect(page.get_by_role("button", name=translate("gan.gallery.pause", "en"))).to_be_visible(timeout=15_000)
    # Caught between two ticks of the player: an epoch after the first and before the last.
    middle = "|".join(
        re.escape(translate("gan.gallery.caption", "en", epoch=epoch, total=TINY_EPOCHS))
        for epoch in range(2, TINY_EPOCHS)
    )
    expect(page.get_by_text(re.compile(middle))).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name=translate("gan.gallery.play", "en"))).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert image_with_caption(page, last_caption) == last_source
    assert_no_exception(page)

    # New samples: other noise, other drawings.
    samples_before = image_with_caption(page, translate("gan.samples.caption", "en", seed=1))
    page.get_by_role("button", name=translate("gan.samples.button", "en"), exact=True).click()
    wait_until_idle(page)
    samples_after = image_with_caption(page, translate("gan.samples.caption", "en", seed=2))
    assert samples_after != samples_before

    # The interpolation strip follows its seeds.
    strip = page.locator("[data-testid=stImage] img").nth(2)
    strip_before = strip.get_attribute("src")
    to_seed = page.get_by_role("spinbutton", name=translate("gan.interp.to", "en"))
    to_seed.fill("42")
    to_seed.press("Enter")
    wait_until_idle(page)
    assert page.locator("[data-testid=stImage] img").nth(2).get_attribute("src") != strip_before
    assert_no_exception(page)

    # The grid downloads as a PNG.
    with page.expect_download() as download_info:
        page.get_by_role("button", name=translate("gan.samples.download", "en")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    with open(download.path(), "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"
    screenshot(page, "gan_after_en")


def test_a_chinese_deep_link_opens_the_gallery(gan_url, browser_page):
    page = browser_page
    open_gan_page(page, gan_url, "zh")
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text(translate("gan.title", "zh"))
    image_with_caption(page, translate("gan.gallery.caption", "zh", epoch=TINY_EPOCHS, total=TINY_EPOCHS))
    assert_no_exception(page)
    screenshot(page, "gan_zh")
