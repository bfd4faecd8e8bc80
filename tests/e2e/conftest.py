"""End-to-end fixtures: each test module gets a freshly started server (so a deep link is a first visit, as for
a workshop attendee) and each test a fresh page in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server


@pytest.fixture(scope="module")
def app_url():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium")
    process, base_url = start_server()
    yield base_url
    stop_server(process)


@pytest.fixture(scope="module")
def empty_store_server(tmp_path_factory):
    """(process, base_url) of a server whose model store starts empty, so the page's first request really trains
    (not the default store); a test that needs the server's processes (its training process) takes this one."""
    store = tmp_path_factory.mktemp("e2e_model_store")
    process, base_url = start_server(extra_env={"DASHBOARD_MODEL_STORE": str(store)})
    yield process, base_url
    stop_server(process)


@pytest.fixture(scope="module")
def empty_store_url(empty_store_server):
    """The base URL of the module's empty-store server (:func:`empty_store_server`)."""
    return empty_store_server[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()
