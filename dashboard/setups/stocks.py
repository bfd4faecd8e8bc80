"""/stocks' link fields: where the prices come from (the ticker), the window and split, the network and the fit, the
models on the chart and the forecast's horizon.

The page's control options and presets live here, and ``app_pages/stocks.py`` draws its controls from them, so that
a link offers exactly what the controls offer. An uploaded file is not part of a link (nor its column choices): a
link with ``src=upload`` opens the page at the upload box.
"""

from __future__ import annotations

from typing import Any

from core.classroom.setups import Choice, Choices, Flag, Number, PageSetup, Text
from core.lessons.stocks import baselines, stock_lstm, windows

SOURCES = ("ticker", "upload")
DEFAULT_TICKER = "AAPL"
MAX_TICKER_CHARS = 20
UNITS = (8, 16, 32, 64, 128)
LAYERS = (1, 2, 3)
BATCH_SIZES = (16, 32, 64, 128)
MAX_EPOCHS = 100
DEFAULT_SHOWN_MODELS = ("lstm", "persistence")
#: The forecast's horizon slider: from, to, default and step, in trading days.
HORIZON_DAYS = (5, 60, 20, 5)


def preset(params: dict, fields: dict) -> dict[str, Any]:
    """A config's settings as the values of the page's model controls (their session-state keys)."""
    return {
        "stocks_window": params["window"],
        "stocks_train_fraction": params["train_fraction"],
        "stocks_mode": params["mode"],
        "stocks_scaling": params["scaling"],
        "stocks_units": params["units"],
        "stocks_layers": params["layers"],
        "stocks_dropout": params["dropout"],
        "stocks_epochs": fields["epochs"],
        "stocks_batch": fields["batch_size"],
        "stocks_validation": fields["validation_split"] > 0,
    }


#: The app's defaults (what a fresh session shows) and the course's settings, one button each on the page.
APP_PRESET = preset(stock_lstm.PARAM_DEFAULTS, stock_lstm.get_task_defaults())
COURSE_PRESET = preset(stock_lstm.COURSE_PARAMS, stock_lstm.COURSE_FIELDS)

SETUP = PageSetup(
    "stocks",
    (
        Choice("src", "stocks_source", options=SOURCES, default="ticker", label_key="stocks.data.source"),
        Text(
            "ticker",
            "stocks_ticker",
            max_chars=MAX_TICKER_CHARS,
            default=DEFAULT_TICKER,
            label_key="stocks.data.ticker",
        ),
        Number(
            "window",
            "stocks_window",
            low=stock_lstm.MIN_WINDOW,
            high=stock_lstm.MAX_WINDOW,
            step=1,
            integer=True,
            default=APP_PRESET["stocks_window"],
            label_key="stocks.model.window",
        ),
        Number(
            "train",
            "stocks_train_fraction",
            low=stock_lstm.MIN_TRAIN_FRACTION,
            high=stock_lstm.MAX_TRAIN_FRACTION,
            step=0.01,
            default=APP_PRESET["stocks_train_fraction"],
            label_key="stocks.model.train_fraction",
        ),
        Choice(
            "mode",
            "stocks_mode",
            options=windows.MODES,
            default=APP_PRESET["stocks_mode"],
            label_key="stocks.model.mode",
        ),
        Choice(
            "scaling",
            "stocks_scaling",
            options=windows.SCALINGS,
            default=APP_PRESET["stocks_scaling"],
            label_key="stocks.model.scaling",
        ),
        Flag("val", "stocks_validation", default=APP_PRESET["stocks_validation"], label_key="stocks.model.validation"),
        Choice(
            "units", "stocks_units", options=UNITS, default=APP_PRESET["stocks_units"], label_key="stocks.model.units"
        ),
        Choice(
            "layers",
            "stocks_layers",
            options=LAYERS,
            default=APP_PRESET["stocks_layers"],
            label_key="stocks.model.layers",
        ),
        Number(
            "drop",
            "stocks_dropout",
            low=0.0,
            high=stock_lstm.MAX_DROPOUT,
            step=0.1,
            default=APP_PRESET["stocks_dropout"],
            label_key="stocks.model.dropout",
        ),
        Number(
            "epochs",
            "stocks_epochs",
            low=1,
            high=MAX_EPOCHS,
            step=1,
            integer=True,
            default=APP_PRESET["stocks_epochs"],
            label_key="stocks.model.epochs",
        ),
        Choice(
            "bs",
            "stocks_batch",
            options=BATCH_SIZES,
            default=APP_PRESET["stocks_batch"],
            label_key="stocks.model.batch",
        ),
        Choices(
            "show",
            "stocks_shown_models",
            options=baselines.MODEL_NAMES,
            default=list(DEFAULT_SHOWN_MODELS),
            label_key="stocks.results.shown",
        ),
        Number(
            "horizon",
            "stocks_horizon",
            low=HORIZON_DAYS[0],
            high=HORIZON_DAYS[1],
            step=HORIZON_DAYS[3],
            integer=True,
            default=HORIZON_DAYS[2],
            label_key="stocks.future.horizon",
        ),
    ),
)
