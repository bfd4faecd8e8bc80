"""One catalog for every visible string, in English and Simplified Chinese.

The strings live in TOML files, one per lesson and language, named like the lesson's url path:
``dashboard/i18n/en/draw.toml`` holds ``"draw.title" = "Draw a digit"``, and ``dashboard/i18n/zh/draw.toml`` holds
a table per key with the translation (``text``) and the English it was translated from (``source``), so that a
translation whose English changed since is flagged as stale (see ``dashboard.i18n.check``).
The files are read once per process, with the standard library's ``tomllib``.

Pages call :func:`t` with a key; the language comes from the session (see ``dashboard.language``).
Code samples (``dashboard/i18n/code/<name>.py``) are written once; :func:`code_sample` fills their
``{key}`` placeholders (comments, a printed label) from the catalog.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
SOURCE_LANGUAGE = "en"  # every other language is translated from this one

CATALOG_FOLDER = Path(__file__).resolve().parent
CODE_FOLDER = CATALOG_FOLDER / "code"
CATALOG_FILES = (
    "common",
    "course",
    "home",
    "math",
    "activations",
    "first_network",
    "training",
    "draw",
    "text",
    "stocks",
    "gan",
    "classroom",
)
CODE_PLACEHOLDER = re.compile(r"\{((?:[a-z0-9_]+\.)+[a-z0-9_]+)\}")


def catalog_path(language: str, name: str, folder: Path = CATALOG_FOLDER) -> Path:
    return folder / language / f"{name}.toml"


def _read_language(language: str, folder: Path) -> dict[str, object]:
    """Every key of one language, from all its files; a key defined in two files is an error."""
    merged: dict[str, object] = {}
    for name in CATALOG_FILES:
        path = catalog_path(language, name, folder)
        with path.open("rb") as file:
            entries = tomllib.load(file)
        for key, value in entries.items():
            if key in merged:
                raise ValueError(f"Translation key {key!r} is defined twice in the {language!r} catalog ({path}).")
            merged[key] = value
    return merged


def load_catalog(folder: Path = CATALOG_FOLDER) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """``(catalog, sources)``: catalog[key][language] is the text; sources[language][key] the English it was
    translated from (absent when the translation never recorded one)."""
    catalog: dict[str, dict[str, str]] = {}
    sources: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        sources[language] = {}
        for key, value in _read_language(language, folder).items():
            if language == SOURCE_LANGUAGE:
                if not isinstance(value, str):
                    raise ValueError(f"{key!r} in the {language!r} catalog must be a string.")
                text = value
            else:
                if not isinstance(value, dict) or not isinstance(value.get("text"), str):
                    raise ValueError(
                        f'{key!r} in the {language!r} catalog must be a table with text = "..." '
                        f'and source = "<the English it translates>".'
                    )
                text = value["text"]
                if isinstance(value.get("source"), str):
                    sources[language][key] = value["source"]
            catalog.setdefault(key, {})[language] = text
    return catalog, sources


CATALOG, SOURCES = load_catalog()


def translate(key: str, language: str, **values: object) -> str:
    """The string for ``key`` in ``language``, with ``{placeholders}`` filled from ``values``."""
    try:
        text = CATALOG[key][language]
    except KeyError as error:
        raise KeyError(f"Missing translation: {key!r} in {language!r}") from error
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current session's language."""
    from dashboard.language import current_language

    return translate(key, current_language(), **values)


@functools.cache
def code_template(name: str) -> str:
    """The code sample ``dashboard/i18n/code/<name>.py`` as written, placeholders and all."""
    path = CODE_FOLDER / f"{name}.py"
    if not path.is_file():
        raise KeyError(f"No code sample named {name!r} ({path}).")
    return path.read_text(encoding="utf-8")


def code_sample_keys(name: str) -> list[str]:
    """The catalog keys a code sample's placeholders ask for."""
    return CODE_PLACEHOLDER.findall(code_template(name))


def code_sample(name: str, language: str) -> str:
    """The code sample ``name`` with its comments in ``language``: the code itself is the same in every language."""
    return CODE_PLACEHOLDER.sub(lambda match: translate(match.group(1), language), code_template(name))
