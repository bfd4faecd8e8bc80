"""What a task is made of: the :class:`Task` a lesson defines (how its data is loaded, its model built and its
result measured) and the :class:`TaskData` arrays its model learns from. The tasks are listed in
:mod:`core.training.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from core.training.config import OPTIONAL_FIELDS, TASK_KINDS, TrainConfig


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
    :func:`core.training.blocks.make_fit_arguments` (x, y batches) does not fit, e.g. a GAN that trains on images alone.
    ``keep_artifacts``: store every epoch's artefact (JSON-ready) with the model, so a store hit brings back the
    whole series (a GAN's gallery), not only a picture recomputed from the final model.
    ``param_defaults``: the task's own settings and their defaults (``TrainConfig.params``).
    ``accepts_uploads``: the data set may also be ``upload-<sha256>``, a visitor's file kept by
    :mod:`core.data.uploads`.
    ``online_dataset(config)`` (optional): the :mod:`core.data` id of the data set the config learns from, where
    it has a download (see ``TrainConfig.full_data``).
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
