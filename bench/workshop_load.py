"""A workshop in a box: N attendees visit the app at once, on loopback, and we measure what they get.

    python -m bench.workshop_load --sessions 10
    python -m bench.workshop_load --sessions 30

Each attendee is a :class:`bench.streamlit_protocol.StreamlitSession` (Streamlit's own websocket protocol, no
browser) that follows one scripted visit, starting within the first few seconds like a room that was just given the
link:

1. opens the landing page, then every lesson page in the menu;
2. on /training presses Train on the defaults and follows the live panel until the job is done;
3. on /draw draws a digit (sends the canvas image a browser would send) and waits for the prediction;
4. on /text scores a sentence.

Before the visit, every page's default model is copied from the bundle (``bundled_models/``) to a temporary store for
the server, without the /training default, and the server runs without a bundle: so the N attendees who press Train
share one real training, and every other page is served from the store, as in a prepared workshop.

Printed: session errors, p50/p95 of the time to the first element and to the whole page for every page visit, of the
time until the prediction's metric arrives (digit, sentence), how many trainings ran (new entries in the store), and
the peak memory of the server and of its training processes (its child processes): the server's VmHWM, the sum of
every child's own VmHWM (an upper bound: as if all peaked at once), and the peak of server + children resident memory
sampled every 0.5 s (what the machine held at once). The goal (<= 2.0 GB) is taken on the upper bound, server VmHWM
+ children VmHWM. The last line is the summary figure.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import REPO_ROOT, TreeMemory, percentile
from bench.streamlit_protocol import ProtocolError, StreamlitSession
from tests.e2e.harness import start_server, stop_server

SENTENCE = "虽然这部电影有些缺点,但总的来说还是很棒的"


def canvas_value_of_a_digit(digit: int) -> dict:
    """What the canvas frontend sends after a stroke: its drawing and a PNG of it (a real MNIST digit, thickened
    and scaled up to the 280x280 canvas, white on black)."""
    import numpy as np
    from PIL import Image

    from core.data.images import load_mnist
    from core.lessons.draw import render_as_canvas_strokes

    dataset = load_mnist()
    image = dataset.x_test[int(np.flatnonzero(dataset.y_test == digit)[0])]
    rgba = Image.fromarray(render_as_canvas_strokes(image, canvas_size=280, thickness=1), mode="RGBA")
    buffer = io.BytesIO()
    rgba.save(buffer, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    stroke = {"type": "path", "stroke": "#FFFFFF", "strokeWidth": 18, "path": [["M", 100, 60], ["L", 140, 220]]}
    return {"drawing": {"raw": {"objects": [stroke], "background": "#000000"}, "data": data_url}}


class Visit:
    """One attendee's scripted visit; every figure and error it met."""

    def __init__(
        self,
        base_url: str,
        pages: list[str],
        canvas_value: dict | None,
        delay: float,
        think: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.base_url, self.pages, self.canvas_value, self.delay = base_url, pages, canvas_value, delay
        self.think = think
        self._random = random.Random(seed)
        self.page_first_element: dict[str, float] = {}
        self.page_seconds: dict[str, float] = {}
        self.prediction_seconds: dict[str, float] = {}
        self.training_seconds: float | None = None
        self.errors: list[str] = []

    def _read(self) -> None:
        """Time spent reading a page before the next step (0 = click through at once)."""
        if self.think > 0:
            time.sleep(self._random.uniform(0.5 * self.think, 1.5 * self.think))

    def _open(self, session: StreamlitSession, page: str) -> None:
        self._read()
        result = session.open(page, query_string="lang=en")
        self.page_seconds[page] = result.seconds
        self.page_first_element[page] = result.first_element_seconds or result.seconds
        if result.page_not_found:
            self.errors.append(f"/{page}: page not found")
        for exception in result.exceptions:
            self.errors.append(f"/{page}: {exception}")

    def run(self) -> None:
        time.sleep(self.delay)
        try:
            with StreamlitSession(self.base_url, timeout=600) as session:
                for page in [""] + self.pages:
                    self._open(session, page)
                if "training" in self.pages:
                    self._open(session, "training")
                    self._read()
                    started = time.perf_counter()
                    session.click("Train")
                    if session.polling:
                        session.poll_until(lambda visitor: not visitor.polling, timeout=900)
                    self.training_seconds = time.perf_counter() - started
                    if not session.has("alert", "Finished") and not session.has("alert", "model store"):
                        alerts = [e.text[:80] for e in session.elements if e.kind == "alert"]
                        self.errors.append(f"/training: no finished message after Train ({alerts})")
                if "draw" in self.pages and self.canvas_value is not None:
                    self._open(session, "draw")
                    canvas = session.find("bidi_component")
                    self._read()
                    result = session.set_value(canvas.widget_id, "json_value", self.canvas_value)
                    arrived = session.arrival(result, "metric", "Prediction")
                    self.prediction_seconds["draw"] = arrived if arrived is not None else result.seconds
                    if not session.has("metric", "Prediction"):
                        self.errors.append("/draw: no prediction after drawing")
                    self.errors.extend(f"/draw: {exception}" for exception in result.exceptions)
                if "text" in self.pages:
                    self._open(session, "text")
                    text_area = session.find("text_area")
                    self._read()
                    result = session.set_value(text_area.widget_id, "string_value", SENTENCE)
                    arrived = session.arrival(result, "metric", "Positive probability")
                    self.prediction_seconds["text"] = arrived if arrived is not None else result.seconds
                    if not session.has("metric", "Positive probability"):
                        self.errors.append("/text: no positive probability after typing")
                    self.errors.extend(f"/text: {exception}" for exception in result.exceptions)
        except (ProtocolError, OSError, TimeoutError) as error:
            self.errors.append(f"{type(error).__name__}: {error}")
        except Exception as error:  # noqa: BLE001 - a visit's failure is a figure, not the end of the bench
            self.errors.append(f"{type(error).__name__}: {error}")


def prepared_store(source: Path, target: Path) -> int:
    """Copy the models without the /training default; return how many entries were copied."""
    from core.training.config import default_config

    training_default = default_config("image_classifier", dataset="mnist").key
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("MANIFEST.json"))
    for path in target.glob(f"{training_default}*"):
        path.unlink() if path.is_file() else shutil.rmtree(path)
    return len(list(target.glob("*.json")))


def room(
    base_url: str,
    sessions: int,
    pages: list[str],
    canvas_value: dict | None,
    spread: float,
    think: float,
    warm_up_urls: list[str] | None = None,
) -> tuple[list[Visit], float]:
    """The room at ``base_url``: one visitor first on each server (``warm_up_urls``, default ``base_url``), as the
    instructor checking the link, so that TensorFlow is warm before the room arrives; then ``sessions`` attendees
    arriving within ``spread`` seconds, each following the scripted visit in a thread of its own. Returns the visits
    (their figures and errors) and the seconds the room took."""
    for url in warm_up_urls or [base_url]:
        Visit(url, [], None, 0).run()
    time.sleep(6)
    random.seed(0)
    visits = [
        Visit(base_url, pages, canvas_value, random.uniform(0, spread), think, number) for number in range(sessions)
    ]
    threads = [threading.Thread(target=visit.run) for visit in visits]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return visits, time.perf_counter() - started


def p95_figures(visits: list[Visit], pages: list[str]) -> dict[str, float]:
    """The room's p95s over every page but /training (whose run waits for the shared training), in seconds: first
    element (``first_render``), whole page (``page``), and prediction's metric on /draw and /text (``prediction``)."""
    stored_pages = [page for page in [""] + pages if page != "training"]
    return {
        "first_render": percentile(
            [visit.page_first_element[p] for visit in visits for p in stored_pages if p in visit.page_first_element],
            95,
        ),
        "page": percentile(
            [visit.page_seconds[p] for visit in visits for p in stored_pages if p in visit.page_seconds], 95
        ),
        "prediction": percentile([value for visit in visits for value in visit.prediction_seconds.values()], 95),
    }


def lesson_pages() -> tuple[list[str], dict | None]:
    """Every lesson's url path, in the menu's order, and the canvas value an attendee sends on /draw."""
    from dashboard.navigation import LESSONS

    pages = [spec.url_path for spec in LESSONS]
    return pages, canvas_value_of_a_digit(3) if "draw" in pages else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument(
        "--store", type=Path, default=REPO_ROOT / "bundled_models", help="the models to serve (default: the bundle)"
    )
    parser.add_argument("--spread", type=float, default=5.0, help="attendees arrive within this many seconds")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds an attendee reads before each step (0: click through at once, the worst case)",
    )
    arguments = parser.parse_args()

    from core.settings import MODEL_BUNDLE_ENV, MODEL_STORE_ENV

    pages, canvas_value = lesson_pages()
    with tempfile.TemporaryDirectory() as directory:
        store = Path(directory) / "store"
        entries_before = prepared_store(arguments.store, store) if arguments.store.exists() else 0
        # The /training default is not in the store and the server has no bundle: its Train presses really train.
        server, base_url = start_server(extra_env={MODEL_STORE_ENV: str(store), MODEL_BUNDLE_ENV: "none"})
        memory = TreeMemory(server.pid, interval=0.5)
        try:
            visits, wall_seconds = room(
                base_url, arguments.sessions, pages, canvas_value, arguments.spread, arguments.think
            )
        finally:
            memory.stop()
            stop_server(server)
        trainings = len(list(store.glob("*.json"))) - entries_before

    errors = [error for visit in visits for error in visit.errors]
    print(
        f"\n{arguments.sessions} sessions, {len(pages) + 1} pages each, "
        f"{arguments.think:g} s mean reading time per step, "
        f"{wall_seconds:.0f} s in all"
    )
    print(f"{'page':<16}{'first element p50/p95 (s)':>28}{'whole page p50/p95 (s)':>26}")
    for page in [""] + pages:
        firsts = [visit.page_first_element[page] for visit in visits if page in visit.page_first_element]
        wholes = [visit.page_seconds[page] for visit in visits if page in visit.page_seconds]
        print(
            f"/{page:<15}{percentile(firsts, 50):>14.2f} / {percentile(firsts, 95):<11.2f}"
            f"{percentile(wholes, 50):>12.2f} / {percentile(wholes, 95):<11.2f}"
        )
    for name in ("draw", "text"):
        values = [visit.prediction_seconds[name] for visit in visits if name in visit.prediction_seconds]
        if values:
            print(f"prediction on /{name}: p50 {percentile(values, 50):.2f} s, p95 {percentile(values, 95):.2f} s")
    training_times = [visit.training_seconds for visit in visits if visit.training_seconds is not None]
    if training_times:
        print(
            f"/training Train -> result: p50 {statistics.median(training_times):.1f} s, max {max(training_times):.1f} s"
        )
    print(f"trainings that ran: {trainings} (distinct configs asked for: 1)")
    print(f"session errors: {len(errors)}")
    print(
        f"peak memory: server {memory.server_hwm_mb:.0f} MB (VmHWM), "
        f"training processes {memory.children_hwm_mb:.0f} MB "
        f"(sum of each child's VmHWM, {len(memory.children_hwm)} children), "
        f"total {memory.server_hwm_mb + memory.children_hwm_mb:.0f} MB (goal <= 2048); "
        f"peak of server + children RSS sampled every 0.5 s: {memory.peak_total_mb:.0f} MB"
    )
    for pid, peak in sorted(memory.children_hwm.items()):
        print(f"  child {pid}: VmHWM {peak:.0f} MB  {memory.children_names.get(pid, '')}")
    for error in sorted(set(errors))[:20]:
        print(f"  {error}")
    p95 = p95_figures(visits, pages)
    print(
        json.dumps(
            {
                "sessions": arguments.sessions,
                "think_s": arguments.think,
                "errors": len(errors),
                "first_render_p95_s": round(p95["first_render"], 2),
                "page_p95_s": round(p95["page"], 2),
                "prediction_p95_s": round(p95["prediction"], 2),
                "trainings": trainings,
                "server_peak_mb": round(memory.server_hwm_mb),
                "workers_peak_mb": round(memory.children_hwm_mb),
                "server_plus_workers_peak_mb": round(memory.server_hwm_mb + memory.children_hwm_mb),
                "sampled_total_peak_mb": round(memory.peak_total_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
