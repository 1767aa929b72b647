"""Sphinx extension: one execution cache per input, shared by every build of the book.

jupyter-cache (through myst-nb) reuses a chapter's outputs as long as its code cells are
unchanged, so new data (a rerun) or a change in the package would be served stale
results (jupyter-book#1633). This extension points myst-nb at a cache folder named after
a fingerprint of what the chapters actually read:

* the data folder (``$COMPANION_DATA``, raw files excluded);
* the package code the chapters import: ``analysis/vocabulary.py``, ``analysis/stats.py``,
  ``analysis/data/``, ``analysis/analyses/``, ``analysis/figures/`` and
  ``analysis/book/results.py``. Editing the command line, the rerun, the handout or a
  Sphinx extension does not re-execute the chapters;
* the language of the edition (``language`` of the Sphinx configuration, set by
  ``companion book --lang``): the chapters of a translated edition write their charts,
  maps, tables and captions in its language (:mod:`analysis.i18n`), so they are executed
  once per language, and again when a catalog the chapters read (``companion.po``, ``case.po``, ``data.po``) changes (English,
  the source language, adds nothing to the key).

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

from analysis import i18n
from analysis.data import paths

KEEP = 6
"""How many cache folders (inputs) are kept: the book's own data in each language, a rerun's, and spares."""

CHAPTER_INPUTS = (
    "analysis/vocabulary.py",
    "analysis/stats.py",
    "analysis/data",
    "analysis/analyses",
    "analysis/figures",
    "analysis/book/results.py",
    "analysis/i18n.py",
    "analysis/formats.py",
)
"""The package code the chapters import (relative to the repository)."""


def fingerprint(data: Path, repo: Path = paths.REPO, language: str = i18n.SOURCE_LANGUAGE) -> str:
    """SHA-256 over the names and bytes of the data files and of the package code chapters import, and the language.

    Parameters
    ----------
    data : pathlib.Path
        The data folder the chapters read (its ``raw/`` sub-folder is ignored).
    repo : pathlib.Path
        The repository root.
    language : str, default ``"en"``
        The edition's language; any other than English adds its name and the
        catalogs chapters read while they run (``companion.po``, ``case.po``, ``data.po``)
        to the digest.

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
    language = i18n.normalise(language)
    if language != i18n.SOURCE_LANGUAGE:
        digest.update(f"language={language}".encode())
        # the catalogs the chapters read while they run (companion.po, case.po, data.po); the
        # pages' own catalogs are applied by Sphinx after execution
        files += sorted((repo / "locales" / language / "LC_MESSAGES").glob("*.po"))
    for path in files:
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """Where the cache folders live: ``$COMPANION_EXECUTION_CACHE``, else ``<repository>/_build/.jupyter_cache_by_input``."""
    explicit = os.environ.get("COMPANION_EXECUTION_CACHE")
    return Path(explicit) if explicit else paths.REPO / "_build" / ".jupyter_cache_by_input"


def config_inited(app, config) -> None:
    key = fingerprint(paths.data_dir().resolve(), language=config.language or i18n.SOURCE_LANGUAGE)
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
