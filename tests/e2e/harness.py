"""End-to-end helpers: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Starting a server, waiting for a page to settle, reading its figures, saving screenshots to artifacts/screenshots/.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from dashboard.i18n import translate
from deploy.processes import free_port, start_streamlit, stop_process, wait_until_healthy
from tests.helpers import REPO_ROOT

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


def start_server(
    script: str = "streamlit_app.py", extra_env: dict[str, str] | None = None, cwd: str | Path | None = None
):
    """Start `streamlit run` on a free port, offline and with full error details; return (process, base_url) once
    /_stcore/health answers. The server is started as a cluster's replica is (:mod:`deploy.processes`).

    ``cwd``: the checkout to serve (default: this repository); ``script`` is relative to it. A bench compares this
    tree with an older checkout this way (e.g. ``bench.page_responsiveness --baseline-tree``). The server's log is in
    artifacts/server_logs/.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DASHBOARD_OFFLINE": "1",
        "DASHBOARD_WARMUP": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }
    log_path = SERVER_LOG_DIR / f"streamlit_{port}.log"
    process = start_streamlit(
        port, environment, log_path, cwd=cwd, script=script, options=["--client.showErrorDetails", "full"]
    )
    base_url = f"http://127.0.0.1:{port}"
    wait_until_healthy(process, base_url, log_path)
    return process, base_url


def stop_server(process) -> None:
    stop_process(process)


def child_processes(pid: int) -> list[int]:
    """The pids whose parent is ``pid``, from /proc/*/stat (no need for the kernel's /proc/PID/task/*/children)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def training_processes(server_pid: int) -> list[int]:
    """The server's training processes: its children running ``core.training.worker_process``."""
    found = []
    for pid in child_processes(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"core.training.worker_process" in command and not process_has_ended(pid):
            found.append(pid)
    return found


def process_has_ended(pid: int) -> bool:
    """The process runs no more: gone, or a zombie that only waits for its parent to collect its exit status."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


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


def choose_option(page, label: str, option: str) -> None:
    """Streamlit 1.67 selectboxes are react-aria comboboxes: click the input until its listbox opens (the first
    click after a closed modal only gives focus back), then click the option."""
    combobox = page.get_by_role("combobox", name=label)
    for _ in range(3):
        combobox.click()
        page.wait_for_timeout(300)
        if combobox.get_attribute("aria-expanded") == "true":
            break
    page.get_by_role("option", name=option, exact=True).click()


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait for the script to finish twice, a moment apart: a widget change can start a rerun just after the first."""
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_timeout(700)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


# The draw page's canvas, driven by mouse strokes as a visitor draws.
CANVAS = "[data-testid=stBidiComponentIsolated] canvas.upper-canvas"

# Strokes on the 280x280 canvas, as lists of points (one list per pen-down ... pen-up).
DIGIT_STROKES = {
    "1": [[(140, 45), (140, 235)]],
    "7": [[(75, 55), (205, 55), (115, 235)]],
    "0": [
        [
            (140 + 65 * math.sin(angle / 24 * 2 * math.pi), 140 - 95 * math.cos(angle / 24 * 2 * math.pi))
            for angle in range(25)
        ]
    ],
    "4": [[(175, 235), (175, 45), (75, 165), (215, 165)]],
}


def draw(page, strokes, timeout_ms: int = 30_000, settle: bool = True) -> None:
    """Draw ``strokes`` (see ``DIGIT_STROKES``) on the draw page's canvas with the mouse, then wait for the page to
    settle unless ``settle`` is false (a bench timing the result does not want the fixed pauses)."""
    canvas = page.locator(CANVAS).last
    canvas.wait_for(timeout=timeout_ms)
    box = canvas.bounding_box()
    scale = box["width"] / 280
    for stroke in strokes:
        points = []
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            steps = max(2, int(math.hypot(x1 - x0, y1 - y0) / 8))
            points.extend((x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps))
        points.append(stroke[-1])
        page.mouse.move(box["x"] + points[0][0] * scale, box["y"] + points[0][1] * scale)
        page.mouse.down()
        for x, y in points[1:]:
            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.up()
    if settle:
        wait_until_idle(page)


def prediction(page, language="en") -> str:
    """The draw page's "Prediction" metric, once there is exactly one."""
    from playwright.sync_api import expect

    label = translate("draw.metric.prediction", language)
    metric = page.locator("[data-testid=stMetric]").filter(has_text=label)
    expect(metric).to_have_count(1, timeout=30_000)
    return metric.locator("[data-testid=stMetricValue]").inner_text().strip()
