"""Reader for Indigenous Services Canada's Community Well-Being (CWB) index.

The official CSV is encoded in Windows-1252; a UTF-8 copy is accepted too. Components
are scores from 0 to 100; blanks are values suppressed by ISC and become missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

COMPONENTS = {
    "Income": "cwb_income",
    "Education": "cwb_education",
    "Housing": "cwb_housing",
    "Labour Force Activity": "cwb_labour",
    "CWB": "cwb",
}
COMMUNITY_TYPES = ("Non-Indigenous Community", "First Nations Community", "Inuit Community")


def cwb_year(path: Path, columns: list[str]) -> int:
    years = {m.group(1) for c in columns if (m := re.fullmatch(r"CSD Code (\d{4})", c))}
    if len(years) != 1:
        raise InputError(path, "cannot find the 'CSD Code <year>' column of the CWB file", column="CSD Code 2021")
    return int(years.pop())


def read_cwb(path: Path, year: int = 2021) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows of the Community Well-Being index: the score, its four components, community type and population.

    Blanks are values suppressed by ISC; they become missing values and are counted.

    Parameters
    ----------
    path : pathlib.Path
        The official ``CWB_2021.csv`` (Windows-1252; a UTF-8 copy is accepted), with the
        columns ``CSD Code <year>``, ``CSD Name <year>``, ``Census Population <year>``,
        ``Community Type <year>``, ``Income <year>``, ``Education <year>``, ``Housing
        <year>``, ``Labour Force Activity <year>`` and ``CWB <year>``.
    year : int, default 2021
        The vintage in the column names.

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD: ``csd_uid`` (7 digits), ``cwb_income``, ``cwb_education``,
        ``cwb_housing``, ``cwb_labour`` and ``cwb`` (scores 0-100), ``community_type``
        (``Non-Indigenous``, ``First Nations`` or ``Inuit``) and ``pop_cwb`` (``Int64``
        persons).
    report : analysis.data.pipeline.io.FileReport

    Raises
    ------
    InputError
        When a required column is missing, the encoding is neither UTF-8 nor Windows-1252,
        there is no Québec row, a code is not 7 digits or repeated, a community type is
        unknown, or a score is not a number between 0 and 100.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021.
    """
    y = str(year)
    required = [f"CSD Code {y}", f"CSD Name {y}", f"Census Population {y}", f"Community Type {y}"]
    required += [f"{label} {y}" for label in COMPONENTS]
    table = read_table(path, required=required, encodings=("utf-8", "cp1252"))
    code = f"CSD Code {y}"
    table.frame = table.frame[table.frame[code].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (CSD code starting with 24)", column=code)
    require_pattern(table, code, r"\d{7}", what="7-digit CSD codes")
    require_unique(table, code, label="CSD codes")
    types = table.frame[f"Community Type {y}"]
    unknown = ~types.isin(COMMUNITY_TYPES)
    if unknown.any():
        from analysis.data.errors import example_rows

        raise InputError(
            path,
            f"unknown community type (expected {COMMUNITY_TYPES})",
            column=f"Community Type {y}",
            examples=example_rows(table.frame.loc[unknown, "_line"], types[unknown]),
        )
    out = pd.DataFrame({"csd_uid": table.frame[code]})
    for label, name in COMPONENTS.items():
        out[name] = to_number(table, f"{label} {y}", minimum=0, maximum=100)
    out["community_type"] = types.str.replace(" Community", "", regex=False)
    out["pop_cwb"] = to_number(table, f"Census Population {y}", integer=True, minimum=0)
    table.report.rows_kept = len(out)
    return out, table.report
