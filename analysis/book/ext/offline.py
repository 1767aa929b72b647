"""Sphinx extension: the published book loads every script and style sheet from its own host.

folium and altair write CDN addresses for Leaflet and Vega into their HTML. After the
HTML build, this extension copies the pinned packages (installed by ``npm ci`` from
``package-lock.json`` into ``node_modules/``) to ``_static/vendor/`` and rewrites each
CDN address in every page — including inside the ``srcdoc`` of map iframes — to a path
relative to that page. A page that still refers to a script or style sheet on another
host fails the build.

The versions must agree: a page that asks for a version of Vega, Vega-Lite, vega-embed or
Leaflet other than the one pinned in ``package.json`` (altair and folium write the
versions their specs and maps need) fails the build, and so does a bundle that reports
another version than its package (the published ``vega@6.3.0`` bundle reports 5.33.1,
which makes vega-embed warn on every chart that "the compiled spec uses Vega v6").
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
# The package each CDN address names, and the version it asks for (a prefix: "6" asks for any 6.x.y).
REQUESTED = re.compile(r"https://cdn\.jsdelivr\.net/npm/(vega|vega-lite|vega-embed|leaflet)@([0-9][0-9.]*[0-9]|[0-9])")
# How each bundle states its own version.
BUNDLE_VERSION = {"vega": ("vega/build/vega.min.js", re.compile(r'\bversion="([0-9][^"]*)"'))}
# Anything that a page would fetch from another host: script or style-sheet addresses.
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*(?:"|'|&quot;)(https?:)?//[^"'&]+\.(?:js|css)""")


def copy_vendor(outdir: Path, node_modules: Path) -> None:
    """Copy the pinned packages into ``<outdir>/_static/vendor``."""
    if not node_modules.is_dir():
        raise ExtensionError(
            f"{node_modules} is missing: run `npm ci` in {node_modules.parent} (companion book does it)"
        )
    mismatches = bundle_mismatches(node_modules)
    if mismatches:
        raise ExtensionError("; ".join(mismatches) + ": pin a release whose bundle reports its own version")
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
        Package name → version, for the packages installed among ``vega``, ``vega-lite``,
        ``vega-embed`` and ``leaflet``.
    """
    versions = {}
    for name in ("vega", "vega-lite", "vega-embed", "leaflet"):
        manifest = node_modules / name / "package.json"
        if manifest.exists():
            versions[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return versions


def bundle_mismatches(node_modules: Path) -> list[str]:
    """Bundles whose own version string differs from their package's version.

    Parameters
    ----------
    node_modules : pathlib.Path

    Returns
    -------
    list of str
        ``"<file> reports X but the package is Y"`` for each such bundle; empty when all agree.
    """
    problems = []
    versions = pinned_versions(node_modules)
    for name, (file, pattern) in BUNDLE_VERSION.items():
        bundle = node_modules / file
        if name not in versions or not bundle.exists():
            continue
        found = pattern.search(bundle.read_text(encoding="utf-8", errors="replace"))
        reported = found.group(1) if found else "no version"
        if reported != versions[name]:
            problems.append(f"{file} reports {reported} but the package is {name} {versions[name]}")
    return problems


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
