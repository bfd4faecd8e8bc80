"""End-to-end helpers: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Starting a server, waiting for a page to settle, reading its figures, saving screenshots to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
SERVER_LOG_DIR = REPO_ROOT / "artifacts" / "server_logs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(script: str = "streamlit_app.py", extra_env: dict[str, str] | None = None):
    """Start `streamlit run` on a free port; return (process, base_url) once /_stcore/health answers.

    The server writes to a log file in artifacts/server_logs/, never to a pipe: nobody reads a pipe while the tests
    run, and once its buffer (64 KiB) is full the server blocks on its next log line, e.g. in the middle of a
    training.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DASHBOARD_OFFLINE": "1",
        "DASHBOARD_WARMUP": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--client.showErrorDetails",
        "full",
    ]
    SERVER_LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = SERVER_LOG_DIR / f"streamlit_{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text(errors="replace")
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return process, base_url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for_app(page, timeout_ms: int = 90_000) -> None:
    """Wait until the script has run, the page shows its title and every Plotly figure has been drawn.

    A bare idle state can come before the first run, hence the title; charts render after the run ends.
    """
    page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    wait_for_charts(page, timeout_ms)


def wait_for_charts(page, timeout_ms: int = 60_000) -> None:
    """Wait until every visible Plotly chart has been drawn (Plotly draws a chart when it first becomes visible,
    e.g. after its tab is opened, so a count taken earlier misses it)."""
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))
                .filter(chart => chart.offsetParent !== null)
                .every(chart => chart.querySelector('.main-svg'))""",
        timeout=timeout_ms,
    )


def assert_no_exception(page) -> None:
    """No exception on the page, and no error dialog over it (such as Streamlit's "Page not found")."""
    exceptions = page.locator("[data-testid=stException]")
    if exceptions.count():
        raise AssertionError("The page shows an exception:\n" + exceptions.first.inner_text())
    dialogs = page.locator("[role=dialog]")
    if dialogs.count():
        raise AssertionError("A dialog covers the page:\n" + dialogs.first.inner_text())


def plotly_data(page) -> list[str]:
    """The data of every Plotly figure on the page, serialised, to tell whether a control changed a figure."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => JSON.stringify(el.data))"
    )


def screenshot(page, name: str) -> Path:
    """Save the whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it first."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    viewport = page.viewport_size
    content_height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]'))"
        ".map(el => el.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(content_height, viewport["height"]), 12_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    return path


def dismiss_page_not_found_dialog(page) -> None:
    """Close a "Page not found" dialog if one is open (the app itself must not show one: `assert_no_exception`
    fails on any dialog; this is for steps that only need the page usable)."""
    dialog = page.locator("[role=dialog]")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=10_000)


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait for the script to finish twice, a moment apart: a widget change can start a rerun just after the first."""
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_timeout(700)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
