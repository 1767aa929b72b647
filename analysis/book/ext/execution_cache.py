"""Sphinx extension: one execution cache per input, shared by every build of the book.

jupyter-cache (through myst-nb) reuses a chapter's outputs as long as its code cells are
unchanged, so new data (a rerun) or a change in the package would be served stale
results (jupyter-book#1633). This extension points myst-nb at a cache folder named after
a fingerprint of what the chapters actually read:

* the data folder (``$COMPANION_DATA``, raw files excluded);
* the package code the chapters import: ``analysis/vocabulary.py``, ``analysis/stats.py``,
  ``analysis/data/``, ``analysis/analyses/``, ``analysis/figures/`` and
  ``analysis/book/results.py``. Editing the command line, the rerun, the handout or a
  Sphinx extension does not re-execute the chapters.

The cache lives in one place for every build (``<repository>/_build/.jupyter_cache_by_input/<key>``,
or ``$COMPANION_EXECUTION_CACHE``), so the student edition, the test builds and the
handout reuse the chapters the main build executed. The most recently used keys are kept
(``KEEP``); older ones are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from analysis.data import paths

KEEP = 4
"""How many cache folders (inputs) are kept: the book's own data, a rerun's, and a spare."""

CHAPTER_INPUTS = (
    "analysis/vocabulary.py",
    "analysis/stats.py",
    "analysis/data",
    "analysis/analyses",
    "analysis/figures",
    "analysis/book/results.py",
)
"""The package code the chapters import (relative to the repository)."""


def fingerprint(data: Path, repo: Path = paths.REPO) -> str:
    """SHA-256 over the names and bytes of the data files and of the package code chapters import.

    Parameters
    ----------
    data : pathlib.Path
        The data folder the chapters read (its ``raw/`` sub-folder is ignored).
    repo : pathlib.Path
        The repository root.

    Returns
    -------
    str
        The first 16 hexadecimal digits of the digest.
    """
    digest = hashlib.sha256()
    files = [p for p in sorted(data.rglob("*")) if p.is_file() and "raw" not in p.relative_to(data).parts[:1]]
    for item in CHAPTER_INPUTS:
        target = repo / item
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for path in files:
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """Where the cache folders live: ``$COMPANION_EXECUTION_CACHE``, else ``<repository>/_build/.jupyter_cache_by_input``."""
    explicit = os.environ.get("COMPANION_EXECUTION_CACHE")
    return Path(explicit) if explicit else paths.REPO / "_build" / ".jupyter_cache_by_input"


def config_inited(app, config) -> None:
    key = fingerprint(paths.data_dir().resolve())
    root = cache_root()
    target = root / key
    target.mkdir(parents=True, exist_ok=True)
    os.utime(target)  # most recently used
    others = sorted((p for p in root.iterdir() if p.is_dir() and p != target), key=lambda p: p.stat().st_mtime)
    for old in others[: max(0, len(others) - (KEEP - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(target)


def setup(app):
    app.connect("config-inited", config_inited, priority=900)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
