"""nbval on every chapter notebook.

Run in ``--nbval-lax`` mode: every cell must run without error, and the cells marked
``# NBVAL_CHECK_OUTPUT`` (those that print headline results) must print what is stored in
the notebook, after the substitutions of ``tests/nbval_sanitize.cfg``. Chapters also hold
``remove-cell`` assertion cells on their headline results. Stored outputs are refreshed
with ``python -m analysis.book.devtools refresh book/chapters/*.ipynb``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.book.devtools import is_checked
from conftest import REPO

CHAPTERS = sorted((REPO / "book" / "chapters").glob("*.ipynb"))


def test_every_chapter_is_a_notebook_in_the_table_of_contents():
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    assert len(CHAPTERS) >= 4
    assert not list((REPO / "book" / "chapters").glob("*.md")), "chapters are .ipynb (they open in Binder/Colab and feed nbval)"
    for chapter in CHAPTERS:
        assert f"book/chapters/{chapter.stem}" in toc, chapter.name


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_stores_only_headline_outputs(chapter: Path):
    notebook = nbformat.read(chapter, as_version=4)
    checked = [c for c in notebook.cells if is_checked(c)]
    assert checked, "each chapter prints its headline results in at least one NBVAL_CHECK_OUTPUT cell"
    assert all(c.outputs for c in checked), "checked cells must carry their stored output (run analysis.book.devtools refresh)"
    others = [c for c in notebook.cells if c.cell_type == "code" and not is_checked(c) and c.outputs]
    assert not others, "maps, charts and other outputs are produced by the build, not committed"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_runs_under_nbval(chapter: Path, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q", "-p", "no:cacheprovider",
         "--nbval-sanitize-with", str(REPO / "tests" / "nbval_sanitize.cfg"), "--rootdir", str(tmp_path), str(chapter)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
