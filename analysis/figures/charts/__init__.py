"""Charts of the book (altair). Every function returns an ``alt.Chart`` with a title, a
source line (vintage and licence) and alt text in its ``description``; the four cells of
the fracture matrix always get the same colour-blind-safe colours.
"""

import altair as alt

from analysis.figures.charts.base import cell_scale, finish

# Draw charts as SVG (marks in the page, readable by assistive technology and testable)
# and without the action menu, whose links lead to the online Vega editor.
alt.renderers.set_embed_options(renderer="svg", actions=False)

__all__ = ["cell_scale", "finish"]
