"""The compact map layers (analysis.figures.maps.layers): integer coordinates, columns of text, Jinja-safe JSON."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Polygon

from analysis.figures.maps import layers


def _documents(m: folium.Map) -> list[dict]:
    page = m.get_root().render()
    return [json.loads(d) for d in re.findall(r"= companionLayer\((\{.*\})\);\n", page)]


def test_rings_decode_to_the_rounded_polygons():
    square = Polygon([(-71.5, 45.25), (-71.0, 45.25), (-71.0, 45.75), (-71.5, 45.75)])
    holed = Polygon(square.exterior.coords, holes=[[(-71.3, 45.4), (-71.2, 45.4), (-71.2, 45.5)]])
    (rings,) = layers.encode_rings(gpd.GeoDataFrame({"geometry": [holed]}, crs="EPSG:4326"))
    assert len(rings) == 2  # the exterior, then the hole
    for ring, expected in zip(rings, (holed.exterior, holed.interiors[0])):
        points = np.cumsum(np.array(ring).reshape(-1, 2), axis=0) / layers.GRID
        np.testing.assert_allclose(points, np.asarray(expected.coords))


def test_points_decode_to_the_rounded_places_and_refuse_a_missing_one():
    lon, lat = [-71.9321, -72.0, -61.7464], [45.6789, 45.1, 47.3954]
    steps = np.array(layers.encode_points(lon, lat)).reshape(-1, 2)
    np.testing.assert_allclose(np.cumsum(steps, axis=0) / layers.GRID, np.round(np.column_stack([lon, lat]), 3))
    with pytest.raises(ValueError, match="missing"):
        layers.encode_points([-71.0, float("nan")], [45.0, 46.0])


def test_dots_carry_text_columns_and_one_colour_index_per_place():
    m = folium.Map(tiles=None)
    name = 'A {{ 6 * 7 }} {% if 1 %}b{% endif %} {# c #} </script><b>"q"</b>'
    layers.dots(
        m,
        [-71.0, -72.0, -73.0],
        [45.0, 46.0, 47.0],
        name="Places & <co>",
        style={"radius": 3},
        fill=["#D55E00", "#0072B2", "#D55E00"],
        popup=[("municipality", [name, "B", "C"]), ("population", ["1,000", None, ""])],
    )
    folium.LayerControl().add_to(m)
    page = m.get_root().render()
    assert "</script><b>" not in page and "A 42" not in page  # neither markup nor a second Jinja pass
    (document,) = _documents(m)
    assert document["popup"][0] == ["municipality", [name, "B", "C"]]  # the text itself, for textContent
    assert document["popup"][1][1] == ["1,000", None, ""]  # missing stays missing (the row is left out)
    assert [document["fills"][i] for i in document["fill"]] == ["#D55E00", "#0072B2", "#D55E00"]
    assert "Places \\u0026amp; \\u0026lt;co\\u0026gt;" in page  # the layer control writes names as HTML
    assert page.count("function companionLayer(") == 1


def test_areas_refuse_a_missing_colour_or_a_short_column():
    layer = gpd.GeoDataFrame(
        {"geometry": [Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(2, 0), (3, 0), (3, 1)])]}, crs="EPSG:4326"
    )
    m = folium.Map(tiles=None)
    with pytest.raises(ValueError, match=r"no fill colour .*\[1\]"):
        layers.areas(m, layer, name="x", style={}, fill=["#000000", float("nan")])
    with pytest.raises(ValueError, match="'MRC' has 1 values for 2 features"):
        layers.areas(m, layer, name="x", style={}, tooltip=[("MRC", ["only one"])])
    layers.areas(m, layer, name="x", style={"interactive": False})
    layers.areas(m, layer, name="y", style={}, tooltip=[("", ["a", "b"])])
    documents = _documents(m)
    assert [len(d["rings"]) for d in documents] == [2, 2] and "tooltip" not in documents[0]
    assert m.get_root().render().count("function companionLayer(") == 1  # the script once per map
