"""The national effect of a local initiative as diffusion (chapter 6).

In the talk's frame, and in the Québec usage of CRISES, the "national effect" of a local
initiative is the way a local experiment travels upward: into regional and national
bodies, programmes and policy. The case table ``data/case/diffusion.csv`` records each
documented channel: who carried the experience (a person in a public role, an
organisation), which body and which policy received it, when, at what level and in which
direction (``upward`` into a body, programme or policy; ``horizontal`` to peers;
``downward`` for a constraint or a recognition coming back). Media and academic attention
(``national_effect.csv``) is kept apart as a secondary series: being written about is not
the same as being taken up.

Every function is pure; counts are of documented channels, so a channel nobody wrote
about is absent.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses.case.initiatives import plotting_date
from analysis.data.schemas import DIFFUSION_DIRECTIONS, DIFFUSION_LEVELS

UPWARD_LEVELS = ("national", "federal")
"""Levels at which an upward channel reaches a body or policy beyond the region."""


def _precision(date: object) -> str:
    text = "" if date is None or pd.isna(date) else str(date)
    return {10: "day", 7: "month"}.get(len(text), "year")


def diffusion_channels(
    diffusion: pd.DataFrame, people: pd.DataFrame | None = None, policies: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The channels, in time order, with a plotting date and the names of the person and policy they involve.

    Parameters
    ----------
    diffusion : pandas.DataFrame
        The curated diffusion table (``load.case("diffusion")``,
        ``data/case/diffusion.csv``); reads ``id``, ``year``, ``date``, ``level``,
        ``direction``, ``person_id`` and ``policy_id``.
    people : pandas.DataFrame, optional
        ``load.case("people")``: adds ``person_name`` (from ``person_id`` and ``name``).
    policies : pandas.DataFrame, optional
        ``load.case("policies")``: adds ``policy_name`` (from ``policy_id`` and ``name``).

    Returns
    -------
    pandas.DataFrame
        The rows of ``diffusion`` with ``when`` (a plotting date: the day, the 15th of the
        month or 1 July of the year; NaT when undated), ``dated`` (bool), ``level_rank`` and
        ``direction_rank`` (positions in ``DIFFUSION_LEVELS`` and ``DIFFUSION_DIRECTIONS``),
        and ``person_name`` and ``policy_name`` when the tables are given; sorted by
        ``when`` (undated last) and id; index reset.

    Raises
    ------
    ValueError
        When a level or direction is not one of the allowed codes.
    KeyError
        When a needed column is missing.
    """
    rows = diffusion.copy()
    bad = set(rows["level"].dropna()) - set(DIFFUSION_LEVELS) | set(rows["direction"].dropna()) - set(
        DIFFUSION_DIRECTIONS
    )
    if bad:
        raise ValueError(f"unknown levels or directions: {sorted(bad)}")
    rows["dated"] = rows["year"].notna()
    rows["when"] = [
        plotting_date(d if pd.notna(d) else str(int(y)), _precision(d)) if pd.notna(y) else pd.NaT
        for d, y in zip(rows["date"], rows["year"])
    ]
    rows["when"] = pd.to_datetime(rows["when"])
    rows["level_rank"] = rows["level"].map({v: i for i, v in enumerate(DIFFUSION_LEVELS)}).astype("int64")
    rows["direction_rank"] = rows["direction"].map({v: i for i, v in enumerate(DIFFUSION_DIRECTIONS)}).astype("int64")
    if people is not None:
        names = people.drop_duplicates("person_id").set_index("person_id")["name"]
        rows["person_name"] = rows["person_id"].map(names).astype("string")
    if policies is not None:
        rows["policy_name"] = rows["policy_id"].map(policies.set_index("policy_id")["name"]).astype("string")
    return rows.sort_values(["when", "id"], na_position="last", kind="stable").reset_index(drop=True)


def channels_by_level(diffusion: pd.DataFrame) -> pd.DataFrame:
    """Channels by level (rows, every level of ``DIFFUSION_LEVELS``) and direction (columns), with totals.

    Parameters
    ----------
    diffusion : pandas.DataFrame
        The curated diffusion table (``load.case("diffusion")``); reads ``level`` and
        ``direction``.

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``level`` in ``DIFFUSION_LEVELS`` order; columns ``upward``,
        ``horizontal``, ``downward`` and ``total``; a last row ``total``. Levels or
        directions without a channel are 0 (counts, not measures).

    Raises
    ------
    KeyError
        When ``level`` or ``direction`` is missing.
    """
    table = pd.crosstab(diffusion["level"].astype(str), diffusion["direction"].astype(str))
    table = table.reindex(index=list(DIFFUSION_LEVELS), columns=list(DIFFUSION_DIRECTIONS), fill_value=0)
    table = table.astype("int64")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "level"
    table.columns.name = None
    return table


def channels_by_person(diffusion: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Channels carried by each person (in a public role), most channels first.

    Parameters
    ----------
    diffusion : pandas.DataFrame
        The curated diffusion table; reads ``person_id``, ``direction``, ``level`` and ``year``.
    people : pandas.DataFrame
        ``load.case("people")``; reads ``person_id`` and ``name``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``person_id``: ``name``, ``channels``, ``upward`` (upward channels),
        ``upward_national`` (upward at a level of ``UPWARD_LEVELS``), ``first_year`` and
        ``last_year`` (nullable integers); people with no channel are left out.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    carried = diffusion[diffusion["person_id"].notna()]
    names = people.drop_duplicates("person_id").set_index("person_id")["name"]
    rows = []
    for person, part in carried.groupby("person_id"):
        upward = part["direction"] == "upward"
        rows.append(
            {
                "person_id": person,
                "name": names.get(person, pd.NA),
                "channels": int(len(part)),
                "upward": int(upward.sum()),
                "upward_national": int((upward & part["level"].isin(UPWARD_LEVELS)).sum()),
                "first_year": part["year"].min(),
                "last_year": part["year"].max(),
            }
        )
    columns = ["person_id", "name", "channels", "upward", "upward_national", "first_year", "last_year"]
    out = pd.DataFrame(rows, columns=columns)
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    return out.sort_values(["channels", "person_id"], ascending=[False, True]).set_index("person_id")


def diffusion_headlines(diffusion: pd.DataFrame, attention: pd.DataFrame | None = None) -> dict:
    """The counts chapter 6 quotes about diffusion (and, when given, the attention series beside it).

    Parameters
    ----------
    diffusion : pandas.DataFrame
        The curated diffusion table; reads ``year``, ``level``, ``direction``, ``person_id``
        and ``policy_id``.
    attention : pandas.DataFrame, optional
        ``load.case("national_effect")`` (media and academic attention); adds
        ``attention_items``.

    Returns
    -------
    dict
        ``channels``, ``dated``, ``undated``, ``first_year``, ``last_year``;
        ``level_<level>`` for every level and ``direction_<direction>`` for every direction;
        ``upward_national`` (upward channels at a level of ``UPWARD_LEVELS``),
        ``upward_national_before_<year>`` for the year of the first rural policy (2002:
        channels dated 2001 or earlier), ``through_people`` (channels carried by a person in
        a public role), ``people`` (distinct people), ``top_person`` (person_id with most
        channels) and ``top_person_channels``, ``with_policy`` (channels tied to a policy of
        ``policies.csv``) and, with ``attention``, ``attention_items``. Counts are integers.

    Raises
    ------
    ValueError
        When no channel is dated.
    """
    dated = diffusion[diffusion["year"].notna()]
    if dated.empty:
        raise ValueError("no dated channel")
    out: dict = {
        "channels": int(len(diffusion)),
        "dated": int(len(dated)),
        "undated": int(diffusion["year"].isna().sum()),
        "first_year": int(dated["year"].min()),
        "last_year": int(dated["year"].max()),
    }
    for level in DIFFUSION_LEVELS:
        out[f"level_{level}"] = int((diffusion["level"] == level).sum())
    for direction in DIFFUSION_DIRECTIONS:
        out[f"direction_{direction}"] = int((diffusion["direction"] == direction).sum())
    upward_national = (diffusion["direction"] == "upward") & diffusion["level"].isin(UPWARD_LEVELS)
    out["upward_national"] = int(upward_national.sum())
    out["upward_national_before_2002"] = int((upward_national & (diffusion["year"] <= 2001)).sum())
    carried = diffusion["person_id"].notna()
    out["through_people"] = int(carried.sum())
    out["people"] = int(diffusion.loc[carried, "person_id"].nunique())
    counts = diffusion.loc[carried, "person_id"].value_counts()
    if len(counts):
        top = counts[counts == counts.max()].sort_index()
        out["top_person"] = str(top.index[0])
        out["top_person_channels"] = int(top.iloc[0])
    out["with_policy"] = int(diffusion["policy_id"].notna().sum())
    if attention is not None:
        out["attention_items"] = int(len(attention))
    return out


def diffusion_and_attention(diffusion: pd.DataFrame, attention: pd.DataFrame) -> pd.DataFrame:
    """Dated channels and dated attention items per year, side by side (two series, never added up).

    Parameters
    ----------
    diffusion : pandas.DataFrame
        The curated diffusion table; reads ``year`` and ``direction``.
    attention : pandas.DataFrame
        ``load.case("national_effect")``; reads ``year``.

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``year`` (every year from the first to the last dated row of either
        table): ``channels``, ``upward_channels`` and ``attention_items``; years without
        any are 0 (counts).

    Raises
    ------
    KeyError
        When ``year`` or ``direction`` is missing.
    """
    channels = diffusion[diffusion["year"].notna()]
    items = attention[attention["year"].notna()]
    years = pd.concat([channels["year"], items["year"]]).astype("int64")
    index = pd.RangeIndex(int(years.min()), int(years.max()) + 1, name="year")
    out = pd.DataFrame(index=index)
    out["channels"] = channels["year"].astype("int64").value_counts().reindex(index, fill_value=0)
    upward = channels[channels["direction"] == "upward"]
    out["upward_channels"] = upward["year"].astype("int64").value_counts().reindex(index, fill_value=0)
    out["attention_items"] = items["year"].astype("int64").value_counts().reindex(index, fill_value=0)
    return out.astype("int64")
