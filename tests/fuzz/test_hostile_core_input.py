"""Hostile input for the math, activation and training-config entry points (see conftest.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hostile_input import assert_clear_error
from hypothesis import given
from hypothesis import strategies as st

from core.lessons import activations
from core.lessons.math import linear_algebra
from core.training.config import LAYER_KINDS, MAX_EPOCHS, MAX_LEARNING_RATE, TrainConfig

#: Any Unicode text, control characters and right-to-left scripts included.
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=300)
arabic_and_hebrew = st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=50)
any_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(10**30), max_value=10**30)
)
any_value = st.one_of(any_number, any_text, st.none(), st.booleans(), st.lists(any_number, max_size=4))


@given(st.one_of(any_text, arabic_and_hebrew, st.lists(any_number, max_size=30).map(lambda v: ",".join(map(str, v)))))
def test_softmax_logits_typed_by_a_learner(text):
    try:
        logits = activations.parse_logits(text)
    except Exception as error:  # noqa: BLE001 - the point of the test
        assert_clear_error(error)
        return
    probabilities = activations.softmax_with_temperature(logits, 1.0)
    assert np.all(np.isfinite(probabilities)) and math.isclose(probabilities.sum(), 1.0, rel_tol=1e-9)


def test_a_megabyte_of_logits_is_refused_plainly():
    for text in ("1," * 500_000, "\u202e" * 1_000_000, "9" * 1_000_000, "\x00\x01\x02" * 300_000):
        with pytest.raises(ValueError) as raised:
            activations.parse_logits(text)
        assert_clear_error(raised.value)


@given(st.lists(any_number, max_size=12), any_number)
def test_softmax_with_any_numbers_and_temperature(values, temperature):
    try:
        probabilities = activations.softmax_with_temperature(values, temperature)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
        return
    assert np.all(np.isfinite(probabilities))


@given(st.one_of(any_value, st.lists(st.lists(any_value, max_size=3), max_size=3)))
def test_matrices_and_vectors_of_anything(values):
    for parse in (linear_algebra.as_matrix, linear_algebra.as_vector, linear_algebra.analyse_transformation):
        try:
            parse(values)
        except Exception as error:  # noqa: BLE001
            assert_clear_error(error)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "learning_rate": any_value,
            "batch_size": any_value,
            "epochs": any_value,
            "seed": any_value,
            "validation_split": any_value,
            "noise": any_value,
            "test_fraction": any_value,
            "n_samples": any_value,
            "optimizer": any_value,
            "dataset": any_value,
        },
    )
)
def test_hyperparameters_at_and_beyond_their_slider_limits(fields):
    try:
        config = TrainConfig(task="toy_2d", **fields)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
        return
    assert 0 < config.learning_rate <= MAX_LEARNING_RATE and 1 <= config.epochs <= MAX_EPOCHS


@given(
    st.lists(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(LAYER_KINDS + ("lambda", "", "dense\x00"))},
            optional={
                "units": any_value,
                "rate": any_value,
                "activation": any_value,
                "filters": any_value,
                "kernel_size": any_value,
                "pool_size": any_value,
            },
        ),
        max_size=12,
    )
)
def test_layer_lists_from_the_network_editor(layers):
    try:
        TrainConfig(task="image_classifier", dataset="digits", architecture=layers)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)


@given(st.dictionaries(any_text, any_value, max_size=5))
def test_task_settings_of_any_shape(params):
    try:
        TrainConfig(task="toy_2d", params=params)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
