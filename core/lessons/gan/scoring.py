"""How good a generator is, judged by the draw page's digit classifier on fresh samples.

The mean top-class confidence, how many of the ten digits appear and how evenly (an Inception-score-like number, 1 to
10), and the Fréchet distance between the classifier's features of generated and real test digits.

:func:`real_digit_scores` gives the same scores for real digits (the same number of images): the reference a
generator's numbers are read against.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from core.lessons.gan.samples import sample_images
from core.training import blocks
from core.training.config import TrainConfig

SCORE_SAMPLES = 1000
#: A class counts as present when at least this share of the samples is classified as it.
PRESENT_SHARE = 0.01
SCORING_WATCHER = "gan-scoring"


def classifier_config() -> TrainConfig:
    """The classifier that scores generated digits: the draw page's CNN (the same stored model)."""
    from core.lessons.draw import digit_classifier_config

    return digit_classifier_config()


def scoring_classifier(wait: bool = True, timeout: float | None = None):
    """The trained digit classifier from the engine (from the store, or trained now when ``wait``), else None.

    With ``wait=False`` it never waits. Inside a training process (the GAN's own evaluation) it only reads the
    job's model store: a training process starts no jobs of its own.
    """
    from core.training.engine import get_engine
    from core.training.worker_process import job_store

    store = job_store()
    if store is not None:
        stored = store.load(classifier_config().key)
        return stored.model if stored is not None else None

    handle = get_engine().request(classifier_config(), SCORING_WATCHER)
    if not handle.done and not wait:
        handle.stop()
        return None
    snapshot = handle.wait(timeout)
    return handle.model if snapshot.state == "finished" else None


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    """The Fréchet distance between two Gaussians fitted to two sets of feature vectors (FID's formula)."""
    from scipy import linalg

    features_a = np.asarray(features_a, dtype=np.float64)
    features_b = np.asarray(features_b, dtype=np.float64)
    mean_a, mean_b = features_a.mean(axis=0), features_b.mean(axis=0)
    covariance_a = np.cov(features_a, rowvar=False)
    covariance_b = np.cov(features_b, rowvar=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a singular product (dead ReLU features) is handled just below
        root, _ = linalg.sqrtm(covariance_a @ covariance_b, disp=False)
        if not np.all(np.isfinite(root)):
            # FID's usual remedy: a tiny offset on the diagonals makes the product's square root well defined.
            offset = np.eye(len(covariance_a)) * 1e-6
            root, _ = linalg.sqrtm((covariance_a + offset) @ (covariance_b + offset), disp=False)
    root = np.real(root)
    distance = np.sum((mean_a - mean_b) ** 2) + np.trace(covariance_a + covariance_b - 2.0 * root)
    return float(max(distance, 0.0))


def class_scores(probabilities: np.ndarray) -> dict[str, Any]:
    """Confidence, classes present and evenness of a classifier's probabilities (N, classes) for generated images.

    ``inception_score`` is exp(E[KL(p(y|x) || p(y))]): 1 when every sample looks alike or nothing is recognised,
    the number of classes when each sample is one class with certainty and all classes are equally common.
    """
    probabilities = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1.0)
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
    n_classes = probabilities.shape[1]
    predictions = probabilities.argmax(axis=1)
    counts = np.bincount(predictions, minlength=n_classes)
    marginal = probabilities.mean(axis=0)
    divergence = np.sum(probabilities * (np.log(probabilities) - np.log(marginal)), axis=1)
    return {
        "mean_confidence": float(probabilities.max(axis=1).mean()),
        "class_counts": [int(count) for count in counts],
        "classes_present": int(np.sum(counts >= max(1, PRESENT_SHARE * len(predictions)))),
        "inception_score": float(np.exp(divergence.mean())),
    }


def generator_scores(
    generator, classifier, real_images: np.ndarray, n_samples: int = SCORE_SAMPLES, seed: int = 0
) -> dict[str, Any]:
    """The quality of ``generator`` judged by a digit ``classifier`` on ``n_samples`` fresh samples:
    :func:`class_scores` plus ``frechet_distance`` between the classifier's features of the samples and of
    ``real_images`` (N, 28, 28[, 1], 0..1 or 0..255)."""
    from core.lessons.draw import classifier_features

    samples = sample_images(generator, n_samples, seed).astype(np.float32) / 255.0
    probabilities = blocks.predict_in_chunks(classifier, samples[..., np.newaxis])
    scores = class_scores(probabilities)
    generated_features = classifier_features(classifier, samples)
    real_features = classifier_features(classifier, real_images)
    scores["frechet_distance"] = frechet_distance(generated_features, real_features)
    scores["n_samples"] = int(n_samples)
    scores["n_real"] = int(len(real_images))
    return scores


def real_digit_scores(
    classifier,
    real_test_images: np.ndarray,
    real_train_images: np.ndarray,
    n_samples: int = SCORE_SAMPLES,
    seed: int = 0,
) -> dict[str, Any]:
    """The scores of :func:`generator_scores` for real digits instead of generated ones: the reference.

    Confidence, classes present and the Inception-like score come from ``n_samples`` real *test* digits (or all of
    them when there are fewer), which the classifier never saw. The Fréchet distance compares as many real *training*
    digits with all the test digits, as the generator's samples are compared: the test digits against themselves
    would be at distance 0, which says nothing. Images are (N, 28, 28[, 1]) in 0..1; ``real_train_images`` may also
    be in the generator's -1..1 range (the GAN's training data), recognised by their negative values."""
    rng = np.random.default_rng(seed)
    test = np.asarray(real_test_images, dtype=np.float32)
    train = np.asarray(real_train_images, dtype=np.float32)
    if len(test) == 0 or len(train) == 0:
        raise ValueError("The reference scores need real test and training images.")
    if train.min() < 0:
        train = (train + 1.0) / 2.0
    if test.ndim == 3:
        test = test[..., np.newaxis]
    count = min(int(n_samples), len(test))
    test_sample = test[rng.choice(len(test), size=count, replace=False)]
    probabilities = blocks.predict_in_chunks(classifier, test_sample)
    scores = class_scores(probabilities)
    train_sample = train[rng.choice(len(train), size=min(int(n_samples), len(train)), replace=False)]
    from core.lessons.draw import classifier_features

    scores["frechet_distance"] = frechet_distance(
        classifier_features(classifier, train_sample), classifier_features(classifier, test)
    )
    scores["n_samples"] = int(count)
    scores["n_train_sample"] = int(len(train_sample))
    scores["n_real"] = int(len(test))
    return scores
