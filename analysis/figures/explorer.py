"""The data of the matrix explorer page (``book/explorer.md``), generic over the matrix specifications.

The explorer lets a reader choose a centrality measure, a connection measure and a
threshold rule, move both thresholds, and see the cells' counts, a scatter and a map
update; it runs in the browser (``_static/explorer/explorer.js``) from one JSON
document embedded in the page. That document is built here from
:mod:`analysis.analyses.matrix` alone — its ``CENTRALITY_MEASURES``,
``CONNECTION_MEASURES``, ``THRESHOLD_RULES``, :class:`~analysis.analyses.matrix.Spec`,
:func:`~analysis.analyses.matrix.classify` and :func:`~analysis.analyses.matrix.cells` —
so a new measure or rule appears in the explorer without any change to the page.

For every specification the scores and both thresholds are those ``classify`` computes;
the browser applies the rule "central at or below the centrality threshold, connected at
or above the connection threshold", and :func:`explorer_data` checks, before anything is
written, that this rule gives back exactly the cell ``classify`` gives every entity under
every specification (a change of the rule in the package fails the build instead of
showing wrong counts).
"""

from __future__ import annotations

import json
from itertools import product

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.analyses import matrix
from analysis.figures.captions import source_line
from analysis.figures.maps.base import for_screen
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import ALL_GROUPS, POPULATION, SAINT_CAMILLE, UNCLASSIFIED

SOURCES = ("remoteness_2016", "sac_2016", "cwb_2021", "census_2021", "lode_2016", "sda", "mamh_register")
"""Sources of the explorer's data (keys of :data:`analysis.data.sources.SOURCES`)."""

SOUTH = (-79.6, 44.9, -63.5, 49.8)
"""The settled south of Québec (west, south, east, north), the map's first view."""

GRID = 1000
"""Outline coordinates are stored as integers in thousandths of a degree (about 100 m)."""


class ExplorerError(ValueError):
    """The explorer's rule does not reproduce what :func:`analysis.analyses.matrix.classify` computes."""


def _number(value: float) -> float | int | None:
    """A JSON number that parses back to the same double (integers without ``.0``); None for missing."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _vector(values: pd.Series) -> list:
    return [_number(v) for v in values.to_numpy(dtype="float64", na_value=np.nan)]


def cell_rule() -> list[dict]:
    """The cell of each (central, connected) pair, as :func:`analysis.analyses.matrix.cells` assigns it.

    Returns
    -------
    list of dict
        One entry per group of ``ALL_GROUPS``, in that order: ``name``, ``colour``
        (:data:`analysis.figures.palette.CELL_COLOURS`), and ``central`` and ``connected``
        (bool, or None for the unclassified group).
    """
    central = pd.Series([True, False, True, False, pd.NA], dtype="boolean")
    connected = pd.Series([True, True, False, False, pd.NA], dtype="boolean")
    assigned = matrix.cells(central, connected)
    pairs = {
        str(name): (None if pd.isna(c) else bool(c), None if pd.isna(k) else bool(k))
        for name, c, k in zip(assigned, central, connected)
    }
    return [
        {
            "name": group,
            "colour": CELL_COLOURS[group],
            "central": pairs.get(group, (None, None))[0],
            "connected": pairs.get(group, (None, None))[1],
        }
        for group in ALL_GROUPS
    ]


def browser_cells(
    centrality: np.ndarray, connection: np.ndarray, centrality_cut: float, connection_cut: float
) -> np.ndarray:
    """The cells the explorer's script assigns: central at or below, connected at or above the thresholds.

    The same rule as ``explorer.js`` (``cellOf``), written with numpy so that
    :func:`explorer_data` can compare it with :func:`analysis.analyses.matrix.classify`.

    Parameters
    ----------
    centrality, connection : numpy.ndarray of float, shape (n,)
        The two scores (NaN where missing).
    centrality_cut, connection_cut : float
        The two thresholds.

    Returns
    -------
    numpy.ndarray of str, shape (n,)
        The cell of each entity (``unclassified`` when a score is missing).
    """
    rule = {(c["central"], c["connected"]): c["name"] for c in cell_rule()}
    known = ~(np.isnan(centrality) | np.isnan(connection))
    central = centrality <= centrality_cut
    connected = connection >= connection_cut
    out = np.full(centrality.shape, UNCLASSIFIED, dtype=object)
    for (c, k), name in rule.items():
        if c is not None:
            out[known & (central == c) & (connected == k)] = name
    return out


def encode_outlines(layer: gpd.GeoDataFrame) -> list[list[list[int]]]:
    """Polygon outlines as compact integer rings for the page script.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        Polygons in WGS84 (already simplified, e.g. by
        :func:`analysis.figures.maps.base.for_screen`).

    Returns
    -------
    list
        One list per polygon feature, one list per ring (exterior and holes of every
        part): the first point as (longitude, latitude) in thousandths of a degree, then
        the differences between successive points. ``explorer.js`` (``decodeRing``) adds
        them back up.
    """
    features = []
    for geometry in layer.geometry:
        rings = []
        for part in shapely.get_parts(geometry):
            for ring in (part.exterior, *part.interiors):
                xy = np.round(np.asarray(ring.coords)[:, :2] * GRID).astype("int64")
                if len(xy) < 2:
                    continue
                steps = np.vstack([xy[:1], np.diff(xy, axis=0)])
                steps = steps[np.r_[True, (steps[1:] != 0).any(axis=1)]]  # drop repeated points
                rings.append(steps.ravel().tolist())
        features.append(rings)
    return features


def explorer_data(
    frame: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame | None = None,
    region_polygons: gpd.GeoDataFrame | None = None,
    *,
    highlight: str | None = SAINT_CAMILLE,
    sources: tuple[str, ...] = SOURCES,
) -> dict:
    """Everything the explorer page needs, for every specification the matrix module defines.

    The specifications are every combination of ``CENTRALITY_MEASURES``,
    ``CONNECTION_MEASURES`` and ``THRESHOLD_RULES`` that
    :func:`~analysis.analyses.matrix.classify` accepts (``ALL_SPECS`` first, in its
    order). For each, the scores and thresholds are read from the classification; score
    vectors shared by several specifications are stored once.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``): the columns
        :func:`~analysis.analyses.matrix.classify` reads, plus ``lon`` and ``lat``
        (WGS84 degrees, may be missing).
    mrc_polygons, region_polygons : geopandas.GeoDataFrame, optional
        The outline layers in WGS84 (``load.layer("mrc_polygons")``,
        ``load.layer("region_polygons")``), simplified with
        :func:`~analysis.figures.maps.base.for_screen`; left out when None.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity always marked on the scatter and the map.
    sources : tuple of str, default ``SOURCES``
        Keys of :data:`analysis.data.sources.SOURCES` for the caption.

    Returns
    -------
    dict
        JSON-ready: ``cells`` (:func:`cell_rule`), ``centrality``, ``connection`` and
        ``rules`` (key → description, from the matrix module), ``specs`` (one entry per
        specification: ``key``, ``label``, ``centrality``, ``connection``, ``threshold``,
        ``x`` and ``y`` (indexes into ``scores``), ``xcut`` and ``ycut``, and
        ``entities``: the count per group as ``classify`` computes it), ``scores`` (lists
        of n numbers or None), ``places`` (``name``, ``csd``, ``region`` and ``mrc``
        (indexes into ``regions`` and ``mrcs``), ``population``, ``lon``, ``lat``),
        ``highlight`` (row index or None), ``south`` (the first view),
        ``outlines`` (:func:`encode_outlines` of each layer given) and ``caption``.

    Raises
    ------
    ExplorerError
        When the explorer's rule (:func:`browser_cells`) does not give back the cell that
        ``classify`` gives some entity under some specification.
    KeyError
        When a column is missing from ``frame``.
    """
    combos = list(matrix.ALL_SPECS)
    for c, k, t in product(matrix.CENTRALITY_MEASURES, matrix.CONNECTION_MEASURES, matrix.THRESHOLD_RULES):
        spec = matrix.Spec(c, k, t)
        if spec not in combos:
            combos.append(spec)
    scores: list[np.ndarray] = []

    def index_of(values: pd.Series) -> int:
        array = values.to_numpy(dtype="float64", na_value=np.nan)
        for i, known in enumerate(scores):
            if np.array_equal(known, array, equal_nan=True):
                return i
        scores.append(array)
        return len(scores) - 1

    specs = []
    for spec in combos:
        m = matrix.classify(frame, spec)
        x, y = m.table["centrality"], m.table["connection"]
        ours = browser_cells(
            x.to_numpy("float64", na_value=np.nan),
            y.to_numpy("float64", na_value=np.nan),
            m.centrality_threshold,
            m.connection_threshold,
        )
        theirs = m.table["cell"].astype(str).to_numpy()
        if not np.array_equal(ours, theirs):
            wrong = m.table.loc[ours != theirs, ["csd_uid", "name", "cell"]].head(3)
            raise ExplorerError(
                f"the explorer's rule (central at or below, connected at or above the thresholds) does not reproduce "
                f"classify under {spec.key}: {int((ours != theirs).sum())} entities differ, e.g.\n{wrong}"
            )
        counts = m.counts()["entities"]
        specs.append(
            {
                "key": spec.key,
                "label": spec.label,
                "centrality": spec.centrality,
                "connection": spec.connection,
                "threshold": spec.threshold,
                "book": spec in matrix.ALL_SPECS,
                "x": index_of(x),
                "y": index_of(y),
                "xcut": _number(m.centrality_threshold),
                "ycut": _number(m.connection_threshold),
                "entities": {str(group): int(counts[group]) for group in ALL_GROUPS},
            }
        )
    regions = sorted(frame["region_name"].dropna().astype(str).unique())
    mrcs = sorted(frame["mrc_name"].dropna().astype(str).unique())
    region_index = {name: i for i, name in enumerate(regions)}
    mrc_index = {name: i for i, name in enumerate(mrcs)}
    places = {
        "name": frame["name"].astype(str).tolist(),
        "csd": frame["csd_uid"].astype(str).tolist(),
        "region": [None if pd.isna(v) else region_index[str(v)] for v in frame["region_name"]],
        "mrc": [None if pd.isna(v) else mrc_index[str(v)] for v in frame["mrc_name"]],
        "population": _vector(frame[POPULATION]),
        "lon": _vector(frame["lon"].round(3)),
        "lat": _vector(frame["lat"].round(3)),
    }
    rows = np.flatnonzero(frame["csd_uid"].astype(str).to_numpy() == highlight) if highlight else []
    outlines = {}
    if mrc_polygons is not None:
        outlines["mrc"] = encode_outlines(for_screen(mrc_polygons))
    if region_polygons is not None:
        outlines["region"] = encode_outlines(for_screen(region_polygons))
    return {
        "cells": cell_rule(),
        "centrality": dict(matrix.CENTRALITY_MEASURES),
        "connection": dict(matrix.CONNECTION_MEASURES),
        "rules": dict(matrix.THRESHOLD_RULES),
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
    the data (a name holding ``</script>`` or ``<!--``) can end the element or open
    markup; ``JSON.parse`` reads the escapes back as the original characters.

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
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


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
        return (
            '<div class="explorer" data-explorer>'
            f'<script type="application/json" class="explorer-data">{script_json(self.data)}</script>'
            '<noscript><p class="explorer-noscript">The explorer needs JavaScript; chapter 4 shows the '
            "same classification as static tables and figures.</p></noscript></div>"
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
        When the explorer's rule does not reproduce ``classify`` (:func:`explorer_data`).
    """
    return Explorer(explorer_data(frame, mrc_polygons, region_polygons, **options))
