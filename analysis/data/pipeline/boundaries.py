"""Readers for polygon layers: SDA MRCs and regions (MRNF), StatCan census divisions.

Accepted formats: GeoJSON (as in the raw mirror), and the official downloads — the SDA
GeoPackage (layers ``mrc_s`` and ``regio_s``, NAD83) or shapefiles, and the StatCan
boundary file. A GeoJSON without a ``crs`` member is read in its source's documented
CRS: WGS84 for the SDA (RFC 7946), EPSG:3347 (Statistics Canada Lambert) for the
StatCan file. Every layer is checked to fall on Québec once reprojected, so a file in
an unexpected CRS stops the build instead of drawing Québec off the map.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, normalise_text, sha256_of
from analysis.data.tableschema import is_mojibake

QUEBEC_BOUNDS = (-80.5, 44.5, -56.0, 63.0)  # lon/lat envelope with a margin
WGS84 = "EPSG:4326"
QUEBEC_LAMBERT = "EPSG:32198"  # NAD83 / Québec Lambert, metres: used to simplify


def _crs_of_member(path: Path, member: dict) -> str:
    name = (member.get("properties") or {}).get("name", "")
    match = re.search(r"EPSG:{1,2}(\d+)", name)
    if match:
        return f"EPSG:{match.group(1)}"
    if "CRS84" in name:
        return WGS84
    raise InputError(path, f"unknown 'crs' member {name!r}", hint="use RFC 7946 GeoJSON (lon/lat) or a GeoPackage")


def read_layer(
    path: Path, *, layer: str | None, default_crs: str, documented_encoding: str | None = None
) -> tuple[gpd.GeoDataFrame, FileReport]:
    """Read a vector layer, set its CRS (declared, else ``default_crs``) and reproject to WGS84.

    Parameters
    ----------
    path : pathlib.Path
        A GeoJSON FeatureCollection (``.geojson``/``.json``; a legacy ``crs`` member is
        honoured) or any file GDAL reads (GeoPackage, shapefile).
    layer : str or None
        The layer to read in a multi-layer file (e.g. ``"mrc_s"`` in the SDA GeoPackage).
    default_crs : str
        The CRS to assume when the file declares none (e.g. ``"EPSG:4326"``).
    documented_encoding : str, optional
        For a shapefile without ``.cpg`` whose attributes are not UTF-8: the encoding the
        publisher documents (:func:`shapefile_encoding`).

    Returns
    -------
    frame : geopandas.GeoDataFrame
        The features with their attributes (text on one line: :func:`normalise_text`), in
        the declared (or default) CRS: the reprojection to WGS84 is left to
        :func:`to_wgs84_checked`.
    report : analysis.data.pipeline.io.FileReport
        Path, SHA-256 and ``rows_read``.

    Raises
    ------
    InputError
        When the file is missing or empty, is not UTF-8 JSON or a FeatureCollection, has
        no features, declares an unknown CRS, has malformed geometries, cannot be read
        as a vector layer, is a shapefile whose attribute encoding cannot be established
        (:func:`shapefile_encoding`), or has text attributes decoded into mojibake.
    """
    if not path.exists():
        raise InputError(path, "file not found")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    encoding = None
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as error:
            raise InputError(path, f"is not UTF-8 text ({error})") from error
        except json.JSONDecodeError as error:
            raise InputError(path, f"is not valid JSON (line {error.lineno}: {error.msg})") from error
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            raise InputError(path, "is not a GeoJSON FeatureCollection")
        features = document.get("features") or []
        if not features:
            raise InputError(path, "the layer has no features")
        crs = _crs_of_member(path, document["crs"]) if "crs" in document else default_crs
        try:
            import pyproj

            pyproj.CRS.from_user_input(crs)
        except Exception as error:
            raise InputError(
                path, f"declares an unknown CRS {crs!r}", hint="use RFC 7946 GeoJSON (lon/lat) or a GeoPackage"
            ) from error
        try:
            frame = gpd.GeoDataFrame.from_features(features, crs=crs)
        except Exception as error:  # malformed geometry objects
            raise InputError(path, f"has malformed geometries ({error})") from error
    else:
        encoding = shapefile_encoding(path, documented_encoding) if path.suffix.lower() == ".shp" else None
        try:
            frame = gpd.read_file(path, layer=layer, **({"encoding": encoding} if encoding else {}))
        except Exception as error:
            raise InputError(
                path, f"cannot be read as a vector layer{f' {layer!r}' if layer else ''} ({error})"
            ) from error
        if frame.empty:
            raise InputError(path, "the layer has no features")
        if frame.crs is None:
            frame = frame.set_crs(default_crs)
    for column in frame.columns:
        if column != frame.geometry.name and (
            frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
        ):
            text = frame[column].notna() & frame[column].map(lambda v: isinstance(v, str))
            frame.loc[text, column] = normalise_text(frame.loc[text, column])
            garbled = frame[column].map(is_mojibake).astype(bool)
            if garbled.any():
                raise InputError(
                    path,
                    f"attribute {column!r} is decoded with the wrong encoding (e.g. 'Ã©' for 'é')",
                    column=column,
                    examples=[repr(v) for v in frame.loc[garbled, column].head(5)],
                    hint="keep the .cpg file that came with the shapefile (it declares the encoding), "
                    "or use the GeoPackage or GeoJSON download",
                )
    report = FileReport(path=str(path), sha256=sha256_of(path), encoding=encoding or "", rows_read=len(frame))
    return frame, report


# dBASE language driver IDs (byte 29 of a .dbf header) that name a code page.
DBF_LANGUAGE_DRIVERS = {
    0x01: "cp437",
    0x02: "cp850",
    0x03: "cp1252",
    0x57: "cp1252",
    0x58: "cp1252",
    0x59: "cp1252",
    0x64: "cp852",
    0x65: "cp866",
    0xC8: "cp1250",
    0xC9: "cp1251",
    0xCA: "cp1254",
    0xCB: "cp1253",
}


def _sidecar(path: Path, suffix: str) -> Path | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    return None


def shapefile_encoding(path: Path, documented: str | None = None) -> str | None:
    """The encoding to read a shapefile's attributes with (None: the one its ``.cpg`` declares).

    1. a ``.cpg`` beside the ``.shp`` declares it (GDAL reads it);
    2. else the attribute table (``.dbf``) is tried as UTF-8, strictly: text that decodes
       is UTF-8 (text in another encoding with accents practically never does);
    3. else the code page named by the ``.dbf``'s language driver byte, if any;
    4. else the encoding the publisher documents for the layer (``documented``);
    5. else the build stops and says what is missing.

    Parameters
    ----------
    path : pathlib.Path
        The ``.shp`` file.
    documented : str, optional
        The publisher's documented encoding for this layer, when there is one.

    Returns
    -------
    str or None
        A Python/GDAL encoding name, or None when a ``.cpg`` declares it.

    Raises
    ------
    InputError
        When the ``.dbf`` is missing, or its text is not UTF-8 and nothing declares or
        documents its encoding.
    """
    if _sidecar(path, ".cpg") is not None:
        return None
    dbf = _sidecar(path, ".dbf")
    if dbf is None:
        raise InputError(
            path, "the shapefile's attribute table (.dbf) is missing", hint="keep every file of the download"
        )
    data = dbf.read_bytes()
    if len(data) < 32:
        raise InputError(dbf, "is not a dBASE attribute table (too short)")
    records, header, length = (
        int.from_bytes(data[4:8], "little"),
        int.from_bytes(data[8:10], "little"),
        int.from_bytes(data[10:12], "little"),
    )
    body = data[header : header + records * length]
    try:
        body.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        pass
    declared = DBF_LANGUAGE_DRIVERS.get(data[29])
    if declared or documented:
        return declared or documented
    raise InputError(
        path,
        "the attribute table is not UTF-8 and no .cpg file declares its encoding",
        hint="keep the .cpg file that came with the shapefile, or use the GeoPackage or GeoJSON download",
    )


def require_columns(path: Path, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"missing attribute(s) {missing}; attributes found: {[c for c in frame.columns if c != 'geometry']}",
            column=", ".join(missing),
        )


def to_wgs84_checked(path: Path, frame: gpd.GeoDataFrame, *, label: str) -> gpd.GeoDataFrame:
    """Reproject to WGS84 and check the layer falls on Québec."""
    declared = frame.crs.to_string() if frame.crs is not None else "none"
    try:
        out = frame.to_crs(WGS84)
    except Exception as error:
        raise InputError(path, f"cannot be reprojected from {declared} ({error})") from error
    xmin, ymin, xmax, ymax = out.total_bounds
    lon0, lat0, lon1, lat1 = QUEBEC_BOUNDS
    if not (
        np.isfinite([xmin, ymin, xmax, ymax]).all() and xmin >= lon0 and xmax <= lon1 and ymin >= lat0 and ymax <= lat1
    ):
        raw_bounds = ", ".join(f"{v:.6g}" for v in frame.total_bounds)
        raise InputError(
            path,
            f"the {label} do not fall on Québec when read in {declared} "
            f"(bounds in the file: {raw_bounds}); the coordinates are in another CRS than the one declared",
            hint="export the layer with its CRS declared (GeoPackage, or a shapefile with its .prj), "
            "or as RFC 7946 GeoJSON in longitude/latitude",
        )
    return out


def require_valid(path: Path, frame: gpd.GeoDataFrame, code: str, name: str) -> None:
    """Stop on empty, invalid or non-polygonal geometries, naming the features and the reason."""
    empty = frame.geometry.isna() | frame.geometry.is_empty
    polygonal = frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    invalid = ~empty & (~frame.geometry.is_valid | ~polygonal)
    bad = frame[empty | invalid]
    if not bad.empty:
        reasons = [
            reason if kind in ("Polygon", "MultiPolygon", None) else f"a {kind}, not a polygon"
            for reason, kind in zip(shapely.is_valid_reason(bad.geometry.values), bad.geometry.geom_type)
        ]
        examples = [f"{r[code]} {r[name]}: {reason}" for (_, r), reason in zip(bad.iterrows(), reasons)][:5]
        raise InputError(
            path,
            f"{len(bad)} invalid or empty geometr{'y' if len(bad) == 1 else 'ies'}",
            column="geometry",
            examples=examples,
            hint="repair the layer (e.g. make_valid in QGIS or GeoPandas) or download it again",
        )


def _sda_version(frame: pd.DataFrame, column: str) -> str:
    """The SDA version named by the layer's own version attribute (e.g. ``V2026-05``), if any."""
    if column not in frame:
        return ""
    return ", ".join(sorted({str(v) for v in frame[column].dropna()}))


def _sda_source(path: Path, layer: str) -> tuple[str | None, str]:
    if path.suffix.lower() == ".gpkg":
        return layer, "EPSG:4269"
    return None, WGS84


def read_sda_mrc(path: Path) -> tuple[gpd.GeoDataFrame, FileReport]:
    """SDA MRC / territoire équivalent polygons, one (multi)polygon per code, in WGS84.

    Parameters
    ----------
    path : pathlib.Path
        RFC 7946 GeoJSON (WGS84), the SDA GeoPackage (NAD83, EPSG:4269) or a shapefile.
        Layer ``mrc_s``; attributes ``MRS_CO_MRC``, ``MRS_NM_MRC``, ``MRS_CO_REG``,
        ``MRS_NM_REG`` and ``MRS_DE_IND``.

    Returns
    -------
    frame : geopandas.GeoDataFrame
        One row per MRC code (parts dissolved), sorted: ``mrc_code`` (SDA code, e.g.
        ``40``), ``mrc_name``, ``mrc_type``, ``region_code`` (2 digits), ``region_name``
        and ``geometry`` (WGS84).
    report : analysis.data.pipeline.io.FileReport
        The file's path, SHA-256 and rows read and kept.

    Raises
    ------
    InputError
        When the file is missing, empty or unreadable, lacks an attribute, has invalid or
        non-polygonal geometries, or does not fall on Québec once reprojected, or one MRC
        code has two names or regions.

    References
    ----------
    Gouvernement du Québec, Ministère des Ressources naturelles et des Forêts (MRNF),
    Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    layer, default = _sda_source(path, "mrc_s")
    frame, report = read_layer(path, layer=layer, default_crs=default)
    require_columns(path, frame, ("MRS_CO_MRC", "MRS_NM_MRC", "MRS_CO_REG", "MRS_NM_REG", "MRS_DE_IND"))
    frame["MRS_CO_MRC"] = frame["MRS_CO_MRC"].astype(str).str.strip()
    report.vintage = _sda_version(frame, "MRS_CO_VER")
    require_valid(path, frame, "MRS_CO_MRC", "MRS_NM_MRC")
    frame = to_wgs84_checked(path, frame, label="MRC polygons")
    names = frame.groupby("MRS_CO_MRC")[["MRS_NM_MRC", "MRS_CO_REG"]].nunique()
    clash = names[(names > 1).any(axis=1)]
    if not clash.empty:
        examples = [
            f"code {c}: {sorted(frame.loc[c == frame.MRS_CO_MRC, 'MRS_NM_MRC'].unique())}" for c in clash.index[:5]
        ]
        raise InputError(
            path, "duplicate MRC codes with different names or regions", column="MRS_CO_MRC", examples=examples
        )
    frame = frame.rename(
        columns={
            "MRS_CO_MRC": "mrc_code",
            "MRS_NM_MRC": "mrc_name",
            "MRS_DE_IND": "mrc_type",
            "MRS_CO_REG": "region_code",
            "MRS_NM_REG": "region_name",
        }
    )
    frame["region_code"] = frame["region_code"].astype(str).str.zfill(2)
    dissolved = frame.dissolve(by="mrc_code", aggfunc="first", as_index=False)
    dissolved = dissolved[["mrc_code", "mrc_name", "mrc_type", "region_code", "region_name", "geometry"]]
    report.rows_kept = len(dissolved)
    return dissolved.sort_values("mrc_code").reset_index(drop=True), report


def read_sda_regions(path: Path) -> tuple[gpd.GeoDataFrame, FileReport]:
    """SDA administrative regions: ``region_code``, ``region_name`` and geometry (WGS84).

    Parameters
    ----------
    path : pathlib.Path
        RFC 7946 GeoJSON (WGS84), the SDA GeoPackage (NAD83, EPSG:4269) or a shapefile.
        Layer ``regio_s``; attributes ``RES_CO_REG`` and ``RES_NM_REG``.

    Returns
    -------
    frame : geopandas.GeoDataFrame
        One row per region code (parts dissolved), sorted: ``region_code`` (2 digits),
        ``region_name`` and ``geometry`` (WGS84).
    report : analysis.data.pipeline.io.FileReport
        The file's path, SHA-256 and rows read and kept.

    Raises
    ------
    InputError
        When the file is missing, empty or unreadable, lacks an attribute, has invalid or
        non-polygonal geometries, or does not fall on Québec once reprojected.

    References
    ----------
    Gouvernement du Québec, Ministère des Ressources naturelles et des Forêts (MRNF),
    Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    layer, default = _sda_source(path, "regio_s")
    frame, report = read_layer(path, layer=layer, default_crs=default)
    require_columns(path, frame, ("RES_CO_REG", "RES_NM_REG"))
    frame["RES_CO_REG"] = frame["RES_CO_REG"].astype(str).str.strip().str.zfill(2)
    report.vintage = _sda_version(frame, "RES_CO_VER")
    require_valid(path, frame, "RES_CO_REG", "RES_NM_REG")
    frame = to_wgs84_checked(path, frame, label="region polygons")
    frame = frame.rename(columns={"RES_CO_REG": "region_code", "RES_NM_REG": "region_name"})
    dissolved = frame.dissolve(by="region_code", aggfunc="first", as_index=False)[
        ["region_code", "region_name", "geometry"]
    ]
    report.rows_kept = len(dissolved)
    return dissolved.sort_values("region_code").reset_index(drop=True), report


def read_cd_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, FileReport]:
    """Québec census-division polygons from the StatCan boundary file (EPSG:3347 when undeclared).

    Parameters
    ----------
    path : pathlib.Path
        The 2021 cartographic boundary file (``lcd_000b21a_e``) as a shapefile or GeoJSON;
        attributes ``CDUID``, ``CDNAME`` and ``PRUID``.

    Returns
    -------
    frame : geopandas.GeoDataFrame
        One row per Québec census division (``PRUID`` 24), sorted: ``cd_uid`` (4 digits),
        ``cd_name`` and ``geometry`` (WGS84).
    report : analysis.data.pipeline.io.FileReport
        The file's path, SHA-256 and rows read and kept.

    Raises
    ------
    InputError
        When the file is missing, empty or unreadable, lacks an attribute, has invalid or
        non-polygonal geometries, or does not fall on Québec once reprojected, has no
        Québec division, or repeats a division code.

    References
    ----------
    Statistics Canada, 2021 Census cartographic boundary file, census divisions
    (lcd_000b21a_e).
    """
    frame, report = read_layer(path, layer=None, default_crs="EPSG:3347")
    require_columns(path, frame, ("CDUID", "CDNAME", "PRUID"))
    frame["PRUID"] = frame["PRUID"].astype(str)
    frame = frame[frame["PRUID"] == "24"].copy()
    if frame.empty:
        raise InputError(path, "no Québec census divisions (PRUID 24)", column="PRUID")
    frame["CDUID"] = frame["CDUID"].astype(str)
    if frame["CDUID"].duplicated().any():
        dups = sorted(frame.loc[frame["CDUID"].duplicated(), "CDUID"].unique())
        raise InputError(
            path, "duplicate census division codes", column="CDUID", examples=[f"CDUID {d}" for d in dups[:5]]
        )
    require_valid(path, frame, "CDUID", "CDNAME")
    frame = to_wgs84_checked(path, frame, label="census-division polygons")
    out = frame.rename(columns={"CDUID": "cd_uid", "CDNAME": "cd_name"})[["cd_uid", "cd_name", "geometry"]]
    report.rows_kept = len(out)
    return out.sort_values("cd_uid").reset_index(drop=True), report


def simplify_coverage(geometries: gpd.GeoSeries, tolerance_m: float, gap_m: float = 200.0) -> gpd.GeoSeries:
    """Simplify polygons that tile a territory, keeping their shared borders shared.

    The layer is projected to Québec Lambert (metres), cleaned into a proper coverage
    (slivers and overlaps from an earlier per-polygon simplification are resolved,
    gaps narrower than ``gap_m`` closed), then simplified as a coverage: each shared
    border is simplified once, so neighbours still meet exactly.
    """
    projected = geometries.to_crs(QUEBEC_LAMBERT)
    cleaned = shapely.coverage_clean(projected.values, gap_width=gap_m)
    simplified = shapely.coverage_simplify(cleaned, tolerance_m)
    return gpd.GeoSeries(simplified, index=geometries.index, crs=QUEBEC_LAMBERT).to_crs(WGS84)


MUNICIPAL_LAYER = "munic_s"


def read_sda_municipalities(path: Path) -> tuple[gpd.GeoDataFrame, FileReport]:
    """SDA municipal polygons (layer ``munic_s``), one (multi)polygon per municipal code, in WGS84.

    Parameters
    ----------
    path : pathlib.Path
        The SDA GeoPackage (layer ``munic_s``, NAD83 when undeclared), a shapefile
        ``munic_s.shp`` (CRS from its ``.prj``; encoding as :func:`shapefile_encoding`) or
        a GeoJSON (RFC 7946 lon/lat, or a declared ``crs``). Attributes ``MUS_CO_GEO``
        (the 5-digit MAMH geographic code) and ``MUS_NM_MUN`` (name); ``MUS_CO_VER``
        (SDA version) when present.

    Returns
    -------
    frame : geopandas.GeoDataFrame
        One row per code (parts with the same code dissolved), sorted: ``mamh_code``,
        ``sda_name`` and ``geometry`` (WGS84).
    report : analysis.data.pipeline.io.FileReport
        The file's path, SHA-256, rows read and kept, and ``vintage`` (the SDA version).

    Raises
    ------
    InputError
        When the file is missing, empty or unreadable, lacks an attribute, has a code that
        is not 5 digits, has one code with two names, has invalid or non-polygonal
        geometries, or does not fall on Québec once reprojected.

    References
    ----------
    Gouvernement du Québec, Ministère des Ressources naturelles et des Forêts (MRNF),
    Découpages administratifs (SDA 1:20 000), layer ``munic_s``.
    """
    layer, default = _sda_source(path, MUNICIPAL_LAYER)
    frame, report = read_layer(path, layer=layer, default_crs=default)
    require_columns(path, frame, ("MUS_CO_GEO", "MUS_NM_MUN"))
    frame["MUS_CO_GEO"] = frame["MUS_CO_GEO"].astype(str).str.strip()
    bad = ~frame["MUS_CO_GEO"].str.fullmatch(r"\d{5}")
    if bad.any():
        raise InputError(
            path,
            f"{int(bad.sum())} value(s) of 'MUS_CO_GEO' are not 5-digit geographic codes",
            column="MUS_CO_GEO",
            examples=[repr(v) for v in frame.loc[bad, "MUS_CO_GEO"].head(5)],
        )
    report.vintage = _sda_version(frame, "MUS_CO_VER")
    require_valid(path, frame, "MUS_CO_GEO", "MUS_NM_MUN")
    frame = to_wgs84_checked(path, frame, label="municipal polygons")
    names = frame.groupby("MUS_CO_GEO")["MUS_NM_MUN"].nunique()
    clash = names[names > 1]
    if not clash.empty:
        examples = [
            f"code {c}: {sorted(frame.loc[c == frame.MUS_CO_GEO, 'MUS_NM_MUN'].unique())}" for c in clash.index[:5]
        ]
        raise InputError(path, "one code with several names", column="MUS_CO_GEO", examples=examples)
    frame = frame.rename(columns={"MUS_CO_GEO": "mamh_code", "MUS_NM_MUN": "sda_name"})
    dissolved = frame.dissolve(by="mamh_code", aggfunc="first", as_index=False)[["mamh_code", "sda_name", "geometry"]]
    report.rows_kept = len(dissolved)
    return dissolved.sort_values("mamh_code").reset_index(drop=True), report


def has_layer(path: Path, layer: str) -> bool:
    """Whether a GeoPackage holds the layer ``layer``.

    Parameters
    ----------
    path : pathlib.Path
    layer : str

    Returns
    -------
    bool
    """
    try:
        import pyogrio

        return layer in {name for name, _ in pyogrio.list_layers(path)}
    except Exception:
        return False
