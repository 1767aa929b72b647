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

References
----------
sphinxcontrib-bibtex, "Custom formatting, sorting, and labelling".
https://sphinxcontrib-bibtex.readthedocs.io/en/latest/usage.html
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from string import ascii_lowercase

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinxcontrib.bibtex import plugin as bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from analysis import i18n

AND = {"en": "and", "fr": "et"}
"""The word between two authors' names, in each language of the book."""


def _and() -> str:
    return AND.get(i18n.language(), AND["en"])


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
    year = entry.fields.get("year", "n.d.").replace("--", "–")
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


class CompanionStyle(UnsrtStyle):
    """pybtex's ``unsrt`` formatting with author-year labels, sorted by author, year and title."""

    default_label_style = "companion-author-year"
    default_sorting_style = "author_year_title"


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


def setup(app):
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
