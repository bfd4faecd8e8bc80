"""Section views of the lessons whose page would be too long as one script.

The rule: a lesson's section views live in ``dashboard/lessons/<url path>/``, one module per section, each named like
the lesson's ``core/lessons/<url path>/`` module it shows (and its ``dashboard/figures/<url path>/`` module), with
``common.py`` for what the sections share. A view module holds the section's widgets (``*_ui()``, returning plain
values), its cached computations and its ``*_section()`` functions; ``app_pages/<url path>.py`` stays the short
script that lays the sections out. A url path with a dash becomes an underscore (``first-network``:
``first_network``). A page short enough to read in one go keeps its views in its own script.
"""
