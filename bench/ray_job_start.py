"""Train pressed -> first batch, on a local training process and on a Ray cluster, same machine, same run.

    python -m bench.ray_job_start [--rounds 4]

For each backend a fresh engine over an empty store trains the /training default network (MNIST MLP) with a new
seed per round (a new config: nothing comes from the store), from ``engine.request`` to the first reported batch as a
page sees it (``handle.snapshot().batch >= 1``); each round then runs to its end, so that the next starts on an idle
worker. The first round of each backend is cold (a training process imports TensorFlow; on Ray a link connects, the
job's actor starts and a Ray worker imports TensorFlow), the others warm (Ray reuses the worker that the cluster's
dispatcher leased: see core/training/ray_jobs.py). A private Ray head (``deploy.cluster.RayHead``) is started here.

Printed: each backend's cold and warm (median) figure, then, last, the warm Ray / local ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def first_batches(engine, rounds: int, seed_base: int) -> list[float]:
    from core.training.config import default_config

    seconds = []
    for round_index in range(rounds):
        config = default_config("image_classifier", dataset="mnist", epochs=2, seed=seed_base + round_index)
        started = time.perf_counter()
        handle = engine.request(config, "bench")
        while (handle.snapshot().batch or 0) < 1 and handle.snapshot().state not in ("failed", "stopped"):
            time.sleep(0.005)
        seconds.append(time.perf_counter() - started)
        while handle.snapshot().state not in ("finished", "failed", "stopped"):
            time.sleep(0.05)
        if handle.snapshot().state != "finished":
            raise SystemExit(f"round {round_index} ended {handle.snapshot().state}: {handle.snapshot().message}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    arguments = parser.parse_args()

    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore
    from deploy.cluster import RayHead
    from deploy.processes import free_port

    folder = Path(tempfile.mkdtemp(prefix="bench-ray-job-start-"))
    figures = {}
    local = TrainingEngine(store=ModelStore(folder / "local"), ray_address=None)
    try:
        figures["local"] = first_batches(local, arguments.rounds, 7000)
    finally:
        local.shutdown(timeout=60)
    with RayHead(free_port(), 2, folder / "ray_head.log") as head:
        on_ray = TrainingEngine(store=ModelStore(folder / "ray"), ray_address=head.address)
        try:
            figures["ray"] = first_batches(on_ray, arguments.rounds, 8000)
        finally:
            on_ray.shutdown(timeout=60)
    for name, seconds in figures.items():
        print(
            f"{name:>5}: cold {seconds[0]:.2f} s, warm median {statistics.median(seconds[1:]):.2f} s "
            f"({', '.join(f'{value:.2f}' for value in seconds[1:])})"
        )
    ratio = statistics.median(figures["ray"][1:]) / statistics.median(figures["local"][1:])
    print(f"Train -> first batch, warm: Ray / local = {ratio:.2f}")


if __name__ == "__main__":
    main()
