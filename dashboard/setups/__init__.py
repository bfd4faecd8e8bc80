"""Every lesson's link fields, one module per page named like the page (``/first-network`` ->
``dashboard/setups/first_network.py``), each defining ``SETUP``, a :class:`core.classroom.setups.PageSetup`.

This is the one place that lists which controls a page puts in its URL (what a shared link or the instructor's lead
restores, what the instructor can lock or hide). ``dashboard/setup_links.py`` applies them; the pages only create
their widgets with these keys.
"""

from __future__ import annotations

import importlib
from functools import cache

from core.classroom.setups import PageSetup


@cache
def page_setup(url_path: str) -> PageSetup:
    """The setup of the page served at ``/url_path`` (an empty one for a page without controls)."""
    module_name = url_path.replace("-", "_")
    if not module_name or not module_name.isidentifier():
        return PageSetup(url_path)
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{module_name}":
            raise
        return PageSetup(url_path)
    setup = module.SETUP
    if setup.page != url_path:
        raise ValueError(f"dashboard/setups/{module_name}.py describes {setup.page!r}, not {url_path!r}.")
    return setup
