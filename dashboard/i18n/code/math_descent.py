import keras
import tensorflow as tf

# {math.code.on_screen}
f = lambda x, y: x**2 + 10 * y**2
start = [-4.5, 2.0]
LEARNING_RATE = 0.03
steps = 200
optimizers = {"adam": keras.optimizers.Adam(learning_rate=LEARNING_RATE)}

for name, optimizer in optimizers.items():
    point = tf.Variable(start, dtype=tf.float32)

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            loss = f(point[0], point[1])
        gradient = tape.gradient(loss, point)
        optimizer.apply([gradient], [point])  # {math.code.descent.apply}
        return loss

    for step in range(steps):
        loss = train_step()
    print(name, "->", point.numpy(), " f =", float(f(point[0], point[1])))
