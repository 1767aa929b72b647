"""Sphinx extension: the published book loads every script and style sheet from its own host.

folium and altair write CDN addresses for Leaflet and Vega into their HTML. After the
HTML build, this extension copies the pinned packages (installed by ``npm ci`` from
``package-lock.json`` into ``node_modules/``) to ``_static/vendor/`` and rewrites each
CDN address in every page — including inside the ``srcdoc`` of map iframes — to a path
relative to that page. A page that still refers to a script or style sheet on another
host fails the build.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

from analysis.data import paths

# CDN address (regular expression) -> file under _static/vendor/
REWRITES = [
    (r"https://cdn\.jsdelivr\.net/npm/vega@[0-9.]+(\?noext)?", "vega/vega.min.js"),
    (r"https://cdn\.jsdelivr\.net/npm/vega-lib(\?noext)?", "vega/vega.min.js"),
    (r"https://cdn\.jsdelivr\.net/npm/vega-lite@[0-9.]+(\?noext)?", "vega-lite/vega-lite.min.js"),
    (r"https://cdn\.jsdelivr\.net/npm/vega-embed@[0-9.]+(\?noext)?", "vega-embed/vega-embed.min.js"),
    (r"https://cdn\.jsdelivr\.net/npm/leaflet@[0-9.]+/dist/leaflet\.js", "leaflet/leaflet.js"),
    (r"https://cdn\.jsdelivr\.net/npm/leaflet@[0-9.]+/dist/leaflet\.css", "leaflet/leaflet.css"),
]
# node_modules source -> _static/vendor destination
FILES = {
    "vega/build/vega.min.js": "vega/vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed/vega-embed.min.js",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images": "leaflet/images",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "vega/LICENSE": "vega/LICENSE",
    "vega-lite/LICENSE": "vega-lite/LICENSE",
    "vega-embed/LICENSE": "vega-embed/LICENSE",
}
# Anything that a page would fetch from another host: script or style-sheet addresses.
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*(?:"|'|&quot;)(https?:)?//[^"'&]+\.(?:js|css)""")


def copy_vendor(outdir: Path, node_modules: Path) -> None:
    """Copy the pinned packages into ``<outdir>/_static/vendor``."""
    if not node_modules.is_dir():
        raise ExtensionError(f"{node_modules} is missing: run `npm ci` in {node_modules.parent} (companion book does it)")
    target = outdir / "_static" / "vendor"
    for source, destination in FILES.items():
        origin = node_modules / source
        if not origin.exists():
            raise ExtensionError(f"{origin} is missing: run `npm ci` (package-lock.json pins it)")
        dest = target / destination
        dest.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, dest, dirs_exist_ok=True)
        else:
            shutil.copyfile(origin, dest)


def _title(escaped_twice: str) -> str:
    """The map's alt text, read from inside the iframe's srcdoc, as an attribute value."""
    return html.escape(html.unescape(html.unescape(escaped_twice)), quote=True)


def rewrite_page(page: Path, outdir: Path) -> int:
    """Replace CDN addresses by relative paths in one page; return the number replaced."""
    text = page.read_text(encoding="utf-8")
    prefix = os.path.relpath(outdir / "_static" / "vendor", page.parent).replace(os.sep, "/")
    total = 0
    for pattern, local in REWRITES:
        text, count = re.subn(pattern, f"{prefix}/{local}", text)
        total += count
    # sphinx-thebe (loaded by Jupyter Book, unused here: thebe is off) writes its settings
    # twice, which browsers report as a redeclared constant: keep one copy.
    thebe = re.findall(r"<script>const THEBE_JS_URL[^<]*</script>\n?", text)
    if len(thebe) > 1:
        first = text.index(thebe[0]) + len(thebe[0])
        text = text[:first] + text[first:].replace(thebe[0], "")
        total += 1
    text, named = re.subn(r"<iframe(?![^>]*\btitle=)([^>]*?srcdoc=\"(?:(?!\").)*?&lt;meta name=&quot;description&quot; content=&quot;(.*?)&quot;)",
                          lambda m: f'<iframe title="{_title(m.group(2))}"{m.group(1)}', text, flags=re.S)
    total += named
    # The theme loads FontAwesome twice: as a web font through its style sheet, and as a
    # 1.5 MB script that swaps each icon for an SVG. The web font alone draws the icons,
    # so the script is dropped: every page is about 1.5 MB lighter.
    text, dropped = re.subn(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?', "", text)
    total += dropped
    # The citation list of the bibliography is marked role="list" without list items.
    text, fixed = re.subn(r'<div role="list" class="citation-list">', '<div class="citation-list">', text)
    total += fixed
    leftover = EXTERNAL_ASSET.search(text)
    if leftover:
        raise ExtensionError(f"{page.relative_to(outdir)} still loads an asset from another host: {leftover.group(0)[:120]}")
    if total:
        page.write_text(text, encoding="utf-8")
    return total


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    copy_vendor(outdir, paths.REPO / "node_modules")
    for page in sorted(outdir.rglob("*.html")):
        rewrite_page(page, outdir)


def setup(app):
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
