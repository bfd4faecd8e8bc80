import numpy as np

# {math.code.spaces.course}
print(np.array([1, 2, 3]) + np.array([4, 5, 6]))

# {math.code.on_screen}
u = [1.0, 2.0, 3.0]
v = [4.0, 5.0, 6.0]
w = [5.0, 7.0, 9.0]

vectors = np.array([u, v])
rank = np.linalg.matrix_rank(vectors)  # {math.code.spaces.rank}
print("rank =", rank, "{math.code.spaces.independent_label}", rank == 2)

# {math.code.spaces.coefficients}
(a, b), *_ = np.linalg.lstsq(vectors.T, np.array(w), rcond=None)
closest = a * np.array(u) + b * np.array(v)
distance = np.linalg.norm(closest - np.array(w))
print("a =", round(a, 4), "b =", round(b, 4), "{math.code.spaces.distance_label}", round(distance, 6))
