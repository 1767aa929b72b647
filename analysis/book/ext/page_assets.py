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
"""

from __future__ import annotations

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


def setup(app):
    app.connect("config-inited", config_inited)
    app.connect("html-page-context", html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
