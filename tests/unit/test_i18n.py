"""The catalog is complete: every key in both languages, and every key the code asks for exists."""

import re
import string
from pathlib import Path

import pytest

from dashboard.i18n import CATALOG, LANGUAGES, translate
from dashboard.navigation import HOME, LESSONS

REPO_ROOT = Path(__file__).resolve().parents[2]
KEY_IN_CODE = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.\-]+)["']""")


def source_files():
    yield REPO_ROOT / "dashboard_app.py"
    for folder in ("app_pages", "dashboard"):
        yield from sorted((REPO_ROOT / folder).rglob("*.py"))


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_key_has_a_non_empty_string_in_each_language(language):
    missing = [key for key, translations in CATALOG.items() if not translations.get(language, "").strip()]
    assert not missing, f"keys missing in {language!r}: {missing}"


def test_no_language_outside_the_supported_ones():
    extra = {key: set(translations) - set(LANGUAGES) for key, translations in CATALOG.items()}
    assert not {key: languages for key, languages in extra.items() if languages}


def test_both_languages_fill_the_same_placeholders():
    mismatched = [
        key
        for key, translations in CATALOG.items()
        if len({frozenset(placeholders(text)) for text in translations.values()}) > 1
    ]
    assert not mismatched, f"placeholders differ between languages: {mismatched}"


def test_every_key_used_in_the_code_is_in_the_catalog():
    used = {}
    for path in source_files():
        for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path.relative_to(REPO_ROOT))
    missing = {key: str(path) for key, path in used.items() if key not in CATALOG}
    assert not missing, f"keys used but not in the catalog: {missing}"
    assert len(used) > 20, "the scan found almost no t(...) calls: is the pattern still right?"


def test_navigation_titles_and_summaries_are_in_the_catalog():
    for spec in (HOME, *LESSONS):
        assert spec.title_key in CATALOG and spec.summary_key in CATALOG


def test_translate_fills_placeholders_and_names_a_missing_key():
    assert translate("sidebar.device.ready", "zh", device="CPU") == "TensorFlow 训练设备：**CPU**"
    with pytest.raises(KeyError, match="no.such.key"):
        translate("no.such.key", "en")


def test_translated_data_sources_say_in_english_what_core_says():
    from core.data import catalog
    from dashboard.data_lines import SOURCE_KEYS

    for (dataset, online), key in SOURCE_KEYS.items():
        info = catalog.dataset_info(dataset)
        assert translate(key, "en") == (info.online_source if online else info.offline_source), key
        assert translate(key, "zh") != translate(key, "en"), key
