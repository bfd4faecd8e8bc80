"""Stock forecasting: the default config's train + evaluate time, and the LSTM's RMSE against persistence per ticker.

Each config trains through the engine into an empty temporary store (nothing from an earlier run), with one worker,
on the built-in bokeh-sampledata prices (offline). For every embedded ticker (AAPL, GOOG, IBM, MSFT) and both modes
(prices, returns) it prints the RMSE of the LSTM and of the three baselines on the same test days, and the ratio
LSTM / persistence (below 1 means the LSTM beat "tomorrow = today"). In prices mode the LSTM reads each window
relative to its last close (``scaling="window"``), so the ratio stays near 1 even where the test period's prices
leave the training range (AAPL, IBM). The table is printed last.

    python -m bench.stock_forecast [--modes prices returns] [--threads 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", nargs="+", default=["prices", "returns"], choices=["prices", "returns"])
    parser.add_argument("--threads", type=int, default=2, help="TensorFlow threads (the 2-core goal)")
    arguments = parser.parse_args()

    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(arguments.threads)
    tf.config.threading.set_inter_op_parallelism_threads(arguments.threads)

    from core.data.prices import EMBEDDED_TICKERS
    from core.lessons.stocks import stock_lstm
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    rows = []
    default_seconds = None
    with tempfile.TemporaryDirectory() as store_folder:
        engine = TrainingEngine(store=ModelStore(store_folder), max_workers=1)
        try:
            for mode in arguments.modes:
                for ticker in EMBEDDED_TICKERS:
                    config = stock_lstm.stock_config(ticker, mode=mode)
                    started = time.perf_counter()
                    snapshot = engine.request(config, "bench").wait(timeout=1200)
                    seconds = time.perf_counter() - started
                    if snapshot.state != "finished":
                        raise SystemExit(f"{ticker} {mode}: {snapshot.state}: {snapshot.message}")
                    if config == stock_lstm.stock_config():
                        default_seconds = seconds
                    table = snapshot.test_metrics["table"]
                    rows.append((ticker, mode, seconds, table, snapshot.test_metrics))
                    print(f"{ticker} {mode}: {seconds:.1f} s (request to finished)", flush=True)
        finally:
            engine.shutdown()

    print()
    print(
        "Default config (AAPL, prices relative to each window's last close, window 10, LSTM(32), dropout 0.2, "
        "20 epochs, batch 32), "
        f"{arguments.threads} TensorFlow threads:"
    )
    if default_seconds is not None:
        print(f"  train + evaluate (engine request to finished, TensorFlow already imported): {default_seconds:.1f} s")
    print()
    header = (
        f"{'ticker':<6} {'mode':<8} {'test days':>9} {'LSTM':>8} {'persist.':>8} {'mov.avg':>8} {'linear':>8} "
        f"{'LSTM/persistence':>17}  verdict"
    )
    print("RMSE in prices on the same test days (the last 33% of the time):")
    print(header)
    print("-" * len(header))
    for ticker, mode, _, table, metrics in rows:
        ratio = table["lstm"]["rmse"] / table["persistence"]["rmse"]
        verdict = "LSTM beat persistence" if ratio < 1 else "persistence wins"
        print(
            f"{ticker:<6} {mode:<8} {metrics['n_test']:>9,} {table['lstm']['rmse']:>8.3f} "
            f"{table['persistence']['rmse']:>8.3f} {table['moving_average']['rmse']:>8.3f} "
            f"{table['linear']['rmse']:>8.3f} {ratio:>17.4f}  {verdict}"
        )


if __name__ == "__main__":
    main()
