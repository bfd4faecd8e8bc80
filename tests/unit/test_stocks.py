"""Stock forecasting (core.lessons.stocks): windows, the chronological split without leakage, every baseline's metrics
on a series whose answer is known, each kind of bad CSV (refused with its code, or repaired and reported), and one
small LSTM trained through the engine with its forecast band."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.data import price_csv, uploads
from core.data.price_csv import PriceDataError
from core.lessons.stocks import baselines, stock_lstm, windows
from core.lessons.stocks.future import forecast_future
from core.training.registry import prewarm_configs

WINDOW = 10


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def price_file(n: int = 120, start: str = "2020-01-01", **columns) -> pd.DataFrame:
    dates = pd.bdate_range(start, periods=n).strftime("%Y-%m-%d")
    close = columns.pop("Close", 100 + np.sin(np.arange(n) / 5) * 5 + np.arange(n) * 0.1)
    return pd.DataFrame({"Date": dates, "Close": close, **columns})


# ---------------------------------------------------------------------------------------------------------------
# Windows and the split


def test_windows_are_the_last_days_and_the_next_one():
    inputs, targets = windows.make_windows(np.arange(6.0), 3)
    assert inputs.tolist() == [[0, 1, 2], [1, 2, 3], [2, 3, 4]]
    assert targets.tolist() == [3, 4, 5]
    empty_inputs, empty_targets = windows.make_windows(np.arange(3.0), 3)
    assert empty_inputs.shape == (0, 3) and empty_targets.shape == (0,)


def test_the_split_is_chronological_with_the_course_defaults():
    prices = 100.0 + np.arange(300)
    split = windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300))
    assert split.split_day == 201  # the first 67% of the days train
    assert split.y_train.tolist() == prices[WINDOW:201].tolist()
    assert split.test_prices.tolist() == prices[201:].tolist()
    assert split.x_test[0].tolist() == prices[191:201].tolist()  # a test day's inputs are the days before it
    assert split.x_train.max() < prices[201]  # no test price is ever a training input


def network_statistics(split) -> tuple[float, float, float, float]:
    """The scaling the LSTM gets: input mean and spread, target mean and spread."""
    return split.input_mean, split.input_std, split.mean, split.std


@pytest.mark.parametrize("mode", ["prices", "returns"])
def test_the_scaling_is_fitted_on_the_training_period_only(mode):
    rng = np.random.default_rng(0)
    prices = 50 * np.exp(np.cumsum(rng.normal(0, 0.01, 400)))
    dates = pd.bdate_range("2010-01-01", periods=400)
    split = windows.prepare_split(prices, dates, mode=mode)
    if mode == "prices":  # each window relative to its last close, statistics of the training windows
        training_windows = np.lib.stride_tricks.sliding_window_view(prices[: split.split_day], WINDOW)[:-1]
        inputs = training_windows / training_windows[:, -1:] - 1
        targets = prices[WINDOW : split.split_day] / training_windows[:, -1] - 1
    else:
        inputs = targets = windows.to_model_space(prices, mode)[: split.split]
    assert network_statistics(split) == pytest.approx((inputs.mean(), inputs.std(), targets.mean(), targets.std()))
    # Change the test period beyond recognition (ten times the price, five times the daily moves): nothing the
    # model trains on may move...
    changed = prices.copy()
    changed[split.split_day :] = (
        10 * prices[split.split_day] * np.exp(np.cumsum(rng.normal(0.002, 0.05, len(prices) - split.split_day)))
    )
    again = windows.prepare_split(changed, dates, mode=mode)
    assert network_statistics(again) == network_statistics(split)
    np.testing.assert_array_equal(again.x_train, split.x_train)
    np.testing.assert_array_equal(again.y_train, split.y_train)
    # ...whereas a scaling fitted on all the windows would have moved: this test would catch that leak.
    all_inputs = windows.network_inputs(np.concatenate([again.x_train, again.x_test]), mode)
    all_targets = windows.network_targets(
        np.concatenate([again.y_train, again.y_test]), np.concatenate([again.x_train, again.x_test]), mode
    )
    leaky = (all_inputs.mean(), all_inputs.std(), all_targets.mean(), all_targets.std())
    assert not np.allclose(leaky, network_statistics(split), rtol=0.05)


def test_a_price_that_doubles_looks_to_the_network_like_the_training_period():
    """Prices mode: each window relative to its last close. A clean 1%-a-day series doubles within the test period,
    yet every test window reads exactly like a training window, and a network that learned "+1% a day" predicts
    every test day right (on raw scaled prices it would have flattened at the training period's range)."""
    prices = 100.0 * 1.01 ** np.arange(300)
    split = windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300))
    assert split.test_prices.max() > 2 * prices[: split.split_day].max()
    train_inputs, train_targets = split.network_train()
    test_inputs, test_targets = split.network_test()
    np.testing.assert_allclose(test_inputs, np.broadcast_to(train_inputs[0], test_inputs.shape), atol=1e-12)
    np.testing.assert_allclose(test_targets, 0.01, atol=1e-12)
    assert train_inputs[:, -1].tolist() == [0.0] * len(train_inputs)  # the last close is the reference
    # The round trip back to prices is exact.
    np.testing.assert_allclose(windows.from_network(test_targets, split.x_test, "prices"), split.test_prices)

    def plus_one_percent(inputs, training=False):  # stands in for a network that learned the training period
        return np.full((len(inputs), 1), 0.01, dtype=np.float32)

    predicted = windows.predict_next(plus_one_percent, split.x_test, "prices")
    np.testing.assert_allclose(predicted, split.test_prices, rtol=1e-6)

    def no_move(inputs, training=False):  # a network that predicts no move is exactly persistence
        return np.zeros((len(inputs), 1), dtype=np.float32)

    np.testing.assert_allclose(
        windows.predict_next(no_move, split.x_test, "prices"), baselines.persistence_forecast(split)
    )


def test_the_task_data_is_scaled_with_training_statistics_and_validates_on_later_windows():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"Close": 20 + np.cumsum(rng.normal(0, 0.5, 300)).clip(-15)},
        index=pd.bdate_range("2015-01-01", periods=300, name="Date"),
    )
    config = stock_lstm.upload_config(uploads.keep_upload(frame, "walk.csv"))
    data = stock_lstm.get_task().load_data(config)
    changed = frame.copy()
    changed.iloc[250:, 0] *= 5
    changed_data = stock_lstm.get_task().load_data(stock_lstm.upload_config(uploads.keep_upload(changed, "walk.csv")))
    np.testing.assert_array_equal(data.y_train, changed_data.y_train)  # scaled with the same statistics
    np.testing.assert_array_equal(data.x_validation, changed_data.x_validation)
    training_days = frame["Close"].to_numpy()[:201]  # the first 67% of 300 days
    last_closes = training_days[WINDOW - 1 : -1]
    moves = training_days[WINDOW:] / last_closes - 1  # tomorrow relative to the window's last close
    expected = (moves - moves.mean()) / moves.std()
    np.testing.assert_allclose(np.concatenate([data.y_train, data.y_validation]), expected, rtol=1e-5, atol=1e-5)
    assert data.x_train.shape[1:] == (WINDOW, 1)
    # Validation windows come after the fitting windows in time (the last 10% of the training period), and the
    # network reads each of them relative to its last close.
    first = len(data.x_train)
    np.testing.assert_allclose(
        data.x_validation[0, :, 0],
        training_days[first : first + WINDOW] / training_days[first + WINDOW - 1] - 1,
        rtol=1e-5,
        atol=1e-6,
    )


# ---------------------------------------------------------------------------------------------------------------
# Baselines and metrics on a series with a known answer


def test_every_baseline_on_a_straight_line():
    prices = 100.0 + np.arange(300)  # up by exactly 1 a day
    split = windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300), window=WINDOW)
    table = baselines.comparison(split)
    test_prices = prices[201:]
    persistence = table["persistence"]
    assert persistence["rmse"] == pytest.approx(1.0) and persistence["mae"] == pytest.approx(1.0)
    assert persistence["mape"] == pytest.approx(np.mean(1 / test_prices) * 100)
    assert persistence["directional_accuracy"] is None  # it never predicts a move
    moving_average = table["moving_average"]  # the mean of the last 10 days lags 5.5 behind tomorrow
    assert moving_average["rmse"] == pytest.approx(5.5) and moving_average["mae"] == pytest.approx(5.5)
    assert moving_average["directional_accuracy"] == 0.0  # it always predicts a fall
    linear = table["linear"]  # a line is exactly what a linear model fits
    assert linear["rmse"] == pytest.approx(0.0, abs=1e-6)
    assert linear["directional_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("ratio", "standing"),
    [(0.5, "below"), (0.989, "below"), (0.995, "near"), (1.0, "near"), (1.01, "near"), (1.02, "above"), (3.0, "above")],
)
def test_the_lstm_is_placed_below_level_with_or_above_persistence_by_its_rmse_ratio(ratio, standing):
    """The page's sentence on prices beyond the training range follows this: it says the network copes only when
    its error is below persistence's."""
    assert baselines.versus_persistence(ratio) == standing in baselines.STANDINGS
    assert baselines.versus_persistence(float("inf")) == "above"  # persistence with no error at all


def test_returns_mode_compares_in_prices():
    prices = 100.0 * 1.01 ** np.arange(300)  # a constant 1% a day
    split = windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300), mode="returns")
    assert split.series == pytest.approx(np.full(299, np.log(1.01)))
    table = baselines.comparison(split)
    np.testing.assert_allclose(baselines.persistence_forecast(split), prices[200:-1])
    assert table["persistence"]["mape"] == pytest.approx(100 * (1 - 1 / 1.01))
    assert table["linear"]["rmse"] == pytest.approx(0.0, abs=1e-6)


def test_directional_accuracy_counts_the_days_that_moved():
    actual, previous = np.array([2.0, 1.0, 3.0, 3.0]), np.array([1.0, 2.0, 2.0, 3.0])
    predicted = np.array([1.5, 2.5, 1.0, 9.0])  # up (right), up (wrong), down (wrong); the last day did not move
    assert baselines.directional_accuracy(actual, predicted, previous) == pytest.approx(1 / 3)


# ---------------------------------------------------------------------------------------------------------------
# Bad CSV files: refused with a code, or repaired and reported


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"Date,Close\n", "empty"),
    ],
)
def test_files_that_are_not_price_tables(raw, code):
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(raw)
    assert caught.value.code == code and str(caught.value)


def test_no_date_column():
    frame = price_file().drop(columns="Date").assign(Volume=1000)
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code == "no_date_column" and "Close" in caught.value.values["columns"]


def test_no_price_column_when_several_numbers_could_be_it():
    frame = price_file().rename(columns={"Close": "a"}).assign(b=1.0)
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code == "no_price_column"
    chosen = price_csv.parse_price_csv(csv_bytes(frame), close_column="a")  # the visitor chooses it
    assert chosen.close_column == "a" and len(chosen.frame) == 120


def test_text_in_the_price_column():
    frame = price_file()
    frame["Close"] = frame["Close"].astype(object)
    frame.loc[7, "Close"] = "error"
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code == "text_in_prices"
    assert caught.value.values["example"] == "error" and caught.value.values["row"] == 9  # row 1 is the header


def test_dates_that_are_mostly_not_dates():
    frame = price_file()
    frame["Date"] = ["someday"] * 60 + list(frame["Date"][60:])
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code in ("bad_dates", "no_date_column")


def test_a_few_missing_prices_are_filled_and_reported():
    frame = price_file()
    frame["Close"] = frame["Close"].astype(object)
    frame.loc[[10, 11, 50], "Close"] = ["", "n/a", None]
    frame.loc[0, "Close"] = ""  # a missing first price is dropped, not invented
    clean = price_csv.parse_price_csv(csv_bytes(frame))
    repairs = {repair.code: repair.count for repair in clean.repairs}
    assert repairs == {"filled": 3, "missing_edges": 1}
    assert len(clean.frame) == 119 and clean.frame["Close"].notna().all()
    day_10 = clean.frame["Close"].iloc[9]
    assert min(frame["Close"][9], frame["Close"][12]) <= day_10 <= max(frame["Close"][9], frame["Close"][12])


def test_a_long_gap_is_refused():
    frame = price_file()
    frame.loc[20:27, "Close"] = np.nan
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code == "long_gap" and caught.value.values["count"] == 8


def test_unsorted_and_duplicate_dates_are_repaired_and_reported():
    frame = price_file()
    shuffled = pd.concat([frame.iloc[::-1], frame.iloc[[5]].assign(Close=999.0)])
    clean = price_csv.parse_price_csv(csv_bytes(shuffled))
    repairs = {repair.code: repair.count for repair in clean.repairs}
    assert repairs["duplicates"] == 1 and "sorted" in repairs
    assert clean.frame.index.is_monotonic_increasing and clean.frame.index.is_unique
    assert clean.frame["Close"].iloc[5] == 999.0  # the last row of a date wins


def test_too_few_rows_for_the_window():
    with pytest.raises(PriceDataError) as caught:
        windows.check_enough_prices(price_csv.parse_price_csv(csv_bytes(price_file(n=40))))
    assert caught.value.code == "too_few_rows"
    assert caught.value.values["needed"] == windows.minimum_rows(WINDOW)
    assert windows.check_enough_prices(price_csv.parse_price_csv(csv_bytes(price_file(n=windows.minimum_rows(WINDOW)))))
    with pytest.raises(PriceDataError, match="needs at least"):
        windows.check_enough_prices(price_csv.parse_price_csv(csv_bytes(price_file(n=90))), window=40)


@pytest.mark.parametrize("bad_price", [0.0, -3.5])
def test_prices_at_or_below_zero_are_refused(bad_price):
    frame = price_file()
    frame.loc[30, "Close"] = bad_price
    with pytest.raises(PriceDataError) as caught:
        price_csv.parse_price_csv(csv_bytes(frame))
    assert caught.value.code == "non_positive" and caught.value.values["date"] == frame.loc[30, "Date"]


def test_columns_are_found_by_name_in_english_and_chinese_and_other_separators():
    frame = price_file()
    chinese = frame.rename(columns={"Date": "日期", "Close": "收盘价"}).assign(成交量=5)
    assert price_csv.parse_price_csv(chinese.to_csv(index=False).encode("gb18030")).close_column == "收盘价"
    yahoo = frame.assign(Open=frame["Close"], High=frame["Close"] + 1, Low=frame["Close"] - 1)
    yahoo = yahoo.rename(columns={"Close": "Adj Close"}).assign(Close=1.0)
    clean = price_csv.parse_price_csv(csv_bytes(yahoo))
    assert clean.close_column == "Adj Close" and {"Open", "High", "Low"} <= set(clean.frame.columns)
    semicolons = frame.to_csv(index=False, sep=";").encode()
    assert len(price_csv.parse_price_csv(semicolons).frame) == 120
    dollars = frame.assign(Close=[f"${value:,.2f}" for value in frame["Close"] * 100])
    assert price_csv.parse_price_csv(csv_bytes(dollars)).frame["Close"].iloc[0] == pytest.approx(
        round(frame["Close"][0] * 100, 2)
    )


# ---------------------------------------------------------------------------------------------------------------
# The task: configs, one small training through the engine, the forecast band


def test_configs_are_checked_and_the_default_is_prewarmed():
    assert stock_lstm.stock_config() in prewarm_configs()
    assert stock_lstm.stock_config().param("window") == 10
    assert stock_lstm.stock_config().param("train_fraction") == 0.67
    with pytest.raises(ValueError, match="window"):
        stock_lstm.stock_config(window=500)
    with pytest.raises(ValueError, match="mode"):
        stock_lstm.stock_config(mode="tea leaves")
    # Windows relative to their last close: a param of every key, so no model stored before it is served.
    assert stock_lstm.stock_config().param("scaling") == "window"
    with pytest.raises(ValueError, match="scaling"):
        stock_lstm.stock_config(scaling="global")
    with pytest.raises(ValueError, match="ticker"):
        stock_lstm.stock_config("not a ticker")
    with pytest.raises(ValueError, match="no data set"):
        stock_lstm.stock_config(dataset="upload-../../etc")


@pytest.mark.parametrize("mode", ["prices", "returns"])
def test_a_small_lstm_trains_is_compared_and_forecasts_a_widening_band(tmp_path, mode):
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    # A clean geometric random walk whose price doubles after the training period, as AAPL's did.
    rng = np.random.default_rng(2)
    growth = np.r_[np.zeros(174), np.full(86, np.log(2.5) / 86)]
    frame = pd.DataFrame(
        {"Close": 30 * np.exp(np.cumsum(rng.normal(0.0, 0.01, 260) + growth))},
        index=pd.bdate_range("2018-01-01", periods=260, name="Date"),
    )
    config = stock_lstm.upload_config(uploads.keep_upload(frame, "small.csv"), units=8, epochs=3, mode=mode)
    engine = TrainingEngine(store=ModelStore(tmp_path), max_workers=1)
    try:
        snapshot = engine.request(config, "test").wait(timeout=300)
        assert snapshot.state == "finished", snapshot.message
        assert snapshot.stored, snapshot.message  # built-in layers only: the store can keep and reload it
        metrics = snapshot.test_metrics
        assert set(metrics["table"]) == {"lstm", "persistence", "moving_average", "linear"}
        assert len(metrics["actual"]) == len(metrics["test_dates"]) == metrics["n_test"] == 260 - 174
        assert metrics["beat_persistence"] == (metrics["rmse_ratio"] < 1)
        assert metrics["test_max_price"] > 2 * metrics["train_max_price"]
        # Relative windows (or returns) do not break when the price leaves the training range: a barely trained
        # network stays near "tomorrow = today" (1.15 prices, 0.88 returns here) instead of flattening at the
        # training prices (a forecast stuck at the training period's mean would score about 30 times worse).
        assert 0.7 < metrics["rmse_ratio"] < 1.5, metrics["rmse_ratio"]
        split = stock_lstm.get_task().load_data(config).split
        model = engine.request(config, "again").model
        future = forecast_future(model, split, metrics["residuals"], horizon=15, paths=100)
    finally:
        engine.shutdown()
    assert len(future.central) == len(future.dates) == 15
    assert future.dates[0] > frame.index[-1] and all(date.weekday() < 5 for date in future.dates)
    width = future.upper - future.lower
    assert (width > 0).all() and width[-1] > 2 * width[0]  # wider the further ahead
    assert (future.lower <= future.central).all() and (future.central <= future.upper).all()
