"""The /training lesson's tasks: an image classifier and a classifier of points in the plane.

- ``"image_classifier"``: MNIST / Fashion-MNIST / scikit-learn's 8x8 digits. The default is the course's MLP
  (Flatten, Dense 128 relu, Dropout 0.5, Dense softmax); layers, units, activations and dropout are editable, and
  :data:`CNN_ARCHITECTURE` is a small convolutional network (keras-io's ``mnist_convnet``).
- ``"toy_2d"``: two-dimensional classification sets (circles, XOR, two spirals, Gaussian blobs) generated with a
  fixed seed, with a decision-boundary grid recorded after every epoch.

What the page shows of a trained model is computed in :mod:`core.training.views`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from core.training import blocks
from core.training.config import DATA_SEED, OPTIMIZERS, LayerSpec, TrainConfig, default_config
from core.training.task import Task, TaskData

# ---------------------------------------------------------------------------------------------------------------
# image_classifier: MNIST, Fashion-MNIST, 8x8 digits
# ---------------------------------------------------------------------------------------------------------------

IMAGE_DATASETS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"mnist": (28, 28), "fashion_mnist": (28, 28), "digits": (8, 8)}
)


#: The course's optimizers, in the order a lesson introduces them ("sgd_momentum" where the engine knows it).
COURSE_OPTIMIZERS: tuple[str, ...] = tuple(
    name for name in ("sgd", "sgd_momentum", "rmsprop", "adam") if name in OPTIMIZERS
)

#: The course's MLP hidden layers: Flatten (added by the task), Dense 128 relu, Dropout 0.5 (then Dense softmax).
COURSE_MLP_ARCHITECTURE: tuple[LayerSpec, ...] = (LayerSpec.dense(128, "relu"), LayerSpec.dropout(0.5))

#: keras-io's mnist_convnet with "same" padding, so it also fits the 8x8 digits (8 -> 4 -> 2).
CNN_ARCHITECTURE: tuple[LayerSpec, ...] = (
    LayerSpec.conv2d(32, 3, "relu"),
    LayerSpec.max_pooling2d(2),
    LayerSpec.conv2d(64, 3, "relu"),
    LayerSpec.max_pooling2d(2),
    LayerSpec.flatten(),
    LayerSpec.dropout(0.5),
)


def _image_data(config: TrainConfig) -> TaskData:
    from core.data.loaders import load_dataset

    dataset = load_dataset(config.dataset, prefer_download=config.full_data)
    x_train, y_train, x_validation, y_validation = blocks.split_off_validation(
        dataset.x_train, dataset.y_train, config.validation_split, config.seed, limit=config.max_train_samples
    )
    height, width = IMAGE_DATASETS[config.dataset]
    return TaskData(
        x_train=blocks.scale_images(x_train),
        y_train=np.asarray(y_train, dtype=np.int64),
        x_validation=None if x_validation is None else blocks.scale_images(x_validation),
        y_validation=None if y_validation is None else np.asarray(y_validation, dtype=np.int64),
        x_test=blocks.scale_images(dataset.x_test),
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        input_shape=(height, width, 1),
        class_names=tuple(dataset.class_names),
        description=dataset.provenance.description,
        online=dataset.provenance.online,
        extras={"preprocessing": "pixels / 255 as float32, shape (height, width, 1)"},
    )


def _validate_image_config(config: TrainConfig) -> None:
    blocks.check_image_layers(config.architecture, IMAGE_DATASETS[config.dataset], config.dataset)


def _build_image_classifier(config: TrainConfig, data: TaskData):
    import keras

    plan = blocks.image_layer_plan(config.architecture)
    seeds = blocks.layer_seeds(config.seed, len(plan) + 1)
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="image")]
        + [blocks.make_layer(spec, seed, position) for position, (spec, seed) in enumerate(zip(plan, seeds), start=1)]
        + [blocks.classification_head(len(data.class_names), seeds[-1])],
        name="image_classifier",
    )
    return blocks.compile_classifier(model, config)


IMAGE_CLASSIFIER_TASK = Task(
    name="image_classifier",
    kind="classification",
    datasets=tuple(IMAGE_DATASETS),
    default_dataset="mnist",
    defaults={
        "architecture": COURSE_MLP_ARCHITECTURE,
        "optimizer": "adam",
        "learning_rate": 0.001,
        "batch_size": 64,
        "epochs": 10,
        "validation_split": 0.1,
    },
    options=frozenset({"max_train_samples"}),
    online_dataset=lambda config: config.dataset,
    load_data=_image_data,
    build_model=_build_image_classifier,
    evaluate=blocks.classification_metrics,
    validate=_validate_image_config,
    description="Handwritten digits or clothing images; the course's MLP by default, a small CNN as an option.",
)


# ---------------------------------------------------------------------------------------------------------------
# toy_2d: circles, XOR, two spirals, Gaussian blobs
# ---------------------------------------------------------------------------------------------------------------

TOY_DATASETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "circles": ("outer ring", "inner ring"),
        "xor": ("opposite signs", "same sign"),
        "spirals": ("spiral A", "spiral B"),
        "blobs": ("blob A", "blob B", "blob C"),
    }
)
BLOB_CENTERS = np.array([[-1.0, -0.6], [1.0, -0.6], [0.0, 1.0]])
BLOB_SPREAD = 0.25  # the clean blobs' own spread; noise adds to it
DECISION_GRID_SIZE = 60


def generate_toy_points(dataset: str, n_samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Points (n, 2) as float32 and integer labels, always the same for the same arguments (seed DATA_SEED).

    ``noise`` is the standard deviation of the Gaussian jitter added to the clean shapes (for the blobs, on top of
    their own spread).
    """
    from sklearn.datasets import make_blobs, make_circles

    rng = np.random.default_rng(DATA_SEED)
    if dataset == "circles":
        points, labels = make_circles(n_samples=n_samples, noise=noise, factor=0.5, random_state=DATA_SEED)
    elif dataset == "blobs":
        points, labels = make_blobs(
            n_samples=n_samples,
            centers=BLOB_CENTERS,
            cluster_std=math.hypot(BLOB_SPREAD, noise),
            random_state=DATA_SEED,
        )
    elif dataset == "xor":
        # Half the points in the same-sign quadrants (label 1), half in the others, so the classes are balanced.
        labels = np.arange(n_samples) % 2
        magnitudes = rng.uniform(0.05, 1.0, size=(n_samples, 2))
        first_sign = rng.choice([-1.0, 1.0], size=n_samples)
        second_sign = np.where(labels == 1, first_sign, -first_sign)
        clean = magnitudes * np.stack([first_sign, second_sign], axis=1)
        points = clean + rng.normal(0.0, noise, size=clean.shape)
    elif dataset == "spirals":
        labels = np.arange(n_samples) % 2
        # sqrt spreads the points evenly along the arms (there is more arm far from the center).
        turns = np.sqrt(rng.uniform(0.0, 1.0, size=n_samples)) * 3.0 * np.pi
        radius = turns / (3.0 * np.pi)
        angle = turns + labels * np.pi
        points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        points = points + rng.normal(0.0, noise, size=points.shape)
    else:
        raise ValueError(f"Unknown toy data set {dataset!r}; expected one of: {', '.join(TOY_DATASETS)}.")
    return np.asarray(points, dtype=np.float32), np.asarray(labels, dtype=np.int64)


def _toy_data(config: TrainConfig) -> TaskData:
    from sklearn.model_selection import train_test_split

    points, labels = generate_toy_points(config.dataset, config.n_samples, config.noise)
    x_rest, x_test, y_rest, y_test = train_test_split(
        points, labels, test_size=config.test_fraction, random_state=DATA_SEED, stratify=labels
    )
    x_train, y_train, x_validation, y_validation = blocks.split_off_validation(
        x_rest, y_rest, config.validation_split, config.seed
    )
    low = points.min(axis=0) - 0.25
    high = points.max(axis=0) + 0.25
    return TaskData(
        x_train=x_train,
        y_train=y_train,
        x_validation=x_validation,
        y_validation=y_validation,
        x_test=x_test,
        y_test=y_test,
        input_shape=(2,),
        class_names=TOY_DATASETS[config.dataset],
        description=(
            f"{config.dataset} toy set: {config.n_samples} generated points (noise {config.noise:g}, seed {DATA_SEED}),"
            f" {len(x_train)} train / {0 if x_validation is None else len(x_validation)} validation / "
            f"{len(x_test)} test."
        ),
        extras={"grid_low": tuple(float(v) for v in low), "grid_high": tuple(float(v) for v in high)},
    )


def _build_dense_classifier(config: TrainConfig, data: TaskData):
    import keras

    seeds = blocks.layer_seeds(config.seed, len(config.architecture) + 1)
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="point")]
        + [
            blocks.make_layer(spec, seed, position)
            for position, (spec, seed) in enumerate(zip(config.architecture, seeds), start=1)
        ]
        + [blocks.classification_head(len(data.class_names), seeds[-1])],
        name="toy_classifier",
    )
    return blocks.compile_classifier(model, config)


def decision_boundary(model, data: TaskData, size: int = DECISION_GRID_SIZE) -> dict[str, Any]:
    """The model's class probabilities on a size x size grid covering the data (read-only float32 arrays).

    ``probabilities[row, column, class]`` is at ``x = xs[column]``, ``y = ys[row]`` (rows go up in y).
    """
    low, high = data.extras["grid_low"], data.extras["grid_high"]
    xs = np.linspace(low[0], high[0], size, dtype=np.float32)
    ys = np.linspace(low[1], high[1], size, dtype=np.float32)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    probabilities = blocks.predict_in_chunks(model, points, chunk_size=size * size).reshape(size, size, -1)
    probabilities = probabilities.astype(np.float32)
    for array in (xs, ys, probabilities):
        array.flags.writeable = False
    return {"xs": xs, "ys": ys, "probabilities": probabilities}


TOY_2D_TASK = Task(
    name="toy_2d",
    kind="classification",
    datasets=tuple(TOY_DATASETS),
    default_dataset="circles",
    defaults={
        "architecture": (LayerSpec.dense(8, "relu"), LayerSpec.dense(8, "relu")),
        "optimizer": "adam",
        "learning_rate": 0.03,
        "batch_size": 16,
        "epochs": 40,
        "validation_split": 0.2,
        "noise": 0.1,
        "test_fraction": 0.2,
        "n_samples": 400,
    },
    options=frozenset({"noise", "test_fraction", "n_samples"}),
    load_data=_toy_data,
    build_model=_build_dense_classifier,
    evaluate=blocks.classification_metrics,
    validate=blocks.dense_layers_only,
    epoch_artifact=decision_boundary,
    description="Points in the plane: watch the decision boundary bend as the network learns.",
)


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [default_config("image_classifier", dataset="mnist"), default_config("toy_2d")]


# ---------------------------------------------------------------------------------------------------------------
# Reference numbers and the loss of one prediction (what the results section shows beside the scores)
# ---------------------------------------------------------------------------------------------------------------

#: Keras clips probabilities to [epsilon, 1 - epsilon] before taking the log (keras.config.epsilon()).
KERAS_EPSILON = 1e-7


@dataclass(frozen=True)
class ReferenceLevels:
    """What a classifier must beat on a test set: ``chance`` (a random guess among the classes, 1 / classes) and
    ``majority`` (always answering the test set's most common class, ``majority_class``, ``majority_count`` times
    right out of ``total``)."""

    chance: float
    majority: float
    majority_class: int
    majority_count: int
    total: int


def reference_levels(labels, n_classes: int) -> ReferenceLevels:
    """Chance level and majority-class level of a test set, computed from its labels."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    if n_classes < 1:
        raise ValueError(f"n_classes must be at least 1, got {n_classes}.")
    if not len(labels):
        raise ValueError("The test set has no labels.")
    counts = np.bincount(labels, minlength=n_classes)
    majority_class = int(counts.argmax())  # the lowest class number among ties
    return ReferenceLevels(
        chance=1.0 / n_classes,
        majority=float(counts[majority_class] / len(labels)),
        majority_class=majority_class,
        majority_count=int(counts[majority_class]),
        total=len(labels),
    )


def prediction_loss(probabilities, label: int) -> float:
    """The cross-entropy of one prediction: -ln p(true class), the probabilities clipped as Keras clips them.

    ``keras.losses.SparseCategoricalCrossentropy`` gives the mean of these over a batch: the training curve's loss."""
    probabilities = np.asarray(probabilities, dtype=np.float64).reshape(-1)
    if not 0 <= label < len(probabilities):
        raise ValueError(f"label must be a class number from 0 to {len(probabilities) - 1}, got {label}.")
    total = probabilities.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError("The probabilities must be finite and sum to more than 0.")
    p = float(np.clip(probabilities[label] / total, KERAS_EPSILON, 1.0 - KERAS_EPSILON))
    return -math.log(p)


def prediction_losses(probabilities, labels) -> np.ndarray:
    """:func:`prediction_loss` of every row: their mean is the loss Keras reports for these examples."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    rows = probabilities / probabilities.sum(axis=1, keepdims=True)
    chosen = np.clip(rows[np.arange(len(labels)), labels], KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    return -np.log(chosen)


@dataclass(frozen=True)
class EpochSelection:
    """Picking the epoch by a set's accuracy: ``best_epoch`` (1-based) with ``best`` on that set, ``last`` its
    accuracy after the final epoch."""

    best_epoch: int
    best: float
    last: float


def epoch_selection(history, metric: str = "val_accuracy") -> EpochSelection | None:
    """The best epoch by ``metric`` in a training history (None without that metric): what a course that watches
    its test set during training, and keeps the best epoch, would report as its test score."""
    values = [float(value) for value in (history or {}).get(metric, ())]
    if not values:
        return None
    best_index = int(np.argmax(values))
    return EpochSelection(best_epoch=best_index + 1, best=values[best_index], last=values[-1])


def accuracy_noise(accuracy: float, count: int) -> float:
    """The standard error of an accuracy measured on ``count`` examples: sqrt(p (1 - p) / n)."""
    if count < 1:
        raise ValueError("count must be at least 1.")
    return math.sqrt(max(accuracy * (1.0 - accuracy), 0.0) / count)


#: Measured by ``python -m bench.watched_test_set`` (the course's MLP on the built-in 4,000 training digits; the
#: 1,000 test digits split 500 times at random into a watched half and a fresh half): how many accuracy points the
#: watched half's score of the pick is above the fresh half's score of the same model. Picking the best epoch of
#: the course's run (10 candidates): +0.44; picking the best of 3 learning rates x 2 seeds x 10 epochs (60): +0.82.
WATCHED_TEST_SET_OPTIMISM: Mapping[str, float] = MappingProxyType(
    {"epochs": 10, "course_points": 0.44, "candidates": 60, "many_points": 0.82, "splits": 500}
)
