"""The server is stopped the ordinary way (SIGTERM: a deploy, Ctrl+C, a container stopping) while a visitor's training
runs: it exits, and takes its training processes with it, so no orphan keeps a CPU busy after the site is gone.

A real `streamlit run` server of its own (it is stopped here) and the e2e tests' Chromium: the training is started by
pressing Train.
"""

from __future__ import annotations

import signal

import pytest

from tests.e2e.harness import (
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


def test_a_server_stopped_with_sigterm_mid_training_leaves_no_training_process(tmp_path, browser):
    server, base_url = start_server(extra_env={"DASHBOARD_MODEL_STORE": str(tmp_path / "store")})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_training_page_with_circles(page, base_url, epochs=KILLED_EPOCHS)
        press_train(page)
        wait_for_live_curve(page)  # the visitor watches it train

        trainers = training_processes(server.pid)
        assert trainers, "the server has no training process while a training runs"
        children = child_processes(server.pid)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        context.close()
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
            pytest.fail("the server did not exit within 30 s of SIGTERM")

    wait_until(lambda: all(process_has_ended(pid) for pid in children), timeout=15)
