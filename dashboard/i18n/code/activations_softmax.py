import numpy as np
import keras

logits = np.array([2.0, 1.0, 0.1, -1.0])
for temperature in (0.1, 1.0, 10.0):
    probabilities = keras.activations.softmax(logits / temperature)
    print(temperature, np.round(np.asarray(probabilities), 3))

# {act.code.softmax.shift}
print(keras.activations.softmax(np.array([1e6, 1e6 + 1.0])))
