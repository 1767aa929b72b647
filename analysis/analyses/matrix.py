"""The matrix of socio-territorial fractures, as a classification that knows how it was made.

Klein's matrix crosses two axes: central or peripheral *spaces*, connected or
disconnected *sectors*. Here each place is placed on both axes with a named public
definition, cut at a stated threshold, and given one of four cells:

============================  =======================  ====================
                              central space            peripheral space
============================  =======================  ====================
connected sector              logique technopolitaine  expérimentation
disconnected sector           reconversion             exclusion
============================  =======================  ====================

A :class:`Specification` names a centrality definition
(:mod:`analysis.analyses.centrality`), a connection measure
(:mod:`analysis.analyses.connection_measures`), a cut rule and a tie rule
(:mod:`analysis.analyses.cuts`: places exactly at a cut are set apart by default);
:func:`assign` places every entity against cuts computed on a stated reference sample
(the inhabited municipalities, in the book:
:func:`analysis.analyses.communities.reference_sample`). A place is in one of the four
cells, *at the cut* (exactly at a threshold) or *unclassified* (a value missing). The
questions of sensitivity (the multiverse over places, the residents' view, the bands) are
in :mod:`analysis.analyses.multiverse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.analyses import centrality as centrality_definitions
from analysis.analyses import connection_measures as connection_definitions
from analysis.analyses import cuts
from analysis.vocabulary import (
    ALL_GROUPS,
    AT_CUT,
    CELLS,
    EXCLUSION,
    EXPERIMENTATION,
    POPULATION,
    RECONVERSION,
    TECHNOPOLE,
    UNCLASSIFIED,
)

MATRIX_COLUMNS = {"central": "central spaces", "peripheral": "peripheral spaces"}
MATRIX_ROWS = {"connected": "connected sectors", "disconnected": "disconnected sectors"}
CELL_POSITIONS = {
    TECHNOPOLE: ("central", "connected"),
    EXPERIMENTATION: ("peripheral", "connected"),
    RECONVERSION: ("central", "disconnected"),
    EXCLUSION: ("peripheral", "disconnected"),
}
"""Where each cell sits in the talk's table: (column, row)."""


@dataclass(frozen=True)
class Specification:
    """One way of building the matrix from named definitions.

    Parameters
    ----------
    centrality : str, default ``"sac"``
        A key of :data:`analysis.analyses.centrality.DEFINITIONS`.
    connection : str, default ``"education"``
        A key of :data:`analysis.analyses.connection_measures.DEFINITIONS`.
    rule : {"median", "weighted"}, default ``"median"``
        Where the cuts go (:data:`analysis.analyses.cuts.CUT_RULES`): the median across
        places, or the population-weighted median (the residents' view, a different
        question). Class definitions of centrality have no cut.
    ties : {"band", "upper", "lower"}, default ``"band"``
        :data:`analysis.analyses.cuts.TIE_RULES`.

    Raises
    ------
    ValueError
        When a name is not one of the allowed values.
    """

    centrality: str = centrality_definitions.DEFAULT
    connection: str = connection_definitions.DEFAULT
    rule: str = "median"
    ties: str = "band"

    def __post_init__(self) -> None:
        centrality_definitions.definition(self.centrality)
        connection_definitions.definition(self.connection)
        cuts.check(self.rule, self.ties)

    @property
    def key(self) -> str:
        """Stable name, e.g. ``sac-education-median`` (``-ties_upper`` appended for another tie rule).

        Returns
        -------
        str
        """
        suffix = "" if self.ties == "band" else f"-ties_{self.ties}"
        return f"{self.centrality}-{self.connection}-{self.rule}{suffix}"

    @property
    def label(self) -> str:
        """Readable name, e.g. ``SAC 2016 … × CWB education …, median cuts``.

        Returns
        -------
        str
        """
        c = centrality_definitions.definition(self.centrality).label
        k = connection_definitions.definition(self.connection).label
        return f"{c} × {k}; {cuts.CUT_RULES[self.rule]}; {cuts.TIE_RULES[self.ties]}"


DEFAULT_SPECIFICATION = Specification()
"""SAC's own split × CWB education component, plain median, ties set apart."""


def cell_of_statuses(centrality_status: pd.Series, connection_status: pd.Series) -> pd.Series:
    """The group of each entity from its two statuses.

    Parameters
    ----------
    centrality_status : pandas.Series of object, shape (n,)
        ``"central"``, ``"peripheral"``, ``"at the cut"`` or missing
        (:func:`analysis.analyses.centrality.status`).
    connection_status : pandas.Series of object, shape (n,), aligned
        ``"connected"``, ``"disconnected"``, ``"at the cut"`` or missing
        (:func:`analysis.analyses.connection_measures.status`).

    Returns
    -------
    pandas.Series of str, shape (n,)
        One of ``ALL_GROUPS``: ``"unclassified"`` when either status is missing, else ``"at the
        cut"`` when either is at the cut, else the cell.
    """
    c = centrality_status.astype("object")
    k = connection_status.astype("object")
    out = pd.Series(UNCLASSIFIED, index=c.index, dtype="object")
    known = c.notna() & k.notna()
    at_cut = known & ((c == AT_CUT) | (k == AT_CUT))
    out[at_cut] = AT_CUT
    for cell, (column, row) in CELL_POSITIONS.items():
        out[known & ~at_cut & (c == column) & (k == row)] = cell
    return out


def _counts(t: pd.DataFrame) -> pd.DataFrame:
    """Entities, residents and their shares in each group of ``ALL_GROUPS`` (empty ones as 0)."""
    grouped = t.groupby("cell", observed=False)
    out = pd.DataFrame({"entities": grouped.size(), "population": grouped["population"].sum(min_count=1)}).reindex(
        list(ALL_GROUPS)
    )
    out = out.fillna(0).astype({"entities": "int64"})
    out["population"] = out["population"].astype("float64")
    total_e, total_p = out["entities"].sum(), out["population"].sum()
    out["entity_share"] = out["entities"] / total_e if total_e else float("nan")
    out["population_share"] = out["population"] / total_p if total_p else float("nan")
    out.index.name = "cell"
    return out


@dataclass
class Assignment:
    """Every entity placed against the cuts of one :class:`Specification`.

    Built by :func:`assign`.

    Attributes
    ----------
    spec : Specification
    centrality_cut : float
        Index of Remoteness at the cut (``nan`` for the SAC split, which has no cut).
    connection_cut : float
        In the units of the connection measure.
    table : pandas.DataFrame
        One row per entity of the frame passed to :func:`assign`: identifiers,
        ``population``, ``reference`` (bool: one of the places the cuts are computed on),
        ``centrality_score``, ``connection_score``, ``centrality_status``,
        ``connection_status`` and ``cell`` (one of ``ALL_GROUPS``).
    """

    spec: Specification
    centrality_cut: float
    connection_cut: float
    table: pd.DataFrame = field(repr=False)

    def counts(self, by: str | None = None, reference_only: bool = True) -> pd.DataFrame:
        """Entities and residents in each group (the four cells, at the cut, unclassified).

        Parameters
        ----------
        by : str, optional
            A column of :attr:`table` to break the counts down by (``region_name``,
            ``mrc_code``, ``mrc_name``); the shares are then within each group.
        reference_only : bool, default True
            Count only the reference sample (the places the cuts are computed on).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``cell`` (``ALL_GROUPS``, empty ones as 0), or by (``by``, ``cell``):
            ``entities``, ``population`` (2021 residents), ``entity_share`` and
            ``population_share`` (of the entities counted; missing when there are none).

        Raises
        ------
        KeyError
            When ``by`` is not a column of :attr:`table`.
        """
        t = self.table[self.table["reference"]] if reference_only else self.table
        if by is None:
            return _counts(t)
        parts = {key: _counts(part) for key, part in t.groupby(by, sort=True)}
        if not parts:
            columns = ["entities", "population", "entity_share", "population_share"]
            return pd.DataFrame(columns=columns, index=pd.MultiIndex.from_tuples([], names=[by, "cell"]))
        return pd.concat(parts, names=[by, "cell"])

    def cell_of(self, csd_uid: str) -> str:
        """The group of one entity.

        Parameters
        ----------
        csd_uid : str
            7-digit CSD code.

        Returns
        -------
        str
            One of ``ALL_GROUPS``.

        Raises
        ------
        KeyError
            When ``csd_uid`` is not in :attr:`table`.
        """
        found = self.table.loc[self.table["csd_uid"] == csd_uid, "cell"]
        if found.empty:
            raise KeyError(f"{csd_uid} is not in the table")
        return str(found.iloc[0])

    def describe(self) -> str:
        """How the assignment was built, in words.

        Returns
        -------
        str
        """
        counts = self.counts()
        centre = (
            "no cut (class membership)"
            if not np.isfinite(self.centrality_cut)
            else f"cut at {self.centrality_cut:.4g} ({cuts.CUT_RULES[self.spec.rule]})"
        )
        return (
            f"Centrality: {centrality_definitions.definition(self.spec.centrality).label}; {centre}. "
            f"Connection: {connection_definitions.definition(self.spec.connection).label}; cut at "
            f"{self.connection_cut:.4g} ({cuts.CUT_RULES[self.spec.rule]}). Ties: {cuts.TIE_RULES[self.spec.ties]}. "
            f"Reference sample: {int(self.table['reference'].sum())} entities; "
            f"{int(counts.at[AT_CUT, 'entities'])} at a cut, {int(counts.at[UNCLASSIFIED, 'entities'])} unclassified."
        )


def assign(
    frame: pd.DataFrame,
    spec: Specification = DEFAULT_SPECIFICATION,
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> Assignment:
    """Place every entity of ``frame`` against the cuts of ``spec``, computed on ``reference``.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity (``load.municipalities()``): ``csd_uid``, ``name``,
        ``region_name``, ``mrc_code``, ``mrc_name``, ``population`` and the columns of the
        two definitions.
    spec : Specification, default ``DEFAULT_SPECIFICATION``
    reference : pandas.Series of bool, shape (n,), optional
        The places the cuts are computed on (in the book: the inhabited municipalities,
        :func:`analysis.analyses.communities.reference_sample`); default every row. Entities
        outside it are placed against the same cuts (their ``reference`` is False), which is
        how the First Nations and Inuit communities are *positioned* without the cuts being
        theirs.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    Assignment

    Raises
    ------
    KeyError
        When a column a definition needs is not in ``frame``.

    References
    ----------
    Statistics Canada, Statistical Area Classification 2016; Index of Remoteness 2016 and
    2021 (17-26-0001); Indigenous Services Canada, Community Well-Being Index 2021;
    Statistics Canada, Census Profiles 2016 and 2021.
    """
    ref = (
        pd.Series(True, index=frame.index)
        if reference is None
        else reference.reindex(frame.index).fillna(False).astype(bool)
    )
    c_status = centrality_definitions.status(frame, spec.centrality, spec.rule, spec.ties, ref, population)
    k_status = connection_definitions.status(frame, spec.connection, spec.rule, spec.ties, ref, population)
    table = pd.DataFrame(
        {
            "csd_uid": frame["csd_uid"],
            "name": frame["name"],
            "region_name": frame["region_name"],
            "mrc_code": frame["mrc_code"],
            "mrc_name": frame["mrc_name"],
            "population": frame[population].astype("float64"),
            "reference": ref,
            "centrality_score": centrality_definitions.score(frame, spec.centrality),
            "connection_score": connection_definitions.score(frame, spec.connection, ref),
            "centrality_status": c_status,
            "connection_status": k_status,
        }
    )
    table["cell"] = cell_of_statuses(c_status, k_status)
    return Assignment(
        spec=spec,
        centrality_cut=centrality_definitions.cut(frame, spec.centrality, spec.rule, ref, population),
        connection_cut=connection_definitions.cut(frame, spec.connection, spec.rule, ref, population),
        table=table.reset_index(drop=True),
    )


def mrc_summary(assignment: Assignment) -> pd.DataFrame:
    """Per MRC: residents in each group, their shares, and the dominant cell (most residents).

    Places at a cut and unclassified places count in the total but never dominate an MRC
    that has residents in one of the four cells. Only the reference sample is counted.

    Parameters
    ----------
    assignment : Assignment
        The result of :func:`assign`; entities without an MRC are left out.

    Returns
    -------
    pandas.DataFrame
        One row per MRC: ``mrc_code``, ``mrc_name``, ``region_name``, one
        ``<group>_population`` and one ``<group>_share`` (between 0 and 1) per group of
        ``ALL_GROUPS`` (named as in :mod:`analysis.vocabulary`, e.g.
        ``exclusion_population``), ``population`` (2021 residents) and ``dominant_cell``
        (``"unclassified"`` for an MRC with nobody in a cell).
    """
    table = assignment.table[assignment.table["reference"] & assignment.table["mrc_code"].notna()]
    pivot = table.pivot_table(index="mrc_code", columns="cell", values="population", aggfunc="sum").fillna(0)
    pivot = pivot.reindex(columns=list(ALL_GROUPS), fill_value=0)
    total = pivot.sum(axis=1)
    shares = pivot.div(total.where(total > 0), axis=0).add_suffix("_share")
    classified = pivot[list(CELLS)]
    dominant = classified.idxmax(axis=1).where(classified.sum(axis=1) > 0, UNCLASSIFIED)
    out = pd.concat([pivot.add_suffix("_population"), shares], axis=1)
    out["population"] = total
    out["dominant_cell"] = dominant
    names = table.drop_duplicates("mrc_code").set_index("mrc_code")[["mrc_name", "region_name"]]
    return names.join(out).reset_index()
