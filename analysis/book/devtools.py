"""Maintenance of the chapter notebooks (for authors, not for readers).

    python -m analysis.book.devtools refresh book/chapters/*.ipynb   # execute, store headline outputs
    python -m analysis.book.devtools clean book/chapters/*.ipynb     # strip timings and stray outputs

Executes each chapter and stores the outputs of the cells marked ``# NBVAL_CHECK_OUTPUT``
(the cells that print headline results), and only those: nbval compares them with a
fresh run in the test suite, while maps, charts and other outputs are produced by the
book build and never committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK = "NBVAL_CHECK_OUTPUT"


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


def main(argv: list[str]) -> int:
    """``refresh`` or ``clean`` each notebook named in ``argv``; 2 on a usage error."""
    if len(argv) < 2 or argv[0] not in ("refresh", "clean"):
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv[1:]:
        path = Path(name)
        if argv[0] == "refresh":
            count = refresh(path)
            print(f"{name}: stored the outputs of {count} checked cell(s)")
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
