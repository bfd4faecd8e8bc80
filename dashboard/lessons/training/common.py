"""What the training page's sections share: the toy data sets (one copy per process) and class names in the
session's language."""

from __future__ import annotations

import re

import streamlit as st

from core.training import registry
from core.training.config import TrainConfig
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
