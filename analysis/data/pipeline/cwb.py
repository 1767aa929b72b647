"""Reader for Indigenous Services Canada's Community Well-Being (CWB) index, every vintage.

ISC publishes one national file per census year (``CWB_1981.csv`` … ``CWB_2021.csv``),
encoded in Windows-1252 (a UTF-8 copy is accepted too), with the headers ``CSD Code
<year>``, ``CSD Name <year>``, ``Census Population <year>``, ``Income <year>``,
``Education <year>``, ``Housing <year>``, ``Labour Force Activity <year>``, ``CWB <year>``
and a community-type column, whose header and labels are bilingual in some vintages
(``Community Type / Type de communauté 2016``: ``Non-Indigenous Community / Communauté
non-Autochtone``) and English in others (2021: ``Non-Indigenous Community``). 2011 adds
``GNR 2011`` (the global non-response rate of the voluntary National Household Survey).

The project's raw mirror also holds Québec tables transcribed from the official 2006 and
2016 files (``cwb2006_qc.csv``, ``cwb2016_qc.csv``): the same headers without the name
column, and the community type as a one-letter code (``N``, ``F``, ``I``). Both layouts
are read here. Components are scores from 0 to 100; blanks are values suppressed by ISC
and become missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError, example_rows
from analysis.data.pipeline.io import (
    FileReport,
    read_table,
    require_columns,
    require_pattern,
    require_unique,
    to_number,
)

COMPONENTS = {
    "Income": "cwb_income",
    "Education": "cwb_education",
    "Housing": "cwb_housing",
    "Labour Force Activity": "cwb_labour",
    "CWB": "cwb",
}
COMMUNITY_TYPES = ("Non-Indigenous Community", "First Nations Community", "Inuit Community")
# One-letter codes of the transcribed tables (documented in the mirror's PROVENANCE).
TYPE_CODES = {"N": "Non-Indigenous Community", "F": "First Nations Community", "I": "Inuit Community"}
# French halves of the bilingual labels (case-insensitive; accents as published).
TYPE_FRENCH = {
    "communauté non-autochtone": "Non-Indigenous Community",
    "communauté des premières nations": "First Nations Community",
    "communauté inuite": "Inuit Community",
}
OFFICIAL_NAME = re.compile(r"CWB_(\d{4})\.csv", re.IGNORECASE)
TRANSCRIBED_NAME = re.compile(r"cwb(\d{4})_qc\.csv", re.IGNORECASE)


def cwb_year(path: Path, columns: list[str]) -> int:
    """The vintage of a CWB file, from its ``CSD Code <year>`` header.

    Parameters
    ----------
    path : pathlib.Path
        The file (for the error message).
    columns : list of str
        Its header.

    Returns
    -------
    int
        The census year.

    Raises
    ------
    InputError
        When there is no ``CSD Code <year>`` column, or several years.
    """
    years = {m.group(1) for c in columns if (m := re.fullmatch(r"CSD Code (\d{4})", c))}
    if len(years) != 1:
        raise InputError(path, "cannot find the 'CSD Code <year>' column of the CWB file", column="CSD Code 2021")
    return int(years.pop())


def vintage_of_name(path: Path | str) -> int | None:
    """The census year in a CWB file name (``CWB_2016.csv``, ``cwb2016_qc.csv``), or None.

    Parameters
    ----------
    path : pathlib.Path or str

    Returns
    -------
    int or None
    """
    name = Path(str(path)).name
    match = OFFICIAL_NAME.fullmatch(name) or TRANSCRIBED_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def _type_column(path: Path, columns: list[str], year: str) -> str:
    found = [c for c in columns if re.fullmatch(rf"Community Type( / Type de communaut.)? {year}", c)]
    if len(found) != 1:
        raise InputError(
            path,
            f"missing column 'Community Type {year}' (or its bilingual form 'Community Type / Type de communauté {year}')",
            column=f"Community Type {year}",
        )
    return found[0]


def community_type(label: str) -> str | None:
    """The English community type of an official label, a bilingual label or a one-letter code.

    Parameters
    ----------
    label : str
        ``Non-Indigenous Community``, ``Non-Indigenous Community / Communauté
        non-Autochtone``, ``Communauté inuite``, ``N``, ``F`` or ``I`` …

    Returns
    -------
    str or None
        One of ``COMMUNITY_TYPES``, or None when the label is not one of them.
    """
    label = " ".join(str(label).split())
    if label in TYPE_CODES:
        return TYPE_CODES[label]
    for part in label.split(" / "):
        part = part.strip()
        if part in COMMUNITY_TYPES:
            return part
        if part.lower() in TYPE_FRENCH:
            return TYPE_FRENCH[part.lower()]
    return None


def read_cwb(path: Path, year: int | None = None) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows of the Community Well-Being index: the score, its four components, community type and population.

    Blanks are values suppressed by ISC; they become missing values and are counted.

    Parameters
    ----------
    path : pathlib.Path
        An official ``CWB_<year>.csv`` (Windows-1252; a UTF-8 copy is accepted), with the
        columns ``CSD Code <year>``, ``CSD Name <year>``, ``Census Population <year>``,
        ``Income <year>``, ``Education <year>``, ``Housing <year>``, ``Labour Force
        Activity <year>``, ``CWB <year>`` and ``Community Type <year>`` (or ``Community
        Type / Type de communauté <year>``, with bilingual labels); or a transcribed
        Québec table ``cwb<year>_qc.csv`` (no name column; types ``N``, ``F``, ``I``).
    year : int, optional
        The vintage expected in the column names; by default the one of the header.

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD of that year's geography: ``csd_uid`` (7 digits),
        ``csd_name`` (empty when the file has no name column), ``cwb_income``,
        ``cwb_education``, ``cwb_housing``, ``cwb_labour`` and ``cwb`` (scores 0-100),
        ``community_type`` (``Non-Indigenous``, ``First Nations`` or ``Inuit``) and
        ``pop_cwb`` (``Int64`` persons).
    report : analysis.data.pipeline.io.FileReport
        With ``vintage`` the census year.

    Raises
    ------
    InputError
        When a required column is missing, the header's year is not ``year``, the
        encoding is neither UTF-8 nor Windows-1252, there is no Québec row, a code is not
        7 digits or repeated, a community type is unknown, or a score is not a number
        between 0 and 100.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index (data files 1981-2021),
    https://www.sac-isc.gc.ca/eng/1419773101942/1419773233645.
    """
    table = read_table(path, required=(), encodings=("utf-8", "cp1252"))
    found = cwb_year(table.path, list(table.frame.columns))
    if year is not None and found != year:
        raise InputError(table.path, f"is the {found} CWB file, not {year}", column=f"CSD Code {found}")
    y = str(found)
    required = [f"CSD Code {y}", f"Census Population {y}", *[f"{label} {y}" for label in COMPONENTS]]
    require_columns(table.path, list(table.frame.columns), required)
    type_column = _type_column(table.path, list(table.frame.columns), y)
    code = f"CSD Code {y}"
    table.frame = table.frame[table.frame[code].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(table.path, "no Québec rows (CSD code starting with 24)", column=code)
    require_pattern(table, code, r"\d{7}", what="7-digit CSD codes")
    require_unique(table, code, label="CSD codes")
    types = table.frame[type_column].map(community_type)
    unknown = types.isna()
    if unknown.any():
        raise InputError(
            table.path,
            f"unknown community type (expected {COMMUNITY_TYPES}, their bilingual forms, or N / F / I)",
            column=type_column,
            examples=example_rows(table.frame.loc[unknown, "_line"], table.frame.loc[unknown, type_column]),
        )
    name_column = f"CSD Name {y}"
    out = pd.DataFrame(
        {
            "csd_uid": table.frame[code],
            "csd_name": table.frame.get(name_column, ""),
        }
    )
    for label, name in COMPONENTS.items():
        out[name] = to_number(table, f"{label} {y}", minimum=0, maximum=100)
    out["community_type"] = types.str.replace(" Community", "", regex=False)
    out["pop_cwb"] = to_number(table, f"Census Population {y}", integer=True, minimum=0)
    table.report.rows_kept = len(out)
    table.report.vintage = y
    return out, table.report
