"""The matrix of socio-territorial fractures, as a classification that knows how it was made.

Klein's matrix crosses two axes: central or peripheral *spaces*, connected or
disconnected *sectors*. Here each municipal entity is placed on both axes with public
proxies, cut at a threshold, and given one of four cells:

============================  =======================  ====================
                              central space            peripheral space
============================  =======================  ====================
connected sector              logique technopolitaine  expérimentation
disconnected sector           reconversion             exclusion
============================  =======================  ====================

Entities without a value on an axis are an explicit ``unclassified`` group. The proxies
and thresholds are choices, so :func:`sensitivity` runs every combination.

Two generations live here. The first edition's (:class:`Spec`, :func:`classify`,
:func:`sensitivity`, …) is kept while its chapters still call it. The second
(:class:`Specification`, :func:`assign`) builds the matrix from the named definitions of
:mod:`analysis.analyses.centrality` and :mod:`analysis.analyses.connection_measures`, cuts
each axis on a stated reference sample with a stated tie rule (:mod:`analysis.analyses.cuts`:
places exactly at a cut are set apart), and leaves the sensitivity questions to
:mod:`analysis.analyses.multiverse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd

from analysis.analyses import centrality as centrality_definitions
from analysis.analyses import connection_measures as connection_definitions
from analysis.analyses import cuts
from analysis.stats import composite, r_squared, weighted_median
from analysis.vocabulary import (
    ALL_GROUPS,
    CELLS,
    EXCLUSION,
    EXPERIMENTATION,
    POPULATION,
    RECONVERSION,
    SAC_CLASSES,
    SAINT_CAMILLE,
    TECHNOPOLE,
    UNCLASSIFIED,
)

SAC_RANK = {sac_class: rank for rank, sac_class in enumerate(SAC_CLASSES)}  # 0 = CMA ... 5 = no MIZ

CENTRALITY_MEASURES = {
    "remoteness": "Index of Remoteness 2016 (lower = more central)",
    "sac": "Statistical Area Classification 2016, ranked CMA < CA < strong < moderate < weak < no MIZ",
}
CONNECTION_MEASURES = {
    "education": "CWB 2021 education component",
    "composite": "composite of the CWB 2021 education, income and labour force components (robust z, geometric mean)",
}
THRESHOLD_RULES = {
    "median": "median across municipal entities",
    "weighted": "population-weighted median (half of the population lives on each side)",
}
COMPOSITE_COLUMNS = ["cwb_education_2021", "cwb_income_2021", "cwb_labour_2021"]


@dataclass(frozen=True)
class Spec:
    """One way of building the matrix: a centrality measure, a connection measure, a threshold rule.

    Parameters
    ----------
    centrality : {"remoteness", "sac"}, default ``"remoteness"``
        ``CENTRALITY_MEASURES``: the Index of Remoteness 2016, or the SAC 2016 class ranked
        from CMA (0) to no MIZ (5).
    connection : {"education", "composite"}, default ``"education"``
        ``CONNECTION_MEASURES``: the CWB 2021 education component, or the composite of the
        education, income and labour force components (:func:`analysis.stats.composite`).
    threshold : {"median", "weighted"}, default ``"median"``
        ``THRESHOLD_RULES``: the median across entities, or the population-weighted median.

    Raises
    ------
    ValueError
        When a name is not one of the allowed values.
    """

    centrality: str = "remoteness"
    connection: str = "education"
    threshold: str = "median"

    def __post_init__(self) -> None:
        if self.centrality not in CENTRALITY_MEASURES:
            raise ValueError(f"unknown centrality measure {self.centrality!r}; choose from {list(CENTRALITY_MEASURES)}")
        if self.connection not in CONNECTION_MEASURES:
            raise ValueError(f"unknown connection measure {self.connection!r}; choose from {list(CONNECTION_MEASURES)}")
        if self.threshold not in THRESHOLD_RULES:
            raise ValueError(f"unknown threshold rule {self.threshold!r}; choose from {list(THRESHOLD_RULES)}")

    @property
    def key(self) -> str:
        """Stable name, e.g. ``remoteness-education-median`` (used in glue names).

        Returns
        -------
        str
            ``"<centrality>-<connection>-<threshold>"``.
        """
        return f"{self.centrality}-{self.connection}-{self.threshold}"

    @property
    def label(self) -> str:
        """Readable name for titles, e.g. ``remoteness × education, median thresholds``.

        Returns
        -------
        str
        """
        return f"{self.centrality} × {self.connection}, {self.threshold} thresholds"


DEFAULT = Spec()
ALL_SPECS = tuple(Spec(c, k, t) for c, k, t in product(CENTRALITY_MEASURES, CONNECTION_MEASURES, THRESHOLD_RULES))


def centrality_score(frame: pd.DataFrame, measure: str) -> pd.Series:
    """Distance from the centre on the chosen measure: lower = more central.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``remoteness_2016`` (measure ``"remoteness"``) or
        ``sac_class_2016`` (measure ``"sac"``).
    measure : {"remoteness", "sac"}
        Any value other than ``"remoteness"`` is read as ``"sac"``.

    Returns
    -------
    pandas.Series of float, shape (n,)
        The Index of Remoteness (0 = least remote, 1 = most remote), or the SAC rank
        (``SAC_RANK``: 0 = CMA … 5 = no MIZ); missing where the value is missing.

    Raises
    ------
    KeyError
        When the column of the measure is not in ``frame``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 (17-26-0001); Statistics Canada,
    Standard Geographical Classification 2016, Statistical Area Classification.
    """
    if measure == "remoteness":
        return frame["remoteness_2016"].astype("float64")
    return frame["sac_class_2016"].map(SAC_RANK).astype("float64")


def connection_score(frame: pd.DataFrame, measure: str) -> pd.Series:
    """Connection on the chosen measure: higher = more connected.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``cwb_education_2021`` (measure ``"education"``), or
        ``cwb_education_2021``, ``cwb_income_2021`` and ``cwb_labour_2021``
        (``COMPOSITE_COLUMNS``, measure ``"composite"``).
    measure : {"education", "composite"}
        Any value other than ``"education"`` is read as ``"composite"``.

    Returns
    -------
    pandas.Series of float, shape (n,)
        The CWB education score (0-100), or the composite (:func:`analysis.stats.composite`:
        a robust z-score, 0 = the median entity of ``frame``); missing where a value is
        missing.

    Raises
    ------
    KeyError
        When a column of the measure is not in ``frame``.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021.
    """
    if measure == "education":
        return frame["cwb_education_2021"].astype("float64")
    return composite(frame, COMPOSITE_COLUMNS)


def threshold(values: pd.Series, population: pd.Series, rule: str) -> float:
    """The cut on one axis: the median across entities, or the population-weighted median.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        The scores on one axis (:func:`centrality_score` or :func:`connection_score`).
    population : pandas.Series of float, shape (n,), aligned on ``values``
        2021 census populations (used by the ``"weighted"`` rule only).
    rule : {"median", "weighted"}
        Any value other than ``"median"`` is read as ``"weighted"``
        (:func:`analysis.stats.weighted_median`: half of the residents on each side).

    Returns
    -------
    float
        In the units of ``values``; ``nan`` when no value (or no positive weight) is known.
    """
    if rule == "median":
        return float(values.dropna().median(numeric_only=True)) if values.notna().any() else float("nan")
    return weighted_median(values, population)


def cells(central: pd.Series, connected: pd.Series) -> pd.Series:
    """The cell of each entity from its two booleans (missing on either axis -> unclassified).

    Parameters
    ----------
    central : pandas.Series of bool (nullable), shape (n,)
        True for a central entity; missing when its centrality is unknown.
    connected : pandas.Series of bool (nullable), shape (n,), aligned on ``central``
        True for a connected entity; missing when its connection is unknown.

    Returns
    -------
    pandas.Series of str, shape (n,)
        Indexed like ``central``: ``"logique technopolitaine"`` (central, connected),
        ``"expérimentation"`` (peripheral, connected), ``"reconversion"`` (central,
        disconnected), ``"exclusion"`` (peripheral, disconnected) or ``"unclassified"``.
    """
    out = pd.Series(UNCLASSIFIED, index=central.index, dtype="object")
    known = central.notna() & connected.notna()
    c = central[known].astype(bool)
    k = connected[known].astype(bool)
    out[known] = np.select([c & k, ~c & k, c & ~k], [TECHNOPOLE, EXPERIMENTATION, RECONVERSION], default=EXCLUSION)
    return out


@dataclass
class FractureMatrix:
    """A classification of municipal entities into the four cells of the matrix.

    Built by :func:`classify`.

    Attributes
    ----------
    spec : Spec
        The measures and threshold rule used.
    centrality_threshold : float
        Entities at or below it are *central* (Index of Remoteness, or SAC rank 0-5).
    connection_threshold : float
        Entities at or above it are *connected* (CWB education points, or composite z-score).
    table : pandas.DataFrame
        One row per entity: codes, name, region, MRC, population, the two scores,
        ``central``, ``connected`` and ``cell``.
    """

    spec: Spec
    centrality_threshold: float
    connection_threshold: float
    table: pd.DataFrame = field(repr=False)

    def counts(self, by: str | None = None) -> pd.DataFrame:
        """Entities and population in each cell (and share of each), overall or by a column such as ``region_name``.

        Parameters
        ----------
        by : str, optional
            A column of :attr:`table` to break the counts down by (``region_name``,
            ``mrc_code``, ``mrc_name``); the shares are then within each group.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``cell`` (all five groups, empty ones included), or by (``by``,
            ``cell``): ``entities``, ``population`` (2021 residents), ``entity_share`` and
            ``population_share`` (between 0 and 1).

        Raises
        ------
        KeyError
            When ``by`` is not a column of :attr:`table`.
        """
        keys = [by, "cell"] if by else ["cell"]
        grouped = self.table.groupby(keys, observed=False)
        out = pd.DataFrame({"entities": grouped.size(), "population": grouped["population"].sum(min_count=1)})
        out["population"] = out["population"].fillna(0).astype("int64")
        if by:
            totals = out.groupby(level=0).transform("sum")
        else:
            totals = out.sum()
        out["entity_share"] = out["entities"] / totals["entities"]
        out["population_share"] = out["population"] / totals["population"]
        return out

    def cell_of(self, csd_uid: str) -> str:
        """The cell of one entity (by CSD code).

        Parameters
        ----------
        csd_uid : str
            The entity's 7-digit census subdivision code (e.g. ``"2440025"``, Saint-Camille).

        Returns
        -------
        str
            One of the four cells or ``"unclassified"``.

        Raises
        ------
        KeyError
            When ``csd_uid`` is not in :attr:`table`.
        """
        return str(self.table.set_index("csd_uid").at[csd_uid, "cell"])

    def describe(self) -> str:
        """How the classification was built, in words.

        Returns
        -------
        str
            The two measures, their thresholds (4 significant digits) and rule, and the number
            of unclassified entities.
        """
        return (
            f"Centrality: {CENTRALITY_MEASURES[self.spec.centrality]}; central at or below "
            f"{self.centrality_threshold:.4g} ({THRESHOLD_RULES[self.spec.threshold]}). "
            f"Connection: {CONNECTION_MEASURES[self.spec.connection]}; connected at or above "
            f"{self.connection_threshold:.4g} ({THRESHOLD_RULES[self.spec.threshold]}). "
            f"{int((self.table['cell'] == UNCLASSIFIED).sum())} entities lack a value on an axis and are unclassified."
        )

    def __repr__(self) -> str:
        counts = self.table["cell"].value_counts().reindex(ALL_GROUPS, fill_value=0)
        inside = ", ".join(f"{cell}: {n}" for cell, n in counts.items())
        return f"FractureMatrix({self.spec.label}; {inside})"


def classify(frame: pd.DataFrame, spec: Spec = DEFAULT, population: str = POPULATION) -> FractureMatrix:
    """Place every entity of ``frame`` (the municipalities table) in the matrix under ``spec``.

    An entity is *central* when its centrality score is at or below the centrality
    threshold, *connected* when its connection score is at or above the connection
    threshold; both thresholds follow ``spec.threshold`` and are computed on ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per municipal entity (``load.municipalities()``). Always read:
        ``csd_uid``, ``name``, ``region_name``, ``mrc_code``, ``mrc_name`` and
        ``population``; for centrality, ``remoteness_2016`` or ``sac_class_2016``; for
        connection, ``cwb_education_2021``, plus ``cwb_income_2021`` and
        ``cwb_labour_2021`` for the composite.
    spec : Spec, default ``DEFAULT`` (remoteness × education, median thresholds)
    population : str, default ``"pop_census_2021"``
        The 2021 census population column.

    Returns
    -------
    FractureMatrix
        With the two thresholds and a ``table`` of n rows (index reset): ``csd_uid``,
        ``name``, ``region_name``, ``mrc_code``, ``mrc_name``, ``population``,
        ``centrality`` and ``connection`` (the scores), ``central`` and ``connected``
        (nullable booleans) and ``cell`` (categorical, the five groups of ``ALL_GROUPS``).

    Raises
    ------
    KeyError
        When a column the specification needs is not in ``frame``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 (17-26-0001); Statistics Canada,
    Statistical Area Classification 2016; Indigenous Services Canada, Community
    Well-Being Index 2021.
    """
    pop = frame[population].astype("float64")
    centre = centrality_score(frame, spec.centrality)
    link = connection_score(frame, spec.connection)
    centre_cut = threshold(centre, pop, spec.threshold)
    link_cut = threshold(link, pop, spec.threshold)
    central = (centre <= centre_cut).astype("boolean").mask(centre.isna())
    connected = (link >= link_cut).astype("boolean").mask(link.isna())
    table = pd.DataFrame(
        {
            "csd_uid": frame["csd_uid"],
            "name": frame["name"],
            "region_name": frame["region_name"],
            "mrc_code": frame["mrc_code"],
            "mrc_name": frame["mrc_name"],
            "population": frame[population],
            "centrality": centre,
            "connection": link,
            "central": central,
            "connected": connected,
        }
    )
    table["cell"] = pd.Categorical(cells(central, connected), categories=list(ALL_GROUPS))
    return FractureMatrix(
        spec=spec, centrality_threshold=centre_cut, connection_threshold=link_cut, table=table.reset_index(drop=True)
    )


def sensitivity(frame: pd.DataFrame, specs: tuple[Spec, ...] = ALL_SPECS) -> pd.DataFrame:
    """The cell of every entity under every specification (one column per ``spec.key``).

    Adds ``stable``: True when the entity is classified under every specification and
    always in the same cell.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``), with the columns
        :func:`classify` reads; thresholds are computed on the whole table passed in.
    specs : tuple of Spec, default ``ALL_SPECS``
        The specifications to run (by default all eight: 2 centrality measures × 2
        connection measures × 2 threshold rules).

    Returns
    -------
    pandas.DataFrame, shape (n, 3 + len(specs))
        One row per entity, in the order of ``frame``: ``csd_uid``, ``name``, one column
        per ``spec.key`` (the cell, as text) and ``stable`` (bool).

    Raises
    ------
    KeyError
        When a column a specification needs is not in ``frame``.
    """
    wide = pd.DataFrame({"csd_uid": frame["csd_uid"].to_numpy(), "name": frame["name"].to_numpy()})
    for spec in specs:
        wide[spec.key] = classify(frame, spec).table["cell"].astype(str).to_numpy()
    keys = [s.key for s in specs]
    cells = wide[keys].to_numpy()
    classified = (cells != UNCLASSIFIED).all(axis=1)
    same = (cells == cells[:, :1]).all(axis=1)  # vectorised: every column equals the first
    wide["stable"] = classified & same
    return wide


def stability_share(wide: pd.DataFrame) -> float:
    """Share of the entities classified under every specification that keep one cell throughout.

    Parameters
    ----------
    wide : pandas.DataFrame
        The result of :func:`sensitivity` (every column other than ``csd_uid``, ``name``
        and ``stable`` is a specification).

    Returns
    -------
    float
        Between 0 and 1; ``nan`` when no entity is classified under every specification.

    Raises
    ------
    KeyError
        When ``wide`` has no ``stable`` column.
    """
    keys = [c for c in wide.columns if c not in ("csd_uid", "name", "stable")]
    classified = (wide[keys] != UNCLASSIFIED).all(axis=1)
    return float(wide.loc[classified, "stable"].mean()) if classified.any() else float("nan")


def thresholds_table(frame: pd.DataFrame, specs: tuple[Spec, ...] = ALL_SPECS) -> pd.DataFrame:
    """The two thresholds of every specification, for the record.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``), with the columns
        :func:`classify` reads; thresholds are computed on the whole table passed in.
    specs : tuple of Spec, default ``ALL_SPECS``
        The specifications to run (by default all eight: 2 centrality measures × 2
        connection measures × 2 threshold rules).

    Returns
    -------
    pandas.DataFrame, shape (len(specs), 6)
        ``spec`` (its key), ``centrality``, ``connection``, ``threshold_rule``,
        ``centrality_threshold`` (Index of Remoteness or SAC rank) and
        ``connection_threshold`` (CWB points or composite z-score), unrounded.

    Raises
    ------
    KeyError
        When a column a specification needs is not in ``frame``.
    """
    rows = []
    for spec in specs:
        m = classify(frame, spec)
        rows.append(
            {
                "spec": spec.key,
                "centrality": spec.centrality,
                "connection": spec.connection,
                "threshold_rule": spec.threshold,
                "centrality_threshold": m.centrality_threshold,
                "connection_threshold": m.connection_threshold,
            }
        )
    return pd.DataFrame(rows)


def connection_explained_by_remoteness(frame: pd.DataFrame, measure: str = "education") -> float:
    """Share of the variance of connection explained by remoteness (R² of a straight line).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``remoteness_2016`` and the columns of the connection
        measure (see :func:`connection_score`).
    measure : {"education", "composite"}, default ``"education"``

    Returns
    -------
    float
        R² in [0, 1] over the entities with both values (:func:`analysis.stats.r_squared`).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    return r_squared(connection_score(frame, measure), centrality_score(frame, "remoteness"))


def mrc_summary(matrix: FractureMatrix) -> pd.DataFrame:
    """Per MRC: population in each cell, its shares, and the dominant cell (most residents).

    Unclassified residents count in the total but never dominate an MRC that has
    classified residents.

    Parameters
    ----------
    matrix : FractureMatrix
        The result of :func:`classify`; entities without an MRC are left out.

    Returns
    -------
    pandas.DataFrame, shape (MRCs, 15)
        One row per MRC: ``mrc_code``, ``mrc_name``, ``region_name``, one
        ``<cell>_population`` and one ``<cell>_share`` (between 0 and 1) per group of
        ``ALL_GROUPS`` (cells named as in :mod:`analysis.vocabulary`, e.g.
        ``exclusion_population``), ``population`` (2021 residents) and ``dominant_cell``.
    """
    table = matrix.table[matrix.table["mrc_code"].notna()]
    pivot = table.pivot_table(
        index="mrc_code", columns="cell", values="population", aggfunc="sum", observed=False
    ).fillna(0)
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


def sensitivity_counts(frame: pd.DataFrame, specs: tuple[Spec, ...] = ALL_SPECS) -> pd.DataFrame:
    """Entities and population per cell under each specification (long table).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``), with the columns
        :func:`classify` reads; thresholds are computed on the whole table passed in.
    specs : tuple of Spec, default ``ALL_SPECS``
        The specifications to run (by default all eight: 2 centrality measures × 2
        connection measures × 2 threshold rules).

    Returns
    -------
    pandas.DataFrame, shape (5 × len(specs), 6)
        ``spec`` (its key), ``cell``, then the columns of :meth:`FractureMatrix.counts`
        (``entities``, ``population``, ``entity_share``, ``population_share``).

    Raises
    ------
    KeyError
        When a column a specification needs is not in ``frame``.
    """
    rows = []
    for spec in specs:
        counts = classify(frame, spec).counts().reset_index()
        counts.insert(0, "spec", spec.key)
        rows.append(counts)
    return pd.concat(rows, ignore_index=True)


def changes_between(frame: pd.DataFrame, a: Spec, b: Spec) -> pd.DataFrame:
    """Entities whose cell differs between two specifications.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``), with the columns
        :func:`classify` reads; thresholds are computed on the whole table passed in.
    a, b : Spec
        The two specifications compared.

    Returns
    -------
    pandas.DataFrame
        One row per entity that changes cell: ``csd_uid``, ``name``, ``region_name``,
        ``cell_<a.key>`` and ``cell_<b.key>`` (an entity unclassified under one of them
        counts as a change).

    Raises
    ------
    KeyError
        When a column a specification needs is not in ``frame``.
    """
    first = classify(frame, a).table[["csd_uid", "name", "region_name", "cell"]]
    second = classify(frame, b).table[["csd_uid", "cell"]]
    both = first.merge(second, on="csd_uid", suffixes=(f"_{a.key}", f"_{b.key}"))
    return both[both[f"cell_{a.key}"].astype(str) != both[f"cell_{b.key}"].astype(str)].reset_index(drop=True)


def cells_of(frame: pd.DataFrame, csd_uid: str = SAINT_CAMILLE, specs: tuple[Spec, ...] = ALL_SPECS) -> pd.DataFrame:
    """The cell of one entity under every specification of the fracture matrix.

    Parameters
    ----------
    frame : pandas.DataFrame
        The municipalities table (the columns :func:`classify` reads); thresholds are
        computed on the whole table passed in.
    csd_uid : str, default Saint-Camille (``"2440025"``)
        The entity's 7-digit census subdivision code.
    specs : tuple of Spec, default ``ALL_SPECS``

    Returns
    -------
    pandas.DataFrame, shape (len(specs), 5)
        One row per specification: ``spec`` (its key), ``centrality``, ``connection``,
        ``threshold`` and ``cell``.

    Raises
    ------
    KeyError
        When ``csd_uid`` is not in ``frame``, or a column a specification needs is not.
    """
    wide = sensitivity(frame, specs)
    row = wide[wide["csd_uid"] == csd_uid]
    if row.empty:
        raise KeyError(f"{csd_uid} is not in the table")
    row = row.iloc[0]
    return pd.DataFrame(
        {
            "spec": [s.key for s in specs],
            "centrality": [s.centrality for s in specs],
            "connection": [s.connection for s in specs],
            "threshold": [s.threshold for s in specs],
            "cell": [str(row[s.key]) for s in specs],
        }
    )


# --- the second edition: named definitions, a stated tie rule, a reference sample --------------
#
# The functions above are the first edition's (chapters 1-4 still call them until they are
# rewritten). Everything below builds the matrix from the named definitions of
# :mod:`analysis.analyses.centrality` and :mod:`analysis.analyses.connection_measures`, cuts
# each axis with the rules of :mod:`analysis.analyses.cuts` (ties set apart by default), and
# computes the cuts on a stated reference sample (the inhabited municipalities, in the
# book: :func:`analysis.analyses.communities.reference_sample`).

AT_CUT = cuts.AT_CUT
GROUPS = (*CELLS, AT_CUT, UNCLASSIFIED)
"""Every group an entity can fall in: the four cells, ``"at the cut"`` (on one axis or
both, exactly at the threshold under the ``"band"`` tie rule) and ``"unclassified"`` (a
value missing on an axis)."""
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
        One of ``GROUPS``: ``"unclassified"`` when either status is missing, else ``"at the
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
        ``connection_status`` and ``cell`` (one of ``GROUPS``).
    """

    spec: Specification
    centrality_cut: float
    connection_cut: float
    table: pd.DataFrame = field(repr=False)

    def counts(self, reference_only: bool = True) -> pd.DataFrame:
        """Entities and residents in each group (the four cells, at the cut, unclassified).

        Parameters
        ----------
        reference_only : bool, default True
            Count only the reference sample (the places the cuts are computed on).

        Returns
        -------
        pandas.DataFrame, shape (6, 4)
            Indexed by ``cell`` (``GROUPS``, empty ones as 0): ``entities``, ``population``,
            ``entity_share`` and ``population_share`` (of the entities counted).
        """
        t = self.table[self.table["reference"]] if reference_only else self.table
        grouped = t.groupby("cell", observed=False)
        out = pd.DataFrame({"entities": grouped.size(), "population": grouped["population"].sum(min_count=1)}).reindex(
            list(GROUPS)
        )
        out = out.fillna(0).astype({"entities": "int64"})
        out["population"] = out["population"].astype("float64")
        total_e, total_p = out["entities"].sum(), out["population"].sum()
        out["entity_share"] = out["entities"] / total_e if total_e else float("nan")
        out["population_share"] = out["population"] / total_p if total_p else float("nan")
        out.index.name = "cell"
        return out

    def cell_of(self, csd_uid: str) -> str:
        """The group of one entity.

        Parameters
        ----------
        csd_uid : str
            7-digit CSD code.

        Returns
        -------
        str
            One of ``GROUPS``.

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
