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


#: The S3-compatible server the model store tests start (moto's standalone server; no real object store here).
S3_PORT = 8710
S3_BUCKET = "dashboard-tests"


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1:S3_PORT for the whole session, with the bucket S3_BUCKET and fake credentials
    in the environment (training processes started from now on inherit them, as they would on a real server)."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=S3_PORT, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{S3_PORT}"
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        import s3fs

        s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True).mkdir(S3_BUCKET)
        try:
            yield endpoint
        finally:
            server.stop()
