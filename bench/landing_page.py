"""How long until the landing page is interactive after `streamlit run`, against a one-line Streamlit app.

Both apps are started the same way, several times, alternating; the clock runs from spawning the server
to the page in Chromium showing its content with the script finished. Goal: ratio <= 1.5.

    python -m bench.landing_page [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import chromium
from tests.e2e.harness import APP_IDLE, start_server, stop_server

ONE_LINE_APP = 'import streamlit as st\nst.title("Hello")\n'


def time_to_interactive(browser, script: str) -> float:
    started = time.perf_counter()
    process, base_url = start_server(script)
    try:
        page = browser.new_page()
        page.goto(base_url)
        page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        one_line = Path(folder) / "one_line_app.py"
        one_line.write_text(ONE_LINE_APP)
        time_to_interactive(browser, str(one_line))  # warm the OS file cache for both
        time_to_interactive(browser, "streamlit_app.py")
        baseline, dashboard = [], []
        for repeat in range(arguments.repeats):
            baseline.append(time_to_interactive(browser, str(one_line)))
            dashboard.append(time_to_interactive(browser, "streamlit_app.py"))
            print(f"run {repeat + 1}: one-line app {baseline[-1]:.2f} s, dashboard {dashboard[-1]:.2f} s", flush=True)

    baseline_median, dashboard_median = statistics.median(baseline), statistics.median(dashboard)
    print(f"one-line app median: {baseline_median:.2f} s")
    print(f"dashboard median:    {dashboard_median:.2f} s")
    print(
        "landing page interactive ratio (dashboard / one-line app, goal <= 1.5): "
        f"{dashboard_median / baseline_median:.2f}"
    )


if __name__ == "__main__":
    main()
