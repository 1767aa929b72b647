"""The list of references in each edition's language: pybtex's words and the book's own notes in French.

pybtex's ``unsrt`` style writes English words into the entries ("and", "editor", "Technical
Report", "Master's thesis", "pages", a month number as given); the French edition formats
the same ``references.bib`` with :class:`analysis.book.ext.references.CompanionFrenchStyle`,
whose words come from ``companion.po``, and translates the fields the book wrote (notes, a
year that is an inference). Titles, journals and publishers stay as published.
"""

from __future__ import annotations

import copy
import re

import pytest
from pybtex.database import Person, parse_file
from pybtex.plugin import find_plugin

from analysis import i18n
from analysis.book.ext import references
from analysis.data import paths

BIB = paths.REPO / references.BIBLIOGRAPHY
PUBLISHED = (
    "title",
    "journal",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "type",
    "howpublished",
    "series",
    "address",
    "organization",
)
"""Fields that stay as published (their words are the authors' and publishers', not the style's)."""
ENGLISH_STYLE = re.compile(
    r"\b(and|editors?|Technical|Report|Master's|thesis|PhD|In|in|pages|edition|Volume|Number|of|chapter|"
    r"visited|Archived|Undated|venue|Available|from|Updated|Slide|presentation|inference|Marked|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b|n\.d\.|\bc\. \d"
)


def formatted(language: str, blank_published: bool = False) -> dict[str, str]:
    """Every entry of the book's bibliography as the edition writes it (plain text), by key."""
    data = parse_file(str(BIB), bib_format="bibtex")
    try:
        i18n.activate(language)
        if language != i18n.SOURCE_LANGUAGE:
            references.translate_book_fields(data.entries, {})
        if blank_published:
            for entry in data.entries.values():
                for name in PUBLISHED:
                    if name in entry.fields:
                        entry.fields[name] = "Xx"
                entry.fields.pop("url", None)
                for role, people in entry.persons.items():  # names are the authors' (an organisation's included)
                    entry.persons[role] = [Person(f"Doe{i}, Jane") for i in range(len(people))]
        style = find_plugin("pybtex.style.formatting", references.STYLES.get(language, "companion"))()
        text = find_plugin("pybtex.backends", "text")()
        return {e.key: e.text.render(text) for e in style.format_entries(data.entries.values())}
    finally:
        i18n.activate(None)


def test_the_french_list_has_no_english_word_of_the_style_nor_of_the_book():
    for key, text in formatted("fr", blank_published=True).items():
        quoted = re.sub(r"«[^»]*»", "", text)  # the talk's own words, quoted as written
        assert not ENGLISH_STYLE.search(quoted), (key, ENGLISH_STYLE.search(quoted).group(0), text)
    english = formatted("en", blank_published=True)
    assert any(ENGLISH_STYLE.search(text) for text in english.values()), "the check finds pybtex's English words"


def test_the_french_list_writes_french_words_dates_and_notes():
    french = formatted("fr")
    assert "Eric Guimond et Christopher Penney." in french["alasia_etal_2017"]
    assert "Marie J. Bouchard, dir." in french["bouchard_2013"]
    assert "Mémoire de maîtrise, Université du Québec à Montréal, 2008." in french["champagne_2008"]
    assert "Rapport technique, Indian and Northern Affairs Canada, 1993. Archivé." in french["inac_jbnqa_1993"]
    assert "mai 2015" in french["klein_etal_2015"] and "Disponible auprès du CRISES" in french["klein_etal_2015"]
    assert "p. 490–518" in french["lacquement_chevalier_2016"]
    assert "s. d." in french["canadian_encyclopedia_jbnqa"] and "vers 2008–2010" in french["klein_talk"]
    assert "URL\u00a0: https://" in french["alasia_etal_2017"]
    assert "Measuring remoteness and accessibility" in french["alasia_etal_2017"], "titles stay as published"


def test_every_note_the_book_wrote_has_its_french_and_the_french_list_shows_it():
    catalog = i18n.translations("fr")
    french = formatted("fr")
    messages = list(references.book_field_messages(BIB))
    assert len(messages) >= 6
    data = parse_file(str(BIB), bib_format="bibtex")
    for _file, text, comments in messages:
        assert text in catalog, f"no French for {text!r} ({comments[0]})"
        key, field = comments[0].split(": ", 1)[1].split(" ", 1)[0].rsplit(".", 1)
        assert data.entries[key].fields[field] == text
        shown = catalog[text].replace("--", "–").replace("{", "").replace("}", "")
        assert shown in french[key], (key, shown)


def test_the_english_list_is_pybtexs_unsrt_unchanged():
    """The English edition keeps pybtex's ``unsrt`` words and the book's notes as written (sorted as a reader
    sorts); only an unpublished document differs: what it is and its date, then the book's note."""
    english = formatted("en")
    data = parse_file(str(BIB), bib_format="bibtex")
    unsrt = find_plugin("pybtex.style.formatting", "unsrt")(
        label_style="companion-author-year", sorting_style="companion-collation"
    )
    text = find_plugin("pybtex.backends", "text")()
    plain = {e.key: e.text.render(text) for e in unsrt.format_entries(data.entries.values())}
    unpublished = {key for key, entry in data.entries.items() if entry.type == "unpublished"}
    assert unpublished == {"klein_talk"}
    assert {k: v for k, v in english.items() if k not in unpublished} == {
        k: v for k, v in plain.items() if k not in unpublished
    }
    assert english["klein_talk"].startswith(
        "Juan-Luis Klein. Social Economy as a Base for Local Development Initiatives: A Methodological Reflection"
        " about the conditions of success of the local social economy-based initiatives thought from the Quebec"
        " experience (“Quebec Model”). Slide presentation, CRISES and Département de géographie, Université du"
        " Québec à Montréal, c. 2008–2010. Undated;"
    ), english["klein_talk"]
    assert english["klein_talk"].endswith("please do not quote without permission”.")
    assert "Eric Guimond, and Christopher Penney." in english["alasia_etal_2017"]
    assert "Master's thesis" in english["champagne_2008"] and "Archived" in english["inac_jbnqa_1993"]
    assert "Undated; venue not established" in english["klein_talk"]


@pytest.mark.parametrize(
    "month, name", [("5", "mai"), ("May", "mai"), ("dec.", "décembre"), ("13", "13"), ("spring", "spring")]
)
def test_a_month_is_named_in_french(month, name):
    assert references.month_name(month, "fr") == name


def test_translating_twice_starts_again_from_the_english():
    data = parse_file(str(BIB), bib_format="bibtex")
    shown: dict = {}
    try:
        i18n.activate("fr")
        first = references.translate_book_fields(data.entries, shown)
        again = copy.deepcopy(shown)
        assert references.translate_book_fields(data.entries, shown) == first
        assert shown == again
        assert data.entries["inac_jbnqa_1993"].fields["note"] == "Archivé"
    finally:
        i18n.activate(None)


def _sorted_labels(language: str) -> list[str]:
    data = parse_file(str(BIB), bib_format="bibtex")
    try:
        i18n.activate(language)
        style = find_plugin("pybtex.style.formatting", references.STYLES.get(language, "companion"))()
        return [e.label for e in style.format_entries(data.entries.values())]
    finally:
        i18n.activate(None)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_list_is_sorted_as_a_reader_sorts_accents_case_and_braces_ignored(language):
    labels = _sorted_labels(language)
    first_names = [re.split(r",| and | et |\bet al\.", label)[0].strip() for label in labels]
    keys = [references.collation_key(name) for name in first_names]
    assert keys == sorted(keys), list(zip(keys, labels, strict=True))
    assert labels.index("Béïque, 2011") < labels.index("Bouchard, 2013")
    # organisations sort under their name's first letter, not after every person
    assert labels.index("Indigenous Services Canada, 2024") < labels.index("Klein et al., 2015")
    encyclopedia = next(label for label in labels if label.startswith("The Canadian Encyclopedia"))
    assert labels.index("Steegen et al., 2016") < labels.index(encyclopedia) < labels.index("Vaillancourt, 2009")
    assert references.collation_key("{Béïque}") == "beique"


def test_a_month_is_written_as_a_word_in_english_too():
    english, french = formatted("en"), formatted("fr")
    assert "May 2015" in english["klein_etal_2015"] and "mai 2015" in french["klein_etal_2015"]
    data = parse_file(str(BIB), bib_format="bibtex")
    entry = data.entries["klein_etal_2015"]
    entry.fields["month"] = "5"
    style = find_plugin("pybtex.style.formatting", "companion")()
    text = find_plugin("pybtex.backends", "text")()
    shown = next(e for e in style.format_entries([entry])).text.render(text)
    assert "May 2015" in shown and " 5 2015" not in shown


PROPER_NOUNS = (
    "Québec",
    "Quebec",
    "Quebec Model",
    "Canada",
    "Canadian",
    "Saint-Camille",
    "James Bay and Northern Québec Agreement",
    "James Bay and Northern Quebec Agreement",
    "Northeastern Quebec Agreement",
    "Index of Remoteness",
    "Community Well-Being",
    "CRISES",
    "MIZ",
    "Pearson",
    "Kendall",
    "Spearman",
    "Bayes",
    "Coop",
)
"""Names that every style must print with their capitals: braced in ``references.bib``."""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_proper_noun_of_a_title_keeps_its_capitals(language):
    data = parse_file(str(BIB), bib_format="bibtex")
    shown = formatted(language)
    checked = 0
    for key, entry in data.entries.items():
        title = entry.fields.get("title", "").replace("{", "").replace("}", "")
        for noun in PROPER_NOUNS:
            if re.search(rf"\b{re.escape(noun)}\b", title):
                assert noun in shown[key], (key, noun, shown[key])
                checked += 1
    assert checked >= 15


def test_the_talks_note_reads_well_on_every_page():
    """The note is shown in the list and in every citation's tooltip: it neither repeats the date nor sends to the list."""
    for language in ("en", "fr"):
        text = formatted(language)["klein_talk"]
        assert text.count("2008") == 1, (language, text)
        assert not re.search(r"appendix|annexe|References|Références", text), (language, text)
