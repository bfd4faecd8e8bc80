"""A class of N attendees who follow the instructor, on loopback: how long until every screen shows the
instructor's page and setup, how long until a training's result is on the instructor's screen, and what a seat costs.

    python -m bench.classroom_follow --followers 5
    python -m bench.classroom_follow --followers 30

Everyone is a :class:`bench.streamlit_protocol.StreamlitSession` (Streamlit's own websocket protocol, no browser):

1. **The instructor** opens /classroom, types the passphrase, unlocks, starts a class and reads its code (the metric).
2. **The room**: N followers open the class link ``/?class=CODE&follow=1`` (every fifth with ``lang=zh``), arriving
   within ``--spread`` seconds, and from then on poll their auto-rerun fragments as a browser does (each on its own
   timer; the class box's poll every second moves them with ``st.switch_page``).
3. **Lead**: the instructor makes eight changes: pages (through the menu, as a click on a page link does) and setups on
   /training (the data set's selectbox, the noise slider). For each change: the time of the instructor's action, and
   for each follower the end of the first run after it in which the follower is on the instructor's page with the
   instructor's setup (the setup parameters of the address the server gives it equal the instructor's). Printed:
   p50/p95 over changes of the time until the LAST follower shows it, and p95 over every (change, follower) pair.
4. **Class experiment**: on its panel, the instructor starts an experiment on /training with one setting free (the
   learning rate when /training's link has it, else the data set among the 2-D toy sets: fast trainings). The room
   is taken to /training; each follower picks one of three values (so several share one training) and presses
   Train, then polls until its panel shows how the training ended. The instructor's results fragment (every second)
   is polled meanwhile; its count "N trainings, M finished" is read at each run. The k-th training to end (the time
   its follower saw the final status) is matched with the first time M reached k: the result latency.
5. **Errors**: exceptions drawn in any session, pages not found, protocol errors, changes a follower never showed,
   trainings without a final status. **Memory**: the server's VmHWM before the room joins and after the lead part,
   per attendee.

The server gets a temporary model store prepared as ``bench.workshop_load`` does (the bundle without the /training
default) and a passphrase in ``DASHBOARD_INSTRUCTOR_PASSPHRASE``. The last line is the summary figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

from bench.common import REPO_ROOT, percentile
from bench.streamlit_protocol import Element, ProtocolError, RunResult, StreamlitSession
from bench.workshop_load import prepared_store
from tests.e2e.harness import SERVER_LOG_DIR, stop_server

PASSPHRASE = "bench-classroom-passphrase"
PORTS = range(8800, 8810)  # this bench's servers (several benches and tests share the machine)
FOLLOW_TIMEOUT_S = 20.0  # a follower that has not shown a change by then missed it
TRAINING_TIMEOUT_S = 300.0
TOY_DATASETS = ("circles", "xor", "blobs")  # fast to train, all on /training's data set menu
LEARNING_RATES = ("0.003", "0.01", "0.1")  # as /training's select slider formats them
COUNT = re.compile(r"(\d+)\D+(\d+)")  # "N trainings, M finished"


def start_server(extra_env: dict[str, str]):
    """``tests.e2e.harness.start_server`` on the first free port of :data:`PORTS`."""
    from deploy.processes import port_is_free, start_streamlit, wait_until_healthy

    port = next((p for p in PORTS if port_is_free(p)), None)
    if port is None:
        raise SystemExit(f"No free port in {PORTS.start}-{PORTS.stop - 1}.")
    environment = {
        **os.environ,
        "DASHBOARD_OFFLINE": "1",
        "DASHBOARD_WARMUP": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **extra_env,
    }
    SERVER_LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = SERVER_LOG_DIR / f"streamlit_{port}.log"
    process = start_streamlit(port, environment, log_path, options=["--client.showErrorDetails", "full"])
    base_url = f"http://127.0.0.1:{port}"
    wait_until_healthy(process, base_url, log_path)
    return process, base_url


def setup_params(query_string: str) -> dict[str, str]:
    """The setup's parameters in an address (without the app's own: language, class, seat, follow)."""
    from core.classroom.setups import RESERVED_PARAMS

    return {name: value for name, value in parse_qsl(query_string) if name not in RESERVED_PARAMS}


def vm_mb(pid: int, name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def final_status(session: StreamlitSession) -> Element | None:
    """The training panel's "how it ended" alert (finished, from the store, or a warning/error), if drawn."""
    for element in session.elements:
        if element.kind == "alert" and element.proto.icon in (
            ":material/check_circle:",
            ":material/inventory_2:",
            ":material/warning:",
            ":material/restart_alt:",
        ):
            return element
    return None


@dataclass
class Change:
    """One of the instructor's changes: what it was, when it was made, where the instructor then was."""

    what: str
    at: float
    page: str
    params: dict[str, str]
    shown: dict[int, float] = field(default_factory=dict)  # follower number -> seconds after ``at``
    run: dict[int, float] = field(default_factory=dict)  # follower number -> seconds of the run that showed it
    cpu: float = 0.0  # the server's CPU seconds from the change until every follower showed it


class Follower:
    """One attendee who came by the class link and follows; polls until told to stop."""

    def __init__(self, number: int, base_url: str, code: str, language: str, delay: float) -> None:
        self.number, self.base_url, self.code, self.language, self.delay = number, base_url, code, language, delay
        self.errors: list[str] = []
        self.joined = threading.Event()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.page = ""
        self.params: dict[str, str] = {}
        # (run end, run seconds, page, setup) at every run: its start is when the browser's timer fired
        self.history: list[tuple[float, float, str, dict[str, str]]] = []
        self.train: tuple[str, str] | None = None  # (widget key, value) to set before pressing Train
        self.train_pressed: float | None = None
        self.train_ended: float | None = None
        self.train_status = ""
        self.runs = 0
        self.run_seconds: list[tuple[bool, str, float]] = []  # (full run, page, seconds) of every run

    def _record(self, session: StreamlitSession, result: RunResult) -> None:
        self.runs += 1
        self.run_seconds.append((result.full_run, session.page_name, result.seconds))
        if result.page_not_found:
            self.errors.append(f"follower {self.number}: page not found ({session.page_name})")
        self.errors.extend(f"follower {self.number} /{session.page_name}: {e}" for e in result.exceptions)
        with self.lock:
            self.page, self.params = session.page_name, setup_params(session.query_string)
            self.history.append((session.last_run_ended, result.seconds, self.page, self.params))

    def run(self) -> None:
        time.sleep(self.delay)
        query = f"class={self.code}&follow=1" + ("&lang=zh" if self.language == "zh" else "")
        try:
            with StreamlitSession(self.base_url, query, timeout=120) as session:
                self._record(session, session.open("", query))
                self.joined.set()
                while not self.stop.is_set():
                    for result in session.poll_due():
                        self._record(session, result)
                    if self.train is not None and self.train_pressed is None and session.page_name == "training":
                        self._press_train(session)
                    if self.train_pressed is not None and self.train_ended is None:
                        status = final_status(session)
                        if status is not None:
                            self.train_ended, self.train_status = session.last_run_ended, status.proto.body[:60]
                    wait = session.next_poll_in()
                    time.sleep(min(wait if wait is not None else 0.2, 0.2))
        except (ProtocolError, OSError, TimeoutError) as error:
            self.errors.append(f"follower {self.number}: {type(error).__name__}: {error}")
        except Exception as error:  # noqa: BLE001 - a follower's failure is a figure, not the end of the bench
            self.errors.append(f"follower {self.number}: {type(error).__name__}: {error}")
        finally:
            self.joined.set()

    def _press_train(self, session: StreamlitSession) -> None:
        """Choose this attendee's value of the free setting, then press Train (as a person would, a moment apart)."""
        from dashboard.i18n import translate

        key, value = self.train
        widget = session.find_key(key)
        if key == "train_dataset":  # a selectbox sends its option as shown, in the attendee's language
            self._record(session, session.set_value(widget.widget_id, "string_value", translate(value, self.language)))
        else:  # the learning rate's select slider sends its formatted value
            self._record(session, session.set_value(widget.widget_id, "string_array_value", [value]))
        time.sleep(random.uniform(0.2, 1.0))
        self.train_pressed = time.perf_counter()
        self._record(session, session.press(session.find_key("train_run")))

    def shows(self, page: str, params: dict[str, str]) -> bool:
        with self.lock:
            return self.page == page and self.params == params

    def shown_at(self, change: Change) -> tuple[float, float] | None:
        """The end of the first run at or after the change in which this follower showed it, and how long that run
        took (the fragment's poll that switched page, and the new page's run)."""
        with self.lock:
            history = list(self.history)
        for ended, seconds, page, params in history:
            if ended >= change.at and page == change.page and params == change.params:
                return ended, seconds
        return None


class Instructor:
    """The instructor's session and what it does."""

    def __init__(self, base_url: str) -> None:
        self.session = StreamlitSession(base_url, "lang=en", timeout=300)
        self.errors: list[str] = []

    def _check(self, result: RunResult, what: str) -> RunResult:
        if result.page_not_found:
            self.errors.append(f"instructor {what}: page not found")
        self.errors.extend(f"instructor {what}: {exception}" for exception in result.exceptions)
        return result

    def open(self, page: str) -> RunResult:
        """A page from the menu: its address without a setup, the language kept."""
        return self._check(self.session.open(page, query_string="lang=en"), f"/{page}")

    def start_class(self) -> str:
        session = self.session
        self.open("classroom")
        session.widget_values[session.find_key("class_passphrase").widget_id] = ("string_value", PASSPHRASE)
        self._check(session.click("Unlock"), "unlock")
        self._check(session.press(session.find_key("class_start")), "start")
        return session.find("metric", "Class code").proto.body

    def set_key(self, key: str, kind: str, value) -> RunResult:
        return self._check(self.session.set_value(self.session.find_key(key).widget_id, kind, value), key)

    def start_experiment(self, free_label: str) -> None:
        from dashboard.i18n import translate

        session = self.session
        self.open("classroom")
        self.set_key("class_panel_tab", "string_value", translate("class.tab.experiment", "en"))
        self.set_key("class_exp_free", "string_array_value", [free_label])
        self._check(session.press(session.find_key("class_exp_start")), "start experiment")

    def results(self) -> tuple[int, int] | None:
        """The experiment's "N trainings, M finished", as the panel shows it now."""
        for element in self.session.elements:
            if element.kind == "caption" or element.kind == "markdown":
                match = COUNT.search(element.text) if "trainings" in element.text else None
                if match:
                    return int(match.group(1)), int(match.group(2))
        return None


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lead(instructor: Instructor, followers: list[Follower], gap: float, server_pid: int) -> list[Change]:
    """The eight changes; after each, wait until every follower shows it (or FOLLOW_TIMEOUT_S), then ``gap`` s and
    a random fraction of a second."""
    from dashboard.i18n import translate

    steps = [
        ("page /training", lambda: instructor.open("training")),
        (
            "data set: circles",
            lambda: instructor.set_key("train_dataset", "string_value", translate("train.data.circles", "en")),
        ),
        ("noise: 0.2", lambda: instructor.set_key("train_toy_noise", "double_array_value", [0.2])),
        ("page /activations", lambda: instructor.open("activations")),
        ("page /training", lambda: instructor.open("training")),
        (
            "data set: XOR",
            lambda: instructor.set_key("train_dataset", "string_value", translate("train.data.xor", "en")),
        ),
        ("page /first-network", lambda: instructor.open("first-network")),
        ("page /training", lambda: instructor.open("training")),
    ]
    changes = []
    for what, act in steps:
        at = time.perf_counter()
        cpu_at = cpu_seconds(server_pid)
        instructor_run = act().seconds
        change = Change(what, at, instructor.session.page_name, setup_params(instructor.session.query_string))
        changes.append(change)
        deadline = at + FOLLOW_TIMEOUT_S
        while time.perf_counter() < deadline and not all(
            f.shows(change.page, change.params) for f in followers if not f.errors
        ):
            time.sleep(0.05)
        for follower in followers:
            shown = follower.shown_at(change)
            if shown is not None:
                change.shown[follower.number] = shown[0] - at
                change.run[follower.number] = shown[1]
        last = max(change.shown.values(), default=float("nan"))
        waits = [change.shown[n] - change.run[n] for n in change.shown]
        change.cpu = cpu_seconds(server_pid) - cpu_at
        print(
            f"  {what:<22} -> /{change.page} {change.params}: {len(change.shown)}/{len(followers)} followers, "
            f"last after {last:.2f} s (waiting for a poll max {max(waits, default=float('nan')):.2f} s, the run that "
            f"switched max {max(change.run.values(), default=float('nan')):.2f} s); the instructor's run "
            f"{instructor_run:.2f} s; server CPU until the last: {change.cpu:.2f} s",
            flush=True,
        )
        # The next change a moment later, at a random point of the followers' one-second polls: they all moved at
        # once, so their timers tick together, and a fixed pause would always land just after (or before) a tick.
        time.sleep(gap + random.uniform(0, 1))
    return changes


def experiment(instructor: Instructor, followers: list[Follower]) -> tuple[list[float], list[str], str]:
    """The class experiment; returns the result latencies, the errors, and what was free."""
    from core.classroom.setups import PageSetup  # noqa: F401 - the setup module must import (links)
    from dashboard.i18n import translate
    from dashboard.setups import page_setup

    setup = page_setup("training")
    rate = next((f for f in setup.fields if f.key == "train_toy_learning_rate"), None)
    if rate is not None:
        free, key, values = rate, rate.key, [v for v in LEARNING_RATES]
    else:  # this branch's /training link has no learning rate yet: the data set, among the fast toy sets
        free = next(f for f in setup.fields if f.key == "train_dataset")
        key, values = free.key, [f"train.data.{name}" for name in TOY_DATASETS]
    errors: list[str] = []
    instructor.start_experiment(f"{translate(free.label_key, 'en')} · {free.param}")  # as the panel's menu shows it
    for follower in followers:
        follower.train = (key, values[follower.number % len(values)])
    started = time.perf_counter()
    timeline: list[tuple[float, int, int]] = []  # (when the instructor's panel drew it, runs, finished)
    session = instructor.session
    while time.perf_counter() - started < TRAINING_TIMEOUT_S:
        for result in session.poll_due():
            instructor._check(result, "results")
            counts = instructor.results()
            if counts is not None:
                timeline.append((session.last_run_ended, *counts))
        active = [f for f in followers if not f.errors]
        if active and all(f.train_ended is not None for f in active) and timeline and timeline[-1][2] >= len(active):
            break
        wait = session.next_poll_in()
        time.sleep(min(wait if wait is not None else 0.2, 0.2))
    ended = sorted(f.train_ended for f in followers if f.train_ended is not None)
    for follower in followers:
        if follower.train_ended is None and not follower.errors:
            errors.append(
                f"follower {follower.number}: no final status after Train (pressed: {follower.train_pressed})"
            )
    latencies = []
    for rank, end in enumerate(ended, start=1):
        seen = next((when for when, _, done in timeline if done >= rank), None)
        if seen is None:
            errors.append(f"training {rank}: never counted as finished on the instructor's panel")
        else:
            latencies.append(seen - end)
    final = timeline[-1] if timeline else None
    print(f"  experiment: free {free.param!r}, values {values}; instructor's panel at the end: {final}")
    return latencies, errors, free.param


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=30)
    parser.add_argument("--spread", type=float, default=5.0, help="followers arrive within this many seconds")
    parser.add_argument(
        "--gap", type=float, default=3.0, help="seconds (plus 0-1 s) between a change shown and the next change"
    )
    parser.add_argument("--chinese-every", type=int, default=5, help="every n-th follower follows in Chinese")
    arguments = parser.parse_args()

    from core.settings import INSTRUCTOR_PASSPHRASE_ENV, MODEL_BUNDLE_ENV, MODEL_STORE_ENV

    random.seed(0)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as directory:
        store = Path(directory) / "store"
        entries_before = prepared_store(REPO_ROOT / "bundled_models", store)
        server, base_url = start_server(
            {MODEL_STORE_ENV: str(store), MODEL_BUNDLE_ENV: "none", INSTRUCTOR_PASSPHRASE_ENV: PASSPHRASE}
        )
        followers: list[Follower] = []
        threads: list[threading.Thread] = []
        try:
            instructor = Instructor(base_url)
            for page in ("training", "activations", "first-network"):  # the instructor checks the lesson first
                instructor.open(page)
            code = instructor.start_class()
            print(f"class {code} on {base_url}", flush=True)
            time.sleep(2)
            hwm_before, rss_before = vm_mb(server.pid, "VmHWM"), vm_mb(server.pid, "VmRSS")
            followers = [
                Follower(
                    number,
                    base_url,
                    code,
                    "zh" if number % arguments.chinese_every == arguments.chinese_every - 1 else "en",
                    random.uniform(0, arguments.spread),
                )
                for number in range(arguments.followers)
            ]
            threads = [threading.Thread(target=f.run, daemon=True) for f in followers]
            for thread in threads:
                thread.start()
            for follower in followers:
                follower.joined.wait(120)
            time.sleep(3)  # the room settles (each follower's first polls)
            cpu_at, idle_at = cpu_seconds(server.pid), time.perf_counter()
            time.sleep(5)
            idle_cpu = (cpu_seconds(server.pid) - cpu_at) / (time.perf_counter() - idle_at)
            print(f"{arguments.followers} followers joined; leading:", flush=True)
            changes = lead(instructor, followers, arguments.gap, server.pid)
            hwm_after, rss_after = vm_mb(server.pid, "VmHWM"), vm_mb(server.pid, "VmRSS")
            print("class experiment:", flush=True)
            latencies, experiment_errors, free = experiment(instructor, followers)
        finally:
            for follower in followers:
                follower.stop.set()
            for thread in threads:
                thread.join(10)
            stop_server(server)
        trainings = len(list(store.glob("*.json"))) - entries_before

    errors = instructor.errors + experiment_errors + [e for f in followers for e in f.errors]
    missed = [(c.what, f.number) for c in changes for f in followers if f.number not in c.shown]
    errors += [f"follower {number} never showed '{what}'" for what, number in missed]
    every = [max(c.shown.values()) if len(c.shown) == len(followers) else float("inf") for c in changes]
    pairs = [seconds for c in changes for seconds in c.shown.values()]
    waits = [c.shown[n] - c.run[n] for c in changes for n in c.shown]
    switch_runs = [seconds for c in changes for seconds in c.run.values()]
    fragment_runs = [s for f in followers for full, _, s in f.run_seconds if not full]
    full_runs = [s for f in followers for full, _, s in f.run_seconds if full]
    per_attendee = (hwm_after - hwm_before) / max(1, arguments.followers)

    print(
        f"\n{arguments.followers} followers ({sum(f.language == 'zh' for f in followers)} in Chinese), "
        f"{len(changes)} changes"
    )
    print(
        f"every follower shows the change: p50 {percentile(every, 50):.2f} s, p95 {percentile(every, 95):.2f} s, "
        f"max {max(every):.2f} s"
    )
    print(f"(change, follower) pairs: p50 {percentile(pairs, 50):.2f} s, p95 {percentile(pairs, 95):.2f} s")
    print(
        f"followers' runs: fragment polls p50 {percentile(fragment_runs, 50):.3f} s / p95 "
        f"{percentile(fragment_runs, 95):.3f} s ({len(fragment_runs)}), full page runs p50 "
        f"{percentile(full_runs, 50):.2f} s / p95 {percentile(full_runs, 95):.2f} s ({len(full_runs)})"
    )
    print(
        f"experiment ({free} free): {len(latencies)} results, result latency p50 {percentile(latencies, 50):.2f} s, "
        f"p95 {percentile(latencies, 95):.2f} s"
    )
    by_page: dict[str, list[float]] = {}
    for follower in followers:
        for full, page, seconds in follower.run_seconds:
            if full:
                by_page.setdefault(page, []).append(seconds)
    print(
        f"where a pair's time goes: until the follower's poll fired p50 {percentile(waits, 50):.2f} s / p95 "
        f"{percentile(waits, 95):.2f} s; the poll that switched + the new page's run p50 "
        f"{percentile(switch_runs, 50):.2f} s / p95 {percentile(switch_runs, 95):.2f} s"
    )
    print(
        "followers' full page runs by page (p50/p95 s): "
        + ", ".join(f"/{page} {percentile(v, 50):.2f}/{percentile(v, 95):.2f}" for page, v in sorted(by_page.items()))
    )
    print(
        f"server CPU: {idle_cpu:.2f} of a core while the room only polls; per change, until every follower showed it: "
        f"p50 {percentile([c.cpu for c in changes], 50):.2f} s, max {max(c.cpu for c in changes):.2f} s"
    )
    statuses: dict[str, int] = {}
    for follower in followers:
        statuses[follower.train_status or "-"] = statuses.get(follower.train_status or "-", 0) + 1
    durations = [f.train_ended - f.train_pressed for f in followers if f.train_ended and f.train_pressed]
    print(
        f"trainings that ran: {trainings}; Train -> final status p50 {percentile(durations, 50):.1f} s, "
        f"max {max(durations, default=float('nan')):.1f} s; final statuses: {statuses}"
    )
    print(
        f"server memory: VmHWM {hwm_before:.0f} -> {hwm_after:.0f} MB, VmRSS {rss_before:.0f} -> {rss_after:.0f} MB "
        f"({per_attendee:.2f} MB per attendee, VmHWM)"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows every figure)"
    )
    print(f"errors: {len(errors)}")
    for error in sorted(set(errors))[:20]:
        print(f"  {error}")
    print(
        json.dumps(
            {
                "followers": arguments.followers,
                "follow_p50_s": round(percentile(every, 50), 2),
                "follow_p95_s": round(percentile(every, 95), 2),
                "pair_p95_s": round(percentile(pairs, 95), 2),
                "result_p95_s": round(percentile(latencies, 95), 2),
                "errors": len(errors),
                "mem_per_attendee_mb": round(per_attendee, 2),
            }
        )
    )
    print(
        f"followers={arguments.followers} follow_p95={percentile(every, 95):.1f}s "
        f"result_p95={percentile(latencies, 95):.1f}s errors={len(errors)} mem_per_attendee={per_attendee:.1f}MB"
    )


if __name__ == "__main__":
    main()
