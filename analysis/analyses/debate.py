"""The efficiency debate, measured on census proxies (chapter 1).

Klein's talk opens with two points of view on the social economy: an optimistic one
(social capital and the social economy fight poverty) and a sceptical one (effects are
minimal and precarious, and asking devitalised places to develop themselves adds to
their burden and widens the gap). It then answers with a *plural economy* in a "new
economy" that divides those who have the competencies to join it from those who do not.

None of this can be measured directly in the municipal tables: there is no count of
social-economy enterprises. What the tables *can* show is the ground the debate stands
on: how well-being, income, education and population change are spread between central
and peripheral places, whether the places with the least well-being also have the least
capacity, and how closely competencies (the CWB education component) go with income and
labour-force activity (chapter 2: :mod:`analysis.analyses.plural_economy`). Every function here is pure: a DataFrame in, a DataFrame, a
Series or a number out; missing values are never filled in.

Conventions
-----------
* *central* = inside a census metropolitan area (CMA) or a census agglomeration (CA) in
  the Statistical Area Classification 2016; *peripheral* = in a metropolitan influenced
  zone (strong, moderate, weak or no MIZ).
* *remoteness* = Statistics Canada's Index of Remoteness 2021 (0 = least remote), the edition that
  matches the 2021 census and well-being index.
* *population-weighted* statistics count each municipality as its 2021 residents, so
  Montréal weighs as its 1.8 million people rather than as one place among 1,100.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats import bootstrap_ci, mean_difference_ci, weighted_mean
from analysis.vocabulary import POPULATION, SAC_CENTRAL_CLASSES, SAC_CLASSES

WELLBEING = "cwb_2021"
INCOME_COMPONENT = "cwb_income_2021"
EDUCATION = "cwb_education_2021"
LABOUR = "cwb_labour_2021"
HOUSING = "cwb_housing_2021"
HOUSEHOLD_INCOME = "median_household_income_2020"
GROWTH = "pop_change_2016_2021_pct"
REMOTENESS = "remoteness_2021"
SAC = "sac_class_2016"

CENTRAL = "central (CMA, CA)"
PERIPHERAL = "peripheral (MIZ)"
CENTRE_PERIPHERY = (CENTRAL, PERIPHERAL)
QUARTILES = ("Q1 least remote", "Q2", "Q3", "Q4 most remote")
LOWEST_FIFTH = "lowest fifth"
REST = "other four fifths"

COMPONENTS = [INCOME_COMPONENT, EDUCATION, LABOUR, HOUSING]
WELLBEING_COLUMNS = [WELLBEING, *COMPONENTS, HOUSEHOLD_INCOME, REMOTENESS, SAC]
GROWTH_COLUMNS = [GROWTH, REMOTENESS, SAC]
NEW_ECONOMY_COLUMNS = [EDUCATION, INCOME_COMPONENT, HOUSEHOLD_INCOME, LABOUR, REMOTENESS, SAC]

COLUMN_LABELS = {
    WELLBEING: "CWB 2021",
    INCOME_COMPONENT: "CWB income",
    EDUCATION: "CWB education",
    LABOUR: "CWB labour force activity",
    HOUSING: "CWB housing",
    HOUSEHOLD_INCOME: "median household income 2020 ($)",
    GROWTH: "population change 2016–2021 (%)",
    REMOTENESS: "Index of Remoteness 2021",
    SAC: "SAC class 2016",
}


# --- centrality groups ------------------------------------------------------------------


def sac_groups(frame: pd.DataFrame) -> pd.Series:
    """The SAC 2016 class as an ordered category, from CMA (most central) to no MIZ.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``sac_class_2016`` (``SAC``), one of
        ``analysis.vocabulary.SAC_CLASSES`` or missing.

    Returns
    -------
    pandas.Series of category, shape (n,)
        Named ``sac_class``, indexed like ``frame``; the categories are the six SAC classes
        in order (CMA, CA, Strong, Moderate, Weak, No MIZ); missing where the class is
        missing or not one of them.

    Raises
    ------
    KeyError
        When ``frame`` has no ``sac_class_2016`` column.

    References
    ----------
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area
    Classification (CMA, CA, MIZ).
    """
    return pd.Series(
        pd.Categorical(frame[SAC].astype("object"), categories=list(SAC_CLASSES), ordered=True),
        index=frame.index,
        name="sac_class",
    )


def centre_periphery(frame: pd.DataFrame) -> pd.Series:
    """*Central* (in a CMA or CA) or *peripheral* (in any MIZ class); missing SAC class stays missing.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``sac_class_2016`` (``SAC``).

    Returns
    -------
    pandas.Series of category, shape (n,)
        Named ``centrality``, indexed like ``frame``, with the ordered categories
        ``"central (CMA, CA)"`` and ``"peripheral (MIZ)"`` (``CENTRE_PERIPHERY``).

    Raises
    ------
    KeyError
        When ``frame`` has no ``sac_class_2016`` column.

    References
    ----------
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area
    Classification (CMA, CA, MIZ).
    """
    sac = frame[SAC].astype("object")
    labels = np.where(sac.isin(SAC_CENTRAL_CLASSES), CENTRAL, PERIPHERAL)
    out = pd.Series(labels, index=frame.index, dtype="object").where(sac.notna())
    return pd.Series(
        pd.Categorical(out, categories=list(CENTRE_PERIPHERY), ordered=True), index=frame.index, name="centrality"
    )


def remoteness_quartiles(frame: pd.DataFrame, column: str = REMOTENESS) -> pd.Series:
    """Quartiles of the Index of Remoteness across the entities of ``frame`` (Q1 = least remote).

    Quartiles of *entities*, not of population: each group holds about a quarter of the
    municipalities, whatever their size.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``column`` (an Index of Remoteness, between 0 and 1,
        0 = least remote).
    column : str, default ``"remoteness_2021"`` (``REMOTENESS``)
        The edition: ``remoteness_2021`` or ``remoteness_2016``.

    Returns
    -------
    pandas.Series of category, shape (n,)
        Named ``remoteness_quartile``, indexed like ``frame``, with the ordered categories
        ``QUARTILES`` (``"Q1 least remote"`` … ``"Q4 most remote"``); missing where the
        index is missing.

    Raises
    ------
    KeyError
        When ``frame`` has no ``column`` column.
    ValueError
        When the quartile cuts are not distinct (``pandas.qcut``), e.g. with fewer than four
        distinct values.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001).
    """
    values = frame[column].astype("float64")
    groups = pd.qcut(values, 4, labels=list(QUARTILES))
    return pd.Series(
        pd.Categorical(groups, categories=list(QUARTILES), ordered=True), index=frame.index, name="remoteness_quartile"
    )


# --- chapter 1: distributions by centrality ---------------------------------------------


def group_summary(
    frame: pd.DataFrame, by: pd.Series, columns: Sequence[str], statistic: str = "median", population: str = POPULATION
) -> pd.DataFrame:
    """Each centrality group's entities, population and typical value of each column.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Entities to summarise (an analysed frame, :func:`analysis.analyses.sample.analysed`);
        must hold ``population`` and every name in ``columns`` (numeric).
    by : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity (e.g. :func:`sac_groups`); its name names the index.
    columns : sequence of str
        The indicators to summarise.
    statistic : {"median", "weighted"}, default ``"median"``
        ``"median"`` (the typical *municipality*) or ``"weighted"`` (the
        population-weighted mean: the typical *resident*).
    population : str, default ``"pop_census_2021"``
        The 2021 census population column (the weights, and the ``population`` total).

    Returns
    -------
    pandas.DataFrame, shape (groups, 2 + len(columns))
        One row per group (in the order of the categories; empty groups are left out),
        columns ``entities``, ``population`` (2021 residents) and one per indicator, in
        the indicator's units.

    Raises
    ------
    ValueError
        When ``statistic`` is neither ``"median"`` nor ``"weighted"``.
    KeyError
        When ``population`` or a name in ``columns`` is not a column of ``frame``.
    """
    if statistic not in ("median", "weighted"):
        raise ValueError(f"statistic must be 'median' or 'weighted', not {statistic!r}")
    rows = {}
    for group, part in frame.groupby(by, observed=True, sort=True):
        row = {"entities": len(part), "population": int(part[population].astype("float64").sum())}
        for column in columns:
            if statistic == "median":
                row[column] = float(part[column].astype("float64").median())
            else:
                row[column] = weighted_mean(part[column], part[population])
        rows[group] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = by.name
    return out


def lowest_fifth(values: pd.Series) -> pd.Series:
    """True for the entities in the lowest fifth of ``values`` (at or below the 20th percentile).

    Ties at the cut stay together, so the group can hold slightly more than a fifth of
    the entities. Missing values are ``False``.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        The ranking indicator (e.g. the CWB 2021 score); missing values allowed.

    Returns
    -------
    pandas.Series of bool, shape (n,)
        Indexed like ``values``.
    """
    x = values.astype("float64")
    return (x <= x.quantile(0.2)).fillna(False).astype(bool)


def burden_comparison(frame: pd.DataFrame, wellbeing: str, capacities: Sequence[str]) -> pd.DataFrame:
    """The "burden" test: do the places with the least well-being also have the least capacity?

    Splits ``frame`` into the lowest fifth on ``wellbeing`` and the other four fifths and
    compares the mean of each capacity indicator (unweighted: each place counts once,
    since the argument is about places asked to carry their own development).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``wellbeing`` and every name in ``capacities``
        (numeric).
    wellbeing : str
        The column that ranks the places (e.g. ``"cwb_2021"``); its lowest fifth is taken
        with :func:`lowest_fifth`.
    capacities : sequence of str
        The capacity indicators to compare (e.g. the CWB education component, household
        income).

    Returns
    -------
    pandas.DataFrame, shape (len(capacities), 3)
        Indexed by ``capacity``: ``lowest fifth`` and ``other four fifths`` (means),
        ``difference`` (lowest fifth minus the rest, in the indicator's units).

    Raises
    ------
    KeyError
        When ``wellbeing`` or a name in ``capacities`` is not a column of ``frame``.
    """
    low = lowest_fifth(frame[wellbeing])
    rows = {}
    for column in capacities:
        values = frame[column].astype("float64")
        rows[column] = {LOWEST_FIFTH: float(values[low].mean()), REST: float(values[~low].mean())}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out["difference"] = out[LOWEST_FIFTH] - out[REST]
    out.index.name = "capacity"
    return out


def fifth_groups(values: pd.Series) -> pd.Series:
    """``lowest fifth`` or ``other four fifths`` for each entity (see :func:`lowest_fifth`), as a category.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        The ranking indicator; a missing value counts in ``other four fifths``.

    Returns
    -------
    pandas.Series of category, shape (n,)
        Named ``fifth``, indexed like ``values``, with the ordered categories
        ``"lowest fifth"`` and ``"other four fifths"``.
    """
    labels = np.where(lowest_fifth(values), LOWEST_FIFTH, REST)
    return pd.Series(
        pd.Categorical(labels, categories=[LOWEST_FIFTH, REST], ordered=True), index=values.index, name="fifth"
    )


def burden_table(frame: pd.DataFrame, rankings: Sequence[str], capacities: Sequence[str]) -> pd.DataFrame:
    """:func:`burden_comparison` for several ways of ranking the places, stacked.

    Ranking by the CWB itself is partly circular (the CWB is the mean of four components,
    two of which are the capacities compared); ranking by the CWB income component alone
    is not, so the two side by side show how much of the gap is built in.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold every name in ``rankings`` and ``capacities``.
    rankings : sequence of str
        The columns to rank the places by, one block each (e.g. ``"cwb_2021"`` and
        ``"cwb_income_2021"``).
    capacities : sequence of str
        The capacity indicators compared in each block.

    Returns
    -------
    pandas.DataFrame, shape (len(rankings) × len(capacities), 3)
        Indexed by (``ranked_by``, ``capacity``), columns as in :func:`burden_comparison`.

    Raises
    ------
    KeyError
        When a name in ``rankings`` or ``capacities`` is not a column of ``frame``.
    """
    parts = {ranking: burden_comparison(frame, ranking, capacities) for ranking in rankings}
    return pd.concat(parts, names=["ranked_by", "capacity"])


def lowest_fifth_by_group(frame: pd.DataFrame, wellbeing: str, by: pd.Series) -> pd.DataFrame:
    """How often each centrality group's entities fall in the lowest fifth of ``wellbeing``.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``wellbeing``.
    wellbeing : str
        The ranking column (e.g. ``"cwb_2021"``); the fifth is that of all of ``frame``
        (:func:`lowest_fifth`).
    by : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity (e.g. :func:`centre_periphery`); its name names the index.

    Returns
    -------
    pandas.DataFrame, shape (groups, 3)
        One row per group: ``entities``, ``in_lowest_fifth`` and ``share`` (between 0 and
        1; if the lowest fifth were spread evenly, every share would be about 0.2).

    Raises
    ------
    KeyError
        When ``wellbeing`` is not a column of ``frame``.
    """
    low = lowest_fifth(frame[wellbeing])
    table = pd.DataFrame({"group": by, "low": low}).groupby("group", observed=True, sort=True)["low"]
    out = pd.DataFrame({"entities": table.size(), "in_lowest_fifth": table.sum().astype("int64")})
    out["share"] = out["in_lowest_fifth"] / out["entities"]
    out.index.name = by.name
    return out


def share_peripheral(frame: pd.DataFrame, mask: pd.Series | None = None) -> float:
    """Share of the entities (optionally only those where ``mask`` is True) that are peripheral.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``sac_class_2016``.
    mask : pandas.Series of bool, shape (n,), optional
        Aligned on ``frame``: the entities to count (default: all).

    Returns
    -------
    float
        Between 0 and 1, over the entities with a SAC class (see :func:`centre_periphery`);
        ``nan`` when none is left.

    Raises
    ------
    KeyError
        When ``frame`` has no ``sac_class_2016`` column.
    """
    groups = centre_periphery(frame)
    if mask is not None:
        groups = groups[mask.astype(bool)]
    groups = groups.dropna()
    return float((groups == PERIPHERAL).mean()) if len(groups) else float("nan")


# --- chapter 1: does population change widen the gap? ------------------------------------


def population_2016(frame: pd.DataFrame, population: str = POPULATION, growth: str = GROWTH) -> pd.Series:
    """The 2016 population on 2021 boundaries implied by the published change.

    ``pop_2021 / (1 + change / 100)``: the census publishes the 2016-2021 change with
    2016 counts adjusted to 2021 boundaries, so this undoes it without mixing the two
    geographies (merged municipalities would otherwise look like sudden growth).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``population`` and ``growth``.
    population : str, default ``"pop_census_2021"``
        The 2021 census population column (persons).
    growth : str, default ``"pop_change_2016_2021_pct"``
        The published population change 2016-2021, in percent.

    Returns
    -------
    pandas.Series of float, shape (n,)
        Persons (not rounded), indexed like ``frame``; missing where either input is.

    Raises
    ------
    KeyError
        When ``population`` or ``growth`` is not a column of ``frame``.
    """
    return frame[population].astype("float64") / (1 + frame[growth].astype("float64") / 100)


def aggregate_growth(
    frame: pd.DataFrame, by: pd.Series, population: str = POPULATION, growth: str = GROWTH
) -> pd.DataFrame:
    """Population change 2016-2021 of each group, as a whole and for its median place.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``population`` and ``growth``. Entities with either
        missing, or without a group, are left out.
    by : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity (e.g. :func:`centre_periphery`); its name names the index.
    population : str, default ``"pop_census_2021"``
        The 2021 census population column (persons).
    growth : str, default ``"pop_change_2016_2021_pct"``
        The published population change 2016-2021, in percent.

    Returns
    -------
    pandas.DataFrame, shape (groups, 5)
        One row per group: ``entities``, ``population_2016`` (implied, 2021 boundaries,
        :func:`population_2016`), ``population_2021``, ``growth_pct`` (the group's
        population as a whole, which is the population-weighted mean of its places'
        growth, in percent) and ``median_growth_pct`` (the typical place, unweighted).

    Raises
    ------
    KeyError
        When ``population`` or ``growth`` is not a column of ``frame``.
    """
    data = pd.DataFrame(
        {
            "group": by,
            "p2016": population_2016(frame, population, growth),
            "p2021": frame[population].astype("float64"),
            "g": frame[growth].astype("float64"),
        }
    )
    grouped = data.dropna().groupby("group", observed=True, sort=True)
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "population_2016": grouped["p2016"].sum(),
            "population_2021": grouped["p2021"].sum(),
            "median_growth_pct": grouped["g"].median(),
        }
    )
    out["growth_pct"] = (out["population_2021"] / out["population_2016"] - 1) * 100
    out.index.name = by.name
    return out[["entities", "population_2016", "population_2021", "growth_pct", "median_growth_pct"]]


def growth_gap(table: pd.DataFrame, first: str, second: str) -> float:
    """Difference in whole-group growth (percentage points) between two rows of :func:`aggregate_growth`.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`aggregate_growth` (needs ``growth_pct``).
    first, second : str
        Group labels (rows of ``table``), e.g. ``CENTRAL`` and ``PERIPHERAL``.

    Returns
    -------
    float
        ``growth_pct`` of ``first`` minus that of ``second``, in percentage points.

    Raises
    ------
    KeyError
        When ``first`` or ``second`` is not a row of ``table``.
    """
    return float(table.at[first, "growth_pct"] - table.at[second, "growth_pct"])


def population_shares(
    frame: pd.DataFrame, by: pd.Series, population: str = POPULATION, growth: str = GROWTH
) -> pd.DataFrame:
    """Each group's share of the population in 2016 and in 2021 (same entities, 2021 boundaries).

    A group whose share falls is being left behind demographically, even if it grows.

    Parameters
    ----------
    frame, by, population, growth
        As in :func:`aggregate_growth`.

    Returns
    -------
    pandas.DataFrame, shape (groups, 3)
        One row per group: ``share_2016`` and ``share_2021`` (between 0 and 1, summing to
        1 over the groups) and ``change_points`` (in percentage points).

    Raises
    ------
    KeyError
        When ``population`` or ``growth`` is not a column of ``frame``.
    """
    table = aggregate_growth(frame, by, population, growth)
    out = pd.DataFrame(
        {
            "share_2016": table["population_2016"] / table["population_2016"].sum(),
            "share_2021": table["population_2021"] / table["population_2021"].sum(),
        }
    )
    out["change_points"] = (out["share_2021"] - out["share_2016"]) * 100
    return out


# --- uncertainty on the chapter's gaps ------------------------------------------------------


def burden_intervals(frame: pd.DataFrame, wellbeing: str, capacities: Sequence[str]) -> pd.DataFrame:
    """:func:`burden_comparison` with Welch's 95 % interval on each difference.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``wellbeing`` and every name in ``capacities``.
    wellbeing : str
        The ranking column (its lowest fifth, :func:`lowest_fifth`).
    capacities : sequence of str
        The capacity indicators compared.

    Returns
    -------
    pandas.DataFrame, shape (len(capacities), 6)
        Indexed by ``capacity``: ``lowest fifth``, ``other four fifths`` (means),
        ``difference``, ``low``, ``high`` (:func:`analysis.stats.mean_difference_ci`) and
        ``entities_lowest_fifth``.

    Raises
    ------
    KeyError
        When ``wellbeing`` or a name in ``capacities`` is not a column of ``frame``.
    """
    out = burden_comparison(frame, wellbeing, capacities)
    low = lowest_fifth(frame[wellbeing])
    intervals = {c: mean_difference_ci(frame.loc[low, c], frame.loc[~low, c]) for c in capacities}
    out["low"] = [intervals[c][1] for c in out.index]
    out["high"] = [intervals[c][2] for c in out.index]
    out["entities_lowest_fifth"] = int(low.sum())
    return out


def growth_gap_interval(
    frame: pd.DataFrame,
    by: pd.Series,
    first: str,
    second: str,
    population: str = POPULATION,
    growth: str = GROWTH,
) -> tuple[float, float, float]:
    """The whole-group growth gap of :func:`growth_gap`, with a bootstrap 95 % interval.

    The places of each group are resampled separately (fixed seed), and the gap of the
    groups' aggregate growth recomputed on each resample.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``population`` and ``growth``.
    by : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity.
    first, second : str
        The two groups compared (``first`` minus ``second``).
    population : str, default ``"pop_census_2021"``
    growth : str, default ``"pop_change_2016_2021_pct"``

    Returns
    -------
    (float, float, float)
        ``(gap, low, high)`` in percentage points.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    data = pd.DataFrame(
        {"group": by, "p2016": population_2016(frame, population, growth), "p2021": frame[population].astype("float64")}
    ).dropna()
    a = data[data["group"] == first][["p2016", "p2021"]].to_numpy()
    b = data[data["group"] == second][["p2016", "p2021"]].to_numpy()

    def gap(i: np.ndarray, j: np.ndarray) -> float:
        ga = a[i.astype(int)].sum(axis=0)
        gb = b[j.astype(int)].sum(axis=0)
        return float((ga[1] / ga[0] - gb[1] / gb[0]) * 100)

    return bootstrap_ci(gap, (np.arange(len(a)), np.arange(len(b))), paired=False)
