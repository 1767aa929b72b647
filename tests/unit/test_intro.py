"""The introduction: its key findings cite glued results that exist, its figure keeps the book's colours."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO

from analysis.book.ext.cross_glue import pages_to_read_again
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import CELLS

INTRO = REPO / "book" / "intro.md"
CROSS_GLUE = re.compile(r"\{(?:glue:text|value)\}`([^`]+?)::([^`:]+)(?::([^`]*))?`")


def test_every_number_of_the_introduction_is_a_glued_result_of_a_chapter():
    text = INTRO.read_text(encoding="utf-8")
    results = json.loads((REPO / "book" / "results.json").read_text(encoding="utf-8"))
    references = CROSS_GLUE.findall(text)
    assert len(references) >= 10, "the key findings and the French summary cite glued results"
    for document, name, fmt in references:
        assert name in results, f"{name} is not a glued result (book/results.json)"
        chapter = re.match(r"chapters/0(\d)-[\w-]+\.ipynb$", document)
        assert chapter and name.startswith(f"ch{chapter.group(1)}."), (document, name)
        assert (REPO / "book" / document).exists(), document
        # myst-nb reads `doc::key` without a format as a format named after the key.
        assert fmt, f"{name}: a reference to another page needs a format (:s, :d, :.2f…)"
    prose = CROSS_GLUE.sub("", text)
    prose = re.sub(r"```.*?```", "", prose, flags=re.S)  # commands
    prose = re.sub(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|\([^)]*\.(?:svg|md)\)|:[a-z]+:.*", "", prose)
    typed = re.findall(r"(?<![\w.-])\d+(?:[.,]\d+)?\s?(?:%|km|residents|habitants)", prose)
    assert not typed, f"numbers typed into the introduction: {typed}"


def test_the_introduction_cites_the_talk_and_the_reference_exists():
    text = INTRO.read_text(encoding="utf-8")
    assert "{cite:p}`klein_talk`" in text
    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    entry = bib.split("{klein_talk,", 1)[1].split("\n}", 1)[0]
    assert "please do not quote without permission" in entry and "2008--2010" in entry
    assert "En bref" in text and "How to read it" in text and "figures/klein-matrix.svg" in text


@pytest.mark.parametrize("name", ["klein-matrix.svg", "klein-matrix.fr.svg"])
def test_the_matrix_figure_uses_the_cells_and_colours_of_the_book(name):
    # klein-matrix.fr.svg is the French edition's (Sphinx's figure_language_filename, {root}.{language}{ext})
    svg = (REPO / "book" / "figures" / name).read_text(encoding="utf-8")
    for cell in CELLS:
        for word in cell.split():
            assert f">{word}<" in svg, cell
        assert CELL_COLOURS[cell] in svg, cell
    colours = set(re.findall(r'fill="(#[0-9A-Fa-f]{6})"', svg)) - {"#1a1a1a"}
    assert colours == {CELL_COLOURS[c] for c in CELLS}


def test_a_page_citing_a_chapter_is_read_again_with_it():
    store = {"book/intro": {"book/chapters/07-conclusion", "book/chapters/04-matrix"}, "book/glossary": set()}
    assert pages_to_read_again(store, {"book/chapters/04-matrix"}) == ["book/intro"]
    assert pages_to_read_again(store, {"book/chapters/01-debate"}) == []
    assert pages_to_read_again(store, {"book/intro", "book/chapters/04-matrix"}) == []


def test_the_french_matrix_figure_has_no_english_label():
    svg = (REPO / "book" / "figures" / "klein-matrix.fr.svg").read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)<", svg)
    for word in ("space", "sector", "connected", "Klein's", "Two rows"):
        assert not any(re.search(rf"(?<!\w){word}(?!\w)", label) for label in labels), word
