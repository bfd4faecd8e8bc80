"""The /first-network lesson's tasks: one neuron learning y = x, then a small network predicting a number.

- ``"linear_identity"``: a single Dense(1) unit learning y = x from the five points x = 1..5 (SGD by default, the
  course's Adam as an option).
- ``"regression"``: Dense 64 relu -> 32 relu -> 1 on :func:`core.data.tables.load_regression`, features and target
  standardised with statistics of the training rows only; the stored model predicts in the data's own units. The
  data set ``"regression_raw"`` is the same table learnt the course's way, in its raw units (no standardisation).

What the page shows of a trained model is computed in :mod:`core.training.views`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core.training import blocks
from core.training.config import LayerSpec, TrainConfig, default_config
from core.training.task import Task, TaskData

# ---------------------------------------------------------------------------------------------------------------
# linear_identity: one Dense(1) unit learns y = x
# ---------------------------------------------------------------------------------------------------------------

IDENTITY_TRAIN_X = np.arange(1.0, 6.0, dtype=np.float32).reshape(-1, 1)
IDENTITY_TEST_X = np.array([[-2.0], [0.0], [6.0], [10.0]], dtype=np.float32)  # never seen: does it generalise?


def _identity_data(config: TrainConfig) -> TaskData:
    return TaskData(
        x_train=IDENTITY_TRAIN_X,
        y_train=IDENTITY_TRAIN_X.copy(),
        x_validation=None,
        y_validation=None,
        x_test=IDENTITY_TEST_X,
        y_test=IDENTITY_TEST_X.copy(),
        input_shape=(1,),
        class_names=(),
        description="y = x on the five points x = 1, 2, 3, 4, 5 (tested on x = -2, 0, 6, 10).",
    )


def _validate_identity(config: TrainConfig) -> None:
    if config.architecture:
        raise ValueError("The linear_identity task is a single Dense(1) unit: its architecture must be empty.")
    if config.validation_split != 0:
        raise ValueError("The linear_identity task trains on all five points: validation_split must be 0.")


def _build_identity(config: TrainConfig, data: TaskData):
    import keras
    from keras import layers

    model = keras.Sequential(
        [
            keras.Input(shape=(1,), name="x"),
            layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=config.seed), name="neuron"),
        ],
        name="linear_identity",
    )
    model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse", metrics=["mae"])
    return model


def _identity_metrics(model, data: TaskData) -> dict[str, Any]:
    predictions = blocks.predict_in_chunks(model, data.x_test).reshape(-1).astype(np.float64)
    targets = data.y_test.reshape(-1).astype(np.float64)
    kernel, bias = model.get_layer("neuron").get_weights()
    return {
        "mae": float(np.mean(np.abs(predictions - targets))),
        "rmse": float(np.sqrt(np.mean((predictions - targets) ** 2))),
        "weight": float(kernel.reshape(-1)[0]),
        "bias": float(bias.reshape(-1)[0]),
        "test_x": [float(value) for value in targets],
        "test_predictions": [float(value) for value in predictions],
        "n_test": int(len(targets)),
    }


LINEAR_IDENTITY_TASK = Task(
    name="linear_identity",
    kind="regression",
    datasets=("five_points",),
    default_dataset="five_points",
    defaults={
        "architecture": (),
        "optimizer": "sgd",
        "learning_rate": 0.05,
        "batch_size": 5,
        "epochs": 300,
        "validation_split": 0.0,
    },
    options=frozenset(),
    load_data=_identity_data,
    build_model=_build_identity,
    evaluate=_identity_metrics,
    validate=_validate_identity,
    description="One neuron, five points: learn y = x with gradient descent.",
)


# ---------------------------------------------------------------------------------------------------------------
# regression: house prices online, diabetes offline
# ---------------------------------------------------------------------------------------------------------------


#: The same table as ``"regression"``, learnt as the course does: raw features into the first Dense layer, the raw
#: target as the label (no Normalization layer, no standardised target).
RAW_REGRESSION_DATASET = "regression_raw"


def learns_raw_units(config: TrainConfig) -> bool:
    """Whether a regression config learns the raw table (the course's way) instead of standardised numbers."""
    return config.dataset == RAW_REGRESSION_DATASET


def _regression_data(config: TrainConfig) -> TaskData:
    from core.data.tables import load_regression

    dataset = load_regression(prefer_download=config.full_data)
    x_train, y_train, x_validation, y_validation = blocks.split_off_validation(
        dataset.x_train, dataset.y_train, config.validation_split, config.seed
    )
    # The target is standardised with the training rows' statistics only (the validation and test rows stay
    # unseen); the features are standardised inside the model by a Normalization layer adapted on the same rows.
    training_mean = float(np.mean(y_train))
    # The raw variant scales by nothing: mean 0 and standard deviation 1 leave the target as it is.
    target_mean = 0.0 if learns_raw_units(config) else training_mean
    target_std = 1.0 if learns_raw_units(config) else float(np.std(y_train)) or 1.0

    def standardise(values):
        return None if values is None else ((values - target_mean) / target_std).astype(np.float32)

    return TaskData(
        x_train=np.asarray(x_train, dtype=np.float32),
        y_train=standardise(y_train),
        x_validation=None if x_validation is None else np.asarray(x_validation, dtype=np.float32),
        y_validation=standardise(y_validation),
        x_test=np.asarray(dataset.x_test, dtype=np.float32),
        y_test=np.asarray(dataset.y_test, dtype=np.float32),  # in the data's units: evaluated after finalize
        input_shape=(dataset.x_train.shape[1],),
        class_names=(),
        description=dataset.provenance.description,
        online=dataset.provenance.online,
        extras={
            "target_mean": target_mean,
            "target_std": target_std,
            "target_name": dataset.target_name,
            "feature_names": tuple(dataset.feature_names),
            "baseline_prediction": training_mean,
            "raw_units": learns_raw_units(config),
        },
    )


def _build_regressor(config: TrainConfig, data: TaskData):
    import keras
    from keras import layers

    first = [keras.Input(shape=data.input_shape, name="features")]
    if not learns_raw_units(config):
        normalization = layers.Normalization(name="standardise_features")
        normalization.adapt(data.x_train)  # training rows only
        first.append(normalization)
    seeds = blocks.layer_seeds(config.seed, len(config.architecture) + 1)
    model = keras.Sequential(
        first
        + [
            blocks.make_layer(spec, seed, position)
            for position, (spec, seed) in enumerate(zip(config.architecture, seeds), start=1)
        ]
        + [layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[-1]), name="prediction")],
        name="regressor",
    )
    model.compile(optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate), loss="mse", metrics=["mae"])
    return model


def _regression_in_target_units(model, data: TaskData):
    """The model to keep: the trained network followed by the inverse of the target's standardisation, so it
    takes raw features and predicts in the data's units."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=data.input_shape, name="features")
    standardised = model(inputs)
    outputs = layers.Rescaling(
        scale=data.extras["target_std"], offset=data.extras["target_mean"], name="to_target_units"
    )(standardised)
    # Not compiled: it is for predictions (its weights were trained inside `model`), and an unused optimizer would
    # only be saved and restored for nothing.
    return keras.Model(inputs, outputs, name="regressor_in_target_units")


def _regression_metrics(model, data: TaskData) -> dict[str, Any]:
    predictions = blocks.predict_in_chunks(model, data.x_test).reshape(-1).astype(np.float64)
    targets = data.y_test.astype(np.float64)
    errors = predictions - targets
    baseline_errors = data.extras["baseline_prediction"] - targets
    total = float(np.sum((targets - targets.mean()) ** 2))
    return {
        "mae": float(np.mean(np.abs(errors))),
        "rmse": float(np.sqrt(np.mean(errors**2))),
        "r2": float(1.0 - np.sum(errors**2) / total) if total > 0 else 0.0,
        "baseline_mae": float(np.mean(np.abs(baseline_errors))),  # always predicting the training mean
        "n_test": int(len(targets)),
        "target_name": data.extras["target_name"],
        "feature_names": list(data.extras["feature_names"]),
        "history_units": "the target's own units"
        if data.extras.get("raw_units")
        else "standardised target (z-scores of the training rows)",
    }


REGRESSION_TASK = Task(
    name="regression",
    kind="regression",
    datasets=("regression", RAW_REGRESSION_DATASET),
    default_dataset="regression",
    defaults={
        "architecture": (LayerSpec.dense(64, "relu"), LayerSpec.dense(32, "relu")),
        "optimizer": "adam",
        "learning_rate": 0.001,
        "batch_size": 32,
        "epochs": 100,
        "validation_split": 0.2,
    },
    options=frozenset(),
    online_dataset=lambda config: "regression",
    load_data=_regression_data,
    build_model=_build_regressor,
    finalize=_regression_in_target_units,
    evaluate=_regression_metrics,
    validate=blocks.dense_layers_only,
    description="Predict a number from a table (house prices online, diabetes progression offline).",
)


# ---------------------------------------------------------------------------------------------------------------
# The course's settings
# ---------------------------------------------------------------------------------------------------------------

#: The initial weight of the course's own y = x script run with ``keras.utils.set_random_seed(0)`` (Keras 3's
#: default GlorotUniform draw for a Dense(1) kernel; a unit test checks it against Keras). The page's neuron starts
#: from GlorotUniform(seed=0) instead (about -1.0): the same settings then end somewhere else.
COURSE_SCRIPT_INITIAL_WEIGHT = 0.054332
#: The page's own neuron's initial weight for seed 0 (GlorotUniform(seed=0)), known without importing Keras so that
#: the page can say what the course's settings give before TensorFlow has loaded (a unit test checks it).
IDENTITY_INITIAL_WEIGHT_SEED_0 = -1.001072


def course_identity_config() -> TrainConfig:
    """The course's first model: one Dense unit, Adam at Keras' default learning rate 0.001, 500 epochs (the five
    points are one batch, as with the course's default batch of 32)."""
    return TrainConfig(task="linear_identity", optimizer="adam", learning_rate=0.001, epochs=500)


def course_regression_config() -> TrainConfig:
    """The course's house-price network: Dense 64 ReLU -> Dense 32 ReLU -> Dense 1, Adam (0.001), mean squared
    error, 100 epochs, batch 32, on the raw table, without validation rows."""
    return TrainConfig(
        task="regression",
        dataset=RAW_REGRESSION_DATASET,
        architecture=(LayerSpec.dense(64, "relu"), LayerSpec.dense(32, "relu")),
        optimizer="adam",
        learning_rate=0.001,
        batch_size=32,
        epochs=100,
        validation_split=0.0,
    )


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [default_config("regression"), default_config("linear_identity")]
