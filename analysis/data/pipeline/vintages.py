"""Values of older census geographies carried to the current municipal entities.

Pure functions, DataFrames in and out, on top of :mod:`analysis.data.pipeline.harmonise`:

* :func:`link_year` — how each current entity relates to one census year's codes
  (matched, renamed, recoded, merged or absent) and that year's values on it;
* :func:`wellbeing_trajectory` — the Community Well-Being index of every current entity
  in every census year read (a long table);
* :func:`facility_counts` — ODCAF cultural facilities counted per current entity from
  their 2016 codes, and each facility's current entity.

The rules are those of the municipal table: joins on codes only; a recoded entity (one
predecessor) takes its predecessor's values; a merged entity (several predecessors)
takes the sums of counts (populations, facilities) and **never** an average of indices,
which stay missing; an entity with no predecessor in a year is *absent* that year, with a
row that says so. A one-to-one link inferred from an adjacent code alone, for a code
whose name is not in the file read (the transcribed 2006 table), is kept as a link but
its values are not carried: nothing confirms that the old and the new unit are the same
place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.pipeline.harmonise import carry_over

LINKS = ("matched", "renamed", "recoded", "merged", "absent")
NO_NAME = "(no name in the file read)"
INDICES = ("cwb", "income", "education", "housing", "labour")


def _parts(register: pd.DataFrame, links: pd.DataFrame, present: np.ndarray) -> dict[int, pd.DataFrame]:
    """Register row index -> its predecessor codes (rows of ``links``), as in :func:`carry_over`."""
    out = {}
    linked = links[links["successor_code"] != ""]
    for successor, group in linked.groupby("successor_code"):
        rows = register.index[register["mamh_code"] == successor]
        if len(rows) != 1 or present[register.index.get_loc(rows[0])]:
            continue
        out[rows[0]] = group.sort_values("csd_uid")
    return out


def link_year(
    register: pd.DataFrame,
    values: pd.DataFrame,
    links: pd.DataFrame,
    names: pd.Series,
    *,
    year: int,
    counts: list[str],
    named: bool = True,
) -> pd.DataFrame:
    """One census year's values on the current register's entities, with how each was linked.

    Parameters
    ----------
    register : pandas.DataFrame
        The current register (``mamh_code``, ``name``), one row per entity.
    values : pandas.DataFrame
        That year's values, one row per code of its geography: ``csd_uid`` and value columns.
    links : pandas.DataFrame
        The year's codes absent from the register with their inferred successors
        (:func:`analysis.data.pipeline.harmonise.orphans`: ``csd_uid``, ``name``,
        ``successor_code``, ``evidence``).
    names : pandas.Series
        Name of each code of that year's geography (index ``csd_uid``; ``""`` or
        ``NO_NAME`` when the file has none).
    year : int
        The census year (for notes).
    counts : list of str
        Value columns that are counts (summed over the parts of a merged entity).
    named : bool, default True
        False when the year's file carries no names: a renaming cannot be seen, so a code
        present in the register is ``matched``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``register``: ``source_csd_uid`` (the year's code; several joined by
        ``;`` for a merger; empty when absent), ``link`` (one of ``LINKS``), ``link_note``
        and the value columns (indices missing for mergers and unconfirmed recodings;
        counts summed for mergers when every part has one).
    """
    label = str(year)
    # A predecessor code the year's file lacks still counts as a part (with no values),
    # so that a merger is never mistaken for a recoding of the parts that are there.
    lacking = sorted(set(links["csd_uid"]) - set(values["csd_uid"]))
    if lacking:
        values = pd.concat([values, pd.DataFrame({"csd_uid": lacking})], ignore_index=True)
    aligned, status, _ = carry_over(register, values, links, counts=counts, names=names, label=label)
    csd = "24" + register["mamh_code"]
    present = csd.isin(set(values["csd_uid"]) - set(lacking)).to_numpy()
    out = aligned.copy()
    out.insert(0, "link_note", "")
    out.insert(0, "link", status.map({"new": "absent"}).fillna(status))
    out.insert(0, "source_csd_uid", np.where(present, csd, ""))
    if not named:
        out.loc[out["link"] == "renamed", "link"] = "matched"
    else:
        old = names.reindex(csd).to_numpy()
        renamed = out["link"].to_numpy() == "renamed"
        out.loc[renamed, "link_note"] = [f"{year}: named {n}" for n in old[renamed]]
    others = [c for c in values.columns if c != "csd_uid" and c not in counts]
    for i, parts in _parts(register, links, present).items():
        described = ", ".join(
            f"{c} {n} ({e.removeprefix('inferred: ')})"
            for c, n, e in zip(parts["csd_uid"], parts["name"], parts["evidence"])
        )
        out.at[i, "source_csd_uid"] = ";".join(parts["csd_uid"])
        if len(parts) > 1:
            out.at[i, "link_note"] = f"{year}: merger of {described}, inferred; counts summed, indices missing"
            continue
        name = parts["name"].iloc[0]
        evidence = parts["evidence"].iloc[0]
        if (not name or name == NO_NAME) and "name" not in evidence:
            out.loc[i, [*others, *counts]] = pd.NA
            out.at[i, "link_note"] = (
                f"{year}: was {described}, inferred from the code alone (no name in the file to confirm it); "
                "values not carried"
            )
        else:
            out.at[i, "link_note"] = f"{year}: was {described}, inferred"
    absent = out["link"] == "absent"
    out.loc[absent, "link_note"] = f"{year}: no code of the {year} geography leads to this entity"
    return out


def wellbeing_trajectory(register: pd.DataFrame, years: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """The long Community Well-Being table: one row per current entity and census year.

    Parameters
    ----------
    register : pandas.DataFrame
        The current register (``mamh_code``), one row per entity.
    years : dict of int → pandas.DataFrame
        For each census year read, :func:`link_year` of its CWB values (columns
        ``source_csd_uid``, ``link``, ``link_note``, ``pop_cwb``, ``cwb``, ``cwb_income``,
        ``cwb_education``, ``cwb_housing``, ``cwb_labour``, ``community_type``).

    Returns
    -------
    pandas.DataFrame
        ``csd_uid`` (current entity), ``year``, ``source_csd_uid``, ``link``,
        ``population``, ``cwb``, ``income``, ``education``, ``housing``, ``labour``,
        ``community_type`` and ``link_note``, sorted by entity and year.
    """
    frames = []
    for year, linked in sorted(years.items()):
        frame = pd.DataFrame(
            {
                "csd_uid": "24" + register["mamh_code"],
                "year": year,
                "source_csd_uid": linked["source_csd_uid"],
                "link": linked["link"],
                "population": linked["pop_cwb"].astype("Int64"),
                "cwb": linked["cwb"],
                "income": linked["cwb_income"],
                "education": linked["cwb_education"],
                "housing": linked["cwb_housing"],
                "labour": linked["cwb_labour"],
                "community_type": linked["community_type"],
                "link_note": linked["link_note"],
            }
        )
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["csd_uid", "year", "source_csd_uid", "link", *INDICES, "link_note"])
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["csd_uid", "year"]).reset_index(drop=True)


def facility_counts(
    register: pd.DataFrame,
    facilities: pd.DataFrame,
    codes_2016: pd.Series,
    links16: pd.DataFrame,
    names16: pd.Series,
) -> tuple[pd.Series, pd.Series, list[str]]:
    """Facilities per current entity (from their 2016 codes), and each facility's current entity.

    Parameters
    ----------
    register : pandas.DataFrame
        The current register (``mamh_code``, ``name``).
    facilities : pandas.DataFrame
        :func:`analysis.data.pipeline.odcaf.read_odcaf` (``csd_uid_2016``).
    codes_2016 : pandas.Series
        Every code of the 2016 geography (a code with no facility counts 0).
    links16 : pandas.DataFrame
        The 2016 codes absent from the register, with their successors.
    names16 : pandas.Series
        Name of each 2016 code (index ``csd_uid``).

    Returns
    -------
    counts : pandas.Series
        ``Int64``, indexed like ``register``: facilities of its 2016 code (recoded: its
        predecessor's; merged: the sum over its predecessors); missing for an entity with
        no 2016 predecessor.
    current : pandas.Series
        For each facility (indexed like ``facilities``), the ``csd_uid`` of the current
        entity it is counted in, ``""`` when it is counted in none.
    notes : list of str
        Facilities counted in no entity, and why.
    """
    codes = pd.Series(sorted(set(codes_2016)), dtype=object)
    per_code = facilities["csd_uid_2016"].value_counts()
    values = pd.DataFrame({"csd_uid": codes, "facilities": codes.map(per_code).fillna(0).astype("float64")})
    aligned, _, _ = carry_over(register, values, links16, counts=["facilities"], names=names16, label="2016")
    csd = "24" + register["mamh_code"]
    successor = {code: code for code in csd if code in set(codes)}
    linked = links16[links16["successor_code"] != ""]
    for row in linked.itertuples():
        if ("24" + row.successor_code) in set(csd) and ("24" + row.successor_code) not in set(codes):
            successor[row.csd_uid] = "24" + row.successor_code
    current = facilities["csd_uid_2016"].map(successor).fillna("")
    notes = []
    no_code = facilities["csd_uid_2016"] == ""
    if no_code.any():
        notes.append(f"ODCAF: {int(no_code.sum())} Québec facilities have no 2016 CSD code and are counted nowhere")
    unknown = ~no_code & ~facilities["csd_uid_2016"].isin(set(codes))
    if unknown.any():
        notes.append(
            f"ODCAF: {int(unknown.sum())} facilities have a code that is not in the 2016 geography: "
            f"{sorted(set(facilities.loc[unknown, 'csd_uid_2016']))[:8]}"
        )
    orphaned = ~no_code & ~unknown & (current == "")
    if orphaned.any():
        notes.append(
            f"ODCAF: {int(orphaned.sum())} facilities are in 2016 codes with no current entity: "
            f"{sorted(set(facilities.loc[orphaned, 'csd_uid_2016']))[:8]}"
        )
    return aligned["facilities"].astype("Int64"), current, notes
