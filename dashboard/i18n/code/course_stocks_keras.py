import os

import numpy as np
import pandas as pd
import keras
from keras import layers

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

keras.utils.set_random_seed(0)  # {stocks.course.code.seed}
# {stocks.course.code.keras_model}
model = keras.Sequential([keras.Input(shape=(LOOK_BACK, 1)), layers.LSTM(32), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.fit(x_train[..., np.newaxis], y_train, batch_size=64, epochs=EPOCHS, shuffle=True, verbose=2)

test_loss = float(model.evaluate(x_test[..., np.newaxis], y_test, batch_size=64, verbose=0))
# {stocks.course.code.persistence}
persistence_loss = float(np.mean((x_test[:, -1] - y_test) ** 2))
print(f"{len(x_train)} training windows, {len(x_test)} test windows")
print(f"Test loss (MSE) of the LSTM: {test_loss:.4f}")
print(f"Test loss (MSE) of tomorrow = today: {persistence_loss:.4f}")
print(f"LSTM / tomorrow = today: {test_loss / persistence_loss:.2f}")  # {stocks.course.code.ratio}
