"""Saint-Camille on the map (chapter 6): straight-line distances from the case municipality.

Locations are the centres of the 2016 census-subdivision bounding boxes of the
municipalities table, not village cores or city halls; distances are straight lines on
the WGS84 ellipsoid (geodesics), not road distances. Straight lines and road distances are
different quantities: :func:`distance_quantities` lists every distance of the case with what
it measures, and only like is compared with like (the talk's "200 km" is a road figure; no
source gives the road distance, so it is set beside the straight lines, never divided by
them). :func:`distance_headlines` keeps the first edition's headline names, including its
ratios of the talk's figure to straight lines; :func:`distance_summary` is its replacement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer

from analysis.vocabulary import MONTREAL, MONTREAL_AGGLOMERATION, SAINT_CAMILLE, SHERBROOKE, VAL_DES_SOURCES

if TYPE_CHECKING:
    import geopandas as gpd

# Places the chapter measures Saint-Camille against, with the reason each one matters.
REFERENCES = {
    SHERBROOKE: "regional metropolis (census metropolitan area)",
    VAL_DES_SOURCES: "seat of MRC Les Sources",
    MONTREAL: "the metropolis of the talk's '200 km from Mtl'",
}
SAME_MRC = "same MRC"
"""The role of a municipality measured because it belongs to the same MRC as the origin."""

GEOD = Geod(ellps="WGS84")

# The talk's own figure, from its slide "The Saint-Camille Case": "Rural Community: 200 km from
# Mtl (450 h.)". Quoted, not data: it is neither dated nor sourced in the talk.
TALK_DISTANCE_KM = 200


def distance_km(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Straight-line (geodesic, WGS84 ellipsoid) distance between two points, in km.

    Parameters
    ----------
    lon0, lat0 : float
        First point, decimal degrees (WGS84).
    lon1, lat1 : float
        Second point, decimal degrees (WGS84).

    Returns
    -------
    float
        Kilometres along the geodesic (``pyproj.Geod(ellps="WGS84").inv``), unrounded.
    """
    _, _, metres = GEOD.inv(lon0, lat0, lon1, lat1)
    return float(metres) / 1000.0


def distances_from(
    municipalities: pd.DataFrame, origin: str = SAINT_CAMILLE, references: dict[str, str] | None = None
) -> pd.DataFrame:
    """Straight-line distances from one municipality to reference places and to its MRC neighbours.

    Locations are the bounding-box centres of the municipalities table (``lon``, ``lat``):
    a bounding-box centre can lie far from a town's core when the territory is
    irregular (Montréal's lies in the west of the island).

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``); reads ``csd_uid``, ``name``, ``mrc_code``,
        ``mrc_name``, ``lon``, ``lat`` and ``location_method``.
    origin : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the municipality measured from.
    references : dict of str → str, optional
        CSD code → why the place is measured (default ``REFERENCES``: Sherbrooke,
        Val-des-Sources, Montréal); codes not in the table are skipped.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``csd_uid``, ``name``, ``mrc_name``, ``role`` (the reason the
        place is measured, or ``"same MRC"``), ``lon``, ``lat``, ``location_method`` and
        ``distance_km`` (geodesic km; missing for a target without a location);
        reference places first, then the MRC neighbours by distance.

    Raises
    ------
    KeyError
        When ``origin`` is not in ``municipalities``.
    ValueError
        When ``origin`` has no location.
    """
    references = REFERENCES if references is None else references
    table = municipalities.set_index("csd_uid", drop=False)
    if origin not in table.index:
        raise KeyError(f"{origin} is not in the municipalities table")
    start = table.loc[origin]
    if pd.isna(start["lon"]) or pd.isna(start["lat"]):
        raise ValueError(f"{origin} has no location")
    neighbours = table[(table["mrc_code"] == start["mrc_code"]) & (table["csd_uid"] != origin)]
    rows = []
    for code, role in references.items():
        if code in table.index:
            rows.append((table.loc[code], role))
    for _, place in neighbours.iterrows():
        if place["csd_uid"] not in references:
            rows.append((place, SAME_MRC))
    out = pd.DataFrame(
        {
            "csd_uid": [str(p["csd_uid"]) for p, _ in rows],
            "name": [str(p["name"]) for p, _ in rows],
            "mrc_name": [p["mrc_name"] for p, _ in rows],
            "role": [role for _, role in rows],
            "lon": [float(p["lon"]) for p, _ in rows],
            "lat": [float(p["lat"]) for p, _ in rows],
            "location_method": [p["location_method"] for p, _ in rows],
        }
    )
    out["distance_km"] = [
        distance_km(float(start["lon"]), float(start["lat"]), lon, lat) if np.isfinite([lon, lat]).all() else np.nan
        for lon, lat in zip(out["lon"], out["lat"])
    ]
    out["is_reference"] = out["role"] != SAME_MRC
    out = out.sort_values(["is_reference", "distance_km"], ascending=[False, True], kind="stable")
    return out.drop(columns="is_reference").reset_index(drop=True)


def distance_to_area_km(lon: float, lat: float, area: shapely.Geometry) -> float:
    """Straight-line distance from a point to the nearest point of a (WGS84) polygon, in km.

    The polygon is projected on an azimuthal equidistant projection centred on the
    point, which keeps every distance from the point exact; 0 when the point is inside.

    Parameters
    ----------
    lon, lat : float
        The point, decimal degrees (WGS84).
    area : shapely geometry
        A polygon or multipolygon in longitude/latitude (WGS84), e.g. the island of
        Montréal from the MRC layer.

    Returns
    -------
    float
        Kilometres, unrounded.
    """
    centred = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    to_centred = Transformer.from_crs("EPSG:4326", centred, always_xy=True)
    projected = shapely.transform(area, lambda xy: np.column_stack(to_centred.transform(xy[:, 0], xy[:, 1])))
    return float(projected.distance(shapely.Point(0.0, 0.0))) / 1000.0


def location_of(municipalities: pd.DataFrame, csd_uid: str) -> tuple[float, float]:
    """(lon, lat) of one entity: the centre of its 2016 bounding box.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``); must hold ``csd_uid``, ``lon`` and ``lat``.
    csd_uid : str
        7-digit CSD code.

    Returns
    -------
    (float, float)
        Longitude and latitude, decimal degrees (WGS84); ``nan`` when unknown.

    Raises
    ------
    KeyError
        When ``csd_uid`` is not in ``municipalities``.

    References
    ----------
    Statistics Canada, LODE rural viewer 2016 (CSD bounding boxes).
    """
    row = municipalities.set_index("csd_uid").loc[csd_uid]
    return float(row["lon"]), float(row["lat"])


def distance_headlines(
    municipalities: pd.DataFrame, mrc_polygons: gpd.GeoDataFrame, origin: str = SAINT_CAMILLE
) -> dict:
    """The first edition's distance headlines, in km (full precision; superseded by :func:`distance_summary`).

    ``distance_<place>_km`` to the bounding-box centres of Sherbrooke, Val-des-Sources
    and Montréal; ``distance_montreal_island_km`` to the nearest point of the island of
    Montréal (the Montréal agglomeration polygon); the nearest and farthest other
    municipality of the MRC; and by how much the talk's 200 km exceeds the two
    straight lines to Montréal (``talk_over_*_pct``: ratios of a road figure to straight
    lines, kept only until chapter 6 moves to :func:`distance_summary`).

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``), as read by :func:`distances_from`.
    mrc_polygons : geopandas.GeoDataFrame
        The MRC layer (``load.mrc_polygons()``, WGS84); must hold ``mrc_code`` and
        ``geometry``, with the Montréal agglomeration (``"66"``).
    origin : str, default Saint-Camille (``"2440025"``)

    Returns
    -------
    dict
        ``distance_sherbrooke_km``, ``distance_val_des_sources_km``,
        ``distance_montreal_km``, ``distance_montreal_island_km``, ``nearest_neighbour``
        and ``farthest_neighbour`` (names) with their ``_km``, ``talk_over_centre_pct`` and
        ``talk_over_island_pct`` (percent).

    Raises
    ------
    KeyError
        When the MRC layer has no Montréal agglomeration polygon, ``origin`` is not in
        ``municipalities``, or Sherbrooke, Val-des-Sources or Montréal is missing.
    IndexError
        When the MRC of ``origin`` has no other municipality.
    ValueError
        When ``origin`` has no location.

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA), for the island of
    Montréal.
    """
    table = distances_from(municipalities, origin).set_index("csd_uid")
    island = mrc_polygons.loc[mrc_polygons["mrc_code"] == MONTREAL_AGGLOMERATION, "geometry"]
    if island.empty:
        raise KeyError("the MRC layer has no Montréal agglomeration polygon")
    to_island = distance_to_area_km(*location_of(municipalities, origin), shapely.union_all(island.to_numpy()))
    neighbours = table[table["role"] == SAME_MRC].sort_values("distance_km")
    to_montreal = float(table.at[MONTREAL, "distance_km"])
    return {
        "distance_sherbrooke_km": float(table.at[SHERBROOKE, "distance_km"]),
        "distance_val_des_sources_km": float(table.at[VAL_DES_SOURCES, "distance_km"]),
        "distance_montreal_km": to_montreal,
        "distance_montreal_island_km": to_island,
        "nearest_neighbour": str(neighbours.iloc[0]["name"]),
        "nearest_neighbour_km": float(neighbours.iloc[0]["distance_km"]),
        "farthest_neighbour": str(neighbours.iloc[-1]["name"]),
        "farthest_neighbour_km": float(neighbours.iloc[-1]["distance_km"]),
        "talk_over_centre_pct": 100 * (TALK_DISTANCE_KM / to_montreal - 1),
        "talk_over_island_pct": 100 * (TALK_DISTANCE_KM / to_island - 1),
    }


# --------------------------------------------------------------------------------------
# Like with like: computed straight lines, stated distances, and the talk's road figure
# --------------------------------------------------------------------------------------

TALK_DISTANCE_MEASURE = "road"
"""What the talk's "200 km from Mtl" measures, on this book's reading: a rounded road distance (a
straight line from the village to the island of Montréal is under 160 km). No source was found for
the road distance itself, so the talk's figure is compared with nothing computed here."""
STRAIGHT_LINE = "straight_line"


def distance_quantities(
    municipalities: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    stated: pd.DataFrame | None = None,
    origin: str = SAINT_CAMILLE,
) -> pd.DataFrame:
    """Every distance of the case as a quantity with what it measures: computed, stated by a source, or the talk's.

    Computed rows are straight lines (:func:`distances_from` to the bounding-box centres of
    the reference places, :func:`distance_to_area_km` to the nearest point of the island of
    Montréal). Stated rows come from ``data/case/distances.csv`` with the quantity their
    source names (often ``unstated``). The talk's 200 km is a ``road`` figure with no
    source. ``comparable_with_computed`` is True only for a stated straight line: a road
    distance, a travel time or an unstated figure is never set against a straight line as if
    they measured the same thing (an unstated figure may be *consistent* with one, which
    ``gap_to_computed_km`` shows without calling it a comparison).

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (:func:`distances_from`).
    mrc_polygons : geopandas.GeoDataFrame
        The MRC layer, with the Montréal agglomeration (``"66"``).
    stated : pandas.DataFrame, optional
        ``load.case("distances")``; reads ``id``, ``to_place``, ``to_csd_uid``, ``value``,
        ``unit``, ``measure``, ``reliability``, ``source_url`` and ``conflict_group``.
    origin : str, default Saint-Camille (``"2440025"``)

    Returns
    -------
    pandas.DataFrame
        One row per quantity: ``kind`` (``computed``, ``stated`` or ``talk``), ``id``,
        ``to_place``, ``to_csd_uid``, ``value``, ``unit``, ``measure``, ``computed_km``
        (the computed straight line to the bounding-box centre of the same place, for
        stated or talk rows in km that measure a straight line or do not say; NaN for a
        road distance or a travel time),
        ``comparable_with_computed`` (bool), ``gap_to_computed_km`` (stated − computed, km;
        NaN when no computed line goes to that place), ``reliability``, ``source_url`` and
        ``conflict_group``.

    Raises
    ------
    KeyError
        As :func:`distance_headlines` (missing places or Montréal polygon).
    ValueError
        When ``origin`` has no location.
    """
    table = distances_from(municipalities, origin).set_index("csd_uid")
    island = mrc_polygons.loc[mrc_polygons["mrc_code"] == MONTREAL_AGGLOMERATION, "geometry"]
    if island.empty:
        raise KeyError("the MRC layer has no Montréal agglomeration polygon")
    to_island = distance_to_area_km(*location_of(municipalities, origin), shapely.union_all(island.to_numpy()))
    rows = []
    for code in (SHERBROOKE, VAL_DES_SOURCES, MONTREAL):
        rows.append(
            {
                "kind": "computed",
                "id": f"computed-{code}",
                "to_place": str(table.at[code, "name"]) + " (bounding-box centre)",
                "to_csd_uid": code,
                "value": float(table.at[code, "distance_km"]),
                "unit": "km",
                "measure": STRAIGHT_LINE,
                "reliability": "A",
                "source_url": "",
                "conflict_group": "",
            }
        )
    rows.append(
        {
            "kind": "computed",
            "id": "computed-montreal-island",
            "to_place": "island of Montréal (nearest point)",
            "to_csd_uid": MONTREAL,
            "value": to_island,
            "unit": "km",
            "measure": STRAIGHT_LINE,
            "reliability": "A",
            "source_url": "",
            "conflict_group": "",
        }
    )
    if stated is not None:
        for _, row in stated.iterrows():
            rows.append(
                {
                    "kind": "stated",
                    "id": str(row["id"]),
                    "to_place": str(row["to_place"]),
                    "to_csd_uid": row["to_csd_uid"],
                    "value": float(row["value"]),
                    "unit": str(row["unit"]),
                    "measure": str(row["measure"]),
                    "reliability": str(row["reliability"]),
                    "source_url": str(row["source_url"]),
                    "conflict_group": row["conflict_group"],
                }
            )
    rows.append(
        {
            "kind": "talk",
            "id": "talk-montreal",
            "to_place": "Montréal",
            "to_csd_uid": MONTREAL,
            "value": float(TALK_DISTANCE_KM),
            "unit": "km",
            "measure": TALK_DISTANCE_MEASURE,
            "reliability": "D",
            "source_url": "",
            "conflict_group": "",
        }
    )
    out = pd.DataFrame(rows)
    centres = {code: float(table.at[code, "distance_km"]) for code in (SHERBROOKE, VAL_DES_SOURCES, MONTREAL)}
    out["computed_km"] = [
        centres.get(code, np.nan)
        if kind != "computed" and unit == "km" and measure in (STRAIGHT_LINE, "unstated") and pd.notna(code)
        else np.nan
        for kind, unit, measure, code in zip(out["kind"], out["unit"], out["measure"], out["to_csd_uid"])
    ]
    out["comparable_with_computed"] = (out["kind"] != "computed") & (out["measure"] == STRAIGHT_LINE)
    out["gap_to_computed_km"] = out["value"] - out["computed_km"]
    columns = [
        "kind",
        "id",
        "to_place",
        "to_csd_uid",
        "value",
        "unit",
        "measure",
        "computed_km",
        "comparable_with_computed",
        "gap_to_computed_km",
        "reliability",
        "source_url",
        "conflict_group",
    ]
    return out[columns]


def distance_summary(
    municipalities: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    stated: pd.DataFrame | None = None,
    origin: str = SAINT_CAMILLE,
) -> dict:
    """The distances chapter 6 quotes, each named by what it measures (km, full precision).

    Replaces the ``talk_over_*_pct`` ratios of :func:`distance_headlines`, which set the
    talk's road figure against straight lines.

    Parameters
    ----------
    municipalities, mrc_polygons, stated, origin
        As in :func:`distance_quantities`.

    Returns
    -------
    dict
        ``straight_sherbrooke_km``, ``straight_val_des_sources_km``,
        ``straight_montreal_centre_km``, ``straight_montreal_island_km``,
        ``nearest_neighbour`` and ``farthest_neighbour`` with their ``_km`` (straight lines);
        ``talk_montreal_km`` (200) and ``talk_montreal_measure`` (``"road"``);
        ``road_montreal_sourced`` (bool: a stated road distance to Montréal exists); with
        ``stated``: ``stated_rows``, ``stated_road_rows``, ``stated_straight_rows``,
        ``stated_unstated_rows``, ``stated_sherbrooke_low_km`` and ``_high_km``.

    Raises
    ------
    KeyError
        As :func:`distance_quantities`.
    ValueError
        When ``origin`` has no location.
    """
    old = distance_headlines(municipalities, mrc_polygons, origin)
    out = {
        "straight_sherbrooke_km": old["distance_sherbrooke_km"],
        "straight_val_des_sources_km": old["distance_val_des_sources_km"],
        "straight_montreal_centre_km": old["distance_montreal_km"],
        "straight_montreal_island_km": old["distance_montreal_island_km"],
        "nearest_neighbour": old["nearest_neighbour"],
        "nearest_neighbour_km": old["nearest_neighbour_km"],
        "farthest_neighbour": old["farthest_neighbour"],
        "farthest_neighbour_km": old["farthest_neighbour_km"],
        "talk_montreal_km": TALK_DISTANCE_KM,
        "talk_montreal_measure": TALK_DISTANCE_MEASURE,
        "road_montreal_sourced": False,
    }
    if stated is not None:
        km = stated[stated["unit"] == "km"]
        out["road_montreal_sourced"] = bool(((km["measure"] == "road") & (km["to_csd_uid"] == MONTREAL)).any())
        out["stated_rows"] = int(len(stated))
        for measure in ("road", "straight_line", "unstated"):
            short = {"straight_line": "straight"}.get(measure, measure)
            out[f"stated_{short}_rows"] = int((stated["measure"] == measure).sum())
        sherbrooke = km[km["to_csd_uid"] == SHERBROOKE]["value"]
        if len(sherbrooke):
            out["stated_sherbrooke_low_km"] = float(sherbrooke.min())
            out["stated_sherbrooke_high_km"] = float(sherbrooke.max())
    return out
