"""Thirty attendees press "Train" on the default at once: identical configs must share one training.

20 threads wait at a barrier, then each requests the same config (the course's MLP on the 8x8 digits, or
``--dataset``) with its own watcher id from a fresh engine and an empty store; all wait for their handle. Counted:
trainings the engine started. Goal: exactly 1.

    python -m bench.shared_requests [--visitors 20] [--dataset digits]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time

from core.lessons.training import IMAGE_DATASETS
from core.training.config import default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--dataset", default="digits", choices=sorted(IMAGE_DATASETS))
    parser.add_argument("--workers", type=int, default=2, help="engine workers (more than one makes races likelier)")
    arguments = parser.parse_args()

    config = default_config("image_classifier", dataset=arguments.dataset)
    with tempfile.TemporaryDirectory() as folder:
        engine = TrainingEngine(max_workers=arguments.workers, store=ModelStore(folder))
        barrier = threading.Barrier(arguments.visitors)
        handles = [None] * arguments.visitors
        request_seconds = [0.0] * arguments.visitors

        def visitor(index: int) -> None:
            barrier.wait()
            started = time.perf_counter()
            handles[index] = engine.request(config, watcher_id=f"visitor-{index}")
            request_seconds[index] = time.perf_counter() - started

        started = time.perf_counter()
        threads = [threading.Thread(target=visitor, args=(index,)) for index in range(arguments.visitors)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        snapshots = [handle.wait() for handle in handles]
        seconds = time.perf_counter() - started
        engine.shutdown()

    states = sorted({snapshot.state for snapshot in snapshots})
    models = len({id(handle.model) for handle in handles})
    print(f"{arguments.visitors} visitors, config: {config.describe()}")
    print(f"slowest request() call {max(request_seconds) * 1000:.1f} ms; all done after {seconds:.1f} s")
    print(
        f"states {states}; distinct model objects handed out: {models}; "
        f"test accuracy {snapshots[0].test_metrics['accuracy']:.3f}"
    )
    print(
        f"trainings started for {arguments.visitors} simultaneous requests of one config (goal 1): "
        f"{engine.trainings_started}"
    )


if __name__ == "__main__":
    main()
