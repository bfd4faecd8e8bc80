"""Where a data set came from and how big it is, in the page's language. ``core.data``'s provenance stays plain
English (logs, benches, the command line); pages build their data line from its numbers and these translations."""

from __future__ import annotations

from dashboard.i18n import t

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
}


def source_text(provenance) -> str:
    """The provenance's source in the page's language (as core gives it when there is no translation)."""
    return dataset_source_text(provenance.dataset, provenance.online, provenance.source)


def dataset_source_text(dataset_id: str | None, online: bool, fallback: str) -> str:
    """A data set's source by its id, in the page's language; ``fallback`` (core's English) when untranslated."""
    key = SOURCE_KEYS.get((dataset_id, bool(online)))
    return t(key) if key is not None else fallback


def images_size_text(n_train: int, n_test: int) -> str:
    return t("data.size.images", total=f"{n_train + n_test:,}", train=f"{n_train:,}", test=f"{n_test:,}")


def rows_size_text(n_train: int, n_test: int, n_features: int) -> str:
    return t("data.size.rows", total=f"{n_train + n_test:,}", train=f"{n_train:,}", test=f"{n_test:,}",
             features=n_features)  # fmt: skip
