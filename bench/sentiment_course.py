"""The course's sentiment model against the app's BiLSTM and the TF-IDF baseline, on the same held-out 20 %.

Trains the course's config (``core.lessons.text.course.course_sentiment_config()``: jieba words, vocabulary 10,000,
length 100, Embedding 32 -> LSTM 64 -> Dense(sigmoid), Adam, 10 epochs, batch 32, validation 0.2) through the
training engine, and reads the app's default from the bundled models (or trains it too). Prints the three test
accuracies, best first: the numbers behind the page's "which wins" line.

    python -m bench.sentiment_course [--store DIR]   (about 5 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import train
from core.lessons.text import course, sentiment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="keep the trained model in this store folder")
    arguments = parser.parse_args()

    from core.training.model_store import ModelStore, default_bundle_directory

    configs = {"course": course.course_sentiment_config(), "app": sentiment.default_sentiment_config()}
    accuracies: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.store or Path(scratch)
        store = ModelStore(folder, bundle=default_bundle_directory())
        for name, config in configs.items():
            started = time.perf_counter()
            _, snapshot = train(config, store, f"the {name} model")
            metrics = snapshot.test_metrics
            accuracies[name] = metrics["accuracy"]
            accuracies["baseline"] = metrics["baseline_accuracy"]
            validation = [round(value, 4) for value in snapshot.history.get("val_accuracy", ())]
            print(f"{name}: {config.describe()} {dict(config.params)}")
            print(f"  {time.perf_counter() - started:.0f} s; validation accuracy per epoch: {validation}")
            print(f"  test accuracy {metrics['accuracy']:.4f} on {metrics['n_test']} held-out texts")
    order = course.ranking({name: accuracies.get(name) for name in ("baseline", "app", "course")})
    print("best first: " + ", ".join(f"{contender.name} {contender.accuracy:.4f}" for contender in order))


if __name__ == "__main__":
    main()
