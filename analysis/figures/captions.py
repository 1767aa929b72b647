"""What every figure of the book carries: a caption with source, vintage and licence, and alt text.

Shared by :mod:`analysis.figures.charts` and :mod:`analysis.figures.maps` (which alone import altair and
folium), so captions are written the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.data.sources import SOURCES


def source_line(keys: tuple[str, ...] | list[str]) -> str:
    """ "Sources: ..." with the short citation, vintage and licence of each source.

    The appendix *Data and licences* gives every source in full.
    """
    if not keys:
        return "Source: curated case tables (data/case/), each row with its own source."
    return "Sources: " + "; ".join(SOURCES[key].short for key in keys) + "."


@dataclass(frozen=True)
class Caption:
    """A figure caption: what it shows, where the data come from, which function drew it."""

    title: str
    sources: tuple[str, ...]
    drawn_by: str
    alt: str
    note: str = ""

    @property
    def text(self) -> str:
        note = f" {self.note}" if self.note else ""
        return f"{self.title}.{note} {source_line(self.sources)} Drawn by analysis.{self.drawn_by}."

    @property
    def short(self) -> str:
        """Title and publishers with licences, for a box drawn on a map."""
        return f"{self.title}. {source_line(self.sources)}"

    def markdown(self) -> str:
        return f"**{self.title}.**{(' ' + self.note) if self.note else ''} {source_line(self.sources)} *Drawn by* `analysis.{self.drawn_by}`."
