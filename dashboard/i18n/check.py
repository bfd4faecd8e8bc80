"""Which translations are stale, and marking them reviewed.

Every Chinese entry records, as ``source``, the English it was translated from. When someone edits the English,
the two differ and the translation is *stale*: it may still say what the old English said.

    python -m dashboard.i18n.check                      # list stale translations (exit status 1 when any)
    python -m dashboard.i18n.check --accept KEY [KEY...]  # after updating (or checking) their Chinese
    python -m dashboard.i18n.check --accept-all         # after reviewing every listed key

``--accept`` copies the current English into the entry's ``source``; it never changes a translation's text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dashboard.i18n import CATALOG_FILES, CATALOG_FOLDER, LANGUAGES, SOURCE_LANGUAGE, catalog_path, load_catalog

TRANSLATED_LANGUAGES = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)


def stale_translations(folder: Path = CATALOG_FOLDER) -> dict[str, list[str]]:
    """Per translated language, the keys whose recorded source is not (or no longer) the current English."""
    catalog, sources = load_catalog(folder)
    stale: dict[str, list[str]] = {}
    for language in TRANSLATED_LANGUAGES:
        keys = [
            key
            for key, texts in catalog.items()
            if language in texts and sources[language].get(key) != texts.get(SOURCE_LANGUAGE)
        ]
        if keys:
            stale[language] = keys
    return stale


def how_to_accept(keys: list[str]) -> str:
    return "python -m dashboard.i18n.check --accept " + " ".join(keys)


def accept(keys: list[str], folder: Path = CATALOG_FOLDER) -> list[str]:
    """Record the current English as the source of each key's translations; the paths it rewrote."""
    catalog, _ = load_catalog(folder)
    unknown = [key for key in keys if key not in catalog]
    if unknown:
        raise KeyError(f"Not in the catalog: {', '.join(unknown)}")
    changed: list[str] = []
    for language in TRANSLATED_LANGUAGES:
        for name in CATALOG_FILES:
            path = catalog_path(language, name, folder)
            text = path.read_text(encoding="utf-8")
            updated = text
            for key in keys:
                if language in catalog[key]:
                    updated = _with_source(updated, key, catalog[key][SOURCE_LANGUAGE])
            if updated != text:
                path.write_text(updated, encoding="utf-8")
                changed.append(str(path))
    return changed


def _with_source(text: str, key: str, english: str) -> str:
    """``text`` (one TOML file) with ``source`` of table ``[key]`` set to ``english``; unchanged if no such table."""
    header = re.compile(rf"^\[{re.escape(json.dumps(key, ensure_ascii=False))}\][ \t]*$", re.MULTILINE)
    match = header.search(text)
    if match is None:
        return text
    next_table = re.compile(r"^\[", re.MULTILINE).search(text, match.end())
    end = next_table.start() if next_table else len(text)
    body = text[match.end() : end]
    line = f"source = {json.dumps(english, ensure_ascii=False)}"
    source_line = re.compile(r"^source[ \t]*=.*$", re.MULTILINE)
    if source_line.search(body):
        body = source_line.sub(lambda _: line, body, count=1)
    else:
        text_line = re.compile(r"^text[ \t]*=.*$", re.MULTILINE).search(body)
        insert_at = text_line.end() if text_line else 0
        body = body[:insert_at] + "\n" + line + body[insert_at:]
    return text[: match.end()] + body + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.i18n.check", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--accept", nargs="+", metavar="KEY", help="mark these keys' translations as up to date")
    group.add_argument("--accept-all", action="store_true", help="mark every stale translation as up to date")
    arguments = parser.parse_args(argv)
    stale = stale_translations()
    if arguments.accept or arguments.accept_all:
        keys = arguments.accept or sorted({key for keys in stale.values() for key in keys})
        try:
            changed = accept(keys)
        except KeyError as error:
            print(error.args[0], file=sys.stderr)
            return 2
        print(f"Recorded the current English as the source of {len(keys)} key(s) in: {', '.join(changed) or '-'}")
        return 0
    if not stale:
        print("Every translation is up to date with its English.")
        return 0
    catalog, _ = load_catalog()
    for language, keys in stale.items():
        print(f"{LANGUAGES[language]} ({language}): {len(keys)} translation(s) whose English changed:")
        for key in keys:
            print(f"  {key}: English now {catalog[key][SOURCE_LANGUAGE]!r}")
        print(f"Update their text in dashboard/i18n/{language}/, then: {how_to_accept(keys)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
