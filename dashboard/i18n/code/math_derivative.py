import keras
import sympy
import tensorflow as tf

# {math.code.on_screen}
f = lambda x: x**2
X = sympy.Symbol("x", real=True)
formula = X**2
x0 = 1.0
h = 0.001
dtype = tf.float64

x = tf.Variable(x0, dtype=tf.float64)
with tf.GradientTape() as tape:
    y = f(x)
slope = float(tape.gradient(y, x))  # {math.code.derivative.autodiff}

# {math.code.derivative.central}
right, left, step = (tf.constant(value, dtype) for value in (x0 + h, x0 - h, h))
estimate = float((f(right) - f(left)) / (2 * step))
symbolic = sympy.diff(formula, X)  # {math.code.derivative.symbolic}
print("autodiff:", slope)
print("{math.code.derivative.central_label}", estimate, " |error|:", abs(estimate - slope))
print("sympy:", symbolic, "=", float(symbolic.subs(X, x0)))
