import numpy as np
import keras

inputs = np.array([[1.0, 2.0]])     # {act.code.neuron.one_sample}
weights = np.array([[0.5], [-0.3]])  # w1, w2
bias = np.array([0.1])

# {act.code.neuron.by_hand}
z = inputs @ weights + bias
print("z =", z, "a =", keras.activations.sigmoid(z))

# {act.code.neuron.as_layer}
neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build(inputs.shape)
neuron.set_weights([weights, bias])
print(neuron(inputs))
