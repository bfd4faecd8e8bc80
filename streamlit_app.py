"""Deep-learning dashboard: the server. Streamlit Community Cloud runs this file by default, and so does
``streamlit run streamlit_app.py``.

It is an ``st.App``: every visitor gets ``dashboard_app.py`` (language, sidebar, the lessons). Its start-up hook warms
the server up before anyone visits, in a background thread: TensorFlow is imported (seconds of one core), then any
default model that is neither stored nor bundled starts training (the others are read from the store or the bundle
shipped with the code when a lesson first needs them, in well under a second). The import waits until the first page
has been drawn (or a few seconds without a visitor), so that a visitor who arrives with the server never waits for it
on the landing page. Training runs in processes of its own (``core.training.workers``), started with the warm-up
and ended when the server stops.
"""

from contextlib import asynccontextmanager

import streamlit as st

from core import settings

# A bad environment variable stops the server here, with a sentence naming it, before anyone visits.
settings.check_all()


@asynccontextmanager
async def warm_up_at_start(app):
    from core.runtime import start_tensorflow_warmup

    start_tensorflow_warmup(then_models=True)
    yield
    # The server is stopping (Ctrl+C, SIGTERM): end the training processes with it.
    from core.training.engine import shutdown_engine
    from core.training.workers import stop_all_workers

    shutdown_engine(timeout=5.0)
    stop_all_workers()


app = st.App("dashboard_app.py", lifespan=warm_up_at_start)
