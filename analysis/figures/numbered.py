"""Numbered figures: a chart or a map with its caption, which the text cites by number.

A chapter cell shows a figure with::

    figure(charts.wellbeing_gradient(by_class), "fig-ch1-gradient")

and the prose cites it with ``{numref}`fig-ch1-gradient``` ("Fig. 1.1"). The caption is
the one the drawing function attached to the chart or map (:class:`~analysis.figures.captions.Caption`:
what it shows, a note, and the sources with their vintage and licence); another can be
given. The book numbers the figure (Sphinx ``numfig``, per chapter) through the
``{output-figure}`` directive of :mod:`analysis.book.ext.numbered`; Jupyter shows the
same figure and caption as plain HTML (:mod:`analysis.figures.markup`).
"""

from __future__ import annotations

import re
from dataclasses import asdict

import altair as alt
import folium

from analysis.figures.captions import Caption, source_line
from analysis.figures.escape import html_attribute, html_text, markdown_text
from analysis.figures.markup import directive
from analysis.i18n import N_, _

NAME = re.compile(r"^(fig|tab)-ch\d+-[a-z0-9][a-z0-9-]*$")
"""Names of numbered figures and tables: ``fig-ch<N>-<what>`` and ``tab-ch<N>-<what>``."""

TRUST_NOTE = N_("Make this Notebook Trusted to load map: File -> Trust Notebook")
"""The line folium (branca) writes under a map's frame for Jupyter, hidden by the map once it loads."""
CAPTION_KEY = "companion_caption"
"""Where :func:`analysis.figures.charts.base.finish` keeps a chart's caption (Vega-Lite ``usermeta``)."""


def check_name(name: str) -> str:
    """Check a figure or table name (``fig-ch1-gradient``, ``tab-ch4-cells``).

    Parameters
    ----------
    name : str

    Returns
    -------
    str
        ``name``.

    Raises
    ------
    ValueError
        When ``name`` does not match :data:`NAME`.
    """
    if not NAME.match(name):
        raise ValueError(f"figure or table name {name!r} must look like 'fig-ch1-what' or 'tab-ch1-what'")
    return name


def attach_caption(chart: alt.TopLevelMixin, caption: Caption) -> alt.TopLevelMixin:
    """Keep ``caption`` in the chart's Vega-Lite ``usermeta`` (ignored by Vega), for :func:`caption_of`.

    Parameters
    ----------
    chart : altair.Chart (or a layered or concatenated chart)
    caption : Caption

    Returns
    -------
    altair chart
        A copy of ``chart`` (its other ``usermeta`` entries kept).
    """
    usermeta = chart.usermeta if isinstance(chart.usermeta, dict) else {}
    return chart.properties(usermeta={**usermeta, CAPTION_KEY: asdict(caption)})


def caption_of(obj: object) -> Caption:
    """The caption a drawing function attached to a chart (``usermeta``) or a map (``m.caption``).

    Parameters
    ----------
    obj : altair chart or folium.Map

    Returns
    -------
    Caption

    Raises
    ------
    ValueError
        When ``obj`` carries no caption (pass one to :func:`figure`).
    """
    if isinstance(obj, folium.Map):
        caption = getattr(obj, "caption", None)
        if isinstance(caption, Caption):
            return caption
    elif isinstance(obj, alt.TopLevelMixin):
        meta = obj.to_dict(validate=False).get("usermeta", {}).get(CAPTION_KEY)
        if meta:
            return Caption(**{**meta, "sources": tuple(meta["sources"])})
    raise ValueError(f"{type(obj).__name__} carries no caption: pass caption=Caption(...) to figure()")


def sentence(text: str) -> str:
    """``text`` with a final full stop (unless it ends with one, a question or an exclamation mark).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def caption_markdown(caption: Caption) -> str:
    """The caption as MyST: the title in bold, the note, the sources with vintage and licence (all escaped).

    Parameters
    ----------
    caption : Caption

    Returns
    -------
    str
    """
    parts = [f"**{markdown_text(caption.title)}.**"]
    if caption.note:
        parts.append(markdown_text(sentence(caption.note)))
    parts.append(markdown_text(source_line(caption.sources)))
    return " ".join(parts)


def caption_html(caption: Caption) -> str:
    """The caption as HTML (for Jupyter): the same words as :func:`caption_markdown`.

    Parameters
    ----------
    caption : Caption

    Returns
    -------
    str
    """
    note = f" {html_text(sentence(caption.note))}" if caption.note else ""
    return f"<b>{html_text(caption.title)}.</b>{note} {html_text(source_line(caption.sources))}"


def body_html(obj: object) -> str:
    """The HTML that shows a chart (drawn as SVG) or a map (an iframe).

    Parameters
    ----------
    obj : altair chart or folium.Map

    Returns
    -------
    str

    Raises
    ------
    TypeError
        For any other object.
    """
    if isinstance(obj, folium.Map):  # branca's note for Jupyter, in the reader's language
        return obj._repr_html_().replace(TRUST_NOTE, html_text(_(TRUST_NOTE)), 1)
    if isinstance(obj, alt.TopLevelMixin):
        bundle = obj._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        return bundle["text/html"]
    raise TypeError(f"figure() draws altair charts and folium maps, not {type(obj).__name__}")


class Figure:
    """A chart or map with its caption, displayed as a numbered figure (see :func:`figure`).

    Attributes
    ----------
    obj : altair chart or folium.Map
    name : str
        ``fig-ch<N>-<what>``, the target of ``{numref}``.
    caption : Caption
    kind : {"chart", "map"}
    """

    def __init__(self, obj: object, name: str, caption: Caption):
        self.obj = obj
        self.name = check_name(name)
        self.caption = caption
        self.kind = "map" if isinstance(obj, folium.Map) else "chart"

    def myst(self) -> str:
        """The figure as MyST: an ``{output-figure}`` directive with the drawing and the caption.

        Returns
        -------
        str
        """
        body = body_html(self.obj)
        raw = directive("raw", "html", body=body)
        return directive(
            "output-figure",
            options={"name": self.name, "class": f"companion-{self.kind}"},
            body=f"{raw}\n\n{caption_markdown(self.caption)}",
        )

    def html(self) -> str:
        """The figure as HTML (for Jupyter).

        Returns
        -------
        str
        """
        return (
            f'<figure class="companion-figure companion-{self.kind}" id="{html_attribute(self.name)}">'
            f"{body_html(self.obj)}<figcaption>{caption_html(self.caption)}</figcaption></figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.myst(), "text/html": self.html()}

    def __repr__(self) -> str:
        return f"Figure {self.name}: {self.caption.title}"


def figure(obj: object, name: str, caption: Caption | None = None) -> Figure:
    """Show a chart or a map as a numbered figure with its caption.

    Parameters
    ----------
    obj : altair chart or folium.Map
        Drawn by :mod:`analysis.figures.charts` or :mod:`analysis.figures.maps` (which
        attach the caption), or any chart or map when ``caption`` is given.
    name : str
        ``fig-ch<N>-<what>`` (lower case, hyphens): the target of ``{numref}`` in the text.
    caption : Caption, optional
        Replaces the attached caption.

    Returns
    -------
    Figure
        Displayed by Jupyter and by the book (the last expression of a cell).

    Raises
    ------
    ValueError
        When ``name`` is malformed, or ``obj`` has no caption and none is given.
    """
    return Figure(obj, name, caption if caption is not None else caption_of(obj))
