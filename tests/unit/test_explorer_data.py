"""The matrix explorer's data: generic over the matrix module, equal to what it computes, safe in a page."""

from __future__ import annotations

import json
from itertools import product

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import matrix
from analysis.book.ext import explorer as explorer_ext
from analysis.data import load
from analysis.figures import explorer
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import ALL_GROUPS, SAINT_CAMILLE, UNCLASSIFIED


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load.municipalities()


@pytest.fixture(scope="module")
def data(frame) -> dict:
    return explorer.explorer_data(frame)


def test_every_specification_of_the_matrix_module_is_offered_with_its_package_counts(frame, data):
    combos = set(product(matrix.CENTRALITY_MEASURES, matrix.CONNECTION_MEASURES, matrix.THRESHOLD_RULES))
    assert {(s["centrality"], s["connection"], s["threshold"]) for s in data["specs"]} == combos
    assert [s["key"] for s in data["specs"][: len(matrix.ALL_SPECS)]] == [s.key for s in matrix.ALL_SPECS]
    assert data["centrality"] == matrix.CENTRALITY_MEASURES and data["rules"] == matrix.THRESHOLD_RULES
    for entry in data["specs"]:
        spec = matrix.Spec(entry["centrality"], entry["connection"], entry["threshold"])
        m = matrix.classify(frame, spec)
        assert entry["entities"] == {g: int(n) for g, n in m.counts()["entities"].items()}
        assert entry["xcut"] == m.centrality_threshold and entry["ycut"] == m.connection_threshold
        x = np.array(data["scores"][entry["x"]], dtype="float64")  # None -> nan
        np.testing.assert_array_equal(x, m.table["centrality"].to_numpy("float64", na_value=np.nan))


def test_the_browser_rule_gives_back_every_cell_classify_gives(frame, data):
    for entry in data["specs"]:
        x = np.array(data["scores"][entry["x"]], dtype="float64")
        y = np.array(data["scores"][entry["y"]], dtype="float64")
        cells = explorer.browser_cells(x, y, entry["xcut"], entry["ycut"])
        wide = matrix.sensitivity(frame, (matrix.Spec(entry["centrality"], entry["connection"], entry["threshold"]),))
        assert (cells == wide[entry["key"]].to_numpy()).all(), entry["key"]


def test_cells_colours_and_places_come_from_the_package(frame, data):
    assert [c["name"] for c in data["cells"]] == list(ALL_GROUPS)
    assert {c["name"]: c["colour"] for c in data["cells"]} == CELL_COLOURS
    unclassified = next(c for c in data["cells"] if c["name"] == UNCLASSIFIED)
    assert unclassified["central"] is None and unclassified["connected"] is None
    assert data["places"]["csd"][data["highlight"]] == SAINT_CAMILLE
    assert len(data["places"]["name"]) == len(frame)
    assert all(len(v) == len(frame) for v in data["places"].values())


def test_a_new_measure_appears_without_any_change_to_the_explorer(frame, monkeypatch):
    # A centrality measure the package reads as the SAC rank: its scores are those of "sac",
    # stored once, and every combination with it is offered.
    monkeypatch.setitem(matrix.CENTRALITY_MEASURES, "sac-copy", "the SAC rank again, under another name")
    data = explorer.explorer_data(frame)
    copies = [s for s in data["specs"] if s["centrality"] == "sac-copy"]
    assert len(copies) == len(matrix.CONNECTION_MEASURES) * len(matrix.THRESHOLD_RULES)
    sac = next(s for s in data["specs"] if s["centrality"] == "sac")
    assert {s["x"] for s in copies} == {sac["x"]}
    assert data["centrality"]["sac-copy"].startswith("the SAC rank")


def test_a_rule_the_browser_cannot_reproduce_fails_the_build(frame, monkeypatch):
    original = matrix.classify

    def shifted(table, spec=matrix.DEFAULT, **kwargs):
        m = original(table, spec, **kwargs)
        first = m.table.index[m.table["cell"] != UNCLASSIFIED][0]
        m.table.loc[first, "cell"] = next(c for c in ALL_GROUPS if c not in (m.table.at[first, "cell"], UNCLASSIFIED))
        return m

    monkeypatch.setattr(matrix, "classify", shifted)
    with pytest.raises(explorer.ExplorerError, match="does not reproduce classify"):
        explorer.explorer_data(frame)


def test_names_cannot_end_the_script_element_or_open_markup(frame):
    hostile = frame.head(3).copy()
    names = ['</script><img src=x onerror="alert(1)">', "<!-- & `tick` 'quote' \"double\"", "L'Île\u2028-Dupas"]
    hostile["name"] = pd.Series(names, index=hostile.index, dtype="string")
    page = explorer.explorer(pd.concat([hostile, frame.iloc[3:]])).html()
    inside = page.split('class="explorer-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in inside and ">" not in inside and "&" not in inside and "\u2028" not in inside
    assert json.loads(inside)["places"]["name"][:3] == names
    assert page.count("</script>") == 1


def test_outlines_decode_to_the_rounded_polygons():
    import geopandas as gpd
    from shapely.geometry import Polygon

    square = Polygon([(-71.5, 45.25), (-71.0, 45.25), (-71.0, 45.75), (-71.5, 45.75)], holes=[])
    layer = gpd.GeoDataFrame({"geometry": [square]}, crs="EPSG:4326")
    (rings,) = explorer.encode_outlines(layer)
    steps = np.array(rings[0]).reshape(-1, 2)
    points = np.cumsum(steps, axis=0) / explorer.GRID
    np.testing.assert_allclose(points, np.asarray(square.exterior.coords))


def test_the_explorer_files_load_only_where_an_explorer_is():
    entries = ["companion.css", "explorer/explorer.css", ("explorer/explorer.js", {"defer": "defer"}), "x.js"]
    assert explorer_ext.without_explorer_files(entries) == ["companion.css", "x.js"]

    class App:
        def __init__(self):
            self.js, self.css = [], []

        def add_js_file(self, name, **attributes):
            self.js.append(name)

        def add_css_file(self, name, **attributes):
            self.css.append(name)

    app = App()
    explorer_ext.html_page_context(app, "book/intro", "page.html", {"body": "<p>no explorer</p>"}, None)
    assert app.js == [] and app.css == []
    explorer_ext.html_page_context(app, "book/explorer", "page.html", {"body": '<div data-explorer="">'}, None)
    assert app.js == list(explorer_ext.SCRIPTS) and app.css == list(explorer_ext.STYLES)
