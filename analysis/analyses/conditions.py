"""Klein's four conditions of success as a codebook, and how each is read from the case tables.

The talk names four conditions under which local initiatives improve living standards and
quality of life. This module writes them down as a small codebook (what counts as evidence,
how each is coded from the curated Saint-Camille tables, which sources state it), sets the
other published versions beside them as a concordance that is **this book's
interpretation, not Klein's**, and computes what the tables allow:

* condition 1 (mobilising and combining endogenous and exogenous resources) from the
  resource ledger (``data/case/resources.csv``): endogenous share and diversity, for the
  whole ledger, per project and per period, with gaps kept as gaps;
* conditions 2 to 4 from the organisations, the timeline and the ties: when structures
  for settling conflicts and for learning appeared, which goals were set and which public
  programmes were used, in time order;
* the ledger read as socio-territorial capital (resources by provider sector and period,
  :func:`capital_by_period`), and condition 4 with the programmes that were *available*
  (the pactes ruraux from 2002, policies.csv) beside those documented as used
  (:func:`goals_and_programmes_order`).

Every function is pure: it takes the tables (as returned by :func:`analysis.data.load.case`)
and returns new tables; nothing is read or drawn here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import pandas as pd

from analysis.i18n import Composed
from analysis.stats import gini_simpson, shannon_entropy
from analysis.vocabulary import SAINT_CAMILLE

# --------------------------------------------------------------------------------------
# The codebook
# --------------------------------------------------------------------------------------

TALK = "Klein, 'Social Economy as a Base for Local Development Initiatives' (slides)"
FRQSC_SUMMARY = (
    "http://www.frqsc.gouv.qc.ca/fr/la-recherche/la-recherche-en-vedette/histoire/"
    "l-initiative-locale-et-la-lutte-contre-la-pauvrete-et-l-exclusion-nbsp-connexion-et-pluralite-dqn0vfec1427915357466"
)
SAUCIER_SIMARD = "http://muse.jhu.edu/books/9782760531222/9782760531222-24.pdf"
EVE_SUMMARY = "https://eve.coop/index.html@a=46.html"


@dataclass(frozen=True)
class Condition:
    """One condition of success: Klein's wording (paraphrased) and how this book codes it."""

    number: int
    key: str
    short: str
    wording: str  # paraphrase of the slide, not a quotation
    evidence: str  # what would count as evidence that the condition holds
    coding: str  # how it is coded from the case tables
    tables: tuple[str, ...]  # case tables used (data/case/<name>.csv)
    sources: tuple[str, ...]  # where the wording comes from

    def as_row(self) -> dict:
        """The condition as one row of :func:`codebook`.

        Returns
        -------
        dict
            The fields of the condition, with ``tables`` and ``sources`` joined into one
            string each (``", "`` and ``"; "``).
        """
        row = asdict(self)
        row["tables"] = ", ".join(self.tables)
        row["sources"] = "; ".join(self.sources)
        return row


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        number=1,
        key="resources",
        short="Mobilising and combining resources",
        wording=(
            "Local leaders and actors are able to mobilise a wide variety of resources, from inside the "
            "community (endogenous) and from outside it (exogenous), and to combine them."
        ),
        evidence=(
            "Projects that draw on both local and outside resources; several kinds of resource and several "
            "providers; local resources that start a project and outside resources that carry it on."
        ),
        coding=(
            "Resource ledger: each row is one resource for one project, endogenous, exogenous or mixed, with "
            "its kind and provider. Measures: endogenous share of the rows (mixed rows set aside), the same "
            "share of amounts where every row of the group has a published amount, and diversity (Shannon "
            "entropy and 1 - HHI) over source types (origin x kind) and over providers; per project and per "
            "period, with empty groups left missing."
        ),
        tables=("resources", "organisations"),
        sources=(TALK, "Klein & Champagne 2011", "Klein, Fontan & Tremblay 2009"),
    ),
    Condition(
        number=2,
        key="leadership",
        short="Socially constructed leadership",
        wording=(
            "The community has a leadership that is built socially: shared among several people and "
            "organisations, and recognised by them, rather than held by one person."
        ),
        evidence=(
            "Several local organisations that start projects; people in published public roles who move "
            "between the municipal, community and private spheres; recognition by outside interlocutors "
            "(visits, invitations, exchanges)."
        ),
        coding=(
            "People in their published public roles (mayor, councillor, president, founder, director, "
            "spokesperson), with the organisations and years of each role; people holding roles both in a "
            "village organisation and in a body outside carry a tie between them. Timeline events of category "
            "governance (council, mayors, delegations, lectures) and the local organisations that hold outside "
            "ties (brokers). No private or person-level data beyond public roles."
        ),
        tables=("people", "timeline", "ties", "organisations"),
        sources=(TALK, "Klein et al. 2015 (section 8.7)"),
    ),
    Condition(
        number=3,
        key="structures",
        short="Structures to settle conflicts and to learn",
        wording=(
            "There are local structures and organisations in which conflicts between actors are settled "
            "locally and in which actors learn to act collectively."
        ),
        evidence=(
            "Local organisations with a collective, multi-stakeholder form (co-operatives, development "
            "corporation, community centre); bodies for training, research and consultation; recorded "
            "conflicts and how they ended."
        ),
        coding=(
            "Local organisations by founding year (or first dated event when the founding year is not "
            "published), timeline events of category organisation, conflict and research, in time order."
        ),
        tables=("organisations", "timeline"),
        sources=(TALK, "Klein & Champagne 2011"),
    ),
    Condition(
        number=4,
        key="goals",
        short="Strategic goals that use public programmes",
        wording=(
            "Actors identify strategic goals together and use public programmes and other outside "
            "structures to reach them for the development of the community."
        ),
        evidence=(
            "Dated plans and explicit, preferably quantified, goals (such as a population target); public "
            "programmes mobilised, and whether they came after the goals (used for them) or before."
        ),
        coding=(
            "The dated goals (every source's dating of the demographic objective), the Québec programmes open "
            "to every rural MRC (available) and the programmes documented for a Saint-Camille project (used: "
            "timeline events of category programme, ledger rows of kind programme), in time order; goals with "
            "a number in them are flagged as quantified."
        ),
        tables=("objective", "policies", "timeline", "resources"),
        sources=(TALK, "Klein & Champagne 2011"),
    ),
)


def codebook() -> pd.DataFrame:
    """The four conditions as a table (one row per condition).

    Returns
    -------
    pandas.DataFrame, shape (4, 7)
        Indexed by ``number`` (1-4): ``key``, ``short``, ``wording`` (a paraphrase of the
        talk, not a quotation), ``evidence``, ``coding``, ``tables`` (the case tables read)
        and ``sources`` (where the wording comes from).
    """
    return pd.DataFrame([c.as_row() for c in CONDITIONS]).set_index("number")


CONCORDANCE_STATUS = "interpretation of this book, not Klein's own concordance"

# The FRQSC summary lists five factors; Saucier & Simard (ch. 14 of Klein &
# Champagne 2011, and the EVE summary) give the analysis grid's hypotheses, of which only the
# first was read in a primary text.
_CONCORDANCE = (
    (
        1,
        "(2) Leaders and actors launch and mesh several projects, drawing resources from the social economy, "
        "government and the market",
        "Hypothesis 1 of the analysis grid: capacity to mobilise and mesh resources (capacité de mobilisation et "
        "d'arrimage des ressources); multi-project spaces, partner counts",
        "Close match.",
    ),
    (
        2,
        "(1) Strong individual, organisational and territorial leadership, recognised locally and by regional "
        "and national interlocutors",
        "One of the other 'strong hypotheses' of the grid (exact wording not verified)",
        "The FRQSC factor adds recognition from outside, which the talk does not state.",
    ),
    (
        3,
        "(3) Bodies that build a lasting but constantly renewed consensus",
        "No matching hypothesis found in the excerpts read",
        "Consensus-building is narrower than 'settling conflicts and learning'.",
    ),
    (
        4,
        "(4) Creative use of public programmes for collective well-being",
        "No matching hypothesis found in the excerpts read",
        "The talk adds the collective identification of strategic goals.",
    ),
    (
        None,
        "(5) Positive identities that lead actors to launch partnered projects and citizens to join them",
        "Identity appears as a factor",
        "No condition of its own in the talk: the slides present identity as an effect of mobilisation; this book "
        "reads it as folded into condition 4 (collective identification).",
    ),
)


def concordance() -> pd.DataFrame:
    """The talk's four conditions beside the FRQSC five factors and the Saucier & Simard grid.

    The mapping is this book's reading of three texts (see ``status``); Klein did not
    publish it. Row 5 has no condition in the talk.

    Returns
    -------
    pandas.DataFrame, shape (5, 7)
        ``talk_condition`` (``"1. Mobilising and combining resources"``, or
        ``NO_CONDITION``), ``frqsc_factor``, ``saucier_simard_grid``, ``comment``,
        ``status`` (always ``CONCORDANCE_STATUS``), and the two parts of
        ``talk_condition``: ``condition_number`` (Int64, missing for ``NO_CONDITION``) and
        ``condition_short`` (the condition's ``short`` name, or ``NO_CONDITION``), for a
        table that writes them in another language; ``attrs["sources"]`` maps each text to
        its URL.

    References
    ----------
    The FRQSC summary (``FRQSC_SUMMARY``), Saucier & Simard, chapter 14 of Klein &
    Champagne (2011) (``SAUCIER_SIMARD``), and the EVE summary (``EVE_SUMMARY``).
    """
    rows = []
    for number, frqsc, grid, comment in _CONCORDANCE:
        condition = next((c for c in CONDITIONS if c.number == number), None)
        rows.append(
            {
                "talk_condition": f"{number}. {condition.short}" if condition else NO_CONDITION,
                "frqsc_factor": frqsc,
                "saucier_simard_grid": grid,
                "comment": comment,
                "status": CONCORDANCE_STATUS,
                "condition_number": number if condition else None,
                "condition_short": condition.short if condition else NO_CONDITION,
            }
        )
    table = pd.DataFrame(rows)
    table["condition_number"] = table["condition_number"].astype("Int64")
    table.attrs["sources"] = {
        "FRQSC summary": FRQSC_SUMMARY,
        "Saucier & Simard (ch. 14)": SAUCIER_SIMARD,
        "EVE summary": EVE_SUMMARY,
    }
    return table


# --------------------------------------------------------------------------------------
# Condition 1: the resource ledger
# --------------------------------------------------------------------------------------

ORIGINS = ("endogenous", "exogenous", "mixed")
RESOURCE_KINDS = ("money", "equity", "labour", "land_buildings", "knowledge", "programme")
UNDATED = "year not published"
BEFORE = "before 1970"
NO_CARRIER = "(no organisation)"
"""The group of :func:`by_project` for ledger rows that name no project organisation."""
NO_CONDITION = "(none)"
"""The talk's condition of a concordance row that matches none (:func:`concordance`)."""
YEAR_BASES = ("founding year", "first dated event (founded by then)", "not dated")
"""What the year of a local organisation is (:func:`local_structures`)."""
MILESTONES = ("first plan", "objective adopted", "programme available", "programme documented for the village")
"""The four milestones of :func:`goals_and_programmes_order`, in the order the table gives them."""


def source_type(ledger: pd.DataFrame) -> pd.Series:
    """The source type of each row: origin and kind, e.g. ``exogenous money``, ``endogenous labour``.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``source_type`` and ``resource_kind``.

    Returns
    -------
    pandas.Series of str
        Indexed like ``ledger``: ``"<source_type> <resource_kind>"``.

    Raises
    ------
    KeyError
        When ``ledger`` lacks one of the two columns.
    """
    return ledger["source_type"].astype(str) + " " + ledger["resource_kind"].astype(str)


def provider_key(ledger: pd.DataFrame) -> pd.Series:
    """Who provided each resource: the organisation id when there is one, else the provider as published.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``provider_org_id`` and ``provider``.

    Returns
    -------
    pandas.Series of str
        Indexed like ``ledger``.

    Raises
    ------
    KeyError
        When ``ledger`` lacks one of the two columns.
    """
    org = ledger["provider_org_id"].astype("string")
    return org.where(org.notna() & (org != ""), ledger["provider"].astype("string")).astype(str)


def endogenous_share(ledger: pd.DataFrame, basis: str = "rows", require_complete: bool = True) -> float:
    """Endogenous share of the resources of ``ledger``; mixed rows are set aside.

    ``basis="rows"``: endogenous rows / (endogenous + exogenous rows).
    ``basis="amounts"``: the same ratio of published dollar amounts. With
    ``require_complete`` (the default) it is NaN unless every endogenous and exogenous row
    has an amount: a share computed on the few rows that happen to carry a figure would
    describe what was published, not what was mobilised.
    NaN when the group has no endogenous or exogenous row (a gap, not a zero).

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``source_type`` (and ``amount_cad`` for ``basis="amounts"``).
    basis : {"rows", "amounts"}, default ``"rows"``
    require_complete : bool, default True
        With ``basis="amounts"``: NaN unless every endogenous and exogenous row has an amount.

    Returns
    -------
    float
        Between 0 and 1, or NaN (see above; also NaN when the known amounts sum to zero).

    Raises
    ------
    ValueError
        When ``basis`` is neither ``"rows"`` nor ``"amounts"`` (and the group is not empty).
    """
    pure = ledger[ledger["source_type"].isin(["endogenous", "exogenous"])]
    if pure.empty:
        return float("nan")
    if basis == "rows":
        return float((pure["source_type"] == "endogenous").mean())
    if basis != "amounts":
        raise ValueError(f"basis must be 'rows' or 'amounts', not {basis!r}")
    amounts = pd.to_numeric(pure["amount_cad"], errors="coerce")
    if require_complete and amounts.isna().any():
        return float("nan")
    known = amounts.notna()
    total = amounts[known].sum()
    if not known.any() or total == 0:
        return float("nan")
    return float(amounts[known & (pure["source_type"] == "endogenous")].sum() / total)


MEASURES = (
    "rows",
    "endogenous",
    "exogenous",
    "mixed",
    "endogenous_share_rows",
    "rows_with_amount",
    "endogenous_share_amounts",
    "source_types",
    "diversity_shannon",
    "diversity_1_minus_hhi",
    "providers",
    "provider_shannon",
    "provider_1_minus_hhi",
    "grade_cd_share",
)
COUNTS = ("rows", "endogenous", "exogenous", "mixed", "rows_with_amount", "source_types", "providers")


def summarise(ledger: pd.DataFrame) -> dict:
    """Every condition-1 measure for one group of ledger rows.

    An empty group returns ``rows = 0`` and missing values (``NaN``) everywhere else: the
    record has nothing to say about it, which is not the same as "no endogenous resource"
    or "no diversity".

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``source_type``, ``resource_kind``, ``provider``,
        ``provider_org_id``, ``amount_cad`` and ``reliability``.

    Returns
    -------
    dict
        One entry per name of ``MEASURES``: the counts ``rows``, ``endogenous``,
        ``exogenous``, ``mixed``, ``rows_with_amount``, ``source_types`` (distinct origin ×
        kind) and ``providers``; the shares ``endogenous_share_rows`` and
        ``endogenous_share_amounts`` (:func:`endogenous_share`, 0-1); the diversity of
        source types and of providers, as Shannon entropy (nats) and as Gini–Simpson
        1 − HHI (0-1); and ``grade_cd_share``, the share of rows graded C or D.

    Raises
    ------
    KeyError
        When a column above is missing from a non-empty ``ledger``.

    References
    ----------
    Shannon (1948) and Simpson (1949), through :func:`analysis.stats.shannon_entropy` and
    :func:`analysis.stats.gini_simpson`.
    """
    n = len(ledger)
    if n == 0:
        return {"rows": 0, **{m: float("nan") for m in MEASURES[1:]}}
    origins = ledger["source_type"].value_counts()
    types = source_type(ledger).value_counts()
    providers = provider_key(ledger).value_counts()
    amounts = pd.to_numeric(ledger["amount_cad"], errors="coerce")
    return {
        "rows": n,
        "endogenous": int(origins.get("endogenous", 0)),
        "exogenous": int(origins.get("exogenous", 0)),
        "mixed": int(origins.get("mixed", 0)),
        "endogenous_share_rows": endogenous_share(ledger, "rows"),
        "rows_with_amount": int(amounts.notna().sum()),
        "endogenous_share_amounts": endogenous_share(ledger, "amounts"),
        "source_types": int(types.size),
        "diversity_shannon": shannon_entropy(types.to_numpy()),
        "diversity_1_minus_hhi": gini_simpson(types.to_numpy()),
        "providers": int(providers.size),
        "provider_shannon": shannon_entropy(providers.to_numpy()),
        "provider_1_minus_hhi": gini_simpson(providers.to_numpy()),
        "grade_cd_share": float(ledger["reliability"].isin(["C", "D"]).mean()),
    }


def _table(groups: dict[str, pd.DataFrame], index_name: str) -> pd.DataFrame:
    table = pd.DataFrame([summarise(rows) for rows in groups.values()], index=pd.Index(list(groups), name=index_name))
    for column in MEASURES:
        kind = "Int64" if column in COUNTS else "float64"
        table[column] = pd.to_numeric(table[column]).astype(kind)
    table["recorded"] = table["rows"] > 0
    return table[[*MEASURES, "recorded"]]


def decades(first: int = 1970, last: int = 2029) -> tuple[tuple[str, int, int], ...]:
    """Ten-year periods ``(label, first year, last year)`` from ``first`` to ``last``.

    Parameters
    ----------
    first : int, default 1970
        First year of the first decade (a year ending in 0 gives the usual decades).
    last : int, default 2029
        The last decade is the one that starts at or before ``last``.

    Returns
    -------
    tuple of (str, int, int)
        E.g. ``("1970s", 1970, 1979)``, in time order.
    """
    return tuple((f"{start}s", start, start + 9) for start in range(first, last + 1, 10))


DEFAULT_PERIODS = decades()


def period_of(years: pd.Series, periods: tuple[tuple[str, int, int], ...] = DEFAULT_PERIODS) -> pd.Series:
    """The period label of each year.

    Years before the first period get ``before <year>``, missing years (and years after
    the last period) :data:`UNDATED`.

    Parameters
    ----------
    years : pandas.Series of int (nullable)
        Calendar years, e.g. the ``year`` column of the ledger.
    periods : tuple of (str, int, int), default ``DEFAULT_PERIODS``
        ``(label, first year, last year)`` in time order, as made by :func:`decades`
        (default: the 1970s to the 2020s).

    Returns
    -------
    pandas.Series of str
        Indexed like ``years``.
    """
    first = periods[0][1]
    labels = []
    for year in years:
        if pd.isna(year):
            labels.append(UNDATED)
        elif int(year) < first:
            labels.append(f"before {first}")
        else:
            labels.append(next((label for label, start, end in periods if start <= int(year) <= end), UNDATED))
    return pd.Series(labels, index=years.index, dtype="object")


def period_order(periods: tuple[tuple[str, int, int], ...] = DEFAULT_PERIODS) -> list[str]:
    """The period labels in time order, as :func:`period_of` writes them.

    Parameters
    ----------
    periods : tuple of (str, int, int), default ``DEFAULT_PERIODS``
        ``(label, first year, last year)`` in time order, as made by :func:`decades`
        (default: the 1970s to the 2020s).

    Returns
    -------
    list of str
        ``before <first year>``, each period's label, then :data:`UNDATED`.
    """
    return [f"before {periods[0][1]}", *[label for label, _, _ in periods], UNDATED]


def by_period(ledger: pd.DataFrame, periods: tuple[tuple[str, int, int], ...] = DEFAULT_PERIODS) -> pd.DataFrame:
    """Condition-1 measures per period, every period listed (empty ones as gaps), undated rows last.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``year`` and the columns :func:`summarise` reads.
    periods : tuple of (str, int, int), default ``DEFAULT_PERIODS``
        ``(label, first year, last year)`` in time order, as made by :func:`decades`
        (default: the 1970s to the 2020s).

    Returns
    -------
    pandas.DataFrame, shape (len(periods) + 2, 15)
        Indexed by ``period`` (:func:`period_order`): the measures of :func:`summarise`
        (counts as nullable integers) and ``recorded`` (False for an empty period).

    Raises
    ------
    KeyError
        When a needed column is not in ``ledger``.
    """
    labels = period_of(ledger["year"], periods)
    groups = {label: ledger[labels == label] for label in period_order(periods)}
    return _table(groups, "period")


def by_project(ledger: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Condition-1 measures per local organisation carrying projects.

    Every local organisation of ``organisations`` is listed: those with no resource in the
    ledger appear with ``rows = 0`` and missing measures, so that a gap in the record stays
    visible. Rows whose project has no organisation are grouped as ``(no organisation)``.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; must hold ``project_org_id`` and the columns :func:`summarise` reads.
    organisations : pandas.DataFrame
        The case organisations (``load.case("organisations")``); reads ``org_id``, ``name``
        and ``scale``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``project_org_id``: the local organisations (by id), then any non-local
        carrier, then ``(no organisation)``; columns ``name``, the measures of
        :func:`summarise` and ``recorded``.

    Raises
    ------
    KeyError
        When a needed column is not in ``ledger`` or ``organisations``.
    """
    local = organisations[organisations["scale"] == "local"].sort_values("org_id")
    names = dict(zip(organisations["org_id"].astype(str), organisations["name"].astype(str)))
    carrier = ledger["project_org_id"].astype("string").fillna("")
    groups = {org: ledger[carrier == org] for org in local["org_id"].astype(str)}
    for org in sorted(set(carrier) - set(groups) - {""}):
        groups[org] = ledger[carrier == org]  # a non-local carrier (kept, not dropped)
    if (carrier == "").any():
        groups[NO_CARRIER] = ledger[carrier == ""]
    table = _table(groups, "project_org_id")
    table.insert(0, "name", [names.get(org, org) for org in table.index])
    return table


def over_time(ledger: pd.DataFrame, periods: tuple[tuple[str, int, int], ...] = DEFAULT_PERIODS) -> pd.DataFrame:
    """The ledger in long form for charts: one row per resource with its period, origin, kind and grade.

    Periods without any resource get one placeholder row with ``recorded = False`` (and no
    origin or kind), so a chart can show the gap instead of leaving it out.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them; reads ``id``, ``year``, ``project``, ``resource``, ``provider``,
        ``source_type``, ``resource_kind``, ``amount_note`` and ``reliability``.
    periods : tuple of (str, int, int), default ``DEFAULT_PERIODS``
        ``(label, first year, last year)`` in time order, as made by :func:`decades`
        (default: the 1970s to the 2020s).

    Returns
    -------
    pandas.DataFrame
        The columns above plus ``period``, ``recorded``, ``period_rank`` (position in
        :func:`period_order`) and ``stack`` (0, 1, … within each period and origin, for
        stacking marks); sorted by period, origin, kind and id; index reset.

    Raises
    ------
    KeyError
        When a needed column is not in ``ledger``.
    """
    rows = ledger.assign(period=period_of(ledger["year"], periods))
    keep = [
        "id",
        "period",
        "year",
        "project",
        "resource",
        "provider",
        "source_type",
        "resource_kind",
        "amount_note",
        "reliability",
    ]
    out = rows[keep].copy()
    out["recorded"] = True
    order = period_order(periods)
    empty = [p for p in order if p not in set(out["period"])]
    if empty:
        gaps = pd.DataFrame({"period": empty, "recorded": False})
        out = pd.concat([out, gaps], ignore_index=True)
    out["period_rank"] = out["period"].map({p: i for i, p in enumerate(order)})
    out = out.sort_values(["period_rank", "source_type", "resource_kind", "id"], na_position="last").reset_index(
        drop=True
    )
    out["stack"] = out.groupby(["period", "source_type"], dropna=False).cumcount()
    return out


def amounts_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The rows with a published amount, with the amount as published (often per person or per lot).

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``, ``data/case/resources.csv``),
        or any subset of them.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``project``, ``provider``, ``source_type``, ``year``, ``amount_cad``
        (Canadian dollars), ``amount_note`` and ``reliability``; index reset.

    Raises
    ------
    KeyError
        When one of these columns is not in ``ledger``.
    """
    amounts = pd.to_numeric(ledger["amount_cad"], errors="coerce")
    return ledger.loc[
        amounts.notna(),
        ["id", "project", "provider", "source_type", "year", "amount_cad", "amount_note", "reliability"],
    ].reset_index(drop=True)


def grades(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows per reliability grade (A-D) for each value of ``by``; absent grades are 0 (counts, not measures).

    Parameters
    ----------
    table : pandas.DataFrame
        Any case table (every one has a ``reliability`` column, graded A to D).
    by : str
        The column to count by (e.g. ``source_type``, ``category``).

    Returns
    -------
    pandas.DataFrame of int
        Indexed by the values of ``by`` (as text), columns ``A``, ``B``, ``C`` and ``D``.

    Raises
    ------
    KeyError
        When ``by`` or ``reliability`` is not a column of ``table``.
    """
    counts = pd.crosstab(table[by].astype(str), table["reliability"].astype(str))
    return counts.reindex(columns=["A", "B", "C", "D"], fill_value=0)


# --------------------------------------------------------------------------------------
# Conditions 2 to 4: organisations, timeline and ties
# --------------------------------------------------------------------------------------

# Which condition a timeline category speaks to, and in what respect. History, services,
# housing, culture and media events are projects, outcomes or context, not conditions. A
# ``policy`` event is a Québec policy open to every rural MRC (the programmes *available*);
# a ``programme`` event names a programme for a Saint-Camille project (a programme *used*).
CATEGORY_CONDITION = {
    "governance": (2, "leadership and recognition"),
    "organisation": (3, "local structure"),
    "conflict": (3, "conflict"),
    "research": (3, "learning and research"),
    "planning": (4, "goal or plan"),
    "policy": (4, "programme available"),
    "programme": (4, "public programme"),
}
PROGRAMME_USED = "{resource} ({provider}) for {project}"
"""How a programme of the resource ledger reads among the events (a :class:`analysis.i18n.Composed`, so that the
French edition writes it from ``case.po``)."""
QUANTIFIED = re.compile(r"\d+\s?%|\d+\s+(?:families|households|lots|residents)")


def condition_events(timeline: pd.DataFrame, resources: pd.DataFrame | None = None, since: int = 1970) -> pd.DataFrame:
    """Timeline events that speak to conditions 2-4, in time order, with their condition and aspect.

    Ledger rows of kind ``programme`` (condition 4) are added when ``resources`` is given,
    marked ``table = resources``; undated ones keep an empty year and sort last. Events
    before ``since`` (the municipality's founding, the parish) are left out.

    Parameters
    ----------
    timeline : pandas.DataFrame
        The case timeline (``load.case("timeline")``); reads ``id``, ``year``,
        ``year_end``, ``category`` (see ``CATEGORY_CONDITION``), ``event``,
        ``organisation_id``, ``reliability``, ``conflict_group`` and ``source_url``.
    resources : pandas.DataFrame, optional
        The resource ledger; reads ``id``, ``year``, ``resource_kind``, ``resource``,
        ``provider``, ``project``, ``provider_org_id``, ``reliability`` and ``source_url``.
    since : int, default 1970
        First year of the timeline events kept.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``id``, ``table``, ``year`` and ``year_end`` (nullable
        integers), ``condition`` (2, 3 or 4), ``aspect``, ``what``, ``organisation``,
        ``reliability``, ``conflict_group``, ``source_url`` and ``quantified_goal`` (a goal
        or plan with a number in it); sorted by year, condition and id. An empty frame
        (no columns) when nothing is kept.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    rows = []
    for _, event in timeline.iterrows():
        if event["category"] not in CATEGORY_CONDITION or int(event["year"]) < since:
            continue
        number, aspect = CATEGORY_CONDITION[event["category"]]
        rows.append(
            {
                "id": event["id"],
                "table": "timeline",
                "year": event["year"],
                "year_end": event["year_end"],
                "condition": number,
                "aspect": aspect,
                "what": event["event"],
                "organisation": event["organisation_id"],
                "reliability": event["reliability"],
                "conflict_group": event["conflict_group"],
                "source_url": event["source_url"],
            }
        )
    if resources is not None:
        for _, row in resources[resources["resource_kind"] == "programme"].iterrows():
            rows.append(
                {
                    "id": row["id"],
                    "table": "resources",
                    "year": row["year"],
                    "year_end": pd.NA,
                    "condition": 4,
                    "aspect": "public programme",
                    "what": Composed(
                        PROGRAMME_USED,
                        resource=Composed(row["resource"]),
                        provider=Composed(row["provider"]),
                        project=Composed(row["project"]),
                    ),
                    "organisation": row["provider_org_id"],
                    "reliability": row["reliability"],
                    "conflict_group": pd.NA,
                    "source_url": row["source_url"],
                }
            )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["year"] = out["year"].astype("Int64")
    out["year_end"] = out["year_end"].astype("Int64")
    out["condition"] = out["condition"].astype("int64")
    out["quantified_goal"] = (out["aspect"] == "goal or plan") & out["what"].str.contains(QUANTIFIED)
    return out.sort_values(["year", "condition", "id"], na_position="last").reset_index(drop=True)


def local_structures(organisations: pd.DataFrame, timeline: pd.DataFrame) -> pd.DataFrame:
    """Local organisations in the order they appear (condition 3), with how each was dated.

    The founding year comes from ``organisations`` when it is published; otherwise the
    first timeline event naming the organisation gives an upper bound (``year_basis``
    says which). Organisations with neither keep an empty year.

    Parameters
    ----------
    organisations : pandas.DataFrame
        The case organisations; reads ``org_id``, ``name``, ``org_type``, ``legal_form``,
        ``founded_year``, ``founded_year_alt``, ``scale`` and ``reliability``.
    timeline : pandas.DataFrame
        The case timeline; reads ``organisation_id`` and ``year``.

    Returns
    -------
    pandas.DataFrame
        One row per local organisation: ``org_id``, ``name``, ``org_type``,
        ``legal_form``, ``year`` and ``year_alt`` (nullable integers), ``year_basis``
        (``founding year``, ``first dated event (founded by then)`` or ``not dated``) and
        ``reliability``; sorted by year (undated last), then name.

    Raises
    ------
    KeyError
        When a needed column is missing (also when there is no local organisation).
    """
    local = organisations[organisations["scale"] == "local"]
    rows = []
    for _, org in local.iterrows():
        events = timeline[timeline["organisation_id"] == org["org_id"]]
        if pd.notna(org["founded_year"]):
            year, basis = int(org["founded_year"]), YEAR_BASES[0]
        elif not events.empty:
            year, basis = int(events["year"].min()), YEAR_BASES[1]
        else:
            year, basis = None, YEAR_BASES[2]
        rows.append(
            {
                "org_id": org["org_id"],
                "name": org["name"],
                "org_type": org["org_type"],
                "legal_form": org["legal_form"],
                "year": year,
                "year_alt": org["founded_year_alt"],
                "year_basis": basis,
                "reliability": org["reliability"],
            }
        )
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    out["year_alt"] = out["year_alt"].astype("Int64")
    return out.sort_values(["year", "name"], na_position="last").reset_index(drop=True)


def goals_and_programmes(timeline: pd.DataFrame, resources: pd.DataFrame) -> pd.DataFrame:
    """Condition 4 in time order: plans and goals beside the public programmes.

    Plans and goals come from the timeline (category ``planning``), programmes from the
    timeline (category ``programme``) and the ledger (kind ``programme``).

    Parameters
    ----------
    timeline, resources : pandas.DataFrame
        As in :func:`condition_events`.

    Returns
    -------
    pandas.DataFrame
        The condition-4 rows of :func:`condition_events`, index reset.

    Raises
    ------
    KeyError
        When a needed column is missing, or no event speaks to conditions 2-4.
    """
    events = condition_events(timeline, resources)
    return events[events["condition"] == 4].reset_index(drop=True)


def first_year(events: pd.DataFrame, aspect: str) -> int | None:
    """First dated year of an aspect (e.g. ``goal or plan``) in a :func:`condition_events` table.

    Parameters
    ----------
    events : pandas.DataFrame
        The result of :func:`condition_events`.
    aspect : str
        One of the aspects of ``CATEGORY_CONDITION`` (e.g. ``"public programme"``).

    Returns
    -------
    int or None
        None when no row of that aspect has a year.
    """
    years = events.loc[events["aspect"] == aspect, "year"].dropna()
    return int(years.min()) if len(years) else None


# --------------------------------------------------------------------------------------
# Selection on the outcome: the places a comparison would need
# --------------------------------------------------------------------------------------


def comparable_places(
    municipalities: pd.DataFrame,
    target: str = SAINT_CAMILLE,
    remoteness_tolerance: float = 0.05,
    population_ratio: tuple[float, float] = (0.5, 2.0),
) -> pd.DataFrame:
    """The first edition's selection: municipalities that resemble ``target`` on 2016 values.

    Same SAC class and rural flag in 2016, remoteness within ``remoteness_tolerance`` and
    2016 census population within ``population_ratio`` of the target's. Two of these
    criteria are measured after the initiatives and may be their effects (the 2016
    population grew with the newcomers; the SAC class and rural flag come from 2016
    commuting flows), so this is not a pre-treatment match: the before/after design is
    :func:`analysis.analyses.case.comparison.match_comparables` (2006 values). Kept
    unchanged for the first edition's chapter 5.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``load.municipalities()``); reads ``csd_uid``, ``name``,
        ``mrc_name``, ``region_name``, ``pop_census_2016``, ``remoteness_2016``,
        ``sac_class_2016`` and ``rural_urban_2016``.
    target : str, default Saint-Camille (``"2440025"``)
        7-digit census subdivision code of the place to match.
    remoteness_tolerance : float, default 0.05
        Largest absolute difference on the Index of Remoteness (0-1 scale).
    population_ratio : (float, float), default (0.5, 2.0)
        Bounds on the 2016 population, as multiples of the target's (inclusive).

    Returns
    -------
    pandas.DataFrame
        ``csd_uid``, ``name``, ``mrc_name``, ``region_name``, ``pop_census_2016``,
        ``remoteness_2016`` and ``sac_class_2016`` of the candidates (the target excluded),
        sorted by region and name; index reset.

    Raises
    ------
    IndexError
        When ``target`` is not in ``municipalities``.
    KeyError
        When a needed column is missing.

    References
    ----------
    Statistics Canada, Statistical Area Classification 2016; Statistics Canada, Index of
    Remoteness 2016 (17-26-0001); Statistics Canada, LODE rural viewer 2016 (rural/urban
    flag); Statistics Canada, Census Profile 2016 (98-401-X2016065).
    """
    this = municipalities.loc[municipalities["csd_uid"] == target].iloc[0]
    remoteness = municipalities["remoteness_2016"].astype("float64")
    population = municipalities["pop_census_2016"].astype("float64")
    low, high = population_ratio
    keep = (
        (municipalities["csd_uid"] != target)
        & (municipalities["sac_class_2016"] == this["sac_class_2016"])
        & (municipalities["rural_urban_2016"] == this["rural_urban_2016"])
        & ((remoteness - float(this["remoteness_2016"])).abs() <= remoteness_tolerance)
        & population.between(low * float(this["pop_census_2016"]), high * float(this["pop_census_2016"]))
    )
    columns = ["csd_uid", "name", "mrc_name", "region_name", "pop_census_2016", "remoteness_2016", "sac_class_2016"]
    return municipalities.loc[keep.fillna(False), columns].sort_values(["region_name", "name"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Socio-territorial capital: the ledger by sector over time
# --------------------------------------------------------------------------------------

SECTORS = (
    "local community",
    "local public",
    "outside public",
    "outside civil or market",
    "outside unclassified",
    "mixed",
)
"""Who provided a resource: the village's residents, co-operatives and associations (local
community); the municipality itself (local public: the public economy at the village's own scale);
public bodies outside the village (ministries, agencies, programmes, the MRC); other outside
bodies (universities, networks, financial co-operatives, firms); outside providers not in
organisations.csv (several bodies named together); or both origins in one figure (mixed)."""
PUBLIC_TYPES = ("public_agency", "municipal")


def provider_sector(ledger: pd.DataFrame, organisations: pd.DataFrame) -> pd.Series:
    """The sector of each resource's provider (one of ``SECTORS``).

    Endogenous rows are ``local public`` when the provider is the municipality (an
    organisation of type ``municipal`` at local scale), else ``local community``;
    exogenous rows are ``outside public`` when the provider is a public agency or a
    supralocal government, ``outside civil or market`` when it is another organisation of
    organisations.csv, and ``outside unclassified`` when the row names no organisation (a
    list of several providers); mixed rows are ``mixed``.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Rows of the resource ledger (``load.case("resources")``); reads ``source_type``
        and ``provider_org_id``.
    organisations : pandas.DataFrame
        ``load.case("organisations")``; reads ``org_id``, ``org_type`` and ``scale``.

    Returns
    -------
    pandas.Series of str
        Indexed like ``ledger``.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    types = organisations.set_index("org_id")["org_type"].astype(str)
    scales = organisations.set_index("org_id")["scale"].astype(str)
    out = []
    for _, row in ledger.iterrows():
        org = row["provider_org_id"]
        org_type = types.get(org) if pd.notna(org) else None
        scale = scales.get(org) if pd.notna(org) else None
        if row["source_type"] == "mixed":
            out.append("mixed")
        elif row["source_type"] == "endogenous":
            out.append("local public" if org_type == "municipal" and scale == "local" else "local community")
        elif org_type is None:
            out.append("outside unclassified")
        elif org_type in PUBLIC_TYPES:
            out.append("outside public")
        else:
            out.append("outside civil or market")
    return pd.Series(out, index=ledger.index, dtype="object")


def capital_by_period(
    ledger: pd.DataFrame, organisations: pd.DataFrame, periods: tuple[tuple[str, int, int], ...] = DEFAULT_PERIODS
) -> pd.DataFrame:
    """Resources by period and provider sector: the ledger read as socio-territorial capital over time.

    Klein's socio-territorial capital is built when local actors combine endogenous and
    exogenous resources; this table shows, period by period, which sectors the recorded
    resources came from, empty periods included (rows, not money: amounts are too rarely
    published to be summed).

    Parameters
    ----------
    ledger, organisations : pandas.DataFrame
        As in :func:`provider_sector`; ``ledger`` also needs ``year``.
    periods : tuple of (str, int, int), default ``DEFAULT_PERIODS``
        As made by :func:`decades`.

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``period`` (:func:`period_order`), one column per sector of ``SECTORS``
        and ``total``; counts of ledger rows.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    frame = pd.DataFrame(
        {"period": period_of(ledger["year"], periods), "sector": provider_sector(ledger, organisations)}
    )
    table = pd.crosstab(frame["period"], frame["sector"])
    table = table.reindex(index=period_order(periods), columns=list(SECTORS), fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.index.name = "period"
    table.columns.name = None
    return table


# --------------------------------------------------------------------------------------
# Condition 4 revisited: goals, programmes available, programmes used
# --------------------------------------------------------------------------------------

PROGRAMME_KINDS = ("contract_programme", "experimentation_programme")
"""Kinds of policies.csv rows that are programmes a rural municipality could draw on."""


def programmes_available(policies: pd.DataFrame, levels: tuple[str, ...] = ("national", "regional")) -> pd.DataFrame:
    """The programmes open to rural municipalities, by the years they ran (policies.csv).

    Parameters
    ----------
    policies : pandas.DataFrame
        ``load.case("policies")``; reads ``policy_id``, ``name``, ``level``, ``kind``,
        ``year_start``, ``year_end``, ``reliability`` and ``conflict_group``.
    levels : tuple of str, default ("national", "regional")
        Levels kept.

    Returns
    -------
    pandas.DataFrame
        The rows of kind ``PROGRAMME_KINDS`` at those levels, with the columns above, sorted
        by ``year_start`` and id; index reset.

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    keep = policies["kind"].isin(PROGRAMME_KINDS) & policies["level"].isin(levels)
    columns = ["policy_id", "name", "level", "kind", "year_start", "year_end", "reliability", "conflict_group"]
    return policies.loc[keep, columns].sort_values(["year_start", "policy_id"]).reset_index(drop=True)


def goals_and_programmes_order(
    objective: pd.DataFrame, policies: pd.DataFrame, timeline: pd.DataFrame, resources: pd.DataFrame
) -> pd.DataFrame:
    """When goals were set, when programmes became available, when a programme is first documented for the village.

    The first edition read condition 4 ("goals that use public programmes") from the
    timeline and the ledger only, where the first programme is the laboratoire rural of
    c. 2009; the pactes ruraux open to every rural MRC from 2002 were missing. This table
    sets the milestones side by side:

    * ``first plan`` — the earliest dated plan or call of objective.csv (any dated kind
      but ``later_target``);
    * ``objective adopted`` — the earliest row of start kind ``adoption``;
    * ``programme available`` — the earliest programme of :func:`programmes_available`;
    * ``programme documented for the village`` — the earliest dated public programme of
      :func:`condition_events` (timeline programme events and ledger programme rows).

    Parameters
    ----------
    objective : pandas.DataFrame
        ``load.case("objective")``; reads ``id``, ``start_year``, ``start_kind`` and ``reliability``.
    policies : pandas.DataFrame
        ``load.case("policies")`` (:func:`programmes_available`).
    timeline, resources : pandas.DataFrame
        As in :func:`condition_events`.

    Returns
    -------
    pandas.DataFrame
        One row per milestone: ``milestone``, ``year`` (nullable integer: missing when none
        is dated), ``what`` and ``ids`` (the rows that date it) and ``reliability`` (their best
        grade).

    Raises
    ------
    KeyError
        When a needed column is missing.
    """
    rank = {g: i for i, g in enumerate(("A", "B", "C", "D"))}

    def pick(frame: pd.DataFrame, year_column: str, what_column: str, id_column: str) -> dict:
        dated = frame[frame[year_column].notna()]
        if dated.empty:
            return {"year": pd.NA, "what": "", "ids": "", "reliability": ""}
        year = int(dated[year_column].min())
        first = dated[dated[year_column] == year]
        grades = sorted(first["reliability"].astype(str), key=rank.get)
        return {
            "year": year,
            "what": "; ".join(first[what_column].astype(str)),
            "ids": "; ".join(first[id_column].astype(str)),
            "reliability": grades[0],
        }

    plans = objective[objective["start_kind"] != "later_target"]
    adopted = objective[objective["start_kind"] == "adoption"]
    available = programmes_available(policies)
    events = condition_events(timeline, resources)
    used = events[events["aspect"] == "public programme"] if not events.empty else events
    picked = (
        pick(plans, "start_year", "wording", "id"),
        pick(adopted, "start_year", "wording", "id"),
        pick(available, "year_start", "name", "policy_id"),
        pick(used, "year", "what", "id"),
    )
    rows = [{"milestone": milestone, **values} for milestone, values in zip(MILESTONES, picked, strict=True)]
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    return out
