"""How fast the training processes answer: a job's start, a Stop, and a training process that dies.

Four figures, each measured from the bench's side exactly as a page sees it (``engine.request`` and
``handle.snapshot()``, read every 2 ms):

(a) **Warm start**: Train pressed (``engine.request`` returns) -> the first batch reported, with a warm training
    process (TensorFlow imported, the data set read once by an unmeasured warm-up job). "First batch" is the
    earliest thing a page can see of it: ``snapshot.batch >= 1`` (the callback reports the first batch at once;
    ``snapshot.batches_per_epoch``, set when ``model.fit`` begins, comes before the first step and is printed as
    "fit began"). The config is the /training page's default MLP (MNIST); each round is stopped after its first
    batch. Median and p95 of ``--rounds``; goal p95 <= 0.5 s.
(b) **Cold start**: every training process ended first (no spare left), a new engine, the same measurement: a
    process spawned, TensorFlow imported, the data read, the first batch. Printed, no goal.
(c) **Stop -> slot free**: a long job trains; ``handle.stop()`` -> the job shown as done, no job running and the
    slot's process alive (a new job would go straight to it). Twice: a job between batches (it stops by itself
    after the current batch) and a job stuck in one long step (a throw-away task whose ``load_data`` sleeps 60 s:
    the engine kills the process after its grace and starts a replacement). Also printed: the next job's first
    batch after the Stop (for the stuck job, that includes the replacement's TensorFlow import). Goal p95 <= 1 s.
(d) **SIGKILL -> failed**: a long job trains; its process is killed (``os.kill(pid, SIGKILL)``, the pid from
    ``engine.workers()``) -> ``snapshot.state == "failed"``. Goal p95 <= 3 s.

The last line sums up the four figures.

    python -m bench.job_start [--rounds 10] [--stop-rounds 3] [--kill-rounds 3] [--cold-rounds 1]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
import time

from bench.common import percentile

POLL_S = 0.002
STUCK_TASK = "bench_stuck_in_one_step"


def wait_for(handle, predicate, what: str, timeout: float = 300.0):
    """Read ``handle`` every 2 ms until ``predicate(snapshot)``; returns (time.perf_counter(), snapshot)."""
    deadline = time.perf_counter() + timeout
    while True:
        snapshot = handle.snapshot()
        now = time.perf_counter()
        if predicate(snapshot):
            return now, snapshot
        if now > deadline:
            raise SystemExit(f"timed out waiting for {what}: {snapshot.state}, {snapshot.message}")
        time.sleep(POLL_S)


def trained_a_batch(snapshot) -> bool:
    if snapshot.done and snapshot.state != "finished":
        raise SystemExit(f"the job ended as {snapshot.state} before its first batch: {snapshot.message}")
    return snapshot.batch >= 1 or snapshot.epoch >= 1 or snapshot.state == "finished"


def first_batch(engine, config, watcher: str = "bench") -> tuple[float, float, object]:
    """Request ``config`` (trained even if stored) and wait for its first batch: (seconds to fit begin, seconds to
    first batch, handle)."""
    fit_began = None
    started = time.perf_counter()
    handle = engine.request(config, watcher, retrain=True)

    def seen(snapshot) -> bool:
        nonlocal fit_began
        if fit_began is None and snapshot.batches_per_epoch is not None:
            fit_began = time.perf_counter()
        return trained_a_batch(snapshot)

    seen_at, _ = wait_for(handle, seen, "the first batch")
    fit_began = seen_at if fit_began is None else fit_began
    return fit_began - started, seen_at - started, handle


def stop_and_wait(handle) -> None:
    handle.stop()
    handle.wait(timeout=60, poll_s=0.01)


def slot_free(engine) -> bool:
    """No job running or queued, and the slot's process alive: a new job would go straight to it."""
    if engine.jobs():
        return False
    facts = engine.workers()
    return bool(facts) and all(_alive(fact["pid"]) for fact in facts)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def wait_slot_free(engine, timeout: float = 60.0) -> float:
    deadline = time.perf_counter() + timeout
    while not slot_free(engine):
        if time.perf_counter() > deadline:
            raise SystemExit(f"the slot was not free after {timeout:.0f} s: {engine.jobs()}, {engine.workers()}")
        time.sleep(POLL_S)
    return time.perf_counter()


def add_stuck_task():
    """A task whose data takes 60 s to load: a job stuck in one step that never reaches a batch to stop after."""
    from core.training import blocks, registry
    from core.training.task import Task

    def load_data(config):
        time.sleep(60)
        raise RuntimeError("never reached: the bench stops this job long before")

    def build(config, data):
        import keras
        from keras import layers

        model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
        model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse")
        return model

    return registry.add_task(
        Task(
            name=STUCK_TASK,
            kind="regression",
            datasets=("points",),
            default_dataset="points",
            defaults={
                "architecture": (),
                "optimizer": "sgd",
                "learning_rate": 0.01,
                "batch_size": 4,
                "epochs": 2,
                "validation_split": 0.0,
            },
            options=frozenset(),
            load_data=load_data,
            build_model=build,
            evaluate=lambda model, data: {"mae": 0.0},
        ),
        replace=True,
    )


def stop_round(engine, long_config, next_config, stuck: bool) -> tuple[float, float, float]:
    """One Stop: seconds from ``handle.stop()`` to the job done, to the slot free, to the next job's first batch."""
    from core.training.config import TrainConfig

    if stuck:
        handle = engine.request(TrainConfig(task=STUCK_TASK), "bench", retrain=True)
        wait_for(handle, lambda snapshot: snapshot.state == "running", "the stuck job to run")
        time.sleep(1.0)  # well inside its 60 s load_data
    else:
        _, _, handle = first_batch(engine, long_config)
    stopped = time.perf_counter()
    handle.stop()
    done_at, snapshot = wait_for(handle, lambda snapshot: snapshot.done, "the stopped job to end", timeout=60)
    if snapshot.state != "stopped":
        raise SystemExit(f"the stopped job ended as {snapshot.state}: {snapshot.message}")
    free_at = wait_slot_free(engine)
    _, next_first_batch, next_handle = first_batch(engine, next_config)
    next_at = free_at - stopped + next_first_batch  # the next request is made as soon as the slot is free
    stop_and_wait(next_handle)
    return done_at - stopped, free_at - stopped, next_at


def kill_round(engine, long_config) -> tuple[float, str]:
    """One SIGKILL of the training process mid-job: seconds to the job shown as failed, and its reason."""
    _, _, handle = first_batch(engine, long_config)
    (fact,) = engine.workers()
    killed = time.perf_counter()
    os.kill(fact["pid"], signal.SIGKILL)
    failed_at, snapshot = wait_for(handle, lambda snapshot: snapshot.done, "the killed job to end", timeout=60)
    if snapshot.state != "failed":
        raise SystemExit(f"the killed job ended as {snapshot.state}: {snapshot.message}")
    return failed_at - killed, snapshot.reason


def seconds_line(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s, p95 {percentile(values, 95):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="warm starts measured")
    parser.add_argument("--stop-rounds", type=int, default=3, help="Stops measured, of each kind")
    parser.add_argument("--kill-rounds", type=int, default=3, help="SIGKILLs measured")
    parser.add_argument("--cold-rounds", type=int, default=1, help="cold starts measured")
    arguments = parser.parse_args()

    from core.lessons import training
    from core.training import workers
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    seed_mlp = training.prewarm_configs()[0]  # the /training page's default
    long_config = seed_mlp.replace(epochs=200)
    print(f"config: {seed_mlp.describe()}; one training process", flush=True)
    add_stuck_task()

    with tempfile.TemporaryDirectory() as folder:
        # (b) first: nothing may be warm yet.
        cold_fit, cold_first = [], []
        for _ in range(arguments.cold_rounds):
            workers.stop_all_workers()
            engine = TrainingEngine(store=ModelStore(os.path.join(folder, "cold")), max_workers=1)
            try:
                fit_began, first, handle = first_batch(engine, seed_mlp)
                cold_fit.append(fit_began)
                cold_first.append(first)
                stop_and_wait(handle)
                (worker,) = workers.live_workers()
                print(
                    f"cold start: first batch after {first:.2f} s (fit began {fit_began:.2f} s; the process was "
                    f"ready after {worker.ready_after_s:.2f} s, TensorFlow's import {worker.import_seconds:.2f} s "
                    f"of it)",
                    flush=True,
                )
            finally:
                engine.shutdown()

        engine = TrainingEngine(store=ModelStore(os.path.join(folder, "warm")), max_workers=1)
        try:
            # Warm-up, not measured: TensorFlow imported, MNIST read once, the first graphs traced.
            _, _, handle = first_batch(engine, seed_mlp)
            stop_and_wait(handle)

            # (a)
            warm_fit, warm_first = [], []
            for round_number in range(1, arguments.rounds + 1):
                wait_slot_free(engine)
                fit_began, first, handle = first_batch(engine, seed_mlp)
                warm_fit.append(fit_began)
                warm_first.append(first)
                stop_and_wait(handle)
                print(f"warm start {round_number}: fit began {fit_began:.3f} s, first batch {first:.3f} s", flush=True)

            # (c)
            stops: dict[bool, list[tuple[float, float, float]]] = {False: [], True: []}
            for stuck in (False, True):
                for round_number in range(1, arguments.stop_rounds + 1):
                    wait_slot_free(engine)
                    done, free, following = stop_round(engine, long_config, seed_mlp, stuck)
                    stops[stuck].append((done, free, following))
                    kind = "stuck in one step" if stuck else "between batches"
                    print(
                        f"stop {round_number} ({kind}): done {done:.3f} s, slot free {free:.3f} s, "
                        f"next job's first batch {following:.2f} s",
                        flush=True,
                    )

            # (d)
            kills = []
            for round_number in range(1, arguments.kill_rounds + 1):
                wait_slot_free(engine)
                seconds, reason = kill_round(engine, long_config)
                kills.append(seconds)
                print(f"SIGKILL {round_number}: failed ({reason}) after {seconds:.3f} s", flush=True)
                # The replacement imports TensorFlow: a job waits for it here, unmeasured.
                _, _, handle = first_batch(engine, seed_mlp)
                stop_and_wait(handle)
        finally:
            engine.shutdown()

    graceful_free = [free for _, free, _ in stops[False]]
    stuck_free = [free for _, free, _ in stops[True]]
    print()
    print(f"(a) warm start, Train -> first batch: {seconds_line(warm_first)} (goal p95 <= 0.5 s)")
    print(f"    of which Train -> fit began: {seconds_line(warm_fit)}")
    print(f"(b) cold start (process spawn + TensorFlow import + data + first batch): {seconds_line(cold_first)}")
    print(f"(c) Stop -> slot free, between batches: {seconds_line(graceful_free)} (goal p95 <= 1 s)")
    print(f"    Stop -> slot free, stuck in one step (killed, replaced): {seconds_line(stuck_free)} (goal p95 <= 1 s)")
    print(
        "    Stop -> the next job's first batch: between batches "
        f"{seconds_line([following for _, _, following in stops[False]])}; stuck "
        f"{seconds_line([following for _, _, following in stops[True]])}"
    )
    print(f"(d) SIGKILL -> job shown as failed: {seconds_line(kills)} (goal p95 <= 3 s)")
    print(
        f"job start warm p95 {percentile(warm_first, 95):.3f} s (goal <= 0.5), "
        f"cold {statistics.median(cold_first):.2f} s; "
        f"Stop -> slot free p95 {percentile(graceful_free, 95):.3f} s between batches / "
        f"{percentile(stuck_free, 95):.3f} s stuck (goal <= 1); "
        f"SIGKILL -> failed p95 {percentile(kills, 95):.3f} s (goal <= 3)"
    )


if __name__ == "__main__":
    main()
