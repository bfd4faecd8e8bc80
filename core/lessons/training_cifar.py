"""The /training lesson's CIFAR-10 task: small colour photos in ten classes, learnt by a convolutional network.

CIFAR-10 has no copy that ships inside a package, so this task only trains where the download can be had (or is
already in Keras' cache): :func:`core.data.images.load_cifar10` reads the real 50,000 + 10,000 photos. It is never
prewarmed or bundled.

Two networks, chosen by the task's ``network`` setting:

- ``"course_cnn"``: the course's PyTorch CIFAR-10 project in Keras: Conv 6@5x5 -> pool -> Conv 16@5x5 -> pool ->
  Dense 120 -> 84 -> 10, ReLU, "valid" convolutions (32 -> 28 -> 14 -> 10 -> 5, so 16 x 5 x 5 = 400 features reach
  the first Dense layer), 62,006 weights. The course trains it with SGD (learning rate 0.001, momentum 0.9),
  batch 64, 10 epochs: :func:`course_config`.
- ``"app_cnn"`` (the default): three blocks of a 3x3 convolution, batch normalisation and ReLU, each followed by a
  2x2 max-pool (32 -> 64 -> 128 filters), then dropout and the ten-class output, trained with Adam. Batch
  normalisation keeps every layer's inputs on one scale, so Adam can take larger steps; dropout fights the
  overfitting that more filters bring.

Both start with the same preprocessing, inside the model: pixels 0..255 -> [-1, 1] (``x / 127.5 - 1``), what the
course's ``Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))`` does after ``ToTensor()``. Keeping it in the model keeps the
training photos as uint8 in memory (150 MB for the 50,000, not 600 MB of float32) and makes a downloaded model take
raw pixels.

The layer plans are plain data (:data:`NETWORKS`): the page shows them, with each layer's output shape and weights
(:func:`layer_table`), without importing TensorFlow; a unit test checks the numbers against Keras.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from core.training import blocks
from core.training.config import TrainConfig, default_config
from core.training.task import Task, TaskData

TASK_NAME = "cifar10_classifier"
DATASET = "cifar10"
IMAGE_SHAPE = (32, 32, 3)
N_CLASSES = 10
CHANCE_ACCURACY = 1.0 / N_CLASSES  # ten balanced classes: a guess is right one time in ten


@dataclass(frozen=True)
class CifarLayer:
    """One layer of a CIFAR-10 network, as plain values.

    ``kind``: "conv" (``size`` filters of ``kernel`` x ``kernel``, ``padding`` "valid" or "same", optional
    ``activation``; no bias when batch normalisation follows), "batch_norm", "relu", "pool" (``size`` x ``size``
    max-pooling), "flatten", "dropout" (``rate``), "dense" (``size`` units, ``activation``).
    """

    kind: str
    size: int = 0
    kernel: int = 0
    padding: str = "valid"
    activation: str | None = None
    rate: float = 0.0
    bias: bool = True

    def describe(self) -> str:
        """How Keras writes it, e.g. ``Conv2D(6, 5x5, relu)``."""
        if self.kind == "conv":
            parts = (self.activation, "same" if self.padding == "same" else None)
            extras = "".join(f", {part}" for part in parts if part)
            return f"Conv2D({self.size}, {self.kernel}x{self.kernel}{extras})"
        if self.kind == "pool":
            return f"MaxPooling2D({self.size})"
        if self.kind == "dense":
            return f"Dense({self.size}, {self.activation})"
        if self.kind == "dropout":
            return f"Dropout({self.rate:g})"
        return {"batch_norm": "BatchNormalization()", "relu": "ReLU()", "flatten": "Flatten()"}[self.kind]


def _conv(filters: int, kernel: int, activation: str | None = "relu", padding: str = "valid", bias: bool = True):
    return CifarLayer("conv", size=filters, kernel=kernel, padding=padding, activation=activation, bias=bias)


def _conv_block(filters: int) -> tuple[CifarLayer, ...]:
    return (
        _conv(filters, 3, activation=None, padding="same", bias=False),
        CifarLayer("batch_norm"),
        CifarLayer("relu"),
        CifarLayer("pool", size=2),
    )


#: The course's CNN (its PyTorch ``Net``): conv1 (3 -> 6, 5x5), pool, conv2 (6 -> 16, 5x5), pool, fc1 400 -> 120,
#: fc2 120 -> 84, fc3 84 -> 10 (the output layer, added by the task).
COURSE_CNN: tuple[CifarLayer, ...] = (
    _conv(6, 5),
    CifarLayer("pool", size=2),
    _conv(16, 5),
    CifarLayer("pool", size=2),
    CifarLayer("flatten"),
    CifarLayer("dense", size=120, activation="relu"),
    CifarLayer("dense", size=84, activation="relu"),
)

#: The app's CNN: three conv + batch norm + ReLU + pool blocks, dropout, then the output layer.
APP_CNN: tuple[CifarLayer, ...] = (
    *_conv_block(32),
    *_conv_block(64),
    *_conv_block(128),
    CifarLayer("flatten"),
    CifarLayer("dropout", rate=0.3),
)

NETWORKS: Mapping[str, tuple[CifarLayer, ...]] = MappingProxyType({"app_cnn": APP_CNN, "course_cnn": COURSE_CNN})
OUTPUT_LAYER = CifarLayer("dense", size=N_CLASSES, activation="softmax")

#: The course's training settings for its CNN (the course's SGD with momentum 0.9 is the engine's "sgd_momentum").
COURSE_SETTINGS: Mapping[str, object] = MappingProxyType(
    {"network": "course_cnn", "optimizer": "sgd_momentum", "learning_rate": 0.001, "batch_size": 64, "epochs": 10}
)
APP_SETTINGS: Mapping[str, object] = MappingProxyType(
    {"network": "app_cnn", "optimizer": "adam", "learning_rate": 0.001, "batch_size": 64, "epochs": 10}
)


# ---------------------------------------------------------------------------------------------------------------
# The layer plan, computed without Keras
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerRow:
    """One row of a network's table: the layer as Keras writes it, its output shape, its weights (trainable or
    not: batch normalisation's running mean and variance count, as in ``model.count_params()``)."""

    layer: str
    output_shape: tuple[int, ...]
    parameters: int


def layer_table(network: str) -> list[LayerRow]:
    """Every layer of ``network`` (the output layer included) with its output shape and its number of weights."""
    if network not in NETWORKS:
        raise ValueError(f"Unknown CIFAR-10 network {network!r}; expected one of: {', '.join(NETWORKS)}.")
    height, width, channels = IMAGE_SHAPE
    features: int | None = None  # set once the image is flattened
    rows = [LayerRow("Rescaling(1/127.5, offset=-1)", IMAGE_SHAPE, 0)]
    for layer in (*NETWORKS[network], OUTPUT_LAYER):
        parameters = 0
        if layer.kind == "conv":
            parameters = layer.kernel * layer.kernel * channels * layer.size + (layer.size if layer.bias else 0)
            if layer.padding == "valid":
                height, width = height - layer.kernel + 1, width - layer.kernel + 1
            channels = layer.size
        elif layer.kind == "batch_norm":
            parameters = 4 * channels  # gamma, beta (trained), moving mean, moving variance
        elif layer.kind == "pool":
            height, width = height // layer.size, width // layer.size
        elif layer.kind == "flatten":
            features = height * width * channels
        elif layer.kind == "dense":
            parameters = ((features or 0) + 1) * layer.size
            features = layer.size
        shape = (height, width, channels) if features is None else (features,)
        rows.append(LayerRow(layer.describe(), shape, parameters))
    return rows


def parameter_count(network: str) -> int:
    return sum(row.parameters for row in layer_table(network))


# ---------------------------------------------------------------------------------------------------------------
# The task
# ---------------------------------------------------------------------------------------------------------------


def _cifar_data(config: TrainConfig) -> TaskData:
    from core.data.loaders import load_dataset

    dataset = load_dataset(DATASET)
    x_train, y_train, x_validation, y_validation = blocks.split_off_validation(
        dataset.x_train, dataset.y_train, config.validation_split, config.seed, limit=config.max_train_samples
    )
    return TaskData(
        x_train=np.ascontiguousarray(x_train, dtype=np.uint8),
        y_train=np.asarray(y_train, dtype=np.int64),
        x_validation=None if x_validation is None else np.ascontiguousarray(x_validation, dtype=np.uint8),
        y_validation=None if y_validation is None else np.asarray(y_validation, dtype=np.int64),
        x_test=np.asarray(dataset.x_test, dtype=np.uint8),
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        input_shape=IMAGE_SHAPE,
        class_names=tuple(dataset.class_names),
        description=dataset.provenance.description,
        online=dataset.provenance.online,
        extras={"preprocessing": "uint8 pixels (32, 32, 3); the model scales them to [-1, 1] (x / 127.5 - 1)"},
    )


def _make_layer(layer: CifarLayer, seed: int, name: str):
    import keras
    from keras import layers

    if layer.kind == "conv":
        return layers.Conv2D(
            layer.size,
            kernel_size=layer.kernel,
            padding=layer.padding,
            activation=layer.activation,
            use_bias=layer.bias,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
            name=name,
        )
    if layer.kind == "dense":
        return layers.Dense(
            layer.size,
            activation=layer.activation,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
            name=name,
        )
    if layer.kind == "batch_norm":
        return layers.BatchNormalization(name=name)
    if layer.kind == "relu":
        return layers.ReLU(name=name)
    if layer.kind == "pool":
        return layers.MaxPooling2D(pool_size=layer.size, name=name)
    if layer.kind == "dropout":
        return layers.Dropout(layer.rate, seed=seed, name=name)
    return layers.Flatten(name=name)


def build_network(network: str, seed: int = 0):
    """The uncompiled Keras model of ``network`` (layers named after their kind and position, seeded weights)."""
    import keras
    from keras import layers

    plan = (*NETWORKS[network], OUTPUT_LAYER)
    seeds = blocks.layer_seeds(seed, len(plan))
    hidden = [
        _make_layer(layer, layer_seed, f"{layer.kind}_{position}")
        for position, (layer, layer_seed) in enumerate(zip(plan[:-1], seeds), start=1)
    ]
    return keras.Sequential(
        [
            keras.Input(shape=IMAGE_SHAPE, name="photo"),
            layers.Rescaling(1.0 / 127.5, offset=-1.0, name="to_minus_one_one"),
            *hidden,
            blocks.classification_head(N_CLASSES, seeds[-1]),
        ],
        name=network,
    )


def _build_cifar_classifier(config: TrainConfig, data: TaskData):
    return blocks.compile_classifier(build_network(config.param("network"), config.seed), config)


def _validate_cifar_config(config: TrainConfig) -> None:
    network = config.param("network")
    if network not in NETWORKS:
        raise ValueError(f"Unknown CIFAR-10 network {network!r}; expected one of: {', '.join(NETWORKS)}.")
    if config.architecture:
        raise ValueError("The CIFAR-10 task's layers are chosen by its network setting; leave architecture empty.")


CIFAR10_TASK = Task(
    name=TASK_NAME,
    kind="classification",
    datasets=(DATASET,),
    default_dataset=DATASET,
    defaults={
        "architecture": (),
        "optimizer": APP_SETTINGS["optimizer"],
        "learning_rate": APP_SETTINGS["learning_rate"],
        "batch_size": APP_SETTINGS["batch_size"],
        "epochs": APP_SETTINGS["epochs"],
        "validation_split": 0.1,
    },
    options=frozenset({"max_train_samples"}),
    param_defaults={"network": APP_SETTINGS["network"]},
    load_data=_cifar_data,
    build_model=_build_cifar_classifier,
    evaluate=blocks.classification_metrics,
    validate=_validate_cifar_config,
    description="CIFAR-10 colour photos (download only): the course's CNN or the app's CNN with batch norm.",
)


def course_config(**overrides) -> TrainConfig:
    """The course's CIFAR-10 training: its CNN, SGD with momentum 0.9 at 0.001, batch 64, 10 epochs."""
    settings = dict(COURSE_SETTINGS)
    network = settings.pop("network")
    return default_config(TASK_NAME, params={"network": network}, **{**settings, **overrides})


def app_config(**overrides) -> TrainConfig:
    """The app's CIFAR-10 training: its CNN with batch normalisation and dropout, Adam at 0.001."""
    return default_config(TASK_NAME, **overrides)


# ---------------------------------------------------------------------------------------------------------------
# The standalone Keras script of a CIFAR-10 config (what the page shows under its results)
# ---------------------------------------------------------------------------------------------------------------

_SCRIPT_OPTIMIZERS = {
    "adam": "keras.optimizers.Adam(learning_rate={rate})",
    "sgd": "keras.optimizers.SGD(learning_rate={rate})",
    "sgd_momentum": "keras.optimizers.SGD(learning_rate={rate}, momentum=0.9)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate={rate})",
    "adagrad": "keras.optimizers.Adagrad(learning_rate={rate})",
    "adamw": "keras.optimizers.AdamW(learning_rate={rate})",
    "nadam": "keras.optimizers.Nadam(learning_rate={rate})",
}


def _layer_code(layer: CifarLayer) -> str:
    if layer.kind == "conv":
        options = "" if layer.padding == "valid" else f', padding="{layer.padding}"'
        options += "" if layer.bias else ", use_bias=False"
        options += f', activation="{layer.activation}"' if layer.activation else ""
        return f"layers.Conv2D({layer.size}, {layer.kernel}{options})"
    if layer.kind == "dense":
        return f'layers.Dense({layer.size}, activation="{layer.activation}")'
    if layer.kind == "pool":
        return f"layers.MaxPooling2D({layer.size})"
    if layer.kind == "dropout":
        return f"layers.Dropout({layer.rate:g})"
    return {"batch_norm": "layers.BatchNormalization()", "relu": "layers.ReLU()", "flatten": "layers.Flatten()"}[
        layer.kind
    ]


_SCRIPT_TEMPLATE = '''"""CIFAR-10 with {network_text}: the same data, network and settings as the training on screen.

QUICK_RUN=1 trains on 500 photos for one epoch (a check that it runs); without it, the full training.
"""

import os
import pickle
from pathlib import Path

import keras
import numpy as np
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
FOLDER = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets" / "{folder}"


class BatchUnpickler(pickle.Unpickler):
    """The batches are pickles: let numpy arrays through and nothing else."""

    def find_class(self, module, name):
        if name in ("_reconstruct", "ndarray", "dtype") and module.startswith("numpy"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{{module}}.{{name}} is not part of a CIFAR-10 batch")


def read_batch(name):
    """One batch: rows of 3,072 bytes (red, green, blue planes) -> photos (N, 32, 32, 3), labels (N,)."""
    with open(FOLDER / name, "rb") as file:
        batch = BatchUnpickler(file, encoding="bytes").load()
    photos = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return photos, np.asarray(batch[b"labels"], dtype=np.int64)


if not (FOLDER / "test_batch").is_file():
    keras.utils.get_file("cifar-10-batches-py-target", origin=URL, extract=True, file_hash=SHA256)
train_parts = [read_batch(f"data_batch_{{number}}") for number in range(1, 6)]
x_train = np.concatenate([photos for photos, _ in train_parts])
y_train = np.concatenate([labels for _, labels in train_parts])
x_test, y_test = read_batch("test_batch")

# The app shuffles the training photos with the seed, keeps {limit_text}, holds out {validation:g} for validation.
order = np.random.default_rng({seed}).permutation(len(x_train)){limit_code}
n_validation = int(round(len(order) * {validation}))
x_validation, y_validation = x_train[order[:n_validation]], y_train[order[:n_validation]]
x_train, y_train = x_train[order[n_validation:]], y_train[order[n_validation:]]
epochs = {epochs}
if QUICK_RUN:
    x_train, y_train, x_validation, y_validation = x_train[:500], y_train[:500], x_validation[:100], y_validation[:100]
    epochs = 1

keras.utils.set_random_seed({seed})
model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Rescaling(1 / 127.5, offset=-1),  # pixels 0..255 -> [-1, 1]
{layer_lines}
        layers.Dense(10, activation="softmax"),
    ],
    name="{network}",
)
model.summary()
model.compile(
    optimizer={optimizer},
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
validation_data = (x_validation, y_validation) if len(x_validation) else None
model.fit(x_train, y_train, batch_size={batch_size}, epochs=epochs, validation_data=validation_data, verbose=2)

test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"Test accuracy: {{test_accuracy:.4f}} (chance: 0.1000)")
'''


def keras_script(config: TrainConfig) -> str:
    """A standalone Keras script that trains ``config`` as the engine does (same data, layers, optimizer, batch,
    epochs and validation split; the same seed, though not bit for bit the same shuffling)."""
    if config.task != TASK_NAME:
        raise ValueError(f"keras_script takes a {TASK_NAME} config, got the {config.task} task.")
    network = config.param("network")
    limit = config.max_train_samples
    return _SCRIPT_TEMPLATE.format(
        network=network,
        network_text="the course's CNN" if network == "course_cnn" else "the app's CNN",
        folder="cifar-10-batches-py-target/cifar-10-batches-py",
        limit_text="all of them" if limit is None else f"the first {limit:,}",
        limit_code="" if limit is None else f"[:{limit}]",
        validation=config.validation_split,
        seed=config.seed,
        epochs=config.epochs,
        layer_lines="\n".join(f"        {_layer_code(layer)}," for layer in NETWORKS[network]),
        optimizer=_SCRIPT_OPTIMIZERS[config.optimizer].format(rate=repr(config.learning_rate)),
        batch_size=config.batch_size,
    )
