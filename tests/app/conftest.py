"""Shared AppTest set-up: run from the repository root, and give training pages an engine of their own."""

import pytest

from core.training import engine as engine_module
from tests.helpers import REPO_ROOT


@pytest.fixture(autouse=True)
def run_from_repo_root(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)


@pytest.fixture(scope="module")
def engine_in_a_temporary_store(tmp_path_factory):
    """A fresh engine singleton over an empty store, shut down when the test module ends."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_MODEL_STORE", str(tmp_path_factory.mktemp("model_store")))
        engine_module.shutdown_engine(timeout=60)  # the next get_engine() reads the temporary store
        yield
        engine_module.shutdown_engine(timeout=60)
