"""Maintenance of the chapter notebooks (for authors, not for readers).

    python -m analysis.book.devtools refresh book/chapters/*.ipynb   # execute, store headline outputs
    python -m analysis.book.devtools clean book/chapters/*.ipynb     # strip timings and stray outputs
    python -m analysis.book.devtools tag book/chapters/*.ipynb       # tag cells for readers (prose first)

``refresh`` executes each chapter and stores the outputs of the cells marked
``# NBVAL_CHECK_OUTPUT`` (the cells that print headline results), and only those: nbval
compares them with a fresh run in the test suite, while maps, charts and other outputs
are produced by the book build and never committed.

``tag`` applies the "prose first" convention (ARCHITECTURE.md, "How a chapter shows
things") and can be run again after any edit; it changes only the tags it manages:

* a cell that shows nothing (imports, ``record(...)`` calls, hidden assertions) and a
  headline-check cell (``# NBVAL_CHECK_OUTPUT``, still checked by nbval) → ``remove-cell``;
* a cell that shows a figure or a table → ``hide-input`` (the code is one click away);
* a code cell of a solution (between ``{solution-start}`` and ``{solution-end}``) keeps
  its code visible: the solution is a fold-out, and its code is what students read
  (a cell there that only asserts, a hidden guard, is still removed);
* a cell tagged ``show-input`` by its author keeps its code visible.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK = "NBVAL_CHECK_OUTPUT"
MANAGED_TAGS = ("remove-cell", "hide-input", "remove-input")
"""The tags ``tag`` sets; every other tag of a cell is left as it is."""
SHOW_INPUT = "show-input"
"""A tag an author puts on a cell whose code readers should see without a click."""
QUIET_CALLS = ("record", "record_interval")
"""Functions whose value, when a cell ends with them, is not meant to be shown."""


def is_checked(cell) -> bool:
    """True for a code cell whose first line is ``# NBVAL_CHECK_OUTPUT`` (a headline-results cell)."""
    return cell.cell_type == "code" and cell.source.lstrip().startswith(f"# {CHECK}")


def clean(notebook) -> int:
    """Strip what a review should not see: outputs of unchecked cells, timings, the interpreter version.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed chapter, changed in place.

    Returns
    -------
    int
        The number of checked cells, whose outputs and execution counts are kept (nbval
        needs both to compare them with a fresh run).
    """
    checked = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # nbclient's timing record
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            checked += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    notebook.metadata.get("language_info", {}).pop("version", None)
    return checked


def refresh(path: Path, timeout: int = 600) -> int:
    """Execute a chapter and store only its checked cells' outputs.

    Parameters
    ----------
    path : pathlib.Path
        A chapter notebook (``book/chapters/NN-name.ipynb``), rewritten in place.
    timeout : int, default 600
        Seconds allowed per cell.

    Returns
    -------
    int
        The number of checked cells.
    """
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    checked = clean(notebook)
    nbformat.write(notebook, path)
    return checked


def _called(node: ast.AST) -> str:
    """The name of the function a call expression calls (``record`` for ``results.record(...)``)."""
    if isinstance(node, ast.Call):
        function = node.func
        if isinstance(function, ast.Attribute):
            return function.attr
        if isinstance(function, ast.Name):
            return function.id
    return ""


def shows_something(source: str) -> bool:
    """True when a code cell displays something: a last expression, or a ``print``/``display`` call.

    A last expression ending with ``;`` or calling :data:`QUIET_CALLS` shows nothing.

    Parameters
    ----------
    source : str
        The cell's code.

    Returns
    -------
    bool
        True also when the code cannot be parsed (better visible than lost).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True
    if any(_called(node) in ("print", "display") for node in ast.walk(tree)):
        return True
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    if source.rstrip().endswith(";"):
        return False
    return _called(tree.body[-1].value) not in QUIET_CALLS


def shown_by(source: str) -> str:
    """The function whose value a cell shows (its last expression's call), or "" for anything else.

    Parameters
    ----------
    source : str

    Returns
    -------
    str
        E.g. ``"figure"`` or ``"table"``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        return _called(tree.body[-1].value)
    return ""


def solution_cells(notebook) -> set[int]:
    """Indices of the code cells inside gated solutions (``{solution-start}`` … ``{solution-end}``).

    Parameters
    ----------
    notebook : nbformat.NotebookNode

    Returns
    -------
    set of int
    """
    inside, found = False, set()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = "{solution-start}" in cell.source.split("{solution-end}")[-1]
        elif inside:
            found.add(index)
    return found


def asserts_something(source: str) -> bool:
    """True when a cell holds an ``assert`` statement (a guard of the claims in the prose).

    Parameters
    ----------
    source : str

    Returns
    -------
    bool
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def expected_tags(cell, in_solution: bool) -> set[str]:
    """The managed tags a code cell should carry under the "prose first" convention.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A code cell.
    in_solution : bool
        Whether the cell is inside a gated solution.

    Returns
    -------
    set of str
        A subset of :data:`MANAGED_TAGS` (empty: the code stays visible).
    """
    if is_checked(cell):
        return {"remove-cell"}
    tags = set(cell.metadata.get("tags", []))
    shows = shows_something(cell.source)
    if in_solution or SHOW_INPUT in tags:
        return {"remove-cell"} if not shows and asserts_something(cell.source) else set()
    return {"hide-input"} if shows else {"remove-cell"}


def tag(notebook) -> int:
    """Tag every code cell of a chapter by :func:`expected_tags`, keeping tags it does not manage.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A chapter, changed in place.

    Returns
    -------
    int
        The number of cells whose tags changed (0 when the chapter already follows the
        convention: running ``tag`` twice changes nothing).
    """
    solutions = solution_cells(notebook)
    changed = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        current = list(cell.metadata.get("tags", []))
        kept = [t for t in current if t not in MANAGED_TAGS]
        wanted = kept + [t for t in MANAGED_TAGS if t in expected_tags(cell, index in solutions)]
        if wanted != current:
            changed += 1
            if wanted:
                cell.metadata["tags"] = wanted
            else:
                cell.metadata.pop("tags", None)
    return changed


def main(argv: list[str]) -> int:
    """``refresh``, ``clean`` or ``tag`` each notebook named in ``argv``; 2 on a usage error."""
    if len(argv) < 2 or argv[0] not in ("refresh", "clean", "tag"):
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv[1:]:
        path = Path(name)
        if argv[0] == "refresh":
            count = refresh(path)
            print(f"{name}: stored the outputs of {count} checked cell(s)")
        elif argv[0] == "tag":
            notebook = nbformat.read(path, as_version=4)
            count = tag(notebook)
            if count:
                nbformat.write(notebook, path)
            print(f"{name}: {count} cell(s) tagged")
        else:
            notebook = nbformat.read(path, as_version=4)
            before = nbformat.writes(notebook)
            clean(notebook)
            if nbformat.writes(notebook) != before:
                nbformat.write(notebook, path)
                print(f"{name}: cleaned")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
