import numpy as np

# {math.code.on_screen}
M = np.array([[2.0, 0.0], [0.0, 0.5]])

print("det =", np.linalg.det(M))  # {math.code.transform.det}
eigenvalues, eigenvectors = np.linalg.eig(M)  # {math.code.transform.eig}
for value, vector in zip(eigenvalues, eigenvectors.T):
    print("λ =", np.round(value, 4), " v =", np.round(vector, 4), " M v = λ v:", np.allclose(M @ vector, value * vector))

angles = np.linspace(0, 2 * np.pi, 200)
circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
ellipse = circle @ M.T  # {math.code.transform.points}
print("{math.code.transform.widest}", np.round(np.abs(ellipse).max(axis=0), 4))
