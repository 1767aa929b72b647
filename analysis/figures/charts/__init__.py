"""Charts of the book (altair). Every function returns an ``alt.Chart`` with a title, a
source line (vintage and licence) and alt text in its ``description``; the four cells of
the fracture matrix always get the same colour-blind-safe colours.
"""

import altair as alt

from analysis.figures.charts.base import cell_scale, finish
from analysis.figures.escape import ScriptJSONEncoder

# Draw charts as SVG (marks in the page, readable by assistive technology and testable)
# and without the action menu, whose links lead to the online Vega editor. The spec is
# written into a <script> element: its JSON is escaped for that context, so that no text
# from the data ("</script>", "<!--") can end the element.
# (One call: set_embed_options would replace the renderer's other options.)
alt.renderers.enable(
    "default", embed_options={"renderer": "svg", "actions": False}, json_kwds={"cls": ScriptJSONEncoder}
)

__all__ = ["cell_scale", "finish"]
