"""The committed chapter notebooks: in the table of contents, clean, with only their headline outputs.

File checks only (no execution): the chapters run under nbval in ``tests/book``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from analysis.book.devtools import clean, is_checked

CHAPTERS = sorted((REPO / "book" / "chapters").glob("*.ipynb"))


def test_every_chapter_is_a_notebook_in_the_table_of_contents():
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    assert len(CHAPTERS) >= 4
    assert not list((REPO / "book" / "chapters").glob("*.md")), (
        "chapters are .ipynb (they open in Binder/Colab and feed nbval)"
    )
    for chapter in CHAPTERS:
        assert f"book/chapters/{chapter.stem}" in toc, chapter.name


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_stores_only_headline_outputs(chapter: Path):
    notebook = nbformat.read(chapter, as_version=4)
    checked = [c for c in notebook.cells if is_checked(c)]
    assert checked, "each chapter prints its headline results in at least one NBVAL_CHECK_OUTPUT cell"
    assert all(c.outputs for c in checked), (
        "checked cells must carry their stored output (run analysis.book.devtools refresh)"
    )
    others = [c for c in notebook.cells if c.cell_type == "code" and not is_checked(c) and c.outputs]
    assert not others, "maps, charts and other outputs are produced by the build, not committed"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_carries_no_execution_timestamps_or_interpreter_version(chapter: Path):
    notebook = nbformat.read(chapter, as_version=4)
    stamped = [i for i, cell in enumerate(notebook.cells) if "execution" in cell.metadata]
    assert not stamped, f"cells {stamped[:5]} carry metadata.execution (refresh with analysis.book.devtools)"
    assert "version" not in notebook.metadata.get("language_info", {}), "language_info.version is committed"


def test_clean_removes_timings_and_keeps_checked_outputs():
    notebook = nbformat.v4.new_notebook()
    checked = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)", execution_count=3)
    checked.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    other = nbformat.v4.new_code_cell("x = 1", execution_count=4)
    other.outputs = [nbformat.v4.new_output("stream", text="noise\n")]
    for cell in (checked, other):
        cell.metadata["execution"] = {"iopub.execute_input": "2026-11-29T10:00:00Z"}
    notebook.cells = [checked, other]
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    assert clean(notebook) == 1
    assert checked.outputs and checked.execution_count == 3
    assert not other.outputs and other.execution_count is None
    assert all("execution" not in cell.metadata for cell in notebook.cells)
    assert notebook.metadata["language_info"] == {"name": "python"}
