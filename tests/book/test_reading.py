"""What readers read in the built pages: numbers in the language of their text, references
labelled as they are cited, a single tab title, no notebook machinery."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from analysis.data import paths
from analysis.formats import format_number

CHAPTERS = sorted((paths.REPO / "book" / "chapters").glob("*.ipynb"))

# (result, format, unit): numbers of the French summaries, also written in the English prose.
SAMPLE = [
    ("ch1.rho_cwb_remoteness.municipalities", ".2f", ""),
    ("ch1.burden_education_gap.municipalities", ".1f", ""),
    ("ch4.default.population_share.exclusion", ".1%", ""),
    ("ch6.distance_sherbrooke_km", "", "km"),
    ("ch6.census_growth_2016_2021_pct", "", "%"),
    ("ch7.r2_remoteness_education.municipalities", ".0%", ""),
]


@pytest.fixture(scope="module")
def html(built_book):
    return built_book / "_build" / "html"


def page(html, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")


def numbers(element) -> list[str]:
    return [span.get_text() for span in element.select("span.companion-number")]


def test_numbers_are_french_in_the_french_summaries_and_english_in_the_prose(html):
    results = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    checked = 0
    for chapter in CHAPTERS:
        soup = page(html, f"book/chapters/{chapter.stem}.html")
        main = soup.select_one("main")
        boxes = main.select('div.admonition[lang="fr"]')
        assert len(boxes) == 1, f"{chapter.stem}: one French summary, marked lang=fr"
        french = numbers(boxes[0])
        assert french, chapter.stem
        for box in boxes:
            box.decompose()
        english = numbers(main)
        for text in french:
            assert not re.search(r"\d\.\d", text) and "-" not in text, f"{chapter.stem}: {text!r} in French"
        for text in english:
            assert not re.search(r"\d,\d(?!\d\d)|\d\u00a0\d|\u2212", text), f"{chapter.stem}: {text!r} in English"
        for name, spec, unit in SAMPLE:
            if not name.startswith(f"ch{chapter.stem[1]}."):
                continue
            value = results[name]
            assert format_number(value, spec, "fr_CA", unit) in french, (chapter.stem, name)
            assert format_number(value, spec, "en_CA", unit) in english, (chapter.stem, name)
            checked += 1
    assert checked == len(SAMPLE)


def test_chapter_pages_carry_no_notebook_machinery(html):
    for chapter in CHAPTERS:
        text = (html / "book" / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        for leak in ("NBVAL_CHECK_OUTPUT", "Headline results", "{glue:text}", "{value}", 'class="dataframe"'):
            assert leak not in text, f"{chapter.stem}: {leak}"


def test_references_are_labelled_as_they_are_cited(html):
    soup = page(html, "book/appendix/references.html")
    labels = [label.get_text().strip("[]") for label in soup.select("div.citation span.label")]
    assert "Alasia et al., 2017" in labels and "Indigenous Services Canada, 2024" in labels
    assert not [label for label in labels if re.fullmatch(r"[A-Za-z]+\+?\d\d", label)], labels  # no [ABB+17]
    text = soup.get_text(" ")
    assert "Explaining Québec's social economy turn" in text and "Canadian communities" in text
    assert "Saint-Camille : récit" in text
    assert "please do not quote without permission" in text and "Klein, c. 2008–2010" in labels
    assert "fdokumen" not in str(soup)
    chapter = page(html, "book/chapters/01-debate.html").get_text("").replace("\u00a0", " ")
    assert "Alasia et al., 2017" in chapter and "Klein, c. 2008–2010" in chapter


def test_the_home_page_tab_title_is_not_doubled(html):
    title = page(html, "book/intro.html").title.get_text()
    assert title.count("Connection, not proximity") == 1, title


def test_the_introductions_french_summary_writes_other_pages_results_in_french(html):
    results = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    box = page(html, "book/intro.html").select_one('div.admonition[lang="fr"]')
    assert box is not None
    french = numbers(box)
    assert format_number(results["ch7.distance_sherbrooke_km"], ".0f", "fr_CA", "km") in french
    assert "ne place dans aucune case" in " ".join(box.get_text().split())  # the source wraps its lines
