"""What later pages build on: a task's own settings (params), uploaded data sets, and artefacts kept with a model."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.data import uploads
from core.data.datasets import DatasetUnavailable
from core.training import registry
from core.training.config import TrainConfig, default_config
from core.training.task import Task, TaskData


def _tiny_data(config: TrainConfig) -> TaskData:
    if uploads.is_upload_id(config.dataset):
        frame = uploads.get_upload(config.dataset)
        x = frame[["x"]].to_numpy(np.float32)
        y = frame["y"].to_numpy(np.float32)
    else:
        x = np.linspace(-1, 1, 32, dtype=np.float32)[:, None]
        y = 2 * x[:, 0]
    return TaskData(x, y, None, None, x, y, (1,), (), "tiny", extras={})


def _build(config: TrainConfig, data: TaskData):
    import keras

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(config.param("units")), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def _validate(config: TrainConfig) -> None:
    if not 1 <= config.param("units") <= 8:
        raise ValueError("units must be from 1 to 8.")


registry.add_task(
    Task(
        name="test_params_task",
        kind="forecast",
        datasets=("line",),
        default_dataset="line",
        defaults={
            "architecture": (),
            "optimizer": "sgd",
            "learning_rate": 0.01,
            "batch_size": 8,
            "epochs": 2,
            "validation_split": 0.0,
        },
        options=frozenset(),
        param_defaults={"units": 1, "mode": "prices", "bidirectional": False},
        accepts_uploads=True,
        load_data=_tiny_data,
        build_model=_build,
        evaluate=lambda model, data: {"mse": 0.0},
        validate=_validate,
        epoch_artifact=lambda model, data: [float(np.asarray(model.weights[0]).ravel()[0])],
        keep_artifacts=True,
    ),
    replace=True,
)


def test_params_are_filled_with_defaults_and_change_the_key():
    base = default_config("test_params_task")
    assert base.params_dict == {"bidirectional": False, "mode": "prices", "units": 1}
    assert base == default_config("test_params_task", params={"units": 1})
    assert base.key == default_config("test_params_task", params={"units": 1}).key
    changed = base.replace(params={"units": 2})
    assert changed.param("units") == 2 and changed.param("mode") == "prices"
    assert changed.key != base.key
    assert base.replace(params={"bidirectional": True}).key != base.key


def test_params_round_trip_through_json():
    config = default_config("test_params_task", params={"units": 3, "mode": "returns"})
    again = TrainConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config and again.key == config.key


@pytest.mark.parametrize(
    "params, message",
    [
        ({"window": 3}, "no setting"),
        ({"units": float("nan")}, "finite"),
        ({"units": [1, 2]}, "number, a word"),
        ({"units": 99}, "from 1 to 8"),
        ({"mode": "x" * 500}, "too long"),
        ("units=3", "dict of settings"),
    ],
)
def test_bad_params_are_refused_with_a_sentence(params, message):
    with pytest.raises(ValueError, match=message):
        default_config("test_params_task", params=params)


def test_tasks_without_params_keep_their_keys():
    config = default_config("toy_2d")
    assert "params" not in config.to_dict()
    assert config.params == ()
    with pytest.raises(ValueError, match="no setting"):
        default_config("toy_2d", params={"units": 2})


def test_an_upload_is_a_data_set_only_for_tasks_that_accept_uploads():
    frame = pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": [0.0, 2.0, 4.0]})
    upload_id = uploads.keep_upload(frame, "line.csv")
    assert upload_id == uploads.keep_upload(frame.copy(), "again.csv")  # same content, same id
    assert upload_id != uploads.keep_upload(frame.assign(y=[0.0, 2.0, 5.0]))
    assert default_config("test_params_task", dataset=upload_id).dataset == upload_id
    with pytest.raises(ValueError, match="no data set"):
        default_config("toy_2d", dataset=upload_id)
    with pytest.raises(ValueError, match="no data set"):
        default_config("test_params_task", dataset="upload-../../etc/passwd")
    kept = uploads.get_upload(upload_id)
    kept.loc[0, "x"] = 99.0
    assert uploads.get_upload(upload_id).loc[0, "x"] == 0.0  # nobody can change what others read


def test_an_unknown_upload_says_to_upload_again():
    with pytest.raises(DatasetUnavailable, match="upload it again"):
        uploads.get_upload("upload-" + "0" * 24)


def test_uploads_are_bounded(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOADS", 3)
    ids = [uploads.keep_upload(f"file {number}".encode()) for number in range(5)]
    with pytest.raises(DatasetUnavailable):
        uploads.get_upload(ids[0])
    assert uploads.get_upload(ids[-1]) == b"file 4"


def test_kept_artifacts_come_back_with_a_stored_model(tmp_path):
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    config = default_config("test_params_task", params={"units": 2}, epochs=3)
    first = TrainingEngine(store=ModelStore(tmp_path), max_workers=1)
    try:
        trained = first.request(config, "a").wait(timeout=120)
        assert trained.state == "finished", trained.message
        assert [epoch for epoch, _ in trained.artifacts] == [1, 2, 3]
    finally:
        first.shutdown()
    second = TrainingEngine(store=ModelStore(tmp_path), max_workers=1)
    try:
        again = second.request(config, "b").wait(timeout=60)
        assert again.from_store
        assert [epoch for epoch, _ in again.artifacts] == [1, 2, 3]
        assert [value for _, value in again.artifacts] == [value for _, value in trained.artifacts]
    finally:
        second.shutdown()
