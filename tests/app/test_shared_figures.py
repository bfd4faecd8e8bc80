"""Figures and results shared by every session (dashboard/shared.py): one build per key, never a figure in the other
language, and an error is raised to every caller rather than remembered."""

import uuid

import pytest

from dashboard import shared


@pytest.fixture
def language(monkeypatch):
    chosen = {"value": "en"}
    monkeypatch.setattr(shared, "current_language", lambda: chosen["value"])
    return chosen


def test_a_figure_is_built_once_per_key_and_language(language):
    name, built = f"test-{uuid.uuid4().hex}", []

    def build():
        built.append(language["value"])
        return {"title": language["value"]}

    english = shared.shared_figure(name, ("model-a", 3), build)
    assert shared.shared_figure(name, ("model-a", 3), build) is english
    language["value"] = "zh"
    chinese = shared.shared_figure(name, ("model-a", 3), build)
    assert chinese == {"title": "zh"} and english == {"title": "en"}
    assert shared.shared_figure(name, ("model-b", 3), build) is not chinese
    assert built == ["en", "zh", "zh"]


def test_a_value_is_shared_whatever_the_language(language):
    name, computed = f"test-{uuid.uuid4().hex}", []
    first = shared.shared_value(name, ("model-a", "好"), lambda: computed.append(1) or [0.9])
    language["value"] = "zh"
    assert shared.shared_value(name, ("model-a", "好"), lambda: computed.append(1) or [0.1]) is first
    assert computed == [1]


def test_an_error_is_raised_every_time_not_remembered(language):
    name, calls = f"test-{uuid.uuid4().hex}", []

    def failing():
        calls.append(1)
        raise ValueError("There is no word the model can read in this text.")

    for _ in range(2):
        with pytest.raises(ValueError, match="no word"):
            shared.shared_value(name, ("model-a", ""), failing)
    assert len(calls) == 2


def test_history_key_follows_the_curves():
    history = {"loss": (0.9, 0.5), "accuracy": (0.6, 0.8)}
    assert shared.history_key(history) == shared.history_key(dict(reversed(list(history.items()))))
    assert shared.history_key(history) != shared.history_key({**history, "loss": (0.9, 0.4)})
