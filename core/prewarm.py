"""Train every page's default model ahead of a workshop, so the first visitors get them from the model store.

    python -m core.prewarm            # train what is missing, one progress line per model
    python -m core.prewarm --list     # only say what is stored and what is missing
    python -m core.prewarm --store /srv/models

Models go to the same store the app uses (``DASHBOARD_MODEL_STORE``, default ``model_store/`` at the repository
root), so run it from the checkout (and with the environment) the app will run with. What is already stored (and
loads correctly) is skipped. Prewarming offline trains on the embedded data sets; when the app later runs online,
models of data sets that have a larger online version are trained again on the real data the first time they are
asked for. Exit status: 0 when every default model is in the store (or kept in memory, when the store cannot be
written), 1 when one failed.
"""

from __future__ import annotations

import argparse
import sys
import time

from core import runtime  # noqa: F401  (quiets TensorFlow's start-up log)
from core.engine import JobSnapshot, TrainingEngine
from core.model_store import ModelStore
from core.tasks import TrainConfig, prewarm_configs

BAR_WIDTH = 24
REDRAW_SECONDS = 0.2


def progress_line(label: str, snapshot: JobSnapshot) -> str:
    """``[1/4] image_classifier on mnist [#######.....] epoch 3/10  31%  loss 0.4210  ETA 12 s``."""
    filled = int(round(snapshot.progress * BAR_WIDTH))
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    parts = [f"{label} [{bar}]"]
    if snapshot.state == "queued":
        parts.append("queued")
    elif snapshot.batches_per_epoch is None and snapshot.state == "running":
        parts.append(snapshot.message.rstrip("."))
    else:
        parts.append(f"epoch {min(snapshot.epoch + 1, snapshot.total_epochs)}/{snapshot.total_epochs}")
        parts.append(f"{snapshot.progress:4.0%}")
        loss = snapshot.last_batch_metrics.get("loss")
        if loss is None and snapshot.history.get("loss"):
            loss = snapshot.history["loss"][-1]
        if loss is not None:
            parts.append(f"loss {loss:.4f}")
        if snapshot.eta_s is not None:
            parts.append(f"ETA {snapshot.eta_s:.0f} s")
    return "  ".join(parts)


def result_line(label: str, snapshot: JobSnapshot, seconds: float) -> str:
    if snapshot.state == "finished":
        kept = "" if snapshot.stored else " (NOT kept on disk)"
        return f"{label}: trained in {seconds:.1f} s. {snapshot.message}{kept}"
    return f"{label}: {snapshot.state.upper()}: {snapshot.message}"


def prewarm(configs: list[TrainConfig], engine: TrainingEngine, stream=sys.stdout, list_only: bool = False) -> int:
    """Train the configs that are not stored yet, one after the other; returns how many failed."""
    interactive = stream.isatty()
    failures = 0
    for index, config in enumerate(configs, start=1):
        label = f"[{index}/{len(configs)}] {config.task} on {config.dataset}"
        if list_only:
            present = engine.store.contains(config.key)
            print(f"{label}: {'stored' if present else 'missing'} ({config.key[:12]})", file=stream, flush=True)
            continue
        started = time.perf_counter()
        handle = engine.request(config, watcher_id="prewarm")
        snapshot = handle.snapshot()
        if snapshot.from_store:
            print(f"{label}: already in the store, skipped ({config.key[:12]}).", file=stream, flush=True)
            continue
        while not snapshot.done:
            if interactive:
                stream.write("\r" + progress_line(label, snapshot).ljust(110))
                stream.flush()
            # Waits at most REDRAW_SECONDS; its reads are the heartbeat that keeps the job alive.
            snapshot = handle.wait(timeout=REDRAW_SECONDS, poll_s=REDRAW_SECONDS)
        if interactive:
            stream.write("\r" + " " * 110 + "\r")
        print(result_line(label, snapshot, time.perf_counter() - started), file=stream, flush=True)
        if snapshot.state != "finished":
            failures += 1
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.prewarm", description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="model store folder (default: $DASHBOARD_MODEL_STORE or model_store/)")
    parser.add_argument("--list", action="store_true", help="only list what is stored and what is missing")
    arguments = parser.parse_args(argv)

    store = ModelStore(arguments.store) if arguments.store else ModelStore()
    engine = TrainingEngine(max_workers=1, store=store)
    configs = prewarm_configs()
    print(f"Model store: {store.directory} ({len(configs)} default models)", flush=True)
    try:
        failures = prewarm(configs, engine, list_only=arguments.list)
    finally:
        engine.shutdown()
    if failures:
        print(f"{failures} of {len(configs)} models could not be trained.", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
