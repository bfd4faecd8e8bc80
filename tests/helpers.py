"""Helpers the whole test suite shares, imported as ``from tests.helpers import ...`` (tests/conftest.py puts the
repository root on ``sys.path``). A real server and Chromium for the end-to-end tests: tests/e2e/harness.py.

- ``REPO_ROOT``; ``run_python``: a snippet in a fresh interpreter from the repository root (what a new process sees);
- ``wait_until``: poll a condition with a deadline;
- ``open_app``, ``open_lesson``, ``run_until_jobs_done``: a page in AppTest, reached the way a visitor reaches it;
  ``shown_text``, ``metric_values``: what the visitor reads on it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[1]
ENTRY_SCRIPT = REPO_ROOT / "dashboard_app.py"


def wait_until(predicate: Callable[[], object], timeout: float = 60.0, interval: float = 0.05) -> None:
    """Poll ``predicate`` until it is true; fail the test when it is still false after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout:g} s")


def run_python(code: str, timeout: float = 180, **environment: str) -> str:
    """Run ``code`` in a fresh interpreter in the repository root, with ``environment`` added to this process'
    variables; fail the test on a non-zero exit (with its stderr), return its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **environment},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [exception.value for exception in app.exception]


def open_app(language: str | None = None, timeout: float = 60) -> AppTest:
    """The entry script's first run (the landing page), in ``language`` when given (as the sidebar's language
    selector sets it; AppTest does not seed widgets from ``query_params``, the ``?lang=`` link is an e2e test)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=timeout)
    if language:
        app.session_state["lang"] = language
    return app.run()


def open_lesson(
    page_script: str, language: str, timeout: float = 120, state: Mapping[str, Any] | None = None
) -> AppTest:
    """The entry script in ``language``, switched to ``page_script`` (e.g. "app_pages/draw.py"), with ``state`` set
    in its session first (e.g. the tab a click would open)."""
    app = open_app(language, timeout)
    app.switch_page(page_script)
    for key, value in (state or {}).items():
        app.session_state[key] = value
    app.run()
    assert_no_exception(app)
    return app


def run_until_jobs_done(
    app: AppTest, job_state_keys: str | Iterable[str], timeout: float = 240.0, poll_s: float = 0.5
) -> None:
    """Re-run the page until the jobs kept under ``job_state_keys`` in its session are done, then once more (the
    run that draws the results), as the browser's polling does. A key not in the session yet counts as not done."""
    keys = [job_state_keys] if isinstance(job_state_keys, str) else list(job_state_keys)

    def all_done() -> bool:
        return all(key in app.session_state and app.session_state[key].done for key in keys)

    deadline = time.monotonic() + timeout
    while not all_done():
        assert time.monotonic() < deadline, f"{', '.join(keys)} did not finish within {timeout:g} s"
        time.sleep(poll_s)
        app.run()
        assert_no_exception(app)
    app.run()
    assert_no_exception(app)


def shown_text(app: AppTest) -> str:
    """Every sentence the page shows as text: markdown, captions and the info, warning, success and error boxes."""
    elements = (*app.markdown, *app.caption, *app.info, *app.warning, *app.success, *app.error)
    return "\n".join(element.value for element in elements)


def metric_values(app: AppTest) -> dict[str, str]:
    """The page's metrics as the visitor reads them: label -> value."""
    return {metric.label: metric.value for metric in app.metric}


def run_learner_script(
    source: str, tmp_path: Path, name: str = "train", extra_environment: Mapping[str, str] | None = None
) -> str:
    """Run a script the app shows a learner, as the learner would (``python name.py`` in a fresh interpreter), with
    ``QUICK_RUN=1``, offline and with an empty Keras cache of its own; its output, or a failed assertion with it."""
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    environment = {
        **os.environ,
        "QUICK_RUN": "1",
        "DASHBOARD_OFFLINE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "KERAS_HOME": str(tmp_path / "keras_home"),
        **(extra_environment or {}),
    }
    completed = subprocess.run(
        [sys.executable, str(path)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    return output
