import os

import torch
from torch import nn

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
STEPS = 50 if QUICK_RUN else 500

# {first.course.identity.code.data}
x = torch.tensor([[1.0], [2.0], [3.0], [4.0], [5.0]])
y = torch.tensor([[1.0], [2.0], [3.0], [4.0], [5.0]])

# {first.course.identity.code.seed}
torch.manual_seed(0)
model = nn.Linear(1, 1)
initial_weight = model.weight.item()
loss_function = nn.MSELoss()
# {first.course.identity.code.torch_rate}
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for step in range(STEPS):
    optimizer.zero_grad()
    loss = loss_function(model(x), y)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    prediction = model(torch.tensor([[6.0]])).item()
weight, bias, final_loss = model.weight.item(), model.bias.item(), loss.item()
print(f"initial w = {initial_weight:.3f}")
print(f"after {STEPS} steps: w = {weight:.3f}, b = {bias:.3f}, loss = {final_loss:.4f}")
# {first.course.identity.code.result}
print(f"x = 6 -> {prediction:.3f}")
