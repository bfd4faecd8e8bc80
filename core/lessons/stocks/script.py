""" "Show the code" on /stocks: a standalone Keras script for the stock config on screen.

:func:`stock_script` writes, for a :class:`~core.training.config.TrainConfig` of the task ``stock_lstm``, a script
that does what the dashboard does with it: the same prices (Yahoo Finance through yfinance when the config asks for
a download, bokeh-sampledata's built-in copy of AAPL, GOOG, IBM or MSFT otherwise or when the download fails, or the
visitor's CSV file), the same windows and chronological split, the same scaling (relative windows standardised with
the training windows' statistics, standardised returns, or the course's raw closes), the same layers, optimizer,
batch, epochs and validation rows, and the same three baselines on the same test days, printing each test RMSE in
prices. ``QUICK_RUN=1`` makes it train on the last 400 closes for one epoch: the tests execute it that way.

The dashboard differs only in plumbing: its engine picks the validation rows itself (the script uses Keras'
``validation_split``, which also takes the last windows, in time order) and cleans an uploaded file more carefully.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from string import Template

from core.data.prices import EMBEDDED_TICKERS
from core.lessons.stocks.stock_lstm import TASK_NAME, _is_upload
from core.training.config import TrainConfig
from core.training.keras_script import QUICK_RUN_ENV, optimizer_code

QUICK_ROWS = 400

_HEADER = Template("""\
# {stocks.script.title}
# {stocks.script.run}
# {stocks.script.quick}
# {stocks.disclaimer}

import os

import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.linear_model import LinearRegression

QUICK_RUN = os.environ.get("$quick_env") == "1"
EPOCHS = 1 if QUICK_RUN else $epochs
WINDOW = $window  # {stocks.script.window}
TRAIN_FRACTION = $train_fraction  # {stocks.script.train_fraction}
keras.utils.set_random_seed($seed)  # {stocks.script.seed}

""")

_TICKER_LOADER = Template("""
TICKER = $ticker
DOWNLOAD = $download  # $download_note
BUILT_IN = ("AAPL", "GOOG", "IBM", "MSFT")  # {stocks.script.built_in}


def built_in_closes():
    # {stocks.script.built_in_closes}
    from bokeh_sampledata.stocks import data

    rows = data[data["ticker"] == TICKER]
    return pd.Series(rows["adj_close"].to_numpy(), index=pd.to_datetime(rows["date"]).to_numpy())


def download_closes():
    # {stocks.script.download_closes}
    import yfinance

    history = yfinance.Ticker(TICKER).history(period="max", auto_adjust=True, timeout=10)
    if len(history) == 0:
        raise ValueError(f"Yahoo Finance sent no prices for {TICKER}")
    return pd.Series(history["Close"].to_numpy(), index=history.index.tz_localize(None).normalize())


def load_closes():
    if DOWNLOAD or TICKER not in BUILT_IN:
        try:
            closes = download_closes()
            print(f"{TICKER}: Yahoo Finance (yfinance)")
            return closes
        except Exception as error:
            if TICKER not in BUILT_IN:
                raise SystemExit(f"No prices for {TICKER}: {error}") from error
            print(f"No download ({type(error).__name__}); using the built-in prices.")
    print(f"{TICKER}: bokeh-sampledata, 2000-2013")
    return built_in_closes()

""")

_CSV_LOADER = Template("""
PRICES_CSV = $file_name  # {stocks.script.csv_file}
DATE_COLUMN, CLOSE_COLUMN = $date_column, $close_column


def load_closes():
    # {stocks.script.csv_load}
    table = pd.read_csv(PRICES_CSV)
    dates = pd.to_datetime(table[DATE_COLUMN], errors="coerce")
    closes = pd.Series(pd.to_numeric(table[CLOSE_COLUMN], errors="coerce").to_numpy(), index=dates.to_numpy())
    closes = closes[closes.index.notna()].sort_index()
    closes = closes[~closes.index.duplicated(keep="last")]
    print(f"{PRICES_CSV}: your file")
    return closes.interpolate(limit_area="inside").dropna()

""")

_DATA = Template("""
closes = load_closes()
if QUICK_RUN:
    closes = closes.iloc[-$quick_rows:]
prices = closes.to_numpy(dtype="float64")
print(f"{len(prices):,} daily closes, {closes.index[0]:%Y-%m-%d} to {closes.index[-1]:%Y-%m-%d}")

$series_code
# {stocks.script.split}
split = int(round(len(prices) * TRAIN_FRACTION)) - offset


def make_windows(values):
    # {stocks.script.windows}
    inputs = np.lib.stride_tricks.sliding_window_view(values[:-1], WINDOW)
    return inputs, values[WINDOW:]


x_train, y_train = make_windows(series[:split])
x_test, y_test = make_windows(series[split - WINDOW :])
test_days = np.arange(split + offset, len(prices))
actual, previous = prices[test_days], prices[test_days - 1]
print(f"{len(x_train):,} training windows, {len(test_days):,} test days from {closes.index[test_days[0]]:%Y-%m-%d}")

""")

_SERIES = {
    "prices": """series, offset = prices, 0  # {stocks.script.series_prices}""",
    "returns": """# {stocks.script.series_returns}
series, offset = np.log(prices[1:] / prices[:-1]), 1""",
}

_RELATIVE_WINDOWS = """\
# {stocks.script.scaling_window}
def relative(windows):
    return windows / windows[:, -1:] - 1.0


train_inputs, train_targets = relative(x_train), y_train / x_train[:, -1] - 1.0
test_inputs = relative(x_test)
input_mean, input_std = train_inputs.mean(), train_inputs.std()
target_mean, target_std = train_targets.mean(), train_targets.std()


def to_prices(outputs):
    # {stocks.script.to_prices_window}
    return x_test[:, -1] * (1.0 + outputs * target_std + target_mean)

"""

_RAW_CLOSES = """\
# {stocks.script.scaling_raw}
train_inputs, train_targets, test_inputs = x_train, y_train, x_test


def to_prices(outputs):
    return outputs  # {stocks.script.to_prices_raw}

"""

_STANDARDISED_RETURNS = """\
# {stocks.script.scaling_returns}
train_inputs, train_targets, test_inputs = x_train, y_train, x_test
input_mean, input_std = series[:split].mean(), series[:split].std()
target_mean, target_std = input_mean, input_std


def to_prices(outputs):
    # {stocks.script.to_prices_returns}
    return previous * np.exp(outputs * target_std + target_mean)

"""

_SCALING = {
    ("prices", "window"): _RELATIVE_WINDOWS,
    ("prices", "raw"): _RAW_CLOSES,
    ("returns", "window"): _STANDARDISED_RETURNS,
}

_BASELINES = {
    "prices": "linear = LinearRegression().fit(x_train, y_train).predict(x_test)",
    "returns": "linear = previous * np.exp(LinearRegression().fit(x_train, y_train).predict(x_test))",
}

_RESULTS = Template("""
# {stocks.script.baselines}
$linear_code
forecasts = {
    "LSTM": lstm,
    "persistence (tomorrow = today)": previous,
    "moving average": np.array([prices[day - WINDOW : day].mean() for day in test_days]),
    "linear model": linear,
}
print("Test RMSE, in prices:")
for name, predicted in forecasts.items():
    print(f"  {name}: {np.sqrt(np.mean((predicted - actual) ** 2)):.3f}")
ratio = np.sqrt(np.mean((lstm - actual) ** 2)) / np.sqrt(np.mean((previous - actual) ** 2))
verdict = "beats" if ratio < 1 else "does not beat"
print(f"LSTM / persistence RMSE: {ratio:.3f} (the LSTM {verdict} tomorrow = today)")
""")


def _model_code(config: TrainConfig) -> str:
    units, n_layers, dropout = config.param("units"), config.param("layers"), config.param("dropout")
    scaling = config.param("scaling") if config.param("mode") == "prices" else "window"
    return _model_code_template(n_layers, dropout, scaling, units=units, config=config)


def _model_code_template(n_layers: int, dropout: float, scaling: str, units: int = 32, config=None) -> str:
    lines = ["        keras.Input(shape=(WINDOW, 1)),"]
    if scaling != "raw":
        lines.append(
            "        layers.Rescaling(scale=1 / input_std, offset=-input_mean / input_std),"
            "  # {stocks.script.standardise}"
        )
    for number in range(1, n_layers + 1):
        sequences = ", return_sequences=True" if number < n_layers else ""
        lines.append(f"        layers.LSTM({units}{sequences}),")
        if dropout > 0:
            lines.append(f"        layers.Dropout({float(dropout)!r}),")
    lines.append("        layers.Dense(1),  # {stocks.script.next_day}")
    target = "train_targets" if scaling == "raw" else "(train_targets - target_mean) / target_std"
    optimizer, learning_rate = (config.optimizer, config.learning_rate) if config else ("adam", 0.001)
    validation_split, batch_size = (config.validation_split, config.batch_size) if config else (0.0, 32)
    validation = f"\n    validation_split={validation_split!r}," if validation_split else ""
    return (
        "model = keras.Sequential(\n    [\n"
        + "\n".join(lines)
        + "\n    ]\n)\nmodel.summary()\n"
        + f'model.compile(optimizer={optimizer_code(optimizer, learning_rate)}, loss="mse", '
        + 'metrics=["mae"])\n'
        + f"model.fit(\n    train_inputs[..., np.newaxis],\n    {target},\n    batch_size={batch_size},\n"
        + f"    epochs=EPOCHS,{validation}\n    shuffle=True,\n    verbose=2,\n)\n"
        + "lstm = to_prices(model.predict(test_inputs[..., np.newaxis], verbose=0).reshape(-1))\n"
    )


#: The comment placeholders the templates use (``{stocks.script.*}``, and the page's disclaimer): catalog keys whose
#: text the page passes in its language.
COMMENT = re.compile(r"\{(stocks\.[a-z0-9_.]+)\}")


def _comment_keys() -> set[str]:
    texts = [_HEADER.template, _TICKER_LOADER.template, _CSV_LOADER.template, _DATA.template, _RESULTS.template]
    texts += [*_SERIES.values(), *_SCALING.values(), _model_code_template(1, 0.0, "window")]
    return {key for text in texts for key in COMMENT.findall(text)} | set(_DOWNLOAD_NOTES.values())


_DOWNLOAD_NOTES = {True: "stocks.script.download_yes", False: "stocks.script.download_no"}


def comment_keys() -> frozenset[str]:
    """Every catalog key the generated scripts' comments ask for."""
    return frozenset(_comment_keys())


def stock_script(
    config: TrainConfig,
    *,
    comments: Mapping[str, str] | None = None,
    file_name: str = "prices.csv",
    date_column: str = "Date",
    close_column: str = "Close",
) -> str:
    """A standalone script that trains ``config``'s LSTM with plain Keras and compares it with the baselines (see
    the module's description). ``comments`` maps the catalog keys of :func:`comment_keys` to their text in the
    reader's language (without it, the comments name their keys). ``file_name`` and the two column names are an
    upload's: the script reads that file. The comments go into the templates before the visitor's strings do, as
    JSON string literals, so neither can change the other."""
    if not isinstance(config, TrainConfig) or config.task != TASK_NAME:
        raise ValueError(f"stock_script takes a TrainConfig of the {TASK_NAME!r} task.")
    if comments is not None and (missing := sorted(comment_keys() - set(comments))):
        raise ValueError(f"stock_script needs the text of these comments: {', '.join(missing)}.")

    def text_of(key: str) -> str:
        return "{" + key + "}" if comments is None else " ".join(str(comments[key]).split())

    def fill(template: str, **values: object) -> str:
        commented = COMMENT.sub(lambda match: text_of(match.group(1)).replace("$", "$$"), template)
        return Template(commented).substitute(values)

    mode = config.param("mode")
    scaling = config.param("scaling") if mode == "prices" else "window"
    if _is_upload(config):
        loader = fill(
            _CSV_LOADER.template,
            file_name=json.dumps(str(file_name)),
            date_column=json.dumps(str(date_column)),
            close_column=json.dumps(str(close_column)),
        )
    else:
        ticker = config.param("ticker")
        download = bool(config.full_data) or ticker not in EMBEDDED_TICKERS
        loader = fill(
            _TICKER_LOADER.template,
            ticker=json.dumps(ticker),
            download=repr(download),
            download_note=text_of(_DOWNLOAD_NOTES[download]),
        )
    header = fill(
        _HEADER.template,
        quick_env=QUICK_RUN_ENV,
        epochs=config.epochs,
        window=config.param("window"),
        train_fraction=repr(float(config.param("train_fraction"))),
        seed=config.seed,
    )
    data = fill(_DATA.template, quick_rows=QUICK_ROWS, series_code=fill(_SERIES[mode]))
    return (
        header
        + loader
        + data
        + "\n"
        + fill(_SCALING[(mode, scaling)])
        + "\n"
        + fill(_model_code(config))
        + fill(_RESULTS.template, linear_code=_BASELINES[mode])
    )
