"""Sphinx extension: the student edition publishes no solution anywhere, and says it is one.

With ``companion_student = True`` (set by ``companion book --student`` through the
``COMPANION_STUDENT`` environment variable):

* every sphinx-exercise solution — the dropdown ``{solution}`` blocks and the gated
  ``{solution-start}`` … ``{solution-end}`` blocks with their executed code cells — is
  removed from the document before it is written, so the solutions are absent from the
  pages and from the search index built from them, not hidden by CSS;
* the page sources Sphinx publishes under ``_sources/`` (the notebooks and Markdown files
  behind each page's download button) are replaced by copies without solutions
  (:func:`strip_notebook`, :func:`strip_markdown`), and so are the executed notebooks of
  ``_build/jupyter_execute``: students download notebooks that hold every exercise and no
  solution;
* every page carries a "Student edition" banner and the book's title says so.

The exercises stay.

sphinx-exercise's own ``hide_solutions`` option is not used: it leaves an orphan
``solution_end_node`` for gated solutions, which crashes the HTML writer
(executablebooks/sphinx-exercise#89), and it does not touch the page sources. Switch to it
for the pages once that issue is fixed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from sphinx_exercise.nodes import solution_node

from analysis.i18n import N_, _

BANNER = N_(
    "Student edition: every exercise, without the answers. Teachers build the full edition with "
    "<code>companion book</code>."
)
TITLE_SUFFIX = N_(" (student edition)")

_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[\w:-]+)\}")


class _Stripper:
    """Line by line through MyST text, dropping solution blocks; the gated state carries across cells."""

    def __init__(self) -> None:
        self.gated = False  # between {solution-start} and {solution-end}
        self.closing: str | None = None  # the fence that ends the block being dropped
        self.ends_gate = False  # the block being dropped is a {solution-end}

    def _closes(self, line: str) -> bool:
        fence = self.closing or ""
        stripped = line.strip()
        return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)

    def lines(self, text: str) -> list[str]:
        kept = []
        for line in text.splitlines(keepends=True):
            if self.closing is not None:  # inside a solution directive: drop through its closing fence
                if self._closes(line):
                    self.closing = None
                    if self.ends_gate:
                        self.gated, self.ends_gate = False, False
                continue
            opener = _FENCE.match(line)
            name = opener.group("name") if opener else ""
            if name in ("solution", "solution-start", "solution-end"):
                self.closing = opener.group("fence")
                self.ends_gate = name == "solution-end"
                if name == "solution-start":
                    self.gated = True
                continue
            if not self.gated:
                kept.append(line)
        return kept


def strip_markdown(text: str) -> str:
    """MyST Markdown without its solutions.

    Parameters
    ----------
    text : str
        A MyST document (or the Markdown of a notebook, cells joined).

    Returns
    -------
    str
        The text without any ``{solution}`` directive block, and without everything from
        a ``{solution-start}`` block through the matching ``{solution-end}`` block
        (backtick or colon fences of any length).
    """
    return "".join(_Stripper().lines(text))


def strip_notebook(notebook: dict) -> dict:
    """A notebook (its JSON) without its solutions.

    Parameters
    ----------
    notebook : dict
        The notebook as read by :func:`json.loads` (nbformat 4).

    Returns
    -------
    dict
        A copy whose Markdown cells lose their solution blocks, whose cells between a
        ``{solution-start}`` and its ``{solution-end}`` (code cells included) are left out,
        and whose Markdown cells left empty are dropped. Other cells are unchanged.
    """
    stripper = _Stripper()
    cells = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            kept = "".join(stripper.lines(text))
            if kept.strip():
                cells.append({**cell, "source": kept})
        elif not stripper.gated:
            cells.append(cell)
    return {**notebook, "cells": cells}


def strip_file(path: Path) -> bool:
    """Rewrite one published source (``.ipynb``, ``.md`` or ``.txt``) without its solutions.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    bool
        Whether the file changed.
    """
    text = path.read_text(encoding="utf-8")
    if ".ipynb" in path.suffixes:  # also the "page.ipynb.txt" of a book with html_sourcelink_suffix
        stripped = json.dumps(strip_notebook(json.loads(text)), ensure_ascii=False, indent=1) + "\n"
        changed = json.loads(stripped) != json.loads(text)
    else:
        stripped = strip_markdown(text)
        changed = stripped != text
    if changed:
        path.write_text(stripped, encoding="utf-8")
    return changed


def remove_solutions(app, doctree, docname) -> None:
    if not app.config.companion_student:
        return
    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def config_inited(app, config) -> None:
    if not config.companion_student:
        return
    config.html_title = (config.html_title or config.project or "") + _(TITLE_SUFFIX)
    options = dict(config.html_theme_options or {})
    options["announcement"] = _(BANNER)
    config.html_theme_options = options


def build_finished(app, exception) -> None:
    if exception is not None or not app.config.companion_student or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    folders = [outdir / "_sources", outdir.parent / "jupyter_execute"]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix in (".ipynb", ".md", ".txt") and not path.name.endswith(".glue.json"):
                strip_file(path)


def setup(app):
    app.add_config_value("companion_student", os.environ.get("COMPANION_STUDENT") == "1", "env")
    app.connect("config-inited", config_inited)
    app.connect("doctree-resolved", remove_solutions)
    app.connect("build-finished", build_finished)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
