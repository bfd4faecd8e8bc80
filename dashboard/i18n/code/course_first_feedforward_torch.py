import os

import numpy as np
import torch
from torch import nn
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 2 if QUICK_RUN else 200

# {first.course.feedforward.code.data}
table = load_diabetes(scaled=False)
x_train, x_test, y_train, y_test = train_test_split(table.data, table.target, test_size=0.2, random_state=0)
# {first.course.feedforward.code.scale}
x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
y_mean, y_std = y_train.mean(), y_train.std()
x_train, x_test = (x_train - x_mean) / x_std, (x_test - x_mean) / x_std
x_train, x_test = torch.tensor(x_train, dtype=torch.float32), torch.tensor(x_test, dtype=torch.float32)
y_train_scaled = torch.tensor((y_train - y_mean) / y_std, dtype=torch.float32).reshape(-1, 1)


# {first.course.feedforward.code.model}
class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(10, 5)
        self.relu = nn.ReLU()
        self.output = nn.Linear(5, 1)

    def forward(self, x):
        return self.output(self.relu(self.hidden(x)))


torch.manual_seed(0)
model = FeedForward()
loss_function = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(x_train, y_train_scaled), batch_size=32, shuffle=True
)

for epoch in range(1, EPOCHS + 1):
    total = 0.0
    for x_batch, y_batch in loader:
        optimizer.zero_grad()
        loss = loss_function(model(x_batch), y_batch)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x_batch)
    if epoch == 1 or epoch % 20 == 0 or epoch == EPOCHS:
        print(f"epoch {epoch}: training loss {total / len(x_train):.3f} (standardised units)")

# {first.course.feedforward.code.evaluate}
with torch.no_grad():
    predicted = model(x_test).numpy().reshape(-1) * y_std + y_mean
mae = float(np.mean(np.abs(predicted - y_test)))
rmse = float(np.sqrt(np.mean((predicted - y_test) ** 2)))
baseline_mae = float(np.mean(np.abs(y_mean - y_test)))
baseline_rmse = float(np.sqrt(np.mean((y_mean - y_test) ** 2)))
print(f"test MAE {mae:.1f}, RMSE {rmse:.1f}")
print(f"always guessing the training mean: MAE {baseline_mae:.1f}, RMSE {baseline_rmse:.1f}")
