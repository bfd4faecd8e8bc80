"""The math page's probability: Gaussian and Bernoulli samples against the theory, the law of large numbers."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core.lessons.math import probability
from dashboard.figures.math import probability as figures
from dashboard.i18n import t
from dashboard.lessons.math.common import Code, chart, figure_title, number, show_code_sample
from dashboard.setups.math import DISTRIBUTIONS, MAX_SEED, SAMPLE_SIZES


@st.cache_data(max_entries=16, show_spinner=False)  # up to 100,000 samples (800 kB) each
def samples_for(distribution: str, parameter_a: float, parameter_b: float, count: int, seed: int) -> np.ndarray:
    if distribution == "gaussian":
        return probability.gaussian_sample(parameter_a, parameter_b, count, seed)
    return probability.bernoulli_sample(parameter_a, count, seed)


# --- 7. Probability ------------------------------------------------------------------------------


def probability_ui() -> tuple[str, float, float, int, int]:
    distribution_names = {"gaussian": t("math.probability.gaussian"), "bernoulli": t("math.probability.bernoulli")}
    distribution = st.radio(
        t("math.probability.distribution"),
        options=list(DISTRIBUTIONS),
        format_func=distribution_names.__getitem__,
        horizontal=True,
        key="math_probability_distribution",
    )
    columns = st.columns(4)
    if distribution == "gaussian":
        parameter_a = columns[0].slider(t("math.probability.mean"), -5.0, 5.0, 0.0, 0.1, key="math_probability_mean")
        parameter_b = columns[1].slider(t("math.probability.std"), 0.1, 5.0, 1.0, 0.1, key="math_probability_std")
    else:
        parameter_a = columns[0].slider(t("math.probability.p"), 0.0, 1.0, 0.3, 0.01, key="math_probability_p")
        parameter_b = 0.0
        columns[1].empty()
    count = columns[2].select_slider(
        t("math.probability.samples"),
        options=list(SAMPLE_SIZES),
        value=1_000,
        format_func=lambda n: f"{n:,}",
        key="math_probability_count",
    )
    seed = columns[3].number_input(
        t("math.probability.seed"), min_value=0, max_value=MAX_SEED, value=0, step=1, key="math_probability_seed"
    )
    return distribution, float(parameter_a), float(parameter_b), int(count), int(seed)


def probability_section() -> None:
    st.markdown(t("math.probability.idea"))
    distribution, parameter_a, parameter_b, count, seed = probability_ui()
    try:
        samples = samples_for(distribution, parameter_a, parameter_b, count, seed)
        if distribution == "gaussian":
            expectation, variance = probability.gaussian_moments(parameter_a, parameter_b)
            histogram = probability.density_histogram(samples, bins=min(60, max(10, int(math.sqrt(count)))))
            grid = np.linspace(parameter_a - 4.5 * parameter_b, parameter_a + 4.5 * parameter_b, 300)
            distribution_figure = figures.gaussian_figure(
                histogram.centers,
                histogram.widths,
                histogram.density,
                grid,
                probability.gaussian_density(parameter_a, parameter_b, grid),
            )
        else:
            expectation, variance = probability.bernoulli_moments(parameter_a)
            distribution_figure = figures.bernoulli_figure(
                probability.observed_frequencies(samples), probability.bernoulli_mass(parameter_a)
            )
        running_mean, running_variance = probability.running_moments(samples)
        sample_mean, sample_variance = probability.sample_moments(samples)
    except ValueError:
        st.warning(t("math.probability.invalid"))
        return
    if distribution == "gaussian":
        st.latex(
            r"X \sim \mathcal{N}(\mu, \sigma^2), \quad"
            r" p(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}},"
            r" \quad E[X] = \mu, \quad \operatorname{Var}[X] = \sigma^2"
        )
    else:
        st.latex(
            r"X \sim \operatorname{Bernoulli}(p), \quad P(X=1) = p, \quad"
            r" E[X] = p, \quad \operatorname{Var}[X] = p\,(1-p)"
        )
    left, right = st.columns(2)
    with left:
        figure_title(t("math.probability.figure.distribution_title"))
        chart(distribution_figure, key="math_probability_distribution_chart")
    with right:
        figure_title(t("math.probability.figure.convergence_title"))
        chart(
            figures.convergence_figure(running_mean, running_variance, expectation, variance),
            key="math_probability_convergence_chart",
        )
    columns = st.columns(4)
    columns[0].metric(t("math.probability.expectation_theory"), number(expectation))
    columns[1].metric(
        t("math.probability.sample_mean"),
        number(sample_mean),
        delta=f"{sample_mean - expectation:+.3g}",
        delta_color="off",
    )
    columns[2].metric(t("math.probability.variance_theory"), number(variance))
    columns[3].metric(
        t("math.probability.sample_variance"),
        "—" if sample_variance is None else number(sample_variance),
        delta=None if sample_variance is None else f"{sample_variance - variance:+.3g}",
        delta_color="off",
    )
    st.markdown(t("math.probability.lln"))
    if distribution == "gaussian":
        settings = {"mean, std": Code(f"{float(parameter_a)!r}, {float(parameter_b)!r}")}
    else:
        settings = {"p": float(parameter_a)}
    show_code_sample(f"math_probability_{distribution}", {**settings, "count": int(count), "seed": int(seed)})
