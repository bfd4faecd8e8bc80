"""One catalog for every visible string, in English and Simplified Chinese.

The catalog is split into one module per area (``common``, ``home``, ``math``, ...) so that several
people can edit it at once; :data:`CATALOG` merges them and refuses a key defined twice.
Pages call :func:`t` with a key; the language comes from the session (see ``dashboard.language``).
"""

from __future__ import annotations

from dashboard.i18n import activations, common, draw, gan, home, math, stocks, text, training

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"


def _merge(*sections: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        for key, translations in section.items():
            if key in merged:
                raise ValueError(f"Translation key {key!r} is defined twice in the catalog.")
            merged[key] = translations
    return merged


CATALOG = _merge(
    common.STRINGS,
    home.STRINGS,
    math.STRINGS,
    activations.STRINGS,
    training.STRINGS,
    draw.STRINGS,
    text.STRINGS,
    stocks.STRINGS,
    gan.STRINGS,
)


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
