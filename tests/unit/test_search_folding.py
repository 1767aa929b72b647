"""Accent-insensitive search (analysis.book.ext.search): the index and the query fold accents alike."""

from __future__ import annotations

import json

import jscheck
import pytest

from analysis.book.ext import search

WORDS = ["Montréal", "Lévis", "économie", "Québec", "cœur", "Æsop", "Straße", "naïve", "Saint-Camille", "plain"]


def test_fold_removes_accents_and_spells_out_ligatures():
    assert [search.fold(w) for w in WORDS] == [
        "Montreal",
        "Levis",
        "economie",
        "Quebec",
        "coeur",
        "AEsop",
        "Strasse",
        "naive",
        "Saint-Camille",
        "plain",
    ]


def test_index_stems_are_the_same_with_and_without_accents():
    language = search.FoldedEnglish({})
    for word in WORDS:
        assert language.stem(word) == language.stem(search.fold(word))
    assert language.stem("Montréal") == "montreal"
    assert language.stem("économiques") == language.stem("economiques")


def test_the_search_page_folds_the_query_as_the_index_is_folded():
    """Run the page's script on a stand-in for Sphinx's Search object and read what it passes on."""
    harness = (
        "(() => { const seen = [];"
        " var Search = {_index: null, setIndex: (index) => { Search._index = index; },"
        "  _parseQuery(query) { seen.push(query); return [query, new Set(), new Set(), new Set(), new Set()]; },"
        "  _performSearch(...args) { return [['doc', 'Montreal', '', null, 1, 'doc.html'], ['doc', 'Montréal', '', null, 2, 'doc.html']]; }};"
        " var splitQuery = (q) => q.split(/\\s+/); var SPHINX_HIGHLIGHT_ENABLED = false;"
        + search.JAVASCRIPT.replace('if (typeof Search === "undefined") return;', "")
        + " Search.setIndex({alltitles: {'Montréal': [[0, null]]}, indexentries: {'économie sociale': [[0, 'x', 0]]}});"
        " const parsed = Search._parseQuery(" + json.dumps(" ".join(WORDS)) + ");"
        " const results = Search._performSearch('montreal');"
        " return JSON.stringify({seen, highlight: [...parsed[3]], titles: Object.keys(Search._index.alltitles),"
        " entries: Object.keys(Search._index.indexentries), shown: results.map(r => r[1])}); })()"
    )
    (answer,) = jscheck.evaluate([harness])
    assert "value" in answer, answer
    result = json.loads(answer["value"])
    assert result["seen"] == [" ".join(search.fold(w) for w in WORDS)]  # the same folding as the index
    assert "montréal" in result["highlight"]  # the words as typed are highlighted too
    assert set(result["titles"]) == {"Montréal", "Montreal"}
    assert set(result["entries"]) == {"économie sociale", "economie sociale"}
    assert result["shown"] == ["Montréal"]  # a title found through its folded form is shown as written


@pytest.mark.parametrize("word", WORDS)
def test_javascript_and_python_fold_alike(word):
    code = search.JAVASCRIPT.split("const fold = (text) =>")[1].split(";\n")[0]
    (answer,) = jscheck.evaluate(
        [
            f"(() => {{ const LIGATURES = {json.dumps(search.LIGATURES)}; return ((text) => {code})({json.dumps(word)}); }})()"
        ]
    )
    assert answer == {"value": search.fold(word)}
