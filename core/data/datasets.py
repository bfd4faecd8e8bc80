"""What the loaders return, and the error they raise when a data set cannot be had here and now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


class DatasetUnavailable(Exception):
    """The data set cannot be loaded here and now. The message is a sentence a learner can act on."""


@dataclass(frozen=True)
class Provenance:
    """Where a loaded data set came from, for the line every page shows under its title.

    ``online`` is True for the full real data set from its download source (Keras, Yahoo Finance), False for
    data that ships inside an installed package. The fields stay plain English: the UI translates.
    """

    name: str
    source: str
    size: str
    n_samples: int
    online: bool
    note: str = ""
    dataset: str = ""  # the data set's id ("mnist", "regression", ...), for the UI's translated source line

    @property
    def description(self) -> str:
        """One line, e.g. "MNIST handwritten digits: 5,000 images (4,000 train / 1,000 test), from ... (offline)."."""
        where = "downloaded" if self.online else "built in, works offline"
        line = f"{self.name}: {self.size}, from {self.source} ({where})."
        return f"{line} {self.note}" if self.note else line

    def __str__(self) -> str:
        return self.description


@dataclass(frozen=True)
class ArrayDataset:
    """Numeric features and targets, already split into train and test (read-only numpy arrays).

    Classification: ``class_names[label]`` names a label. Regression: ``class_names`` is empty,
    ``feature_names`` names the columns of ``x_*`` and ``target_name`` says what ``y_*`` measures (with its unit).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    provenance: Provenance
    feature_names: tuple[str, ...] = ()
    target_name: str = ""


@dataclass(frozen=True)
class TextDataset:
    """Texts with integer labels, split into train and test. Texts are tuples of str (shared, so immutable)."""

    texts_train: tuple[str, ...]
    y_train: np.ndarray
    texts_test: tuple[str, ...]
    y_test: np.ndarray
    class_names: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class PriceSeries:
    """Daily prices of one ticker: ``frame`` has a sorted DatetimeIndex (no duplicates) and Open/High/Low/Close/
    Volume columns where the source has them. Each call returns its own frame (pandas copy-on-write makes that
    cheap), so a page may add columns without touching the cached prices."""

    frame: pd.DataFrame
    ticker: str
    provenance: Provenance
