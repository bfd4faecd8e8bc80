"""Sampling, densities and running moments from core.lessons.math.probability."""

import numpy as np
import pytest
from scipy import integrate

from core.lessons.math import probability


def test_gaussian_moments_and_density():
    assert probability.gaussian_moments(1.0, 2.0) == pytest.approx((1.0, 4.0))
    area, _ = integrate.quad(lambda x: probability.gaussian_density(1.0, 2.0, x), -30, 30)
    assert area == pytest.approx(1.0)
    assert probability.gaussian_density(0.0, 1.0, [0.0])[0] == pytest.approx(1 / np.sqrt(2 * np.pi))


def test_bernoulli_mass_and_moments():
    np.testing.assert_allclose(probability.bernoulli_mass(0.3), [0.7, 0.3])
    assert probability.bernoulli_moments(0.3) == pytest.approx((0.3, 0.21))


def test_same_seed_same_sample_and_different_seed_differs():
    first = probability.gaussian_sample(0.0, 1.0, 100, seed=7)
    np.testing.assert_array_equal(first, probability.gaussian_sample(0.0, 1.0, 100, seed=7))
    assert not np.array_equal(first, probability.gaussian_sample(0.0, 1.0, 100, seed=8))


def test_bernoulli_sample_is_zeros_and_ones_with_the_right_share():
    sample = probability.bernoulli_sample(0.25, 20_000, seed=0)
    assert set(np.unique(sample)) <= {0, 1}
    frequencies = probability.observed_frequencies(sample)
    assert frequencies.sum() == pytest.approx(1.0)
    assert frequencies[1] == pytest.approx(0.25, abs=0.02)


def test_observed_frequencies_of_a_constant_sample():
    np.testing.assert_allclose(probability.observed_frequencies(np.ones(5, dtype=int)), [0.0, 1.0])


def test_running_moments_match_numpy_at_every_length():
    sample = probability.gaussian_sample(100.0, 0.01, 500, seed=3)
    means, variances = probability.running_moments(sample)
    assert np.isnan(variances[0])
    for n in (2, 10, 500):
        assert means[n - 1] == pytest.approx(sample[:n].mean())
        assert variances[n - 1] == pytest.approx(sample[:n].var(ddof=1), rel=1e-6)


def test_law_of_large_numbers():
    sample = probability.gaussian_sample(2.0, 3.0, 50_000, seed=0)
    mean, variance = probability.sample_moments(sample)
    assert mean == pytest.approx(2.0, abs=0.05)
    assert variance == pytest.approx(9.0, rel=0.03)


def test_histogram_is_a_density():
    histogram = probability.density_histogram(probability.gaussian_sample(0.0, 1.0, 1000, seed=1), bins=30)
    assert np.sum(histogram.density * histogram.widths) == pytest.approx(1.0)
    assert len(histogram.centers) == 30


def test_single_sample_has_no_variance():
    assert probability.sample_moments([4.0]) == (4.0, None)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: probability.gaussian_sample(0.0, 0.0, 10, 0), "standard deviation"),
        (lambda: probability.gaussian_sample(0.0, -1.0, 10, 0), "standard deviation"),
        (lambda: probability.gaussian_sample(float("nan"), 1.0, 10, 0), "mean"),
        (lambda: probability.gaussian_sample(0.0, 1.0, 0, 0), "number of samples"),
        (lambda: probability.bernoulli_sample(1.5, 10, 0), "probability"),
        (lambda: probability.bernoulli_mass(-0.1), "probability"),
        (lambda: probability.running_moments([]), "no samples"),
        (lambda: probability.density_histogram([]), "no samples"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
