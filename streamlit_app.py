"""Deep-learning dashboard: the server. Streamlit Community Cloud runs this file by default, and so does
``streamlit run streamlit_app.py``.

It is an ``st.App``: every visitor gets ``dashboard_app.py`` (language, sidebar, the lessons). Its start-up hook warms
the server up before anyone visits, in a background thread: TensorFlow is imported (seconds of one core), then any
default model that is neither stored nor bundled starts training (the others are read from the store or the bundle
shipped with the code when a lesson first needs them, in well under a second). The import waits until the first page
has been drawn (or a few seconds without a visitor), so that a visitor who arrives with the server never waits for it
on the landing page.
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


app = st.App("dashboard_app.py", lifespan=warm_up_at_start)
