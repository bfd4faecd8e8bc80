"""Running a lesson page in AppTest the way a visitor reaches it: through the entry script (language, navigation),
then waiting for the page's training jobs by re-running it, as the browser's polling does."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[2]


def open_lesson(page_script: str, language: str, timeout: float = 120) -> AppTest:
    """The entry script in ``language``, switched to ``page_script`` (e.g. "app_pages/draw.py")."""
    app = AppTest.from_file(str(REPO_ROOT / "dashboard_app.py"), default_timeout=timeout)
    app.session_state["lang"] = language
    app.run()
    app.switch_page(page_script)
    app.run()
    assert not app.exception, app.exception
    return app


def run_until_jobs_done(
    app: AppTest, job_state_keys: str | Iterable[str], timeout: float = 240.0, poll_s: float = 0.5
) -> None:
    """Re-run the page until the jobs kept under ``job_state_keys`` in its session are done, then once more (the
    run that draws the results). A key not in the session yet counts as not done."""
    keys = [job_state_keys] if isinstance(job_state_keys, str) else list(job_state_keys)

    def all_done() -> bool:
        return all(key in app.session_state and app.session_state[key].done for key in keys)

    deadline = time.monotonic() + timeout
    while not all_done():
        assert time.monotonic() < deadline, f"{', '.join(keys)} did not finish within {timeout:g} s"
        time.sleep(poll_s)
        app.run()
        assert not app.exception, app.exception
    app.run()
    assert not app.exception, app.exception
