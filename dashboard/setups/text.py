"""/text's link fields: the sentences turned into numbers and how, the sentiment model chosen and its settings, the
text scored and its language, and the sentence read through the LSTM's gates.

The options and the defaults of the page's controls live here, and ``app_pages/text.py`` draws its controls from
them, so that a link offers exactly what the controls offer. The settings are fields per model (the Chinese and the
English one, ``units`` and ``en_units``): the page keeps each model's settings apart. Left out: a file the visitor
uploaded (and the settings of the model trained on it, which exist only with the file), the English model's token
granularity (fixed to words, its control disabled), and the controls whose options are read from a trained model or
from the text itself (the word whose neighbours are shown, the word the gates section stops at).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.classroom.setups import MAX_RAW_CHARS, Choice, Field, Flag, Number, PageSetup, Text
from core.lessons.text import course, gates, sentiment, vectors
from core.lessons.text.prediction import EXAMPLE_TEXTS
from core.lessons.text.segmentation import GRANULARITIES, LANGUAGES

# -- 1. Words to numbers ----------------------------------------------------------------------------------------

MAX_SENTENCES = 12
#: Characters of one sentence (and of the new sentence) that the lesson reads.
MAX_SENTENCE_CHARS = 200
#: The sentences box: twelve sentences of 200 characters fit a link's longest value only in part; a longer text is
#: what a visitor pasted, not a lesson.
MAX_SENTENCES_CHARS = MAX_RAW_CHARS
MAX_SEQUENCE_LENGTH = 30
DEFAULT_SEQUENCE_LENGTH = 5

# -- 2. Sentiment -----------------------------------------------------------------------------------------------

#: A model per language (its dataset), and one trained on the visitor's own file.
MODEL_CHOICES = (*LANGUAGES, "upload")
MODEL_DATASETS = {"zh": "chinese_reviews", "en": "imdb"}
#: The language the typed text is read in: detected, or said by the visitor.
TEXT_LANGUAGES = ("auto", *LANGUAGES)
#: The typed text in a link: a link's longest value (the page itself reads up to 100,000 characters).
MAX_TYPED_CHARS = MAX_RAW_CHARS

#: The settings' choices: every value of the course's preset and of the app's defaults is among them.
EPOCH_CHOICES = (1, 2, 3, 4, 5, 6, 8, 10)
UNIT_CHOICES = (16, 32, 64, 128)
EMBEDDING_CHOICES = (16, 32, 64, 128)
VOCABULARY_CHOICES = (5_000, 10_000, 20_000, 30_000)
LENGTH_CHOICES = (50, 100, 120, 200, 300)
DROPOUT_CHOICES = (0.0, 0.2, 0.5)
BATCH_CHOICES = (32, 64, 128)
VALIDATION_CHOICES = (0.1, 0.2)
#: Each settings control's state key (with the model choice appended) -> how it is read from a config.
CONTROL_FIELDS = {
    "text_bidirectional": lambda config: bool(config.param("bidirectional")),
    "text_granularity": lambda config: config.param("granularity"),
    "text_units": lambda config: int(config.param("lstm_units")),
    "text_epochs": lambda config: int(config.epochs),
    "text_embedding": lambda config: int(config.param("embedding_dim")),
    "text_vocabulary": lambda config: int(config.param("vocabulary_size")),
    "text_length": lambda config: int(config.param("sequence_length")),
    "text_dropout": lambda config: float(config.param("dropout")),
    "text_batch": lambda config: int(config.batch_size),
    "text_validation": lambda config: float(config.validation_split),
}
#: The choices of each select slider among the settings.
SETTING_CHOICES = {
    "text_units": UNIT_CHOICES,
    "text_epochs": EPOCH_CHOICES,
    "text_embedding": EMBEDDING_CHOICES,
    "text_vocabulary": VOCABULARY_CHOICES,
    "text_length": LENGTH_CHOICES,
    "text_dropout": DROPOUT_CHOICES,
    "text_batch": BATCH_CHOICES,
    "text_validation": VALIDATION_CHOICES,
}
#: The settings' parameters in a link (the Chinese model's plain, the English model's with ``en_`` before them)
#: and their labels.
SETTING_PARAMS = {
    "text_bidirectional": ("bidi", "text.sent.bidirectional"),
    "text_granularity": ("tokens", "text.sent.granularity"),
    "text_units": ("units", "text.sent.units"),
    "text_epochs": ("epochs", "text.sent.epochs"),
    "text_embedding": ("emb", "text.sent.embedding"),
    "text_vocabulary": ("vocab", "text.sent.vocabulary"),
    "text_length": ("len", "text.sent.length"),
    "text_dropout": ("drop", "text.sent.dropout"),
    "text_batch": ("bs", "text.sent.batch"),
    "text_validation": ("val", "text.sent.validation"),
}

# -- 3. LSTM gates ----------------------------------------------------------------------------------------------

GATES_TEXT_KEY = "gates_text"


def control_values(config, choice: str) -> dict[str, Any]:
    """The value of every settings control (state key -> value) that shows ``config``."""
    return {f"{name}_{choice}": read(config) for name, read in CONTROL_FIELDS.items()}


def setting_options(name: str, values: Iterable[Any]) -> list:
    """The choices of the settings slider ``name`` (``"text_units"``): its own, and ``values`` (a preset's, always
    offered even where a default changes without this list)."""
    return sorted({*SETTING_CHOICES[name], *values})


def app_values(choice: str) -> dict[str, Any]:
    """The app's defaults for the settings of the model ``choice`` (``"zh"`` or ``"en"``)."""
    return control_values(sentiment.default_sentiment_config(MODEL_DATASETS[choice]), choice)


def course_values(choice: str) -> dict[str, Any]:
    """The course's settings for the model ``choice``; English is split into words whatever the course says."""
    values = control_values(course.course_sentiment_config(MODEL_DATASETS[choice]), choice)
    if choice == "en":
        values[f"text_granularity_{choice}"] = app_values(choice)[f"text_granularity_{choice}"]
    return values


def _setting_fields(choice: str) -> list[Field]:
    defaults, preset = app_values(choice), course_values(choice)
    prefix = "" if choice == "zh" else f"{choice}_"
    fields: list[Field] = []
    for name, (param, label_key) in SETTING_PARAMS.items():
        key = f"{name}_{choice}"
        if name == "text_granularity" and choice == "en":
            continue  # English is always split into words: the control is disabled
        if name == "text_bidirectional":
            fields.append(Flag(prefix + param, key, default=defaults[key], label_key=label_key))
        elif name == "text_granularity":
            fields.append(
                Choice(prefix + param, key, options=GRANULARITIES, default=defaults[key], label_key=label_key)
            )
        else:
            options = tuple(setting_options(name, (defaults[key], preset[key])))
            fields.append(Choice(prefix + param, key, options=options, default=defaults[key], label_key=label_key))
    return fields


SETUP = PageSetup(
    "text",
    (
        Text(
            "sentences",
            "numbers_text",
            max_chars=MAX_SENTENCES_CHARS,
            default="\n".join(vectors.COURSE_SENTENCES),
            label_key="text.numbers.sentences",
        ),
        Text(
            "unseen",
            "numbers_unseen",
            max_chars=MAX_SENTENCE_CHARS,
            default=vectors.COURSE_UNSEEN_SENTENCE,
            label_key="text.numbers.unseen",
        ),
        Choice(
            "split",
            "numbers_granularity",
            options=GRANULARITIES,
            default=GRANULARITIES[0],
            label_key="text.numbers.granularity",
        ),
        Number(
            "pad",
            "numbers_length",
            low=1,
            high=MAX_SEQUENCE_LENGTH,
            step=1,
            integer=True,
            default=DEFAULT_SEQUENCE_LENGTH,
            label_key="text.numbers.length",
        ),
        Number(
            "row",
            "numbers_one_hot_sentence",
            low=0,
            high=MAX_SENTENCES,  # the sentences and the new one
            step=1,
            integer=True,
            default=0,
            label_key="text.numbers.one_hot.choose",
        ),
        Choice("model", "text_model_choice", options=MODEL_CHOICES, default="zh", label_key="text.sent.model"),
        *_setting_fields("zh"),
        *_setting_fields("en"),
        Text(
            "text",
            "text_input",
            max_chars=MAX_TYPED_CHARS,
            default=EXAMPLE_TEXTS["zh"][0],
            label_key="text.sent.input",
        ),
        Choice("reads", "text_language", options=TEXT_LANGUAGES, default="auto", label_key="text.sent.language"),
        Text(
            "gates",
            GATES_TEXT_KEY,
            max_chars=gates.MAX_GATE_CHARACTERS,
            default=gates.COURSE_SENTENCE,
            label_key="text.gates.input",
        ),
        Flag("allunits", "gates_all_units", default=False, label_key="text.gates.all_units.label"),
    ),
)
