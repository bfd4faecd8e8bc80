"""A trained sentiment model, ready for the page: one text or a batch, each token's contribution, word vectors.

:class:`SentimentModel` reads a stored model with its vocabulary: each token's contribution by occlusion (all the
"left out" variants in ONE model call), and the embedding vectors in 2-D with neighbours. :func:`score_texts` scores a
file of texts.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.lessons.text.segmentation import (
    MAX_TEXT_CHARACTERS,
    SentimentInputError,
    clean_text,
    detect_language,
    tokenize,
    tokens_as_line,
)
from core.lessons.text.vectors import make_vectorizer

PREDICTION_CHUNK = 256
#: The course's sentiment example first, then a few others: one click away on the page.
EXAMPLE_TEXTS = {
    "zh": (
        "虽然这部电影有些缺点,但总的来说还是很棒的",
        "质量很好，物流也快，非常满意！",
        "太差了，用了两天就坏了，再也不买了。",
        "书的内容一般，包装还不错。",
    ),
    "en": (
        "Although the film has a few flaws, overall it is still wonderful.",
        "The worst movie I have seen in years: boring, slow and badly acted.",
        "A touching story with brilliant performances. I loved it.",
    ),
}


# ---------------------------------------------------------------------------------------------------------------
# A trained model, ready for the page
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    text: str
    language: str
    tokens: tuple[str, ...]
    positive_probability: float
    truncated_tokens: int  # tokens beyond the model's sequence length, not read

    @property
    def verdict(self) -> str:
        return "positive" if self.positive_probability >= 0.5 else "negative"


@dataclass(frozen=True)
class Contributions:
    prediction: Prediction
    tokens: tuple[str, ...]  # the tokens the model read (at most its sequence length)
    scores: np.ndarray  # probability with the token minus probability without it


class SentimentModel:
    """A trained sentiment model with its vocabulary: tokens -> ids -> probability, thread-safe for reading."""

    def __init__(self, model, metadata: Mapping[str, Any]) -> None:
        import tensorflow as tf

        extras = metadata["task"]["extras"]
        self.model = model
        self.language = str(extras["language"])
        self.granularity = str(extras["granularity"])
        self.sequence_length = int(extras["sequence_length"])
        self.vocabulary = ("", "[UNK]", *extras["vocabulary"])
        self.test_metrics = dict(metadata.get("test_metrics") or {})
        self.vectorizer = make_vectorizer(extras["vocabulary"], output_mode="int")
        # One traced graph for every batch shape: eager LSTM steps cost far more than the maths on one text.
        self._forward = tf.function(
            lambda ids: model(ids, training=False),
            input_signature=[tf.TensorSpec(shape=(None, None), dtype=tf.int32)],
            autograph=False,  # plain tensor code: nothing for AutoGraph to convert
        )
        self._index = {word: index for index, word in enumerate(self.vocabulary)}

    # -- tokens and ids ---------------------------------------------------------------------------------------

    def tokens_of(self, text: str, language: str | None = None) -> list[str]:
        return tokenize(text, language or self.language, self.granularity)

    def ids_of(self, tokens: Sequence[str]) -> np.ndarray:
        """Token ids through the rebuilt TextVectorization (no padding, no truncation)."""
        if not tokens:
            return np.zeros((0,), dtype=np.int32)
        return np.asarray(self.vectorizer([tokens_as_line(tokens)])).reshape(-1).astype(np.int32)

    def _probabilities(self, id_rows: np.ndarray) -> np.ndarray:
        if len(id_rows) == 0:
            return np.zeros((0,), dtype=np.float64)
        return np.asarray(self._forward(np.asarray(id_rows, dtype=np.int32))).reshape(-1).astype(np.float64)

    # -- predictions ------------------------------------------------------------------------------------------

    def predict(self, text: str, language: str | None = None) -> Prediction:
        cleaned = clean_text(text)
        tokens = self.tokens_of(cleaned.text, language)
        ids = self.ids_of(tokens)[: self.sequence_length]
        if len(ids) == 0:
            raise SentimentInputError("no_tokens", "There is no word the model can read in this text.")
        probability = float(self._probabilities(ids[np.newaxis])[0])
        return Prediction(
            cleaned.text,
            language or self.language,
            tuple(tokens),
            probability,
            max(0, len(tokens) - self.sequence_length),
        )

    def predict_many(self, texts: Sequence[str], language: str | None = None) -> np.ndarray:
        """Positive probabilities of many texts (NaN for a text with no readable token), in padded chunks."""
        rows = []
        for text in texts:
            tokens = self.tokens_of(str(text)[:MAX_TEXT_CHARACTERS], language)
            rows.append(self.ids_of(tokens)[: self.sequence_length])
        probabilities = np.full(len(rows), np.nan)
        readable = [position for position, ids in enumerate(rows) if len(ids)]
        for start in range(0, len(readable), PREDICTION_CHUNK):
            chunk = readable[start : start + PREDICTION_CHUNK]
            width = max(len(rows[position]) for position in chunk)
            batch = np.zeros((len(chunk), width), dtype=np.int32)  # padded with 0, which the model masks
            for row, position in enumerate(chunk):
                batch[row, : len(rows[position])] = rows[position]
            probabilities[chunk] = self._probabilities(batch)
        return probabilities

    def contributions(self, text: str, language: str | None = None) -> Contributions:
        """How much each token moves the positive probability: the score with it minus the score without it.

        Occlusion: every variant of the text with one token left out goes through the model in ONE batch (the
        original first), so a 50-word text costs one call, not 51.
        """
        prediction = self.predict(text, language)
        tokens = prediction.tokens[: self.sequence_length]
        ids = self.ids_of(tokens)
        n_tokens = len(ids)
        batch = np.zeros((n_tokens + 1, n_tokens), dtype=np.int32)
        batch[0] = ids
        for position in range(n_tokens):
            without = np.delete(ids, position)
            batch[position + 1, : n_tokens - 1] = without  # the freed last place is padding (masked)
        probabilities = self._probabilities(batch)
        scores = probabilities[0] - probabilities[1:]
        return Contributions(prediction, tuple(tokens), scores)

    # -- embeddings -------------------------------------------------------------------------------------------

    def embedding_matrix(self) -> np.ndarray:
        return np.asarray(self.model.get_layer("embedding").embeddings)

    def embedding_map(self, n_words: int = 300):
        """The ``n_words`` most frequent words' embedding vectors projected to 2-D by PCA, with each word's own
        positive probability (the model reading that word alone), as a DataFrame (word, x, y, positive)."""
        import pandas as pd
        from sklearn.decomposition import PCA

        first, last = 2, min(len(self.vocabulary), 2 + int(n_words))
        words = list(self.vocabulary[first:last])
        vectors = self.embedding_matrix()[first:last]
        points = PCA(n_components=2, random_state=0).fit_transform(vectors)
        alone = self._probabilities(np.arange(first, last, dtype=np.int32)[:, np.newaxis])
        return pd.DataFrame({"word": words, "x": points[:, 0], "y": points[:, 1], "positive": alone})

    def nearest_words(self, word: str, count: int = 10):
        """The ``count`` words whose embedding vectors point most nearly the same way (cosine similarity)."""
        import pandas as pd

        index = self._index.get(str(word).strip().lower())
        if index is None or index < 2:
            raise SentimentInputError("unknown_word", f"{word!r} is not in the model's vocabulary.", word=str(word))
        matrix = self.embedding_matrix()[2:]
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        similarities = matrix @ matrix[index - 2] / (norms * norms[index - 2])
        similarities[index - 2] = -np.inf
        order = np.argsort(-similarities)[:count]
        return pd.DataFrame({"word": [self.vocabulary[i + 2] for i in order], "cosine_similarity": similarities[order]})


_models_lock = threading.Lock()
_models: dict[str, SentimentModel] = {}


def sentiment_model(key: str, model, metadata: Mapping[str, Any]) -> SentimentModel:
    """One :class:`SentimentModel` per stored model key in this process (its traced graph is reused)."""
    with _models_lock:
        wrapped = _models.get(key)
        if wrapped is None or wrapped.model is not model:
            wrapped = SentimentModel(model, metadata)
            _models[key] = wrapped
            while len(_models) > 8:
                _models.pop(next(iter(_models)))
        return wrapped


def score_texts(model: SentimentModel, texts: Sequence[str]):
    """A table (text, language, positive_probability, verdict) of many texts scored by ``model``."""
    import pandas as pd

    probabilities = model.predict_many(texts)
    verdicts = np.where(np.isnan(probabilities), "", np.where(probabilities >= 0.5, "positive", "negative"))
    return pd.DataFrame(
        {
            "text": list(texts),
            "language": [detect_language(text) for text in texts],
            "positive_probability": np.round(probabilities, 4),
            "verdict": verdicts,
        }
    )
