"""Saint-Camille on the map (chapter 6): straight-line distances from the case municipality.

Locations are the centres of the 2016 census-subdivision bounding boxes of the
municipalities table, not village cores or city halls; distances are straight lines on
the WGS84 ellipsoid (geodesics), not road distances, and are never compared with a road
figure.
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
            rows.append((place, "same MRC"))
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
    out["is_reference"] = out["role"] != "same MRC"
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
    """The distances chapter 6 quotes, in km (full precision; the chapter rounds them for the text).

    ``distance_<place>_km`` to the bounding-box centres of Sherbrooke, Val-des-Sources
    and Montréal; ``distance_montreal_island_km`` to the nearest point of the island of
    Montréal (the Montréal agglomeration polygon); the nearest and farthest other
    municipality of the MRC; and by how much the talk's 200 km exceeds the two
    straight lines to Montréal (``talk_over_*_pct``).

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
    neighbours = table[table["role"] == "same MRC"].sort_values("distance_km")
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
