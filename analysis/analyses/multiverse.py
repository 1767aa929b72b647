"""How much the matrix depends on its definitions: three questions, reported apart.

The first edition pooled eight specifications into one "sensitivity" set, and its
headline (12.9 % of entities keep one cell) mostly measured one switch: from places to
residents. This module separates three questions:

1. **The multiverse over places** (:func:`specifications`, :func:`cells`,
   :func:`stability`): every combination of the centrality and connection definitions,
   with plain median cuts and the same tie rule. Its stability says how much the picture
   depends on *what* is measured.
2. **The residents' view** (:func:`residents_view`): the same definitions with
   population-weighted cuts, which draw each line where half of the *residents* live on
   each side. It answers a different question (where do people live, rather than how do
   places differ) and is never pooled with the first.
3. **The band analysis** (:func:`bands`, :func:`ties`): how many places sit exactly at,
   or within a stated distance of, each cut: the assignments a small revision of the data
   could flip.

Every result is computed on a stated reference sample (the inhabited municipalities in
the book), and Saint-Camille's cell is reported as it falls under each specification
(:func:`cell_report`), never tuned.
"""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pandas as pd

from analysis.analyses import centrality, connection_measures, cuts
from analysis.analyses.matrix import Specification, assign
from analysis.stats import percentile_rank
from analysis.vocabulary import ALL_GROUPS, AT_CUT, CELLS, POPULATION, SAINT_CAMILLE, UNCLASSIFIED

SPEC_COLUMNS = ("csd_uid", "name")


def specifications(
    frame: pd.DataFrame | None = None,
    centralities: tuple[str, ...] = centrality.MAIN,
    connections: tuple[str, ...] | None = None,
    rule: str = "median",
    ties: str = "band",
) -> tuple[Specification, ...]:
    """Every combination of the centrality and connection definitions, under one rule.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        When given and ``connections`` is None, the connection measures are those present
        in it (:func:`analysis.analyses.connection_measures.present`: the main ones, plus
        the optional ones whose columns exist).
    centralities : tuple of str, default ``centrality.MAIN`` (SAC split, IR 2021)
    connections : tuple of str, optional
        Default: as above, or ``connection_measures.MAIN`` without a frame.
    rule : {"median", "weighted"}, default ``"median"``
    ties : {"band", "upper", "lower"}, default ``"band"``

    Returns
    -------
    tuple of Specification
        Centrality first, then connection, in the order given.
    """
    if connections is None:
        connections = connection_measures.present(frame) if frame is not None else connection_measures.MAIN
    return tuple(Specification(c, k, rule, ties) for c, k in product(centralities, connections))


def cells(
    frame: pd.DataFrame,
    specs: tuple[Specification, ...],
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """The group of every entity under every specification (one column per ``spec.key``).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (the columns the definitions read).
    specs : tuple of Specification
    reference : pandas.Series of bool, shape (n,), optional
        The places the cuts are computed on; only they are returned.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame, shape (m, 2 + len(specs))
        One row per reference entity, in the order of ``frame``: ``csd_uid``, ``name``, and
        one column per specification (one of ``ALL_GROUPS``).

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    ref = pd.Series(True, index=frame.index) if reference is None else reference.reindex(frame.index).fillna(False)
    ref = ref.astype(bool)
    wide = pd.DataFrame({"csd_uid": frame.loc[ref, "csd_uid"].to_numpy(), "name": frame.loc[ref, "name"].to_numpy()})
    for spec in specs:
        table = assign(frame, spec, ref, population).table
        wide[spec.key] = table.loc[table["reference"], "cell"].to_numpy()
    return wide


def _keys(wide: pd.DataFrame, keys: tuple[str, ...] | None) -> list[str]:
    return list(keys) if keys is not None else [c for c in wide.columns if c not in SPEC_COLUMNS]


def stability(wide: pd.DataFrame, keys: tuple[str, ...] | None = None) -> pd.Series:
    """How stable the cells are across a family of specifications.

    An entity is *classified everywhere* when it falls in one of the four cells under
    every specification of the family (never at a cut, never unclassified); it is
    *stable* when, in addition, the cell is the same throughout.

    Parameters
    ----------
    wide : pandas.DataFrame
        The result of :func:`cells`.
    keys : tuple of str, optional
        The specification columns of the family (default: every column but ``csd_uid`` and
        ``name``).

    Returns
    -------
    pandas.Series
        ``specifications``, ``entities``, ``classified_everywhere``, ``at_cut_somewhere``
        (entities at a cut under at least one specification), ``unclassified_somewhere``,
        ``stable``, ``stability_share`` (stable / classified everywhere; ``nan`` when none)
        and ``mean_pairwise_agreement`` (:func:`pairwise_agreement`, the mean over pairs of
        the share of entities in the same cell, among those classified under both;
        ``nan`` with fewer than two specifications).

    Raises
    ------
    KeyError
        When a key is not a column of ``wide``.
    """
    keys = _keys(wide, keys)
    values = wide[keys].to_numpy(dtype=object)
    in_cell = np.isin(values, CELLS)
    everywhere = in_cell.all(axis=1)
    same = (values == values[:, :1]).all(axis=1)
    stable = everywhere & same
    agreement = pairwise_agreement(wide, tuple(keys))
    upper = agreement.to_numpy()[np.triu_indices(len(keys), k=1)]
    return pd.Series(
        {
            "specifications": len(keys),
            "entities": len(wide),
            "classified_everywhere": int(everywhere.sum()),
            "at_cut_somewhere": int((values == AT_CUT).any(axis=1).sum()),
            "unclassified_somewhere": int((values == UNCLASSIFIED).any(axis=1).sum()),
            "stable": int(stable.sum()),
            "stability_share": float(stable.sum() / everywhere.sum()) if everywhere.any() else float("nan"),
            "mean_pairwise_agreement": float(np.nanmean(upper)) if np.isfinite(upper).any() else float("nan"),
        },
        dtype="object",
    )


def pairwise_agreement(wide: pd.DataFrame, keys: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Share of entities in the same cell under each pair of specifications.

    Parameters
    ----------
    wide : pandas.DataFrame
        The result of :func:`cells`.
    keys : tuple of str, optional
        The specification columns (default: all).

    Returns
    -------
    pandas.DataFrame, shape (len(keys), len(keys))
        Symmetric, 1 on the diagonal: among the entities in one of the four cells under
        both specifications, the share in the same cell (``nan`` when there is none).

    Raises
    ------
    KeyError
        When a key is not a column of ``wide``.
    """
    keys = _keys(wide, keys)
    out = pd.DataFrame(np.eye(len(keys)), index=keys, columns=keys)
    for a, b in combinations(keys, 2):
        both = wide[a].isin(CELLS) & wide[b].isin(CELLS)
        share = float((wide.loc[both, a] == wide.loc[both, b]).mean()) if both.any() else float("nan")
        out.loc[a, b] = out.loc[b, a] = share
    return out


def families(
    frame: pd.DataFrame | None = None,
    centralities: tuple[str, ...] = centrality.MAIN,
    connections: tuple[str, ...] | None = None,
) -> dict[str, tuple[Specification, ...]]:
    """The families whose stability the book reports, all with plain median cuts.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        To find the connection measures present (see :func:`specifications`).
    centralities : tuple of str, default ``centrality.MAIN``
    connections : tuple of str, optional

    Returns
    -------
    dict of str → tuple of Specification
        ``"all"`` (every combination), ``"centrality varies"`` (each centrality definition
        with the default connection measure), ``"connection varies"`` (each connection
        measure with the default centrality), ``"outcome proxies"`` (education and the
        composite, every centrality) and ``"functional"`` (the functional measures, every
        centrality).
    """
    if connections is None:
        connections = connection_measures.present(frame) if frame is not None else connection_measures.MAIN
    kinds = {k: connection_measures.definition(k).kind for k in connections}
    return {
        "all": specifications(None, centralities, connections),
        "centrality varies": specifications(None, centralities, (connection_measures.DEFAULT,)),
        "connection varies": specifications(None, (centrality.DEFAULT,), connections),
        "outcome proxies": specifications(
            None, centralities, tuple(k for k in connections if kinds[k] in ("outcome proxy", "composite"))
        ),
        "functional": specifications(None, centralities, tuple(k for k in connections if kinds[k] == "functional")),
    }


def family_stability(
    frame: pd.DataFrame,
    family: dict[str, tuple[Specification, ...]] | None = None,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """:func:`stability` of each family, one row each.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    family : dict of str → tuple of Specification, optional
        Default :func:`families` of ``frame``.
    reference : pandas.Series of bool, shape (n,), optional
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by ``family``, the fields of :func:`stability`.

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    family = families(frame) if family is None else family
    every = tuple(dict.fromkeys(s for specs in family.values() for s in specs))
    wide = cells(frame, every, reference, population)
    rows = {name: stability(wide, tuple(s.key for s in specs)) for name, specs in family.items() if specs}
    out = pd.DataFrame(rows).T
    out.index.name = "family"
    return out


def residents_view(
    frame: pd.DataFrame,
    specs: tuple[Specification, ...] | None = None,
    reference: pd.Series | None = None,
    csd_uid: str = SAINT_CAMILLE,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Each specification with plain and with population-weighted cuts, side by side.

    The weighted cuts answer "where do residents live?", not "how do places differ?"; this
    table shows how far the switch of question moves the cuts and the places.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    specs : tuple of Specification, optional
        Plain-median specifications (default :func:`specifications` of ``frame``).
    reference : pandas.Series of bool, shape (n,), optional
    csd_uid : str, default Saint-Camille
        The entity whose cell is reported under both rules.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by the plain specification's ``key``: ``centrality_cut_median``,
        ``centrality_cut_weighted``, ``connection_cut_median``,
        ``connection_cut_weighted``, ``change_cell`` (reference entities whose group
        differs between the two rules), ``place_cell_median`` and ``place_cell_weighted``.

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    specs = specifications(frame) if specs is None else specs
    rows = {}
    for spec in specs:
        weighted = Specification(spec.centrality, spec.connection, "weighted", spec.ties)
        a = assign(frame, spec, reference, population)
        b = assign(frame, weighted, reference, population)
        ref = a.table["reference"]
        rows[spec.key] = {
            "centrality_cut_median": a.centrality_cut,
            "centrality_cut_weighted": b.centrality_cut,
            "connection_cut_median": a.connection_cut,
            "connection_cut_weighted": b.connection_cut,
            "change_cell": int((a.table.loc[ref, "cell"] != b.table.loc[ref, "cell"]).sum()),
            "place_cell_median": _cell_or_missing(a, csd_uid),
            "place_cell_weighted": _cell_or_missing(b, csd_uid),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "spec"
    return out


def _cell_or_missing(assignment, csd_uid: str) -> str | None:
    try:
        return assignment.cell_of(csd_uid)
    except KeyError:
        return None


def ties(
    frame: pd.DataFrame,
    specs: tuple[Specification, ...] | None = None,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Entities exactly at each cut, axis by axis, for every specification's rule.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    specs : tuple of Specification, optional
        Default: :func:`specifications` of ``frame`` with median cuts and with weighted cuts.
    reference : pandas.Series of bool, shape (n,), optional
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        One row per distinct (axis, definition, rule): ``axis`` (``centrality`` or
        ``connection``), ``definition``, ``rule``, ``cut`` and ``ties`` (reference entities
        exactly at it; 0 for the SAC split, which has no cut).

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    if specs is None:
        specs = specifications(frame) + specifications(frame, rule="weighted")
    ref = pd.Series(True, index=frame.index) if reference is None else reference.reindex(frame.index).fillna(False)
    ref = ref.astype(bool)
    rows = {}
    for spec in specs:
        for axis, module, key in (
            ("centrality", centrality, spec.centrality),
            ("connection", connection_measures, spec.connection),
        ):
            if (axis, key, spec.rule) in rows:
                continue
            threshold = module.cut(frame, key, spec.rule, ref, population)
            values = module.score(frame, key, ref) if module is connection_measures else module.score(frame, key)
            rows[(axis, key, spec.rule)] = {"cut": threshold, "ties": cuts.ties_at(values[ref], threshold)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["axis", "definition", "rule"])
    return out.reset_index()


def bands(
    frame: pd.DataFrame,
    specs: tuple[Specification, ...] | None = None,
    reference: pd.Series | None = None,
    percentile_width: float = 5.0,
    population: str = POPULATION,
) -> pd.DataFrame:
    """How many places lie near each cut: in the measure's units and in percentile ranks.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    specs : tuple of Specification, optional
        Default :func:`specifications` of ``frame`` (median cuts).
    reference : pandas.Series of bool, shape (n,), optional
    percentile_width : float, default 5
        Half-width of the percentile band (5: the places whose percentile rank is within 5
        points of the cut's, about a tenth of the places).
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        One row per distinct (axis, definition, rule) with a cut: ``axis``,
        ``definition``, ``rule``, ``cut``, ``entities`` (reference entities with a score),
        ``width`` (in the measure's units: the definition's ``band_width``; for the Index
        of Remoteness, whose width is stated in percentile ranks, ``nan``),
        ``in_band`` (entities within ``width``), ``in_percentile_band`` (within
        ``percentile_width`` percentile points), and their shares.

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    specs = specifications(frame) if specs is None else specs
    ref = pd.Series(True, index=frame.index) if reference is None else reference.reindex(frame.index).fillna(False)
    ref = ref.astype(bool)
    rows = {}
    for spec in specs:
        for axis, key in (("centrality", spec.centrality), ("connection", spec.connection)):
            if (axis, key, spec.rule) in rows:
                continue
            if axis == "centrality":
                d = centrality.definition(key)
                if d.kind == "classes":
                    continue
                values, width = centrality.score(frame, key)[ref], float("nan")
                threshold = centrality.cut(frame, key, spec.rule, ref, population)
            else:
                d = connection_measures.definition(key)
                values, width = connection_measures.score(frame, key, ref)[ref], d.band_width
                threshold = connection_measures.cut(frame, key, spec.rule, ref, population)
            known = int(values.notna().sum())
            in_band = int(cuts.band(values, threshold, width).sum()) if np.isfinite(width) else None
            in_pct = int(cuts.band(values, threshold, percentile_width, unit="percentile").sum())
            rows[(axis, key, spec.rule)] = {
                "cut": threshold,
                "entities": known,
                "width": width,
                "in_band": in_band,
                "share_in_band": in_band / known if in_band is not None and known else float("nan"),
                "percentile_width": percentile_width,
                "in_percentile_band": in_pct,
                "share_in_percentile_band": in_pct / known if known else float("nan"),
            }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["axis", "definition", "rule"])
    return out.reset_index()


def tie_bounds(
    frame: pd.DataFrame,
    spec: Specification,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Entities in each group under the three tie rules (the bounds of the "band" rule).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    spec : Specification
        Its tie rule is replaced by each of ``band``, ``upper`` and ``lower``.
    reference : pandas.Series of bool, shape (n,), optional
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame, shape (6, 3)
        Indexed by ``cell`` (``ALL_GROUPS``), one column of entity counts per tie rule.

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    out = {}
    for rule in cuts.TIE_RULES:
        variant = Specification(spec.centrality, spec.connection, spec.rule, rule)
        out[rule] = assign(frame, variant, reference, population).counts()["entities"]
    table = pd.DataFrame(out).reindex(list(ALL_GROUPS))
    table.index.name = "cell"
    return table


def cell_report(
    frame: pd.DataFrame,
    csd_uid: str = SAINT_CAMILLE,
    specs: tuple[Specification, ...] | None = None,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """One entity under every specification: its scores, the cuts, its side, its cell.

    Nothing is tuned, the entity
    is placed as it falls.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    csd_uid : str, default Saint-Camille (``"2440025"``)
    specs : tuple of Specification, optional
        Default: :func:`specifications` of ``frame`` with median cuts, then with weighted
        cuts.
    reference : pandas.Series of bool, shape (n,), optional
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        One row per specification, indexed by ``spec`` (its key): ``centrality``,
        ``connection``, ``rule``, ``centrality_score``, ``centrality_cut``,
        ``centrality_percentile`` (percentile rank of the score among the reference places,
        0 = most central), ``centrality_status``, ``connection_score``,
        ``connection_cut``, ``connection_percentile`` (0 = least connected),
        ``connection_status`` and ``cell``.

    Raises
    ------
    KeyError
        When ``csd_uid`` is not in ``frame``, or a column a definition needs is not.
    """
    if csd_uid not in set(frame["csd_uid"]):
        raise KeyError(f"{csd_uid} is not in the table")
    if specs is None:
        specs = specifications(frame) + specifications(frame, rule="weighted")
    rows = {}
    for spec in specs:
        a = assign(frame, spec, reference, population)
        t = a.table
        row = t[t["csd_uid"] == csd_uid].iloc[0]
        ref = t["reference"]
        rows[spec.key] = {
            "centrality": spec.centrality,
            "connection": spec.connection,
            "rule": spec.rule,
            "centrality_score": row["centrality_score"],
            "centrality_cut": a.centrality_cut,
            "centrality_percentile": percentile_rank(t.loc[ref, "centrality_score"], row["centrality_score"]),
            "centrality_status": row["centrality_status"],
            "connection_score": row["connection_score"],
            "connection_cut": a.connection_cut,
            "connection_percentile": percentile_rank(t.loc[ref, "connection_score"], row["connection_score"]),
            "connection_status": row["connection_status"],
            "cell": row["cell"],
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "spec"
    return out


def group_cells(
    frame: pd.DataFrame,
    spec: Specification,
    groups: pd.Series,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Where each group's entities fall against the cuts of the reference sample.

    Used to *position* the First Nations and Inuit communities against the municipal cuts
    (their own institutional context is in :mod:`analysis.analyses.communities`): the
    counts say where they fall, not that Klein's cell describes them.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    spec : Specification
    groups : pandas.Series, shape (n,), aligned on ``frame``
        The group of each entity (e.g. :func:`analysis.analyses.communities.group`).
    reference : pandas.Series of bool, shape (n,), optional
        The places the cuts are computed on.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by (``group``, ``cell``) with every group of ``ALL_GROUPS``: ``entities`` and
        ``population`` (inhabited entities only: population above 0).

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.
    """
    table = assign(frame, spec, reference, population).table
    table["group"] = groups.reindex(frame.index).to_numpy()
    inhabited = table[table["population"].fillna(0) > 0]
    grouped = inhabited.groupby(["group", "cell"])
    out = pd.DataFrame({"entities": grouped.size(), "population": grouped["population"].sum()})
    index = pd.MultiIndex.from_product(
        [sorted(inhabited["group"].dropna().unique()), list(ALL_GROUPS)], names=["group", "cell"]
    )
    return out.reindex(index, fill_value=0)
