"""Reader for Statistics Canada's Index of Remoteness (``<year>IR_DATABASE.csv``), every edition.

0 = least remote, 1 = most remote. Each edition is on its own census geography and is
*relative* to it: values of two editions are not on the same scale (compare ranks, not
values). The two published layouts differ:

* 2016 (April 2020 release): UTF-8 with a byte-order mark, ``.`` where the index (or the
  population) was not computed, populations as whole numbers, column ``CSDpop2016``;
* 2021 (January 2023 release): no byte-order mark, a leading unnamed column (a 0-based
  row number written by pandas), **empty** cells where not computed, populations written
  as floats (``551.0``), column ``CSDpop2021``.

Both are read here, from the loose CSV or from the archive a user downloads from
Statistics Canada (``172600012020001-eng.zip``, whose member is the CSV).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

MARKERS = (".", "")
PROVINCE = "24"
FILE_NAME = re.compile(r"(\d{4})IR_DATABASE\.csv", re.IGNORECASE)


def edition_of(path: Path | str) -> int | None:
    """The edition (census year) in an Index of Remoteness file name, or None.

    Parameters
    ----------
    path : pathlib.Path or str
        ``2016IR_DATABASE.csv``, ``2021IR_DATABASE.csv`` (any folder).

    Returns
    -------
    int or None
        The four-digit year in front of ``IR_DATABASE.csv``.
    """
    match = FILE_NAME.fullmatch(Path(str(path)).name)
    return int(match.group(1)) if match else None


def read_remoteness(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows: ``csd_uid``, ``csd_name``, ``csd_type``, ``remoteness``, ``pop_ir``.

    ``.`` or a blank marks CSDs for which the index was not computed (unpopulated
    territories, some reserves, most northern villages in 2021): they become missing
    values and are counted. The edition is the year of the ``CSDpop<year>`` column; it
    is recorded as the report's ``vintage``.

    Parameters
    ----------
    path : pathlib.Path
        ``<year>IR_DATABASE.csv`` as published (``Pruid``, ``CSDuid``, ``CSDname``,
        ``CSDtype``, ``Index_of_remoteness`` and one ``CSDpop<year>`` column; the 2021
        edition's leading unnamed row-number column is ignored), or an archive ``.zip``
        holding it (:func:`analysis.data.pipeline.io.read_table`).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD (``Pruid`` 24): ``csd_uid`` (7 digits), ``csd_name``,
        ``csd_type``, ``remoteness`` (0 = least remote, 1 = most remote) and ``pop_ir``
        (``Int64`` persons; ``551.0`` is read as 551).
    report : analysis.data.pipeline.io.FileReport
        With ``vintage`` the edition's census year (e.g. ``"2021"``).

    Raises
    ------
    InputError
        When a required column is missing, there is not exactly one ``CSDpop<year>``
        column, there is no Québec row, a code is not a 7-digit Québec code or is repeated,
        the index is not a number between 0 and 1, or a population is not a whole number.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001); Alasia, A.,
    Bédard, F., Bélanger, J., Guimond, E. and Penney, C. (2017), *Measuring remoteness
    and accessibility — A set of indices for Canadian communities*, 18-001-X2017002.
    """
    table = read_table(
        path,
        required=("Pruid", "CSDuid", "CSDname", "CSDtype", "Index_of_remoteness"),
        encodings=("utf-8",),
        member=FILE_NAME,
    )
    pop_columns = [c for c in table.frame.columns if re.fullmatch(r"CSDpop(\d{4})", c)]
    if len(pop_columns) != 1:
        raise InputError(table.path, "expected one population column named CSDpop<year>", column="CSDpop2016")
    year = pop_columns[0][len("CSDpop") :]
    named = edition_of(table.path)
    if named is not None and str(named) != year:
        raise InputError(
            table.path,
            f"the file is named for the {named} edition but its population column is {pop_columns[0]}",
            column=pop_columns[0],
            hint="check that the file was not renamed; each edition is named <year>IR_DATABASE.csv",
        )
    table.frame = table.frame[table.frame["Pruid"] == PROVINCE].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(table.path, "no Québec rows (Pruid 24)", column="Pruid")
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
    table.report.vintage = year
    return out, table.report
