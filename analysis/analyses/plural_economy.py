"""Competencies against proximity: the plural economy's ground in the data (chapter 2).

Klein places the social economy inside a *plural economy* and a "new economy" that
divides people and places into those who have the competencies to join it and those who
do not. The municipal tables hold no count of social-economy enterprises, so this module
tests the ground of that argument only: how closely competencies (the Community
Well-Being education component) go with income and labour-force activity, within central
and peripheral places, and whether competencies or remoteness account for more of the
differences between places, at the scale of municipalities and of MRCs. Associations
across places, not effects.

Pure functions; the conventions (central = inside a CMA or CA) are those of
:mod:`analysis.analyses.debate`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.analyses.debate import (
    CENTRAL,
    CENTRE_PERIPHERY,
    EDUCATION,
    PERIPHERAL,
    REMOTENESS,
    centre_periphery,
)
from analysis.stats import line, ols, pearson, spearman, weighted_mean
from analysis.vocabulary import POPULATION

ALL = "all"
REMOTENESS_STEP = 0.1  # regression coefficients on remoteness are given per tenth of the index


def relation_by_group(
    frame: pd.DataFrame, x: str, outcomes: Sequence[str], by: pd.Series | None = None
) -> pd.DataFrame:
    """How closely ``x`` goes with each outcome, for all entities and within each group.

    Parameters
    ----------
    frame : entities (municipalities or MRCs).
    x : the explanatory indicator (in the book: the CWB education component).
    outcomes : income and labour indicators.
    by : optional group of each entity (e.g. :func:`centre_periphery`).

    Returns
    -------
    pd.DataFrame
        One row per (group, outcome), group ``all`` first: ``entities``, ``spearman``
        (rank correlation), ``pearson`` and ``slope`` (outcome units per point of ``x``).
    """
    parts: list[tuple[str, pd.DataFrame]] = [(ALL, frame)]
    if by is not None:
        parts += [(str(g), part) for g, part in frame.groupby(by, observed=True, sort=True)]
    rows = []
    for group, part in parts:
        for outcome in outcomes:
            pairs = part[[x, outcome]].dropna()
            rows.append(
                {
                    "group": group,
                    "outcome": outcome,
                    "entities": len(pairs),
                    "spearman": spearman(pairs[x], pairs[outcome]),
                    "pearson": pearson(pairs[x], pairs[outcome]),
                    "slope": line(pairs[outcome], pairs[x])[1],
                }
            )
    return pd.DataFrame(rows).set_index(["group", "outcome"])


def competencies_or_proximity(
    frame: pd.DataFrame, outcomes: Sequence[str], competencies: str = EDUCATION, proximity: str = REMOTENESS
) -> pd.DataFrame:
    """Which accounts for more of each outcome: competencies (education) or remoteness?

    For each outcome: the R² of a straight line on education alone, on remoteness alone,
    and on both; and, from the two-variable fit, the difference remoteness makes between
    places with the same education (per tenth of the Index of Remoteness,
    ``REMOTENESS_STEP``) and the difference a point of education makes at equal
    remoteness. An association across places, not an effect of either.

    Returns
    -------
    pd.DataFrame
        One row per outcome: ``r2_competencies``, ``r2_proximity``, ``r2_both``,
        ``competencies_coefficient`` and ``remoteness_coefficient``.
    """
    rows = {}
    for outcome in outcomes:
        _, r2_c = ols(frame, outcome, [competencies])
        _, r2_p = ols(frame, outcome, [proximity])
        both, r2_b = ols(frame, outcome, [competencies, proximity])
        rows[outcome] = {
            "r2_competencies": r2_c,
            "r2_proximity": r2_p,
            "r2_both": r2_b,
            "competencies_coefficient": float(both[competencies]),
            "remoteness_coefficient": float(both[proximity]) * REMOTENESS_STEP,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "outcome"
    return out


def mrc_table(frame: pd.DataFrame, columns: Sequence[str], population: str = POPULATION) -> pd.DataFrame:
    """Municipalities aggregated to their MRC (or territoire équivalent), weighted by population.

    Each indicator becomes the population-weighted mean of its municipalities (for a
    median such as household income this approximates, but is not, the MRC's median).
    ``central_share`` is the share of the MRC's population living in a CMA or CA, and
    ``remoteness`` its population-weighted mean Index of Remoteness.

    Returns
    -------
    pd.DataFrame
        One row per ``mrc_code``: ``mrc_name``, ``region_name``, ``entities``,
        ``population``, ``central_share``, ``remoteness`` and one column per indicator.
    """
    data = frame[frame["mrc_code"].notna()]
    central = centre_periphery(data) == CENTRAL
    rows = {}
    for code, part in data.groupby("mrc_code", sort=True):
        weights = part[population].astype("float64")
        row = {
            "mrc_name": str(part["mrc_name"].iloc[0]),
            "region_name": str(part["region_name"].iloc[0]),
            "entities": len(part),
            "population": int(weights.sum()),
            "central_share": float(weights[central[part.index]].sum() / weights.sum()),
            "remoteness": weighted_mean(part[REMOTENESS], weights),
        }
        row.update({c: weighted_mean(part[c], weights) for c in columns if c != REMOTENESS})
        rows[str(code)] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "mrc_code"
    return out


def mrc_centrality(table: pd.DataFrame) -> pd.Series:
    """*Central* when most of an MRC's residents live in a CMA or CA, else *peripheral*."""
    labels = np.where(table["central_share"] > 0.5, CENTRAL, PERIPHERAL)
    return pd.Series(
        pd.Categorical(labels, categories=list(CENTRE_PERIPHERY), ordered=True), index=table.index, name="centrality"
    )
