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

import os
import sys
from pathlib import Path

LANGUAGES = ("en", "fr")
"""The languages of the book; English is the source language."""
SOURCE_LANGUAGE = "en"
DOMAIN = "companion"
"""The catalog of the strings made in Python (``locales/<language>/LC_MESSAGES/companion.po``)."""
ENVIRONMENT = "COMPANION_LANG"
"""The environment variable that chooses the language (``companion book --lang`` sets it)."""
UNTRANSLATED = "companion-i18n: no {language} translation for {message!r} (asked by {origin}); add it to {catalog}"
"""The report of a package message shown untranslated (standard error, once per message)."""

PENDING_PAGES = (
    "book/intro",
    "book/chapters/01-debate",
    "book/chapters/02-plural-economy",
    "book/chapters/03-connection",
    "book/chapters/04-matrix",
    "book/chapters/05-conditions",
    "book/chapters/07-conclusion",
)
"""Pages whose French translation is pending (their English is being rewritten).

Their catalogs are generated and kept up to date, but their messages may be
untranslated or fuzzy: ``tests/unit/test_translations.py`` enforces every other catalog.
While this tuple is not empty, a string of a chapter's code cell (a caption or a column
label passed from the chapter) may also be shown untranslated without a report. Empty it
once the chapters are translated: every catalog is then enforced, and every string a
chapter passes must be translated."""

_active: str | None = None
_catalogs: dict[str, tuple[float, dict]] = {}
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


def catalog_path(code: str) -> Path:
    """The ``companion.po`` catalog of a language.

    Parameters
    ----------
    code : str

    Returns
    -------
    pathlib.Path
    """
    return LOCALES / normalise(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(code: str) -> dict:
    """The usable translations of a language: msgid (or ``(singular, plural)``) → msgstr (or a tuple of forms).

    Untranslated and fuzzy entries are left out. The catalog is read again when its file
    changes.

    Parameters
    ----------
    code : str

    Returns
    -------
    dict
        Empty for English or when the catalog does not exist.
    """
    code = normalise(code)
    path = catalog_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        return {}
    stamp = path.stat().st_mtime
    cached = _catalogs.get(code)
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
    _catalogs[code] = (stamp, table)
    return table


def _origin(depth: int) -> str:
    try:
        return sys._getframe(depth + 1).f_globals.get("__name__", "?")
    except ValueError:
        return "?"


def _report(message: str, code: str, origin: str) -> None:
    """Report a message shown untranslated: always for the package's, for chapters' once translations are due."""
    if not origin.startswith("analysis.") and PENDING_PAGES:
        return
    if (code, message) in _reported:
        return
    _reported.add((code, message))
    text = UNTRANSLATED.format(language=code, message=message, origin=origin, catalog=catalog_path(code))
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
    english = singular if n == 1 else plural
    if code == SOURCE_LANGUAGE:
        return english
    forms = translations(code).get((singular, plural))
    if forms is None:
        _report(singular, code, _origin(1))
        return english
    if code == "fr":
        return forms[0] if abs(n) < 2 else forms[-1]
    return forms[0] if n == 1 else forms[-1]


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
