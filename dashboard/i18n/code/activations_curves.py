import numpy as np
import keras
import tensorflow as tf

x = tf.constant(np.linspace(-6.0, 6.0, 401))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = keras.activations.relu(x)  # {act.code.curves.other_functions}
# {act.code.curves.element_wise}
slopes = tape.gradient(y, x)
print(y.numpy()[:3], slopes.numpy()[:3])
