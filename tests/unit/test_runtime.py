"""core.runtime: the server's start-up warm-up imports TensorFlow only once the first page has been drawn (a visitor
who arrives with the server never waits for it), or after a few idle seconds when nobody visits. Each case runs in
a fresh interpreter, where TensorFlow is not imported yet."""

from tests.helpers import run_python


def printed_words(code: str) -> list[str]:
    """The words ``code`` prints in a fresh interpreter where the start-up warm-up is off until the code starts it."""
    return run_python(code, DASHBOARD_WARMUP="0").split()


WAIT_UNTIL_READY = (
    "deadline = time.monotonic() + 120\n"
    "while runtime.tensorflow_status().state == 'loading' and time.monotonic() < deadline: time.sleep(0.1)\n"
    "print(runtime.tensorflow_status().state)\n"
)


def test_the_import_waits_for_the_first_page_then_starts():
    output = printed_words(
        "import sys, time\nfrom core import runtime\n"
        "runtime.start_tensorflow_warmup(idle_seconds=60)\n"
        "time.sleep(1.5)\n"
        "print(runtime.tensorflow_status().state, 'tensorflow' in sys.modules)\n"
        "runtime.page_drawn()\n" + WAIT_UNTIL_READY
    )
    assert output == ["loading", "False", "ready"]


def test_a_server_nobody_visits_imports_it_after_its_idle_seconds():
    output = printed_words(
        "import time\nfrom core import runtime\nruntime.start_tensorflow_warmup(idle_seconds=0.2)\n" + WAIT_UNTIL_READY
    )
    assert output == ["ready"]
