"""Real Keras optimizers walking down a 2-D loss surface.

Each run is exactly what ``model.fit`` does to a weight, with the model replaced by a point (x, y): a
``tf.Variable`` holds the point, ``tf.GradientTape`` computes the gradient of the surface, and a
``keras.optimizers`` instance applies the update. The whole loop is one XLA-compiled ``tf.function``, so four
optimizers x 200 steps take milliseconds once compiled, instead of seconds of eager Python.

The compiled loop, its variable and its optimizer are built once per (surface, optimizer) and reused: the
learning rate is a variable Keras reads at every step, and the optimizer's state (iteration count, momentum,
moving averages) is reset to zero before each run, so every run starts fresh. Streamlit serves sessions in
threads, hence one lock per runner.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from core.lessons.math.calculus import get_surface

OPTIMIZER_KEYS = ("sgd", "momentum", "rmsprop", "adam")
# The compiled loop always runs MAX_STEPS steps and the caller keeps the first ``steps``: fixed shapes let XLA
# compile the loop once, while a loop length fed in as a tensor made it recompile for every new slider value.
MAX_STEPS = 500
# A point this far from the origin has left every surface's picture for good: the run has diverged.
DIVERGENCE_RADIUS = 1e4


class _OwnRetracingWarning(logging.Filter):
    """Drop TensorFlow's "frequent retracing" warning about our own loops, and only that.

    TensorFlow counts traces per code object: the runners for every (surface, optimizer) pair share the code of
    ``loop``, so a visitor trying all surfaces sees "5 out of the last 5 calls ... triggered retracing" although
    each runner is traced exactly once (the unit tests check that).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message and "_DescentRunner" in message)


tf.get_logger().addFilter(_OwnRetracingWarning())


def make_optimizer(key: str, learning_rate: float) -> keras.optimizers.Optimizer:
    """The Keras optimizer behind each name on the page."""
    if key == "sgd":
        return keras.optimizers.SGD(learning_rate=learning_rate)
    if key == "momentum":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    if key == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    if key == "adam":
        return keras.optimizers.Adam(learning_rate=learning_rate)
    raise ValueError(f"Unknown optimizer {key!r}; choose one of {OPTIMIZER_KEYS}.")


@dataclass(frozen=True)
class Trajectory:
    """Where one optimizer went. Arrays stop before the first diverged step, so they are always finite."""

    optimizer_key: str
    positions: np.ndarray  # (k + 1, 2): the start, then the point after each step
    losses: np.ndarray  # (k + 1,)
    diverged_at: int | None  # the step at which the loss became inf/NaN or the point flew off; None if it didn't

    @property
    def final_position(self) -> np.ndarray:
        return self.positions[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def steps_taken(self) -> int:
        return len(self.losses) - 1


class _DescentRunner:
    """One variable, one optimizer and one compiled loop for a (surface, optimizer) pair."""

    def __init__(self, surface_key: str, optimizer_key: str):
        surface = get_surface(surface_key)
        self.lock = threading.Lock()
        self.point = tf.Variable(tf.zeros(2, dtype=tf.float32), name="point")
        self.optimizer = make_optimizer(optimizer_key, learning_rate=0.01)
        # Create the optimizer's slots now: a tf.function may only create variables on its first trace.
        self.optimizer.build([self.point])

        def loss_of(point):
            return surface.function(point[0], point[1])

        def loop(start):
            self.point.assign(start)
            positions = tf.TensorArray(tf.float32, size=MAX_STEPS + 1)
            losses = tf.TensorArray(tf.float32, size=MAX_STEPS + 1)
            for step in tf.range(MAX_STEPS):
                with tf.GradientTape() as tape:
                    loss = loss_of(self.point)
                gradient = tape.gradient(loss, self.point)
                positions = positions.write(step, self.point.read_value())
                losses = losses.write(step, loss)
                self.optimizer.apply([gradient], [self.point])
            positions = positions.write(MAX_STEPS, self.point.read_value())
            losses = losses.write(MAX_STEPS, loss_of(self.point))
            return positions.stack(), losses.stack()

        # XLA turns the whole loop into one compiled kernel: ~1 ms for 500 steps on a 2-core CPU, where the
        # plain graph took ~40 ms on the first call of every Streamlit rerun. A build of TensorFlow without
        # XLA falls back to the plain graph.
        self._compiled = tf.function(loop, jit_compile=True)
        self._plain = tf.function(loop)
        self._use_xla = True

    def _run(self, start: tf.Tensor):
        if self._use_xla:
            try:
                return self._compiled(start)
            except (tf.errors.InvalidArgumentError, tf.errors.UnimplementedError, tf.errors.NotFoundError):
                self._use_xla = False
        return self._plain(start)

    def __call__(self, learning_rate: float, steps: int, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with self.lock:
            # A fresh optimizer in all but name: zero iterations, zero momentum / moving averages.
            learning_rate_variable = self.optimizer.learning_rate
            for variable in self.optimizer.variables:
                if variable is not learning_rate_variable:
                    variable.assign(tf.zeros(variable.shape, dtype=variable.dtype))
            self.optimizer.learning_rate = learning_rate
            positions, losses = self._run(tf.constant(start, dtype=tf.float32))
            return positions.numpy()[: steps + 1].astype(np.float64), losses.numpy()[: steps + 1].astype(np.float64)


@functools.lru_cache(maxsize=64)
def _runner(surface_key: str, optimizer_key: str) -> _DescentRunner:
    return _DescentRunner(surface_key, optimizer_key)


def first_divergence(positions: np.ndarray, losses: np.ndarray, radius: float = DIVERGENCE_RADIUS) -> int | None:
    """The first step whose loss or point is not finite, or whose point is farther than ``radius``."""
    with np.errstate(invalid="ignore", over="ignore"):
        bad = (
            ~np.isfinite(losses)
            | ~np.all(np.isfinite(positions), axis=1)
            | (np.linalg.norm(positions, axis=1) > radius)
        )
    indices = np.flatnonzero(bad)
    return int(indices[0]) if indices.size else None


def descend(surface_key: str, optimizer_key: str, learning_rate: float, steps: int, start) -> Trajectory:
    """Run ``steps`` updates of the named Keras optimizer from ``start`` on the named surface."""
    get_surface(surface_key)  # a clear error for an unknown surface
    if optimizer_key not in OPTIMIZER_KEYS:
        raise ValueError(f"Unknown optimizer {optimizer_key!r}; choose one of {OPTIMIZER_KEYS}.")
    if not (isinstance(learning_rate, (int, float)) and math.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"The learning rate must be a positive number, got {learning_rate!r}.")
    if not (isinstance(steps, (int, np.integer)) and 1 <= steps <= MAX_STEPS):
        raise ValueError(f"The number of steps must be an integer from 1 to {MAX_STEPS}, got {steps!r}.")
    start = np.asarray(start, dtype=np.float64)
    if start.shape != (2,) or not np.all(np.isfinite(start)):
        raise ValueError("The start point must be two finite numbers (x, y).")

    positions, losses = _runner(surface_key, optimizer_key)(float(learning_rate), int(steps), start)
    diverged_at = first_divergence(positions, losses)
    if diverged_at is not None:
        positions, losses = positions[:diverged_at], losses[:diverged_at]
    return Trajectory(optimizer_key, positions, losses, diverged_at)


def race(surface_key: str, optimizer_keys, learning_rate: float, steps: int, start) -> dict[str, Trajectory]:
    """Every chosen optimizer from the same start with the same learning rate."""
    return {key: descend(surface_key, key, learning_rate, steps, start) for key in optimizer_keys}
