"""Drawing with a generator: fresh samples, a walk between two noise vectors, grids of images and their PNGs.

After every epoch the engine keeps the generator's drawing of one fixed noise batch (:func:`grid_artifact`): the
gallery of a stored model goes from noise to digits.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np

from core.lessons.gan.data import IMAGE_SIZE, to_uint8
from core.training.config import TrainConfig
from core.training.task import TaskData

#: The fixed noise batch drawn after every epoch: a GRID_SIDE x GRID_SIDE grid.
GRID_SIDE = 6
#: The seed of the fixed noise batch is derived from the config's seed (the same grid for the same config).
FIXED_NOISE_OFFSET = 7919


def fixed_noise(config: TrainConfig) -> np.ndarray:
    """The noise batch the gallery draws after every epoch (GRID_SIDE**2 vectors), the same for the same config."""
    rng = np.random.default_rng(config.seed + FIXED_NOISE_OFFSET)
    return rng.standard_normal((GRID_SIDE * GRID_SIDE, config.param("latent_dim"))).astype(np.float32)


def generate(generator, noise: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) the generator draws for ``noise`` (N, latent_dim), in inference mode."""
    noise = np.asarray(noise, dtype=np.float32)
    outputs = [np.asarray(generator(noise[start : start + 512], training=False)) for start in range(0, len(noise), 512)]
    return to_uint8(np.concatenate(outputs, axis=0)) if outputs else np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8)


def latent_dim_of(generator) -> int:
    return int(generator.inputs[0].shape[-1])


def random_noise(count: int, latent_dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((count, latent_dim)).astype(np.float32)


def sample_images(generator, count: int, seed: int) -> np.ndarray:
    """``count`` fresh samples (uint8, N x 28 x 28) from noise drawn with ``seed``."""
    if not 1 <= int(count) <= 10_000:
        raise ValueError(f"Between 1 and 10,000 samples can be drawn at once, got {count!r}.")
    return generate(generator, random_noise(int(count), latent_dim_of(generator), int(seed)))


def interpolate_images(generator, seed_from: int, seed_to: int, steps: int = 10) -> np.ndarray:
    """The generator's images along a path between the noise vectors of two seeds (uint8, steps x 28 x 28).

    Spherical interpolation: Gaussian noise vectors lie near a sphere, and a straight line between two of them
    passes through shorter vectors than the generator ever saw (pale, blurry middles)."""
    if not 2 <= int(steps) <= 64:
        raise ValueError(f"An interpolation has 2 to 64 steps, got {steps!r}.")
    latent_dim = latent_dim_of(generator)
    start = random_noise(1, latent_dim, int(seed_from))[0].astype(np.float64)
    end = random_noise(1, latent_dim, int(seed_to))[0].astype(np.float64)
    cosine = np.dot(start, end) / (np.linalg.norm(start) * np.linalg.norm(end))
    angle = np.arccos(np.clip(cosine, -1.0, 1.0))
    fractions = np.linspace(0.0, 1.0, int(steps))
    if angle < 1e-6:
        path = np.stack([(1 - f) * start + f * end for f in fractions])
    else:
        path = np.stack(
            [(np.sin((1 - f) * angle) * start + np.sin(f * angle) * end) / np.sin(angle) for f in fractions]
        )
    return generate(generator, path.astype(np.float32))


def tile_images(images: np.ndarray, columns: int, padding: int = 0, background: int = 0) -> np.ndarray:
    """uint8 images (N, H, W) laid out in a grid with ``columns`` columns (and ``padding`` pixels between)."""
    images = np.asarray(images, dtype=np.uint8)
    count, height, width = images.shape
    columns = max(1, min(int(columns), count))
    rows = -(-count // columns)
    grid = np.full(
        (rows * height + (rows - 1) * padding, columns * width + (columns - 1) * padding), background, np.uint8
    )
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = row * (height + padding), column * (width + padding)
        grid[top : top + height, left : left + width] = image
    return grid


def png_bytes(grid: np.ndarray, scale: int = 1) -> bytes:
    """A uint8 grey image as PNG bytes, enlarged ``scale`` times with sharp pixels."""
    from PIL import Image

    picture = Image.fromarray(np.asarray(grid, dtype=np.uint8), mode="L")
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def grid_artifact(model, data: TaskData) -> dict[str, Any]:
    """After every epoch: the fixed noise batch drawn by the current generator, as a JSON-ready PNG grid."""
    generator = getattr(model, "generator", model)
    noise = getattr(model, "fixed_noise", None)
    if noise is None:
        noise = random_noise(GRID_SIDE * GRID_SIDE, latent_dim_of(generator), FIXED_NOISE_OFFSET)
    grid = tile_images(generate(generator, noise), GRID_SIDE)
    return {"png": base64.b64encode(png_bytes(grid)).decode("ascii"), "columns": GRID_SIDE, "count": len(noise)}


def artifact_grid(artifact) -> np.ndarray:
    """The uint8 grid image of a :func:`grid_artifact` (decoded from its PNG)."""
    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(artifact["png"])))
    return np.asarray(picture.convert("L"), dtype=np.uint8)


def artifact_images(artifact) -> np.ndarray:
    """The individual uint8 images (N, 28, 28) of a :func:`grid_artifact`."""
    grid = artifact_grid(artifact)
    columns = int(artifact["columns"])
    count = int(artifact["count"])
    images = [
        grid[row * IMAGE_SIZE : (row + 1) * IMAGE_SIZE, column * IMAGE_SIZE : (column + 1) * IMAGE_SIZE]
        for row, column in (divmod(index, columns) for index in range(count))
    ]
    return np.stack(images)
