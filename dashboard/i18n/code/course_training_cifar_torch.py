import hashlib
import os
import pickle
import tarfile
import urllib.request
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10
BATCH_SIZE = 64
PRINT_EVERY = 5 if QUICK_RUN else 2000
CLASSES = ("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")

# {train.course.cifar.code.where}
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
DATASETS = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"
FOLDER = DATASETS / "cifar-10-batches-py-target" / "cifar-10-batches-py"


def download():
    # {train.course.cifar.code.download}
    DATASETS.mkdir(parents=True, exist_ok=True)
    archive = DATASETS / "cifar-10-python.tar.gz"
    urllib.request.urlretrieve(URL, archive)
    if hashlib.sha256(archive.read_bytes()).hexdigest() != SHA256:
        raise ValueError("the downloaded archive is damaged: delete it and run again")
    with tarfile.open(archive) as tar:
        tar.extractall(FOLDER.parent, filter="data")


class BatchUnpickler(pickle.Unpickler):
    # {train.course.cifar.code.unpickler}
    def find_class(self, module, name):
        if name in ("_reconstruct", "ndarray", "dtype") and module.startswith("numpy"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a CIFAR-10 batch")


def read_batch(name):
    # {train.course.cifar.code.batch}
    with open(FOLDER / name, "rb") as file:
        batch = BatchUnpickler(file, encoding="bytes").load()
    images = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
    return images, np.asarray(batch[b"labels"], dtype=np.int64)


def to_tensors(images, labels):
    # {train.course.cifar.code.normalize}
    x = torch.tensor(images, dtype=torch.float32) / 255.0
    x = (x - 0.5) / 0.5
    return torch.utils.data.TensorDataset(x, torch.tensor(labels))


if not (FOLDER / "test_batch").is_file():
    download()
train_parts = [read_batch(f"data_batch_{number}") for number in range(1, 6)]
x_train = np.concatenate([images for images, _ in train_parts])
y_train = np.concatenate([labels for _, labels in train_parts])
x_test, y_test = read_batch("test_batch")
if QUICK_RUN:
    x_train, y_train, x_test, y_test = x_train[:500], y_train[:500], x_test[:200], y_test[:200]
print(f"{len(x_train)} training photos, {len(x_test)} test photos")

torch.manual_seed(0)
train_loader = torch.utils.data.DataLoader(to_tensors(x_train, y_train), batch_size=BATCH_SIZE, shuffle=True)
test_loader = torch.utils.data.DataLoader(to_tensors(x_test, y_test), batch_size=BATCH_SIZE, shuffle=False)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)  # {train.course.cifar.code.conv1}
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)  # {train.course.cifar.code.conv2}
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # {train.course.cifar.code.fc1}
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(functional.relu(self.conv1(x)))
        x = self.pool(functional.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = functional.relu(self.fc1(x))
        x = functional.relu(self.fc2(x))
        return self.fc3(x)  # {train.course.cifar.code.logits}


net = Net()
weights = sum(parameter.numel() for parameter in net.parameters())
print(f"weights: {weights:,}")
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# {train.course.cifar.code.print_every}
step, running_loss = 0, 0.0
for epoch in range(EPOCHS):
    for inputs, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(net(inputs), labels)
        loss.backward()
        optimizer.step()
        step += 1
        running_loss += loss.item()
        if step % PRINT_EVERY == 0:
            mean_loss = running_loss / PRINT_EVERY
            print(f"epoch {epoch + 1}, step {step}: loss {mean_loss:.3f}")
            running_loss = 0.0
print("Finished Training")

with torch.no_grad():
    predicted = torch.cat([net(inputs).argmax(dim=1) for inputs, _ in test_loader]).numpy()
total = len(y_test)
accuracy = float((predicted == y_test).mean())
print(f"Accuracy of the network on the {total} test images: {accuracy:.1%} (chance: 10.0%)")
for label, name in enumerate(CLASSES):  # {train.course.cifar.code.per_class}
    class_accuracy = float((predicted[y_test == label] == label).mean())
    print(f"  {name:6s} {class_accuracy:.0%}")
