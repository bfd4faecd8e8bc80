import numpy as np
import keras

# {math.code.on_screen}
A = np.array([[1.0, 2.0], [3.0, 4.0]])
B = np.array([[5.0, 6.0], [7.0, 8.0]])
row, column = 0, 0

print(A @ B)  # {math.code.matrices.numpy}
print(keras.ops.convert_to_numpy(keras.ops.matmul(A, B)))  # {math.code.matrices.keras}
print(A[row, :] @ B[:, column])  # {math.code.matrices.entry}
