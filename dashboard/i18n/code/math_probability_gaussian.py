import numpy as np
from scipy import stats

# {math.code.on_screen}
mean, std = 0.0, 1.0
count = 1000
seed = 0

rng = np.random.default_rng(seed)
samples = stats.norm(loc=mean, scale=std).rvs(size=count, random_state=rng)
print("{math.code.probability.sample}", samples.mean(), samples.var(ddof=1))
print("{math.code.probability.theory}", mean, std**2)
print("{math.code.probability.density}", stats.norm.pdf(mean, loc=mean, scale=std))
running_mean = np.cumsum(samples) / np.arange(1, count + 1)  # {math.code.probability.running}
print(running_mean[[0, 9, -1]])
