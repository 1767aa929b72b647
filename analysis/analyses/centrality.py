"""Centre and periphery, defined once: the named centrality definitions of the book.

Klein's talk opposes *central* and *peripheral spaces* and asks whether "proximity to
successful metropolitan economies" should be reviewed. It never says how a place is
classed. The book therefore uses a few public definitions, each named, justified and used
the same way in every chapter. Each is a way of reading "centre", not a fact about places;
they are compared, never chosen after the results.

``"sac"`` — **the Statistical Area Classification's own split (2016).**
    *Central*: the census subdivision lies inside a census metropolitan area (CMA) or a
    census agglomeration (CA); *peripheral*: it lies in a metropolitan influenced zone of
    any strength (strong, moderate, weak or no MIZ). This is the top level of the SAC
    itself ("inside CMAs and CAs" vs "outside"), the definition chapters 1 and 2 already
    use, and the closest public reading of Klein's periphery: the places outside the
    metropolitan and agglomeration labour markets. A village in a moderate- (or strong-)
    MIZ is therefore *peripheral*: its workers commute to a core, but it is not part of
    one. It replaces the first edition's median cut of the ordinal SAC rank, which counted
    every moderate-MIZ village as central. There is no threshold, so there are no ties.
    Vintage: 2016 (the 2021 SAC is not in the project's data).

``"remoteness_2021"`` — **the Index of Remoteness 2021, cut at its median.**
    A gravity measure of road access to population centres, weighted by their size
    (0 = least remote, 1 = most remote in Canada). *Central*: below the median of the
    reference sample; *peripheral*: above it. The 2021 edition is the default because it
    matches the 2021 census and the 2021 well-being index. Statistics Canada publishes the
    index as a continuous measure and leaves grouping to users, so the median (each place
    counts once) is the plainest cut; it is a *macro-regional* reading of centrality (it
    separates the St. Lawrence lowlands from the resource regions) rather than a
    metropolitan one.

``"remoteness_2016"`` — **the Index of Remoteness 2016, cut at its median**, for comparison
    with the first edition. The two editions are on different scales: compare their ranks,
    never their raw values (:func:`edition_comparison`).

**Statistics Canada's published remoteness classes are not implemented.** Subedi,
Roshanafshar and Greenberg (2020) compare five ways of grouping the index into five
classes and recommend three, and Statistics Canada's later proposal (18-001-X2023001, 2023)
proposes remoteness classes; neither set of class bounds could be read and verified for
this book (see ``PUBLISHED_CLASSES``), and no bound is used from memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.analyses import cuts
from analysis.stats import pearson, spearman
from analysis.vocabulary import AT_CUT, POPULATION, SAC_CENTRAL_CLASSES, SAC_CLASSES

CENTRAL, PERIPHERAL = "central", "peripheral"
STATUSES = (CENTRAL, PERIPHERAL, AT_CUT)
SAC_RANK = {sac_class: rank for rank, sac_class in enumerate(SAC_CLASSES)}


@dataclass(frozen=True)
class CentralityDefinition:
    """One way of telling central from peripheral places, with its justification.

    Attributes
    ----------
    key : str
        Stable name (used in glued result names), e.g. ``"sac"``.
    label : str
        Short readable name.
    column : str
        The column of the municipalities table it reads.
    kind : {"classes", "cut"}
        ``"classes"``: central or peripheral by class membership (no threshold, no ties);
        ``"cut"``: a score cut at a threshold (:mod:`analysis.analyses.cuts`), lower =
        more central.
    measures : str
        What it measures, in a sentence.
    justification : str
        Why the book uses it, in a sentence.
    reference : str
        The official source to cite.
    band_width : float or None
        Half-width of the band around the cut, in percentile ranks (``None`` for classes).
    """

    key: str
    label: str
    column: str
    kind: str
    measures: str
    justification: str
    reference: str
    band_width: float | None = None


DEFINITIONS = {
    "sac": CentralityDefinition(
        key="sac",
        label="SAC 2016: inside a CMA or CA (centre) vs any MIZ (periphery)",
        column="sac_class_2016",
        kind="classes",
        measures="membership of a metropolitan or agglomeration labour market (commuting-based delineation)",
        justification=(
            "the SAC's own top-level split, used in chapters 1 and 2; the closest public reading of a periphery "
            "outside the metropolitan economies; every MIZ class, moderate included, is peripheral"
        ),
        reference="Statistics Canada, Statistical Area Classification 2016 (Census Dictionary, geo045, geo009, geo010)",
    ),
    "remoteness_2021": CentralityDefinition(
        key="remoteness_2021",
        label="Index of Remoteness 2021, below (central) or above (peripheral) the median",
        column="remoteness_2021",
        kind="cut",
        measures="road access to population centres, weighted by their size (gravity model)",
        justification=(
            "the edition that matches the 2021 census and CWB; a continuous index that Statistics Canada leaves "
            "users to group, cut where half of the places lie on each side"
        ),
        reference="Statistics Canada, Index of Remoteness 2021 (17-26-0001, January 2023); Alasia et al. (2017)",
        band_width=5.0,
    ),
    "remoteness_2016": CentralityDefinition(
        key="remoteness_2016",
        label="Index of Remoteness 2016, below (central) or above (peripheral) the median",
        column="remoteness_2016",
        kind="cut",
        measures="road access to population centres, weighted by their size (gravity model), 2016 geography",
        justification="the first edition's measure, kept to compare editions (by rank: the scales differ)",
        reference="Statistics Canada, Index of Remoteness 2016 (17-26-0001); Alasia et al. (2017)",
        band_width=5.0,
    ),
}
"""Every centrality definition of the book, by key."""

DEFAULT = "sac"
"""The default centrality definition (the SAC's own split, as in chapters 1 and 2)."""
MAIN = ("sac", "remoteness_2021")
"""The definitions of the multiverse over places (:mod:`analysis.analyses.multiverse`)."""
COMPARISON = ("remoteness_2016",)
"""Definitions kept for comparison with the first edition."""

PUBLISHED_CLASSES = {
    "implemented": False,
    "reason": (
        "The class bounds of Statistics Canada's remoteness classifications could not be read in the publications "
        "themselves: Subedi, Roshanafshar and Greenberg (2020) compare five methods of grouping the index into five "
        "classes and recommend three (so there is no single official set of bounds), and the stored copy of the "
        "2023 proposal shows its aim but not its thresholds or the edition they apply to. No bound is used from memory."
    ),
    "sources": (
        "https://www150.statcan.gc.ca/n1/pub/11-633-x/11-633-x2020002-eng.htm",
        "https://www150.statcan.gc.ca/n1/pub/18-001-x/18-001-x2023001-eng.htm",
        "https://www150.statcan.gc.ca/n1/pub/17-26-0001/172600012020001-eng.htm",
    ),
}
"""Why Statistics Canada's published remoteness classes are not a definition of the book."""


def definition(key: str) -> CentralityDefinition:
    """The centrality definition named ``key``.

    Parameters
    ----------
    key : str
        One of ``DEFINITIONS`` (``"sac"``, ``"remoteness_2021"``, ``"remoteness_2016"``).

    Returns
    -------
    CentralityDefinition

    Raises
    ------
    ValueError
        When ``key`` is not a definition of the book.
    """
    if key not in DEFINITIONS:
        raise ValueError(f"unknown centrality definition {key!r}; choose from {list(DEFINITIONS)}")
    return DEFINITIONS[key]


def score(frame: pd.DataFrame, key: str) -> pd.Series:
    """The score behind a definition (lower = more central).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold the definition's column (``sac_class_2016``,
        ``remoteness_2021`` or ``remoteness_2016``).
    key : str
        A key of ``DEFINITIONS``.

    Returns
    -------
    pandas.Series of float, shape (n,)
        The Index of Remoteness (0-1), or the SAC class rank (0 = CMA, 1 = CA, 2 = strong
        … 5 = no MIZ); missing where the value is missing or not a SAC class.

    Raises
    ------
    ValueError
        When ``key`` is unknown.
    KeyError
        When the definition's column is not in ``frame``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001); Statistical Area
    Classification 2016.
    """
    d = definition(key)
    if d.column not in frame.columns:
        raise KeyError(f"centrality definition {key!r} needs the column {d.column!r}, which the table does not have")
    if d.kind == "classes":
        return frame[d.column].astype("object").map(SAC_RANK).astype("float64")
    return frame[d.column].astype("float64")


def _reference(frame: pd.DataFrame, reference: pd.Series | None) -> pd.Series:
    if reference is None:
        return pd.Series(True, index=frame.index)
    return reference.reindex(frame.index).fillna(False).astype(bool)


def cut(
    frame: pd.DataFrame,
    key: str,
    rule: str = "median",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> float:
    """The threshold of a cut definition, computed on the reference sample.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity, with the definition's column (and ``population`` for the
        weighted rule).
    key : str
        A key of ``DEFINITIONS``.
    rule : {"median", "weighted"}, default ``"median"``
        :data:`analysis.analyses.cuts.CUT_RULES`.
    reference : pandas.Series of bool, shape (n,), optional
        The places the cut is computed on (e.g. the inhabited municipalities,
        :func:`analysis.analyses.communities.reference_sample`); default every row.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    float
        The Index of Remoteness at the cut; ``nan`` for a class definition (``"sac"``),
        which has no threshold.

    Raises
    ------
    ValueError
        When ``key`` or ``rule`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    d = definition(key)
    if d.kind == "classes":
        cuts.check(rule)
        return float("nan")
    keep = _reference(frame, reference)
    values = score(frame, key)[keep]
    weights = frame.loc[keep, population].astype("float64") if rule == "weighted" else None
    return cuts.cut_value(values, rule, weights)


def status(
    frame: pd.DataFrame,
    key: str = DEFAULT,
    rule: str = "median",
    ties: str = "band",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.Series:
    """Central, peripheral or at the cut, for every entity, under one definition.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity, with the definition's column (and ``population`` for the
        weighted rule).
    key : str, default ``"sac"``
        A key of ``DEFINITIONS``.
    rule : {"median", "weighted"}, default ``"median"``
        Where the cut goes (ignored by class definitions).
    ties : {"band", "upper", "lower"}, default ``"band"``
        :data:`analysis.analyses.cuts.TIE_RULES`; for the Index of Remoteness the
        ``upper`` side is the peripheral one.
    reference : pandas.Series of bool, shape (n,), optional
        The places the cut is computed on; every entity of ``frame`` is then placed against
        it.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.Series of object, shape (n,)
        Named ``key``, indexed like ``frame``: ``"central"``, ``"peripheral"`` or ``"at
        the cut"``; missing where the score is missing.

    Raises
    ------
    ValueError
        When ``key``, ``rule`` or ``ties`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    cuts.check(rule, ties)
    d = definition(key)
    values = score(frame, key)
    if d.kind == "classes":
        sac = frame[d.column].astype("object")
        out = pd.Series(pd.NA, index=frame.index, dtype="object")
        known = values.notna()
        out[known] = sac[known].isin(SAC_CENTRAL_CLASSES).map({True: CENTRAL, False: PERIPHERAL})
        return out.rename(key)
    threshold = cut(frame, key, rule, reference, population)
    sides = cuts.side(values, threshold, ties)
    return sides.map({cuts.LOWER: CENTRAL, cuts.UPPER: PERIPHERAL, AT_CUT: AT_CUT}).astype("object").rename(key)


def summary(
    frame: pd.DataFrame,
    keys: tuple[str, ...] = (*MAIN, *COMPARISON),
    rule: str = "median",
    ties: str = "band",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Entities and residents central under each definition, with the cut and its ties.

    Counts are over the reference sample (the places the cuts are computed on).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity, with every definition's column and ``population``.
    keys : tuple of str, default every definition
    rule, ties, reference, population
        As in :func:`status`.

    Returns
    -------
    pandas.DataFrame, shape (len(keys), 9)
        Indexed by ``definition``: ``cut`` (``nan`` for classes), ``central``,
        ``peripheral``, ``at_cut``, ``missing`` (entities), ``share_central`` (of the
        entities with a status, at-the-cut ones included in the denominator),
        ``population_central``, ``population_share_central`` and ``label``.

    Raises
    ------
    ValueError
        When a key, ``rule`` or ``ties`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    keep = _reference(frame, reference)
    pop = frame[population].astype("float64").fillna(0)
    rows = {}
    for key in keys:
        s = status(frame, key, rule, ties, reference, population)[keep]
        known = s.notna()
        central = s == CENTRAL
        rows[key] = {
            "cut": cut(frame, key, rule, reference, population),
            "central": int(central.sum()),
            "peripheral": int((s == PERIPHERAL).sum()),
            "at_cut": int((s == AT_CUT).sum()),
            "missing": int((~known).sum()),
            "share_central": float(central[known].mean()) if known.any() else float("nan"),
            "population_central": float(pop[keep][central].sum()),
            "population_share_central": float(pop[keep][central].sum() / pop[keep][known].sum())
            if pop[keep][known].sum() > 0
            else float("nan"),
            "label": definition(key).label,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "definition"
    return out


def by_region(
    frame: pd.DataFrame,
    keys: tuple[str, ...] = MAIN,
    reference: pd.Series | None = None,
    region: str = "region_name",
    population: str = POPULATION,
) -> pd.DataFrame:
    """The share of each region's places that are central under each definition.

    Shows what a definition *means* on the map: the SAC split draws the centre around the
    metropolitan and agglomeration labour markets of every region, while the median of the
    Index of Remoteness separates whole regions (a macro-regional reading).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity, with ``region`` and the definitions' columns.
    keys : tuple of str, default ``MAIN``
    reference : pandas.Series of bool, shape (n,), optional
        The places counted (and on which the cuts are computed).
    region : str, default ``"region_name"``
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by region (sorted): ``places`` (reference places of the region) and, per
        definition, ``central_<key>`` (share of the places with a status that are central,
        between 0 and 1; missing when none has one).

    Raises
    ------
    ValueError
        When a key is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    keep = _reference(frame, reference)
    regions = frame.loc[keep, region]
    out = pd.DataFrame({"places": regions.groupby(regions).size()})
    for key in keys:
        s = status(frame, key, reference=reference, population=population)[keep]
        known = s.notna()
        out[f"central_{key}"] = (s[known] == CENTRAL).groupby(regions[known]).mean()
    out.index.name = region
    return out.sort_index()


def agreement(
    frame: pd.DataFrame,
    a: str,
    b: str,
    rule: str = "median",
    ties: str = "band",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Cross-table of two definitions over the reference sample (entities).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    a, b : str
        Keys of ``DEFINITIONS`` (rows and columns).
    rule, ties, reference, population
        As in :func:`status`.

    Returns
    -------
    pandas.DataFrame
        Rows: the statuses under ``a``; columns: under ``b`` (``"missing"`` included), with
        the counts of entities; every status of ``STATUSES`` appears, empty ones as 0.

    Raises
    ------
    ValueError
        When a key, ``rule`` or ``ties`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    keep = _reference(frame, reference)
    first = status(frame, a, rule, ties, reference, population)[keep].fillna("missing")
    second = status(frame, b, rule, ties, reference, population)[keep].fillna("missing")
    order = [*STATUSES, "missing"]
    table = pd.crosstab(first.rename(a), second.rename(b))
    return table.reindex(index=order, columns=order, fill_value=0)


def edition_comparison(
    frame: pd.DataFrame, reference: pd.Series | None = None, ties: str = "band", population: str = POPULATION
) -> pd.Series:
    """How far the 2016 and 2021 editions of the Index of Remoteness agree (by rank).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold ``remoteness_2016``, ``remoteness_2021`` and
        ``population``.
    reference : pandas.Series of bool, shape (n,), optional
        The places compared (and on which the medians are computed).
    ties : {"band", "upper", "lower"}, default ``"band"``
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.Series
        ``entities_both`` (places with a value in both editions), ``spearman`` (rank
        correlation), ``pearson``, ``median_2016``, ``median_2021`` (the cuts, each on its
        own scale), ``change_side`` (places whose central/peripheral status differs between
        the two median cuts, among those with both values) and ``change_side_share``.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001).
    """
    keep = _reference(frame, reference)
    a, b = score(frame, "remoteness_2016")[keep], score(frame, "remoteness_2021")[keep]
    both = a.notna() & b.notna()
    sa = status(frame, "remoteness_2016", ties=ties, reference=reference, population=population)[keep]
    sb = status(frame, "remoteness_2021", ties=ties, reference=reference, population=population)[keep]
    change = int((sa[both] != sb[both]).sum())
    return pd.Series(
        {
            "entities_both": int(both.sum()),
            "spearman": spearman(a, b),
            "pearson": pearson(a, b),
            "median_2016": cut(frame, "remoteness_2016", reference=reference, population=population),
            "median_2021": cut(frame, "remoteness_2021", reference=reference, population=population),
            "change_side": change,
            "change_side_share": change / int(both.sum()) if both.any() else float("nan"),
        },
        dtype="object",
    )
