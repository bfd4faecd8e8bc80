"""How long one epoch of each CIFAR-10 network takes here (the page's time note), without the download.

CIFAR-10 cannot be downloaded on these machines, and the time of an epoch does not depend on what the photos show:
random uint8 photos of the real shape stand in, fed through the engine's own pipeline
(:func:`core.training.blocks.make_fit_arguments`) to the task's models. The second epoch is timed (the first one
traces the graph) and scaled to the 45,000 photos a full training learns from (50,000 less the 10 % validation).

    python -m bench.cifar_epoch --photos 4500

Prints, last, the seconds per full epoch of the course's CNN and of the app's CNN.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

FULL_TRAINING_PHOTOS = 45_000


def epoch_seconds(config, photos: int) -> float:
    import keras

    from core.lessons import training_cifar
    from core.training import blocks
    from core.training.task import TaskData

    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (photos, 32, 32, 3), dtype=np.uint8)
    y = rng.integers(0, 10, photos)
    data = TaskData(x, y, None, None, x[:10], y[:10], training_cifar.IMAGE_SHAPE, tuple("0123456789"), "random")
    model = training_cifar.CIFAR10_TASK.build_model(config, data)
    seconds: list[float] = []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.started)

    model.fit(**blocks.make_fit_arguments(config, data), callbacks=[EpochTimer()])
    return seconds[-1] * FULL_TRAINING_PHOTOS / photos


def main() -> None:
    from core.lessons import training_cifar

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=4500, help="random photos per timed epoch")
    photos = parser.parse_args().photos
    course = epoch_seconds(training_cifar.course_config(epochs=2), photos)
    app = epoch_seconds(training_cifar.app_config(epochs=2), photos)
    print(f"seconds per epoch of 45,000 photos: course CNN {course:.0f} s, app CNN {app:.0f} s")


if __name__ == "__main__":
    main()
