import numpy as np
import keras
import tensorflow as tf

x = np.linspace(-6.0, 6.0, 401)
x_tensor = tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(x_tensor)
    y = keras.activations.sigmoid(x_tensor)
slopes = np.abs(tape.gradient(y, x_tensor).numpy())

dead = slopes == 0.0                                     # {act.code.focus.dead}
saturating = (slopes > 0) & (slopes < 0.05 * slopes.max())  # {act.code.focus.saturating}
# {act.code.focus.two_tails}
print("{act.code.focus.saturating_left}", round(x[saturating & (x < 0)].max(), 2))
print("{act.code.focus.saturating_right}", round(x[saturating & (x > 0)].min(), 2))
