"""The lessons' own logic, one module per lesson, named like its url path (``/draw`` -> ``draw.py``)."""
