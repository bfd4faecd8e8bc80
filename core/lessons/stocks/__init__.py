"""Stock forecasting, judged honestly: an LSTM on daily closing prices against simple baselines (``/stocks``).

The page (``app_pages/stocks.py``) trains the task ``stock_lstm`` through the engine. Everything that decides what the
learner sees is here, without Streamlit, one module per step:

1. **Data.** :func:`core.data.prices.load_stock_prices` (yfinance online, bokeh-sampledata's AAPL/GOOG/IBM/MSFT
   offline), or a visitor's CSV, read and cleaned by :mod:`core.data.price_csv` (repairs listed, the rest refused
   with a :class:`~core.data.price_csv.PriceDataError`); :func:`.windows.check_enough_prices` refuses a series too
   short for the chosen window.
2. **Windows and the split** (:mod:`.windows`). The course's setup: the last ``window`` (10) values predict the next
   one; the first 67% of the *time* is for training, the rest for testing (never shuffled across the boundary). In
   ``"prices"`` mode every window is made scale-free before the LSTM sees it: divided by its own last close, minus
   one (:func:`.windows.network_inputs`), and the target likewise (:func:`.windows.network_targets`), so the network
   learns *relative* moves. Raw prices would not do: AAPL's test-period prices are several times anything in its
   training period, and a network on prices standardised with the training period's statistics flattens out far
   below them. The standardisation of those relative values is fitted on the training windows only
   (:func:`.windows.prepare_split`), so nothing from the test period leaks into training.
3. **Models.** The LSTM, the task ``stock_lstm`` (:mod:`.stock_lstm`: built-in Keras layers only, the
   standardisation baked in as ``Rescaling`` layers, so the stored model reads relative windows and returns the
   relative move; :func:`.windows.predict_next` does the per-window division before calling it and the
   multiplication back into prices after, for every caller), and three baselines on the same test days
   (:mod:`.baselines`): the last value (persistence), the moving average of the same window, and a linear regression
   on the same (raw) window (scikit-learn).
4. **Metrics** (:mod:`.baselines`). RMSE, MAE, MAPE (scikit-learn) and directional accuracy, always in prices, for all
   four models. ``mode="returns"`` models daily log returns instead of prices; predictions are turned back into
   prices, so the comparison table is the same.
5. **The future** (:mod:`.future`). :func:`.future.forecast_future` runs the model forward day by day; the band comes
   from the test period's residual quantiles (bootstrapped sums of one-day errors, as log ratios of actual to
   predicted prices), so it widens with the horizon. A teaching demo, not advice.

**The course** (issue 17): :data:`.stock_lstm.COURSE_PARAMS` / :data:`.stock_lstm.COURSE_FIELDS` are the course's
project 3 as a config (:func:`.stock_lstm.course_config`), with its raw closes as the scaling ``"raw"`` (no relative
windows, no standardisation), trained on demand beside the same baselines; :func:`.script.stock_script` writes a
standalone Keras script for any config of the task (what "Show the code" on the page shows).

The task registry (``core.training.registry``) lists :data:`.stock_lstm.STOCK_LSTM_TASK`; nothing registers itself on
import. Importing these modules is cheap (numpy only): pandas, scikit-learn and Keras are imported where they are used.
"""
