"""Markup shared by the numbered figures and tables: MyST for the book, HTML for Jupyter.

A figure or table of the book is displayed as one output with two forms:

* ``text/markdown``: MyST that the book parses (the HTML builder prefers it, see
  ``nb_mime_priority_overrides`` in ``_config.yml``), so that Sphinx numbers the figure
  or table and ``{numref}`` can cite it;
* ``text/html``: the same content for Jupyter, which does not know MyST.

Text from the data is escaped for where it lands with :mod:`analysis.figures.escape`:
:func:`~analysis.figures.escape.markdown_text` in MyST (so that a name with ``*`` or a
backtick stays text), :func:`~analysis.figures.escape.html_text` in HTML.
"""

from __future__ import annotations

import re

from analysis.i18n import N_, _


def fence(content: str, minimum: int = 3) -> str:
    """A run of backticks longer than any run inside ``content`` (a safe MyST fence).

    Parameters
    ----------
    content : str
    minimum : int, default 3

    Returns
    -------
    str
    """
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    return "`" * max(minimum, longest + 1)


def directive(name: str, argument: str = "", options: dict[str, str] | None = None, body: str = "") -> str:
    """A fenced MyST directive whose fence is longer than any fence in its body.

    Parameters
    ----------
    name : str
        The directive (e.g. ``"list-table"``).
    argument : str, default ""
        Its argument, on the first line (already escaped).
    options : dict of str → str, optional
        ``:key: value`` lines.
    body : str, default ""
        Its content (already MyST).

    Returns
    -------
    str
    """
    marks = fence(body)
    lines = [f"{marks}{{{name}}}{(' ' + argument) if argument else ''}"]
    lines += [f":{key}: {value}" for key, value in (options or {}).items()]
    if body:
        lines += ["", body]
    lines.append(marks)
    return "\n".join(lines)


PLACEHOLDER_NAMES = {"Nouveau toponyme à venir": N_("(MRC name pending in the MAMH register)")}
"""Placeholders of the official registers, shown as what they mean: the MAMH register gives
"Nouveau toponyme à venir" ("new name to come") as the name of an MRC awaiting its name."""


def readable(value: object) -> object:
    """A register placeholder replaced by what it means (:data:`PLACEHOLDER_NAMES`); anything else unchanged.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
    """
    if isinstance(value, str) and value in PLACEHOLDER_NAMES:
        return _(PLACEHOLDER_NAMES[value])
    return value
