"""Assemble the municipal, MRC, region and census-division tables from the raw readers' output.

Pure functions: DataFrames in, DataFrames out. Joins are on codes only. Codes that
changed between vintages are followed with :mod:`analysis.data.pipeline.crosswalk`: a
recoded entity (one predecessor) takes its predecessor's values; a merged one takes the
sums of its predecessors' population counts (never averages of indices).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.pipeline.crosswalk import link_successors, normalise_name

STATUS_ORDER = ["matched", "renamed", "recoded", "merged", "new"]
COUNT_COLUMNS_2016 = ["pop_census_2016", "commuters_2016"]
COUNT_COLUMNS_2021 = ["pop_census_2021"]


def orphans(source: pd.DataFrame, register: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Codes of ``source`` (csd_uid, name) absent from the register, with inferred successors."""
    codes = source["csd_uid"].str[2:]
    old = source.loc[~codes.isin(register["mamh_code"]), ["csd_uid", "name"]].copy()
    old["code"] = old["csd_uid"].str[2:]
    old["cd_code"] = old["code"].str[:2]
    new = register.loc[~register["mamh_code"].isin(codes), ["mamh_code", "name", "cd_code"]]
    new = new.rename(columns={"mamh_code": "code"})
    linked = link_successors(old[["code", "name", "cd_code", "csd_uid"]], new)
    linked["vintage"] = vintage
    return linked


def register_orphans(older: pd.DataFrame, current: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Codes of an older register export absent from the current one, with inferred successors."""
    old = older.loc[~older["mamh_code"].isin(current["mamh_code"]), ["mamh_code", "name", "cd_code"]]
    new = current.loc[~current["mamh_code"].isin(older["mamh_code"]), ["mamh_code", "name", "cd_code"]]
    linked = link_successors(old.rename(columns={"mamh_code": "code"}), new.rename(columns={"mamh_code": "code"}))
    linked["vintage"] = f"register_{vintage}"
    return linked


def code_changes(frames: list[pd.DataFrame], current: pd.DataFrame) -> pd.DataFrame:
    """The code-changes table: one row per old code, sorted."""
    if not frames:
        return pd.DataFrame(
            columns=["vintage", "code", "name", "status", "successor_mamh_code", "successor_name", "evidence"]
        )
    table = pd.concat(frames, ignore_index=True)
    table["code"] = np.where(table["vintage"].str.startswith("census"), "24" + table["code"], table["code"])
    table = table.rename(columns={"successor_code": "successor_mamh_code"})
    columns = ["vintage", "code", "name", "status", "successor_mamh_code", "successor_name", "evidence"]
    return table[columns].sort_values(["vintage", "code"]).reset_index(drop=True)


def carry_over(
    register: pd.DataFrame,
    values: pd.DataFrame,
    links: pd.DataFrame,
    *,
    counts: list[str],
    names: pd.Series,
    label: str,
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Values of one census geography on the register's codes.

    Returns the values aligned on ``register`` rows, the per-row join status and a
    note. Matched codes take their own values; a recoded entity its predecessor's; a
    merged entity the sums of its predecessors' ``counts`` (all predecessors must
    have a value, else missing).
    """
    by_code = values.set_index("csd_uid")
    csd = "24" + register["mamh_code"]
    aligned = by_code.reindex(csd).reset_index(drop=True)
    aligned.index = register.index
    status = pd.Series("new", index=register.index)
    note = pd.Series("", index=register.index)
    present = csd.isin(by_code.index).to_numpy()
    status[present] = "matched"
    old_names = names.reindex(csd).to_numpy()
    renamed = present & np.array(
        [
            normalise_name(a) != normalise_name(b) if isinstance(a, str) else False
            for a, b in zip(old_names, register["name"])
        ]
    )
    status[renamed] = "renamed"
    note[renamed] = [f"{label}: named {n}" for n in old_names[renamed]]
    linked = links[links["successor_code"] != ""]
    for successor, group in linked.groupby("successor_code"):
        row = register.index[register["mamh_code"] == successor]
        if len(row) != 1 or present[register.index.get_loc(row[0])]:
            continue
        i = row[0]
        parts = group.sort_values("csd_uid")
        described = ", ".join(
            f"{c} {n} ({e.removeprefix('inferred: ')})"
            for c, n, e in zip(parts["csd_uid"], parts["name"], parts["evidence"])
        )
        if len(parts) == 1:
            status[i] = "recoded"
            aligned.loc[i] = by_code.loc[parts["csd_uid"].iloc[0]]
            note[i] = f"{label}: was {described}, inferred"
        else:
            status[i] = "merged"
            block = by_code.loc[parts["csd_uid"]]
            for column in counts:
                aligned.loc[i, column] = block[column].sum() if block[column].notna().all() else pd.NA
            note[i] = f"{label}: merger of {described}, inferred; counts summed, indices missing"
    return aligned, status, note


def combine_status(*statuses: pd.Series) -> pd.Series:
    """The most serious of several join statuses, row by row."""
    rank = pd.concat([s.map(STATUS_ORDER.index) for s in statuses], axis=1).max(axis=1)
    return rank.map(lambda r: STATUS_ORDER[int(r)])


def assign_mrc(register: pd.DataFrame, mrc_codes: pd.Series, locate) -> tuple[pd.Series, pd.Series]:
    """SDA MRC code of every register entity, and how it was found.

    1. ``register``: the register's 3-digit MRC code (``400`` → SDA ``40``; ``372`` stays ``372``);
    2. ``census_division``: entities outside any MRC (territoires équivalents, most reserves)
       take the SDA unit with their census-division code;
    3. ``location``: where several SDA units share a census division (Nord-du-Québec 99,
       Côte-Nord 97 and 98, Lévis 25, Trois-Rivières 37, Saguenay 94), the unit that
       contains the entity's location (``locate(index, candidates) -> code``).
    """
    known = set(mrc_codes)
    code = pd.Series("", index=register.index)
    how = pd.Series("", index=register.index)
    reg = register["mrc_register_code"]
    from_register = reg != ""
    sda = reg.where(~reg.str.endswith("0"), reg.str[:-1].str.lstrip("0").str.zfill(2))
    code[from_register] = sda[from_register]
    how[from_register] = "register"
    rest = ~from_register & register["cd_code"].isin(known)
    code[rest] = register.loc[rest, "cd_code"]
    how[rest] = "census_division"
    for i in register.index[(code == "") | ~code.isin(known)]:
        candidates = sorted(c for c in known if c.startswith(register.at[i, "cd_code"]) and len(c) == 3)
        found = locate(i, candidates) if candidates else ""
        code[i] = found
        how[i] = "location" if found else ""
    return code, how


def population_summary(municipalities: pd.DataFrame, by: str, decree_columns: list[str]) -> pd.DataFrame:
    """Entity counts and population sums by MRC or region."""
    grouped = municipalities.groupby(by)
    out = pd.DataFrame({"n_entities": grouped.size()})
    for column in ["pop_census_2016", "pop_census_2021", *decree_columns]:
        out[column] = grouped[column].sum(min_count=1).astype("Int64")
    both = municipalities[municipalities["pop_census_2016"].notna() & municipalities["pop_census_2021"].notna()]
    sums = both.groupby(by)[["pop_census_2016", "pop_census_2021"]].sum()
    change = 100 * (sums["pop_census_2021"] - sums["pop_census_2016"]) / sums["pop_census_2016"]
    out["pop_change_2016_2021_pct"] = change.astype("float64").round(2)
    return out
