"""nbval on every chapter: each MyST chapter is converted to a notebook and executed.

Run in ``--nbval-lax`` mode: every cell must run without error; only cells marked
``NBVAL_CHECK_OUTPUT`` have their output compared. Chapters hold ``remove-cell``
assertion cells that check their headline results, so a chapter whose numbers go wrong
fails here even though the book still builds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from conftest import REPO

CHAPTERS = sorted((REPO / "book" / "chapters").glob("*.md"))


def test_every_chapter_is_in_the_table_of_contents():
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    assert CHAPTERS, "no chapters found"
    for chapter in CHAPTERS:
        assert f"book/chapters/{chapter.stem}" in toc, chapter.name


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_runs_under_nbval(chapter: Path, tmp_path: Path):
    notebook = jupytext.read(chapter)
    target = tmp_path / f"{chapter.stem}.ipynb"
    jupytext.write(notebook, target)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(target)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
