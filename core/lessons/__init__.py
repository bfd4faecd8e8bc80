"""The lessons' own logic, one module per lesson, named like its url path (``/draw`` -> ``draw.py``); a lesson too
long for one module is a package of that name, one module per concern (``/stocks`` -> ``stocks/``)."""
