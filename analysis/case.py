"""The case of Saint-Camille (chapter 6): distances, population by kind, initiatives, national effect.

Pure functions: DataFrame in, DataFrame or number out. They read the processed tables
(``load.municipalities()``) and the curated case tables (``load.case(...)``), and keep
what the sources keep apart apart:

- **Locations** are the centres of the 2016 census-subdivision bounding boxes of the
  municipalities table, not village cores or city halls; distances are straight lines
  on the WGS84 ellipsoid (geodesics), not road distances.
- **Population figures** come in four kinds (census counts, government decrees,
  other dated estimates, historical figures). A trajectory is built *within* one
  kind and never joins figures of different kinds; conflicting figures (rows of the
  case table sharing a ``conflict_group``) are all kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer

from analysis import matrix

SAINT_CAMILLE = "2440025"
SHERBROOKE = "2443027"
VAL_DES_SOURCES = "2440043"
MONTREAL = "2466023"
LES_SOURCES = "40"  # SDA code of MRC Les Sources (census division 2440)
LES_SOURCES_CD = "2440"
MONTREAL_AGGLOMERATION = "66"  # SDA code of the territoire équivalent of Montréal (the island)

# Places the chapter measures Saint-Camille against, with the reason each one matters.
REFERENCES = {
    SHERBROOKE: "regional metropolis (census metropolitan area)",
    VAL_DES_SOURCES: "seat of MRC Les Sources",
    MONTREAL: "the metropolis of the talk's '200 km from Mtl'",
}

KINDS = ("census", "decree", "estimate", "historical")
KIND_LABELS = {
    "census": "census count (Statistics Canada)",
    "decree": "government decree (ISQ-based estimate)",
    "estimate": "other dated estimate",
    "historical": "historical figure",
}
LINE_KINDS = ("census", "decree")  # kinds whose successive values may be joined by a line
RELIABILITY_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}

GEOD = Geod(ellps="WGS84")

# The talk's own figures, from its slide "The Saint-Camille Case": "Rural Community: 200 km from
# Mtl (450 h.)". They are quoted, not data: neither is dated or sourced in the talk.
TALK_DISTANCE_KM = 200
TALK_POPULATION = 450
# The demographic objective of the 2009 development project: +10 % population in ten years
# (Solidarité rurale's 2009 profile, timeline row ev-2009-02).
DEMOGRAPHIC_TARGET_PCT = 10.0
# Band around the talk's undated figure within which a dated figure is taken to match it.
TALK_BAND_PCT = 5.0


# --------------------------------------------------------------------------- distances


def distance_km(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Straight-line (geodesic, WGS84 ellipsoid) distance between two points, in km."""
    _, _, metres = GEOD.inv(lon0, lat0, lon1, lat1)
    return float(metres) / 1000.0


def distances_from(municipalities: pd.DataFrame, origin: str = SAINT_CAMILLE,
                   references: dict[str, str] | None = None) -> pd.DataFrame:
    """Straight-line distances from one municipality to reference places and to its MRC neighbours.

    Locations are the bounding-box centres of the municipalities table (``lon``, ``lat``):
    a bounding-box centre can lie far from a town's core when the territory is
    irregular (Montréal's lies in the west of the island).

    Returns
    -------
    One row per target: ``csd_uid``, ``name``, ``mrc_name``, ``role`` (the reason the
    place is measured, or ``"same MRC"``), ``lon``, ``lat``, ``location_method`` and
    ``distance_km``; reference places first, then the MRC neighbours by distance.
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


def distance_to_area_km(lon: float, lat: float, area) -> float:
    """Straight-line distance from a point to the nearest point of a (WGS84) polygon, in km.

    The polygon is projected on an azimuthal equidistant projection centred on the
    point, which keeps every distance from the point exact; 0 when the point is inside.
    """
    centred = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    to_centred = Transformer.from_crs("EPSG:4326", centred, always_xy=True)
    projected = shapely.transform(area, lambda xy: np.column_stack(to_centred.transform(xy[:, 0], xy[:, 1])))
    return float(projected.distance(shapely.Point(0.0, 0.0))) / 1000.0


def location_of(municipalities: pd.DataFrame, csd_uid: str) -> tuple[float, float]:
    """(lon, lat) of one entity: the centre of its 2016 bounding box."""
    row = municipalities.set_index("csd_uid").loc[csd_uid]
    return float(row["lon"]), float(row["lat"])


def distance_facts(municipalities: pd.DataFrame, mrc_polygons, origin: str = SAINT_CAMILLE) -> dict:
    """The distances chapter 6 quotes, in km rounded to 0.1 (and two shares in %, rounded to 1).

    ``distance_<place>_km`` to the bounding-box centres of Sherbrooke, Val-des-Sources
    and Montréal; ``distance_montreal_island_km`` to the nearest point of the island of
    Montréal (the Montréal agglomeration polygon); the nearest and farthest other
    municipality of the MRC; and by how much the talk's 200 km exceeds the two
    straight lines to Montréal (``talk_over_*_pct``).
    """
    table = distances_from(municipalities, origin).set_index("csd_uid")
    island = mrc_polygons.loc[mrc_polygons["mrc_code"] == MONTREAL_AGGLOMERATION, "geometry"]
    if island.empty:
        raise KeyError("the MRC layer has no Montréal agglomeration polygon")
    to_island = distance_to_area_km(*location_of(municipalities, origin), shapely.union_all(island.to_numpy()))
    neighbours = table[table["role"] == "same MRC"].sort_values("distance_km")
    to_montreal = float(table.at[MONTREAL, "distance_km"])
    return {
        "distance_sherbrooke_km": round(float(table.at[SHERBROOKE, "distance_km"]), 1),
        "distance_val_des_sources_km": round(float(table.at[VAL_DES_SOURCES, "distance_km"]), 1),
        "distance_montreal_km": round(to_montreal, 1),
        "distance_montreal_island_km": round(to_island, 1),
        "nearest_neighbour": str(neighbours.iloc[0]["name"]),
        "nearest_neighbour_km": round(float(neighbours.iloc[0]["distance_km"]), 1),
        "farthest_neighbour": str(neighbours.iloc[-1]["name"]),
        "farthest_neighbour_km": round(float(neighbours.iloc[-1]["distance_km"]), 1),
        "talk_over_centre_pct": round(100 * (TALK_DISTANCE_KM / to_montreal - 1)),
        "talk_over_island_pct": round(100 * (TALK_DISTANCE_KM / to_island - 1)),
    }


# --------------------------------------------------------------------------- population


def population_figures(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> pd.DataFrame:
    """Every population figure of one place, by kind, with its source and reliability.

    Adds ``conflicting`` (the row shares a ``conflict_group`` with another row) and
    ``on_line``: True for the values a chart may join with a line. Only census counts
    and decrees get lines, each kind on its own; when figures of one kind conflict for
    the same year, only the best-graded one (ties: the first in the table) is on the
    line and the others are shown beside it.
    """
    rows = population[population["place_code"] == place_code].copy()
    if rows.empty:
        raise KeyError(f"no population figure for {place_code}")
    unknown = set(rows["kind"].dropna()) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}")
    group = rows["conflict_group"].astype("object")
    sizes = group.map(group.value_counts()).fillna(0)
    rows["conflicting"] = group.notna() & (sizes > 1)
    rows["rank"] = rows["reliability"].map(RELIABILITY_RANK).astype("int64")
    rows["order"] = np.arange(len(rows))
    rows = rows.sort_values(["kind", "year", "rank", "order"], kind="stable")
    first_of_year = ~rows.duplicated(["kind", "year"], keep="first")
    rows["on_line"] = rows["kind"].isin(LINE_KINDS) & first_of_year
    rows["kind_label"] = rows["kind"].map(KIND_LABELS)
    rows["kind"] = pd.Categorical(rows["kind"].astype(str), categories=list(KINDS))
    rows = rows.sort_values(["kind", "year", "rank", "order"], kind="stable").drop(columns=["rank", "order"])
    return rows.reset_index(drop=True)


def trajectories(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> dict[str, pd.DataFrame]:
    """One table per kind of figure (``census``, ``decree``, ``estimate``, ``historical``).

    The kinds are never merged: a census count and a decree of neighbouring years are
    different measurements (a count on census day against an estimate for 1 July of
    the previous year), and estimates and historical figures come from other sources
    again. Each table is sorted by year and keeps every row, conflicts included.
    """
    figures = population_figures(population, place_code)
    return {
        kind: figures[figures["kind"] == kind].sort_values("year", kind="stable").reset_index(drop=True)
        for kind in KINDS
        if (figures["kind"] == kind).any()
    }


def growth_pct(start: float, end: float) -> float:
    """Growth from ``start`` to ``end`` in percent: 100 × (end − start) / start."""
    if start is None or pd.isna(start) or start <= 0:
        raise ValueError("growth needs a positive starting value")
    return 100.0 * (float(end) - float(start)) / float(start)


def census_values(population: pd.DataFrame, place_code: str, year: int) -> pd.DataFrame:
    """The census rows of one place and year: several rows when sources conflict."""
    census = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    return census[census["year"] == year].reset_index(drop=True)


def census_growth(population: pd.DataFrame, place_code: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Growth between two census years, once for every pair of conflicting values.

    Returns one row per (start row, end row) with the two values, their row ids and
    grades, and ``growth_pct``. Only census counts are used; an empty table means one
    of the two years has no census count.
    """
    start = census_values(population, place_code, start_year)
    end = census_values(population, place_code, end_year)
    rows = []
    for _, a in start.iterrows():
        for _, b in end.iterrows():
            rows.append({
                "start_year": start_year, "end_year": end_year,
                "start_value": int(a["value"]), "end_value": int(b["value"]),
                "start_id": str(a["id"]), "end_id": str(b["id"]),
                "start_reliability": str(a["reliability"]), "end_reliability": str(b["reliability"]),
                "growth_pct": growth_pct(a["value"], b["value"]),
            })
    columns = ["start_year", "end_year", "start_value", "end_value", "start_id", "end_id",
               "start_reliability", "end_reliability", "growth_pct"]
    return pd.DataFrame(rows, columns=columns)


def census_intervals(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> pd.DataFrame:
    """Growth between every two successive census years of one place (conflicts: every pair)."""
    census = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    years = sorted(int(y) for y in census["year"].unique())
    parts = [census_growth(population, place_code, a, b) for a, b in zip(years, years[1:])]
    return pd.concat(parts, ignore_index=True) if parts else census_growth(population, place_code, 0, 0)


def objective_test(population: pd.DataFrame, place_code: str = SAINT_CAMILLE,
                   windows: tuple[tuple[int, int], ...] = ((2006, 2016), (2011, 2021)),
                   target_pct: float = DEMOGRAPHIC_TARGET_PCT) -> pd.DataFrame:
    """The demographic objective (+``target_pct`` % in ten years) tested on census counts.

    One row per window and per pair of conflicting values, with ``met`` = growth at or
    above the target. The default windows are the two census decades around the 2009
    plan: the one that contains it (2006-2016) and the first that starts after it
    (2011-2021).
    """
    parts = [census_growth(population, place_code, a, b) for a, b in windows]
    out = pd.concat(parts, ignore_index=True)
    out["target_pct"] = target_pct
    out["met"] = out["growth_pct"] >= target_pct
    return out


def figures_near(population: pd.DataFrame, value: float, place_code: str = SAINT_CAMILLE,
                 tolerance_pct: float = TALK_BAND_PCT) -> pd.DataFrame:
    """Figures of one place within ± ``tolerance_pct`` % of ``value``, every kind, by year.

    Used to place a round number quoted without a date (the talk's "450 h.") in time.
    """
    figures = population_figures(population, place_code)
    low, high = value * (1 - tolerance_pct / 100), value * (1 + tolerance_pct / 100)
    near = figures[(figures["value"] >= low) & (figures["value"] <= high)]
    return near.sort_values(["year", "kind"], kind="stable").reset_index(drop=True)


def first_census_above(population: pd.DataFrame, value: float, place_code: str = SAINT_CAMILLE,
                       tolerance_pct: float = TALK_BAND_PCT) -> pd.Series:
    """The first census count more than ``tolerance_pct`` % above ``value`` (after the last one within it)."""
    census = population_figures(population, place_code)
    census = census[census["kind"] == "census"].sort_values("year")
    high = value * (1 + tolerance_pct / 100)
    within = census[census["value"] <= high]
    after = census[census["value"] > high]
    if not within.empty:
        after = after[after["year"] > within["year"].max()]
    if after.empty:
        raise ValueError("no census count above the band")
    return after.iloc[0]


def versus_rest_of_mrc(population: pd.DataFrame, place_code: str = SAINT_CAMILLE,
                       cd_code: str = LES_SOURCES_CD, base_year: int = 2011) -> pd.DataFrame:
    """Census counts of a place and of the rest of its census division, indexed (base year = 100).

    The rest of the division is its census total minus the place's count of the same
    year. Years where the place has conflicting counts give one row per value (and
    the matching "rest"). The base year must have a single census count.
    """
    place = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    total = population[(population["place_code"] == cd_code) & (population["kind"] == "census")]
    if (total["year"].value_counts() > 1).any():
        raise ValueError("the division has conflicting census totals")
    base_place = place[place["year"] == base_year]
    if len(base_place) != 1:
        raise ValueError(f"the base year {base_year} needs exactly one census count of the place")
    totals = total.set_index("year")["value"]
    if base_year not in totals.index:
        raise ValueError(f"no division total in {base_year}")
    base_value = float(base_place["value"].iloc[0])
    base_rest = float(totals.loc[base_year]) - base_value
    rows = []
    for _, row in place.sort_values("year").iterrows():
        year = int(row["year"])
        if year not in totals.index:
            continue
        rest = int(totals.loc[year]) - int(row["value"])
        rows.append({"year": year, "row_id": str(row["id"]), "reliability": str(row["reliability"]),
                     "place": int(row["value"]), "rest_of_division": rest,
                     "place_index": 100.0 * float(row["value"]) / base_value,
                     "rest_index": 100.0 * rest / base_rest})
    return pd.DataFrame(rows)


def population_facts(population: pd.DataFrame, place_code: str = SAINT_CAMILLE, talk_value: int = TALK_POPULATION,
                     target_pct: float = DEMOGRAPHIC_TARGET_PCT) -> dict:
    """The population figures chapter 6 quotes (counts as integers, percentages rounded to 0.1).

    Census counts by year (``census_<year>``; a year with conflicting counts gives
    ``census_<year>_low`` and ``_high``), growth between census years (``census_growth_<a>_<b>_pct``,
    with ``_low``/``_high`` when a count conflicts: ``_low`` is the smaller growth), the
    demographic objective (``objective_met_<a>_<b>``: met with every value), the decrees,
    how many figures of each kind were found, and where the talk's undated figure falls.
    """
    figures = population_figures(population, place_code)
    out: dict = {"figures": int(len(figures))}
    for kind in KINDS:
        out[f"figures_{kind}"] = int((figures["kind"] == kind).sum())
    out["figures_conflicting"] = int(figures["conflicting"].sum())
    census = figures[figures["kind"] == "census"]
    for year, rows in census.groupby("year"):
        values = sorted(int(v) for v in rows["value"])
        if len(values) == 1:
            out[f"census_{int(year)}"] = values[0]
        else:
            out[f"census_{int(year)}_low"], out[f"census_{int(year)}_high"] = values[0], values[-1]
    years = sorted(int(y) for y in census["year"].unique())
    pairs = list(zip(years, years[1:])) + [(a, b) for a, b in zip(years, years[2:]) if b - a == 10]
    for a, b in pairs:
        growth = census_growth(population, place_code, a, b)["growth_pct"]
        name = f"census_growth_{a}_{b}_pct"
        if len(growth) == 1:
            out[name] = round(float(growth.iloc[0]), 1)
        else:
            out[name + "_low"], out[name + "_high"] = round(float(growth.min()), 1), round(float(growth.max()), 1)
    test = objective_test(population, place_code, target_pct=target_pct)
    out["objective_target_pct"] = target_pct
    for (a, b), rows in test.groupby(["start_year", "end_year"]):
        out[f"objective_met_{a}_{b}"] = bool(rows["met"].all())
    decrees = figures[figures["kind"] == "decree"].sort_values("year")
    if not decrees.empty:
        top = decrees.loc[decrees["value"].idxmax()]
        out.update({"decree_first_year": int(decrees.iloc[0]["year"]), "decree_first": int(decrees.iloc[0]["value"]),
                    "decree_peak_year": int(top["year"]), "decree_peak": int(top["value"]),
                    "decree_last_year": int(decrees.iloc[-1]["year"]), "decree_last": int(decrees.iloc[-1]["value"])})
    historical = figures[figures["kind"] == "historical"]
    if not historical.empty:
        out["historical_max"] = int(historical["value"].max())
        out["historical_first_year"] = int(historical["year"].min())
        out["historical_first"] = int(historical.sort_values("year").iloc[0]["value"])
    near = figures_near(population, talk_value, place_code)
    out["talk_band_pct"] = TALK_BAND_PCT
    out["near_talk_first_year"] = int(near["year"].min())
    out["near_talk_last_year"] = int(near["year"].max())
    above = first_census_above(population, talk_value, place_code)
    out["first_census_above_talk_year"] = int(above["year"])
    out["first_census_above_talk"] = int(above["value"])
    last = census.sort_values("year").iloc[-1]
    out["latest_census_over_talk_pct"] = round(growth_pct(talk_value, last["value"]), 1)
    return out


SERIES_LABELS = {
    "census": "census counts (2016 = 100)",
    "decree": "decree estimates (2022 = 100)",
}


def indexed_growth(municipalities: pd.DataFrame, mrc_code: str = LES_SOURCES,
                   census_years: tuple[int, ...] = (2016, 2021),
                   decree_years: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Population of the municipalities of one MRC, indexed within each kind of figure.

    Two separate series, never joined: census counts (first census year = 100) and
    government decrees (first decree year = 100; estimates, not counts). ``decree_years``
    defaults to every ``pop_decree_<year>`` column from 2022 on.

    Returns a long table: ``csd_uid``, ``name``, ``series`` (``census`` or ``decree``),
    ``series_label``, ``year``, ``population``, ``base_year``, ``index`` (100 at the base
    year) and ``change_pct`` (change from the base year, %).
    """
    if decree_years is None:
        decree_years = tuple(sorted(int(c.rsplit("_", 1)[1]) for c in municipalities.columns
                                    if c.startswith("pop_decree_") and int(c.rsplit("_", 1)[1]) >= 2022))
    places = municipalities[municipalities["mrc_code"] == mrc_code]
    if places.empty:
        raise KeyError(f"no municipality in MRC {mrc_code}")
    parts = []
    for series, years, prefix in (("census", census_years, "pop_census_"), ("decree", decree_years, "pop_decree_")):
        if not years:
            continue
        base = years[0]
        for year in years:
            column = f"{prefix}{year}"
            part = pd.DataFrame({
                "csd_uid": places["csd_uid"].astype(str).to_numpy(),
                "name": places["name"].astype(str).to_numpy(),
                "series": series,
                "series_label": SERIES_LABELS[series],
                "year": year,
                "population": places[column].astype("float64").to_numpy(),
                "base_year": base,
                "base_population": places[f"{prefix}{base}"].astype("float64").to_numpy(),
            })
            parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["index"] = 100.0 * out["population"] / out["base_population"].where(out["base_population"] > 0)
    out["change_pct"] = out["index"] - 100.0
    return out.drop(columns="base_population")


def growth_ranking(indexed: pd.DataFrame, series: str) -> pd.DataFrame:
    """Change over the whole period of one series, one row per municipality, fastest first (rank 1)."""
    part = indexed[indexed["series"] == series]
    last = part[part["year"] == part["year"].max()][["csd_uid", "name", "population", "change_pct"]]
    last = last.sort_values("change_pct", ascending=False, kind="stable").reset_index(drop=True)
    last["rank"] = last["change_pct"].rank(ascending=False, method="min").astype("int64")
    return last


def mrc_facts(indexed: pd.DataFrame, population: pd.DataFrame, place_code: str = SAINT_CAMILLE,
              cd_code: str = LES_SOURCES_CD, base_year: int = 2011) -> dict:
    """How the place compares with the other municipalities of its MRC (percentages rounded to 0.1).

    From :func:`indexed_growth` (census and decree series, ranked separately: rank 1 =
    fastest growth) and from :func:`versus_rest_of_mrc` (census counts of the place and
    of the rest of the division, ``base_year`` = 100).
    """
    out: dict = {"mrc_municipalities": int(indexed["csd_uid"].nunique())}
    for series in ("census", "decree"):
        ranking = growth_ranking(indexed, series)
        if ranking.empty:
            continue
        mine = ranking[ranking["csd_uid"] == place_code].iloc[0]
        part = indexed[indexed["series"] == series]
        out[f"{series}_first_year"] = int(part["year"].min())
        out[f"{series}_last_year"] = int(part["year"].max())
        out[f"{series}_rank"] = int(mine["rank"])
        out[f"{series}_change_pct"] = round(float(mine["change_pct"]), 1)
        out[f"{series}_fastest"] = str(ranking.iloc[0]["name"])
        out[f"{series}_fastest_change_pct"] = round(float(ranking.iloc[0]["change_pct"]), 1)
        out[f"{series}_declining"] = int((ranking["change_pct"] < 0).sum())
    rest = versus_rest_of_mrc(population, place_code, cd_code, base_year)
    last = rest[rest["year"] == rest["year"].max()].iloc[0]
    out["rest_base_year"] = base_year
    out["rest_last_year"] = int(last["year"])
    out["rest_place_index_last"] = round(float(last["place_index"]), 1)
    out["rest_index_last"] = round(float(last["rest_index"]), 1)
    first = rest[rest["year"] == rest["year"].min()]
    out["rest_first_year"] = int(first["year"].iloc[0])
    out["rest_index_first_low"] = round(float(first["rest_index"].min()), 1)
    out["rest_index_first_high"] = round(float(first["rest_index"].max()), 1)
    out["rest_place_index_first_low"] = round(float(first["place_index"].min()), 1)
    out["rest_place_index_first_high"] = round(float(first["place_index"].max()), 1)
    return out


# --------------------------------------------------------------------------- initiatives


NO_ORGANISATION = "no organisation named"


def _when(date: str, precision: str) -> pd.Timestamp:
    """A plotting date for a date as precise as the source allows (mid-month, mid-year)."""
    text = str(date)
    if precision == "day" or len(text) == 10:
        return pd.Timestamp(text)
    if len(text) == 7:
        return pd.Timestamp(text + "-15")
    return pd.Timestamp(text[:4] + "-07-01")


def timeline(events: pd.DataFrame, organisations: pd.DataFrame, start: int = 1977, end: int = 2021) -> pd.DataFrame:
    """The dated events from ``start`` to ``end`` (by their first year), with the type of organisation.

    Events name at most one organisation; its ``org_type`` (and ``org_name``) come from
    the organisations table, and events that name none get ``"no organisation named"``.
    ``when`` is a plotting date (mid-month or mid-year when the source gives no day);
    ``when_end`` closes the periods; ``conflicting`` marks the events whose date
    conflicts with another row of the same ``conflict_group``.
    """
    rows = events[(events["year"] >= start) & (events["year"] <= end)].copy()
    orgs = organisations[["org_id", "name", "org_type"]].rename(columns={"name": "org_name"})
    unknown = set(rows["organisation_id"].dropna()) - set(orgs["org_id"])
    if unknown:
        raise ValueError(f"events name unknown organisations: {sorted(unknown)}")
    rows = rows.merge(orgs, left_on="organisation_id", right_on="org_id", how="left").drop(columns="org_id")
    rows["org_type"] = rows["org_type"].astype("object").where(rows["org_type"].notna(), NO_ORGANISATION)
    rows["when"] = [_when(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    rows["when_end"] = [pd.Timestamp(f"{int(y)}-07-01") if pd.notna(y) else pd.NaT for y in rows["year_end"]]
    group = rows["conflict_group"].astype("object")
    rows["conflicting"] = group.notna() & group.map(group.value_counts()).fillna(0).gt(1)
    return rows.sort_values(["when", "id"], kind="stable").reset_index(drop=True)


def events_by_type(timeline_table: pd.DataFrame) -> pd.DataFrame:
    """Number of events of each organisation type and decade."""
    decade = (timeline_table["year"] // 10 * 10).astype("int64")
    out = pd.crosstab(timeline_table["org_type"], decade)
    out.columns = [f"{c}s" for c in out.columns]
    return out


def timeline_facts(timeline_table: pd.DataFrame) -> dict:
    """Counts the chapter quotes about the timeline (events, conflicts, types, decades)."""
    decade = (timeline_table["year"] // 10 * 10).astype("int64")
    named = timeline_table["org_type"] != NO_ORGANISATION
    coop = timeline_table["org_type"] == "cooperative"
    busiest = decade.value_counts().sort_index()
    return {
        "events": int(len(timeline_table)),
        "events_first_year": int(timeline_table["year"].min()),
        "events_last_year": int(timeline_table["year"].max()),
        "events_with_organisation": int(named.sum()),
        "organisation_types": int(timeline_table.loc[named, "org_type"].nunique()),
        "events_conflicting": int(timeline_table["conflicting"].sum()),
        "conflict_groups": int(timeline_table.loc[timeline_table["conflicting"], "conflict_group"].nunique()),
        "busiest_decade": int(busiest.idxmax()),
        "busiest_decade_events": int(busiest.max()),
        "cooperative_events_2000s": int((coop & (decade == 2000)).sum()),
        "events_2000s": int((decade == 2000).sum()),
        "events_before_1999": int((timeline_table["year"] < 1999).sum()),
    }


def organisations_by_scale(organisations: pd.DataFrame) -> pd.DataFrame:
    """Organisations of the case table by scale and type (local bodies and the outside bodies named with them)."""
    out = pd.crosstab(organisations["org_type"], organisations["scale"])
    return out.reindex(columns=["local", "regional", "national", "international"], fill_value=0)


# --------------------------------------------------------------------------- national effect


def national_effect(items: pd.DataFrame) -> pd.DataFrame:
    """The dated items of the national effect, sorted, with a plotting date; undated items left out."""
    rows = items[items["year"].notna()].copy()
    rows["when"] = [_when(d, "day" if len(str(d)) == 10 else "month" if len(str(d)) == 7 else "year")
                    for d in rows["date"]]
    return rows.sort_values(["when", "id"], kind="stable").reset_index(drop=True)


def national_effect_counts(items: pd.DataFrame) -> pd.DataFrame:
    """Dated items per year and kind (a row per year with items, a column per kind, and ``total``)."""
    dated = items[items["year"].notna()]
    out = pd.crosstab(dated["year"].astype("int64"), dated["kind"])
    out["total"] = out.sum(axis=1)
    out.index.name = "year"
    return out


def national_effect_summary(items: pd.DataFrame) -> dict[str, int]:
    """Counts the chapter quotes: items, dated, undated, first and last year, by scope."""
    dated = items[items["year"].notna()]
    out = {
        "items": int(len(items)),
        "dated": int(len(dated)),
        "undated": int(items["year"].isna().sum()),
        "first_year": int(dated["year"].min()),
        "last_year": int(dated["year"].max()),
    }
    per_year = dated["year"].astype("int64").value_counts().sort_index()
    out["peak_year"] = int(per_year.idxmax())
    out["peak_year_items"] = int(per_year.max())
    for scope in ("local", "regional", "national", "international"):
        out[f"scope_{scope}"] = int((items["scope"] == scope).sum())
    return out


# --------------------------------------------------------------------------- the matrix


def cells_of(municipalities: pd.DataFrame, csd_uid: str = SAINT_CAMILLE,
             specs: tuple[matrix.Spec, ...] = matrix.ALL_SPECS) -> pd.DataFrame:
    """The cell of one entity under every specification of the fracture matrix.

    One row per specification: ``spec`` (its key), ``centrality``, ``connection``,
    ``threshold`` and ``cell``; thresholds are computed on the whole table passed in.
    """
    wide = matrix.sensitivity(municipalities, specs)
    row = wide[wide["csd_uid"] == csd_uid]
    if row.empty:
        raise KeyError(f"{csd_uid} is not in the table")
    row = row.iloc[0]
    return pd.DataFrame({
        "spec": [s.key for s in specs],
        "centrality": [s.centrality for s in specs],
        "connection": [s.connection for s in specs],
        "threshold": [s.threshold for s in specs],
        "cell": [str(row[s.key]) for s in specs],
    })
