"""Map of chapter 3: where places are more, or less, connected than their remoteness predicts."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from analysis.analyses.connection import MEASURES, RESIDUAL_CLASSES, residual_class
from analysis.figures.captions import Caption
from analysis.figures.escape import html_text, js_template
from analysis.figures.maps.base import base_map, for_screen, outlines
from analysis.vocabulary import SAINT_CAMILLE

SOURCES = ("remoteness_2016", "cwb_2021", "census_2021", "lode_2016", "sda", "mamh_register")
BOUNDS = (-79.8, 44.9, -57.0, 52.5)  # southern Québec, where almost every municipality lies

# Diverging Okabe-Ito scale: the blue pair for "more connected than predicted" and the
# orange pair for "less connected", as the connected and disconnected cells of the matrix.
RESIDUAL_COLOURS = dict(zip(RESIDUAL_CLASSES, ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")))


def _points(fit: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """The fitted entities with their location, residual band and escaped popup texts."""
    points = fit.merge(locations[["csd_uid", "lon", "lat"]], on="csd_uid", how="left")
    points["band"] = residual_class(points["residual"]).astype(str)
    return points[points["lon"].notna() & points["lat"].notna()].reset_index(drop=True)


def _legend(measure: str) -> folium.Element:
    rows = "".join(
        f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:5px;background:{colour};'
        f'margin-right:4px"></span>{html_text(band)}</div>'
        for band, colour in RESIDUAL_COLOURS.items()
    )
    head = f"<b>{html_text(MEASURES[measure])}</b><br>compared with what remoteness predicts"
    return folium.Element(
        f'<div style="position:absolute;top:10px;right:10px;z-index:800;background:rgba(255,255,255,.9);padding:6px;'
        f'font:12px system-ui,sans-serif;max-width:260px">{head}{rows}</div>'
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
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    measure = fit.attrs.get("measure", "education")
    return Caption(
        title=f"Connected despite distance, disconnected despite centrality: residuals of the {MEASURES[measure]} on remoteness",
        sources=SOURCES,
        drawn_by="figures.maps.connection.residual_map",
        alt=(
            "Map of southern Québec with region and MRC outlines; each municipal entity is a dot coloured from orange "
            "(less connected than its remoteness predicts) through grey to blue (more connected than predicted). "
            "Saint-Camille, in Estrie, is ringed in black."
        ),
        note=(
            "Residual = CWB score minus the score a straight line in remoteness predicts; bands in standard "
            "deviations of the residuals. Click a dot for its values."
        ),
    )


def residual_map(
    fit: pd.DataFrame,
    locations: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    region_polygons: gpd.GeoDataFrame,
    highlight: str | None = SAINT_CAMILLE,
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

    Returns
    -------
    folium.Map
        With the caption box (title, sources, licences) and alt text
        (:func:`~analysis.figures.maps.base.base_map`).

    Raises
    ------
    KeyError
        When a column is missing.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    measure = fit.attrs.get("measure", "education")
    m = base_map(BOUNDS, residual_caption(fit))
    outlines(m, for_screen(mrc_polygons), "mrc", "MRC outlines", "mrc_name")
    outlines(m, for_screen(region_polygons), "region", "Region outlines", "region_name")
    points = _points(fit, locations)
    # Short property names and rounded coordinates keep the embedded GeoJSON small.
    compact = pd.DataFrame(
        {
            "n": points["name"].map(html_text),  # GeoJsonPopup writes properties and aliases as HTML
            "r": points["region_name"].map(html_text),
            "x": points["x"].round(3).astype(str),
            "y": points["y"].round(2).astype(str),
            "e": points["residual"].map(lambda v: f"{v:+.1f}"),
            "b": points["band"],
        }
    )
    geo = gpd.GeoDataFrame(
        compact, geometry=gpd.points_from_xy(points["lon"].round(3), points["lat"].round(3)), crs="EPSG:4326"
    )
    folium.GeoJson(
        geo.to_json(drop_id=True),
        name="Municipal entities: residual",
        marker=folium.CircleMarker(radius=3, weight=0.4, color="#ffffff", fill=True, fill_opacity=0.9),
        style_function=lambda f: {"fillColor": RESIDUAL_COLOURS.get(f["properties"]["b"], "#BBBBBB")},
        popup=folium.GeoJsonPopup(
            fields=["n", "r", "x", "y", "e"],
            aliases=[html_text(a) for a in ("municipality", "region", "remoteness", MEASURES[measure], "residual")],
        ),
    ).add_to(m)
    if highlight is not None:
        spot = points[points["csd_uid"] == highlight]
        if not spot.empty:
            row = spot.iloc[0]
            # folium.Tooltip writes its text as HTML inside a JavaScript template literal.
            text = js_template(html_text(f"{row['name']}: residual {row['residual']:+.1f}"))
            folium.CircleMarker(
                [round(row["lat"], 3), round(row["lon"], 3)],
                radius=9,
                color="#000000",
                weight=2,
                fill=False,
                tooltip=folium.Tooltip(text, permanent=True),
            ).add_to(m)
    m.get_root().html.add_child(_legend(measure))
    folium.LayerControl(collapsed=True).add_to(m)
    return m
