"""Train every page's default model ahead of a workshop, so the first visitors get them from the model store.

    python -m core.prewarm                 # train what is missing, one progress line per model
    python -m core.prewarm --list          # only say what is stored (or bundled) and what is missing
    python -m core.prewarm --store /srv/models
    python -m core.prewarm --bundle        # rebuild bundled_models/ (committed with the code) from nothing
    python -m core.prewarm --check-bundle  # does bundled_models/ match the code's defaults and this Keras?

Models go to the same store the app uses (``DASHBOARD_MODEL_STORE``, default ``model_store/`` at the repository
root), so run it from the checkout (and with the environment) the app will run with. What is already stored or
bundled (and loads correctly) is skipped, so with an up-to-date bundle there is nothing to train. Defaults learn
from the built-in data sets, online or not (training on a full download is a visitor's explicit choice on the page).
Exit status: 0 when every default model is in the store or the bundle (or kept in memory, when the store cannot be
written), 1 when one failed (or, with --check-bundle, when the bundle disagrees with the code).
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import threading
import time

from core import (
    runtime,  # noqa: F401  (quiets TensorFlow's start-up log)
    settings,
)
from core.training.config import TrainConfig
from core.training.engine import TrainingEngine
from core.training.jobs import JobSnapshot
from core.training.model_store import ModelStore
from core.training.registry import prewarm_configs

BAR_WIDTH = 24
REDRAW_SECONDS = 0.2

logger = logging.getLogger(__name__)


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
            where = "the bundle" if (snapshot.details or {}).get("bundled") else "the store"
            print(f"{label}: already in {where}, skipped ({config.key[:12]}).", file=stream, flush=True)
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
    parser.add_argument("--store", help="model store folder or URL (default: $DASHBOARD_MODEL_STORE or model_store/)")
    parser.add_argument("--list", action="store_true", help="only list what is stored and what is missing")
    bundle_group = parser.add_mutually_exclusive_group()
    bundle_group.add_argument("--bundle", action="store_true", help="rebuild bundled_models/ from nothing (offline)")
    bundle_group.add_argument("--check-bundle", action="store_true", help="check bundled_models/ against the code")
    arguments = parser.parse_args(argv)
    settings.check_all()  # a bad environment variable is a sentence now, not a failure halfway through
    if arguments.bundle or arguments.check_bundle:
        return bundle_command(rebuild=arguments.bundle)

    store = ModelStore(arguments.store) if arguments.store else ModelStore()
    engine = TrainingEngine(max_workers=1, store=store)
    configs = prewarm_configs()
    print(f"Model store: {store.location} ({len(configs)} default models)", flush=True)
    try:
        failures = prewarm(configs, engine, list_only=arguments.list)
    finally:
        engine.shutdown()
    if failures:
        print(f"{failures} of {len(configs)} models could not be trained.", flush=True)
        return 1
    return 0


def missing_defaults(store: ModelStore, configs: list[TrainConfig] | None = None) -> list[TrainConfig]:
    """The default configs that are neither stored nor bundled (e.g. a default changed without a new bundle),
    cheapest first: ordered by how long a bundled model of the same task took to train (unknown tasks last)."""
    configs = prewarm_configs() if configs is None else configs
    missing = [config for config in configs if not store.contains(config.key)]
    seconds_by_task: dict[str, float] = {}
    if store.bundle is not None and store.bundle.directory is not None:
        from core.training.model_bundle import read_manifest

        for entry in (read_manifest(store.bundle.directory) or {"entries": []})["entries"]:
            metadata = store.bundle.load_metadata(str(entry.get("key"))) or {}
            seconds = float(metadata.get("timings", {}).get("train_seconds", 0.0))
            seconds_by_task[entry.get("task")] = max(seconds, seconds_by_task.get(entry.get("task"), 0.0))
    return sorted(missing, key=lambda config: (seconds_by_task.get(config.task, float("inf")), config.epochs))


class _LogStream(io.StringIO):
    """prewarm()'s progress lines, sent to the log instead of a terminal."""

    def write(self, text: str) -> int:
        if text.strip():
            logger.info("warm-up: %s", text.strip())
        return len(text)


def warm_up(engine: TrainingEngine, configs: list[TrainConfig] | None = None) -> int:
    """Train the defaults that are neither stored nor bundled, cheapest first, one at a time; returns how many.

    Stored and bundled models are not loaded ahead: a lesson loads its own in well under a second (measured with
    ``bench/first_visit.py``: the same first-visit times either way), and loading all of them at start would take
    the interpreter from the first visitors' pages."""
    engine.start_workers()  # the first Train pressed then finds a training process with TensorFlow loaded
    missing = missing_defaults(engine.store, configs)
    if missing:
        logger.info("warm-up: %d default model(s) missing from the store and the bundle.", len(missing))
        prewarm(missing, engine, stream=_LogStream())
    return len(missing)


_warmup_lock = threading.Lock()
_warmup_started = False


def start_background_warmup() -> bool:
    """Once per process (``core.runtime`` calls it once TensorFlow has loaded): train whatever default is neither
    stored nor bundled, so that a later visitor finds it ready. Off with ``DASHBOARD_WARMUP=0`` (the test process
    sets it; the servers the tests start have it on). Returns whether it started now."""
    global _warmup_started
    if not settings.warmup():
        return False
    with _warmup_lock:
        if _warmup_started:
            return False
        _warmup_started = True

    def run() -> None:
        from core.training.engine import get_engine

        try:
            warm_up(get_engine())
        except Exception:  # noqa: BLE001 - a warm-up is a convenience: it never takes the server down
            logger.exception("The background warm-up failed.")

    threading.Thread(target=run, name="model-warmup", daemon=True).start()
    return True


def bundle_command(rebuild: bool) -> int:
    from core.settings import DEFAULT_BUNDLE_DIR
    from core.training import model_bundle

    configs = prewarm_configs()
    if rebuild:
        print(
            f"Rebuilding {DEFAULT_BUNDLE_DIR} ({len(configs)} default models, built-in data, fixed seeds)", flush=True
        )
        try:
            model_bundle.build_bundle(configs, DEFAULT_BUNDLE_DIR)
        except RuntimeError as error:
            print(error, flush=True)
            return 1
    manifest = model_bundle.read_manifest(DEFAULT_BUNDLE_DIR) or {"entries": []}
    for entry in manifest["entries"]:
        size = (entry["keras_bytes"] + entry["json_bytes"]) / 2**20
        print(f"  {entry['key'][:12]}  {size:6.2f} MB  {entry['describe']}", flush=True)
    problems = model_bundle.bundle_problems(configs, DEFAULT_BUNDLE_DIR)
    for problem in problems:
        print(f"PROBLEM: {problem}", flush=True)
    total = sum(entry["keras_bytes"] + entry["json_bytes"] for entry in manifest["entries"]) / 2**20
    print(f"bundle: {len(manifest['entries'])} models, {total:.1f} MB, {'OK' if not problems else 'OUT OF DATE'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
