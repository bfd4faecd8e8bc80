"""Sampling from a Gaussian and a Bernoulli, and watching the sample agree with the theory.

Densities, mass functions, means and variances come from ``scipy.stats``; samples are drawn with a seeded
numpy ``Generator`` so the same seed always gives the same picture (in every session and in tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

MAX_SAMPLES = 100_000


def _check_count(count: int) -> int:
    if not isinstance(count, (int, np.integer)) or not 1 <= count <= MAX_SAMPLES:
        raise ValueError(f"The number of samples must be an integer from 1 to {MAX_SAMPLES:,}, got {count!r}.")
    return int(count)


def _check_gaussian(mean: float, std: float) -> None:
    if not math.isfinite(mean):
        raise ValueError("The mean must be a finite number.")
    if not (math.isfinite(std) and std > 0):
        raise ValueError(f"The standard deviation must be positive, got {std!r}.")


def _check_probability(probability: float) -> None:
    if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
        raise ValueError(f"A probability must lie between 0 and 1, got {probability!r}.")


def gaussian_sample(mean: float, std: float, count: int, seed: int) -> np.ndarray:
    _check_gaussian(mean, std)
    return stats.norm(loc=mean, scale=std).rvs(size=_check_count(count), random_state=np.random.default_rng(seed))


def gaussian_density(mean: float, std: float, xs) -> np.ndarray:
    _check_gaussian(mean, std)
    return stats.norm.pdf(np.asarray(xs, dtype=np.float64), loc=mean, scale=std)


def gaussian_moments(mean: float, std: float) -> tuple[float, float]:
    """E[X] and Var[X] of N(mean, std^2), as scipy computes them."""
    _check_gaussian(mean, std)
    expectation, variance = stats.norm(loc=mean, scale=std).stats(moments="mv")
    return float(expectation), float(variance)


def bernoulli_sample(probability: float, count: int, seed: int) -> np.ndarray:
    _check_probability(probability)
    return stats.bernoulli(probability).rvs(size=_check_count(count), random_state=np.random.default_rng(seed))


def bernoulli_mass(probability: float) -> np.ndarray:
    """P(X = 0) and P(X = 1)."""
    _check_probability(probability)
    return stats.bernoulli.pmf([0, 1], probability)


def bernoulli_moments(probability: float) -> tuple[float, float]:
    _check_probability(probability)
    expectation, variance = stats.bernoulli(probability).stats(moments="mv")
    return float(expectation), float(variance)


@dataclass(frozen=True)
class Histogram:
    edges: np.ndarray  # bins + 1 edges
    density: np.ndarray  # normalised so the bars' total area is 1, comparable with a pdf

    @property
    def centers(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2

    @property
    def widths(self) -> np.ndarray:
        return np.diff(self.edges)


def density_histogram(samples, bins: int = 40) -> Histogram:
    samples = np.asarray(samples, dtype=np.float64)
    if samples.size == 0:
        raise ValueError("There are no samples to draw a histogram of.")
    if bins < 1:
        raise ValueError("A histogram needs at least one bin.")
    density, edges = np.histogram(samples, bins=bins, density=True)
    return Histogram(edges, density)


def observed_frequencies(samples) -> np.ndarray:
    """Share of 0s and of 1s in a Bernoulli sample."""
    samples = np.asarray(samples)
    if samples.size == 0:
        raise ValueError("There are no samples to count.")
    return np.bincount(samples.astype(np.int64), minlength=2)[:2] / samples.size


def running_moments(samples) -> tuple[np.ndarray, np.ndarray]:
    """Sample mean and unbiased sample variance of the first n samples, for every n.

    The variance of a single sample is undefined (NaN). Sums are taken around the first sample, which
    keeps the "mean of squares minus square of mean" formula accurate when the mean is large.
    """
    samples = np.asarray(samples, dtype=np.float64)
    if samples.size == 0:
        raise ValueError("There are no samples.")
    shifted = samples - samples[0]
    counts = np.arange(1, samples.size + 1, dtype=np.float64)
    sums = np.cumsum(shifted)
    sums_of_squares = np.cumsum(shifted * shifted)
    running_mean = samples[0] + sums / counts
    variance = np.full(samples.size, np.nan)
    if samples.size > 1:
        n = counts[1:]
        variance[1:] = (sums_of_squares[1:] - sums[1:] ** 2 / n) / (n - 1)
        variance = np.maximum(variance, 0.0, where=np.isfinite(variance), out=variance)
    return running_mean, variance


def sample_moments(samples) -> tuple[float, float | None]:
    """Sample mean and unbiased sample variance (None for a single sample)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.size == 0:
        raise ValueError("There are no samples.")
    variance = float(np.var(samples, ddof=1)) if samples.size > 1 else None
    return float(np.mean(samples)), variance
