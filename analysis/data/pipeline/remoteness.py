"""Reader for Statistics Canada's Index of Remoteness (``2016IR_DATABASE.csv``).

0 = least remote, 1 = most remote. ``.`` (or a blank) marks CSDs for which the index
was not computed (unpopulated territories, some reserves): they become missing values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

MARKERS = (".", "")
PROVINCE = "24"


def read_remoteness(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows: ``csd_uid``, ``csd_name``, ``csd_type``, ``remoteness``, ``pop_ir``.

    ``.`` (or a blank) marks CSDs for which the index was not computed (unpopulated
    territories, some reserves): they become missing values and are counted.

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 ``2016IR_DATABASE.csv`` (``Pruid``, ``CSDuid``, ``CSDname``, ``CSDtype``,
        ``Index_of_remoteness`` and one ``CSDpop<year>`` column).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD (``Pruid`` 24): ``csd_uid`` (7 digits), ``csd_name``,
        ``csd_type``, ``remoteness`` (0 = least remote, 1 = most remote) and ``pop_ir``
        (``Int64`` persons).
    report : analysis.data.pipeline.io.FileReport

    Raises
    ------
    InputError
        When a required column is missing, there is not exactly one ``CSDpop<year>``
        column, there is no Québec row, a code is not a 7-digit Québec code or is repeated,
        or the index is not a number between 0 and 1.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    """
    table = read_table(
        path,
        required=("Pruid", "CSDuid", "CSDname", "CSDtype", "Index_of_remoteness"),
        encodings=("utf-8",),
    )
    pop_columns = [c for c in table.frame.columns if re.fullmatch(r"CSDpop(\d{4})", c)]
    if len(pop_columns) != 1:
        raise InputError(path, "expected one population column named CSDpop<year>", column="CSDpop2016")
    table.frame = table.frame[table.frame["Pruid"] == PROVINCE].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (Pruid 24)", column="Pruid")
    require_pattern(table, "CSDuid", r"24\d{5}", what="7-digit Québec CSD codes")
    require_unique(table, "CSDuid", label="CSD codes")
    out = pd.DataFrame(
        {
            "csd_uid": table.frame["CSDuid"],
            "csd_name": table.frame["CSDname"],
            "csd_type": table.frame["CSDtype"],
            "remoteness": to_number(table, "Index_of_remoteness", markers=MARKERS, minimum=0, maximum=1),
            "pop_ir": to_number(table, pop_columns[0], markers=MARKERS, integer=True, minimum=0),
        }
    )
    table.report.rows_kept = len(out)
    return out, table.report
