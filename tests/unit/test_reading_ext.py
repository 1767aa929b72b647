"""The Sphinx extensions that shape what readers see: numbers in their language, numbered
output figures, author-year bibliography labels, a single tab title.

The roles and the directive are tried in a small Sphinx project (a Markdown page, no
notebook): ``{number}`` formats a literal, ``{value}`` of another page reads that page's
``.glue.json`` as myst-nb writes it, and ``{output-figure}`` becomes a numbered figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

from analysis.book.ext.numbers import language_of, plain_value, split
from analysis.book.ext.page_title import single_title
from analysis.book.ext.references import AuthorYearLabelStyle, author_year_label


def test_role_text_splits_into_result_format_and_unit():
    assert split("ch6.distance_sherbrooke_km:.1f km") == ("ch6.distance_sherbrooke_km", ".1f", "km")
    assert split("ch6.census_growth_2016_2021_pct %") == ("ch6.census_growth_2016_2021_pct", "", "%")
    assert split("ch4.saint_camille.remoteness-education-median") == (
        "ch4.saint_camille.remoteness-education-median",
        "",
        "",
    )
    assert split("chapters/04-matrix.ipynb::ch4.stability_share:.0%") == (
        "chapters/04-matrix.ipynb::ch4.stability_share",
        ".0%",
        "",
    )
    assert split("-0.5:.2f") == ("-0.5", ".2f", "")


def test_glued_text_is_read_back_as_values():
    assert plain_value("36.6") == 36.6 and plain_value("551") == 551
    assert plain_value("'logique technopolitaine'") == "logique technopolitaine"
    assert plain_value("True") is True and plain_value("nan") is None


def test_the_language_of_a_number_is_the_nearest_language_class():
    from docutils import nodes

    box = nodes.admonition(classes=["tip", "language-fr"])
    paragraph = nodes.paragraph()
    inline = nodes.inline()
    paragraph += inline
    box += paragraph
    assert language_of(inline, "en") == "fr"
    assert language_of(nodes.inline(), "en") == "en"


def entry(*authors: str, year: str = "2017", role: str = "author") -> Entry:
    return Entry("misc", fields={"year": year}, persons={role: [Person(a) for a in authors]})


def test_bibliography_labels_are_the_author_year_of_the_citations():
    assert author_year_label(entry("Arsenault, Gabriel", year="2018")) == "Arsenault, 2018"
    assert author_year_label(entry("Woolcock, Michael", "Narayan, Deepa", year="2000")) == "Woolcock and Narayan, 2000"
    assert author_year_label(entry("Alasia, A.", "Bédard, F.", "Bélanger, J.")) == "Alasia et al., 2017"
    assert author_year_label(entry("{Indigenous Services Canada}", year="2024")) == "Indigenous Services Canada, 2024"
    assert author_year_label(entry("Bouchard, Marie J.", year="2013", role="editor")) == "Bouchard, 2013"
    assert author_year_label(entry("Klein, Juan-Luis", year="c. 2008--2010")) == "Klein, c. 2008–2010"
    twins = [entry("Klein, J.", year="2011"), entry("Klein, J.", year="2011")]
    assert list(AuthorYearLabelStyle().format_labels(twins)) == ["Klein, 2011a", "Klein, 2011b"]


def test_the_home_page_tab_title_is_not_doubled():
    page = "<head><title>Connection, not proximity &#8212; Connection, not proximity</title></head>"
    assert single_title(page) == ("<head><title>Connection, not proximity</title></head>", 1)
    chapter = "<title>1. The debate &#8212; Connection, not proximity</title>"
    assert single_title(chapter) == (chapter, 0)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    from sphinx.application import Sphinx

    source = tmp_path_factory.mktemp("source")
    (source / "conf.py").write_text(
        "extensions = ['myst_nb', 'analysis.book.ext.numbers', 'analysis.book.ext.numbered']\n"
        "numfig = True\nlanguage = 'en'\nnb_execution_mode = 'off'\n",
        encoding="utf-8",
    )
    (source / "index.md").write_text(
        "# Page\n\n"
        "```{toctree}\nother\n```\n\n"
        "English {number}`6010808:,` and {number}`-0.5:.2f` and {number}`0.0421:.1%` and "
        "{value}`other.md::ch9.km:.1f km`; see {numref}`fig-ch9-x`.\n\n"
        "```{admonition} En bref\n:class: tip language-fr\n\n"
        "Français {number}`6010808:,`, {number}`-0.5:.2f` et {value}`other.md::ch9.km:.1f km`.\n```\n\n"
        "````{output-figure}\n:name: fig-ch9-x\n:class: companion-chart\n\n"
        '```{raw} html\n<div class="drawing">drawn</div>\n```\n\n'
        "**A caption.** Sources: somewhere.\n````\n",
        encoding="utf-8",
    )
    (source / "other.md").write_text("# Other\n\nNothing.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    app = Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), "html", status=None, warning=None)
    # The glue file myst-nb writes next to an executed notebook, for the page named "other".
    folder = Path(app.env.mystnb_config.output_folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "other.glue.json").write_text(
        json.dumps({"ch9.km": {"data": {"text/plain": "36.64"}, "metadata": {}}}), encoding="utf-8"
    )
    app.build()
    return out


def test_numbers_are_written_in_the_language_of_their_text(small_book):
    page = (small_book / "index.html").read_text(encoding="utf-8")
    english, french = page.split("En bref")
    assert "6,010,808" in english and "-0.50" in english and "4.2%" in english and "36.6\u00a0km" in english
    assert "6\u00a0010\u00a0808" in french and "\u22120,50" in french and "36,6\u00a0km" in french
    assert 'lang="fr"' in page


def test_output_figures_are_numbered_and_cited(small_book):
    page = (small_book / "index.html").read_text(encoding="utf-8")
    assert '<figure class="companion-figure companion-chart' in page and 'id="fig-ch9-x"' in page
    assert '<div class="drawing">drawn</div>' in page
    assert "Fig. 1" in page and '<span class="std std-numref">Fig. 1</span>' in page


def build_with_glue(tmp_path: Path, index: str, glue: dict) -> tuple[int, str]:
    """Build a two-page Sphinx project (myst-nb, the numbers extension) whose ``other.md`` glued ``glue``.

    Returns the build's status code and the HTML of ``index.md`` (written from ``index``).
    """
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(
        "extensions = ['myst_nb', 'analysis.book.ext.numbers']\nnb_execution_mode = 'off'\n", encoding="utf-8"
    )
    (tmp_path / "index.md").write_text("# Page\n\n```{toctree}\nother\n```\n\n" + index, encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(str(tmp_path), str(tmp_path), str(out), str(out / ".doctrees"), "html", status=None, warning=None)
    folder = Path(app.env.mystnb_config.output_folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "other.glue.json").write_text(json.dumps(glue), encoding="utf-8")
    app.build()
    return app.statuscode, (out / "index.html").read_text(encoding="utf-8")


def test_a_rerun_book_writes_not_available_for_a_result_that_was_not_computed(tmp_path, monkeypatch):
    from analysis.book.ext.rerun_mode import NOT_AVAILABLE

    monkeypatch.setenv("COMPANION_RERUN", "1")
    status, page = build_with_glue(
        tmp_path,
        "Here {value}`ch9.never_glued:.1f` and {value}`other.md::ch9.missing:.1f` and {value}`other.md::ch9.nan:.1f`.\n",
        {"ch9.nan": {"data": {"text/plain": "nan"}}},
    )
    assert status == 0
    assert page.count(NOT_AVAILABLE) == 3


def test_a_value_glued_as_missing_reads_not_available_in_every_build_and_in_french_in_french_text(
    tmp_path, monkeypatch
):
    from analysis.book.ext.numbers import NOT_AVAILABLE_IN

    monkeypatch.delenv("COMPANION_RERUN", raising=False)
    status, page = build_with_glue(
        tmp_path,
        "Here {value}`other.md::ch9.nan:.1f` and {value}`other.md::ch9.x:.1f`.\n\n```{admonition} En bref\n"
        ":class: tip language-fr\n\nIci {value}`other.md::ch9.nan:.1f`.\n```\n",
        {"ch9.nan": {"data": {"text/plain": "nan"}}, "ch9.x": {"data": {"text/plain": "1.25"}}},
    )
    assert status == 0
    assert page.count(NOT_AVAILABLE_IN["en"]) == 1 and page.count(NOT_AVAILABLE_IN["fr"]) == 1
    assert "1.2" in page and "nan" not in page


def test_two_authors_are_joined_in_the_language_of_the_edition():
    from analysis import i18n
    from analysis.book.ext.references import CompanionReferenceStyle

    try:
        i18n.activate("fr")
        assert (
            author_year_label(entry("Woolcock, Michael", "Narayan, Deepa", year="2000")) == "Woolcock et Narayan, 2000"
        )
        assert CompanionReferenceStyle().person.sep2 == " et "
    finally:
        i18n.activate(None)
    assert CompanionReferenceStyle().person.sep2 == " and "


def test_plural_words_agree_with_the_count_in_each_language():
    """``{plural}``: English takes the singular for 1 only, French for 0 and 1 (« 1 est allé », « 2 sont allés »)."""
    from analysis.book.ext.numbers import plural_words, split_plural

    assert split_plural("ch6.diffusion.level_international:est allé|sont allés") == (
        "ch6.diffusion.level_international",
        ("est allé", "sont allés"),
    )
    assert split_plural("04-matrix.ipynb::ch4.x:is|are") == ("04-matrix.ipynb::ch4.x", ("is", "are"))
    with pytest.raises(ValueError):
        split_plural("ch6.x:only one form")
    forms_en, forms_fr = ("place", "places"), ("lieu", "lieux")
    assert [plural_words(n, forms_en, "en") for n in (0, 1, 2)] == ["places", "place", "places"]
    assert [plural_words(n, forms_fr, "fr") for n in (0, 1, 2)] == ["lieu", "lieu", "lieux"]
    with pytest.raises(TypeError):
        plural_words("three", forms_en, "en")


def test_plural_role_writes_the_words_of_a_glued_count_of_1_and_of_2(tmp_path):
    from bs4 import BeautifulSoup

    status, page = build_with_glue(
        tmp_path,
        "One: {value}`other.md::ch9.one:d` {plural}`other.md::ch9.one:channel went|channels went` abroad. "
        "Two: {value}`other.md::ch9.two:d` {plural}`other.md::ch9.two:channel went|channels went` abroad.\n\n"
        "```{admonition} En bref\n:class: tip language-fr\n\n"
        "Un : {value}`other.md::ch9.one:d` {plural}`other.md::ch9.one:est allé|sont allés` à l’étranger. "
        "Deux : {value}`other.md::ch9.two:d` {plural}`other.md::ch9.two:est allé|sont allés` à l’étranger.\n```\n",
        {"ch9.one": {"data": {"text/plain": "1"}}, "ch9.two": {"data": {"text/plain": "2"}}},
    )
    assert status == 0
    text = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    assert "One: 1 channel went abroad." in text and "Two: 2 channels went abroad." in text
    assert "1 est allé à l’étranger." in text and "2 sont allés à l’étranger." in text
    assert "1 channels" not in text and "1 sont allés" not in text


def test_a_solution_title_reads_as_french_in_the_french_edition():
    from analysis import i18n
    from analysis.book.ext.languages import solution_title

    assert solution_title("4.1") == ("Solution to ", "Exercise 4.1", "")
    try:
        i18n.activate("fr")
        before, link, after = solution_title("4.1")
        assert before + link + after == "Solution de l’exercice 4.1"
    finally:
        i18n.activate(None)
