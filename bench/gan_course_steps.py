"""The course's dense GAN as written: the time one of its steps takes here, and what 10,000 steps give.

Trains ``core.lessons.gan.gan.course_config()`` (no hidden activations, batch 128, Adam at Keras' defaults, two
discriminator updates per step, random batches) in this process, epoch by epoch (an epoch is 100 steps), and scores
the generator after the page's preset (3,000 steps) and after the course's 10,000 with the draw page's digit
classifier (from the store or the bundle), beside the same scores for real digits. Prints the time per step last.

    python -m bench.gan_course_steps [--epochs 100]
"""

from __future__ import annotations

import argparse
import time

from core.lessons.gan import gan, networks, scoring
from core.lessons.gan.data import get_task_data


def rounded(scores: dict) -> dict:
    return {name: round(value, 3) for name, value in scores.items() if isinstance(value, (int, float))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=gan.COURSE_EPOCHS, help="epochs of 100 steps (100: all 10,000)")
    arguments = parser.parse_args()
    import keras

    config = gan.course_config(epochs=arguments.epochs)
    data = get_task_data(config)
    pair = gan._build_model(config, data)
    classifier = scoring.scoring_classifier(wait=True)
    print("real digits:", rounded(scoring.real_digit_scores(classifier, data.x_test, data.x_train)), flush=True)
    epoch_seconds: list[float] = []

    class Report(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            epoch_seconds.append(time.perf_counter() - self.start)
            done = epoch + 1
            if done in (gan.COURSE_PRESET_EPOCHS, arguments.epochs):
                scores = scoring.generator_scores(pair.generator, classifier, data.x_test)
                steps = done * networks.COURSE_STEPS_PER_EPOCH
                print(f"after {steps:,} steps:", rounded(scores), flush=True)

    pair.fit(callbacks=[Report()], **gan._fit_arguments(config, data))
    steady = epoch_seconds[1:] or epoch_seconds  # the first epoch also builds the graph
    ms_per_step = 1000 * sum(steady) / (len(steady) * networks.COURSE_STEPS_PER_EPOCH)
    print(f"ms per step of the course's GAN: {ms_per_step:.1f}")


if __name__ == "__main__":
    main()
