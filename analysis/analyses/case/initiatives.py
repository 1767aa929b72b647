"""Saint-Camille's initiatives, 1977-2021 (chapter 6): the dated events of the case tables."""

from __future__ import annotations

import pandas as pd

NO_ORGANISATION = "no organisation named"
CONTEXT_CATEGORIES = ("policy",)
"""Timeline categories that are context for the village (Québec's rural policies), not its own events."""


def plotting_date(date: str, precision: str) -> pd.Timestamp:
    """A plotting date for a date as precise as the source allows (mid-month, mid-year).

    Parameters
    ----------
    date : str
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (only the first four characters are read
        otherwise).
    precision : str
        The row's ``date_precision`` (``day``, ``month``, ``year``, ``approximate`` or
        ``range``); ``day`` or a full date gives the date itself.

    Returns
    -------
    pandas.Timestamp
        The date; the 15th for a month; 1 July for a year.

    Raises
    ------
    ValueError
        When ``date`` cannot be read as a date.
    """
    text = str(date)
    if precision == "day" or len(text) == 10:
        return pd.Timestamp(text)
    if len(text) == 7:
        return pd.Timestamp(text + "-15")
    return pd.Timestamp(text[:4] + "-07-01")


def timeline(events: pd.DataFrame, organisations: pd.DataFrame, start: int = 1977, end: int = 2021) -> pd.DataFrame:
    """The dated events from ``start`` to ``end`` (by their first year), with the type of organisation.

    Events name at most one organisation; its ``org_type`` (and ``org_name``) come from
    the organisations table, and events that name none get ``"no organisation named"``.
    ``when`` is a plotting date (mid-month or mid-year when the source gives no day);
    ``when_end`` closes the periods; ``conflicting`` marks the events whose date
    conflicts with another row of the same ``conflict_group``.

    Parameters
    ----------
    events : pandas.DataFrame
        The case timeline (``load.case("timeline")``); reads ``id``, ``date``,
        ``date_precision``, ``year``, ``year_end``, ``organisation_id`` and
        ``conflict_group``.
    organisations : pandas.DataFrame
        The case organisations (``load.case("organisations")``); reads ``org_id``,
        ``name`` and ``org_type``.
    start, end : int, default 1977 and 2021
        First and last year kept (inclusive).

    Returns
    -------
    pandas.DataFrame
        The kept events with their columns plus ``org_name``, ``org_type``, ``when``,
        ``when_end`` (1 July of ``year_end``, or NaT) and ``conflicting`` (bool); sorted
        by ``when`` and id; index reset.

    Raises
    ------
    ValueError
        When an event names an organisation that is not in ``organisations``.
    """
    rows = events[(events["year"] >= start) & (events["year"] <= end)].copy()
    orgs = organisations[["org_id", "name", "org_type"]].rename(columns={"name": "org_name"})
    unknown = set(rows["organisation_id"].dropna()) - set(orgs["org_id"])
    if unknown:
        raise ValueError(f"events name unknown organisations: {sorted(unknown)}")
    rows = rows.merge(orgs, left_on="organisation_id", right_on="org_id", how="left").drop(columns="org_id")
    rows["org_type"] = rows["org_type"].astype("object").where(rows["org_type"].notna(), NO_ORGANISATION)
    rows["when"] = [plotting_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    rows["when_end"] = [pd.Timestamp(f"{int(y)}-07-01") if pd.notna(y) else pd.NaT for y in rows["year_end"]]
    group = rows["conflict_group"].astype("object")
    rows["conflicting"] = group.notna() & group.map(group.value_counts()).fillna(0).gt(1)
    return rows.sort_values(["when", "id"], kind="stable").reset_index(drop=True)


def events_by_type(timeline_table: pd.DataFrame) -> pd.DataFrame:
    """Number of events of each organisation type and decade.

    Parameters
    ----------
    timeline_table : pandas.DataFrame
        The result of :func:`timeline` (needs ``year``, ``org_type``, ``conflicting`` and
        ``conflict_group``).

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``org_type``, one column per decade with events (``"1970s"``, …).
    """
    decade = (timeline_table["year"] // 10 * 10).astype("int64")
    out = pd.crosstab(timeline_table["org_type"], decade)
    out.columns = [f"{c}s" for c in out.columns]
    return out


def timeline_headlines(timeline_table: pd.DataFrame) -> dict:
    """Counts the chapter quotes about the timeline (events, conflicts, types, decades).

    Events of a category in ``CONTEXT_CATEGORIES`` (Québec's rural policies) are context,
    not the village's own events: they are counted apart (``context_events``) and left out
    of every other count.

    Parameters
    ----------
    timeline_table : pandas.DataFrame
        The result of :func:`timeline` (needs ``year``, ``category``, ``org_type``,
        ``conflicting`` and ``conflict_group``).

    Returns
    -------
    dict of str → int
        ``events``, ``events_first_year``, ``events_last_year``,
        ``events_with_organisation``, ``organisation_types``, ``events_conflicting``,
        ``conflict_groups``, ``busiest_decade`` (e.g. 2000) and ``busiest_decade_events``,
        ``cooperative_events_2000s``, ``events_2000s``, ``events_before_1999`` and
        ``context_events``.
    """
    context = timeline_table["category"].isin(CONTEXT_CATEGORIES)
    context_events = int(context.sum())
    timeline_table = timeline_table[~context]
    decade = (timeline_table["year"] // 10 * 10).astype("int64")
    named = timeline_table["org_type"] != NO_ORGANISATION
    coop = timeline_table["org_type"] == "cooperative"
    busiest = decade.value_counts().sort_index()
    return {
        "events": int(len(timeline_table)),
        "events_first_year": int(timeline_table["year"].min()),
        "events_last_year": int(timeline_table["year"].max()),
        "events_with_organisation": int(named.sum()),
        "organisation_types": int(timeline_table.loc[named, "org_type"].nunique()),
        "events_conflicting": int(timeline_table["conflicting"].sum()),
        "conflict_groups": int(timeline_table.loc[timeline_table["conflicting"], "conflict_group"].nunique()),
        "busiest_decade": int(busiest.idxmax()),
        "busiest_decade_events": int(busiest.max()),
        "cooperative_events_2000s": int((coop & (decade == 2000)).sum()),
        "events_2000s": int((decade == 2000).sum()),
        "events_before_1999": int((timeline_table["year"] < 1999).sum()),
        "context_events": context_events,
    }


RANG13_MILESTONES = {"incorporated": "ev-2007-01", "land_bought": "ev-2008-02", "lots_taken": "ev-2009-03"}
"""The milestones of the Rang 13 eco-housing co-operative: name → ``id`` in the timeline table."""
CITED_EVENTS = {
    "cooperative_building": "ev-1977-01",
    "coin_portrait": "ev-1986-01",
    "coin_solidarite_rurale": "ev-1988-01",
    "ptit_bonheur": "ev-1988-02",
    "la_corvee": "ev-1999-01",
    "presbytery": "ev-2000-02",
    "first_policy": "ev-2001-02",
    "population_objective": "ev-2003-02",
    "second_policy": "ev-2007-02",
    "laboratory_brief": "ev-2009-06",
    "laboratory_facts": "ev-2010-02",
    "municipal_garage": "ev-2018-02",
}
"""Events whose years chapter 6 cites in its prose: name → ``id`` in the timeline table."""


def event_years(timeline_table: pd.DataFrame, events: dict[str, str], *, ends: bool = True) -> dict[str, int]:
    """The year of each named event of the timeline (and the last year of a period).

    Parameters
    ----------
    timeline_table : pandas.DataFrame
        The timeline (``load.case("timeline")`` or :func:`timeline`), with ``id``, ``year``
        and ``year_end`` (missing for a single date).
    events : dict of str → str
        Name → event ``id``, e.g. :data:`RANG13_MILESTONES` or :data:`CITED_EVENTS`.
    ends : bool, default True
        Also give ``<name>_end``, the last year, for an event dated as a period.

    Returns
    -------
    dict of str → int
        ``name`` → first year (and ``name_end`` → last year), in the order of ``events``.

    Raises
    ------
    KeyError
        When an id is not in the timeline (the message names the ids missing), or appears
        twice.
    """
    rows = timeline_table.set_index("id")
    missing = [event_id for event_id in events.values() if event_id not in rows.index]
    if missing:
        raise KeyError(f"the timeline has no event {missing} (ids of the case table timeline.csv)")
    if rows.index.duplicated().any():
        raise KeyError(f"the timeline repeats the ids {sorted(set(rows.index[rows.index.duplicated()]))}")
    years: dict[str, int] = {}
    for name, event_id in events.items():
        row = rows.loc[event_id]
        years[name] = int(row["year"])
        if ends and pd.notna(row["year_end"]):
            years[f"{name}_end"] = int(row["year_end"])
    return years


def organisations_by_scale(organisations: pd.DataFrame) -> pd.DataFrame:
    """Organisations of the case table by scale and type (local bodies and the outside bodies named with them).

    Parameters
    ----------
    organisations : pandas.DataFrame
        The case organisations; reads ``org_type`` and ``scale``.

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``org_type``; columns ``local``, ``regional``, ``national`` and
        ``international`` (absent scales as 0).
    """
    out = pd.crosstab(organisations["org_type"], organisations["scale"])
    return out.reindex(columns=["local", "regional", "national", "international"], fill_value=0)
