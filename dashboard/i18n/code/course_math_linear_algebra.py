import numpy as np

# {math.course.code.vectors}
a = np.array([1, 2, 3])
b = np.array([4, 5, 6])
print("a + b =", a + b)  # [5 7 9]

# {math.course.code.matrices}
A = np.array([[1, 2], [3, 4]])
B = np.array([[5, 6], [7, 8]])
C = np.dot(A, B)  # {math.course.code.same_as_at}
print("A · B =")
print(C)  # [[19 22] [43 50]]

# {math.course.code.eigen}
eigenvalues, eigenvectors = np.linalg.eig(A)
print("eigenvalues:", eigenvalues)
print("eigenvectors (columns):")
print(eigenvectors)

# {math.course.code.diagonal}
P, D = eigenvectors, np.diag(eigenvalues)
print("P D P⁻¹ == A:", np.allclose(P @ D @ np.linalg.inv(P), A))
