"""Sphinx extension: the execution cache is keyed on the data and the package, not only the code cells.

jupyter-cache reuses a chapter's outputs as long as its code cells are unchanged, so new
data (a rerun) or a change in ``analysis/`` would be served stale results. This
extension points myst-nb at a cache folder named after a fingerprint of the data folder
the chapters read (``$COMPANION_DATA``) and of the package's source: any change to either
starts a fresh cache, and the stale ones are removed.

Under ``companion rerun`` (``COMPANION_RERUN=1``) a failing cell does not stop the build:
the rerun report lists the checks that failed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from analysis.data import paths


def fingerprint(data: Path, package: Path) -> str:
    """SHA-256 over the names and bytes of every data file and every package source file."""
    digest = hashlib.sha256()
    files = [p for p in sorted(data.rglob("*")) if p.is_file() and "raw" not in p.relative_to(data).parts[:1]]
    files += sorted(package.rglob("*.py"))
    for path in files:
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def config_inited(app, config) -> None:
    key = fingerprint(paths.data_dir(), paths.REPO / "analysis")
    caches = Path(app.outdir).parent / ".jupyter_cache_by_input"
    target = caches / key
    if caches.is_dir():
        for old in caches.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    config.nb_execution_cache_path = str(target)
    if os.environ.get("COMPANION_RERUN") == "1":
        # A rerun on new data must finish and report the chapters' checks that no longer
        # hold (the remove-cell assertions that guard the prose), not stop at the first one.
        config.nb_execution_allow_errors = True
        config.nb_execution_raise_on_error = False


def setup(app):
    app.connect("config-inited", config_inited, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
