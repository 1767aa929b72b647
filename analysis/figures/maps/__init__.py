"""Maps of the book (folium). Every function returns a ``folium.Map`` that draws without
basemap tiles (region and MRC outlines give the context), with escaped popups and
tooltips, a caption with source, vintage and licence, and alt text.
"""

from analysis.figures.maps.base import base_map, escape, outlines

__all__ = ["base_map", "escape", "outlines"]
