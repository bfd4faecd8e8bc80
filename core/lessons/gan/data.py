"""The GAN's images: MNIST or Fashion-MNIST, all classes or one, scaled to -1..1 like the generator's tanh output."""

from __future__ import annotations

from typing import Any

import numpy as np

from core.training import blocks
from core.training.config import TrainConfig
from core.training.task import TaskData

DATASETS = ("mnist", "fashion_mnist")
IMAGE_SIZE = 28


def to_tanh_range(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) 0..255 -> float32 (N, 28, 28, 1) in -1..1, the range of the generator's tanh."""
    return (np.asarray(images, dtype=np.float32)[..., np.newaxis] - 127.5) / 127.5


def to_uint8(images: Any) -> np.ndarray:
    """Generator outputs (N, 28, 28[, 1]) in -1..1 -> uint8 (N, 28, 28) 0..255."""
    array = np.asarray(images, dtype=np.float32)
    if array.ndim == 4:
        array = array[..., 0]
    return np.clip(np.rint((array + 1.0) * 127.5), 0, 255).astype(np.uint8)


def get_task_data(config: TrainConfig) -> TaskData:
    """The data of a GAN config exactly as the engine trains on it (e.g. the real test digits for the scores)."""
    from core.data.loaders import load_dataset

    dataset = load_dataset(config.dataset, prefer_download=config.full_data)
    image_class = config.param("image_class")
    train_rows = np.arange(len(dataset.x_train))
    test_rows = np.arange(len(dataset.x_test))
    if image_class != "all":
        train_rows = np.flatnonzero(dataset.y_train == image_class)
        test_rows = np.flatnonzero(dataset.y_test == image_class)
    order = np.random.default_rng(config.seed).permutation(train_rows)
    if config.max_train_samples is not None:
        order = order[: config.max_train_samples]
    if len(order) < config.batch_size:
        raise ValueError(
            f"Only {len(order)} training images for a batch of {config.batch_size}: choose a smaller batch."
        )
    class_names = tuple(dataset.class_names)
    which = "all classes" if image_class == "all" else f"only class {class_names[image_class]}"
    return TaskData(
        x_train=to_tanh_range(dataset.x_train[order]),
        y_train=np.asarray(dataset.y_train[order], dtype=np.int64),
        x_validation=None,
        y_validation=None,
        # Real test images (0..1), the reference of the Fréchet distance.
        x_test=blocks.scale_images(dataset.x_test[test_rows]),
        y_test=np.asarray(dataset.y_test[test_rows], dtype=np.int64),
        input_shape=(IMAGE_SIZE, IMAGE_SIZE, 1),
        class_names=class_names,
        description=f"{dataset.provenance.description} The GAN trains on {len(order):,} images ({which}).",
        online=dataset.provenance.online,
        extras={
            "image_class": image_class,
            "n_train_images": int(len(order)),
            "latent_dim": config.param("latent_dim"),
            "preprocessing": "pixels scaled to -1..1 (x / 127.5 - 1), shape (28, 28, 1)",
        },
    )
