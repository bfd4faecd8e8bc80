"""Where a data set came from and how big it is, in the page's language. ``core.data``'s provenance stays plain
English (logs, benches, the command line); pages build their data line from its numbers and these translations."""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.language import current_language

# (data set id, downloaded?) -> the catalog key of its source. The English strings are core's own (a unit test keeps
# them equal).
SOURCE_KEYS = {
    ("mnist", True): "data.source.mnist.online",
    ("mnist", False): "data.source.mnist.offline",
    ("digits", False): "data.source.digits.offline",
    ("fashion_mnist", True): "data.source.fashion_mnist.online",
    ("fashion_mnist", False): "data.source.fashion_mnist.offline",
    ("cifar10", True): "data.source.cifar10.online",
    ("regression", True): "data.source.regression.online",
    ("regression", False): "data.source.regression.offline",
    ("stocks", True): "data.source.stocks.online",
    ("stocks", False): "data.source.stocks.offline",
    ("chinese_reviews", False): "data.source.chinese_reviews.offline",
}


def source_text(provenance) -> str:
    """The provenance's source in the page's language (as core gives it when there is no translation)."""
    return dataset_source_text(provenance.dataset, provenance.online, provenance.source)


def dataset_source_text(dataset_id: str | None, online: bool, fallback: str) -> str:
    """A data set's source by its id, in the page's language; ``fallback`` (core's English) when untranslated."""
    key = SOURCE_KEYS.get((dataset_id, bool(online)))
    return t(key) if key is not None else fallback


def model_data_text(dataset_id: str | None, online: bool, description: str) -> str:
    """What a stored model learned from, in the page's language: the source's translation, else core's English
    description on an English page and "the data built into the app" on another (toy sets, the five points)."""
    if (dataset_id, bool(online)) in SOURCE_KEYS or current_language() == "en":
        return dataset_source_text(dataset_id, online, description).rstrip(".")
    return t("data.source.untranslated")


def images_size_text(n_train: int, n_test: int) -> str:
    return t("data.size.images", total=f"{n_train + n_test:,}", train=f"{n_train:,}", test=f"{n_test:,}")


def rows_size_text(n_train: int, n_test: int, n_features: int) -> str:
    return t(
        "data.size.rows", total=f"{n_train + n_test:,}", train=f"{n_train:,}", test=f"{n_test:,}", features=n_features
    )
