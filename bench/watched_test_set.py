"""What validating on the test set does to the test score: the course's MNIST MLP, measured on the built-in digits.

The course watches its validation curve on the test images. Whatever is then picked by looking at them (the epoch,
or one of several settings) is scored on the very images that picked it, so the score is optimistic. This bench
measures by how much: the course's MLP (Dense 128 relu, Dropout 0.5, softmax; Adam; batch 64) is trained on the
app's training rows (the built-in 4,000 MNIST digits less the app's 10 % validation rows) for ``--epochs`` epochs,
with several learning rates and seeds, and its predictions on the 1,000 test digits are kept after every epoch.
The test digits are then split at random, many times, into a "watched" half and a "fresh" half:

- the course's way: the epoch (of the course's run: learning rate 0.001, seed 0) with the best watched accuracy;
- many looks: the best of every (learning rate, seed, epoch) candidate by watched accuracy;

and each pick's watched accuracy (what the course would report) is compared with its fresh accuracy (an unbiased
estimate of the same model). The mean difference is the optimism of validating on the test set.

    python -m bench.watched_test_set [--epochs 10] [--splits 500]

/training shows its numbers (``core.lessons.training.WATCHED_TEST_SET_OPTIMISM``): update them when this changes.
Measured 2026-12-03 (CPU, 142 s): course's way +0.44 points (10 candidates), many looks +0.82 points (60).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

LEARNING_RATES = (0.0003, 0.001, 0.003)
SEEDS = (0, 1)


def per_epoch_correct(learning_rate: float, seed: int, epochs: int) -> np.ndarray:
    """(epochs, test images) booleans: whether the model after each epoch classifies each test digit right."""
    import keras
    from keras import layers

    from core.lessons.training import IMAGE_CLASSIFIER_TASK
    from core.training.config import TrainConfig

    config = TrainConfig(task="image_classifier", dataset="mnist", seed=0)  # the app's own split of the rows
    data = IMAGE_CLASSIFIER_TASK.load_data(config)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=data.input_shape),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    rows = []
    for _ in range(epochs):
        model.fit(data.x_train, data.y_train, batch_size=64, epochs=1, verbose=0)
        rows.append(model.predict(data.x_test, verbose=0).argmax(axis=1) == data.y_test)
    return np.array(rows)


def optimism(correct: np.ndarray, candidates: np.ndarray, splits: int) -> tuple[float, float, float]:
    """Mean watched accuracy of the pick, mean fresh accuracy of the same pick, and the share of splits where the
    watched score is above the fresh one; ``correct`` is (candidates, test images), ``candidates`` the rows allowed."""
    rng = np.random.default_rng(0)
    count = correct.shape[1]
    watched_scores, fresh_scores = [], []
    for _ in range(splits):
        order = rng.permutation(count)
        watched, fresh = order[: count // 2], order[count // 2 :]
        scores = correct[candidates][:, watched].mean(axis=1)
        pick = candidates[int(np.argmax(scores))]
        watched_scores.append(correct[pick, watched].mean())
        fresh_scores.append(correct[pick, fresh].mean())
    watched_scores, fresh_scores = np.array(watched_scores), np.array(fresh_scores)
    return float(watched_scores.mean()), float(fresh_scores.mean()), float(np.mean(watched_scores > fresh_scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--splits", type=int, default=500)
    arguments = parser.parse_args()
    started = time.perf_counter()
    runs = {}
    for learning_rate in LEARNING_RATES:
        for seed in SEEDS:
            runs[(learning_rate, seed)] = per_epoch_correct(learning_rate, seed, arguments.epochs)
            final = runs[(learning_rate, seed)][-1].mean()
            print(f"learning rate {learning_rate:g}, seed {seed}: test accuracy after the last epoch {final:.3f}")
    keys = list(runs)
    correct = np.concatenate([runs[key] for key in keys])  # (runs * epochs, test images)
    course_run = keys.index((0.001, 0))
    course_rows = np.arange(course_run * arguments.epochs, (course_run + 1) * arguments.epochs)
    all_rows = np.arange(len(correct))
    for name, rows in (("the course's way (best epoch of one run)", course_rows), ("many looks", all_rows)):
        watched, fresh, above = optimism(correct, rows, arguments.splits)
        print(
            f"{name}, {len(rows)} candidates: watched {watched:.4f}, fresh {fresh:.4f}, "
            f"optimism {100 * (watched - fresh):+.2f} points (watched above fresh in {above:.0%} of the splits)"
        )
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
