"""core.training.keras_script: every generated script is valid Python, matches the engine's model and data, and
really runs (in a subprocess, offline, on a few hundred examples for one epoch), so the code a learner copies never
rots."""

import re

import numpy as np
import pytest

from core.lessons.training import CNN_ARCHITECTURE, generate_toy_points
from core.training import keras_script
from core.training.config import LayerSpec, TrainConfig, default_config
from core.training.registry import get_task
from tests.helpers import run_learner_script

CONFIGS = {
    "mnist_mlp": default_config("image_classifier", dataset="mnist"),
    "fashion_limited": default_config("image_classifier", dataset="fashion_mnist", max_train_samples=1000),
    "digits_cnn": default_config("image_classifier", dataset="digits", architecture=CNN_ARCHITECTURE),
    "digits_no_hidden": default_config("image_classifier", dataset="digits", architecture=()),
    "circles": default_config("toy_2d"),
    "xor_sgd": default_config("toy_2d", dataset="xor", optimizer="sgd", learning_rate=0.1),
    "spirals": default_config("toy_2d", dataset="spirals", noise=0.0, n_samples=200),
    "blobs": default_config("toy_2d", dataset="blobs", architecture=(LayerSpec.dense(4, "tanh"),)),
    "regression": default_config("regression"),
    "identity": default_config("linear_identity"),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_every_script_compiles(name):
    source = keras_script.keras_script(CONFIGS[name])
    compile(source, f"{name}.py", "exec")
    assert "QUICK_RUN" in source and "import keras" in source


def test_the_script_says_the_settings():
    config = default_config("toy_2d", optimizer="rmsprop", learning_rate=0.003, batch_size=32, epochs=7, noise=0.25)
    source = keras_script.keras_script(config)
    assert "keras.optimizers.RMSprop(learning_rate=0.003)" in source
    assert "batch_size=32" in source and "EPOCHS = 1 if QUICK_RUN else 7" in source
    assert "noise=0.25" in source and "validation_split=0.2" in source
    assert 'layers.Dense(8, activation="relu")' in source


def test_sgd_with_momentum_is_the_same_optimizer_in_the_engine_and_the_script():
    from core.training.blocks import make_optimizer

    assert keras_script.optimizer_code("sgd_momentum", 0.01) == "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)"
    assert keras_script.optimizer_code("sgd", 0.01) == "keras.optimizers.SGD(learning_rate=0.01)"
    optimizer = make_optimizer("sgd_momentum", 0.01)
    assert type(optimizer).__name__ == "SGD" and optimizer.momentum == pytest.approx(0.9)
    assert make_optimizer("sgd", 0.01).momentum == 0.0


def test_the_image_model_places_flatten_like_the_task():
    source = keras_script.keras_script(CONFIGS["digits_cnn"])
    conv = source.index("layers.Conv2D(32")
    flatten = source.index("layers.Flatten()")
    dropout = source.index("layers.Dropout(0.5)")
    assert conv < flatten < dropout
    assert source.count("layers.Flatten()") == 1
    mlp = keras_script.keras_script(CONFIGS["mnist_mlp"])
    assert mlp.index("layers.Flatten()") < mlp.index("layers.Dense(128")


@pytest.mark.parametrize("dataset", ["circles", "xor", "spirals", "blobs"])
def test_the_toy_script_generates_the_same_points_as_the_dashboard(dataset):
    generator = keras_script.toy_points_code(dataset)
    assert generator in keras_script.keras_script(TrainConfig(task="toy_2d", dataset=dataset))  # what the page shows
    namespace = {"np": np}
    exec(compile(generator, f"{dataset}_generator", "exec"), namespace)  # our own generated code, not user input
    points, labels = namespace["make_points"](300, 0.15)
    expected_points, expected_labels = generate_toy_points(dataset, 300, 0.15)
    np.testing.assert_allclose(np.asarray(points, dtype=np.float32), expected_points, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(labels, expected_labels)


def test_keras_script_checks_its_argument():
    with pytest.raises(ValueError, match="takes a TrainConfig"):
        keras_script.keras_script({"task": "toy_2d"})
    with pytest.raises(ValueError, match="Unknown optimizer"):
        keras_script.optimizer_code("lion", 0.1)


def _run_script(source: str, tmp_path, name: str) -> str:
    return run_learner_script(source, tmp_path, name)


def _engine_parameter_count(config: TrainConfig) -> int:
    task = get_task(config.task)
    return int(task.build_model(config, task.load_data(config)).count_params())


def _script_parameter_count(output: str) -> int:
    match = re.search(r"Total params: ([\d,]+)", output)
    assert match, output[-2000:]
    return int(match.group(1).replace(",", ""))


# Two scripts cover both families of data loading (a keras.datasets download with an offline fallback, and data
# generated locally) and both kinds of models; the others only differ in strings checked above. About 10 s each.
@pytest.mark.parametrize("name", ["mnist_mlp", "circles"])
def test_the_generated_script_runs_end_to_end_offline(name, tmp_path):
    config = CONFIGS[name]
    output = _run_script(keras_script.keras_script(config), tmp_path, name)
    accuracy = float(re.search(r"Test accuracy: ([\d.]+)", output).group(1))
    assert 0.0 <= accuracy <= 1.0
    # Same layers, same sizes: the script's network has exactly the engine's number of weights.
    assert _script_parameter_count(output) == _engine_parameter_count(config)
    if name == "mnist_mlp":
        assert (tmp_path / "model.keras").is_file()
