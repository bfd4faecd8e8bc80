import numpy as np
from scipy import stats

# {math.code.on_screen}
p = 0.5
count = 1000
seed = 0

rng = np.random.default_rng(seed)
samples = stats.bernoulli(p).rvs(size=count, random_state=rng)
print("{math.code.probability.shares}", np.bincount(samples, minlength=2) / count)
print("{math.code.probability.theory}", stats.bernoulli.pmf([0, 1], p))
print("{math.code.probability.sample}", samples.mean(), samples.var(ddof=1), " p(1 − p) =", p * (1 - p))
running_mean = np.cumsum(samples) / np.arange(1, count + 1)  # {math.code.probability.running}
print(running_mean[[0, 9, -1]])
