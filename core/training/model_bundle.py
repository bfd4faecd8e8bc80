"""The bundle: every page's default model, trained ahead of time and committed with the code.

A fresh deployment (Streamlit Community Cloud after every deploy, restart or wake-up) starts on an empty disk. So
that its first visitor does not wait minutes for a training, the default model of every page lives in
``bundled_models/`` in the repository, a read-only layer under the writable model store (see
:mod:`core.training.model_store`): the engine looks in the store, then in the bundle, then trains.

    python -m core.prewarm --bundle        # rebuild the bundle from the current code (a few minutes on 2 cores)
    python -m core.prewarm --check-bundle  # say whether the bundle matches the code, and what it holds

The bundle is rebuilt from nothing by one command, offline (the built-in data sets, which is what a default model
learns from), with fixed seeds. Each entry is the store's own pair, ``<key>.keras`` + ``<key>.json``; the archives
hold the network without the optimizer's state (stored models only predict; Adam's two numbers per weight made the
sentiment model 16 MB instead of 5) and are deflated (Keras writes them uncompressed), and each JSON carries a
``bundle`` record: the command, when, on which data. ``MANIFEST.json`` lists the entries with the sha256 of both
files and the Keras and TensorFlow versions that wrote them.

:func:`bundle_problems` is what the test suite checks: every default config has a bundled model, every bundled
model is a default, every file matches its checksum and the installed Keras version, and the sizes fit the budget.
Changing a default (its settings or its model code) therefore means rebuilding the bundle in the same commit.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from core.settings import DEFAULT_BUNDLE_DIR
from core.training.model_store import BUNDLE_MANIFEST, ModelStore, file_size_and_sha256

BUNDLE_COMMAND = "python -m core.prewarm --bundle"
MAX_BUNDLE_BYTES = 40 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
MANIFEST_FORMAT = 1

# Written by the store for its own bookkeeping; meaningless in a read-only layer.
_STORE_ONLY_FIELDS = ("format", "key", "keras_file", "created_unix", "created_at", "last_used_unix", "last_used_at")


def keras_version_of(path: Path) -> str | None:
    """The Keras version recorded inside a ``.keras`` file (its ``metadata.json``), None when unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("metadata.json")).get("keras_version")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def read_manifest(directory: str | os.PathLike = DEFAULT_BUNDLE_DIR) -> dict[str, Any] | None:
    """The bundle's manifest, or None when there is none (or it does not parse)."""
    try:
        manifest = json.loads((Path(directory) / BUNDLE_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("entries"), list) else None


def _environment() -> dict[str, str]:
    import keras
    import tensorflow as tf

    return {"keras": keras.__version__, "tensorflow": tf.__version__}


def build_bundle(
    configs: Iterable,
    directory: str | os.PathLike = DEFAULT_BUNDLE_DIR,
    stream: TextIO = sys.stdout,
) -> dict[str, Any]:
    """Train every config from nothing (offline, built-in data) and write them as the bundle in ``directory``.

    The old bundle is replaced only once the new one is complete. Returns the manifest. Raises RuntimeError when a
    model could not be trained (nothing is replaced then). Run it in a process of its own (``python -m
    core.prewarm --bundle``): it makes the process-wide engine train into an empty store, so that models that use
    another default (the GAN's scores use the digit classifier) find the new one, not an old store's or bundle's.
    """
    from core import settings
    from core.prewarm import prewarm
    from core.training import engine as engine_module

    if engine_module.engine_started():
        raise RuntimeError("The bundle is built in a fresh process (python -m core.prewarm --bundle).")
    configs = list(configs)
    directory = Path(directory)
    os.environ[settings.OFFLINE_ENV] = "1"  # the built-in data sets, whatever the network: what defaults learn from
    built_at = datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds")
    directory.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bundle-training-") as training_folder:
        os.environ[settings.MODEL_STORE_ENV], os.environ[settings.MODEL_BUNDLE_ENV] = training_folder, "none"
        engine = engine_module.get_engine()
        training_store = engine.store
        try:
            failures = prewarm(configs, engine, stream=stream)
        finally:
            engine.shutdown()
        if failures:
            raise RuntimeError(f"{failures} of {len(configs)} default models could not be trained; bundle unchanged.")

        staging = Path(tempfile.mkdtemp(prefix=".bundle-", dir=directory.parent))
        try:
            bundle_writer = ModelStore(staging, max_bytes=1 << 40, memory_entries=0, bundle=None)
            entries = []
            for config in configs:
                stored = training_store.load(config.key)
                if stored is None:
                    raise RuntimeError(f"The trained model of {config.describe()} cannot be read back.")
                metadata = {name: value for name, value in stored.metadata.items() if name not in _STORE_ONLY_FIELDS}
                metadata["bundle"] = {
                    "command": BUNDLE_COMMAND,
                    "built_at": built_at,
                    "trained_at": stored.metadata.get("created_at"),
                    "data": metadata.get("data", {}).get("description"),
                }
                # Without the optimizer's state (Adam keeps two numbers per weight): a third of the size.
                bundle_writer.save(config.key, training_store.load_uncompiled(config.key), metadata, compress=True)
                keras_bytes, keras_sha256 = file_size_and_sha256(bundle_writer.model_path(config.key))
                json_bytes, json_sha256 = file_size_and_sha256(bundle_writer.metadata_path(config.key))
                entries.append(
                    {
                        "key": config.key,
                        "task": config.task,
                        "dataset": config.dataset,
                        "describe": config.describe(),
                        "keras_bytes": keras_bytes,
                        "keras_sha256": keras_sha256,
                        "json_bytes": json_bytes,
                        "json_sha256": json_sha256,
                    }
                )
            manifest = {
                "format": MANIFEST_FORMAT,
                "command": BUNDLE_COMMAND,
                "built_at": built_at,
                **_environment(),
                "total_bytes": sum(entry["keras_bytes"] + entry["json_bytes"] for entry in entries),
                "entries": entries,
            }
            (staging / BUNDLE_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            old = directory.with_name(directory.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if directory.exists():
                directory.rename(old)
            staging.rename(directory)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return manifest


def _bundled_model_path(directory: Path, key: str) -> Path:
    try:
        return ModelStore(directory, read_only=True, memory_entries=0).model_path(key)
    except ValueError:
        return directory / f"{key}.keras"


def bundle_problems(configs: Iterable, directory: str | os.PathLike = DEFAULT_BUNDLE_DIR) -> list[str]:
    """Every way the bundle in ``directory`` disagrees with ``configs`` (the defaults) and the installed Keras, one
    sentence each; an empty list when they agree."""
    import keras

    directory = Path(directory)
    manifest = read_manifest(directory)
    rebuild = f"Rebuild it with `{BUNDLE_COMMAND}`."
    if manifest is None:
        return [f"There is no readable {BUNDLE_MANIFEST} in {directory}. {rebuild}"]
    problems: list[str] = []
    expected = {config.key: config for config in configs}
    entries: Mapping[str, Mapping[str, Any]] = {entry.get("key"): entry for entry in manifest["entries"]}
    for key, config in expected.items():
        if key not in entries:
            problems.append(f"The default {config.describe()} ({key[:12]}) has no bundled model. {rebuild}")
    total = 0
    for key, entry in entries.items():
        label = f"{entry.get('task')} on {entry.get('dataset')} ({str(key)[:12]})"
        if key not in expected:
            problems.append(f"The bundled model {label} is not a default any more. {rebuild}")
        # The JSON names its model file (``<key>.keras`` in bundles built before the store's names were unique).
        keras_path = _bundled_model_path(directory, str(key))
        for suffix, name, path in ((".keras", "keras", keras_path), (".json", "json", directory / f"{key}.json")):
            if not path.is_file():
                problems.append(f"The bundled {label} lacks its {suffix} file. {rebuild}")
                continue
            size, digest = file_size_and_sha256(path)
            total += size
            if size > MAX_FILE_BYTES:
                problems.append(f"{path.name} is {size / 2**20:.1f} MB, over the {MAX_FILE_BYTES >> 20} MB per file.")
            if digest != entry.get(f"{name}_sha256") or size != entry.get(f"{name}_bytes"):
                problems.append(f"{path.name} does not match its checksum in {BUNDLE_MANIFEST}. {rebuild}")
        if keras_path.is_file():
            version = keras_version_of(keras_path)
            if version != keras.__version__:
                problems.append(
                    f"The bundled {label} was written by Keras {version}; this is Keras {keras.__version__}. {rebuild}"
                )
        metadata = ModelStore(directory, read_only=True, memory_entries=0).load_metadata(str(key))
        if metadata is None or "bundle" not in metadata:
            problems.append(f"The JSON of the bundled {label} is not a bundled model's record. {rebuild}")
    if total > MAX_BUNDLE_BYTES:
        problems.append(f"The bundle is {total / 2**20:.1f} MB, over its {MAX_BUNDLE_BYTES >> 20} MB budget.")
    return problems
