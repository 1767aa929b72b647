"""Sphinx extension: a page loads a feature's scripts and style sheets only when it uses the feature.

Jupyter Book adds every ``.js`` and ``.css`` file under ``_static/`` to every page, and its
default extensions add their own files to every page too, whether the page uses them or
not. Each byte counts on a phone (the budget of issue 15: a chapter page with all it
loads under 250 KB gzip), so:

- the charts' tooltip script (``_static/charts/``) is taken off the global lists and added
  to the pages that hold a chart drawn by :mod:`analysis.figures.charts.drawing`;
- sphinx-design's style sheet and tab script load only on a page that uses one of its
  components (an ``sd-`` class in the page body: none does today);
- sphinx-thebe's script, style sheet and settings load nowhere: the book turns Thebe off
  (``launch_buttons.thebe: false`` in ``_config.yml``), but Jupyter Book loads it anyway.

The explorer's own files follow the same rule in :mod:`analysis.book.ext.explorer`.

It also makes a page's charts send each tooltip column once (:func:`pool_tips`): chapter 3's
two thousand-point scatters show the same names, regions, populations and education scores.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from analysis.book.ext.explorer import without_folder

CHARTS_FOLDER = "charts/"
"""The charts' files under ``_static/``."""
CHARTS_SCRIPT = "charts/companion-charts.js"
CHART_MARKER = 'class="companion-drawing"'
"""What a page body holding a chart contains."""
DESIGN_FILES = frozenset({"sphinx-design.min.css", "design-tabs.js"})
DESIGN_MARKER = "sd-"
THEBE_FILES = frozenset({"sphinx-thebe.js", "sphinx-thebe.css"})
THEBE_SETTINGS = "THEBE_JS_URL"


def without_chart_files(entries: list) -> list:
    """``html_js_files`` or ``html_css_files`` without the charts' own files (under ``charts/``)."""
    return without_folder(entries, CHARTS_FOLDER)


def unused(entries: list, body: str) -> list:
    """The entries of a page's script or style list that the page does not use.

    Parameters
    ----------
    entries : list
        Sphinx's ``script_files`` or ``css_files`` of the page (objects with a ``filename``
        and ``attributes``, or plain names).
    body : str
        The page body's HTML.

    Returns
    -------
    list
        sphinx-thebe's files and settings always; sphinx-design's files unless ``body``
        uses an ``sd-`` class.
    """
    dropped = []
    for entry in entries:
        name = PurePosixPath(str(getattr(entry, "filename", None) or entry).split("?")[0]).name
        settings = str(getattr(entry, "attributes", {}).get("body", "") or "")
        if name in THEBE_FILES or THEBE_SETTINGS in settings or name in DESIGN_FILES and DESIGN_MARKER not in body:
            dropped.append(entry)
    return dropped


TIP_COLUMN_CLASS = "companion-tip-column"
"""Class of the ``<script type="application/json">`` elements that hold the tooltip columns of
the charts (written by :mod:`analysis.figures.charts.drawing`, which uses the same name)."""
TIP_COLUMN = re.compile(rf'<script type="application/json" class="{TIP_COLUMN_CLASS}">(.*?)</script>', re.S)


def pool_tips(body: str) -> str:
    """A page body whose charts send every tooltip column once.

    Each chart drawn at build time carries its marks' tooltips as columns of values, each in
    its own ``<script type="application/json" class="companion-tip-column">``
    (:func:`analysis.figures.charts.drawing.tip_table`). A column equal, character for
    character, to one before it on the page is emptied and names that one by its place among
    the page's columns (``data-same="3"``); ``_static/charts/companion-charts.js`` reads it
    there. Chapter 3's two thousand-point scatters share their names, regions, populations
    and education scores this way. Nothing is parsed or rewritten: the JSON stays as the
    chart wrote it (escaped for ``<script>``).

    Parameters
    ----------
    body : str
        The page body's HTML.

    Returns
    -------
    str
        The body, with every repeated tooltip column replaced by a reference.
    """
    first: dict[str, int] = {}
    count = 0

    def share(match: re.Match) -> str:
        nonlocal count
        place, count = count, count + 1
        text = match.group(1)
        if text in first:
            return f'<script type="application/json" class="{TIP_COLUMN_CLASS}" data-same="{first[text]}"></script>'
        first[text] = place
        return match.group(0)

    return TIP_COLUMN.sub(share, body)


def config_inited(app, config) -> None:
    config.html_js_files = without_chart_files(list(config.html_js_files))
    config.html_css_files = without_chart_files(list(config.html_css_files))


def html_page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            for entry in unused(files, body):
                files.remove(entry)
    if CHART_MARKER in body:
        app.add_js_file(CHARTS_SCRIPT, loading_method="defer")
        context["body"] = pool_tips(body)


def setup(app):
    app.connect("config-inited", config_inited)
    app.connect("html-page-context", html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
