import os

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10
LOOK_BACK = 10
CSV_FILE = "stock_data.csv"


def closes_table():
    # {stocks.course.code.download}
    try:
        import yfinance

        history = yfinance.Ticker("AAPL").history(period="max", auto_adjust=True, timeout=10)
        if len(history) == 0:
            raise ValueError("Yahoo Finance sent no prices")
        dates = history.index.tz_localize(None).normalize()
        print("AAPL: Yahoo Finance (yfinance)")
        return pd.DataFrame({"Date": dates, "Close": history["Close"].to_numpy()})
    except Exception as error:
        print(f"AAPL: bokeh-sampledata, 2000-2013 ({type(error).__name__})")
        from bokeh_sampledata.stocks import data

        rows = data[data["ticker"] == "AAPL"]
        return pd.DataFrame({"Date": pd.to_datetime(rows["date"]), "Close": rows["adj_close"].to_numpy()})


if not os.path.exists(CSV_FILE):
    closes_table().to_csv(CSV_FILE, index=False)
# {stocks.course.code.read}
data = pd.read_csv(CSV_FILE, parse_dates=["Date"], index_col="Date")
closes = data["Close"].to_numpy(dtype="float32")
if QUICK_RUN:
    closes = closes[-400:]


def create_windows(values, look_back):
    # {stocks.course.code.windows}
    inputs = [values[start : start + look_back] for start in range(len(values) - look_back)]
    targets = [values[start + look_back] for start in range(len(values) - look_back)]
    return np.array(inputs), np.array(targets)


inputs, targets = create_windows(closes, LOOK_BACK)
train_size = int(len(inputs) * 0.67)  # {stocks.course.code.split}
x_train, y_train = inputs[:train_size], targets[:train_size]
x_test, y_test = inputs[train_size:], targets[train_size:]


class StockDataset(Dataset):
    # {stocks.course.code.dataset}
    def __init__(self, windows, next_closes):
        self.windows = torch.tensor(windows, dtype=torch.float32).unsqueeze(-1)  # (windows, LOOK_BACK, 1)
        self.next_closes = torch.tensor(next_closes, dtype=torch.float32).unsqueeze(-1)  # (windows, 1)

    def __len__(self):
        return len(self.windows)

    def __getitem__(self, index):
        return self.windows[index], self.next_closes[index]


train_loader = DataLoader(StockDataset(x_train, y_train), batch_size=64, shuffle=True)
test_loader = DataLoader(StockDataset(x_test, y_test), batch_size=64, shuffle=False)


class SimpleLSTM(nn.Module):
    def __init__(self, input_size=1, hidden_size=32, output_size=1):
        super().__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        # {stocks.course.code.zero_state}
        h0 = torch.zeros(1, x.size(0), self.hidden_size)
        c0 = torch.zeros(1, x.size(0), self.hidden_size)
        out, _ = self.lstm(x, (h0, c0))
        return self.fc(out[:, -1, :])


torch.manual_seed(0)  # {stocks.course.code.seed}
model = SimpleLSTM()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)

for epoch in range(EPOCHS):
    model.train()
    for batch_windows, batch_targets in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(batch_windows), batch_targets)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}/{EPOCHS}: training loss {loss.item():.4f}")

model.eval()
total, count = 0.0, 0
with torch.no_grad():
    for batch_windows, batch_targets in test_loader:
        total += criterion(model(batch_windows), batch_targets).item() * len(batch_windows)
        count += len(batch_windows)
test_loss = total / count
# {stocks.course.code.persistence}
persistence_loss = float(np.mean((x_test[:, -1] - y_test) ** 2))
print(f"{len(x_train)} training windows, {len(x_test)} test windows")
print(f"Test loss (MSE) of the LSTM: {test_loss:.4f}")
print(f"Test loss (MSE) of tomorrow = today: {persistence_loss:.4f}")
print(f"LSTM / tomorrow = today: {test_loss / persistence_loss:.2f}")  # {stocks.course.code.ratio}
