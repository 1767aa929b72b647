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

import pytest
from conftest import REPO

CHAPTERS = sorted((REPO / "book" / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_runs_under_nbval(chapter: Path, tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-sanitize-with",
            str(REPO / "tests" / "nbval_sanitize.cfg"),
            "--rootdir",
            str(tmp_path),
            str(chapter),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
