"""Province map of the fracture matrix (chapter 4)."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from analysis.analyses import centrality
from analysis.analyses.matrix import Assignment, mrc_summary
from analysis.figures.captions import Caption, number
from analysis.figures.charts.matrix import spec_label, spec_sources
from analysis.figures.maps import layers
from analysis.figures.maps.base import (
    CORE,
    SOUTH,
    add_legend,
    base_map,
    for_screen,
    label_places,
    note_areas,
    outlines,
    polygons_by_place,
    ring,
    swatch,
)
from analysis.figures.palette import CELL_COLOURS
from analysis.i18n import _, term
from analysis.vocabulary import ALL_GROUPS, SAINT_CAMILLE, UNCLASSIFIED

MAP_SOURCES = ("lode_2016", "sda")
"""Sources of the map itself (locations, outlines), besides those of the specification."""


def matrix_map(
    matrix: Assignment,
    municipalities: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    region_polygons: gpd.GeoDataFrame,
    highlight: str | None = SAINT_CAMILLE,
    municipal_polygons: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """MRCs shaded by their dominant cell (by residents), municipalities as points coloured by cell.

    Only the reference sample (the places the cuts are computed on) is drawn. Popups give
    the values used (population, centrality, connection, cell); every text from the data is
    escaped. Saint-Camille is marked with a ring and a label.

    Parameters
    ----------
    matrix : Assignment
        :func:`analysis.analyses.matrix.assign`; MRCs are shaded from
        :func:`~analysis.analyses.matrix.mrc_summary`.
    municipalities : pandas.DataFrame
        A table with ``csd_uid``, ``lon`` and ``lat`` (the municipalities table).
    mrc_polygons, region_polygons : geopandas.GeoDataFrame
        The outline layers in WGS84 (``load.mrc_polygons()``, ``load.region_polygons()``).
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity ringed in black (none when None or not drawn).
    municipal_polygons : geopandas.GeoDataFrame, optional
        One polygon per municipality (``csd_uid``, geometry; ``load.municipal_polygons()``
        when the data layer provides it): each municipality's cell is then drawn as an
        area (a layer of its own), which shows where people live better than MRC fills.

    Returns
    -------
    folium.Map
        With its caption as ``m.caption`` (written under the figure), a legend, reference
        places and alt text (:func:`~analysis.figures.maps.base.base_map`).

    Raises
    ------
    KeyError
        When a column is missing.

    References
    ----------
    Statistics Canada, Statistical Area Classification 2016; Index of Remoteness 2021 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    Okabe and Ito (2008) for the cell colours (:data:`analysis.figures.palette.CELL_COLOURS`).
    """
    caption = matrix_caption(matrix)
    m = base_map(SOUTH, caption, narrow=CORE)  # the settled south; the "Province" button shows the north
    summary = mrc_summary(matrix).set_index("mrc_code")
    shaded = for_screen(mrc_polygons).merge(
        summary[["dominant_cell", "population"]], left_on="mrc_code", right_index=True, how="left"
    )
    shaded["dominant_cell"] = shaded["dominant_cell"].fillna(UNCLASSIFIED).astype(str)
    layers.areas(
        m,
        shaded,
        name=_("MRCs: dominant cell (by residents)"),
        style={"color": "#8a8a8a", "weight": 0.5, "fillOpacity": 0.35},
        fill=shaded["dominant_cell"].map(CELL_COLOURS),
        tooltip=[(_("MRC"), shaded["mrc_name"]), (_("dominant cell"), shaded["dominant_cell"].map(term))],
    )
    outlines(m, for_screen(region_polygons), "region", _("Regions"))
    placed = matrix.table[matrix.table["reference"]]
    points = placed.merge(municipalities[["csd_uid", "lon", "lat"]], on="csd_uid")
    points = points[points["lon"].notna()].copy()
    points["cell"] = points["cell"].astype(str)
    if municipal_polygons is not None:
        shaded_areas = polygons_by_place(
            municipal_polygons,
            pd.DataFrame({"csd_uid": points["csd_uid"], "fill": points["cell"].map(CELL_COLOURS)}),
            "fill",
        )
        if shaded_areas is not None:
            layers.areas(
                m,
                shaded_areas,
                name=_("Municipalities: cell (areas)"),
                style={"fillOpacity": 0.55, "weight": 0, "interactive": False},
                fill=shaded_areas["fill"],
            )
            note_areas(m)
    layers.dots(
        m,
        points["lon"],
        points["lat"],
        name=_("Municipal entities: cell"),
        style={"radius": 3, "weight": 0.4, "color": "#ffffff", "fillOpacity": 0.9},
        fill=points["cell"].map(CELL_COLOURS),
        popup=[
            (_("municipality"), points["name"]),
            (_("population 2021"), points["population"].map(lambda v: "" if pd.isna(v) else number(int(v), ",d"))),
            (_("centrality"), _centrality_text(matrix, points, municipalities)),
            (_("connection"), points["connection_score"].map(lambda v: number(round(v, 2)))),
            (_("cell"), points["cell"].map(term)),
        ],
    )
    if highlight is not None:
        spot = points[points["csd_uid"] == highlight]
        if not spot.empty:
            row = spot.iloc[0]
            ring(m, row["lat"], row["lon"], str(row["name"]))
    label_places(m, municipalities)
    add_legend(
        m, _("Matrix cell (MRC fill: the cell of most residents)"), [(swatch(CELL_COLOURS[c]), c) for c in ALL_GROUPS]
    )
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _centrality_text(matrix: Assignment, points: pd.DataFrame, municipalities: pd.DataFrame) -> pd.Series:
    """Each place's centrality as a reader reads it: its class in words for a class definition
    (the SAC: "Moderate MIZ", not the rank the cut is computed on), else its score."""
    definition = centrality.definition(matrix.spec.centrality)
    if definition.kind == "classes" and definition.column in municipalities:
        classes = points["csd_uid"].map(municipalities.set_index("csd_uid")[definition.column])
        return classes.map(lambda v: "" if pd.isna(v) else str(term(v)))
    return points["centrality_score"].map(lambda v: "" if pd.isna(v) else number(round(v, 4)))


def matrix_caption(matrix: Assignment) -> Caption:
    """The caption of :func:`matrix_map` (title, sources, function, alt text).

    Parameters
    ----------
    matrix : Assignment
        :func:`analysis.analyses.matrix.assign` (its specification names the map).

    Returns
    -------
    Caption

    References
    ----------
    Statistics Canada, Statistical Area Classification 2016; Index of Remoteness 2021 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    return Caption(
        title=_("The fracture matrix on the map ({label})").format(label=spec_label(matrix.spec)),
        heading=_("The matrix on the map"),
        sources=(*spec_sources(matrix.spec), *MAP_SOURCES),
        drawn_by="figures.maps.matrix.matrix_map",
        alt=(
            _(
                "Map of southern Québec with a few cities named: each MRC shaded by the matrix cell where most of its "
                "residents live, and each municipality drawn as a dot coloured by its own cell (or as at a cut); region "
                "borders in dark grey; Saint-Camille ringed in black."
            )
        ),
        note=(
            _(
                "Dots are the centres of the 2016 census-subdivision bounding boxes. Click a dot for the values behind its "
                "cell; the Province button shows the north, whose large, thinly populated MRCs dominate any map by area."
            )
        ),
    )
