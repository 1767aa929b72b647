"""The French edition: built from the same sources, published beside the English one, French where it is translated.

* every page says ``<html lang="fr">`` and links to the same page of the English edition
  (and the English pages to the French ones, in one ``_build/html`` folder);
* numbers glued in the chapters are written in French (fr_CA) on French pages and in
  English on English pages;
* charts, maps and tables made in Python are French (chart titles, axes, legends);
* the French pages use the glossary's French terms for the Québec and Statistics Canada
  units, not the English ones (checked on every translated page; the pages pending
  translation are :data:`analysis.i18n.PENDING_PAGES`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from analysis import i18n
from analysis.data import paths
from analysis.formats import format_number

SAMPLE = [
    ("ch1.rho_cwb_remoteness.municipalities", ".2f", ""),
    ("ch1.burden_education_gap.municipalities", ".1f", ""),
    ("ch4.default.population_share.exclusion", ".1%", ""),
    ("ch6.distance_sherbrooke_km", "", "km"),
    ("ch7.r2_remoteness_education.municipalities", ".0%", ""),
]
"""Glued results written on the chapter pages (format and unit as the prose writes them)."""

TERMINOLOGY = {
    # French term of the glossary (a headword of book/glossary.md): English-only variants that must not appear
    "RMR": [r"\bCMA\b", r"census metropolitan area"],
    "AR": [r"\bCAs?\b(?![-\w])", r"census agglomeration"],
    "ZIM": [r"\bMIZ\b", r"metropolitan influenced zone"],
    "indice d'éloignement": [r"Index of Remoteness"],
    "indice de bien-être des collectivités": [r"\bCWB\b", r"Community Well-Being"],
    "municipalité régionale de comté": [r"regional county municipality"],
    "territoire équivalent": [r"equivalent territory"],
    "territoire non organisé": [r"unorgani[sz]ed territory"],
}


@pytest.fixture(scope="module")
def french(french_book) -> Path:
    return french_book / "_build" / "html" / "fr"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_pages(root: Path) -> list[Path]:
    return sorted(p for p in (root / "book").rglob("*.html"))


def test_every_french_page_is_french_and_links_to_its_english_twin(french):
    pages = content_pages(french)
    assert len(pages) >= 14
    for page in pages:
        document = soup(page)
        assert document.html.get("lang") == "fr", page
        switch = document.select_one("nav.companion-languages a[hreflang=en]")
        assert switch is not None and switch.get_text(strip=True) == "English", page
        target = (page.parent / switch["href"]).resolve()
        assert target == (french.parent / page.relative_to(french)).resolve(), page


def test_one_html_folder_holds_both_editions(french_book, built_book):
    english = built_book / "_build" / "html" / "book" / "glossary.html"
    link = soup(english).select_one("nav.companion-languages a[hreflang=fr]")
    assert link is not None and link["href"] == "../fr/book/glossary.html"
    assert soup(english).html.get("lang") == "en"
    assert (french_book / "_build" / "html" / "fr" / "index.html").exists()
    assert not (french_book / "_build" / "html" / "jupyter_execute").exists()


def test_theme_and_exercise_labels_are_french(french):
    page = soup(french / "book" / "chapters" / "01-debate.html")
    text = page.get_text(" ")
    assert "Exercice" in text and "Solution de" in text
    titles = [" ".join(t.get_text(" ", strip=True).split()) for t in page.select(".solution .admonition-title")]
    assert titles and all(re.fullmatch(r"Solution de l’ ?exercice 1\.\d+", t) for t in titles), titles
    assert "Solution de Exercice" not in text
    assert "Afficher le code de la cellule" in str(page)
    captions = [c.get_text(strip=True).replace("\u2019", "'") for c in page.select(".bd-sidebar-primary .caption-text")]
    assert "L'argument à l'épreuve" in captions and "Annexes" in captions
    numbers = [n.get_text() for n in page.select("figcaption .caption-number, caption .caption-number")]
    assert any(n.startswith("Tableau") for n in numbers) and any(n.startswith("Fig.") for n in numbers)


def test_glued_numbers_are_french_on_french_pages_and_english_on_english_pages(french, built_book):
    results = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    english_root = built_book / "_build" / "html"
    checked = 0
    for name, spec, unit in SAMPLE:
        chapter = next((paths.REPO / "book" / "chapters").glob(f"0{name[2]}-*.ipynb")).stem
        french_numbers = [
            s.get_text() for s in soup(french / "book" / "chapters" / f"{chapter}.html").select("span.companion-number")
        ]
        english_numbers = [
            s.get_text()
            for s in soup(english_root / "book" / "chapters" / f"{chapter}.html").select("span.companion-number")
        ]
        value = results[name]
        assert format_number(value, spec, "fr_CA", unit) in french_numbers, (name, chapter)
        assert format_number(value, spec, "en_CA", unit) in english_numbers, (name, chapter)
        checked += 1
    for text in french_numbers:
        assert not re.search(r"\d\.\d", text) and "-" not in text, text
    assert checked == len(SAMPLE)


def test_charts_and_tables_made_in_python_are_french(french):
    page = (french / "book" / "chapters" / "01-debate.html").read_text(encoding="utf-8")

    def found(text: str) -> bool:  # chart specs are JSON in the page, with non-ASCII letters escaped
        return text in page or json.dumps(text)[1:-1] in page

    assert found("Bien-être, du centre à la périphérie")
    assert found("ZIM modérée") and not found("Moderate MIZ")
    # the charts are drawn at build time: their axis labels write numbers the French way (0,5, not 0.5)
    drawn = [t.get_text() for t in BeautifulSoup(page, "html.parser").select("svg text")]
    assert any(re.fullmatch(r"−?\d+,\d+", t) for t in drawn), drawn[:20]
    assert not any(re.fullmatch(r"-?\d+\.\d+", t) for t in drawn), [t for t in drawn if re.fullmatch(r"-?\d+\.\d+", t)]
    assert re.search(r"Tracé par|Sources[\s\u00a0\u202f]:", page)  # French typography: a narrow no-break space


def _visible_text(path: Path) -> str:
    document = soup(path)
    main = document.select_one("main") or document
    for hidden in main.select("script, style, code, pre, .language-en, [lang=en], cite, .citation, .cell_input"):
        hidden.decompose()
    return main.get_text(" ")


# Appendices whose French is pending (the data appendix's descriptions are translated by data.po since phase B).
APPENDIX_PENDING = ()


def test_the_glossarys_french_terms_are_used_on_the_translated_french_pages(french):
    glossary = (paths.REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    headwords = set(re.findall(r"^([^\s`].*)$", glossary.split("```{glossary}", 1)[1], re.M))
    for term in TERMINOLOGY:
        assert term in headwords, f"{term!r} is not a headword of the glossary"
    problems = []
    translated = [
        p
        for p in content_pages(french)
        if p.relative_to(french).with_suffix("").as_posix() not in i18n.PENDING_PAGES
        and p.relative_to(french).with_suffix("").as_posix() not in ("book/glossary", *APPENDIX_PENDING)
    ]
    assert len(translated) >= 3
    for page in translated:
        text = _visible_text(page)
        for term, variants in TERMINOLOGY.items():
            for variant in variants:
                if re.search(variant, text):
                    problems.append(f"{page.relative_to(french)}: {variant!r} instead of {term!r}")
    assert not problems, "\n".join(problems)


def test_french_student_edition_and_handout(tmp_path):
    from analysis.book.build import build_book
    from analysis.cli import main

    out = tmp_path / "student"
    assert build_book(out=str(out), student=True, language="fr") == 0
    page = soup(out / "_build" / "html" / "fr" / "book" / "chapters" / "04-matrix.html")
    assert page.html.get("lang") == "fr" and 'class="solution' not in str(page)
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.skip("chromium not installed") if not __import__("os").environ.get("CI") else pytest.fail("chromium")
    pdf = tmp_path / "document.pdf"
    assert main(["handout", "--out", str(pdf), "--book", str(out), "--lang", "fr"]) == 0
    assembled = (out / "_build" / "html" / "fr" / "handout.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in assembled and "Cours" in assembled and "document de séminaire" in assembled


def test_the_data_appendix_and_the_case_text_are_french(french):
    """The appendix's generated descriptions (data.po) and the case tables' free text (case.po) are French."""
    appendix = _visible_text(french / "book" / "appendix" / "data-and-licences.html")
    assert "Population selon le décret de population du gouvernement du Québec" in appendix
    assert "Cote de fiabilité" in appendix and "Reliability grade" not in appendix
    chapter = (french / "book" / "chapters" / "06-saint-camille.html").read_text(encoding="utf-8")

    def found(text: str) -> bool:  # chart specs are JSON in the page, with non-ASCII letters escaped
        return text in chapter or json.dumps(text)[1:-1] in chapter

    # the timeline's tooltips (with the typographic apostrophe the tooltips write)
    assert found("Fondation du P’tit Bonheur, centre communautaire et culturel")
    assert not found("founded as a community and cultural centre")


def _prose(path: Path) -> str:
    """The running text of a page: paragraphs and list items, without tables, code and the other language's boxes."""
    document = soup(path)
    main = document.select_one("main") or document
    for hidden in main.select("script, style, code, pre, table, .cell_input, .language-en, [lang=en]"):
        hidden.decompose()
    return " ".join(" ".join(p.get_text().split()) for p in main.select("p, li"))


def test_the_french_list_of_references_is_written_in_french_and_the_english_one_is_unchanged(french, built_book):
    page = " ".join(soup(french / "book" / "appendix" / "references.html").get_text(" ").split())
    for english in (
        "Technical Report",
        "Master's thesis",
        "Archived",
        "Undated",
        "Available from",
        "Updated with",
        ", editor",
        "n.d.",
        "c. 2008",
        "URL:",
        " 5 2015",
        "Guimond, and",
    ):
        assert english not in page, english
    for french_words in (
        "Rapport technique",
        "Mémoire de maîtrise",
        "Archivé",
        "Non datée",
        "Disponible auprès du CRISES",
        "Mis à jour avec",
        "Bouchard, dir.",
        "s. d.",
        "vers 2008–2010",
        "mai 2015",
        "Guimond et Christopher Penney",
    ):
        assert french_words in page, french_words
    english_page = " ".join(
        soup(built_book / "_build" / "html" / "book" / "appendix" / "references.html").get_text(" ").split()
    )
    for english in (
        "Technical Report",
        "Master's thesis",
        "Archived",
        "Undated; venue not established",
        "n.d.",
        "c. 2008–2010",
    ):
        assert english in english_page, english
    for french_words in ("Rapport technique", "Mémoire de maîtrise", "vers 2008", "s. d.", "mai 2015"):
        assert french_words not in english_page, french_words


COUNT_SLIPS = re.compile(
    r"(?<![\d\u00a0\u202f,.])[01][\s\u00a0]+(?:sont|ont|se trouvent|vont|redescendent|centrales|périphériques|"
    r"spécifications|lignes|lieux|ressources|personnes|liens|régions|événements|municipalités|montants)\b"
)
"""A count of 0 or 1 followed by a plural (French takes the singular for 0 and 1)."""


def test_counts_of_0_and_1_take_the_singular_on_french_pages(french):
    slips = []
    for page in content_pages(french):
        slips += [f"{page.name}: {m.group(0)!r}" for m in COUNT_SLIPS.finditer(_prose(page))]
    assert not slips, slips
    diffusion = _prose(french / "book" / "chapters" / "06-saint-camille.html")
    assert re.search(r"\b1 est allé à l’étranger", diffusion) or re.search(r"\b\d+ sont allés à l’étranger", diffusion)


def test_tables_and_figures_cited_together_take_one_plural_word(french, built_book):
    french_page = _prose(french / "book" / "chapters" / "06-saint-camille.html")
    english_page = _prose(built_book / "_build" / "html" / "book" / "chapters" / "06-saint-camille.html")
    assert re.search(r"les tableaux 6\.\d+ et 6\.\d+", french_page) and "les Tableau" not in french_page
    assert re.search(r"Tables 6\.\d+ and 6\.\d+", english_page) and not re.search(
        r"Table 6\.\d+ and Table", english_page
    )
    for page in content_pages(french):
        assert not re.search(r"(Tableau|Fig\.|Exercice) \d+\.\d+ et (Tableau|Fig\.|Exercice) \d", _prose(page)), (
            page.name
        )


def _table_text(path: Path, name: str) -> str:
    table = soup(path).find(id=name)
    assert table is not None, name
    return " ".join(table.get_text(" ").split())


def test_tables_write_cuts_with_their_digits_and_no_internal_keys(french, built_book):
    for root in (french, built_book / "_build" / "html"):
        matrix = root / "book" / "chapters" / "04-matrix.html"
        cuts = _table_text(matrix, "tab-ch4-definitions")
        assert not re.search(r"\d[.,]0000\b", cuts) and re.search(r"\b56\b", cuts), cuts[:300]
        for name in ("tab-ch4-agreement", "tab-ch4-saint-camille"):
            assert not re.search(r"\bsac\b|_", _table_text(matrix, name)), name
        case = root / "book" / "chapters" / "06-saint-camille.html"
        for name in ("tab-ch6-conflicts", "tab-ch6-figures"):
            text = _table_text(case, name)
            assert not re.search(r"\b(pop|groupe-du-coin|laboratoire-rural)-[a-z0-9-]+", text), (name, text[:300])
    assert "SAC × composite" in _table_text(
        built_book / "_build" / "html" / "book" / "chapters" / "04-matrix.html", "tab-ch4-agreement"
    )


def test_the_french_introduction_does_not_repeat_its_key_findings(french, built_book):
    french_intro = soup(french / "book" / "intro.html")
    english_intro = soup(built_book / "_build" / "html" / "book" / "intro.html")
    titles = [t.get_text(strip=True) for t in french_intro.select(".admonition-title")]
    assert "Principaux résultats" in titles and "En bref" not in titles
    assert "En bref" in [t.get_text(strip=True) for t in english_intro.select(".admonition-title")]


def test_the_rang_13_dates_come_from_the_case_table_in_every_chapter(french, built_book):
    results = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    years = {k: str(results[f"ch6.rang13.{k}"]) for k in ("incorporated", "land_bought", "lots_taken")}
    english = built_book / "_build" / "html" / "book"
    assert f"incorporated in {years['incorporated']}, its lots all taken by {years['lots_taken']}" in _prose(
        english / "intro.html"
    )
    for chapter in ("04-matrix", "05-conditions"):
        text = _prose(english / "chapters" / f"{chapter}.html")
        assert (
            f"land was bought in {years['land_bought']} and whose lots were all taken by {years['lots_taken']}" in text
        )
        assert "2008–2009" not in text and "arrivals from 2008" not in text
    assert f"constituée en {years['incorporated']}" in _prose(french / "book" / "intro.html")
    first = str(results["ch6.population_recent_first_year"])
    assert f"from {first}, Fig. 6.4" in _prose(english / "chapters" / "06-saint-camille.html")
    assert "since 1980" not in _prose(english / "chapters" / "06-saint-camille.html")
    conclusion = _prose(english / "chapters" / "07-conclusion.html")
    assert "most plausibly a road distance" in conclusion and "can only be a road distance" not in conclusion
    assert "most plausibly a road distance" in _prose(english / "chapters" / "06-saint-camille.html")


def test_the_solution_cells_of_chapter_6_print_french(french):
    page = soup(french / "book" / "chapters" / "06-saint-camille.html").get_text(" ")
    assert "estimation de 2010 → recensement de 2021" in page and "premier → dernier décret" in page
    assert "2010 estimate" not in page and "first -> last decree" not in page


# --- the last leftovers of the French edition (title, date, charts' words, numbers, typography, references) ------


def test_each_edition_has_its_own_title_and_date_order(french, built_book):
    english_root = built_book / "_build" / "html"
    french_title = "La connexion plutôt que la proximité"
    for page in content_pages(french):
        document = soup(page)
        assert document.title.get_text().endswith(f"— {french_title}"), (page.name, document.title.get_text())
        assert "Connection, not proximity" not in str(document), page.name
        assert re.search(r"Mis à jour le \d{1,2} [a-zéû]+\.? \d{4}\.", " ".join(document.get_text(" ").split())), (
            page.name
        )
    english = soup(english_root / "book" / "glossary.html")
    assert english.title.get_text().endswith("— Connection, not proximity")
    assert re.search(r"Last updated on [A-Z][a-z]{2} \d{2}, \d{4}\.", " ".join(english.get_text(" ").split()))


VEGA_ENGLISH = re.compile(r"axis titled|-axis for a|scale with|legend titled|legend for|Title text|mark container")
"""Vega's own English descriptions of a chart's axes, legends, title and containers."""
THEME_ENGLISH = ("Toggle hidden content", "Toggle primary sidebar", "Toggle secondary sidebar", "Search this book")


def test_screen_reader_text_of_charts_and_theme_is_french(french, built_book):
    for page in content_pages(french):
        text = page.read_text(encoding="utf-8")
        document = BeautifulSoup(text, "html.parser")
        labels = [e["aria-label"] for e in document.select("[aria-label]")]
        assert not [a for a in labels if VEGA_ENGLISH.search(a)], (
            page.name,
            [a for a in labels if VEGA_ENGLISH.search(a)][:3],
        )
        kinds = {e["aria-roledescription"] for e in document.select("svg [aria-roledescription]")}
        assert not kinds & {"axis", "legend", "title", "circle", "bar", "box", "rect mark", "rule mark"}, (
            page.name,
            kinds,
        )
        assert not [words for words in THEME_ENGLISH if words in text], page.name
        assert 'aria-label="Toggle hidden content"' not in text and 'aria-label="Main"' not in text, page.name
    chapter = (french / "book" / "chapters" / "01-debate.html").read_text(encoding="utf-8")
    assert "Afficher ou masquer le contenu" in chapter  # myst-nb's fold-outs and sphinx-togglebutton's buttons
    assert re.search(r'aria-label="Axe (horizontal|vertical), [^"]+"', chapter)
    english = (built_book / "_build" / "html" / "book" / "chapters" / "01-debate.html").read_text(encoding="utf-8")
    assert re.search(r'aria-label="Horizontal axis, [^"]+: from ', english)
    assert not VEGA_ENGLISH.search(
        " ".join(e["aria-label"] for e in BeautifulSoup(english, "html.parser").select("svg [aria-label]"))
    )


def chart_tips(page: BeautifulSoup) -> list[str]:
    """Every chart mark's tooltip as the page's script writes it: the titles of each chart's table,
    then its columns (a column shared with an earlier chart of the page named by ``data-same``)."""
    columns = page.select("script.companion-tip-column")
    values: list = []
    for column in columns:
        same = column.get("data-same")
        values.append(values[int(same)] if same is not None else json.loads(column.string))
    tips = []
    for chart in page.select(".companion-drawing"):
        titles = chart.select_one(":scope > script.companion-tips")
        if titles is None:
            continue
        own = [values[columns.index(c)] for c in chart.select(":scope > script.companion-tip-column")]
        heads = json.loads(titles.string)
        for i in range(len(own[0]) if own else 0):
            tips.append("\n".join(h + c[i] for h, c in zip(heads, own) if c[i] not in (None, "")))
    return tips


def test_the_box_plots_tooltips_name_their_numbers_in_each_language(french, built_book):
    for root, words in ((french, "médiane\u202f: "), (built_book / "_build" / "html", "median: ")):
        page = soup(root / "book" / "chapters" / "03-connection.html")
        tips = chart_tips(page)
        assert any(words in t for t in tips), root
        assert not [t for t in tips if re.search(r"Whisker|\bQ[13] of|Median of|Min of|Max of", t)], root


BARE_COUNT = re.compile(r"(?<![\d\w.,:/\u00a0\u202f-])(\d{4,})(?![\d\w]|[-–]\d)")
"""A whole number of four or more digits written without the French thousands separator."""
NOT_A_COUNT = re.compile(r"(?:SDR|DR|code(?: de recensement)?|division de recensement|CSD|ES)\s*$")
"""What precedes an identifier (a census code), which is not a count."""


def bare_counts(text: str) -> list[str]:
    found = []
    for match in BARE_COUNT.finditer(text):
        if 1800 <= int(match.group(1)) <= 2100 or NOT_A_COUNT.search(text[: match.start()]):
            continue  # a year, or a code
        found.append(text[max(0, match.start() - 50) : match.end() + 20])
    return found


def test_counts_of_four_digits_or_more_take_the_french_thousands_separator(french):
    assert bare_counts("dans le bassin (1038 lieux)") and not bare_counts("1 038 lieux, en 2016, SDR 2440025")
    faults = []
    for page in content_pages(french):
        document = soup(page)
        for hidden in document.select("script, style, code, pre, .cell_input, .citation, cite, svg title"):
            hidden.decompose()
        main = document.select_one("main")
        for block in main.select("p, li, figcaption, caption"):
            faults += [f"{page.name}: {t!r}" for t in bare_counts(" ".join(block.get_text().split()))]
        for element in document.select("[alt], [aria-label]"):
            for name in ("alt", "aria-label"):
                faults += [f"{page.name} {name}: {t!r}" for t in bare_counts(element.get(name) or "")]
    assert not faults, "\n".join(sorted(set(faults)))


def test_high_punctuation_takes_a_narrow_space_on_french_pages(french):
    faults = []
    for page in content_pages(french):
        document = soup(page)
        main = document.select_one("main")
        for hidden in main.select(
            "script, style, code, pre, .cell_input, .citation, cite, em, [lang=en], a.reference.external"
        ):
            hidden.decompose()
        for block in main.select("p, li, dd, dt"):
            text = " ".join(block.get_text().split())
            text = re.sub(r"https?://\S+", "", text)
            faults += [
                f"{page.name}: {text[max(0, m.start() - 40) : m.end() + 10]!r}"
                for m in re.finditer(r"\w[;:?!](?=\s|$)", text)
            ]
    assert not faults, "\n".join(faults[:30])


def test_the_list_of_references_sorts_and_capitalises_as_a_reader_expects(french, built_book):
    for root in (french, built_book / "_build" / "html"):
        page = " ".join(
            soup(root / "book" / "appendix" / "references.html").select_one(".citation-list").get_text(" ").split()
        )
        assert page.index("Béïque") < page.index("Bouchard"), root
        assert page.index("Indigenous Services Canada") < page.index("Woolcock"), root
        assert "James Bay and Northern Québec Agreement" in page, root
    english = " ".join(
        soup(built_book / "_build" / "html" / "book" / "appendix" / "references.html").get_text(" ").split()
    )
    assert "May 2015" in english and " 5 2015" not in english


def test_exercises_are_cited_in_lower_case_in_french_sentences(french):
    debate = _prose(french / "book" / "chapters" / "01-debate.html")
    assert re.search(r"l’exercice 1\.\d", debate) and not re.search(r"l’Exercice \d", debate)
    glossary = _prose(french / "book" / "glossary.html")
    assert "voir l’exercice 4." in glossary and "voir Exercice" not in glossary
    for page in content_pages(french):
        prose = _prose(page)
        assert not re.search(r"(?<![.!?»:] )(?<!^)(?<=\w )Exercice \d", prose), page.name
    titles = [
        t.get_text(" ", strip=True)
        for t in soup(french / "book" / "chapters" / "01-debate.html").select(".exercise .admonition-title")
    ]
    assert titles and all(t.startswith("Exercice 1.") for t in titles), titles  # titles keep their capital


UNELIDED = re.compile(
    r"(?<![\w’'-])(?:(?:[Dd]e|[Qq]ue|[Jj]usque) |[Ll][ea] (?=[a-zâàéèêîôû]))(?![\w.]*[_.]\w)[aeiouâàéèêîôûAEIOUÂÀÉÈÊÎÔÛ]"
)
"""A French word that elides before a vowel, written in full ("de endogène", "de avant 1970"); "le I de
Moran" (a letter's name) and an identifier ("membre de org_to", a column) are left alone."""
SCOPE_AGREEMENT = re.compile(r"(?:rayonnement|palier|échelon)\u202f: (?:locale|régionale|nationale|internationale)\b")


def test_french_chart_and_map_text_elides_and_agrees(french):
    """Texts put together from a translated frame and a value (an axis range, a tooltip, a map's
    line) elide "de" before a vowel, and a scope or a level agrees with its masculine noun."""
    faults = []
    for page in content_pages(french):
        document = soup(page)
        texts = chart_tips(document)
        texts += [e.get(name) or "" for e in document.select("[alt], [aria-label]") for name in ("alt", "aria-label")]
        for code in document.select("main code"):  # an identifier (org_to, analysis.analyses) does not elide
            code.decompose()
        texts += [" ".join(block.get_text().split()) for block in document.select("main p, main li, figcaption")]
        texts += [frame["srcdoc"] for frame in document.select("iframe[srcdoc]")]  # maps: popups, tooltips
        for text in texts:
            for pattern in (UNELIDED, SCOPE_AGREEMENT):
                faults += [
                    f"{page.name}: {text[max(0, m.start() - 40) : m.end() + 20]!r}" for m in pattern.finditer(text)
                ]
    assert not faults, "\n".join(sorted(set(faults))[:30])


def _backrefs(path: Path) -> dict[str, list[str]]:
    """Each entry of a references page: the citations it links back to (ids of the page)."""
    page = soup(path)
    return {
        entry["id"]: [a["href"] for a in entry.select(".label a, .backrefs a")] for entry in page.select(".citation")
    }


def test_each_reference_links_back_to_the_citations_of_its_own_work(french, built_book):
    """Parsed twice (English, then French), the French entries gathered back-links to other works'
    citations ("Champagne, 2008 (1, 2, 3)"): each links back to the same citations in both editions,
    and each citation it links to cites it."""
    english = _backrefs(built_book / "_build" / "html" / "book" / "appendix" / "references.html")
    page = french / "book" / "appendix" / "references.html"
    assert _backrefs(page) == english
    document = soup(page)
    for entry, refs in _backrefs(page).items():
        for ref in refs:
            citation = document.select_one(f"span.bibtex-citation{ref}")
            assert citation is not None and citation.select_one(f'a[href="#{entry}"]'), (entry, ref)


ISO_DATE = re.compile(r"(?<![\w/=.-])\d{4}-\d{2}(?:-\d{2})?(?![\w/.-])")


def test_case_dates_are_written_in_words_in_tables_and_tooltips(french):
    """A day or a month of the case tables reads « 6 déc. 2001 », « déc. 2004 », not 2001-12-06."""
    page = soup(french / "book" / "chapters" / "06-saint-camille.html")
    cells = [" ".join(cell.get_text().split()) for cell in page.select("table.companion-table tbody :is(td, th)")]
    dated = ("date", "autres datations", "dates contradictoires")  # a note may quote a field (= 1860-01-01)
    tips = [line for tip in chart_tips(page) for line in tip.split("\n") if line.startswith(dated)]
    found = [text for text in cells + tips if ISO_DATE.search(text)]
    assert not found, found[:10]
    assert any("déc. 2001" in text for text in cells), "the diffusion table's dates"
