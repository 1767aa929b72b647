"""Numbers written for readers in English and French (analysis.formats, through Babel)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.formats import MISSING, format_number, is_spec, locale_for, parse_spec

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "spec", "unit", "english", "french"),
    [
        (36.6, ".1f", "km", f"36.6{NBSP}km", f"36,6{NBSP}km"),
        (0.0421, ".1%", "", "4.2%", f"4,2{NBSP}%"),
        (4.2, ".1f", "%", "4.2%", f"4,2{NBSP}%"),
        (-0.5, ".2f", "", "-0.50", f"{MINUS}0,50"),
        (6010808, ",", "", "6,010,808", f"6{NBSP}010{NBSP}808"),
        (6010808, "", "", "6010808", "6010808"),  # no grouping unless asked, as in Python
        (1881, "d", "", "1881", "1881"),
        (225158.7, ",d", "", "225,159", f"225{NBSP}159"),  # whole people
        (0.3, "+.1f", "", "+0.3", "+0,3"),
        (0.1598, "", "", "0.1598", "0,1598"),  # the digits the value has
        (2.0, "", "", "2.0", "2,0"),
        (True, "", "", "yes", "oui"),
        ("exclusion", "", "", "exclusion", "exclusion"),
    ],
)
def test_numbers_follow_the_locale(value, spec, unit, english, french):
    assert format_number(value, spec, "en_CA", unit) == english
    assert format_number(value, spec, "fr_CA", unit) == french


@pytest.mark.parametrize("spec", ["", ".0f", ".2f", ",.1f", ".1%", "+.2f", ",d"])
@pytest.mark.parametrize("value", [0.125, 2.675, 1234.5678, -0.004, 0.0421, 1e-7])
def test_english_digits_match_python_format_spec(value, spec):
    # {glue:text} formats with Python; the role must write the same digits in English.
    if spec.endswith("d"):
        python = format(round(value), spec)
    else:
        python = format(value, spec) if spec else repr(value)
    if python.startswith("-") and float(python.strip("%").replace(",", "")) == 0:
        python = ("+" if spec.startswith("+") else "") + python[1:]  # zero takes no minus sign
    if "e-" in python:
        python = "0.0000001"
    assert format_number(value, spec, "en_CA") == python


def test_missing_values_are_a_dash():
    for value in (None, float("nan"), pd.NA, np.float64("nan"), pd.NaT):
        assert format_number(value, ".1f", "fr_CA") == MISSING


def test_numpy_scalars_are_numbers():
    assert format_number(np.int64(12345), ",", "en_CA") == "12,345"
    assert format_number(np.float64(0.5), ".0%", "fr_CA") == f"50{NBSP}%"


def test_specs_are_checked():
    assert parse_spec(".1f").decimals == 1 and parse_spec(".1f").kind == "f"
    assert parse_spec(".2").kind == "f"
    assert parse_spec(",d").grouping and parse_spec("+.1%").sign
    assert is_spec(".0%") and not is_spec("km") and not is_spec("x.1f")
    with pytest.raises(ValueError):
        parse_spec("10.2f")
    with pytest.raises(TypeError):
        format_number([1], "")


def test_languages_map_to_canadian_locales():
    assert locale_for("fr") == locale_for("fr_CA") == locale_for("fr-FR") == "fr_CA"
    assert locale_for(None) == locale_for("en") == locale_for("de") == "en_CA"


def test_names_are_joined_as_each_language_writes_a_list():
    from analysis.formats import list_text

    assert list_text(["Saint-Adrien", "Saint-Georges-de-Windsor"], "en") == "Saint-Adrien and Saint-Georges-de-Windsor"
    assert list_text(["Saint-Adrien", "Saint-Georges-de-Windsor"], "fr") == "Saint-Adrien et Saint-Georges-de-Windsor"
    assert list_text(["A", "B", "C"], "en") == "A, B and C"  # en_CA: no serial comma (CLDR)
    assert list_text(["A", "B", "C"], "fr") == "A, B et C"
    assert list_text([], "fr", empty="aucune") == "aucune"
    assert list_text(["Val-des-Sources"], "fr") == "Val-des-Sources"


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        ("2001-12-06", "6 déc. 2001", "Dec 6, 2001"),
        ("2004-12", "déc. 2004", "Dec 2004"),
        ("2009", "2009", "2009"),
        ("c. 1910", "c. 1910", "c. 1910"),
    ],
)
def test_a_case_date_is_written_at_its_sources_precision_in_each_language(value, french, english):
    from analysis.formats import date_text

    assert date_text(value, "fr_CA") == french
    assert date_text(value, "en_CA") == english


def test_a_date_that_does_not_exist_is_an_error():
    from analysis.formats import date_text

    with pytest.raises(ValueError):
        date_text("2004-13", "fr_CA")


def test_a_dated_span_ends_with_its_last_year_after_an_en_dash():
    from analysis.formats import date_span

    assert date_span("2020-12", 2021, "fr_CA") == "déc. 2020–2021"
    assert date_span("2009", 2012.0, "en_CA") == "2009–2012"
    assert date_span("2001-12-06", None, "en_CA") == "Dec 6, 2001"
