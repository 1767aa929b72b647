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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd

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
    """One way of building the matrix: a centrality measure, a connection measure, a threshold rule."""

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
        """Stable name, e.g. ``remoteness-education-median`` (used in glue names)."""
        return f"{self.centrality}-{self.connection}-{self.threshold}"

    @property
    def label(self) -> str:
        return f"{self.centrality} × {self.connection}, {self.threshold} thresholds"


DEFAULT = Spec()
ALL_SPECS = tuple(Spec(c, k, t) for c, k, t in product(CENTRALITY_MEASURES, CONNECTION_MEASURES, THRESHOLD_RULES))


def centrality_score(frame: pd.DataFrame, measure: str) -> pd.Series:
    """Distance from the centre on the chosen measure: lower = more central."""
    if measure == "remoteness":
        return frame["remoteness_2016"].astype("float64")
    return frame["sac_class_2016"].map(SAC_RANK).astype("float64")


def connection_score(frame: pd.DataFrame, measure: str) -> pd.Series:
    """Connection on the chosen measure: higher = more connected."""
    if measure == "education":
        return frame["cwb_education_2021"].astype("float64")
    return composite(frame, COMPOSITE_COLUMNS)


def threshold(values: pd.Series, population: pd.Series, rule: str) -> float:
    """The cut on one axis: the median across entities, or the population-weighted median."""
    if rule == "median":
        return float(values.dropna().median(numeric_only=True)) if values.notna().any() else float("nan")
    return weighted_median(values, population)


def cells(central: pd.Series, connected: pd.Series) -> pd.Series:
    """The cell of each entity from its two booleans (missing on either axis -> unclassified)."""
    out = pd.Series(UNCLASSIFIED, index=central.index, dtype="object")
    known = central.notna() & connected.notna()
    c = central[known].astype(bool)
    k = connected[known].astype(bool)
    out[known] = np.select([c & k, ~c & k, c & ~k], [TECHNOPOLE, EXPERIMENTATION, RECONVERSION], default=EXCLUSION)
    return out


@dataclass
class FractureMatrix:
    """A classification of municipal entities into the four cells of the matrix.

    Attributes
    ----------
    spec : the measures and threshold rule used.
    centrality_threshold : entities at or below it are *central* (remoteness, SAC rank).
    connection_threshold : entities at or above it are *connected*.
    table : one row per entity: codes, name, region, MRC, population, the two scores,
        ``central``, ``connected`` and ``cell``.
    """

    spec: Spec
    centrality_threshold: float
    connection_threshold: float
    table: pd.DataFrame = field(repr=False)

    def counts(self, by: str | None = None) -> pd.DataFrame:
        """Entities and population in each cell (and share of each), overall or by a column such as ``region_name``."""
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
        """The cell of one entity (by CSD code)."""
        return str(self.table.set_index("csd_uid").at[csd_uid, "cell"])

    def describe(self) -> str:
        """How the classification was built, in words."""
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
    """Place every entity of ``frame`` (the municipalities table) in the matrix under ``spec``."""
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
    """Share of the entities classified under every specification that keep one cell throughout."""
    keys = [c for c in wide.columns if c not in ("csd_uid", "name", "stable")]
    classified = (wide[keys] != UNCLASSIFIED).all(axis=1)
    return float(wide.loc[classified, "stable"].mean()) if classified.any() else float("nan")


def thresholds_table(frame: pd.DataFrame, specs: tuple[Spec, ...] = ALL_SPECS) -> pd.DataFrame:
    """The two thresholds of every specification, for the record."""
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
    """Share of the variance of connection explained by remoteness (R² of a straight line)."""
    return r_squared(connection_score(frame, measure), centrality_score(frame, "remoteness"))


def mrc_summary(matrix: FractureMatrix) -> pd.DataFrame:
    """Per MRC: population in each cell, its shares, and the dominant cell (most residents).

    Unclassified residents count in the total but never dominate an MRC that has
    classified residents.
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
    """Entities and population per cell under each specification (long table)."""
    rows = []
    for spec in specs:
        counts = classify(frame, spec).counts().reset_index()
        counts.insert(0, "spec", spec.key)
        rows.append(counts)
    return pd.concat(rows, ignore_index=True)


def changes_between(frame: pd.DataFrame, a: Spec, b: Spec) -> pd.DataFrame:
    """Entities whose cell differs between two specifications."""
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
    csd_uid : str, default Saint-Camille
        The entity's 7-digit census subdivision code.
    specs : tuple of Spec

    Returns
    -------
    pandas.DataFrame
        One row per specification: ``spec`` (its key), ``centrality``, ``connection``,
        ``threshold`` and ``cell``.

    Raises
    ------
    KeyError
        When ``csd_uid`` is not in ``frame``.
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
