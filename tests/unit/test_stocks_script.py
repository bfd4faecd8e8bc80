"""/stocks and the course (#17): the course's raw closes as a scaling, the course's settings as a config, and the
standalone Keras script for the settings on screen, which really runs (offline, QUICK_RUN=1, a few hundred closes)
and prints a test RMSE beside persistence's, the same persistence RMSE the dashboard computes on those closes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from core.data import uploads
from core.data.prices import load_stock_prices
from core.lessons.stocks import baselines, stock_lstm, windows
from core.lessons.stocks.script import QUICK_ROWS, comment_keys, stock_script
from dashboard.i18n import translate
from tests.helpers import REPO_ROOT, run_learner_script


def comments(language: str) -> dict[str, str]:
    return {key: translate(key, language) for key in comment_keys()}


def test_the_scripts_comments_are_in_both_languages_and_the_page_asks_for_every_one():
    import ast

    for key in comment_keys():
        assert translate(key, "en") and translate(key, "zh"), key
    tree = ast.parse((REPO_ROOT / "app_pages" / "stocks.py").read_text(encoding="utf-8"))
    page_keys = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SCRIPT_COMMENT_KEYS"
    )
    assert set(page_keys) == comment_keys()
    chinese = stock_script(stock_lstm.stock_config(), comments=comments("zh"))
    assert translate("stocks.script.scaling_window", "zh") in chinese and "{stocks." not in chinese
    with pytest.raises(ValueError, match="stocks.script.title"):
        stock_script(stock_lstm.stock_config(), comments={})


def test_raw_closes_are_fed_as_they_are_and_never_standardised():
    prices = 50 + np.cumsum(np.random.default_rng(0).normal(0, 1, 300)) * 0.1
    split = windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300), scaling="raw")
    inputs, targets = split.network_train()
    np.testing.assert_array_equal(inputs, split.x_train)  # the closes themselves
    np.testing.assert_array_equal(targets, split.y_train)
    assert (split.input_mean, split.input_std, split.mean, split.std) == (0.0, 1.0, 0.0, 1.0)
    np.testing.assert_array_equal(windows.from_network(split.y_test, split.x_test, "prices", "raw"), split.y_test)
    with pytest.raises(ValueError, match="raw"):
        windows.prepare_split(prices, pd.bdate_range("2010-01-01", periods=300), mode="returns", scaling="raw")
    with pytest.raises(ValueError, match="raw"):
        stock_lstm.stock_config(mode="returns", scaling="raw")


def test_the_course_config_is_the_courses_project_3_and_a_new_config_beside_the_default():
    course = stock_lstm.course_config()
    assert course.param("ticker") == "AAPL" and course.param("mode") == "prices"
    assert (course.param("window"), course.param("train_fraction"), course.param("units")) == (10, 0.67, 32)
    assert (course.param("layers"), course.param("dropout"), course.param("scaling")) == (1, 0.0, "raw")
    assert (course.epochs, course.batch_size, course.validation_split) == (10, 64, 0.0)
    assert (course.optimizer, course.learning_rate) == ("adam", 0.001)
    default = stock_lstm.stock_config()
    assert course.key != default.key
    # The app's default is untouched (the bundled model stays valid).
    assert (default.param("scaling"), default.epochs, default.batch_size, default.validation_split) == (
        "window",
        20,
        32,
        0.1,
    )


CONFIGS = {
    "default": stock_lstm.stock_config(),
    "course": stock_lstm.course_config(),
    "returns_two_layers": stock_lstm.stock_config("MSFT", mode="returns", layers=2, dropout=0.0),
    "online_ticker": stock_lstm.stock_config("TSLA", window=20, batch_size=128, validation_split=0.0),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_every_script_compiles_and_says_its_settings(name):
    config = CONFIGS[name]
    source = stock_script(config)
    compile(source, f"{name}.py", "exec")
    assert f"WINDOW = {config.param('window')}" in source
    assert f"TRAIN_FRACTION = {config.param('train_fraction')}" in source
    assert f"batch_size={config.batch_size}" in source and f"EPOCHS = 1 if QUICK_RUN else {config.epochs}" in source
    assert source.count(f"layers.LSTM({config.param('units')}") == config.param("layers")
    assert ("validation_split=" in source) == bool(config.validation_split)
    assert ("layers.Rescaling" in source) == (config.param("scaling") != "raw")
    assert ("Dropout" in source) == (config.param("dropout") > 0)
    assert "persistence (tomorrow = today)" in source and "moving average" in source and "linear model" in source


def test_a_strange_file_name_and_columns_stay_string_literals():
    frame = pd.DataFrame({"Close": np.linspace(10, 20, 200)}, index=pd.bdate_range("2020-01-01", periods=200))
    config = stock_lstm.upload_config(uploads.keep_upload(frame, "x.csv"))
    source = stock_script(
        config,
        comments=comments("en"),
        file_name='a"; import os; os.system("x") #{stocks.script.title}$seed.csv',
        date_column="日\nx",
        close_column="\\",
    )
    compile(source, "upload.py", "exec")
    assert "{stocks.script.title}$seed.csv" in source  # the visitor's text is left as it is, inside a string
    assert "\nimport os; os.system" not in source and 'os.system("x")' not in source.replace('\\"', "")


def run_script(source: str, tmp_path, name: str) -> str:
    return run_learner_script(source, tmp_path, name)


def rmse_line(output: str, name: str) -> float:
    match = re.search(rf"^  {re.escape(name)}: ([\d.]+)$", output, re.MULTILINE)
    assert match, output[-2000:]
    return float(match.group(1))


def test_the_default_script_runs_offline_and_prints_its_rmse_beside_the_dashboards_persistence(tmp_path):
    config = CONFIGS["default"]
    output = run_script(stock_script(config, comments=comments("zh")), tmp_path, "default")
    assert "AAPL: bokeh-sampledata" in output
    lstm, persistence = rmse_line(output, "LSTM"), rmse_line(output, "persistence (tomorrow = today)")
    assert lstm > 0 and "LSTM / persistence RMSE:" in output
    # The same closes, windows and split as the dashboard: the dashboard's persistence RMSE on the last 400 closes.
    frame = load_stock_prices("AAPL", prefer_download=False).frame.iloc[-QUICK_ROWS:]
    split = windows.prepare_split(frame["Close"].to_numpy(), frame.index, 10, 0.67)
    expected = baselines.comparison(split)
    assert persistence == pytest.approx(expected["persistence"]["rmse"], abs=1e-3)
    assert rmse_line(output, "linear model") == pytest.approx(expected["linear"]["rmse"], abs=1e-3)
    assert rmse_line(output, "moving average") == pytest.approx(expected["moving_average"]["rmse"], abs=1e-3)
    # The same network as the engine's: the same number of weights.
    task = stock_lstm.get_task()
    engine_parameters = task.build_model(config, task.load_data(config)).count_params()
    assert int(re.search(r"Total params: ([\d,]+)", output).group(1).replace(",", "")) == engine_parameters


def test_an_uploaded_file_in_returns_mode_runs_from_the_file_it_names(tmp_path):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"Close": 40 * np.exp(np.cumsum(rng.normal(0, 0.01, 300)))},
        index=pd.bdate_range("2019-01-01", periods=300, name="Date"),
    )
    config = stock_lstm.upload_config(uploads.keep_upload(frame, "mine.csv"), mode="returns", units=8)
    pd.DataFrame({"Day": frame.index.strftime("%Y-%m-%d"), "Price": frame["Close"]}).to_csv(
        tmp_path / "mine.csv", index=False
    )
    output = run_script(
        stock_script(config, comments=comments("en"), file_name="mine.csv", date_column="Day", close_column="Price"),
        tmp_path,
        "up",
    )
    assert "mine.csv: your file" in output and "300 daily closes" in output
    split = windows.prepare_split(frame["Close"].to_numpy(), frame.index, 10, 0.67, mode="returns")
    persistence = baselines.comparison(split)["persistence"]["rmse"]
    assert rmse_line(output, "persistence (tomorrow = today)") == pytest.approx(persistence, abs=1e-3)
    assert rmse_line(output, "LSTM") > 0
