"""A before/after comparison for the case (chapters 5 and 6): places like Saint-Camille *before*, compared *after*.

The first edition matched comparable places on values that the initiatives may have
changed (the 2016 population, the 2016 commuting class) and then declined to compare
outcomes. The design here is the usual one for a single treated unit described with
public data:

1. **Match on values from before.** Comparable places are the municipalities closest to
   Saint-Camille on values measured in 2006, before the housing projects that brought the
   newcomers of 2008-2011: the four components of the Community Well-Being index 2006
   (income, education, housing, labour; the overall CWB is their mean, so it is matched
   implicitly), the 2006 census population (on a log scale: a place of 400 and one of 800
   differ as much as one of 4,000 and one of 8,000), and the Index of Remoteness, a
   property of the location (distances to population centres) that the village's
   initiatives could not move. The 2016 SAC class and rural flag are *not* used: both are
   computed from 2016 commuting flows (a CSD joins a CMA or CA, or a metropolitan
   influenced zone, by the share of its workers commuting to a core), which newcomers who
   work in Sherbrooke can change. Only non-Indigenous municipalities enter (the CWB was
   built to track First Nations and Inuit communities, whose institutional setting differs).
2. **Compare outcomes after.** Saint-Camille's outcomes (population growth 2006 → 2021,
   the CWB education score 2021 and its change since 2006, the median age 2021, the CWB
   trajectory 2006 → 2016 → 2021, cultural facilities per 1,000 residents) are placed
   among the comparables' as percentile ranks.
3. **Caution with small numbers.** A village of 450 moves several points on a census
   indicator with one household; each percentile is given with the range it would take
   if Saint-Camille's value moved by such a margin (:func:`small_number_margins`).

2006 is *before* the demographic phase (the 2003 objective, the Rang 13 arrivals from
2008) but *after* the first initiatives (the residents' fund and the P'tit Bonheur in the
late 1980s, the co-operatives of 1999-2000): the comparison measures what followed 2006,
not the effect of the whole process, which began before any file of this book.

Every function is pure and takes the municipalities table (``load.municipalities()``);
percentiles come from :func:`analysis.stats.percentile_rank`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import stats
from analysis.vocabulary import SAINT_CAMILLE

PRE_TREATMENT = (
    "cwb_income_2006",
    "cwb_education_2006",
    "cwb_housing_2006",
    "cwb_labour_2006",
    "log_pop_census_2006",
    "remoteness_2016",
)
"""Matching covariates, all measured before the demographic phase of the initiatives (see the module)."""
DEFAULT_K = 50
"""Comparables kept: the 50 nearest (a percentile step of 2 points), with 25 and 100 as sensitivity."""
SENSITIVITY_K = (25, 50, 100)
RURAL_ONLY = "rural only"
"""The sensitivity specification that matches rural places only (:func:`comparison_sensitivity`)."""
NO_REMOTENESS = "no remoteness"
"""The sensitivity specification that matches without the Index of Remoteness (:func:`comparison_sensitivity`)."""

OUTCOMES = {
    "growth_2006_2021_pct": "population growth 2006 → 2021 (%)",
    "cwb_education_2021": "CWB education score 2021",
    "education_change_2006_2021": "change of the CWB education score 2006 → 2021 (points)",
    "median_age_2021": "median age 2021 (years)",
    "cwb_change_2006_2016": "change of the CWB 2006 → 2016 (points)",
    "cwb_change_2006_2021": "change of the CWB 2006 → 2021 (points)",
    "cultural_facilities_per_1000": "cultural facilities per 1,000 residents (ODCAF, 2016 population)",
}
"""Outcomes compared after matching, with their labels (units in parentheses)."""
LOWER_IS_YOUNGER = ("median_age_2021",)
"""Outcomes where a low value is the notable one (a low percentile means younger)."""

SMALL_NUMBER_HOUSEHOLD = 5
"""Persons in the household used for the growth margin (a family arriving or leaving)."""
SMALL_NUMBER_SCORE_POINTS = 2.0
"""Margin on CWB scores and their changes: scores are integers computed from the 25 % long-form sample."""
SMALL_NUMBER_AGE_YEARS = 1.0
SMALL_NUMBER_FACILITIES = 1


def pre_treatment_frame(
    municipalities: pd.DataFrame, covariates: tuple[str, ...] = PRE_TREATMENT, community_type: str = "Non-Indigenous"
) -> pd.DataFrame:
    """The matching pool: entities of one CWB community type with every pre-treatment value present.

    Adds ``log_pop_census_2006`` (natural log of the 2006 census population). Entities
    formed by a merger since 2006 have no 2006 CWB values in the municipalities table
    (indices are never averaged), so they drop out here.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``); reads ``csd_uid``,
        ``community_type_2021``, ``pop_census_2006`` and the columns of ``covariates``.
    covariates : tuple of str, default ``PRE_TREATMENT``
        Columns that must be present (``log_pop_census_2006`` is computed).
    community_type : str, default "Non-Indigenous"
        CWB community type kept (``community_type_2021``); None keeps every type.

    Returns
    -------
    pandas.DataFrame
        The kept rows with all their columns plus ``log_pop_census_2006``; index reset.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    frame = municipalities.copy()
    population = frame["pop_census_2006"].astype("float64")
    frame["log_pop_census_2006"] = np.log(population.where(population > 0))
    keep = frame[list(covariates)].notna().all(axis=1)
    if community_type is not None:
        keep &= frame["community_type_2021"] == community_type
    return frame[keep].reset_index(drop=True)


def standardised_distance(frame: pd.DataFrame, target: str, covariates: tuple[str, ...] = PRE_TREATMENT) -> pd.Series:
    """Euclidean distance of every row to the target on covariates standardised over ``frame`` (z-scores).

    Parameters
    ----------
    frame : pandas.DataFrame
        The pool (:func:`pre_treatment_frame`), target included; reads ``csd_uid`` and
        ``covariates`` (no missing value).
    target : str
        ``csd_uid`` of the target.
    covariates : tuple of str, default ``PRE_TREATMENT``

    Returns
    -------
    pandas.Series of float
        Indexed like ``frame``; 0 for the target. Each covariate weighs the same: a gap of
        one standard deviation of the pool on one covariate adds 1 to the squared distance.

    Raises
    ------
    KeyError
        When ``target`` is not in ``frame``.
    ValueError
        When a covariate has no variation in ``frame``.
    """
    values = frame[list(covariates)].astype("float64")
    sd = values.std(ddof=0)
    if (sd == 0).any():
        raise ValueError(f"no variation in {list(sd[sd == 0].index)}")
    z = (values - values.mean()) / sd
    rows = frame.index[frame["csd_uid"] == target]
    if len(rows) != 1:
        raise KeyError(f"{target} is not (once) in the pool")
    gap = z - z.loc[rows[0]]
    return np.sqrt((gap**2).sum(axis=1))


def match_comparables(
    frame: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    covariates: tuple[str, ...] = PRE_TREATMENT,
    k: int | None = DEFAULT_K,
    caliper: float | None = None,
    exact: dict[str, object] | None = None,
) -> pd.DataFrame:
    """The comparables: the ``k`` nearest places to the target on pre-treatment values (and within ``caliper``).

    Distances are :func:`standardised_distance` over the whole pool (so the
    standardisation does not depend on ``exact``); ``exact`` then keeps only rows equal to
    the target on some columns (e.g. ``{"rural_urban_2016": None}`` for "same value as the
    target", or a value), before the nearest are taken.

    Parameters
    ----------
    frame : pandas.DataFrame
        The pool (:func:`pre_treatment_frame`), target included.
    target : str, default Saint-Camille (``"2440025"``)
    covariates : tuple of str, default ``PRE_TREATMENT``
    k : int or None, default 50
        Number of comparables; None keeps every row within ``caliper``.
    caliper : float or None
        Largest distance kept.
    exact : dict of str → object, optional
        Column → required value (None: the target's own value).

    Returns
    -------
    pandas.DataFrame
        The comparables (target excluded) with all their columns plus ``distance`` and
        ``match_rank`` (1 = nearest), sorted by distance then ``csd_uid``; index reset.
        Empty (same columns) when the target is not in ``frame``, i.e. lacks a
        pre-treatment value: it cannot be matched, and what is placed among no comparable
        is missing (:func:`placement`).

    Raises
    ------
    KeyError
        When a column is missing.
    ValueError
        When neither ``k`` nor ``caliper`` is given, or a covariate has no variation.
    """
    if k is None and caliper is None:
        raise ValueError("give k, caliper or both")
    if not target_available(frame, target):
        return frame.iloc[0:0].assign(distance=pd.Series(dtype="float64"), match_rank=pd.Series(dtype="int64"))
    distance = standardised_distance(frame, target, covariates)
    pool = frame.assign(distance=distance)
    this = pool[pool["csd_uid"] == target].iloc[0]
    pool = pool[pool["csd_uid"] != target]
    for column, value in (exact or {}).items():
        wanted = this[column] if value is None else value
        pool = pool[pool[column] == wanted]
    if caliper is not None:
        pool = pool[pool["distance"] <= caliper]
    pool = pool.sort_values(["distance", "csd_uid"], kind="stable")
    if k is not None:
        pool = pool.head(k)
    pool = pool.reset_index(drop=True)
    pool["match_rank"] = np.arange(1, len(pool) + 1)
    return pool


def balance(
    frame: pd.DataFrame,
    comparables: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    covariates: tuple[str, ...] = PRE_TREATMENT,
) -> pd.DataFrame:
    """How close the comparables are to the target before: the target's value against theirs, covariate by covariate.

    Parameters
    ----------
    frame : pandas.DataFrame
        The pool (:func:`pre_treatment_frame`), target included.
    comparables : pandas.DataFrame
        :func:`match_comparables`.
    target : str, default Saint-Camille (``"2440025"``)
    covariates : tuple of str, default ``PRE_TREATMENT``

    Returns
    -------
    pandas.DataFrame
        Indexed by covariate: ``target``, ``comparables_median``, ``comparables_mean``,
        ``pool_median``, ``pool_sd``, ``std_difference`` ((target − comparables' mean) / pool
        SD) and ``target_percentile`` (among the comparables).

        A target missing from ``frame`` (one of its values is missing) has NaN values.

    Raises
    ------
    KeyError
        When a covariate column is missing.
    """
    this = frame[frame["csd_uid"] == target]
    rows = []
    for column in covariates:
        pool = frame[column].astype("float64")
        theirs = comparables[column].astype("float64") if column in comparables else pd.Series(dtype="float64")
        value = float(this[column].iloc[0]) if len(this) else float("nan")
        sd = float(pool.std(ddof=0))
        rows.append(
            {
                "covariate": column,
                "target": value,
                "comparables_median": float(theirs.median()) if len(theirs) else float("nan"),
                "comparables_mean": float(theirs.mean()) if len(theirs) else float("nan"),
                "pool_median": float(pool.median()),
                "pool_sd": sd,
                "std_difference": (value - float(theirs.mean())) / sd if sd else float("nan"),
                "target_percentile": stats.percentile_rank(theirs, value),
            }
        )
    return pd.DataFrame(rows).set_index("covariate")


def outcome_frame(municipalities: pd.DataFrame) -> pd.DataFrame:
    """The outcomes of ``OUTCOMES`` for every entity (missing stays missing).

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table; reads ``csd_uid``, ``pop_census_2006``, ``pop_census_2016``,
        ``pop_census_2021``, ``cwb_2006``, ``cwb_2016``, ``cwb_2021``,
        ``cwb_education_2006``, ``cwb_education_2021``, ``median_age_2021`` and
        ``cultural_facilities_2016``.

    Returns
    -------
    pandas.DataFrame
        ``csd_uid`` and one float column per outcome; a growth or rate whose denominator is
        missing or zero is missing.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    pop06 = municipalities["pop_census_2006"].astype("float64")
    pop16 = municipalities["pop_census_2016"].astype("float64")
    out = pd.DataFrame({"csd_uid": municipalities["csd_uid"].astype(str)})
    out["growth_2006_2021_pct"] = 100 * (
        municipalities["pop_census_2021"].astype("float64") / pop06.where(pop06 > 0) - 1
    )
    out["cwb_education_2021"] = municipalities["cwb_education_2021"].astype("float64")
    out["education_change_2006_2021"] = out["cwb_education_2021"] - municipalities["cwb_education_2006"].astype(
        "float64"
    )
    out["median_age_2021"] = municipalities["median_age_2021"].astype("float64")
    out["cwb_change_2006_2016"] = municipalities["cwb_2016"].astype("float64") - municipalities["cwb_2006"].astype(
        "float64"
    )
    out["cwb_change_2006_2021"] = municipalities["cwb_2021"].astype("float64") - municipalities["cwb_2006"].astype(
        "float64"
    )
    facilities = municipalities["cultural_facilities_2016"].astype("float64")
    out["cultural_facilities_per_1000"] = 1000 * facilities / pop16.where(pop16 > 0)
    return out.reset_index(drop=True)


def small_number_margins(
    municipalities: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    household: int = SMALL_NUMBER_HOUSEHOLD,
    score_points: float = SMALL_NUMBER_SCORE_POINTS,
    age_years: float = SMALL_NUMBER_AGE_YEARS,
    facilities: int = SMALL_NUMBER_FACILITIES,
) -> dict[str, float]:
    """How much each outcome of a small place moves with one household, a rounding step or one facility.

    Not a confidence interval: a sense of how fragile a percentile is. Growth moves by
    ``household`` persons over the 2006 population; CWB scores and their changes by
    ``score_points`` (integer scores from a 25 % sample); the median age by ``age_years``;
    facilities per 1,000 by ``facilities`` over the 2016 population.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table; reads ``csd_uid``, ``pop_census_2006`` and ``pop_census_2016``.
    target : str, default Saint-Camille (``"2440025"``)
    household : int, default 5
        Persons.
    score_points : float, default 2.0
    age_years : float, default 1.0
    facilities : int, default 1

    Returns
    -------
    dict of str → float
        Outcome name (``OUTCOMES``) → margin, in the outcome's unit.

        Margins that need a missing population are NaN (also when ``target`` is absent).

    Raises
    ------
    KeyError
        When a population column is missing.
    """
    row = municipalities[municipalities["csd_uid"] == target]
    pop06 = float(row["pop_census_2006"].iloc[0]) if len(row) else float("nan")
    pop16 = float(row["pop_census_2016"].iloc[0]) if len(row) else float("nan")
    pop06, pop16 = (value if value > 0 else float("nan") for value in (pop06, pop16))
    return {
        "growth_2006_2021_pct": 100 * household / pop06,
        "cwb_education_2021": score_points,
        "education_change_2006_2021": score_points,
        "median_age_2021": age_years,
        "cwb_change_2006_2016": score_points,
        "cwb_change_2006_2021": score_points,
        "cultural_facilities_per_1000": 1000 * facilities / pop16,
    }


def placement(
    outcomes: pd.DataFrame,
    comparables: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    margins: dict[str, float] | None = None,
    columns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The target's percentile among the comparables on each outcome, with the range a small-number margin gives.

    The percentile rank is the share of comparables below the target plus half the ties
    (:func:`analysis.stats.percentile_rank`): 50 is the middle, 100 above all of them.
    Comparables with a missing outcome are left out of that outcome (``n`` says how many
    remain); each comparable moves the percentile by ``step`` = 100 / n points.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        :func:`outcome_frame` (``csd_uid`` and outcome columns).
    comparables : pandas.DataFrame
        :func:`match_comparables` (reads ``csd_uid``).
    target : str, default Saint-Camille (``"2440025"``)
    margins : dict of str → float, optional
        Outcome → margin (:func:`small_number_margins`); the percentile is recomputed with
        the target's value minus and plus the margin.
    columns : tuple of str, optional
        Outcomes to place (default: every column of ``OUTCOMES`` present in ``outcomes``).

    Returns
    -------
    pandas.DataFrame
        Indexed by outcome: ``label``, ``n``, ``target``, ``comparables_median``,
        ``comparables_min``, ``comparables_max``, ``percentile``, ``rank_from_top`` (1 =
        highest; ties share the best rank), ``step``, ``margin``, ``percentile_low`` and
        ``percentile_high`` (NaN without a margin) and ``lower_is_younger`` (bool).

        A target absent from ``outcomes``, or an outcome it lacks, gives NaN (the
        percentile of a missing value is missing).

    Raises
    ------
    KeyError
        When an outcome column is missing.
    """
    columns = columns or tuple(c for c in OUTCOMES if c in outcomes.columns)
    found = outcomes[outcomes["csd_uid"] == target]
    this = found.iloc[0] if len(found) else pd.Series(float("nan"), index=outcomes.columns)
    theirs = outcomes[outcomes["csd_uid"].isin(comparables["csd_uid"]) & (outcomes["csd_uid"] != target)]
    margins = margins or {}
    rows = []
    for column in columns:
        values = theirs[column].dropna().astype("float64")
        value = float(this[column])
        margin = margins.get(column, float("nan"))
        n = int(len(values))
        rows.append(
            {
                "outcome": column,
                "label": OUTCOMES.get(column, column),
                "n": n,
                "target": value,
                "comparables_median": float(values.median()) if n else float("nan"),
                "comparables_min": float(values.min()) if n else float("nan"),
                "comparables_max": float(values.max()) if n else float("nan"),
                "percentile": stats.percentile_rank(values, value),
                "rank_from_top": int((values > value).sum()) + 1 if n and not pd.isna(value) else pd.NA,
                "step": 100 / n if n else float("nan"),
                "margin": margin,
                "percentile_low": stats.percentile_rank(values, value - margin) if pd.notna(margin) else float("nan"),
                "percentile_high": stats.percentile_rank(values, value + margin) if pd.notna(margin) else float("nan"),
                "lower_is_younger": column in LOWER_IS_YOUNGER,
            }
        )
    out = pd.DataFrame(rows).set_index("outcome")
    out["rank_from_top"] = out["rank_from_top"].astype("Int64")
    return out


def comparison_sensitivity(
    municipalities: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    ks: tuple[int, ...] = SENSITIVITY_K,
    covariates: tuple[str, ...] = PRE_TREATMENT,
) -> pd.DataFrame:
    """The target's percentile on each outcome under several matching specifications.

    Specifications: the ``k`` nearest for each ``k`` of ``ks``; the default ``k`` among
    rural places only (the 2016 rural flag as an exact restriction, a post-treatment
    value used here only to show it changes little); and the default ``k`` without the
    remoteness covariate.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (as read by :func:`pre_treatment_frame` and
        :func:`outcome_frame`; ``rural_urban_2016`` for the rural specification).
    target : str, default Saint-Camille (``"2440025"``)
    ks : tuple of int, default (25, 50, 100)
    covariates : tuple of str, default ``PRE_TREATMENT``

    Returns
    -------
    pandas.DataFrame
        Indexed by outcome (``OUTCOMES``), one column of percentiles per specification
        (``k=<k>``, ``k=<default>, rural only`` (:data:`RURAL_ONLY`), ``k=<default>, no
        remoteness`` (:data:`NO_REMOTENESS`)); all NaN when the target lacks a
        pre-treatment value (it cannot be matched).

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    frame = pre_treatment_frame(municipalities, covariates)
    outcomes = outcome_frame(municipalities)
    names = [f"k={k}" for k in ks] + [f"k={DEFAULT_K}, {RURAL_ONLY}", f"k={DEFAULT_K}, {NO_REMOTENESS}"]
    if not target_available(frame, target):
        columns = tuple(c for c in OUTCOMES if c in outcomes.columns)
        return pd.DataFrame(float("nan"), index=pd.Index(columns, name="outcome"), columns=names)
    specs = {f"k={k}": match_comparables(frame, target, covariates, k=k) for k in ks}
    specs[f"k={DEFAULT_K}, {RURAL_ONLY}"] = match_comparables(
        frame, target, covariates, k=DEFAULT_K, exact={"rural_urban_2016": None}
    )
    reduced = tuple(c for c in covariates if not c.startswith("remoteness"))
    specs[f"k={DEFAULT_K}, {NO_REMOTENESS}"] = match_comparables(
        pre_treatment_frame(municipalities, reduced), target, reduced, k=DEFAULT_K
    )
    out = pd.DataFrame({name: placement(outcomes, comps, target)["percentile"] for name, comps in specs.items()})
    out.index.name = "outcome"
    return out


def target_available(frame: pd.DataFrame, target: str = SAINT_CAMILLE) -> bool:
    """Whether the target is in the matching pool, i.e. has every pre-treatment value.

    Parameters
    ----------
    frame : pandas.DataFrame
        The pool (:func:`pre_treatment_frame`); reads ``csd_uid``.
    target : str, default Saint-Camille (``"2440025"``)

    Returns
    -------
    bool
    """
    return bool((frame["csd_uid"] == target).sum() == 1)


def compare(
    municipalities: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    k: int = DEFAULT_K,
    covariates: tuple[str, ...] = PRE_TREATMENT,
) -> dict:
    """The whole before/after comparison in one call: pool, comparables, balance, outcomes placed.

    When the target lacks a pre-treatment value (a blank 2006 CWB component in a new
    edition of the data, say), it cannot be matched: the comparables are empty and every
    balance and placement value is NaN, so that a chapter writes "not available" instead
    of failing.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (as read by :func:`pre_treatment_frame` and
        :func:`outcome_frame`).
    target : str, default Saint-Camille (``"2440025"``)
    k : int, default ``DEFAULT_K``
    covariates : tuple of str, default ``PRE_TREATMENT``

    Returns
    -------
    dict
        ``available`` (bool: the target could be matched), ``pool`` (:func:`pre_treatment_frame`),
        ``comparables`` (:func:`match_comparables`; empty when not available), ``balance``
        (:func:`balance`), ``outcomes`` (:func:`outcome_frame`), ``margins``
        (:func:`small_number_margins`), ``placement`` (:func:`placement` with the margins)
        and ``long`` (:func:`comparables_long`).

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    pool = pre_treatment_frame(municipalities, covariates)
    available = target_available(pool, target)
    comparables = match_comparables(pool, target, covariates, k=k)
    outcomes = outcome_frame(municipalities)
    margins = small_number_margins(municipalities, target)
    names = municipalities.loc[municipalities["csd_uid"] == target, "name"]
    return {
        "available": available,
        "pool": pool,
        "comparables": comparables,
        "balance": balance(pool, comparables, target, covariates),
        "outcomes": outcomes,
        "margins": margins,
        "placement": placement(outcomes, comparables, target, margins=margins),
        "long": comparables_long(outcomes, comparables, target, str(names.iloc[0]) if len(names) else "Saint-Camille"),
    }


def comparison_headlines(placed: pd.DataFrame, balanced: pd.DataFrame) -> dict:
    """The numbers chapters 5 and 6 quote about the comparison (full precision).

    Parameters
    ----------
    placed : pandas.DataFrame
        :func:`placement`.
    balanced : pandas.DataFrame
        :func:`balance`.

    Returns
    -------
    dict
        ``comparables`` (largest ``n``); per outcome ``<outcome>_target``,
        ``<outcome>_median``, ``<outcome>_percentile``, ``<outcome>_percentile_low`` and
        ``_high``; ``max_abs_std_difference`` (the largest imbalance before, in pool SDs).

    Raises
    ------
    KeyError
        When a column of :func:`placement` or :func:`balance` is missing.
    """
    out: dict = {"comparables": int(placed["n"].max()) if len(placed) else 0}
    for outcome, row in placed.iterrows():
        out[f"{outcome}_target"] = float(row["target"])
        out[f"{outcome}_median"] = float(row["comparables_median"])
        out[f"{outcome}_percentile"] = float(row["percentile"])
        out[f"{outcome}_percentile_low"] = float(row["percentile_low"])
        out[f"{outcome}_percentile_high"] = float(row["percentile_high"])
    out["max_abs_std_difference"] = float(balanced["std_difference"].abs().max())
    return out


# --------------------------------------------------------------------------------------
# "Devitalised" in 2006?
# --------------------------------------------------------------------------------------

DEVITALISATION_MEASURES = (
    "cwb_2006",
    "cwb_income_2006",
    "cwb_education_2006",
    "cwb_housing_2006",
    "cwb_labour_2006",
)
LOWEST_FIFTH = 20.0
"""Operational definition used here: a place is 'devitalised' on a measure when it lies in the
lowest fifth of Québec's non-Indigenous municipalities (percentile rank at or below 20). The
official list of 2009 (the MAMR development index below -5 on the 2006 census) could not be found,
so it is not reproduced; this proxy uses the same census year and the same idea (a composite of
income, education and labour, against the province)."""


def devitalisation_2006(
    municipalities: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    comparables: pd.DataFrame | None = None,
    measures: tuple[str, ...] = DEVITALISATION_MEASURES,
    community_type: str = "Non-Indigenous",
) -> pd.DataFrame:
    """Was the target 'devitalised' in 2006? Its 2006 values against Québec, its MRC and the comparables.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table; reads ``csd_uid``, ``mrc_code``, ``community_type_2021``
        and the columns of ``measures``.
    target : str, default Saint-Camille (``"2440025"``)
    comparables : pandas.DataFrame, optional
        :func:`match_comparables` (reads ``csd_uid``): adds their median and the target's
        percentile among them.
    measures : tuple of str, default ``DEVITALISATION_MEASURES``
    community_type : str, default "Non-Indigenous"
        Reference population for Québec (``community_type_2021``); None keeps all.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure: ``target``, ``quebec_n``, ``quebec_median``,
        ``quebec_lowest_fifth_cut`` (the 20th percentile), ``quebec_percentile``,
        ``in_lowest_fifth`` (bool, the operational definition ``LOWEST_FIFTH``),
        ``mrc_n``, ``mrc_rank`` (1 = highest of its MRC; ties share the best rank),
        ``mrc_median`` (the other municipalities of the MRC) and, with ``comparables``,
        ``comparables_median`` and ``comparables_percentile``.

        A measure the target lacks has NaN values and ``in_lowest_fifth`` and ``mrc_rank``
        missing (``pd.NA``): not available, never "not in the lowest fifth".

    Raises
    ------
    IndexError
        When ``target`` is not in ``municipalities``.
    """
    this = municipalities[municipalities["csd_uid"] == target].iloc[0]
    quebec = municipalities
    if community_type is not None:
        quebec = quebec[quebec["community_type_2021"] == community_type]
    mrc = municipalities[municipalities["mrc_code"] == this["mrc_code"]]
    rows = []
    for column in measures:
        value = float(this[column])
        values = quebec[column].dropna().astype("float64")
        in_mrc = mrc[column].dropna().astype("float64")
        others = mrc.loc[(mrc["csd_uid"] != target) & mrc[column].notna(), column].astype("float64")
        percentile = stats.percentile_rank(values, value)
        known = not pd.isna(value)
        row = {
            "measure": column,
            "target": value,
            "quebec_n": int(len(values)),
            "quebec_median": float(values.median()),
            "quebec_lowest_fifth_cut": float(values.quantile(LOWEST_FIFTH / 100)),
            "quebec_percentile": percentile,
            "in_lowest_fifth": bool(percentile <= LOWEST_FIFTH) if known else pd.NA,
            "mrc_n": int(len(in_mrc)),
            "mrc_rank": int((in_mrc > value).sum()) + 1 if known else pd.NA,
            "mrc_median": float(others.median()) if len(others) else float("nan"),
        }
        if comparables is not None:
            theirs = municipalities.loc[municipalities["csd_uid"].isin(comparables["csd_uid"]), column]
            theirs = theirs.dropna().astype("float64")
            row["comparables_median"] = float(theirs.median()) if len(theirs) else float("nan")
            row["comparables_percentile"] = stats.percentile_rank(theirs, value)
        rows.append(row)
    out = pd.DataFrame(rows).set_index("measure")
    out["in_lowest_fifth"] = out["in_lowest_fifth"].astype("boolean")
    out["mrc_rank"] = out["mrc_rank"].astype("Int64")
    return out


def devitalisation_headlines(table: pd.DataFrame) -> dict:
    """Counts and values chapter 6 quotes about 'devitalised' (full precision).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`devitalisation_2006`.

    Returns
    -------
    dict
        ``measures``, ``measures_available`` (the target has a value), ``measures_in_lowest_fifth``,
        ``measures_first_in_mrc`` (among the available ones; NaN when none is available);
        per measure ``<measure>`` (the target's value), ``<measure>_quebec_percentile``,
        ``<measure>_lowest_fifth_cut`` and ``<measure>_mrc_rank`` (NaN when missing).

    Raises
    ------
    KeyError
        When a column of :func:`devitalisation_2006` is missing.
    """
    known = table["target"].notna()
    out: dict = {
        "measures": int(len(table)),
        "measures_available": int(known.sum()),
        "measures_in_lowest_fifth": int(table["in_lowest_fifth"].fillna(False).sum()) if known.any() else float("nan"),
        "measures_first_in_mrc": int((table["mrc_rank"] == 1).fillna(False).sum()) if known.any() else float("nan"),
    }
    for measure, row in table.iterrows():
        out[measure] = float(row["target"])
        out[f"{measure}_quebec_percentile"] = float(row["quebec_percentile"])
        out[f"{measure}_lowest_fifth_cut"] = float(row["quebec_lowest_fifth_cut"])
        out[f"{measure}_mrc_rank"] = float("nan") if pd.isna(row["mrc_rank"]) else int(row["mrc_rank"])
    return out


def comparables_long(
    outcomes: pd.DataFrame, comparables: pd.DataFrame, target: str = SAINT_CAMILLE, target_name: str = "Saint-Camille"
) -> pd.DataFrame:
    """Outcomes of the target and its comparables in long form, each placed as a percentile among the comparables.

    For a chart: every comparable's value and mid-rank percentile among the comparables
    (:func:`analysis.stats.percentile_rank` of its own value), and the target's.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        :func:`outcome_frame`.
    comparables : pandas.DataFrame
        :func:`match_comparables` (reads ``csd_uid`` and ``name``).
    target : str, default Saint-Camille (``"2440025"``)
    target_name : str, default "Saint-Camille"
        The target's name in the ``name`` column.

    Returns
    -------
    pandas.DataFrame
        ``outcome``, ``label``, ``csd_uid``, ``name``, ``value``, ``percentile`` and
        ``is_target`` (bool), one row per place and outcome with a value; outcomes in
        ``OUTCOMES`` order.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    names = comparables.set_index("csd_uid")["name"].astype(str).to_dict()
    names[target] = target_name
    rows = []
    for column in (c for c in OUTCOMES if c in outcomes.columns):
        theirs = outcomes[outcomes["csd_uid"].isin(comparables["csd_uid"]) & (outcomes["csd_uid"] != target)]
        values = theirs[column].dropna().astype("float64")
        for code, value in zip(theirs.loc[values.index, "csd_uid"], values):
            rows.append((column, code, value, stats.percentile_rank(values, value), False))
        mine = outcomes.loc[outcomes["csd_uid"] == target, column]
        if len(mine) and pd.notna(mine.iloc[0]):
            rows.append((column, target, float(mine.iloc[0]), stats.percentile_rank(values, float(mine.iloc[0])), True))
    out = pd.DataFrame(rows, columns=["outcome", "csd_uid", "value", "percentile", "is_target"])
    out.insert(1, "label", out["outcome"].map(OUTCOMES))
    out.insert(3, "name", out["csd_uid"].map(names))
    return out
