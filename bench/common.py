"""What the benches share: the repository's root, percentiles as the figures print them, waiting for an engine job
and stopping with its message when it did not finish, and a server's peak memory.

Servers and the browser are the end-to-end tests' own (:mod:`tests.e2e.harness`: ``start_server``, ``stop_server``,
``wait_for_app``...; :func:`chromium` here launches their browser), so that a bench measures exactly what the tests
check.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.processes import descendants

REPO_ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, interpolated between the two nearest ranks as NumPy's default
    does; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def median_and_p95_ms(seconds: list[float]) -> str:
    """``"median 12.3 ms, p95 45.6 ms"`` for durations given in seconds."""
    milliseconds = [value * 1000 for value in seconds]
    return f"median {percentile(milliseconds, 50):.1f} ms, p95 {percentile(milliseconds, 95):.1f} ms"


def finished(handle, what: str, timeout: float = 3600):
    """Wait for an engine job and return its last snapshot; stop the bench with the job's own message when it did
    not finish (there is no figure to print then)."""
    snapshot = handle.wait(timeout=timeout)
    if snapshot.state != "finished":
        sys.exit(f"{what} did not train ({snapshot.state}): {snapshot.message}")
    return snapshot


def train(config, store, what: str = "the model", timeout: float = 3600):
    """``config`` through a training engine of its own over ``store`` (a ``ModelStore``; from the store when it has
    the model, trained into it otherwise), one worker, shut down afterwards. Returns the job's handle (its
    ``.model`` stays usable) and its last snapshot."""
    from core.training.engine import TrainingEngine

    engine = TrainingEngine(store=store, max_workers=1)
    try:
        handle = engine.request(config, "bench")
        return handle, finished(handle, what, timeout)
    finally:
        engine.shutdown()


def peak_memory_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of a running process on Linux, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, launched by Playwright as the end-to-end tests launch it; closed afterwards."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeMemory:
    """The memory of a server and of its child processes (the training processes), sampled every ``interval``
    seconds in a thread until :meth:`stop`.

    Two figures for the children, because they come and go (a worker is recycled or replaced): ``children_hwm_mb``,
    the sum over every child ever seen of its own peak (VmHWM, last read before it ended: an upper bound, as if
    every child had peaked at once), and ``peak_total_mb``, the peak of server RSS + children RSS summed at the
    same sample (what the machine held at once, to within one interval).
    """

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        import threading

        self.pid, self.interval = pid, interval
        self.children_hwm: dict[int, float] = {}
        self.children_names: dict[int, str] = {}
        self.peak_total_mb = 0.0
        self.peak_children_rss_mb = 0.0
        self.server_hwm_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        total = _status_mb(self.pid, "VmRSS")
        self.server_hwm_mb = max(self.server_hwm_mb, _status_mb(self.pid, "VmHWM"))
        children_rss = 0.0
        for child in descendants(self.pid):
            children_rss += _status_mb(child, "VmRSS")
            self.children_hwm[child] = max(self.children_hwm.get(child, 0.0), _status_mb(child, "VmHWM"))
            if child not in self.children_names:
                try:
                    self.children_names[child] = (
                        Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")[:80].decode(errors="replace")
                    )
                except OSError:
                    self.children_names[child] = "?"
        self.peak_children_rss_mb = max(self.peak_children_rss_mb, children_rss)
        self.peak_total_mb = max(self.peak_total_mb, total + children_rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        """Take a last sample (call before the server stops) and end the sampling."""
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def children_hwm_mb(self) -> float:
        return sum(self.children_hwm.values())
