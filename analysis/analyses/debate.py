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
* *remoteness* = Statistics Canada's Index of Remoteness 2016 (0 = least remote).
* *population-weighted* statistics count each municipality as its 2021 residents, so
  Montréal weighs as its 1.8 million people rather than as one place among 1,100.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats import weighted_mean
from analysis.vocabulary import POPULATION, SAC_CENTRAL_CLASSES, SAC_CLASSES

WELLBEING = "cwb_2021"
INCOME_COMPONENT = "cwb_income_2021"
EDUCATION = "cwb_education_2021"
LABOUR = "cwb_labour_2021"
HOUSING = "cwb_housing_2021"
HOUSEHOLD_INCOME = "median_household_income_2020"
GROWTH = "pop_change_2016_2021_pct"
REMOTENESS = "remoteness_2016"
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
    GROWTH: "population change 2016-2021 (%)",
    REMOTENESS: "Index of Remoteness 2016",
    SAC: "SAC class 2016",
}


# --- centrality groups ------------------------------------------------------------------


def sac_groups(frame: pd.DataFrame) -> pd.Series:
    """The SAC 2016 class as an ordered category, from CMA (most central) to no MIZ."""
    return pd.Series(
        pd.Categorical(frame[SAC].astype("object"), categories=list(SAC_CLASSES), ordered=True),
        index=frame.index,
        name="sac_class",
    )


def centre_periphery(frame: pd.DataFrame) -> pd.Series:
    """*Central* (in a CMA or CA) or *peripheral* (in any MIZ class); missing SAC class stays missing."""
    sac = frame[SAC].astype("object")
    labels = np.where(sac.isin(SAC_CENTRAL_CLASSES), CENTRAL, PERIPHERAL)
    out = pd.Series(labels, index=frame.index, dtype="object").where(sac.notna())
    return pd.Series(
        pd.Categorical(out, categories=list(CENTRE_PERIPHERY), ordered=True), index=frame.index, name="centrality"
    )


def remoteness_quartiles(frame: pd.DataFrame) -> pd.Series:
    """Quartiles of the Index of Remoteness across the entities of ``frame`` (Q1 = least remote).

    Quartiles of *entities*, not of population: each group holds about a quarter of the
    municipalities, whatever their size.
    """
    values = frame[REMOTENESS].astype("float64")
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
    frame : entities to summarise (an :func:`analysis_frame`).
    by : the group of each entity (e.g. :func:`sac_groups`), aligned on ``frame``.
    columns : the indicators to summarise.
    statistic : ``"median"`` (the typical *municipality*) or ``"weighted"`` (the
        population-weighted mean: the typical *resident*).

    Returns
    -------
    pd.DataFrame
        One row per group (in the order of the categories), columns ``entities``,
        ``population`` and one per indicator.
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
    """
    x = values.astype("float64")
    return (x <= x.quantile(0.2)).fillna(False).astype(bool)


def burden_comparison(frame: pd.DataFrame, wellbeing: str, capacities: Sequence[str]) -> pd.DataFrame:
    """The "burden" test: do the places with the least well-being also have the least capacity?

    Splits ``frame`` into the lowest fifth on ``wellbeing`` and the other four fifths and
    compares the mean of each capacity indicator (unweighted: each place counts once,
    since the argument is about places asked to carry their own development).

    Returns
    -------
    pd.DataFrame
        One row per capacity indicator: ``lowest fifth`` and ``other four fifths``
        (means), ``difference`` (lowest fifth minus the rest, in the indicator's units).
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
    """``lowest fifth`` or ``other four fifths`` for each entity (see :func:`lowest_fifth`), as a category."""
    labels = np.where(lowest_fifth(values), LOWEST_FIFTH, REST)
    return pd.Series(
        pd.Categorical(labels, categories=[LOWEST_FIFTH, REST], ordered=True), index=values.index, name="fifth"
    )


def burden_table(frame: pd.DataFrame, rankings: Sequence[str], capacities: Sequence[str]) -> pd.DataFrame:
    """:func:`burden_comparison` for several ways of ranking the places, stacked.

    Ranking by the CWB itself is partly circular (the CWB is the mean of four components,
    two of which are the capacities compared); ranking by the CWB income component alone
    is not, so the two side by side show how much of the gap is built in.

    Returns
    -------
    pd.DataFrame
        Indexed by (``ranked_by``, ``capacity``), columns as in :func:`burden_comparison`.
    """
    parts = {ranking: burden_comparison(frame, ranking, capacities) for ranking in rankings}
    return pd.concat(parts, names=["ranked_by", "capacity"])


def lowest_fifth_by_group(frame: pd.DataFrame, wellbeing: str, by: pd.Series) -> pd.DataFrame:
    """How often each centrality group's entities fall in the lowest fifth of ``wellbeing``.

    Returns
    -------
    pd.DataFrame
        One row per group: ``entities``, ``in_lowest_fifth`` and ``share`` (if the
        lowest fifth were spread evenly, every share would be about 0.2).
    """
    low = lowest_fifth(frame[wellbeing])
    table = pd.DataFrame({"group": by, "low": low}).groupby("group", observed=True, sort=True)["low"]
    out = pd.DataFrame({"entities": table.size(), "in_lowest_fifth": table.sum().astype("int64")})
    out["share"] = out["in_lowest_fifth"] / out["entities"]
    out.index.name = by.name
    return out


def share_peripheral(frame: pd.DataFrame, mask: pd.Series | None = None) -> float:
    """Share of the entities (optionally only those where ``mask`` is True) that are peripheral."""
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
    """
    return frame[population].astype("float64") / (1 + frame[growth].astype("float64") / 100)


def aggregate_growth(
    frame: pd.DataFrame, by: pd.Series, population: str = POPULATION, growth: str = GROWTH
) -> pd.DataFrame:
    """Population change 2016-2021 of each group, as a whole and for its median place.

    Returns
    -------
    pd.DataFrame
        One row per group: ``entities``, ``population_2016`` (implied, 2021 boundaries),
        ``population_2021``, ``growth_pct`` (the group's population as a whole, which is
        the population-weighted mean of its places' growth) and ``median_growth_pct``
        (the typical place, unweighted).
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
    """Difference in whole-group growth (percentage points) between two rows of :func:`aggregate_growth`."""
    return float(table.at[first, "growth_pct"] - table.at[second, "growth_pct"])


def population_shares(
    frame: pd.DataFrame, by: pd.Series, population: str = POPULATION, growth: str = GROWTH
) -> pd.DataFrame:
    """Each group's share of the population in 2016 and in 2021 (same entities, 2021 boundaries).

    A group whose share falls is being left behind demographically, even if it grows.

    Returns
    -------
    pd.DataFrame
        ``share_2016``, ``share_2021`` and ``change_points`` (in percentage points).
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
