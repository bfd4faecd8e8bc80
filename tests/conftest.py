"""Every test runs offline: the embedded data sets, never a download."""

import os
import sys
from pathlib import Path

os.environ["DASHBOARD_OFFLINE"] = "1"
# No background loading or training of default models inside the test process (AppTest runs pages there); the
# servers that the end-to-end tests start turn it back on (tests/e2e/harness.py).
os.environ["DASHBOARD_WARMUP"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
