"""How long the first TensorFlow page takes after the landing page, on a freshly started server.

A visitor opens the landing page and then clicks a lesson in the sidebar; TensorFlow is warmed up in the
background once the landing page has been drawn. Measured from the click to the lesson page's script finishing,
for a visitor who clicks at once and for one who reads the landing page for a few seconds. Goal: <= 2 s.

    python -m bench.first_tensorflow_page [--repeats 3] [--dwell 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from bench.common import chromium
from dashboard.i18n import translate
from dashboard.navigation import LESSONS
from tests.e2e.harness import APP_IDLE, start_server, stop_server, wait_for_app


def first_lesson_visit(browser, dwell_seconds: float) -> float:
    process, base_url = start_server()
    try:
        page = browser.new_page()
        page.goto(base_url)
        wait_for_app(page)
        page.wait_for_timeout(dwell_seconds * 1000)
        lesson = LESSONS[0]
        started = time.perf_counter()
        page.locator("[data-testid=stSidebarNav]").get_by_text(translate(lesson.title_key, "en"), exact=True).click()
        page.wait_for_url(re.compile(rf"/{lesson.url_path}(\?|$)"), timeout=60_000)
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length > 0", timeout=60_000)
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dwell", type=float, default=5.0, help="seconds a reader spends on the landing page")
    arguments = parser.parse_args()

    with chromium() as browser:
        immediate = [first_lesson_visit(browser, 0) for _ in range(arguments.repeats)]
        print(f"click at once: {', '.join(f'{value:.2f}' for value in immediate)} s", flush=True)
        after_reading = [first_lesson_visit(browser, arguments.dwell) for _ in range(arguments.repeats)]
        print(
            f"click after {arguments.dwell:.0f} s on the landing page: "
            f"{', '.join(f'{value:.2f}' for value in after_reading)} s"
        )

    print(f"first TensorFlow page, clicked at once (median): {statistics.median(immediate):.2f} s")
    print(
        f"first TensorFlow page after {arguments.dwell:.0f} s on the landing page (median, goal <= 2 s): "
        f"{statistics.median(after_reading):.2f} s"
    )


if __name__ == "__main__":
    main()
