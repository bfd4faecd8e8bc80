"""The views of the math page (``/math``, laid out by ``app_pages/math.py``), one module per section of the lesson.

:mod:`.linear_algebra` (vectors, matrices), :mod:`.calculus` (derivatives, chain rule, gradients),
:mod:`.optimization` (gradient descent), :mod:`.probability`; :mod:`.common` holds the helpers they share.
The maths is in ``core/lessons/math/``, the figures in ``dashboard/figures/math/``, both named the same way.
Widget and Session State keys all start with ``math_`` (tests and deep links rely on them).
"""
