"""The French edition's catalogs and the machinery that uses them (analysis.i18n, companion translate, the switcher).

* every catalog under ``locales/fr`` is complete (no untranslated and no fuzzy message),
  except the pages whose translation is pending (:data:`analysis.i18n.PENDING_PAGES`);
* the catalogs are in step with the sources: the messages ``companion translate update``
  would extract now are exactly those of the catalogs;
* strings made in Python are translated, fuzzy translations are not used, a package
  string without translation is reported, chapter-cell strings can be marked by a tool.
"""

from __future__ import annotations

import ast
import io
import json
import pickle
import re

import pytest
from babel.messages.pofile import read_po, write_po

from analysis import i18n
from analysis.book import translate
from analysis.book.ext import execution_cache, languages
from analysis.data import paths

CATALOGS = i18n.LOCALES / "fr" / "LC_MESSAGES"


def test_every_catalog_not_pending_is_fully_translated_and_reviewed():
    rows = translate.statistics("fr")
    assert {row.catalog for row in rows} >= {"companion", "book/glossary", "book/explorer", *i18n.PENDING_PAGES}
    incomplete = [
        f"{row.catalog}: {row.untranslated} untranslated, {row.fuzzy} fuzzy"
        for row in rows
        if (row.untranslated or row.fuzzy) and row.catalog not in i18n.PENDING_PAGES
    ]
    assert not incomplete, "\n".join(incomplete) + "\n(companion translate stats; translate and remove #, fuzzy)"


def test_pending_pages_are_exactly_the_chapters_and_the_introduction():
    chapters = {f"book/chapters/{p.stem}" for p in (paths.REPO / "book" / "chapters").glob("*.ipynb")}
    assert set(i18n.PENDING_PAGES) <= chapters | {"book/intro"}


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_the_python_data_and_case_catalogs_hold_exactly_the_messages_of_their_sources(domain):
    template = translate.TEMPLATES[domain]()
    with (CATALOGS / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle)
    missing, stale = _ids(template) - _ids(catalog), _ids(catalog) - _ids(template)
    assert not missing and not stale, (
        f"run `companion translate update`: new {sorted(map(str, missing))[:5]}, gone {sorted(map(str, stale))[:5]}"
    )


def test_page_catalogs_hold_exactly_the_messages_of_the_pages(tmp_path):
    assert translate.page_templates(tmp_path / "gettext") == 0
    problems = []
    for pot in sorted((tmp_path / "gettext").rglob("*.pot")):
        name = pot.relative_to(tmp_path / "gettext").with_suffix("").as_posix()
        po = CATALOGS / f"{name}.po"
        if not po.exists():
            problems.append(f"{name}: no catalog")
            continue
        with pot.open("rb") as a, po.open("rb") as b:
            new, old = _ids(read_po(a)), _ids(read_po(b))
        if new != old:
            problems.append(f"{name}: {len(new - old)} new, {len(old - new)} gone")
    assert not problems, "run `companion translate update`:\n" + "\n".join(problems)


# --- analysis.i18n ---------------------------------------------------------------------------------------------


@pytest.fixture
def french(monkeypatch, tmp_path):
    """A tiny French catalog: one translated message, one fuzzy, one plural."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("share of residents", "part des résidents")
    catalog.add("old wording", "ancienne formulation", flags=["fuzzy"])
    catalog.add(("{n} place", "{n} places"), ("{n} lieu", "{n} lieux"))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    (folder / "companion.po").write_bytes(buffer.getvalue())
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._catalogs.clear()
    i18n._reported.clear()
    i18n.activate("fr")
    yield
    i18n.activate(None)
    i18n._catalogs.clear()


def test_strings_are_translated_in_the_active_language(french, capsys):
    assert i18n.language() == "fr"
    assert i18n._("share of residents") == "part des résidents"
    assert i18n.ngettext("{n} place", "{n} places", 1) == "{n} lieu"
    assert i18n.ngettext("{n} place", "{n} places", 0) == "{n} lieu"  # French: the singular for 0 and 1
    assert i18n.ngettext("{n} place", "{n} places", 2) == "{n} lieux"
    i18n.activate("en")
    assert i18n._("share of residents") == "share of residents"


def test_a_fuzzy_translation_is_not_used_and_a_missing_one_is_reported(french, capsys):
    assert i18n._("old wording") == "old wording"
    exec("from analysis.i18n import _\n_('unknown words')", {"__name__": "analysis.figures.fake"})
    assert "no fr translation for 'unknown words'" in capsys.readouterr().err


def test_a_chapter_string_is_not_reported_while_chapters_are_pending(french, capsys, monkeypatch):
    monkeypatch.setattr(i18n, "PENDING_PAGES", ("book/chapters/01-debate",))
    exec("from analysis.i18n import _\n_('a caption')", {"__name__": "__main__"})
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(i18n, "PENDING_PAGES", ())
    exec("from analysis.i18n import _\n_('a caption')", {"__name__": "__main__"})
    assert "a caption" in capsys.readouterr().err


def test_term_translates_known_labels_and_leaves_names_alone(french, capsys):
    assert i18n.term("share of residents") == "part des résidents"
    assert i18n.term("Saint-Camille") == "Saint-Camille"
    assert i18n.term(12.5) == 12.5
    assert capsys.readouterr().err == ""


def test_languages_are_normalised():
    assert i18n.normalise("fr_CA") == i18n.normalise("fr-CA") == "fr"
    assert i18n.normalise("de") == i18n.normalise(None) == "en"


def test_the_french_catalog_uses_quebec_terms_for_the_statistical_units():
    i18n._catalogs.clear()
    table = i18n.translations("fr")
    assert table["CMA"] == "RMR" and table["CA"] == "AR"
    assert table["Strong MIZ"] == "ZIM forte" and table["No MIZ"] == "Aucune ZIM"
    assert table["CWB 2021"] == "IBC 2021"
    assert table["Index of Remoteness 2021"] == "indice d'éloignement 2021"
    for cell in ("logique technopolitaine", "expérimentation", "reconversion", "exclusion"):
        assert cell not in table or table[cell] == cell  # the talk's cell names stay French in both editions


# --- companion translate mark ----------------------------------------------------------------------------------


def test_mark_wraps_captions_labels_and_fstrings():
    source = (
        'table(frame, [Column("cell", "cell"), Column(("share", c), f"{cell}: share of residents", ".0%")],\n'
        '      caption=f"The matrix ({default.spec.label})", note="Read across.")\n'
    )
    marked, notes = translate.mark_source(source)
    assert not notes
    assert 'Column("cell", _("cell"))' in marked
    assert '_("{cell}: share of residents").format(cell=cell)' in marked.replace("'", '"')
    assert '_("The matrix ({label})").format(label=default.spec.label)' in marked.replace("'", '"')
    assert 'note=_("Read across.")' in marked
    ast.parse(marked)
    again, _ = translate.mark_source(marked)
    assert again == marked  # idempotent


def test_mark_reports_what_it_cannot_rewrite():
    _, notes = translate.mark_source('table(frame, [], caption="a " + label)\n')
    assert notes and "mark it by hand" in notes[0]


# --- the switcher and the cache ---------------------------------------------------------------------------------


def test_the_switcher_leads_to_the_same_page_in_the_other_edition():
    assert languages.other_url("book/glossary", "en", "fr") == "../fr/book/glossary.html"
    assert languages.other_url("book/chapters/01-debate", "fr", "en") == "../../../book/chapters/01-debate.html"
    assert languages.other_url("index", "en", "fr") == "fr/index.html"


def test_each_language_has_its_own_execution_cache():
    data = paths.data_dir().resolve()
    english, french = execution_cache.fingerprint(data), execution_cache.fingerprint(data, language="fr")
    assert english != french
    assert execution_cache.fingerprint(data, language="en") == english


MARKUP = (
    r"\{[a-z:-]+\}`[^`]*`",  # MyST roles: {value}`…`, {numref}`…`, {doc}`…`, {cite:p}`…`, {term}`…`
    r"(?<![{\w])\{[A-Za-z_][\w.]*(?:![rsa])?(?::[^{}]*)?\}",  # str.format placeholders: {value}, {k}, {value:.0f}
    r"%\(\w+\)[sd]|%[sd]",  # printf placeholders
    r"\]\([^)]+\)",  # the target of a Markdown link
    r"\$[^$]+\$",  # inline mathematics
)
"""What a translation must carry over unchanged from its English message."""


def _markup(text: str, math: bool = True) -> list[str]:
    import re

    found = []
    for pattern in MARKUP if math else MARKUP[:-1]:
        found += re.findall(pattern, text)
    return sorted(found)


def _role_targets(text: str) -> list[tuple[str, str]]:
    """The roles of a message and what each points to: ``{doc}`target``` may become
    ``{doc}`texte <target>``` (its text translated, never its target); a glossary term
    (``{term}``) may be the French headword; ``{plural}`result:forms``` is left out: each
    language marks agreement where its grammar needs it (a French past participle, an
    English verb), so a translation may have more or fewer of them (:func:`_plurals_follow_values`
    checks that each agrees with a number of its own sentence)."""
    import re

    found = []
    for role, body in re.findall(r"\{([a-z:-]+)\}`([^`]*)`", text):
        if role == "term":
            found.append((role, "*"))
            continue
        if role == "plural":
            continue
        inner = re.search(r"<([^>]+)>$", body)
        found.append((role, inner.group(1) if inner else body))
    return sorted(found)


def _plurals_follow_values(text: str) -> bool:
    """Whether every ``{plural}`` of a text agrees with a number the same text writes (``{value}`` of that result)."""
    import re

    from analysis.book.ext.numbers import split, split_plural

    values = {split(body)[0] for body in re.findall(r"\{value\}`([^`]*)`", text)}
    return all(split_plural(body)[0] in values for body in re.findall(r"\{plural\}`([^`]*)`", text))


def test_plural_words_agree_with_a_number_of_their_own_sentence():
    assert _plurals_follow_values("{value}`ch6.x` {plural}`ch6.x:est allé|sont allés` à l’étranger")
    assert not _plurals_follow_values("{value}`ch6.y` {plural}`ch6.x:est allé|sont allés` à l’étranger")
    for path in sorted(CATALOGS.rglob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if isinstance(message.id, str) and "{plural}" in message.id + (message.string or ""):
                assert _plurals_follow_values(message.id), (path.name, message.id[:80])
                assert _plurals_follow_values(message.string), (path.name, message.string[:80])


def test_every_translation_keeps_the_roles_placeholders_and_links_of_its_message():
    import re

    problems = []
    for path in sorted(CATALOGS.rglob("*.po")):
        math = path.stem != i18n.CASE_DOMAIN  # the case tables' text is plain text: "$" is a dollar sign there
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            pairs = [(message.id, message.string)]
            if isinstance(message.id, tuple | list):
                pairs = [(message.id[min(i, 1)], s) for i, s in enumerate(message.string)]
            for english, french in pairs:
                if not french:
                    continue
                strip = lambda t: re.sub(r"\{[a-z:-]+\}`[^`]*`", "", t)  # noqa: E731
                changed = _markup(strip(english), math) != _markup(strip(french), math)
                if changed or _role_targets(english) != _role_targets(french) or not _plurals_follow_values(french):
                    problems.append(f"{path.relative_to(CATALOGS)}: {english[:70]!r}")
    assert not problems, "translations that lose or change markup:\n" + "\n".join(problems[:40])


def test_no_chapter_rebinds_the_translation_function():
    """``_`` is :func:`analysis.i18n._` in every chapter: a loop ``for _, row in …`` would make the
    next caption call an integer (and IPython's output cache must not take ``_`` either)."""
    import json

    problems = []
    for notebook in sorted((paths.REPO / "book" / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                    problems.append(f"{notebook.name} cell {number} line {node.lineno}")
    assert not problems, "chapters that rebind _ (use another name):\n" + "\n".join(problems)


# --- the data appendix and the case tables (data.po, case.po) ----------------------------------------------------


def test_a_composed_text_is_its_english_and_is_translated_message_by_message(monkeypatch, tmp_path):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("Decree population in force in {year}", "Population du décret en vigueur en {year}")
    catalog.add("{publisher}, {title}", "{publisher}, {title}")
    catalog.add("Statistics Canada", "Statistique Canada")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    (folder / "data.po").write_bytes(buffer.getvalue())
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._catalogs.clear()
    decree = i18n.Composed("Decree population in force in {year}", year=2024)
    title = i18n.Composed("{publisher}, {title}", publisher=i18n.Composed("Statistics Canada"), title="Q-2024")
    assert decree == "Decree population in force in 2024" and json.loads(json.dumps([decree])) == [decree]
    assert pickle.loads(pickle.dumps(title)).messages() == ["{publisher}, {title}", "Statistics Canada"]
    assert i18n.describe(decree) == decree  # English: the text itself
    i18n.activate("fr")
    try:
        assert i18n.describe(decree) == "Population du décret en vigueur en 2024"
        assert i18n.describe(title) == "Statistique Canada, Q-2024"  # a plain value (a code) is written as it is
        assert i18n.describe("Statistics Canada") == "Statistique Canada"
    finally:
        i18n.activate(None)
        i18n._catalogs.clear()


def _french_page_text(nodes_: list) -> tuple[str, str]:
    """The words of rendered nodes, and the same without code (names of columns, codes, paths)."""
    from docutils import nodes

    everything, words = [], []
    for node in nodes_:
        for text in node.findall(nodes.Text):
            everything.append(str(text))
            if not isinstance(text.parent, nodes.literal):
                words.append(str(text))
    return " ".join(everything), " ".join(words)


ENGLISH_VARIANTS = (
    r"\bCMA\b",
    r"\bCAs?\b(?![-\w])",
    r"\bMIZ\b",
    r"Index of Remoteness",
    r"\bCWB\b",
    r"Community Well-Being",
    r"regional county municipality",
    r"equivalent territory",
    r"unorgani[sz]ed territory",
    r"\b(the|and|of|with|when|required|vintage|source:|key:)\b",
)
"""English that must not reach the French appendix (the terms of ``tests/book/test_french.py::TERMINOLOGY``, and
common English words)."""


def test_the_french_data_appendix_writes_every_description_in_french(capsys):
    from analysis.book.ext import datapackage as page

    package = page.described_package()
    english_text, _ = _french_page_text(page.render(package))
    i18n.activate("fr")
    try:
        text, words = _french_page_text(page.render(package))
    finally:
        i18n.activate(None)
    assert "companion-i18n" not in capsys.readouterr().err  # every text has its translation in data.po
    assert "Population selon le décret de population du gouvernement du Québec en vigueur en 20" in text
    assert "Indice d'éloignement 2016" in text and "Source\u202f:" in text
    for table in package["resources"]:  # codes, columns and paths are the same in both editions
        assert table["path"] in text and all(f["name"] in text for f in table["schema"]["fields"])
    words = re.sub(r"\S*_\S*", "", words)  # codes written in a description (census_<year>, join_status)
    found = [pattern for pattern in ENGLISH_VARIANTS if re.search(pattern, words, re.I if "the" in pattern else 0)]
    assert not found, found
    assert text != english_text


def test_the_data_catalog_extracts_descriptions_that_only_some_data_folders_have():
    messages = set(translate.data_template()._messages)
    assert any("{year}" in m and "decree" in m for m in messages)  # pop_decree_<year>: one per register export
    assert any("Index of Remoteness {year}" in m for m in messages)  # a later edition of the index
    assert any("98-401-X2021005" in m for m in messages)  # an optional Census Profile measure


def test_every_free_text_of_the_case_tables_has_its_french():
    from analysis.data import load
    from analysis.data.schemas import CASE_TEXT

    i18n._catalogs.clear()
    table = i18n.translations("fr", i18n.CASE_DOMAIN)
    missing = []
    for name, columns in CASE_TEXT.items():
        frame = load.case(name)
        for column in columns:
            missing += [f"{name}.{column}: {v[:60]!r}" for v in frame[column].dropna().unique() if v not in table]
    assert not missing, missing[:10]
    assert table["Township municipality erected"] == "Érection de la municipalité de canton"
    assert table["Mayor of Saint-Camille"] == "Maire de Saint-Camille"


def test_tables_and_chart_tooltips_show_the_case_text_in_french():
    import altair as alt

    from analysis.data import load
    from analysis.figures.charts.base import translate_categories
    from analysis.figures.tables import Column, table

    timeline = load.case("timeline").head(3)
    english = timeline["event"].iloc[1]
    i18n.activate("fr")
    try:
        french = i18n.case_text(timeline["event"])
        shown = table(timeline, [Column("event", "événement"), Column("year", "année", "year")]).cell_text(
            english, "text", "fr_CA"
        )
        chart = alt.Chart(timeline).mark_point().encode(x="year:Q", tooltip=[alt.Tooltip("event:N")])
        values = translate_categories(chart).to_dict(validate=False)["datasets"]
    finally:
        i18n.activate(None)
    assert french.iloc[1] != english and shown == french.iloc[1] == "Érection de la municipalité de canton"
    assert french.index.equals(timeline.index) and i18n.case_text(english) == english  # English: unchanged
    rows = next(iter(values.values()))
    assert {row["event"] for row in rows} == set(french)


def test_texts_that_only_look_like_printf_formats_are_not_checked_as_formats():
    """``msgfmt --check-format`` would require "25 % sample" to keep its "% s" in French: such texts are
    ``no-python-format``, and no catalog keeps Babel's ``python-format`` beside it."""
    both = []
    for path in sorted(CATALOGS.rglob("*.po")):
        both += [
            f"{path.name}: {line}"
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#, ")
            and "no-python-format" in line
            and " python-format" in line.replace("no-python-format", "")
        ]
    assert not both, both[:5]
    flagged = [m.id for m in translate.case_template() if m.id and "no-python-format" in m.flags]
    assert any("40 % owned" in m for m in flagged)


def test_words_the_package_composes_for_the_chapters_are_french_in_the_french_edition():
    import altair as alt
    import pandas as pd

    from analysis.analyses import conditions
    from analysis.analyses.matrix import Specification
    from analysis.figures import charts
    from analysis.figures.charts.matrix import spec_short_label

    spec = Specification("remoteness_2021", "long_commutes", "weighted")
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q").to_dict()
    assert spec_short_label(spec) == "remoteness 2021 × long commutes, weighted"
    assert 'aria-roledescription="chart"' in charts.html(chart)
    concordance = conditions.concordance()  # the talk's condition, and its two parts for another language
    first = concordance.iloc[0]
    assert first["talk_condition"] == f"{first['condition_number']}. {first['condition_short']}"
    assert concordance["condition_number"].isna().tolist() == [False] * 4 + [True]
    i18n.activate("fr")
    try:
        assert spec_short_label(spec) == "éloignement 2021 × longs trajets, médiane pondérée"
        assert spec_short_label(Specification(), rule=False) == "CSS × scolarité"
        assert 'aria-roledescription="graphique"' in charts.html(chart) and '"chart"' not in charts.html(chart)
        assert i18n.term(conditions.SECTORS[0]) == "communauté locale"
    finally:
        i18n.activate(None)


def test_french_pages_write_the_typographic_apostrophe():
    """A straight apostrophe next to markup (``l'*expérimentation*``) becomes a closing quote
    (``l”``) through Sphinx's smart quotes: the page catalogs write ’ outside code and roles
    (a glossary headword, which roles cite as written, may keep its straight one)."""
    import re

    protect = re.compile(r"\{[a-z:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|https?://\S+|\$[^$]+\$")
    problems = []
    for path in sorted((CATALOGS / "book").rglob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            text = message.string if isinstance(message.string, str) else ""
            if text and text != message.id and "'" in protect.sub("", text):
                problems.append(f"{path.relative_to(CATALOGS)}: {text[:60]!r}")
    assert not problems, "\n".join(problems[:20])


NOT_PROSE = re.compile(
    r"\{[\w:-]+\}`[^`]*`"  # a role and its target ({value}`ch4.x:.1f`, {numref}`…`)
    r"|``[^`]*``|`[^`]*`"  # code
    r"|\*[^*\s][^*]*\*"  # emphasis: a title as published (*Social Economy as a Base…: A Methodological…*)
    r"|https?://\S+|\b\w+://\S*"  # addresses
    r"|\]\([^)]*\)|<[^>]+>"  # link targets, HTML tags
    r"|\{[^{}\s]*\}"  # placeholders ({guide}, {title})
    r"|:[\w-]+:(?=\s|$)"  # directive options
)
"""What the French typography check leaves out of a message: markup, code, addresses, titles as published."""
FRENCH_PUNCTUATION = re.compile(r"(?<=[^\s\u202f\u00a0])[;:?!](?=\s|$|[»)])|(?<=[^\u202f\u00a0\s]) [;:?!](?=\s|$)")
"""« ; », « : », « ? », « ! » without the narrow no-break space (U+202F) the French edition puts before them."""


def french_punctuation_faults(messages) -> list[str]:
    faults = []
    for where, message in messages:
        if not message.id or message.string == message.id:  # a name or a title kept as published
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for text in strings:
            text = NOT_PROSE.sub(" ", text or "")
            faults += [
                f"{where}: …{text[max(0, m.start() - 40) : m.end() + 10]!r}" for m in FRENCH_PUNCTUATION.finditer(text)
            ]
    return faults


def test_the_french_catalogs_put_a_narrow_space_before_high_punctuation():
    messages = []
    for path in sorted((paths.REPO / "locales" / "fr" / "LC_MESSAGES").rglob("*.po")):
        with path.open("rb") as handle:
            messages += [(path.name, m) for m in read_po(handle)]
    assert len(messages) > 3000
    faults = french_punctuation_faults(messages)
    assert not faults, "\n".join(faults)
    catalog = read_po(io.BytesIO(b'msgid "a; b: c?"\nmsgstr "a; b : c ?"\n'))
    assert len(french_punctuation_faults([("test", m) for m in catalog])) == 3  # the check finds each kind


def test_a_language_used_for_a_block_is_left_behind_it():
    """The handout prints in French inside the test process; later code must write English again."""
    from analysis import i18n

    before = i18n.language()
    with i18n.using("fr") as inside:
        assert inside == "fr" and i18n.language() == "fr"
    assert i18n.language() == before
    try:
        with i18n.using("fr"):
            raise RuntimeError("the block fails")
    except RuntimeError:
        pass
    assert i18n.language() == before


@pytest.mark.parametrize(
    ("text", "elided"),
    [
        ("Axe vertical : de endogène à mixte", "Axe vertical : d’endogène à mixte"),
        ("Période : de avant 1970 à année non publiée", "Période : d’avant 1970 à année non publiée"),
        ("De Asbestos à Sherbrooke", "D’Asbestos à Sherbrooke"),
        ("de 1970 à 2020", "de 1970 à 2020"),
        ("de haut en bas", "de haut en bas"),  # an h may be aspirated: left alone
        ("la école, le arbre, que il, jusque à", "l’école, l’arbre, qu’il, jusqu’à"),
        ("de l’eau, des années", "de l’eau, des années"),
    ],
)
def test_french_elision_is_made_where_a_value_begins_with_a_vowel(text, elided):
    assert i18n.elide(text, "fr") == elided
    assert i18n.elide(text, "en") == text


def test_chart_guides_are_described_with_french_elision():
    """A continuous axis from "endogène" or "avant 1970" is "d’endogène", "d’avant 1970"."""
    import xml.etree.ElementTree as ET

    from analysis.figures.charts import drawing

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="role-axis" aria-label="Y-axis for a'
        ' linear scale with values from 0 to 2"><g class="role-axis-label"><text>endogène</text><text>mixte</text>'
        "</g></g></svg>"
    )
    with i18n.using("fr"):
        root = ET.fromstring(svg)
        drawing.describe_guides(root)
    label = root.find("{http://www.w3.org/2000/svg}g").get("aria-label")
    assert "d’endogène à mixte" in label, label
