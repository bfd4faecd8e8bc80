"""Strings of the stock forecasting page (/stocks): stocks.*, and its menu entry (nav.stocks)."""

STRINGS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------------------------------
    "nav.stocks": {"en": "Stock forecasting", "zh": "股价预测"},
    "nav.stocks.summary": {
        "en": "An LSTM predicts tomorrow's closing price from the last 10 days, and is judged honestly against "
        '"tomorrow = today", a moving average and a linear model on the same test days.',
        "zh": "LSTM 根据最近 10 天的收盘价预测明天的价格，并在同一测试期内与“明天 = 今天”、"
        "移动平均和线性模型如实比较。",
    },
    # -- page ------------------------------------------------------------------------------------------------------
    "stocks.title": {"en": "Stock forecasting with an LSTM", "zh": "用 LSTM 预测股价"},
    "stocks.intro": {
        "en": "An LSTM reads the closing prices of the last few days and predicts the next one. Whether that is "
        "any good only shows beside simple baselines on the same days, above all \"tomorrow's price is today's\".",
        "zh": "LSTM 读取最近几天的收盘价，预测下一天的价格。它好不好，只有放在同一段时间的简单基线旁边才看得出来，"
        "尤其是“明天的价格等于今天”。",
    },
    "stocks.disclaimer": {
        "en": "A teaching demo, not investment advice: past prices do not tell the future, and no decision should "
        "rest on these numbers.",
        "zh": "这是教学演示，不是投资建议：过去的价格不能预示未来，任何决定都不应以这些数字为依据。",
    },
    # -- data ------------------------------------------------------------------------------------------------------
    "stocks.data.header": {"en": "1. Prices", "zh": "1. 价格数据"},
    "stocks.data.source": {"en": "Where the prices come from", "zh": "价格来源"},
    "stocks.data.source.ticker": {"en": "A ticker", "zh": "股票代码"},
    "stocks.data.source.upload": {"en": "My own CSV file", "zh": "我自己的 CSV 文件"},
    "stocks.data.ticker": {"en": "Ticker", "zh": "股票代码"},
    "stocks.data.ticker.help": {
        "en": "A stock symbol such as AAPL, MSFT or 0700.HK. Online, any symbol Yahoo Finance knows works.",
        "zh": "股票代码，例如 AAPL、MSFT 或 0700.HK。联网时，Yahoo Finance 认识的代码都可以。",
    },
    "stocks.data.builtin": {
        "en": "Built in (works offline): {tickers}, daily prices 2000–2013. Other tickers need the internet.",
        "zh": "内置数据（离线可用）：{tickers}，2000–2013 年的日线价格。其他代码需要联网。",
    },
    "stocks.data.ticker_empty": {"en": "Type a ticker, for example AAPL.", "zh": "请输入股票代码，例如 AAPL。"},
    "stocks.data.unknown_ticker": {
        "en": "Yahoo Finance has no daily prices for the ticker {ticker}. Check the symbol (for example AAPL, "
        "MSFT or 0700.HK).",
        "zh": "Yahoo Finance 没有代码 {ticker} 的日线价格。请检查代码（例如 AAPL、MSFT 或 0700.HK）。",
    },
    "stocks.data.needs_download": {
        "en": "Prices for {ticker} need a download from Yahoo Finance, and this server is offline. Built-in "
        "tickers: {tickers}.",
        "zh": "{ticker} 的价格需要从 Yahoo Finance 下载，但本服务器未联网。内置的代码有：{tickers}。",
    },
    "stocks.data.bad_ticker": {
        "en": "\"{ticker}\" is not a ticker: use letters, digits, '.', '-', '^' or '=' (for example AAPL).",
        "zh": "“{ticker}”不是有效的股票代码：只能包含字母、数字以及 '.'、'-'、'^'、'='（例如 AAPL）。",
    },
    "stocks.data.upload": {"en": "A CSV file with a date and a closing price", "zh": "包含日期和收盘价的 CSV 文件"},
    "stocks.data.upload.help": {
        "en": "One row per trading day. Columns named Date and Close (or Adj Close, Price) are found by themselves; "
        "otherwise choose them below.",
        "zh": "每个交易日一行。名为 Date 和 Close（或 Adj Close、Price）的列会被自动识别；否则请在下方选择。",
    },
    "stocks.data.upload.waiting": {
        "en": "Upload a CSV file to continue, or switch back to a ticker.",
        "zh": "请上传 CSV 文件继续，或切换回股票代码。",
    },
    "stocks.data.date_column": {"en": "Date column", "zh": "日期列"},
    "stocks.data.close_column": {"en": "Closing-price column", "zh": "收盘价列"},
    "stocks.data.choose_column": {"en": "Choose a column", "zh": "请选择一列"},
    "stocks.data.your_file": {"en": "your uploaded file", "zh": "你上传的文件"},
    "stocks.data.online": {"en": "downloaded", "zh": "在线下载"},
    "stocks.data.offline": {"en": "works offline", "zh": "离线可用"},
    "stocks.data.line": {
        "en": "**{name}**: {days} trading days, {start} to {end}, from {source} ({where}).",
        "zh": "**{name}**：{days} 个交易日，{start} 至 {end}，来源：{source}（{where}）。",
    },
    "stocks.data.history.caption": {
        "en": "The shaded part (up to {split}) is the training period; the model never sees the days after it "
        "until the test.",
        "zh": "阴影部分（截至 {split}）是训练期；在测试之前，模型从未见过此后的日子。",
    },
    "stocks.history.train_period": {"en": "training period", "zh": "训练期"},
    "stocks.axis.price": {"en": "price", "zh": "价格"},
    "stocks.range.1m": {"en": "1m", "zh": "1月"},
    "stocks.range.6m": {"en": "6m", "zh": "6月"},
    "stocks.range.1y": {"en": "1y", "zh": "1年"},
    "stocks.range.5y": {"en": "5y", "zh": "5年"},
    "stocks.range.all": {"en": "all", "zh": "全部"},
    # -- bad CSV files ---------------------------------------------------------------------------------------------
    "stocks.csv.error.binary": {
        "en": "This is not a text file (it looks like a spreadsheet, an image or an archive). Save the prices as "
        "CSV (comma-separated text) and upload that.",
        "zh": "这不是文本文件（看起来像电子表格、图片或压缩包）。请把价格另存为 CSV（逗号分隔的文本）再上传。",
    },
    "stocks.csv.error.empty": {"en": "The file is empty: it has no rows of data.", "zh": "文件是空的：没有数据行。"},
    "stocks.csv.error.too_large": {
        "en": "The file is too large (at most {megabytes} MB).",
        "zh": "文件太大（最多 {megabytes} MB）。",
    },
    "stocks.csv.error.too_many_rows": {
        "en": "The file has {rows} rows; at most {limit} are accepted.",
        "zh": "文件有 {rows} 行；最多接受 {limit} 行。",
    },
    "stocks.csv.error.unreadable": {
        "en": "The file could not be read as a CSV table. Check that it is comma-separated text with one header row.",
        "zh": "无法把文件读成 CSV 表格。请确认它是逗号分隔的文本，并且有一行表头。",
    },
    "stocks.csv.error.no_date_column": {
        "en": 'No date column was found (columns: {columns}). Name it "Date" or choose it above.',
        "zh": "没有找到日期列（现有列：{columns}）。请把它命名为 “Date”，或在上方选择。",
    },
    "stocks.csv.error.no_price_column": {
        "en": 'No closing-price column was found (columns: {columns}). Name it "Close" or choose it above.',
        "zh": "没有找到收盘价列（现有列：{columns}）。请把它命名为 “Close”，或在上方选择。",
    },
    "stocks.csv.error.same_column": {
        "en": "The date and the price must be two different columns.",
        "zh": "日期和价格必须是两列不同的数据。",
    },
    "stocks.csv.error.bad_dates": {
        "en": '{count} of {total} values in "{column}" are not dates (for example "{example}").',
        "zh": "“{column}”列的 {total} 个值中有 {count} 个不是日期（例如 “{example}”）。",
    },
    "stocks.csv.error.text_in_prices": {
        "en": 'The price column "{column}" has text where a number should be: "{example}" in row {row} '
        "({count} such rows). Fix or remove those rows.",
        "zh": "价格列 “{column}” 中本应是数字的地方出现了文字：第 {row} 行的 “{example}”"
        "（共 {count} 行）。请修正或删除这些行。",
    },
    "stocks.csv.error.no_prices": {
        "en": 'The price column "{column}" is empty.',
        "zh": "价格列 “{column}” 是空的。",
    },
    "stocks.csv.error.long_gap": {
        "en": "{count} prices in a row are missing (from {date}); at most {limit} missing days in a row are filled "
        "in. Fill the gap or cut the file there.",
        "zh": "连续缺少 {count} 个价格（从 {date} 开始）；最多只能自动补全连续 {limit} 天。"
        "请补齐缺口，或从该处截断文件。",
    },
    "stocks.csv.error.non_positive": {
        "en": "{count} price(s) are zero or negative (the first on {date}); a stock's price is always above zero.",
        "zh": "有 {count} 个价格为零或负数（第一个在 {date}）；股票价格总是大于零。",
    },
    "stocks.csv.error.too_few_rows": {
        "en": "{rows} usable rows are too few: a window of {window} days needs at least {needed} rows.",
        "zh": "可用的行只有 {rows} 行，太少了：{window} 天的窗口至少需要 {needed} 行。",
    },
    "stocks.csv.repaired": {"en": "The file was repaired:", "zh": "文件已自动修复："},
    "stocks.csv.repair.bad_dates": {
        "en": "dropped {count} row(s) whose date could not be read",
        "zh": "删除了 {count} 行无法识别日期的数据",
    },
    "stocks.csv.repair.sorted": {
        "en": "sorted the rows by date (they were out of order)",
        "zh": "按日期重新排序（原来的顺序是乱的）",
    },
    "stocks.csv.repair.duplicates": {
        "en": "dropped {count} row(s) with a date seen before (kept the last one)",
        "zh": "删除了 {count} 行重复日期的数据（保留最后一行）",
    },
    "stocks.csv.repair.missing_edges": {
        "en": "dropped {count} row(s) without a price at the start or the end",
        "zh": "删除了开头或结尾处 {count} 行没有价格的数据",
    },
    "stocks.csv.repair.filled": {
        "en": "filled {count} missing price(s) from the days around them",
        "zh": "用前后几天的价格补全了 {count} 个缺失值",
    },
    # -- model -----------------------------------------------------------------------------------------------------
    "stocks.model.header": {"en": "2. The model", "zh": "2. 模型"},
    "stocks.model.window": {"en": "Window (days the model sees)", "zh": "窗口（模型看到的天数）"},
    "stocks.model.window.help": {
        "en": "The course uses the last 10 closing prices to predict the next one.",
        "zh": "课程中用最近 10 个收盘价预测下一个。",
    },
    "stocks.model.train_fraction": {"en": "Share of time for training", "zh": "用于训练的时间比例"},
    "stocks.model.train_fraction.help": {
        "en": "The first part of the history trains the model, the rest tests it. Never shuffled: the test is "
        "always the future of the training period.",
        "zh": "历史的前一部分用于训练，其余用于测试。绝不打乱：测试期永远在训练期之后。",
    },
    "stocks.model.mode": {"en": "What the model predicts", "zh": "模型预测什么"},
    "stocks.model.mode.prices": {"en": "prices", "zh": "价格"},
    "stocks.model.mode.returns": {"en": "daily returns", "zh": "日收益率"},
    "stocks.model.mode.help": {
        "en": "Prices: the network reads each window relative to its last close and predicts tomorrow's move from "
        "today's close. Daily returns: it reads the day-to-day changes, log(today / yesterday). The table always "
        "compares prices.",
        "zh": "价格：网络把每个窗口换算成相对于其最后一个收盘价的变化，并预测明天相对今天收盘价的涨跌。"
        "日收益率：网络读取每天的变化 log(今天 / 昨天)。表格始终比较的是价格。",
    },
    "stocks.model.units": {"en": "LSTM units", "zh": "LSTM 单元数"},
    "stocks.model.layers": {"en": "LSTM layers", "zh": "LSTM 层数"},
    "stocks.model.dropout": {"en": "Dropout", "zh": "Dropout 比例"},
    "stocks.model.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "stocks.model.layers.caption": {
        "en": "The network: {layers} × LSTM({units}) with dropout {dropout} after each, then Dense(1) for the next "
        "day.",
        "zh": "网络结构：{layers} × LSTM({units})，每层后接 dropout {dropout}，再接 Dense(1) 输出下一天。",
    },
    "stocks.model.scaling.prices": {
        "en": "**How the prices are scaled.** Each window of {window} closes is divided by its own last close, minus "
        "1: the network sees moves such as \"2% below today's close\" and predicts tomorrow's move the same way; "
        "its answer is multiplied back by today's close. Why: over the years prices climb far beyond anything in "
        "the training period, and a network trained on raw prices cannot predict values it has never seen, while "
        "relative moves stay in the same range. The mean and spread that standardise them come from the training "
        "windows only, so nothing from the test period leaks in.",
        "zh": "**价格如何缩放。** 每个 {window} 天的窗口都除以它自己的最后一个收盘价再减 1："
        "网络看到的是“比今天收盘价低 2%”这样的相对变化，也用同样的方式预测明天的涨跌；"
        "它的输出再乘回今天的收盘价。原因：多年下来价格会涨到远超训练期的水平，"
        "用原始价格训练的网络无法预测从未见过的数值，而相对变化始终在同一个范围内。"
        "标准化所用的均值和标准差只来自训练期的窗口，测试期的信息不会泄漏进来。",
    },
    "stocks.model.scaling.returns": {
        "en": "**How the returns are scaled.** Daily returns already stay in the same range over the years, whatever "
        "the price; they are standardised with the training period's mean and spread only, so nothing from the "
        "test period leaks in.",
        "zh": "**收益率如何缩放。** 无论价格高低，日收益率多年来都在同一个范围内；"
        "它们只用训练期的均值和标准差做标准化，测试期的信息不会泄漏进来。",
    },
    "stocks.model.lstm": {"en": "LSTM", "zh": "LSTM"},
    "stocks.model.persistence": {"en": "last value (tomorrow = today)", "zh": "最后值（明天 = 今天）"},
    "stocks.model.moving_average": {"en": "moving average", "zh": "移动平均"},
    "stocks.model.linear": {"en": "linear model", "zh": "线性模型"},
    "stocks.model.actual": {"en": "actual price", "zh": "实际价格"},
    "stocks.curve.loss": {"en": "Loss (MSE of the scaled target)", "zh": "损失（缩放后目标的均方误差）"},
    "stocks.curve.mae": {"en": "Mean absolute error (scaled target)", "zh": "平均绝对误差（缩放后的目标）"},
    # -- training --------------------------------------------------------------------------------------------------
    "stocks.run.header": {"en": "3. Training", "zh": "3. 训练"},
    "stocks.run.button": {"en": "Train", "zh": "训练"},
    "stocks.run.nothing_yet": {
        "en": "Press Train: about 10 seconds with the default settings.",
        "zh": "点击“训练”：默认设置大约需要 10 秒。",
    },
    "stocks.run.settings_changed": {
        "en": "The settings changed since this training: press Train to train them.",
        "zh": "设置在这次训练后已更改：点击“训练”以使用新设置训练。",
    },
    # -- results ---------------------------------------------------------------------------------------------------
    "stocks.results.header": {"en": "4. How good is it?", "zh": "4. 效果如何？"},
    "stocks.results.beat": {
        "en": "The LSTM beat the last-value baseline: RMSE {lstm} against {persistence} (ratio {ratio}). Check the "
        "margin: on prices it is usually small.",
        "zh": "LSTM 胜过了“最后值”基线：RMSE 为 {lstm}，基线为 {persistence}（比值 {ratio}）。"
        "注意差距：在价格上通常很小。",
    },
    "stocks.results.not_beat": {
        "en": "The LSTM did not beat the last-value baseline: RMSE {lstm} against {persistence} (ratio {ratio}). "
        "That is the usual, honest result on prices: tomorrow's price is hard to predict better than by today's.",
        "zh": "LSTM 没有胜过“最后值”基线：RMSE 为 {lstm}，基线为 {persistence}（比值 {ratio}）。"
        "这是价格预测中常见而诚实的结果：很难比“明天等于今天”预测得更好。",
    },
    "stocks.results.extrapolation": {
        "en": "The test period's prices reach {test_max}, far above the highest training price ({train_max}). The "
        "network still copes because it reads every window relative to its last close: a 1% move looks the same "
        "at any price. Trained on raw prices, it would have flattened out near the training range.",
        "zh": "测试期的价格最高达到 {test_max}，远高于训练期的最高价（{train_max}）。"
        "网络仍能应对，因为它把每个窗口都换算成相对于最后一个收盘价的变化：1% 的涨跌在任何价位看起来都一样。"
        "如果直接用原始价格训练，它的预测会停留在训练期的价格范围附近。",
    },
    "stocks.results.table": {"en": "Every model on the same test days", "zh": "所有模型在同一测试期的表现"},
    "stocks.table.model": {"en": "model", "zh": "模型"},
    "stocks.table.rmse": {"en": "RMSE", "zh": "RMSE（均方根误差）"},
    "stocks.table.mae": {"en": "MAE", "zh": "MAE（平均绝对误差）"},
    "stocks.table.mape": {"en": "MAPE", "zh": "MAPE（平均绝对百分比误差）"},
    "stocks.table.direction": {"en": "direction right", "zh": "方向正确率"},
    "stocks.results.table.caption": {
        "en": "One step ahead on {days} test days ({start} to {end}), in prices; trained on {train} windows of "
        "{window} days. Direction right: how often the predicted move (up or down) matched the real one; the "
        "last value never predicts a move (—).",
        "zh": "在 {days} 个测试日（{start} 至 {end}）上逐日预测下一天，按价格计算；训练使用了 {train} 个 "
        "{window} 天的窗口。方向正确率：预测的涨跌方向与实际一致的比例；“最后值”从不预测涨跌（—）。",
    },
    "stocks.results.predictions": {"en": "Predictions against the real prices", "zh": "预测值与真实价格"},
    "stocks.results.shown": {"en": "Models on the chart", "zh": "图中显示的模型"},
    "stocks.results.predictions.caption": {
        "en": "Zoom into a few weeks (the buttons or the slider under the chart) and compare each line with the "
        "real prices: a forecast that is the real line shifted by one day has learned little more than "
        '"tomorrow = today".',
        "zh": "放大到几周（用图上的按钮或下方的滑块），把每条线与真实价格比较：如果预测只是把真实曲线向后平移一天，"
        "它学到的并不比“明天 = 今天”多。",
    },
    "stocks.future.header": {"en": "Into the future", "zh": "预测未来"},
    "stocks.future.horizon": {"en": "Days ahead", "zh": "向后预测的天数"},
    "stocks.forecast.central": {"en": "forecast", "zh": "预测"},
    "stocks.forecast.band": {"en": "{low}–{high} band", "zh": "{low}–{high} 区间"},
    "stocks.future.caption": {
        "en": "The model feeds on its own predictions day after day (dashed line). The band spans {low} to {high} of "
        "{paths} bootstrapped sums of the test period's one-day errors: errors add up, so it widens with the "
        "horizon. It assumes each day's error is independent of the others, so it still understates the real "
        "uncertainty.",
        "zh": "模型一天接一天地用自己的预测作为输入（虚线）。区间覆盖了测试期单日误差的 {paths} 个自助抽样累加值中 "
        "{low} 到 {high} 的部分：误差会累积，因此区间随预测天数变宽。它假设每天的误差彼此独立，"
        "所以仍然低估了真实的不确定性。",
    },
}
