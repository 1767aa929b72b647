"""Which entities a chapter analyses, and why the others are left out.

An entity is analysed when it had residents in the 2021 census and has every value the
analysis needs. Unorganised territories with nobody living in them, and entities whose
values Statistics Canada or Indigenous Services Canada suppressed (mostly small places),
are left out rather than imputed, and every chapter reports how many and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.vocabulary import POPULATION

UNINHABITED = "no resident in the 2021 census"
TOTAL_LEFT_OUT = "total left out"
"""The last row of :func:`left_out`: every entity left out, whatever the reason."""


def _inhabited(frame: pd.DataFrame, population: str) -> pd.Series:
    return frame[population].astype("float64").fillna(0) > 0


def _kept(frame: pd.DataFrame, columns: Sequence[str], population: str) -> pd.Series:
    return _inhabited(frame, population) & frame[list(columns)].notna().all(axis=1)


def analysed(frame: pd.DataFrame, columns: Sequence[str], population: str = POPULATION) -> pd.DataFrame:
    """The entities an analysis keeps: a 2021 population above zero and every value in ``columns``.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per municipal entity (``load.municipalities()`` or a chapter's table of
        measures); must hold ``population`` and every name in ``columns``.
    columns : sequence of str
        The columns the analysis needs.
    population : str, default ``"pop_census_2021"``
        The 2021 census population column.

    Returns
    -------
    pandas.DataFrame, shape (m, k), m ≤ n
        The kept rows, in their order, index reset.

    Raises
    ------
    KeyError
        When ``population`` or a name in ``columns`` is not a column of ``frame``.
    """
    return frame.loc[_kept(frame, columns, population)].reset_index(drop=True)


def coverage(frame: pd.DataFrame, columns: Sequence[str], population: str = POPULATION) -> pd.Series:
    """How many entities :func:`analysed` keeps, and how many it leaves out and why.

    Parameters
    ----------
    frame, columns, population
        As in :func:`analysed`.

    Returns
    -------
    pandas.Series
        ``entities`` (all rows), ``uninhabited`` (no 2021 population), ``missing_values``
        (inhabited but a needed value is missing), ``kept``, ``left_out``
        (= uninhabited + missing_values) and ``population_left_out_share`` (share of the
        2021 population living in the entities left out, between 0 and 1).
    """
    pop = frame[population].astype("float64").fillna(0)
    kept = _kept(frame, columns, population)
    inhabited = pop > 0
    return pd.Series(
        {
            "entities": len(frame),
            "uninhabited": int((~inhabited).sum()),
            "missing_values": int((inhabited & ~kept).sum()),
            "kept": int(kept.sum()),
            "left_out": int((~kept).sum()),
            "population_left_out_share": float(pop[~kept].sum() / pop.sum()) if pop.sum() > 0 else float("nan"),
        },
        dtype="object",
    )


def left_out(
    frame: pd.DataFrame,
    columns: Sequence[str],
    reasons: Mapping[str, str] | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """The entities left out by :func:`analysed`, counted by reason (the first missing item counts).

    Parameters
    ----------
    frame, columns, population
        As in :func:`analysed`.
    reasons : mapping of column name → reason, optional
        How to word the reason when a column is missing (default ``"no value: <column>"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``reason`` and ``entities``, most frequent first; the last row is
        ``total left out``.
    """
    reasons = dict(reasons or {})
    reason = pd.Series(pd.NA, index=frame.index, dtype="object")
    reason[~_inhabited(frame, population)] = UNINHABITED
    for column in columns:
        reason[reason.isna() & frame[column].isna()] = reasons.get(column, f"no value: {column}")
    counts = reason.dropna().value_counts().rename_axis("reason").reset_index(name="entities")
    total = pd.DataFrame({"reason": [TOTAL_LEFT_OUT], "entities": [int(counts["entities"].sum())]})
    return pd.concat([counts, total], ignore_index=True)


def value_of(frame: pd.DataFrame, csd_uid: str, column: str, key: str = "csd_uid") -> float:
    """One place's value, missing when the place or its value is missing (never an error).

    A chapter that reports a number for one place (Saint-Camille) keeps working on data in
    which that place, or that value, is absent: the number is then missing, and the page
    reads "not available in these data".

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with ``key`` and ``column``.
    csd_uid : str
        The place's 7-digit census subdivision code.
    column : str
        A numeric column of ``frame``.
    key : str, default ``"csd_uid"``

    Returns
    -------
    float
        The value (the first row when several match); ``nan`` when no row matches or the
        value is missing.

    Raises
    ------
    KeyError
        When ``key`` or ``column`` is not a column of ``frame``.
    """
    rows = frame.loc[frame[key] == csd_uid, column]
    if rows.empty or pd.isna(rows.iloc[0]):
        return float("nan")
    return float(rows.iloc[0])
