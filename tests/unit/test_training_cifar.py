"""CIFAR-10 on /training: the course's CNN and the app's CNN, the real loading path on a small download, and one
training through the engine.

The download is never available here, so the tests write a small CIFAR-10 in the download's own format where Keras
keeps its extracted copy (``tests/fake_cifar.py``) and take the network away: the loader finds the cache as it
would on a workshop machine prepared while it had internet.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest

from core import settings
from core.data import catalog, images, loaders, network, sources
from core.data.datasets import DatasetUnavailable
from core.lessons import training_cifar
from core.training import registry
from core.training.config import TrainConfig
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from tests.fake_cifar import cache_online, cache_online_in_the_training_process, write_cifar10_cache

# The course's PyTorch Net, layer by layer: (output shape after the layer, its weights).
COURSE_NET = [
    ((28, 28, 6), 3 * 6 * 5 * 5 + 6),  # conv1 = nn.Conv2d(3, 6, 5): 456
    ((14, 14, 6), 0),  # pool
    ((10, 10, 16), 6 * 16 * 5 * 5 + 16),  # conv2 = nn.Conv2d(6, 16, 5): 2,416
    ((5, 5, 16), 0),  # pool
    ((400,), 0),  # x.view(-1, 16 * 5 * 5)
    ((120,), 400 * 120 + 120),  # fc1: 48,120
    ((84,), 120 * 84 + 84),  # fc2: 10,164
    ((10,), 84 * 10 + 10),  # fc3: 850
]


@pytest.fixture
def small_download(monkeypatch, tmp_path):
    keras_home = tmp_path / "keras-home"
    arrays = write_cifar10_cache(keras_home, per_batch=20, test_photos=20)
    cache_online(monkeypatch, keras_home)
    yield arrays
    sources.clear_caches()
    network.reset()


# ---------------------------------------------------------------------------------------------------------------
# The two networks
# ---------------------------------------------------------------------------------------------------------------


def test_the_course_cnn_is_the_course_net_layer_by_layer_with_62006_weights():
    rows = training_cifar.layer_table("course_cnn")
    assert rows[0].output_shape == (32, 32, 3) and rows[0].parameters == 0  # [-1, 1] scaling, no weights
    assert [(row.output_shape, row.parameters) for row in rows[1:]] == COURSE_NET
    assert training_cifar.parameter_count("course_cnn") == 62_006
    assert [row.layer for row in rows[1:]] == [
        "Conv2D(6, 5x5, relu)",
        "MaxPooling2D(2)",
        "Conv2D(16, 5x5, relu)",
        "MaxPooling2D(2)",
        "Flatten()",
        "Dense(120, relu)",
        "Dense(84, relu)",
        "Dense(10, softmax)",
    ]


@pytest.mark.parametrize("network", ["course_cnn", "app_cnn"])
def test_the_layer_tables_are_what_keras_builds(network):
    model = training_cifar.build_network(network, seed=3)
    rows = training_cifar.layer_table(network)
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == [row.output_shape for row in rows]
    assert [layer.count_params() for layer in model.layers] == [row.parameters for row in rows]
    assert model.count_params() == training_cifar.parameter_count(network)
    photos = np.random.default_rng(0).integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    probabilities = np.asarray(model(photos, training=False))  # raw uint8 pixels in, ten probabilities out
    assert probabilities.shape == (3, 10) and np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    scaled = np.asarray(model.layers[0](np.array([[[[0, 127.5, 255]]]], dtype=np.float32)))
    assert np.allclose(scaled, [-1.0, 0.0, 1.0])  # the course's Normalize((0.5,) * 3, (0.5,) * 3) after ToTensor


def test_the_app_cnn_uses_batch_norm_and_dropout_and_stays_small():
    kinds = [layer.kind for layer in training_cifar.APP_CNN]
    assert kinds.count("conv") == 3 and kinds.count("batch_norm") == 3 and "dropout" in kinds
    assert 62_006 < training_cifar.parameter_count("app_cnn") < 200_000


def test_the_course_settings_are_the_course_training_and_the_app_default_differs():
    course = training_cifar.course_config()
    assert course.task == "cifar10_classifier" and course.param("network") == "course_cnn"
    assert (course.optimizer, course.learning_rate, course.batch_size, course.epochs) == ("sgd_momentum", 0.001, 64, 10)
    optimizer = registry.get_task(course.task).build_model(course, None).optimizer
    assert type(optimizer).__name__ == "SGD" and float(optimizer.momentum) == pytest.approx(0.9)
    app = training_cifar.app_config()
    assert app == TrainConfig(task="cifar10_classifier") and app.param("network") == "app_cnn"
    assert app.optimizer == "adam" and app.key != course.key
    with pytest.raises(ValueError, match="network"):
        TrainConfig(task="cifar10_classifier", params={"network": "resnet"})


def test_cifar10_is_never_prewarmed_or_bundled():
    assert all(config.task != "cifar10_classifier" for config in registry.prewarm_configs())
    assert registry.get_task("cifar10_classifier") is training_cifar.CIFAR10_TASK


# ---------------------------------------------------------------------------------------------------------------
# The real loading path, on a small download in its own format
# ---------------------------------------------------------------------------------------------------------------


def test_the_extracted_download_is_found_in_keras_home_and_read_batch_by_batch(small_download):
    status = catalog.dataset_status("cifar10")
    assert status.active == "online" and status.online_available  # no internet, but the download is cached
    dataset = loaders.load_dataset("cifar10")
    assert dataset.x_train.shape == (100, 32, 32, 3) and dataset.x_test.shape == (20, 32, 32, 3)
    assert dataset.x_train.dtype == np.uint8 and dataset.y_train.dtype == np.int64
    # The channels come out in the right order (the rows hold red, then green, then blue planes) and in batch order.
    assert np.array_equal(dataset.x_train, small_download["x_train"])
    assert np.array_equal(dataset.y_test, small_download["y_test"])
    assert dataset.class_names[dataset.y_train[3]] == "cat"
    assert dataset.provenance.online is True and dataset.provenance.size == "120 photos (100 train / 20 test)"
    assert not dataset.x_train.flags.writeable
    assert loaders.load_dataset("cifar10") is dataset  # one shared copy per process


def test_a_batch_that_is_not_a_cifar_batch_is_refused_and_never_runs_code(small_download, tmp_path):
    folder = tmp_path / "keras-home" / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    import pickle

    (folder / "test_batch").write_bytes(pickle.dumps(eval, protocol=2))  # a pickle that would import builtins.eval
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        images.read_cifar10_batch(folder / "test_batch")
    (folder / "test_batch").write_bytes(pickle.dumps({b"data": np.zeros((2, 10), np.uint8), b"labels": [0, 1]}))
    with pytest.raises(ValueError):
        images.read_cifar10_batch(folder / "test_batch")
    # The loader falls back to Keras' downloader (here refused: no internet), then says what to do.
    with pytest.raises(DatasetUnavailable, match="download"):
        loaders.load_dataset("cifar10")


def test_offline_cifar10_says_it_needs_the_download_at_once(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.OFFLINE_ENV, "1")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty"))
    sources.clear_caches()
    started = time.perf_counter()
    assert catalog.dataset_status("cifar10").active == "unavailable"
    with pytest.raises(DatasetUnavailable, match="needs a download"):
        loaders.load_dataset("cifar10")
    assert time.perf_counter() - started < 2.0


# ---------------------------------------------------------------------------------------------------------------
# One training through the engine, in its training process
# ---------------------------------------------------------------------------------------------------------------


def test_a_tiny_course_cnn_job_trains_in_the_engine_on_the_cached_download(small_download, tmp_path):
    engine = TrainingEngine(store=ModelStore(tmp_path / "store"))
    engine.job_context = cache_online_in_the_training_process
    try:
        config = training_cifar.course_config(epochs=2, batch_size=16, max_train_samples=60)
        handle = engine.request(config, watcher_id="test")
        snapshot = handle.wait(timeout=240)
        assert snapshot.state == "finished", snapshot.error
        assert snapshot.test_metrics["n_test"] == 20 and len(snapshot.history["loss"]) == 2
        assert 0.0 <= snapshot.test_metrics["accuracy"] <= 1.0
        assert handle.metadata["data"]["online"] is True
        assert handle.model.count_params() == 62_006
        assert handle.model.name == "course_cnn"
    finally:
        engine.shutdown(timeout=60)


# ---------------------------------------------------------------------------------------------------------------
# The standalone script of what is on screen
# ---------------------------------------------------------------------------------------------------------------


def test_the_script_of_the_apps_cnn_runs_on_the_cached_download_with_the_engines_weights(tmp_path):
    write_cifar10_cache(tmp_path / "keras-home", per_batch=40, test_photos=20)
    config = training_cifar.app_config(optimizer="sgd_momentum", max_train_samples=150, epochs=3)
    source = training_cifar.keras_script(config)
    assert "max_train_samples" not in source and "[:150]" in source and "momentum=0.9" in source
    path = tmp_path / "cifar_app_cnn.py"
    path.write_text(source, encoding="utf-8")
    environment = {**os.environ, "QUICK_RUN": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    environment["KERAS_HOME"] = str(tmp_path / "keras-home")
    completed = subprocess.run(
        [sys.executable, str(path)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=240
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    assert re.search(r"Total params: ([\d,]+)", output).group(1) == f"{training_cifar.parameter_count('app_cnn'):,}"
    assert 0.0 <= float(re.search(r"Test accuracy: ([\d.]+)", output).group(1)) <= 1.0
