"""What the training page's sections share: the toy data sets (one copy per process) and class names in the
session's language."""

from __future__ import annotations

import streamlit as st

from core.training import registry
from core.training.config import TrainConfig
from dashboard.i18n import t


@st.cache_resource(max_entries=32, show_spinner=False)
def toy_data(config_key: str, _config: TrainConfig):
    """The toy set exactly as the engine splits it (train / validation / test), keyed by the config's hash."""
    return registry.get_task("toy_2d").load_data(_config)


def class_display_names(class_names) -> list[str]:
    """The data's class names in the session's language (digits stay digits)."""
    translated = {
        "outer ring": t("train.class.outer_ring"),
        "inner ring": t("train.class.inner_ring"),
        "opposite signs": t("train.class.opposite_signs"),
        "same sign": t("train.class.same_sign"),
        "spiral A": t("train.class.spiral_a"),
        "spiral B": t("train.class.spiral_b"),
        "blob A": t("train.class.blob_a"),
        "blob B": t("train.class.blob_b"),
        "blob C": t("train.class.blob_c"),
        "T-shirt/top": t("train.class.tshirt"),
        "Trouser": t("train.class.trouser"),
        "Pullover": t("train.class.pullover"),
        "Dress": t("train.class.dress"),
        "Coat": t("train.class.coat"),
        "Sandal": t("train.class.sandal"),
        "Shirt": t("train.class.shirt"),
        "Sneaker": t("train.class.sneaker"),
        "Bag": t("train.class.bag"),
        "Ankle boot": t("train.class.ankle_boot"),
    }
    return [translated.get(name, name) for name in class_names]
