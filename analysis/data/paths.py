"""Where data lives: the only module that knows the repository's folders.

Environment overrides
---------------------
``COMPANION_RAW``
    folder of official raw files (default ``data/raw/``, git-ignored).
``COMPANION_DATA``
    folder of the data the chapters read (default ``data/``, which holds
    ``processed/``, ``case/`` and ``datapackage.json``).
``COMPANION_REPO``
    the repository (the folder holding ``_config.yml``, ``book/`` and ``data/``). By
    default the checkout the package was installed from in editable mode, else the
    current folder: after a plain ``pip install .``, run ``companion`` from the clone.
"""

from __future__ import annotations

import os
from pathlib import Path


def _repository() -> Path:
    explicit = os.environ.get("COMPANION_REPO")
    if explicit:
        return Path(explicit).resolve()
    source = Path(__file__).resolve().parents[2]  # analysis/data/paths.py -> the checkout
    if (source / "_config.yml").is_file():
        return source
    return Path.cwd().resolve()


REPO = _repository()
"""The repository root (see ``COMPANION_REPO``)."""


def raw_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Raw folder: ``--raw`` if given, else ``$COMPANION_RAW``, else ``data/raw/``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("COMPANION_RAW")
    return Path(env) if env else REPO / "data" / "raw"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Data folder the book reads: ``--data`` if given, else ``$COMPANION_DATA``, else ``data/``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("COMPANION_DATA")
    return Path(env) if env else REPO / "data"


def processed_dir(data: str | os.PathLike | None = None) -> Path:
    """Processed tables: ``<data>/processed``."""
    return data_dir(data) / "processed"


def case_dir(data: str | os.PathLike | None = None) -> Path:
    """Curated Saint-Camille case tables: ``<data>/case``."""
    return data_dir(data) / "case"


def datapackage_path(data: str | os.PathLike | None = None) -> Path:
    """The data package descriptor: ``<data>/datapackage.json``."""
    return data_dir(data) / "datapackage.json"
