"""How long a trained config takes to come back from the model store in a fresh process: seconds to a usable model.

A config is trained once into a temporary store (default: the course's MLP on MNIST, the page's default). Then, in
several fresh Python processes (nothing cached in memory; TensorFlow already imported, as the app's warm-up thread
does before a visitor opens a training page), the clock runs from ``TrainingEngine(...).request(config)`` to the
model's first prediction. The same is measured for a second request in the same process (the memory cache).
Goal: < 1 s. ``--s3`` puts the store in a bucket of moto's S3 server, started by the bench on 127.0.0.1:8711 (no
real object store installs here; requirements-dev.txt): the same figure through fsspec and s3fs, downloads included.

    python -m bench.store_hit [--processes 5] [--dataset mnist] [--cnn] [--s3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile

from bench.common import REPO_ROOT, train
from core.lessons.training import CNN_ARCHITECTURE, IMAGE_DATASETS
from core.training.config import default_config

# Runs in each fresh process: argv = store folder, config JSON. Prints one JSON line.
FRESH_PROCESS = r"""
import json, sys, time
import numpy as np
import keras  # the app imports TensorFlow in the background before a training page is opened
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore
from core.training.config import TrainConfig

config = TrainConfig.from_dict(json.loads(sys.argv[2]))
engine = TrainingEngine(store=ModelStore(sys.argv[1]))
started = time.perf_counter()
handle = engine.request(config, watcher_id="visitor")
model = handle.model
shape = (1,) + tuple(model.input_shape[1:])
model(np.zeros(shape, dtype="float32"))
first = time.perf_counter() - started
snapshot = handle.snapshot()
started = time.perf_counter()
again = engine.request(config, watcher_id="another visitor")
again.model(np.zeros(shape, dtype="float32"))
second = time.perf_counter() - started
print(json.dumps({"first": first, "second": second, "state": snapshot.state, "from_store": snapshot.from_store,
                  "trainings": engine.trainings_started}))
"""


S3_PORT = 8711


@contextlib.contextmanager
def store_location(s3: bool):
    """A temporary folder, or a fresh bucket on moto's S3 server with fake credentials in the environment (which the
    fresh processes and the training process inherit)."""
    if not s3:
        with tempfile.TemporaryDirectory() as folder:
            yield folder
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=S3_PORT, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{S3_PORT}"
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    os.environ["DASHBOARD_MODEL_STORE_OPTIONS"] = json.dumps({"endpoint_url": endpoint})
    try:
        import s3fs

        s3fs.S3FileSystem(endpoint_url=endpoint).mkdir("bench-store")
        yield "s3://bench-store/models"
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--dataset", default="mnist", choices=sorted(IMAGE_DATASETS))
    parser.add_argument("--cnn", action="store_true", help="the small CNN instead of the course's MLP")
    parser.add_argument("--s3", action="store_true", help="the store in moto's S3 server instead of a local folder")
    arguments = parser.parse_args()

    from core.training.model_store import ModelStore

    overrides = {"architecture": CNN_ARCHITECTURE, "epochs": 2} if arguments.cnn else {}
    config = default_config("image_classifier", dataset=arguments.dataset, **overrides)
    with store_location(arguments.s3) as folder:
        _, trained = train(config, ModelStore(folder))
        size = sum(entry.size_bytes for entry in ModelStore(folder).entries())
        seconds = trained.timings["train_seconds"]
        print(f"trained {config.describe()} in {seconds:.1f} s; store entry {size / 1e6:.2f} MB")

        environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
        first, second = [], []
        for number in range(1, arguments.processes + 1):
            output = subprocess.run(
                [sys.executable, "-c", FRESH_PROCESS, folder, json.dumps(config.to_dict())],
                capture_output=True,
                text=True,
                env=environment,
                cwd=REPO_ROOT,
                check=True,
            )
            result = json.loads(output.stdout.strip().splitlines()[-1])
            if result["state"] != "finished" or not result["from_store"] or result["trainings"]:
                raise SystemExit(f"expected a store hit, got {result}")
            first.append(result["first"])
            second.append(result["second"])
            print(f"process {number}: from disk {first[-1]:.3f} s, again from memory {second[-1]:.4f} s", flush=True)

    print(f"from memory (second request, same process): median {statistics.median(second):.4f} s")
    print(f"from disk: median {statistics.median(first):.3f} s, worst {max(first):.3f} s")
    where = "S3 (moto)" if arguments.s3 else "local folder"
    median = statistics.median(first)
    print(f"store hit ({where}), seconds to a usable model in a fresh process (goal < 1 s): {median:.3f}")


if __name__ == "__main__":
    main()
