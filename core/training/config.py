"""What a training config is: the limits every setting is checked against, the layers, and :class:`TrainConfig`.

A page describes a training job with a :class:`TrainConfig`: a frozen, hashable value whose :attr:`TrainConfig.key`
(a sha256 of its canonical JSON and :data:`MODEL_CODE_VERSION`) names the job in the training engine and the model
in the model store. Every field a task does not set explicitly is filled in from that task's defaults when the
config is built, so ``TrainConfig(task="image_classifier", dataset="mnist")`` *is* the course's MLP and has the same
key as the same config written out in full. The tasks themselves are listed in :mod:`core.training.registry`.

Importing this module is cheap (numpy only): Keras and TensorFlow are imported by the functions that build and
train models, so a page can build configs and keys without waiting for TensorFlow.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from core.training.task import Task

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


def is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def check_integer(name: str, value: Any, low: int, high: int, hint: str = "") -> int:
    if not is_integer(value) or not low <= int(value) <= high:
        raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}{hint}, got {value!r}.")
    return int(value)


def check_fraction(name: str, value: Any, low: float, high: float, hint: str = "") -> float:
    if not is_real(value) or not math.isfinite(float(value)) or not low <= float(value) <= high:
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
            object.__setattr__(self, "units", check_integer("units", self.units, 1, MAX_UNITS))
        if self.filters is not None:
            object.__setattr__(self, "filters", check_integer("filters", self.filters, 1, MAX_FILTERS))
        if self.kernel_size is not None:
            object.__setattr__(self, "kernel_size", check_integer("kernel_size", self.kernel_size, 1, MAX_KERNEL_SIZE))
        if self.pool_size is not None:
            object.__setattr__(self, "pool_size", check_integer("pool_size", self.pool_size, 2, MAX_POOL_SIZE))
        if self.rate is not None:
            # A rate of 1 would drop every unit: nothing could learn.
            object.__setattr__(self, "rate", check_fraction("The dropout rate", self.rate, 0.0, MAX_DROPOUT_RATE))
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
        elif is_integer(item):
            item = int(item)
        elif is_real(item):
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
    that have both (:func:`core.data.has_full_download`). It is an explicit choice, never made behind a visitor's
    back: a model of the built-in copy is what a fresh server has ready at once.
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
        task = _task_named(self.task)
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
        if not is_real(self.learning_rate) or not math.isfinite(float(self.learning_rate)):
            raise ValueError(f"The learning rate must be a finite number such as 0.001, got {self.learning_rate!r}.")
        if not 0.0 < float(self.learning_rate) <= MAX_LEARNING_RATE:
            raise ValueError(
                f"The learning rate must be above 0 and at most {MAX_LEARNING_RATE:g} (typical values are 0.0001 to "
                f"0.1), got {self.learning_rate!r}."
            )
        set_field("learning_rate", float(self.learning_rate))
        set_field("batch_size", check_integer("batch_size", self.batch_size, 1, MAX_BATCH_SIZE, " (e.g. 32 or 64)"))
        set_field("epochs", check_integer("epochs", self.epochs, 1, MAX_EPOCHS))
        set_field("seed", check_integer("seed", self.seed, 0, MAX_SEED))
        set_field(
            "validation_split",
            check_fraction("validation_split", self.validation_split, 0.0, MAX_VALIDATION_SPLIT, " (0 = none)"),
        )
        if self.noise is not None:
            set_field("noise", check_fraction("noise", self.noise, 0.0, TOY_MAX_NOISE))
        if self.test_fraction is not None:
            set_field(
                "test_fraction",
                check_fraction("test_fraction", self.test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION),
            )
        if self.n_samples is not None:
            set_field("n_samples", check_integer("n_samples", self.n_samples, TOY_MIN_SAMPLES, TOY_MAX_SAMPLES))
        if self.max_train_samples is not None:
            set_field("max_train_samples", check_integer("max_train_samples", self.max_train_samples, 10, 10**7))
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
        task = _task_named(self.task)
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
        default = _task_named(self.task).defaults.get("learning_rate")
        if default is not None and default < self.learning_rate:
            return float(default)
        return self.learning_rate / 100.0


def default_config(task: str, **overrides: Any) -> TrainConfig:
    """The task's default config, with some fields changed: ``default_config("toy_2d", dataset="xor")``."""
    return TrainConfig(task=task, **overrides)


def _task_named(name: Any) -> Task:
    # The registry imports every lesson, and the lessons import this module: it is looked up when a config is built.
    from core.training import registry

    return registry.get_task(name)


# ---------------------------------------------------------------------------------------------------------------
# The full download of a config's data set
# ---------------------------------------------------------------------------------------------------------------


def full_data_seconds(config: TrainConfig, built_in_seconds: float) -> float | None:
    """Roughly how long ``config`` would train on the full download, from how long it took on the built-in copy
    (the rows per epoch grow by the ratio of the two, up to ``max_train_samples``). None when there is no download."""

    dataset_id = config.online_dataset
    from core.data.catalog import full_download_rows

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
