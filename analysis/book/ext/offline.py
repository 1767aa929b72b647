"""Sphinx extension: the published book loads every script and style sheet from its own host.

folium writes CDN addresses for Leaflet into its maps. After the HTML build, this extension
copies the pinned Leaflet (installed by ``npm ci`` from ``package-lock.json`` into
``node_modules/``) to ``_static/vendor/`` and rewrites each CDN address in every page —
including inside the ``srcdoc`` of map iframes — to a path relative to that page. A page
that still refers to a script or style sheet on another host fails the build: so does a
chart that was not drawn when the book was built (altair's own HTML asks a CDN for Vega,
Vega-Lite and vega-embed, which the book no longer serves: its charts are SVG drawn by
:mod:`analysis.figures.charts.drawing`).

The versions must agree: a page that asks for a version of Leaflet other than the one pinned
in ``package.json`` (folium writes the version its maps need) fails the build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

from analysis.data import paths

# CDN address (regular expression) -> file under _static/vendor/
REWRITES = [
    (r"https://cdn\.jsdelivr\.net/npm/leaflet@[0-9.]+/dist/leaflet\.js", "leaflet/leaflet.js"),
    (r"https://cdn\.jsdelivr\.net/npm/leaflet@[0-9.]+/dist/leaflet\.css", "leaflet/leaflet.css"),
]
# node_modules source -> _static/vendor destination
FILES = {
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images": "leaflet/images",
    "leaflet/LICENSE": "leaflet/LICENSE",
}
SERVED = ("leaflet",)
"""The packages the pages load from ``_static/vendor``."""
# The package each CDN address names, and the version it asks for (a prefix: "1" asks for any 1.x.y).
REQUESTED = re.compile(r"https://cdn\.jsdelivr\.net/npm/(leaflet)@([0-9][0-9.]*[0-9]|[0-9])")
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


def pinned_versions(node_modules: Path) -> dict[str, str]:
    """The installed version of each package the pages load, from its ``package.json``.

    Parameters
    ----------
    node_modules : pathlib.Path
        The folder ``npm ci`` installed the packages into.

    Returns
    -------
    dict of str → str
        Package name → version, for the packages of :data:`SERVED` that are installed.
    """
    versions = {}
    for name in SERVED:
        manifest = node_modules / name / "package.json"
        if manifest.exists():
            versions[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return versions


def version_conflicts(text: str, versions: dict[str, str]) -> list[str]:
    """The CDN addresses of a page that ask for a version other than the one served.

    Parameters
    ----------
    text : str
        The HTML of one page.
    versions : dict of str → str
        :func:`pinned_versions`.

    Returns
    -------
    list of str
        ``"<package>@<asked> (served: <version>)"`` for each distinct conflict; a request
        for ``6`` agrees with ``6.4.0``, one for ``6.4.1`` only with ``6.4.1``.
    """
    conflicts = []
    for name, asked in sorted(set(REQUESTED.findall(text))):
        served = versions.get(name)
        if served is None or served.split(".")[: len(asked.split("."))] != asked.split("."):
            conflicts.append(f"{name}@{asked} (served: {served or 'not installed'})")
    return conflicts


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


def rewrite_page(page: Path, outdir: Path, versions: dict[str, str] | None = None) -> int:
    """Rewrite the CDN addresses of one built page in place.

    Parameters
    ----------
    page : pathlib.Path
        An HTML page under ``outdir``.
    outdir : pathlib.Path
        The HTML output folder (holding ``_static/vendor``).
    versions : dict of str → str, optional
        :func:`pinned_versions`; when given, the versions the page asks for are checked.

    Returns
    -------
    int
        The number of addresses replaced.

    Raises
    ------
    sphinx.errors.ExtensionError
        When the page still loads a script or style sheet from another host, or asks for
        a version other than the one served.
    """
    text = page.read_text(encoding="utf-8")
    conflicts = version_conflicts(text, versions) if versions is not None else []
    if conflicts:
        raise ExtensionError(
            f"{page.relative_to(outdir)} asks for {', '.join(conflicts)}: pin those versions in package.json "
            "and run `npm install`"
        )
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
    node_modules = paths.REPO / "node_modules"
    copy_vendor(outdir, node_modules)
    versions = pinned_versions(node_modules)
    for page in sorted(outdir.rglob("*.html")):
        rewrite_page(page, outdir, versions)


def setup(app):
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
