"""Keep Keras' global state when Streamlit finishes a script run.

Applied by the entry script after every run in which Keras is loaded, so every page is covered, not only
the ones that submit training jobs.
"""

from __future__ import annotations

import sys


def keep_keras_state_across_reruns() -> None:
    """Stop Streamlit from resetting Keras after every script run while the engine trains in another thread.

    After each run, fragment reruns included, Streamlit's script runner calls ``keras.backend.clear_session()``
    (``_clean_problem_modules`` in ``streamlit/runtime/scriptrunner/script_runner.py``, 1.67). That replaces Keras'
    global state for *every* thread, clears TensorFlow's kernel cache and runs a full garbage collection. With a
    training running in the engine's worker and a panel polling once a second, it made a 300-epoch fit 60 times
    slower, and a model being built at that moment got two layers named "dense" (the job failed). Only that
    caller is ignored: anything else calling ``clear_session`` still clears.
    """
    import keras

    backend = keras.backend
    if getattr(backend.clear_session, "_skips_streamlit_cleanup", False):
        return
    original = backend.clear_session

    def clear_session(*args, **kwargs):
        if sys._getframe(1).f_code.co_name == "_clean_problem_modules":
            return None
        return original(*args, **kwargs)

    clear_session._skips_streamlit_cleanup = True
    clear_session.__doc__ = original.__doc__
    backend.clear_session = clear_session
