import os
import pickle
from pathlib import Path

import keras
import numpy as np
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10
BATCH_SIZE = 64
CLASSES = ("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")

# {train.course.cifar.code.where}
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
DATASETS = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"
FOLDER = DATASETS / "cifar-10-batches-py-target" / "cifar-10-batches-py"


class BatchUnpickler(pickle.Unpickler):
    # {train.course.cifar.code.unpickler}
    def find_class(self, module, name):
        if name in ("_reconstruct", "ndarray", "dtype") and module.startswith("numpy"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a CIFAR-10 batch")


def read_batch(name):
    # {train.course.cifar.code.batch_keras}
    with open(FOLDER / name, "rb") as file:
        batch = BatchUnpickler(file, encoding="bytes").load()
    images = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return images, np.asarray(batch[b"labels"], dtype=np.int64)


if not (FOLDER / "test_batch").is_file():
    # {train.course.cifar.code.get_file}
    keras.utils.get_file("cifar-10-batches-py-target", origin=URL, extract=True, file_hash=SHA256)
train_parts = [read_batch(f"data_batch_{number}") for number in range(1, 6)]
x_train = np.concatenate([images for images, _ in train_parts])
y_train = np.concatenate([labels for _, labels in train_parts])
x_test, y_test = read_batch("test_batch")
if QUICK_RUN:
    x_train, y_train, x_test, y_test = x_train[:500], y_train[:500], x_test[:200], y_test[:200]
print(f"{len(x_train)} training photos, {len(x_test)} test photos")

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Rescaling(1 / 127.5, offset=-1),  # {train.course.cifar.code.rescaling}
        layers.Conv2D(6, 5, activation="relu"),  # {train.course.cifar.code.conv1}
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 5, activation="relu"),  # {train.course.cifar.code.conv2}
        layers.MaxPooling2D(2),
        layers.Flatten(),  # {train.course.cifar.code.fc1}
        layers.Dense(120, activation="relu"),
        layers.Dense(84, activation="relu"),
        layers.Dense(10),  # {train.course.cifar.code.logits}
    ]
)
weights = model.count_params()
print(f"weights: {weights:,}")
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.001, momentum=0.9),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
# {train.course.cifar.code.fit}
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=2)

predicted = model.predict(x_test, verbose=0).argmax(axis=1)
total = len(y_test)
accuracy = float((predicted == y_test).mean())
print(f"Accuracy of the network on the {total} test images: {accuracy:.1%} (chance: 10.0%)")
for label, name in enumerate(CLASSES):  # {train.course.cifar.code.per_class}
    class_accuracy = float((predicted[y_test == label] == label).mean())
    print(f"  {name:6s} {class_accuracy:.0%}")
