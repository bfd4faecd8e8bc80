"""The Keras building blocks the lessons' tasks share: optimizers, seeded layers, the validation split, the
arguments of ``model.fit``, a classifier's head and its test metrics, image scaling and the checks of an image
network's layers.

Keras and TensorFlow are imported inside the functions: building a config must not import TensorFlow.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core.training.config import MAX_PARAMETERS, MAX_SEED, OPTIMIZER_OPTIONS, OPTIMIZERS, LayerSpec, TrainConfig
from core.training.task import TaskData


def make_optimizer(name: str, learning_rate: float):
    import keras

    return getattr(keras.optimizers, OPTIMIZERS[name])(learning_rate=learning_rate, **OPTIMIZER_OPTIONS.get(name, {}))


def layer_seeds(seed: int, count: int) -> list[int]:
    """``count`` seeds (at least one) derived from a config's seed, one per layer: a model's initial weights and
    dropout masks then do not depend on what other threads drew from the global random state in the meantime."""
    return [int(value) for value in np.random.default_rng(seed).integers(0, MAX_SEED, size=max(count, 1))]


def make_layer(spec: LayerSpec, seed: int, position: int | None = None):
    """The Keras layer for ``spec``, named after its kind and position ("dense_1", "dropout_2", ...); without a
    position, Keras names it.

    Explicit names, because Keras' automatic ones come from a global counter that anything calling
    ``keras.backend.clear_session()`` resets (Streamlit does after every script run): a reset in the middle of a build
    once gave one model two layers named "dense" (which fails), when training still ran in the web process.
    """
    import keras
    from keras import layers

    name = None if position is None else f"{spec.kind}_{position}"
    if spec.kind == "dense":
        return layers.Dense(
            spec.units,
            activation=spec.activation,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
            name=name,
        )
    if spec.kind == "dropout":
        return layers.Dropout(spec.rate, seed=seed, name=name)
    if spec.kind == "conv2d":
        return layers.Conv2D(
            spec.filters,
            kernel_size=spec.kernel_size,
            padding="same",
            activation=spec.activation,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
            name=name,
        )
    if spec.kind == "max_pooling2d":
        return layers.MaxPooling2D(pool_size=spec.pool_size, name=name)
    return layers.Flatten(name=name)


def split_off_validation(x: np.ndarray, y: np.ndarray, fraction: float, seed: int, limit: int | None = None):
    """Shuffle the training rows with ``seed``, keep the first ``limit``, hold out ``fraction`` for validation."""
    order = np.random.default_rng(seed).permutation(len(x))
    if limit is not None:
        order = order[:limit]
    n_validation = int(round(len(order) * fraction))
    if fraction > 0 and n_validation == 0:
        n_validation = 1
    if n_validation >= len(order):
        raise ValueError(f"validation_split={fraction:g} leaves no training rows out of {len(order)}.")
    train_rows, validation_rows = order[n_validation:], order[:n_validation]
    if n_validation == 0:
        return x[train_rows], y[train_rows], None, None
    return x[train_rows], y[train_rows], x[validation_rows], y[validation_rows]


def predict_in_chunks(model, x: np.ndarray, chunk_size: int = 1024) -> np.ndarray:
    """The model's outputs for ``x`` as numpy, by direct calls in chunks (no ``predict`` graph to trace, bounded
    memory for convolutions)."""
    outputs = [
        np.asarray(model(x[start : start + chunk_size], training=False)) for start in range(0, len(x), chunk_size)
    ]
    return np.concatenate(outputs, axis=0) if outputs else np.zeros((0,), dtype=np.float32)


VALIDATION_BATCH_SIZE = 1024


def make_fit_arguments(config: TrainConfig, data: TaskData) -> dict[str, Any]:
    """The arguments of ``model.fit`` for this job: what the engine passes, and what a bench's "bare" run passes.

    The training rows become a ``tf.data`` pipeline that reshuffles them every epoch with a *stateless* shuffle
    seeded by ``(config.seed, epoch)``. Compared with handing numpy arrays to ``fit``, it is deterministic whatever
    other threads do to the global random state, and much cheaper per epoch on small data (Keras' array pipeline
    costs about 20 ms to set up per epoch: 300 epochs of five points took 7 s, now 0.4 s). ``steps_per_epoch``
    keeps one iterator across epochs; batches never straddle two epochs, exactly like ``fit(x, y, batch_size)``.
    """
    import tensorflow as tf

    n_rows = len(data.x_train)
    steps_per_epoch = -(-n_rows // config.batch_size)
    # tf.data runs on the CPU: keep the arrays there even when a GPU is present.
    with tf.device("/CPU:0"):
        features, targets = tf.constant(data.x_train), tf.constant(data.y_train)
    seed = tf.constant(config.seed, dtype=tf.int64)

    def one_epoch_of_batches(epoch):
        order = tf.random.experimental.stateless_shuffle(tf.range(n_rows, dtype=tf.int64), seed=tf.stack([seed, epoch]))
        return tf.data.Dataset.from_tensor_slices(order).batch(config.batch_size)

    training = (
        tf.data.Dataset.range(config.epochs)
        .flat_map(one_epoch_of_batches)
        .map(lambda rows: (tf.gather(features, rows), tf.gather(targets, rows)))
        .prefetch(2)
    )
    validation = None
    if data.validation_data is not None:
        validation = tf.data.Dataset.from_tensor_slices(data.validation_data).batch(VALIDATION_BATCH_SIZE)
    return {
        "x": training,
        "steps_per_epoch": steps_per_epoch,
        "epochs": config.epochs,
        "validation_data": validation,
        "shuffle": False,  # the pipeline shuffles
        "verbose": 0,
    }


def classification_metrics(model, data: TaskData) -> dict[str, Any]:
    """A classifier's test metrics on the held-out rows: accuracy, loss, the confusion matrix and per-class accuracy."""
    from sklearn.metrics import confusion_matrix

    probabilities = predict_in_chunks(model, data.x_test).astype(np.float64)
    n_classes = probabilities.shape[1]
    labels = data.y_test.astype(np.int64)
    predictions = probabilities.argmax(axis=1)
    confusion = confusion_matrix(labels, predictions, labels=np.arange(n_classes))
    picked = np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0)
    per_class_total = confusion.sum(axis=1)
    per_class_accuracy = np.divide(
        np.diag(confusion), per_class_total, out=np.zeros(n_classes), where=per_class_total > 0
    )
    return {
        "accuracy": float((predictions == labels).mean()),
        "loss": float(-np.log(picked).mean()),
        "n_test": int(len(labels)),
        "confusion_matrix": confusion.tolist(),  # rows: true class, columns: predicted class
        "per_class_accuracy": [float(value) for value in per_class_accuracy],
        "class_names": list(data.class_names),
    }


def classification_head(n_classes: int, seed: int):
    """The output layer of a classifier: one softmax unit per class."""
    import keras
    from keras import layers

    return layers.Dense(
        n_classes,
        activation="softmax",
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
        name="class_probabilities",
    )


def compile_classifier(model, config: TrainConfig):
    """Compile a classifier with the config's optimizer, sparse cross-entropy and accuracy."""
    model.compile(
        optimizer=make_optimizer(config.optimizer, config.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def scale_images(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, H, W) with values 0..255 -> float32 (N, H, W, 1) in 0..1: what the image models take."""
    images = np.asarray(images)
    if images.ndim == 2:
        images = images[np.newaxis]
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def image_layer_plan(architecture: tuple[LayerSpec, ...]) -> list[LayerSpec]:
    """The hidden layers with a Flatten inserted where the image stops being 2-D (before the first Dense or
    Dropout after convolutions, or at the end). The generated Keras script (:mod:`core.training.keras_script`)
    uses it too."""
    plan: list[LayerSpec] = []
    flat = False
    for spec in architecture:
        if spec.kind == "flatten":
            if not flat:
                plan.append(spec)
                flat = True
            continue
        if spec.kind in ("dense", "dropout") and not flat:
            plan.append(LayerSpec.flatten())
            flat = True
        plan.append(spec)
    if not flat:
        plan.append(LayerSpec.flatten())
    return plan


def check_image_layers(architecture: tuple[LayerSpec, ...], image_size: tuple[int, int], dataset: str) -> None:
    """Refuse hidden layers that cannot work on ``dataset``'s images of ``image_size`` (height, width): a
    convolution after the image was flattened, more pooling than the image has pixels, or a network (with a
    ten-class output) of more than :data:`~core.training.config.MAX_PARAMETERS` weights."""
    height, width = image_size
    flat = False
    features = height * width
    channels = 1
    parameters = 0
    for position, spec in enumerate(architecture, start=1):
        if spec.kind in ("conv2d", "max_pooling2d") and flat:
            raise ValueError(
                f"Layer {position} ({spec.describe()}) works on images, but an earlier Flatten or Dense layer already "
                "turned the image into a flat vector: put convolution and pooling layers first."
            )
        if spec.kind == "conv2d":
            parameters += (spec.kernel_size**2 * channels + 1) * spec.filters
            channels = spec.filters
        elif spec.kind == "max_pooling2d":
            if height < spec.pool_size or width < spec.pool_size:
                raise ValueError(
                    f"Layer {position} ({spec.describe()}) cannot pool a {height}x{width} image: "
                    f"use fewer pooling layers for the {dataset} images."
                )
            height, width = height // spec.pool_size, width // spec.pool_size
        elif spec.kind in ("dense", "dropout", "flatten"):
            if not flat:
                features = height * width * channels
                flat = True
            if spec.kind == "dense":
                parameters += (features + 1) * spec.units
                features = spec.units
    if not flat:
        features = height * width * channels
    parameters += (features + 1) * 10
    if parameters > MAX_PARAMETERS:
        raise ValueError(
            f"This network would have about {parameters:,} weights; the limit here is {MAX_PARAMETERS:,}. "
            "Use fewer units or filters, or add a pooling layer before the Dense layers."
        )


def dense_layers_only(config: TrainConfig) -> None:
    """The check of tasks whose inputs are a flat vector: Dense and Dropout layers only."""
    for position, spec in enumerate(config.architecture, start=1):
        if spec.kind not in ("dense", "dropout"):
            raise ValueError(
                f"Layer {position} ({spec.describe()}): the {config.task} task takes Dense and Dropout layers only."
            )
