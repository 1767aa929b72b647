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
# The demographic objective: +10 % population in ten years. Every source that states or dates it is
# a row of data/case/objective.csv (La Presse dates it to 2003; a 2012 visit report measures growth
# from 2005; Solidarité rurale's 2009 profile states it without a date).
DEMOGRAPHIC_TARGET_PCT = 10.0
OBJECTIVE_HORIZON_YEARS = 10
# The first edition dated the objective to 2009, the publication year of Solidarité rurale's profile.
FIRST_EDITION_START = 2009
OBJECTIVE_METHODS = ("census_decade", "interpolated")
"""How the population at the start and the end of an objective window is read from census counts:
``census_decade`` takes the first census at or after the start year and the census ten years later;
``interpolated`` interpolates linearly between census years, carries the first census back to an
earlier start year (flagged), and leaves a window that ends after the last census untested."""
TESTED_START_KINDS = ("adoption", "measurement_baseline", "planning_without_target", "call_for_newcomers")
"""Kinds of dated objective rows whose year is tested as a start year (``OBJECTIVE_START_KINDS`` of
:mod:`analysis.data.schemas`); undated rows and later, different targets are listed, not tested."""
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
    above the target. The default windows are the first edition's: the two census decades
    around 2009, the year it gave the objective (the one that contains 2009, 2006-2016, and
    the first that starts after it, 2011-2021). The objective is dated from every source by
    :func:`objective_by_start_year`.

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
        The objective, in percent growth (+10 % in ten years).

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


# --------------------------------------------------------------------------------------
# The demographic objective, dated from every source
# --------------------------------------------------------------------------------------


def objective_start_years(objective: pd.DataFrame, first_edition: int | None = FIRST_EDITION_START) -> pd.DataFrame:
    """The candidate start years of the demographic objective, one row per year, with the sources that give it.

    Rows of ``objective`` whose ``start_kind`` is one of ``TESTED_START_KINDS`` and that
    have a ``start_year`` are candidates; undated rows and later, different targets are
    not. Several sources giving the same year are joined on one row, with the best grade
    among them. ``first_edition`` adds the first edition's dating (2009, the publication
    year of an undated source) as a candidate of kind ``first_edition``, so that the old
    conclusion can be set beside the new ones; ``None`` leaves it out.

    Parameters
    ----------
    objective : pandas.DataFrame
        The curated objective table (``load.case("objective")``,
        ``data/case/objective.csv``); reads ``id``, ``start_year``, ``start_kind`` and
        ``reliability``.
    first_edition : int or None, default 2009
        The start year the first edition used.

    Returns
    -------
    pandas.DataFrame
        ``start_year`` (int), ``start_kinds`` and ``source_ids`` (``"; "``-joined) and
        ``best_reliability`` (A-D, or empty for the first edition's year), sorted by year.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    rows = objective[objective["start_kind"].isin(TESTED_START_KINDS) & objective["start_year"].notna()]
    out = []
    for year, part in rows.groupby(rows["start_year"].astype("int64")):
        grades = sorted(part["reliability"].astype(str), key=RELIABILITY_RANK.get)
        out.append(
            {
                "start_year": int(year),
                "start_kinds": "; ".join(sorted(set(part["start_kind"].astype(str)))),
                "source_ids": "; ".join(part["id"].astype(str)),
                "best_reliability": grades[0],
            }
        )
    if first_edition is not None and first_edition not in {r["start_year"] for r in out}:
        out.append(
            {"start_year": int(first_edition), "start_kinds": "first_edition", "source_ids": "", "best_reliability": ""}
        )
    columns = ["start_year", "start_kinds", "source_ids", "best_reliability"]
    return pd.DataFrame(out, columns=columns).sort_values("start_year").reset_index(drop=True)


def _census_points(population: pd.DataFrame, place_code: str) -> dict[int, list[tuple[str, int]]]:
    census = population[(population["place_code"] == place_code) & (population["kind"] == "census")]
    points: dict[int, list[tuple[str, int]]] = {}
    for _, row in census.sort_values("year").iterrows():
        points.setdefault(int(row["year"]), []).append((str(row["id"]), int(row["value"])))
    return points


def population_at(census: dict[int, int], year: float) -> tuple[float, str]:
    """A population at any year from census counts: the count, a linear interpolation, or the first count carried back.

    Parameters
    ----------
    census : dict of int → int
        Census year → count (persons), one value per year (choose among conflicting
        counts before calling).
    year : float
        The year wanted.

    Returns
    -------
    (float, str)
        The population (persons, unrounded) and how it was obtained: ``census`` (a
        census year), ``interpolated`` (between the two census years around it),
        ``carried_back`` (before the first census: the first count) or ``after_last``
        (after the last census: NaN).

    Raises
    ------
    ValueError
        When ``census`` is empty.
    """
    if not census:
        raise ValueError("no census count")
    years = sorted(census)
    if year in census:
        return float(census[year]), "census"
    if year < years[0]:
        return float(census[years[0]]), "carried_back"
    if year > years[-1]:
        return float("nan"), "after_last"
    after = min(y for y in years if y > year)
    before = max(y for y in years if y < year)
    share = (year - before) / (after - before)
    return float(census[before] + share * (census[after] - census[before])), "interpolated"


def _rows_used(ids: dict[int, str], years: list[int], year: int, basis: str) -> str:
    if basis == "census":
        return ids[year]
    if basis == "carried_back":
        return ids[years[0]]
    if basis == "interpolated":
        before = max(y for y in years if y < year)
        after = min(y for y in years if y > year)
        return f"{ids[before]}; {ids[after]}"
    return ""


def objective_by_start_year(
    population: pd.DataFrame,
    objective: pd.DataFrame,
    place_code: str = SAINT_CAMILLE,
    target_pct: float = DEMOGRAPHIC_TARGET_PCT,
    horizon: int = OBJECTIVE_HORIZON_YEARS,
    first_edition: int | None = FIRST_EDITION_START,
) -> pd.DataFrame:
    """The objective (+``target_pct`` % in ``horizon`` years) tested from every candidate start year, two ways.

    Candidate start years come from :func:`objective_start_years`. For each one, census
    counts give the population at the start and at the end of the window by each method
    of ``OBJECTIVE_METHODS``:

    * ``census_decade``: the first census at or after the start year (``lag_years`` later)
      and the census ``horizon`` years after it; untested when that census does not exist;
    * ``interpolated``: the population at the start year and at start + ``horizon``,
      interpolated linearly between census years (:func:`population_at`); a start before
      the first census carries that count back (``start_basis = carried_back``: it assumes
      no change in between), an end after the last census leaves the window untested.

    A census year with conflicting counts gives one row per combination of values
    (``start_id``, ``end_id``), so a conclusion can require the objective to be met with
    every value. Only census counts are used; estimates and decrees never enter.

    Parameters
    ----------
    population : pandas.DataFrame
        The curated population table (``load.case("population")``): ``id``, ``place_code``,
        ``year``, ``value`` (persons), ``kind``.
    objective : pandas.DataFrame
        The curated objective table (``load.case("objective")``), as read by
        :func:`objective_start_years`.
    place_code : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the place.
    target_pct : float, default 10.0
        Growth targeted, percent.
    horizon : int, default 10
        Years of the objective.
    first_edition : int or None, default 2009
        Adds the first edition's start year (see :func:`objective_start_years`).

    Returns
    -------
    pandas.DataFrame
        One row per start year, method and combination of conflicting values:
        ``start_year``, ``start_kinds``, ``source_ids``, ``best_reliability``, ``method``,
        ``window_start`` and ``window_end`` (years whose populations are compared),
        ``lag_years`` (window_start − start_year), ``start_value`` and ``end_value``
        (persons; interpolated values unrounded), ``start_basis`` and ``end_basis``,
        ``start_id`` and ``end_id`` (census rows used, ``"; "``-joined when interpolated),
        ``tested`` (bool), ``growth_pct``, ``target_pct``, ``met`` (bool; False when
        untested) and ``break_even_start_value`` (persons: the largest starting population
        with which the objective would still be met; the margin of an assumed start value,
        such as a count carried back). Sorted by start year and method.

    Raises
    ------
    ValueError
        When the place has no census count, or a starting value is not positive.
    """
    points = _census_points(population, place_code)
    if not points:
        raise ValueError(f"no census count for {place_code}")
    years = sorted(points)
    variants: list[list[tuple[int, tuple[str, int]]]] = [[]]
    for year in years:  # every combination of conflicting values
        variants = [v + [(year, item)] for v in variants for item in points[year]]
    candidates = objective_start_years(objective, first_edition)
    rows = []
    for _, cand in candidates.iterrows():
        start = int(cand["start_year"])
        base = {k: cand[k] for k in ("start_year", "start_kinds", "source_ids", "best_reliability")}
        seen = set()
        for variant in variants:
            values = {y: v for y, (_, v) in variant}
            ids = {y: i for y, (i, _) in variant}
            first = next((y for y in years if y >= start), None)
            end = first + horizon if first is not None else None
            tested = first is not None and end in values
            key = ("census_decade", ids.get(first, ""), ids.get(end, ""))
            if key not in seen:
                seen.add(key)
                rows.append(
                    {
                        **base,
                        "method": "census_decade",
                        "window_start": first,
                        "window_end": end,
                        "lag_years": (first - start) if first is not None else None,
                        "start_value": float(values[first]) if tested else float("nan"),
                        "end_value": float(values[end]) if tested else float("nan"),
                        "start_basis": "census" if tested else "",
                        "end_basis": "census" if tested else "",
                        "start_id": ids[first] if tested else "",
                        "end_id": ids[end] if tested else "",
                        "tested": tested,
                    }
                )
            start_value, start_basis = population_at(values, start)
            end_value, end_basis = population_at(values, start + horizon)
            start_used = _rows_used(ids, years, start, start_basis)
            end_used = _rows_used(ids, years, start + horizon, end_basis)
            key = ("interpolated", start_used, end_used)
            if key in seen:
                continue
            seen.add(key)
            tested = end_basis != "after_last"
            rows.append(
                {
                    **base,
                    "method": "interpolated",
                    "window_start": start,
                    "window_end": start + horizon,
                    "lag_years": 0,
                    "start_value": start_value,
                    "end_value": end_value if tested else float("nan"),
                    "start_basis": start_basis,
                    "end_basis": end_basis,
                    "start_id": start_used,
                    "end_id": end_used,
                    "tested": tested,
                }
            )
    out = pd.DataFrame(rows)
    for column in ("window_start", "window_end", "lag_years"):
        out[column] = out[column].astype("Int64")
    out["growth_pct"] = [
        growth_pct(a, b) if tested else float("nan")
        for a, b, tested in zip(out["start_value"], out["end_value"], out["tested"])
    ]
    out["target_pct"] = target_pct
    out["met"] = out["tested"] & (out["growth_pct"] >= target_pct)
    out["break_even_start_value"] = out["end_value"] / (1 + target_pct / 100)
    out["method_rank"] = out["method"].map({m: i for i, m in enumerate(OBJECTIVE_METHODS)})
    out = out.sort_values(["start_year", "method_rank", "start_id", "end_id"], kind="stable")
    return out.drop(columns="method_rank").reset_index(drop=True)


def objective_verdicts(test: pd.DataFrame) -> pd.DataFrame:
    """One verdict per start year and method: growth range over conflicting values, met with every value or not.

    Parameters
    ----------
    test : pandas.DataFrame
        The result of :func:`objective_by_start_year`.

    Returns
    -------
    pandas.DataFrame
        One row per (``start_year``, ``method``), in the order of ``test``: ``start_kinds``,
        ``best_reliability``, ``window_start``, ``window_end``, ``lag_years``, ``tested``
        (bool), ``growth_low_pct`` and ``growth_high_pct`` (over conflicting values; NaN when
        untested), ``met_all`` (met with every value) and ``met_any`` (with at least one).

    Raises
    ------
    KeyError
        When a column of :func:`objective_by_start_year` is missing.
    """
    rows = []
    for (year, method), part in test.groupby(["start_year", "method"], sort=False):
        first = part.iloc[0]
        tested = bool(part["tested"].all())
        rows.append(
            {
                "start_year": int(year),
                "method": method,
                "start_kinds": first["start_kinds"],
                "best_reliability": first["best_reliability"],
                "window_start": first["window_start"],
                "window_end": first["window_end"],
                "lag_years": first["lag_years"],
                "tested": tested,
                "growth_low_pct": float(part["growth_pct"].min()) if tested else float("nan"),
                "growth_high_pct": float(part["growth_pct"].max()) if tested else float("nan"),
                "met_all": bool(tested and part["met"].all()),
                "met_any": bool(tested and part["met"].any()),
            }
        )
    out = pd.DataFrame(rows)
    for column in ("window_start", "window_end", "lag_years"):
        out[column] = out[column].astype("Int64")
    return out


def objective_conclusion(verdicts: pd.DataFrame) -> dict:
    """What all the start years say together: counts of verdicts and the growth range (percent, full precision).

    Sourced start years are the candidates other than the first edition's. The objective
    is counted as met from a start year only when it is met with every conflicting value.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        The result of :func:`objective_verdicts`.

    Returns
    -------
    dict
        ``start_years`` (candidate years, the first edition's included),
        ``sourced_start_years``, ``tests`` (tested pairs of year and method) and
        ``tests_met``, ``sourced_tests`` and ``sourced_tests_met``,
        ``met_from_every_sourced_start`` (bool: every tested sourced pair met),
        ``growth_low_pct`` and ``growth_high_pct`` (over the tested sourced pairs),
        ``untested`` (pairs that could not be tested), ``first_edition_year`` (or None) and
        ``first_edition_met_<method>`` for each method (bool, or None when untested or absent).

    Raises
    ------
    ValueError
        When no sourced pair could be tested.
    """
    sourced = verdicts[verdicts["start_kinds"] != "first_edition"]
    tested = verdicts[verdicts["tested"]]
    sourced_tested = sourced[sourced["tested"]]
    if sourced_tested.empty:
        raise ValueError("no sourced start year could be tested")
    out: dict = {
        "start_years": int(verdicts["start_year"].nunique()),
        "sourced_start_years": int(sourced["start_year"].nunique()),
        "tests": int(len(tested)),
        "tests_met": int(tested["met_all"].sum()),
        "sourced_tests": int(len(sourced_tested)),
        "sourced_tests_met": int(sourced_tested["met_all"].sum()),
        "met_from_every_sourced_start": bool(sourced_tested["met_all"].all()),
        "growth_low_pct": float(sourced_tested["growth_low_pct"].min()),
        "growth_high_pct": float(sourced_tested["growth_high_pct"].max()),
        "untested": int((~verdicts["tested"]).sum()),
    }
    first = verdicts[verdicts["start_kinds"] == "first_edition"]
    out["first_edition_year"] = int(first["start_year"].iloc[0]) if len(first) else None
    for method in OBJECTIVE_METHODS:
        row = first[(first["method"] == method) & first["tested"]]
        out[f"first_edition_met_{method}"] = bool(row["met_all"].iloc[0]) if len(row) else None
    return out
