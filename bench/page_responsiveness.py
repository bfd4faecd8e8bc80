"""Page responsiveness while a training runs: first render of /math and /activations with the /training page's
default training in the background vs with nothing training, on one server, in the same run.

    python -m bench.page_responsiveness [--visits 40] [--baseline-tree /work/wt/baseline]

A visit is a fresh visitor (:class:`bench.streamlit_protocol.StreamlitSession`, Streamlit's own websocket protocol)
opening /math or /activations (alternately); its *first render* is the time from asking for the page to the
script's last element (the page fully drawn; the time to the first element is printed too). Visits run one at a
time, so the figure is the responsiveness one visitor sees, not a load test.

The background training is started as a visitor starts it: a second session opens /training and presses Train.
The server serves the bundled default models from an empty temporary store, so its warm-up has nothing to train;
the /training default comes from the bundle at once, and that session then presses "Train it again live", which
really trains (again for every busy phase: it reopens /training). Phases alternate, busy then idle, so that the
machine's noise (it is shared) falls on both alike: a busy phase visits pages while one training runs (at most
``--phase`` visits, the first one as the training starts), the idle phase that follows, once the training has ended,
makes as many visits with nothing training, until each condition has ``--visits`` visits. Goal: p95 ratio busy /
idle <= 1.2.

``--baseline-tree PATH`` measures the same against a server run from another checkout (the thread engine before
issue 16: ``git worktree add /work/wt/baseline cab18a5``), after this tree's, in the same run; both ratios are
printed, this tree's last.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import percentile
from bench.streamlit_protocol import ProtocolError, StreamlitSession
from tests.e2e.harness import start_server, stop_server

PAGES = ("math", "activations")
TRAIN = "Train"
TRAIN_AGAIN_LIVE = "Train it again live"


@dataclass
class Figures:
    """The visits of one condition (busy or idle): whole first render and first element, in seconds."""

    renders: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in PAGES})
    first_elements: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in PAGES})
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(values) for values in self.renders.values())

    def all_renders(self) -> list[float]:
        return [value for values in self.renders.values() for value in values]


def visit(base_url: str, page: str, figures: Figures) -> None:
    """One fresh visitor opens ``page``."""
    try:
        with StreamlitSession(base_url, timeout=120) as session:
            result = session.open(page, query_string="lang=en")
    except (ProtocolError, OSError, TimeoutError) as error:
        figures.errors.append(f"/{page}: {type(error).__name__}: {error}")
        return
    if result.exceptions or result.page_not_found:
        figures.errors.append(f"/{page}: {result.exceptions or 'page not found'}")
        return
    figures.renders[page].append(result.seconds)
    figures.first_elements[page].append(result.first_element_seconds or result.seconds)


def press(session: StreamlitSession, label: str):
    """Press the button whose label is exactly ``label`` (``click`` matches a part: "Train" is in "Train it again
    live")."""
    for element in session.elements:
        if element.kind == "button" and element.proto.label == label:
            session._send_rerun({element.widget_id: ("trigger_value", True)})
            return session._receive_run()
    labels = [element.proto.label for element in session.elements if element.kind == "button"]
    raise ProtocolError(f"No button {label!r} on /training (saw {labels}).")


class Trainer:
    """The visitor on /training: starts the default training live and follows its panel until it ends."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.running = threading.Event()
        self.trainings: list[float] = []
        self.error: str | None = None

    def start(self) -> threading.Thread:
        """Start one live training; returns once it is running (the panel polls), following it in a thread."""
        session = StreamlitSession(self.base_url, timeout=600)
        session.open("training", query_string="lang=en")
        press(session, TRAIN)
        if not session.polling:  # from the store or the bundle: train it again, live
            press(session, TRAIN_AGAIN_LIVE)
        if not session.polling:
            session.close()
            raise ProtocolError("Pressing 'Train it again live' did not start a live training.")
        self.running.set()
        thread = threading.Thread(target=self._follow, args=(session, time.perf_counter()), daemon=True)
        thread.start()
        return thread

    def _follow(self, session: StreamlitSession, started: float) -> None:
        try:
            session.poll_until(lambda visitor: not visitor.polling, timeout=900)
            self.trainings.append(time.perf_counter() - started)
        except (ProtocolError, OSError, TimeoutError) as error:
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self.running.clear()
            session.close()


def measure(tree: Path | None, visits: int, phase: int, label: str) -> tuple[Figures, Figures, list[float]]:
    """Busy and idle figures of a server run from ``tree`` (None: this checkout), ``visits`` visits each."""
    from core.settings import MODEL_STORE_ENV

    busy, idle = Figures(), Figures()
    with tempfile.TemporaryDirectory() as store:
        server, base_url = start_server(extra_env={MODEL_STORE_ENV: store}, cwd=tree)
        try:
            for page in PAGES * 2:  # warm: every import and cache a first visitor pays for
                visit(base_url, page, Figures())
            trainer = Trainer(base_url)
            press_count = 0
            while busy.count < visits or idle.count < visits:
                follower = trainer.start()
                busy_before = busy.count
                while trainer.running.is_set() and busy.count < min(visits, busy_before + phase):
                    visit(base_url, PAGES[press_count % 2], busy)
                    press_count += 1
                # As many idle visits as busy ones (all the rest once the busy ones are complete).
                busy_phase = max(busy.count - busy_before, 1) if busy.count < visits else visits
                follower.join()
                if trainer.error:
                    raise SystemExit(f"{label}: the background training failed: {trainer.error}")
                time.sleep(1.0)  # the training process finishes writing the model
                for _ in range(min(busy_phase, max(visits - idle.count, 0))):
                    visit(base_url, PAGES[press_count % 2], idle)
                    press_count += 1
                print(
                    f"{label}: training {len(trainer.trainings)} took {trainer.trainings[-1]:.1f} s; "
                    f"{busy.count} busy and {idle.count} idle visits so far",
                    flush=True,
                )
        finally:
            stop_server(server)
    return busy, idle, trainer.trainings


def report(label: str, busy: Figures, idle: Figures) -> float:
    """Print the condition's figures; return the p95 ratio busy / idle of the first render."""
    print(f"\n{label}")
    header = f"{'idle render p50/p95 (s)':>26}{'busy render p50/p95 (s)':>26}{'first element idle/busy p95':>30}"
    print(f"{'page':<14}{header}")
    for page in PAGES:
        print(
            f"/{page:<13}"
            f"{percentile(idle.renders[page], 50):>13.2f} / {percentile(idle.renders[page], 95):<9.2f}"
            f"{percentile(busy.renders[page], 50):>13.2f} / {percentile(busy.renders[page], 95):<9.2f}"
            f"{percentile(idle.first_elements[page], 95):>16.2f} / {percentile(busy.first_elements[page], 95):.2f}"
        )
    errors = busy.errors + idle.errors
    print(f"visits: {idle.count} idle, {busy.count} busy; errors: {len(errors)}")
    for error in sorted(set(errors))[:10]:
        print(f"  {error}")
    return percentile(busy.all_renders(), 95) / percentile(idle.all_renders(), 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=40, help="visits per condition (busy, idle), both pages")
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        default=None,
        help="a checkout of the thread engine (commit cab18a5) to measure the same way, in the same run",
    )
    parser.add_argument("--phase", type=int, default=10, help="visits per busy phase at most (one training each)")
    arguments = parser.parse_args()

    results = {"process engine (this tree)": measure(None, arguments.visits, arguments.phase, "this tree")}
    if arguments.baseline_tree is not None:
        results[f"thread engine ({arguments.baseline_tree})"] = measure(
            arguments.baseline_tree.resolve(), arguments.visits, arguments.phase, "baseline"
        )
    ratios = {}
    for label, (busy, idle, trainings) in results.items():
        ratios[label] = report(f"{label}: {len(trainings)} trainings in the background", busy, idle)
    print()
    for label in reversed(list(ratios)):
        print(f"first render p95 while training / idle, /math + /activations, {label} (goal <= 1.2): ", end="")
        print(f"{ratios[label]:.2f}")


if __name__ == "__main__":
    main()
