"""What the training page's sections share: the toy data sets (one copy per process) and class names in the
session's language."""

from __future__ import annotations

import re

import streamlit as st

from core.training import registry
from core.training.config import TrainConfig
from dashboard.course import seeded
from dashboard.i18n import t


@st.cache_resource(max_entries=32, show_spinner=False)
def toy_data(config_key: str, _config: TrainConfig):
    """The toy set exactly as the engine splits it (train / validation / test), keyed by the config's hash."""
    return registry.get_task("toy_2d").load_data(_config)


def class_key(class_name: str) -> str:
    """The catalog id of a data set's class name: "T-shirt/top" -> "t_shirt_top", "spiral A" -> "spiral_a"."""
    return re.sub(r"[^0-9a-z]+", "_", class_name.lower()).strip("_")


def translated_class_names() -> tuple[str, ...]:
    """The class names that have a translation: the toy sets', Fashion-MNIST's and CIFAR-10's (digits stay digits)."""
    from core.data.images import CIFAR10_CLASS_NAMES, FASHION_MNIST_CLASS_NAMES
    from core.lessons.training import TOY_DATASETS

    return (
        *(name for names in TOY_DATASETS.values() for name in names),
        *FASHION_MNIST_CLASS_NAMES,
        *CIFAR10_CLASS_NAMES,
    )


def class_display_names(class_names) -> list[str]:
    """The data's class names in the session's language (digits stay digits)."""
    translated = {name: t(f"train.class.{class_key(name)}") for name in translated_class_names()}
    return [translated.get(name, name) for name in class_names]


def fit_settings_ui(
    group: str,
    defaults,
    *,
    optimizers: tuple[str, ...],
    learning_rates: tuple[float, ...],
    batch_sizes: tuple[int, ...],
    max_epochs: int,
) -> tuple[str, float, int, int]:
    """The optimizer, learning rate, batch size and epochs of one group of controls (keys ``train_<group>_*``, their
    first values from ``defaults``), in one row: (optimizer, learning_rate, batch_size, epochs)."""
    optimizer_names = {name: t(f"train.opt.{name}") for name in optimizers}  # translated in the page's run
    optimizer_column, rate_column, batch_column, epochs_column = st.columns(4)
    optimizer = optimizer_column.selectbox(
        t("train.model.optimizer"),
        options=optimizers,
        format_func=optimizer_names.__getitem__,
        **seeded(f"train_{group}_optimizer", defaults["optimizer"], options=optimizers),
    )
    learning_rate = rate_column.select_slider(
        t("train.model.learning_rate"),
        options=learning_rates,
        format_func=lambda value: f"{value:g}",
        help=t("train.model.learning_rate.help"),
        **seeded(f"train_{group}_learning_rate", defaults["learning_rate"]),
    )
    batch_size = batch_column.select_slider(
        t("train.model.batch_size"),
        options=batch_sizes,
        help=t("train.model.batch_size.help"),
        **seeded(f"train_{group}_batch_size", defaults["batch_size"]),
    )
    epochs = epochs_column.number_input(
        t("train.model.epochs"),
        min_value=1,
        max_value=max_epochs,
        help=t("train.model.epochs.help"),
        **seeded(f"train_{group}_epochs", defaults["epochs"]),
    )
    return optimizer, learning_rate, batch_size, epochs
