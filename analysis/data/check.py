"""``companion data check``: validate every processed and case table against its schema."""

from __future__ import annotations

import json
from pathlib import Path

import shapely.geometry

from analysis.data import schemas
from analysis.data.datapackage import datapackage
from analysis.data.tableschema import Problem, TableSchema, geojson_properties, read_text_csv, validate_frame

MAX_LAYER_BYTES = 400 * 1024
LAYER_BUDGETS = {"municipal_polygons": 1536 * 1024}  # about 1,300 polygons; the others stay under MAX_LAYER_BYTES


def _check_layer(path: Path, schema: TableSchema) -> list[Problem]:
    problems = []
    size = path.stat().st_size
    budget = LAYER_BUDGETS.get(schema.name, MAX_LAYER_BYTES)
    if size > budget:
        problems.append(
            Problem(schema.name, "geometry", f"file is {size // 1024} KB, over the {budget // 1024} KB budget", [])
        )
    try:
        properties, geometries = geojson_properties(path)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Problem(schema.name, "*", f"not readable GeoJSON ({error})", [])]
    if not geometries and schema.min_rows == 0:  # an optional layer whose source was not given
        return problems
    problems += validate_frame(properties, schema)
    for i, geometry in enumerate(geometries):
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(schema.name, "geometry", "not a polygon", [f"feature {i + 1}"]))
            continue
        shape = shapely.geometry.shape(geometry)
        if shape.is_empty or not shape.is_valid:
            problems.append(
                Problem(
                    schema.name, "geometry", f"invalid polygon ({shapely.is_valid_reason(shape)})", [f"feature {i + 1}"]
                )
            )
        else:
            x0, y0, x1, y1 = shape.bounds
            if x0 < -80.5 or x1 > -56 or y0 < 44.5 or y1 > 63:
                problems.append(
                    Problem(
                        schema.name,
                        "geometry",
                        "coordinates outside Québec (expected WGS84 lon/lat)",
                        [f"feature {i + 1}"],
                    )
                )
    return problems


CASE_REFERENCES = (
    ("timeline", "organisation_id", "organisations", "org_id"),
    ("resources", "project_org_id", "organisations", "org_id"),
    ("resources", "provider_org_id", "organisations", "org_id"),
    ("ties", "org_from", "organisations", "org_id"),
    ("ties", "org_to", "organisations", "org_id"),
    ("people", "org_id", "organisations", "org_id"),
    ("policies", "body_org_id", "organisations", "org_id"),
    ("diffusion", "from_org_id", "organisations", "org_id"),
    ("diffusion", "to_org_id", "organisations", "org_id"),
    ("diffusion", "person_id", "people", "person_id"),
    ("diffusion", "policy_id", "policies", "policy_id"),
)
"""Columns of the case tables that refer to another case table: (table, column, referred table, its key)."""


def _foreign_keys(data: Path) -> list[Problem]:
    """Case tables that point to organisations, people or policies must point to existing ones."""
    problems = []
    keys: dict[tuple[str, str], set[str]] = {}
    for table, column, target, key in CASE_REFERENCES:
        path = data / "case" / f"{table}.csv"
        target_path = data / "case" / f"{target}.csv"
        if not path.exists() or not target_path.exists():
            continue
        if (target, key) not in keys:
            keys[(target, key)] = set(read_text_csv(target_path)[key])
        frame = read_text_csv(path)
        if column not in frame:
            continue
        bad = (frame[column] != "") & ~frame[column].isin(keys[(target, key)])
        if bad.any():
            examples = [f"row {i + 2}: {v!r}" for i, v in frame.loc[bad, column].head(5).items()]
            problems.append(
                Problem(f"case_{table}", column, f"refers to a {key} value that is not in {target}.csv", examples)
            )
    return problems


def check(data: Path) -> list[Problem]:
    """Every problem found in the data folder (an empty list means all is well).

    Checks, for every processed and case table of :func:`analysis.data.schemas.schemas_for`:
    that the file exists and can be read, that it matches its schema (columns and their
    order, types, ranges, codes, patterns, keys, row count); for the polygon layers, that
    each feature is a valid polygon inside Québec in WGS84 lon/lat and the file stays
    under its budget (``MAX_LAYER_BYTES``, or ``LAYER_BUDGETS`` for the municipal
    polygons); that the case tables refer only to organisations, people and policies that
    exist (:data:`CASE_REFERENCES`); and that ``datapackage.json`` exists and equals the one the
    schemas generate.

    Parameters
    ----------
    data : pathlib.Path
        The data folder (holding ``processed/``, ``case/`` and ``datapackage.json``).

    Returns
    -------
    list of analysis.data.tableschema.Problem
        One per violation (table, column, rule and up to five example rows).
    """
    data = Path(data)
    problems: list[Problem] = []
    for schema in schemas.schemas_for(data):
        path = data / schema.path
        if not path.exists():
            problems.append(Problem(schema.name, "*", f"file {schema.path} is missing", []))
            continue
        if schema.geometry:
            problems += _check_layer(path, schema)
        else:
            try:
                frame = read_text_csv(path)
            except Exception as error:  # unreadable CSV
                problems.append(Problem(schema.name, "*", f"cannot be read as UTF-8 CSV ({error})", []))
                continue
            problems += validate_frame(frame, schema)
    problems += _foreign_keys(data)
    package = data / "datapackage.json"
    municipalities = data / "processed" / "municipalities.csv"
    if not package.exists():
        problems.append(Problem("datapackage", "*", "datapackage.json is missing", []))
    elif municipalities.exists():
        header = list(read_text_csv(municipalities).columns)
        years = schemas.decree_years_in(header)
        if json.loads(package.read_text(encoding="utf-8")) != datapackage(years, census_profile=header):
            problems.append(
                Problem(
                    "datapackage",
                    "*",
                    "datapackage.json is out of date with the schemas; run `companion data build` or `companion data package`",
                    [],
                )
            )
    return problems
