"""The bundle of default models shipped with the code (core.training.model_bundle) and the warm-up of what it lacks.

The first test is the one that fails when the code and the bundle disagree: a default changed without rebuilding
the bundle (`python -m core.prewarm --bundle`), a bundled model no default asks for, a damaged file, another Keras.
"""

import json
import shutil
import zipfile

import pytest

from core import settings
from core.prewarm import missing_defaults, warm_up
from core.settings import DEFAULT_BUNDLE_DIR
from core.training import model_bundle
from core.training.config import default_config
from core.training.engine import TrainingEngine
from core.training.model_store import BUNDLE_MANIFEST, ModelStore
from core.training.registry import prewarm_configs


def test_the_bundle_matches_the_code_and_the_installed_keras():
    problems = model_bundle.bundle_problems(prewarm_configs(), DEFAULT_BUNDLE_DIR)
    assert problems == [], "\n".join(problems)
    manifest = model_bundle.read_manifest(DEFAULT_BUNDLE_DIR)
    assert manifest["command"] == "python -m core.prewarm --bundle"
    assert manifest["total_bytes"] <= model_bundle.MAX_BUNDLE_BYTES


def test_every_default_is_served_from_the_bundle_without_training(tmp_path):
    store = ModelStore(tmp_path / "empty", bundle=DEFAULT_BUNDLE_DIR)
    assert missing_defaults(store) == []
    for config in prewarm_configs():
        stored = store.load(config.key)
        assert stored is not None and stored.bundled, config.describe()
        assert getattr(stored.model, "optimizer", None) is None  # kept without the optimizer's state: a third the size
        assert stored.metadata["bundle"]["data"], config.describe()  # which data it learned from, for the page


@pytest.fixture
def bundle_copy(tmp_path):
    copy = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE_DIR, copy)
    return copy


def test_a_default_without_a_bundled_model_and_a_bundled_model_without_a_default_are_named(bundle_copy):
    configs = prewarm_configs()
    changed = configs[1].replace(epochs=configs[1].epochs + 1)
    problems = model_bundle.bundle_problems([*configs[:1], changed, *configs[2:]], bundle_copy)
    assert len(problems) == 2
    assert "has no bundled model" in problems[0] and "python -m core.prewarm --bundle" in problems[0]
    assert "is not a default any more" in problems[1]


def test_a_damaged_file_or_another_keras_version_is_named(bundle_copy):
    configs = prewarm_configs()
    keras_file = bundle_copy / f"{configs[0].key}.keras"
    with zipfile.ZipFile(keras_file) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    metadata = json.loads(members["metadata.json"])
    members["metadata.json"] = json.dumps({**metadata, "keras_version": "2.15.0"}).encode()
    with zipfile.ZipFile(keras_file, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    json_file = bundle_copy / f"{configs[1].key}.json"
    json_file.write_text(json_file.read_text().replace('"format": 1', '"format": 1 '))
    problems = model_bundle.bundle_problems(configs, bundle_copy)
    assert any("does not match its checksum" in problem and configs[0].key in problem for problem in problems)
    assert any("written by Keras 2.15.0" in problem for problem in problems)
    assert any(configs[1].key in problem for problem in problems)
    (bundle_copy / BUNDLE_MANIFEST).unlink()
    assert "no readable MANIFEST.json" in model_bundle.bundle_problems(configs, bundle_copy)[0]


def test_the_size_budget_is_checked(bundle_copy, monkeypatch):
    monkeypatch.setattr(model_bundle, "MAX_BUNDLE_BYTES", 1024)
    monkeypatch.setattr(model_bundle, "MAX_FILE_BYTES", 512)
    problems = model_bundle.bundle_problems(prewarm_configs(), bundle_copy)
    assert any("over its 0 MB budget" in problem for problem in problems)
    assert any("per file" in problem for problem in problems)


def test_the_warm_up_trains_only_what_is_neither_stored_nor_bundled_cheapest_first(tmp_path):
    bundled = prewarm_configs()[:2]
    small = default_config("toy_2d", n_samples=120, epochs=3, batch_size=16)
    longer = small.replace(epochs=6)
    store = ModelStore(tmp_path / "store", bundle=DEFAULT_BUNDLE_DIR)
    assert missing_defaults(store, [*bundled, longer, small]) == [small, longer]  # toy_2d is cheap, fewer epochs first
    engine = TrainingEngine(store=store)
    try:
        assert warm_up(engine, [*bundled, small]) == 1
        assert engine.trainings_started == 1 and ModelStore(tmp_path / "store").contains(small.key)
        assert warm_up(engine, [*bundled, small]) == 0
    finally:
        engine.shutdown(timeout=60)


def test_the_background_warm_up_starts_once_and_can_be_turned_off(monkeypatch):
    import threading

    from core import prewarm
    from core.training import engine as engine_module

    called = threading.Event()
    monkeypatch.setattr(prewarm, "_warmup_started", False)
    monkeypatch.setattr(engine_module, "get_engine", lambda: "the engine")
    monkeypatch.setattr(prewarm, "warm_up", lambda engine: called.set() if engine == "the engine" else None)
    monkeypatch.setenv(settings.WARMUP_ENV, "0")
    assert prewarm.start_background_warmup() is False
    monkeypatch.setenv(settings.WARMUP_ENV, "1")
    assert prewarm.start_background_warmup() is True
    assert called.wait(timeout=10)
    assert prewarm.start_background_warmup() is False  # once per process
