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
