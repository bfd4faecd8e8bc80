"""The course's sentiment model beside the app's, and who wins on the same held-out texts.

The course builds Embedding(32) -> LSTM(64) -> Dense(1, sigmoid) over a 10,000-word vocabulary and texts cut or padded
to 100 tokens; Adam, binary cross-entropy, 10 epochs, batch 32, 20 % of the training rows held out for validation.
:func:`course_sentiment_config` is that model as a config of the task ``"sentiment"`` (it needs no new setting: one
direction, no dropout, the course's sizes); the app's default (:func:`core.lessons.text.sentiment.
default_sentiment_config`) stays the bidirectional one. :func:`ranking` orders the course's LSTM, the app's BiLSTM and
the TF-IDF baseline by their accuracy on the same held-out texts, for the page's "which wins" line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.training.config import TrainConfig

#: The course's sentiment chapter, in the task's own settings.
COURSE_PARAMS: Mapping[str, Any] = {
    "granularity": "words",  # the course's tokenizer splits words; Chinese needs jieba for that
    "vocabulary_size": 10_000,
    "sequence_length": 100,
    "embedding_dim": 32,
    "lstm_units": 64,
    "bidirectional": False,
    "dropout": 0.0,  # the course has no dropout; Dropout(0) passes its input through unchanged
}
COURSE_TRAINING: Mapping[str, Any] = {
    "optimizer": "adam",
    "learning_rate": 0.001,  # Keras' Adam default, which the course uses
    "epochs": 10,
    "batch_size": 32,
    "validation_split": 0.2,
}


def course_sentiment_config(dataset: str = "chinese_reviews") -> TrainConfig:
    """The course's sentiment model on ``dataset`` (the Chinese reviews, IMDB or an uploaded file's id)."""
    from core.lessons.text.sentiment import default_sentiment_config

    return default_sentiment_config(dataset, params=dict(COURSE_PARAMS), **COURSE_TRAINING)


def is_course_config(config: TrainConfig) -> bool:
    return config == course_sentiment_config(config.dataset)


@dataclass(frozen=True)
class Contender:
    """One model's accuracy on the held-out texts: ``name`` is "baseline", "app", "course" or "yours"."""

    name: str
    accuracy: float


def ranking(accuracies: Mapping[str, float | None]) -> tuple[Contender, ...]:
    """The models whose accuracy is known (``{"baseline": 0.847, "app": 0.838, "course": None}``), best first; a tie
    (to 0.1 point) keeps the order given, so list the simpler model first and it wins the tie."""
    known = [Contender(name, float(accuracy)) for name, accuracy in accuracies.items() if accuracy is not None]
    return tuple(sorted(known, key=lambda contender: -round(contender.accuracy, 3)))


def stored_accuracy(metadata: Mapping[str, Any] | None, name: str = "accuracy") -> float | None:
    """A test metric of a stored model's metadata (None when the model is not stored or has no such metric)."""
    if not metadata:
        return None
    value = (metadata.get("test_metrics") or {}).get(name)
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------------------------
# Everyday phrasings: what a new visitor types, with the verdict a reader would give
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    """A sentence a new visitor might type, the label a reader gives it (1 = positive) and what kind it is:
    "short", "negation", "book", "hotel", "shopping", "course" (the course's own example) or "english" (English typed
    into the Chinese model)."""

    text: str
    label: int
    kind: str


EVERYDAY_PHRASINGS: tuple[Phrasing, ...] = (
    Phrasing("这本书写得很好", 1, "book"),
    Phrasing("写得真好", 1, "book"),
    Phrasing("内容精彩，值得一读", 1, "book"),
    Phrasing("好看", 1, "book"),
    Phrasing("这本书很无聊", 0, "book"),
    Phrasing("翻译很烂", 0, "book"),
    Phrasing("很好", 1, "short"),
    Phrasing("不错", 1, "short"),
    Phrasing("太棒了", 1, "short"),
    Phrasing("不好", 0, "short"),
    Phrasing("这本书写得不好", 0, "negation"),
    Phrasing("不太好", 0, "negation"),
    Phrasing("不是很满意", 0, "negation"),
    Phrasing("不差", 1, "negation"),
    Phrasing("没什么问题", 1, "negation"),
    Phrasing("房间很干净，服务也很好", 1, "hotel"),
    Phrasing("房间很脏，服务态度很差", 0, "hotel"),
    Phrasing("推荐购买", 1, "shopping"),
    Phrasing("虽然这部电影有些缺点,但总的来说还是很棒的", 1, "course"),
    Phrasing("This book is very well written", 1, "english"),
    Phrasing("Terrible, a waste of money", 0, "english"),
)


@dataclass(frozen=True)
class PhrasingResult:
    phrasing: Phrasing
    lstm_probability: float
    baseline_probability: float

    @property
    def lstm_right(self) -> bool:
        return (self.lstm_probability >= 0.5) == bool(self.phrasing.label)

    @property
    def baseline_right(self) -> bool:
        return (self.baseline_probability >= 0.5) == bool(self.phrasing.label)


def score_phrasings(model, baseline, phrasings: Sequence[Phrasing] = EVERYDAY_PHRASINGS) -> tuple[PhrasingResult, ...]:
    """Every phrasing through the LSTM (``SentimentModel``, read in its own language, as the page does when the
    language is set to the model's) and the baseline (``BaselineScorer``)."""
    texts = [phrasing.text for phrasing in phrasings]
    lstm = model.predict_many(texts, model.language)
    classic = baseline.probabilities(texts)
    return tuple(
        PhrasingResult(phrasing, float(lstm_probability), float(baseline_probability))
        for phrasing, lstm_probability, baseline_probability in zip(phrasings, lstm, classic, strict=True)
    )
