"""Reader for the MAMH *Répertoire des municipalités du Québec* (``MUN.csv`` exports).

Each export is one vintage of the register. Its population column ``mpopul`` is the
government population decree in force when the file was exported (an ISQ-based
estimate, revised every year), never a census count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number
from analysis.data.pipeline.locate import find_all

REQUIRED = ("mcode", "munnom", "mdes", "regadm", "divrec", "mrc", "msuperf", "mpopul")
VINTAGE = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2}))?(?!\d)")


@dataclass
class Register:
    """One vintage of the register."""

    vintage: str  # e.g. "2025" or "2026-03"
    decree_year: int
    frame: pd.DataFrame
    report: FileReport


def vintage_of(path: Path) -> tuple[str, int]:
    """Vintage from the file name (``MUN_2025…``, ``MUN_snapshot_2026-03…``)."""
    match = VINTAGE.search(path.stem)
    if not match:
        raise InputError(
            path,
            "cannot tell which vintage of the register this is",
            hint="name the export after its date, e.g. MUN_2026-03.csv (year and month of the download)",
        )
    year = int(match.group(1))
    vintage = f"{year}-{match.group(2)}" if match.group(2) else str(year)
    return vintage, year


def _code_in_parentheses(table, column: str, digits: str, *, optional: bool) -> pd.Series:
    values = table.frame[column]
    mask = values != "" if optional else None
    require_pattern(table, column, rf".*\((\d{{{digits}}})\)", what="'Name (code)' labels", mask=mask)
    return values.str.extract(rf"\((\d{{{digits}}})\)\s*$")[0].fillna("")


def _name_before_code(values: pd.Series) -> pd.Series:
    return values.str.replace(r"\s*\(\d+\)\s*$", "", regex=True)


def read_register(path: Path) -> Register:
    """Read one register export and return standardised columns.

    Parameters
    ----------
    path : pathlib.Path
        A UTF-8 ``MUN*.csv`` export whose name carries its vintage (``MUN_2025.csv``,
        ``MUN_snapshot_2026-03.csv``), with the columns of ``REQUIRED``.

    Returns
    -------
    Register
        ``vintage`` (e.g. ``"2026-03"``), ``decree_year``, ``report`` and ``frame``, with
        ``mamh_code`` (5 digits), ``name``, ``designation``, ``region_code``,
        ``region_name``, ``cd_code`` (2 digits), ``cd_name``, ``mrc_register_code`` (3
        digits or empty), ``mrc_register_name``, ``outside_mrc`` (``oui``/``non``/empty),
        ``date_constituted``, ``area_total_km2``, ``area_land_km2``, ``pop_decree`` (the
        population decree in force, ``Int64`` persons: an estimate, not a census count)
        and ``_line``.

    Raises
    ------
    InputError
        When the file name carries no vintage, a required column is missing, a code is
        not 5 digits or repeated, a ``Name (code)`` label is malformed, or an area or
        population is not a non-negative number.

    References
    ----------
    Ministère des Affaires municipales et de l'Habitation (MAMH), Répertoire des
    municipalités du Québec (open-data export ``MUN.csv``).
    """
    vintage, year = vintage_of(path)
    table = read_table(path, required=REQUIRED, encodings=("utf-8",))
    require_pattern(table, "mcode", r"\d{5}", what="5-digit MAMH codes")
    require_unique(table, "mcode", label="MAMH codes")
    f = table.frame
    out = pd.DataFrame(
        {
            "mamh_code": f["mcode"],
            "name": f["munnom"],
            "designation": f["mdes"],
            "region_code": _code_in_parentheses(table, "regadm", "2", optional=False),
            "region_name": _name_before_code(f["regadm"]),
            "cd_code": _code_in_parentheses(table, "divrec", "2", optional=False),
            "cd_name": _name_before_code(f["divrec"]),
            "mrc_register_code": _code_in_parentheses(table, "mrc", "3", optional=True),
            "mrc_register_name": _name_before_code(f["mrc"]),
            "outside_mrc": f.get("horsmrcautoch", ""),
            "date_constituted": f.get("mdatcons", ""),
            "area_total_km2": to_number(table, "msuperf", minimum=0),
            "area_land_km2": to_number(table, "msupft", minimum=0) if "msupft" in f else float("nan"),
            "pop_decree": to_number(table, "mpopul", integer=True, minimum=0),
            "_line": f["_line"],
        }
    )
    table.report.rows_kept = len(out)
    table.report.vintage = vintage
    return Register(vintage=vintage, decree_year=year, frame=out, report=table.report)


def read_registers(raw: Path) -> list[Register]:
    """Every register export below ``raw``, oldest first; the last one is the current register.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder (searched recursively for ``MUN*.csv``).

    Returns
    -------
    list of Register
        Sorted by vintage (:func:`read_register`); one per decree year.

    Raises
    ------
    InputError
        When there is no export, two exports share a decree year, or an export is
        unreadable (:func:`read_register`).

    References
    ----------
    Ministère des Affaires municipales et de l'Habitation (MAMH), Répertoire des
    municipalités du Québec (open-data export ``MUN.csv``).
    """
    paths = find_all(raw, "MUN*.csv")
    if not paths:
        raise InputError(raw, "no MAMH register export (MUN*.csv) in the raw folder")
    registers = [read_register(p) for p in paths]
    registers.sort(key=lambda r: r.vintage)
    seen: dict[int, Register] = {}
    for register in registers:
        if register.decree_year in seen:
            raise InputError(
                register.report.path,
                f"two register exports for decree year {register.decree_year}: "
                f"{Path(seen[register.decree_year].report.path).name} and {Path(register.report.path).name}",
                hint="keep one export per year",
            )
        seen[register.decree_year] = register
    return registers
