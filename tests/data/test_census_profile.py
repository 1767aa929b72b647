"""The reader of Statistics Canada's comprehensive Census Profile downloads (long format).

Every fixture is written here, in the official record layouts (``README_meta.txt`` of the
2021 downloads and of 98-401-X2016065, copied below as literal headers rather than taken
from the module under test), encoded in Latin-1 (Windows-1252), loose or inside the zip as
downloaded: ``98-401-X2021005_eng_CSV.zip`` holding ``98-401-X2021005_English_CSV_data.csv``,
``98-401-X2016065_eng_CSV.zip`` holding ``98-401-X2016065_English_CSV_data.csv``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rawfixture as rf

from analysis.data import load, schemas
from analysis.data.check import check
from analysis.data.errors import InputError
from analysis.data.pipeline import census_profile as cp
from analysis.data.pipeline.build import build

HEADER_2021 = [
    "CENSUS_YEAR",
    "DGUID",
    "ALT_GEO_CODE",
    "GEO_LEVEL",
    "GEO_NAME",
    "TNR_SF",
    "TNR_LF",
    "DATA_QUALITY_FLAG",
    "CHARACTERISTIC_ID",
    "CHARACTERISTIC_NAME",
    "CHARACTERISTIC_NOTE",
    "C1_COUNT_TOTAL",
    "SYMBOL",
    "C2_COUNT_MEN+",
    "SYMBOL",
    "C3_COUNT_WOMEN+",
    "SYMBOL",
    "C10_RATE_TOTAL",
    "SYMBOL",
    "C11_RATE_MEN+",
    "SYMBOL",
    "C12_RATE_WOMEN+",
    "SYMBOL",
]
HEADER_2016 = [
    "CENSUS_YEAR",
    "GEO_CODE (POR)",
    "GEO_LEVEL",
    "GEO_NAME",
    "GNR",
    "GNR_LF",
    "DATA_QUALITY_FLAG",
    "CSD_TYPE_NAME",
    "ALT_GEO_CODE",
    "DIM: Profile of Census Subdivisions (2247)",
    "Member ID: Profile of Census Subdivisions (2247)",
    "Notes: Profile of Census Subdivisions (2247)",
    "Dim: Sex (3): Member ID: [1]: Total - Sex",
    "Dim: Sex (3): Member ID: [2]: Male",
    "Dim: Sex (3): Member ID: [3]: Female",
]

ZIP_2021, MEMBER_2021 = "98-401-X2021005_eng_CSV.zip", "98-401-X2021005_English_CSV_data.csv"
ZIP_2016, MEMBER_2016 = "98-401-X2016065_eng_CSV.zip", "98-401-X2016065_English_CSV_data.csv"

# Official names (2021 metadata "Characteristic (2631)"; 2016 "Profile of Census Subdivisions (2247)"),
# with the footnote numbers and the indentation the profile files print.
NAMES_2021 = {
    1: "Population, 2021",
    2: "Population, 2016",
    3: "Population percentage change, 2016 to 2021",
    6: "Population density per square kilometre",
    7: "Land area in square kilometres",
    8: "Total - Age groups of the population - 100% data",
    9: "  0 to 14 years",
    40: "Median age of the population",
    242: "Total - Income statistics for private households - 100% data (26)",
    243: "  Median total income of household in 2020 ($)",
    383: "Total - Knowledge of official languages for the total population excluding institutional residents - 100% data (36)",
    384: "  English only",
    385: "  French only",
    386: "  English and French",
    388: "Total - First official language spoken for the total population excluding institutional residents - 100% data (37)",
    389: "  English",
    390: "  French",
    1449: "Total - Occupied private dwellings by dwelling condition - 25% sample data (58)",
    1451: "  Major repairs needed",
    1482: "Total - Owner households in non-farm, non-reserve private dwellings - 25% sample data",
    1484: "  % of owner households spending 30% or more of its income on shelter costs (61)",
    1488: "  Median value of dwellings ($) (66)",
    1490: "Total - Tenant households in non-farm, non-reserve private dwellings - 25% sample data",
    1492: "  % of tenant households spending 30% or more of its income on shelter costs (61)",
    1494: "  Median monthly shelter costs for rented dwellings ($) (65)",
    1527: "Total - Immigrant status and period of immigration for the population in private households - 25% sample data (79)",
    1529: "  Immigrants (81)",
    1683: "Total - Visible minority for the population in private households - 25% sample data (117)",
    1684: "  Total visible minority population (118)",
    1998: "Total - Highest certificate, diploma or degree for the population aged 15 years and over in private households - 25% sample data (165)",
    2008: "    Bachelor's degree or higher",
    2014: "Total - Highest certificate, diploma or degree for the population aged 25 to 64 years in private households - 25% sample data (165)",
    2024: "    Bachelor's degree or higher",
    2223: "Total - Population aged 15 years and over by labour force status - 25% sample data (184)",
    2230: "Unemployment rate",
    2259: "Total - Labour force aged 15 years and over by industry - Sectors - North American Industry Classification System (NAICS) 2017 - 25% sample data (194)",
    2260: "  Industry - not applicable (190)",
    2261: "  All industries (191)",
    2270: "    51 Information and cultural industries",
    2271: "    52 Finance and insurance",
    2272: "    53 Real estate and rental and leasing",
    2273: "    54 Professional, scientific and technical services",
    2274: "    55 Management of companies and enterprises",
    2603: "Total - Main mode of commuting for the employed labour force aged 15 years and over with a usual place of work or no fixed workplace address - 25% sample data (200)",
    2604: "  Car, truck or van",
    2607: "  Public transit",
    2608: "  Walked",
    2609: "  Bicycle",
    2611: "Total - Commuting duration for the employed labour force aged 15 years and over with a usual place of work or no fixed workplace address - 25% sample data (201)",
    2612: "  Less than 15 minutes",
    2616: "  60 minutes and over",
}
NAMES_2016 = {
    1: "Population, 2016",
    2: "Population, 2011",
    8: "Total - Age groups and average age of the population - 100% data",
    9: "  0 to 14 years",
    24: "  65 years and over",
    34: "Total - Distribution (%) of the population by broad age groups - 100% data",
    35: "  0 to 14 years",
    1683: "Total - Highest certificate, diploma or degree for the population aged 15 years and over in private households - 25% sample data",
    1692: "    University certificate, diploma or degree at bachelor level or above",
    1698: "Total - Highest certificate, diploma or degree for the population aged 25 to 64 years in private households - 25% sample data",
    1707: "    University certificate, diploma or degree at bachelor level or above",
    1897: "Total Labour Force population aged 15 years and over by Industry - North American Industry Classification System (NAICS) 2012 - 25% sample data",
    1898: "  Industry - NAICS2012 - not applicable",
    1899: "  All industry categories",
    1908: "    51 Information and cultural industries",
    1909: "    52 Finance and insurance",
    1911: "    54 Professional, scientific and technical services",
    1912: "    55 Management of companies and enterprises",
    1925: "Total - Commuting destination for the employed labour force aged 15 years and over in private households with a usual place of work - 25% sample data",
    1926: "  Commute within census subdivision (CSD) of residence",
    1927: "  Commute to a different census subdivision (CSD) within census division (CD) of residence",
    1928: "  Commute to a different census subdivision (CSD) and census division (CD) within province or territory of residence",
    1929: "  Commute to a different province or territory",
}

CAMILLE, THERESE, ZERO, OTTAWA = "2440025", "2402010", "2499999", "3506008"


def row21(code: str, name: str, cid: int, value: str, symbol: str = "", *, level="Census subdivision") -> list[str]:
    """One 2021 row: counts in C1 with their SYMBOL, men+/women+ and rates not applicable (``...``)."""
    return [
        "2021",
        f"2021A0005{code}",
        code,
        level,
        name,
        "4.3",
        "6.6",
        "00000",
        str(cid),
        NAMES_2021.get(cid, f"Characteristic {cid}"),
        "",
        value,
        symbol,
        "",
        "...",
        "",
        "...",
        "",
        "...",
        "",
        "...",
        "",
        "...",
    ]


def row16(code: str, name: str, cid: int, value: str) -> list[str]:
    """One 2016 row: the value (or its symbol) in the "Total - Sex" column."""
    return [
        "2016",
        code,
        "2",
        name,
        "5.2",
        "6.1",
        "00000",
        "MÉ",
        code,
        NAMES_2016.get(cid, f"Member {cid}"),
        str(cid),
        "",
        value,
        "",
        "",
    ]


def csv_bytes(header, rows, *, encoding="cp1252", newline="\r\n", quoting=csv.QUOTE_MINIMAL) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_zip(path: Path, member: str, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
        archive.writestr("README_meta.txt", "Data file record layout (column headings):\r\n")
    return path


def write_file(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# Hand-made values. Saint-Camille: as published where the extract has them; the education and
# industry counts are invented for the test. Sainte-Thérèse-de-Gaspé: suppressed and flagged cells.
CAMILLE_2021 = {
    1: "551",
    2: "529",
    3: "4.2",
    6: "6.6",
    7: "83.1",
    8: "550",
    9: "130",
    40: "40.8",
    242: "235",
    243: "69500",
    383: "545",
    384: "5",
    385: "370",
    386: "175",
    388: "545",
    389: "10",
    390: "535",
    1449: "235",
    1451: "20",
    1482: "190",
    1484: "6.1",
    1488: "175000",
    1490: "45",
    1492: "22.2",
    1494: "640",
    1527: "545",
    1529: "15",
    1683: "545",
    1684: "5",
    1998: "455",
    2008: "90",
    2014: "285",
    2024: "65",
    2223: "455",
    2230: "3.8",
    2259: "300",
    2260: "10",
    2261: "290",
    2270: "5",
    2271: "10",
    2272: "5",
    2273: "15",
    2274: "0",
    2603: "275",
    2604: "255",
    2607: "0",
    2608: "20",
    2609: "0",
    2611: "275",
    2612: "75",
    2616: "20",
}


def camille_expected_2021() -> dict[str, float]:
    return {
        "pop_census_2021": 551,
        "pop_change_2016_2021_pct": 4.2,
        "density_2021": 6.6,
        "land_area_2021_km2": 83.1,
        "median_age_2021": 40.8,
        "median_household_income_2020": 69500.0,
        "unemployment_rate_2021": 3.8,
        "commute_car_pct_2021": 92.7,  # 255 / 275 = 92.727
        "commute_transit_pct_2021": 0.0,
        "commute_walk_pct_2021": 7.3,  # 20 / 275 = 7.2727
        "commute_bike_pct_2021": 0.0,
        "commute_under_15min_pct_2021": 27.3,  # 75 / 275 = 27.2727
        "commute_60min_plus_pct_2021": 7.3,
        "french_fols_pct_2021": 98.2,  # 535 / 545 = 98.165
        "bilingual_pct_2021": 32.1,  # 175 / 545 = 32.110
        "immigrants_pct_2021": 2.8,  # 15 / 545 = 2.752
        "visible_minority_pct_2021": 0.9,  # 5 / 545 = 0.917
        "dwelling_value_median_2021": 175000.0,
        "rent_median_2021": 640.0,
        "owner_shelter_burden_pct_2021": 6.1,
        "tenant_shelter_burden_pct_2021": 22.2,
        "major_repairs_pct_2021": 8.5,  # 20 / 235 = 8.5106
        "university_25_64_pct_2021": 22.8,  # 65 / 285 = 22.807
        "knowledge_industries_pct_2021": 10.3,  # (5 + 10 + 15 + 0) / 290 = 10.345
    }


def rows_2021(extra: list[list[str]] | None = None) -> list[list[str]]:
    """Canada, Québec, a CD, three Québec CSDs and an Ontario CSD, in the order of the official file."""
    rows = [row21("01", "Canada", cid, "36991981", level="Country") for cid in (1, 2, 3)]
    rows += [row21("24", "Quebec", cid, "8501833", level="Province") for cid in (1, 2, 3)]
    rows += [row21("2440", "Les Sources", cid, "14623", level="Census division") for cid in (1, 2, 3)]
    rows += [row21(CAMILLE, "Saint-Camille", cid, value) for cid, value in CAMILLE_2021.items()]
    therese = dict(CAMILLE_2021)
    therese.update({243: "", 2024: "", 2273: "", 2230: "12.5", 1488: "", 9: ""})
    symbols = {243: "x", 2024: "x", 2273: "F", 2230: "E", 1488: "..", 9: "..."}
    rows += [
        row21(THERESE, "Sainte-Thérèse-de-Gaspé", cid, value, symbols.get(cid, "")) for cid, value in therese.items()
    ]
    zero = {cid: "0" for cid in CAMILLE_2021}
    zero.update({1: "0", 3: "", 6: "0.0", 7: "12.5", 40: "", 2230: ""})
    zsymbols = {3: "...", 40: "...", 2230: "..."}
    rows += [row21(ZERO, "Lac-Zéro", cid, value, zsymbols.get(cid, "")) for cid, value in zero.items()]
    rows += [row21(OTTAWA, "Ottawa", cid, value) for cid, value in CAMILLE_2021.items()]
    return rows + (extra or [])


CAMILLE_2016 = {
    1: "529",
    2: "512",
    8: "520",
    9: "125",
    24: "90",
    34: "100.0",
    35: "24.0",
    1683: "440",
    1692: "70",
    1698: "270",
    1707: "55",
    1897: "285",
    1898: "5",
    1899: "280",
    1908: "5",
    1909: "5",
    1911: "10",
    1912: "0",
    1925: "155",
    1926: "40",
    1927: "40",
    1928: "75",
    1929: "0",
}


def rows_2016() -> list[list[str]]:
    rows = [row16(CAMILLE, "Saint-Camille", cid, v) for cid, v in CAMILLE_2016.items()]
    therese = dict(CAMILLE_2016)
    therese.update({1707: "x", 1911: "F", 1926: "..", 9: "..."})
    rows += [row16(THERESE, "Sainte-Thérèse-de-Gaspé", cid, v) for cid, v in therese.items()]
    return rows


# -------------------------------------------------------------------------------------
# Reading the official layouts, loose and zipped


def test_2021_zip_as_downloaded_gives_every_measure(tmp_path):
    path = write_zip(tmp_path / ZIP_2021, MEMBER_2021, csv_bytes(HEADER_2021, rows_2021()))
    files = cp.find_official(tmp_path)[2021]
    assert [(f.path.name, f.member) for f in files] == [(ZIP_2021, MEMBER_2021)]

    result = cp.read_census_profile(files, 2021)

    frame = result.frame.set_index("csd_uid")
    assert list(frame.index) == [THERESE, CAMILLE, ZERO]  # Québec CSDs only, sorted; no CD, province, Ontario
    camille = frame.loc[CAMILLE]
    assert camille["csd_name_2021"] == "Saint-Camille"
    for column, value in camille_expected_2021().items():
        assert camille[column] == pytest.approx(value), column
    assert str(frame["pop_census_2021"].dtype) == "Int64"
    assert frame.loc[THERESE, "csd_name_2021"] == "Sainte-Thérèse-de-Gaspé"  # Latin-1 accents decoded
    assert list(frame.columns) == [
        "csd_name_2021",
        *[name for name, _, _ in cp.INDICATORS_2021.values()],
        "university_25_64_pct_2021",
        "knowledge_industries_pct_2021",
    ]
    (report,) = result.reports
    assert report.path == f"{path}!{MEMBER_2021}"
    assert report.encoding == "Windows-1252"
    assert (report.rows_read, report.rows_kept) == (len(rows_2021()), 3)
    assert len(report.sha256) == 64
    assert set(result.matched_by.values()) == {"id"}
    assert result.notes[0].startswith("census 2021 (official Census Profile 98-401-X2021005_eng_CSV.zip!")
    assert "36 of 36 characteristics matched by ID" in result.notes[0]


def test_2021_symbols_become_missing_and_are_counted_per_characteristic(tmp_path):
    write_zip(tmp_path / ZIP_2021, MEMBER_2021, csv_bytes(HEADER_2021, rows_2021()))
    result = cp.read_census_profile(cp.find_official(tmp_path)[2021], 2021)
    frame = result.frame.set_index("csd_uid")
    therese = frame.loc[THERESE]
    assert pd.isna(therese["median_household_income_2020"])  # x
    assert pd.isna(therese["university_25_64_pct_2021"])  # bachelor's degree x
    assert pd.isna(therese["knowledge_industries_pct_2021"])  # NAICS 54 F: the sum cannot be made
    assert pd.isna(therese["dwelling_value_median_2021"])  # ..
    assert therese["unemployment_rate_2021"] == 12.5  # E: use with caution, the value is kept
    assert therese["commute_car_pct_2021"] == pytest.approx(92.7)
    zero = frame.loc[ZERO]
    assert zero["pop_census_2021"] == 0
    assert pd.isna(zero["university_25_64_pct_2021"]) and pd.isna(zero["commute_car_pct_2021"])  # 0 / 0
    assert pd.isna(zero["median_age_2021"])

    (report,) = result.reports
    assert report.missing == {
        "243 Median total income of household in 2020 ($): x": 1,
        "2024 Bachelor's degree or higher: x": 1,
        "2273 54 Professional, scientific and technical services: F": 1,
        "1488 Median value of dwellings ($): ..": 1,
        "3 Population percentage change, 2016 to 2021: ...": 1,
        "40 Median age of the population: ...": 1,
        "2230 Unemployment rate: ...": 1,
    }
    assert any("2230 Unemployment rate: E (use with caution), value kept: 1" in note for note in result.notes)
    assert any(note.startswith("university_25_64_pct_2021: 1 CSD(s) with a zero denominator") for note in result.notes)


def test_2016_zip_as_downloaded_gives_every_measure(tmp_path):
    write_zip(tmp_path / "sub" / ZIP_2016, MEMBER_2016, csv_bytes(HEADER_2016, rows_2016(), quoting=csv.QUOTE_ALL))
    result = cp.read_census_profile(cp.find_official(tmp_path)[2016], 2016)
    frame = result.frame.set_index("csd_uid")
    camille = frame.loc[CAMILLE]
    expected = {
        "csd_name_2016": "Saint-Camille",
        "pop_census_2016": 529,
        "age_0_14_pct_2016": 24.0,  # 125 / 520 = 24.04
        "age_65_plus_pct_2016": 17.3,  # 90 / 520 = 17.31
        "university_25_64_pct_2016": 20.4,  # 55 / 270 = 20.37
        "knowledge_industries_pct_2016": 7.1,  # (5 + 5 + 10 + 0) / 280 = 7.14
        "commuters_2016": 155,
        "commute_within_csd_pct_2016": 25.8,  # 40 / 155 = 25.81
        "commute_within_cd_pct_2016": 25.8,
        "commute_other_cd_pct_2016": 48.4,  # 75 / 155 = 48.39
        "commute_other_province_pct_2016": 0.0,
    }
    for column, value in expected.items():
        assert camille[column] == (value if isinstance(value, str) else pytest.approx(value)), column
    therese = frame.loc[THERESE]
    assert therese["csd_name_2016"] == "Sainte-Thérèse-de-Gaspé"
    assert pd.isna(therese["university_25_64_pct_2016"]) and pd.isna(therese["knowledge_industries_pct_2016"])
    assert pd.isna(therese["age_0_14_pct_2016"]) and therese["age_65_plus_pct_2016"] == pytest.approx(17.3)
    assert pd.isna(therese["commuters_2016"]) and pd.isna(therese["commute_other_cd_pct_2016"])
    (report,) = result.reports
    assert report.missing == {
        "1707 University certificate, diploma or degree at bachelor level or above: x": 1,
        "1911 54 Professional, scientific and technical services: F": 1,
        "1926 Commute within census subdivision (CSD) of residence: ..": 1,
        "9 0 to 14 years: ...": 1,
    }
    assert report.encoding == "Windows-1252"


def test_loose_csv_is_preferred_to_the_zip_and_gives_the_same_result(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021(), newline="\n")
    write_zip(tmp_path / "download" / ZIP_2021, MEMBER_2021, data)
    zipped = cp.read_census_profile(cp.find_official(tmp_path)[2021], 2021)
    write_file(tmp_path / "download" / "98-401-X2021005_eng_CSV" / MEMBER_2021, data)
    (loose,) = cp.find_official(tmp_path)[2021]
    assert loose.member is None and loose.path.name == MEMBER_2021
    result = cp.read_census_profile([loose], 2021)
    pd.testing.assert_frame_equal(result.frame, zipped.frame)
    assert result.reports[0].sha256 == zipped.reports[0].sha256  # the same CSV bytes


def test_file_names_that_are_not_the_english_csv_product_are_ignored(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021())
    write_file(tmp_path / "98-401-X2021005CI_English_CSV_data.csv", data)  # confidence intervals
    write_file(tmp_path / "98-401-X2021005_Francais_CSV_data.csv", data)
    write_file(tmp_path / "98-401-X2016065_English_meta.txt", b"metadata only")
    assert cp.find_official(tmp_path) == {}
    write_zip(tmp_path / "a" / ZIP_2021, MEMBER_2021, data)
    write_zip(tmp_path / "b" / ZIP_2021, MEMBER_2021, data)
    with pytest.raises(InputError, match="several zips of the 2021 Census Profile"):
        cp.find_official(tmp_path)


def test_a_utf8_file_with_a_byte_order_mark_is_read_as_utf8(tmp_path):
    path = write_file(tmp_path / MEMBER_2016, csv_bytes(HEADER_2016, rows_2016(), encoding="utf-8-sig"))
    result = cp.read_census_profile([cp.ProfileFile(path)], 2016)
    assert result.reports[0].encoding == "UTF-8"
    assert result.frame.set_index("csd_uid").loc[THERESE, "csd_name_2016"] == "Sainte-Thérèse-de-Gaspé"


# -------------------------------------------------------------------------------------
# Characteristics chosen by ID, checked by name, with the name as a fallback


def test_characteristic_ids_are_checked_against_the_official_names_with_a_name_fallback(tmp_path):
    shifted = []
    for row in rows_2021():
        if row[8] in ("2014", "2024"):
            row = [*row]
            row[8] = str(int(row[8]) + 1)  # another release numbered the education block differently
        shifted.append(row)
    path = write_file(tmp_path / MEMBER_2021, csv_bytes(HEADER_2021, shifted))
    result = cp.read_census_profile([cp.ProfileFile(path)], 2021)
    assert result.matched_by[2014] == result.matched_by[2024] == "name"
    assert result.frame.set_index("csd_uid").loc[CAMILLE, "university_25_64_pct_2021"] == pytest.approx(22.8)
    assert "matched by official name because the name at the ID differs: [2014, 2024]" in result.notes[0]

    renamed = [[*r[:9], "Some other characteristic", *r[10:]] if r[8] == "2024" else r for r in rows_2021()]
    path = write_file(tmp_path / "renamed" / MEMBER_2021, csv_bytes(HEADER_2021, renamed))
    result = cp.read_census_profile([cp.ProfileFile(path)], 2021)
    assert result.matched_by[2024] == "not found"
    assert result.frame["university_25_64_pct_2021"].isna().all()  # never a value under the wrong name
    assert "not found (missing): [2024]" in result.notes[0]


@pytest.mark.raw
def test_the_characteristic_table_holds_the_official_ids_of_the_2016_metadata(raw):
    """Every 2016 ID and name of the table is the one of 98-401-X2016065_English_meta.txt (raw mirror)."""
    (meta,) = raw.rglob("98-401-X2016065_English_meta.txt")
    members = {}
    for line in meta.read_text(encoding="utf-8-sig").splitlines():
        head, _, name = line.partition(". ")
        if head.strip().isdigit() and name:
            members.setdefault(int(head), name)
    for c in (c for c in cp.CHARACTERISTICS if c.census == 2016):
        assert cp.normalise(members[c.id]) == cp.normalise(c.name), c
    assert len(members) == 2247


# -------------------------------------------------------------------------------------
# Streaming: a long file, read in chunks


def long_fixture(path: Path, n_quebec: int, n_other: int, n_characteristics: int) -> tuple[Path, int]:
    """A 2021 zip with ``(n_quebec + n_other) * n_characteristics`` rows, every wanted ID among them."""
    wanted = {c.id for c in cp.CHARACTERISTICS if c.census == 2021}
    fillers = (cid for cid in range(1, 2632) if cid not in wanted)
    ids = sorted([*wanted, *(next(fillers) for _ in range(n_characteristics - len(wanted)))])
    n = 0
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(MEMBER_2021, "w") as member,
    ):
        text = io.TextIOWrapper(member, encoding="cp1252", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(HEADER_2021)
        for k in range(n_quebec + n_other):
            code = f"24{k:05d}" if k < n_quebec else f"35{k:05d}"
            name = f"Saint-Élie-{k}"
            for cid in ids:
                value = {2014: 1000 + k, 2024: 100 + k % 400, 2261: 2000, 2270: 10, 2271: 20, 2273: 30}.get(cid, 7)
                writer.writerow(row21(code, name, cid, str(value)))
                n += 1
        text.flush()
        text.detach()
    return path, n


def test_a_long_file_is_streamed_in_chunks(tmp_path):
    path, n = long_fixture(tmp_path / ZIP_2021, n_quebec=150, n_other=150, n_characteristics=1000)
    assert n == 300_000
    (source,) = cp.find_official(tmp_path)[2021]
    result = cp.read_census_profile([source], 2021)
    assert result.reports[0].rows_read == n
    frame = result.frame.set_index("csd_uid")
    assert len(frame) == 150 and frame.index[0] == "2400000" and frame.index[-1] == "2400149"
    k = 149
    assert frame.loc["2400149", "university_25_64_pct_2021"] == np.round(100 * (100 + k) / (1000 + k), 1)
    assert (frame["knowledge_industries_pct_2021"] == np.round(100 * (10 + 20 + 30 + 7) / 2000, 1)).all()
    assert frame.loc["2400149", "csd_name_2021"] == "Saint-Élie-149"
    # Chunks of 64 KiB cut lines (and Latin-1 characters) at hundreds of places: same result.
    small = cp.read_census_profile([source], 2021, chunk_bytes=65_536)
    pd.testing.assert_frame_equal(small.frame, result.frame)
    assert small.reports[0].sha256 == result.reports[0].sha256


# -------------------------------------------------------------------------------------
# Bad input: a clear InputError naming the file, the column and example rows


def read_error(tmp_path, data: bytes, census: int = 2021) -> str:
    name = MEMBER_2021 if census == 2021 else MEMBER_2016
    path = write_file(tmp_path / "bad" / name, data)
    with pytest.raises(InputError) as caught:
        cp.read_census_profile([cp.ProfileFile(path)], census)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    return message


def test_a_missing_column_is_named_with_the_closest_match(tmp_path):
    header = [h if h != "CHARACTERISTIC_ID" else "CHARACTERISTIC_IDS" for h in HEADER_2021]
    message = read_error(tmp_path, csv_bytes(header, rows_2021()))
    assert "missing column(s) ['CHARACTERISTIC_ID']" in message
    assert "column: CHARACTERISTIC_ID" in message
    assert "'CHARACTERISTIC_ID' may have been renamed 'CHARACTERISTIC_IDS'" in message


def test_a_utf8_file_is_refused_with_the_line(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021(), encoding="utf-8")
    message = read_error(tmp_path, data)
    line = 1 + next(i for i, r in enumerate(rows_2021(), 1) if r[2] == THERESE)
    assert f"line {line} is UTF-8 text, not Latin-1 (Windows-1252)" in message
    assert "Sainte-Th\\xc3\\xa9r\\xc3\\xa8se" in message


def test_bytes_that_are_not_windows_1252_are_refused(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021()).replace(b"Ottawa", b"Ott\x81wa")
    message = read_error(tmp_path, data)
    assert "cannot be decoded as Latin-1 (Windows-1252)" in message and "b'\\x81'" in message


def test_utf16_is_refused(tmp_path):
    message = read_error(tmp_path, csv_bytes(HEADER_2021, rows_2021(), encoding="utf-16"))
    assert "UTF-16" in message


def test_a_value_that_is_not_a_number_nor_a_documented_symbol_is_refused(tmp_path):
    rows = rows_2021()
    bad = [i for i, r in enumerate(rows) if r[2] in (CAMILLE, THERESE) and r[8] == "2024"]
    rows[bad[0]][11] = "n/a"
    rows[bad[1]][11], rows[bad[1]][12] = "", "Z"
    message = read_error(tmp_path, csv_bytes(HEADER_2021, rows))
    assert (
        "2 value(s) of characteristic 2024 (Bachelor's degree or higher) are neither numbers nor a documented symbol"
        in message
    )
    assert "column: C1_COUNT_TOTAL and SYMBOL" in message
    assert f"line {bad[0] + 2}: value 'n/a', symbol ''" in message
    assert f"line {bad[1] + 2}: value '', symbol 'Z'" in message


def test_2016_a_value_that_is_not_a_number_nor_a_symbol_is_refused(tmp_path):
    rows = rows_2016()
    rows[3][12] = "12 %"
    message = read_error(tmp_path, csv_bytes(HEADER_2016, rows), census=2016)
    assert "characteristic 9 (0 to 14 years)" in message
    assert "column: Dim: Sex (3): Member ID: [1]: Total - Sex" in message
    assert "line 5: value '12 %'" in message


def test_a_truncated_line_a_wrong_year_and_an_out_of_range_value_are_refused(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021())
    cut = data[: data.index(b"Saint-Camille") + 40]
    assert "fewer than the 23 columns of the header" in read_error(tmp_path, cut)
    rows = [[*r[:11], "5", *r[12:]] if r[8] == "2611" and r[2] == CAMILLE else r for r in rows_2021()]
    message = read_error(tmp_path, csv_bytes(HEADER_2021, rows))  # 75 of 5 commuters under 15 minutes
    assert "value(s) of a computed share are outside the possible range [0, 110]" in message
    rows = [["2016", *r[1:]] for r in rows_2021()]
    assert "CENSUS_YEAR is '2016', not 2021" in read_error(tmp_path, csv_bytes(HEADER_2021, rows))
    assert "no Québec census subdivision" in read_error(
        tmp_path, csv_bytes(HEADER_2021, [r for r in rows_2021() if r[2] == OTTAWA])
    )


def test_the_same_csd_in_two_files_is_refused(tmp_path):
    data = csv_bytes(HEADER_2021, rows_2021())
    first = write_file(tmp_path / "a" / MEMBER_2021, data)
    second = write_file(tmp_path / "b" / MEMBER_2021, data)
    with pytest.raises(InputError, match="appears twice"):
        cp.read_census_profile([cp.ProfileFile(first), cp.ProfileFile(second)], 2021)


# -------------------------------------------------------------------------------------
# The build: official files add the new columns; without them nothing changes


def official_from_extracts(raw: Path, out: Path) -> None:
    """Official 2021 and 2016 zips for every CSD of the raw folder's extracts, with the extracts' values.

    A share ``s`` of the extract becomes the counts ``10 s`` of ``1000`` (so the official file
    gives back ``s``), a blank or ``NA`` becomes a suppressed cell (``x``), and each CSD gets
    education and industry counts the extracts do not have.
    """
    (census21,) = raw.rglob("census2021_csd_*_indicators.csv")
    rows = []
    for k, r in enumerate(csv.DictReader(census21.open(encoding="utf-8"))):
        code, name = r["CSDUID"], r["GEO_NAME"]

        def value(cid, text, *, share=False, code=code, name=name):
            if text == "":
                return row21(code, name, cid, "", "x")
            number = float(text)
            return row21(code, name, cid, str(round(number * 10)) if share else plain(number))

        cells = [
            value(1, r["pop"]),
            value(3, r["pop_change"]),
            value(6, r["density"]),
            value(7, r["area_km2"]),
            value(40, r["median_age"]),
            value(243, r["median_hh_income"]),
            value(386, r["bilingual_pct"], share=True),
            value(390, r["french_pct"], share=True),
            value(1451, r["major_repairs_pct"], share=True),
            value(1484, r["owner_burden"]),
            value(1488, r["dwell_median"]),
            value(1492, r["tenant_burden"]),
            value(1494, r["rent_median"]),
            value(1529, r["immigrants_pct"], share=True),
            value(1684, r["visible_minority_pct"], share=True),
            value(2230, r["unemployment"]),
            value(2604, r["commute_car_pct"], share=True),
            value(2607, r["commute_transit_pct"], share=True),
            value(2608, r["commute_walk_pct"], share=True),
            value(2609, r["commute_bike_pct"], share=True),
            value(2612, r["commute_short_pct"], share=True),
            value(2616, r["commute_long_pct"], share=True),
        ]
        totals = [row21(code, name, cid, "1000") for cid in (383, 388, 1449, 1527, 1683, 2603, 2611)]
        education = [row21(code, name, 2014, "300"), row21(code, name, 2024, str(40 + k % 200))]
        industry = [
            row21(code, name, cid, v)
            for cid, v in ((2261, "500"), (2270, "5"), (2271, "10"), (2273, "20"), (2274, str(k % 3)))
        ]
        rows += sorted([*cells, *totals, *education, *industry], key=lambda row: int(row[8]))
    rows += [row21(OTTAWA, "Ottawa", cid, v) for cid, v in CAMILLE_2021.items()]
    write_zip(out / ZIP_2021, MEMBER_2021, csv_bytes(HEADER_2021, rows))

    (commuting,) = raw.rglob("total_csd_info_2016_*.csv")
    (age,) = raw.rglob("csd_age_cohorts_2016_*.csv")
    ages = {r["geo_code"]: r for r in csv.DictReader(age.open(encoding="utf-8"))}
    young = ["cohort_0_to_4", "cohort_5_to_9", "cohort_10_to_14"]
    rows = []
    for k, r in enumerate(csv.DictReader(commuting.open(encoding="utf-8"))):
        code, name = r["csduid2016"], r["region"]

        def cell(cid, text, code=code, name=name):
            return row16(code, name, cid, "x" if text in ("", "NA") else plain(float(text)))

        a = ages.get(code)
        old = [c for c in (a or {}) if c.startswith("cohort_") and int(c.split("_")[1]) >= 65]
        pieces = [cell(1, r["population"])]
        if a is not None:
            pieces += [
                cell(8, a["CSD_population"]),
                cell(9, str(sum(int(a[c]) for c in young))),
                cell(24, str(sum(int(a[c]) for c in old))),
            ]
        pieces += [cell(cid, r[column]) for cid, column in zip((1926, 1927, 1928, 1929), cp_commute_columns())]
        pieces += [cell(1698, "300"), cell(1707, str(30 + k % 100))]
        pieces += [cell(cid, v) for cid, v in ((1899, "400"), (1908, "4"), (1909, "8"), (1911, "12"), (1912, "0"))]
        rows += sorted(pieces, key=lambda row: int(row[10]))
    write_zip(out / ZIP_2016, MEMBER_2016, csv_bytes(HEADER_2016, rows))


def plain(number: float) -> str:
    """A number as the profile files print it: ``12190``, ``110.85``."""
    return str(int(number)) if number == int(number) else repr(number)


def data_check(data: Path) -> list:
    """``companion data check`` on a built folder, with the committed case tables beside it."""
    from analysis.data import paths

    shutil.copytree(paths.data_dir() / "case", data / "case", dirs_exist_ok=True)
    return check(data)


def cp_commute_columns() -> list[str]:
    return ["commute_wi_csd", "commute_wi_cd_not_csd", "commute_wi_prov_not_cd", "commute_extra_prov"]


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def without(text: str, columns) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, name in enumerate(rows[0]) if name not in columns]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    return out.getvalue()


def test_build_with_the_official_files_adds_the_columns_and_changes_nothing_else(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    with rf.small_schemas():
        build(raw, tmp_path / "before" / "processed", log=lambda line: None)
        official_from_extracts(raw, raw / "statcan-census-profile")
        log: list[str] = []
        build(raw, tmp_path / "after" / "processed", log=log.append)
        problems = data_check(tmp_path / "after")
    assert problems == []
    before, after = tmp_path / "before" / "processed", tmp_path / "after" / "processed"
    munis = {r["csd_uid"]: r for r in read_rows(after / "municipalities.csv")}
    header = list(next(iter(munis.values())))
    assert header[-4:] == list(cp.NEW_COLUMNS)  # appended after every existing column
    camille = munis[rf.SAINT_CAMILLE]
    k16 = [r["csduid2016"] for r in csv.DictReader((raw / rf.FILES["commuting"]).open())].index(rf.SAINT_CAMILLE)
    k21 = [r["CSDUID"] for r in csv.DictReader((raw / rf.FILES["census21"]).open())].index(rf.SAINT_CAMILLE)
    assert camille["university_25_64_pct_2016"] == f"{round(100 * (30 + k16 % 100) / 300, 1):g}"
    assert camille["knowledge_industries_pct_2016"] == "6"  # (4 + 8 + 12 + 0) / 400
    assert camille["university_25_64_pct_2021"] == f"{round(100 * (40 + k21 % 200) / 300, 1):g}"
    assert camille["knowledge_industries_pct_2021"] == f"{round(100 * (35 + k21 % 3) / 500, 1):g}"
    assert munis["24" + rf.MERGED_CODE]["university_25_64_pct_2021"] == ""  # a merger: shares are never averaged
    # Every other column, and the other tables, are those of the build from the extracts.
    assert (
        without((after / "municipalities.csv").read_text(), cp.NEW_COLUMNS)
        == (before / "municipalities.csv").read_text()
    )
    for name in ("mrc.csv", "regions.csv", "census_divisions.csv", "code_changes.csv", "mrc.geojson"):
        assert (after / name).read_bytes() == (before / name).read_bytes(), name
    # The report says which file was read, and that the extracts were not.
    report = json.loads((after / "build_report.json").read_text())
    files = [f["file"] for f in report["files_read"]]
    assert f"statcan-census-profile/{ZIP_2021}!{MEMBER_2021}" in files
    assert f"statcan-census-profile/{ZIP_2016}!{MEMBER_2016}" in files
    assert not any(
        f.endswith(("census2021_csd_quebec_indicators.csv", "total_csd_info_2016_quebec.csv")) for f in files
    )
    assert any(
        "census2021_csd_quebec_indicators.csv present in the raw folder were not read" in n for n in report["notes"]
    )
    assert any(line.startswith("  census 2021: official Census Profile") for line in log)
    package = json.loads((tmp_path / "after" / "datapackage.json").read_text())
    fields = [f["name"] for r in package["resources"] if r["name"] == "municipalities" for f in r["schema"]["fields"]]
    assert fields[-4:] == list(cp.NEW_COLUMNS)
    # Chapters learn from the loader whether the measures exist, and read them typed.
    assert load.census_profile_columns(tmp_path / "after") == list(cp.NEW_COLUMNS)
    assert load.census_profile_columns(tmp_path / "before") == []
    with rf.small_schemas():
        typed = load.municipalities(tmp_path / "after").set_index("csd_uid")
    assert typed.loc[rf.SAINT_CAMILLE, "knowledge_industries_pct_2016"] == 6.0
    assert str(typed["university_25_64_pct_2021"].dtype) == "float64"


def test_build_without_the_official_files_has_no_new_column(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    write_file(raw / "statcan-census-profile-2016-qc-metadata" / "98-401-X2016065_English_meta.txt", b"meta")
    log: list[str] = []
    with rf.small_schemas():
        build(raw, tmp_path / "data" / "processed", log=log.append)
        assert data_check(tmp_path / "data") == []
    header = (tmp_path / "data" / "processed" / "municipalities.csv").read_text().split("\n", 1)[0].split(",")
    assert not set(cp.NEW_COLUMNS) & set(header)
    notes = json.loads((tmp_path / "data" / "processed" / "build_report.json").read_text())["notes"]
    assert not [note for note in notes if "98-401" in note or "Census Profile" in note]
    assert "  census 2021: no official Census Profile file (98-401-X2021005); reading the extract" in log
    assert schemas.census_profile_columns_in(header) == []


def test_a_bad_official_file_stops_the_build_and_writes_nothing(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    out = tmp_path / "data" / "processed"
    with rf.small_schemas():
        build(raw, out, log=lambda line: None)
    before = rf.snapshot(out)
    write_file(raw / MEMBER_2021, csv_bytes(HEADER_2021, rows_2021(), encoding="utf-8"))
    with rf.small_schemas(), pytest.raises(InputError, match="not Latin-1"):
        build(raw, out, log=lambda line: None)
    assert rf.snapshot(out) == before


@pytest.mark.raw
def test_build_from_the_mirror_with_official_files_keeps_every_committed_value(raw, tmp_path):
    """The mirror plus official files made from its extracts: the committed tables, plus the new columns."""
    from analysis.data import paths

    folder = tmp_path / "raw"
    for path in (p for p in raw.rglob("*") if p.is_file()):  # the mirror is linked, never copied
        link = folder / path.relative_to(raw)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(path, link)
    official_from_extracts(raw, folder / "official")
    build(folder, tmp_path / "data" / "processed", log=lambda line: None)
    built, committed = tmp_path / "data" / "processed", paths.processed_dir()
    assert (
        without((built / "municipalities.csv").read_text(), cp.NEW_COLUMNS)
        == (committed / "municipalities.csv").read_text()
    )
    for name in ("mrc.csv", "regions.csv", "census_divisions.csv", "code_changes.csv"):
        assert (built / name).read_bytes() == (committed / name).read_bytes(), name
    values = pd.read_csv(built / "municipalities.csv", dtype={"csd_uid": str}).set_index("csd_uid")
    assert values[list(cp.NEW_COLUMNS)].notna().sum().min() > 1200
    assert data_check(tmp_path / "data") == []
