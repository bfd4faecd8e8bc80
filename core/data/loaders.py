"""Every loader by its catalog id: ``load_dataset("mnist")``, ``load_dataset("stocks", ticker="IBM")``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.data.catalog import has_full_download
from core.data.datasets import ArrayDataset, PriceSeries, TextDataset
from core.data.images import load_cifar10, load_digits, load_fashion_mnist, load_mnist
from core.data.prices import load_stock_prices
from core.data.tables import load_regression
from core.data.text import load_chinese_reviews, load_imdb

LOADERS: dict[str, Callable[..., Any]] = {
    "mnist": load_mnist,
    "digits": load_digits,
    "fashion_mnist": load_fashion_mnist,
    "cifar10": load_cifar10,
    "imdb": load_imdb,
    "chinese_reviews": load_chinese_reviews,
    "regression": load_regression,
    "stocks": load_stock_prices,
}


def load_dataset(
    dataset_id: str, prefer_download: bool = True, **options: Any
) -> ArrayDataset | TextDataset | PriceSeries:
    """Load a data set by its catalog id, e.g. ``load_dataset("mnist")`` or ``load_dataset("stocks", ticker="IBM")``.

    ``prefer_download=False`` takes the built-in copy of a data set that has both (:func:`has_full_download`);
    the others ignore it (they have one source, or their built-in copy is already the full set).
    """
    if has_full_download(dataset_id):
        options["prefer_download"] = prefer_download
    return LOADERS[dataset_id](**options)
