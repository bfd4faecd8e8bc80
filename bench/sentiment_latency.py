"""How long one sentiment prediction takes, and one with every word's contribution (occlusion, batched).

Loads the default Chinese model from the model store (trains it first when the store does not have it, as
``python -m core.prewarm`` would), warms it up, then times, server side, 200 predictions of short reviews and 100
contribution analyses of a 50-word text (51 variants in ONE model call). Goals: p95 <= 50 ms for one prediction,
p95 <= 250 ms with the contributions of a 50-word text. Printed last.

    python -m bench.sentiment_latency [--repeats 200]
"""

from __future__ import annotations

import argparse
import os
import time

from bench.common import finished, median_and_p95_ms, percentile
from core.lessons.text import prediction, sentiment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    arguments = parser.parse_args()

    from core.training.engine import get_engine

    config = sentiment.default_sentiment_config()
    handle = get_engine().request(config, "bench")
    snapshot = finished(handle, "the default sentiment model")
    model = prediction.sentiment_model(handle.key, handle.model, handle.metadata)
    short_texts = list(prediction.EXAMPLE_TEXTS["zh"])
    long_text = "这本书的内容很丰富，" * 7  # 49 tokens once jieba splits it
    n_words = len(model.contributions(long_text).tokens)
    for text in short_texts:  # warm-up: the first calls trace the graph
        model.predict(text)
        model.contributions(text)

    one = []
    for repeat in range(arguments.repeats):
        started = time.perf_counter()
        model.predict(short_texts[repeat % len(short_texts)])
        one.append(time.perf_counter() - started)
    with_contributions = []
    for _ in range(max(10, arguments.repeats // 2)):
        started = time.perf_counter()
        model.contributions(long_text)
        with_contributions.append(time.perf_counter() - started)
    get_engine().shutdown()
    print(f"model: {config.describe()} (from store: {snapshot.from_store}), {os.cpu_count()} CPUs, possibly shared")
    print(f"one prediction: {median_and_p95_ms(one)} (goal p95 <= 50)")
    print(f"contributions of a {n_words}-word text: {median_and_p95_ms(with_contributions)} (goal p95 <= 250)")
    print(
        f"p95 one prediction {percentile(one, 95) * 1000:.1f} ms; p95 with contributions of {n_words} words "
        f"{percentile(with_contributions, 95) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
