"""The Keras callback a job trains with (in its worker process): it reports the job's live log, watches for
divergence and for a Stop.

Per batch it reads the loss and a flag and compares two clocks (a few microseconds next to a training step of a
millisecond or more); everything else is throttled to one message per ``interval`` seconds (the engine's
``log_interval_s``).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping
from typing import Any

from core import runtime

logger = logging.getLogger(__name__)

# A loss above this is diverging even when it is still a finite float (float32 overflows soon after).
EXPLODING_LOSS = 1e12


class TrainingStopped(Exception):
    """Raised by the progress callback when the job was asked to stop: it ends ``model.fit`` at once.

    ``model.stop_training`` alone is not enough: Keras still runs the epoch's validation pass (and, in the first
    epoch, traces the evaluation graph) before it looks at the flag, which can outlast the engine's grace before it
    kills the process, so that a Stop in the first epoch cost a warm training process."""


def format_number(value: float) -> str:
    """10.0 -> "10.0", 0.001 -> "0.001", 3e-05 -> "3e-05": how a learner typed it."""
    if math.isfinite(value) and float(value).is_integer():
        return f"{value:.1f}"
    return f"{value:g}"


def divergence(config, epoch_index: int, batch: int, loss: float) -> dict[str, Any]:
    """The failure of a job whose loss became NaN, infinite or huge: a sentence, a reason and the numbers."""
    suggestion = config.suggested_learning_rate()
    where = f"at epoch {epoch_index + 1}, batch {batch + 1}"
    if math.isnan(loss):
        what, reason = "The loss became NaN", "nan_loss"
    elif math.isinf(loss):
        what, reason = "The loss became infinite", "nan_loss"
    else:
        what, reason = f"The loss exploded (it reached {loss:.3g})", "exploding_loss"
    return {
        "message": (
            f"{what} {where}: the learning rate ({format_number(config.learning_rate)}) is probably "
            f"too high; try {format_number(suggestion)}."
        ),
        "reason": reason,
        "details": {
            "epoch": epoch_index + 1,
            "batch": batch + 1,
            "loss": repr(loss),
            "learning_rate": config.learning_rate,
            "suggested_learning_rate": suggestion,
        },
    }


_progress_callback_class: type | None = None


def summary(test_metrics: Mapping[str, Any]) -> str:
    """The test result in one sentence, for the job's last message."""
    if "accuracy" in test_metrics:
        return f"Test accuracy {test_metrics['accuracy']:.3f}."
    if "mae" in test_metrics:
        return f"Test MAE {test_metrics['mae']:.3g}, RMSE {test_metrics.get('rmse', float('nan')):.3g}."
    return ""


_environment_cache: dict[str, str] = {}


def environment() -> dict[str, str]:
    """Keras, TensorFlow and the device a model was trained with (kept with it in the store)."""
    if not _environment_cache:
        import keras
        import tensorflow as tf

        _environment_cache.update(keras=keras.__version__, tensorflow=tf.__version__, device=runtime.describe_device())
    return dict(_environment_cache)


def make_progress_callback(job, interval: float, task, data) -> Any:
    """The per-job Keras callback. ``job`` is what it reports to (``training_started``, ``record_batch``,
    ``record_epoch``, ``cancel_requested``, ``config``: the worker's reporter). The class is built on first use so
    that importing this module stays cheap."""
    global _progress_callback_class
    if _progress_callback_class is None:
        import keras

        class JobProgress(keras.callbacks.Callback):
            """Writes the job's live log and stops the fit on divergence or a Stop."""

            def __init__(self, job, interval: float, task, data) -> None:
                super().__init__()
                self.job = job
                self.task = task
                self.data = data
                self.interval = interval
                self.failure: dict[str, Any] | None = None
                self._next_write = 0.0
                self._epoch_index = 0
                self._epoch_started = time.monotonic()
                self._batches_per_epoch: int | None = None
                # (time, fraction done) of the first logged step: the speed is measured from there on, because the
                # first step also traces the training graph, which would make the first estimates far too long.
                self._eta_origin: tuple[float, float] | None = None

            def _eta(self, epochs_done: int, batches_done: int, now: float) -> float | None:
                if not self._batches_per_epoch:
                    return None
                done = (epochs_done + batches_done / self._batches_per_epoch) / self.job.config.epochs
                if self._eta_origin is None:
                    self._eta_origin = (now, done)
                    return None
                origin_time, origin_done = self._eta_origin
                if done > origin_done and now > origin_time:
                    return (now - origin_time) / (done - origin_done) * (1.0 - done)
                return None

            def on_train_begin(self, logs=None):
                self._batches_per_epoch = self.params.get("steps")
                self.job.training_started(self._batches_per_epoch)
                if self.job.cancel_requested:
                    raise TrainingStopped

            def on_epoch_begin(self, epoch, logs=None):
                self._epoch_index = epoch
                self._epoch_started = time.monotonic()

            def on_train_batch_end(self, batch, logs=None):
                loss = logs.get("loss") if logs else None
                # "not loss < limit" is also true for NaN, which compares False with everything.
                if loss is not None and not loss < EXPLODING_LOSS:
                    self.failure = divergence(self.job.config, self._epoch_index, batch, float(loss))
                    self.model.stop_training = True
                    return
                if self.job.cancel_requested:
                    raise TrainingStopped
                now = time.monotonic()
                if now >= self._next_write:
                    self._next_write = now + self.interval
                    eta_s = self._eta(self._epoch_index, batch + 1, now)
                    self.job.record_batch(self._epoch_index, batch + 1, logs, now, eta_s)

            def on_test_batch_end(self, batch, logs=None):
                if self.job.cancel_requested:  # a Stop during the epoch's validation pass
                    raise TrainingStopped

            def on_epoch_end(self, epoch, logs=None):
                if self.failure is not None or self.job.cancel_requested:
                    return
                artifact = None
                if self.task.epoch_artifact is not None:
                    try:
                        artifact = self.task.epoch_artifact(self.model, self.data)
                    except Exception:  # noqa: BLE001 - a picture must never end a training
                        logger.exception("The per-epoch artefact of %s failed.", self.job.key)
                now = time.monotonic()
                eta_s = self._eta(epoch + 1, 0, now)
                self.job.record_epoch(epoch + 1, logs, now - self._epoch_started, artifact, now, eta_s)

        _progress_callback_class = JobProgress
    return _progress_callback_class(job, interval, task, data)
