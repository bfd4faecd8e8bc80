"""How long one sentiment prediction takes, and one with every word's contribution (occlusion, batched).

Loads the default Chinese model from the model store (trains it first when the store does not have it, as
``python -m core.prewarm`` would), warms it up, then times, server side, 200 predictions of short reviews and 100
contribution analyses of a 50-word text (51 variants in ONE model call). Goals: p95 <= 50 ms for one prediction,
p95 <= 250 ms with the contributions of a 50-word text. Printed last.

    python bench/sentiment_latency.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DASHBOARD_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from core.lessons import text as sentiment  # noqa: E402


def percentile_ms(seconds: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(seconds) * 1000.0, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    arguments = parser.parse_args()

    from core.training.engine import get_engine

    config = sentiment.default_sentiment_config()
    handle = get_engine().request(config, "bench")
    snapshot = handle.wait(timeout=3600)
    if snapshot.state != "finished":
        raise SystemExit(f"the default model is not available: {snapshot.message}")
    model = sentiment.sentiment_model(handle.key, handle.model, handle.metadata)
    short_texts = list(sentiment.EXAMPLE_TEXTS["zh"])
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
    print(f"one prediction: median {percentile_ms(one, 50):.1f} ms, p95 {percentile_ms(one, 95):.1f} ms (goal <= 50)")
    print(
        f"contributions of a {n_words}-word text: median {percentile_ms(with_contributions, 50):.1f} ms, "
        f"p95 {percentile_ms(with_contributions, 95):.1f} ms (goal <= 250)"
    )
    print(
        f"p95 one prediction {percentile_ms(one, 95):.1f} ms; p95 with contributions of {n_words} words "
        f"{percentile_ms(with_contributions, 95):.1f} ms"
    )


if __name__ == "__main__":
    main()
