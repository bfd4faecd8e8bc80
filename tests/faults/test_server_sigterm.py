"""The server is stopped the ordinary way (SIGTERM: a deploy, Ctrl+C, a container stopping) while a visitor's training
runs: it exits, and takes its training processes with it, so no orphan keeps a CPU busy after the site is gone.

A real `streamlit run` server and Debian's Chromium, as in tests/e2e: the training is started by pressing Train.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.e2e.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    child_processes,
    process_has_ended,
    start_server,
    training_processes,
)
from tests.e2e.test_training_e2e import (
    KILLED_EPOCHS,
    open_training_page_with_circles,
    press_train,
    wait_for_live_curve,
)
from tests.helpers import wait_until


def test_a_server_stopped_with_sigterm_mid_training_leaves_no_training_process(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    server, base_url = start_server(extra_env={"DASHBOARD_MODEL_STORE": str(tmp_path / "store")})
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                open_training_page_with_circles(page, base_url, epochs=KILLED_EPOCHS)
                press_train(page)
                wait_for_live_curve(page)  # the visitor watches it train

                trainers = training_processes(server.pid)
                assert trainers, "the server has no training process while a training runs"
                children = child_processes(server.pid)  # the training processes and multiprocessing's helper

                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
            finally:
                browser.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
            pytest.fail("the server did not exit within 30 s of SIGTERM")

    wait_until(lambda: all(process_has_ended(pid) for pid in children), timeout=15)
