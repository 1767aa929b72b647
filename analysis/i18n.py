"""Strings made in Python, in the reader's language: one gettext catalog for the package and the chapters' code.

The prose of the book is translated by Sphinx from its own catalogs (one per page); the
words that Python writes — chart titles, axes, legends and tooltips, map legends and
popups, table headers and notes, figure captions and alt text, labels of categories
that come from the data (``"Moderate MIZ"``), the words of the Sphinx extensions — go
through this module::

    from analysis.i18n import _, ngettext

    Caption(title=_("Well-being falls from the metropolitan centre to the periphery"), ...)
    _("{count} municipalities").format(count=n)          # placeholders, never f-strings
    ngettext("{n} place", "{n} places", n).format(n=n)

* **Catalog.** ``locales/<language>/LC_MESSAGES/companion.po`` (GNU gettext PO, next to
  the Sphinx catalogs of the pages), read with Babel the first time a string is asked for
  in a process: no compiled file can go stale. A *fuzzy* entry (its English changed since
  it was translated) is not used, as ``msgfmt`` would not use it: the English is shown
  until a translator reviews it.
* **Language.** :func:`activate`, else ``$COMPANION_LANG`` (set by ``companion book --lang``
  for the Sphinx process and so for the kernels that execute the chapters), else English.
  The book's source language is English: in English every function returns its message.
* **Extraction.** ``companion translate update`` (:mod:`analysis.book.translate`) finds
  the messages with Babel: every ``_()``, ``N_()`` and ``ngettext()`` of the package and
  of the chapters' code cells, and the data labels that the analyses define.
* **Two more catalogs** for text that is not made by the package's code but read from
  files: ``data.po`` (:data:`DATA_DOMAIN`), the descriptions of the data package that the
  appendix *Data and licences* shows (:func:`describe`, with :class:`Composed` for the
  descriptions made from a message and values, such as a decree year), and ``case.po``
  (:data:`CASE_DOMAIN`), the free text of the curated Saint-Camille case tables
  (``data/case/*.csv``: events, descriptions, roles, notes), applied by the figures to the
  text cells of tables and the categories of charts (:func:`case_text`). The data files
  themselves stay English.
* **Nothing shown untranslated by accident.** In a language other than English, a
  message of the package (a caller in ``analysis.*``) that has no translation is reported
  on standard error (:data:`UNTRANSLATED`), once per message and process: in a chapter's
  kernel that is an error of the book build (``stderr_output: error``), naming the
  string. :func:`term` is for text that may or may not be a known label (a cell of a table
  can hold a municipality's name or a SAC class): it translates what the catalog knows
  and leaves the rest as it is, silently.

References
----------
GNU gettext manual, "PO Files" and "Fuzzy Entries".
https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html
Babel, ``babel.messages.pofile.read_po``. https://babel.pocoo.org/en/latest/api/messages/pofile.html
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

LANGUAGES = ("en", "fr")
"""The languages of the book; English is the source language."""
SOURCE_LANGUAGE = "en"
DOMAIN = "companion"
"""The catalog of the strings made in Python (``locales/<language>/LC_MESSAGES/companion.po``)."""
DATA_DOMAIN = "data"
"""The catalog of the data package's descriptions shown in the appendix (``data.po``, :func:`describe`)."""
CASE_DOMAIN = "case"
"""The catalog of the case tables' free text (``case.po``, :func:`case_text`)."""
DOMAINS = (DOMAIN, DATA_DOMAIN, CASE_DOMAIN)
ENVIRONMENT = "COMPANION_LANG"
"""The environment variable that chooses the language (``companion book --lang`` sets it)."""
UNTRANSLATED = "companion-i18n: no {language} translation for {message!r} (asked by {origin}); add it to {catalog}"
"""The report of a package message shown untranslated (standard error, once per message)."""

PENDING_PAGES: tuple[str, ...] = ()
"""Pages whose French translation is pending (their English is being rewritten).

Their catalogs are generated and kept up to date, but their messages may be
untranslated or fuzzy: ``tests/unit/test_translations.py`` enforces every other catalog.
While this tuple is not empty, a string of a chapter's code cell (a caption or a column
label passed from the chapter) may also be shown untranslated without a report. Empty it
once the chapters are translated: every catalog is then enforced, and every string a
chapter passes must be translated."""

_active: str | None = None
_catalogs: dict[tuple[str, str], tuple[float, dict]] = {}
_reported: set[tuple[str, str]] = set()


def _repository() -> Path:
    """The repository (holding ``locales/``): the same rule as :mod:`analysis.data.paths`."""
    explicit = os.environ.get("COMPANION_REPO")
    if explicit:
        return Path(explicit).resolve()
    source = Path(__file__).resolve().parents[1]  # analysis/i18n.py -> the checkout
    if (source / "_config.yml").is_file():
        return source
    return Path.cwd().resolve()


LOCALES = _repository() / "locales"
"""Where every catalog lives: ``locales/<language>/LC_MESSAGES/`` (the Sphinx pages' and ``companion.po``)."""


def normalise(language: str | None) -> str:
    """A language of the book from a code such as ``"fr"``, ``"fr_CA"`` or ``"fr-CA"`` (English otherwise).

    Parameters
    ----------
    language : str or None

    Returns
    -------
    str
        One of :data:`LANGUAGES`.
    """
    short = (language or SOURCE_LANGUAGE).replace("-", "_").split("_")[0].lower()
    return short if short in LANGUAGES else SOURCE_LANGUAGE


def language() -> str:
    """The language strings are written in: :func:`activate`'s, else ``$COMPANION_LANG``, else English.

    Returns
    -------
    str
        One of :data:`LANGUAGES`.
    """
    return _active or normalise(os.environ.get(ENVIRONMENT))


def activate(code: str | None) -> str:
    """Write strings in ``code`` from now on in this process (None: back to ``$COMPANION_LANG``).

    Parameters
    ----------
    code : str or None
        A language code (``"fr"``, ``"fr_CA"``); one the book does not have is English.

    Returns
    -------
    str
        The language now active.
    """
    global _active
    _active = None if code is None else normalise(code)
    return language()


@contextlib.contextmanager
def using(code: str | None) -> Iterator[str]:
    """Write strings in ``code`` inside a ``with`` block, then go back to the language before.

    Parameters
    ----------
    code : str or None
        As for :func:`activate`.

    Yields
    ------
    str
        The language active inside the block.
    """
    global _active
    before = _active
    try:
        yield activate(code)
    finally:
        _active = before


def catalog_path(code: str, domain: str = DOMAIN) -> Path:
    """The catalog of a language: ``companion.po``, or the catalog of another of :data:`DOMAINS`.

    Parameters
    ----------
    code : str
    domain : str, default :data:`DOMAIN`

    Returns
    -------
    pathlib.Path
    """
    return LOCALES / normalise(code) / "LC_MESSAGES" / f"{domain}.po"


def translations(code: str, domain: str = DOMAIN) -> dict:
    """The usable translations of a language: msgid (or ``(singular, plural)``) → msgstr (or a tuple of forms).

    Untranslated and fuzzy entries are left out. The catalog is read again when its file
    changes.

    Parameters
    ----------
    code : str
    domain : str, default :data:`DOMAIN`
        One of :data:`DOMAINS`.

    Returns
    -------
    dict
        Empty for English or when the catalog does not exist.
    """
    code = normalise(code)
    path = catalog_path(code, domain)
    if code == SOURCE_LANGUAGE or not path.exists():
        return {}
    stamp = path.stat().st_mtime
    cached = _catalogs.get((code, domain))
    if cached and cached[0] == stamp:
        return cached[1]
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    table = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(form for form in (message.string or ()) if form)
            if forms:
                table[tuple(message.id)] = forms
        elif message.string:
            table[message.id] = message.string
    _catalogs[(code, domain)] = (stamp, table)
    return table


def _origin(depth: int) -> str:
    try:
        return sys._getframe(depth + 1).f_globals.get("__name__", "?")
    except ValueError:
        return "?"


def _report(message: str, code: str, origin: str, domain: str = DOMAIN) -> None:
    """Report a message shown untranslated: always for the package's, for chapters' once translations are due."""
    if not origin.startswith("analysis.") and PENDING_PAGES:
        return
    if (code, message) in _reported:
        return
    _reported.add((code, message))
    text = UNTRANSLATED.format(language=code, message=message, origin=origin, catalog=catalog_path(code, domain))
    print(text, file=sys.stderr)


def gettext(message: str) -> str:
    """``message`` in the active language (:func:`language`).

    Parameters
    ----------
    message : str
        The English text, with ``{name}`` placeholders to fill with :meth:`str.format`
        after translation.

    Returns
    -------
    str
        The translation, or ``message`` in English or when the catalog has no usable
        translation (reported on standard error, see the module's docstring).
    """
    code = language()
    if code == SOURCE_LANGUAGE or not message:
        return message
    found = translations(code).get(message)
    if found is None:
        _report(message, code, _origin(1))
        return message
    return found


_ = gettext


def plural_index(n: float, code: str | None = None) -> int:
    """Which form a count takes: 0 for the singular ("one"), 1 for the plural ("other").

    The Unicode CLDR plural rules of the book's languages, for counts: English uses the
    singular for 1 only; French for 0 and 1 (« 0 lieu », « 1 lieu », « 2 lieux »).

    Parameters
    ----------
    n : int or float
        The count.
    code : str, optional
        The language (default the active one, :func:`language`).

    Returns
    -------
    int
        0 or 1.

    References
    ----------
    Unicode CLDR, "Language Plural Rules". https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html
    """
    if normalise(code or language()) == "fr":
        return 0 if abs(n) < 2 else 1
    return 0 if n == 1 else 1


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the active language.

    Parameters
    ----------
    singular, plural : str
        The English forms (``"{n} place"``, ``"{n} places"``).
    n : int

    Returns
    -------
    str
        The form for ``n`` (French uses the singular for 0 and 1, English for 1 only).
    """
    code = language()
    english = (singular, plural)[plural_index(n, SOURCE_LANGUAGE)]
    if code == SOURCE_LANGUAGE:
        return english
    forms = translations(code).get((singular, plural))
    if forms is None:
        _report(singular, code, _origin(1))
        return english
    return forms[0] if plural_index(n, code) == 0 else forms[-1]


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (a constant translated where it is shown).

    Parameters
    ----------
    message : str

    Returns
    -------
    str
        ``message`` itself.
    """
    return message


def term(value: object) -> object:
    """A text that may be a known label, in the active language; anything else unchanged, silently.

    For values from the data shown as they are (a table's text cell, a category of a
    chart): a SAC class or a measure's label is translated, a municipality's name is not
    in the catalog and stays as it is. Non-text values are returned unchanged.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
    """
    if not isinstance(value, str) or language() == SOURCE_LANGUAGE:
        return value
    return translations(language()).get(value, value)


def case_text(values):
    """Free text of the case tables (an event, a description, a role, a note) in the active language.

    The curated tables of ``data/case/`` are written in English, each row with its source;
    their free text is translated by ``case.po`` (:data:`CASE_DOMAIN`), extracted from the
    columns that readers see (:data:`analysis.data.schemas.CASE_TEXT`) by ``companion
    translate update``, so that the data are never edited for a language. The figures
    apply this to every text cell of a table and every category of a chart, after
    :func:`term`: a text the catalog does not know (a name, a number, a grade, an address)
    is left as it is, silently; ``tests/unit/test_translations.py`` checks that every
    text of those columns has its translation.

    A :class:`Composed` value (an analysis that joins several texts of a row, e.g.
    ``"{resource} ({provider}) for {project}"``) is written from its message, translated
    by ``case.po``, and its values, each translated the same way.

    Parameters
    ----------
    values : object or pandas.Series
        One value, or a column (anything with a ``map`` method), mapped value by value.

    Returns
    -------
    object or pandas.Series
        The same shape; in English, ``values`` itself.
    """
    if language() == SOURCE_LANGUAGE:
        return values
    table = translations(language(), CASE_DOMAIN)

    def one(value):
        if isinstance(value, Composed) and value.values:
            parts = {k: one(v) if isinstance(v, str) else v for k, v in value.values.items()}
            return table.get(value.message, value.message).format(**parts)
        return table.get(value, value) if isinstance(value, str) else value

    if hasattr(values, "map") and not isinstance(values, str):
        return values.map(one)
    return one(values)


class Composed(str):
    """An English text made from a message and values, which can be written again in another language.

    ``Composed("Population decree in force in {year}", year=2024)`` *is* the string
    ``"Population decree in force in 2024"`` (a :class:`str`: it is written to JSON, compared
    and checked as that text), and remembers its message and values, so that
    :func:`describe` translates the message and fills it with the same values. A value that
    is itself a :class:`Composed` is translated too (``Composed("{publisher}, {title}",
    publisher=Composed("Statistics Canada"), ...)``); any other value (a year, a code, a
    list of codes) is written as it is. ``Composed(message)`` without values marks a text
    to translate as a whole.

    Parameters
    ----------
    message : str
        The English message, with ``{name}`` placeholders (:meth:`str.format`).
    **values
        The values of the placeholders.
    """

    message: str
    values: dict

    def __new__(cls, message: str, **values):
        self = super().__new__(cls, message.format(**values) if values else message)
        self.message = message
        self.values = values
        return self

    def __reduce__(self):  # pickling and copying: rebuilt from the message and the values
        return (_composed, (self.message, self.values))

    def messages(self) -> list[str]:
        """The messages to translate: this one and those of its :class:`Composed` values.

        Returns
        -------
        list of str
        """
        found = [self.message]
        for value in self.values.values():
            if isinstance(value, Composed):
                found += value.messages()
        return found


def _composed(message: str, values: dict) -> Composed:
    return Composed(message, **values)


_ELIDED = re.compile(r"(?<![\w’'-])([Dd]e|[Qq]ue|[Ll][ea]|[Jj]usque) (?=[aeiouâàäéèêëîïôöûùüœæAEIOUÂÀÉÈÊÎÔÛŒÆ])")
"""French words elided before a vowel (``de avant`` → ``d’avant``); a mute *h* is left alone."""


def elide(text: str, code: str | None = None) -> str:
    """French elision where a filled-in value begins with a vowel (``de {first}`` with ``endogène``).

    A translation such as ``"de {first} à {last}"`` is right for ``1970`` but not for
    ``avant 1970`` or ``endogène``, which French writes ``d’avant 1970``, ``d’endogène``.
    Apply this to a French text after its values are filled in: *de*, *que*, *le*, *la* and
    *jusque* before a word beginning with a vowel take the typographic apostrophe (’, as the
    catalogs write it). Words beginning with *h* are left alone (an aspirated *h* does not
    elide, and this cannot tell which); so is text in any other language.

    Parameters
    ----------
    text : str
        A text of the language ``code``.
    code : str, optional
        Its language (default: the active language).

    Returns
    -------
    str
        ``text`` with the elisions made (itself outside French).
    """
    if (normalise(code) if code else language()) != "fr":
        return text
    return _ELIDED.sub(lambda m: m.group(1)[:-1] + "’", text)


def describe(text: str) -> str:
    """A description of the data package (a table's title, a column's meaning, a unit, a licence) in the active language.

    The data package (``data/datapackage.json``) is the machine-readable contract and stays
    English; the appendix *Data and licences* writes it in the reader's language with
    ``data.po`` (:data:`DATA_DOMAIN`). A :class:`Composed` text is translated from its
    message and filled with its values (themselves described when they are
    :class:`Composed`); any other text is looked up as a whole. A text without a
    translation is written in English and reported, as with :func:`gettext`.

    Parameters
    ----------
    text : str or Composed

    Returns
    -------
    str
        ``text`` itself in English.
    """
    code = language()
    if code == SOURCE_LANGUAGE or not isinstance(text, str) or not text:
        return text
    table = translations(code, DATA_DOMAIN)
    message = text.message if isinstance(text, Composed) else str(text)
    found = table.get(message)
    if found is None:
        _report(message, code, _origin(1), DATA_DOMAIN)
        found = message
    if isinstance(text, Composed) and text.values:
        values = {k: describe(v) if isinstance(v, Composed) else v for k, v in text.values.items()}
        return found.format(**values)
    return found
