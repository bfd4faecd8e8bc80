import numpy as np

# {math.code.on_screen}
a = np.array([3.0, 1.0])
b = np.array([1.0, 2.0])

total = a + b  # {math.code.vectors.sum}
dot = np.dot(a, b)  # {math.code.vectors.dot}
norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
print("a + b =", total)
print("a · b =", dot, " |a| =", round(norm_a, 4), " |b| =", round(norm_b, 4))
if norm_a > 0 and norm_b > 0:
    cos_theta = dot / (norm_a * norm_b)
    theta = np.degrees(np.arccos(np.clip(cos_theta, -1, 1)))
    projection = dot / np.dot(b, b) * b  # {math.code.vectors.shadow}
    print("θ =", round(theta, 1), "°", "{math.code.vectors.shadow_label}", projection)
else:
    print("{math.code.vectors.zero}")
