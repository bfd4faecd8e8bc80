import numpy as np
import keras


# {act.course.code.functions}
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def tanh(x):
    return np.tanh(x)


# {act.course.code.neuron}
inputs = np.array([1.0, 2.0, 3.0])
weights = np.array([0.2, 0.8, -0.5])
bias = 2.0
z = np.dot(inputs, weights) + bias
print("z =", z)
for name, activation in (("sigmoid", sigmoid), ("relu", relu), ("tanh", tanh)):
    print(name, "->", round(float(activation(z)), 6))

# {act.course.code.keras}
points = np.linspace(-5.0, 5.0, 11)
for name, activation in (("sigmoid", sigmoid), ("relu", relu), ("tanh", tanh)):
    by_keras = keras.ops.convert_to_numpy(getattr(keras.activations, name)(points))
    print(name, "NumPy == Keras:", np.allclose(activation(points), by_keras, atol=1e-6))
