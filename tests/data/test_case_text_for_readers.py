"""The case tables' text that readers see names public sources or this book, never the team's working files.

The notes, events, descriptions and titles of ``data/case/*.csv`` are shown in the tables
and chart tooltips of chapters 5 and 6 (``schemas.CASE_TEXT``, translated by ``case.po``).
Readers have the published sources and the book, not the research files behind it, so a
text may not send them to ``facts.md``, the "domain brief", "the curator" or a bare
section number of such a file (``§4.1``).
"""

from __future__ import annotations

import re

import pytest

from analysis.data import paths, schemas
from analysis.data.tableschema import read_text_csv

INTERNAL = re.compile(
    r"facts\.md|saint-camille-facts|domain[- ]brief|\bbrief §|curator|research notes|PROVENANCE|§\s*\d",
    re.IGNORECASE,
)
"""Names of internal working files and roles, and bare section references to them."""

ADDRESSES = {"source_url", "source_url_2"}


def _texts(name: str):
    """Every non-empty text cell of a case table (all columns but the source addresses)."""
    frame = read_text_csv(paths.data_dir() / "case" / f"{name}.csv")
    key = frame.columns[0]
    for column in frame.columns:
        if column in ADDRESSES:
            continue
        for row_id, text in zip(frame[key], frame[column], strict=True):
            if isinstance(text, str) and text.strip():
                yield row_id, column, text


@pytest.mark.parametrize(
    "text",
    [
        "Listed in domain-brief §1.3; exact title not recorded there.",
        "facts.md grades this C/D: press figure (C) but the year is not stated (D).",
        "Sheet undated; c. 2018-2020 is the dating of facts.md.",
        "scope chosen by the curator.",
        "Laboratoire rural of Saint-Camille runs (dating of the domain brief)",
        "CLDs started in 1998 (brief §3).",
        "Hand-transcribed (see PROVENANCE of isc-community-well-being-2021).",
        "Figure known only through a review (§4.1).",
    ],
)
def test_the_pattern_finds_each_kind_of_internal_reference(text):
    assert INTERNAL.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Graded C/D here: a press figure (C) whose year is not stated (D).",
        "The scope is this book's choice.",
        "Submitted briefs on two bills and pleaded before a parliamentary committee.",
        "Portrait de Saint-Camille (PDCN working document)",
    ],
)
def test_the_pattern_leaves_ordinary_text_alone(text):
    assert not INTERNAL.search(text)


@pytest.mark.parametrize("name", sorted(schemas.CASE_TEXT))
def test_no_text_of_a_case_table_names_an_internal_file_or_role(name):
    found = [f"{row_id} [{column}]: {text}" for row_id, column, text in _texts(name) if INTERNAL.search(text)]
    assert found == [], f"data/case/{name}.csv names internal working files:\n" + "\n".join(found)


def test_every_case_table_readers_see_is_checked():
    tables = {p.stem for p in (paths.data_dir() / "case").glob("*.csv")}
    assert tables == set(schemas.CASE_TEXT)


def test_the_glossary_sends_readers_to_published_sources_not_research_notes():
    glossary = (paths.REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    assert not INTERNAL.search(glossary)
