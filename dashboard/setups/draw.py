"""/draw's link fields: the network that reads the drawing and the pen's width (the drawing itself is not a setup)."""

from __future__ import annotations

from core.classroom.setups import Choice, PageSetup
from core.lessons import draw as digit_canvas

#: The pen widths the page offers, in canvas pixels (the canvas is 280 x 280, read as 28 x 28).
STROKE_WIDTHS = (10, 14, 18, 22, 26, 30)
DEFAULT_STROKE_WIDTH = 22
DEFAULT_MODEL = "cnn"

SETUP = PageSetup(
    "draw",
    (
        Choice(
            "model",
            "draw_model",
            options=tuple(digit_canvas.MODEL_CHOICES),
            default=DEFAULT_MODEL,
            label_key="draw.model.choose",
        ),
        Choice(
            "pen",
            "draw_stroke",
            options=STROKE_WIDTHS,
            default=DEFAULT_STROKE_WIDTH,
            label_key="draw.stroke",
        ),
    ),
)
