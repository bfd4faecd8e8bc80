"""Every test runs offline: the embedded data sets, never a download. Fixtures for more than one folder are here;
plain helpers are in tests/helpers.py."""

import os
import sys
from pathlib import Path

import pytest

os.environ["DASHBOARD_OFFLINE"] = "1"
# No background loading or training of default models inside the test process (AppTest runs pages there); the
# servers that the end-to-end tests start turn it back on (tests/e2e/harness.py).
os.environ["DASHBOARD_WARMUP"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture
def fresh_network_memory():
    """The answers of earlier reachability checks forgotten before and after the test (core.data.network remembers them
    for the whole process)."""
    from core.data import network

    network.reset()
    yield
    network.reset()
