"""Time depth: each municipality's well-being from 2006 to 2016 to 2021, and whether the map moves.

The trajectory table (``data/processed/wellbeing_trajectory.csv``) has one row per current
entity and census year (2006, 2016, 2021): ``csd_uid`` (today's code), ``year``,
``source_csd_uid`` (the code in that year's geography), ``link`` (how today's entity
relates to that year's: ``matched`` — same code, same place; ``renamed`` — same code, new
name; ``recoded`` — same place under another code; ``merged`` — today's entity is the
union of several of that year's; ``absent`` — no entity of that year), ``population``,
the CWB score and its four components (``cwb``, ``income``, ``education``, ``housing``,
``labour``, 0-100) and ``community_type``. Codes are carried across geographies and every
change is recorded; nothing is dropped.

Comparisons over time use the *comparable* links by default (matched, renamed, recoded):
a merged entity's earlier values describe other boundaries. ISC states that its 2006,
2016 and 2021 scores belong to one consistent series (the fourth); the 2011 wave (the
voluntary National Household Survey) is not used.

Klein's matrix is a typology of development *logics*, not a claim that places sit still
in cells; :func:`panel_cells` and :func:`transitions` show how much the census map of the
cells moves in fifteen years under one fixed specification, which is what a reader needs
to know before reading any one year's map as a structure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.analyses import centrality, cuts
from analysis.analyses.matrix import cell_of_statuses
from analysis.data.errors import InputError, example_rows
from analysis.stats import bootstrap_ci
from analysis.vocabulary import ALL_GROUPS, AT_CUT, CELLS, POPULATION, SAINT_CAMILLE

TABLE = "data/processed/wellbeing_trajectory.csv"
YEARS = (2006, 2016, 2021)
LINKS = ("matched", "renamed", "recoded", "merged", "absent")
COMPARABLE = ("matched", "renamed", "recoded")
"""Links whose earlier values describe the same place as today's entity."""
MEASURES = ("population", "cwb", "income", "education", "housing", "labour")
COLUMNS = ("csd_uid", "year", "source_csd_uid", "link", *MEASURES, "community_type")
CUT_RULES = {
    "each_year": "each year's own median (a place's position among places that year)",
    "fixed": "the first year's median held fixed (absolute change of the score)",
}


def check(trajectory: pd.DataFrame) -> None:
    """Refuse a trajectory table that does not have the documented layout.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The trajectory table (``load`` of ``wellbeing_trajectory.csv``, or a hand-made one).

    Raises
    ------
    InputError
        Naming the table, the column and example rows: a missing column, an unknown
        ``link``, a year outside ``YEARS``, or a repeated (``csd_uid``, ``year``) pair.
    """
    missing = [c for c in COLUMNS if c not in trajectory.columns]
    if missing:
        raise InputError(TABLE, f"missing column(s) {missing}", column=missing[0])
    rows = pd.Series(range(2, len(trajectory) + 2), index=trajectory.index)  # line numbers, header = 1
    bad_link = ~trajectory["link"].isin(LINKS)
    if bad_link.any():
        raise InputError(
            TABLE,
            f"unknown link (expected one of {list(LINKS)})",
            column="link",
            examples=example_rows(rows[bad_link], trajectory.loc[bad_link, "link"]),
        )
    bad_year = ~trajectory["year"].isin(YEARS)
    if bad_year.any():
        raise InputError(
            TABLE,
            f"year outside {list(YEARS)}",
            column="year",
            examples=example_rows(rows[bad_year], trajectory.loc[bad_year, "year"]),
        )
    repeated = trajectory.duplicated(["csd_uid", "year"], keep=False)
    if repeated.any():
        raise InputError(
            TABLE,
            "the same entity appears twice in one year",
            column="csd_uid",
            examples=example_rows(
                rows[repeated], trajectory.loc[repeated, "csd_uid"] + " " + trajectory.loc[repeated, "year"].astype(str)
            ),
        )


def link_summary(trajectory: pd.DataFrame) -> pd.DataFrame:
    """How today's entities link to each year's geography: counts by year and link.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The trajectory table (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (``YEARS``), one column per link of ``LINKS`` (entities), and
        ``with_education`` (entities with a comparable link and an education score).

    Raises
    ------
    InputError
        When the table does not have the documented layout (:func:`check`).
    """
    check(trajectory)
    table = pd.crosstab(trajectory["year"], trajectory["link"]).reindex(index=list(YEARS), columns=list(LINKS))
    table = table.fillna(0).astype("int64")
    usable = trajectory["link"].isin(COMPARABLE) & trajectory["education"].notna()
    table["with_education"] = trajectory[usable].groupby("year").size().reindex(list(YEARS)).fillna(0).astype("int64")
    table.index.name = "year"
    return table


def wide(trajectory: pd.DataFrame, measure: str = "education", links: tuple[str, ...] = COMPARABLE) -> pd.DataFrame:
    """One row per entity, one column per year, for one measure.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The trajectory table.
    measure : str, default ``"education"``
        One of ``MEASURES``.
    links : tuple of str, default ``COMPARABLE``
        Values whose link is not among these are left missing (their link is still shown).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``csd_uid`` (sorted): one column per year (``2006``, ``2016``, ``2021``,
        the measure) and ``link_<year>`` (the link of that year).

    Raises
    ------
    InputError
        When the table does not have the documented layout.
    ValueError
        When ``measure`` is not one of ``MEASURES``.
    """
    check(trajectory)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose from {list(MEASURES)}")
    kept = trajectory[["csd_uid", "year", "link", measure]].copy()
    kept[measure] = kept[measure].astype("float64").where(kept["link"].isin(links))
    values = kept.pivot(index="csd_uid", columns="year", values=measure).reindex(columns=list(YEARS))
    link = kept.pivot(index="csd_uid", columns="year", values="link").reindex(columns=list(YEARS))
    link.columns = [f"link_{y}" for y in YEARS]
    out = pd.concat([values, link], axis=1).sort_index()
    out.columns = [str(c) for c in out.columns]
    return out


def changes(
    trajectory: pd.DataFrame,
    measure: str = "education",
    start: int = 2006,
    end: int = 2021,
    links: tuple[str, ...] = COMPARABLE,
) -> pd.DataFrame:
    """The change of one measure between two years, for every entity with both values.

    Parameters
    ----------
    trajectory : pandas.DataFrame
    measure : str, default ``"education"``
    start, end : int, default 2006 and 2021
        Years of ``YEARS``.
    links : tuple of str, default ``COMPARABLE``

    Returns
    -------
    pandas.DataFrame
        Indexed by ``csd_uid``: ``start``, ``end``, ``change`` (end − start, in the
        measure's units) and ``change_pct`` (percent of the start value; ``nan`` when it is
        0). Only entities with both values.

    Raises
    ------
    InputError
        When the table does not have the documented layout.
    ValueError
        When ``measure`` or a year is unknown.
    """
    if start not in YEARS or end not in YEARS:
        raise ValueError(f"years must be among {list(YEARS)}")
    table = wide(trajectory, measure, links)
    out = pd.DataFrame({"start": table[str(start)], "end": table[str(end)]}).dropna()
    out["change"] = out["end"] - out["start"]
    out["change_pct"] = (out["change"] / out["start"].where(out["start"] != 0)) * 100
    return out


def path_of(trajectory: pd.DataFrame, csd_uid: str = SAINT_CAMILLE) -> pd.DataFrame:
    """One entity's rows, year by year.

    Parameters
    ----------
    trajectory : pandas.DataFrame
    csd_uid : str, default Saint-Camille

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``source_csd_uid``, ``link`` and the measures.

    Raises
    ------
    InputError
        When the table does not have the documented layout.
    KeyError
        When ``csd_uid`` is not in the table.
    """
    check(trajectory)
    rows = trajectory[trajectory["csd_uid"] == csd_uid]
    if rows.empty:
        raise KeyError(f"{csd_uid} is not in the trajectory table")
    return rows.set_index("year").sort_index()[["source_csd_uid", "link", *MEASURES]]


def panel_cells(
    trajectory: pd.DataFrame,
    frame: pd.DataFrame,
    centrality_key: str = centrality.DEFAULT,
    measure: str = "education",
    years: tuple[int, ...] = YEARS,
    reference: pd.Series | None = None,
    cut_rule: str = "each_year",
    ties: str = "band",
    links: tuple[str, ...] = COMPARABLE,
    population: str = POPULATION,
) -> pd.DataFrame:
    """The cell of every entity of a balanced panel in each year, under one fixed specification.

    Centrality is held fixed (today's definition, from ``frame``); connection is the CWB
    ``measure`` of each year, cut at the median of the panel (each year's own median, or
    the first year's held fixed). The panel is the reference entities with a comparable
    value in every year, so that each year's cut is computed on the same places.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The trajectory table.
    frame : pandas.DataFrame
        The municipalities table (``csd_uid`` and the centrality definition's column).
    centrality_key : str, default ``"sac"``
    measure : str, default ``"education"``
        One of the CWB measures of ``MEASURES``.
    years : tuple of int, default ``YEARS``
    reference : pandas.Series of bool, aligned on ``frame``, optional
        The places of the panel (the inhabited municipalities in the book); default every
        row of ``frame``.
    cut_rule : {"each_year", "fixed"}, default ``"each_year"``
        ``CUT_RULES``.
    ties : {"band", "upper", "lower"}, default ``"band"``
    links : tuple of str, default ``COMPARABLE``
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by ``csd_uid`` (the panel): ``centrality_status`` and, for each year,
        ``connection_<year>`` (the score), ``status_<year>`` and ``cell_<year>`` (one of
        ``ALL_GROUPS``); ``attrs["cuts"]`` maps each year to its cut.

    Raises
    ------
    InputError
        When the trajectory does not have the documented layout.
    ValueError
        When ``cut_rule`` or a year is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    if cut_rule not in CUT_RULES:
        raise ValueError(f"unknown cut rule {cut_rule!r}; choose from {list(CUT_RULES)}")
    if any(y not in YEARS for y in years):
        raise ValueError(f"years must be among {list(YEARS)}")
    ref = pd.Series(True, index=frame.index) if reference is None else reference.reindex(frame.index).fillna(False)
    status = centrality.status(frame, centrality_key, "median", ties, ref, population)
    centre = pd.Series(status.to_numpy(), index=frame["csd_uid"].to_numpy())[ref.astype(bool).to_numpy()]
    values = wide(trajectory, measure, links)[[str(y) for y in years]]
    panel = values.loc[values.index.intersection(centre.index)].dropna()
    out = pd.DataFrame({"centrality_status": centre.reindex(panel.index)}, index=panel.index)
    cut_values = {}
    for y in years:
        basis = years[0] if cut_rule == "fixed" else y
        cut_values[y] = cuts.cut_value(panel[str(basis)], "median")
        side = cuts.side(panel[str(y)], cut_values[y], ties)
        connection = side.map({cuts.UPPER: "connected", cuts.LOWER: "disconnected", AT_CUT: AT_CUT})
        out[f"connection_{y}"] = panel[str(y)]
        out[f"status_{y}"] = connection.astype("object")
        out[f"cell_{y}"] = cell_of_statuses(out["centrality_status"], out[f"status_{y}"])
    out.index.name = "csd_uid"
    out.attrs["cuts"] = cut_values
    return out


def transitions(panel: pd.DataFrame, start: int = 2006, end: int = 2021) -> pd.DataFrame:
    """Cross-table of the cells at two dates (rows: ``start``; columns: ``end``).

    Parameters
    ----------
    panel : pandas.DataFrame
        The result of :func:`panel_cells`.
    start, end : int, default 2006 and 2021

    Returns
    -------
    pandas.DataFrame, shape (6, 6)
        Entities, with every group of ``ALL_GROUPS`` on both axes (empty ones as 0).

    Raises
    ------
    KeyError
        When a year is not in ``panel``.
    """
    table = pd.crosstab(panel[f"cell_{start}"].rename(f"cell {start}"), panel[f"cell_{end}"].rename(f"cell {end}"))
    return table.reindex(index=list(ALL_GROUPS), columns=list(ALL_GROUPS), fill_value=0)


def transition_summary(panel: pd.DataFrame, start: int = 2006, end: int = 2021) -> pd.Series:
    """How much the map of cells moves between two dates.

    Parameters
    ----------
    panel : pandas.DataFrame
        The result of :func:`panel_cells`.
    start, end : int, default 2006 and 2021

    Returns
    -------
    pandas.Series
        ``panel`` (entities), ``classified_both`` (in one of the four cells at both dates),
        ``same_cell``, ``same_cell_share`` (of the classified), ``changed_connection``
        (classified at both dates, connection side changed: with centrality fixed, every
        change of cell is a change of connection side), ``cut_start`` and ``cut_end``.

    Raises
    ------
    KeyError
        When a year is not in ``panel``.
    """
    a, b = panel[f"cell_{start}"], panel[f"cell_{end}"]
    both = a.isin(CELLS) & b.isin(CELLS)
    same = both & (a == b)
    cut_values = panel.attrs.get("cuts", {})
    return pd.Series(
        {
            "panel": len(panel),
            "classified_both": int(both.sum()),
            "same_cell": int(same.sum()),
            "same_cell_share": float(same.sum() / both.sum()) if both.any() else float("nan"),
            "changed_connection": int((both & (panel[f"status_{start}"] != panel[f"status_{end}"])).sum()),
            "cut_start": cut_values.get(start, float("nan")),
            "cut_end": cut_values.get(end, float("nan")),
        },
        dtype="object",
    )


def population_growth(
    trajectory: pd.DataFrame,
    groups: pd.Series,
    start: int = 2006,
    end: int = 2021,
    links: tuple[str, ...] = COMPARABLE,
) -> pd.DataFrame:
    """Population change of each group of entities between two censuses, as a whole and for its median place.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The trajectory table.
    groups : pandas.Series
        The group of each entity, **indexed by** ``csd_uid`` (e.g. remoteness quartiles
        of today's entities); entities without a group are left out.
    start, end : int, default 2006 and 2021
    links : tuple of str, default ``COMPARABLE``
        Only entities with a comparable link at both dates are counted.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted as the categories when ``groups`` is categorical):
        ``entities``, ``population_start``, ``population_end``, ``growth_pct`` (the group's
        residents as a whole) and ``median_growth_pct`` (the typical place).

    Raises
    ------
    InputError
        When the trajectory does not have the documented layout.
    ValueError
        When a year is unknown.
    """
    change = changes(trajectory, "population", start, end, links)
    data = change.join(groups.rename("group"), how="inner").dropna(subset=["group"])
    grouped = data.groupby("group", observed=True, sort=True)
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "population_start": grouped["start"].sum(),
            "population_end": grouped["end"].sum(),
            "median_growth_pct": grouped["change_pct"].median(),
        }
    )
    out["growth_pct"] = (out["population_end"] / out["population_start"] - 1) * 100
    return out[["entities", "population_start", "population_end", "growth_pct", "median_growth_pct"]]


def growth_gap_interval(
    trajectory: pd.DataFrame,
    groups: pd.Series,
    first: object,
    second: object,
    start: int = 2006,
    end: int = 2021,
    links: tuple[str, ...] = COMPARABLE,
) -> tuple[float, float, float]:
    """Whole-group growth of ``first`` minus ``second`` (percentage points), with a bootstrap 95 % interval.

    Parameters
    ----------
    trajectory : pandas.DataFrame
    groups : pandas.Series
        Indexed by ``csd_uid`` (see :func:`population_growth`).
    first, second : object
        Two group labels.
    start, end : int, default 2006 and 2021
    links : tuple of str, default ``COMPARABLE``

    Returns
    -------
    (float, float, float)
        ``(gap, low, high)``: the places of each group resampled separately (fixed seed,
        :func:`analysis.stats.bootstrap_ci`).

    Raises
    ------
    InputError
        When the trajectory does not have the documented layout.
    ValueError
        When a year is unknown or a group is empty.
    """
    change = changes(trajectory, "population", start, end, links).join(groups.rename("group"), how="inner")
    a = change.loc[change["group"] == first, ["start", "end"]].to_numpy()
    b = change.loc[change["group"] == second, ["start", "end"]].to_numpy()
    if len(a) == 0 or len(b) == 0:
        raise ValueError("both groups need at least one entity with a population at both dates")

    def gap(i, j) -> float:
        ga, gb = a[i.astype(int)].sum(axis=0), b[j.astype(int)].sum(axis=0)
        return float((ga[1] / ga[0] - gb[1] / gb[0]) * 100)

    return bootstrap_ci(gap, (np.arange(len(a)), np.arange(len(b))), paired=False)
