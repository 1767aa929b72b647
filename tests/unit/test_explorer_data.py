"""The matrix explorer's data: generic over the definitions, equal to what assign computes, safe in a page."""

from __future__ import annotations

import json
import re
from itertools import product

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import centrality, communities, connection_measures, cuts, matrix, multiverse
from analysis.book.ext import explorer as explorer_ext
from analysis.data import load, paths
from analysis.figures import explorer
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import ALL_GROUPS, AT_CUT, CELLS, SAINT_CAMILLE, UNCLASSIFIED


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load.municipalities()


@pytest.fixture(scope="module")
def data(frame) -> dict:
    return explorer.explorer_data(frame)


def _spec(entry: dict) -> matrix.Specification:
    return matrix.Specification(entry["centrality"], entry["connection"], entry["rule"], entry["ties"])


def test_every_specification_of_the_definitions_is_offered_with_its_package_counts(frame, data):
    combos = set(product(centrality.DEFINITIONS, connection_measures.present(frame), cuts.CUT_RULES, cuts.TIE_RULES))
    assert {(s["centrality"], s["connection"], s["rule"], s["ties"]) for s in data["specs"]} == combos
    places = multiverse.specifications(frame)
    residents = multiverse.specifications(frame, rule="weighted")
    book = list(dict.fromkeys([matrix.DEFAULT_SPECIFICATION, *places, *residents]))
    assert book[0] == matrix.DEFAULT_SPECIFICATION and len(book) == len(places) + len(residents)
    assert [s["key"] for s in data["specs"][: len(book)]] == [s.key for s in book]
    assert [s["key"] for s in data["specs"] if s["book"]] == [s.key for s in book]
    assert data["rules"] == cuts.CUT_RULES and data["ties"] == cuts.TIE_RULES
    assert set(data["centrality"]) == set(centrality.DEFINITIONS)
    reference = communities.reference_sample(frame)
    for entry in data["specs"]:
        a = matrix.assign(frame, _spec(entry), reference)
        assert entry["entities"] == {g: int(n) for g, n in a.counts()["entities"].items()}
        if centrality.definition(entry["centrality"]).kind == "cut":
            assert entry["xcut"] == a.centrality_cut
        assert entry["ycut"] == a.connection_cut
        placed = a.table[a.table["reference"]]
        x = np.array(data["scores"][entry["x"]], dtype="float64")  # None -> nan
        np.testing.assert_array_equal(x, placed["centrality_score"].to_numpy("float64", na_value=np.nan))


def test_the_browser_rule_gives_back_every_group_assign_gives(frame, data):
    reference = communities.reference_sample(frame)
    seen = set()
    for entry in data["specs"]:
        x = np.array(data["scores"][entry["x"]], dtype="float64")
        y = np.array(data["scores"][entry["y"]], dtype="float64")
        groups = explorer.browser_cells(x, y, entry["xcut"], entry["ycut"], entry["ties"])
        table = matrix.assign(frame, _spec(entry), reference).table
        expected = table.loc[table["reference"], "cell"].to_numpy()
        assert (groups == expected).all(), entry["key"]
        seen |= set(groups)
    assert seen == set(ALL_GROUPS)  # ties, unclassified places and every cell are exercised


def test_the_browser_rule_on_hand_made_scores():
    x = np.array([0.1, 0.3, 0.2, 0.1, np.nan, 0.3])
    y = np.array([60.0, 60.0, 50.0, 55.0, 60.0, 40.0])
    band = explorer.browser_cells(x, y, 0.2, 55.0, "band")
    assert list(band) == [CELLS[0], CELLS[1], AT_CUT, AT_CUT, UNCLASSIFIED, CELLS[3]]
    upper = explorer.browser_cells(x, y, 0.2, 55.0, "upper")  # ties: peripheral and connected
    assert list(upper[2:4]) == [matrix.EXCLUSION, matrix.TECHNOPOLE]
    lower = explorer.browser_cells(x, y, 0.2, 55.0, "lower")  # ties: central and disconnected
    assert list(lower[2:4]) == [matrix.RECONVERSION, matrix.RECONVERSION]
    assert set(explorer.browser_cells(x, y, float("nan"), 55.0)) == {UNCLASSIFIED}


def test_cells_colours_and_places_come_from_the_package(frame, data):
    assert [c["name"] for c in data["cells"]] == list(ALL_GROUPS)
    assert {c["name"]: c["colour"] for c in data["cells"]} == CELL_COLOURS
    for cell in data["cells"]:
        if cell["name"] in CELLS:
            column, row = matrix.CELL_POSITIONS[cell["name"]]
            assert (cell["central"], cell["connected"]) == (column == "central", row == "connected")
        else:
            assert cell["central"] is None and cell["connected"] is None and cell["kind"] == cell["name"]
    assert data["places"]["csd"][data["highlight"]] == SAINT_CAMILLE
    reference = communities.reference_sample(frame)
    assert len(data["places"]["name"]) == int(reference.sum())  # the municipalities the cuts are computed on
    assert set(data["places"]["csd"]) == set(frame.loc[reference, "csd_uid"])
    assert all(len(v) == int(reference.sum()) for v in data["places"].values())


def test_a_new_measure_appears_without_any_change_to_the_explorer(frame, monkeypatch):
    # A centrality definition reading the same column as the SAC split: its scores are stored once,
    # and every combination with it is offered.
    copy = centrality.CentralityDefinition(**{**vars(centrality.DEFINITIONS["sac"]), "key": "sac-copy"})
    monkeypatch.setitem(centrality.DEFINITIONS, "sac-copy", copy)
    data = explorer.explorer_data(frame)
    copies = [s for s in data["specs"] if s["centrality"] == "sac-copy"]
    assert len(copies) == len(connection_measures.present(frame)) * len(cuts.CUT_RULES) * len(cuts.TIE_RULES)
    sac = next(s for s in data["specs"] if s["centrality"] == "sac")
    assert {s["x"] for s in copies} == {sac["x"]}
    assert data["centrality"]["sac-copy"] == copy.label


def test_a_rule_the_browser_cannot_reproduce_fails_the_build(frame, monkeypatch):
    original = matrix.assign

    def shifted(table, spec=matrix.DEFAULT_SPECIFICATION, reference=None, **kwargs):
        a = original(table, spec, reference, **kwargs)
        first = a.table.index[a.table["reference"] & (a.table["cell"] != UNCLASSIFIED)][0]
        a.table.loc[first, "cell"] = next(c for c in CELLS if c != a.table.at[first, "cell"])
        return a

    monkeypatch.setattr(matrix, "assign", shifted)
    with pytest.raises(explorer.ExplorerError, match="does not reproduce assign"):
        explorer.explorer_data(frame)


def test_names_cannot_end_the_script_element_or_open_markup(frame):
    hostile = frame[communities.reference_sample(frame)].head(3).copy()  # places the explorer shows
    names = ['</script><img src=x onerror="alert(1)">', "<!-- & `tick` 'quote' \"double\"", "L'Île\u2028-Dupas"]
    hostile["name"] = pd.Series(names, index=hostile.index, dtype="string")
    page = explorer.explorer(pd.concat([hostile, frame.drop(index=hostile.index)])).html()
    inside = page.split('class="explorer-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in inside and ">" not in inside and "&" not in inside and "\u2028" not in inside
    assert json.loads(inside)["places"]["name"][:3] == names
    assert page.count("</script>") == 1


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


def test_every_word_of_the_interface_comes_from_the_page_json_in_the_page_language(frame, capsys):
    from analysis import i18n

    english = explorer.interface()["text"]
    script = (paths.REPO / "_static" / "explorer" / "explorer.js").read_text(encoding="utf-8")
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', script)
    words = [t for t in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", t) and not t.startswith("explorer-")]
    # the script's only phrases: a group's kind (a key of the JSON), its strict mode, and the message shown when
    # even the page's JSON cannot be read
    assert set(words) == {"use strict", AT_CUT, english["failed"]}, words
    i18n.activate("fr")
    try:
        french = explorer.interface()
        data = explorer.explorer_data(frame)
        noscript = explorer.Explorer(data).html()
    finally:
        i18n.activate(None)
    assert "companion-i18n" not in capsys.readouterr().err  # every message has its French in companion.po
    assert french["language"] == "fr"
    same = [k for k, v in french["text"].items() if v == english[k] and k != "mrc"]
    assert not same, same
    assert french["text"]["central_count"][1].endswith("municipalités centrales sur {total}")
    assert data["names"]["ties"]["band"] == "à part" and data["names"]["centrality"]["sac"] == "CSS"
    assert data["specs"][0]["label"] == "CSS × scolarité, seuils\u202f: médiane"
    assert {c["label"] for c in data["cells"]} >= {"sur le seuil", "non classé", "exclusion"}
    assert data["ties"]["upper"].startswith("les lieux exactement sur le seuil")
    assert "L'explorateur a besoin de JavaScript" in noscript.replace("&#x27;", "'")
    english_data = explorer.explorer_data(frame)
    assert [c["name"] for c in data["cells"]] == [c["name"] for c in english_data["cells"]]  # keys stay English
    assert [s["key"] for s in data["specs"]] == [s["key"] for s in english_data["specs"]]
