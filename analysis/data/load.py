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
    """Load the table ``name`` (a schema name, e.g. ``municipalities``, ``case_timeline``).

    The file is read as text, checked against its schema
    (:func:`analysis.data.schemas.schemas_for`) and only then typed.

    Parameters
    ----------
    name : str
        A table schema name: ``municipalities``, ``mrc``, ``regions``,
        ``census_divisions``, ``code_changes`` or ``case_<name>`` (see :func:`case`); the
        polygon layers are read with :func:`layer`.
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame
        The schema's columns in its order: ``Int64`` integers (counts), ``float64``
        numbers (measures), ``boolean`` flags, ``string`` codes, names and dates (codes
        keep their leading zeros); blanks are missing values.

    Raises
    ------
    KeyError
        When ``name`` is not the name of a schema.
    DataError
        When the file is missing or does not match its schema (every problem is listed).
    """
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
    """Load a polygon layer (``mrc_polygons``, ``region_polygons``, ``census_division_polygons``) in WGS84.

    Parameters
    ----------
    name : {"mrc_polygons", "region_polygons", "census_division_polygons", "municipal_polygons"}
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per polygon, WGS84 (EPSG:4326) longitude/latitude, simplified; the schema's
        columns as ``string`` codes and names, then ``geometry``.

    Raises
    ------
    KeyError
        When ``name`` is not the name of a schema.
    DataError
        When the file is missing or its properties do not match the schema.
    """
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
    """Municipal entities of the current register with every joined indicator.

    Typed and validated by :func:`table` (``municipalities``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, about 1,300 rows
        One row per municipal entity of the current MAMH register (primary key ``csd_uid``,
        7-digit 2021 CSD code): names, MRC and region, census populations 2016 and 2021
        (``pop_census_<year>``, persons) and population decrees (``pop_decree_<year>``),
        ``remoteness_2016`` and ``remoteness_2021`` (0-1; two editions on different
        scales: compare ranks, not values), ``sac_class_2016``, ``rural_urban_2016``, the
        CWB score and components (0-100) of 2021, 2016 and 2006 (``cwb_<part>_<year>``)
        with ``pop_census_2006``, census indicators (income in CAD, shares in %),
        ``cultural_facilities_2016`` (ODCAF count), location (``lon``, ``lat``) and join
        status. The full list, with units, is the
        ``municipalities`` resource of ``data/datapackage.json``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités;
    Statistics Canada, Census Profile 2016 (98-401-X2016065) and 2021 (98-401-X2021005);
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001); Statistics Canada,
    Statistical Area Classification 2016; Statistics Canada, LODE rural viewer 2016;
    Indigenous Services Canada, Community Well-Being Index 2006, 2016 and 2021;
    Statistics Canada, Open Database of Cultural and Art Facilities v1.0.
    """
    return table("municipalities", data)


# -------------------------------------------------------------------------------------
# Census Profile measures (official long-format downloads): present only when built from them


def census_profile_columns(data: str | Path | None = None) -> list[str]:
    """The Census Profile measures the municipal table holds (empty when built without the official files).

    ``university_25_64_pct_<year>`` and ``knowledge_industries_pct_<year>`` (2016, 2021)
    are computed only from Statistics Canada's comprehensive Census Profile downloads
    (98-401-X2016065, 98-401-X2021005); the raw mirror does not hold them, so a chapter
    calls this to say when these measures are not available.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    list of str
        Those of :data:`analysis.data.schemas.CENSUS_PROFILE_FIELDS` present in
        ``processed/municipalities.csv``, in schema order.

    Raises
    ------
    DataError
        When the municipal table is missing.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census (98-401-X2016065) and 2021 Census of
    Population (98-401-X2021005).
    """
    folder = paths.data_dir(data)
    path = folder / "processed" / "municipalities.csv"
    if not path.exists():
        raise DataError(f"{path}: missing; run `companion data build` or check $COMPANION_DATA")
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split(",")
    return schemas.census_profile_columns_in(header)


# -------------------------------------------------------------------------------------


def mrc(data: str | Path | None = None) -> pd.DataFrame:
    """MRCs and territoires équivalents with region and population.

    Typed and validated by :func:`table` (``mrc``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, about 104 rows
        One row per MRC (primary key ``mrc_code``, 2-digit SDA code): ``mrc_name``,
        ``mrc_type``, ``region_code``, ``region_name``, ``cd_uid`` and ``cd_pop_2021``
        (the census division with the same code), the populations of its entities
        (census 2016 and 2021, decrees, persons) and ``land_area_km2``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA); Ministère des
    Affaires municipales et de l'Habitation, Répertoire des municipalités; Statistics
    Canada, Census 2016 and 2021; Statistics Canada, table 98-10-0007-01.
    """
    return table("mrc", data)


def regions(data: str | Path | None = None) -> pd.DataFrame:
    """Administrative regions with population.

    Typed and validated by :func:`table` (``regions``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, 17 rows
        One row per administrative region (primary key ``region_code``): ``region_name``,
        ``n_mrc`` and the populations of its entities (census 2016 and 2021, decrees,
        persons).

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA); Ministère des
    Affaires municipales et de l'Habitation, Répertoire des municipalités; Statistics
    Canada, Census 2016 and 2021.
    """
    return table("regions", data)


def census_divisions(data: str | Path | None = None) -> pd.DataFrame:
    """Québec census divisions 2021.

    Typed and validated by :func:`table` (``census_divisions``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, about 98 rows
        One row per census division (primary key ``cd_uid``, 4 digits): ``cd_name``,
        ``cd_type``, ``cd_pop_2021`` (persons), ``cd_land_area_km2`` and ``mrc_code`` (the
        SDA MRC with the same code, when there is one).

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Statistics Canada, Population and dwelling counts: Canada and census divisions
    (98-10-0007-01), 2021 Census.
    """
    return table("census_divisions", data)


def code_changes(data: str | Path | None = None) -> pd.DataFrame:
    """Codes that changed between vintages, with inferred successors.

    Typed and validated by :func:`table` (``code_changes``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame
        One row per (``vintage``, ``code``) not in the current register: ``name``,
        ``status`` (merged, recoded or absent), ``successor_mamh_code``,
        ``successor_name`` and ``evidence`` (inferences are marked as such).

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités;
    Statistics Canada, Census 2016 and 2021 geographies.
    """
    return table("code_changes", data)


def wellbeing_trajectory(data: str | Path | None = None) -> pd.DataFrame:
    """Community Well-Being of every current municipal entity in every census year read (2006, 2016, 2021).

    Typed and validated by :func:`table` (``wellbeing_trajectory``). Each year's values
    are on that year's census geography, carried to the current entity by code (the
    crosswalk of :func:`code_changes`). A merged entity has its predecessors' summed
    population and no index (indices are never averaged); an entity with no predecessor
    in a year has a row with ``link`` ``absent`` and no values.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, one row per entity and year (about 3,850 rows)
        ``csd_uid`` (current entity, 7 digits; joins ``municipalities``), ``year``,
        ``source_csd_uid`` (that year's code; several joined by ``;`` for a merger),
        ``link`` (``matched``, ``renamed``, ``recoded``, ``merged`` or ``absent``),
        ``population`` (persons), ``cwb``, ``income``, ``education``, ``housing``,
        ``labour`` (scores 0-100), ``community_type`` and ``link_note``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2006, 2016 and 2021,
    https://www.sac-isc.gc.ca/eng/1419773101942/1419773233645.
    """
    return table("wellbeing_trajectory", data)


def cultural_facilities(data: str | Path | None = None) -> pd.DataFrame:
    """Québec's cultural and art facilities of ODCAF v1.0, with their 2016 CSD and current entity.

    Typed and validated by :func:`table` (``cultural_facilities``). Their count per
    entity is ``cultural_facilities_2016`` of :func:`municipalities`.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame, one row per facility (2,238 in ODCAF v1.0; empty when the file was not in the raw folder)
        ``odcaf_index`` (ODCAF id), ``name``, ``facility_type`` (ODCAF harmonised type),
        ``source_facility_type``, ``provider``, ``csd_uid_2016`` (its 2016 CSD),
        ``csd_uid`` (the current entity it is counted in; missing when none), ``lat`` and
        ``lon`` (WGS84 degrees; missing when not published).

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Statistics Canada (2020), Open Database of Cultural and Art Facilities (ODCAF),
    version 1.0, https://www.statcan.gc.ca/en/lode/databases/odcaf.
    """
    return table("cultural_facilities", data)


def mrc_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    """MRC and territoire-équivalent polygons (``mrc_code``, ``mrc_name``, ``region_code``).

    Validated by :func:`layer` (``mrc_polygons``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per polygon, WGS84 (EPSG:4326) longitude/latitude, simplified; the schema's
        columns as ``string`` codes and names, then ``geometry``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    return layer("mrc_polygons", data)


def region_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    """Administrative region polygons (``region_code``, ``region_name``), unions of the MRC polygons.

    Validated by :func:`layer` (``region_polygons``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per polygon, WGS84 (EPSG:4326) longitude/latitude, simplified; the schema's
        columns as ``string`` codes and names, then ``geometry``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    return layer("region_polygons", data)


def municipal_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame | None:
    """Municipal polygons (``csd_uid``, ``name``, ``mrc_code``), or None when the data has none.

    The layer exists only when the SDA municipal layer (``munic_s``) was in the raw folder
    of the build; the project's mirror does not hold it, so the committed data has none.
    A map draws these polygons, joined to :func:`municipalities` on ``csd_uid``, when this
    returns a layer, and the municipalities' points (``lon``, ``lat``) otherwise, and its
    caption says which.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    geopandas.GeoDataFrame or None
        One row per municipal entity of the current register that has a polygon, WGS84
        (EPSG:4326) longitude/latitude, simplified as a coverage (shared borders stay
        shared); None when ``processed/municipalities.geojson`` is missing or empty.

    Raises
    ------
    DataError
        When the layer's properties do not match its schema.

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), layer ``munic_s``.
    """
    folder = paths.data_dir(data)
    path = folder / _schema("municipal_polygons", folder).path
    if not path.exists():
        return None
    if not json.loads(path.read_text(encoding="utf-8")).get("features"):
        return None
    return layer("municipal_polygons", data)


def census_division_polygons(data: str | Path | None = None) -> gpd.GeoDataFrame:
    """Census-division polygons of Québec (``cd_uid``, ``cd_name``).

    Validated by :func:`layer` (``census_division_polygons``).

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per polygon, WGS84 (EPSG:4326) longitude/latitude, simplified; the schema's
        columns as ``string`` codes and names, then ``geometry``.

    Raises
    ------
    DataError
        When the file is missing or does not match its schema (every problem is listed).

    References
    ----------
    Statistics Canada, 2021 Census cartographic boundary file, census divisions
    (lcd_000b21a_e).
    """
    return layer("census_division_polygons", data)


def case(name: str, data: str | Path | None = None) -> pd.DataFrame:
    """A Saint-Camille case table, curated by hand, every row sourced and graded.

    The case tables are curated by hand (``data/case/<name>.csv``); every row carries its
    source (``source_url``) and a reliability grade (``reliability``, A-D), and
    conflicting figures are separate rows sharing a ``conflict_group``. The first six hold
    the village's record (population figures, dated events, organisations, the resource
    ledger, media and academic attention, ties between organisations); the people and
    policy layer adds ``people`` (people in their published public roles only),
    ``policies`` (rural policies, programmes and local measures), ``objective`` (the
    demographic objective dated from every source), ``diffusion`` (channels to other
    places and to regional and national bodies) and ``distances`` (distances as stated,
    with the quantity each measures).

    Parameters
    ----------
    name : {"population", "timeline", "organisations", "resources", "national_effect", "ties", \
"people", "policies", "objective", "diffusion", "distances"}
    data : str or pathlib.Path, optional
        The data folder (default ``$COMPANION_DATA``, else ``data/`` of the repository;
        :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame
        Typed as by :func:`table` (schema ``case_<name>``; columns in
        ``data/datapackage.json``).

    Raises
    ------
    KeyError
        When ``name`` is not one of the eleven case tables.
    DataError
        When the file is missing or does not match its schema.
    """
    return table(f"case_{name}", data)
