"""The classic baseline the sentiment model is measured against: TF-IDF + logistic regression, same split."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def train_baseline(texts_train: Sequence[str], y_train, texts_test: Sequence[str], y_test, language: str):
    """TF-IDF + logistic regression on the same split: character 1-3-grams for Chinese (no segmenter needed,
    and the strongest classic setting measured here), word 1-2-grams for English. Returns (pipeline, accuracy)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.pipeline import make_pipeline

    if language == "zh":
        features = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
    else:
        features = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    pipeline = make_pipeline(features, LogisticRegression(C=4.0, max_iter=2000))
    pipeline.fit(list(texts_train), np.asarray(y_train))
    accuracy = float(accuracy_score(np.asarray(y_test), pipeline.predict(list(texts_test))))
    return pipeline, accuracy
