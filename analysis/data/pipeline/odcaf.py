"""Reader for the Open Database of Cultural and Art Facilities (ODCAF, Statistics Canada LODE).

One row per geolocated cultural or art facility of Canada, with the 2016 census
subdivision it falls in. ``..`` marks a value that is not available (StatCan's LODE
convention). The file is read by column name, so the column order of StatCan's own
distribution (``ODCAF_v1.0.csv``, in its archive) and of the LODE viewer's copy
(``odcaf.csv``, which starts with ``Facility_Name``) are both accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError, example_rows
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

MISSING = ".."
PROVINCE = "24"
FACILITY_TYPES = (
    "art or cultural centre",
    "artist",
    "festival site",
    "gallery",
    "heritage or historic site",
    "library or archives",
    "miscellaneous",
    "museum",
    "theatre/performance and concert hall",
)
REQUIRED = (
    "Index",
    "Facility_Name",
    "Source_Facility_Type",
    "ODCAF_Facility_Type",
    "Provider",
    "CSDUID",
    "PRUID",
    "Latitude",
    "Longitude",
)
FILE_NAME = re.compile(r"odcaf.*\.csv", re.IGNORECASE)


def read_odcaf(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec facilities of ODCAF: id, name, types, provider, 2016 CSD and coordinates.

    A facility is in Québec when its ``PRUID`` is 24 or its ``CSDUID`` starts with 24.
    ``..`` becomes a missing value (counted in the report).

    Parameters
    ----------
    path : pathlib.Path
        ``odcaf.csv`` / ``ODCAF_v1.0.csv`` (UTF-8; Windows-1252 accepted), or the archive
        holding it, with the columns of ``REQUIRED`` in any order.

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec facility, sorted by ``odcaf_index``: ``odcaf_index`` (``Int64``
        ODCAF id), ``name``, ``facility_type`` (one of ``FACILITY_TYPES``),
        ``source_facility_type`` and ``provider`` (empty when ``..``), ``csd_uid_2016``
        (7 digits, empty when not available), ``lat`` and ``lon`` (WGS84 degrees,
        missing when not available).
    report : analysis.data.pipeline.io.FileReport
        With ``vintage`` ``"v1.0"``.

    Raises
    ------
    InputError
        When a required column is missing, there is no Québec row, an id is repeated or
        not a whole number, a facility type is unknown, a CSD code is not 7 digits, or a
        coordinate is not a number in range.

    References
    ----------
    Statistics Canada (2020), Open Database of Cultural and Art Facilities (ODCAF),
    version 1.0, Linkable Open Data Environment, https://www.statcan.gc.ca/en/lode/databases/odcaf.
    """
    table = read_table(path, required=REQUIRED, encodings=("utf-8", "cp1252"), member=FILE_NAME)
    f = table.frame
    quebec = (f["PRUID"] == PROVINCE) | f["CSDUID"].str.startswith(PROVINCE)
    table.frame = f[quebec].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(table.path, "no Québec facility (PRUID 24)", column="PRUID")
    f = table.frame
    require_pattern(table, "Index", r"\d+", what="whole-number facility ids")
    require_unique(table, "Index", label="facility ids")
    require_pattern(table, "CSDUID", r"24\d{5}", what="7-digit Québec CSD codes", mask=f["CSDUID"] != MISSING)
    unknown = ~f["ODCAF_Facility_Type"].isin(FACILITY_TYPES)
    if unknown.any():
        raise InputError(
            table.path,
            f"unknown ODCAF facility type (expected one of {list(FACILITY_TYPES)})",
            column="ODCAF_Facility_Type",
            examples=example_rows(f.loc[unknown, "_line"], f.loc[unknown, "ODCAF_Facility_Type"]),
        )

    def text(column: str) -> pd.Series:
        values = f[column]
        table.report.add_missing(column, int((values == MISSING).sum()))
        return values.where(values != MISSING, "")

    out = pd.DataFrame(
        {
            "odcaf_index": pd.to_numeric(f["Index"]).astype("Int64"),
            "name": f["Facility_Name"],
            "facility_type": f["ODCAF_Facility_Type"],
            "source_facility_type": text("Source_Facility_Type"),
            "provider": text("Provider"),
            "csd_uid_2016": text("CSDUID"),
            "lat": to_number(table, "Latitude", markers=(MISSING,), minimum=-90, maximum=90),
            "lon": to_number(table, "Longitude", markers=(MISSING,), minimum=-180, maximum=180),
        }
    )
    table.report.rows_kept = len(out)
    table.report.vintage = "v1.0"
    return out.sort_values("odcaf_index").reset_index(drop=True), table.report
