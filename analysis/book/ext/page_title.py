"""Sphinx extension: no doubled title in the browser tab of the home page.

Sphinx's page template writes each tab title as "<page title> — <book title>". The
introduction's title is the book's own, so its tab read "Connection, not proximity —
Connection, not proximity". After the HTML build, a ``<title>`` whose two halves are the
same keeps one. (The template takes the suffix from ``docstitle``, which the theme also
uses for the book's name in the navigation, so the title is mended in the written page.)
"""

from __future__ import annotations

import re
from pathlib import Path

DOUBLED = re.compile(r"<title>(?P<title>[^<]*?) &#8212; (?P=title)</title>")


def single_title(text: str) -> tuple[str, int]:
    """Turn ``<title>X &#8212; X</title>`` into ``<title>X</title>`` in a page's HTML.

    Parameters
    ----------
    text : str
        The HTML of one page.

    Returns
    -------
    (str, int)
        The HTML and the number of titles mended (0 or 1).
    """
    return DOUBLED.subn(r"<title>\g<title></title>", text)


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in sorted(Path(app.outdir).rglob("*.html")):
        text, count = single_title(page.read_text(encoding="utf-8"))
        if count:
            page.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
