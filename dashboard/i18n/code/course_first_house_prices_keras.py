import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 100


def load_table():
    # {first.course.house.code.data}
    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
        # {first.course.house.code.b_column}
        x_train, x_test = np.delete(x_train, 11, axis=1), np.delete(x_test, 11, axis=1)
        name = "Boston house prices (keras.datasets, column B dropped)"
        return name, x_train, y_train, x_test, y_test
    except Exception as error:
        print(f"No download ({type(error).__name__}): using scikit-learn's diabetes table instead.")
        from sklearn.datasets import load_diabetes
        from sklearn.model_selection import train_test_split

        table = load_diabetes(scaled=False)
        x_train, x_test, y_train, y_test = train_test_split(
            table.data, table.target, test_size=0.2, random_state=0
        )
        return "diabetes progression (scikit-learn)", x_train, y_train, x_test, y_test


name, x_train, y_train, x_test, y_test = load_table()
x_train, x_test = x_train.astype("float32"), x_test.astype("float32")
y_train, y_test = y_train.astype("float32"), y_test.astype("float32")
n_features = x_train.shape[1]
print(f"{name}: {len(x_train)} training rows, {len(x_test)} test rows, {n_features} features")

keras.utils.set_random_seed(0)
# {first.course.house.code.input}
model = keras.Sequential(
    [
        keras.Input(shape=(n_features,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mean_squared_error", metrics=["mae"])
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=2)

# {first.course.house.code.evaluate}
predicted = model.predict(x_test, verbose=0).reshape(-1)
mae = float(np.mean(np.abs(predicted - y_test)))
rmse = float(np.sqrt(np.mean((predicted - y_test) ** 2)))
mean_guess = float(y_train.mean())
baseline_mae = float(np.mean(np.abs(mean_guess - y_test)))
baseline_rmse = float(np.sqrt(np.mean((mean_guess - y_test) ** 2)))
print(f"test MAE {mae:.2f}, RMSE {rmse:.2f}")
print(f"always guessing the training mean ({mean_guess:.1f}):")
print(f"  MAE {baseline_mae:.2f}, RMSE {baseline_rmse:.2f}")
print("first five test rows, predicted vs actual:")
for guess, actual in zip(predicted[:5], y_test[:5]):
    print(f"  {guess:8.1f}  {actual:8.1f}")
