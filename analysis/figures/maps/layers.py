"""Compact Leaflet layers for the book's maps: areas, outlines and dots sent as integers and columns.

folium's ``GeoJson`` layer writes every feature as a GeoJSON object (each coordinate as
decimal text, each property under its name, every text escaped again for HTML) and adds a
style function with one ``case`` per feature. For the province maps of chapters 3 and 4
(104 MRCs, 17 regions, about 1,030 places) that was about 60 KB gzip per map, more than
Leaflet itself. The layers of this module draw the same features with Leaflet's own
``L.polygon`` and ``L.circleMarker`` from one compact JSON document per layer:

* coordinates as integers in thousandths of a degree (about 100 m, the precision of
  :func:`analysis.figures.maps.base.for_screen`), each point stored as its difference from
  the one before (:func:`encode_rings`, :func:`encode_points`);
* one style for the layer, plus a fill colour per feature as an index into a short list;
* tooltip and popup texts as columns (one label, then one value per feature), written into
  the map by the script as text (``textContent``), never as HTML, so a name from the data
  cannot add markup; the JSON is escaped for the ``<script>`` element it lands in
  and folium's second Jinja pass (:func:`analysis.figures.escape.folium_json`).

The script that builds the layers (:data:`LAYER_SCRIPT`) is written once per map. The
explorer page (:mod:`analysis.figures.explorer`) sends its outlines in the same integer
form (:func:`encode_rings`).
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.map import Layer
from jinja2 import Template

from analysis.figures.escape import folium_json, html_text

GRID = 1000
"""Coordinates are stored as integers in thousandths of a degree (about 100 m)."""

LAYER_SCRIPT = """
function companionLayer(d) {
  var group = L.featureGroup();
  function decode(steps) {
    var points = [], x = 0, y = 0;
    for (var i = 0; i + 1 < steps.length; i += 2) {
      x += steps[i]; y += steps[i + 1];
      points.push([y / d.grid, x / d.grid]);
    }
    return points;
  }
  function table(rows, i) {
    return function () {
      var box = document.createElement('table');
      rows.forEach(function (row) {
        var value = row[1][i];
        if (value === null || value === '') return;
        var line = box.insertRow();
        if (row[0]) {
          var label = document.createElement('th');
          label.textContent = row[0];
          line.appendChild(label);
        }
        line.insertCell().textContent = value;
      });
      return box;
    };
  }
  // A popup is never wider than the map less a margin (a phone's map is about 340 px wide);
  // on a wide map, one opened near the top left pans clear of the zoom and framing buttons.
  var width = document.documentElement.clientWidth || 600;
  var popupOptions = {
    className: 'companion-map-tip',
    maxWidth: Math.max(160, Math.min(300, width - 70)),  // the content; the frame adds about 50 px
    autoPanPaddingTopLeft: width >= 500 ? [100, 10] : [5, 5],
    autoPanPaddingBottomRight: [5, 5]
  };
  var points = d.points ? decode(d.points) : null;
  var count = points ? points.length : d.rings.length;
  for (var i = 0; i < count; i++) {
    var style = Object.assign({}, d.style);
    if (d.fills) style.fillColor = d.fills[d.fill[i]];
    var layer = points ? L.circleMarker(points[i], style) : L.polygon(d.rings[i].map(decode), style);
    if (d.tooltip) layer.bindTooltip(table(d.tooltip, i), {sticky: true, className: 'companion-map-tip'});
    if (d.popup) layer.bindPopup(table(d.popup, i), popupOptions);
    group.addLayer(layer);
  }
  return group;
}
"""
"""The script that draws a layer of this module from its document (written once per map)."""

TIP_STYLE = (
    ".companion-map-tip table{border-collapse:collapse;font:12px/1.35 system-ui,sans-serif}"
    ".companion-map-tip th{padding:1px 8px 1px 0;text-align:left;font-weight:600}"
    ".companion-map-tip td{padding:1px 0;overflow-wrap:anywhere}"
)
"""CSS of the tooltips and popups of these layers (a two-column table: label, value)."""


def encode_rings(layer: gpd.GeoDataFrame) -> list[list[list[int]]]:
    """Polygon outlines as integer rings, each point stored as its difference from the one before.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        Polygons or multipolygons in WGS84 (already simplified for the screen, e.g. by
        :func:`analysis.figures.maps.base.for_screen`), one row per feature.

    Returns
    -------
    list
        One list per feature, one list per ring (the exterior and holes of every part, in
        order): the first point as (longitude, latitude) in thousandths of a degree
        (:data:`GRID`), then the differences between successive points; a point equal to
        the one before is dropped. Drawn with the even-odd rule, the rings of a feature give
        back its parts and holes. :data:`LAYER_SCRIPT` and the explorer's ``decodeRing`` add
        the differences back up.
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


def encode_points(lon: Sequence[float], lat: Sequence[float]) -> list[int]:
    """Points as one integer sequence: the first (longitude, latitude), then differences.

    Parameters
    ----------
    lon, lat : sequence of float
        Longitudes and latitudes in WGS84 degrees, same length, no missing value.

    Returns
    -------
    list of int
        ``[x0, y0, x1 - x0, y1 - y0, …]`` in thousandths of a degree (:data:`GRID`), the
        points rounded to the nearest thousandth (about 100 m).

    Raises
    ------
    ValueError
        When the lengths differ or a coordinate is missing.
    """
    xy = np.column_stack([np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)])
    if np.isnan(xy).any():
        raise ValueError("encode_points: a longitude or latitude is missing")
    grid = np.round(xy * GRID).astype("int64")
    return np.vstack([grid[:1], np.diff(grid, axis=0)]).ravel().tolist() if len(grid) else []


class CompactLayer(Layer):
    """A layer of areas or dots drawn by :data:`LAYER_SCRIPT` from one compact document.

    Made by :func:`areas` and :func:`dots`; a :class:`folium.map.Layer`, so the layer
    control lists it under ``name`` (plain text, escaped for the control, which writes it as HTML).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = companionLayer({{ this.document }});
        {% endmacro %}
        """
    )

    def __init__(self, document: dict, name: str, show: bool = True, control: bool = True):
        super().__init__(name=html_text(name), overlay=True, control=control, show=show)
        self._name = "CompactLayer"
        self.document = folium_json({"grid": GRID, **document})

    def render(self, **kwargs):
        """Write the layer's script, and once per map the drawing script and the tooltip style.

        Parameters
        ----------
        **kwargs
            Passed on to :meth:`folium.map.Layer.render`.
        """
        figure = self.get_root()
        # Once per map (a child of the same name replaces the one before).
        figure.script.add_child(folium.Element(LAYER_SCRIPT), name="companion_layer_script", index=0)
        figure.header.add_child(folium.Element(f"<style>{TIP_STYLE}</style>"), name="companion_layer_style")
        super().render(**kwargs)


def _texts(rows: Sequence[tuple[str, Sequence]] | None, count: int) -> list | None:
    """Label/value columns as plain text (missing values as null), checked against ``count``."""
    if rows is None:
        return None
    out = []
    for label, values in rows:
        values = list(values)
        if len(values) != count:
            raise ValueError(f"the column {label!r} has {len(values)} values for {count} features")
        out.append([str(label), [None if pd.isna(v) else str(v) for v in values]])
    return out


def _fills(document: dict, fill: Sequence[str] | None, count: int) -> None:
    """Add the fill colours to a layer document: a short list, and one index per feature."""
    if fill is None:
        return
    colours = list(fill)
    missing = [i for i, c in enumerate(colours) if not isinstance(c, str)]
    if missing:
        raise ValueError(f"no fill colour for the features at positions {missing[:5]} (of {len(colours)})")
    if len(colours) != count:
        raise ValueError(f"{len(colours)} fill colours for {count} features")
    palette = sorted(set(colours))
    document["fills"] = palette
    document["fill"] = [palette.index(c) for c in colours]


def _add(m: folium.Map, document: dict, count: int, name: str, show: bool, fill, **texts) -> CompactLayer:
    """Complete a layer document (fill colours, popup and tooltip columns, checked against ``count``) and add it."""
    _fills(document, fill, count)
    for kind, rows in texts.items():
        if rows is not None:
            document[kind] = _texts(rows, count)
    return CompactLayer(document, name, show=show).add_to(m)


def areas(
    m: folium.Map,
    layer: gpd.GeoDataFrame,
    *,
    name: str,
    style: dict,
    fill: Sequence[str] | None = None,
    tooltip: Sequence[tuple[str, Sequence]] | None = None,
    show: bool = True,
) -> CompactLayer:
    """Add polygons (areas or outlines) to a map as one compact layer.

    Parameters
    ----------
    m : folium.Map
    layer : geopandas.GeoDataFrame
        Polygons in WGS84, one row per feature (simplify them first for a province-wide
        map, :func:`analysis.figures.maps.base.for_screen`).
    name : str
        The layer's name in the layer control (plain text, escaped here).
    style : dict
        Leaflet path options for every feature (``color``, ``weight``, ``fill``,
        ``fillOpacity``, ``interactive``…).
    fill : sequence of str, optional
        One CSS fill colour per feature (``#RRGGBB``), in the order of ``layer``.
    tooltip : sequence of (str, sequence), optional
        The rows shown on hover: (label, one value per feature); an empty label shows the
        value alone; a missing or empty value leaves its row out. Plain text, shown as text.
    show : bool, default True
        Whether the layer is on when the map opens.

    Returns
    -------
    CompactLayer
        The layer, already added to ``m``.

    Raises
    ------
    ValueError
        When ``fill`` or a tooltip column does not have one value per feature, or a fill
        colour is missing.
    """
    return _add(m, {"rings": encode_rings(layer), "style": style}, len(layer), name, show, fill, tooltip=tooltip)


def dots(
    m: folium.Map,
    lon: Sequence[float],
    lat: Sequence[float],
    *,
    name: str,
    style: dict,
    fill: Sequence[str] | None = None,
    popup: Sequence[tuple[str, Sequence]] | None = None,
    tooltip: Sequence[tuple[str, Sequence]] | None = None,
    show: bool = True,
) -> CompactLayer:
    """Add places as circle markers to a map, as one compact layer.

    Parameters
    ----------
    m : folium.Map
    lon, lat : sequence of float
        WGS84 degrees, one per place, no missing value (rounded to about 100 m).
    name : str
        The layer's name in the layer control (plain text, escaped here).
    style : dict
        Leaflet circle-marker options for every place (``radius``, ``color``, ``weight``,
        ``fillOpacity``…).
    fill : sequence of str, optional
        One CSS fill colour per place (``#RRGGBB``).
    popup, tooltip : sequence of (str, sequence), optional
        The rows shown on click (popup) or hover (tooltip): (label, one value per place);
        an empty label shows the value alone; a missing or empty value leaves its row out.
        Plain text, shown as text.
    show : bool, default True
        Whether the layer is on when the map opens.

    Returns
    -------
    CompactLayer
        The layer, already added to ``m``.

    Raises
    ------
    ValueError
        When a coordinate or a fill colour is missing, or ``fill``, a popup or a tooltip
        column does not have one value per place.
    """
    points = encode_points(lon, lat)
    document = {"points": points, "style": style}
    return _add(m, document, len(points) // 2, name, show, fill, popup=popup, tooltip=tooltip)
