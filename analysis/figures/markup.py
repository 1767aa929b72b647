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


READABLE = {
    # placeholders of the official registers: the MAMH register gives "Nouveau toponyme à venir"
    # ("new name to come") as the name of an MRC awaiting its name
    "Nouveau toponyme à venir": N_("(MRC name pending in the MAMH register)"),
    # distances (data/case/distances.csv, measure)
    "straight_line": N_("straight line"),
    "road": N_("road distance"),
    "travel_time": N_("travel time"),
    "unstated": N_("not stated"),
    # figures quoted with a qualifier (as published)
    "more_than": N_("more than"),
    # kinds of population figures
    "historical": N_("historical"),
    "estimate": N_("estimate"),
    "census": N_("census"),
    "decree": N_("decree"),
    # levels and directions of diffusion channels
    "local": N_("local"),
    "regional": N_("regional"),
    "national": N_("national"),
    "federal": N_("federal"),
    "international": N_("international"),
    "upward": N_("upward"),
    "horizontal": N_("horizontal"),
    "downward": N_("downward"),
    # diffusion channels
    "person": N_("person"),
    "advocacy": N_("advocacy"),
    "citation": N_("citation"),
    "research": N_("research"),
    "showcase": N_("showcase"),
    "programme_report": N_("programme report"),
    "programme_project": N_("programme project"),
    "legislative_brief": N_("legislative brief"),
    "study_visit": N_("study visit"),
    "training_event": N_("training event"),
    "lecture": N_("lecture"),
    "network": N_("network"),
    "exchange": N_("exchange"),
    "recognition": N_("recognition"),
    "legal_constraint": N_("legal constraint"),
    # kinds of national-effect items (the others are above)
    "study": N_("study"),
    "press": N_("press"),
    "book": N_("book"),
    "documentary": N_("documentary"),
}
"""Values of the data written as what they mean, in the active language: placeholders of the
official registers, and the codes of the case tables' coded columns (``analysis.data.schemas``:
``DISTANCE_MEASURES``, ``DIFFUSION_LEVELS``, ``DIFFUSION_DIRECTIONS``, ``DIFFUSION_CHANNELS``, the
population kinds and qualifiers). A table's text cell or column header, or a chart's category,
that is one of these shows its label."""


def readable(value: object) -> object:
    """A value of the data as words in the active language (:data:`READABLE`); anything else unchanged.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
    """
    if isinstance(value, str) and value in READABLE:
        return _(READABLE[value])
    return value
