"""Saint-Camille's population (chapter 6): figures by kind, trajectories, the demographic objective.

Population figures come in four kinds (census counts, government decrees, other dated
estimates, historical figures). A trajectory is built *within* one kind and never joins
figures of different kinds; conflicting figures (rows of the case table sharing a
``conflict_group``) are all kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.vocabulary import LES_SOURCES, LES_SOURCES_CD, SAINT_CAMILLE

POPULATION_KINDS = ("census", "decree", "estimate", "historical")
KIND_LABELS = {
    "census": "census count (Statistics Canada)",
    "decree": "government decree (ISQ-based estimate)",
    "estimate": "other dated estimate",
    "historical": "historical figure",
}
LINE_KINDS = ("census", "decree")  # kinds whose successive values may be joined by a line
RELIABILITY_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}

# The talk's own figure, from its slide "The Saint-Camille Case": "Rural Community: 200 km from
# Mtl (450 h.)". Quoted, not data: it is neither dated nor sourced in the talk.
TALK_POPULATION = 450
# The demographic objective of the 2009 development project: +10 % population in ten years
# (Solidarité rurale's 2009 profile, timeline row ev-2009-02).
DEMOGRAPHIC_TARGET_PCT = 10.0
# Band around the talk's undated figure within which a dated figure is taken to match it.
TALK_BAND_PCT = 5.0


def population_figures(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> pd.DataFrame:
    """Every population figure of one place, by kind, with its source and reliability.

    Adds ``conflicting`` (the row shares a ``conflict_group`` with another row) and
    ``on_line``: True for the values a chart may join with a line. Only census counts
    and decrees get lines, each kind on its own; when figures of one kind conflict for
    the same year, only the best-graded one (ties: the first in the table) is on the
    line and the others are shown beside it.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.

    Returns
    -------
    pandas.DataFrame
        The place's rows with the columns of ``population`` plus ``conflicting``,
        ``on_line`` (bool) and ``kind_label`` (:data:`KIND_LABELS`); ``kind`` becomes a
        categorical in ``POPULATION_KINDS`` order; sorted by kind, year and grade; index
        reset.

    Raises
    ------
    KeyError
        When ``population`` has no figure for ``place_code``.
    ValueError
        When a figure's ``kind`` is not one of ``POPULATION_KINDS``.
    """
    rows = population[population["place_code"] == place_code].copy()
    if rows.empty:
        raise KeyError(f"no population figure for {place_code}")
    unknown = set(rows["kind"].dropna()) - set(POPULATION_KINDS)
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
    rows["kind"] = pd.Categorical(rows["kind"].astype(str), categories=list(POPULATION_KINDS))
    rows = rows.sort_values(["kind", "year", "rank", "order"], kind="stable").drop(columns=["rank", "order"])
    return rows.reset_index(drop=True)


def trajectories(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> dict[str, pd.DataFrame]:
    """One table per kind of figure (``census``, ``decree``, ``estimate``, ``historical``).

    The kinds are never merged: a census count and a decree of neighbouring years are
    different measurements (a count on census day against an estimate for 1 July of
    the previous year), and estimates and historical figures come from other sources
    again. Each table is sorted by year and keeps every row, conflicts included.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.

    Returns
    -------
    dict of str → pandas.DataFrame
        Only the kinds the place has, in ``POPULATION_KINDS`` order; each table as in
        :func:`population_figures`, index reset.

    Raises
    ------
    KeyError
        When ``population`` has no figure for ``place_code``.
    ValueError
        When a figure's ``kind`` is not one of ``POPULATION_KINDS``.
    """
    figures = population_figures(population, place_code)
    return {
        kind: figures[figures["kind"] == kind].sort_values("year", kind="stable").reset_index(drop=True)
        for kind in POPULATION_KINDS
        if (figures["kind"] == kind).any()
    }


def growth_pct(start: float, end: float) -> float:
    """Growth from ``start`` to ``end`` in percent: 100 × (end − start) / start.

    Parameters
    ----------
    start : float
        The earlier value (e.g. persons); must be positive.
    end : float
        The later value, in the same units.

    Returns
    -------
    float
        Percent (unrounded); negative for a decline.

    Raises
    ------
    ValueError
        When ``start`` is missing, zero or negative.
    """
    if start is None or pd.isna(start) or start <= 0:
        raise ValueError("growth needs a positive starting value")
    return 100.0 * (float(end) - float(start)) / float(start)


def census_values(population: pd.DataFrame, place_code: str, year: int) -> pd.DataFrame:
    """The census rows of one place and year: several rows when sources conflict.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str
        7-digit CSD code (or 4-digit census-division code).
    year : int
        Census year (e.g. 2016).

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``population`` (``kind == "census"``), index reset; empty
        when there is no count for that year.
    """
    census = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    return census[census["year"] == year].reset_index(drop=True)


def census_growth(population: pd.DataFrame, place_code: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Growth between two census years, once for every pair of conflicting values.

    Only census counts are used; an empty table means one of the two years has no
    census count.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str
        7-digit CSD code (or 4-digit census-division code).
    start_year, end_year : int
        The two census years.

    Returns
    -------
    pandas.DataFrame
        One row per (start row, end row): ``start_year``, ``end_year``, ``start_value``
        and ``end_value`` (persons), ``start_id`` and ``end_id`` (row ids),
        ``start_reliability`` and ``end_reliability`` (grades) and ``growth_pct``
        (percent, :func:`growth_pct`).

    Raises
    ------
    ValueError
        When a starting count is zero (:func:`growth_pct`).
    """
    start = census_values(population, place_code, start_year)
    end = census_values(population, place_code, end_year)
    rows = []
    for _, a in start.iterrows():
        for _, b in end.iterrows():
            rows.append(
                {
                    "start_year": start_year,
                    "end_year": end_year,
                    "start_value": int(a["value"]),
                    "end_value": int(b["value"]),
                    "start_id": str(a["id"]),
                    "end_id": str(b["id"]),
                    "start_reliability": str(a["reliability"]),
                    "end_reliability": str(b["reliability"]),
                    "growth_pct": growth_pct(a["value"], b["value"]),
                }
            )
    columns = [
        "start_year",
        "end_year",
        "start_value",
        "end_value",
        "start_id",
        "end_id",
        "start_reliability",
        "end_reliability",
        "growth_pct",
    ]
    return pd.DataFrame(rows, columns=columns)


def census_intervals(population: pd.DataFrame, place_code: str = SAINT_CAMILLE) -> pd.DataFrame:
    """Growth between every two successive census years of one place (conflicts: every pair).

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`census_growth` for each pair of successive census years,
        stacked; empty (same columns) when the place has fewer than two census years.

    Raises
    ------
    ValueError
        When a starting count is zero (:func:`growth_pct`).
    """
    census = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    years = sorted(int(y) for y in census["year"].unique())
    parts = [census_growth(population, place_code, a, b) for a, b in zip(years, years[1:])]
    return pd.concat(parts, ignore_index=True) if parts else census_growth(population, place_code, 0, 0)


def objective_test(
    population: pd.DataFrame,
    place_code: str = SAINT_CAMILLE,
    windows: tuple[tuple[int, int], ...] = ((2006, 2016), (2011, 2021)),
    target_pct: float = DEMOGRAPHIC_TARGET_PCT,
) -> pd.DataFrame:
    """The demographic objective (+``target_pct`` % in ten years) tested on census counts.

    One row per window and per pair of conflicting values, with ``met`` = growth at or
    above the target. The default windows are the two census decades around the 2009
    plan: the one that contains it (2006-2016) and the first that starts after it
    (2011-2021).

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    windows : tuple of (int, int), default ((2006, 2016), (2011, 2021))
        (start, end) census years of each window.
    target_pct : float, default 10.0
        The objective, in percent growth (the 2009 development project's +10 %).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`census_growth` plus ``target_pct`` and ``met`` (bool).

    Raises
    ------
    ValueError
        When a starting count is zero (:func:`growth_pct`).
    """
    parts = [census_growth(population, place_code, a, b) for a, b in windows]
    out = pd.concat(parts, ignore_index=True)
    out["target_pct"] = target_pct
    out["met"] = out["growth_pct"] >= target_pct
    return out


def figures_near(
    population: pd.DataFrame, value: float, place_code: str = SAINT_CAMILLE, tolerance_pct: float = TALK_BAND_PCT
) -> pd.DataFrame:
    """Figures of one place within ± ``tolerance_pct`` % of ``value``, every kind, by year.

    Used to place a round number quoted without a date (the talk's "450 h.") in time.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    value : float
        The undated figure (persons), e.g. ``TALK_POPULATION`` (450).
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    tolerance_pct : float, default 5.0
        Half-width of the band, in percent of ``value`` (bounds included).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`population_figures` inside the band, sorted by year and kind;
        index reset.

    Raises
    ------
    KeyError
        When ``population`` has no figure for ``place_code``.
    ValueError
        When a figure's ``kind`` is not one of ``POPULATION_KINDS``.
    """
    figures = population_figures(population, place_code)
    low, high = value * (1 - tolerance_pct / 100), value * (1 + tolerance_pct / 100)
    near = figures[(figures["value"] >= low) & (figures["value"] <= high)]
    return near.sort_values(["year", "kind"], kind="stable").reset_index(drop=True)


def first_census_above(
    population: pd.DataFrame, value: float, place_code: str = SAINT_CAMILLE, tolerance_pct: float = TALK_BAND_PCT
) -> pd.Series:
    """The first census count more than ``tolerance_pct`` % above ``value`` (after the last one within it).

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    value : float
        The undated figure (persons), e.g. ``TALK_POPULATION`` (450).
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    tolerance_pct : float, default 5.0
        Half-width of the band, in percent of ``value``.

    Returns
    -------
    pandas.Series
        One row of :func:`population_figures` (``year``, ``value``, ``id``, …).

    Raises
    ------
    ValueError
        When no census count lies above the band after the last one within or below it,
        or (from :func:`population_figures`) a kind is unknown.
    KeyError
        When ``population`` has no figure for ``place_code``.
    """
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


def versus_rest_of_mrc(
    population: pd.DataFrame, place_code: str = SAINT_CAMILLE, cd_code: str = LES_SOURCES_CD, base_year: int = 2011
) -> pd.DataFrame:
    """Census counts of a place and of the rest of its census division, indexed (base year = 100).

    The rest of the division is its census total minus the place's count of the same
    year. Years where the place has conflicting counts give one row per value (and
    the matching "rest"). The base year must have a single census count.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    cd_code : str, default ``"2440"`` (census division of MRC Les Sources)
        4-digit census-division code whose census totals are in ``population``.
    base_year : int, default 2011
        Census year that is set to 100.

    Returns
    -------
    pandas.DataFrame
        One row per census count of the place in a year with a division total: ``year``,
        ``row_id``, ``reliability``, ``place`` and ``rest_of_division`` (persons),
        ``place_index`` and ``rest_index`` (base year = 100).

    Raises
    ------
    ValueError
        When the division has conflicting census totals for a year, the place has not
        exactly one census count in ``base_year``, or the division has no total in
        ``base_year``.
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
        rows.append(
            {
                "year": year,
                "row_id": str(row["id"]),
                "reliability": str(row["reliability"]),
                "place": int(row["value"]),
                "rest_of_division": rest,
                "place_index": 100.0 * float(row["value"]) / base_value,
                "rest_index": 100.0 * rest / base_rest,
            }
        )
    return pd.DataFrame(rows)


def population_headlines(
    population: pd.DataFrame,
    place_code: str = SAINT_CAMILLE,
    talk_value: int = TALK_POPULATION,
    target_pct: float = DEMOGRAPHIC_TARGET_PCT,
) -> dict:
    """The population figures chapter 6 quotes (counts as integers, percentages at full precision).

    Census counts by year (``census_<year>``; a year with conflicting counts gives
    ``census_<year>_low`` and ``_high``), growth between census years
    (``census_growth_<a>_<b>_pct``, with ``_low``/``_high`` when a count conflicts: ``_low``
    is the smaller growth), the demographic objective (``objective_met_<a>_<b>``: met with
    every value), the decrees, how many figures of each kind were found, and where the
    talk's undated figure falls.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    talk_value : int, default 450
        The talk's undated population figure (``TALK_POPULATION``).
    target_pct : float, default 10.0
        The demographic objective, percent growth in ten years.

    Returns
    -------
    dict
        Name → value, to be recorded with :func:`analysis.book.results.record`: counts
        (``figures``, ``figures_<kind>``, ``figures_conflicting``), census counts and
        growths as above, ``objective_target_pct`` and ``objective_met_<a>_<b>`` (bool),
        ``decree_first``/``_peak``/``_last`` and their ``_year`` (when there are decrees),
        ``historical_max``, ``historical_first`` and ``historical_first_year`` (when there
        are historical figures), ``talk_band_pct``, ``near_talk_first_year``,
        ``near_talk_last_year``, ``first_census_above_talk`` and its ``_year``, and
        ``latest_census_over_talk_pct`` (percent).

    Raises
    ------
    KeyError
        When ``population`` has no figure for ``place_code``.
    ValueError
        When a kind is unknown, a starting census count is zero, no figure lies near
        ``talk_value`` or no census count lies above it (:func:`first_census_above`).
    """
    figures = population_figures(population, place_code)
    out: dict = {"figures": int(len(figures))}
    for kind in POPULATION_KINDS:
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
            out[name] = float(growth.iloc[0])
        else:
            out[name + "_low"], out[name + "_high"] = float(growth.min()), float(growth.max())
    test = objective_test(population, place_code, target_pct=target_pct)
    out["objective_target_pct"] = target_pct
    for (a, b), rows in test.groupby(["start_year", "end_year"]):
        out[f"objective_met_{a}_{b}"] = bool(rows["met"].all())
    decrees = figures[figures["kind"] == "decree"].sort_values("year")
    if not decrees.empty:
        top = decrees.loc[decrees["value"].idxmax()]
        out.update(
            {
                "decree_first_year": int(decrees.iloc[0]["year"]),
                "decree_first": int(decrees.iloc[0]["value"]),
                "decree_peak_year": int(top["year"]),
                "decree_peak": int(top["value"]),
                "decree_last_year": int(decrees.iloc[-1]["year"]),
                "decree_last": int(decrees.iloc[-1]["value"]),
            }
        )
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
    out["latest_census_over_talk_pct"] = growth_pct(talk_value, last["value"])
    return out


SERIES_LABELS = {
    "census": "census counts (2016 = 100)",
    "decree": "decree estimates (2022 = 100)",
}


def indexed_growth(
    municipalities: pd.DataFrame,
    mrc_code: str = LES_SOURCES,
    census_years: tuple[int, ...] = (2016, 2021),
    decree_years: tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """Population of the municipalities of one MRC, indexed within each kind of figure.

    Two separate series, never joined: census counts (first census year = 100) and
    government decrees (first decree year = 100; estimates, not counts). ``decree_years``
    defaults to every ``pop_decree_<year>`` column from 2022 on.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``); reads ``mrc_code``,
        ``csd_uid``, ``name``, ``pop_census_<year>`` for each census year and
        ``pop_decree_<year>`` for each decree year.
    mrc_code : str, default ``"40"`` (MRC Les Sources)
        2-digit SDA code of the MRC.
    census_years : tuple of int, default (2016, 2021)
        The first one is the base year of the census series.
    decree_years : tuple of int, optional
        The first one is the base year of the decree series (default: see above).

    Returns
    -------
    pandas.DataFrame
        A long table, one row per municipality, series and year: ``csd_uid``, ``name``,
        ``series`` (``census`` or ``decree``), ``series_label``, ``year``,
        ``population`` (persons), ``base_year``, ``index`` (100 at the base year; missing
        when the base population is missing or zero) and ``change_pct`` (change from the
        base year, %).

    Raises
    ------
    KeyError
        When no municipality has ``mrc_code``, or a population column is missing.

    References
    ----------
    Statistics Canada, Census Profile 2016 (98-401-X2016065) and 2021 (98-401-X2021005);
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités
    (population decrees).
    """
    if decree_years is None:
        decree_years = tuple(
            sorted(
                int(c.rsplit("_", 1)[1])
                for c in municipalities.columns
                if c.startswith("pop_decree_") and int(c.rsplit("_", 1)[1]) >= 2022
            )
        )
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
            part = pd.DataFrame(
                {
                    "csd_uid": places["csd_uid"].astype(str).to_numpy(),
                    "name": places["name"].astype(str).to_numpy(),
                    "series": series,
                    "series_label": SERIES_LABELS[series],
                    "year": year,
                    "population": places[column].astype("float64").to_numpy(),
                    "base_year": base,
                    "base_population": places[f"{prefix}{base}"].astype("float64").to_numpy(),
                }
            )
            parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["index"] = 100.0 * out["population"] / out["base_population"].where(out["base_population"] > 0)
    out["change_pct"] = out["index"] - 100.0
    return out.drop(columns="base_population")


def growth_ranking(indexed: pd.DataFrame, series: str) -> pd.DataFrame:
    """Change over the whole period of one series, one row per municipality, fastest first (rank 1).

    Parameters
    ----------
    indexed : pandas.DataFrame
        The result of :func:`indexed_growth`.
    series : {"census", "decree"}

    Returns
    -------
    pandas.DataFrame
        ``csd_uid``, ``name``, ``population`` (last year of the series), ``change_pct``
        (from the base year, %) and ``rank`` (1 = fastest; ties share the lowest rank);
        empty when the series is absent.
    """
    part = indexed[indexed["series"] == series]
    last = part[part["year"] == part["year"].max()][["csd_uid", "name", "population", "change_pct"]]
    last = last.sort_values("change_pct", ascending=False, kind="stable").reset_index(drop=True)
    last["rank"] = last["change_pct"].rank(ascending=False, method="min").astype("int64")
    return last


def mrc_headlines(
    indexed: pd.DataFrame,
    population: pd.DataFrame,
    place_code: str = SAINT_CAMILLE,
    cd_code: str = LES_SOURCES_CD,
    base_year: int = 2011,
) -> dict:
    """How the place compares with the other municipalities of its MRC (percentages at full precision).

    From :func:`indexed_growth` (census and decree series, ranked separately: rank 1 =
    fastest growth) and from :func:`versus_rest_of_mrc` (census counts of the place and
    of the rest of the division, ``base_year`` = 100).

    Parameters
    ----------
    indexed : pandas.DataFrame
        The result of :func:`indexed_growth` for the place's MRC.
    population : pandas.DataFrame
        The curated population table (``load.case("population")``,
        ``data/case/population.csv``): ``id``, ``place_code``, ``year``, ``value``
        (persons), ``kind`` (census, decree, estimate, historical), ``reliability`` (A-D),
        ``conflict_group`` and the source columns.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code (or 4-digit census-division code) of the place.
    cd_code : str, default ``"2440"``
        The census division of the MRC.
    base_year : int, default 2011
        Base year of :func:`versus_rest_of_mrc`.

    Returns
    -------
    dict
        ``mrc_municipalities``; per series (``census``, ``decree``) present:
        ``<series>_first_year``, ``_last_year``, ``_rank``, ``_change_pct``, ``_fastest``
        (name), ``_fastest_change_pct`` and ``_declining`` (municipalities with a fall);
        and ``rest_base_year``, ``rest_first_year``, ``rest_last_year``,
        ``rest_place_index_last``, ``rest_index_last``, ``rest_index_first_low``/``_high``
        and ``rest_place_index_first_low``/``_high`` (indices, base year = 100).

    Raises
    ------
    IndexError
        When the place is not among the municipalities of ``indexed``.
    ValueError
        As in :func:`versus_rest_of_mrc`.
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
        out[f"{series}_change_pct"] = float(mine["change_pct"])
        out[f"{series}_fastest"] = str(ranking.iloc[0]["name"])
        out[f"{series}_fastest_change_pct"] = float(ranking.iloc[0]["change_pct"])
        out[f"{series}_declining"] = int((ranking["change_pct"] < 0).sum())
    rest = versus_rest_of_mrc(population, place_code, cd_code, base_year)
    last = rest[rest["year"] == rest["year"].max()].iloc[0]
    out["rest_base_year"] = base_year
    out["rest_last_year"] = int(last["year"])
    out["rest_place_index_last"] = float(last["place_index"])
    out["rest_index_last"] = float(last["rest_index"])
    first = rest[rest["year"] == rest["year"].min()]
    out["rest_first_year"] = int(first["year"].iloc[0])
    out["rest_index_first_low"] = float(first["rest_index"].min())
    out["rest_index_first_high"] = float(first["rest_index"].max())
    out["rest_place_index_first_low"] = float(first["place_index"].min())
    out["rest_place_index_first_high"] = float(first["place_index"].max())
    return out
