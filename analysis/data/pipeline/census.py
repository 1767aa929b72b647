"""Readers for census tables: 2021 CSD indicators, 2016 commuting and age, 2021 census divisions.

Blank cells (2021) and ``NA`` (2016) are values suppressed by Statistics Canada (small or
incompletely enumerated CSDs); they become missing values and are counted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, read_table, require_pattern, require_unique, to_number

# 2021 Census Profile characteristics kept for the municipalities table:
# raw column -> (output column, minimum, maximum). Shares computed from two randomly
# rounded counts can exceed 100 slightly in small places (e.g. 101.9 % French-speaking):
# up to 110 they are kept as published; beyond that the file is wrong.
SHARE_MAX = 110
INDICATORS_2021 = {
    "pop": ("pop_census_2021", 0, None),
    "pop_change": ("pop_change_2016_2021_pct", -100, None),
    "density": ("density_2021", 0, None),
    "area_km2": ("land_area_2021_km2", 0, None),
    "median_age": ("median_age_2021", 0, 120),
    "median_hh_income": ("median_household_income_2020", 0, None),
    "unemployment": ("unemployment_rate_2021", 0, 100),
    "commute_car_pct": ("commute_car_pct_2021", 0, SHARE_MAX),
    "commute_transit_pct": ("commute_transit_pct_2021", 0, SHARE_MAX),
    "commute_walk_pct": ("commute_walk_pct_2021", 0, SHARE_MAX),
    "commute_bike_pct": ("commute_bike_pct_2021", 0, SHARE_MAX),
    "commute_short_pct": ("commute_under_15min_pct_2021", 0, SHARE_MAX),
    "commute_long_pct": ("commute_60min_plus_pct_2021", 0, SHARE_MAX),
    "french_pct": ("french_fols_pct_2021", 0, SHARE_MAX),
    "bilingual_pct": ("bilingual_pct_2021", 0, SHARE_MAX),
    "immigrants_pct": ("immigrants_pct_2021", 0, SHARE_MAX),
    "visible_minority_pct": ("visible_minority_pct_2021", 0, SHARE_MAX),
    "dwell_median": ("dwelling_value_median_2021", 0, None),
    "rent_median": ("rent_median_2021", 0, None),
    "owner_burden": ("owner_shelter_burden_pct_2021", 0, SHARE_MAX),
    "tenant_burden": ("tenant_shelter_burden_pct_2021", 0, SHARE_MAX),
    "major_repairs_pct": ("major_repairs_pct_2021", 0, SHARE_MAX),
}

COMMUTE_2016 = {
    "commute_wi_csd": "within_csd",
    "commute_wi_cd_not_csd": "within_cd",
    "commute_wi_prov_not_cd": "other_cd",
    "commute_extra_prov": "other_province",
}


def read_census_2021(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec rows of the 2021 CSD indicators, renamed as in INDICATORS_2021, plus ``csd_uid``.

    Blank cells are values suppressed by Statistics Canada; they become missing values
    and are counted in the report.

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 CSV of 2021 Census Profile indicators by CSD (``CSDUID``, ``GEO_NAME`` and
        every raw column of ``INDICATORS_2021``).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD: ``csd_uid`` (7 digits), ``csd_name_2021`` and the columns
        of ``INDICATORS_2021`` (``pop_census_2021`` as ``Int64`` persons; change and
        shares in %, up to ``SHARE_MAX``; income, dwelling value and rent in CAD; density
        in persons/km², area in km², median age in years).
    report : analysis.data.pipeline.io.FileReport
        Path, SHA-256, encoding, rows read and kept, and the suppressed values counted per
        column.

    Raises
    ------
    InputError
        When a required column is missing, there is no Québec row, a code is not 7 digits
        or repeated, or a value is not a number in its range.

    References
    ----------
    Statistics Canada, Census Profile, 2021 Census of Population, census subdivisions
    (98-401-X2021005).
    """
    table = read_table(path, required=("CSDUID", "GEO_NAME", *INDICATORS_2021), encodings=("utf-8",))
    table.frame = table.frame[table.frame["CSDUID"].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (CSDUID starting with 24)", column="CSDUID")
    require_pattern(table, "CSDUID", r"\d{7}", what="7-digit CSD codes")
    require_unique(table, "CSDUID", label="CSD codes")
    out = pd.DataFrame({"csd_uid": table.frame["CSDUID"], "csd_name_2021": table.frame["GEO_NAME"]})
    for column, (name, low, high) in INDICATORS_2021.items():
        out[name] = to_number(table, column, minimum=low, maximum=high)
    out["pop_census_2021"] = out["pop_census_2021"].round().astype("Int64")
    table.report.rows_kept = len(out)
    return out, table.report


def read_commuting_2016(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec 2016 commuting destinations: counts and shares of workers with a usual place of work.

    ``NA`` and blanks are values suppressed by Statistics Canada; they become missing.

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 CSV ``total_csd_info_2016_*.csv`` (``csduid2016``, ``region``,
        ``population`` and the four ``commute_*`` counts).

    Returns
    -------
    frame : pandas.DataFrame
        One row per CSD: ``csd_uid``, ``csd_name_2016``, ``pop_census_2016`` (``Int64``
        persons), ``commuters_2016`` (the sum of the four destinations) and
        ``commute_within_csd_pct_2016``, ``commute_within_cd_pct_2016``,
        ``commute_other_cd_pct_2016`` and ``commute_other_province_pct_2016`` (percent of
        the commuters, rounded to one decimal; missing when there is no commuter).
    report : analysis.data.pipeline.io.FileReport
        Path, SHA-256, encoding, rows read and kept, and the suppressed values counted per
        column.

    Raises
    ------
    InputError
        When a required column is missing, a code is not a 7-digit Québec CSD code or is
        repeated, or a value is not a number in its range.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065),
    commuting destination (25 % sample).
    """
    table = read_table(path, required=("csduid2016", "region", "population", *COMMUTE_2016), encodings=("utf-8",))
    require_pattern(table, "csduid2016", r"24\d{5}", what="7-digit Québec CSD codes")
    require_unique(table, "csduid2016", label="CSD codes")
    out = pd.DataFrame({"csd_uid": table.frame["csduid2016"], "csd_name_2016": table.frame["region"]})
    out["pop_census_2016"] = to_number(table, "population", markers=("NA", ""), integer=True, minimum=0)
    counts = {}
    for column, name in COMMUTE_2016.items():
        counts[name] = to_number(table, column, markers=("NA", ""), minimum=0)
    total = sum(counts.values())
    out["commuters_2016"] = total.round().astype("Int64")
    for name, count in counts.items():
        share = (100 * count / total).where(total > 0)
        out[f"commute_{name}_pct_2016"] = share.round(1)
    table.report.rows_kept = len(out)
    return out, table.report


def read_age_2016(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec 2016 age structure: shares aged 0-14 and 65+ (5-year cohorts, randomly rounded).

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 CSV ``csd_age_cohorts_2016_*.csv`` (``geo_code``, ``CSD_population`` and
        the 5-year ``cohort_*`` columns).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec CSD: ``csd_uid``, ``age_0_14_pct_2016`` and
        ``age_65_plus_pct_2016`` (percent of the population, rounded to 0.1; missing when
        the population is zero or suppressed).
    report : analysis.data.pipeline.io.FileReport
        Path, SHA-256, encoding, rows read and kept, and the suppressed values counted per
        column.

    Raises
    ------
    InputError
        When a required column is missing, there is no Québec row, a code is not 7 digits
        or repeated, or a value is not a non-negative number.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    """
    young = ["cohort_0_to_4", "cohort_5_to_9", "cohort_10_to_14"]
    old = [
        "cohort_65_to_69",
        "cohort_70_to_74",
        "cohort_75_to_79",
        "cohort_80_to_84",
        "cohort_85_to_89",
        "cohort_90_to_94",
        "cohort_95_to_99",
        "cohort_100_plus",
    ]
    table = read_table(path, required=("geo_code", "CSD_population", *young, *old), encodings=("utf-8",))
    table.frame = table.frame[table.frame["geo_code"].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (geo_code starting with 24)", column="geo_code")
    require_pattern(table, "geo_code", r"\d{7}", what="7-digit CSD codes")
    require_unique(table, "geo_code", label="CSD codes")
    total = to_number(table, "CSD_population", markers=("NA", ""), minimum=0)
    kids = sum(to_number(table, c, markers=("NA", ""), minimum=0) for c in young)
    seniors = sum(to_number(table, c, markers=("NA", ""), minimum=0) for c in old)
    out = pd.DataFrame({"csd_uid": table.frame["geo_code"]})
    out["age_0_14_pct_2016"] = (100 * kids / total).where(total > 0).round(1)
    out["age_65_plus_pct_2016"] = (100 * seniors / total).where(total > 0).round(1)
    table.report.rows_kept = len(out)
    return out, table.report


def read_census_divisions(path: Path) -> tuple[pd.DataFrame, FileReport]:
    """Québec census divisions 2021: ``cd_uid``, ``cd_name``, ``cd_type``, ``cd_pop_2021``, ``cd_land_area_km2``.

    Parameters
    ----------
    path : pathlib.Path
        The UTF-8 CSV ``master_census_data_2021.csv`` (``CDUID``, ``census_division_name``,
        ``geographic_area_type``, ``population``, ``area_km2``).

    Returns
    -------
    frame : pandas.DataFrame
        One row per Québec census division: ``cd_uid`` (4 digits), ``cd_name``,
        ``cd_type``, ``cd_pop_2021`` (``Int64`` persons) and ``cd_land_area_km2``.
    report : analysis.data.pipeline.io.FileReport
        Path, SHA-256, encoding, rows read and kept, and the suppressed values counted per
        column.

    Raises
    ------
    InputError
        When a required column is missing, there is no Québec row, a code is not 4 digits
        or repeated, or a value is not a non-negative number.

    References
    ----------
    Statistics Canada, Population and dwelling counts: Canada and census divisions
    (98-10-0007-01), 2021 Census.
    """
    table = read_table(
        path,
        required=("CDUID", "census_division_name", "geographic_area_type", "population", "area_km2"),
        encodings=("utf-8",),
    )
    table.frame = table.frame[table.frame["CDUID"].str.startswith("24")].reset_index(drop=True)
    if table.frame.empty:
        raise InputError(path, "no Québec rows (CDUID starting with 24)", column="CDUID")
    require_pattern(table, "CDUID", r"\d{4}", what="4-digit census division codes")
    require_unique(table, "CDUID", label="census division codes")
    out = pd.DataFrame(
        {
            "cd_uid": table.frame["CDUID"],
            "cd_name": table.frame["census_division_name"],
            "cd_type": table.frame["geographic_area_type"],
            "cd_pop_2021": to_number(table, "population", integer=True, minimum=0),
            "cd_land_area_km2": to_number(table, "area_km2", minimum=0),
        }
    )
    table.report.rows_kept = len(out)
    return out, table.report
