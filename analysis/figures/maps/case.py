"""Map of chapter 6: Saint-Camille in its MRC and region, with straight-line distances."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from analysis import i18n, vocabulary
from analysis.analyses.case import geography
from analysis.figures.captions import Caption, number
from analysis.figures.escape import html_text, js_template
from analysis.figures.maps import layers
from analysis.figures.maps.base import add_legend, base_map, outlines, swatch
from analysis.i18n import _, term

SOURCES = ("sda", "lode_2016", "mamh_register")
BOUNDS = (-74.05, 44.95, -69.7, 46.1)  # Estrie and the island of Montréal, with room for the labels
LES_SOURCES_STYLE = {"color": "#000000", "weight": 2.2, "fill": True, "fillColor": "#F0E442", "fillOpacity": 0.18}
REFERENCE_COLOUR, ORIGIN_COLOUR, NEIGHBOUR_COLOUR = "#009E73", "#000000", "#666666"


def _km(value: float) -> str:
    return number(value, ".1f", "km")


def _geodesic(lon0: float, lat0: float, lon1: float, lat1: float, points: int = 24) -> list[list[float]]:
    """The geodesic between two points as a list of [lat, lon] for folium."""
    middle = geography.GEOD.npts(lon0, lat0, lon1, lat1, points)
    return [[lat0, lon0], *[[lat, lon] for lon, lat in middle], [lat1, lon1]]


def _points(
    m: folium.Map,
    places: pd.DataFrame,
    layer_name: str,
    *,
    radius: float,
    colour: str,
    labelled: bool,
    origin_name: str,
    with_distance: bool = True,
) -> layers.CompactLayer:
    """Places as circle markers with a popup (name, role, straight-line distance) and a tooltip.

    Popups and tooltips are written by the layer's script as text
    (:func:`analysis.figures.maps.layers.dots`); the permanent labels are HTML, escaped here.
    ``origin_name`` is plain text.
    """
    distances = [_km(v) for v in places["distance_km"]]
    names = places["name"].astype(str).tolist()
    roles = [str(term(role)) for role in places["role"]]
    along = _("straight line from {origin}").format(origin=origin_name)
    layer = layers.dots(
        m,
        places["lon"],
        places["lat"],
        name=layer_name,
        style={"radius": radius, "color": "#ffffff", "weight": 1.5, "fillColor": colour, "fillOpacity": 1},
        popup=[("", names), ("", roles), *([(along, distances)] if with_distance else [])],
        tooltip=[("", names), *([("", distances)] if with_distance else [])],
    )
    if labelled:
        # Permanent labels as plain text markers that do not catch clicks (the popups stay reachable).
        for (_index, place), name, distance in zip(places.iterrows(), names, distances):
            text = _("{place}: {distance}").format(place=name, distance=distance) if with_distance else name
            text = html_text(text)
            folium.Marker(
                [place["lat"], place["lon"]],
                icon=folium.DivIcon(
                    html=f'<div class="companion-place-label" style="font:600 11px system-ui,sans-serif;white-space:nowrap;'
                    f'text-shadow:0 0 3px #fff,0 0 3px #fff">{text}</div>',
                    icon_size=(0, 0),
                    icon_anchor=(-10, 8),
                ),
                interactive=False,
            ).add_to(m)
    return layer


def map_caption(origin_name: str = "Saint-Camille") -> Caption:
    """The caption of :func:`saint_camille_map`.

    Parameters
    ----------
    origin_name : str, default ``"Saint-Camille"``
        The name of the municipality at the centre.

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note, for the map's caption box
        and the ``remove-input`` caption cell under it.

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    return Caption(
        title=_("{origin_name} in MRC Les Sources and Estrie, with straight-line distances").format(
            origin_name=origin_name
        ),
        heading=_("{origin_name} and its region").format(origin_name=origin_name),
        sources=SOURCES,
        drawn_by="figures.maps.case.saint_camille_map",
        alt=(
            _(
                "Map of Estrie and the island of Montréal without background tiles: the Estrie region outline, the MRC outlines of Estrie, MRC Les Sources shaded, and the island of Montréal outlined; {origin_name} in black, Sherbrooke, Val-des-Sources and Montréal as green markers joined to it by straight lines, and the other municipalities of the MRC as small grey dots. Click a marker for its straight-line distance."
            ).format(origin_name=origin_name)
        ),
        note=(
            _(
                "Points are the centres of the 2016 census-subdivision bounding boxes, not village cores or city halls; "
                "distances are geodesics on the WGS84 ellipsoid, not road distances."
            )
        ),
    )


def saint_camille_map(
    municipalities: pd.DataFrame,
    mrc_polygons: gpd.GeoDataFrame,
    region_polygons: gpd.GeoDataFrame,
    origin: str = vocabulary.SAINT_CAMILLE,
    references: dict[str, str] | None = None,
) -> folium.Map:
    """Saint-Camille, its MRC and region, and straight lines to Sherbrooke, Val-des-Sources and Montréal.

    Every text from the data (names, MRC and region names) is escaped before it reaches
    a popup or tooltip.

    Parameters
    ----------
    municipalities : pandas.DataFrame
        The municipalities table (``csd_uid``, ``name``, ``mrc_code``, ``mrc_name``,
        ``region_code``, ``region_name``, and the bounding-box centres ``lon``, ``lat``).
    mrc_polygons, region_polygons : geopandas.GeoDataFrame
        The outline layers in WGS84 (``load.mrc_polygons()``, ``load.region_polygons()``),
        kept at full detail: ``mrc_polygons`` needs ``mrc_code``, ``mrc_name`` and
        ``region_code``, ``region_polygons`` ``region_code`` and ``region_name``.
    origin : str, default Saint-Camille (``"2440025"``)
        CSD code of the municipality at the centre.
    references : dict of str → str, optional
        CSD code → role of the places joined to it by a line (default
        ``geography.REFERENCES``: Sherbrooke, Val-des-Sources, Montréal).

    Returns
    -------
    folium.Map
        With its caption as ``m.caption`` (written under the figure), a legend and alt
        text (:func:`~analysis.figures.maps.base.base_map`).

    Raises
    ------
    KeyError
        When ``origin`` is not in ``municipalities`` or a column is missing.
    ValueError
        When ``origin`` has no location (:func:`~analysis.analyses.case.geography.distances_from`).

    References
    ----------
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    Statistics Canada, Rural and Small Town (LODE) viewer data, 2016.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    table = municipalities.set_index("csd_uid", drop=False)
    start = table.loc[origin]
    origin_name = str(start["name"])  # plain text, escaped where it lands
    distances = geography.distances_from(municipalities, origin, references)
    m = base_map(BOUNDS, map_caption(str(start["name"])), first="Estrie")

    region = region_polygons[region_polygons["region_code"] == start["region_code"]]
    region_mrcs = mrc_polygons[mrc_polygons["region_code"] == start["region_code"]]
    own_mrc = mrc_polygons[mrc_polygons["mrc_code"] == start["mrc_code"]].copy()
    island = mrc_polygons[mrc_polygons["mrc_code"] == vocabulary.MONTREAL_AGGLOMERATION]
    outlines(m, region_mrcs, "mrc", _("MRC outlines of the region"))
    outlines(m, island, "mrc", _("Island of Montréal (agglomeration)"))
    outlines(m, region, "region", _("Region outline"))
    layers.areas(
        m,
        own_mrc,
        name=_("MRC of the municipality"),
        style=LES_SOURCES_STYLE,
        tooltip=[("", own_mrc["mrc_name"])],
    )

    lon0, lat0 = float(start["lon"]), float(start["lat"])
    references = distances[distances["role"] != geography.SAME_MRC]
    neighbours = distances[distances["role"] == geography.SAME_MRC]
    lines = folium.FeatureGroup(name=_("Straight lines")).add_to(m)
    for _index, row in references.iterrows():
        text = i18n.elide(
            _("{origin} to {place}: {distance} (straight line)").format(
                origin=origin_name, place=row["name"], distance=_km(row["distance_km"])
            )
        )
        folium.PolyLine(
            _geodesic(lon0, lat0, row["lon"], row["lat"]),
            color=REFERENCE_COLOUR,
            weight=2,
            dash_array="6 4",
            # folium.Tooltip writes its text as HTML inside a JavaScript template literal.
            tooltip=folium.Tooltip(js_template(html_text(text))),
        ).add_to(lines)
    _points(
        m,
        neighbours,
        _("Other municipalities of the MRC"),
        radius=3.5,
        colour=NEIGHBOUR_COLOUR,
        labelled=False,
        origin_name=origin_name,
    )
    _points(
        m, references, _("Reference places"), radius=7, colour=REFERENCE_COLOUR, labelled=True, origin_name=origin_name
    )
    here = pd.DataFrame(
        {
            "name": [start["name"]],
            "role": [f"{start['mrc_name']}, {start['region_name']}"],
            "distance_km": [0.0],
            "lon": [lon0],
            "lat": [lat0],
        }
    )
    _points(
        m,
        here,
        origin_name,
        radius=8,
        colour=ORIGIN_COLOUR,
        labelled=True,
        origin_name=origin_name,
        with_distance=False,
    )
    add_legend(
        m,
        _("Places and lines"),
        [
            (swatch(ORIGIN_COLOUR), str(start["name"])),
            (swatch(REFERENCE_COLOUR), _("reference places (dashed: straight line)")),
            (swatch(NEIGHBOUR_COLOUR), _("other municipalities of the MRC")),
            (swatch("#F0E442", "square"), str(start["mrc_name"])),
        ],
    )
    folium.LayerControl(collapsed=True).add_to(m)
    return m
