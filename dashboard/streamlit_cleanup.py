"""Stop Streamlit from resetting Keras after every script run.

After each run, fragment reruns included, Streamlit 1.67's script runner calls ``_clean_problem_modules``
(``streamlit/runtime/scriptrunner/script_runner.py``): ``keras.backend.clear_session()`` when Keras is loaded, and
``matplotlib.pyplot.close("all")``. The web process no longer trains, but /math, /activations, /draw, /text and /gan
still compute with TensorFlow in it, and ``clear_session`` costs about 0.3 s of one core on every run (a full garbage
collection over TensorFlow's heap, holding the interpreter lock) and empties TensorFlow's kernel cache, so the next
run of any page recompiles: measured with ``python -m bench.page_responsiveness``, a fresh visit of /math or
/activations took 0.36-0.44 s with it and 0.07-0.10 s without, and a /training panel polling once a second made the
server collect garbage for a third of its time.

Nothing of Keras is patched and no caller is inspected: Streamlit's cleanup function is replaced by one that keeps
its matplotlib part. Models the pages use are loaded once and shared (``core.training``); without the reset, Keras'
global layer-name counters only keep counting.
"""

from __future__ import annotations

import contextlib
import sys


def _close_matplotlib_figures() -> None:
    """Streamlit's cleanup without its Keras part. Never raises (as Streamlit's: pyplot may be half-imported by
    another session's run at this moment)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        with contextlib.suppress(Exception):
            pyplot.close("all")


def skip_keras_cleanup_after_runs() -> None:
    """Replace Streamlit's after-run cleanup (idempotent: every run of dashboard_app.py calls it)."""
    from streamlit.runtime.scriptrunner import script_runner

    script_runner._clean_problem_modules = _close_matplotlib_figures
