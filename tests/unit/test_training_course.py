"""The /training lesson's reference numbers and the loss of one prediction (core.lessons.training): chance and
majority-class levels computed from the labels, -ln p(true class) as Keras computes the loss, and what a course that
watches its validation curve on the test set would report."""

import math

import numpy as np
import pytest

from core.lessons.training import (
    accuracy_noise,
    epoch_selection,
    prediction_loss,
    prediction_losses,
    reference_levels,
)


def test_reference_levels_are_computed_from_the_labels():
    levels = reference_levels([0, 1, 1, 2, 1], n_classes=3)
    assert levels.chance == pytest.approx(1 / 3)
    assert levels.majority == pytest.approx(0.6)
    assert (levels.majority_class, levels.majority_count, levels.total) == (1, 3, 5)
    # A class absent from the test set still counts for the chance level: a guess among 10 digits is right 10 %.
    assert reference_levels([7, 7, 3], n_classes=10).chance == pytest.approx(0.1)
    # Ties go to the lowest class number; a balanced two-class set: chance = majority = 50 %.
    balanced = reference_levels([1, 0, 1, 0], n_classes=2)
    assert (balanced.majority_class, balanced.majority, balanced.chance) == (0, 0.5, 0.5)


def test_reference_levels_of_the_offline_mnist_test_set_are_not_hard_coded():
    from core.data.loaders import load_dataset

    labels = np.asarray(load_dataset("mnist").y_test)
    levels = reference_levels(labels, 10)
    counts = np.bincount(labels, minlength=10)
    assert levels.majority == pytest.approx(counts.max() / len(labels))
    assert levels.majority_class == int(np.argmax(counts))
    # The built-in 1,000 test digits are stratified, 100 per digit: always answering "0" is no better than chance.
    assert levels.chance <= levels.majority < 0.2


@pytest.mark.parametrize("bad", [([], 3), ([0, 1], 0)])
def test_reference_levels_refuse_empty_sets_and_no_classes(bad):
    with pytest.raises(ValueError):
        reference_levels(*bad)


def test_the_loss_of_one_prediction_is_what_keras_computes():
    import keras

    probabilities = np.array(
        [[0.7, 0.2, 0.1], [0.05, 0.9, 0.05], [0.3, 0.3, 0.4], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32
    )
    labels = np.array([0, 2, 2, 0, 0])
    keras_loss = keras.losses.SparseCategoricalCrossentropy(reduction=None)
    expected = np.asarray(keras_loss(labels, probabilities), dtype=np.float64)
    ours = [prediction_loss(row, label) for row, label in zip(probabilities, labels, strict=True)]
    # Keras computes in float32: -ln(1 - 1e-7) is 2.4e-7 there, 1.0e-7 in float64.
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(prediction_losses(probabilities, labels), expected, rtol=1e-5, atol=1e-6)
    assert ours[0] == pytest.approx(-math.log(0.7))  # -ln p(true class), by hand
    assert ours[3] == pytest.approx(-math.log(1e-7))  # p = 0 is clipped as Keras clips it, not infinite
    # The curve's loss is their mean over a batch: Keras' default reduction.
    mean = float(keras.losses.SparseCategoricalCrossentropy()(labels, probabilities))
    assert float(np.mean(ours)) == pytest.approx(mean, rel=1e-5)


def test_the_loss_of_one_prediction_refuses_a_class_it_does_not_have():
    with pytest.raises(ValueError):
        prediction_loss([0.5, 0.5], 2)
    with pytest.raises(ValueError):
        prediction_loss([0.0, 0.0], 0)


def test_picking_the_best_epoch_by_the_watched_set():
    selection = epoch_selection({"val_accuracy": (0.90, 0.95, 0.93), "loss": (1.0, 0.5, 0.4)})
    assert (selection.best_epoch, selection.best, selection.last) == (2, 0.95, 0.93)
    assert epoch_selection({"loss": (1.0,)}) is None
    assert epoch_selection({}) is None


def test_the_noise_of_an_accuracy():
    assert accuracy_noise(0.9, 100) == pytest.approx(0.03)
    assert accuracy_noise(1.0, 50) == 0.0
    with pytest.raises(ValueError):
        accuracy_noise(0.5, 0)
