"""Sphinx extension: the matrix explorer's script and styles load on the pages that hold an explorer, and only there.

Jupyter Book adds every ``.js`` and ``.css`` file found under ``_static/`` to every page.
The explorer's files (``_static/explorer/``) and the Leaflet library it draws its map
with are only needed where an explorer element (``data-explorer``, written by
:mod:`analysis.figures.explorer`) is on the page, so this extension takes the
explorer's files off the global lists and adds them, with Leaflet from
``_static/vendor/`` (:mod:`analysis.book.ext.offline`), to those pages alone.
"""

from __future__ import annotations

FOLDER = "explorer/"
"""The explorer's files under ``_static/``."""
SCRIPTS = ("vendor/leaflet/leaflet.js", "explorer/explorer.js")
"""Scripts of a page holding an explorer, in order (both deferred, so they run in order after parsing)."""
STYLES = ("vendor/leaflet/leaflet.css", "explorer/explorer.css")
"""Style sheets of a page holding an explorer."""
MARKER = "data-explorer"
"""The attribute of the explorer's element in the page body."""


def _path(entry) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else str(entry)


def without_folder(entries: list, folder: str) -> list:
    """``html_js_files`` or ``html_css_files`` without the files under one folder of ``_static``.

    Parameters
    ----------
    entries : list
        File names (or ``(name, attributes)`` pairs) relative to ``_static``.
    folder : str
        The folder, with its trailing slash (``"explorer/"``).

    Returns
    -------
    list
        The same entries, less those under ``folder``.
    """
    return [entry for entry in entries if not _path(entry).startswith(folder)]


def without_explorer_files(entries: list) -> list:
    """``html_js_files`` or ``html_css_files`` without the explorer's own files (:func:`without_folder`)."""
    return without_folder(entries, FOLDER)


def config_inited(app, config) -> None:
    config.html_js_files = without_explorer_files(list(config.html_js_files))
    config.html_css_files = without_explorer_files(list(config.html_css_files))


def html_page_context(app, pagename, templatename, context, doctree) -> None:
    if MARKER not in context.get("body", ""):
        return
    for style in STYLES:
        app.add_css_file(style)
    for script in SCRIPTS:
        app.add_js_file(script, defer="defer")


def setup(app):
    app.connect("config-inited", config_inited)
    app.connect("html-page-context", html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
