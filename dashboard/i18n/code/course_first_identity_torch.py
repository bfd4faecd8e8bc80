import os

import torch
from torch import nn

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
STEPS = 50 if QUICK_RUN else 500

# {first.course.identity.code.data}
x = torch.tensor([[1.0], [2.0], [3.0], [4.0], [5.0]])
y = torch.tensor([[1.0], [2.0], [3.0], [4.0], [5.0]])

torch.manual_seed(0)  # {first.course.identity.code.seed}
model = nn.Linear(1, 1)
loss_function = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for step in range(STEPS):
    optimizer.zero_grad()
    loss = loss_function(model(x), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    prediction = model(torch.tensor([[6.0]])).item()
print(f"w = {model.weight.item():.3f}, b = {model.bias.item():.3f}, loss = {loss.item():.4f}")
print(f"x = 6 -> {prediction:.3f}")  # {first.course.identity.code.result}
