"""How numbers are written for readers, in the book's languages (English and French).

One place for number formats, shared by the tables of the figures layer
(:mod:`analysis.figures.tables`) and the ``{value}``/``{number}`` roles of the book
(:mod:`analysis.book.ext.numbers`), so that a table and a sentence write the same number
the same way. Formats follow the locale conventions of the Unicode CLDR through Babel:
``en_CA`` writes 1,234.5 and 4.2%, ``fr_CA`` writes 1 234,5 and 4,2 % (no-break spaces).
French text also takes the true minus sign (−0,50), as French typography requires.

A format is a small subset of Python's format-specification mini-language, so that
``{glue:text}`` specs carry over unchanged: ``[+][,][.N][f|d|%]``.

References
----------
Unicode CLDR, number formatting patterns (UTS #35, part 3). https://unicode.org/reports/tr35/tr35-numbers.html
Babel, ``babel.numbers``. https://babel.pocoo.org/en/latest/api/numbers.html
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale

LOCALES = {"en": "en_CA", "fr": "fr_CA"}
"""The locale of each language of the book (Canadian English and Canadian French)."""

MISSING = "—"
"""What a missing value is written as (an em dash); tables explain it in a note."""

MINUS = "\u2212"
NBSP = "\u00a0"
WORDS = {"en": ("yes", "no"), "fr": ("oui", "non")}

_SPEC = re.compile(r"^(?P<sign>\+)?(?P<group>,)?(?:\.(?P<decimals>\d+))?(?P<kind>[fd%])?$")


@dataclass(frozen=True)
class Spec:
    """A parsed number format.

    Attributes
    ----------
    sign : bool
        Write ``+`` before positive numbers.
    grouping : bool
        Group thousands (``1,234`` in English, ``1 234`` in French).
    decimals : int or None
        Digits after the decimal separator (None: as many as the value has).
    kind : {"", "f", "d", "%"}
        ``f`` fixed decimals, ``d`` whole number, ``%`` a share (0-1) written as a
        percentage, ``""`` the value as it is.
    """

    sign: bool = False
    grouping: bool = False
    decimals: int | None = None
    kind: str = ""


def is_spec(text: str) -> bool:
    """True when ``text`` is a number format this module understands (e.g. ``".1f"``, ``",d"``, ``"+.2f"``).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    return bool(_SPEC.match(text))


def parse_spec(text: str) -> Spec:
    """Parse a format such as ``".1f"``, ``",d"``, ``".1%"`` or ``"+.2f"`` (empty: the value as it is).

    Parameters
    ----------
    text : str
        ``[+][,][.N][f|d|%]``, the subset of Python's format-specification mini-language
        that ``{glue:text}`` specs use.

    Returns
    -------
    Spec

    Raises
    ------
    ValueError
        When ``text`` is not such a format.
    """
    match = _SPEC.match(text)
    if not match:
        raise ValueError(f"number format {text!r} is not [+][,][.N][f|d|%] (e.g. '.1f', ',d', '.1%', '+.2f')")
    decimals = match.group("decimals")
    kind = match.group("kind") or ""
    if decimals is not None and kind == "":
        kind = "f"
    return Spec(
        sign=bool(match.group("sign")),
        grouping=bool(match.group("group")),
        decimals=None if decimals is None else int(decimals),
        kind=kind,
    )


def locale_for(language: str | None) -> str:
    """The locale of a language of the book (``"en"`` → ``"en_CA"``, ``"fr"`` → ``"fr_CA"``).

    Parameters
    ----------
    language : str or None
        A language code (``"en"``, ``"fr"``, ``"fr_CA"``, ``"fr-CA"``); None is English.

    Returns
    -------
    str
        A locale known to Babel; a language the book does not have falls back to English.
    """
    if not language:
        return LOCALES["en"]
    short = language.replace("-", "_").split("_")[0].lower()
    return LOCALES.get(short, LOCALES["en"])


def list_text(items: list[str] | tuple[str, ...], language: str | None = None, empty: str = "") -> str:
    """Names joined as a sentence writes them in a language (``"A, B and C"``, ``"A, B et C"``).

    Parameters
    ----------
    items : list or tuple of str
        The names, in the order to write them.
    language : str, optional
        A language of the book (``"en"``, ``"fr"``); None is English.
    empty : str, default ``""``
        What to write when there is no name.

    Returns
    -------
    str

    References
    ----------
    Unicode CLDR list patterns, through Babel (:func:`babel.lists.format_list`).
    """
    from babel.lists import format_list

    items = [str(item) for item in items]
    return format_list(items, locale=locale_for(language)) if items else empty


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_text(value: object, locale: str = "en_CA") -> str:
    """A date of the case tables, as precise as the source gives it, written in a language.

    The case tables write a date as ISO 8601 at the precision of its source: a day
    (``"2001-12-06"``), a month (``"2004-12"``) or a year (``"2009"``). A reader sees the day
    or the month in words (« 6 déc. 2001 », « déc. 2004 » in French; "Dec 6, 2001",
    "Dec 2004" in English), never a precision the source does not give.

    Parameters
    ----------
    value : object
        An ISO date of 4, 7 or 10 characters; anything else (a span, "c. 1910") is returned
        as text, unchanged.
    locale : str, default ``"en_CA"``
        A Babel locale (``"en_CA"``, ``"fr_CA"``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When the month or the day does not exist (``"2004-13"``).

    References
    ----------
    ISO 8601; Unicode CLDR date formats, through Babel (:func:`babel.dates.format_skeleton`).
    """
    from datetime import date

    from babel.dates import format_skeleton

    text = str(value)
    match = _ISO_DATE.fullmatch(text)
    if not match or match.group(2) is None:
        return text
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    when = date(year, month, int(day) if day else 1)
    return format_skeleton("yMMMd" if day else "yMMM", when, locale=Locale.parse(locale))


def date_span(value: object, end: object = None, locale: str = "en_CA") -> str:
    """A dated item of the case tables as a reader sees it: its date (:func:`date_text`), then the
    last year of its span when it has one, after an en dash (« déc. 2020–2021 », "2009–2012").

    Parameters
    ----------
    value : object
        The item's date (ISO at its source's precision, or a year).
    end : object, optional
        The last year of a span (``year_end``); missing for a dated point.
    locale : str, default ``"en_CA"``

    Returns
    -------
    str

    Raises
    ------
    ValueError
        As :func:`date_text`.
    """
    shown = date_text(value, locale)
    return shown if is_missing(end) else f"{shown}–{int(end)}"


def is_missing(value: object) -> bool:
    """True for None, NaN, ``pandas.NA`` and ``pandas.NaT`` (without importing pandas).

    Parameters
    ----------
    value : object

    Returns
    -------
    bool
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN of numpy scalar types
    except (TypeError, ValueError):
        return False


def _pattern(locale: Locale, kind: str, decimals: int | None):
    pattern = copy.copy(locale.percent_formats[None] if kind == "%" else locale.decimal_formats[None])
    if decimals is not None:
        pattern.frac_prec = (decimals, decimals)
    return pattern


def format_number(value: object, spec: str | Spec = "", locale: str = "en_CA", unit: str = "") -> str:
    """Write a number for a reader of ``locale``, with an optional unit.

    Parameters
    ----------
    value : int, float, bool, str or None (numpy scalars accepted)
        Missing values (None, NaN, ``pd.NA``) become :data:`MISSING`; text is returned
        as it is; booleans become yes/no (oui/non).
    spec : str or Spec, default ""
        ``[+][,][.N][f|d|%]`` (:func:`parse_spec`). ``%`` reads ``value`` as a share
        (0.042 → 4.2%); ``d`` rounds to a whole number.
    locale : str, default ``"en_CA"``
        ``"en_CA"`` or ``"fr_CA"`` (:data:`LOCALES`).
    unit : str, default ""
        Written after the number with a no-break space (``36.6 km``); ``%`` is written
        without a space in English and with one in French (``4.2%``, ``4,2 %``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``spec`` is not a number format.
    """
    parsed = spec if isinstance(spec, Spec) else parse_spec(spec)
    loc = Locale.parse(locale)
    if hasattr(value, "item"):
        value = value.item()
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        text = WORDS.get(loc.language, WORDS["en"])[0 if value else 1]
        return _with_unit(text, unit, loc)
    if isinstance(value, str):
        return _with_unit(value, unit, loc)
    if not isinstance(value, int | float):
        raise TypeError(f"cannot write {value!r} ({type(value).__name__}) as a number")
    kind, decimals = parsed.kind, parsed.decimals
    if kind == "d" or (kind == "" and isinstance(value, int)):
        decimals = 0
        python = format(round(value), "d")
    elif kind == "%":
        decimals = 0 if decimals is None else decimals
        python = format(value, f".{decimals}%")[:-1]
    elif kind == "f":
        decimals = 6 if decimals is None else decimals
        python = format(value, f".{decimals}f")
    else:  # a float written with the digits it has
        if math.isinf(value):
            raise ValueError(f"cannot write {value!r} as a number")
        python = format(Decimal(repr(float(value))), "f")
        decimals = len(python.split(".")[1]) if "." in python else 0
    negative = python.startswith("-")
    magnitude = Decimal(python.lstrip("-"))
    if kind == "%":
        magnitude = magnitude / 100
    digits = _pattern(loc, kind, decimals).apply(magnitude, loc, group_separator=parsed.grouping)
    if negative and magnitude != 0:
        digits = (MINUS if loc.language == "fr" else "-") + digits
    elif parsed.sign:
        digits = "+" + digits
    return _with_unit(digits, unit, loc)


def _with_unit(text: str, unit: str, locale: Locale) -> str:
    if not unit:
        return text
    if unit == "%" and locale.language == "en":
        return text + "%"
    return text + NBSP + unit
