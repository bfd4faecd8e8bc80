"""core.runtime: the server's start-up warm-up imports TensorFlow only once the first page has been drawn (a visitor
who arrives with the server never waits for it), or after a few idle seconds when nobody visits. Each case runs in
a fresh interpreter, where TensorFlow is not imported yet."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "DASHBOARD_WARMUP": "0"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


WAIT_UNTIL_READY = (
    "deadline = time.monotonic() + 120\n"
    "while runtime.tensorflow_status().state == 'loading' and time.monotonic() < deadline: time.sleep(0.1)\n"
    "print(runtime.tensorflow_status().state)\n"
)


def test_the_import_waits_for_the_first_page_then_starts():
    output = run_python(
        "import sys, time\nfrom core import runtime\n"
        "runtime.start_tensorflow_warmup(idle_seconds=60)\n"
        "time.sleep(1.5)\n"
        "print(runtime.tensorflow_status().state, 'tensorflow' in sys.modules)\n"
        "runtime.page_drawn()\n" + WAIT_UNTIL_READY
    )
    assert output == ["loading", "False", "ready"]


def test_a_server_nobody_visits_imports_it_after_its_idle_seconds():
    output = run_python(
        "import time\nfrom core import runtime\nruntime.start_tensorflow_warmup(idle_seconds=0.2)\n" + WAIT_UNTIL_READY
    )
    assert output == ["ready"]
