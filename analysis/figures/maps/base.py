"""Common map settings: a tile-less base map, outline layers, the caption box."""

from __future__ import annotations

import folium
import geopandas as gpd

from analysis.figures.captions import Caption
from analysis.figures.escape import html_attribute, html_text

OUTLINE = {
    "region": {"color": "#333333", "weight": 1.4, "fill": False},
    "mrc": {"color": "#8a8a8a", "weight": 0.6, "fill": False},
}


def base_map(bounds: tuple[float, float, float, float], caption: Caption, *, tiles: bool = False) -> folium.Map:
    """A map fitted to ``bounds`` (lon0, lat0, lon1, lat1) with no basemap tiles by default.

    An OpenStreetMap layer can be offered (``tiles=True``); it is then off by default.
    The caption (title, source, licence) is drawn in a box at the bottom of the map, and
    the alt text is set on the map container.

    Parameters
    ----------
    bounds : (float, float, float, float)
        West, south, east, north, in WGS84 degrees.
    caption : Caption
    tiles : bool, default False
        Offer an OpenStreetMap layer (fetched online, off until the reader turns it on).

    Returns
    -------
    folium.Map
        Leaflet only (no jQuery, Bootstrap or icon fonts), with the caption box and a
        ``<meta name="description">`` holding the alt text.

    Raises
    ------
    KeyError
        When a source key of ``caption`` is unknown.
    """
    lon0, lat0, lon1, lat1 = bounds
    m = folium.Map(
        location=[(lat0 + lat1) / 2, (lon0 + lon1) / 2],
        tiles=None,
        zoom_control=True,
        control_scale=False,
        prefer_canvas=True,
    )
    # Leaflet alone: the book's maps use no jQuery, Bootstrap or icon fonts, and the book
    # serves Leaflet from its own _static/ (analysis.book.ext.offline), never from a CDN.
    m.default_js = [js for js in folium.Map.default_js if js[0] == "leaflet"]
    m.default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]
    m.fit_bounds([[lat0, lon0], [lat1, lon1]])
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False, overlay=True).add_to(m)
    box = (
        f'<div role="note" style="position:absolute;bottom:8px;left:8px;right:8px;z-index:800;background:rgba(255,255,255,.9);'
        f'padding:4px 6px;font:11px/1.3 system-ui,sans-serif;color:#222">{html_text(caption.short)}</div>'
    )
    m.get_root().html.add_child(folium.Element(box))
    m.get_root().header.add_child(folium.Element(f'<meta name="description" content="{html_attribute(caption.alt)}">'))
    return m


def outlines(m: folium.Map, layer: gpd.GeoDataFrame, kind: str, name: str, label: str) -> folium.GeoJson:
    """Add region or MRC outlines, with the name as an (escaped) tooltip.

    Parameters
    ----------
    m : folium.Map
    layer : geopandas.GeoDataFrame
        Polygons in WGS84 with a ``label`` column (e.g. ``load.region_polygons()``).
    kind : {"region", "mrc"}
        The outline style (``OUTLINE``): dark and thicker for regions, grey for MRCs.
    name : str
        The layer's name in the layer control.
    label : str
        The column shown in the tooltip (e.g. ``"region_name"``).

    Returns
    -------
    folium.GeoJson
        The layer, already added to ``m`` (not interactive, no fill).

    Raises
    ------
    KeyError
        When ``kind`` is not a key of ``OUTLINE`` or ``label`` is not a column of ``layer``.
    """
    style = OUTLINE[kind]
    frame = layer[[label, "geometry"]].copy()
    frame[label] = frame[label].map(html_text)  # GeoJsonTooltip writes properties as HTML
    layer_obj = folium.GeoJson(
        frame.to_json(),
        name=name,
        style_function=lambda _f, s=style: {**s, "fillOpacity": 0},
        tooltip=folium.GeoJsonTooltip(fields=[label], labels=False),
        interactive=False,
    )
    layer_obj.add_to(m)
    return layer_obj


def for_screen(layer: gpd.GeoDataFrame, tolerance_m: float = 2500.0, decimals: int = 3) -> gpd.GeoDataFrame:
    """A lighter copy of a polygon coverage for province-wide display.

    Simplified as a coverage (neighbours still meet) in Québec Lambert metres, then
    rounded to ``decimals`` (3 decimals ≈ 100 m), which is finer than a screen pixel at
    province scale.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        Polygons that tile a territory, in WGS84 (e.g. ``load.mrc_polygons()``).
    tolerance_m : float, default 2500.0
        Simplification tolerance, in metres (EPSG:32198).
    decimals : int, default 3
        Decimals kept in the WGS84 coordinates.

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, geometry simplified and rounded, still in WGS84.
    """
    import numpy as np
    import shapely

    projected = layer.to_crs("EPSG:32198")
    simplified = shapely.coverage_simplify(projected.geometry.values, tolerance_m)
    out = layer.copy()
    geometry = gpd.GeoSeries(simplified, index=layer.index, crs="EPSG:32198").to_crs("EPSG:4326")
    rounded = shapely.make_valid(shapely.transform(geometry.values, lambda xy: np.round(xy, decimals)))
    out["geometry"] = [_polygonal(g) for g in rounded]
    return out


def _polygonal(geometry):
    """Only the polygons of a geometry (rounding can leave slivers as lines or points)."""
    import shapely

    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]
