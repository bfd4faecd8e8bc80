"""What the training engine costs on top of a bare `model.fit` of the same config.

The same config (the course's MLP on Fashion-MNIST from the Debian package, offline) is trained alternately, each
alone on the machine:

- bare: in this process, prepare the data, build the model, ``model.fit`` with exactly the engine's fit arguments
  (the task's seeded tf.data pipeline), nothing else;
- engine: ``TrainingEngine.request`` (retrain, so the store never answers) and a watcher polling
  ``handle.snapshot()`` every 0.25 s like a page does, until the job is done. The job runs in the engine's training
  process, kept warm: an unmeasured warm-up job first (TensorFlow imported, the data read once, first graphs
  traced), and every measured job runs in that same process (checked by its pid). Included: the messages of the live
  per-batch/per-epoch log crossing to this process, evaluation on the test set, the atomic write to the model store
  and this process reading the model back.

Both use seed 0. CPU time is this process's for bare, and the training process's plus this process's for the engine.
Also shown: a plain ``model.fit(x, y, batch_size=...)`` on numpy arrays, for reference, and what one call of the
engine's per-batch callback costs. Goal: the engine / bare ratio of the medians <= 1.10.

    python -m bench.engine_overhead [--rounds 3] [--epochs 5] [--dataset fashion_mnist] [--max-train-samples 30000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from core.lessons.training import IMAGE_DATASETS
from core.training import blocks, registry
from core.training.config import TrainConfig, default_config
from core.training.engine import DEFAULT_LOG_INTERVAL_S, TrainingEngine
from core.training.model_store import ModelStore


def bare_fit(config: TrainConfig) -> tuple[float, float, float]:
    """Seconds for data preparation + build + fit, for the fit alone, and the process' CPU seconds."""
    import keras

    task = registry.get_task(config.task)
    cpu_started = time.process_time()
    started = time.perf_counter()
    data = task.load_data(config)
    keras.utils.set_random_seed(config.seed)
    model = task.build_model(config, data)
    fit_started = time.perf_counter()
    model.fit(**blocks.make_fit_arguments(config, data))
    finished = time.perf_counter()
    return finished - started, finished - fit_started, time.process_time() - cpu_started


def plain_numpy_fit(config: TrainConfig) -> float:
    import keras

    task = registry.get_task(config.task)
    data = task.load_data(config)
    keras.utils.set_random_seed(config.seed)
    model = task.build_model(config, data)
    started = time.perf_counter()
    model.fit(
        data.x_train,
        data.y_train,
        validation_data=data.validation_data,
        epochs=config.epochs,
        batch_size=config.batch_size,
        verbose=0,
    )
    return time.perf_counter() - started


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux: /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def training_process_pid(engine: TrainingEngine) -> int:
    (facts,) = engine.workers()
    return facts["pid"]


def engine_job(engine: TrainingEngine, config: TrainConfig) -> tuple[float, float, float, str, int]:
    """Seconds from request to done, the job's own fit seconds, CPU seconds (training process + this one), where
    the rest went, and the training process's pid."""
    pid = training_process_pid(engine)
    cpu_started = time.process_time() + process_cpu_seconds(pid)
    started = time.perf_counter()
    handle = engine.request(config, watcher_id="bench", retrain=True)
    snapshot = handle.snapshot()
    reads = 1
    while not snapshot.done:
        # A page polling every 0.25 s; wait() returns as soon as the job is done, so no poll lag is measured.
        snapshot = handle.wait(timeout=0.25, poll_s=0.25)
        reads += 1
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() + process_cpu_seconds(pid) - cpu_started
    if snapshot.state != "finished":
        raise SystemExit(f"the engine job ended as {snapshot.state}: {snapshot.message}")
    timings = snapshot.timings
    breakdown = (
        f"data {timings['data_seconds']:.2f}, build {timings['build_seconds']:.2f}, "
        f"evaluate {timings['evaluate_seconds']:.2f}, store {snapshot.details['store_seconds']:.2f} s; "
        f"{reads} snapshots read"
    )
    return seconds, timings["train_seconds"], cpu_seconds, breakdown, pid


def callback_cost_per_batch(config: TrainConfig, calls: int = 20000) -> float:
    """Seconds one call of the engine's per-batch callback takes (what every training step pays), reporting to a
    training process's reporter whose messages are pickled as the pipe does (and then dropped)."""
    import pickle
    import threading

    from core.training.progress import make_progress_callback
    from core.training.worker_process import _Reporter

    task = registry.get_task(config.task)
    data = task.load_data(config.replace(max_train_samples=200))
    model = task.build_model(config, data)
    reporter = _Reporter(pickle.dumps, config, threading.Event())
    callback = make_progress_callback(reporter, DEFAULT_LOG_INTERVAL_S, task, data)
    callback.set_model(model)
    callback.set_params({"steps": calls, "epochs": 1})
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    logs = {"loss": 0.5, "accuracy": 0.8}
    started = time.perf_counter()
    for batch in range(calls):
        callback.on_train_batch_end(batch, logs)
    return (time.perf_counter() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--dataset", default="fashion_mnist", choices=sorted(IMAGE_DATASETS))
    parser.add_argument("--max-train-samples", type=int, default=30000)
    arguments = parser.parse_args()

    config = default_config(
        "image_classifier",
        dataset=arguments.dataset,
        epochs=arguments.epochs,
        max_train_samples=arguments.max_train_samples,
        seed=0,
    )
    print(f"config: {config.describe()}, first {arguments.max_train_samples} training rows", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = TrainingEngine(store=ModelStore(os.path.join(folder, "store")), max_workers=1)
        try:
            # Warm-up: imports, the data set cache, the first graph traces; the training process started and warm.
            bare_fit(config.replace(epochs=1))
            warm_up = engine.request(config.replace(epochs=1), watcher_id="bench", retrain=True).wait(timeout=3600)
            if warm_up.state != "finished":
                raise SystemExit(f"the warm-up job ended as {warm_up.state}: {warm_up.message}")
            warm_pid = training_process_pid(engine)
            bare_total, bare_fit_only, bare_cpu, engine_total, engine_fit_only, engine_cpu = [], [], [], [], [], []
            for round_number in range(1, arguments.rounds + 1):
                total, fit_only, cpu = bare_fit(config)
                bare_total.append(total)
                bare_fit_only.append(fit_only)
                bare_cpu.append(cpu)
                total, fit_only, cpu, breakdown, pid = engine_job(engine, config)
                if pid != warm_pid:
                    raise SystemExit(f"round {round_number} ran in a new training process ({pid}, not {warm_pid}).")
                engine_total.append(total)
                engine_fit_only.append(fit_only)
                engine_cpu.append(cpu)
                print(
                    f"round {round_number}: bare {bare_total[-1]:.2f} s (fit {bare_fit_only[-1]:.2f} s, "
                    f"CPU {bare_cpu[-1]:.2f} s), engine {engine_total[-1]:.2f} s (fit {engine_fit_only[-1]:.2f} s, "
                    f"CPU {engine_cpu[-1]:.2f} s; {breakdown})",
                    flush=True,
                )
        finally:
            engine.shutdown()
        print(f"every engine job ran in the same warm training process (pid {warm_pid})")
        numpy_seconds = plain_numpy_fit(config)
        per_batch = callback_cost_per_batch(config)

    bare_median, engine_median = statistics.median(bare_total), statistics.median(engine_total)
    training_rows = round(arguments.max_train_samples * (1 - config.validation_split))
    steps = arguments.epochs * -(-training_rows // config.batch_size)
    step_seconds = statistics.median(bare_fit_only) / steps
    print(f"plain model.fit on numpy arrays (reference): {numpy_seconds:.2f} s")
    print(
        f"per-batch callback: {per_batch * 1e6:.1f} microseconds per call, "
        f"{100 * per_batch / step_seconds:.2f} % of a training step ({step_seconds * 1e3:.2f} ms)"
    )
    print(f"fit only: engine / bare = {statistics.median(engine_fit_only) / statistics.median(bare_fit_only):.3f}")
    print(f"CPU time: engine / bare = {statistics.median(engine_cpu) / statistics.median(bare_cpu):.3f}")
    print(f"bare median {bare_median:.2f} s, engine median {engine_median:.2f} s (request to done)")
    print(f"engine / bare model.fit time ratio (goal <= 1.10): {engine_median / bare_median:.3f}")


if __name__ == "__main__":
    main()
