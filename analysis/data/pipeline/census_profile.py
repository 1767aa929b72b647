"""Reader for the comprehensive Census Profile downloads of Statistics Canada (long format).

Two products, as a researcher downloads them from Statistics Canada:

* **2021**, *Census Profile, 2021 Census of Population* for Canada, provinces, territories,
  census divisions and census subdivisions, catalogue **98-401-X2021005**: the zip
  ``98-401-X2021005_eng_CSV.zip`` holds ``98-401-X2021005_English_CSV_data.csv`` (about
  2.6 GB, 14 million rows). The regional split of the dissemination-area product
  98-401-X2021006 (``98-401-X2021006_English_CSV_data_Quebec.csv``, same 2,631
  characteristics, census-subdivision rows included) is accepted too.
* **2016**, *Census Profile, 2016 Census*, census subdivisions of Québec, catalogue
  **98-401-X2016065**: ``98-401-X2016065_eng_CSV.zip`` holding
  ``98-401-X2016065_English_CSV_data.csv`` (about 2.9 million rows).

Both are "long": one row per geography and characteristic. The 2021 record layout is
``CENSUS_YEAR, DGUID, ALT_GEO_CODE, GEO_LEVEL, GEO_NAME, TNR_SF, TNR_LF,
DATA_QUALITY_FLAG, CHARACTERISTIC_ID, CHARACTERISTIC_NAME, CHARACTERISTIC_NOTE,
C1_COUNT_TOTAL, SYMBOL, C2_COUNT_MEN+, SYMBOL, C3_COUNT_WOMEN+, SYMBOL, C10_RATE_TOTAL,
SYMBOL, C11_RATE_MEN+, SYMBOL, C12_RATE_WOMEN+, SYMBOL`` (six columns are all called
``SYMBOL``: each holds the symbol of the value column before it); the 2016 one is
``CENSUS_YEAR, GEO_CODE (POR), GEO_LEVEL, GEO_NAME, GNR, GNR_LF, DATA_QUALITY_FLAG,
CSD_TYPE_NAME, ALT_GEO_CODE, DIM: Profile of Census Subdivisions (2247), Member ID: …,
Notes: …, Dim: Sex (3): Member ID: [1]: Total - Sex, … [2]: Male, … [3]: Female``, with the
symbols written in the value cells themselves. The files are encoded in Latin-1
(Windows-1252).

The reader streams the file in fixed-size binary chunks (a loose CSV, or the member of the
zip as downloaded, read without extracting it), so its memory does not grow with the file:
it keeps only the rows of Québec census subdivisions (a 7-digit code starting with ``24``;
``GEO_LEVEL`` = ``Census subdivision`` in 2021) and of the characteristics the book uses,
chosen by ID from :data:`CHARACTERISTICS`. Every line is checked to be Latin-1 text.

Published symbols become missing values, counted per characteristic in the file's report:
``..`` (not available for a specific reference period), ``...`` (not applicable), ``x``
(suppressed to meet the confidentiality requirements of the Statistics Act) and ``F`` (too
unreliable to be published), both censuses; the 2021 quality flags ``E`` (use with
caution), ``r`` (revised) and ``rE`` keep the published value and are counted as flags.
A value that is neither a number nor one of these symbols stops the build.

Tolerances, for details the official documentation does not settle (each is reported):

* a file that starts with a UTF-8 byte-order mark is read as UTF-8 (the 2016 metadata
  files of the same product are UTF-8 with a BOM; the encoding of the 2016 data file could
  not be confirmed here); without a BOM, a line that is valid UTF-8 but not plain ASCII
  means the file was re-encoded, and stops the build;
* a symbol may stand in the value cell itself (2016 layout) or in the ``SYMBOL`` column
  after an empty value (2021 layout); an empty value without a symbol is missing and
  counted as ``(blank)``; a number published together with a suppression symbol is kept
  and counted;
* every characteristic is matched by ID and its name checked against the official name;
  when the name at that ID differs (another release numbered them differently), the rows
  are matched by the official name inside its "Total" section instead, and the report says
  which characteristics were matched how.

References
----------
Statistics Canada (2022). *Census Profile, 2021 Census of Population*, catalogue
98-401-X2021005 (comprehensive download; record layout in ``README_meta.txt``, symbols and
characteristics in ``98-401-X2021006_English_meta.txt``, "Characteristic (2631)").
https://www12.statcan.gc.ca/census-recensement/2021/dp-pd/prof/details/download-telecharger.cfm?Lang=E

Statistics Canada (2019). *Census Profile, 2016 Census*, census subdivisions of Québec,
catalogue 98-401-X2016065 (``README_meta.txt``, ``98-401-X2016065_English_meta.txt``,
"Profile of Census Subdivisions (2247)").
https://www12.statcan.gc.ca/census-recensement/2016/dp-pd/prof/details/download-telecharger/comp/page_dl-tc.cfm?Lang=E
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.census import INDICATORS_2021, SHARE_MAX
from analysis.data.pipeline.io import FileReport
from analysis.data.pipeline.locate import find_all

CHUNK_BYTES = 8 * 1024 * 1024
"""Bytes read at a time: the reader's memory is a few chunks, whatever the file size."""

# -------------------------------------------------------------------------------------
# Official record layouts, symbols and file names


HEADER_2021 = (
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
)
"""The 2021 record layout (``README_meta.txt`` of the 2021 Census Profile downloads)."""

HEADER_2016 = (
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
)
"""The 2016 record layout (``README_meta.txt`` of 98-401-X2016065)."""

MISSING_SYMBOLS = {
    "..": "not available for a specific reference period",
    "...": "not applicable",
    "x": "suppressed to meet the confidentiality requirements of the Statistics Act",
    "F": "too unreliable to be published",
}
"""Symbols that stand for a value not published (both censuses): they become missing values."""

FLAG_SYMBOLS = {
    2021: {"E": "use with caution", "r": "revised", "rE": "revised, use with caution"},
    2016: {},
}
"""Quality flags documented for each census: the published value is kept and the flag counted."""

BLANK = "(blank)"

FILES = {
    2021: (
        ("98-401-X2021005_English_CSV_data*.csv",),
        ("98-401-X2021005_*.zip",),
        ("98-401-X2021006_English_CSV_data_Quebec*.csv",),
        ("98-401-X2021006_*Quebec*.zip",),
    ),
    2016: (
        ("98-401-X2016065_English_CSV_data*.csv",),
        ("98-401-X2016065_*.zip",),
    ),
}
"""Name patterns of the official files, in order of preference (loose CSV before the zip,
the CSD product before the regional split of the DA product)."""

PRODUCTS = {2021: "98-401-X2021005", 2016: "98-401-X2016065"}
MEMBER = re.compile(r"_CSV_data[^/]*\.csv$", re.IGNORECASE)
EXTRACTS = {2021: ("census2021_csd_*.csv",), 2016: ("total_csd_info_2016*.csv", "csd_age_cohorts_2016*.csv")}
"""The third-party extracts the official files replace (:mod:`analysis.data.pipeline.census`)."""


# -------------------------------------------------------------------------------------
# The characteristics the book uses


@dataclass(frozen=True)
class Characteristic:
    """One characteristic of a Census Profile, as published.

    ``name`` is the official name without its footnote number; ``section`` the official
    name of the "Total" heading it sits under (None for a total or a stand-alone line);
    ``used_for`` what the book computes from it.
    """

    census: int
    id: int
    name: str
    section: str | None
    used_for: str


_AGE_16 = "Total - Age groups and average age of the population - 100% data"
_EDU_16 = (
    "Total - Highest certificate, diploma or degree for the population aged 25 to 64 years in private households "
    "- 25% sample data"
)
_IND_16 = (
    "Total Labour Force population aged 15 years and over by Industry - North American Industry Classification "
    "System (NAICS) 2012 - 25% sample data"
)
_COM_16 = (
    "Total - Commuting destination for the employed labour force aged 15 years and over in private households "
    "with a usual place of work - 25% sample data"
)
_INC_21 = "Total - Income statistics for private households - 100% data"
_KOL_21 = (
    "Total - Knowledge of official languages for the total population excluding institutional residents - 100% data"
)
_FOL_21 = (
    "Total - First official language spoken for the total population excluding institutional residents - 100% data"
)
_CON_21 = "Total - Occupied private dwellings by dwelling condition - 25% sample data"
_OWN_21 = "Total - Owner households in non-farm, non-reserve private dwellings - 25% sample data"
_TEN_21 = "Total - Tenant households in non-farm, non-reserve private dwellings - 25% sample data"
_IMM_21 = (
    "Total - Immigrant status and period of immigration for the population in private households - 25% sample data"
)
_VM_21 = "Total - Visible minority for the population in private households - 25% sample data"
_EDU_21 = (
    "Total - Highest certificate, diploma or degree for the population aged 25 to 64 years in private households "
    "- 25% sample data"
)
_IND_21 = (
    "Total - Labour force aged 15 years and over by industry - Sectors - North American Industry Classification "
    "System (NAICS) 2017 - 25% sample data"
)
_MOD_21 = (
    "Total - Main mode of commuting for the employed labour force aged 15 years and over with a usual place of "
    "work or no fixed workplace address - 25% sample data"
)
_DUR_21 = (
    "Total - Commuting duration for the employed labour force aged 15 years and over with a usual place of work "
    "or no fixed workplace address - 25% sample data"
)
_KNOW = "knowledge_industries_pct: numerator (NAICS 51, 52, 54, 55)"

CHARACTERISTICS: tuple[Characteristic, ...] = (
    # 2016: IDs and names from 98-401-X2016065_English_meta.txt ("Profile of Census Subdivisions (2247)").
    Characteristic(2016, 1, "Population, 2016", None, "pop_census_2016"),
    Characteristic(2016, 8, _AGE_16, None, "age_0_14_pct_2016, age_65_plus_pct_2016: denominator"),
    Characteristic(2016, 9, "0 to 14 years", _AGE_16, "age_0_14_pct_2016: numerator"),
    Characteristic(2016, 24, "65 years and over", _AGE_16, "age_65_plus_pct_2016: numerator"),
    Characteristic(2016, 1698, _EDU_16, None, "university_25_64_pct_2016: denominator"),
    Characteristic(
        2016,
        1707,
        "University certificate, diploma or degree at bachelor level or above",
        _EDU_16,
        "university_25_64_pct_2016: numerator",
    ),
    Characteristic(2016, 1899, "All industry categories", _IND_16, "knowledge_industries_pct_2016: denominator"),
    Characteristic(2016, 1908, "51 Information and cultural industries", _IND_16, _KNOW),
    Characteristic(2016, 1909, "52 Finance and insurance", _IND_16, _KNOW),
    Characteristic(2016, 1911, "54 Professional, scientific and technical services", _IND_16, _KNOW),
    Characteristic(2016, 1912, "55 Management of companies and enterprises", _IND_16, _KNOW),
    Characteristic(
        2016, 1926, "Commute within census subdivision (CSD) of residence", _COM_16, "commute_within_csd_pct_2016"
    ),
    Characteristic(
        2016,
        1927,
        "Commute to a different census subdivision (CSD) within census division (CD) of residence",
        _COM_16,
        "commute_within_cd_pct_2016",
    ),
    Characteristic(
        2016,
        1928,
        "Commute to a different census subdivision (CSD) and census division (CD) within province or territory "
        "of residence",
        _COM_16,
        "commute_other_cd_pct_2016",
    ),
    Characteristic(
        2016, 1929, "Commute to a different province or territory", _COM_16, "commute_other_province_pct_2016"
    ),
    # 2021: IDs and names from the 2021 Census Profile metadata ("Characteristic (2631)"), the same for
    # 98-401-X2021005 and 98-401-X2021006.
    Characteristic(2021, 1, "Population, 2021", None, "pop_census_2021"),
    Characteristic(2021, 3, "Population percentage change, 2016 to 2021", None, "pop_change_2016_2021_pct"),
    Characteristic(2021, 6, "Population density per square kilometre", None, "density_2021"),
    Characteristic(2021, 7, "Land area in square kilometres", None, "land_area_2021_km2"),
    Characteristic(2021, 40, "Median age of the population", None, "median_age_2021"),
    Characteristic(2021, 243, "Median total income of household in 2020 ($)", _INC_21, "median_household_income_2020"),
    Characteristic(2021, 383, _KOL_21, None, "bilingual_pct_2021: denominator"),
    Characteristic(2021, 386, "English and French", _KOL_21, "bilingual_pct_2021: numerator"),
    Characteristic(2021, 388, _FOL_21, None, "french_fols_pct_2021: denominator"),
    Characteristic(2021, 390, "French", _FOL_21, "french_fols_pct_2021: numerator"),
    Characteristic(2021, 1449, _CON_21, None, "major_repairs_pct_2021: denominator"),
    Characteristic(2021, 1451, "Major repairs needed", _CON_21, "major_repairs_pct_2021: numerator"),
    Characteristic(
        2021,
        1484,
        "% of owner households spending 30% or more of its income on shelter costs",
        _OWN_21,
        "owner_shelter_burden_pct_2021",
    ),
    Characteristic(2021, 1488, "Median value of dwellings ($)", _OWN_21, "dwelling_value_median_2021"),
    Characteristic(
        2021,
        1492,
        "% of tenant households spending 30% or more of its income on shelter costs",
        _TEN_21,
        "tenant_shelter_burden_pct_2021",
    ),
    Characteristic(2021, 1494, "Median monthly shelter costs for rented dwellings ($)", _TEN_21, "rent_median_2021"),
    Characteristic(2021, 1527, _IMM_21, None, "immigrants_pct_2021: denominator"),
    Characteristic(2021, 1529, "Immigrants", _IMM_21, "immigrants_pct_2021: numerator"),
    Characteristic(2021, 1683, _VM_21, None, "visible_minority_pct_2021: denominator"),
    Characteristic(2021, 1684, "Total visible minority population", _VM_21, "visible_minority_pct_2021: numerator"),
    Characteristic(2021, 2014, _EDU_21, None, "university_25_64_pct_2021: denominator"),
    Characteristic(2021, 2024, "Bachelor's degree or higher", _EDU_21, "university_25_64_pct_2021: numerator"),
    Characteristic(2021, 2230, "Unemployment rate", None, "unemployment_rate_2021"),
    Characteristic(2021, 2261, "All industries", _IND_21, "knowledge_industries_pct_2021: denominator"),
    Characteristic(2021, 2270, "51 Information and cultural industries", _IND_21, _KNOW),
    Characteristic(2021, 2271, "52 Finance and insurance", _IND_21, _KNOW),
    Characteristic(2021, 2273, "54 Professional, scientific and technical services", _IND_21, _KNOW),
    Characteristic(2021, 2274, "55 Management of companies and enterprises", _IND_21, _KNOW),
    Characteristic(2021, 2603, _MOD_21, None, "commute_*_pct_2021 (mode): denominator"),
    Characteristic(2021, 2604, "Car, truck or van", _MOD_21, "commute_car_pct_2021"),
    Characteristic(2021, 2607, "Public transit", _MOD_21, "commute_transit_pct_2021"),
    Characteristic(2021, 2608, "Walked", _MOD_21, "commute_walk_pct_2021"),
    Characteristic(2021, 2609, "Bicycle", _MOD_21, "commute_bike_pct_2021"),
    Characteristic(2021, 2611, _DUR_21, None, "commute_*_pct_2021 (duration): denominator"),
    Characteristic(2021, 2612, "Less than 15 minutes", _DUR_21, "commute_under_15min_pct_2021"),
    Characteristic(2021, 2616, "60 minutes and over", _DUR_21, "commute_60min_plus_pct_2021"),
)
"""The characteristics read from each census, by ID, with their official names."""


@dataclass(frozen=True)
class Measure:
    """One processed column: a published value (``value``) or a share ``100 * sum(numerators) / denominator``."""

    column: str
    numerators: tuple[int, ...]
    denominator: int | None = None
    minimum: float | None = 0
    maximum: float | None = None
    integer: bool = False


def _indicator(column: str, cid: int) -> Measure:
    bounds = {name: (low, high) for name, low, high in INDICATORS_2021.values()}
    low, high = bounds[column]
    return Measure(column, (cid,), minimum=low, maximum=high, integer=column == "pop_census_2021")


def _share(column: str, numerators: tuple[int, ...], denominator: int) -> Measure:
    return Measure(column, numerators, denominator, minimum=0, maximum=SHARE_MAX)


MEASURES = {
    2021: (
        _indicator("pop_census_2021", 1),
        _indicator("pop_change_2016_2021_pct", 3),
        _indicator("density_2021", 6),
        _indicator("land_area_2021_km2", 7),
        _indicator("median_age_2021", 40),
        _indicator("median_household_income_2020", 243),
        _indicator("unemployment_rate_2021", 2230),
        _share("commute_car_pct_2021", (2604,), 2603),
        _share("commute_transit_pct_2021", (2607,), 2603),
        _share("commute_walk_pct_2021", (2608,), 2603),
        _share("commute_bike_pct_2021", (2609,), 2603),
        _share("commute_under_15min_pct_2021", (2612,), 2611),
        _share("commute_60min_plus_pct_2021", (2616,), 2611),
        _share("french_fols_pct_2021", (390,), 388),
        _share("bilingual_pct_2021", (386,), 383),
        _share("immigrants_pct_2021", (1529,), 1527),
        _share("visible_minority_pct_2021", (1684,), 1683),
        _indicator("dwelling_value_median_2021", 1488),
        _indicator("rent_median_2021", 1494),
        _indicator("owner_shelter_burden_pct_2021", 1484),
        _indicator("tenant_shelter_burden_pct_2021", 1492),
        _share("major_repairs_pct_2021", (1451,), 1449),
        _share("university_25_64_pct_2021", (2024,), 2014),
        _share("knowledge_industries_pct_2021", (2270, 2271, 2273, 2274), 2261),
    ),
    2016: (
        Measure("pop_census_2016", (1,), integer=True),
        _share("age_0_14_pct_2016", (9,), 8),
        _share("age_65_plus_pct_2016", (24,), 8),
        _share("university_25_64_pct_2016", (1707,), 1698),
        _share("knowledge_industries_pct_2016", (1908, 1909, 1911, 1912), 1899),
    ),
}
"""What the reader computes from the characteristics, per census (commuting 2016 is below)."""

COMMUTE_2016 = {
    1926: "commute_within_csd_pct_2016",
    1927: "commute_within_cd_pct_2016",
    1928: "commute_other_cd_pct_2016",
    1929: "commute_other_province_pct_2016",
}
"""2016 commuting destinations: shares of their sum (``commuters_2016``), as from the 2016 extract."""

NEW_COLUMNS = (
    "university_25_64_pct_2016",
    "knowledge_industries_pct_2016",
    "university_25_64_pct_2021",
    "knowledge_industries_pct_2021",
)
"""Columns only the official files give (absent from the processed tables without them)."""

AGE_COLUMNS_2016 = ("age_0_14_pct_2016", "age_65_plus_pct_2016")


# -------------------------------------------------------------------------------------
# Finding the files


@dataclass(frozen=True)
class ProfileFile:
    """One data file: a loose CSV (``member`` None) or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def label(self) -> str:
        """Where it is, for messages: ``path`` or ``path!member``."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    @property
    def name(self) -> str:
        """File name (and member) without the folder, for the build report."""
        return f"{self.path.name}!{self.member}" if self.member else self.path.name

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        if self.member is None:
            with open(self.path, "rb") as handle:
                yield handle
        else:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                yield handle


def _zip_members(path: Path, census: int) -> list[ProfileFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as error:
        raise InputError(path, f"is not a readable zip archive ({error})", hint="download the file again") from error
    product = ("98-401-X2021005", "98-401-X2021006") if census == 2021 else ("98-401-X2016065",)
    members = [
        n for n in sorted(names) if MEMBER.search(n) and n.rsplit("/", 1)[-1].startswith(product) and "_English_" in n
    ]
    if not members:
        raise InputError(
            path,
            f"the zip holds no Census Profile data file (*_English_CSV_data*.csv); members: {names[:10]}",
            hint="download the CSV version of the comprehensive Census Profile file",
        )
    return [ProfileFile(path, m) for m in members]


def find_official(raw: Path) -> dict[int, list[ProfileFile]]:
    """The official Census Profile data files present in the raw folder, by census year.

    For each census the first group of :data:`FILES` that matches wins: loose CSVs
    (``98-401-X2021005_English_CSV_data.csv``) before the zip as downloaded
    (``98-401-X2021005_eng_CSV.zip``), the CSD product before the Québec part of the
    dissemination-area product 98-401-X2021006.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder (files are found by name anywhere below it).

    Returns
    -------
    dict of int to list of ProfileFile
        ``{2021: [...], 2016: [...]}``, only the censuses whose files are present.

    Raises
    ------
    InputError
        When several zips of the same product are present, or a zip holds no data file.
    """
    found: dict[int, list[ProfileFile]] = {}
    for census, groups in FILES.items():
        for patterns in groups:
            paths = sorted({p for pattern in patterns for p in find_all(raw, pattern)}, key=lambda p: p.as_posix())
            if not paths:
                continue
            zips = [p for p in paths if p.suffix.lower() == ".zip"]
            if len(zips) > 1:
                raise InputError(
                    raw,
                    f"several zips of the {census} Census Profile: {[str(p.relative_to(raw)) for p in zips]}",
                    hint="keep one copy of each download in the raw folder",
                )
            files = [ProfileFile(p) for p in paths if p.suffix.lower() != ".zip"]
            for p in zips:
                files += _zip_members(p, census)
            found[census] = files
            break
    return found


def extracts_present(raw: Path, census: int) -> list[Path]:
    """The third-party extracts of ``census`` present in the raw folder (which the official file replaces).

    Parameters
    ----------
    raw : pathlib.Path
    census : {2016, 2021}

    Returns
    -------
    list of pathlib.Path
    """
    return sorted({p for pattern in EXTRACTS[census] for p in find_all(raw, pattern)}, key=lambda p: p.as_posix())


# -------------------------------------------------------------------------------------
# Streaming one file


_FOOTNOTE = re.compile(r"(\s*\(\d+\))+\s*$")
_NOT_KEY = re.compile(r"[^0-9a-z%$]+")


def normalise(name: str) -> str:
    """A characteristic name for comparisons: letters, digits, ``%`` and ``$`` only, case-folded.

    Footnote numbers (``(1)``), indentation, spacing, punctuation and typographic quotes
    or dashes do not count; any change of wording does.

    Parameters
    ----------
    name : str
        E.g. ``"  Population, 2021 (1)"``.

    Returns
    -------
    str
        E.g. ``"population2021"``.
    """
    return _NOT_KEY.sub("", _FOOTNOTE.sub("", name).casefold())


@dataclass
class _Layout:
    census: int
    columns: list[str]
    year: int | None
    geo: int
    level: int | None
    geo_name: int
    cid: int
    cname: int
    value: int
    symbol: int | None
    fast: bool = False  # the geographic code can be cut from the raw line (no free text before it)


def _layout(header: list[str], census: int, label: str) -> _Layout:
    columns = [c.strip() for c in header]
    lowered = [c.casefold() for c in columns]

    def index(name: str) -> int:
        return lowered.index(name.casefold())

    def prefixed(prefix: str) -> str | None:
        hits = [c for c in columns if c.casefold().startswith(prefix.casefold())]
        return hits[0] if hits else None

    if census == 2021:
        required = [
            "ALT_GEO_CODE",
            "GEO_LEVEL",
            "GEO_NAME",
            "CHARACTERISTIC_ID",
            "CHARACTERISTIC_NAME",
            "C1_COUNT_TOTAL",
        ]
        official = HEADER_2021
    else:
        dim = prefixed("DIM: Profile of") or "DIM: Profile of Census Subdivisions (2247)"
        member = prefixed("Member ID: Profile of") or "Member ID: Profile of Census Subdivisions (2247)"
        required = ["GEO_CODE (POR)", "GEO_NAME", dim, member, "Dim: Sex (3): Member ID: [1]: Total - Sex"]
        official = HEADER_2016
    missing = [c for c in required if c.casefold() not in lowered]
    if census == 2021 and not missing:
        after = index("C1_COUNT_TOTAL") + 1
        if after >= len(columns) or lowered[after] != "symbol":
            missing.append("SYMBOL (after C1_COUNT_TOTAL)")
    if missing:
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
            if close:
                hints.append(f"{name!r} may have been renamed {close[0]!r}")
        raise InputError(
            label,
            f"missing column(s) {missing} of the {census} Census Profile layout; columns found: {columns}",
            column=", ".join(missing),
            hint="; ".join(hints) or f"the official header is {list(official)}",
        )
    year = index("CENSUS_YEAR") if "census_year" in lowered else None
    if census == 2021:
        layout = _Layout(
            census=census,
            columns=columns,
            year=year,
            geo=index("ALT_GEO_CODE"),
            level=index("GEO_LEVEL"),
            geo_name=index("GEO_NAME"),
            cid=index("CHARACTERISTIC_ID"),
            cname=index("CHARACTERISTIC_NAME"),
            value=index("C1_COUNT_TOTAL"),
            symbol=index("C1_COUNT_TOTAL") + 1,
        )
    else:
        layout = _Layout(
            census=census,
            columns=columns,
            year=year,
            geo=index("GEO_CODE (POR)"),
            level=None,
            geo_name=index("GEO_NAME"),
            cid=index(member),
            cname=index(dim),
            value=index("Dim: Sex (3): Member ID: [1]: Total - Sex"),
            symbol=None,
        )
    # The code can be cut from the raw line when no column before it may hold a comma (year, DGUID).
    layout.fast = all(c in ("CENSUS_YEAR", "DGUID") for c in columns[: layout.geo])
    return layout


@dataclass
class _Extract:
    """What one file gave: kept values by characteristic, names, and the report."""

    source: ProfileFile
    report: FileReport
    names: dict[str, str] = field(default_factory=dict)
    by_id: dict[int, dict[str, tuple[int, str, str]]] = field(default_factory=dict)
    id_names: dict[int, set[str]] = field(default_factory=dict)
    by_name: dict[int, dict[str, tuple[int, str, str]]] = field(default_factory=dict)
    name_duplicates: set[int] = field(default_factory=set)
    flags: dict[str, int] = field(default_factory=dict)


class _Decoder:
    """Strict decoding: Windows-1252 (Latin-1), or UTF-8 when the file starts with a BOM.

    Whole blocks of lines are validated at once (``check``); only when a block fails is it
    scanned line by line to name the first bad line.
    """

    def __init__(self, label: str, utf8: bool) -> None:
        self.label = label
        self.utf8 = utf8
        self.name = "UTF-8" if utf8 else "Windows-1252"
        self.codec = "utf-8" if utf8 else "cp1252"

    def check(self, block: bytes, first_line: int) -> None:
        """Validate ``block`` (complete lines) whose first line is number ``first_line``.

        In Latin-1 mode a block that is valid UTF-8 but not plain ASCII was re-encoded
        (French names in Latin-1 are never valid UTF-8).
        """
        if block.isascii():
            return
        try:
            block.decode("utf-8")
            if self.utf8:
                return
        except UnicodeDecodeError:
            if not self.utf8:
                try:
                    block.decode("cp1252")
                    return
                except UnicodeDecodeError:
                    pass
        for number, line in enumerate(block.split(b"\n"), first_line):
            self.decode(line, number)

    def decode(self, line: bytes, number: int) -> str:
        """One line as text; raises InputError naming the line when it is not in the file's encoding."""
        if self.utf8:
            try:
                return line.decode("utf-8")
            except UnicodeDecodeError as error:
                self._fail(line, number, error, "UTF-8 (the file starts with a UTF-8 byte-order mark)")
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                raise InputError(
                    self.label,
                    f"line {number} is UTF-8 text, not Latin-1 (Windows-1252) as Statistics Canada publishes this file",
                    examples=[f"line {number}: {line[:160]!r}"],
                    hint="the file was re-encoded after download; use the file as downloaded from Statistics Canada",
                )
        try:
            return line.decode("cp1252")
        except UnicodeDecodeError as error:
            self._fail(line, number, error, "Latin-1 (Windows-1252)")
        raise AssertionError("unreachable")

    def _fail(self, line: bytes, number: int, error: UnicodeDecodeError, what: str) -> None:
        raise InputError(
            self.label,
            f"cannot be decoded as {what} (byte {line[error.start : error.start + 1]!r} at line {number})",
            examples=[f"line {number}: {line[:160]!r}"],
            hint="this is not the encoding Statistics Canada publishes; download the file again",
        )


def _blocks(handle: BinaryIO, hasher, chunk_bytes: int) -> Iterator[bytes]:
    """Blocks of complete lines (the last ``\\n`` removed), read ``chunk_bytes`` at a time."""
    rest = b""
    while True:
        chunk = handle.read(chunk_bytes)
        if not chunk:
            break
        hasher.update(chunk)
        data = rest + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        rest = data[cut + 1 :]
        yield data[:cut]
    if rest:
        yield rest


def _header(line: bytes, census: int, label: str) -> tuple[_Decoder, _Layout]:
    if line.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            label,
            "the file is encoded in UTF-16, which Statistics Canada does not use",
            hint="use the file as downloaded (Latin-1)",
        )
    utf8 = line.startswith(b"\xef\xbb\xbf")
    decoder = _Decoder(label, utf8)
    text = decoder.decode(line[3:] if utf8 else line, 1).rstrip("\r")
    if not text.strip():
        raise InputError(label, "the file is empty (no header line)")
    return decoder, _layout(next(csv.reader([text])), census, label)


class _Keeper:
    """Keeps the wanted cells of the Québec CSD rows, in file order (geography, then characteristic)."""

    def __init__(self, extract: _Extract, layout: _Layout, census: int) -> None:
        self.extract, self.layout, self.census = extract, layout, str(census)
        wanted = [c for c in CHARACTERISTICS if c.census == census]
        self.wanted = {str(c.id): c.id for c in wanted}
        self.by_name: dict[str, dict[str | None, int]] = {}
        for c in wanted:
            self.by_name.setdefault(normalise(c.name), {})[normalise(c.section) if c.section else None] = c.id
        self.names: dict[str, tuple[str | None, dict[str | None, int] | None]] = {}
        self.width = 1 + max(layout.geo, layout.level or 0, layout.cid, layout.cname, layout.value, layout.symbol or 0)
        self.code = ""
        self.section: str | None = None
        self.skipped = 0

    def _name(self, text: str) -> tuple[str | None, dict[str | None, int] | None]:
        norm = normalise(text)
        info = (norm if norm.startswith("total") else None, self.by_name.get(norm))
        self.names[text] = info
        return info

    def rows(self, rows: Iterator[list[str]], numbers: list[int]) -> None:
        layout, extract, label = self.layout, self.extract, self.extract.source.label
        for row, number in zip(rows, numbers):
            if len(row) < self.width:
                raise InputError(
                    label,
                    f"line {number} has {len(row)} field(s), fewer than the {len(layout.columns)} columns of the header",
                    examples=[f"line {number}: {','.join(row)[:160]!r}"],
                    hint="the file looks truncated or edited; download it again from Statistics Canada",
                )
            if layout.level is not None:
                level = row[layout.level]
                if level != "Census subdivision" and level.strip().casefold() != "census subdivision":
                    self.skipped += 1
                    continue
            if layout.year is not None and row[layout.year] != self.census and row[layout.year].strip() != self.census:
                raise InputError(
                    label,
                    f"CENSUS_YEAR is {row[layout.year].strip()!r}, not {self.census}: "
                    f"this is not the {self.census} Census Profile",
                    column="CENSUS_YEAR",
                    examples=[f"line {number}: {row[layout.year]!r}"],
                )
            code = row[layout.geo].strip()
            if code != self.code:
                self.code, self.section = code, None
                extract.names.setdefault(code, row[layout.geo_name].strip())
            text = row[layout.cname]
            total, sections = self.names.get(text) or self._name(text)
            cid_text = row[layout.cid].strip()
            cid = self.wanted.get(cid_text)
            if cid is None and not cid_text.isdigit():
                raise InputError(
                    label,
                    f"the characteristic ID at line {number} is not a whole number",
                    column=layout.columns[layout.cid],
                    examples=[f"line {number}: {cid_text!r}"],
                )
            if cid is not None or sections is not None:
                cell = (number, row[layout.value], row[layout.symbol] if layout.symbol is not None else "")
                if cid is not None:
                    extract.by_id.setdefault(cid, {})[code] = cell
                    extract.id_names.setdefault(cid, set()).add(normalise(text))
                if sections is not None:
                    by_name = sections.get(self.section) or sections.get(None)
                    if by_name is not None:
                        seen = extract.by_name.setdefault(by_name, {})
                        if code in seen:
                            extract.name_duplicates.add(by_name)
                        seen[code] = cell
            if total is not None:
                self.section = total


def _stream(source: ProfileFile, census: int, chunk_bytes: int | None = None) -> _Extract:
    """Read one file once, keeping the wanted rows of Québec census subdivisions."""
    label = source.label
    hasher = hashlib.sha256()
    decoder: _Decoder | None = None
    layout: _Layout | None = None
    keeper: _Keeper | None = None
    line_no = 0  # lines before the current block
    data_rows = 0
    with source.open() as handle:
        for block in _blocks(handle, hasher, chunk_bytes or CHUNK_BYTES):
            if layout is None:  # the header, then the rest of the block
                head, _, block = block.partition(b"\n")
                decoder, layout = _header(head, census, label)
                keeper = _Keeper(
                    _Extract(source, FileReport(path=label, sha256="", encoding=decoder.name)), layout, census
                )
                line_no = 1
                if not block:
                    continue
            assert decoder is not None and keeper is not None
            decoder.check(block, line_no + 1)
            lines = block.split(b"\n")
            texts: list[str] = []
            numbers: list[int] = []
            codec = decoder.codec
            if layout.fast:
                cut, geo = layout.geo + 1, layout.geo
                for number, line in enumerate(lines, line_no + 1):
                    parts = line.split(b",", cut)
                    if len(parts) <= geo:
                        if line.strip():
                            raise InputError(
                                label,
                                f"line {number} has fewer fields than the header",
                                examples=[f"line {number}: {line[:160]!r}"],
                                hint="the file looks truncated; download it again from Statistics Canada",
                            )
                        continue
                    code = parts[geo].strip(b'" ')
                    data_rows += 1
                    if len(code) == 7 and code.startswith(b"24") and code.isdigit():
                        texts.append(line.decode(codec).rstrip("\r"))
                        numbers.append(number)
            else:
                for number, line in enumerate(lines, line_no + 1):
                    if not line.strip():
                        continue
                    data_rows += 1
                    text = line.decode(codec).rstrip("\r")
                    row = next(csv.reader([text]))
                    code_text = row[layout.geo].strip() if len(row) > layout.geo else ""
                    if len(code_text) == 7 and code_text.startswith("24") and code_text.isdigit():
                        texts.append(text)
                        numbers.append(number)
            line_no += len(lines)
            if texts:
                keeper.rows(csv.reader(texts), numbers)
    if layout is None or keeper is None:
        raise InputError(label, "the file is empty (no header line)")
    if not data_rows:
        raise InputError(label, "the file has a header but no data rows")
    extract = keeper.extract
    extract.report.sha256 = hasher.hexdigest()
    extract.report.rows_read = data_rows
    extract.report.rows_kept = len(extract.names)
    if keeper.skipped:
        extract.flags["rows with a 7-digit Québec code that are not census subdivisions, skipped"] = keeper.skipped
    return extract


# -------------------------------------------------------------------------------------
# From kept rows to measures


def _resolve(extracts: list[_Extract], census: int) -> tuple[dict[int, dict[str, tuple]], dict[int, str]]:
    """For each characteristic, its cells by CSD (from the ID, else the name) and how they were matched."""
    cells: dict[int, dict[str, tuple]] = {}
    matched: dict[int, str] = {}
    for c in (c for c in CHARACTERISTICS if c.census == census):
        expected = normalise(c.name)
        id_ok = all(e.id_names.get(c.id, {expected}) == {expected} for e in extracts)
        id_found = any(c.id in e.by_id for e in extracts)
        name_found = any(c.id in e.by_name for e in extracts)
        if id_found and id_ok:
            how, pick = "id", "by_id"
        elif name_found and not any(c.id in e.name_duplicates for e in extracts):
            how, pick = "name", "by_name"
        else:
            how, pick = ("ambiguous name" if name_found else "not found"), None
        matched[c.id] = how
        merged: dict[str, tuple] = {}
        if pick is not None:
            for e in extracts:
                for code, cell in getattr(e, pick).get(c.id, {}).items():
                    if code in merged:
                        other = merged[code][3]
                        raise InputError(
                            e.source.label,
                            f"CSD {code} appears twice for characteristic {c.id} ({c.name}): "
                            f"in {other.source.label} and in this file",
                            examples=[f"line {cell[0]}", f"{other.source.label} line {merged[code][0]}"],
                            hint="keep one copy of each Census Profile file in the raw folder",
                        )
                    merged[code] = (*cell, e)
        cells[c.id] = merged
    return cells, matched


def _numbers(cells: dict[int, dict[str, tuple]], census: int, codes: list[str]) -> pd.DataFrame:
    """Characteristic values by CSD (float), symbols turned into missing values and counted per file."""
    flags = FLAG_SYMBOLS[census]
    out = pd.DataFrame(index=pd.Index(codes, name="csd_uid"))
    for c in (c for c in CHARACTERISTICS if c.census == census):
        values = np.full(len(codes), np.nan)
        position = {code: i for i, code in enumerate(codes)}
        bad: list[tuple[_Extract, int, str, str]] = []
        for code, (number, value, symbol, extract) in cells[c.id].items():
            value, symbol = value.strip(), symbol.strip()
            key = f"{c.id} {c.name}"
            if value == "":
                if symbol in MISSING_SYMBOLS or symbol in flags:
                    extract.report.add_missing(f"{key}: {symbol}", 1)
                elif symbol == "":
                    extract.report.add_missing(f"{key}: {BLANK}", 1)
                else:
                    bad.append((extract, number, value, symbol))
                continue
            try:
                number_value = float(value)
            except ValueError:
                if value in MISSING_SYMBOLS and symbol in ("", value):
                    extract.report.add_missing(f"{key}: {value}", 1)
                else:
                    bad.append((extract, number, value, symbol))
                continue
            if not np.isfinite(number_value):
                bad.append((extract, number, value, symbol))
                continue
            values[position[code]] = number_value
            if symbol in flags:
                flag = f"{key}: {symbol} ({flags[symbol]}), value kept"
            elif symbol in MISSING_SYMBOLS:
                flag = f"{key}: {symbol} published with a value, value kept"
            elif symbol:
                bad.append((extract, number, value, symbol))
                continue
            else:
                continue
            extract.flags[flag] = extract.flags.get(flag, 0) + 1
        if bad:
            extract = bad[0][0]
            layout_column = "C1_COUNT_TOTAL and SYMBOL" if census == 2021 else HEADER_2016[12]
            documented = ", ".join(repr(s) for s in [*MISSING_SYMBOLS, *flags])
            raise InputError(
                extract.source.label,
                f"{len(bad)} value(s) of characteristic {c.id} ({c.name}) are neither numbers nor a documented "
                f"symbol ({documented})",
                column=layout_column,
                examples=[f"line {n}: value {v!r}, symbol {s!r}" for _, n, v, s in bad[:5]],
                hint="the file was edited or is not the official download; download it again from Statistics Canada",
            )
        out[c.id] = values
    return out


def _lines_of(cells: dict[int, dict[str, tuple]], cid: int, codes) -> list[str]:
    return [f"line {cells[cid][code][0]} (CSD {code})" for code in codes if code in cells[cid]]


def _check_range(values: pd.Series, measure: Measure, cells, label_of, what: str, cids: tuple[int, ...]) -> None:
    bad = values.notna() & (
        (values < measure.minimum if measure.minimum is not None else False)
        | (values > measure.maximum if measure.maximum is not None else False)
    )
    if bad.any():
        codes = list(values.index[bad])
        raise InputError(
            label_of(cids[0], codes[0]),
            f"{int(bad.sum())} value(s) of {what} are outside the possible range "
            f"[{measure.minimum}, {measure.maximum}] for {measure.column}",
            column=f"characteristic {', '.join(map(str, cids))}",
            examples=[f"{line}: {values[code]!r}" for line, code in zip(_lines_of(cells, cids[0], codes), codes)][:5],
        )


def _measures(numbers: pd.DataFrame, cells, census: int, extracts: list[_Extract]) -> tuple[pd.DataFrame, list[str]]:
    notes: list[str] = []

    def label_of(cid: int, code: str) -> str:
        cell = cells[cid].get(code)
        return cell[3].source.label if cell else extracts[0].source.label

    out = pd.DataFrame(index=numbers.index)
    counts = [cid for m in MEASURES[census] if m.denominator is not None for cid in (*m.numerators, m.denominator)]
    counts += list(COMMUTE_2016) if census == 2016 else []
    for cid in sorted(set(counts)):
        _check_range(numbers[cid], Measure(f"count {cid}", (cid,)), cells, label_of, "a count", (cid,))
    for m in MEASURES[census]:
        top = sum(numbers[cid] for cid in m.numerators)  # missing when any part is missing
        if m.denominator is None:
            values = top
            _check_range(values, m, cells, label_of, f"characteristic {m.numerators[0]}", m.numerators)
            out[m.column] = values.round().astype("Int64") if m.integer else values.astype("float64")
            continue
        bottom = numbers[m.denominator]
        share = (100 * top / bottom).where(bottom > 0)
        zero = int((bottom == 0).sum())
        if zero:
            notes.append(
                f"{m.column}: {zero} CSD(s) with a zero denominator (characteristic {m.denominator}), left missing"
            )
        _check_range(share, m, cells, label_of, "a computed share", (*m.numerators, m.denominator))
        out[m.column] = share.round(1)
    if census == 2016:
        parts = {cid: numbers[cid] for cid in COMMUTE_2016}
        total = sum(parts.values())
        out["commuters_2016"] = total.round().astype("Int64")
        zero = int((total == 0).sum())
        if zero:
            notes.append(f"commute_*_pct_2016: {zero} CSD(s) with no commuter, shares left missing")
        for cid, column in COMMUTE_2016.items():
            out[column] = (100 * parts[cid] / total).where(total > 0).round(1)
    return out, notes


@dataclass
class ProfileResult:
    """What :func:`read_census_profile` returns."""

    frame: pd.DataFrame
    reports: list[FileReport]
    notes: list[str]
    matched_by: dict[int, str]


def read_census_profile(files: list[ProfileFile], census: int, *, chunk_bytes: int | None = None) -> ProfileResult:
    """Measures per Québec census subdivision from the official Census Profile file(s) of one census.

    Streams each file once (:data:`CHUNK_BYTES` at a time), keeps the rows of Québec
    census subdivisions and of :data:`CHARACTERISTICS`, turns the published symbols into
    missing values counted per characteristic, and computes the processed columns.

    Parameters
    ----------
    files : list of ProfileFile
        The data file(s) of one census (:func:`find_official`): loose CSVs or zip members,
        in the official record layout (:data:`HEADER_2021` or :data:`HEADER_2016`).
    census : {2016, 2021}
    chunk_bytes : int, optional
        Bytes read at a time (default :data:`CHUNK_BYTES`; smaller values are for tests).

    Returns
    -------
    ProfileResult
        ``frame``: one row per Québec CSD, ``csd_uid`` (7 digits) and ``csd_name_<census>``
        (``GEO_NAME``), then for **2021** the columns of
        :data:`analysis.data.pipeline.census.INDICATORS_2021` (``pop_census_2021`` as
        ``Int64`` persons; change and shares in %, shares rounded to 0.1; income, dwelling
        value and rent in CAD; density in persons/km², area in km², median age in years)
        plus ``university_25_64_pct_2021`` and ``knowledge_industries_pct_2021``; for
        **2016** ``pop_census_2016``, ``commuters_2016`` (the sum of the four commuting
        destinations), the four ``commute_*_pct_2016`` shares of that sum,
        ``age_0_14_pct_2016``, ``age_65_plus_pct_2016``, ``university_25_64_pct_2016`` and
        ``knowledge_industries_pct_2016`` (%, rounded to 0.1; missing when a part is
        suppressed or the denominator is zero). ``reports``: one
        :class:`~analysis.data.pipeline.io.FileReport` per file (SHA-256 of the CSV bytes,
        encoding, rows read, Québec CSDs kept, missing values per characteristic and
        symbol). ``notes``: how each characteristic was matched (ID or name), quality flags
        counted, zero denominators. ``matched_by``: characteristic ID → ``"id"``,
        ``"name"``, ``"ambiguous name"`` or ``"not found"``.

    Raises
    ------
    InputError
        When a file is not in the official layout (a missing column, named with the
        closest match), is not Latin-1 text, has a truncated line, is from another census
        year, holds no Québec census subdivision, repeats a CSD, or has a value that is
        neither a number nor a documented symbol or is out of its possible range (the file,
        the column and example lines are named).

    References
    ----------
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005) and
    2016 Census (98-401-X2016065), comprehensive downloads and their metadata files.
    Knowledge-intensive industries: NAICS 51 (information and cultural industries), 52
    (finance and insurance), 54 (professional, scientific and technical services) and 55
    (management of companies and enterprises), as a share of the labour force in "All
    industries" (2021) / "All industry categories" (2016), i.e. the *experienced* labour
    force (employed, and unemployed who worked since January 1 of the year before the
    census; footnotes 191 of 2021 and 228 of 2016), by place of residence.
    """
    if census not in MEASURES:
        raise ValueError(f"census must be 2016 or 2021, not {census!r}")
    extracts = [_stream(f, census, chunk_bytes) for f in files]
    cells, matched = _resolve(extracts, census)
    names: dict[str, str] = {}
    for e in extracts:
        for code, name in e.names.items():
            names.setdefault(code, name)
    if not names:
        raise InputError(
            files[0].label,
            "no Québec census subdivision in the file (7-digit codes starting with 24"
            + (", GEO_LEVEL 'Census subdivision')" if census == 2021 else ")"),
            hint=f"this should be the {PRODUCTS[census]} comprehensive download",
        )
    codes = sorted(names)
    numbers = _numbers(cells, census, codes)
    measures, notes = _measures(numbers, cells, census, extracts)
    frame = pd.concat(
        [
            pd.DataFrame({"csd_uid": codes, f"csd_name_{census}": [names[c] for c in codes]}, index=numbers.index),
            measures,
        ],
        axis=1,
    ).reset_index(drop=True)
    by = {"id": [], "name": [], "ambiguous name": [], "not found": []}
    for cid, how in matched.items():
        by[how].append(cid)
    files_text = ", ".join(f.name for f in files)
    notes.insert(
        0,
        f"census {census} (official Census Profile {files_text}): {len(by['id'])} of {len(matched)} characteristics "
        f"matched by ID"
        + (f"; matched by official name because the name at the ID differs: {by['name']}" if by["name"] else "")
        + (
            f"; not found (missing): {by['not found'] + by['ambiguous name']}"
            if by["not found"] or by["ambiguous name"]
            else ""
        ),
    )
    for c in (c for c in CHARACTERISTICS if c.census == census):
        absent = len(codes) - len(cells[c.id])
        if absent and matched[c.id] in ("id", "name"):
            notes.append(f"{c.id} {c.name}: no row for {absent} Québec CSD(s) of the file, left missing")
    for e in extracts:
        for flag, n in sorted(e.flags.items()):
            notes.append(f"{e.source.name}: {flag}: {n}")
    return ProfileResult(frame=frame, reports=[e.report for e in extracts], notes=notes, matched_by=matched)


def choose(raw: Path, census: int, log: Callable[[str], None] | None = None) -> list[ProfileFile]:
    """The official files of ``census`` to read instead of the extract (empty when there are none).

    Parameters
    ----------
    raw : pathlib.Path
    census : {2016, 2021}
    log : callable (str → None), optional
        Receives one line saying which source the build uses.

    Returns
    -------
    list of ProfileFile

    Raises
    ------
    InputError
        From :func:`find_official`.
    """
    files = find_official(raw).get(census, [])
    if log is not None:
        if files:
            log(
                f"  census {census}: official Census Profile {', '.join(f.label for f in files)} (the extract is not read)"
            )
        else:
            log(f"  census {census}: no official Census Profile file ({PRODUCTS[census]}); reading the extract")
    return files


def extract_note(raw: Path, census: int) -> str:
    """Build-report note naming the extracts the official file replaced (empty when there is none).

    Parameters
    ----------
    raw : pathlib.Path
    census : {2016, 2021}

    Returns
    -------
    str
    """
    present = extracts_present(raw, census)
    if not present:
        return ""
    names = ", ".join(p.name for p in present)
    return f"census {census}: the official Census Profile was used; the third-party extract(s) {names} present in the raw folder were not read"
