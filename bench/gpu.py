"""What a GPU buys the course's two workhorses: the draw page's CNN and the /training page's seed MLP, trained through
the engine on the CPU and on the GPU.

Each model is trained with its page's default config (``core.lessons.draw.prewarm_configs()[0]``, the digit CNN
with augmentation; ``core.lessons.training.prewarm_configs()[0]``, the course's MLP on MNIST), as a page would:
``TrainingEngine.request`` (retrain, so the store never answers) and wait. First in a training process that sees no
GPU (started with ``CUDA_VISIBLE_DEVICES=""``: a worker takes its environment when it is spawned), then in one that
sees the GPU exactly as TensorFlow would (on a machine with several, the first one). Each process first trains one
unmeasured epoch of each model (TensorFlow, CUDA and the first graphs warm). Printed per model: the fit's seconds
(the job's own ``train_seconds``) and request -> done, on each device, and the CPU / GPU ratio of the fit.

Without an NVIDIA GPU (no ``nvidia-smi``, or ``CUDA_VISIBLE_DEVICES`` hiding every one), or with TensorFlow's
CPU-only wheel (the GPU one is in requirements-gpu.txt), it says so and prints the CPU figures only (exit 0).

    python -m bench.gpu [--epochs N] [--cpu-only]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

# The environment a CPU-only training process is started with.
NO_GPU = {"CUDA_VISIBLE_DEVICES": ""}


def models(epochs: int | None) -> dict[str, object]:
    from core.lessons import draw, training

    configs = {"draw CNN": draw.prewarm_configs()[0], "seed MLP": training.prewarm_configs()[0]}
    if epochs is not None:
        configs = {name: config.replace(epochs=epochs) for name, config in configs.items()}
    return configs


def train_on(device: str, configs: dict, folder: str) -> tuple[str, dict[str, tuple[float, float]]]:
    """Train ``configs`` through an engine whose training process sees no GPU (``device="cpu"``) or the machine's
    (``"gpu"``). Returns what the process trained on (its own words) and, per model, (fit seconds, request -> done
    seconds)."""
    from core.training import workers
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    workers.stop_all_workers()  # no spare from the other device may be taken
    saved = {name: os.environ.get(name) for name in NO_GPU}
    if device == "cpu":
        os.environ.update(NO_GPU)
    try:
        engine = TrainingEngine(store=ModelStore(os.path.join(folder, device)), max_workers=1)
        engine.start_workers()  # spawned now, with this environment
        try:
            trained_on = "?"
            for name, config in configs.items():
                warm_up = engine.request(config.replace(epochs=1), "bench", retrain=True).wait(timeout=3600)
                if warm_up.state != "finished":
                    raise SystemExit(f"the {name}'s warm-up on the {device}: {warm_up.state}, {warm_up.message}")
                trained_on = dict(warm_up.metadata or {}).get("environment", {}).get("device", "?")
            figures = {}
            for name, config in configs.items():
                started = time.perf_counter()
                snapshot = engine.request(config, "bench", retrain=True).wait(timeout=3600)
                seconds = time.perf_counter() - started
                if snapshot.state != "finished":
                    raise SystemExit(f"the {name} on the {device} ended as {snapshot.state}: {snapshot.message}")
                figures[name] = (snapshot.timings["train_seconds"], seconds)
                print(
                    f"{device.upper()} ({trained_on}): {name}, {config.epochs} epochs: fit {figures[name][0]:.2f} s, "
                    f"request -> done {seconds:.2f} s; {snapshot.message}",
                    flush=True,
                )
        finally:
            engine.shutdown()
            workers.stop_all_workers()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return trained_on, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="instead of each page's default")
    parser.add_argument("--cpu-only", action="store_true", help="skip the GPU even where there is one")
    arguments = parser.parse_args()

    from core.training.workers import gpu_ids

    configs = models(arguments.epochs)
    gpus = gpu_ids()
    for name, config in configs.items():
        print(f"{name}: {config.describe()}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        cpu_device, cpu = train_on("cpu", configs, folder)
        if arguments.cpu_only or not gpus:
            why = "skipped (--cpu-only)" if arguments.cpu_only else "no NVIDIA GPU here (nvidia-smi lists none)"
            print(f"GPU: {why}; CPU figures only.")
            print("CPU only: " + ", ".join(f"{name} fit {fit:.2f} s" for name, (fit, _) in cpu.items()))
            return
        gpu_device, gpu = train_on("gpu", configs, folder)

    if not gpu_device.startswith("GPU"):
        print(
            f"GPU: nvidia-smi lists {len(gpus)}, but TensorFlow in the training process trained on {gpu_device} "
            "(the CPU-only wheel? pip install -r requirements-gpu.txt); CPU figures only."
        )
        print("CPU only: " + ", ".join(f"{name} fit {fit:.2f} s" for name, (fit, _) in cpu.items()))
        return
    print(f"CPU: {cpu_device}, {os.cpu_count()} cores; GPU: {gpu_device}")
    for name in configs:
        print(
            f"{name}: CPU fit {cpu[name][0]:.2f} s, GPU fit {gpu[name][0]:.2f} s, "
            f"CPU / GPU {cpu[name][0] / gpu[name][0]:.2f} "
            f"(request -> done: {cpu[name][1]:.2f} s / {gpu[name][1]:.2f} s)"
        )
    print("CPU / GPU fit time ratio: " + ", ".join(f"{name} {cpu[name][0] / gpu[name][0]:.2f}" for name in configs))


if __name__ == "__main__":
    main()
