"""Readers for the LODE Rural and Small Town viewer: its search index, or the mirror's derived CSV.

The viewer's own ``config.search.json`` (official) gives every 2016 CSD's bounding box;
the mirror's ``csd2016_qc_rural_flag_pop2016_bbox.csv`` (derived from it and the
viewer's per-CSD files) adds the rural/urban flag and the 2016 population. Either is read.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError, example_rows
from analysis.data.pipeline.io import (
    FileReport,
    RawTable,
    normalise_text,
    open_bytes,
    read_table,
    require_pattern,
    require_unique,
    to_number,
)

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
    table.report.vintage = "2016"
    return out, table.report


def read_lode_search(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec items of the LODE viewer's own search index ``config.search.json``: bounding-box centres.

    The viewer's search index lists every 2016 census subdivision of Canada as
    ``[CSDUID, name, xmin, ymin, xmax, ymax]`` (lon/lat degrees). It has no rural/urban
    flag and no population: the build takes the flag from the Statistical Area
    Classification, which is how LODE defines it (inside a CMA or CA = Urban).

    Parameters
    ----------
    path : pathlib.Path
        ``config.search.json`` as published in the viewer (UTF-8 JSON with an ``items`` list).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD: ``csd_uid``, ``lon`` and ``lat`` (centre of the bounding
        box, WGS84 degrees) and ``xmin``, ``xmax``, ``ymin``, ``ymax``.
    report : analysis.data.pipeline.io.FileReport
        With ``vintage`` ``"2016"`` (the census geography).

    Raises
    ------
    InputError
        When the file is not JSON with an ``items`` list of six-field items, there is no
        Québec item, a code is not 7 digits or repeated, or a coordinate is not a number
        in range.

    References
    ----------
    Statistics Canada, Centre for Special Business Projects, Rural and Small Town (LODE)
    viewer, ``config/config.search.json``, 2016 census geography.
    """
    data, path = open_bytes(Path(path))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"is not UTF-8 JSON ({error})") from error
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list) or not items:
        raise InputError(path, "has no 'items' list (the viewer's search index lists one item per CSD)")
    bad = [(i, item) for i, item in enumerate(items) if not isinstance(item, list) or len(item) != 6]
    if bad:
        raise InputError(
            path,
            f"{len(bad)} item(s) are not [CSDUID, name, xmin, ymin, xmax, ymax]",
            examples=[f"item {i + 1}: {item!r}"[:120] for i, item in bad[:5]],
        )
    frame = pd.DataFrame(
        [[str(item[0]), normalise_text(pd.Series([str(item[1])]))[0], *item[2:]] for item in items],
        columns=["CSDUID", "CSDNAME", "bbox_xmin", "bbox_ymin", "bbox_xmax", "bbox_ymax"],
    )
    frame["_line"] = range(1, len(frame) + 1)  # item numbers
    frame = frame[frame["CSDUID"].str.startswith("24")].reset_index(drop=True)
    report = FileReport(path=str(path), sha256=hashlib.sha256(data).hexdigest(), encoding="UTF-8", rows_read=len(items))
    table = RawTable(frame=frame.astype({c: str for c in frame.columns if c != "_line"}), report=report, path=path)
    if table.frame.empty:
        raise InputError(path, "no Québec item (CSDUID starting with 24)")
    require_pattern(table, "CSDUID", r"\d{7}", what="7-digit CSD codes")
    require_unique(table, "CSDUID", label="CSD codes")
    xmin = to_number(table, "bbox_xmin", markers=(), minimum=-180, maximum=180)
    xmax = to_number(table, "bbox_xmax", markers=(), minimum=-180, maximum=180)
    ymin = to_number(table, "bbox_ymin", markers=(), minimum=-90, maximum=90)
    ymax = to_number(table, "bbox_ymax", markers=(), minimum=-90, maximum=90)
    out = pd.DataFrame(
        {
            "csd_uid": table.frame["CSDUID"],
            "lon": (xmin + xmax) / 2,
            "lat": (ymin + ymax) / 2,
            "xmin": xmin,
            "xmax": xmax,
            "ymin": ymin,
            "ymax": ymax,
        }
    )
    report.rows_kept = len(out)
    report.vintage = "2016"
    return out, report
