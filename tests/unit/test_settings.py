"""core.settings: every environment variable read in one place; a bad value is a sentence naming it, never a default."""

from pathlib import Path

import pytest

from core import settings


@pytest.fixture
def clean_environment(monkeypatch):
    for name in settings.SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_unset_or_empty_variables_give_the_defaults(clean_environment):
    clean_environment.setenv(settings.MODEL_STORE_MB_ENV, "  ")
    assert settings.offline() is False and settings.warmup() is True
    assert settings.model_store_dir() == settings.DEFAULT_MODEL_STORE_DIR
    assert settings.model_bundle_dir() == settings.DEFAULT_BUNDLE_DIR
    assert settings.model_store_mb() == 500 and settings.model_cache_entries() == 16
    assert settings.max_training_jobs() == 1 and settings.watcher_timeout_s() == 30.0
    assert settings.max_queued_per_visitor() == 2
    assert settings.download_stall_timeout_s() == 10.0
    assert settings.keras_home().name == ".keras"


@pytest.mark.parametrize(
    "value, expected",
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("false", False), ("No", False)],
)
def test_yes_and_no_words(clean_environment, value, expected):
    clean_environment.setenv(settings.OFFLINE_ENV, value)
    clean_environment.setenv(settings.WARMUP_ENV, value)
    assert settings.offline() is expected and settings.warmup() is expected


def test_good_values_are_read(clean_environment, tmp_path):
    clean_environment.setenv(settings.MODEL_STORE_ENV, str(tmp_path / "store"))
    clean_environment.setenv(settings.MODEL_BUNDLE_ENV, str(tmp_path / "bundle"))
    clean_environment.setenv(settings.MODEL_STORE_MB_ENV, "0")
    clean_environment.setenv(settings.MODEL_CACHE_ENTRIES_ENV, "3")
    clean_environment.setenv(settings.MAX_TRAINING_JOBS_ENV, "64")
    clean_environment.setenv(settings.WATCHER_TIMEOUT_ENV, "2.5")
    clean_environment.setenv(settings.DOWNLOAD_STALL_TIMEOUT_ENV, "0.5")
    clean_environment.setenv(settings.KERAS_HOME_ENV, str(tmp_path / "keras"))
    assert settings.model_store_dir() == tmp_path / "store"
    assert settings.model_bundle_dir() == tmp_path / "bundle"
    assert settings.model_store_mb() == 0 and settings.model_cache_entries() == 3
    assert settings.max_training_jobs() == 64
    assert settings.watcher_timeout_s() == 2.5 and settings.download_stall_timeout_s() == 0.5
    assert settings.keras_home() == tmp_path / "keras"
    values = settings.check_all()
    assert values[settings.MODEL_CACHE_ENTRIES_ENV] == 3 and set(values) == set(settings.SETTINGS)


@pytest.mark.parametrize("word", ["none", "NO", "off", "0", "false"])
def test_the_bundle_can_be_turned_off(clean_environment, word):
    clean_environment.setenv(settings.MODEL_BUNDLE_ENV, word)
    assert settings.model_bundle_dir() is None


def test_a_home_folder_path_is_expanded(clean_environment):
    clean_environment.setenv(settings.MODEL_STORE_ENV, "~/models")
    assert settings.model_store_dir() == Path("~/models").expanduser()


@pytest.mark.parametrize(
    "name, read, value, accepts",
    [
        (settings.OFFLINE_ENV, settings.offline, "maybe", "one of 1, true, yes, on (yes) or 0, false, no, off (no)"),
        (settings.WARMUP_ENV, settings.warmup, "2", "one of 1, true, yes, on (yes) or 0, false, no, off (no)"),
        (settings.MODEL_STORE_MB_ENV, settings.model_store_mb, "lots", "a whole number >= 0"),
        (settings.MODEL_STORE_MB_ENV, settings.model_store_mb, "-1", "a whole number >= 0"),
        (settings.MODEL_CACHE_ENTRIES_ENV, settings.model_cache_entries, "1.5", "a whole number >= 0"),
        (settings.MAX_TRAINING_JOBS_ENV, settings.max_training_jobs, "0", "a whole number from 1 to 64"),
        (settings.MAX_TRAINING_JOBS_ENV, settings.max_training_jobs, "65", "a whole number from 1 to 64"),
        (settings.MAX_QUEUED_PER_VISITOR_ENV, settings.max_queued_per_visitor, "0", "a whole number >= 1"),
        (settings.MAX_QUEUED_PER_VISITOR_ENV, settings.max_queued_per_visitor, "two", "a whole number >= 1"),
        (settings.WATCHER_TIMEOUT_ENV, settings.watcher_timeout_s, "soon", "a number of seconds above 0"),
        (settings.WATCHER_TIMEOUT_ENV, settings.watcher_timeout_s, "0", "a number of seconds above 0"),
        (settings.WATCHER_TIMEOUT_ENV, settings.watcher_timeout_s, "nan", "a number of seconds above 0"),
        (
            settings.DOWNLOAD_STALL_TIMEOUT_ENV,
            settings.download_stall_timeout_s,
            "3600",
            "a number of seconds above 0 and below 3600",
        ),
    ],
)
def test_a_bad_value_is_a_sentence_naming_the_variable(clean_environment, name, read, value, accepts):
    clean_environment.setenv(name, value)
    with pytest.raises(settings.SettingError) as caught:
        read()
    assert str(caught.value) == f"The environment variable {name} must be {accepts}, got {value!r}."
    assert isinstance(caught.value, ValueError)


def test_the_store_may_be_a_url_with_options_but_never_credentials(clean_environment):
    clean_environment.setenv(settings.MODEL_STORE_ENV, "s3://models/dashboard")
    clean_environment.setenv(settings.MODEL_BUNDLE_ENV, "gs://bundles/v1")
    clean_environment.setenv(settings.MODEL_STORE_OPTIONS_ENV, '{"endpoint_url": "http://127.0.0.1:8710"}')
    assert settings.model_store_dir() == "s3://models/dashboard"
    assert settings.model_bundle_dir() == "gs://bundles/v1"
    assert settings.model_store_options() == {"endpoint_url": "http://127.0.0.1:8710"}
    clean_environment.delenv(settings.MODEL_STORE_OPTIONS_ENV)
    assert settings.model_store_options() == {}
    clean_environment.setenv(settings.MODEL_STORE_ENV, "file:///srv/models")
    assert settings.model_store_dir() == "file:///srv/models"

    for bad in ("endpoint_url=http://x", "[1, 2]", '"text"'):
        clean_environment.setenv(settings.MODEL_STORE_OPTIONS_ENV, bad)
        with pytest.raises(settings.SettingError, match=f"{settings.MODEL_STORE_OPTIONS_ENV} must be a JSON object"):
            settings.model_store_options()
    clean_environment.setenv(settings.MODEL_STORE_OPTIONS_ENV, '{"key": "AKIA", "secret": "s"}')
    with pytest.raises(settings.SettingError, match="must not hold credentials \\(key, secret\\).*AWS_ACCESS_KEY_ID"):
        settings.model_store_options()
    clean_environment.setenv(settings.MODEL_STORE_ENV, "://nowhere")
    with pytest.raises(settings.SettingError, match="a path or a URL"):
        settings.model_store_dir()


def test_check_all_names_every_bad_variable_at_once(clean_environment):
    clean_environment.setenv(settings.OFFLINE_ENV, "maybe")
    clean_environment.setenv(settings.MAX_TRAINING_JOBS_ENV, "many")
    with pytest.raises(settings.SettingError) as caught:
        settings.check_all()
    assert settings.OFFLINE_ENV in str(caught.value) and settings.MAX_TRAINING_JOBS_ENV in str(caught.value)


def test_the_test_process_runs_offline_without_warm_up():
    """tests/conftest.py sets DASHBOARD_OFFLINE=1 and DASHBOARD_WARMUP=0; both read as the yes/no they mean."""
    assert settings.offline() is True and settings.warmup() is False
