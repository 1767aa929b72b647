"""Map of chapter 3: where places are more, or less, connected than their remoteness predicts."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from analysis.analyses.connection import MEASURES, RESIDUAL_CLASSES, residual_class
from analysis.figures.captions import Caption, number
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
from analysis.i18n import _
from analysis.vocabulary import SAINT_CAMILLE

SOURCES = ("remoteness_2021", "cwb_2021", "census_2021", "lode_2016", "sda", "mamh_register")
BOUNDS = SOUTH  # the settled south first; the "Province" button shows the rest

# Diverging Okabe-Ito scale: the blue pair for "more connected than predicted" and the
# orange pair for "less connected", as the connected and disconnected cells of the matrix.
RESIDUAL_COLOURS = dict(zip(RESIDUAL_CLASSES, ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")))


def _points(fit: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """The fitted entities with their location, residual band and escaped popup texts."""
    points = fit.merge(locations[["csd_uid", "lon", "lat"]], on="csd_uid", how="left")
    points["band"] = residual_class(points["residual"]).astype(str)
    return points[points["lon"].notna() & points["lat"].notna()].reset_index(drop=True)


def _legend(m: folium.Map, measure: str) -> None:
    add_legend(
        m,
        _("{measure}, compared with what remoteness predicts").format(measure=_(MEASURES[measure])),
        [(swatch(colour), band) for band, colour in RESIDUAL_COLOURS.items()],
    )


def residual_caption(fit: pd.DataFrame) -> Caption:
    """The caption of :func:`residual_map` (title, sources, function, alt text), for the text under the map.

    Parameters
    ----------
    fit : pandas.DataFrame
        :func:`analysis.analyses.connection.residuals` (its ``attrs["measure"]`` names the
        measure; default ``"education"``).

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note, for the map's caption box
        and the ``remove-input`` caption cell under it.

    Raises
    ------
    KeyError
        When the measure is not one of ``connection.MEASURES``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    measure = fit.attrs.get("measure", "education")
    return Caption(
        title=_(
            "Connected despite distance, disconnected despite centrality: residuals of the {value} on remoteness"
        ).format(value=_(MEASURES[measure])),
        heading=_("Residuals of connection on remoteness"),
        sources=SOURCES,
        drawn_by="figures.maps.connection.residual_map",
        alt=(
            _(
                "Map of southern Québec with region and MRC outlines and a few cities named; each municipal entity is a dot "
                "coloured from orange (less connected than its remoteness predicts) through grey to blue (more connected "
                "than predicted). Saint-Camille, in Estrie, is ringed in black."
            )
        ),
        note=(
            _(
                "Residual = CWB score minus the score a straight line in remoteness predicts; bands in standard "
                "deviations of the residuals. Dots are the centres of the 2016 census-subdivision bounding boxes. "
                "Click a dot for its values; the Province button shows the north."
            )
        ),
    )


def residual_map(
    fit: pd.DataFrame,
    locations: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    region_polygons: gpd.GeoDataFrame,
    highlight: str | None = SAINT_CAMILLE,
    municipal_polygons: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Municipal entities coloured by their residual from the fit of connection on remoteness.

    Blue: more connected than their remoteness predicts (connected despite distance
    when they are remote); orange: less connected than predicted (disconnected despite
    centrality when they are central). Bands are in standard deviations of the
    residuals (:func:`~analysis.analyses.connection.residual_class`). Every text from the
    data is escaped; Saint-Camille is ringed.

    Parameters
    ----------
    fit : pandas.DataFrame
        :func:`analysis.analyses.connection.residuals` (``csd_uid``, ``name``,
        ``region_name``, ``x``, ``y``, ``residual``).
    locations : pandas.DataFrame
        A table with ``csd_uid``, ``lon`` and ``lat`` (the municipalities table); entities
        without a location are not drawn.
    mrc_polygons, region_polygons : geopandas.GeoDataFrame
        The outline layers in WGS84 (``load.mrc_polygons()``, ``load.region_polygons()``).
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity ringed in black (none when None or not drawn).
    municipal_polygons : geopandas.GeoDataFrame, optional
        One polygon per municipality (``csd_uid``, geometry; ``load.municipal_polygons()``
        when the data layer provides it): the residuals are then drawn as areas under the
        dots (a layer of its own).

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
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    measure = fit.attrs.get("measure", "education")
    m = base_map(BOUNDS, residual_caption(fit), narrow=CORE)
    outlines(m, for_screen(mrc_polygons), "mrc", _("MRC outlines"))
    outlines(m, for_screen(region_polygons), "region", _("Region outlines"))
    points = _points(fit, locations)
    if municipal_polygons is not None:
        shaded_areas = polygons_by_place(
            municipal_polygons,
            pd.DataFrame({"csd_uid": points["csd_uid"], "fill": points["band"].map(RESIDUAL_COLOURS)}),
            "fill",
        )
        if shaded_areas is not None:
            layers.areas(
                m,
                shaded_areas,
                name=_("Municipalities: residual (areas)"),
                style={"fillOpacity": 0.5, "weight": 0, "interactive": False},
                fill=shaded_areas["fill"],
            )
            note_areas(m)
    layers.dots(
        m,
        points["lon"],
        points["lat"],
        name=_("Municipal entities: residual"),
        style={"radius": 3, "weight": 0.4, "color": "#ffffff", "fillOpacity": 0.9},
        fill=points["band"].map(lambda band: RESIDUAL_COLOURS.get(band, "#BBBBBB")),
        popup=[
            (_("municipality"), points["name"]),
            (_("region"), points["region_name"]),
            (_("remoteness"), points["x"].map(lambda v: number(round(v, 3)))),
            (_(MEASURES[measure]), points["y"].map(lambda v: number(round(v, 2)))),
            (_("residual"), points["residual"].map(lambda v: number(v, "+.1f"))),
        ],
    )
    if highlight is not None:
        spot = points[points["csd_uid"] == highlight]
        if not spot.empty:
            row = spot.iloc[0]
            ring(m, row["lat"], row["lon"], str(row["name"]))
    label_places(m, locations)
    _legend(m, measure)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
