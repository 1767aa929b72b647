"""Charts of the book (altair). Every function returns an ``alt.Chart`` with a title, a
source line (vintage and licence) and alt text in its ``description``; the four cells of
the fracture matrix always get the same colour-blind-safe colours.

Importing this package sets how a chart is written into a page (the ``companion``
renderer): the Vega-Lite spec altair makes is compiled to Vega (``vl_convert``) and drawn
to SVG when the book is built, at a desktop's and at a phone's column width
(:mod:`analysis.figures.charts.drawing`). A page with charts loads no chart library; every
text of the data is XML-escaped in the SVG; the chart's element id is derived from its
spec, so that two builds write the same page.
"""

from __future__ import annotations

import altair as alt
import vl_convert

from analysis.figures.charts import drawing
from analysis.figures.charts.base import cell_scale, finish

VEGALITE_MINOR = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
"""The Vega-Lite version altair writes (e.g. ``6.4``), which vl-convert compiles."""


def to_vega(spec: dict) -> dict:
    """Compile an altair (Vega-Lite) spec to a Vega spec, as the page will draw it.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec (``chart.to_dict()``), data inlined.

    Returns
    -------
    dict
        The Vega spec (Vega 6), data inlined.

    Raises
    ------
    ValueError
        When vl-convert cannot compile the spec (an invalid chart).
    """
    try:
        return vl_convert.vegalite_to_vega(spec, vl_version=VEGALITE_MINOR)
    except Exception as error:  # vl-convert raises a bare exception type
        raise ValueError(f"the chart could not be compiled to Vega: {error}") from error


def html(spec: dict) -> str:
    """The HTML that shows one chart in a page (the body of the ``companion`` renderer).

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec (``chart.to_dict()``).

    Returns
    -------
    str
        A ``<div class="companion-drawing">`` with the chart drawn as SVG at two widths
        (:func:`analysis.figures.charts.drawing.html`).

    Raises
    ------
    ValueError
        When the spec cannot be compiled or drawn.
    """
    return drawing.html(to_vega(spec))


def _renderer(spec: dict, **metadata) -> dict[str, str]:
    return {"text/html": html(spec)}


alt.renderers.register("companion", _renderer)
alt.renderers.enable("companion")

__all__ = ["cell_scale", "finish", "html", "to_vega"]
