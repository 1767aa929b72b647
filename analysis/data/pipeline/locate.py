"""Find the official files of a source family inside the raw folder.

The raw folder may mirror the default layout (one sub-folder per source family, as in
the project's raw mirror) or hold the downloads side by side: files are found by name
pattern anywhere below it.
"""

from __future__ import annotations

import re
import zipfile
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


def archives_with(raw: Path, member: re.Pattern) -> list[tuple[Path, str]]:
    """Every ``*.zip`` below ``raw`` holding a member whose file name matches ``member`` in full.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder.
    member : re.Pattern
        Matched against the members' file names (without their folders).

    Returns
    -------
    list of (pathlib.Path, str)
        (archive, member file name) pairs, in a stable order; archives that are not
        readable zip files are skipped (their reader reports them if they are needed).
    """
    out = []
    for path in find_all(raw, "*.zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n.rsplit("/", 1)[-1] for n in archive.namelist() if not n.endswith("/")]
        except zipfile.BadZipFile:
            continue
        out += [(path, n) for n in sorted(names) if member.fullmatch(n)]
    return out


def find_editions(raw: Path, name: re.Pattern, *, archives: bool = True) -> dict[int, list[Path]]:
    """Every file below ``raw`` whose name matches ``name`` (whose first group is a year), by year.

    Archives (``*.zip``) holding a member with such a name are listed too (the reader
    opens the member), after the loose files of the same year: a user who unpacked the
    archive beside it gets the loose file read.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder.
    name : re.Pattern
        Matched in full against file names (and archive member names); group 1 is the year.
    archives : bool, default True
        Look inside ``*.zip`` files too.

    Returns
    -------
    dict of int → list of pathlib.Path
        Year → files (loose first, then archives), in a stable order.
    """
    found: dict[int, list[Path]] = {}
    if not raw.is_dir():
        return found
    for path in find_all(raw, "*"):
        match = name.fullmatch(path.name)
        if match:
            found.setdefault(int(match.group(1)), []).append(path)
    if archives:
        for path, member in archives_with(raw, name):
            year = int(name.fullmatch(member).group(1))
            if path not in found.setdefault(year, []):
                found[year].append(path)
    return dict(sorted(found.items()))
