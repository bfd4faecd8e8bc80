import os

import numpy as np

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
COUNT = 1_000 if QUICK_RUN else 100_000
rng = np.random.default_rng(0)  # {math.course.code.seed}

# {math.course.code.coin}
tosses = rng.integers(0, 2, size=10)
print("ten tosses:", tosses)

# {math.course.code.gaussian}
gaussian = rng.normal(loc=0.0, scale=1.0, size=COUNT)
print("Gaussian: mean", round(gaussian.mean(), 3), "variance", round(gaussian.var(), 3))  # ≈ 0, 1

# {math.course.code.bernoulli}
p = 0.3
bernoulli = rng.binomial(n=1, p=p, size=COUNT)
print("Bernoulli: mean", round(bernoulli.mean(), 3), "variance", round(bernoulli.var(), 3))
print("theory:    mean", p, "variance", p * (1 - p))  # {math.course.code.theory}

# {math.course.code.expectation}
values = np.array([0, 1])
probabilities = np.array([0.5, 0.5])
expectation = np.sum(values * probabilities)
variance = np.sum((values - expectation) ** 2 * probabilities)
print("coin: E[X] =", expectation, "Var[X] =", variance)  # 0.5, 0.25
