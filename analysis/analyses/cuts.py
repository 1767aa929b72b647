"""Cutting one axis in two: where the line goes, who sits on it, who sits near it.

Every axis of the matrix (centrality, connection) is a score cut at a threshold. Three
things about a cut are decided here, once, before any result is shown:

1. **Where the line goes** (``CUT_RULES``). The *median* across the places of the
   reference sample (each place counts once: the question "how do places differ?"), or the
   *population-weighted* median (half of the residents on each side: the question "where
   do residents live?"). The two answer different questions and are reported apart
   (:mod:`analysis.analyses.multiverse`).
2. **Who sits on the line** (``TIE_RULES``). Scores such as the CWB components are whole
   numbers, so many places can sit *exactly* at the median (68 municipal entities at the
   education median of 55 in the first edition). The default rule, ``"band"``, sets them
   apart as ``"at the cut"``: they are neither above nor below the typical place, and
   putting them all on one side is a convention that moves dozens of places at once. They
   are counted and reported separately; the rules ``"upper"`` and ``"lower"`` (every tie
   on one side) give the two bounds. The rule is applied before any result is computed,
   whatever place it moves.
3. **Who sits near the line** (:func:`band`): how many places lie within a stated distance
   of the cut, in the score's own units or in percentile ranks, so that a reader sees how
   many assignments a small revision of the data could flip.

Pure functions: Series in, Series or numbers out; missing stays missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats import weighted_median
from analysis.vocabulary import AT_CUT

UPPER, LOWER = "upper", "lower"
"""The three sides of a cut (higher scores are ``upper``)."""

CUT_RULES = {
    "median": "median across the places of the reference sample (each place counts once)",
    "weighted": "population-weighted median (half of the residents on each side)",
}
TIE_RULES = {
    "band": "places exactly at the cut are set apart as 'at the cut' and reported separately",
    "upper": "places exactly at the cut count on the upper side (at or above the cut)",
    "lower": "places exactly at the cut count on the lower side (at or below the cut)",
}
TOLERANCE = 1e-9
"""Two scores closer than this (absolute) are the same score: a tie with the cut."""


def check(rule: str, ties: str | None = None) -> None:
    """Refuse an unknown cut rule or tie rule, naming the allowed ones.

    Parameters
    ----------
    rule : str
        A key of ``CUT_RULES``.
    ties : str, optional
        A key of ``TIE_RULES``.

    Raises
    ------
    ValueError
        When ``rule`` or ``ties`` is not an allowed name.
    """
    if rule not in CUT_RULES:
        raise ValueError(f"unknown cut rule {rule!r}; choose from {list(CUT_RULES)}")
    if ties is not None and ties not in TIE_RULES:
        raise ValueError(f"unknown tie rule {ties!r}; choose from {list(TIE_RULES)}")


def cut_value(values: pd.Series, rule: str = "median", population: pd.Series | None = None) -> float:
    """Where the line goes on one axis.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        The scores of the reference sample (missing values are ignored).
    rule : {"median", "weighted"}, default ``"median"``
        ``CUT_RULES``: the median across places, or the population-weighted median
        (:func:`analysis.stats.weighted_median`).
    population : pandas.Series of float, shape (n,), aligned on ``values``, optional
        2021 census populations; required by ``"weighted"``.

    Returns
    -------
    float
        In the units of ``values``; ``nan`` when no value (or no positive weight) is known.

    Raises
    ------
    ValueError
        When ``rule`` is unknown, or ``"weighted"`` is asked without ``population``.
    """
    check(rule)
    if rule == "median":
        known = values.astype("float64").dropna()
        return float(known.median()) if len(known) else float("nan")
    if population is None:
        raise ValueError("the 'weighted' cut needs the population of each place")
    return weighted_median(values, population)


def side(values: pd.Series, cut: float, ties: str = "band") -> pd.Series:
    """Which side of ``cut`` each score falls on, under a stated tie rule.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        Scores (higher = the ``upper`` side); missing values allowed.
    cut : float
        The threshold (:func:`cut_value`).
    ties : {"band", "upper", "lower"}, default ``"band"``
        ``TIE_RULES``: what happens to a score equal to the cut (within ``TOLERANCE``).

    Returns
    -------
    pandas.Series of object, shape (n,)
        Indexed like ``values``: ``"upper"``, ``"lower"`` or ``"at the cut"``; missing
        where the score (or the cut) is missing.

    Raises
    ------
    ValueError
        When ``ties`` is unknown.
    """
    check("median", ties)
    x = values.astype("float64")
    out = pd.Series(pd.NA, index=values.index, dtype="object")
    if not np.isfinite(cut):
        return out
    known = x.notna()
    tied = known & ((x - cut).abs() <= TOLERANCE)
    out[known & (x > cut) & ~tied] = UPPER
    out[known & (x < cut) & ~tied] = LOWER
    out[tied] = {"band": AT_CUT, "upper": UPPER, "lower": LOWER}[ties]
    return out


def ties_at(values: pd.Series, cut: float) -> int:
    """How many scores sit exactly at the cut (within ``TOLERANCE``).

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
    cut : float

    Returns
    -------
    int
        0 when the cut is missing.
    """
    if not np.isfinite(cut):
        return 0
    return int(((values.astype("float64") - cut).abs() <= TOLERANCE).sum())


def percentile_ranks(values: pd.Series) -> pd.Series:
    """Percentile rank of every score among the known scores (0-100, half the ties below).

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)

    Returns
    -------
    pandas.Series of float, shape (n,)
        ``100 · (below + ½ · equal) / known``, the definition of
        :func:`analysis.stats.percentile_rank` applied to every value at once; missing where
        the score is missing.
    """
    x = values.astype("float64")
    known = x.dropna()
    if known.empty:
        return pd.Series(np.nan, index=values.index, dtype="float64")
    ordered = np.sort(known.to_numpy())
    below = np.searchsorted(ordered, x.to_numpy(), side="left")
    not_above = np.searchsorted(ordered, x.to_numpy(), side="right")
    ranks = 100 * (below + 0.5 * (not_above - below)) / len(ordered)
    return pd.Series(ranks, index=values.index, dtype="float64").where(x.notna())


def band(values: pd.Series, cut: float, width: float, unit: str = "value") -> pd.Series:
    """True for the scores within ``width`` of the cut (both ends included).

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        Scores of the places compared (the reference sample).
    cut : float
        The threshold, in the units of ``values``.
    width : float
        Non-negative half-width of the band: in the units of ``values`` (``unit="value"``,
        e.g. 2 points of the CWB education score) or in percentile ranks
        (``unit="percentile"``, e.g. 5: the places whose percentile rank is within 5 points
        of the cut's).
    unit : {"value", "percentile"}, default ``"value"``

    Returns
    -------
    pandas.Series of bool, shape (n,)
        Indexed like ``values``; False where the score is missing.

    Raises
    ------
    ValueError
        When ``width`` is negative or ``unit`` is unknown.
    """
    if width < 0:
        raise ValueError(f"the band width must be non-negative, not {width}")
    x = values.astype("float64")
    if not np.isfinite(cut):
        return pd.Series(False, index=values.index)
    if unit == "value":
        return ((x - cut).abs() <= width + TOLERANCE).fillna(False).astype(bool)
    if unit == "percentile":
        ranks = percentile_ranks(x)
        known = x.dropna()
        if known.empty:
            return pd.Series(False, index=values.index)
        cut_rank = 100 * ((known < cut - TOLERANCE).sum() + 0.5 * ((known - cut).abs() <= TOLERANCE).sum()) / len(known)
        return ((ranks - cut_rank).abs() <= width + TOLERANCE).fillna(False).astype(bool)
    raise ValueError(f"unknown band unit {unit!r}; choose 'value' or 'percentile'")
