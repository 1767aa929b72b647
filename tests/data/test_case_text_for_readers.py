"""The case tables' text that readers see names public sources or this book, never the team's working files.

The notes, events, descriptions and titles of ``data/case/*.csv`` are shown in the tables
and chart tooltips of chapters 5 and 6 (``schemas.CASE_TEXT``, translated by ``case.po``).
Readers have the published sources and the book, not the research files behind it, so a
text may not send them to ``facts.md``, the "domain brief", "the curator" or a bare
section number of such a file (``§4.1``); nor to a data file (``national_effect.csv``) or
a row id (``ne-2004-01``, ``pol-pacte1``, the conflict group ``objective-start``), which a
web page shows as notes to ourselves: a text names the thing it refers to. An organisation
is spelt one way in every text (« Groupe du coin », as the village's own P'tit Bonheur and
the book's publisher write it), and a span of years takes an en dash (« 2009–2012 ») like
the spans the code writes, in English and in French.
"""

from __future__ import annotations

import re

import pytest

from analysis import i18n
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


# --- Data files, row ids, spellings and spans of years -----------------------------------

CASE_FILE = re.compile(r"\b[\w-]+\.csv\b", re.IGNORECASE)
"""A data file's name (``organisations.csv``)."""

ADDRESS = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")
"""A web address inside a text (``https://…``, ``lebulletin.com/…``): its path may hold anything."""

SPAN = re.compile(r"(?<![\w-])((?:1[89]|20)\d\d)(s?)-((?:1[89]|20)\d\d|\d\d)(s?)(?![\w-])")
"""Two years, or decades, joined by a hyphen: ``2009-2012``, ``1920s-1980s``, ``1997-98``."""


def hyphenated_spans(text: str) -> list[str]:
    """The spans of years written with a hyphen in a text, outside web addresses and ids.

    ``2022-03`` (a year and a month, ISO 8601) and ``1860-01-01`` (a date) are not spans.
    """
    text = ADDRESS.sub(" ", text)
    found = []
    for match in SPAN.finditer(text):
        start, s1, end, s2 = match.groups()
        if len(end) == 2 and not (s1 or s2) and 1 <= int(end) <= 12:
            continue  # an ISO year-month
        found.append(match.group())
    return found


def _case_ids() -> set[str]:
    """Every id of every case table: the ``id`` column, the other ``*_id`` columns and the conflict groups."""
    ids = set()
    for path in (paths.data_dir() / "case").glob("*.csv"):
        frame = read_text_csv(path)
        for column in frame.columns:
            if column == "id" or column.endswith("_id") or column == "conflict_group":
                ids |= {value for value in frame[column] if value.strip()}
    return ids


def _id_pattern(ids) -> re.Pattern:
    """An id as a whole token (``pol-pnr1`` but not ``pol-pnr10`` nor the ``upa`` of ``UPA``)."""
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")


def _all_texts():
    """(table, row id, column, text) for every free-text cell that readers see (the columns of ``CASE_TEXT``)."""
    for name, columns in sorted(schemas.CASE_TEXT.items()):
        for row_id, column, text in _texts(name):
            if column in columns:
                yield name, row_id, column, text


def _french(text: str) -> str | None:
    """The French of a case text as the French edition shows it (None if it has none)."""
    return i18n.translations("fr", i18n.CASE_DOMAIN).get(text)


@pytest.mark.parametrize(
    "text",
    [
        "Also in national_effect.csv (ne-2004-01).",
        "according to organisations.csv's source",
        "other sources give 2001 (objective.csv, conflict group objective-start)",
        "D because the period conflicts with c. 2010-2013 (ev-2010-02).",
        "the municipality stands for the place, as in tie-2014-02.",
        "Overtaken by the end of the rural policy (pol-pnr3-b).",
        "carried by the same person as dif-1991-01.",
    ],
)
def test_the_patterns_find_data_files_and_row_ids(text):
    assert CASE_FILE.search(text) or _id_pattern(_case_ids()).search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Also counted among the national effects.",
        "Québec farmers' union (UPA); CRISES study ES0409; Rang 13; the municipality",
        "Hand-transcribed from the ISC Community Well-Being 2006 file.",
        "Known through ptitbonheur.org and obs.agenda21culture.net.",
    ],
)
def test_the_patterns_leave_ordinary_text_alone(text):
    assert not CASE_FILE.search(text)
    assert not _id_pattern(_case_ids()).search(text)


def test_the_ids_are_read_from_every_case_table():
    ids = _case_ids()
    assert {"ne-2004-01", "pol-pacte1", "ev-2010-02", "groupe-du-coin", "objective-start", "sc-2023-01"} <= ids
    assert {"jacques-proulx", "dst-01", "obj-srq", "pr-laroche-ptit", "res-2000-01", "tie-2014-02"} <= ids


def test_no_text_of_a_case_table_names_a_data_file_or_a_row_id():
    ids = _id_pattern(_case_ids())
    found = [
        f"{name}/{row_id} [{column}]: {text}"
        for name, row_id, column, text in _all_texts()
        if CASE_FILE.search(text) or ids.search(text)
    ]
    assert found == [], "texts that send readers to a data file or a row id:\n" + "\n".join(found)


def test_no_french_case_text_names_a_data_file_or_a_row_id():
    ids = _id_pattern(_case_ids())
    found = [
        f"{name}/{row_id} [{column}]: {french}"
        for name, row_id, column, text in _all_texts()
        if (french := _french(text)) and (CASE_FILE.search(french) or ids.search(french))
    ]
    assert found == [], "French texts that send readers to a data file or a row id:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Undated; during the mayoralty (2009-2017).", ["2009-2017"]),
        ("Published as the 1920s-1980s.", ["1920s-1980s"]),
        ("since 1997-98 (same fiscal year)", ["1997-98"]),
        ("Pacte rural 2014–2019 (work plan)", []),
        ("Decree year inferred from the export date (snapshot 2022-03).", []),
        ("MAMH répertoire field mdatcons = 1860-01-01", []),
        ("as in tie-2014-02; see https://example.org/2011-2012/a", []),
        ("65 % of newcomers aged 25-35; 3 M$", []),
    ],
)
def test_the_span_pattern_finds_hyphenated_years_only(text, spans):
    assert hyphenated_spans(text) == spans


def test_every_span_of_years_in_the_case_text_takes_an_en_dash():
    found = [
        f"{name}/{row_id} [{column}]: {text}" for name, row_id, column, text in _all_texts() if hyphenated_spans(text)
    ]
    assert found == [], "spans of years written with a hyphen (write 2009–2012):\n" + "\n".join(found)


def test_every_span_of_years_in_the_french_case_text_takes_an_en_dash():
    found = [
        f"{name}/{row_id} [{column}]: {french}"
        for name, row_id, column, text in _all_texts()
        if (french := _french(text)) and hyphenated_spans(french)
    ]
    assert found == [], "French spans of years written with a hyphen (write 2009–2012):\n" + "\n".join(found)


def _organisation_names() -> set[str]:
    """The names of the organisations of the case, and the short names they give in brackets."""
    frame = read_text_csv(paths.data_dir() / "case" / "organisations.csv")
    names = set()
    for name in frame["name"]:
        names.add(re.sub(r"\s*\(.*?\)", "", name).strip())
        names |= {inner.strip() for inner in re.findall(r"\(([^()]*)\)", name)}
    return {name for name in names if len(name) > 4}


def _spellings(name: str, texts) -> set[str]:
    """How a name is written in the texts (web addresses and ids aside), letter case kept but for the first letter.

    The first letter may open a sentence (« the Groupe… », « Groupe… formed »); a capital
    inside the name may not change (« Groupe du coin », « Groupe du Coin »).
    """
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
    ids = _id_pattern(_case_ids())
    found = set()
    for text in texts:
        text = ids.sub(" ", ADDRESS.sub(" ", text))
        found |= {spelling[0].upper() + spelling[1:] for spelling in pattern.findall(text)}
    return found


def test_the_spelling_check_sees_a_second_spelling():
    texts = ["the Groupe du coin bought it", "initiated by the Groupe du Coin", "Groupe du coin's fund"]
    assert _spellings("Groupe du coin", texts) == {"Groupe du coin", "Groupe du Coin"}
    assert _spellings("MAPAQ", ["MAPAQ support", "see mapaq.gouv.qc.ca/x", "(mapaq)"]) == {"MAPAQ"}


def test_the_groupe_du_coin_is_one_of_the_names_checked():
    assert "Groupe du coin" in _organisation_names()


def test_each_organisation_is_spelt_one_way_in_the_case_text():
    texts = [text for *_, text in _all_texts()]
    mixed = {name: found for name in _organisation_names() if len(found := _spellings(name, texts)) > 1}
    assert mixed == {}, f"organisations spelt several ways in the case tables: {mixed}"


def test_each_organisation_is_spelt_one_way_in_the_french_case_text():
    texts = [french for *_, text in _all_texts() if (french := _french(text))]
    mixed = {name: found for name in _organisation_names() if len(found := _spellings(name, texts)) > 1}
    assert mixed == {}, f"organisations spelt several ways in the French case text: {mixed}"
