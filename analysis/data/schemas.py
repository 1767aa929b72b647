"""The schema of every table the book reads: processed tables and Saint-Camille case tables.

Decree populations come in one column per register vintage (``pop_decree_<year>``), so
the municipal, MRC and region schemas are built for the decree years present.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

from analysis.data.tableschema import Field, TableSchema, read_text_csv
from analysis.i18n import Composed
from analysis.vocabulary import SAC_CLASSES

RELIABILITY = ("A", "B", "C", "D")
RELIABILITY_TEXT = (
    "A = official statistics or a data file checked here; B = research report, thesis or official body, "
    "single source; C = press, local web site or secondary compilation; D = inferred or conflicting, use with care"
)
JOIN_STATUS = ("matched", "renamed", "recoded", "merged", "new")
URL = r"https?://\S+"
CSD = r"24\d{5}"
MRC_CODE = r"\d{2,3}"


ROUNDED_RATIO = "{description} (a ratio of two randomly rounded census counts: small places can show up to 110 %)"


def _pct(name: str, description: str, *, rounded: bool = False) -> Field:
    if rounded:
        description = Composed(ROUNDED_RATIO, description=Composed(description))
    return Field(name, "number", description, unit="%", minimum=0, maximum=110 if rounded else 100)


def decree_fields(years: Iterable[int]) -> tuple[Field, ...]:
    return tuple(
        Field(
            f"pop_decree_{year}",
            "integer",
            Composed(
                "Population in the Québec government population decree in force in {year} (an ISQ-based estimate, "
                "revised yearly; not a census count). Empty when the code is absent from that register export.",
                year=year,
            ),
            unit="persons",
            minimum=0,
        )
        for year in sorted(years)
    )


def municipalities(decree_years: Iterable[int]) -> TableSchema:
    decree_years = decree_years if isinstance(decree_years, Layout) else Layout(decree_years)
    fields = (
        Field(
            "csd_uid",
            "string",
            'Statistics Canada census subdivision code ("24" + MAMH code)',
            required=True,
            unique=True,
            pattern=CSD,
        ),
        Field(
            "mamh_code",
            "string",
            "MAMH geographic code of the municipal entity (current register)",
            required=True,
            unique=True,
            pattern=r"\d{5}",
        ),
        Field("name", "string", "Official name in the current register", required=True),
        Field(
            "designation",
            "string",
            "Designation (Municipalité, Ville, Canton, Paroisse, TNO, Réserve indienne, ...)",
            required=True,
        ),
        Field("region_code", "string", "Administrative region code (01-17)", required=True, pattern=r"\d{2}"),
        Field("region_name", "string", "Administrative region (SDA name)", required=True),
        Field(
            "mrc_code",
            "string",
            "SDA code of the MRC or territoire équivalent whose territory holds the entity (empty when it cannot be placed)",
            pattern=MRC_CODE,
        ),
        Field("mrc_name", "string", "Name of that MRC or territoire équivalent (SDA)"),
        Field(
            "mrc_assignment",
            "string",
            "How the MRC was found: from the register's MRC, from its census division, or from its location (Nord-du-Québec, Côte-Nord, three territoires équivalents); unplaced = a new code with no census location in a census division shared by several SDA units",
            required=True,
            enum=("register", "census_division", "location", "unplaced"),
        ),
        Field(
            "cd_uid", "string", "Census division code (StatCan), from the register", required=True, pattern=r"24\d{2}"
        ),
        Field("area_total_km2", "number", "Total area (register)", unit="km2", minimum=0),
        Field("area_land_km2", "number", "Land area (register)", unit="km2", minimum=0),
        Field(
            "pop_census_2016",
            "integer",
            "2016 census population (for merged entities: sum of the predecessors' counts)",
            unit="persons",
            minimum=0,
        ),
        Field(
            "pop_census_2021",
            "integer",
            "2021 census population (for merged entities: sum of the predecessors' counts)",
            unit="persons",
            minimum=0,
        ),
        Field(
            "pop_change_2016_2021_pct",
            "number",
            "Population change 2016-2021 as published in the 2021 Census Profile (2016 counts on 2021 boundaries)",
            unit="%",
        ),
        *decree_fields(decree_years),
        Field(
            "remoteness_2016",
            "number",
            "Index of Remoteness 2016: 0 = least remote, 1 = most remote",
            minimum=0,
            maximum=1,
        ),
        Field(
            "remoteness_2021",
            "number",
            "Index of Remoteness 2021 (2021 geography and populations): 0 = least remote, 1 = most remote. Not on the "
            "same scale as the 2016 edition (each edition is relative to its own geography): compare ranks or "
            "percentiles across editions, never raw values. Missing for merged entities (indices are never averaged) "
            "and where StatCan computed none",
            minimum=0,
            maximum=1,
        ),
        *(
            Field(
                f"remoteness_{year}",
                "number",
                Composed(
                    "Index of Remoteness {year} ({year} geography), 0 = least remote, 1 = most remote; on its own "
                    "scale: compare ranks across editions, never values. Missing for merged entities",
                    year=year,
                ),
                minimum=0,
                maximum=1,
            )
            for year in getattr(decree_years, "remoteness_years", ())
        ),
        Field(
            "sac_class_2016",
            "string",
            "Statistical Area Classification 2016: inside a CMA, a CA, or a metropolitan influenced zone",
            enum=SAC_CLASSES,
        ),
        Field(
            "sac_class_inferred_2016",
            "boolean",
            "True when the CSD is in none of the published SAC lists and 'No MIZ' is inferred",
        ),
        Field("cmaca_uid_2016", "string", "Code of the CMA or CA (2016) the CSD belongs to", pattern=r"\d{3}"),
        Field("cmaca_name_2016", "string", "Name of that CMA or CA"),
        Field("rural_urban_2016", "string", "LODE flag: Urban inside a CMA/CA, Rural outside", enum=("Rural", "Urban")),
        Field(
            "cwb_2021",
            "number",
            "Community Well-Being index 2021 (mean of the four components)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "cwb_income_2021",
            "number",
            "CWB income component (income per capita, log-scaled)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "cwb_education_2021",
            "number",
            "CWB education component (high-school and university completion)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "cwb_housing_2021",
            "number",
            "CWB housing component (not crowded, no major repairs)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "cwb_labour_2021",
            "number",
            "CWB labour force activity component (participation and employment, ages 20-64)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field("community_type_2021", "string", "CWB community type", enum=("Non-Indigenous", "First Nations", "Inuit")),
        *_older_cwb_fields(),
        Field("density_2021", "number", "Population density, 2021", unit="persons/km2", minimum=0),
        Field("land_area_2021_km2", "number", "Land area, 2021 census", unit="km2", minimum=0),
        Field("median_age_2021", "number", "Median age of the population, 2021", unit="years", minimum=0, maximum=120),
        Field(
            "median_household_income_2020",
            "number",
            "Median total income of households in 2020 (2021 census)",
            unit="CAD",
            minimum=0,
        ),
        _pct("unemployment_rate_2021", "Unemployment rate, 2021"),
        _pct("commute_car_pct_2021", "Commuters going by car, truck or van, 2021", rounded=True),
        _pct("commute_transit_pct_2021", "Commuters going by public transit, 2021", rounded=True),
        _pct("commute_walk_pct_2021", "Commuters walking, 2021", rounded=True),
        _pct("commute_bike_pct_2021", "Commuters cycling, 2021", rounded=True),
        _pct("commute_under_15min_pct_2021", "Commutes under 15 minutes, 2021", rounded=True),
        _pct("commute_60min_plus_pct_2021", "Commutes of 60 minutes or more, 2021", rounded=True),
        _pct("french_fols_pct_2021", "First official language spoken: French, 2021", rounded=True),
        _pct("bilingual_pct_2021", "Knows both English and French, 2021", rounded=True),
        _pct("immigrants_pct_2021", "Immigrants, % of the population in private households, 2021", rounded=True),
        _pct("visible_minority_pct_2021", "Visible-minority population, 2021", rounded=True),
        Field("dwelling_value_median_2021", "number", "Median value of owned dwellings, 2021", unit="CAD", minimum=0),
        Field(
            "rent_median_2021",
            "number",
            "Median monthly shelter cost of tenant households, 2021",
            unit="CAD",
            minimum=0,
        ),
        _pct(
            "owner_shelter_burden_pct_2021",
            "Owner households spending 30 % or more of income on shelter, 2021",
            rounded=True,
        ),
        _pct(
            "tenant_shelter_burden_pct_2021",
            "Tenant households spending 30 % or more of income on shelter, 2021",
            rounded=True,
        ),
        _pct("major_repairs_pct_2021", "Dwellings needing major repairs, 2021", rounded=True),
        Field(
            "commuters_2016",
            "integer",
            "Employed residents with a usual place of work, 2016 (25 % sample)",
            unit="persons",
            minimum=0,
        ),
        _pct("commute_within_csd_pct_2016", "Of those, working in their own municipality, 2016"),
        _pct("commute_within_cd_pct_2016", "Working elsewhere in the same census division (≈ MRC), 2016"),
        _pct("commute_other_cd_pct_2016", "Working in another census division of Québec, 2016"),
        _pct("commute_other_province_pct_2016", "Working in another province, 2016"),
        _pct("age_0_14_pct_2016", "Share of the population aged 0-14, 2016"),
        _pct("age_65_plus_pct_2016", "Share of the population aged 65 and over, 2016"),
        Field(
            "cultural_facilities_2016",
            "integer",
            "Cultural and art facilities of ODCAF v1.0 located in the entity's 2016 CSD (merged entities: sum over "
            "their predecessors). An inventory count, not a measure of activity; coverage depends on the source lists. "
            "Missing for an entity with no 2016 predecessor",
            unit="facilities",
            minimum=0,
        ),
        Field(
            "lon",
            "number",
            "Approximate location: centre of the 2016 CSD bounding box (WGS84 longitude)",
            unit="degrees",
            minimum=-80.5,
            maximum=-56,
        ),
        Field(
            "lat",
            "number",
            "Approximate location: centre of the 2016 CSD bounding box (WGS84 latitude)",
            unit="degrees",
            minimum=44.5,
            maximum=63,
        ),
        Field(
            "location_method",
            "string",
            "bbox_centre = centre of the 2016 bounding box; merged_bbox_centre = centre of the predecessors' combined boxes; none",
            required=True,
            enum=("bbox_centre", "merged_bbox_centre", "none"),
        ),
        Field(
            "join_status",
            "string",
            "How this register code joins the census geographies (2016, 2021): matched; renamed (same code, other name); recoded (one predecessor code); merged (several predecessor codes); new (no predecessor found)",
            required=True,
            enum=JOIN_STATUS,
        ),
        Field("join_note", "string", "Details of a non-matched join: predecessor codes and names, evidence"),
    )
    return TableSchema(
        name="municipalities",
        path="processed/municipalities.csv",
        title="Municipal entities of Québec with their census, remoteness and well-being indicators",
        description=(
            "One row per municipal entity of the current MAMH register (municipalities, unorganised territories, "
            "reserves and northern lands), keyed by CSD code and MAMH code. Census, remoteness, SAC and CWB values are "
            "joined on codes, never on names; codes that changed between vintages are kept and described in "
            "join_status / join_note and in code_changes.csv."
        ),
        fields=fields,
        primary_key=("csd_uid",),
        sources=(
            "mamh_register",
            "census_2016",
            "census_2021",
            "remoteness_2016",
            "remoteness_2021",
            "sac_2016",
            "lode_2016",
            "cwb_2021",
            "cwb_2016",
            "cwb_2006",
            "odcaf",
        ),
        vintage="register of the latest export; 2006, 2016 and 2021 census geographies",
        min_rows=1000,
    )


CWB_PARTS = (
    ("cwb", "Community Well-Being index {year} (mean of the four components)"),
    ("cwb_income", "CWB income component {year} (income per capita, log-scaled)"),
    ("cwb_education", "CWB education component {year} (high-school and university completion)"),
    ("cwb_housing", "CWB housing component {year} (not crowded, no major repairs)"),
    ("cwb_labour", "CWB labour force activity component {year} (participation and employment, ages 20-64)"),
)
CWB_CARRIED = (
    "; on the {year} geography, carried to the current entity by code: missing for an entity formed by a merger "
    "since {year} (indices are never averaged) or with no {year} predecessor (see wellbeing_trajectory.csv)"
)


def _older_cwb_fields() -> tuple[Field, ...]:
    fields = [
        Field(
            "pop_census_2006",
            "integer",
            "2006 census population as published in the CWB 2006 file (empty where ISC left it empty: places without "
            "a published CWB, incompletely enumerated reserves); merged entities: sum of their predecessors' counts",
            unit="persons",
            minimum=0,
        )
    ]
    for year in (2006, 2016):
        for part, text in CWB_PARTS:
            fields.append(
                Field(
                    f"{part}_{year}",
                    "number",
                    Composed("{component}" + CWB_CARRIED, component=Composed(text, year=year), year=year),
                    unit="score 0-100",
                    minimum=0,
                    maximum=100,
                )
            )
    return tuple(fields)


def _population_fields(decree_years: Iterable[int]) -> tuple[Field, ...]:
    return (
        Field(
            "n_entities", "integer", "Municipal entities of the current register in this area", minimum=0, required=True
        ),
        Field("pop_census_2016", "integer", "Sum of the 2016 census counts of its entities", unit="persons", minimum=0),
        Field("pop_census_2021", "integer", "Sum of the 2021 census counts of its entities", unit="persons", minimum=0),
        Field(
            "pop_change_2016_2021_pct",
            "number",
            "Change between the two sums (entities counted in both years only)",
            unit="%",
        ),
        *decree_fields(decree_years),
    )


def mrc(decree_years: Iterable[int]) -> TableSchema:
    fields = (
        Field(
            "mrc_code",
            "string",
            "SDA code of the MRC or territoire équivalent",
            required=True,
            unique=True,
            pattern=MRC_CODE,
        ),
        Field("mrc_name", "string", "Name (SDA)", required=True),
        Field(
            "mrc_type",
            "string",
            "SDA type (MRC, MRC including aboriginal territories, MRC géographique = territoire équivalent)",
            required=True,
        ),
        Field("region_code", "string", "Administrative region code", required=True, pattern=r"\d{2}"),
        Field("region_name", "string", "Administrative region", required=True),
        Field(
            "cd_uid", "string", "Census division with the same code, when there is one (CD ≈ MRC)", pattern=r"24\d{2}"
        ),
        Field(
            "cd_pop_2021",
            "integer",
            "2021 census population of that census division (StatCan table 98-10-0007-01)",
            unit="persons",
            minimum=0,
        ),
        *_population_fields(decree_years),
        Field("land_area_km2", "number", "Sum of the land areas of its entities (register)", unit="km2", minimum=0),
    )
    return TableSchema(
        name="mrc",
        path="processed/mrc.csv",
        title="MRCs and territoires équivalents",
        description="The 104 MRCs and territoires équivalents of the SDA, with their region and the populations of the entities they hold.",
        fields=fields,
        primary_key=("mrc_code",),
        sources=("sda", "mamh_register", "census_2016", "census_2021", "census_divisions_2021"),
        vintage="SDA V2026-05; censuses 2016 and 2021",
        min_rows=100,
    )


def regions(decree_years: Iterable[int]) -> TableSchema:
    fields = (
        Field("region_code", "string", "Administrative region code", required=True, unique=True, pattern=r"\d{2}"),
        Field("region_name", "string", "Administrative region (SDA)", required=True),
        Field("n_mrc", "integer", "MRCs and territoires équivalents in the region", minimum=0, required=True),
        *_population_fields(decree_years),
    )
    return TableSchema(
        name="regions",
        path="processed/regions.csv",
        title="Administrative regions",
        description="The 17 administrative regions with the populations of their entities.",
        fields=fields,
        primary_key=("region_code",),
        sources=("sda", "mamh_register", "census_2016", "census_2021"),
        vintage="SDA V2026-05; censuses 2016 and 2021",
        min_rows=17,
    )


CENSUS_DIVISIONS = TableSchema(
    name="census_divisions",
    path="processed/census_divisions.csv",
    title="Census divisions of Québec, 2021",
    description="The 98 Québec census divisions with their 2021 population and land area, and the SDA MRC with the same code.",
    fields=(
        Field("cd_uid", "string", "Census division code", required=True, unique=True, pattern=r"24\d{2}"),
        Field("cd_name", "string", "Name (StatCan)", required=True),
        Field("cd_type", "string", "StatCan type (MRC, TÉ = territoire équivalent, CDR, ...)", required=True),
        Field("cd_pop_2021", "integer", "2021 census population", unit="persons", minimum=0, required=True),
        Field("cd_land_area_km2", "number", "Land area", unit="km2", minimum=0, required=True),
        Field("mrc_code", "string", "SDA MRC with the same two-digit code, when there is one", pattern=MRC_CODE),
    ),
    primary_key=("cd_uid",),
    sources=("census_divisions_2021",),
    vintage="2021 census",
    min_rows=90,
)

CODE_CHANGES = TableSchema(
    name="code_changes",
    path="processed/code_changes.csv",
    title="Codes that changed between vintages",
    description=(
        "Every code of a census geography or an older register export that is not in the current register, with "
        "its inferred successor and the evidence (same name, shared name, adjacent code in the same census "
        "division). Inferences are marked as such; 'absent' means no successor was found."
    ),
    fields=(
        Field(
            "vintage",
            "string",
            "Geography or register export the code comes from (census_<year> for a census geography, e.g. "
            "census_2006, census_2016, census_2021; register_<vintage>)",
            required=True,
        ),
        Field(
            "code", "string", "The old code (CSD uid for census geographies, MAMH code for registers)", required=True
        ),
        Field("name", "string", "Its name in that vintage", required=True),
        Field(
            "status",
            "string",
            "merged (with others into one successor), recoded (one-to-one new code) or absent",
            required=True,
            enum=("merged", "recoded", "absent"),
        ),
        Field("successor_mamh_code", "string", "MAMH code of the successor in the current register", pattern=r"\d{5}"),
        Field("successor_name", "string", "Name of the successor"),
        Field("evidence", "string", "Why the successor was chosen (inferred), or why none was", required=True),
    ),
    primary_key=("vintage", "code"),
    sources=("mamh_register", "census_2016", "census_2021", "cwb_2006"),
    vintage="all vintages read",
    min_rows=1,
)

LINKS = ("matched", "renamed", "recoded", "merged", "absent")

WELLBEING_TRAJECTORY = TableSchema(
    name="wellbeing_trajectory",
    path="processed/wellbeing_trajectory.csv",
    title="Community Well-Being of every municipal entity, census year by census year",
    description=(
        "One row per municipal entity of the current register and census year whose CWB file was read (2006, 2016, "
        "2021 from the mirror; any other vintage present in the raw folder too). Each year's values are on that "
        "year's census geography and are carried to the current entity by code, with the crosswalk of "
        "code_changes.csv: a merged entity gets the sum of its predecessors' populations and no index (indices are "
        "never averaged); an entity with no predecessor that year has a row with link 'absent' and no values. ISC "
        "designs the scores to be comparable across 2006, 2016 and 2021 (the 2011 wave, from the voluntary National "
        "Household Survey, is not; it is included only when its file is given)."
    ),
    fields=(
        Field("csd_uid", "string", "The current entity (municipalities.csv)", required=True, pattern=CSD),
        Field("year", "integer", "Census year of the CWB file", required=True, minimum=1981, maximum=2100),
        Field(
            "source_csd_uid",
            "string",
            "That year's code(s) of the entity: one code, or several joined by ';' for a merger; empty when absent",
            pattern=rf"{CSD}(;{CSD})*",
        ),
        Field(
            "link",
            "string",
            "How that year's code maps to the current entity: matched (same code); renamed (same code, another name "
            "that year, seen only when the year's file or geography carries names: not for the transcribed 2006 "
            "table); recoded (one predecessor code, inferred); merged (several predecessor codes, inferred); absent "
            "(no code of that year leads to it)",
            required=True,
            enum=LINKS,
        ),
        Field(
            "population",
            "integer",
            "Census population as published in that year's CWB file (merged: sum of the parts when every part has one)",
            unit="persons",
            minimum=0,
        ),
        Field(
            "cwb",
            "number",
            "Community Well-Being index (mean of the four components)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "income",
            "number",
            "Income component (income per capita, log-scaled)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "education",
            "number",
            "Education component (high-school and university completion)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "housing",
            "number",
            "Housing component (not crowded, no major repairs)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "labour",
            "number",
            "Labour force activity component (participation and employment, ages 20-64)",
            unit="score 0-100",
            minimum=0,
            maximum=100,
        ),
        Field(
            "community_type",
            "string",
            "CWB community type that year (missing for a merger)",
            enum=("Non-Indigenous", "First Nations", "Inuit"),
        ),
        Field("link_note", "string", "Details of a link that is not 'matched': predecessor codes and names, evidence"),
    ),
    primary_key=("csd_uid", "year"),
    sources=("cwb_2006", "cwb_2016", "cwb_2021", "mamh_register"),
    vintage="CWB 2006, 2016 and 2021 (every vintage present in the raw folder)",
    min_rows=1000,
)

CULTURAL_FACILITIES = TableSchema(
    name="cultural_facilities",
    path="processed/cultural_facilities.csv",
    title="Cultural and art facilities of Québec (ODCAF v1.0)",
    description=(
        "Every Québec facility of Statistics Canada's Open Database of Cultural and Art Facilities, with its 2016 "
        "census subdivision and the current entity it is counted in (municipalities.cultural_facilities_2016). An "
        "inventory compiled from provincial, municipal and institutional lists: uneven coverage, artists and private "
        "venues under-covered. Empty when the ODCAF file is not in the raw folder."
    ),
    fields=(
        Field("odcaf_index", "integer", "ODCAF facility id (Index)", required=True, unique=True, minimum=1),
        Field("name", "string", "Facility name as published", required=True),
        Field(
            "facility_type",
            "string",
            "ODCAF harmonised facility type",
            required=True,
            enum=(
                "art or cultural centre",
                "artist",
                "festival site",
                "gallery",
                "heritage or historic site",
                "library or archives",
                "miscellaneous",
                "museum",
                "theatre/performance and concert hall",
            ),
        ),
        Field("source_facility_type", "string", "Facility type in the provider's list (empty when not available)"),
        Field("provider", "string", "Organisation whose list the facility comes from"),
        Field(
            "csd_uid_2016", "string", "2016 census subdivision of the facility (empty when not available)", pattern=CSD
        ),
        Field(
            "csd_uid",
            "string",
            "Current entity (municipalities.csv) the facility is counted in; empty when its 2016 CSD is unknown or "
            "has no successor",
            pattern=CSD,
        ),
        Field("lat", "number", "Latitude (WGS84); empty when not available", unit="degrees", minimum=-90, maximum=90),
        Field(
            "lon", "number", "Longitude (WGS84); empty when not available", unit="degrees", minimum=-180, maximum=180
        ),
    ),
    primary_key=("odcaf_index",),
    sources=("odcaf",),
    vintage="ODCAF v1.0 (2020), 2016 census geography",
    min_rows=0,
)

MRC_LAYER = TableSchema(
    name="mrc_polygons",
    path="processed/mrc.geojson",
    title="MRC and territoire-équivalent polygons (simplified)",
    description="SDA polygons cleaned into a coverage and simplified as a coverage (shared borders kept shared), WGS84, 5 decimals.",
    fields=(
        Field("mrc_code", "string", "SDA code", required=True, unique=True, pattern=MRC_CODE),
        Field("mrc_name", "string", "Name", required=True),
        Field("region_code", "string", "Administrative region code", required=True, pattern=r"\d{2}"),
    ),
    primary_key=("mrc_code",),
    sources=("sda",),
    vintage="SDA V2026-05",
    geometry=True,
    min_rows=100,
)

REGION_LAYER = TableSchema(
    name="region_polygons",
    path="processed/regions.geojson",
    title="Administrative region polygons (simplified)",
    description="Union of the simplified MRC polygons of each region, so that region and MRC outlines coincide; WGS84.",
    fields=(
        Field("region_code", "string", "Administrative region code", required=True, unique=True, pattern=r"\d{2}"),
        Field("region_name", "string", "Name", required=True),
    ),
    primary_key=("region_code",),
    sources=("sda",),
    vintage="SDA V2026-05",
    geometry=True,
    min_rows=17,
)

CD_LAYER = TableSchema(
    name="census_division_polygons",
    path="processed/census_divisions.geojson",
    title="Census-division polygons of Québec (simplified)",
    description="StatCan cartographic boundaries (EPSG:3347) reprojected to WGS84 and simplified as a coverage.",
    fields=(
        Field("cd_uid", "string", "Census division code", required=True, unique=True, pattern=r"24\d{2}"),
        Field("cd_name", "string", "Name", required=True),
    ),
    primary_key=("cd_uid",),
    sources=("cd_boundaries_2021",),
    vintage="2021 census geography",
    geometry=True,
    min_rows=90,
)


MUNICIPAL_LAYER = TableSchema(
    name="municipal_polygons",
    path="processed/municipalities.geojson",
    title="Municipal polygons (simplified), when the SDA municipal layer was given",
    description=(
        "SDA munic_s polygons of the current register's entities, dissolved by code, reprojected to WGS84 and "
        "simplified as a coverage (400 m; shared borders stay shared), 5 decimals. Built only when munic_s "
        "(GeoPackage layer, shapefile or GeoJSON) is in the raw folder; otherwise an empty FeatureCollection, and "
        "maps draw the municipalities as points (load.municipal_polygons() returns None)."
    ),
    fields=(
        Field(
            "csd_uid",
            "string",
            "The entity (municipalities.csv): '24' + MAMH code",
            required=True,
            unique=True,
            pattern=CSD,
        ),
        Field("name", "string", "Official name in the current register", required=True),
        Field(
            "mrc_code", "string", "SDA code of its MRC or territoire équivalent (municipalities.csv)", pattern=MRC_CODE
        ),
    ),
    primary_key=("csd_uid",),
    sources=("sda", "mamh_register"),
    vintage="SDA munic_s of the version given (none in the project's mirror)",
    geometry=True,
    min_rows=0,
)


def _case_common() -> tuple[Field, ...]:
    return (
        Field("reliability", "string", f"Reliability grade: {RELIABILITY_TEXT}", required=True, enum=RELIABILITY),
        Field("source_url", "string", "Where the fact was read", required=True, pattern=URL),
        Field("source_url_2", "string", "A second source for the same fact", pattern=URL),
    )


CASE_NOTE = (
    "Compiled by hand from published sources (studies, press, official records); every row carries its source address and a reliability grade. "
    "Conflicting figures are separate rows sharing a conflict_group, never averaged."
)

CASE_POPULATION = TableSchema(
    name="case_population",
    path="case/population.csv",
    title="Saint-Camille: every population figure found, by kind",
    description="Census counts, government decrees, other estimates and historical figures for Saint-Camille (CSD 2440025), and census totals of MRC Les Sources (CD 2440). "
    + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True),
        Field(
            "place_code",
            "string",
            "CSD (7 digits) or census division (4 digits)",
            required=True,
            pattern=r"24\d{2}(\d{3})?",
        ),
        Field("place_name", "string", "Place", required=True),
        Field("year", "integer", "Year of the figure (best single year)", required=True, minimum=1800, maximum=2100),
        Field("year_is_approximate", "boolean", "True when the year is approximate", required=True),
        Field("period_label", "string", "Period as published when it is not a plain year"),
        Field("value", "integer", "Population (persons)", unit="persons", required=True, minimum=0),
        Field(
            "value_qualifier",
            "string",
            "exact, about, more_than or under",
            required=True,
            enum=("exact", "about", "more_than", "under"),
        ),
        Field(
            "kind",
            "string",
            "census (StatCan count), decree (government estimate), estimate (other dated estimate), historical",
            required=True,
            enum=("census", "decree", "estimate", "historical"),
        ),
        Field("description", "string", "What the figure is", required=True),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1875-2026",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=10,
)

CASE_TIMELINE = TableSchema(
    name="case_timeline",
    path="case/timeline.csv",
    title="Saint-Camille: dated timeline of initiatives",
    description="Dated events of Saint-Camille's history and initiatives. " + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True),
        Field("date", "date", "Date as precise as the source allows", required=True),
        Field("year", "integer", "Year", required=True, minimum=1800, maximum=2100),
        Field("year_end", "integer", "Last year of a period", minimum=1800, maximum=2100),
        Field(
            "date_precision",
            "string",
            "day, month, year, approximate or range",
            required=True,
            enum=("day", "month", "year", "approximate", "range"),
        ),
        Field("event", "string", "What happened", required=True),
        Field(
            "category",
            "string",
            "Kind of event (policy: a Québec policy or programme open to every rural MRC, context for the village)",
            required=True,
            enum=(
                "history",
                "services",
                "organisation",
                "housing",
                "culture",
                "planning",
                "programme",
                "research",
                "media",
                "conflict",
                "governance",
                "policy",
            ),
        ),
        Field("organisation_id", "string", "Organisation concerned (organisations.csv)"),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1848-2021",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=10,
)

CASE_ORGANISATIONS = TableSchema(
    name="case_organisations",
    path="case/organisations.csv",
    title="Saint-Camille: organisations and the outside bodies they dealt with",
    description="Local organisations (legal form, founding year, scale) and the regional, national and international bodies named with them. "
    + CASE_NOTE,
    fields=(
        Field("org_id", "string", "Organisation id", required=True, unique=True, pattern=r"[a-z0-9-]+"),
        Field("name", "string", "Name", required=True),
        Field("legal_form", "string", "Legal form as published"),
        Field(
            "org_type",
            "string",
            "Type",
            required=True,
            enum=(
                "municipal",
                "cooperative",
                "non_profit",
                "for_profit",
                "public_agency",
                "research",
                "finance",
                "network",
                "media",
            ),
        ),
        Field("founded_year", "integer", "Founding year", minimum=1800, maximum=2100),
        Field(
            "founded_year_alt",
            "integer",
            "Conflicting founding year given by another source",
            minimum=1800,
            maximum=2100,
        ),
        Field(
            "scale",
            "string",
            "local, regional, national or international",
            required=True,
            enum=("local", "regional", "national", "international"),
        ),
        Field("role", "string", "Role in Saint-Camille's development", required=True),
        *_case_common(),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("org_id",),
    vintage="1859-2021",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_RESOURCES = TableSchema(
    name="case_resources",
    path="case/resources.csv",
    title="Saint-Camille: resource ledger",
    description="Resources mobilised for each project, endogenous (local) or exogenous (from outside), with amounts only where published. "
    + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True),
        Field("project", "string", "Project", required=True),
        Field("project_org_id", "string", "Organisation carrying the project (organisations.csv)"),
        Field("resource", "string", "Resource", required=True),
        Field("provider", "string", "Who provided it", required=True),
        Field("provider_org_id", "string", "Provider (organisations.csv)"),
        Field(
            "source_type",
            "string",
            "endogenous, exogenous or mixed",
            required=True,
            enum=("endogenous", "exogenous", "mixed"),
        ),
        Field(
            "resource_kind",
            "string",
            "Kind of resource",
            required=True,
            enum=("money", "equity", "labour", "land_buildings", "knowledge", "programme"),
        ),
        Field("year", "integer", "Year", minimum=1800, maximum=2100),
        Field("amount_cad", "number", "Amount in dollars, only where published", unit="CAD", minimum=0),
        Field("amount_note", "string", "The amount as published"),
        *_case_common(),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1977-2021",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_NATIONAL_EFFECT = TableSchema(
    name="case_national_effect",
    path="case/national_effect.csv",
    title="Saint-Camille: the 'national effect'",
    description="Media coverage, books, documentaries, study visits, studies and recognitions of Saint-Camille. "
    + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True),
        Field("date", "date", "Date as precise as known"),
        Field("year", "integer", "Year", minimum=1800, maximum=2100),
        Field(
            "kind",
            "string",
            "Kind",
            required=True,
            enum=("press", "book", "documentary", "study", "study_visit", "recognition", "lecture", "exchange"),
        ),
        Field("title", "string", "Title or short description", required=True),
        Field("actor", "string", "Author, outlet or visitors"),
        Field(
            "scope",
            "string",
            "local, regional, national or international",
            required=True,
            enum=("local", "regional", "national", "international"),
        ),
        *_case_common(),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="2004-2021",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_TIES = TableSchema(
    name="case_ties",
    path="case/ties.csv",
    title="Saint-Camille: published ties between organisations",
    description="Ties between the organisations of organisations.csv (funding, membership, founding, ownership, partnership, knowledge, service), one row per tie stated by a source. "
    + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True),
        Field(
            "org_from",
            "string",
            "Organisation at the origin of the tie: the funder, member, founder, owner, or the body that produced the knowledge or service (organisations.csv)",
            required=True,
            pattern=r"[a-z0-9-]+",
        ),
        Field(
            "org_to",
            "string",
            "Organisation at the other end of the tie (organisations.csv)",
            required=True,
            pattern=r"[a-z0-9-]+",
        ),
        Field(
            "tie_type",
            "string",
            "funding (money or programme support), membership (org_from is a member of org_to), founding (org_from founded or initiated org_to), ownership (org_from owns org_to or the building it occupies, or org_to is its branch), partnership, knowledge (research, study, training, co-design or exchange), service",
            required=True,
            enum=("funding", "membership", "founding", "ownership", "partnership", "knowledge", "service"),
        ),
        Field("year", "integer", "Year the tie is dated to (empty when not published)", minimum=1800, maximum=2100),
        Field("description", "string", "What the tie is, as published", required=True),
        *_case_common(),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1988-2021",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

# --- the people and policy layer (issue 12) ------------------------------------------------

SLUG = r"[a-z0-9-]+"
ROLE_KINDS = ("elected_office", "presidency", "founding", "staff", "spokesperson", "representation")
"""Kinds of published public role a person may hold in ``people.csv``; nothing else about people is recorded."""
CASE_SCALES = ("local", "regional", "national", "international")
POLICY_KINDS = (
    "founding_event",
    "advisory_status",
    "policy_advice",
    "policy",
    "contract_programme",
    "experimentation_programme",
    "lab_project",
    "classification",
    "fiscal_incentive",
    "financing_plan",
)
OBJECTIVE_START_KINDS = (
    "adoption",
    "measurement_baseline",
    "planning_without_target",
    "call_for_newcomers",
    "undated",
    "later_target",
)
"""What a source's year says about the demographic objective: the year it was adopted, the year growth is measured
from, a plan without a numeric target, a call for newcomers, no year at all, or a later, different target."""
DIFFUSION_CHANNELS = (
    "person",
    "advocacy",
    "citation",
    "research",
    "showcase",
    "programme_report",
    "programme_project",
    "legislative_brief",
    "study_visit",
    "training_event",
    "lecture",
    "network",
    "exchange",
    "recognition",
    "legal_constraint",
)
DIFFUSION_LEVELS = ("local", "regional", "national", "federal", "international")
"""Scale of the body at the other end of a channel: another locality, a regional body (MRC, region), a Québec-wide
body or policy ("national", as in the Politique nationale de la ruralité), a federal body, a body abroad."""
DIFFUSION_DIRECTIONS = ("upward", "horizontal", "downward")
DISTANCE_MEASURES = ("straight_line", "road", "travel_time", "unstated")

CASE_PEOPLE = TableSchema(
    name="case_people",
    path="case/people.csv",
    title="Saint-Camille: people in their published public roles",
    description="One row per published public role of a person (mayor, councillor, president, founder, director, "
    "spokesperson) in an organisation of organisations.csv. Nothing else about a person is recorded: no private "
    "detail, no inference beyond the role as published. " + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True, pattern=SLUG),
        Field("person_id", "string", "Person id (one per person, shared by their roles)", required=True, pattern=SLUG),
        Field("name", "string", "Name as published", required=True),
        Field("role", "string", "The public role as published", required=True),
        Field(
            "role_kind",
            "string",
            "elected_office, presidency, founding, staff, spokesperson or representation",
            required=True,
            enum=ROLE_KINDS,
        ),
        Field("org_id", "string", "Organisation of the role (organisations.csv)", required=True, pattern=SLUG),
        Field("year_start", "integer", "First year of the role, when published", minimum=1800, maximum=2100),
        Field("year_end", "integer", "Last year of the role, when published", minimum=1800, maximum=2100),
        Field("years_as_published", "string", "The dates as the sources give them", required=True),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1981-2023",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_POLICIES = TableSchema(
    name="case_policies",
    path="case/policies.csv",
    title="Saint-Camille: the policies, programmes and local measures around the case",
    description="Québec's rural policies and their instruments (Solidarité rurale's advisory status, the national "
    "rural policies and their pactes ruraux, the laboratoires ruraux, the list of municipalities to revitalise), the "
    "MRC's pactes and Saint-Camille's own measures (the property-tax subsidy, the Rang 13 financing plan). "
    + CASE_NOTE,
    fields=(
        Field("policy_id", "string", "Policy id", required=True, unique=True, pattern=SLUG),
        Field("name", "string", "Name", required=True),
        Field("level", "string", "local, regional or national (Québec-wide)", required=True, enum=CASE_SCALES),
        Field("kind", "string", "Kind of policy or measure", required=True, enum=POLICY_KINDS),
        Field(
            "year_start", "integer", "First year (adoption or start, see the description)", minimum=1800, maximum=2100
        ),
        Field("year_end", "integer", "Last year, when published", minimum=1800, maximum=2100),
        Field("body_org_id", "string", "Body in charge (organisations.csv)", pattern=SLUG),
        Field("description", "string", "What it is, as published", required=True),
        Field("amount_cad", "number", "Amount in dollars, only where published", unit="CAD", minimum=0),
        Field("amount_note", "string", "The amount as published, and what it covers"),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("policy_id",),
    vintage="1991-2024",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_OBJECTIVE = TableSchema(
    name="case_objective",
    path="case/objective.csv",
    title="Saint-Camille: the demographic objective, dated from every source",
    description="Every source that states or dates the objective of +10 % population in ten years, one row per "
    "source, with what its year means (adoption, measurement baseline, plan without a target, undated); the "
    "datings conflict and share the conflict_group objective-start. " + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True, pattern=SLUG),
        Field("start_year", "integer", "The year the source gives (empty when undated)", minimum=1800, maximum=2100),
        Field(
            "start_kind",
            "string",
            "What that year is: " + ", ".join(OBJECTIVE_START_KINDS),
            required=True,
            enum=OBJECTIVE_START_KINDS,
        ),
        Field("horizon_years", "integer", "Horizon of the objective, when stated", unit="years", minimum=1),
        Field("target_pct", "number", "Growth targeted, when stated", unit="%", minimum=0),
        Field("target_population", "integer", "An absolute population target, when stated", unit="persons", minimum=0),
        Field("wording", "string", "What the source says (paraphrased)", required=True),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="2001-2024",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=3,
)

CASE_DIFFUSION = TableSchema(
    name="case_diffusion",
    path="case/diffusion.csv",
    title="Saint-Camille: channels of diffusion to other places, regional and national bodies and policies",
    description="The 'national effect' as diffusion: each documented channel through which Saint-Camille's experience "
    "travelled to another body (or a constraint or recognition came back), who carried it, which body and policy "
    "received it, when, at what level and in which direction. Media and academic attention is the separate, "
    "secondary series of national_effect.csv. " + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True, pattern=SLUG),
        Field("year", "integer", "Year (empty when not published)", minimum=1800, maximum=2100),
        Field("date", "date", "Date as precise as known"),
        Field("channel", "string", "Kind of channel", required=True, enum=DIFFUSION_CHANNELS),
        Field(
            "direction",
            "string",
            "upward (into a regional or national body, programme or policy), horizontal (to peers: other places, "
            "MRCs, agents in training) or downward (a constraint or recognition from above)",
            required=True,
            enum=DIFFUSION_DIRECTIONS,
        ),
        Field(
            "level",
            "string",
            "Scale of the body at the other end: local (another locality), regional, national (Québec-wide), "
            "federal or international",
            required=True,
            enum=DIFFUSION_LEVELS,
        ),
        Field("from_actor", "string", "Who carried the experience, as published", required=True),
        Field("person_id", "string", "The person, in a public role of people.csv", pattern=SLUG),
        Field("from_org_id", "string", "The organisation at the village's end (organisations.csv)", pattern=SLUG),
        Field("to_body", "string", "The body at the other end, as published", required=True),
        Field("to_org_id", "string", "That body, when it is in organisations.csv", pattern=SLUG),
        Field("policy_id", "string", "The policy or programme concerned (policies.csv)", pattern=SLUG),
        Field("description", "string", "What happened, as published", required=True),
        *_case_common(),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="1991-2019",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=5,
)

CASE_DISTANCES = TableSchema(
    name="case_distances",
    path="case/distances.csv",
    title="Saint-Camille: distances as the sources state them, with what they measure",
    description="Distances and travel times from Saint-Camille stated by sources, each with the quantity it "
    "measures (straight line, road, travel time, or unstated): only like is compared with like. No source giving "
    "a road distance to Montréal was found. " + CASE_NOTE,
    fields=(
        Field("id", "string", "Row id", required=True, unique=True, pattern=SLUG),
        Field("from_place", "string", "From", required=True),
        Field("to_place", "string", "To", required=True),
        Field("to_csd_uid", "string", "Census subdivision of the destination", pattern=CSD),
        Field("value", "number", "The figure as stated", required=True, minimum=0),
        Field("unit", "string", "km or min", required=True, enum=("km", "min")),
        Field("measure", "string", "What the figure measures", required=True, enum=DISTANCE_MEASURES),
        Field("wording", "string", "The statement, paraphrased", required=True),
        *_case_common(),
        Field("conflict_group", "string", "Rows that disagree share this id"),
        Field("note", "string", "Caveats"),
    ),
    primary_key=("id",),
    vintage="2011-2017",
    licence="CC BY 4.0 (this compilation); facts from the sources cited on each row",
    min_rows=3,
)

CASE_SCHEMAS = (
    CASE_POPULATION,
    CASE_TIMELINE,
    CASE_ORGANISATIONS,
    CASE_RESOURCES,
    CASE_NATIONAL_EFFECT,
    CASE_TIES,
    CASE_PEOPLE,
    CASE_POLICIES,
    CASE_OBJECTIVE,
    CASE_DIFFUSION,
    CASE_DISTANCES,
)
LAYER_SCHEMAS = (MRC_LAYER, REGION_LAYER, CD_LAYER, MUNICIPAL_LAYER)

CASE_TEXT = {
    "population": ("period_label", "description", "note"),
    "timeline": ("event", "note"),
    "organisations": ("name", "legal_form", "role", "note"),
    "resources": ("project", "resource", "provider", "amount_note", "note"),
    "national_effect": ("title", "actor", "note"),
    "ties": ("description", "note"),
    "people": ("role", "years_as_published", "note"),
    "policies": ("name", "description", "amount_note", "note"),
    "objective": ("wording", "note"),
    "diffusion": ("from_actor", "to_body", "description", "note"),
    "distances": ("wording", "note"),
}
"""The free text of the case tables that readers see (tables and chart tooltips of chapters 5 and 6), by table.

Written in English in the data; the French edition reads it from ``locales/fr/LC_MESSAGES/case.po``
(:func:`analysis.i18n.case_text`), extracted from these columns by ``companion translate update``.
Names of people, codes, grades, dates and source addresses are not in it: they read the same
in every language (names of organisations and titles of publications are, because some of
them carry English words; their translation keeps the name as published)."""


# -------------------------------------------------------------------------------------
# Census Profile measures, computed only from the official long-format downloads
# (analysis.data.pipeline.census_profile). The columns exist in municipalities.csv only when
# the build read those files; the schema gains them only when the table has them.

CENSUS_PROFILE_FIELDS = (
    _pct(
        "university_25_64_pct_2016",
        "Adults aged 25-64 (private households) with a university certificate, diploma or degree at bachelor level "
        "or above, 2016 (25 % sample; 98-401-X2016065 characteristics 1707 / 1698). Only when the build read the "
        "official 2016 Census Profile file",
        rounded=True,
    ),
    _pct(
        "knowledge_industries_pct_2016",
        "Experienced labour force (place of residence) in NAICS 51, 52, 54 and 55, share of all industry categories, "
        "2016 (25 % sample; 98-401-X2016065 characteristics 1908+1909+1911+1912 / 1899). Only when the build read the "
        "official 2016 Census Profile file",
        rounded=True,
    ),
    _pct(
        "university_25_64_pct_2021",
        "Adults aged 25-64 (private households) with a bachelor's degree or higher, 2021 (25 % sample; "
        "98-401-X2021005 characteristics 2024 / 2014). Only when the build read the official 2021 Census Profile file",
        rounded=True,
    ),
    _pct(
        "knowledge_industries_pct_2021",
        "Experienced labour force (place of residence) in NAICS 51, 52, 54 and 55, share of all industries, 2021 "
        "(25 % sample; 98-401-X2021005 characteristics 2270+2271+2273+2274 / 2261). Only when the build read the "
        "official 2021 Census Profile file",
        rounded=True,
    ),
)


def census_profile_columns_in(columns: Iterable[str]) -> list[str]:
    """The Census Profile measures among ``columns`` (a header), in schema order."""
    present = set(columns)
    return [f.name for f in CENSUS_PROFILE_FIELDS if f.name in present]


def with_census_profile(schema: TableSchema, columns: Iterable[str]) -> TableSchema:
    """``schema`` with the Census Profile fields present in ``columns`` appended (municipalities only)."""
    if schema.name != "municipalities":
        return schema
    names = set(census_profile_columns_in(columns))
    extra = tuple(f for f in CENSUS_PROFILE_FIELDS if f.name in names)
    return dataclasses.replace(schema, fields=schema.fields + extra) if extra else schema


# -------------------------------------------------------------------------------------


def processed_schemas(decree_years: Iterable[int]) -> list[TableSchema]:
    years = decree_years if isinstance(decree_years, Layout) else Layout(decree_years)
    return [
        municipalities(years),
        mrc(years),
        regions(years),
        CENSUS_DIVISIONS,
        CODE_CHANGES,
        WELLBEING_TRAJECTORY,
        CULTURAL_FACILITIES,
        *LAYER_SCHEMAS,
    ]


class Layout(list):
    """The decree years of a data folder (a list of int), with the newer editions its municipal table has.

    ``remoteness_years``: editions of the Index of Remoteness beyond 2016 and 2021 (e.g.
    2026), each with a ``remoteness_<year>`` column. Built from the municipal header by
    :func:`decree_years_in`, so every function that takes the decree years builds the
    schemas of the columns actually there.
    """

    def __init__(self, years: Iterable[int] = (), *, remoteness_years: Iterable[int] = ()) -> None:
        super().__init__(sorted(years))
        self.remoteness_years = tuple(sorted(remoteness_years))


FIXED_REMOTENESS = (2016, 2021)


def decree_years_in(header: Iterable[str]) -> Layout:
    header = list(header)
    remoteness = [int(m.group(1)) for c in header if (m := re.fullmatch(r"remoteness_(\d{4})", c))]
    return Layout(
        (int(m.group(1)) for c in header if (m := re.fullmatch(r"pop_decree_(\d{4})", c))),
        remoteness_years=[y for y in remoteness if y not in FIXED_REMOTENESS],
    )


def schemas_for(data: Path) -> list[TableSchema]:
    """Schemas of every table in a data folder (decree years read from the municipal header)."""
    path = Path(data) / "processed" / "municipalities.csv"
    header = list(read_text_csv(path).columns) if path.exists() else []
    years = decree_years_in(header)
    return [*(with_census_profile(s, header) for s in processed_schemas(years)), *CASE_SCHEMAS]
