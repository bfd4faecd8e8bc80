"""Files: texts to score (.txt or .csv) and labelled texts to train on (.csv), read and checked with a sentence."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

import numpy as np

from core.lessons.text.segmentation import SentimentInputError

MAX_BATCH_TEXTS = 5_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MIN_TRAINING_ROWS = 20
MIN_ROWS_PER_CLASS = 5
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


def validate_training_csv(content: bytes):
    """A labelled CSV checked and tidied: a DataFrame with columns text (str) and label (0 = negative, 1 =
    positive), ready for :func:`core.data.uploads.keep_upload`. Refuses, with a sentence: a binary file, a bad
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
