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
from analysis.stats import bootstrap_ci, line, ols, ols_robust, pearson, spearman, spearman_ci, weighted_mean
from analysis.vocabulary import POPULATION

ALL = "all"
"""The group of :func:`relation_by_group` that holds every place (beside the groups of ``by``)."""
REMOTENESS_STEP = 0.1  # regression coefficients on remoteness are given per tenth of the index


def relation_by_group(
    frame: pd.DataFrame, x: str, outcomes: Sequence[str], by: pd.Series | None = None
) -> pd.DataFrame:
    """How closely ``x`` goes with each outcome, for all entities and within each group.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Entities (municipalities or MRCs, :func:`mrc_table`); must hold ``x`` and every
        name in ``outcomes`` (numeric). Each pair is computed over the complete rows.
    x : str
        The explanatory indicator (in the book: the CWB education component,
        ``cwb_education_2021``).
    outcomes : sequence of str
        Income and labour indicators (e.g. ``cwb_income_2021``,
        ``median_household_income_2020``, ``cwb_labour_2021``).
    by : pandas.Series, shape (n,), aligned on ``frame``, optional
        The group of each entity (e.g. :func:`~analysis.analyses.debate.centre_periphery`).

    Returns
    -------
    pandas.DataFrame, shape ((1 + groups) × len(outcomes), 4)
        Indexed by (``group``, ``outcome``), group ``all`` first: ``entities`` (complete
        pairs), ``spearman`` (rank correlation ρ), ``pearson`` (r) and ``slope`` (outcome
        units per point of ``x``); ``nan`` where a statistic is undefined
        (:mod:`analysis.stats`).

    Raises
    ------
    KeyError
        When ``x`` or a name in ``outcomes`` is not a column of ``frame``.
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

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Entities (municipalities or MRCs); must hold ``competencies``, ``proximity`` and
        every name in ``outcomes`` (numeric). Each fit uses its own complete rows
        (:func:`analysis.stats.ols`).
    outcomes : sequence of str
        Income and labour indicators.
    competencies : str, default ``"cwb_education_2021"``
        The CWB education component (points, 0-100).
    proximity : str, default ``"remoteness_2021"``
        The Index of Remoteness 2021 (0 = least remote, 1 = most remote).

    Returns
    -------
    pandas.DataFrame, shape (len(outcomes), 5)
        Indexed by ``outcome``: ``r2_competencies``, ``r2_proximity``, ``r2_both`` (in
        [0, 1]), ``competencies_coefficient`` (outcome units per point of education, at
        equal remoteness) and ``remoteness_coefficient`` (outcome units per 0.1 of the
        index, at equal education).

    Raises
    ------
    KeyError
        When ``competencies``, ``proximity`` or an outcome is not a column of ``frame``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2021 (17-26-0001); Indigenous Services Canada,
    Community Well-Being Index 2021.
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


def mrc_table(
    frame: pd.DataFrame, columns: Sequence[str], population: str = POPULATION, remoteness: str = REMOTENESS
) -> pd.DataFrame:
    """Municipalities aggregated to their MRC (or territoire équivalent), weighted by population.

    Each indicator becomes the population-weighted mean of its municipalities (for a
    median such as household income this approximates, but is not, the MRC's median).
    ``central_share`` is the share of the MRC's population living in a CMA or CA, and
    ``remoteness`` its population-weighted mean Index of Remoteness.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per municipality (``load.municipalities()``); must hold ``mrc_code``,
        ``mrc_name``, ``region_name``, ``sac_class_2016``, the ``remoteness`` column,
        ``population`` and every name in ``columns``. Rows without an MRC are left out.
    columns : sequence of str
        The indicators to aggregate (the remoteness column among them is not repeated).
    population : str, default ``"pop_census_2021"``
        The 2021 census population column (the weights).
    remoteness : str, default ``"remoteness_2021"``
        The edition of the Index of Remoteness averaged into ``remoteness``
        (``remoteness_2021`` for the 2021 edition).

    Returns
    -------
    pandas.DataFrame, shape (MRCs, 6 + len(columns))
        One row per ``mrc_code`` (sorted): ``mrc_name``, ``region_name``, ``entities``,
        ``population`` (2021 residents), ``central_share`` (between 0 and 1),
        ``remoteness`` and one column per indicator (its units).

    Raises
    ------
    KeyError
        When one of the columns above is not a column of ``frame``.
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
            "remoteness": weighted_mean(part[remoteness], weights),
        }
        row.update({c: weighted_mean(part[c], weights) for c in columns if c != remoteness})
        rows[str(code)] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "mrc_code"
    return out


def mrc_centrality(table: pd.DataFrame) -> pd.Series:
    """*Central* when most of an MRC's residents live in a CMA or CA, else *peripheral*.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`mrc_table` (needs ``central_share``).

    Returns
    -------
    pandas.Series of category, shape (MRCs,)
        Named ``centrality``, indexed like ``table``, with the ordered categories of
        :data:`~analysis.analyses.debate.CENTRE_PERIPHERY`; an MRC with exactly half its
        residents in a CMA or CA is peripheral.

    Raises
    ------
    KeyError
        When ``table`` has no ``central_share`` column.
    """
    labels = np.where(table["central_share"] > 0.5, CENTRAL, PERIPHERAL)
    return pd.Series(
        pd.Categorical(labels, categories=list(CENTRE_PERIPHERY), ordered=True), index=table.index, name="centrality"
    )


# --- uncertainty on the chapter's relations --------------------------------------------------


def relation_intervals(frame: pd.DataFrame, x: str, outcomes: Sequence[str]) -> pd.DataFrame:
    """Spearman's ρ of ``x`` with each outcome, with its 95 % interval (Fisher's z).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``x`` and every outcome.
    x : str
    outcomes : sequence of str

    Returns
    -------
    pandas.DataFrame
        Indexed by ``outcome``: ``entities``, ``spearman``, ``low``, ``high``
        (:func:`analysis.stats.spearman_ci`).

    Raises
    ------
    KeyError
        When a column is not in ``frame``.
    """
    rows = {}
    for outcome in outcomes:
        pairs = frame[[x, outcome]].dropna()
        rho, low, high = spearman_ci(pairs[x], pairs[outcome])
        rows[outcome] = {"entities": len(pairs), "spearman": rho, "low": low, "high": high}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "outcome"
    return out


def slope_difference(frame: pd.DataFrame, x: str, outcome: str, by: pd.Series, group: str) -> pd.DataFrame:
    """Does ``outcome`` rise faster with ``x`` in ``group`` than elsewhere? (interaction, robust intervals)

    Fits ``outcome = a + b·x + c·g + d·(x·g)`` by least squares, with ``g`` = 1 in
    ``group``; ``d`` is the difference of slopes, with HC1 robust standard errors
    (:func:`analysis.stats.ols_robust`).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``x`` and ``outcome``.
    x, outcome : str
    by : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity (e.g. :func:`~analysis.analyses.debate.centre_periphery`);
        rows without a group are left out.
    group : str
        The group whose slope is compared with the others' (e.g. ``CENTRAL``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``slope_elsewhere`` (b), ``slope_in_group`` (b + d) and
        ``difference`` (d): ``coefficient``, ``se``, ``t``, ``low``, ``high`` (the
        ``slope_in_group`` row has only its coefficient).

    Raises
    ------
    KeyError
        When a column is not in ``frame``.
    """
    data = pd.DataFrame({"y": frame[outcome], "x": frame[x], "g": by}).dropna()
    data["g"] = (data["g"] == group).astype("float64")
    data["xg"] = data["x"] * data["g"]
    fit = ols_robust(data, "y", ["x", "g", "xg"])
    rows = {
        "slope_elsewhere": fit.loc["x"],
        "slope_in_group": pd.Series({"coefficient": fit.at["x", "coefficient"] + fit.at["xg", "coefficient"]}),
        "difference": fit.loc["xg"],
    }
    out = pd.DataFrame(rows).T[["coefficient", "se", "t", "low", "high"]]
    out.attrs.update(n=fit.attrs["n"])
    return out


def r_squared_difference(frame: pd.DataFrame, outcome: str, first: str, second: str) -> tuple[float, float, float]:
    """R² of ``outcome`` on ``first`` minus R² on ``second``, with a paired bootstrap 95 % interval.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold the three columns; complete rows only.
    outcome, first, second : str
        E.g. the labour component, education and remoteness.

    Returns
    -------
    (float, float, float)
        ``(difference, low, high)``: the places are resampled together, so both R² are
        recomputed on the same resample.

    Raises
    ------
    KeyError
        When a column is not in ``frame``.
    """
    data = frame[[outcome, first, second]].astype("float64").dropna()

    def difference(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
        return float(np.corrcoef(y, a)[0, 1] ** 2 - np.corrcoef(y, b)[0, 1] ** 2)

    return bootstrap_ci(difference, (data[outcome], data[first], data[second]))
