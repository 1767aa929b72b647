"""Reader for the LODE Rural and Small Town viewer file: rural flag, 2016 population, bounding box."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError, example_rows
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

FLAGS = ("Rural", "Urban")


def read_lode(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows of the LODE file: rural/urban flag, 2016 population and bounding-box centre (``lon``, ``lat``).

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 CSV ``csd2016_*_rural_flag_pop2016_bbox.csv`` (``CSDUID``, ``CSDNAME``,
        ``bbox_xmin``, ``bbox_ymin``, ``bbox_xmax``, ``bbox_ymax``, ``RuralUrbanFlag``,
        ``CSDpop2016``).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD: ``csd_uid``, ``rural_urban_2016`` (``Rural`` or
        ``Urban``), ``pop_lode`` (``Int64`` persons; ``-999`` and blanks missing), ``lon``
        and ``lat`` (centre of the bounding box, WGS84 degrees) and ``xmin``, ``xmax``,
        ``ymin``, ``ymax``.
    report : analysis.data.pipeline.io.FileReport

    Raises
    ------
    InputError
        When a required column is missing, there is no Québec row, a code is not 7 digits
        or repeated, a flag is neither ``Rural`` nor ``Urban``, or a coordinate is not a
        number in range.

    References
    ----------
    Statistics Canada, Centre for Special Business Projects, Rural and Small Town (LODE)
    viewer data, 2016 census geography.
    """
    required = ("CSDUID", "CSDNAME", "bbox_xmin", "bbox_ymin", "bbox_xmax", "bbox_ymax", "RuralUrbanFlag", "CSDpop2016")
    table = read_table(path, required=required, encodings=("utf-8",))
    table.frame = table.frame[table.frame["CSDUID"].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (CSDUID starting with 24)", column="CSDUID")
    require_pattern(table, "CSDUID", r"\d{7}", what="7-digit CSD codes")
    require_unique(table, "CSDUID", label="CSD codes")
    flags = table.frame["RuralUrbanFlag"]
    bad = ~flags.isin(FLAGS)
    if bad.any():
        raise InputError(
            path,
            f"unknown rural/urban flag (expected {FLAGS})",
            column="RuralUrbanFlag",
            examples=example_rows(table.frame.loc[bad, "_line"], flags[bad]),
        )
    xmin = to_number(table, "bbox_xmin", markers=(), minimum=-180, maximum=180)
    xmax = to_number(table, "bbox_xmax", markers=(), minimum=-180, maximum=180)
    ymin = to_number(table, "bbox_ymin", markers=(), minimum=-90, maximum=90)
    ymax = to_number(table, "bbox_ymax", markers=(), minimum=-90, maximum=90)
    out = pd.DataFrame(
        {
            "csd_uid": table.frame["CSDUID"],
            "rural_urban_2016": flags,
            "pop_lode": to_number(table, "CSDpop2016", markers=("", "-999"), integer=True, minimum=0),
            "lon": (xmin + xmax) / 2,
            "lat": (ymin + ymax) / 2,
            "xmin": xmin,
            "xmax": xmax,
            "ymin": ymin,
            "ymax": ymax,
        }
    )
    table.report.rows_kept = len(out)
    return out, table.report
