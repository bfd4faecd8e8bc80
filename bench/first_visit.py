"""How long the first visitor of /draw, /text and /gan waits for the page's main result on a fresh server.

A fresh deployment (Streamlit Community Cloud after a deploy, restart or wake-up) has an empty model store; the
models come from the bundle shipped with the code (bundled_models/). For each page, on a new server with an empty
writable store, offline, the clock runs from opening the page in Chromium to its main result on screen:

- /draw: the "Prediction" metric after a stroke drawn as soon as the canvas is there;
- /text: the "Positive probability" of the course's sentence (shown without any click);
- /gan: the gallery (its Play button and the generated grid).

Twice per page: the page opened 10 s after the server answered (goal <= 5 s), and the page as the very first thing
opened on a just-started server (TensorFlow's import is then part of the wait). Then, for memory: one visitor walks
through every page once, with the bundle and with the same models in a prewarmed writable store instead, and the
server's peak memory (VmHWM) is printed for both (goal: no higher with the bundle).

    python bench/first_visit.py [--repeats 1] [--skip-memory]
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests" / "e2e")]
from harness import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, start_server, stop_server, wait_for_app  # noqa: E402

from dashboard.i18n import translate  # noqa: E402
from dashboard.navigation import HOME, LESSONS  # noqa: E402

SETTLE_SECONDS = 10.0
RESULT_TIMEOUT_MS = 600_000
ONE = [(140, 45), (140, 235)]


def draw_one(page) -> None:
    canvas = page.locator("[data-testid=stBidiComponentIsolated] canvas.upper-canvas").last
    canvas.wait_for(timeout=RESULT_TIMEOUT_MS)
    box = canvas.bounding_box()
    scale = box["width"] / 280
    (x0, y0), (x1, y1) = ONE
    page.mouse.move(box["x"] + x0 * scale, box["y"] + y0 * scale)
    page.mouse.down()
    steps = max(2, int(math.hypot(x1 - x0, y1 - y0) / 8))
    for step in range(1, steps + 1):
        page.mouse.move(
            box["x"] + (x0 + (x1 - x0) * step / steps) * scale, box["y"] + (y0 + (y1 - y0) * step / steps) * scale
        )
    page.mouse.up()


def metric(page, key: str):
    return page.locator("[data-testid=stMetric]").filter(has_text=translate(key, "en"))


def wait_for_result(page, url_path: str) -> None:
    if url_path == "draw":
        draw_one(page)
        metric(page, "draw.metric.prediction").first.wait_for(timeout=RESULT_TIMEOUT_MS)
    elif url_path == "text":
        metric(page, "text.sent.probability").first.wait_for(timeout=RESULT_TIMEOUT_MS)
    else:
        page.get_by_role("button", name=translate("gan.gallery.play", "en")).wait_for(timeout=RESULT_TIMEOUT_MS)
        page.locator("[data-testid=stImage] img").first.wait_for(timeout=RESULT_TIMEOUT_MS)


def first_visit(browser, url_path: str, settle_seconds: float, environment: dict[str, str]) -> float:
    process, base_url = start_server(extra_env=environment)
    try:
        if settle_seconds:
            time.sleep(settle_seconds)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(f"{base_url}/{url_path}")
        wait_for_result(page, url_path)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        stop_server(process)


def peak_memory_after_tour(browser, environment: dict[str, str]) -> float:
    """Peak resident memory (MB) of the server after one visitor opened every page and waited for it to settle."""
    process, base_url = start_server(extra_env=environment)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for spec in (HOME, *LESSONS):
            page.goto(f"{base_url}/{spec.url_path}")
            wait_for_app(page, timeout_ms=RESULT_TIMEOUT_MS)
            if spec.url_path in ("draw", "text", "gan"):
                wait_for_result(page, spec.url_path)
                page.wait_for_selector(APP_IDLE, timeout=RESULT_TIMEOUT_MS)
        page.close()
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        return peak_kb / 1024
    finally:
        stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--skip-memory", action="store_true")
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from core.training.model_store import BUNDLE_DIR_ENV, DEFAULT_BUNDLE_DIR, STORE_DIR_ENV

    results: dict[tuple[str, str], list[float]] = {}
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for repeat in range(arguments.repeats):
            for url_path in ("draw", "text", "gan"):
                for label, settle in (("after 10 s", SETTLE_SECONDS), ("very first", 0.0)):
                    store = Path(folder) / f"empty-{repeat}-{url_path}-{settle:.0f}"
                    seconds = first_visit(browser, url_path, settle, {STORE_DIR_ENV: str(store)})
                    results.setdefault((url_path, label), []).append(seconds)
                    print(f"/{url_path} {label}: {seconds:.2f} s", flush=True)
        if not arguments.skip_memory:
            memory["bundle"] = peak_memory_after_tour(browser, {STORE_DIR_ENV: str(Path(folder) / "tour-empty")})
            prewarmed = Path(folder) / "tour-prewarmed"
            shutil.copytree(DEFAULT_BUNDLE_DIR, prewarmed)  # the same models, as a prewarmed writable store
            memory["prewarmed store"] = peak_memory_after_tour(
                browser, {STORE_DIR_ENV: str(prewarmed), BUNDLE_DIR_ENV: "none"}
            )
            for label, megabytes in memory.items():
                print(f"peak server memory after visiting every page once, {label}: {megabytes:,.0f} MB", flush=True)
        browser.close()

    for label in ("very first", "after 10 s"):
        figures = ", ".join(
            f"/{url_path} {statistics.median(results[(url_path, label)]):.2f} s" for url_path in ("draw", "text", "gan")
        )
        print(
            f"first visit, page opened {label}{' (the server just started)' if label == 'very first' else ''}: "
            f"{figures}"
        )
    worst = max(statistics.median(results[(url_path, "after 10 s")]) for url_path in ("draw", "text", "gan"))
    print(
        f"first visitor's main result on /draw, /text, /gan, server up 10 s (worst median, goal <= 5 s): {worst:.2f} s"
    )


if __name__ == "__main__":
    main()
