"""Canvas image -> prediction on the server: the draw page's work for one drawing, preprocessing plus one direct
call of the stored default CNN (and the first-layer feature maps the page also draws, reported apart).

The default config comes from the model store (``DASHBOARD_MODEL_STORE``, default ``model_store/``), trained there
first when missing. Drawings are real MNIST test digits rendered as 280x280 RGBA canvas images with thick strokes.
Goal: p95 of preprocess + predict <= 100 ms on 2 cores.

    python bench/draw_latency.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DASHBOARD_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from core import data  # noqa: E402
from core.engine import TrainingEngine  # noqa: E402
from core.lessons import draw as digit_canvas  # noqa: E402
from core.training.model_store import ModelStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    arguments = parser.parse_args()

    config = digit_canvas.digit_classifier_config()
    engine = TrainingEngine(store=ModelStore(), max_workers=1)
    snapshot = engine.request(config, "bench").wait(timeout=3600)
    if snapshot.state != "finished":
        sys.exit(f"The model did not train: {snapshot.message}")
    model = engine.request(config, "bench").model
    mnist = data.load_mnist()
    drawings = [digit_canvas.render_as_canvas_strokes(image, thickness=1) for image in mnist.x_test[:50]]

    # Warm-up: the first calls build the model's functions, as the page's first visitor would.
    for drawing in drawings[:5]:
        digit_canvas.predict_digit(model, digit_canvas.prepare_canvas_digit(drawing).image)
        digit_canvas.first_layer_feature_maps(model, digit_canvas.prepare_canvas_digit(drawing).image)

    predict_ms, maps_ms = [], []
    for repeat in range(arguments.repeats):
        drawing = drawings[repeat % len(drawings)]
        started = time.perf_counter()
        digit = digit_canvas.prepare_canvas_digit(drawing)
        digit_canvas.predict_digit(model, digit.image)
        middle = time.perf_counter()
        digit_canvas.first_layer_feature_maps(model, digit.image)
        predict_ms.append((middle - started) * 1000)
        maps_ms.append((time.perf_counter() - middle) * 1000)
    engine.shutdown()
    print(f"model: {config.describe()}")
    print(f"first-layer feature maps: median {np.median(maps_ms):.1f} ms, p95 {np.percentile(maps_ms, 95):.1f} ms")
    print(f"preprocess + predict: median {np.median(predict_ms):.1f} ms over {len(predict_ms)} drawings")
    print(f"canvas image -> prediction p95: {np.percentile(predict_ms, 95):.1f} ms")


if __name__ == "__main__":
    main()
