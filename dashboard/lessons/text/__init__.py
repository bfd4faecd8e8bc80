"""Section views of the text page (``/text``, laid out by ``app_pages/text.py``) kept apart from its script.

:mod:`.gates` shows the sentiment model's LSTM cell word by word (its computation is in
``core/lessons/text/gates.py``, its figures in ``dashboard/figures/text_gates.py``). Widget keys start with ``gates_``.
"""
