"""Sphinx extension: small repairs to the HTML that Jupyter Book's theme writes.

Each repair is one function on a page's HTML (returning the new text and how many
changes it made), with the upstream behaviour it works around; each has a unit test on
an HTML string, so a theme update that changes the markup shows up as a failing test,
not as a silent no-op.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path


def one_thebe_config(text: str) -> tuple[str, int]:
    """Keep one copy of sphinx-thebe's settings script.

    sphinx-thebe (loaded by Jupyter Book even with thebe off) writes
    ``<script>const THEBE_JS_URL …</script>`` twice, which browsers report as a
    redeclared constant.
    """
    thebe = re.findall(r"<script>const THEBE_JS_URL[^<]*</script>\n?", text)
    if len(thebe) < 2:
        return text, 0
    first = text.index(thebe[0]) + len(thebe[0])
    return text[:first] + text[first:].replace(thebe[0], ""), len(thebe) - 1


def _attribute(escaped_twice: str) -> str:
    return html.escape(html.unescape(html.unescape(escaped_twice)), quote=True)


def titled_map_frames(text: str) -> tuple[str, int]:
    """Give each folium map's ``<iframe>`` a ``title`` (its alt text), as accessibility checks require.

    folium writes the map into the iframe's ``srcdoc``; the map's description, a
    ``<meta name="description">`` inside it (escaped twice there), becomes the title.
    """
    return re.subn(
        r"<iframe(?![^>]*\btitle=)([^>]*?srcdoc=\"(?:(?!\").)*?&lt;meta name=&quot;description&quot; content=&quot;(.*?)&quot;)",
        lambda m: f'<iframe title="{_attribute(m.group(2))}"{m.group(1)}',
        text,
        flags=re.S,
    )


def no_fontawesome_script(text: str) -> tuple[str, int]:
    """Drop the theme's 1.5 MB FontAwesome script.

    pydata-sphinx-theme loads FontAwesome twice: as a web font through its style sheet
    and as a script that swaps each icon for an SVG. The web font alone draws the icons.
    """
    return re.subn(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?', "", text)


def citation_list_role(text: str) -> tuple[str, int]:
    """Remove ``role="list"`` from sphinxcontrib-bibtex's citation list, which has no list items."""
    return re.subn(r'<div role="list" class="citation-list">', '<div class="citation-list">', text)


FIXES: tuple[Callable[[str], tuple[str, int]], ...] = (
    one_thebe_config,
    titled_map_frames,
    no_fontawesome_script,
    citation_list_role,
)


def fix_text(text: str) -> tuple[str, int]:
    """Apply every repair of :data:`FIXES` to one page's HTML; return the text and the number of changes."""
    total = 0
    for fix in FIXES:
        text, count = fix(text)
        total += count
    return text, total


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in sorted(Path(app.outdir).rglob("*.html")):
        text, count = fix_text(page.read_text(encoding="utf-8"))
        if count:
            page.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
