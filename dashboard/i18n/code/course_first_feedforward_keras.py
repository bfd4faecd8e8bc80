import os

import numpy as np
import keras
from keras import layers
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 2 if QUICK_RUN else 200

# {first.course.feedforward.code.data}
table = load_diabetes(scaled=False)
x_train, x_test, y_train, y_test = train_test_split(table.data, table.target, test_size=0.2, random_state=0)
x_train, x_test = x_train.astype("float32"), x_test.astype("float32")
# {first.course.feedforward.code.scale}
y_mean, y_std = float(y_train.mean()), float(y_train.std())
normalization = layers.Normalization()
normalization.adapt(x_train)

keras.utils.set_random_seed(0)
# {first.course.feedforward.code.model}
model = keras.Sequential(
    [
        keras.Input(shape=(10,)),
        normalization,
        layers.Dense(5, activation="relu"),
        layers.Dense(1),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mean_squared_error")
history = model.fit(x_train, (y_train - y_mean) / y_std, epochs=EPOCHS, batch_size=32, verbose=0)
for epoch, loss in enumerate(history.history["loss"], start=1):
    if epoch == 1 or epoch % 20 == 0 or epoch == EPOCHS:
        print(f"epoch {epoch}: training loss {loss:.3f} (standardised units)")

# {first.course.feedforward.code.evaluate}
predicted = model.predict(x_test, verbose=0).reshape(-1) * y_std + y_mean
mae = float(np.mean(np.abs(predicted - y_test)))
rmse = float(np.sqrt(np.mean((predicted - y_test) ** 2)))
baseline_mae = float(np.mean(np.abs(y_mean - y_test)))
baseline_rmse = float(np.sqrt(np.mean((y_mean - y_test) ** 2)))
print(f"test MAE {mae:.1f}, RMSE {rmse:.1f}")
print(f"always guessing the training mean: MAE {baseline_mae:.1f}, RMSE {baseline_rmse:.1f}")
