"""The GAN page's default model: how long it takes to train, and how good its digits are.

The default config (``core.lessons.gan.gan.page_default_config()``) and the digit classifier that scores it
(``core.lessons.draw.digit_classifier_config()``) come from the model store given by ``DASHBOARD_MODEL_STORE``
(default ``model_store/``), trained there first when missing. ``--retrain`` trains the GAN again in a temporary store
to time it now (the stored model keeps its own training time). The scores are measured again on 1,000 fresh samples
(seed 0) with the classifier: mean top-class confidence, digits present (at least 1% of the samples), an
Inception-like score (1..10) and the Fréchet distance between the classifier's features of the samples and of the
real test digits. Goals: training <= 10 min on 2 cores; all ten digits present and mean confidence >= 0.8.

    python -m bench.gan_quality [--retrain]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from bench.common import train
from core.lessons.gan import gan, scoring
from core.lessons.gan.data import get_task_data
from core.training.engine import get_engine
from core.training.model_store import ModelStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrain", action="store_true", help="train again in a temporary store to time it now")
    arguments = parser.parse_args()

    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start (other work slows the timing)")
    started = time.perf_counter()
    classifier = scoring.scoring_classifier(wait=True, timeout=3600)
    if classifier is None:
        sys.exit("The digit classifier did not train.")
    print(f"classifier: {scoring.classifier_config().describe()} (ready in {time.perf_counter() - started:.1f} s)")

    config = gan.page_default_config()
    print(f"GAN: {config.describe()}, params {config.params_dict}")
    if arguments.retrain:
        with tempfile.TemporaryDirectory() as folder:
            handle, snapshot = train(config, ModelStore(folder), "the GAN")
            generator, metadata = handle.model, dict(handle.metadata)
    else:
        handle, snapshot = train(config, get_engine().store, "the GAN")
        generator, metadata = handle.model, dict(handle.metadata)
    train_seconds = float(metadata["timings"]["train_seconds"])
    where = "stored earlier" if snapshot.from_store else "trained now"
    print(f"data: {metadata['data']['description']}")
    print(
        f"training ({where}): {train_seconds:.0f} s for {config.epochs} epochs on "
        f"{metadata.get('environment', {}).get('device', '?')}; load average now {os.getloadavg()[0]:.1f}"
    )

    scores = scoring.generator_scores(generator, classifier, get_task_data(config).x_test)
    print(f"class counts of {scores['n_samples']} samples: {scores['class_counts']}")
    print(
        f"default GAN: trained in {train_seconds / 60:.1f} min (goal <= 10); mean confidence "
        f"{scores['mean_confidence']:.3f} (goal >= 0.8), digits present {scores['classes_present']}/10, "
        f"Inception-like score {scores['inception_score']:.2f}, Fréchet distance {scores['frechet_distance']:.1f}"
    )


if __name__ == "__main__":
    main()
