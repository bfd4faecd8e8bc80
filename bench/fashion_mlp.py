"""The course's MLP on the full Fashion-MNIST: bare Keras and the training engine must agree.

Bare Keras is the course's code as a learner would type it (Flatten, Dense 128 relu, Dropout 0.5, Dense 10
softmax; Adam; 10 epochs; batch 64; ``validation_split=0.1``; ``keras.utils.set_random_seed(0)``). The engine
trains ``TrainConfig(task="image_classifier", dataset="fashion_mnist")`` (the same model and hyper-parameters; its
10 % validation rows are drawn at random with the seed instead of being the last 10 %). Both are scored on the
10,000 test images. Offline: the Debian package ``dataset-fashion-mnist`` holds the full 60,000 + 10,000 images.
Goal: test accuracy >= 0.86 for both, and the engine within 0.01 of bare Keras.

    python -m bench.fashion_mlp [--epochs 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from bench.common import train
from core.data.images import load_fashion_mnist
from core.training.config import default_config


def bare_keras(epochs: int) -> tuple[float, float]:
    import keras
    from keras import layers

    fashion = load_fashion_mnist()
    x_train = fashion.x_train.astype("float32") / 255
    x_test = fashion.x_test.astype("float32") / 255
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    started = time.perf_counter()
    model.fit(x_train, fashion.y_train, epochs=epochs, batch_size=64, validation_split=0.1, verbose=0)
    seconds = time.perf_counter() - started
    _, accuracy = model.evaluate(x_test, fashion.y_test, batch_size=1024, verbose=0)
    return float(accuracy), seconds


def engine(epochs: int) -> tuple[float, float, str]:
    from core.training.model_store import ModelStore

    config = default_config("image_classifier", dataset="fashion_mnist", epochs=epochs, seed=0)
    with tempfile.TemporaryDirectory() as folder:
        _, snapshot = train(config, ModelStore(folder), "the engine's MLP")
    return snapshot.test_metrics["accuracy"], snapshot.timings["train_seconds"], snapshot.data_description


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    arguments = parser.parse_args()

    bare_accuracy, bare_seconds = bare_keras(arguments.epochs)
    print(f"bare Keras: test accuracy {bare_accuracy:.4f}, fit {bare_seconds:.1f} s", flush=True)
    engine_accuracy, engine_seconds, description = engine(arguments.epochs)
    print(f"engine:     test accuracy {engine_accuracy:.4f}, fit {engine_seconds:.1f} s ({description})", flush=True)
    difference = engine_accuracy - bare_accuracy
    verdict = "met" if min(bare_accuracy, engine_accuracy) >= 0.86 and abs(difference) <= 0.01 else "NOT met"
    print(
        f"Fashion-MNIST MLP test accuracy (goal >= 0.86, engine within 0.01 of bare; {verdict}): "
        f"bare {bare_accuracy:.4f}, engine {engine_accuracy:.4f}, difference {difference:+.4f}"
    )


if __name__ == "__main__":
    main()
