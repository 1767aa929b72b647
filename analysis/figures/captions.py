"""What every figure of the book carries: a caption with source, vintage and licence, and alt text.

Shared by :mod:`analysis.figures.charts` and :mod:`analysis.figures.maps` (which alone import altair and
folium), so captions are written the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import i18n
from analysis.data.sources import SOURCES
from analysis.figures.escape import markdown_code, markdown_text
from analysis.formats import format_number, locale_for
from analysis.i18n import N_, _

SEPARATOR = N_("; ")
"""What separates the items of a list in a caption or an alt text (items that may hold commas)."""


def listing(items) -> str:
    """Items joined by :data:`SEPARATOR` in the active language (``a; b`` in English, ``a ; b`` in French).

    Parameters
    ----------
    items : iterable of str

    Returns
    -------
    str
    """
    return _(SEPARATOR).join(str(item) for item in items)


def number(value: object, spec: str = "", unit: str = "") -> str:
    """A number written for the reader of the active language, for a caption, an alt text or a label.

    ``number(0.123, ".0%")`` is ``12%`` in English and ``12 %`` in French; ``number(1234, ",d")``
    is ``1,234`` and ``1 234``; ``number(36.61, ".1f", "km")`` is ``36.6 km`` and
    ``36,6 km`` (Babel, :mod:`analysis.formats`).

    Parameters
    ----------
    value : int, float or None
        Missing values are written "—".
    spec : str, default ""
        ``[+][,][.N][f|d|%]`` (:func:`analysis.formats.parse_spec`); ``%`` reads a share (0-1).
    unit : str, default ""
        Written after the number with a no-break space (``%`` without one in English).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``spec`` is not a number format.
    """
    return format_number(value, spec, locale_for(i18n.language()), unit)


def source_line(keys: tuple[str, ...] | list[str]) -> str:
    """The line "Sources: ..." with the short citation, vintage and licence of each source.

    The appendix *Data and licences* gives every source in full.

    Parameters
    ----------
    keys : tuple or list of str
        Keys of :data:`analysis.data.sources.SOURCES` (e.g. ``"remoteness_2016"``); empty
        for a figure drawn from the curated case tables only.

    Returns
    -------
    str
        One sentence, e.g. ``"Sources: StatCan, Index of Remoteness 2016 (StatCan Open
        Licence)."``.

    Raises
    ------
    KeyError
        When a key is not in :data:`~analysis.data.sources.SOURCES`.
    """
    if not keys:
        return _("Source: curated case tables (data/case/), each row with its own source.")
    return _("Sources: {sources}.").format(sources=listing(_(SOURCES[key].short) for key in keys))


@dataclass(frozen=True)
class Caption:
    """A figure caption: what it shows, where the data come from, which function drew it.

    Attributes
    ----------
    title : str
        What the figure shows, as a sentence without its final full stop.
    sources : tuple of str
        Keys of :data:`analysis.data.sources.SOURCES` (empty: the curated case tables).
    drawn_by : str
        The drawing function, relative to ``analysis`` (e.g. ``"figures.charts.debate.burden"``).
    alt : str
        Alt text for assistive technology: what the figure shows and its main pattern.
    note : str, default ""
        A sentence added after the title (a caveat, how to read the figure).
    heading : str, default ""
        The short title drawn inside a chart (a few words, so that it fits a phone
        screen); the caption under the figure carries the full title, the note and the
        sources. Empty: the chart has no title of its own.
    """

    title: str
    sources: tuple[str, ...]
    drawn_by: str
    alt: str
    note: str = ""
    heading: str = ""

    @property
    def text(self) -> str:
        """The caption as plain text: title, note, sources and the drawing function.

        Returns
        -------
        str

        Raises
        ------
        KeyError
            When a source key is unknown (:func:`source_line`).
        """
        note = f" {self.note}" if self.note else ""
        drawn = _("Drawn by {function}.").format(function=f"analysis.{self.drawn_by}")
        return f"{self.title}.{note} {source_line(self.sources)} {drawn}"

    @property
    def short(self) -> str:
        """Title and publishers with licences, for a box drawn on a map.

        Returns
        -------
        str

        Raises
        ------
        KeyError
            When a source key is unknown (:func:`source_line`).
        """
        return f"{self.title}. {source_line(self.sources)}"

    def markdown(self) -> str:
        """The caption as Markdown, for a ``remove-input`` cell under the figure.

        Returns
        -------
        str
            Bold title, the note, the sources and *Drawn by* ```analysis.<drawn_by>```;
            title, note and sources are plain text (they may hold names from the data),
            escaped with :func:`~analysis.figures.escape.markdown_text`.

        Raises
        ------
        KeyError
            When a source key is unknown (:func:`source_line`).
        """
        note = f" {markdown_text(self.note)}" if self.note else ""
        drawn_by = markdown_code(f"analysis.{self.drawn_by}")
        drawn = _("*Drawn by* {function}.").format(function=drawn_by)
        return f"**{markdown_text(self.title)}.**{note} {markdown_text(source_line(self.sources))} {drawn}"
