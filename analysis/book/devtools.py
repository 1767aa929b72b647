"""Maintenance of the chapter notebooks (for authors, not for readers).

    python -m analysis.book.devtools refresh book/chapters/*.ipynb

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
    return cell.cell_type == "code" and cell.source.lstrip().startswith(f"# {CHECK}")


def refresh(path: Path, timeout: int = 600) -> int:
    """Execute ``path`` and keep only the checked cells' outputs. Returns the number of checked cells."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    checked = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            checked += 1  # nbval needs the execution count of a cell whose output it compares
        else:
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return checked


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "refresh":
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv[1:]:
        count = refresh(Path(name))
        print(f"{name}: stored the outputs of {count} checked cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
