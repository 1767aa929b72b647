"""Find the official files of a source family inside the raw folder.

The raw folder may mirror the default layout (one sub-folder per source family, as in
the project's raw mirror) or hold the downloads side by side: files are found by name
pattern anywhere below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.data.errors import InputError


def find_all(raw: Path, pattern: str) -> list[Path]:
    """Every file below ``raw`` whose name matches ``pattern``, in a stable order."""
    return sorted((p for p in raw.rglob(pattern) if p.is_file()), key=lambda p: p.as_posix())


def find_one(raw: Path, patterns: Sequence[str], *, what: str) -> Path:
    """The one file for ``what``: the first pattern that matches exactly one file."""
    if not raw.is_dir():
        raise InputError(raw, "the raw data folder does not exist", hint="pass --raw DIR or set COMPANION_RAW")
    for pattern in patterns:
        found = find_all(raw, pattern)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(
                raw,
                f"several files match {pattern!r} for {what}: {[str(p.relative_to(raw)) for p in found]}",
                hint="keep one file per source and vintage in the raw folder",
            )
    raise InputError(raw, f"no file for {what} (looked for {' or '.join(patterns)})")


def relative(path: Path, raw: Path) -> str:
    """``path`` relative to the raw folder, in POSIX form (for reports)."""
    try:
        return path.relative_to(raw).as_posix()
    except ValueError:
        return path.name
