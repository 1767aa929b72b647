"""Deterministic writers: the same tables always give the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.data.tableschema import TableSchema

COORDINATE_DECIMALS = 5  # about one metre


def _format(value, kind: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        text = f"{float(value):.10g}"
        return text if "e" not in text else f"{float(value):.10f}".rstrip("0").rstrip(".")
    return str(value)


def table_to_csv(frame: pd.DataFrame, schema: TableSchema) -> str:
    """CSV text of ``frame`` in the schema's column order and formats (UTF-8, ``\\n``)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(schema.columns)
    kinds = [f.type for f in schema.fields]
    for row in frame[schema.columns].itertuples(index=False, name=None):
        writer.writerow([_format(v, k) for v, k in zip(row, kinds)])
    return buffer.getvalue()


def _rounded(geometry):
    return shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DECIMALS))


def layer_to_geojson(frame: gpd.GeoDataFrame, schema: TableSchema) -> str:
    """GeoJSON text (RFC 7946, WGS84), one feature per line, properties in schema order."""
    kinds = {f.name: f.type for f in schema.fields}
    lines = []
    for _, row in frame.iterrows():
        geometry = _rounded(row.geometry)
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        properties = {name: _format(row[name], kinds[name]) or None for name in schema.columns}
        feature = {"type": "Feature", "properties": properties, "geometry": shapely.geometry.mapping(geometry)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
