"""The organisation network of Saint-Camille, built from the published ties.

Nodes are the organisations of ``data/case/organisations.csv`` with their scale (local,
regional, national, international) and type; edges are the ties of
``data/case/ties.csv``. In the vocabulary of Woolcock and Narayan, a tie between two
local organisations is **bonding**, a tie between a local organisation and a supralocal
one is **bridging**, and a tie between two supralocal bodies (a ministry funding a research
centre, say) is **outside**: it belongs to the chain that reaches the village but touches
no village organisation.

The network is a record of *published* ties: a tie that nobody wrote about is absent, and
a body that studied the village appears as tied to it. All measures count ties (a pair of
organisations linked in two ways counts twice) and treat ties as undirected; the direction
(``org_from`` -> ``org_to``) is kept in the edge table for reading.

People enter only in their published public roles (``data/case/people.csv``): a person with
roles both in a village organisation and in a supralocal body carried a tie between them
(:func:`person_ties`). For those ties, and as a second reading of the organisation ties,
Szreter and Woolcock's typology is used (:func:`szreter_woolcock`): *bonding* within the
village, *bridging* to supralocal bodies of the same kind (unions, networks, universities),
*linking* across a gradient of formal authority (public agencies and programmes, supralocal
governments).

Everything here is plain pandas; the layouts (:func:`column_layout`, :func:`people_layout`) are
deterministic and put every name outside the ties, so the figures read on a phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

SCALES = ("local", "regional", "national", "international")
SUPRALOCAL = SCALES[1:]
RELATIONS = ("bonding", "bridging", "outside")
TIE_TYPES = ("funding", "membership", "founding", "ownership", "partnership", "knowledge", "service")
KNOWLEDGE_TYPES = ("knowledge", "partnership")  # research, studies, training, exchanges


def relation(scale_from: str, scale_to: str) -> str:
    """``bonding`` (both ends local), ``bridging`` (exactly one end local) or ``outside`` (neither).

    Parameters
    ----------
    scale_from, scale_to : {"local", "regional", "national", "international"}
        The scales of the two organisations of a tie (``SCALES``).

    Returns
    -------
    str
        One of ``RELATIONS``.

    Raises
    ------
    ValueError
        When a scale is not one of ``SCALES``.

    References
    ----------
    Woolcock, M. and Narayan, D. (2000). Social capital: implications for development
    theory, research, and policy. *The World Bank Research Observer*, 15(2), 225–249.
    Szreter, S. and Woolcock, M. (2004). Health by association? Social capital, social
    theory, and the political economy of public health. *International Journal of
    Epidemiology*, 33(4), 650–667. Their typology is bonding / bridging / *linking*
    (ties across power gradients, e.g. with public bodies); the split here is by scale
    only, so a local organisation's tie to a ministry, which they would call linking, is
    counted here as bridging, and ``outside`` has no counterpart in it.
    """
    for scale in (scale_from, scale_to):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}")
    local_ends = (scale_from == "local") + (scale_to == "local")
    return {2: "bonding", 1: "bridging", 0: "outside"}[local_ends]


@dataclass(frozen=True)
class Network:
    """Nodes (one per organisation) and edges (one per published tie).

    Built by :func:`build`.

    Attributes
    ----------
    nodes : pandas.DataFrame
        ``org_id``, ``name``, ``org_type``, ``scale`` and ``local`` (bool), sorted by id.
    edges : pandas.DataFrame
        ``id``, ``org_from``, ``org_to``, ``tie_type``, ``year``, ``description``,
        ``reliability``, ``scale_from``, ``scale_to`` and ``relation`` (:func:`relation`),
        sorted by id.
    """

    nodes: pd.DataFrame  # org_id, name, org_type, scale, local
    edges: pd.DataFrame  # id, org_from, org_to, tie_type, year, reliability, scale_from, scale_to, relation

    # ---- counts and shares ---------------------------------------------------------
    def relation_counts(self) -> pd.DataFrame:
        """Ties per relation (bonding, bridging, outside) and their share of all ties.

        Returns
        -------
        pandas.DataFrame, shape (3, 2)
            Indexed by ``relation`` (``RELATIONS`` order): ``ties`` (count) and ``share``
            (between 0 and 1; NaN when there is no tie).
        """
        counts = self.edges["relation"].value_counts().reindex(RELATIONS, fill_value=0)
        total = int(counts.sum())
        return pd.DataFrame(
            {
                "ties": counts.astype("int64"),
                "share": counts / total if total else float("nan"),
            }
        ).rename_axis("relation")

    def bridging_share(self) -> float:
        """Bridging ties / ties that touch at least one local organisation (bonding + bridging).

        The share of the village's recorded ties that reach outside it; ties between two
        outside bodies are left out of both numerator and denominator.

        Returns
        -------
        float
            Between 0 and 1; NaN without any bonding or bridging tie.
        """
        counts = self.relation_counts()["ties"]
        touching = counts["bonding"] + counts["bridging"]
        return float(counts["bridging"] / touching) if touching else float("nan")

    def by_type(self) -> pd.DataFrame:
        """Ties by relation and tie type (counts).

        Returns
        -------
        pandas.DataFrame of int, shape (3, types)
            Rows: ``RELATIONS``; columns: the tie types present, in ``TIE_TYPES`` order.
        """
        table = pd.crosstab(self.edges["relation"], self.edges["tie_type"])
        return table.reindex(index=RELATIONS, columns=[t for t in TIE_TYPES if t in table.columns], fill_value=0)

    def knowledge_share_of_bridging(self) -> float:
        """Share of the bridging ties that are knowledge or partnership ties, not money, membership or founding.

        Knowledge and partnership ties (``KNOWLEDGE_TYPES``) are studies, courses, research
        and exchanges.

        Returns
        -------
        float
            Between 0 and 1; NaN without any bridging tie.
        """
        bridging = self.edges[self.edges["relation"] == "bridging"]
        return float(bridging["tie_type"].isin(KNOWLEDGE_TYPES).mean()) if len(bridging) else float("nan")

    # ---- per organisation ------------------------------------------------------------
    def degree(self) -> pd.DataFrame:
        """Per organisation: ties (degree), distinct partners, and ties by relation; isolates included.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``org_id``: ``name``, ``org_type``, ``scale``, ``degree`` (ties, each
            counted at both ends), ``partners`` (distinct organisations at the other end),
            and ``bonding``, ``bridging`` and ``outside`` (ties of each relation); most ties
            first, then by name.
        """
        ends = pd.concat(
            [
                self.edges[["org_from", "org_to", "relation"]].rename(
                    columns={"org_from": "org_id", "org_to": "other"}
                ),
                self.edges[["org_to", "org_from", "relation"]].rename(
                    columns={"org_to": "org_id", "org_from": "other"}
                ),
            ],
            ignore_index=True,
        )
        by_relation = pd.crosstab(ends["org_id"], ends["relation"]).reindex(columns=RELATIONS, fill_value=0)
        table = self.nodes.set_index("org_id")[["name", "org_type", "scale"]].copy()
        table["degree"] = ends["org_id"].value_counts().reindex(table.index, fill_value=0).astype("int64")
        table["partners"] = ends.groupby("org_id")["other"].nunique().reindex(table.index, fill_value=0).astype("int64")
        for rel in RELATIONS:
            table[rel] = by_relation[rel].reindex(table.index, fill_value=0).astype("int64")
        return table.sort_values(["degree", "name"], ascending=[False, True])

    def brokers(self) -> pd.DataFrame:
        """Local organisations that hold at least one bridging tie, most bridging ties first.

        Returns
        -------
        pandas.DataFrame
            The rows of :meth:`degree` for those organisations.
        """
        degree = self.degree()
        local = degree[(degree["scale"] == "local") & (degree["bridging"] > 0)]
        return local.sort_values(["bridging", "name"], ascending=[False, True])

    def local_with_bridging_share(self) -> float:
        """Share of the local organisations (all of them, isolates included) with at least one bridging tie.

        Returns
        -------
        float
            Between 0 and 1; NaN without any local organisation.
        """
        degree = self.degree()
        local = degree[degree["scale"] == "local"]
        return float((local["bridging"] > 0).mean()) if len(local) else float("nan")

    def isolates(self) -> pd.DataFrame:
        """Organisations with no recorded tie.

        Returns
        -------
        pandas.DataFrame
            The rows of :meth:`degree` with ``degree == 0``.
        """
        degree = self.degree()
        return degree[degree["degree"] == 0]

    def summary(self) -> dict:
        """The network's headline counts and shares, for the text.

        Returns
        -------
        dict
            ``organisations``, ``local_organisations``, ``ties``, ``bonding``, ``bridging``,
            ``outside`` and ``isolates`` (counts); ``bridging_share``,
            ``local_with_bridging_share`` and ``knowledge_share_of_bridging`` (shares between 0
            and 1, or NaN, unrounded).
        """
        counts = self.relation_counts()["ties"]
        return {
            "organisations": len(self.nodes),
            "local_organisations": int(self.nodes["local"].sum()),
            "ties": len(self.edges),
            "bonding": int(counts["bonding"]),
            "bridging": int(counts["bridging"]),
            "outside": int(counts["outside"]),
            "bridging_share": self.bridging_share(),
            "local_with_bridging_share": self.local_with_bridging_share(),
            "knowledge_share_of_bridging": self.knowledge_share_of_bridging(),
            "isolates": len(self.isolates()),
        }


def build(ties: pd.DataFrame, organisations: pd.DataFrame) -> Network:
    """The network from the ties and organisations tables (as loaded by :func:`analysis.data.load.case`).

    Parameters
    ----------
    ties : pandas.DataFrame
        ``load.case("ties")``; reads ``id``, ``org_from``, ``org_to``, ``tie_type``,
        ``year``, ``description`` and ``reliability``.
    organisations : pandas.DataFrame
        ``load.case("organisations")``; reads ``org_id``, ``name``, ``org_type`` and
        ``scale`` (one of ``SCALES``).

    Returns
    -------
    Network

    Raises
    ------
    ValueError
        When a tie names an organisation that is not in ``organisations``, or an
        organisation's scale is not one of ``SCALES`` (:func:`relation`).
    KeyError
        When a needed column is missing.
    """
    nodes = organisations[["org_id", "name", "org_type", "scale"]].astype(str).copy()
    nodes["local"] = nodes["scale"] == "local"
    nodes = nodes.sort_values("org_id").reset_index(drop=True)
    scale = dict(zip(nodes["org_id"], nodes["scale"]))
    unknown = sorted((set(ties["org_from"].astype(str)) | set(ties["org_to"].astype(str))) - set(scale))
    if unknown:
        raise ValueError(f"ties name organisations missing from organisations.csv: {unknown}")
    columns = ["id", "org_from", "org_to", "tie_type", "year", "description", "reliability"]
    edges = ties[columns].copy()
    for column in ("id", "org_from", "org_to", "tie_type", "reliability"):
        edges[column] = edges[column].astype(str)
    edges["scale_from"] = edges["org_from"].map(scale)
    edges["scale_to"] = edges["org_to"].map(scale)
    edges["relation"] = [relation(a, b) for a, b in zip(edges["scale_from"], edges["scale_to"])]
    return Network(nodes=nodes, edges=edges.sort_values("id").reset_index(drop=True))


# Short labels for the figure where the published name is long (the tooltip keeps the full name).
SHORT_LABELS = {
    "aafc-coop-secretariat": "AAFC Co-operatives Secretariat",
    "agenda21c": "Agenda 21 de la culture",
    "cld-asbestos": "CLD of the MRC d'Asbestos",
    "caisse-economie-solidaire": "Caisse d'économie solidaire",
    "cle-des-champs": "La Clé des champs",
    "coop-habitation-presbytere": "Seniors' housing co-op",
    "corporation-dev": "Corporation de développement",
    "gouv-quebec-pnr": "Québec rural policy (PNR)",
    "mder": "MDER (Québec)",
    "municipalite": "Municipality of Saint-Camille",
    "ptit-bonheur": "Le P'tit Bonheur",
    "rang13": "Rang 13 co-op",
}
ACRONYM = re.compile(r"^(?:[A-Z][A-Z/ ]+|La [^()]+|Le [^()]+)$")


def short_name(org_id: str, name: str, limit: int = 30) -> str:
    """A label for the figure.

    :data:`SHORT_LABELS` when the organisation has one, else an acronym or short name
    given in parentheses at the end of the name (``CIMR``, ``La Corvée``), else the name
    before any parenthesis or dash, cut to ``limit`` characters (with an ellipsis).

    Parameters
    ----------
    org_id : str
        The organisation id (``organisations.csv``).
    name : str
        Its published name.
    limit : int, default 30
        Longest label, in characters.

    Returns
    -------
    str
    """
    if org_id in SHORT_LABELS:
        return SHORT_LABELS[org_id]
    inner = re.search(r"\(([^()]+)\)\s*$", name)
    if inner and ACRONYM.match(inner.group(1)):
        return inner.group(1)
    for separator in (" (", " — "):
        name = name.split(separator)[0]
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------
# People in their public roles: bonding, bridging and linking (Szreter & Woolcock)
# --------------------------------------------------------------------------------------

SZW_CLASSES = ("bonding", "bridging", "linking", "outside")
"""Szreter and Woolcock's typology, plus ``outside`` for ties with no local end."""
AUTHORITY_TYPES = ("public_agency", "municipal")
"""Organisation types that stand across a gradient of formal power or authority from a village
organisation when they are supralocal: ministries, agencies and programmes, supralocal
governments (MRCs). A tie from the village to one of them is *linking*; to another supralocal
body (a union, a network, a university, a financial co-operative) it is *bridging*. A municipal
body that does not govern the village (another MRC, a village abroad) is a peer: a tie to it
is *bridging* (see :func:`governing_bodies`)."""


def szreter_woolcock(scale_a: str, type_a: str, scale_b: str, type_b: str, peer: bool = False) -> str:
    """Class of a tie by Szreter and Woolcock: bonding, bridging, linking, or outside (no local end).

    Both ends local: ``bonding``. One end local and the other a supralocal body of a type
    in ``AUTHORITY_TYPES`` (a public agency or programme, a supralocal government):
    ``linking``, unless ``peer`` says that body has no authority over the village (a
    municipal body elsewhere). One end local and the other another supralocal body:
    ``bridging``. No local end: ``outside``.

    Parameters
    ----------
    scale_a, scale_b : {"local", "regional", "national", "international"}
        Scales of the two organisations (``SCALES``).
    type_a, type_b : str
        Their ``org_type`` (organisations.csv).
    peer : bool, default False
        The supralocal end is a peer of the village, not an authority over it.

    Returns
    -------
    str
        One of ``SZW_CLASSES``.

    Raises
    ------
    ValueError
        When a scale is not one of ``SCALES``.

    References
    ----------
    Szreter, S. and Woolcock, M. (2004). Health by association? Social capital, social
    theory, and the political economy of public health. *International Journal of
    Epidemiology*, 33(4), 650–667.
    """
    base = relation(scale_a, scale_b)
    if base != "bridging":
        return base
    other_type = type_b if scale_a == "local" else type_a
    return "linking" if other_type in AUTHORITY_TYPES and not peer else "bridging"


def governing_bodies(network: Network) -> set[str]:
    """The supralocal municipal bodies that govern the village: those a village organisation is a member of.

    The municipality is a member of its MRC (a ``membership`` tie), which is a supralocal
    government over it; another MRC that visited, or a village abroad, is a peer.

    Parameters
    ----------
    network : Network
        Built by :func:`build` (edges with ``org_from``, ``org_to``, ``tie_type``,
        ``scale_from``, ``scale_to``).

    Returns
    -------
    set of str
        ``org_id`` of the supralocal ends of membership ties from a local organisation.
    """
    edges = network.edges
    member = edges[(edges["tie_type"] == "membership") & (edges["scale_from"] == "local")]
    return set(member.loc[member["scale_to"] != "local", "org_to"])


def affiliations(people: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Each published public role as a tie between a person and an organisation, with the organisation's scale.

    Parameters
    ----------
    people : pandas.DataFrame
        ``load.case("people")``; reads ``id``, ``person_id``, ``name``, ``role``,
        ``role_kind``, ``org_id``, ``year_start``, ``year_end`` and ``reliability``.
    organisations : pandas.DataFrame
        ``load.case("organisations")``; reads ``org_id``, ``name``, ``org_type`` and ``scale``.

    Returns
    -------
    pandas.DataFrame
        One row per role: the columns above plus ``org_name``, ``org_type``, ``scale`` and
        ``local`` (bool); sorted by person and id.

    Raises
    ------
    ValueError
        When a role names an organisation that is not in ``organisations``.
    KeyError
        When a needed column is missing.
    """
    columns = ["id", "person_id", "name", "role", "role_kind", "org_id", "year_start", "year_end", "reliability"]
    rows = people[columns].copy()
    orgs = organisations.set_index("org_id")
    unknown = sorted(set(rows["org_id"].astype(str)) - set(orgs.index.astype(str)))
    if unknown:
        raise ValueError(f"roles name organisations missing from organisations.csv: {unknown}")
    rows["org_name"] = rows["org_id"].map(orgs["name"]).astype(str)
    rows["org_type"] = rows["org_id"].map(orgs["org_type"]).astype(str)
    rows["scale"] = rows["org_id"].map(orgs["scale"]).astype(str)
    rows["local"] = rows["scale"] == "local"
    return rows.sort_values(["person_id", "id"]).reset_index(drop=True)


RELIABILITY_ORDER = ("A", "B", "C", "D")


def role_years(people: pd.DataFrame, person_id: str, org_id: str) -> tuple[float, float]:
    """First and last year of a person's published role in an organisation (NaN when not published or absent).

    Parameters
    ----------
    people : pandas.DataFrame
        ``load.case("people")``; reads ``person_id``, ``org_id``, ``year_start`` and ``year_end``.
    person_id, org_id : str

    Returns
    -------
    (float, float)
        The earliest ``year_start`` and the latest ``year_end`` of the matching roles; NaN
        for a year that is not published, or when the person holds no role there.
    """
    rows = people[(people["person_id"] == person_id) & (people["org_id"] == org_id)]
    start, end = rows["year_start"].dropna(), rows["year_end"].dropna()
    return (float(start.min()) if len(start) else float("nan"), float(end.max()) if len(end) else float("nan"))


def person_ties(people: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """The ties people carried: for each person, every pair of a local and a supralocal organisation they held roles in.

    A person with public roles both in a village organisation and in a supralocal body is a
    bridge between them; the pair is classed by :func:`szreter_woolcock` (bridging, or
    linking when the supralocal body is a public authority). The grade of a pair is the
    weaker grade of its two roles. Whether the two roles overlapped in time is given when
    both are dated.

    Parameters
    ----------
    people, organisations : pandas.DataFrame
        As in :func:`affiliations`.

    Returns
    -------
    pandas.DataFrame
        One row per (person, local organisation, supralocal organisation): ``person_id``,
        ``name``, ``local_org``, ``local_role``, ``supralocal_org``, ``supralocal_role``,
        ``supralocal_scale``, ``tie_class``, ``overlap`` (``"yes"``, ``"no"`` or
        ``"not dated"``) and ``reliability``; sorted by person and organisations. Empty
        (same columns) when nobody holds roles at both scales.

    Raises
    ------
    ValueError
        When a role names an unknown organisation (:func:`affiliations`).
    """
    roles = affiliations(people, organisations)
    rows = []
    for person, part in roles.groupby("person_id"):
        for _, local in part[part["local"]].iterrows():
            for _, outer in part[~part["local"]].iterrows():
                years = [local["year_start"], local["year_end"], outer["year_start"], outer["year_end"]]
                if any(pd.isna(y) for y in (local["year_start"], outer["year_start"])):
                    overlap = "not dated"
                else:
                    end_local = local["year_end"] if pd.notna(years[1]) else 9999
                    end_outer = outer["year_end"] if pd.notna(years[3]) else 9999
                    overlap = "yes" if max(years[0], years[2]) <= min(end_local, end_outer) else "no"
                grade = max(str(local["reliability"]), str(outer["reliability"]), key=RELIABILITY_ORDER.index)
                rows.append(
                    {
                        "person_id": person,
                        "name": local["name"],
                        "local_org": local["org_id"],
                        "local_role": local["role"],
                        "supralocal_org": outer["org_id"],
                        "supralocal_role": outer["role"],
                        "supralocal_scale": outer["scale"],
                        "tie_class": szreter_woolcock(
                            local["scale"], local["org_type"], outer["scale"], outer["org_type"]
                        ),
                        "overlap": overlap,
                        "reliability": grade,
                    }
                )
    columns = [
        "person_id",
        "name",
        "local_org",
        "local_role",
        "supralocal_org",
        "supralocal_role",
        "supralocal_scale",
        "tie_class",
        "overlap",
        "reliability",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["person_id", "local_org", "supralocal_org"]).reset_index(drop=True)


def organisation_tie_classes(network: Network, organisations: pd.DataFrame) -> pd.DataFrame:
    """The published ties between organisations classed by Szreter and Woolcock (bonding, bridging, linking, outside).

    Parameters
    ----------
    network : Network
        Built by :func:`build`.
    organisations : pandas.DataFrame
        ``load.case("organisations")``; reads ``org_id`` and ``org_type``.

    Returns
    -------
    pandas.DataFrame
        The edge table of ``network`` with ``type_from``, ``type_to`` and ``tie_class``; a
        municipal body outside the village that does not govern it (:func:`governing_bodies`)
        is a peer, so a tie to it is bridging.

    Raises
    ------
    KeyError
        When ``org_type`` is missing.
    """
    types = organisations.set_index("org_id")["org_type"].astype(str)
    governing = governing_bodies(network)
    edges = network.edges.copy()
    edges["type_from"] = edges["org_from"].map(types)
    edges["type_to"] = edges["org_to"].map(types)
    peers = [
        (t == "municipal" and o not in governing)
        for o, t in zip(
            edges["org_to"].where(edges["scale_from"] == "local", edges["org_from"]),
            edges["type_to"].where(edges["scale_from"] == "local", edges["type_from"]),
        )
    ]
    edges["tie_class"] = [
        szreter_woolcock(a, ta, b, tb, peer)
        for a, ta, b, tb, peer in zip(
            edges["scale_from"], edges["type_from"], edges["scale_to"], edges["type_to"], peers
        )
    ]
    return edges


def people_summary(people: pd.DataFrame, organisations: pd.DataFrame, network: Network | None = None) -> dict:
    """The counts chapter 5 quotes about people in their public roles and the ties they carried.

    Parameters
    ----------
    people, organisations : pandas.DataFrame
        As in :func:`affiliations`.
    network : Network, optional
        The organisation network (:func:`build`): adds the Szreter-Woolcock classes of the
        organisation ties (``org_<class>`` for each class of ``SZW_CLASSES``).

    Returns
    -------
    dict
        ``people``, ``roles``, ``roles_graded_a_or_b``, ``local_roles``, ``supralocal_roles``,
        ``people_local_only``, ``people_spanning`` (people with roles at both scales),
        ``person_ties`` (pairs of :func:`person_ties`), ``person_ties_bridging`` and
        ``person_ties_linking``, ``person_ties_overlapping`` (pairs whose roles overlapped in
        time), ``person_ties_graded_a_or_b``; with ``network``, ``org_<class>``. Counts.

    Raises
    ------
    ValueError
        When a role names an unknown organisation (:func:`affiliations`).
    """
    roles = affiliations(people, organisations)
    ties = person_ties(people, organisations)
    scales = roles.groupby("person_id")["local"].agg(["any", "all"])
    out = {
        "people": int(roles["person_id"].nunique()),
        "roles": int(len(roles)),
        "roles_graded_a_or_b": int(roles["reliability"].isin(["A", "B"]).sum()),
        "local_roles": int(roles["local"].sum()),
        "supralocal_roles": int((~roles["local"]).sum()),
        "people_local_only": int(scales["all"].sum()),
        "people_spanning": int((scales["any"] & ~scales["all"]).sum()),
        "person_ties": int(len(ties)),
        "person_ties_bridging": int((ties["tie_class"] == "bridging").sum()),
        "person_ties_linking": int((ties["tie_class"] == "linking").sum()),
        "person_ties_overlapping": int((ties["overlap"] == "yes").sum()),
        "person_ties_graded_a_or_b": int(ties["reliability"].isin(["A", "B"]).sum()),
    }
    if network is not None:
        classes = organisation_tie_classes(network, organisations)["tie_class"]
        for name in SZW_CLASSES:
            out[f"org_{name}"] = int((classes == name).sum())
    return out


# --------------------------------------------------------------------------------------
# Two-column layouts that read on a phone: labels outside, ties in between
# --------------------------------------------------------------------------------------

ARC_POINTS = 13
"""Points sampled along each curved tie (a quadratic Bézier curve) of the column layouts."""


def _bezier(x0: float, y0: float, x1: float, y1: float, cx: float, cy: float, n: int = ARC_POINTS) -> list:
    """``n`` points of the quadratic Bézier curve from (x0, y0) to (x1, y1) with control point (cx, cy)."""
    points = []
    for i in range(n):
        t = i / (n - 1)
        points.append(
            ((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1, (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1)
        )
    return points


def _spread(count: int, top: float = 0.0, bottom: float = 1.0) -> list[float]:
    """``count`` positions evenly spread from ``top`` to ``bottom`` (one in the middle when alone)."""
    if count == 1:
        return [(top + bottom) / 2]
    return [top + (bottom - top) * i / (count - 1) for i in range(count)]


def _barycentre_order(left: list[str], right: list[str], pairs: list[tuple[str, str]], rounds: int = 6):
    """Order both columns so that ties cross less: each node moves to the mean position of its partners.

    Nodes without a partner in the other column keep their relative place; ties are broken
    by the starting order, so the result is deterministic.
    """
    for _ in range(rounds):
        for moving, fixed, side in ((right, left, 1), (left, right, 0)):
            where = {node: i / max(len(fixed) - 1, 1) for i, node in enumerate(fixed)}
            keys = {}
            for i, node in enumerate(moving):
                partners = [a for a, b in pairs if b == node] if side == 1 else [b for a, b in pairs if a == node]
                partners = [where[p] for p in partners if p in where]
                keys[node] = (sum(partners) / len(partners) if partners else i / max(len(moving) - 1, 1), i)
            moving.sort(key=keys.get)
    return left, right


def column_layout(network: Network, organisations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The organisation network in two columns: village organisations left, outside bodies right.

    Names sit outside the columns (left of the village column, right of the outside
    column), so no tie runs through a name: a tie between the village and an outside body
    is a straight line across the gap; a tie between two village organisations is an arc
    bulging into the gap from the left column, a tie between two outside bodies an arc
    bulging into the gap from the right. Both columns are ordered to reduce crossings
    (barycentres, deterministic). Ties are classed by Szreter and Woolcock
    (:func:`organisation_tie_classes`). Coordinates: x = 0 (village) and 1 (outside), y
    from 0 (top) to 1 (bottom).

    Parameters
    ----------
    network : Network
        Built by :func:`build`.
    organisations : pandas.DataFrame
        ``load.case("organisations")``; reads ``org_id`` and ``org_type``.

    Returns
    -------
    nodes : pandas.DataFrame
        The node table with ``x``, ``y``, ``degree``, ``label`` (:func:`short_name`) and
        ``side`` (``village`` or ``outside``).
    points : pandas.DataFrame
        One row per point of each tie's path (``order`` 0, 1, …): the edge columns of
        :func:`organisation_tie_classes` (``id``, ``org_from``, ``org_to``, ``tie_type``,
        ``year``, ``description``, ``reliability``, ``relation``, ``tie_class``), ``from_name``,
        ``to_name``, ``x``, ``y`` and ``order``.

    Raises
    ------
    KeyError
        When ``org_type`` is missing.
    """
    degree = network.degree()["degree"]
    nodes = network.nodes.copy()
    nodes["degree"] = nodes["org_id"].map(degree).astype("int64")
    nodes["label"] = [short_name(o, n) for o, n in zip(nodes["org_id"], nodes["name"])]
    nodes["scale_rank"] = nodes["scale"].map({s: i for i, s in enumerate(SCALES)})
    nodes = nodes.sort_values(["scale_rank", "org_type", "label", "org_id"]).reset_index(drop=True)
    left = list(nodes.loc[nodes["local"], "org_id"])
    right = list(nodes.loc[~nodes["local"], "org_id"])
    edges = organisation_tie_classes(network, organisations)
    local = dict(zip(nodes["org_id"], nodes["local"]))
    pairs = [(a, b) if local[a] else (b, a) for a, b in zip(edges["org_from"], edges["org_to"]) if local[a] != local[b]]
    left, right = _barycentre_order(left, right, pairs)
    position = {}
    for column, members in ((0.0, left), (1.0, right)):
        for node, y in zip(members, _spread(len(members))):
            position[node] = (column, y)
    nodes["x"] = nodes["org_id"].map(lambda o: position[o][0])
    nodes["y"] = nodes["org_id"].map(lambda o: round(position[o][1], 6))
    nodes["side"] = nodes["local"].map({True: "village", False: "outside"})
    nodes = nodes.drop(columns="scale_rank").sort_values(["x", "y"]).reset_index(drop=True)
    names = dict(zip(nodes["org_id"], nodes["label"]))
    rows = []
    for _, edge in edges.iterrows():
        (x0, y0), (x1, y1) = position[edge["org_from"]], position[edge["org_to"]]
        if x0 != x1:
            path = [(x0, y0), (x1, y1)]
        else:
            bulge = 0.15 + 0.3 * abs(y1 - y0)
            cx = x0 + bulge if x0 == 0 else x0 - bulge
            path = _bezier(x0, y0, x1, y1, cx, (y0 + y1) / 2)
        for order, (x, y) in enumerate(path):
            rows.append({**edge.to_dict(), "x": round(x, 6), "y": round(y, 6), "order": order})
    points = pd.DataFrame(rows)
    points["from_name"] = points["org_from"].map(names)
    points["to_name"] = points["org_to"].map(names)
    return nodes, points


def people_layout(people: pd.DataFrame, organisations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """People in their public roles and the organisations of those roles, in two columns.

    People sit in the left column, their organisations in the right one: village
    organisations at the top, outside bodies below, so that a person with roles on both
    sides (who carried a tie between the village and a body outside, :func:`person_ties`)
    has lines into both groups. Each role is a straight line classed by Szreter and
    Woolcock: ``bonding`` for a role in a village organisation, ``bridging`` for a role in
    an outside body, ``linking`` when that body is a public authority (``AUTHORITY_TYPES``).
    Coordinates: x = 0 (people) and 1 (organisations); y from 0 (top) to 1 (bottom), the
    two groups of organisations separated by a gap.

    Parameters
    ----------
    people, organisations : pandas.DataFrame
        As in :func:`affiliations`.

    Returns
    -------
    nodes : pandas.DataFrame
        ``id`` (person_id or org_id), ``name``, ``label``, ``kind`` (``person`` or
        ``organisation``), ``scale`` (an organisation's scale; ``person``), ``side``
        (``village`` or ``outside`` for organisations, ``person``), ``roles`` (public roles
        held, or held in it), ``spanning`` (a person with roles on both sides), ``x``, ``y``.
    edges : pandas.DataFrame
        One row per role: ``id``, ``person_id``, ``org_id``, ``person``, ``organisation``,
        ``role``, ``years`` (text: ``1981–1993``, ``from 2016``, ``not published``),
        ``reliability``, ``tie_class``, ``x``, ``y``, ``x2``, ``y2``.

    Raises
    ------
    ValueError
        When a role names an unknown organisation (:func:`affiliations`).
    """
    roles = affiliations(people, organisations)
    roles["tie_class"] = [
        "bonding" if local else ("linking" if org_type in AUTHORITY_TYPES else "bridging")
        for local, org_type in zip(roles["local"], roles["org_type"])
    ]
    spans = roles.groupby("person_id")["local"].agg(lambda s: bool(s.any() and not s.all()))
    orgs = roles.drop_duplicates("org_id")[["org_id", "org_name", "org_type", "scale", "local"]].copy()
    orgs["label"] = [short_name(o, n) for o, n in zip(orgs["org_id"], orgs["org_name"])]
    orgs["roles"] = orgs["org_id"].map(roles["org_id"].value_counts()).astype("int64")
    persons = roles.groupby("person_id").agg(name=("name", "first"), roles=("id", "size")).reset_index()
    persons["spanning"] = persons["person_id"].map(spans)
    # People who span first, then by name; organisations by side, then ordered to follow them.
    persons = persons.sort_values(["spanning", "name"], ascending=[False, True]).reset_index(drop=True)
    left = list(persons["person_id"])
    village = list(orgs.loc[orgs["local"]].sort_values("label")["org_id"])
    outside = list(orgs.loc[~orgs["local"]].sort_values("label")["org_id"])
    pairs = list(zip(roles["person_id"], roles["org_id"]))
    for _ in range(2):
        left, village = _barycentre_order(left, village, [p for p in pairs if p[1] in village], rounds=3)
        left, outside = _barycentre_order(left, outside, [p for p in pairs if p[1] in outside], rounds=3)
    gap = 1.0
    slots = len(village) + len(outside) + gap
    step = 1.0 / max(slots - 1, 1)
    y_orgs = {o: i * step for i, o in enumerate(village)}
    y_orgs.update({o: (len(village) + gap + i) * step for i, o in enumerate(outside)})
    y_people = dict(zip(left, _spread(len(left), 0.0, 1.0)))
    person_nodes = pd.DataFrame(
        {
            "id": persons["person_id"],
            "name": persons["name"],
            "label": persons["name"],
            "kind": "person",
            "scale": "person",
            "side": "person",
            "roles": persons["roles"].astype("int64"),
            "spanning": persons["spanning"].astype(bool),
            "x": 0.0,
            "y": persons["person_id"].map(y_people).round(6),
        }
    )
    org_nodes = pd.DataFrame(
        {
            "id": orgs["org_id"],
            "name": orgs["org_name"],
            "label": orgs["label"],
            "kind": "organisation",
            "scale": orgs["scale"],
            "side": orgs["local"].map({True: "village", False: "outside"}),
            "roles": orgs["roles"],
            "spanning": False,
            "x": 1.0,
            "y": orgs["org_id"].map(y_orgs).round(6),
        }
    )
    nodes = pd.concat([person_nodes, org_nodes], ignore_index=True).sort_values(["x", "y"]).reset_index(drop=True)

    def years(start, end) -> str:
        if pd.isna(start):
            return "not published"
        if pd.isna(end):
            return f"from {int(start)}"
        return f"{int(start)}" if start == end else f"{int(start)}–{int(end)}"

    edges = pd.DataFrame(
        {
            "id": roles["id"],
            "person_id": roles["person_id"],
            "org_id": roles["org_id"],
            "person": roles["name"],
            "organisation": roles["org_name"],
            "role": roles["role"],
            "years": [years(a, b) for a, b in zip(roles["year_start"], roles["year_end"])],
            "reliability": roles["reliability"],
            "tie_class": roles["tie_class"],
            "x": 0.0,
            "y": roles["person_id"].map(y_people).round(6),
            "x2": 1.0,
            "y2": roles["org_id"].map(y_orgs).round(6),
        }
    )
    return nodes, edges.sort_values(["person_id", "org_id"]).reset_index(drop=True)
