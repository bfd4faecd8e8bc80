import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 50 if QUICK_RUN else 500

# {first.course.identity.code.data}
x = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32").reshape(-1, 1)
y = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32").reshape(-1, 1)

keras.utils.set_random_seed(0)  # {first.course.identity.code.seed}
model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
model.fit(x, y, epochs=EPOCHS, verbose=0)

weight, bias = (float(value.ravel()[0]) for value in model.layers[0].get_weights())
prediction = float(model.predict(np.array([[6.0]], dtype="float32"), verbose=0)[0, 0])
print(f"w = {weight:.3f}, b = {bias:.3f}")
print(f"x = 6 -> {prediction:.3f}")  # {first.course.identity.code.result}
