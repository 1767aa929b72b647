"""Sphinx extension: the bibliography labelled the way the text cites (author, year).

The text cites with sphinxcontrib-bibtex's ``author_year`` reference style ("(Alasia
*et al.*, 2017)"), but the list of references took its labels from pybtex's ``alpha``
style (``[ABB+17]``, ``[IndigenousSCanada24]``), so a reader could not match a citation to
its entry. This extension registers a pybtex label style that writes the same author-year
label as the citation (one author: "Arsenault, 2018"; two: "Woolcock and Narayan, 2000";
three or more: "Alasia et al., 2017"; an organisation by its name; the editors when there
is no author), with "a", "b"… after the year when two entries would share a label, and a
formatting style, ``companion``, that is pybtex's ``unsrt`` with those labels, sorted by
author, year and title. ``_config.yml`` selects it with ``bibtex_default_style: companion``.

Titles keep the case they have in ``book/references.bib``, where proper nouns are braced
(``{Québec}``, ``{Saint-Camille}``) so that styles which lower-case titles keep them.

**The French edition.** pybtex writes its own words into the entries ("and", "editor",
"Technical Report", "Master's thesis", "In", "pages", the month as the ``.bib`` gives it);
``companion-fr`` (:class:`CompanionFrenchStyle`, chosen by the edition's language instead of
``companion``) is the same style with those words taken from ``companion.po``
(:data:`STYLE_WORDS`, through :mod:`analysis.i18n`), the names joined the French way
("A, B et C") and the month named in French (Babel). The fields the book itself wrote in
``references.bib`` (:data:`BOOK_FIELDS`: the ``note`` of an entry, the ``howpublished`` of an
unpublished document, a ``year`` that is not a year, such as "c. 2008--2010" or "n.d.") are translated by ``companion.po`` too
(:func:`translate_book_fields`, before any citation or entry is written, so that the labels,
the citations in the text, their tooltips and the list agree); ``companion translate
update`` extracts them (:func:`book_field_messages`). Titles, journals, publishers,
institutions and series stay as published. The English edition is pybtex's ``unsrt``,
unchanged but for an unpublished document, whose date follows what it is (``howpublished``)
rather than the book's note (:meth:`CompanionStyle.get_unpublished_template`).

References
----------
sphinxcontrib-bibtex, "Custom formatting, sorting, and labelling".
https://sphinxcontrib-bibtex.readthedocs.io/en/latest/usage.html
pybtex, "Formatting styles" (the template language). https://docs.pybtex.org/api/styles.html
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_lowercase

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style import FormattedEntry, template
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting
from pybtex.style.template import Node, names, optional, optional_field, sentence
from sphinxcontrib.bibtex import plugin as bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from analysis import i18n
from analysis.book.ext.search import fold
from analysis.formats import locale_for
from analysis.i18n import N_, _

AND = N_("and")
"""The word between the last two names (labels, citations and entries): "et" in French."""
NO_DATE = N_("n.d.")
"""The year of an entry without one (its label)."""

STYLE_WORDS = (
    AND,
    # Translators: after the names of a book's editors (one editor).
    N_("editor"),
    # Translators: after the names of a book's editors (several editors).
    N_("editors"),
    N_("Volume"),
    N_("volume"),
    # Translators: "Volume 3 of <series>".
    N_("of"),
    N_("Number"),
    N_("number"),
    # Translators: "Number 38 in <series>".
    N_("in"),
    N_("chapter"),
    # Translators: before a page range of an article or a chapter ("pages 23–42").
    N_("pages"),
    N_("edition"),
    # Translators: before the book in which a chapter or a paper appeared ("In <book>").
    N_("In"),
    N_("Master's thesis"),
    N_("PhD thesis"),
    N_("Technical Report"),
    # Translators: before a web address (French typography: a no-break space before the colon).
    N_("URL:"),
    # Translators: "(visited on <date>)" after a web address.
    N_("visited on"),
)
"""The words pybtex's ``unsrt`` style writes into entries, translated in the French edition."""

BOOK_FIELDS = ("note", "year", "howpublished")
"""Fields of ``references.bib`` that the book wrote (a ``year`` only when it is not a plain year, a
``howpublished`` only in an ``@unpublished`` entry: see :func:`book_written`)."""
BIBLIOGRAPHY = "book/references.bib"
"""The book's bibliography, relative to the repository (``bibtex_bibfiles`` in ``_config.yml``)."""
STYLES = {"fr": "companion-fr"}
"""The formatting style of each translated edition, instead of ``companion``."""


def _and() -> str:
    return _(AND)


def _last_name(person) -> str:
    return " ".join(part.replace("{", "").replace("}", "") for part in person.prelast_names + person.last_names)


def author_year_label(entry) -> str:
    """The author-year label of a pybtex entry, as the text cites it ("Alasia et al., 2017").

    Parameters
    ----------
    entry : pybtex.database.Entry

    Returns
    -------
    str
        Last names of the authors (else of the editors; two joined by "and", "et" in the
        French edition), then ", " and the year ("n.d." when there is none).
    """
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_last_name(p) for p in people]
    if not names:
        who = entry.fields.get("organization", entry.key)
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} {_and()} {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = entry.fields.get("year", _(NO_DATE)).replace("--", "–")
    return f"{who}, {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """pybtex label style: :func:`author_year_label`, with "a", "b"… when two labels would be equal."""

    def format_labels(self, sorted_entries):
        labels = [author_year_label(entry) for entry in sorted_entries]
        counts = Counter(labels)
        seen: Counter = Counter()
        for label in labels:
            if counts[label] > 1:
                suffix = ascii_lowercase[seen[label] % 26]
                seen[label] += 1
                yield label + suffix
            else:
                yield label


def collation_key(text: str) -> str:
    """``text`` as a reader sorts it: without BibTeX's braces, accents and case ("Béïque" → "beique").

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        The key: braces removed, accents dropped and ligatures spelled out as the search
        folds them (:func:`analysis.book.ext.search.fold`), case folded. "Béïque" sorts before "Bouchard", "{Indigenous Services Canada}"
        under I, as a French or an English reader expects.

    References
    ----------
    Unicode Standard Annex #15, Unicode Normalization Forms (NFKD).
    """
    return fold(text.replace("{", "").replace("}", "")).casefold()


class CollationSortingStyle(AuthorYearTitleSorting):
    """pybtex's ``author_year_title`` sorting on :func:`collation_key`s (accents and case ignored).

    pybtex compares the names as they are written: an accented letter sorts after "z"
    ("Béïque" after "Bouchard") and an organisation, braced in the ``.bib`` file
    (``{{Statistics Canada}}``), after every person.
    """

    def sorting_key(self, entry):
        author, year, title = super().sorting_key(entry)
        return (collation_key(author), year, collation_key(title))


class CompanionStyle(UnsrtStyle):
    """pybtex's ``unsrt`` formatting with author-year labels, sorted by author, year and title (:class:`CollationSortingStyle`).

    A month given as a number (``month = {5}``) is written as its name ("May"), which pybtex
    would print as the number ("5 2015").
    """

    default_label_style = "companion-author-year"
    default_sorting_style = "companion-collation"

    def get_unpublished_template(self, e):
        """An unpublished document: author, title, what it is with its date, then the book's note.

        ``unsrt`` writes the date after the note ("… please do not quote without
        permission”, c. 2008–2010."), so that a long note separates the document from its
        date; here the date follows ``howpublished`` (what the document is, "Slide
        presentation, …"), and the note comes last as its own sentence.
        """
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[optional_field("howpublished"), optional[date]],
            optional[sentence[template.field("note")]],
            self.format_web_refs(e),
        ]

    def format_entry(self, label, entry, bib_data=None):
        if "month" not in entry.fields:
            return super().format_entry(label, entry, bib_data)
        fields = dict(entry.fields)
        fields["month"] = month_name(fields["month"], i18n.SOURCE_LANGUAGE)
        shown = Entry(entry.type, fields=fields, persons=entry.persons)
        shown.key = entry.key
        return super().format_entry(label, shown, bib_data)


_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def translate_word(text: str) -> str:
    """A literal of a pybtex template in the active language when it is one of :data:`STYLE_WORDS`.

    Parameters
    ----------
    text : str
        A literal such as ``"pages"``, ``"Technical Report"``, ``"URL:"`` or ``" (visited on "``
        (the spaces and brackets around a word are kept).

    Returns
    -------
    str
        The translation (``_()``), or ``text`` unchanged when it holds no style word
        (punctuation, separators).
    """
    if text in STYLE_WORDS:
        return _(text)
    before, core, after = _EDGES.match(text).groups()
    if core in STYLE_WORDS:
        return before + _(core) + after
    return text


def translate_template(template):
    """A copy of a pybtex template whose literal words are translated (:func:`translate_word`).

    Only the template's literal texts (its children that are strings) are translated; the
    arguments of its nodes (field names such as ``field("pages")``, tags) are left alone.

    Parameters
    ----------
    template : pybtex.style.template.Node or str

    Returns
    -------
    pybtex.style.template.Node or str
    """
    if isinstance(template, str):
        return translate_word(template)
    if not isinstance(template, Node):
        return template
    copy = template._clone()
    copy.children = [translate_template(child) for child in template.children]
    return copy


def month_name(month: str, language: str) -> str:
    """The name of a month in ``language`` from a ``month`` field (``"5"``, ``"May"``, ``"may"``).

    Parameters
    ----------
    month : str
    language : str

    Returns
    -------
    str
        The month's name in the language's locale (Babel: ``"mai"`` in French), or ``month``
        itself when it is not a month.
    """
    from babel.dates import get_month_names

    english = {name.lower(): number for number, name in get_month_names("wide", locale="en_CA").items()}
    english |= {
        name.lower().rstrip("."): number for number, name in get_month_names("abbreviated", locale="en_CA").items()
    }
    text = month.strip()
    number = int(text) if text.isdigit() else english.get(text.lower().rstrip("."))
    if number is None or not 1 <= number <= 12:
        return month
    return get_month_names("wide", locale=locale_for(language))[number]


class CompanionFrenchStyle(CompanionStyle):
    """:class:`CompanionStyle` in French: pybtex's words from ``companion.po``, "A, B et C", months in French.

    Chosen instead of ``companion`` by the French edition (:data:`STYLES`). The words come
    from the active language's catalog (:func:`translate_template`), so the same class
    would serve another language with its own catalog.
    """

    def format_names(self, role, as_sentence=True):
        word = f" {_(AND)} "
        formatted = names(role, sep=", ", sep2=word, last_sep=word)
        return sentence[formatted] if as_sentence else formatted

    def format_entry(self, label, entry, bib_data=None):
        fields = dict(entry.fields)
        if "month" in fields:
            fields["month"] = month_name(fields["month"], i18n.language())
        shown = Entry(entry.type, fields=fields, persons=entry.persons)
        shown.key = entry.key
        template = translate_template(getattr(self, f"get_{entry.type}_template")(shown))
        text = template.format_data({"entry": shown, "style": self, "bib_data": bib_data})
        return FormattedEntry(entry.key, text, label)


def book_written(name: str, value: str, kind: str = "") -> bool:
    """Whether a field of ``references.bib`` is text the book wrote (to translate), not a published record.

    Parameters
    ----------
    name : str
        The field's name.
    value : str
        Its text as written in the ``.bib`` file.
    kind : str, optional
        The entry's type (``"unpublished"``, ``"misc"``…).

    Returns
    -------
    bool
        True for a ``note``; for the ``howpublished`` of an ``@unpublished`` entry (the
        book's description of a document that has no publisher, "Slide presentation, …";
        that of a ``@misc`` entry names a publisher and stays as published); and for a
        ``year`` that is not a year or a range of years (``"c. 2008--2010"``, ``"n.d."``).
    """
    if name == "note" or (name == "howpublished" and kind.lower() == "unpublished"):
        return bool(value.strip())
    if name == "year":
        return not re.fullmatch(r"\d{4}(\s*-+\s*\d{4})?", value.strip())
    return False


def book_field_messages(bibliography: Path | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """The texts the book wrote in ``references.bib`` (:func:`book_written`), for ``companion.po``.

    Parameters
    ----------
    bibliography : pathlib.Path, optional
        The ``.bib`` file (default the book's, :data:`BIBLIOGRAPHY`).

    Yields
    ------
    (str, str, list of str)
        The file, the text as written in it (BibTeX: braces keep proper nouns, ``--`` is an
        en dash, ````…''`` are quotes) and a comment naming the entry and the field.
    """
    from pybtex.database import parse_file

    from analysis.data import paths

    path = bibliography or paths.REPO / BIBLIOGRAPHY
    data = parse_file(str(path), bib_format="bibtex")
    for key, entry in data.entries.items():
        for name in BOOK_FIELDS:
            value = entry.fields.get(name)
            if value is not None and book_written(name, value, entry.type):
                yield BIBLIOGRAPHY, value, [f"{BIBLIOGRAPHY}: {key}.{name} (BibTeX: keep the braces, -- is a dash)"]


def translate_book_fields(entries, shown: dict) -> int:
    """Write the fields the book wrote (:func:`book_written`) in the active language, in place.

    Parameters
    ----------
    entries : mapping of str → pybtex.database.Entry
        The parsed bibliography (sphinxcontrib-bibtex's, shared by the citations and the list).
    shown : dict
        ``(key, field)`` → ``(English, translation)`` of an earlier call, kept with the
        parsed bibliography: a field that still holds the translation is first put back
        in English, so that an edition built again (or with a changed catalog) starts
        from the source.

    Returns
    -------
    int
        The number of fields translated.
    """
    count = 0
    for key, entry in entries.items():
        for name in BOOK_FIELDS:
            value = entry.fields.get(name)
            if value is None:
                continue
            english, translation = shown.get((key, name), (None, None))
            if translation is not None and value == translation:
                value = english
            if not book_written(name, value, entry.type):
                continue
            entry.fields[name] = _(value)
            shown[(key, name)] = (value, entry.fields[name])
            count += 1
    return count


def _person_style() -> PersonStyle:
    word = _and()
    return PersonStyle(sep2=f" {word} ", last_sep=f", {word} " if word == "and" else f" {word} ")


@dataclass
class CompanionReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year citations, with "and" between two authors in the
    language of the edition ("Woolcock and Narayan, 2000"; "Woolcock et Narayan, 2000")."""

    person: PersonStyle = field(default_factory=_person_style)


bibtex_plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "companion_author_year", CompanionReferenceStyle, force=True
)
register_plugin("pybtex.style.labels", "companion-author-year", AuthorYearLabelStyle, force=True)
register_plugin("pybtex.style.formatting", "companion", CompanionStyle, force=True)
register_plugin("pybtex.style.sorting", "companion-collation", CollationSortingStyle, force=True)


register_plugin("pybtex.style.formatting", STYLES["fr"], CompanionFrenchStyle, force=True)


def config_inited(app, config) -> None:
    """A translated edition formats its list with its own style (:data:`STYLES`)."""
    language = i18n.normalise(config.language)
    if config.bibtex_default_style == "companion" and language in STYLES:
        config.bibtex_default_style = STYLES[language]


def builder_inited(app) -> None:
    """In a translated edition, translate the fields the book wrote once sphinxcontrib-bibtex has read the file."""
    if i18n.normalise(app.config.language) == i18n.SOURCE_LANGUAGE:
        return
    if "cite" not in app.env.domains:  # sphinxcontrib-bibtex is not loaded (a project without citations)
        return
    domain = app.env.get_domain("cite")
    shown = domain.data.setdefault("companion_book_fields", {})
    translate_book_fields(domain.bibdata.data.entries, shown)


def citing_backrefs(doctree) -> int:
    """Point each entry of a page's bibliography back to the citations of that page that cite it.

    A translated page (Sphinx i18n) is parsed twice, in English and then in its language, and
    the entries of the references page came out with back-links gathered from both parses,
    some pointing to the citations of *other* works ("Champagne, 2008 (1, 2, 3)", two of them
    to a citation of Klein et al.). The back-links are written again from the page as built:
    the ids of the citations (``bibtex-citation``) holding a link to the entry, in page order.

    Parameters
    ----------
    doctree : docutils.nodes.document
        A resolved page; changed in place.

    Returns
    -------
    int
        The number of entries whose back-links changed.
    """
    from docutils import nodes

    citing: dict[str, list[str]] = {}
    for span in doctree.findall(nodes.inline):
        if "bibtex-citation" not in span.get("classes", []) or not span.get("ids"):
            continue
        for link in span.findall(nodes.reference):
            target = link.get("refid")
            if target and span["ids"][0] not in citing.setdefault(target, []):
                citing[target].append(span["ids"][0])
    changed = 0
    for entry in doctree.findall(nodes.citation):
        backrefs = [ref for key in entry.get("ids", []) for ref in citing.get(key, [])]
        if entry.get("backrefs", []) != backrefs:
            entry["backrefs"] = backrefs
            changed += 1
    return changed


def doctree_resolved(app, doctree, docname) -> None:
    citing_backrefs(doctree)


def setup(app):
    app.connect("config-inited", config_inited, priority=600)
    app.connect("builder-inited", builder_inited, priority=600)
    app.connect("doctree-resolved", doctree_resolved, priority=900)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
