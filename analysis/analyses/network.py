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

Everything here is plain pandas and trigonometry; the layout is deterministic.
"""

from __future__ import annotations

import math
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


def layout(network: Network, inner_radius: float = 1.0, outer_radius: float = 2.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic circular layout: local organisations on an inner circle, the others outside.

    Local nodes are ordered by type, then name; supralocal ones by scale (regional,
    national, international), type, then name, so that each scale forms an arc. Angles
    start at the top and run clockwise.

    Parameters
    ----------
    network : Network
    inner_radius : float, default 1.0
        Radius of the circle of local organisations (plot units).
    outer_radius : float, default 2.0
        Radius of the circle of supralocal organisations.

    Returns
    -------
    nodes : pandas.DataFrame
        The node table with ``ring`` (``inner`` or ``outer``), ``x``, ``y`` (rounded to
        6 decimals), ``degree``, ``label`` (:func:`short_name`) and ``label_align``
        (``left`` or ``right``).
    edges : pandas.DataFrame
        The edge table with the coordinates of its ends (``x``, ``y``, ``x2``, ``y2``)
        and their names (``from_name``, ``to_name``).
    """
    degree = network.degree()["degree"]
    placed = []
    for ring, radius in (("inner", inner_radius), ("outer", outer_radius)):
        members = network.nodes[network.nodes["local"] == (ring == "inner")].copy()
        members["scale_rank"] = members["scale"].map({s: i for i, s in enumerate(SCALES)})
        members = members.sort_values(["scale_rank", "org_type", "name", "org_id"]).reset_index(drop=True)
        n = len(members)
        angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)] if n else []
        members["ring"] = ring
        members["x"] = [round(radius * math.cos(a), 6) + 0.0 for a in angles]
        members["y"] = [round(radius * math.sin(a), 6) + 0.0 for a in angles]
        placed.append(members.drop(columns="scale_rank"))
    nodes = pd.concat(placed, ignore_index=True)
    nodes["degree"] = nodes["org_id"].map(degree).astype("int64")
    nodes["label"] = [short_name(o, n) for o, n in zip(nodes["org_id"], nodes["name"])]
    nodes["label_align"] = ["left" if x >= 0 else "right" for x in nodes["x"]]
    position = nodes.set_index("org_id")[["x", "y"]]
    edges = network.edges.copy()
    edges["x"] = edges["org_from"].map(position["x"])
    edges["y"] = edges["org_from"].map(position["y"])
    edges["x2"] = edges["org_to"].map(position["x"])
    edges["y2"] = edges["org_to"].map(position["y"])
    names = dict(zip(network.nodes["org_id"], network.nodes["name"]))
    edges["from_name"] = edges["org_from"].map(names)
    edges["to_name"] = edges["org_to"].map(names)
    return nodes, edges


# --------------------------------------------------------------------------------------
# People in their public roles: bonding, bridging and linking (Szreter & Woolcock)
# --------------------------------------------------------------------------------------

SZW_CLASSES = ("bonding", "bridging", "linking", "outside")
"""Szreter and Woolcock's typology, plus ``outside`` for ties with no local end."""
AUTHORITY_TYPES = ("public_agency", "municipal")
"""Organisation types that stand across a gradient of formal power or authority from a village
organisation when they are supralocal: ministries, agencies and programmes, supralocal
governments (MRCs). A tie from the village to one of them is *linking*; to another supralocal
body (a union, a network, a university, a financial co-operative) it is *bridging*."""


def szreter_woolcock(scale_a: str, type_a: str, scale_b: str, type_b: str) -> str:
    """Class of a tie by Szreter and Woolcock: bonding, bridging, linking, or outside (no local end).

    Both ends local: ``bonding``. One end local and the other a supralocal body of a type
    in ``AUTHORITY_TYPES`` (a public agency or programme, a supralocal government):
    ``linking``. One end local and the other another supralocal body: ``bridging``. No
    local end: ``outside``.

    Parameters
    ----------
    scale_a, scale_b : {"local", "regional", "national", "international"}
        Scales of the two organisations (``SCALES``).
    type_a, type_b : str
        Their ``org_type`` (organisations.csv).

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
    return "linking" if other_type in AUTHORITY_TYPES else "bridging"


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
        The edge table of ``network`` with ``type_from``, ``type_to`` and ``tie_class``.

    Raises
    ------
    KeyError
        When ``org_type`` is missing.
    """
    types = organisations.set_index("org_id")["org_type"].astype(str)
    edges = network.edges.copy()
    edges["type_from"] = edges["org_from"].map(types)
    edges["type_to"] = edges["org_to"].map(types)
    edges["tie_class"] = [
        szreter_woolcock(a, ta, b, tb)
        for a, ta, b, tb in zip(edges["scale_from"], edges["type_from"], edges["scale_to"], edges["type_to"])
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


def layout_with_people(
    network: Network,
    people: pd.DataFrame,
    organisations: pd.DataFrame,
    inner_radius: float = 1.0,
    person_radius: float = 1.5,
    outer_radius: float = 2.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The circular layout of :func:`layout` with people in their public roles on a middle ring.

    People who hold roles at both scales (local and supralocal) are placed between the
    two rings, so their affiliation ties visibly bridge them; people with local roles only
    sit on the same middle ring. Each role is an edge of kind ``role`` from the person to
    the organisation, classed by :func:`szreter_woolcock` as a tie between the person's
    local organisations and that organisation (``bonding`` for a local one).

    Parameters
    ----------
    network : Network
        Built by :func:`build`.
    people, organisations : pandas.DataFrame
        As in :func:`affiliations`.
    inner_radius, person_radius, outer_radius : float, default 1.0, 1.5 and 2.0
        Radii of the rings of local organisations, people and supralocal organisations.

    Returns
    -------
    nodes : pandas.DataFrame
        The nodes of :func:`layout` with ``kind`` (``organisation`` or ``person``); person
        nodes have ``org_id`` = their person_id, ``scale`` = ``"person"``, ``org_type`` =
        ``"person"``, ``ring`` = ``"middle"`` and ``degree`` = number of roles.
    edges : pandas.DataFrame
        The edges of :func:`layout` with ``kind`` = ``organisation tie``, followed by one
        row per role with ``kind`` = ``role``, ``tie_type`` = the role kind, ``relation`` =
        the Szreter-Woolcock class, the coordinates of both ends and their names.

    Raises
    ------
    ValueError
        When a role names an unknown organisation (:func:`affiliations`).
    """
    nodes, edges = layout(network, inner_radius, outer_radius)
    nodes = nodes.assign(kind="organisation")
    edges = edges.assign(kind="organisation tie")
    roles = affiliations(people, organisations)
    persons = roles.groupby("person_id").agg(name=("name", "first"), roles=("id", "size")).reset_index()
    spanning = roles.groupby("person_id")["local"].agg(lambda s: s.any() and not s.all())
    persons["spanning"] = persons["person_id"].map(spanning)
    persons = persons.sort_values(["spanning", "person_id"], ascending=[False, True]).reset_index(drop=True)
    n = len(persons)
    angles = [math.pi / 2 - 2 * math.pi * (i + 0.5) / n for i in range(n)] if n else []
    person_nodes = pd.DataFrame(
        {
            "org_id": persons["person_id"],
            "name": persons["name"],
            "org_type": "person",
            "scale": "person",
            "local": False,
            "ring": "middle",
            "x": [round(person_radius * math.cos(a), 6) + 0.0 for a in angles],
            "y": [round(person_radius * math.sin(a), 6) + 0.0 for a in angles],
            "degree": persons["roles"].astype("int64"),
            "label": persons["name"],
            "label_align": ["left" if math.cos(a) >= 0 else "right" for a in angles],
            "kind": "person",
        }
    )
    all_nodes = pd.concat([nodes, person_nodes], ignore_index=True)
    position = all_nodes.set_index("org_id")[["x", "y"]]
    local_types = {}
    for person, part in roles.groupby("person_id"):
        local = part[part["local"]]
        local_types[person] = (local["scale"].iloc[0], local["org_type"].iloc[0]) if len(local) else None
    role_edges = pd.DataFrame(
        {
            "id": roles["id"],
            "org_from": roles["person_id"],
            "org_to": roles["org_id"],
            "tie_type": roles["role_kind"],
            "year": roles["year_start"],
            "description": roles["role"],
            "reliability": roles["reliability"],
            "scale_from": "person",
            "scale_to": roles["scale"],
            "relation": [
                "bonding"
                if scale == "local"
                else szreter_woolcock(*local_types[p], scale, org_type)
                if local_types[p]
                else "outside"
                for p, scale, org_type in zip(roles["person_id"], roles["scale"], roles["org_type"])
            ],
            "kind": "role",
        }
    )
    role_edges["x"] = role_edges["org_from"].map(position["x"])
    role_edges["y"] = role_edges["org_from"].map(position["y"])
    role_edges["x2"] = role_edges["org_to"].map(position["x"])
    role_edges["y2"] = role_edges["org_to"].map(position["y"])
    role_edges["from_name"] = roles["name"].to_numpy()
    role_edges["to_name"] = roles["org_name"].to_numpy()
    return all_nodes, pd.concat([edges, role_edges], ignore_index=True)
