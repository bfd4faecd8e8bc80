"""Every task the app can train, by name, and the configs ``python -m core.prewarm`` trains ahead of a workshop.

A lesson module defines its :class:`~core.training.task.Task` objects and a ``prewarm_configs()`` function (its
page's defaults) as plain names; this module lists them. Nothing registers itself on
import: a new lesson's task is added to :data:`BUILT_IN_TASKS` and its defaults to :data:`PAGE_DEFAULTS`.

:class:`~core.training.config.TrainConfig` looks its task up here when it is built. Importing the registry imports
every lesson module, which is cheap (numpy only): Keras and TensorFlow are imported by the functions that build and
train models.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from core.lessons import draw, first_network, training, training_cifar
from core.lessons.gan import gan
from core.lessons.stocks import stock_lstm
from core.lessons.text import sentiment
from core.training.config import TrainConfig
from core.training.task import Task

BUILT_IN_TASKS: tuple[Task, ...] = (
    training.IMAGE_CLASSIFIER_TASK,
    training.TOY_2D_TASK,
    first_network.REGRESSION_TASK,
    first_network.LINEAR_IDENTITY_TASK,
    draw.DIGIT_CANVAS_TASK,
    sentiment.SENTIMENT_TASK,
    stock_lstm.STOCK_LSTM_TASK,
    gan.GAN_TASK,
    training_cifar.CIFAR10_TASK,  # download only: never prewarmed (no page default below)
)

#: Each page's default configs, in the order the prewarm trains them.
PAGE_DEFAULTS: tuple[Callable[[], list[TrainConfig]], ...] = (
    training.prewarm_configs,
    first_network.prewarm_configs,
    draw.prewarm_configs,
    sentiment.prewarm_configs,
    stock_lstm.prewarm_configs,
    gan.prewarm_configs,
)

_tasks: dict[str, Task] = {task.name: task for task in BUILT_IN_TASKS}
TASKS: Mapping[str, Task] = MappingProxyType(_tasks)


def get_task(name: str) -> Task:
    try:
        return _tasks[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown task {name!r}; expected one of: {', '.join(_tasks)}.") from None


def add_task(task: Task, replace: bool = False) -> Task:
    """Add a task that no lesson defines (a test's, an extension's); it is not prewarmed."""
    if task.name in _tasks and not replace:
        raise ValueError(f"A task named {task.name!r} already exists (pass replace=True to replace it).")
    _tasks[task.name] = task
    return task


def remove_task(name: str) -> None:
    """Take back a task added with :func:`add_task`; a built-in task that was replaced comes back."""
    built_in = {task.name: task for task in BUILT_IN_TASKS}
    if name in built_in:
        _tasks[name] = built_in[name]
    else:
        _tasks.pop(name, None)


def prewarm_configs() -> list[TrainConfig]:
    """The default config of every page that has one: what ``python -m core.prewarm`` trains ahead of a workshop."""
    configs: list[TrainConfig] = []
    for page_defaults in PAGE_DEFAULTS:
        configs.extend(config for config in page_defaults() if config not in configs)
    return configs
