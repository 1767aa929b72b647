"""Chapters 1-4 and 7 on data in which Saint-Camille and its MRC lack their CWB components: one build, checked.

A copy of the committed data has the four CWB 2021 components blanked for every municipality
of MRC Les Sources, Saint-Camille included. The book is built against it with
``companion book --data DIR --out DIR`` in the rerun's mode (``COMPANION_RERUN=1``), so that a
chapter of another branch that cannot run on such data does not stop the build; chapters 1-4
and 7 must then run through with no failing cell, and say "not available in these data" (in
French in their French summaries) where a number about Saint-Camille cannot be computed,
instead of printing a number, a "nan" or nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.book.ext.numbers import NOT_AVAILABLE_IN
from analysis.book.rerun import failed_checks
from analysis.cli import main
from analysis.data import paths
from analysis.vocabulary import LES_SOURCES

OURS = ("01-debate", "02-plural-economy", "03-connection", "04-matrix", "07-conclusion")
COMPONENTS = ("cwb_income_2021", "cwb_education_2021", "cwb_housing_2021", "cwb_labour_2021")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("missing")
    data = base / "data"
    shutil.copytree(paths.data_dir(), data)
    table = data / "processed" / "municipalities.csv"
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    blanked = frame["mrc_code"] == LES_SOURCES
    assert blanked.sum() >= 5 and "2440025" in set(frame.loc[blanked, "csd_uid"])
    frame.loc[blanked, list(COMPONENTS)] = ""
    frame.to_csv(table, index=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPANION_RERUN", "1")  # another branch's chapter that fails must not stop the build
        code = main(["book", "--data", str(data), "--out", str(base / "out")])
    assert code == 0
    return base / "out"


def page(book: Path, chapter: str) -> BeautifulSoup:
    html = (book / "_build" / "html" / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_our_chapters_run_through_with_no_failing_cell(book):
    failures = failed_checks(book)
    ours = failures[failures["chapter"].isin(OURS)] if not failures.empty else failures
    assert ours.empty, ours.to_string()
    for chapter in OURS:
        assert (book / "_build" / "html" / "book" / "chapters" / f"{chapter}.html").exists(), chapter


def test_numbers_about_saint_camille_read_not_available_in_the_language_of_their_text(book):
    for chapter, english, french in (("03-connection", 3, 1), ("04-matrix", 3, 1), ("07-conclusion", 1, 1)):
        main = page(book, chapter).select_one("main")
        box = main.select_one('div.admonition[lang="fr"]')
        in_french = [s.get_text() for s in box.select("span.not-available")]
        box.decompose()
        in_english = [s.get_text() for s in main.select("span.not-available")]
        assert len(in_english) >= english and set(in_english) == {NOT_AVAILABLE_IN["en"]}, (chapter, in_english)
        assert len(in_french) >= french and set(in_french) == {NOT_AVAILABLE_IN["fr"]}, (chapter, in_french)
        text = main.get_text(" ")
        assert " nan" not in text and "nan%" not in text, chapter


def test_results_that_do_not_depend_on_the_blanked_places_are_still_written(book):
    for chapter in ("01-debate", "02-plural-economy"):
        main = page(book, chapter).select_one("main")
        assert not main.select("span.not-available"), chapter  # nothing of chapters 1-2 is about one MRC
    matrix = page(book, "04-matrix").select_one("main").get_text(" ")
    shares = " ".join(matrix.split("The cell it shares")[-1].split("The classification")[0].split())
    assert NOT_AVAILABLE_IN["en"] in shares and "Saint-Adrien" not in shares  # no cell, hence no neighbours in it
