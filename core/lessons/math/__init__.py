"""The math lesson (``/math``): one module per section."""
