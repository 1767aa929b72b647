"""The data of the matrix explorer page (``book/explorer.md``), generic over the matrix specifications.

The explorer lets a reader choose a centrality definition, a connection measure, a cut
rule and a tie rule, move the cuts, and see the cells' counts, a scatter and a map update;
it runs in the browser (``_static/explorer/explorer.js``) from one JSON document embedded
in the page. That document is built here from the definitions the package declares —
:data:`analysis.analyses.centrality.DEFINITIONS`, the connection measures present in the
data (:func:`analysis.analyses.connection_measures.present`),
:data:`analysis.analyses.cuts.CUT_RULES` and :data:`~analysis.analyses.cuts.TIE_RULES` —
and :func:`analysis.analyses.matrix.assign`, so a new definition or rule appears in the
explorer without any change to the page.

The places are the reference sample of chapter 4 (the inhabited municipalities,
:func:`analysis.analyses.communities.reference_sample`): the cuts are computed on them, and
First Nations and Inuit communities are not given Klein's cells here (chapter 4 says where
they fall and why the cells do not transfer). For every specification the scores and both
cuts are those ``assign`` computes; the browser applies the rule of
:func:`browser_cells` (a score below the centrality cut is central, above it peripheral;
above the connection cut connected, below it disconnected; a score exactly at a cut follows
the tie rule; a class definition such as the SAC split is drawn as a line between two class
ranks, which no place sits on), and :func:`explorer_data` checks, before anything is
written, that this rule gives back exactly the group ``assign`` gives every place under
every specification (a change of the rule in the package fails the build instead of
showing wrong counts).
"""

from __future__ import annotations

from itertools import product

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis import i18n
from analysis.analyses import centrality, communities, connection_measures, cuts, matrix, multiverse
from analysis.figures import escape
from analysis.figures.captions import source_line
from analysis.figures.charts.matrix import SAC_LINE
from analysis.figures.escape import html_text
from analysis.figures.maps.base import for_screen
from analysis.figures.maps.layers import GRID, encode_rings
from analysis.figures.palette import CELL_COLOURS
from analysis.i18n import N_, _, ngettext, term
from analysis.vocabulary import ALL_GROUPS, AT_CUT, POPULATION, SAINT_CAMILLE, UNCLASSIFIED

SOURCES = (
    "sac_2016",
    "remoteness_2021",
    "remoteness_2016",
    "cwb_2021",
    "census_2016",
    "census_2021",
    "lode_2016",
    "sda",
    "mamh_register",
)
"""Sources of the explorer's data (keys of :data:`analysis.data.sources.SOURCES`)."""

SOUTH = (-79.6, 44.9, -63.5, 49.8)
"""The settled south of Québec (west, south, east, north), the map's first view."""


class ExplorerError(ValueError):
    """The explorer's rule does not reproduce what :func:`analysis.analyses.matrix.assign` computes."""


def _number(value: float) -> float | int | None:
    """A JSON number that parses back to the same double (integers without ``.0``); None for missing."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _vector(values: pd.Series) -> list:
    return [_number(v) for v in values.to_numpy(dtype="float64", na_value=np.nan)]


def cell_rule() -> list[dict]:
    """Every group a place can fall in, and the pair of sides each cell stands for.

    Built from :data:`analysis.analyses.matrix.CELL_POSITIONS`.

    Returns
    -------
    list of dict
        One entry per group of ``ALL_GROUPS``, in that order: ``name``, ``label`` (the name
        in the active language: the talk's cells keep theirs), ``colour``
        (:data:`analysis.figures.palette.CELL_COLOURS`), ``kind`` (``"cell"``,
        ``"at the cut"`` or ``"unclassified"``), and ``central`` and ``connected`` (bool
        for a cell, None otherwise).
    """
    out = []
    for group in ALL_GROUPS:
        position = matrix.CELL_POSITIONS.get(group)
        kind = "cell" if position else (AT_CUT if group == AT_CUT else UNCLASSIFIED)
        out.append(
            {
                "name": group,
                "label": term(group),
                "colour": CELL_COLOURS[group],
                "kind": kind,
                "central": None if position is None else position[0] == "central",
                "connected": None if position is None else position[1] == "connected",
            }
        )
    return out


def browser_cells(
    centrality_scores: np.ndarray,
    connection_scores: np.ndarray,
    centrality_cut: float,
    connection_cut: float,
    ties: str = "band",
) -> np.ndarray:
    """The groups the explorer's script assigns, written with numpy (``cellOf`` in ``explorer.js``).

    A centrality score below the cut is central and above it peripheral; a connection score
    above the cut is connected and below it disconnected; a score within
    :data:`analysis.analyses.cuts.TOLERANCE` of a cut follows ``ties`` (``"band"``: at the
    cut; ``"upper"``: peripheral, connected; ``"lower"``: central, disconnected). A place at
    a cut on either axis is *at the cut*; a missing score or cut leaves it unclassified.

    Parameters
    ----------
    centrality_scores, connection_scores : numpy.ndarray of float, shape (n,)
        The two scores (NaN where missing).
    centrality_cut, connection_cut : float
        The two cuts (NaN where there is none).
    ties : {"band", "upper", "lower"}, default ``"band"``

    Returns
    -------
    numpy.ndarray of str, shape (n,)
        The group of each place (one of ``ALL_GROUPS``).
    """
    x, y = np.asarray(centrality_scores, dtype="float64"), np.asarray(connection_scores, dtype="float64")
    known = ~(np.isnan(x) | np.isnan(y)) & np.isfinite(centrality_cut) & np.isfinite(connection_cut)

    def sides(values: np.ndarray, cut: float) -> tuple[np.ndarray, np.ndarray]:
        tied = np.abs(values - cut) <= cuts.TOLERANCE
        upper = (values > cut) & ~tied
        if ties == "upper":
            upper |= tied
        band = tied if ties == "band" else np.zeros_like(tied)
        return upper, band

    peripheral, x_band = sides(x, centrality_cut)
    connected, y_band = sides(y, connection_cut)
    out = np.full(x.shape, UNCLASSIFIED, dtype=object)
    for entry in cell_rule():
        if entry["kind"] == "cell":
            chosen = known & (~peripheral == entry["central"]) & (connected == entry["connected"])
            out[chosen] = entry["name"]
    out[known & (x_band | y_band)] = AT_CUT
    return out


def _drawn_cut(assignment: matrix.Assignment) -> float:
    """The centrality cut as the explorer draws it: the SAC split between the CA and strong-MIZ ranks."""
    if centrality.definition(assignment.spec.centrality).kind == "classes":
        return SAC_LINE
    return assignment.centrality_cut


OPTION_NAMES = {
    "sac": N_("SAC"),
    "remoteness_2021": N_("remoteness 2021"),
    "remoteness_2016": N_("remoteness 2016"),
    "education": N_("education"),
    "composite": N_("composite"),
    "commuting": N_("commuting"),
    "long_commutes": N_("long commutes"),
    "university": N_("university"),
    "knowledge_industries": N_("knowledge industries"),
    "median": N_("median"),
    "weighted": N_("weighted"),
    "band": N_("set apart"),
    "upper": N_("upper"),
    "lower": N_("lower"),
}
"""The name of each definition and rule in the explorer's menus, in words (a key not listed here is shown as
it is, so a new definition appears without a change here)."""

INTERFACE = {
    "form": N_("Specification of the matrix"),
    "choices": N_("Definitions and rules"),
    "centrality": N_("Centrality definition"),
    "connection": N_("Connection measure"),
    "rule": N_("Cut rule"),
    "ties": N_("Tie rule"),
    "cuts": N_("Cuts"),
    "cut_x": N_("Centrality cut: central below"),
    "cut_y": N_("Connection cut: connected above"),
    "reset": N_("Back to the rule's cuts"),
    "sac_split": N_("the SAC split (CMA or CA: central)"),
    "rule_cut": N_("{value} (the rule's cut)"),
    "at_cut_count": N_("{text}, {count} at the cut"),
    "counts": N_("Municipalities and residents (2021 census) in each cell, and the cell's share of all residents"),
    "cell": N_("Cell"),
    "municipalities": N_("Municipalities"),
    "residents": N_("Residents"),
    "share": N_("Share"),
    "scatter_note": N_(
        "Each dot is a municipality (area proportional to its 2021 population), coloured by its cell; the dashed "
        "lines are the cuts. Unclassified municipalities (a score missing) are not drawn."
    ),
    "scatter_label": N_(
        "Scatter of the municipalities: {x} across, {y} up, coloured by cell. The table above gives the counts."
    ),
    "views": N_("Map view"),
    "south": N_("Settled south"),
    "province": N_("Whole province"),
    "selected": N_("Selected place"),
    "map_label": N_("Map of the municipalities coloured by cell"),
    "zoom_in": N_("Zoom in"),
    "zoom_out": N_("Zoom out"),
    "map_note": N_(
        "Municipalities at their location, coloured by cell; grey lines are MRC outlines, dark lines region outlines. "
        "Places without a location are counted but not drawn."
    ),
    "search": N_("Find a municipality"),
    "search_label": N_("Name (accents and capitals optional)"),
    "results": N_("Matching municipalities"),
    "none": N_("No municipality matches."),
    "drawn_with": N_("Map drawn with Leaflet; no basemap, so the page works offline."),
    "missing_spec": N_("This combination is not one the book's matrix module builds."),
    "at_rule": N_("{spec}, at the rule's cuts: {counts}."),
    "at_chosen": N_("{spec}, at the cuts you chose: {counts}."),
    "csd": N_("Census subdivision"),
    "mrc": N_("MRC"),
    "region": N_("Region"),
    "population": N_("Population 2021"),
    "centrality_score": N_("Centrality: {name}"),
    "connection_score": N_("Connection: {name}"),
    "now": N_("With the definitions and cuts chosen above:"),
    "book_cells": N_("Cell under each specification of chapter 4, at the cuts its rule computes"),
    "specification": N_("Specification"),
    "failed": N_("The explorer could not start: {error}"),
}
"""Every word of the explorer's interface (``explorer.js`` reads them from the page's JSON, in the page's language;
``{name}`` placeholders are filled by the script)."""


def _counted(n: int) -> dict:
    """The messages whose words follow a number, in the form for ``n`` (:func:`analysis.i18n.ngettext`).

    ``n`` is the first number of the message (``inside``): English agrees with the total
    ("1 of 1,128 municipalities central"), French with the count ("1 municipalité centrale
    sur 1 128").
    """
    return {
        "central_count": ngettext(
            "{value} — {inside} of {total} municipalities central",
            "{value} — {inside} of {total} municipalities central",
            n,
        ),
        "connected_count": ngettext(
            "{value} — {inside} of {total} municipalities connected",
            "{value} — {inside} of {total} municipalities connected",
            n,
        ),
        "more": ngettext("{count} more: type more letters.", "{count} more: type more letters.", n),
    }


def option_name(key: str) -> str:
    """A definition's or rule's name in the explorer's menus, in the active language.

    Parameters
    ----------
    key : str
        A key of a centrality definition, a connection measure, a cut rule or a tie rule.

    Returns
    -------
    str
        Its name in words (``"remoteness 2021"``, ``"set apart"``); the key itself for a key
        without a name.
    """
    return _(OPTION_NAMES[key]) if key in OPTION_NAMES else key


def short_label(spec: matrix.Specification) -> str:
    """A specification in a few words, e.g. ``SAC × education, median cuts``, in the active language.

    Parameters
    ----------
    spec : Specification

    Returns
    -------
    str
        The two definitions' names and the cut rule (:func:`option_name`), and the tie rule
        when it is not the book's (``ties upper``).
    """
    names = {k: option_name(getattr(spec, k)) for k in ("centrality", "connection", "rule", "ties")}
    if spec.ties == "band":
        return _("{centrality} × {connection}, {rule} cuts").format(**names)
    return _("{centrality} × {connection}, {rule} cuts, ties {ties}").format(**names)


def interface() -> dict:
    """The words of the explorer's interface in the active language.

    Returns
    -------
    dict
        ``text``: :data:`INTERFACE` translated with :func:`analysis.i18n.gettext`, plus the
        messages whose words follow a number as pairs (singular, plural) from
        :func:`analysis.i18n.ngettext`; ``language``: the page's language, whose plural rule
        the script applies (French: the singular for 0 and 1).
    """
    text: dict = {key: _(message) for key, message in INTERFACE.items()}
    one, many = _counted(1), _counted(2)
    text.update({key: [one[key], many[key]] for key in one})
    return {"text": text, "language": i18n.language()}


def book_specifications(frame: pd.DataFrame) -> list[matrix.Specification]:
    """The specifications chapter 4 reports: the default, the multiverse over places, the residents' view.

    Parameters
    ----------
    frame : pandas.DataFrame
        The municipalities table (to find the connection measures present).

    Returns
    -------
    list of Specification
        :data:`~analysis.analyses.matrix.DEFAULT_SPECIFICATION`, then
        :func:`analysis.analyses.multiverse.specifications` with median cuts and with
        weighted cuts (ties set apart).
    """
    book = [
        matrix.DEFAULT_SPECIFICATION,
        *multiverse.specifications(frame),
        *multiverse.specifications(frame, rule="weighted"),
    ]
    return list(dict.fromkeys(book))


def specifications(frame: pd.DataFrame) -> list[matrix.Specification]:
    """Every specification the explorer offers, chapter 4's first.

    Parameters
    ----------
    frame : pandas.DataFrame
        The municipalities table (to find the connection measures present).

    Returns
    -------
    list of Specification
        :func:`book_specifications`, then every other combination of the centrality
        definitions, the connection measures present, the cut rules and the tie rules.
    """
    every = [
        matrix.Specification(c, k, r, t)
        for c, k, r, t in product(
            centrality.DEFINITIONS, connection_measures.present(frame), cuts.CUT_RULES, cuts.TIE_RULES
        )
    ]
    return list(dict.fromkeys([*book_specifications(frame), *every]))


def explorer_data(
    frame: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame | None = None,
    region_polygons: gpd.GeoDataFrame | None = None,
    *,
    highlight: str | None = SAINT_CAMILLE,
    sources: tuple[str, ...] = SOURCES,
) -> dict:
    """Everything the explorer page needs, for every specification the matrix module can build.

    The places are the reference sample of chapter 4 (the inhabited municipalities); the
    specifications are those of :func:`specifications`. For each, the scores and cuts are
    read from :func:`analysis.analyses.matrix.assign`; score vectors shared by several
    specifications are stored once.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``): the columns
        :func:`~analysis.analyses.matrix.assign` and
        :func:`~analysis.analyses.communities.reference_sample` read, plus ``lon`` and
        ``lat`` (WGS84 degrees, may be missing).
    mrc_polygons, region_polygons : geopandas.GeoDataFrame, optional
        The outline layers in WGS84 (``load.layer("mrc_polygons")``,
        ``load.layer("region_polygons")``), simplified with
        :func:`~analysis.figures.maps.base.for_screen`; left out when None.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the place always marked on the scatter and the map.
    sources : tuple of str, default ``SOURCES``
        Keys of :data:`analysis.data.sources.SOURCES` for the caption.

    Returns
    -------
    dict
        JSON-ready, every text in the active language: ``cells`` (:func:`cell_rule`);
        ``centrality`` and ``connection`` (key → label, from the definitions), ``rules`` and
        ``ties`` (key → description, from :mod:`analysis.analyses.cuts`); ``names`` (the
        name of each key in the menus, :func:`option_name`); ``text`` and ``language``
        (:func:`interface`); ``specs`` (one entry per specification: ``key``,
        ``label``, ``centrality``, ``connection``, ``rule``, ``ties``, ``book`` (one of
        :func:`book_specifications`), ``classes`` (the centrality is a class definition,
        whose line does not move), ``x`` and ``y`` (indexes into ``scores``), ``xcut`` and
        ``ycut``, and ``entities``: the count per group as ``assign`` computes it);
        ``scores`` (lists of n numbers or None); ``places`` (``name``, ``csd``, ``region``
        and ``mrc`` (indexes into ``regions`` and ``mrcs``), ``population``, ``lon``,
        ``lat``); ``highlight`` (row index or None); ``south`` (the first view);
        ``outlines`` (:func:`~analysis.figures.maps.layers.encode_rings` of each layer given) and ``caption``.

    Raises
    ------
    ExplorerError
        When the explorer's rule (:func:`browser_cells`) does not give back the group that
        ``assign`` gives some place under some specification.
    KeyError
        When a column is missing from ``frame``.
    """
    reference = communities.reference_sample(frame)
    places_frame = frame[reference]
    scores: list[np.ndarray] = []

    def index_of(values: pd.Series) -> int:
        array = values.to_numpy(dtype="float64", na_value=np.nan)
        for i, known in enumerate(scores):
            if np.array_equal(known, array, equal_nan=True):
                return i
        scores.append(array)
        return len(scores) - 1

    book = set(book_specifications(frame))
    specs = []
    for spec in specifications(frame):
        a = matrix.assign(frame, spec, reference)
        placed = a.table[a.table["reference"]]
        x, y = placed["centrality_score"], placed["connection_score"]
        xcut = _drawn_cut(a)
        ours = browser_cells(
            x.to_numpy("float64", na_value=np.nan),
            y.to_numpy("float64", na_value=np.nan),
            xcut,
            a.connection_cut,
            spec.ties,
        )
        theirs = placed["cell"].astype(str).to_numpy()
        if not np.array_equal(ours, theirs):
            wrong = placed.loc[ours != theirs, ["csd_uid", "name", "cell"]].head(3)
            raise ExplorerError(
                f"the explorer's rule does not reproduce assign under {spec.key}: "
                f"{int((ours != theirs).sum())} places differ, e.g.\n{wrong}"
            )
        counts = a.counts()["entities"]
        specs.append(
            {
                "key": spec.key,
                "label": short_label(spec),
                "centrality": spec.centrality,
                "connection": spec.connection,
                "rule": spec.rule,
                "ties": spec.ties,
                "book": spec in book,
                "classes": centrality.definition(spec.centrality).kind == "classes",
                "x": index_of(x),
                "y": index_of(y),
                "xcut": _number(xcut),
                "ycut": _number(a.connection_cut),
                "entities": {str(group): int(counts[group]) for group in ALL_GROUPS},
            }
        )
    regions = sorted(places_frame["region_name"].dropna().astype(str).unique())
    mrcs = sorted(places_frame["mrc_name"].dropna().astype(str).unique())
    region_index = {name: i for i, name in enumerate(regions)}
    mrc_index = {name: i for i, name in enumerate(mrcs)}
    places = {
        "name": places_frame["name"].astype(str).tolist(),
        "csd": places_frame["csd_uid"].astype(str).tolist(),
        "region": [None if pd.isna(v) else region_index[str(v)] for v in places_frame["region_name"]],
        "mrc": [None if pd.isna(v) else mrc_index[str(v)] for v in places_frame["mrc_name"]],
        "population": _vector(places_frame[POPULATION]),
        "lon": _vector(places_frame["lon"].round(3)),
        "lat": _vector(places_frame["lat"].round(3)),
    }
    rows = np.flatnonzero(places_frame["csd_uid"].astype(str).to_numpy() == highlight) if highlight else []
    outlines = {}
    if mrc_polygons is not None:
        outlines["mrc"] = encode_rings(for_screen(mrc_polygons))
    if region_polygons is not None:
        outlines["region"] = encode_rings(for_screen(region_polygons))
    present = connection_measures.present(frame)
    return {
        "cells": cell_rule(),
        "centrality": {key: _(d.label) for key, d in centrality.DEFINITIONS.items()},
        "connection": {key: _(connection_measures.definition(key).label) for key in present},
        "rules": {key: _(text) for key, text in cuts.CUT_RULES.items()},
        "ties": {key: _(text) for key, text in cuts.TIE_RULES.items()},
        "names": {
            "centrality": {key: option_name(key) for key in centrality.DEFINITIONS},
            "connection": {key: option_name(key) for key in present},
            "rule": {key: option_name(key) for key in cuts.CUT_RULES},
            "ties": {key: option_name(key) for key in cuts.TIE_RULES},
        },
        **interface(),
        "specs": specs,
        "scores": [[_number(v) for v in array] for array in scores],
        "places": places,
        "regions": regions,
        "mrcs": mrcs,
        "highlight": int(rows[0]) if len(rows) else None,
        "south": list(SOUTH),
        "grid": GRID,
        "outlines": outlines,
        "caption": source_line(sources),
    }


def script_json(data: dict) -> str:
    """``data`` as compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``…), so no text from
    the data (a name holding ``</script>`` or ``<!--``) nor from a translation can end the
    element or open markup; ``JSON.parse`` reads the escapes back as the original
    characters (:func:`analysis.figures.escape.script_json`).

    Parameters
    ----------
    data : dict
        JSON-ready (no NaN: missing values are None).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``data`` holds NaN or infinity.
    """
    return escape.script_json(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


NOSCRIPT = N_("The explorer needs JavaScript; chapter 4 shows the same classification as static tables and figures.")
"""What a browser without JavaScript shows instead of the explorer."""


class Explorer:
    """The explorer's element for a page: displayed by Jupyter as HTML (``_repr_html_``).

    Parameters
    ----------
    data : dict
        :func:`explorer_data`.
    """

    def __init__(self, data: dict) -> None:
        self.data = data

    def html(self) -> str:
        """The element: a container the page script fills, the embedded JSON and a no-script note.

        Returns
        -------
        str
            ``<div class="explorer" data-explorer>`` holding ``<script
            type="application/json">`` (:func:`script_json`); every text the reader sees
            is added by the script with ``textContent``.
        """
        note = _(NOSCRIPT)
        return (
            '<div class="explorer" data-explorer>'
            f'<script type="application/json" class="explorer-data">{script_json(self.data)}</script>'
            f'<noscript><p class="explorer-noscript">{html_text(note)}</p></noscript></div>'
        )

    def _repr_html_(self) -> str:
        return self.html()


def explorer(
    frame: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame | None = None,
    region_polygons: gpd.GeoDataFrame | None = None,
    **options,
) -> Explorer:
    """The matrix explorer for a page, from the municipalities table and the outline layers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The municipalities table (``load.municipalities()``).
    mrc_polygons, region_polygons : geopandas.GeoDataFrame, optional
        ``load.layer("mrc_polygons")`` and ``load.layer("region_polygons")``.
    **options
        Passed to :func:`explorer_data` (``highlight``, ``sources``).

    Returns
    -------
    Explorer
        Displays as the explorer's HTML element in a notebook.

    Raises
    ------
    ExplorerError
        When the explorer's rule does not reproduce ``assign`` (:func:`explorer_data`).
    """
    return Explorer(explorer_data(frame, mrc_polygons, region_polygons, **options))
