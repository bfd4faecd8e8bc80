"""Stock forecasting (served at /stocks): an LSTM on real daily prices, judged against simple baselines.

The learner picks prices (a ticker: the built-in AAPL/GOOG/IBM/MSFT offline, any symbol online; or a CSV file of
their own), the window and the network, presses Train, and sees the LSTM's one-step predictions on the test period
beside persistence, a moving average and a linear model, in one table, with a plain sentence on whether the LSTM
beat "tomorrow = today". Then a forecast into the future with a band that widens with the horizon.

The training runs in the engine (``core.training.engine``) as the task ``stock_lstm``; the price checks and the split
(``windows``), the baselines and the metrics (``baselines``), the task (``stock_lstm``) and the forecast (``future``)
are modules of ``core.lessons.stocks``; the figures ``dashboard.figures.stocks``.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from core.data import price_csv, uploads
from core.data.datasets import DatasetUnavailable
from core.data.price_csv import PriceDataError
from core.data.prices import EMBEDDED_TICKERS, UnknownTicker, load_stock_prices
from core.lessons.stocks import baselines, stock_lstm, windows
from core.lessons.stocks.future import forecast_future
from core.lessons.stocks.script import stock_script
from core.training.engine import get_engine
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.course import course_code, seeded, settings_choice
from dashboard.data_lines import source_text
from dashboard.figures import stocks as figures
from dashboard.full_data import full_data_offer_ui, with_data_choice
from dashboard.i18n import t
from dashboard.setups.stocks import (
    APP_PRESET,
    BATCH_SIZES,
    COURSE_PRESET,
    DEFAULT_SHOWN_MODELS,
    DEFAULT_TICKER,
    HORIZON_DAYS,
    LAYERS,
    MAX_EPOCHS,
    MAX_TICKER_CHARS,
    SOURCES,
    UNITS,
)
from dashboard.shared import shared_figure

SLOT = "stock_forecast"
HISTORY_DAYS_BEFORE_FORECAST = 120
CURVES = ui.CurvePanels((("loss", "stocks.curve.loss"), ("mae", "stocks.curve.mae")))


# ------------------------------------------------------------------------------------------------------------------
# Messages for bad input (core raises codes; the sentences live in the catalog)


def plain(value) -> str:
    """A visitor's text (a column name, a cell, a file name) shown literally: Streamlit renders messages as
    Markdown, so its special characters are escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(value))


def price_error_message(error: PriceDataError) -> str:
    values = {name: plain(value) for name, value in error.values.items()}
    messages = {
        "binary": lambda: t("stocks.csv.error.binary"),
        "empty": lambda: t("stocks.csv.error.empty"),
        "too_large": lambda: t("stocks.csv.error.too_large", **values),
        "too_many_rows": lambda: t("stocks.csv.error.too_many_rows", **values),
        "unreadable": lambda: t("stocks.csv.error.unreadable"),
        "no_date_column": lambda: t("stocks.csv.error.no_date_column", **values),
        "no_price_column": lambda: t("stocks.csv.error.no_price_column", **values),
        "same_column": lambda: t("stocks.csv.error.same_column"),
        "bad_dates": lambda: t("stocks.csv.error.bad_dates", **values),
        "text_in_prices": lambda: t("stocks.csv.error.text_in_prices", **values),
        "no_prices": lambda: t("stocks.csv.error.no_prices", **values),
        "long_gap": lambda: t("stocks.csv.error.long_gap", **values),
        "non_positive": lambda: t("stocks.csv.error.non_positive", **values),
        "too_few_rows": lambda: t("stocks.csv.error.too_few_rows", **values),
    }
    builder = messages.get(error.code)
    return builder() if builder is not None else t("stocks.csv.error.other")


def repair_message(repair) -> str:
    messages = {
        "bad_dates": lambda: t("stocks.csv.repair.bad_dates", count=repair.count),
        "sorted": lambda: t("stocks.csv.repair.sorted"),
        "duplicates": lambda: t("stocks.csv.repair.duplicates", count=repair.count),
        "missing_edges": lambda: t("stocks.csv.repair.missing_edges", count=repair.count),
        "filled": lambda: t("stocks.csv.repair.filled", count=repair.count),
    }
    builder = messages.get(repair.code)
    return builder() if builder is not None else t("stocks.csv.repair.other")


# ------------------------------------------------------------------------------------------------------------------
# 1. Data


def current_window() -> int:
    # The window slider is drawn below the data; its value is already in the session state when the page reruns.
    return int(st.session_state.get("stocks_window", windows.DEFAULT_WINDOW))


def current_train_fraction() -> float:
    return float(st.session_state.get("stocks_train_fraction", windows.DEFAULT_TRAIN_FRACTION))


def ticker_prices_ui():
    """The prices of the typed ticker, or None after a message saying why there are none."""

    ticker_column, note_column = st.columns([1, 3], vertical_alignment="bottom")
    ticker = ticker_column.text_input(
        t("stocks.data.ticker"),
        max_chars=MAX_TICKER_CHARS,
        help=t("stocks.data.ticker.help"),
        **seeded("stocks_ticker", DEFAULT_TICKER),
    )
    note_column.caption(t("stocks.data.builtin", tickers=", ".join(EMBEDDED_TICKERS)))
    symbol = ticker.strip().upper()
    if not symbol:
        st.info(t("stocks.data.ticker_empty"))
        return None
    chosen = with_data_choice(SLOT, stock_lstm.stock_config(symbol)) if symbol in EMBEDDED_TICKERS else None
    try:
        series = load_stock_prices(symbol, prefer_download=chosen is None or chosen.full_data)
    except UnknownTicker:
        st.error(t("stocks.data.unknown_ticker", ticker=symbol), icon=":material/search_off:")
        return None
    except DatasetUnavailable:
        st.warning(
            t("stocks.data.needs_download", ticker=symbol, tickers=", ".join(EMBEDDED_TICKERS)),
            icon=":material/cloud_off:",
        )
        return None
    except ValueError:
        st.error(t("stocks.data.bad_ticker", ticker=plain(symbol[:20])), icon=":material/error:")
        return None
    where = t("stocks.data.online") if series.provenance.online else t("stocks.data.offline")
    source = source_text(series.provenance)
    if chosen is not None:
        full_data_offer_ui(SLOT, chosen, switch_only=True)
    return {
        "frame": series.frame,
        "name": series.ticker,
        "source": source,
        "where": where,
        "dataset": None,
        "ticker": series.ticker,
        "full_data": chosen is not None and chosen.full_data,
    }


def upload_prices_ui():
    """The visitor's CSV, checked and repaired, or None after a message saying what is wrong with it."""
    uploaded = st.file_uploader(
        t("stocks.data.upload"), type=["csv", "txt"], help=t("stocks.data.upload.help"), key="stocks_upload"
    )
    if uploaded is None:
        st.info(t("stocks.data.upload.waiting"), icon=":material/upload_file:")
        return None
    try:
        table = price_csv.read_price_table(uploaded.getvalue())
    except PriceDataError as error:
        st.error(price_error_message(error), icon=":material/error:")
        return None
    detected_date, detected_close = price_csv.detect_columns(table)
    columns = list(table.columns)
    date_column_ui, close_column_ui = st.columns(2)
    date_column = date_column_ui.selectbox(
        t("stocks.data.date_column"),
        options=columns,
        placeholder=t("stocks.data.choose_column"),
        index=columns.index(detected_date) if detected_date in columns else None,
        key="stocks_date_column",
    )
    close_column = close_column_ui.selectbox(
        t("stocks.data.close_column"),
        options=columns,
        placeholder=t("stocks.data.choose_column"),
        index=columns.index(detected_close) if detected_close in columns else None,
        key="stocks_close_column",
    )
    try:
        clean = windows.check_enough_prices(
            price_csv.clean_prices(table, date_column, close_column), current_window(), current_train_fraction()
        )
    except PriceDataError as error:
        st.error(price_error_message(error), icon=":material/error:")
        return None
    if clean.repairs:
        st.info(
            t("stocks.csv.repaired") + "\n\n" + "\n".join(f"- {repair_message(repair)}" for repair in clean.repairs),
            icon=":material/build:",
        )
    upload_id = uploads.keep_upload(clean.frame, uploaded.name)
    return {
        "frame": clean.frame,
        "name": plain(uploaded.name),
        "raw_name": uploaded.name,
        "source": t("stocks.data.your_file"),
        "where": t("stocks.data.offline"),
        "dataset": upload_id,
        "ticker": "",
    }


def data_ui():
    st.header(t("stocks.data.header"))
    labels = {"ticker": t("stocks.data.source.ticker"), "upload": t("stocks.data.source.upload")}  # SOURCES
    source = st.radio(
        t("stocks.data.source"),
        options=list(labels),
        format_func=labels.__getitem__,
        horizontal=True,
        **seeded("stocks_source", SOURCES[0], options=SOURCES),
    )
    prices = ticker_prices_ui() if source == "ticker" else upload_prices_ui()
    if prices is None:
        return None
    frame = prices["frame"]
    st.caption(
        t(
            "stocks.data.line",
            name=prices["name"],
            source=prices["source"],
            where=prices["where"],
            days=f"{len(frame):,}",
            start=f"{frame.index[0]:%Y-%m-%d}",
            end=f"{frame.index[-1]:%Y-%m-%d}",
        )
    )
    split_date = frame.index[min(len(frame) - 1, int(round(len(frame) * current_train_fraction())))]
    # Built once per server for the same prices and split (thirty visitors of the default share one figure).
    history = shared_figure(
        "stocks_history",
        (
            prices["dataset"] or prices["ticker"],
            prices["source"],
            len(frame),
            str(frame.index[0]),
            str(frame.index[-1]),
            str(split_date),
        ),
        lambda: figures.history_figure(frame, prices.get("raw_name", prices["name"]), split_date),
    )
    st.plotly_chart(history, width="stretch", key="stocks_history")
    st.caption(t("stocks.data.history.caption", split=f"{split_date:%Y-%m-%d}"))
    return prices


# ------------------------------------------------------------------------------------------------------------------
# 2. Model


VALIDATION_SHARE = 0.1  # the last tenth of the training windows, in time order, when validation is on
CHANGE_KEYS = (
    "stocks.course.change.scaling",
    "stocks.course.change.dropout",
    "stocks.course.change.steps",
    "stocks.course.change.validation",
    "stocks.course.change.split",
    "stocks.course.change.baselines",
)


def course_choice_ui() -> str | None:
    """The course's settings or the app's defaults, one click each; "course"/"app" on the run after a press."""
    return settings_choice(
        "stocks",
        course=COURSE_PRESET,
        app=APP_PRESET,
        changes=[t(key) for key in CHANGE_KEYS],
        note=t("stocks.course.note"),
    )


def model_ui() -> tuple[dict, str | None]:
    st.header(t("stocks.model.header"))
    requested = course_choice_ui()
    window_column, split_column, mode_column = st.columns(3)
    window = window_column.slider(
        t("stocks.model.window"),
        stock_lstm.MIN_WINDOW,
        stock_lstm.MAX_WINDOW,
        help=t("stocks.model.window.help"),
        **seeded("stocks_window", APP_PRESET["stocks_window"]),
    )
    train_fraction = split_column.slider(
        t("stocks.model.train_fraction"),
        stock_lstm.MIN_TRAIN_FRACTION,
        stock_lstm.MAX_TRAIN_FRACTION,
        step=0.01,
        format="%.2f",
        help=t("stocks.model.train_fraction.help"),
        **seeded("stocks_train_fraction", APP_PRESET["stocks_train_fraction"]),
    )
    mode_labels = {mode: t(f"stocks.model.mode.{mode}") for mode in windows.MODES}
    mode = mode_column.radio(
        t("stocks.model.mode"),
        options=list(mode_labels),
        format_func=mode_labels.__getitem__,
        help=t("stocks.model.mode.help"),
        **seeded("stocks_mode", APP_PRESET["stocks_mode"], options=list(mode_labels)),
    )
    scaling_labels = {"window": t("stocks.model.scaling.window"), "raw": t("stocks.model.scaling.raw")}
    scaling_column, validation_column = st.columns([2, 1], vertical_alignment="bottom")
    scaling = scaling_column.radio(
        t("stocks.model.scaling"),
        options=list(scaling_labels),
        format_func=scaling_labels.__getitem__,
        horizontal=True,
        disabled=mode != "prices",  # returns are scale-free already: always standardised
        help=t("stocks.model.scaling.help"),
        **seeded("stocks_scaling", APP_PRESET["stocks_scaling"], options=list(scaling_labels)),
    )
    validation = validation_column.checkbox(
        t("stocks.model.validation"),
        help=t("stocks.model.validation.help"),
        **seeded("stocks_validation", APP_PRESET["stocks_validation"]),
    )
    units_column, layers_column, dropout_column, epochs_column, batch_column = st.columns(5)
    units = units_column.select_slider(
        t("stocks.model.units"), options=UNITS, **seeded("stocks_units", APP_PRESET["stocks_units"])
    )
    layers = layers_column.select_slider(
        t("stocks.model.layers"), options=LAYERS, **seeded("stocks_layers", APP_PRESET["stocks_layers"])
    )
    dropout = dropout_column.slider(
        t("stocks.model.dropout"),
        0.0,
        stock_lstm.MAX_DROPOUT,
        step=0.1,
        format="%.1f",
        **seeded("stocks_dropout", APP_PRESET["stocks_dropout"]),
    )
    epochs = epochs_column.number_input(
        t("stocks.model.epochs"),
        min_value=1,
        max_value=MAX_EPOCHS,
        **seeded("stocks_epochs", APP_PRESET["stocks_epochs"]),
    )
    batch_size = batch_column.select_slider(
        t("stocks.model.batch"), options=BATCH_SIZES, **seeded("stocks_batch", APP_PRESET["stocks_batch"])
    )
    if mode != "prices":
        scaling = "window"
    st.caption(t("stocks.model.layers.caption", layers=layers, units=units, dropout=f"{dropout:.1f}"))
    # How the network's inputs are scaled, and why: the lesson behind the prices mode working at all.
    if mode == "prices" and scaling == "raw":
        st.info(t("stocks.model.scaling.raw_note"), icon=":material/straighten:")
    elif mode == "prices":
        st.info(t("stocks.model.scaling.prices", window=window), icon=":material/straighten:")
    else:
        st.info(t("stocks.model.scaling.returns"), icon=":material/straighten:")
    return {
        "window": int(window),
        "train_fraction": round(float(train_fraction), 2),
        "mode": mode,
        "scaling": scaling,
        "units": int(units),
        "layers": int(layers),
        "dropout": round(float(dropout), 1),
        "epochs": int(epochs),
        "batch_size": int(batch_size),
        "validation_split": VALIDATION_SHARE if validation else 0.0,
    }, requested


def build_config(prices, settings: dict):
    try:
        if prices["dataset"] is not None:
            return stock_lstm.upload_config(prices["dataset"], **settings)
        return stock_lstm.stock_config(prices["ticker"], full_data=prices["full_data"], **settings)
    except ValueError:
        st.error(t("common.invalid_input"), icon=":material/error:")
        return None


COURSE_SAMPLES = {"PyTorch": "course_stocks_torch", "Keras": "course_stocks_keras"}
COURSE_CODE_CHANGE_KEYS = (
    "stocks.course.code.change.dataset",
    "stocks.course.code.change.data",
    "stocks.course.code.change.baseline",
    "stocks.course.code.change.seed",
    "stocks.course.code.change.keras",
)


#: The comments of the generated script, in the session's language (core.lessons.stocks.script.comment_keys()).
SCRIPT_COMMENT_KEYS = (
    "stocks.script.baselines",
    "stocks.script.built_in",
    "stocks.script.built_in_closes",
    "stocks.script.csv_file",
    "stocks.script.csv_load",
    "stocks.script.download_closes",
    "stocks.script.download_no",
    "stocks.script.download_yes",
    "stocks.script.next_day",
    "stocks.script.quick",
    "stocks.script.run",
    "stocks.script.scaling_raw",
    "stocks.script.scaling_returns",
    "stocks.script.scaling_window",
    "stocks.script.seed",
    "stocks.script.series_prices",
    "stocks.script.series_returns",
    "stocks.script.split",
    "stocks.script.standardise",
    "stocks.script.title",
    "stocks.script.to_prices_raw",
    "stocks.script.to_prices_returns",
    "stocks.script.to_prices_window",
    "stocks.script.train_fraction",
    "stocks.script.window",
    "stocks.script.windows",
    "stocks.disclaimer",
)


def code_ui(prices, config) -> None:
    """The end of section 2: a script for the settings on screen, then the course's own code made to run today."""
    if config is not None:
        comments = {key: t(key) for key in SCRIPT_COMMENT_KEYS}
        if prices["dataset"] is not None:
            source = stock_script(
                config,
                comments=comments,
                file_name=prices["raw_name"],
                date_column=str(st.session_state.get("stocks_date_column") or "Date"),
                close_column=str(st.session_state.get("stocks_close_column") or "Close"),
            )
        else:
            source = stock_script(config, comments=comments)
        show_code(source, caption=t("stocks.code.caption"))
    course_code(COURSE_SAMPLES, changes=[t(key) for key in COURSE_CODE_CHANGE_KEYS], key="stocks")


# ------------------------------------------------------------------------------------------------------------------
# 3. Training


def training_ui(config, requested: bool = False):
    st.header(t("stocks.run.header"))
    handle = ui.job_handle(SLOT)
    button_column, note_column = st.columns([1, 4], vertical_alignment="center")
    pressed = button_column.button(
        t("stocks.run.button"),
        type="primary",
        icon=":material/play_arrow:",
        key="stocks_train",
        disabled=config is None,
        width="stretch",
    )
    if (pressed or requested) and config is not None:  # Train, or one of the course / app buttons just now
        handle = ui.submit_job(SLOT, config)
    elif handle is None and config is not None and get_engine().store.contains(config.key):
        handle = ui.submit_job(SLOT, config)  # stored or bundled (the default is): the forecast shows at once
    if handle is None:
        note_column.info(t("stocks.run.nothing_yet"))
        return None, None
    if config is not None and handle.key != config.key:
        note_column.caption(t("stocks.run.settings_changed"))
    snapshot = ui.training_panel(SLOT, CURVES)
    return handle, snapshot


# ------------------------------------------------------------------------------------------------------------------
# 4. Results


@st.cache_resource(max_entries=8, show_spinner=False)
def forecast_split(config_key: str, _config):
    """The config's prices, windows and split, exactly as the engine trained on them."""
    return stock_lstm.get_task().load_data(_config).split


@st.cache_data(max_entries=32, show_spinner=False)
def future(config_key: str, horizon: int, _handle, residuals: tuple[float, ...]):
    split = forecast_split(config_key, _handle.config)
    result = forecast_future(_handle.model, split, residuals, horizon=horizon)
    return result, split.dates[-HISTORY_DAYS_BEFORE_FORECAST:], split.prices[-HISTORY_DAYS_BEFORE_FORECAST:]


def format_share(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def comparison_table(metrics: dict) -> pd.DataFrame:
    names = figures.model_names()
    rows = []
    for model in baselines.MODEL_NAMES:
        values = metrics["table"][model]
        rows.append(
            {
                t("stocks.table.model"): names[model],
                t("stocks.table.rmse"): f"{values['rmse']:.3f}",
                t("stocks.table.mae"): f"{values['mae']:.3f}",
                t("stocks.table.mape"): f"{values['mape']:.2f}%",
                t("stocks.table.direction"): format_share(values["directional_accuracy"]),
            }
        )
    return pd.DataFrame(rows).set_index(t("stocks.table.model"))


RAW_EXTRAPOLATION_ABOVE = "stocks.results.extrapolation.raw_above"
RAW_EXTRAPOLATION_LEVEL = "stocks.results.extrapolation.raw_level"


def results_ui(handle, snapshot) -> None:
    metrics = snapshot.test_metrics or {}
    if "table" not in metrics:
        return
    st.header(t("stocks.results.header"))
    lstm, persistence = metrics["table"]["lstm"]["rmse"], metrics["table"]["persistence"]["rmse"]
    ratio = f"{metrics['rmse_ratio']:.3f}"  # three decimals: the LSTM and persistence often differ only there
    if metrics["beat_persistence"]:
        st.success(
            t("stocks.results.beat", lstm=f"{lstm:.3f}", persistence=f"{persistence:.3f}", ratio=ratio),
            icon=":material/trending_up:",
        )
    else:
        st.warning(
            t("stocks.results.not_beat", lstm=f"{lstm:.3f}", persistence=f"{persistence:.3f}", ratio=ratio),
            icon=":material/balance:",
        )
    if metrics["mode"] == "prices" and metrics["test_max_price"] > 1.05 * metrics["train_max_price"]:
        standing = baselines.versus_persistence(metrics["rmse_ratio"])  # copes only when below persistence's error
        key = f"stocks.results.extrapolation.{standing}"
        if metrics.get("scaling") == "raw":  # the course's raw closes: no relative windows to credit or blame
            key = RAW_EXTRAPOLATION_ABOVE if standing == "above" else RAW_EXTRAPOLATION_LEVEL
        st.info(
            t(
                key,
                train_max=f"{metrics['train_max_price']:.2f}",
                test_max=f"{metrics['test_max_price']:.2f}",
                ratio=ratio,
            ),
            icon=":material/lightbulb:",
        )
    st.subheader(t("stocks.results.table"))
    st.table(comparison_table(metrics))
    st.caption(
        t(
            "stocks.results.table.caption",
            days=f"{metrics['n_test']:,}",
            start=metrics["test_start"],
            end=metrics["test_end"],
            train=f"{metrics['n_train']:,}",
            window=metrics["window"],
        )
    )

    st.subheader(t("stocks.results.predictions"))
    names = figures.model_names()
    shown = st.multiselect(
        t("stocks.results.shown"),
        options=list(baselines.MODEL_NAMES),
        format_func=names.__getitem__,
        **seeded("stocks_shown_models", list(DEFAULT_SHOWN_MODELS), param="default"),
    )
    predictions = shared_figure(
        "stocks_predictions",
        (handle.key, tuple(shown)),
        lambda: figures.predictions_figure(metrics["test_dates"], metrics["actual"], metrics["predictions"], shown),
    )
    st.plotly_chart(predictions, width="stretch", key="stocks_predictions")
    st.caption(t("stocks.results.predictions.caption"))
    future_ui(handle, metrics)


def future_ui(handle, metrics) -> None:
    st.subheader(t("stocks.future.header"))
    if metrics.get("scaling") == "raw" and baselines.versus_persistence(metrics["rmse_ratio"]) == "above":
        # A band made of errors many times the last value's would swamp the chart and say nothing.
        st.info(t("stocks.future.skipped_raw", ratio=f"{metrics['rmse_ratio']:.1f}"), icon=":material/block:")
        st.warning(t("stocks.disclaimer"), icon=":material/gavel:")
        return
    low, high, default, step = HORIZON_DAYS
    horizon = st.slider(t("stocks.future.horizon"), low, high, step=step, **seeded("stocks_horizon", default))
    result, history_dates, history_prices = future(
        handle.key, int(horizon), handle, tuple(metrics.get("residuals", ()))
    )
    forecast_figure = shared_figure(
        "stocks_future",
        (handle.key, int(horizon)),
        lambda: figures.forecast_figure(history_dates, history_prices, result),
    )
    st.plotly_chart(forecast_figure, width="stretch", key="stocks_future")
    st.caption(
        t(
            "stocks.future.caption",
            paths=result.paths,
            low=f"{result.quantiles[0]:.0%}",
            high=f"{result.quantiles[1]:.0%}",
        )
    )
    st.warning(t("stocks.disclaimer"), icon=":material/gavel:")


# ------------------------------------------------------------------------------------------------------------------

st.title(t("stocks.title"))
st.write(t("stocks.intro"))
st.caption(t("stocks.disclaimer"))
prices = data_ui()
settings, requested = model_ui()
config = build_config(prices, settings) if prices is not None else None
code_ui(prices, config)
handle, snapshot = training_ui(config, requested=requested is not None)
if snapshot is not None and snapshot.state == "finished" and handle.model is not None:
    results_ui(handle, snapshot)
