import numpy as np
import sympy
import tensorflow as tf

# {math.code.on_screen}
f = lambda x, y: x**2 + y**2
X, Y = sympy.symbols("x y", real=True)
formula = X**2 + Y**2
x0, y0 = -3.0, 2.5

x = tf.Variable(x0, dtype=tf.float64)
y = tf.Variable(y0, dtype=tf.float64)
with tf.GradientTape() as tape:
    z = f(x, y)
df_dx, df_dy = (float(value) for value in tape.gradient(z, [x, y]))
print("autodiff: ∂f/∂x =", df_dx, " ∂f/∂y =", df_dy)

# {math.code.gradient.symbolic}
partials = [sympy.diff(formula, symbol) for symbol in (X, Y)]
print("sympy:", partials, "=", [float(partial.subs({X: x0, Y: y0})) for partial in partials])

# {math.code.gradient.field}
grid_x, grid_y = (tf.constant(g) for g in np.meshgrid(np.linspace(-5, 5, 15), np.linspace(-5, 5, 15)))
with tf.GradientTape() as tape:
    tape.watch([grid_x, grid_y])
    z = f(grid_x, grid_y)
field_x, field_y = tape.gradient(z, [grid_x, grid_y])
print("field:", field_x.shape, field_y.shape)
