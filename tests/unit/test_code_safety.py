"""Nothing a visitor sends is executed, unpickled or rendered as HTML, and models are only loaded from the app's own
store in safe mode. Checked on the code itself (its syntax tree), so a new page cannot quietly break the rule."""

from __future__ import annotations

import ast

import pytest

from tests.helpers import REPO_ROOT

APP_SOURCES = sorted(
    [REPO_ROOT / "streamlit_app.py", REPO_ROOT / "dashboard_app.py"]
    + [path for folder in ("core", "dashboard", "app_pages") for path in (REPO_ROOT / folder).rglob("*.py")]
)
STORE_MODULE = REPO_ROOT / "core" / "training" / "model_store.py"
# The course's CIFAR-10 scripts run on the learner's machine, never in the app: like torchvision, they read their own
# download's pickled batches, with an Unpickler whose find_class lets numpy arrays through and nothing else.
LEARNER_SCRIPTS_READING_PICKLES = {
    REPO_ROOT / "dashboard" / "i18n" / "code" / f"course_training_cifar_{framework}.py"
    for framework in ("keras", "torch")
}


def calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            yield name, node


def keyword(node: ast.Call, name: str):
    for item in node.keywords:
        if item.arg == name:
            return item.value
    return None


def is_true(value) -> bool:
    return isinstance(value, ast.Constant) and value.value is True


def test_there_are_app_sources_to_check():
    assert len(APP_SOURCES) > 20


def test_no_code_is_evaluated_and_nothing_is_unpickled():
    problems = []
    for path in APP_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in calls(tree):
            where = f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
            if name in ("eval", "exec", "compile", "__import__") and isinstance(node.func, ast.Name):
                problems.append(f"{where}: {name}()")
            if name in ("loads", "load") and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id in ("pickle", "cPickle", "dill", "joblib", "marshal"):
                    problems.append(f"{where}: {owner.id}.{name}()")
            if is_true(keyword(node, "allow_pickle")):
                problems.append(f"{where}: allow_pickle=True")
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                if any(module.split(".")[0] in ("pickle", "dill", "marshal", "shelve") for module in modules):
                    if path not in LEARNER_SCRIPTS_READING_PICKLES:
                        problems.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: imports a pickle module")
    assert problems == []


def test_the_learner_scripts_that_read_pickles_allow_only_numpy_arrays():
    for path in LEARNER_SCRIPTS_READING_PICKLES:
        source = path.read_text(encoding="utf-8")
        assert "def find_class(self, module, name):" in source and 'module.startswith("numpy")' in source, path
        assert "pickle.load(" not in source and "pickle.loads(" not in source, path


#: The one place allowed to hand Streamlit markup: the room's lock rules, a ``<style>`` block built only from the
#: setups' own widget keys (checked against a plain-identifier pattern), never from anything a visitor typed.
STYLE_ONLY_HTML = {("dashboard/setup_links.py", "_room_style")}


def test_no_html_is_rendered_from_code():
    """No raw HTML: then no visitor's text can ever become HTML (markdown is escaped by Streamlit). The one
    exception is a style block made of the app's own identifiers (STYLE_ONLY_HTML)."""
    problems = []
    for path in APP_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {
            node
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef)
            and (str(path.relative_to(REPO_ROOT)), function.name) in STYLE_ONLY_HTML
            for node in ast.walk(function)
        }
        for name, node in calls(tree):
            where = f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
            if is_true(keyword(node, "unsafe_allow_html")):
                problems.append(f"{where}: unsafe_allow_html=True")
            if name == "html" and isinstance(node.func, ast.Attribute) and node not in allowed:
                problems.append(f"{where}: .html()")
    assert problems == []


def test_the_room_style_is_built_from_plain_identifiers_only():
    from dashboard.setup_links import _room_style

    assert _room_style(["train_lr", "math-tab"], ["act_x1"]) == (
        "<style>.st-key-train_lr {pointer-events: none; opacity: 0.55;}\n"
        ".st-key-math-tab {pointer-events: none; opacity: 0.55;}\n.st-key-act_x1 {display: none;}</style>"
    )
    with pytest.raises(ValueError):
        _room_style(["x} body {display:none"], [])
    with pytest.raises(ValueError):
        _room_style([], ["</style><script>"])


def test_models_are_loaded_only_by_the_store_and_in_safe_mode():
    loads = []
    for path in APP_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in calls(tree):
            if name in ("load_model", "load_weights", "model_from_json"):
                loads.append((path, node))
    assert loads, "the store's load_model call was not found: did it move?"
    for path, node in loads:
        where = f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
        assert path == STORE_MODULE, f"{where}: models are loaded only by core/training/model_store.py"
        assert is_true(keyword(node, "safe_mode")), f"{where}: load_model without safe_mode=True"


def test_every_streamlit_cache_is_bounded():
    """Thirty attendees with different settings must not grow a cache without end: every st.cache_* has max_entries."""
    unbounded = []
    for path in APP_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
                    if not isinstance(decorator, ast.Call) or keyword(decorator, "max_entries") is None:
                        unbounded.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.name}")
    assert unbounded == []
