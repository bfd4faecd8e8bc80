"""Words to numbers: what Keras' ``TextVectorization`` makes of a few sentences, and the layer the model uses.

:func:`words_to_numbers` shows the vocabulary (index 0 is padding, 1 the out-of-vocabulary token), the padded integer
sequences, one-hot rows and multi-hot vectors; :func:`make_vectorizer` builds the layer over pre-tokenised lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.lessons.text.segmentation import SentimentInputError, detect_language, tokenize, tokens_as_line

#: The course's first example, and an unseen sentence that shows the out-of-vocabulary token.
COURSE_SENTENCES = ("我喜欢猫", "我喜欢狗", "我喜欢鱼")
COURSE_UNSEEN_SENTENCE = "我喜欢鸟"


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
