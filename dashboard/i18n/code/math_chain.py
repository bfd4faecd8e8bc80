import keras
import tensorflow as tf

# {math.code.on_screen}
w, b = 2.0, -1.0
inner = lambda x: w * x + b
outer = keras.activations.sigmoid
x0 = 1.0

x = tf.constant(x0, dtype=tf.float64)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    u = inner(x)
    y = outer(u)
du_dx = float(tape.gradient(u, x))
dy_du = float(tape.gradient(y, u))
dy_dx = float(tape.gradient(y, x))  # {math.code.chain.whole}
print("u =", float(u), " y =", float(y))
print("dy/du × du/dx =", dy_du * du_dx, " autodiff dy/dx =", dy_dx)  # {math.code.chain.same}
