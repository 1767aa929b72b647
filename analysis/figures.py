"""What every figure of the book carries: a caption with source, vintage and licence, and alt text.

Shared by :mod:`analysis.charts` and :mod:`analysis.maps` (which alone import altair and
folium), so captions are written the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.sources import SOURCES


def source_line(keys: tuple[str, ...] | list[str]) -> str:
    """"Source: ..." with publisher, title, vintage and licence of each source."""
    parts = []
    for key in keys:
        s = SOURCES[key]
        parts.append(f"{s.publisher}, {s.title} ({s.vintage}; {s.licence})")
    return "Source: " + "; ".join(parts) + "."


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
        seen = []
        for key in self.sources:
            s = SOURCES[key]
            item = f"{s.publisher.split(',')[0]} ({s.licence})"
            if item not in seen:
                seen.append(item)
        return f"{self.title}. Sources: " + "; ".join(seen) + "."

    def markdown(self) -> str:
        return f"**{self.title}.**{(' ' + self.note) if self.note else ''} {source_line(self.sources)} *Drawn by* `analysis.{self.drawn_by}`."
