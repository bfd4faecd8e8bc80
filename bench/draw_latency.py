"""Canvas image -> prediction on the server: the draw page's work for one drawing, preprocessing plus one direct
call of the stored default CNN (and the first-layer feature maps the page also draws, reported apart).

The default config comes from the model store (``DASHBOARD_MODEL_STORE``, default ``model_store/``), trained there
first when missing. Drawings are real MNIST test digits rendered as 280x280 RGBA canvas images with thick strokes.
Goal: p95 of preprocess + predict <= 100 ms on 2 cores.

    python -m bench.draw_latency [--repeats 200]
"""

from __future__ import annotations

import argparse
import time

from bench.common import median_and_p95_ms, percentile, train
from core.data.images import load_mnist
from core.lessons import draw as digit_canvas
from core.training.model_store import ModelStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    arguments = parser.parse_args()

    config = digit_canvas.digit_classifier_config()
    model = train(config, ModelStore(), "the digit classifier")[0].model
    mnist = load_mnist()
    drawings = [digit_canvas.render_as_canvas_strokes(image, thickness=1) for image in mnist.x_test[:50]]

    # Warm-up: the first calls build the model's functions, as the page's first visitor would.
    for drawing in drawings[:5]:
        digit_canvas.predict_digit(model, digit_canvas.prepare_canvas_digit(drawing).image)
        digit_canvas.first_layer_feature_maps(model, digit_canvas.prepare_canvas_digit(drawing).image)

    predict_seconds, maps_seconds = [], []
    for repeat in range(arguments.repeats):
        drawing = drawings[repeat % len(drawings)]
        started = time.perf_counter()
        digit = digit_canvas.prepare_canvas_digit(drawing)
        digit_canvas.predict_digit(model, digit.image)
        middle = time.perf_counter()
        digit_canvas.first_layer_feature_maps(model, digit.image)
        predict_seconds.append(middle - started)
        maps_seconds.append(time.perf_counter() - middle)
    print(f"model: {config.describe()}")
    print(f"first-layer feature maps: {median_and_p95_ms(maps_seconds)}")
    print(f"preprocess + predict: {median_and_p95_ms(predict_seconds)} over {len(predict_seconds)} drawings")
    print(f"canvas image -> prediction p95: {percentile(predict_seconds, 95) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
