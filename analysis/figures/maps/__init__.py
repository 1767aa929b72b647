"""Maps of the book (folium). Every function returns a ``folium.Map`` that draws without
basemap tiles (region and MRC outlines give the context), with popups and tooltips
whose text from the data is escaped for its context (:mod:`analysis.figures.escape`), a
caption with source, vintage and licence, and alt text.
"""

from analysis.figures.maps.base import base_map, outlines

__all__ = ["base_map", "outlines"]
