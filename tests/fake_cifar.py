"""A small CIFAR-10 in the download's own format, where Keras keeps its extracted copy.

``keras.datasets.cifar10.load_data()`` downloads ``cifar-10-python.tar.gz`` into ``$KERAS_HOME/datasets`` as
``cifar-10-batches-py-target_archive`` and extracts it to ``cifar-10-batches-py-target/cifar-10-batches-py/``:
``data_batch_1`` .. ``data_batch_5`` and ``test_batch``, each a dict pickled by Python 2's cPickle (protocol 2)
whose ``b"data"`` is uint8 (N, 3072) (red plane, green plane, blue plane) and ``b"labels"`` a list of N ints,
plus ``batches.meta`` with the class names. :func:`write_cifar10_cache` writes that folder with a few photos per
batch; the app's loader (:func:`core.data.images.load_cifar10`) and the course's scripts read it as they would read
the real one. The photos are learnable: each class has its own colour, plus noise.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import struct
from pathlib import Path

import numpy as np

CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
EXTRACTED = Path("datasets") / "cifar-10-batches-py-target" / "cifar-10-batches-py"


class _Python2Pickler(pickle._Pickler):
    """Writes bytes as Python 2's ``str`` (SHORT_BINSTRING / BINSTRING), as the CIFAR-10 batches were written:
    Python 3 would otherwise write them as a call to ``_codecs.encode``."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_python2_str(self, value: bytes) -> None:
        if len(value) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(value)]) + value)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(value)) + value)
        self.memoize(value)

    dispatch[bytes] = save_python2_str


def python2_pickle(value) -> bytes:
    buffer = io.BytesIO()
    _Python2Pickler(buffer, protocol=2).dump(value)
    return buffer.getvalue()


def class_coloured_photos(labels: np.ndarray, seed: int) -> np.ndarray:
    """uint8 photos (N, 32, 32, 3): class c's colour (a fixed point of the RGB cube) plus Gaussian noise."""
    colours = np.random.default_rng(1234).integers(30, 226, (len(CLASS_NAMES), 3))
    noise = np.random.default_rng(seed).normal(0.0, 25.0, (len(labels), 32, 32, 3))
    return np.clip(colours[labels][:, None, None, :] + noise, 0, 255).astype(np.uint8)


def batch_bytes(label_text: bytes, photos: np.ndarray, labels: np.ndarray) -> bytes:
    rows = np.ascontiguousarray(photos.transpose(0, 3, 1, 2).reshape(len(photos), 3 * 32 * 32))
    return python2_pickle(
        {
            b"batch_label": label_text,
            b"labels": [int(label) for label in labels],
            b"data": rows,
            b"filenames": [f"photo_{index}.png".encode() for index in range(len(photos))],
        }
    )


def write_cifar10_cache(keras_home: Path, per_batch: int = 20, test_photos: int = 20) -> dict[str, np.ndarray]:
    """Write the extracted download under ``keras_home`` (five training batches of ``per_batch`` photos, a test
    batch of ``test_photos``); return the arrays as the app should read them back (x_train, y_train, x_test,
    y_test, photos (N, 32, 32, 3))."""
    folder = Path(keras_home) / EXTRACTED
    folder.mkdir(parents=True, exist_ok=True)
    train_labels = np.arange(5 * per_batch) % len(CLASS_NAMES)
    test_labels = (np.arange(test_photos) * 3) % len(CLASS_NAMES)
    x_train, x_test = class_coloured_photos(train_labels, seed=1), class_coloured_photos(test_labels, seed=2)
    for number in range(1, 6):
        rows = slice((number - 1) * per_batch, number * per_batch)
        (folder / f"data_batch_{number}").write_bytes(
            batch_bytes(f"training batch {number} of 5".encode(), x_train[rows], train_labels[rows])
        )
    (folder / "test_batch").write_bytes(batch_bytes(b"testing batch 1 of 1", x_test, test_labels))
    (folder / "batches.meta").write_bytes(
        python2_pickle(
            {
                b"label_names": [name.encode() for name in CLASS_NAMES],
                b"num_cases_per_batch": per_batch,
                b"num_vis": 3072,
            }
        )
    )
    return {"x_train": x_train, "y_train": train_labels, "x_test": x_test, "y_test": test_labels}


def cache_online(patch, keras_home) -> None:
    """Online as on a workshop machine prepared while it had internet: no forced offline mode, no internet (no host
    answers), Keras' cache at ``keras_home``; keras.datasets.cifar10.load_data() must not be needed."""
    import keras

    from core import settings
    from core.data import network, sources

    def no_download():
        raise OSError("no internet in the tests: the cached batches are read directly")

    patch.delenv(settings.OFFLINE_ENV, raising=False)
    patch.setenv("KERAS_HOME", str(keras_home))
    patch.setattr(network, "can_reach", lambda host, *args, **kwargs: False)
    patch.setattr(keras.datasets.cifar10, "load_data", no_download)
    sources.clear_caches()


@contextlib.contextmanager
def cache_online_in_the_training_process():
    """The same around each job of the engine's training process (``engine.job_context``): a monkeypatch does not
    cross the process boundary; the job's KERAS_HOME comes with its environment."""
    import os

    import pytest

    from core.data import sources

    with pytest.MonkeyPatch.context() as patch:
        cache_online(patch, os.environ["KERAS_HOME"])
        try:
            yield
        finally:
            sources.clear_caches()
