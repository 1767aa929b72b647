"""Common map settings: a tile-less base map, framing buttons, a legend, reference places, outlines.

Every map of the book is built on :func:`base_map` and follows the same layout, so that it
reads on a phone (390 px wide) as on a desktop and keeps most of its area free:

* no box inside the map: the caption (what, sources, vintage, licence) is written under
  the figure by :func:`analysis.figures.numbered.figure` (the map carries it as ``m.caption``);
* top left: zoom, then two buttons that frame the settled south (the default view) or the
  whole province;
* top right: the layer control (collapsed);
* bottom left: the legend (:func:`add_legend`), a fold-out that starts open on a wide
  screen and closed on a phone;
* a few reference places labelled (:func:`label_places`: Montréal, Québec, Sherbrooke,
  Saguenay, Gatineau) so that a reader from elsewhere can find their way.
"""

from __future__ import annotations

import dataclasses

import folium
import geopandas as gpd
import pandas as pd
from folium import MacroElement
from jinja2 import Template

from analysis.figures.captions import Caption
from analysis.figures.escape import html_attribute, html_text, js_string, js_template, script_json
from analysis.figures.maps.layers import CompactLayer, areas
from analysis.i18n import N_, _, term
from analysis.vocabulary import MONTREAL, SHERBROOKE

OUTLINE = {
    "region": {"color": "#333333", "weight": 1.4, "fill": False},
    "mrc": {"color": "#8a8a8a", "weight": 0.6, "fill": False},
}
SOUTH = (-79.6, 44.9, -63.5, 49.8)
"""West, south, east, north of the settled south of Québec (WGS84), the default frame."""
CORE = (-76.2, 45.0, -69.8, 48.6)
"""The St. Lawrence corridor from Gatineau to Québec and Saguenay: the first frame on a narrow
(phone) map, where the whole south would leave the places a few pixels apart."""
PROVINCE = (-79.8, 44.9, -57.0, 62.6)
"""West, south, east, north of the whole province."""
REFERENCE_PLACES = {
    MONTREAL: "Montréal",
    "2423027": "Québec",
    SHERBROOKE: "Sherbrooke",
    "2494068": "Saguenay",
    "2481017": "Gatineau",
}
"""CSD code → label of the places named on the province maps (their bounding-box centres)."""
NARROW_PX = 500
"""Below this width (the map's own), the legend starts folded and the first frame is :data:`CORE`."""
LABEL_CLASS = "companion-label"
"""Leaflet class of the permanent labels (tooltips) of the maps: small, so that they hide little."""
LABEL_STYLE = (
    f".leaflet-tooltip.{LABEL_CLASS}{{padding:1px 4px;font:600 11px/1.3 system-ui,sans-serif;"
    "box-shadow:0 1px 2px rgba(0,0,0,.3);border-radius:3px}"
)


class _Frames(MacroElement):
    """Two buttons under the zoom control: frame the settled south, or the whole province."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            function first(b) {
                return (b.narrowBounds && map.getContainer().clientWidth < {{ this.narrow_px }}) ? b.narrowBounds : b.bounds;
            }
            var narrow = {{ this.narrow }};
            if (narrow) { map.fitBounds(narrow); }
            var frames = L.control({position: 'topleft'});
            frames.onAdd = function() {
                var bar = L.DomUtil.create('div', 'leaflet-bar companion-frames');
                {{ this.buttons }}.forEach(function(b) {
                    var a = L.DomUtil.create('a', '', bar);
                    a.href = '#'; a.setAttribute('role', 'button');
                    a.textContent = b.text; a.title = b.title; a.setAttribute('aria-label', b.title);
                    a.style.cssText = 'width:auto;padding:0 6px;font:600 12px/26px system-ui,sans-serif';
                    L.DomEvent.on(a, 'click', function(e) {
                        L.DomEvent.preventDefault(e);
                        map.fitBounds(first(b));
                    });
                });
                L.DomEvent.disableClickPropagation(bar);
                return bar;
            };
            frames.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        frames: list[tuple[str, str, tuple[float, float, float, float], tuple[float, float, float, float] | None]],
        narrow_px: int = NARROW_PX,
    ):
        super().__init__()
        self._name = "Frames"
        self.narrow_px = int(narrow_px)
        buttons = []
        for text, title, bounds, narrow in frames:
            button = {"text": text, "title": title, "bounds": _corners(bounds)}
            if narrow is not None:
                button["narrowBounds"] = _corners(narrow)
            buttons.append(button)
        self.buttons = script_json(buttons, ensure_ascii=False)
        first = buttons[0]
        # On a narrow map, open on the first button's narrow frame instead of the wide one.
        self.narrow = (
            f"(map.getContainer().clientWidth < {self.narrow_px} ? {script_json(first['narrowBounds'])} : null)"
            if "narrowBounds" in first
            else "null"
        )


def _corners(bounds: tuple[float, float, float, float]) -> list[list[float]]:
    """(west, south, east, north) as Leaflet's [[south, west], [north, east]]."""
    west, south, east, north = bounds
    return [[south, west], [north, east]]


class _Zoom(MacroElement):
    """Leaflet's zoom buttons, with their titles (read by screen readers) in the page's language."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.zoom({position: 'topleft', zoomInTitle: {{ this.zoom_in }}, zoomOutTitle: {{ this.zoom_out }}})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "Zoom"
        self.zoom_in = js_string(_("Zoom in"))
        self.zoom_out = js_string(_("Zoom out"))


class _Legend(MacroElement):
    """A fold-out legend in the bottom-left corner (open on a wide map, folded on a narrow one)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function() {
                var box = L.DomUtil.create('details', 'companion-legend');
                box.innerHTML = {{ this.content }};
                box.style.cssText = 'background:rgba(255,255,255,.92);padding:4px 8px;border-radius:4px;'
                    + 'box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 system-ui,sans-serif;max-width:240px;color:#222';
                box.open = map.getContainer().clientWidth > {{ this.narrow }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, content: str, narrow: int = NARROW_PX):
        super().__init__()
        self._name = "Legend"
        self.content = js_string(content)  # HTML whose texts are escaped, in a JavaScript string
        self.narrow = int(narrow)


class _LeafletWords(MacroElement):
    """Leaflet's own words in the page's language: the layer button's name and the attribution's title."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            if (map.attributionControl) { map.attributionControl.setPrefix({{ this.prefix }}); }
            // The layer control is added last, in the same script: name its button once it is there.
            map.whenReady(function() { setTimeout(function() {
                var button = map.getContainer().querySelector('.leaflet-control-layers-toggle');
                if (button) { button.title = {{ this.layers }}; button.setAttribute('aria-label', {{ this.layers }}); }
            }, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "LeafletWords"
        title = html_attribute(_("A JavaScript library for interactive maps"))
        self.prefix = js_string(f'<a href="https://leafletjs.com" title="{title}">Leaflet</a>')
        self.layers = js_string(_("Layers"))


def swatch(colour: str, shape: str = "circle") -> str:
    """A small coloured mark for a legend row (``"circle"``, ``"square"`` or ``"line"``).

    Parameters
    ----------
    colour : str
        A CSS colour (``#RRGGBB``).
    shape : {"circle", "square", "line"}, default "circle"

    Returns
    -------
    str
        An HTML ``<span>``.
    """
    radius = {"circle": "5px", "square": "1px", "line": "0"}[shape]
    height = "3px" if shape == "line" else "10px"
    return (
        f'<span aria-hidden="true" style="display:inline-block;width:10px;height:{height};border-radius:{radius};'
        f'background:{html_attribute(colour)};margin-right:5px;vertical-align:middle"></span>'
    )


def add_legend(m: folium.Map, title: str, rows: list[tuple[str, str]]) -> folium.Map:
    """Add the map's legend (bottom left, a fold-out titled "Legend").

    Parameters
    ----------
    m : folium.Map
    title : str
        What the colours show (escaped here).
    rows : list of (str, str)
        (swatch HTML from :func:`swatch`, label); labels are escaped here.

    Returns
    -------
    folium.Map
        ``m``.
    """
    lines = "".join(f"<div>{mark}{html_text(str(term(label)))}</div>" for mark, label in rows)
    legend = html_text(_("Legend"))
    content = f'<summary style="cursor:pointer;font-weight:600">{legend}</summary><div style="margin-top:4px"><div style="font-weight:600">{html_text(title)}</div>{lines}</div>'
    _Legend(content).add_to(m)
    return m


def ring(m: folium.Map, lat: float, lon: float, name: str) -> folium.CircleMarker:
    """Ring a place in black and name it with a permanent label (the case place, Saint-Camille).

    The ring catches no pointer (Leaflet's ``interactive: false``, which folium's arguments do
    not pass on), so a click on the place reaches its own dot and popup underneath.

    Parameters
    ----------
    m : folium.Map
    lat, lon : float
        WGS84 degrees (rounded to about 100 m here).
    name : str
        The place's name, plain text (escaped here for the label, HTML in a template literal).

    Returns
    -------
    folium.CircleMarker
        The ring, already added to ``m``.
    """
    marker = folium.CircleMarker(
        [round(float(lat), 3), round(float(lon), 3)],
        radius=9,
        color="#000000",
        weight=2,
        fill=False,
        # folium.Tooltip writes its text as HTML inside a JavaScript template literal.
        tooltip=folium.Tooltip(js_template(html_text(name)), permanent=True, direction="right", class_name=LABEL_CLASS),
    )
    marker.options["interactive"] = False
    marker.add_to(m)
    return marker


def label_places(m: folium.Map, places: pd.DataFrame, codes: dict[str, str] | None = None) -> folium.FeatureGroup:
    """Name a few reference places on the map (plain labels that catch no click).

    Parameters
    ----------
    m : folium.Map
    places : pandas.DataFrame
        A table with ``csd_uid``, ``lon`` and ``lat`` (the municipalities table).
    codes : dict of str → str, optional
        CSD code → label (default :data:`REFERENCE_PLACES`).

    Returns
    -------
    folium.FeatureGroup
        The labels, as a layer of the layer control ("Reference places").
    """
    codes = REFERENCE_PLACES if codes is None else codes
    group = folium.FeatureGroup(name=_("Reference places"), control=True)
    located = places[places["csd_uid"].isin(codes) & places["lon"].notna() & places["lat"].notna()]
    for _index, row in located.iterrows():
        folium.Marker(
            [round(float(row["lat"]), 3), round(float(row["lon"]), 3)],
            icon=folium.DivIcon(
                html=(
                    '<div class="companion-place-label" style="font:600 11px/1.2 system-ui,sans-serif;color:#111;'
                    'white-space:nowrap;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff">'
                    '<span style="display:inline-block;width:5px;height:5px;border-radius:3px;background:#111;'
                    f'margin-right:3px;vertical-align:middle"></span>{html_text(codes[row["csd_uid"]])}</div>'
                ),
                icon_size=(0, 0),
                icon_anchor=(3, 7),
            ),
            interactive=False,
        ).add_to(group)
    group.add_to(m)
    return group


def base_map(
    bounds: tuple[float, float, float, float],
    caption: Caption,
    *,
    tiles: bool = False,
    whole: tuple[float, float, float, float] | None = PROVINCE,
    first: str = N_("South"),
    narrow: tuple[float, float, float, float] | None = None,
) -> folium.Map:
    """A map fitted to ``bounds`` (lon0, lat0, lon1, lat1) with no basemap tiles by default.

    The caption (title, sources, licences) is kept as ``m.caption`` for
    :func:`analysis.figures.numbered.figure`, which writes it under the map; the alt
    text is set on the map document. Two buttons under the zoom frame ``bounds`` again
    or ``whole``.

    Parameters
    ----------
    bounds : (float, float, float, float)
        West, south, east, north, in WGS84 degrees: the first view.
    caption : Caption
    tiles : bool, default False
        Offer an OpenStreetMap layer (fetched online, off until the reader turns it on).
    whole : (float, float, float, float) or None, default :data:`PROVINCE`
        The extent of the "whole province" button; None: no framing buttons.
    first : str, default ``"South"``
        The label of the button that frames ``bounds`` again (a label the catalog knows, such as
        ``"South"``, is translated; a place name is left as it is).
    narrow : (float, float, float, float), optional
        A tighter first frame for a narrow map (under :data:`NARROW_PX`, a phone), e.g.
        :data:`CORE`; the first button then frames it on a narrow map.

    Returns
    -------
    folium.Map
        Leaflet only (no jQuery, Bootstrap or icon fonts), with ``m.caption`` and a
        ``<meta name="description">`` holding the alt text.
    """
    lon0, lat0, lon1, lat1 = bounds
    m = folium.Map(
        location=[(lat0 + lat1) / 2, (lon0 + lon1) / 2],
        tiles=None,
        zoom_control=False,  # added by _Zoom, with translated titles
        control_scale=False,
        prefer_canvas=True,
        zoom_snap=0.25,
    )
    # Leaflet alone: the book's maps use no jQuery, Bootstrap or icon fonts, and the book
    # serves Leaflet from its own _static/ (analysis.book.ext.offline), never from a CDN.
    m.default_js = [js for js in folium.Map.default_js if js[0] == "leaflet"]
    m.default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]
    m.fit_bounds([[lat0, lon0], [lat1, lon1]])
    _Zoom().add_to(m)
    _LeafletWords().add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=_("OpenStreetMap (online)"), show=False, overlay=True).add_to(m)
    if whole is not None:
        first = str(term(first))
        _Frames(
            [
                (first, _("Frame the first view again ({first})").format(first=first), bounds, narrow),
                (_("Province"), _("Show the whole province"), whole, None),
            ]
        ).add_to(m)
    m.get_root().header.add_child(folium.Element(f'<meta name="description" content="{html_attribute(caption.alt)}">'))
    m.get_root().header.add_child(folium.Element(f"<style>{LABEL_STYLE}</style>"))
    m.caption = caption
    return m


def outlines(m: folium.Map, layer: gpd.GeoDataFrame, kind: str, name: str) -> CompactLayer:
    """Add region or MRC outlines (lines only: they catch no click and hide nothing).

    Parameters
    ----------
    m : folium.Map
    layer : geopandas.GeoDataFrame
        Polygons in WGS84 (e.g. ``for_screen(load.region_polygons())``).
    kind : {"region", "mrc"}
        The outline style (``OUTLINE``): dark and thicker for regions, grey for MRCs.
    name : str
        The layer's name in the layer control.

    Returns
    -------
    CompactLayer
        The layer, already added to ``m`` (:func:`analysis.figures.maps.layers.areas`).

    Raises
    ------
    KeyError
        When ``kind`` is not a key of ``OUTLINE``.
    """
    return areas(m, layer, name=name, style={**OUTLINE[kind], "interactive": False})


AREAS_NOTE = N_("Areas: the municipal boundaries of the SDA, coloured like the dots.")
"""Added to a map's caption when it draws municipal areas (:func:`polygons_by_place`)."""


def note_areas(m: folium.Map) -> folium.Map:
    """Say in the map's caption that it draws municipal areas (:data:`AREAS_NOTE`).

    Parameters
    ----------
    m : folium.Map
        A map made by :func:`base_map` (it carries ``m.caption``).

    Returns
    -------
    folium.Map
        ``m``.
    """
    note = f"{m.caption.note} {_(AREAS_NOTE)}".strip()
    m.caption = dataclasses.replace(m.caption, note=note)
    return m


def polygons_by_place(
    municipal_polygons: gpd.GeoDataFrame, values: pd.DataFrame, colour: str
) -> gpd.GeoDataFrame | None:
    """Municipal polygons joined to one value per place, for maps that can draw areas instead of dots.

    Parameters
    ----------
    municipal_polygons : geopandas.GeoDataFrame
        One polygon per municipality with ``csd_uid`` (``load.municipal_polygons()`` once
        the data layer provides it).
    values : pandas.DataFrame
        ``csd_uid`` and the column ``colour`` (a CSS colour per place), plus any popup fields.
    colour : str
        The column of ``values`` holding the fill colour.

    Returns
    -------
    geopandas.GeoDataFrame or None
        The polygons with the values (places without a value left out); None when no
        polygon matches.
    """
    joined = municipal_polygons[["csd_uid", "geometry"]].merge(values, on="csd_uid", how="inner")
    joined = joined[joined[colour].notna()]
    return None if joined.empty else gpd.GeoDataFrame(joined, geometry="geometry", crs=municipal_polygons.crs)


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
