"""Headline results: glued under stable names in the chapters, collected as JSON.

``record(name, value)`` glues a value (myst-nb) so that the prose can cite it with
``{glue:text}`` and so that ``companion results`` and the rerun report can find it. The
names are stable: ``<chapter>.<what>`` (e.g. ``ch4.cell_count.exclusion``).
"""

from __future__ import annotations

import ast
import json
import math
import re
from pathlib import Path

NAME = re.compile(r"^ch\d\.[a-z0-9_.\-]+$")
RECORDED: dict[str, object] = {}  # what this kernel has recorded, for the chapter's summary table


def record(name: str, value: object, digits: int | None = None, display: bool = False):
    """Glue a headline result under a stable name, for the prose and for ``companion results``.

    Parameters
    ----------
    name : str
        ``ch<N>.<what>``, lower case (e.g. ``ch4.default.entities.exclusion``).
    value : int, float, str or bool (numpy scalars accepted)
        The full-precision value computed by an analysis.
    digits : int, optional
        Round a float to this many decimals for the text (``0`` gives an integer).
        Rounding happens here, where text is made, never inside the analyses. A missing
        value (NaN) stays missing: the page writes it as missing ("not available in these
        data" in a rerun's book) instead of the chapter failing.
    display : bool, default False
        Also display the value in the cell's output.

    Returns
    -------
    int, float, str or bool
        The value as glued (a Python scalar; rounded when ``digits`` is given and the
        value is a float). It is also kept in ``RECORDED`` for :func:`headline`.

    Raises
    ------
    ValueError
        When ``name`` does not look like ``ch4.something``.
    """
    from myst_nb import glue

    if not NAME.match(name):
        raise ValueError(f"result name {name!r} must look like 'ch4.something'")
    if hasattr(value, "item"):
        value = value.item()
    if digits is not None and isinstance(value, float) and not math.isnan(value):
        value = round(value, digits) if digits > 0 else int(round(value))
    glue(name, value, display=display)
    RECORDED[name] = value
    return value


def headline(prefix: str) -> str:
    """The results recorded so far whose names start with ``prefix``, one per line, sorted.

    Chapters print this in a cell marked ``# NBVAL_CHECK_OUTPUT``, so that a change in
    any headline number fails nbval until the stored output is refreshed on purpose.

    Parameters
    ----------
    prefix : str
        E.g. ``"ch4."``.

    Returns
    -------
    str
        ``name  value`` lines, names padded to one width; empty when nothing matches.
    """
    rows = [(name, value) for name, value in sorted(RECORDED.items()) if name.startswith(prefix)]
    width = max((len(name) for name, _ in rows), default=0)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text.strip("'\"")


def collect(book_dir: Path) -> dict:
    """Every glued result of an executed book, by name.

    myst-nb writes the glued values of each executed chapter to
    ``<book>/_build/jupyter_execute/<chapter>.glue.json``; values are read back from their
    plain-text form (numbers as numbers, text as text).

    Parameters
    ----------
    book_dir : pathlib.Path
        The folder holding ``_build/`` (the repository, or the ``--path-output`` of a
        build).

    Returns
    -------
    dict of str → object
        Result name → value, sorted by name; empty when the book has not been executed.
    """
    folder = Path(book_dir) / "_build" / "jupyter_execute"
    results: dict = {}
    for path in sorted(folder.rglob("*.glue.json")):
        for name, output in json.loads(path.read_text(encoding="utf-8")).items():
            data = output.get("data", {})
            text = data.get("text/plain")
            if text is None:
                continue
            results[name] = _value(text if isinstance(text, str) else "".join(text))
    return dict(sorted(results.items()))
