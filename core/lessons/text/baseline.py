"""The classic baseline the sentiment model is measured against: TF-IDF + logistic regression, same split.

:func:`train_baseline` fits it (the training engine does, beside every sentiment model, for the test accuracy it
stores). :class:`BaselineScorer` is a fitted baseline reduced to what scoring a typed text needs (the terms, their
idf and their weights: a few MB of arrays instead of scikit-learn's vocabulary dict), so the page can put the
baseline's verdict beside the LSTM's, sentence by sentence. :func:`fitted_baseline` fits one per data set in a
background thread of the calling process (about 10 s for the Chinese reviews on one core) and keeps it.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Fitted baselines kept in one process (one per data set: the Chinese reviews, IMDB, a visitor's file or two).
MAX_FITTED_BASELINES = 3


def baseline_features(language: str):
    """The TF-IDF settings: character 1-3-grams for Chinese (no segmenter needed, and the strongest classic setting
    measured here), word 1-2-grams for English."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if language == "zh":
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
    return TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2)


def train_baseline(texts_train: Sequence[str], y_train, texts_test: Sequence[str], y_test, language: str):
    """TF-IDF + logistic regression on the same split (see :func:`baseline_features`). Returns (pipeline,
    accuracy)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(baseline_features(language), LogisticRegression(C=4.0, max_iter=2000))
    pipeline.fit(list(texts_train), np.asarray(y_train))
    accuracy = float(accuracy_score(np.asarray(y_test), pipeline.predict(list(texts_test))))
    return pipeline, accuracy


@dataclass(frozen=True)
class BaselineVerdict:
    """The baseline on one text: its positive probability, and the terms that pushed it most each way
    (``(term, contribution to the log-odds)``, strongest first)."""

    positive_probability: float
    n_known_terms: int
    for_positive: tuple[tuple[str, float], ...]
    for_negative: tuple[tuple[str, float], ...]

    @property
    def verdict(self) -> str:
        return "positive" if self.positive_probability >= 0.5 else "negative"


class BaselineScorer:
    """A fitted TF-IDF + logistic-regression pipeline as plain arrays: the same probabilities as
    ``pipeline.predict_proba``, without the vocabulary dict (hundreds of thousands of n-grams)."""

    def __init__(self, pipeline, accuracy: float, language: str) -> None:
        features, classifier = pipeline[0], pipeline[-1]
        vocabulary = features.vocabulary_
        terms = np.array(sorted(vocabulary), dtype=str)
        order = np.array([vocabulary[term] for term in terms], dtype=np.int64)
        self.language = language
        self.accuracy = float(accuracy)
        self.terms = terms
        self.idf = np.asarray(features.idf_, dtype=np.float64)[order]
        self.weights = np.asarray(classifier.coef_[0], dtype=np.float64)[order]
        self.intercept = float(classifier.intercept_[0])
        self._analyze = baseline_features(language).build_analyzer()

    def score(self, text: str, top: int = 3) -> BaselineVerdict:
        """The positive probability of ``text`` and its ``top`` strongest terms each way."""
        counts = Counter(self._analyze(str(text)))
        if not counts:
            return BaselineVerdict(1.0 / (1.0 + math.exp(-self.intercept)), 0, (), ())
        grams = np.array(list(counts), dtype=str)
        positions = np.searchsorted(self.terms, grams)
        positions[positions >= len(self.terms)] = 0
        known = self.terms[positions] == grams
        grams, positions = grams[known], positions[known]
        tf = np.array([counts[gram] for gram in grams], dtype=np.float64)
        values = (1.0 + np.log(tf)) * self.idf[positions] if len(tf) else tf
        norm = float(np.linalg.norm(values))
        if norm > 0:
            values = values / norm
        pushes = values * self.weights[positions]
        logit = self.intercept + float(pushes.sum())
        order = np.argsort(-pushes)
        for_positive = tuple((str(grams[i]), float(pushes[i])) for i in order[:top] if pushes[i] > 0)
        for_negative = tuple((str(grams[i]), float(pushes[i])) for i in order[::-1][:top] if pushes[i] < 0)
        return BaselineVerdict(1.0 / (1.0 + math.exp(-logit)), int(len(grams)), for_positive, for_negative)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.score(text, top=0).positive_probability for text in texts], dtype=np.float64)


# ---------------------------------------------------------------------------------------------------------------
# One fitted baseline per data set, fitted in the background
# ---------------------------------------------------------------------------------------------------------------


class _Fit:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.scorer: BaselineScorer | None = None
        self.error: str | None = None


_fits_lock = threading.Lock()
_fits: OrderedDict[str, _Fit] = OrderedDict()


def _fit_in_background(fit: _Fit, load: Callable[[], tuple]) -> None:
    try:
        texts_train, y_train, texts_test, y_test, language = load()
        pipeline, accuracy = train_baseline(texts_train, y_train, texts_test, y_test, language)
        fit.scorer = BaselineScorer(pipeline, accuracy, language)
    except Exception as error:  # noqa: BLE001 - reported to the page as "not available", never a crash
        fit.error = f"{type(error).__name__}: {error}"
    finally:
        fit.done.set()


def fitted_baseline(key: str, load: Callable[[], tuple], wait: float = 0.0) -> BaselineScorer | None:
    """The baseline of the data set ``key``, fitted once per process on what ``load()`` returns (texts_train,
    y_train, texts_test, y_test, language) in a background thread. Waits up to ``wait`` seconds; None while it is
    still being fitted. Raises RuntimeError when the fit failed (until the failure leaves the cache)."""
    with _fits_lock:
        fit = _fits.get(key)
        if fit is None:
            fit = _Fit()
            _fits[key] = fit
            threading.Thread(target=_fit_in_background, args=(fit, load), name="baseline-fit", daemon=True).start()
        _fits.move_to_end(key)
        while len(_fits) > MAX_FITTED_BASELINES:
            _fits.popitem(last=False)
    if wait > 0:
        fit.done.wait(wait)
    if not fit.done.is_set():
        return None
    if fit.scorer is None:
        raise RuntimeError(fit.error or "The baseline could not be fitted.")
    return fit.scorer
