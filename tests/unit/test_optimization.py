"""Real Keras optimizers on 2-D surfaces, from core.lessons.math.optimization."""

import time

import numpy as np
import pytest

from core.lessons.math import calculus, optimization


def test_sgd_step_is_the_textbook_update():
    # One SGD step on x^2 + y^2 from (1, -2) with learning rate 0.1: p - 0.1 * 2p = 0.8 p.
    trajectory = optimization.descend("bowl", "sgd", 0.1, 1, (1.0, -2.0))
    np.testing.assert_allclose(trajectory.positions, [[1.0, -2.0], [0.8, -1.6]], rtol=1e-6)
    np.testing.assert_allclose(trajectory.losses, [5.0, 3.2], rtol=1e-6)


@pytest.mark.parametrize("optimizer_key", optimization.OPTIMIZER_KEYS)
def test_every_optimizer_goes_downhill_on_the_bowl(optimizer_key):
    trajectory = optimization.descend("bowl", optimizer_key, 0.05, 200, (-3.0, 2.5))
    assert trajectory.diverged_at is None
    assert trajectory.positions.shape == (201, 2)
    assert trajectory.final_loss < 0.01 * trajectory.losses[0]


def test_runs_do_not_leak_state_between_calls():
    first = optimization.descend("rosenbrock", "adam", 0.01, 50, (-1.5, 2.5))
    optimization.descend("rosenbrock", "adam", 0.3, 80, (1.5, -0.5))
    again = optimization.descend("rosenbrock", "adam", 0.01, 50, (-1.5, 2.5))
    np.testing.assert_allclose(first.positions, again.positions)


def test_momentum_beats_plain_sgd_on_the_elongated_bowl():
    trajectories = optimization.race("elongated_bowl", ["sgd", "momentum"], 0.003, 200, (-4.5, 2.0))
    assert trajectories["momentum"].final_loss < trajectories["sgd"].final_loss


def test_too_high_learning_rate_diverges_and_the_trajectory_is_clipped():
    trajectory = optimization.descend("elongated_bowl", "sgd", 1.0, 200, (-4.5, 2.0))
    assert trajectory.diverged_at is not None
    assert trajectory.steps_taken < 200
    assert np.all(np.isfinite(trajectory.positions)) and np.all(np.isfinite(trajectory.losses))


def test_first_divergence_finds_nan_inf_and_runaway_points():
    positions = np.array([[0.0, 0.0], [1.0, 1.0], [1e5, 0.0], [np.nan, 0.0]])
    losses = np.array([1.0, 2.0, 3.0, 4.0])
    assert optimization.first_divergence(positions, losses) == 2
    assert optimization.first_divergence(positions[:2], np.array([1.0, np.inf])) == 1
    assert optimization.first_divergence(positions[:2], losses[:2]) is None


def test_four_optimizers_times_200_steps_take_under_a_second_once_traced():
    surface = calculus.get_surface("himmelblau")
    optimization.race("himmelblau", optimization.OPTIMIZER_KEYS, 0.01, 200, surface.start)  # trace
    started = time.perf_counter()
    optimization.race("himmelblau", optimization.OPTIMIZER_KEYS, 0.02, 200, (1.0, 1.0))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "learning rate"),
        ({"learning_rate": float("nan")}, "learning rate"),
        ({"steps": 0}, "steps"),
        ({"steps": 10_000}, "steps"),
        ({"steps": optimization.MAX_STEPS + 1}, "steps"),
        ({"start": (1.0, float("inf"))}, "start"),
        ({"start": (1.0,)}, "start"),
        ({"optimizer_key": "lbfgs"}, "Unknown optimizer"),
        ({"surface_key": "moon"}, "Unknown surface"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, message):
    arguments = {"surface_key": "bowl", "optimizer_key": "sgd", "learning_rate": 0.1, "steps": 10, "start": (1.0, 1.0)}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        optimization.descend(**arguments)


def test_make_optimizer_returns_real_keras_optimizers():
    import keras

    assert isinstance(optimization.make_optimizer("adam", 0.1), keras.optimizers.Adam)
    momentum = optimization.make_optimizer("momentum", 0.1)
    assert isinstance(momentum, keras.optimizers.SGD) and momentum.momentum == 0.9


def test_plain_graph_fallback_gives_the_same_path_as_xla():
    compiled = optimization._DescentRunner("rosenbrock", "momentum")
    plain = optimization._DescentRunner("rosenbrock", "momentum")
    plain._use_xla = False  # what a TensorFlow build without XLA ends up using
    start = np.array([-1.5, 2.5])
    compiled_positions, compiled_losses = compiled(0.001, 60, start)
    plain_positions, plain_losses = plain(0.001, 60, start)
    np.testing.assert_allclose(compiled_positions, plain_positions, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(compiled_losses, plain_losses, rtol=1e-4, atol=1e-5)


def test_each_runner_is_traced_once_whatever_the_settings():
    runner = optimization._runner("elongated_bowl", "adam")
    for learning_rate, steps, start in [(0.01, 100, (-4.5, 2.0)), (1.0, 200, (-4.5, 2.0)), (0.0001, 1, (5.0, -3.0))]:
        runner(learning_rate, steps, np.array(start))
    assert runner._compiled.experimental_get_tracing_count() == 1
