"""Connected or disconnected, named for what each measure measures.

Klein's *connection* is **relational**: the integration of local actors into local and
supralocal networks ("local systems", the mobilisation of exogenous resources). No census
or well-being table observes it. What the public tables offer are three other things, each
named here for what it is, and never called "connection" without its qualifier:

``"education"`` — **the CWB education component (2021)**, an *outcome proxy* for the
    competencies of Klein's "new economy". Indigenous Services Canada builds it from two
    census shares: adults with at least a high-school diploma, and adults with a university
    degree; by design it mostly measures the floor (the absence of a diploma) rather than
    integration into "reticular and informational" networks. The published weights of the
    two shares could not be verified for this book (the method review recalls two thirds
    and one third, from memory; see ``WEIGHTS_VERIFIED``).
``"composite"`` — **a composite of the CWB education, income and labour-force components**,
    in the spirit of the ISQ's vitality index (:func:`analysis.stats.composite`). It is
    **partly circular**: income and labour-force activity are the outcomes Klein's
    conditions of success are meant to improve, so classifying places on it and then
    explaining their outcomes builds part of the answer into the question.
``"commuting"`` — ***functional* connection: the share of commuters working outside their
    census division** (in another division of Québec or another province), 2016 census
    long form (counts rounded to 5, a one-in-four sample). It measures daily ties to outside
    labour markets, which is the functional rival of Klein's relational proximity.
``"long_commutes"`` — ***functional* connection: the share of commuters travelling 60
    minutes or more** (2021). A tie to distant jobs, but also a burden; in the metropolitan
    areas it reflects congestion as much as reach.

Optional measures, used only when the official 2021 Census Profile extract is present
(the project's data mirror lacks it, so they are usually absent; :func:`available` says
so): ``"university"`` (share of 25–64-year-olds with a bachelor's degree or higher) and
``"knowledge_industries"`` (share of the employed in knowledge-intensive industries).

Higher = more connected on every measure; cuts, ties and bands follow
:mod:`analysis.analyses.cuts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.analyses import cuts
from analysis.stats import composite
from analysis.vocabulary import AT_CUT, POPULATION

CONNECTED, DISCONNECTED = "connected", "disconnected"
STATUSES = (CONNECTED, DISCONNECTED, AT_CUT)
COMPOSITE_COLUMNS = ("cwb_education_2021", "cwb_income_2021", "cwb_labour_2021")
WEIGHTS_VERIFIED = False
"""Whether the weights of the high-school and university shares inside the CWB education
component were read in ISC's method documents for this book (they were not)."""


@dataclass(frozen=True)
class ConnectionDefinition:
    """One census-based measure of "connection", with what it measures and its caveats.

    Attributes
    ----------
    key : str
        Stable name (used in glued result names), e.g. ``"education"``.
    label : str
        Short readable name, naming what is measured.
    columns : tuple of str
        The columns of the municipalities table it reads.
    kind : {"outcome proxy", "composite", "functional"}
        An outcome that stands in for competencies, a composite that includes outcomes
        (partly circular), or a flow of people to jobs.
    measures : str
        What it measures, in a sentence.
    caveat : str
        What it is not, in a sentence.
    reference : str
        The official source to cite.
    band_width : float
        Half-width of the band around the cut, in the measure's own units.
    optional : bool, default False
        True for measures read only from a file the project's mirror usually lacks.
    """

    key: str
    label: str
    columns: tuple[str, ...]
    kind: str
    measures: str
    caveat: str
    reference: str
    band_width: float
    optional: bool = False


DEFINITIONS = {
    "education": ConnectionDefinition(
        key="education",
        label="CWB education component 2021 (mostly high-school completion)",
        columns=("cwb_education_2021",),
        kind="outcome proxy",
        measures=(
            "ISC's 0-100 education score: the shares of adults with at least a high-school diploma and with a "
            "university degree, combined (weights not verified here)"
        ),
        caveat=(
            "an outcome, and mostly the floor (no diploma) rather than integration into networks; possibly an effect "
            "of the initiatives (newcomers) rather than a condition"
        ),
        reference="Indigenous Services Canada, Community Well-Being Index 2021",
        band_width=2.0,
    ),
    "composite": ConnectionDefinition(
        key="composite",
        label="composite of the CWB education, income and labour components (partly circular)",
        columns=COMPOSITE_COLUMNS,
        kind="composite",
        measures="robust z-scores of the three components, combined by a geometric mean and re-centred on the median place",
        caveat="partly circular: income and labour-force activity are the outcomes the conditions of success should improve",
        reference="Indigenous Services Canada, Community Well-Being Index 2021; ISQ (2016) for the idea",
        band_width=0.25,
    ),
    "commuting": ConnectionDefinition(
        key="commuting",
        label="functional: share of commuters working outside their census division, 2016",
        columns=("commute_other_cd_pct_2016", "commute_other_province_pct_2016"),
        kind="functional",
        measures="share of employed residents with a usual place of work who work in another census division or province",
        caveat="a daily flow to jobs, not a relational tie; long-form sample counts rounded to 5, noisy in small places",
        reference="Statistics Canada, Census of Population 2016, Census Profile (98-401-X2016065), place of work",
        band_width=5.0,
    ),
    "long_commutes": ConnectionDefinition(
        key="long_commutes",
        label="functional: share of commuters travelling 60 minutes or more, 2021",
        columns=("commute_60min_plus_pct_2021",),
        kind="functional",
        measures="share of commuters whose usual trip to work takes 60 minutes or more",
        caveat="a tie to distant jobs but also a burden; in metropolitan areas it reflects congestion as much as reach",
        reference="Statistics Canada, Census of Population 2021, Census Profile (98-401-X2021005), commuting duration",
        band_width=2.0,
    ),
    "university": ConnectionDefinition(
        key="university",
        label="share of 25-64-year-olds with a bachelor's degree or higher, 2021",
        columns=("university_25_64_pct_2021",),
        kind="outcome proxy",
        measures="the top of the education distribution (integration into the knowledge economy) rather than its floor",
        caveat="an outcome; sorting of graduates towards jobs",
        reference="Statistics Canada, Census Profile 2021 (98-401-X2021005), highest certificate, diploma or degree",
        band_width=2.0,
        optional=True,
    ),
    "knowledge_industries": ConnectionDefinition(
        key="knowledge_industries",
        label="share of the employed in knowledge-intensive industries, 2021",
        columns=("knowledge_industries_pct_2021",),
        kind="functional",
        measures="employment in information, finance, professional services, management and education industries",
        caveat="where residents work by industry, not where the jobs are; public-sector towns rank high",
        reference="Statistics Canada, Census Profile 2021 (98-401-X2021005), industry (NAICS 2017)",
        band_width=2.0,
        optional=True,
    ),
}
"""Every connection measure of the book, by key (optional ones included)."""

DEFAULT = "education"
"""The default connection measure (the CWB education component)."""
MAIN = ("education", "composite", "commuting", "long_commutes")
"""The measures always present in the project's data, used by the multiverse over places."""
OPTIONAL = ("university", "knowledge_industries")
"""Measures used only when their columns are present."""


def definition(key: str) -> ConnectionDefinition:
    """The connection measure named ``key``.

    Parameters
    ----------
    key : str
        One of ``DEFINITIONS``.

    Returns
    -------
    ConnectionDefinition

    Raises
    ------
    ValueError
        When ``key`` is not a measure of the book.
    """
    if key not in DEFINITIONS:
        raise ValueError(f"unknown connection measure {key!r}; choose from {list(DEFINITIONS)}")
    return DEFINITIONS[key]


def available(frame: pd.DataFrame, keys: tuple[str, ...] = tuple(DEFINITIONS)) -> pd.DataFrame:
    """Which connection measures the table can give, and for how many entities.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (any columns).
    keys : tuple of str, default every measure

    Returns
    -------
    pandas.DataFrame, shape (len(keys), 5)
        Indexed by ``measure``: ``present`` (every column is in ``frame``), ``entities``
        (entities with every column known; 0 when absent), ``optional``, ``missing_columns``
        (comma-separated, empty when present) and ``kind``.

    Raises
    ------
    ValueError
        When a key is unknown.
    """
    rows = {}
    for key in keys:
        d = definition(key)
        missing = [c for c in d.columns if c not in frame.columns]
        known = frame[list(d.columns)].notna().all(axis=1).sum() if not missing else 0
        rows[key] = {
            "present": not missing,
            "entities": int(known),
            "optional": d.optional,
            "missing_columns": ", ".join(missing),
            "kind": d.kind,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "measure"
    return out


def present(frame: pd.DataFrame, keys: tuple[str, ...] = (*MAIN, *OPTIONAL)) -> tuple[str, ...]:
    """The measures among ``keys`` whose columns are all in ``frame``, in order.

    Parameters
    ----------
    frame : pandas.DataFrame
    keys : tuple of str, default the main then the optional measures

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        When a key is unknown.
    """
    table = available(frame, keys)
    return tuple(k for k in keys if table.at[k, "present"])


def _reference(frame: pd.DataFrame, reference: pd.Series | None) -> pd.Series:
    if reference is None:
        return pd.Series(True, index=frame.index)
    return reference.reindex(frame.index).fillna(False).astype(bool)


def score(frame: pd.DataFrame, key: str, reference: pd.Series | None = None) -> pd.Series:
    """The score of a connection measure (higher = more connected).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity with the measure's columns.
    key : str
        A key of ``DEFINITIONS``.
    reference : pandas.Series of bool, shape (n,), optional
        Only for the composite, a relative score: it is standardised on these places and
        missing elsewhere (a place outside the reference sample has no composite). Ignored
        by the other measures.

    Returns
    -------
    pandas.Series of float, shape (n,)
        CWB points (0-100), the composite (robust z, 0 = the median place of the reference
        sample) or a percentage; missing where a value is missing. ``commuting`` is the sum
        of the two commuting shares.

    Raises
    ------
    ValueError
        When ``key`` is unknown.
    KeyError
        When a column of the measure is not in ``frame`` (the message names it, and
        :func:`available` reports absent optional measures).

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021; Statistics Canada,
    Census Profile 2016 and 2021.
    """
    d = definition(key)
    missing = [c for c in d.columns if c not in frame.columns]
    if missing:
        raise KeyError(f"connection measure {key!r} needs the column(s) {missing}, which the table does not have")
    if key == "composite":
        keep = _reference(frame, reference)
        return composite(frame[keep], list(d.columns)).reindex(frame.index)
    if key == "commuting":
        return frame[d.columns[0]].astype("float64") + frame[d.columns[1]].astype("float64")
    return frame[d.columns[0]].astype("float64")


def cut(
    frame: pd.DataFrame,
    key: str,
    rule: str = "median",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> float:
    """The threshold of a connection measure, computed on the reference sample.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    key : str
        A key of ``DEFINITIONS``.
    rule : {"median", "weighted"}, default ``"median"``
    reference : pandas.Series of bool, shape (n,), optional
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    float
        In the measure's units.

    Raises
    ------
    ValueError
        When ``key`` or ``rule`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    keep = _reference(frame, reference)
    values = score(frame, key, reference)[keep]
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
    """Connected, disconnected or at the cut, for every entity, on one measure.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    key : str, default ``"education"``
    rule : {"median", "weighted"}, default ``"median"``
    ties : {"band", "upper", "lower"}, default ``"band"``
        The ``upper`` side is the connected one.
    reference : pandas.Series of bool, shape (n,), optional
        The places the cut is computed on.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.Series of object, shape (n,)
        Named ``key``: ``"connected"``, ``"disconnected"`` or ``"at the cut"``; missing
        where the score is missing.

    Raises
    ------
    ValueError
        When ``key``, ``rule`` or ``ties`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    cuts.check(rule, ties)
    values = score(frame, key, reference)
    threshold = cut(frame, key, rule, reference, population)
    sides = cuts.side(values, threshold, ties)
    return sides.map({cuts.UPPER: CONNECTED, cuts.LOWER: DISCONNECTED, AT_CUT: AT_CUT}).astype("object").rename(key)


def summary(
    frame: pd.DataFrame,
    keys: tuple[str, ...] | None = None,
    rule: str = "median",
    ties: str = "band",
    reference: pd.Series | None = None,
    population: str = POPULATION,
) -> pd.DataFrame:
    """Cut, ties and counts of every present connection measure over the reference sample.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
    keys : tuple of str, optional
        Default: the measures present in ``frame`` (:func:`present`).
    rule, ties, reference, population
        As in :func:`status`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``measure``: ``cut``, ``connected``, ``disconnected``, ``at_cut``,
        ``missing`` (entities), ``band`` (entities within ``band_width`` of the cut, at-the-
        cut ones included), ``band_width``, ``kind`` and ``label``.

    Raises
    ------
    ValueError
        When a key, ``rule`` or ``ties`` is unknown.
    KeyError
        When a needed column is not in ``frame``.
    """
    keys = present(frame) if keys is None else keys
    keep = _reference(frame, reference)
    rows = {}
    for key in keys:
        d = definition(key)
        threshold = cut(frame, key, rule, reference, population)
        s = status(frame, key, rule, ties, reference, population)[keep]
        values = score(frame, key, reference)[keep]
        rows[key] = {
            "cut": threshold,
            "connected": int((s == CONNECTED).sum()),
            "disconnected": int((s == DISCONNECTED).sum()),
            "at_cut": int((s == AT_CUT).sum()),
            "missing": int(s.isna().sum()),
            "band": int(cuts.band(values, threshold, d.band_width).sum()),
            "band_width": d.band_width,
            "kind": d.kind,
            "label": d.label,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "measure"
    return out
