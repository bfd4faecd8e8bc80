"""TensorFlow in the background: imported once per process, off the landing page's path.

Importing TensorFlow takes seconds. The server starts :func:`start_tensorflow_warmup` when it starts
(``streamlit_app.py``), so that by the time a visitor opens a TensorFlow page the import (and the first, slow
eager op) is already done. The import itself waits until the first page has been drawn (the script calls
:func:`page_drawn` at the end of every run), or :data:`IDLE_START_SECONDS` without a visitor: a visitor who
arrives with the server never waits for it on the landing page. Pages never wait on this module: they import
TensorFlow themselves, which returns at once when the warm-up has finished and simply waits for the import lock
when it hasn't.
"""

from __future__ import annotations

import logging
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
_first_page_drawn = threading.Event()
#: A server nobody visits starts importing TensorFlow after this many seconds.
IDLE_START_SECONDS = 3.0
#: After the first page: let it finish sending before the import holds the interpreter for seconds.
AFTER_PAGE_SECONDS = 0.5


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


def _warm_up(idle_seconds: float, then_models: bool) -> None:
    if _first_page_drawn.wait(timeout=idle_seconds):
        time.sleep(AFTER_PAGE_SECONDS)
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
    except Exception as error:  # noqa: BLE001 - a broken install must not take the app down
        # The details go to the server's log; pages say it in the visitor's language, without the exception text.
        logging.getLogger(__name__).error("TensorFlow could not be loaded", exc_info=error)
        _set_status(TensorFlowStatus("failed", error=f"{type(error).__name__}: {error}"))
        return
    if then_models:
        from core.prewarm import start_background_warmup

        start_background_warmup()


def start_tensorflow_warmup(idle_seconds: float = IDLE_START_SECONDS, then_models: bool = False) -> None:
    """Start the warm-up thread once per process; later calls return at once. The import begins once the first
    page has been drawn, or after ``idle_seconds``. ``then_models``: afterwards, train in the background whatever
    default model is neither stored nor bundled (:mod:`core.prewarm`)."""
    with _lock:
        global _status
        if _status.state != "idle":
            return
        _status = TensorFlowStatus(state="loading")
    threading.Thread(target=_warm_up, args=(idle_seconds, then_models), name="tensorflow-warmup", daemon=True).start()


def page_drawn() -> None:
    """Called at the end of every page run: the start-up warm-up may begin (where the server had no start-up hook,
    as in AppTest, this starts it)."""
    _first_page_drawn.set()
    start_tensorflow_warmup(then_models=True)
