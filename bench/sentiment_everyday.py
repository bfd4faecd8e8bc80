"""Everyday phrasings through the shipped Chinese sentiment model and the TF-IDF baseline, side by side.

What a new visitor types (short texts, negation, book and hotel words, the course's example, English typed into the
Chinese model: ``core.lessons.text.course.EVERYDAY_PHRASINGS``), each with the verdict a reader gives it. Prints both
probabilities per sentence and which model gets it wrong: the numbers behind the page's paragraph on them.

    python -m bench.sentiment_everyday   (about 30 s: loads the bundled model, fits the baseline)
"""

from __future__ import annotations

from core.lessons.text import course, sentiment
from core.lessons.text.prediction import SentimentModel


def main() -> None:
    from core.training.model_store import ModelStore

    config = sentiment.default_sentiment_config()
    stored = ModelStore().load(config.key)
    if stored is None:
        raise SystemExit("The default sentiment model is neither bundled nor stored: run python -m core.prewarm.")
    model = SentimentModel(stored.model, stored.metadata)
    baseline = sentiment.baseline_for(config, wait=600)
    results = course.score_phrasings(model, baseline)
    print(f"{'text':<28} {'kind':<9} label  LSTM   baseline")
    for result in results:
        marks = ("" if result.lstm_right else " LSTM wrong") + ("" if result.baseline_right else " baseline wrong")
        print(
            f"{result.phrasing.text[:26]:<28} {result.phrasing.kind:<9} {result.phrasing.label}     "
            f"{result.lstm_probability:.3f}  {result.baseline_probability:.3f}{marks}"
        )
    lstm_right = sum(result.lstm_right for result in results)
    baseline_right = sum(result.baseline_right for result in results)
    print(f"right: LSTM {lstm_right}/{len(results)}, baseline {baseline_right}/{len(results)}")


if __name__ == "__main__":
    main()
