import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 50 if QUICK_RUN else 500

# {first.course.identity.code.data}
x = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32").reshape(-1, 1)
y = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32").reshape(-1, 1)

# {first.course.identity.code.seed}
keras.utils.set_random_seed(0)
# {first.course.identity.code.model}
model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
initial_weight = float(model.layers[0].get_weights()[0].ravel()[0])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mean_squared_error")
history = model.fit(x, y, epochs=EPOCHS, verbose=0)

weight, bias = (float(value.ravel()[0]) for value in model.layers[0].get_weights())
final_loss = history.history["loss"][-1]
prediction = float(model.predict(np.array([[6.0]], dtype="float32"), verbose=0)[0, 0])
print(f"initial w = {initial_weight:.3f}")
print(f"after {EPOCHS} epochs: w = {weight:.3f}, b = {bias:.3f}, loss = {final_loss:.4f}")
# {first.course.identity.code.result}
print(f"x = 6 -> {prediction:.3f}")
