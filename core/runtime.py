"""TensorFlow in the background: imported once per process, off the landing page's path.

Importing TensorFlow takes seconds. The entry script starts :func:`start_tensorflow_warmup` after the landing
page has been drawn, so that by the time a visitor opens a TensorFlow page the import (and the first, slow
eager op) is already done. Pages never wait on this module: they import TensorFlow themselves, which returns
at once when the warm-up has finished and simply waits for the import lock when it hasn't.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

# Quiet TensorFlow's C++ start-up chatter before anything imports it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@dataclass(frozen=True)
class TensorFlowStatus:
    state: str  # "idle", "loading", "ready" or "failed"
    device: str | None = None  # "CPU" or the GPU's name, once known
    seconds: float | None = None  # how long the warm-up took
    error: str | None = None


_lock = threading.Lock()
_status = TensorFlowStatus(state="idle")


def tensorflow_status() -> TensorFlowStatus:
    return _status


def _set_status(status: TensorFlowStatus) -> None:
    global _status
    with _lock:
        _status = status


def describe_device() -> str:
    """The device TensorFlow trains on: the first GPU's name, or "CPU". Imports TensorFlow."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    details = tf.config.experimental.get_device_details(gpus[0])
    name = details.get("device_name") or gpus[0].name
    return f"GPU: {name}" + (f" (+{len(gpus) - 1} more)" if len(gpus) > 1 else "")


def _warm_up(delay_seconds: float, then_models: bool) -> None:
    # Let the page that started us finish sending first: the import holds the interpreter for seconds.
    time.sleep(delay_seconds)
    started = time.perf_counter()
    try:
        import keras
        import tensorflow as tf

        device = describe_device()
        # The first eager op, the first gradient and the first optimizer step each pay a one-off cost.
        variable = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(keras.activations.sigmoid(variable) ** 2)
        gradient = tape.gradient(loss, variable)
        keras.optimizers.Adam(learning_rate=0.1).apply([gradient], [variable])
        _set_status(TensorFlowStatus("ready", device=device, seconds=time.perf_counter() - started))
    except Exception as error:  # a broken install must not take the app down
        _set_status(TensorFlowStatus("failed", error=f"{type(error).__name__}: {error}"))
        return
    if then_models:
        from core.prewarm import start_background_warmup

        start_background_warmup()


def start_tensorflow_warmup(delay_seconds: float = 0.5, then_models: bool = False) -> None:
    """Start the warm-up thread once per process; later calls return at once. ``then_models``: afterwards, train
    in the background whatever default model is neither stored nor bundled (:mod:`core.prewarm`)."""
    with _lock:
        global _status
        if _status.state != "idle":
            return
        _status = TensorFlowStatus(state="loading")
    threading.Thread(
        target=_warm_up, args=(delay_seconds, then_models), name="tensorflow-warmup", daemon=True
    ).start()
