"""What a training config means: which data it trains on, which Keras model it builds, how the result is measured.

A page describes a training job with a :class:`TrainConfig`: a frozen, hashable value whose :attr:`TrainConfig.key`
(a sha256 of its canonical JSON and :data:`MODEL_CODE_VERSION`) names the job in the training engine and the model
in the model store. Every field a task does not set explicitly is filled in from that task's defaults when the
config is built, so ``TrainConfig(task="image_classifier", dataset="mnist")`` *is* the course's MLP and has the same
key as the same config written out in full.

The registry maps a task name to a :class:`Task`:

- ``"image_classifier"``: MNIST / Fashion-MNIST / scikit-learn's 8x8 digits. The default is the course's MLP
  (Flatten, Dense 128 relu, Dropout 0.5, Dense softmax); layers, units, activations and dropout are editable, and
  :data:`CNN_ARCHITECTURE` is a small convolutional network (keras-io's ``mnist_convnet``).
- ``"toy_2d"``: two-dimensional classification sets (circles, XOR, two spirals, Gaussian blobs) generated with a
  fixed seed, with a decision-boundary grid recorded after every epoch.
- ``"regression"``: Dense 64 relu -> 32 relu -> 1 on :func:`core.data.tables.load_regression`, features and target
  standardised with statistics of the training rows only; the stored model predicts in the data's own units.
- ``"linear_identity"``: a single Dense(1) unit learning y = x from the five points x = 1..5 with SGD.

Importing this module is cheap (numpy only): Keras and TensorFlow are imported by the functions that build and
train models, so a page can build configs and keys without waiting for TensorFlow.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

#: Bump whenever the code that builds, trains or evaluates a model changes what a config produces: every stored
#: model's key changes with it, so old models in the store are never served for the new code (LRU evicts them).
MODEL_CODE_VERSION = 1

#: The seed of every generated data set (toy_2d): the picture of the data does not change with the training seed.
DATA_SEED = 0

OPTIMIZERS: Mapping[str, str] = MappingProxyType(
    {
        "adam": "Adam",
        "sgd": "SGD",
        "rmsprop": "RMSprop",
        "adagrad": "Adagrad",
        "adamw": "AdamW",
        "nadam": "Nadam",
        "sgd_momentum": "SGD",
    }
)
#: Optimizers that are a Keras class with a fixed extra setting (the course's "SGD + momentum").
OPTIMIZER_OPTIONS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {"sgd_momentum": MappingProxyType({"momentum": 0.9})}
)
ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "selu", "gelu", "silu", "softplus", "leaky_relu", "linear")
LAYER_KINDS = ("dense", "dropout", "conv2d", "max_pooling2d", "flatten")

MAX_LAYERS = 10
MAX_UNITS = 1024
MAX_FILTERS = 256
MAX_KERNEL_SIZE = 7
MAX_POOL_SIZE = 4
MAX_DROPOUT_RATE = 0.9
MAX_PARAMETERS = 5_000_000
MAX_EPOCHS = 1000
MAX_BATCH_SIZE = 8192
MAX_LEARNING_RATE = 100.0
MAX_SEED = 2**31 - 1
MAX_VALIDATION_SPLIT = 0.5
TOY_MIN_SAMPLES, TOY_MAX_SAMPLES = 50, 5000
TOY_MAX_NOISE = 1.0
MIN_TEST_FRACTION, MAX_TEST_FRACTION = 0.05, 0.5

#: Fields that only some tasks use. A task lists the ones it accepts; any other must stay None.
OPTIONAL_FIELDS = ("noise", "test_fraction", "n_samples", "max_train_samples")

#: What a task can be: it decides how the engine summarises the test metrics and what a page draws.
TASK_KINDS = ("classification", "regression", "generative", "forecast")

#: A data set uploaded by a visitor is named after the sha256 of its bytes (see :mod:`core.data.uploads`).
UPLOAD_DATASET_PATTERN = re.compile(r"^upload-[0-9a-f]{16,64}$")
MAX_PARAMS = 32
MAX_PARAM_TEXT = 200


def _is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _check_integer(name: str, value: Any, low: int, high: int, hint: str = "") -> int:
    if not _is_integer(value) or not low <= int(value) <= high:
        raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}{hint}, got {value!r}.")
    return int(value)


def _check_fraction(name: str, value: Any, low: float, high: float, hint: str = "") -> float:
    if not _is_real(value) or not math.isfinite(float(value)) or not low <= float(value) <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}{hint}, got {value!r}.")
    return float(value)


# ---------------------------------------------------------------------------------------------------------------
# Layers and configs
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerSpec:
    """One hidden layer, as plain hashable values. Build them with the class methods::

        LayerSpec.dense(128, "relu"), LayerSpec.dropout(0.5), LayerSpec.conv2d(32, 3), LayerSpec.max_pooling2d(2)

    The input and the output layer are not listed: the task adds them (the output depends on the data).
    """

    kind: str
    units: int | None = None  # dense
    activation: str | None = None  # dense, conv2d
    rate: float | None = None  # dropout
    filters: int | None = None  # conv2d
    kernel_size: int | None = None  # conv2d
    pool_size: int | None = None  # max_pooling2d

    _FIELDS_BY_KIND = {
        "dense": ("units", "activation"),
        "dropout": ("rate",),
        "conv2d": ("filters", "kernel_size", "activation"),
        "max_pooling2d": ("pool_size",),
        "flatten": (),
    }

    def __post_init__(self) -> None:
        if self.kind not in LAYER_KINDS:
            raise ValueError(f"Unknown layer kind {self.kind!r}; expected one of: {', '.join(LAYER_KINDS)}.")
        wanted = self._FIELDS_BY_KIND[self.kind]
        for name in ("units", "activation", "rate", "filters", "kernel_size", "pool_size"):
            value = getattr(self, name)
            if name in wanted and value is None:
                raise ValueError(f"A {self.kind} layer needs {name}.")
            if name not in wanted and value is not None:
                raise ValueError(f"A {self.kind} layer has no {name} (got {name}={value!r}).")
        if self.units is not None:
            object.__setattr__(self, "units", _check_integer("units", self.units, 1, MAX_UNITS))
        if self.filters is not None:
            object.__setattr__(self, "filters", _check_integer("filters", self.filters, 1, MAX_FILTERS))
        if self.kernel_size is not None:
            object.__setattr__(self, "kernel_size", _check_integer("kernel_size", self.kernel_size, 1, MAX_KERNEL_SIZE))
        if self.pool_size is not None:
            object.__setattr__(self, "pool_size", _check_integer("pool_size", self.pool_size, 2, MAX_POOL_SIZE))
        if self.rate is not None:
            # A rate of 1 would drop every unit: nothing could learn.
            object.__setattr__(self, "rate", _check_fraction("The dropout rate", self.rate, 0.0, MAX_DROPOUT_RATE))
        if self.activation is not None:
            activation = str(self.activation).strip().lower() if isinstance(self.activation, str) else self.activation
            if activation not in ACTIVATIONS:
                raise ValueError(f"Unknown activation {self.activation!r}; expected one of: {', '.join(ACTIVATIONS)}.")
            object.__setattr__(self, "activation", activation)

    @classmethod
    def dense(cls, units: int, activation: str = "relu") -> LayerSpec:
        return cls("dense", units=units, activation=activation)

    @classmethod
    def dropout(cls, rate: float) -> LayerSpec:
        return cls("dropout", rate=rate)

    @classmethod
    def conv2d(cls, filters: int, kernel_size: int = 3, activation: str = "relu") -> LayerSpec:
        return cls("conv2d", filters=filters, kernel_size=kernel_size, activation=activation)

    @classmethod
    def max_pooling2d(cls, pool_size: int = 2) -> LayerSpec:
        return cls("max_pooling2d", pool_size=pool_size)

    @classmethod
    def flatten(cls) -> LayerSpec:
        return cls("flatten")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> LayerSpec:
        if isinstance(values, LayerSpec):
            return values
        if not isinstance(values, Mapping) or "kind" not in values:
            raise ValueError(f"A layer is a LayerSpec or a dict with a 'kind', got {values!r}.")
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"Unknown layer field(s) {sorted(unknown)} in {dict(values)!r}.")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) is not None}

    def describe(self) -> str:
        """How Keras would write it, e.g. ``Dense(128, relu)``."""
        if self.kind == "dense":
            return f"Dense({self.units}, {self.activation})"
        if self.kind == "dropout":
            return f"Dropout({self.rate:g})"
        if self.kind == "conv2d":
            return f"Conv2D({self.filters}, {self.kernel_size}x{self.kernel_size}, {self.activation})"
        if self.kind == "max_pooling2d":
            return f"MaxPooling2D({self.pool_size})"
        return "Flatten()"


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


def _as_architecture(value: Any) -> tuple[LayerSpec, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"architecture must be a list of layers (LayerSpec or dicts), got {value!r}.")
    layers = tuple(LayerSpec.from_dict(layer) for layer in value)
    if len(layers) > MAX_LAYERS:
        raise ValueError(f"At most {MAX_LAYERS} hidden layers are allowed here, got {len(layers)}.")
    return layers


def _check_params(task: Task, value: Any) -> tuple[tuple[str, Any], ...]:
    """A task's own settings (e.g. a forecast's window) as sorted ``(name, value)`` pairs of JSON scalars, the
    task's ``param_defaults`` filled in. Unknown names are refused; the task's ``validate`` checks the values."""
    if value is None:
        given: dict[str, Any] = {}
    elif isinstance(value, Mapping):
        given = dict(value)
    elif isinstance(value, (tuple, list)) and all(isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in value):
        given = {name: item for name, item in value}
    else:
        raise ValueError(f"params must be a dict of settings, got {value!r}.")
    unknown = sorted(str(name) for name in given if name not in task.param_defaults)
    if unknown:
        known = ", ".join(task.param_defaults) or "none"
        raise ValueError(f"The {task.name} task has no setting(s) {', '.join(unknown)} (it has: {known}).")
    merged = {**task.param_defaults, **given}
    if len(merged) > MAX_PARAMS:
        raise ValueError(f"At most {MAX_PARAMS} settings are allowed, got {len(merged)}.")
    checked = []
    for name, item in sorted(merged.items()):
        if isinstance(item, (bool, np.bool_)):
            item = bool(item)
        elif _is_integer(item):
            item = int(item)
        elif _is_real(item):
            item = float(item)
            if not math.isfinite(item):
                raise ValueError(f"The setting {name} must be a finite number, got {item!r}.")
        elif isinstance(item, str):
            if len(item) > MAX_PARAM_TEXT:
                raise ValueError(f"The setting {name} is too long (at most {MAX_PARAM_TEXT} characters).")
        elif item is not None:
            raise ValueError(f"The setting {name} must be a number, a word or true/false, got {item!r}.")
        checked.append((name, item))
    return tuple(checked)


@dataclass(frozen=True)
class TrainConfig:
    """A training job, frozen and hashable: equal configs are the same job and the same stored model.

    Leave a field as None to get the task's default (filled in at construction, so the filled config compares
    equal to one written out in full). ``noise``, ``test_fraction`` and ``n_samples`` belong to toy_2d,
    ``max_train_samples`` (train on the first N shuffled training rows) to image_classifier; other tasks reject
    them. ``validation_split`` holds out that fraction of the training rows (chosen with ``seed``) for the
    validation curves; the test set is always separate.

    ``full_data=True`` trains on the full downloadable data set (60,000 MNIST digits, Boston house prices, Yahoo's
    prices up to today) instead of the copy built into the app that every default learns from; only for data sets
    that have both (:func:`core.data.catalog.has_full_download`). It is an explicit choice, never made behind a
    visitor's back: a model of the built-in copy is what a fresh server has ready at once.
    """

    task: str
    dataset: str | None = None
    architecture: tuple[LayerSpec, ...] | None = None
    optimizer: str | None = None
    learning_rate: float | None = None
    batch_size: int | None = None
    epochs: int | None = None
    seed: int = 0
    validation_split: float | None = None
    noise: float | None = None
    test_fraction: float | None = None
    n_samples: int | None = None
    max_train_samples: int | None = None
    params: Mapping[str, Any] | tuple[tuple[str, Any], ...] | None = None
    full_data: bool = False

    def __post_init__(self) -> None:
        task = get_task(self.task)
        set_field = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 (frozen dataclass)

        dataset = task.default_dataset if self.dataset is None else self.dataset
        is_upload = task.accepts_uploads and isinstance(dataset, str) and bool(UPLOAD_DATASET_PATTERN.match(dataset))
        if not isinstance(dataset, str) or (dataset not in task.datasets and not is_upload):
            raise ValueError(
                f"The {task.name} task has no data set {dataset!r}; expected one of: {', '.join(task.datasets)}."
            )
        set_field("dataset", dataset)
        for name, default in task.defaults.items():
            if getattr(self, name) is None:
                set_field(name, default)
        for name in OPTIONAL_FIELDS:
            if name not in task.options and getattr(self, name) is not None:
                raise ValueError(f"{name} does not apply to the {task.name} task (leave it as None).")

        set_field("architecture", _as_architecture(self.architecture))
        optimizer = self.optimizer.strip().lower() if isinstance(self.optimizer, str) else self.optimizer
        if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
            raise ValueError(f"Unknown optimizer {self.optimizer!r}; expected one of: {', '.join(OPTIMIZERS)}.")
        set_field("optimizer", optimizer)
        if not _is_real(self.learning_rate) or not math.isfinite(float(self.learning_rate)):
            raise ValueError(f"The learning rate must be a finite number such as 0.001, got {self.learning_rate!r}.")
        if not 0.0 < float(self.learning_rate) <= MAX_LEARNING_RATE:
            raise ValueError(
                f"The learning rate must be above 0 and at most {MAX_LEARNING_RATE:g} (typical values are 0.0001 to "
                f"0.1), got {self.learning_rate!r}."
            )
        set_field("learning_rate", float(self.learning_rate))
        set_field("batch_size", _check_integer("batch_size", self.batch_size, 1, MAX_BATCH_SIZE, " (e.g. 32 or 64)"))
        set_field("epochs", _check_integer("epochs", self.epochs, 1, MAX_EPOCHS))
        set_field("seed", _check_integer("seed", self.seed, 0, MAX_SEED))
        set_field(
            "validation_split",
            _check_fraction("validation_split", self.validation_split, 0.0, MAX_VALIDATION_SPLIT, " (0 = none)"),
        )
        if self.noise is not None:
            set_field("noise", _check_fraction("noise", self.noise, 0.0, TOY_MAX_NOISE))
        if self.test_fraction is not None:
            set_field(
                "test_fraction",
                _check_fraction("test_fraction", self.test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION),
            )
        if self.n_samples is not None:
            set_field("n_samples", _check_integer("n_samples", self.n_samples, TOY_MIN_SAMPLES, TOY_MAX_SAMPLES))
        if self.max_train_samples is not None:
            set_field("max_train_samples", _check_integer("max_train_samples", self.max_train_samples, 10, 10**7))
        set_field("params", _check_params(task, self.params))
        if not isinstance(self.full_data, bool):
            raise ValueError(f"full_data must be true or false, got {self.full_data!r}.")
        if self.full_data and self.online_dataset is None:
            raise ValueError(f"The {task.name} task on {dataset} has no larger data set to download (full_data).")
        task.validate(self)

    # -- identity ------------------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (the architecture as a list of dicts, the params as a dict).

        ``params`` is left out when the task has none, so the keys of tasks without params did not change when
        params were introduced.
        """
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["architecture"] = [layer.to_dict() for layer in self.architecture]
        if self.params:
            values["params"] = dict(self.params)
        else:
            del values["params"]
        if not self.full_data:
            del values["full_data"]  # the keys of configs on the built-in data did not change when it was added
        return values

    @property
    def online_dataset(self) -> str | None:
        """The catalog id (:mod:`core.data.catalog`) of the data set whose full download this config could learn
        from, else None."""
        task = get_task(self.task)
        dataset_id = task.online_dataset(self) if task.online_dataset is not None else None
        if dataset_id is None:
            return None
        from core.data.catalog import has_full_download

        return dataset_id if has_full_download(dataset_id) else None

    def param(self, name: str) -> Any:
        """The value of one of the task's own settings (``config.param("window")``)."""
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(f"The {self.task} task has no setting {name!r}.")

    @property
    def params_dict(self) -> dict[str, Any]:
        return dict(self.params)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> TrainConfig:
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"Unknown config field(s): {', '.join(sorted(unknown))}.")
        return cls(**values)

    def canonical_json(self) -> str:
        """The exact text the key hashes: sorted keys, no spaces, floats as Python's shortest repr."""
        document = {"model_code_version": MODEL_CODE_VERSION, "config": self.to_dict()}
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)

    @property
    def key(self) -> str:
        """sha256 (hex) of :meth:`canonical_json`: the same in every process and on every machine."""
        cached = self.__dict__.get("_key")
        if cached is None:
            cached = hashlib.sha256(self.canonical_json().encode("ascii")).hexdigest()
            object.__setattr__(self, "_key", cached)
        return cached

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (validated again). ``params`` given here are merged into the current
        ones: ``config.replace(params={"window": 20})`` changes only the window."""
        if "params" in changes and changes["params"] is not None:
            changes["params"] = {**dict(self.params), **dict(changes["params"])}
        return dataclasses.replace(self, **changes)

    def describe(self) -> str:
        """One line for logs and the prewarm progress bar."""
        layers = ", ".join(layer.describe() for layer in self.architecture) or "no hidden layer"
        return (
            f"{self.task} on {self.dataset}: [{layers}], {self.optimizer} lr={self.learning_rate:g}, "
            f"batch {self.batch_size}, {self.epochs} epochs, seed {self.seed}"
        )

    def suggested_learning_rate(self) -> float:
        """A learning rate to try after the loss diverged: the task's default when lower, else a 100th."""
        default = get_task(self.task).defaults.get("learning_rate")
        if default is not None and default < self.learning_rate:
            return float(default)
        return self.learning_rate / 100.0


# ---------------------------------------------------------------------------------------------------------------
# What a task is made of
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskData:
    """Arrays ready for ``model.fit``: training rows, optional validation rows, test rows (held out until the end).

    ``extras`` holds what the task needs after training (e.g. the regression target's mean and standard deviation,
    the toy set's plotting range). ``description`` is the data set's provenance line for the page.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_validation: np.ndarray | None
    y_validation: np.ndarray | None
    x_test: np.ndarray
    y_test: np.ndarray
    input_shape: tuple[int, ...]
    class_names: tuple[str, ...]
    description: str
    online: bool = False
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def validation_data(self) -> tuple[np.ndarray, np.ndarray] | None:
        if self.x_validation is None or len(self.x_validation) == 0:
            return None
        return self.x_validation, self.y_validation


def _no_extra_checks(config: TrainConfig) -> None:
    return None


@dataclass(frozen=True)
class Task:
    """How one kind of training job works.

    ``load_data(config) -> TaskData``; ``build_model(config, data) -> compiled keras.Model``;
    ``finalize(model, data) -> keras.Model`` (optional: the model to keep, e.g. with the target's units restored);
    ``evaluate(model, data) -> dict`` of JSON-ready test metrics on the held-out rows;
    ``epoch_artifact(model, data)`` (optional): something for the page after every epoch, e.g. a decision boundary.
    ``fit_arguments(config, data) -> dict`` (optional): the arguments of ``model.fit`` when the default pipeline of
    :func:`make_fit_arguments` (x, y batches) does not fit, e.g. a GAN that trains on images alone.
    ``keep_artifacts``: store every epoch's artefact (JSON-ready) with the model, so a store hit brings back the
    whole series (a GAN's gallery), not only a picture recomputed from the final model.
    ``param_defaults``: the task's own settings and their defaults (``TrainConfig.params``).
    ``accepts_uploads``: the data set may also be ``upload-<sha256>``, a visitor's file kept by
    :mod:`core.data.uploads`.
    ``online_dataset(config)`` (optional): the :mod:`core.data.catalog` id of the data set the config learns from,
    where it has a download (see ``TrainConfig.full_data``).
    """

    name: str
    kind: str  # "classification" or "regression"
    datasets: tuple[str, ...]
    default_dataset: str
    defaults: Mapping[str, Any]
    options: frozenset[str]
    load_data: Callable[[TrainConfig], TaskData]
    build_model: Callable[[TrainConfig, TaskData], Any]
    evaluate: Callable[[Any, TaskData], dict]
    validate: Callable[[TrainConfig], None] = _no_extra_checks
    finalize: Callable[[Any, TaskData], Any] | None = None
    epoch_artifact: Callable[[Any, TaskData], Any] | None = None
    description: str = ""
    fit_arguments: Callable[[TrainConfig, TaskData], dict] | None = None
    keep_artifacts: bool = False
    param_defaults: Mapping[str, Any] = field(default_factory=dict)
    accepts_uploads: bool = False
    online_dataset: Callable[[TrainConfig], str | None] | None = None

    def __post_init__(self) -> None:
        if self.kind not in TASK_KINDS:
            raise ValueError(f"A task's kind is one of {', '.join(TASK_KINDS)}, got {self.kind!r}.")
        if self.default_dataset not in self.datasets:
            raise ValueError(f"The default data set {self.default_dataset!r} is not one of {self.datasets}.")
        unknown = set(self.options) - set(OPTIONAL_FIELDS)
        if unknown:
            raise ValueError(f"Unknown optional field(s) {sorted(unknown)}; expected some of {OPTIONAL_FIELDS}.")
        object.__setattr__(self, "defaults", MappingProxyType(dict(self.defaults)))
        object.__setattr__(self, "param_defaults", MappingProxyType(dict(self.param_defaults)))


_TASKS: dict[str, Task] = {}
TASKS: Mapping[str, Task] = MappingProxyType(_TASKS)


def register_task(task: Task, replace: bool = False) -> Task:
    """Add a task to the registry (later pages, e.g. a GAN, register their own)."""
    if task.name in _TASKS and not replace:
        raise ValueError(f"A task named {task.name!r} is already registered (pass replace=True to replace it).")
    _TASKS[task.name] = task
    return task


def get_task(name: str) -> Task:
    if isinstance(name, str) and name not in _TASKS:
        load_task_modules()  # a later page's task, not imported yet in this process
    try:
        return _TASKS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown task {name!r}; expected one of: {', '.join(_TASKS)}.") from None


def default_config(task: str, **overrides: Any) -> TrainConfig:
    """The task's default config, with some fields changed: ``default_config("toy_2d", dataset="xor")``."""
    return TrainConfig(task=task, **overrides)


#: Modules that register the later pages' tasks (and their prewarm configs) when they are imported.
TASK_MODULES = ("core.lessons.draw", "core.lessons.text", "core.lessons.stocks", "core.lessons.gan")
_PREWARM_FACTORIES: list[Callable[[], list[TrainConfig]]] = []


def register_prewarm(factory: Callable[[], list[TrainConfig]]) -> None:
    """Add the default configs of a page to what ``python -m core.prewarm`` trains (called by a task module)."""
    if factory not in _PREWARM_FACTORIES:
        _PREWARM_FACTORIES.append(factory)


def load_task_modules() -> None:
    """Import every module of :data:`TASK_MODULES` that exists, so that its tasks are registered."""
    import importlib
    import importlib.util

    for name in TASK_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def prewarm_configs() -> list[TrainConfig]:
    """The default config of every page that has one: what ``python -m core.prewarm`` trains ahead of a workshop."""
    load_task_modules()
    configs = [
        default_config("image_classifier", dataset="mnist"),
        default_config("toy_2d"),
        default_config("regression"),
        default_config("linear_identity"),
    ]
    for factory in _PREWARM_FACTORIES:
        configs.extend(config for config in factory() if config not in configs)
    return configs


# ---------------------------------------------------------------------------------------------------------------
# Shared helpers (Keras is imported inside: building a config must not import TensorFlow)
# ---------------------------------------------------------------------------------------------------------------


def make_optimizer(name: str, learning_rate: float):
    import keras

    return getattr(keras.optimizers, OPTIMIZERS[name])(learning_rate=learning_rate, **OPTIMIZER_OPTIONS.get(name, {}))


def _layer_seeds(seed: int, count: int) -> list[int]:
    # Every layer gets its own seed derived from the config's seed, so a model's initial weights and dropout masks
    # do not depend on what other threads drew from the global random state in the meantime.
    return [int(value) for value in np.random.default_rng(seed).integers(0, MAX_SEED, size=max(count, 1))]


def _make_layer(spec: LayerSpec, seed: int, position: int | None = None):
    """The Keras layer for ``spec``, named after its kind and position ("dense_1", "dropout_2", ...); without a
    position, Keras names it.

    Explicit names, because Keras' automatic ones come from a global counter: Streamlit calls
    ``keras.backend.clear_session()`` after script runs, and a reset in the middle of a build running in the engine's
    thread once gave one model two layers named "dense" (which fails).
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


def _split_off_validation(x: np.ndarray, y: np.ndarray, fraction: float, seed: int, limit: int | None = None):
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


def _classification_metrics(model, data: TaskData) -> dict[str, Any]:
    probabilities = predict_in_chunks(model, data.x_test).astype(np.float64)
    n_classes = probabilities.shape[1]
    labels = data.y_test.astype(np.int64)
    predictions = probabilities.argmax(axis=1)
    confusion = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(confusion, (labels, predictions), 1)
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


def _classification_head(config: TrainConfig, n_classes: int, seed: int):
    import keras
    from keras import layers

    return layers.Dense(
        n_classes,
        activation="softmax",
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
        name="class_probabilities",
    )


def _compile_classifier(model, config: TrainConfig):
    model.compile(
        optimizer=make_optimizer(config.optimizer, config.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


# ---------------------------------------------------------------------------------------------------------------
# image_classifier: MNIST, Fashion-MNIST, 8x8 digits
# ---------------------------------------------------------------------------------------------------------------

IMAGE_DATASETS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"mnist": (28, 28), "fashion_mnist": (28, 28), "digits": (8, 8)}
)


def scale_images(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, H, W) with values 0..255 -> float32 (N, H, W, 1) in 0..1: what the image models take."""
    images = np.asarray(images)
    if images.ndim == 2:
        images = images[np.newaxis]
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def _image_data(config: TrainConfig) -> TaskData:
    from core.data.loaders import load_dataset

    dataset = load_dataset(config.dataset, prefer_download=config.full_data)
    x_train, y_train, x_validation, y_validation = _split_off_validation(
        dataset.x_train, dataset.y_train, config.validation_split, config.seed, limit=config.max_train_samples
    )
    height, width = IMAGE_DATASETS[config.dataset]
    return TaskData(
        x_train=scale_images(x_train),
        y_train=np.asarray(y_train, dtype=np.int64),
        x_validation=None if x_validation is None else scale_images(x_validation),
        y_validation=None if y_validation is None else np.asarray(y_validation, dtype=np.int64),
        x_test=scale_images(dataset.x_test),
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        input_shape=(height, width, 1),
        class_names=tuple(dataset.class_names),
        description=dataset.provenance.description,
        online=dataset.provenance.online,
        extras={"preprocessing": "pixels / 255 as float32, shape (height, width, 1)"},
    )


def image_layer_plan(architecture: tuple[LayerSpec, ...]) -> list[LayerSpec]:
    """The hidden layers with a Flatten inserted where the image stops being 2-D (before the first Dense or
    Dropout after convolutions, or at the end). The generated Keras script (core/keras_script.py) uses it too."""
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


def _validate_image_config(config: TrainConfig) -> None:
    height, width = IMAGE_DATASETS[config.dataset]
    flat = False
    features = height * width
    channels = 1
    parameters = 0
    for position, spec in enumerate(config.architecture, start=1):
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
                    f"use fewer pooling layers for the {config.dataset} images."
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


def _build_image_classifier(config: TrainConfig, data: TaskData):
    import keras

    plan = image_layer_plan(config.architecture)
    seeds = _layer_seeds(config.seed, len(plan) + 1)
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="image")]
        + [_make_layer(spec, seed, position) for position, (spec, seed) in enumerate(zip(plan, seeds), start=1)]
        + [_classification_head(config, len(data.class_names), seeds[-1])],
        name="image_classifier",
    )
    return _compile_classifier(model, config)


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
_BLOB_CENTERS = np.array([[-1.0, -0.6], [1.0, -0.6], [0.0, 1.0]])
_BLOB_SPREAD = 0.25  # the clean blobs' own spread; noise adds to it
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
            centers=_BLOB_CENTERS,
            cluster_std=math.hypot(_BLOB_SPREAD, noise),
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
    x_train, y_train, x_validation, y_validation = _split_off_validation(
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


def _dense_only(config: TrainConfig) -> None:
    for position, spec in enumerate(config.architecture, start=1):
        if spec.kind not in ("dense", "dropout"):
            raise ValueError(
                f"Layer {position} ({spec.describe()}): the {config.task} task takes Dense and Dropout layers only."
            )


def _build_dense_classifier(config: TrainConfig, data: TaskData):
    import keras

    seeds = _layer_seeds(config.seed, len(config.architecture) + 1)
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="point")]
        + [
            _make_layer(spec, seed, position)
            for position, (spec, seed) in enumerate(zip(config.architecture, seeds), start=1)
        ]
        + [_classification_head(config, len(data.class_names), seeds[-1])],
        name="toy_classifier",
    )
    return _compile_classifier(model, config)


def decision_boundary(model, data: TaskData, size: int = DECISION_GRID_SIZE) -> dict[str, Any]:
    """The model's class probabilities on a size x size grid covering the data (read-only float32 arrays).

    ``probabilities[row, column, class]`` is at ``x = xs[column]``, ``y = ys[row]`` (rows go up in y).
    """
    low, high = data.extras["grid_low"], data.extras["grid_high"]
    xs = np.linspace(low[0], high[0], size, dtype=np.float32)
    ys = np.linspace(low[1], high[1], size, dtype=np.float32)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    probabilities = predict_in_chunks(model, points, chunk_size=size * size).reshape(size, size, -1)
    probabilities = probabilities.astype(np.float32)
    for array in (xs, ys, probabilities):
        array.flags.writeable = False
    return {"xs": xs, "ys": ys, "probabilities": probabilities}


# ---------------------------------------------------------------------------------------------------------------
# regression: house prices online, diabetes offline
# ---------------------------------------------------------------------------------------------------------------


def _regression_data(config: TrainConfig) -> TaskData:
    from core.data.tables import load_regression

    dataset = load_regression(prefer_download=config.full_data)
    x_train, y_train, x_validation, y_validation = _split_off_validation(
        dataset.x_train, dataset.y_train, config.validation_split, config.seed
    )
    # The target is standardised with the training rows' statistics only (the validation and test rows stay
    # unseen); the features are standardised inside the model by a Normalization layer adapted on the same rows.
    target_mean = float(np.mean(y_train))
    target_std = float(np.std(y_train)) or 1.0

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
            "baseline_prediction": target_mean,
        },
    )


def _build_regressor(config: TrainConfig, data: TaskData):
    import keras
    from keras import layers

    normalization = layers.Normalization(name="standardise_features")
    normalization.adapt(data.x_train)  # training rows only
    seeds = _layer_seeds(config.seed, len(config.architecture) + 1)
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="features"), normalization]
        + [
            _make_layer(spec, seed, position)
            for position, (spec, seed) in enumerate(zip(config.architecture, seeds), start=1)
        ]
        + [layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[-1]), name="prediction")],
        name="regressor",
    )
    model.compile(optimizer=make_optimizer(config.optimizer, config.learning_rate), loss="mse", metrics=["mae"])
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
    predictions = predict_in_chunks(model, data.x_test).reshape(-1).astype(np.float64)
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
        "history_units": "standardised target (z-scores of the training rows)",
    }


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
    model.compile(optimizer=make_optimizer(config.optimizer, config.learning_rate), loss="mse", metrics=["mae"])
    return model


def _identity_metrics(model, data: TaskData) -> dict[str, Any]:
    predictions = predict_in_chunks(model, data.x_test).reshape(-1).astype(np.float64)
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


# ---------------------------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------------------------

register_task(
    Task(
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
        evaluate=_classification_metrics,
        validate=_validate_image_config,
        description="Handwritten digits or clothing images; the course's MLP by default, a small CNN as an option.",
    )
)

register_task(
    Task(
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
        evaluate=_classification_metrics,
        validate=_dense_only,
        epoch_artifact=decision_boundary,
        description="Points in the plane: watch the decision boundary bend as the network learns.",
    )
)

register_task(
    Task(
        name="regression",
        kind="regression",
        datasets=("regression",),
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
        validate=_dense_only,
        description="Predict a number from a table (house prices online, diabetes progression offline).",
    )
)

register_task(
    Task(
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
)


def full_data_seconds(config: TrainConfig, built_in_seconds: float) -> float | None:
    """Roughly how long ``config`` would train on the full download, from how long it took on the built-in copy
    (the rows per epoch grow by the ratio of the two, up to ``max_train_samples``). None when there is no download."""
    from core.data.catalog import full_download_rows

    dataset_id = config.online_dataset
    rows = full_download_rows(dataset_id) if dataset_id is not None else None
    if rows is None or not math.isfinite(built_in_seconds) or built_in_seconds < 0:
        return None
    limit = config.max_train_samples or max(rows)
    full_rows, built_in_rows = (min(count, limit) for count in rows)
    return built_in_seconds * full_rows / max(1, built_in_rows)


def stored_data_is_stale(config: TrainConfig, metadata: Mapping[str, Any]) -> bool:
    """True when a model stored for the *full* data set (``full_data=True``) had to learn from the built-in copy
    (the download failed then) and the download is reachable now: the engine then trains it again. A model of the
    built-in data (every default) is never stale: learning from the download is the visitor's explicit choice."""
    dataset_id = config.online_dataset if config.full_data else None
    if dataset_id is None:
        return False
    if metadata.get("data", {}).get("online", True):
        return False
    from core.data import catalog, network

    if network.offline_forced():
        return False
    try:
        return catalog.dataset_status(dataset_id).active == "online"
    except Exception:  # noqa: BLE001 - a failed check keeps the stored model
        return False
