"""Charts of the book (altair). Every function returns an ``alt.Chart`` with a title, a
source line (vintage and licence) and alt text in its ``description``; the four cells of
the fracture matrix always get the same colour-blind-safe colours.
"""

from analysis.charts.base import cell_scale, finish

__all__ = ["cell_scale", "finish"]
