"""Charts of the book (altair). Every function returns an ``alt.Chart`` with a title, a
source line (vintage and licence) and alt text in its ``description``; the four cells of
the fracture matrix always get the same colour-blind-safe colours.

Importing this package sets how a chart is written into a page (the ``companion``
renderer):

- the Vega-Lite spec altair makes is compiled to Vega when the book is built
  (``vl_convert.vegalite_to_vega``), so a page loads the Vega runtime and vega-embed but
  not the Vega-Lite compiler (about 77 KB gzip less on every page with a chart);
- the chart is drawn as SVG (marks in the page, readable by assistive technology and
  testable) and without the action menu, whose links lead to the online Vega editor;
- the spec is written into a ``<script>`` element with its JSON escaped for that context
  (:class:`analysis.figures.escape.ScriptJSONEncoder`), so that no text from the data
  (``</script>``, ``<!--``) can end the element;
- the chart's element id is derived from its spec, so that two builds write the same page.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import jinja2
import vl_convert
from altair.utils.html import spec_to_html

from analysis.figures.charts.base import cell_scale, finish
from analysis.figures.escape import ScriptJSONEncoder
from analysis.i18n import N_, _

EMBED_OPTIONS = {"renderer": "svg", "actions": False}
VEGALITE_MINOR = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
"""The Vega-Lite version altair writes (e.g. ``6.4``), which vl-convert compiles."""
DRAW_FAILED = N_("This chart could not be drawn: {error}")
"""What the page shows in place of a chart it could not draw (``{error}``: the browser's message)."""
LOAD_FAILED = N_("could not load {src}")
"""The error of a script of the Vega runtime the page could not load (``{src}``: its address)."""

_TEMPLATE = jinja2.Template(
    """<style>#{{ output_div }}.vega-embed { width: 100%; display: flex; }</style>
<div id="{{ output_div }}"></div>
<script type="text/javascript">
  (function (spec, embedOpt) {
    const outputDiv = document.getElementById("{{ output_div }}");
    const loaded = (window.companionVega = window.companionVega || {});
    function load(key, src) {
      if (!loaded[key]) {
        loaded[key] = new Promise(function (resolve, reject) {
          const script = document.createElement("script");
          script.src = src;
          script.async = true;
          script.onload = () => resolve();
          script.onerror = () => reject(new Error({{ load_failed }}.replace("{src}", () => src)));
          document.head.appendChild(script);
        });
      }
      return loaded[key];
    }
    load("vega", "{{ base_url }}/vega@{{ vega_version }}?noext")
      .then(() => load("vega-embed", "{{ base_url }}/vega-embed@{{ vegaembed_version }}?noext"))
      .then(() => vegaEmbed(outputDiv, spec, embedOpt))
      .catch(function (error) {
        outputDiv.textContent = {{ draw_failed }}.replace("{error}", () => error.message);
        throw error;
      });
  })({{ spec }}, {{ embed_options }});
</script>
"""
)


class _Localised:
    """The chart template with its messages in the active language (:mod:`analysis.i18n`), as JavaScript strings."""

    def render(self, **context) -> str:
        def script_string(text: str) -> str:
            return json.dumps(text, cls=ScriptJSONEncoder)

        return _TEMPLATE.render(
            **context, draw_failed=script_string(_(DRAW_FAILED)), load_failed=script_string(_(LOAD_FAILED))
        )


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
    """The HTML that draws one chart in a page (the body of the ``companion`` renderer).

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec (``chart.to_dict()``).

    Returns
    -------
    str
        A ``<style>``, a ``<div>`` and a ``<script>`` that loads the Vega runtime and
        vega-embed once per page and draws the compiled spec as SVG.
    """
    vega = to_vega(spec)
    digest = hashlib.sha256(json.dumps(vega, sort_keys=True, cls=ScriptJSONEncoder).encode()).hexdigest()[:16]
    return spec_to_html(
        vega,
        mode="vega",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        output_div=f"chart-{digest}",
        embed_options=dict(EMBED_OPTIONS),
        json_kwds={"cls": ScriptJSONEncoder},
        fullhtml=False,
        template=_Localised(),
    )


def _renderer(spec: dict, **metadata) -> dict[str, str]:
    return {"text/html": html(spec)}


alt.renderers.register("companion", _renderer)
alt.renderers.enable("companion")

__all__ = ["cell_scale", "finish", "html", "to_vega"]
