"""The app as a visitor meets it: deep links on a fresh server, the language switch, the home page."""

import re

import pytest

from dashboard.i18n import translate
from dashboard.navigation import ALL_PAGES
from tests.e2e.harness import assert_no_exception, screenshot, start_server, stop_server, wait_for_app

PAGES = list(ALL_PAGES)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path or "home")
def test_every_page_opens_by_deep_link_with_navigation_and_language(app_url, browser_page, spec, language):
    page = browser_page
    page.goto(f"{app_url}/{spec.url_path}?lang={language}")
    wait_for_app(page)
    assert_no_exception(page)
    # The entry script ran (not the page file alone): the sidebar has the navigation, in the asked language.
    navigation = page.locator("[data-testid=stSidebarNav]")
    assert navigation.is_visible()
    for other in PAGES:
        assert navigation.get_by_text(translate(other.title_key, language), exact=True).count() == 1
    screenshot(page, f"{spec.url_path or 'home'}_{language}")


def test_language_switch_translates_and_follows_the_visitor_across_pages(app_url, browser_page):
    page = browser_page
    page.goto(app_url)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == translate("app.title", "en")

    page.locator("[data-testid=stSidebar]").get_by_text("简体中文", exact=True).click()
    page.wait_for_function(
        "title => document.querySelector('h1') && document.querySelector('h1').innerText === title",
        arg=translate("app.title", "zh"),
        timeout=30_000,
    )
    assert re.search(r"[?&]lang=zh", page.url), page.url

    math_title = translate("nav.math", "zh")
    page.locator("[data-testid=stSidebarNav]").get_by_text(math_title, exact=True).click()
    page.wait_for_url(re.compile(r"/math"), timeout=30_000)
    wait_for_app(page)
    assert_no_exception(page)
    assert re.search(r"[?&]lang=zh", page.url), page.url
    assert page.locator("[data-testid=stSidebarNav]").get_by_text(math_title, exact=True).count() == 1


def test_home_page_shows_the_device_once_tensorflow_has_loaded(app_url, browser_page):
    page = browser_page
    page.goto(app_url)
    wait_for_app(page)
    # The warm-up runs in the background after the first page; the sidebar polls and the page reruns once.
    page.get_by_text("TensorFlow will train on", exact=False).first.wait_for(timeout=90_000)
    assert page.get_by_text("CPU", exact=False).count() >= 1
    assert_no_exception(page)
    screenshot(page, "home_device_en")


def test_first_visit_by_deep_link_on_a_fresh_server_keeps_page_and_language(browser_page):
    # A workshop hand-out link is often the very first request a server gets.
    process, base_url = start_server()
    try:
        page = browser_page
        page.goto(f"{base_url}/activations?lang=zh")
        wait_for_app(page)
        page.wait_for_timeout(2500)  # the sidebar's polling fragment reruns meanwhile
        assert_no_exception(page)
        assert page.locator("h1").first.inner_text() == translate("act.title", "zh")
        assert re.search(r"/activations\?lang=zh", page.url), page.url
    finally:
        stop_server(process)
