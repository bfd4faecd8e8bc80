"""The views of the training page (``/training``, laid out by ``app_pages/training.py``) that make it too long.

:mod:`.results` draws a finished model's results; :mod:`.common` holds what the page's sections share (the toy data,
translated class names). The tasks are in ``core/lessons/training.py``, the figures in
``dashboard/figures/training.py``. Widget and Session State keys all start with ``train_`` (tests and deep links rely
on them).
"""
