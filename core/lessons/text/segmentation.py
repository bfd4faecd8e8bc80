"""Text as tokens: which language a text is in, the text cleaned for analysis, and its tokens.

Chinese is split into words with jieba (or into characters), English into words. :class:`SentimentInputError` is the
lesson's refusal of an input, with a reason the page translates.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES = ("zh", "en")
GRANULARITIES = ("words", "chars")
MAX_TEXT_CHARACTERS = 100_000
#: Chinese when at least this share of the letters are CJK ideographs ("我love你" is Chinese, "I ♥ 北京" is not).
CJK_SHARE_FOR_CHINESE = 0.3


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


def majority_language(texts: Sequence[str]) -> str:
    sample = list(texts)[:500]
    chinese = sum(1 for text in sample if detect_language(text) == "zh")
    return "zh" if chinese * 2 >= len(sample) and sample else "en"


@lru_cache(maxsize=8)
def tokenized_lines(texts: tuple[str, ...], language: str, granularity: str) -> tuple[str, ...]:
    # Cached: jieba needs a few seconds for the 17k reviews, and the baseline, the bench and a retrain with
    # other settings tokenise the same corpus again.
    return tuple(tokens_as_line(tokenize(text, language, granularity)) for text in texts)
