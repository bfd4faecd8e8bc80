"""What a config means (core.training.config, registry, blocks and the tasks of core.lessons.first_network and
core.lessons.training). Configs are validated, hashed stably, and each task builds the right model."""

import dataclasses
import hashlib
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.lessons.training import (
    CNN_ARCHITECTURE,
    COURSE_MLP_ARCHITECTURE,
    TOY_DATASETS,
    decision_boundary,
    generate_toy_points,
)
from core.training import blocks, registry
from core.training import config as config_module
from core.training.config import (
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    MAX_LAYERS,
    MAX_UNITS,
    MODEL_CODE_VERSION,
    LayerSpec,
    TrainConfig,
    default_config,
    full_data_seconds,
    stored_data_is_stale,
)
from core.training.task import TaskData
from tests.helpers import run_python

# ---------------------------------------------------------------------------------------------------------------
# Configs: defaults, validation, identity
# ---------------------------------------------------------------------------------------------------------------


def test_defaults_are_filled_in_so_equal_configs_are_equal():
    short = TrainConfig(task="image_classifier")
    written_out = TrainConfig(
        task="image_classifier",
        dataset="mnist",
        architecture=(LayerSpec.dense(128, "relu"), LayerSpec.dropout(0.5)),
        optimizer="Adam",
        learning_rate=1e-3,
        batch_size=64,
        epochs=10,
        seed=0,
        validation_split=0.1,
    )
    assert short == written_out
    assert hash(short) == hash(written_out)
    assert short.key == written_out.key
    assert short.architecture == COURSE_MLP_ARCHITECTURE
    assert isinstance(short.architecture, tuple)


def test_architecture_may_be_given_as_a_list_of_dicts():
    config = default_config("toy_2d", architecture=[{"kind": "dense", "units": 4, "activation": "TANH"}])
    assert config.architecture == (LayerSpec.dense(4, "tanh"),)
    assert config == default_config("toy_2d", architecture=(LayerSpec.dense(4, "tanh"),))


def test_key_is_the_sha256_of_the_canonical_json_with_the_code_version():
    config = default_config("toy_2d")
    document = json.loads(config.canonical_json())
    assert document["model_code_version"] == MODEL_CODE_VERSION
    assert document["config"] == config.to_dict()
    assert config.key == hashlib.sha256(config.canonical_json().encode()).hexdigest()
    assert len(config.key) == 64


def test_key_is_the_same_in_another_process_with_another_hash_seed():
    config = default_config("image_classifier", dataset="digits", architecture=CNN_ARCHITECTURE, seed=7)
    code = (
        "from core.lessons.training import CNN_ARCHITECTURE\n"
        "from core.training.config import default_config\n"
        "print(default_config('image_classifier', dataset='digits', architecture=CNN_ARCHITECTURE, seed=7).key)"
    )
    assert run_python(code, PYTHONHASHSEED="12345").strip() == config.key


def test_importing_tasks_and_hashing_does_not_import_tensorflow():
    code = (
        "import sys\n"
        "from core.training.config import default_config\n"
        "default_config('image_classifier').key\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    assert run_python(code).strip() == "False False"


# One changed, still valid value per field: every field must change the key.
CHANGED_VALUES = {
    "task": None,  # checked separately: another task means other defaults
    "dataset": "xor",
    "architecture": (LayerSpec.dense(8, "relu"), LayerSpec.dense(9, "relu")),
    "optimizer": "sgd",
    "learning_rate": 0.031,
    "batch_size": 17,
    "epochs": 41,
    "seed": 1,
    "validation_split": 0.25,
    "noise": 0.11,
    "test_fraction": 0.3,
    "n_samples": 401,
}


def test_key_changes_with_every_field():
    base = default_config("toy_2d")
    covered = set()
    for field in dataclasses.fields(TrainConfig):
        if field.name in ("task", "max_train_samples", "params", "full_data"):
            continue
        changed = base.replace(**{field.name: CHANGED_VALUES[field.name]})
        assert changed != base
        assert changed.key != base.key, f"changing {field.name} did not change the key"
        covered.add(field.name)
    image = default_config("image_classifier", dataset="digits")
    assert image.replace(max_train_samples=500).key != image.key
    mnist = default_config("image_classifier", dataset="mnist")
    assert mnist.replace(full_data=True).key != mnist.key
    covered |= {"task", "max_train_samples", "params", "full_data"}  # params: see tests/unit/test_task_extensions.py
    assert default_config("linear_identity").key != base.key
    assert covered == {field.name for field in dataclasses.fields(TrainConfig)}


def test_key_changes_with_the_model_code_version(monkeypatch):
    config = default_config("toy_2d")
    before = config.key
    monkeypatch.setattr(config_module, "MODEL_CODE_VERSION", MODEL_CODE_VERSION + 1)
    assert default_config("toy_2d").key != before


def test_key_changes_with_a_layer_detail():
    base = default_config("image_classifier", dataset="digits")
    keys = {
        base.key,
        base.replace(architecture=(LayerSpec.dense(128, "tanh"), LayerSpec.dropout(0.5))).key,
        base.replace(architecture=(LayerSpec.dense(128, "relu"), LayerSpec.dropout(0.4))).key,
        base.replace(architecture=(LayerSpec.dropout(0.5), LayerSpec.dense(128, "relu"))).key,
    }
    assert len(keys) == 4


def test_round_trip_through_a_dict_and_json():
    config = default_config("image_classifier", dataset="digits", architecture=CNN_ARCHITECTURE, max_train_samples=900)
    again = TrainConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config and again.key == config.key


@settings(max_examples=60, deadline=None)
@given(
    learning_rate=st.floats(min_value=1e-6, max_value=10.0, allow_nan=False, allow_infinity=False),
    batch_size=st.integers(1, 512),
    epochs=st.integers(1, 200),
    seed=st.integers(0, 2**31 - 1),
    noise=st.floats(0.0, 1.0),
    units=st.lists(st.integers(1, 64), max_size=4),
)
def test_any_valid_toy_config_round_trips_with_the_same_key(learning_rate, batch_size, epochs, seed, noise, units):
    config = default_config(
        "toy_2d",
        learning_rate=learning_rate,
        batch_size=batch_size,
        epochs=epochs,
        seed=seed,
        noise=noise,
        architecture=[LayerSpec.dense(count) for count in units],
    )
    again = TrainConfig.from_dict(json.loads(config.canonical_json())["config"])
    assert again == config
    assert again.key == config.key


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"epochs": 0}, "epochs"),
        ({"epochs": -3}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"epochs": MAX_EPOCHS + 1}, "epochs"),
        ({"optimizer": "adamax9"}, "Unknown optimizer"),
        ({"learning_rate": 0.0}, "learning rate"),
        ({"learning_rate": -0.1}, "learning rate"),
        ({"learning_rate": float("nan")}, "learning rate"),
        ({"learning_rate": float("inf")}, "learning rate"),
        ({"learning_rate": "0.01"}, "learning rate"),
        ({"learning_rate": 1e6}, "learning rate"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": MAX_BATCH_SIZE + 1}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"validation_split": 0.9}, "validation_split"),
        ({"dataset": "cifar10"}, "no data set"),
        ({"architecture": [LayerSpec.dense(8)] * (MAX_LAYERS + 1)}, "At most"),
        ({"architecture": "dense"}, "architecture"),
        ({"architecture": [LayerSpec.conv2d(8)]}, "Dense and Dropout"),
        ({"noise": 2.0}, "noise"),
        ({"n_samples": 10}, "n_samples"),
        ({"test_fraction": 0.0}, "test_fraction"),
        ({"max_train_samples": 100}, "does not apply"),
        ({"bogus": 1}, None),
    ],
)
def test_bad_values_raise_value_error_with_a_useful_message(changes, words):
    error_type = TypeError if "bogus" in changes else ValueError
    with pytest.raises(error_type) as raised:
        default_config("toy_2d", **changes)
    if words:
        assert words in str(raised.value)


@pytest.mark.parametrize(
    "layer_arguments, words",
    [
        ({"kind": "dense"}, "needs units"),
        ({"kind": "dense", "units": 0, "activation": "relu"}, "units"),
        ({"kind": "dense", "units": MAX_UNITS + 1, "activation": "relu"}, "units"),
        ({"kind": "dense", "units": 8, "activation": "magic"}, "Unknown activation"),
        ({"kind": "dense", "units": 8, "activation": "relu", "rate": 0.5}, "has no rate"),
        ({"kind": "dropout", "rate": 1.0}, "dropout rate"),
        ({"kind": "conv2d", "filters": 8, "kernel_size": 99, "activation": "relu"}, "kernel_size"),
        ({"kind": "lstm"}, "Unknown layer kind"),
    ],
)
def test_bad_layers_raise_value_error(layer_arguments, words):
    with pytest.raises(ValueError, match=words):
        LayerSpec(**layer_arguments)


def test_unknown_task_lists_the_known_ones():
    with pytest.raises(ValueError, match="image_classifier"):
        TrainConfig(task="transformer")


def test_image_architecture_checks_need_the_image_size():
    with pytest.raises(ValueError, match="convolution and pooling layers first"):
        default_config("image_classifier", dataset="digits", architecture=[LayerSpec.dense(8), LayerSpec.conv2d(4)])
    too_much_pooling = [LayerSpec.max_pooling2d(2)] * 4  # 8 -> 4 -> 2 -> 1 -> cannot pool
    with pytest.raises(ValueError, match="cannot pool"):
        default_config("image_classifier", dataset="digits", architecture=too_much_pooling)
    default_config("image_classifier", dataset="mnist", architecture=too_much_pooling)  # 28 -> 1: fine
    with pytest.raises(ValueError, match="weights"):
        huge = [LayerSpec.conv2d(256, 7), LayerSpec.dense(1024)]  # 28 * 28 * 256 inputs to 1024 units
        default_config("image_classifier", dataset="mnist", architecture=huge)


def test_linear_identity_is_one_unit_with_no_validation():
    with pytest.raises(ValueError, match="architecture must be empty"):
        default_config("linear_identity", architecture=[LayerSpec.dense(4)])
    with pytest.raises(ValueError, match="validation_split must be 0"):
        default_config("linear_identity", validation_split=0.2)


def test_suggested_learning_rate():
    assert default_config("regression", learning_rate=10.0).suggested_learning_rate() == 0.001
    assert default_config("regression", learning_rate=0.0005).suggested_learning_rate() == pytest.approx(5e-6)


def test_prewarm_covers_every_default_page():
    configs = registry.prewarm_configs()
    assert {config.task for config in configs} >= {
        "image_classifier",
        "toy_2d",
        "regression",
        "linear_identity",  # the first pages
        "digit_canvas",
        "sentiment",
        "stock_lstm",
        "gan",  # /draw, /text, /stocks, /gan
    }
    assert default_config("image_classifier", dataset="mnist") in configs
    assert len(configs) == len(set(configs))


def test_the_registry_lists_each_lessons_tasks_by_name():
    names = [task.name for task in registry.BUILT_IN_TASKS]
    assert len(set(names)) == len(names) == 9
    assert all(registry.TASKS[task.name] is task for task in registry.BUILT_IN_TASKS)
    with pytest.raises(ValueError, match="Unknown task 'no_such_task'"):
        registry.get_task("no_such_task")


def test_a_task_added_by_a_test_can_be_taken_back_and_a_built_in_one_comes_back():
    toy = registry.get_task("toy_2d")
    with pytest.raises(ValueError, match="already exists"):
        registry.add_task(toy)
    registry.add_task(dataclasses.replace(toy, description="changed"), replace=True)
    try:
        assert registry.get_task("toy_2d").description == "changed"
    finally:
        registry.remove_task("toy_2d")
    assert registry.get_task("toy_2d") is toy


# ---------------------------------------------------------------------------------------------------------------
# Data and models
# ---------------------------------------------------------------------------------------------------------------


def _layer_summary(model):
    summary = []
    for layer in model.layers:
        config = layer.get_config()
        summary.append((type(layer).__name__, config.get("units"), config.get("activation"), config.get("rate")))
    return summary


def test_default_image_classifier_is_the_course_mlp():
    config = default_config("image_classifier", dataset="mnist")
    task = registry.get_task("image_classifier")
    data = task.load_data(config)
    model = task.build_model(config, data)
    assert model.input_shape == (None, 28, 28, 1)
    assert _layer_summary(model) == [
        ("Flatten", None, None, None),
        ("Dense", 128, "relu", None),
        ("Dropout", None, None, 0.5),
        ("Dense", 10, "softmax", None),
    ]
    assert model.loss == "sparse_categorical_crossentropy"
    assert type(model.optimizer).__name__ == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.001)
    # Pixels scaled to 0..1, a random 10 % of the training rows held out for validation, the test set untouched.
    assert data.x_train.dtype == np.float32 and 0.0 <= data.x_train.min() and data.x_train.max() <= 1.0
    assert len(data.x_validation) == round(0.1 * (len(data.x_train) + len(data.x_validation)))
    assert len(data.x_test) > 0 and data.class_names == tuple(str(digit) for digit in range(10))


@pytest.mark.parametrize("dataset, size", [("digits", 8), ("mnist", 28)])
def test_cnn_option_builds_for_both_image_sizes(dataset, size):
    config = default_config("image_classifier", dataset=dataset, architecture=CNN_ARCHITECTURE, max_train_samples=200)
    task = registry.get_task("image_classifier")
    data = task.load_data(config)
    model = task.build_model(config, data)
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense"]
    assert model.input_shape == (None, size, size, 1)
    assert model(data.x_test[:3]).shape == (3, 10)
    assert len(data.x_train) + len(data.x_validation) == 200


def test_toy_sets_are_fixed_balanced_and_noisy_as_asked():
    for dataset, class_names in TOY_DATASETS.items():
        points, labels = generate_toy_points(dataset, 300, 0.1)
        again, labels_again = generate_toy_points(dataset, 300, 0.1)
        assert points.shape == (300, 2) and points.dtype == np.float32
        np.testing.assert_array_equal(points, again)
        np.testing.assert_array_equal(labels, labels_again)
        counts = np.bincount(labels, minlength=len(class_names))
        assert len(counts) == len(class_names) and counts.min() >= 300 // len(class_names) - 1
        assert np.abs(points).max() < 3.0
        noisier, _ = generate_toy_points(dataset, 300, 0.4)
        assert not np.allclose(points, noisier)


def test_toy_split_uses_the_test_fraction_and_records_the_plot_range():
    config = default_config("toy_2d", dataset="blobs", n_samples=200, test_fraction=0.25, validation_split=0.2)
    data = registry.get_task("toy_2d").load_data(config)
    assert len(data.x_test) == 50
    assert len(data.x_train) == 120 and len(data.x_validation) == 30
    assert data.class_names == ("blob A", "blob B", "blob C")
    low, high = data.extras["grid_low"], data.extras["grid_high"]
    everything = np.concatenate([data.x_train, data.x_validation, data.x_test])
    assert np.all(everything.min(axis=0) > low) and np.all(everything.max(axis=0) < high)


def test_decision_boundary_covers_the_grid_with_probabilities():
    config = default_config("toy_2d", n_samples=100)
    task = registry.get_task("toy_2d")
    data = task.load_data(config)
    model = task.build_model(config, data)
    grid = decision_boundary(model, data, size=20)
    assert grid["probabilities"].shape == (20, 20, 2)
    np.testing.assert_allclose(grid["probabilities"].sum(axis=-1), 1.0, rtol=1e-5)
    assert not grid["probabilities"].flags.writeable


def test_regression_standardises_with_training_rows_only():
    config = default_config("regression")
    task = registry.get_task("regression")
    data = task.load_data(config)
    # The target statistics come from the training rows (validation and test rows excluded) ...
    from core.data.tables import load_regression

    raw = load_regression()
    training_targets = data.y_train * data.extras["target_std"] + data.extras["target_mean"]
    assert np.mean(training_targets) == pytest.approx(data.extras["target_mean"], rel=1e-5)
    assert data.extras["target_mean"] != pytest.approx(float(np.mean(raw.y_train)), rel=1e-6)
    assert abs(float(np.mean(data.y_train))) < 1e-5 and float(np.std(data.y_train)) == pytest.approx(1.0, rel=1e-4)
    np.testing.assert_array_equal(data.y_test, raw.y_test)  # the test targets stay in the data's units
    # ... and so do the features' (the Normalization layer inside the model).
    model = task.build_model(config, data)
    normalization = model.get_layer("standardise_features")
    np.testing.assert_allclose(np.asarray(normalization.mean).reshape(-1), data.x_train.mean(axis=0), rtol=1e-4)
    assert [layer.get_config().get("units") for layer in model.layers[1:]] == [64, 32, 1]
    assert model.loss == "mse"
    # The model that is kept predicts in the data's units.
    final = task.finalize(model, data)
    standardised = np.asarray(model(data.x_test[:5]))
    in_units = np.asarray(final(data.x_test[:5]))
    np.testing.assert_allclose(
        in_units, standardised * data.extras["target_std"] + data.extras["target_mean"], rtol=1e-4, atol=1e-3
    )


def test_linear_identity_is_a_single_dense_unit_on_five_points():
    config = default_config("linear_identity")
    task = registry.get_task("linear_identity")
    data = task.load_data(config)
    np.testing.assert_array_equal(data.x_train.reshape(-1), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(data.y_train, data.x_train)
    model = task.build_model(config, data)
    assert [type(layer).__name__ for layer in model.layers] == ["Dense"]
    assert model.count_params() == 2
    assert type(model.optimizer).__name__ == "SGD"


def test_fit_inputs_reshuffle_every_epoch_reproducibly():
    config = default_config("toy_2d", n_samples=100, batch_size=16, epochs=3, validation_split=0.0)
    data = registry.get_task("toy_2d").load_data(config)

    def epochs_of_rows():
        arguments = blocks.make_fit_arguments(config, data)
        batches = [x.numpy() for x, _ in arguments["x"]]
        per_epoch = arguments["steps_per_epoch"]
        assert len(batches) == per_epoch * config.epochs
        return [np.concatenate(batches[i * per_epoch : (i + 1) * per_epoch]) for i in range(config.epochs)]

    first, second = epochs_of_rows(), epochs_of_rows()
    for epoch_rows, same in zip(first, second):
        np.testing.assert_array_equal(epoch_rows, same)  # the same seed gives the same order
        # Every training row exactly once per epoch.
        np.testing.assert_array_equal(np.sort(epoch_rows, axis=0), np.sort(data.x_train, axis=0))
    assert not np.array_equal(first[0], first[1])  # and a new order every epoch
    other_seed = blocks.make_fit_arguments(config.replace(seed=5), data)
    assert not np.array_equal(next(iter(other_seed["x"]))[0].numpy(), first[0][:16])


def test_classification_metrics_include_a_confusion_matrix():
    class Perfect:
        def __call__(self, x, training=False):
            labels = x[:, 0].astype(int)
            return np.eye(3, dtype=np.float32)[labels]

    x_test = np.array([[0], [1], [2], [2]], dtype=np.float32)
    data = TaskData(
        x_train=x_test,
        y_train=np.array([0, 1, 2, 2]),
        x_validation=None,
        y_validation=None,
        x_test=x_test,
        y_test=np.array([0, 1, 2, 1]),
        input_shape=(1,),
        class_names=("a", "b", "c"),
        description="",
    )
    metrics = blocks.classification_metrics(Perfect(), data)
    assert metrics["accuracy"] == 0.75
    assert metrics["confusion_matrix"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert metrics["per_class_accuracy"] == [1.0, 0.5, 1.0]
    assert math.isfinite(metrics["loss"])


def test_layers_have_explicit_names_so_a_keras_session_reset_cannot_collide_them():
    import keras

    config = default_config("image_classifier", dataset="digits", architecture=CNN_ARCHITECTURE)
    task = registry.get_task("image_classifier")
    data = task.load_data(config)
    first = task.build_model(config, data)
    keras.backend.clear_session()  # what Streamlit does after a script run, possibly mid-build in another thread
    second = task.build_model(config, data)
    names = [layer.name for layer in second.layers]
    assert names == [layer.name for layer in first.layers]
    assert names == [
        "conv2d_1",
        "max_pooling2d_2",
        "conv2d_3",
        "max_pooling2d_4",
        "flatten_5",
        "dropout_6",
        "class_probabilities",
    ]


def test_sgd_with_momentum_is_sgd_with_a_fixed_momentum():
    optimizer = blocks.make_optimizer("sgd_momentum", 0.01)
    assert type(optimizer).__name__ == "SGD" and float(optimizer.momentum) == pytest.approx(0.9)
    assert float(blocks.make_optimizer("sgd", 0.01).momentum) == 0.0
    assert default_config("toy_2d", optimizer="sgd_momentum").key != default_config("toy_2d", optimizer="sgd").key


def test_full_data_is_an_explicit_choice_for_data_sets_with_a_larger_download():
    mnist = default_config("image_classifier", dataset="mnist")
    assert mnist.full_data is False and "full_data" not in mnist.to_dict()
    full = mnist.replace(full_data=True)
    assert full.to_dict()["full_data"] is True and TrainConfig.from_dict(full.to_dict()) == full
    assert full.online_dataset == "mnist" and default_config("regression").online_dataset == "regression"
    for config in (default_config("toy_2d"), default_config("image_classifier", dataset="digits")):
        assert config.online_dataset is None
        with pytest.raises(ValueError, match="no larger data set"):
            config.replace(full_data=True)
    with pytest.raises(ValueError, match="true or false"):
        mnist.replace(full_data="yes")


def test_only_a_full_data_model_that_had_to_learn_from_the_built_in_copy_is_stale(monkeypatch):
    from core.data import catalog, network

    monkeypatch.setattr(catalog, "dataset_status", lambda dataset_id: type("Status", (), {"active": "online"})())
    monkeypatch.setattr(network, "offline_forced", lambda: False)
    built_in = {"data": {"online": False}}
    default = default_config("regression")
    assert not stored_data_is_stale(default, built_in)  # a default is never retrained behind the visitor's back
    assert stored_data_is_stale(default.replace(full_data=True), built_in)
    assert not stored_data_is_stale(default.replace(full_data=True), {"data": {"online": True}})


def test_a_training_on_the_full_data_is_estimated_from_the_built_in_one():
    assert full_data_seconds(default_config("regression"), 2.0) == pytest.approx(2.0 * 404 / 353)
    mnist = default_config("image_classifier", dataset="mnist")
    assert full_data_seconds(mnist, 10.0) == pytest.approx(150.0)
    assert full_data_seconds(mnist.replace(max_train_samples=6000), 10.0) == pytest.approx(15.0)
    assert full_data_seconds(default_config("toy_2d"), 10.0) is None
