"""Validated loaders: the only way chapters read data.

Each loader reads a table from the data folder (``$COMPANION_DATA``, default ``data/``),
checks it against its schema and returns it typed (``Int64`` counts, ``float64``
measures, ``boolean`` flags, ``string`` codes, so that codes keep their leading zeros).
A table that breaks its schema raises :class:`DataError` instead of being analysed.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.data import paths, schemas
from analysis.data.tableschema import TableSchema, coerce, geojson_properties, read_text_csv, validate_frame


class DataError(Exception):
    """A processed or case table that does not match its schema."""


def _schema(name: str, data: Path) -> TableSchema:
    for schema in schemas.schemas_for(data):
        if schema.name == name:
            return schema
    raise KeyError(name)


def table(name: str, data: str | Path | None = None) -> pd.DataFrame:
    """Load the table ``name`` (a schema name, e.g. ``municipalities``, ``case_timeline``)."""
    folder = paths.data_dir(data)
    schema = _schema(name, folder)
    path = folder / schema.path
    if not path.exists():
        raise DataError(f"{path}: missing; run `companion data build` or check $COMPANION_DATA")
    frame = read_text_csv(path)
    problems = validate_frame(frame, schema)
    if problems:
        raise DataError(f"{path} does not match its schema:\n" + "\n".join(map(str, problems)))
    typed, _ = coerce(frame, schema)
    for f in schema.fields:
        if f.type == "string":
            typed[f.name] = typed[f.name].astype("string")
        elif f.type == "number":
            typed[f.name] = typed[f.name].astype("float64")
    return typed


def layer(name: str, data: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load a polygon layer (``mrc_polygons``, ``region_polygons``, ``census_division_polygons``) in WGS84."""
    folder = paths.data_dir(data)
    schema = _schema(name, folder)
    path = folder / schema.path
    if not path.exists():
        raise DataError(f"{path}: missing; run `companion data build` or check $COMPANION_DATA")
    properties, _ = geojson_properties(path)
    problems = validate_frame(properties, schema)
    if problems:
        raise DataError(f"{path} does not match its schema:\n" + "\n".join(map(str, problems)))
    document = json.loads(path.read_text(encoding="utf-8"))
    frame = gpd.GeoDataFrame.from_features(document["features"], crs="EPSG:4326")
    for f in schema.fields:
        frame[f.name] = frame[f.name].astype("string")
    return frame[[*schema.columns, "geometry"]]


def municipalities(data: str | Path | None = None) -> pd.DataFrame:
    """Municipal entities of the current register with every joined indicator."""
    return table("municipalities", data)


def mrc(data: str | Path | None = None) -> pd.DataFrame:
    """MRCs and territoires équivalents with region and population."""
    return table("mrc", data)


def regions(data: str | Path | None = None) -> pd.DataFrame:
    """Administrative regions with population."""
    return table("regions", data)


def census_divisions(data: str | Path | None = None) -> pd.DataFrame:
    """Québec census divisions 2021."""
    return table("census_divisions", data)


def code_changes(data: str | Path | None = None) -> pd.DataFrame:
    """Codes that changed between vintages, with inferred successors."""
    return table("code_changes", data)


def mrc_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    return layer("mrc_polygons", data)


def region_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    return layer("region_polygons", data)


def census_division_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    return layer("census_division_polygons", data)


def case(name: str, data: str | Path | None = None) -> pd.DataFrame:
    """A Saint-Camille case table: ``population``, ``timeline``, ``organisations``, ``resources``, ``national_effect``, ``ties``."""
    return table(f"case_{name}", data)
