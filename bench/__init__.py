"""One script per performance goal, each printing its figure last (README.md, "Speed goals"). Run them from the
repository root as modules, so that ``core`` and ``dashboard`` import as they do in the app:

    python -m bench.store_hit --processes 2

Importing this package sets what every bench runs under, before a bench imports TensorFlow: offline on the embedded
data sets unless ``DASHBOARD_OFFLINE`` says otherwise, and TensorFlow's C++ log quiet. The helpers they share are in
:mod:`bench.common`.
"""

import os

os.environ.setdefault("DASHBOARD_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
