"""Sphinx extension: the published book loads every script and style sheet from its own host.

folium and altair write CDN addresses for Leaflet and Vega into their HTML. After the
HTML build, this extension copies the pinned packages (installed by ``npm ci`` from
``package-lock.json`` into ``node_modules/``) to ``_static/vendor/`` and rewrites each
CDN address in every page — including inside the ``srcdoc`` of map iframes — to a path
relative to that page. A page that still refers to a script or style sheet on another
host fails the build.
"""

from __future__ import annotations

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
        raise ExtensionError(
            f"{node_modules} is missing: run `npm ci` in {node_modules.parent} (companion book does it)"
        )
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


def rewrite_text(text: str, prefix: str) -> tuple[str, int]:
    """Replace every known CDN address in ``text`` by ``<prefix>/<file>``.

    Parameters
    ----------
    text : str
        The HTML of one page.
    prefix : str
        The path from the page to ``_static/vendor`` (e.g. ``../../_static/vendor``).

    Returns
    -------
    (str, int)
        The rewritten HTML and the number of addresses replaced.
    """
    total = 0
    for pattern, local in REWRITES:
        text, count = re.subn(pattern, f"{prefix}/{local}", text)
        total += count
    return text, total


def external_asset(text: str) -> str | None:
    """The first script or style-sheet address on another host in ``text``, or ``None``."""
    found = EXTERNAL_ASSET.search(text)
    return found.group(0) if found else None


def rewrite_page(page: Path, outdir: Path) -> int:
    """Rewrite the CDN addresses of one built page in place.

    Parameters
    ----------
    page : pathlib.Path
        An HTML page under ``outdir``.
    outdir : pathlib.Path
        The HTML output folder (holding ``_static/vendor``).

    Returns
    -------
    int
        The number of addresses replaced.

    Raises
    ------
    sphinx.errors.ExtensionError
        When the page still loads a script or style sheet from another host.
    """
    text = page.read_text(encoding="utf-8")
    prefix = os.path.relpath(outdir / "_static" / "vendor", page.parent).replace(os.sep, "/")
    text, total = rewrite_text(text, prefix)
    leftover = external_asset(text)
    if leftover:
        raise ExtensionError(f"{page.relative_to(outdir)} still loads an asset from another host: {leftover[:120]}")
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
