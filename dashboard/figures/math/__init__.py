"""Plotly figures for the math foundations page (``/math``), one module per section of the lesson.

The modules are named like the lesson's maths in ``core/lessons/math/`` and its views in ``dashboard/lessons/math/``:
:mod:`.linear_algebra` (vectors, matrices), :mod:`.calculus` (derivatives, the chain rule, gradients),
:mod:`.optimization` (gradient descent) and :mod:`.probability`; :mod:`.common` holds their shared look.
Builders take plain numbers and arrays (computed in ``core``) and return a ``go.Figure``; every visible word
comes from the catalog through ``t``.
"""
