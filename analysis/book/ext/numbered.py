"""Sphinx extension: numbered figures whose body is a code cell's HTML output.

Sphinx numbers figures and tables (``numfig``) and ``{numref}`` cites them, but a chart
or a map drawn by a notebook cell is raw HTML, which no figure directive takes: MyST's
``{figure}`` wants an image file and myst-nb's ``mystnb.figure`` cell metadata wants a
caption written in the notebook's JSON, which cannot carry the caption a drawing function
computes. :func:`analysis.figures.numbered.figure` therefore displays a figure as MyST
(``text/markdown``, which the book prefers over ``text/html``; see
``nb_mime_priority_overrides`` in ``_config.yml``)::

    ````{output-figure}
    :name: fig-ch1-gradient
    :class: companion-chart

    ```{raw} html
    <div id="altair-viz-…"></div><script>…</script>
    ```

    **Well-being falls from the centre to the periphery.** Sources: …
    ````

This directive turns that into a docutils ``figure`` node with the HTML as its body, the
first paragraph as its caption and any further paragraphs as its legend, named so that
``{numref}`fig-ch1-gradient``` gives "Fig. 1.1". Tables need nothing of the kind: they are
MyST ``{list-table}`` directives with a title and a ``:name:``, which Sphinx numbers as
"Table 1.1" (:mod:`analysis.figures.tables`).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective


class OutputFigure(SphinxDirective):
    """A numbered figure: HTML body first, then the caption paragraph, then the legend."""

    has_content = True
    option_spec = {"name": directives.unchanged, "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        children = list(holder.children)
        paragraphs = [i for i, child in enumerate(children) if isinstance(child, nodes.paragraph)]
        if not paragraphs or paragraphs[0] == 0:
            error = self.state.document.reporter.error(
                "output-figure: the content must be the figure's body followed by a caption paragraph",
                line=self.lineno,
            )
            return [error]
        first = paragraphs[0]
        figure = nodes.figure(classes=["companion-figure", *self.options.get("class", [])])
        self.set_source_info(figure)
        figure += children[:first]
        caption = nodes.caption(children[first].rawsource, "", *children[first].children)
        self.set_source_info(caption)
        figure += caption
        if children[first + 1 :]:
            figure += nodes.legend("", *children[first + 1 :])
        self.add_name(figure)
        return [figure]


def setup(app):
    app.add_directive("output-figure", OutputFigure)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
