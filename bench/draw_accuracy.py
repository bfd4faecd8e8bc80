"""How well the draw page's default CNN reads digits: plain test accuracy, and the same test digits drawn as thick
canvas strokes and sent through the page's own preprocessing.

The default config (``core.lessons.draw.digit_classifier_config()``) comes from the model store given by
``DASHBOARD_MODEL_STORE`` (default ``model_store/``), trained there first when it is missing (about 40 s offline).
Each held-out test digit is then dilated, upscaled to the 280x280 canvas as white-on-transparent RGBA
(``render_as_canvas_strokes``), preprocessed by ``prepare_canvas_digit`` and classified. Goals: plain accuracy
>= 0.97 on the embedded set's held-out 1,000 digits (>= 0.99 on the MNIST test set online), canvas accuracy within
2 points of it.

    python -m bench.draw_accuracy [--model cnn|mlp] [--limit N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.common import train
from core.data.images import load_mnist
from core.lessons import draw as digit_canvas
from core.training import blocks
from core.training.model_store import ModelStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="cnn", choices=digit_canvas.MODEL_CHOICES)
    parser.add_argument("--limit", type=int, default=None, help="only the first N test digits")
    parser.add_argument("--thickness", type=int, default=1, help="dilation of the 28x28 digit, in pixels")
    arguments = parser.parse_args()

    config = digit_canvas.digit_classifier_config(arguments.model)
    started = time.perf_counter()
    handle, snapshot = train(config, ModelStore(), "the digit classifier")
    print(
        f"model: {config.describe()} ({'from the store' if snapshot.from_store else 'trained'} "
        f"in {time.perf_counter() - started:.1f} s)"
    )
    model = handle.model

    dataset = load_mnist()
    images, labels = dataset.x_test, dataset.y_test
    if arguments.limit:
        images, labels = images[: arguments.limit], labels[: arguments.limit]
    print(f"data: {dataset.provenance.description}")
    plain = blocks.predict_in_chunks(model, blocks.scale_images(images)).argmax(axis=1)
    plain_accuracy = float(np.mean(plain == labels))

    prepared = []
    for image in images:
        digit = digit_canvas.prepare_canvas_digit(
            digit_canvas.render_as_canvas_strokes(image, thickness=arguments.thickness)
        )
        prepared.append(digit.image if digit.readable else np.zeros((28, 28), np.float32))
    canvas = blocks.predict_in_chunks(model, np.stack(prepared)[..., np.newaxis]).argmax(axis=1)
    canvas_accuracy = float(np.mean(canvas == labels))
    print(f"plain test accuracy on {len(labels):,} held-out digits: {plain_accuracy:.4f}")
    print(
        f"drawn as thick canvas strokes, through the page's preprocessing: {canvas_accuracy:.4f} "
        f"(difference {100 * (plain_accuracy - canvas_accuracy):+.2f} points)"
    )
    print(f"draw accuracy: plain {plain_accuracy:.4f}, canvas strokes {canvas_accuracy:.4f}")


if __name__ == "__main__":
    main()
