"""A small but complete raw folder, in the official formats, for tests of the data pipeline.

``write_mini_raw(root)`` writes, under ``root``, the same sub-folders and file names as
the project's raw mirror (see ``data/README`` of the mirror and each ``PROVENANCE.md``),
with a handful of rows each:

* 8 municipal entities of the current MAMH register in 4 MRCs / territoires équivalents
  (SDA 29 Beauce-Sartigan, 40 Les Sources, 43 Sherbrooke, 66 Montréal) and 3 regions
  (05 Estrie, 06 Montréal, 12 Chaudière-Appalaches);
* Saint-Camille (40025) with the values published by the official sources;
* Asbestos (2016 name) = Val-des-Sources (same code 40043): a *renamed* entity;
* Courcelles (2430090) + Saint-Évariste-de-Forsyth (2429025), merged on 2024-01-01 into
  Courcelles--Saint-Évariste (29027): a *merged* entity, found by the crosswalk;
* one unorganised territory, *Lac-Témoin* (29902), which is invented for the tests: its
  Index of Remoteness is ``.``, its census values suppressed (blank / ``NA``), and it is
  in none of the SAC lists (so "No MIZ", inferred);
* a few rows outside Québec (Ontario, Newfoundland, the territories) where the official
  file covers Canada.

Polygons are rectangles in Québec that tile without gaps (lon -74 to -70.5, lat 45 to
46.5); each region is the union of its MRC rectangles, and every municipal bounding box
lies inside its MRC. The StatCan census-division file is in EPSG:3347 metres without a
``crs`` member, as the official file.

Everything is deterministic: two calls write byte-identical files.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from pyproj import Transformer

# -------------------------------------------------------------------------------------
# Geography: rectangles (lon_min, lat_min, lon_max, lat_max), WGS84.

MRC_RECTS = {
    "29": (-71.3, 45.0, -70.5, 46.5),  # Beauce-Sartigan (region 12)
    "40": (-72.5, 45.56, -71.3, 46.5),  # Les Sources (region 05)
    "43": (-72.5, 45.0, -71.3, 45.56),  # Sherbrooke (region 05)
    "66": (-74.0, 45.0, -72.5, 46.5),  # Montréal (region 06)
}
MRC_INFO = {
    # code: (name, SDA type, region code, region name, SDA object id, SDA index)
    "29": (
        "Beauce-Sartigan",
        "Municipalité régionale de comté",
        "12",
        "Chaudière-Appalaches",
        "1c1cfdfee8f3af56e05358f2298e9d6a",
        "50 02 0010 000",
    ),
    "40": (
        "Les Sources",
        "Municipalité régionale de comté",
        "05",
        "Estrie",
        "1c1cfdfee921af56e05358f2298e9d6a",
        "50 02 0010 000",
    ),
    "43": (
        "Sherbrooke",
        "Municipalité régionale de comté géographique",
        "05",
        "Estrie",
        "6b136e181c9707cfe05358f2298e2062",
        "50 02 0040 000",
    ),
    "66": (
        "Montréal",
        "Municipalité régionale de comté géographique",
        "06",
        "Montréal",
        "6b136e181c9b07cfe05358f2298e2062",
        "50 02 0040 000",
    ),
}
REGIONS = {
    "05": ("Estrie", "1c1cfdfef309af56e05358f2298e9d6a"),
    "06": ("Montréal", "1c1cfdfef30aaf56e05358f2298e9d6a"),
    "12": ("Chaudière-Appalaches", "1c1cfdfef310af56e05358f2298e9d6a"),
}
# A census division outside Québec (Ottawa), for the Canada-wide StatCan files.
OTTAWA_RECT = (-76.35, 44.96, -75.25, 45.54)

# Expected values (used by the tests).
SAINT_CAMILLE = "2440025"
MERGED_CODE = "29027"
MERGED_PARTS = ("2429025", "2430090")
TNO_CODE = "2429902"
CURRENT_REGISTER_CODES = ("29027", "29902", "40005", "40010", "40025", "40043", "43027", "66023")
CENSUS_2016_CODES = ("2429025", "2429902", "2430090", "2440005", "2440010", "2440025", "2440043", "2443027", "2466023")

FOLDERS = {
    "mamh": "mamh-repertoire-municipalites",
    "snapshots": "mamh-repertoire-snapshots",
    "ir": "statcan-index-of-remoteness-2016",
    "sac": "statcan-sac-miz-2016/source_lists",
    "lode": "statcan-lode-rural-viewer",
    "cwb": "isc-community-well-being-2021",
    "census21": "census-2021-csd-indicators-qc",
    "census16": "census-2016-csd-commuting-age-qc",
    "cd": "statcan-census-divisions-2021",
    "sda": "sda-decoupages-mrnf-v2026",
    "cdpoly": "statcan-cd-boundaries-2021-simplified",
    "ir21": "statcan-index-of-remoteness-2021",
    "cwbqc": "isc-community-well-being-2006-2016-qc",
    "odcaf": "statcan-lode-odcaf-cultural-facilities",
}

# Relative paths of every file write_mini_raw writes (from the raw folder).
FILES = {
    "mamh": f"{FOLDERS['mamh']}/MUN_2025_sans_donnees_personnelles.csv",
    "snapshot": f"{FOLDERS['snapshots']}/MUN_snapshot_2026-03_sans_donnees_personnelles.csv",
    "ir": f"{FOLDERS['ir']}/2016IR_DATABASE.csv",
    "cmas": f"{FOLDERS['sac']}/raw_CMAs.txt",
    "cas": f"{FOLDERS['sac']}/raw_CAs.txt",
    "miz_strong": f"{FOLDERS['sac']}/raw_MIZ_strong.csv",
    "miz_moderate": f"{FOLDERS['sac']}/raw_MIZ_moderate.csv",
    "miz_weak": f"{FOLDERS['sac']}/raw_MIZ_weak.csv",
    "miz_none": f"{FOLDERS['sac']}/raw_MIZ_none.csv",
    "lode": f"{FOLDERS['lode']}/csd2016_qc_rural_flag_pop2016_bbox.csv",
    "cwb": f"{FOLDERS['cwb']}/CWB_2021.csv",
    "census21": f"{FOLDERS['census21']}/census2021_csd_quebec_indicators.csv",
    "commuting": f"{FOLDERS['census16']}/total_csd_info_2016_quebec.csv",
    "age": f"{FOLDERS['census16']}/csd_age_cohorts_2016_quebec.csv",
    "cd": f"{FOLDERS['cd']}/master_census_data_2021.csv",
    "sda_mrc": f"{FOLDERS['sda']}/qc-mrc.geojson",
    "sda_regions": f"{FOLDERS['sda']}/qc-regions.geojson",
    "cdpoly": f"{FOLDERS['cdpoly']}/lcd_000b21a_e_simplified_0.5percent.geojson",
    "ir21": f"{FOLDERS['ir21']}/2021IR_DATABASE.csv",
    "cwb06": f"{FOLDERS['cwbqc']}/cwb2006_qc.csv",
    "cwb16": f"{FOLDERS['cwbqc']}/cwb2016_qc.csv",
    "odcaf": f"{FOLDERS['odcaf']}/odcaf.csv",
}

# Encoding and line ending of each file, as in the official distribution.
FORMATS = {key: ("utf-8", "\n") for key in FILES}
FORMATS.update(
    {
        "mamh": ("utf-8-sig", "\n"),  # UTF-8 with a byte-order mark
        "snapshot": ("utf-8-sig", "\n"),
        "ir": ("utf-8-sig", "\r\n"),
        "cwb": ("cp1252", "\r\n"),  # Windows-1252, not UTF-8
        "cd": ("utf-8", "\r\n"),
    }
)

# -------------------------------------------------------------------------------------
# Tables (values as text, exactly as they appear in the official files).

MAMH_2025_HEADER = [
    "mcode",
    "munnom",
    "mcodpos",
    "mweb",
    "mcodedesi",
    "mdes",
    "mgentile",
    "regadm",
    "divrec",
    "mrc",
    "admregionale",
    "horsmrcautoch",
    "mdatcons",
    "mdatregi",
    "msuperf",
    "mpopul",
    "datelec",
    "electype",
    "delectype",
    "elecmode",
    "delecmode",
    "divter",
    "mcm",
    "mcirc",
    "msupft",
]
_ELEC = ["2025-11-02", "B", "En bloc / tout le conseil", "E", "Élection"]
MAMH_2025_ROWS = [
    [
        "29027",
        "Courcelles--Saint-Évariste",
        "G0M1S0",
        "https://www.st-evariste.qc.ca/",
        "05",
        "Municipalité",
        "Gentillé",
        "Chaudière-Appalaches (12)",
        "Beauce-Sartigan (29)",
        "MRC Beauce-Sartigan (290)",
        "",
        "",
        "2024-01-01",
        "",
        "203.47",
        "1342",
        "2024-10-06",
        "B",
        "En bloc / tout le conseil",
        "E",
        "Élection",
        "Sans division",
        "",
        "Beauce-Sud (811)",
        "201.05",
    ],
    [
        "29902",
        "Lac-Témoin",
        "",
        "",
        "25",
        "Territoire non organisé",
        "",
        "Chaudière-Appalaches (12)",
        "Beauce-Sartigan (29)",
        "MRC Beauce-Sartigan (290)",
        "",
        "",
        "1986-01-01",
        "",
        "12.5",
        "0",
        "",
        "B",
        "En bloc / tout le conseil",
        "",
        "",
        "",
        "",
        "Beauce-Sud (811)",
        "11.9",
    ],
    [
        "40005",
        "Ham-Sud",
        "J0B3J0",
        "www.ham-sud.ca",
        "05",
        "Municipalité",
        "Hamsudois, oise*",
        "Estrie (05)",
        "Asbestos (40)",
        "MRC Les Sources (400)",
        "",
        "",
        "1879-01-01",
        "",
        "152.37",
        "230",
        *_ELEC,
        "Sans division",
        "",
        "Richmond (132)",
        "151.62",
    ],
    [
        "40010",
        "Saint-Adrien",
        "J0A1C0",
        "www.st-adrien.com",
        "05",
        "Municipalité",
        "Adriennois, oise*",
        "Estrie (05)",
        "Asbestos (40)",
        "MRC Les Sources (400)",
        "",
        "",
        "1879-01-01",
        "",
        "98.7",
        "562",
        *_ELEC,
        "Sans division",
        "",
        "Richmond (132)",
        "98.47",
    ],
    [
        "40025",
        "Saint-Camille",
        "J0A1G0",
        "www.saint-camille.ca",
        "01",
        "Canton",
        "Camillois, oise*",
        "Estrie (05)",
        "Asbestos (40)",
        "MRC Les Sources (400)",
        "",
        "",
        "1860-01-01",
        "",
        "83.55",
        "601",
        *_ELEC,
        "Sans division",
        "",
        "Richmond (132)",
        "83.28",
    ],
    [
        "40043",
        "Val-des-Sources",
        "J1T2W4",
        "https://valdessources.ca/",
        "10",
        "Ville",
        "Valsourcien, ienne*",
        "Estrie (05)",
        "Asbestos (40)",
        "MRC Les Sources (400)",
        "",
        "",
        "1999-12-08",
        "",
        "31.87",
        "7405",
        *_ELEC,
        "Sans division",
        "",
        "Richmond (132)",
        "30.34",
    ],
    [
        "43027",
        "Sherbrooke",
        "J1H5H9",
        "www.sherbrooke.ca",
        "10",
        "Ville",
        "Sherbrookois, oise*",
        "Estrie (05)",
        "Sherbrooke (43)",
        "",
        "",
        "non",
        "2002-01-01",
        "",
        "366.01",
        "184667",
        *_ELEC,
        "District",
        "",
        "Saint-François (110);Sherbrooke (116);Richmond (132)",
        "353.4",
    ],
    [
        "66023",
        "Montréal",
        "H2Y1C6",
        "www.montreal.ca",
        "10",
        "Ville",
        "Montréalais, aise",
        "Montréal (06)",
        "Montréal (66)",
        "",
        "",
        "non",
        "2002-01-01",
        "",
        "431.5",
        "1948747",
        *_ELEC,
        "District",
        "Communauté métropolitaine de Montréal (663)",
        "Verdun (300)",
        "365.13",
    ],
]

MAMH_2026_HEADER = [
    "mcode",
    "munnom",
    "mcodedesi",
    "mdes",
    "regadm",
    "divrec",
    "mrc",
    "admregionale",
    "horsmrcautoch",
    "mdatcons",
    "mdatregi",
    "msuperf",
    "msupft",
    "mpopul",
]
MAMH_2026_POP = {
    "29027": "1350",
    "29902": "0",
    "40005": "230",
    "40010": "570",
    "40025": "574",
    "40043": "7327",
    "43027": "186952",
    "66023": "1957115",
}


def _snapshot_rows() -> list[list[str]]:
    rows = []
    for row in MAMH_2025_ROWS:
        r = dict(zip(MAMH_2025_HEADER, row))
        r["mpopul"] = MAMH_2026_POP[r["mcode"]]
        rows.append([r[c] for c in MAMH_2026_HEADER])
    return rows


IR_HEADER = ["Pruid", "CSDuid", "CSDname", "CSDtype", "Index_of_remoteness", "CSDpop2016", "DGUID"]
IR_ROWS = [
    ["10", "1001101", "Division No.  1, Subd. V", "SNO", "0.3768", "36"],
    ["24", "2429025", "Saint-Évariste-de-Forsyth", "MÉ", "0.2248", "540"],
    ["24", "2429902", "Lac-Témoin", "NO", ".", "0"],
    ["24", "2430090", "Courcelles", "MÉ", "0.2315", "823"],
    ["24", "2440005", "Ham-Sud", "MÉ", "0.1639", "235"],
    ["24", "2440010", "Saint-Adrien", "MÉ", "0.1535", "522"],
    ["24", "2440025", "Saint-Camille", "CT", "0.1598", "529"],
    ["24", "2440043", "Asbestos", "V", "0.142", "6786"],
    ["24", "2443027", "Sherbrooke", "V", "0.1374", "161323"],
    ["24", "2466023", "Montréal", "V", "0.0285", "1704694"],
    ["35", "3506008", "Ottawa", "CV", "0.0963", "934243"],
    ["35", "3560091", "Kenora, Unorganized", "NO", ".", "."],
]

CMAS_TXT = """462 - Montréal
2466023 - Montréal
2466007 - Montréal-Est
505 - Ottawa--Gatineau
3506008 - Ottawa
2481017 - Gatineau
433 - Sherbrooke
2441055 - Ascot Corner
2444071 - Compton
2443027 - Sherbrooke
"""
CAS_TXT = """410 - Alma
2493042 - Alma
2493045 - Saint-Nazaire
428 - Saint-Georges
2429073 - Saint-Georges
"""
MIZ_HEADER = ["Code", "Census subdivision", "Type"]
MIZ_ROWS = {
    "strong": [
        ["3543003Adjala-Tosorontio", "Adjala-Tosorontio", "Township"],
        ["2440025Saint-Camille", "Saint-Camille", "Canton (municipalité de)"],
    ],
    "moderate": [
        ["1311026Aberdeen", "Aberdeen", "Parish"],
        ["2440043Asbestos", "Asbestos", "Ville"],
        ["2440005Ham-Sud", "Ham-Sud", "Municipalité"],
        ["2440010Saint-Adrien", "Saint-Adrien", "Municipalité"],
        ["2429025Saint-Évariste-de-Forsyth", "Saint-Évariste-de-Forsyth", "Municipalité"],
    ],
    "weak": [["5943008Alert Bay", "Alert Bay", "Village"], ["2430090Courcelles", "Courcelles", "Municipalité"]],
    "none": [
        ["6101025Aklavik", "Aklavik", "Hamlet"],
        ["6204030Baffin, Unorganized", "Baffin, Unorganized", "Unorganized"],
    ],
}

LODE_HEADER = [
    "CSDUID",
    "CSDNAME",
    "bbox_xmin",
    "bbox_ymin",
    "bbox_xmax",
    "bbox_ymax",
    "RuralUrbanFlag",
    "CSDpop2016",
    *[f"Period{i}" for i in range(1, 9)],
]
LODE_ROWS = [
    [
        "2429025",
        "Saint-Évariste-de-Forsyth",
        "-71.106804",
        "45.890774",
        "-70.857255",
        "46.006349",
        "Rural",
        "540.0",
        "-999",
        "-999",
        "59.3",
        "55.6",
        "20.4",
        "24.1",
        "13",
        "7.4",
    ],
    ["2429902", "Lac-Témoin", "-70.9", "46.1", "-70.6", "46.4", "Rural", "0.0", *["-999"] * 8],
    [
        "2430090",
        "Courcelles",
        "-71.093488",
        "45.835318",
        "-70.895852",
        "45.937918",
        "Rural",
        "823.0",
        "-999",
        "275.8",
        "407",
        "289.2",
        "-999",
        "306.2",
        "-999",
        "-999",
    ],
    [
        "2440005",
        "Ham-Sud",
        "-71.707533",
        "45.693072",
        "-71.436679",
        "45.83051",
        "Rural",
        "235.0",
        "123.4",
        "131.9",
        "174.5",
        "-999",
        "-999",
        "-999",
        "-999",
        "-999",
    ],
    [
        "2440010",
        "Saint-Adrien",
        "-71.832274",
        "45.761307",
        "-71.644934",
        "45.885296",
        "Rural",
        "522.0",
        "-999",
        "-999",
        "24.9",
        "36.4",
        "-999",
        "38.3",
        "30.7",
        "-999",
    ],
    [
        "2440025",
        "Saint-Camille",
        "-71.775287",
        "45.617404",
        "-71.611848",
        "45.7513",
        "Rural",
        "529.0",
        "-999",
        "60.5",
        "98.3",
        "87",
        "60.5",
        "68.1",
        "60.5",
        "-999",
    ],
    [
        "2440043",
        "Asbestos",
        "-72.012012",
        "45.738265",
        "-71.873651",
        "45.804522",
        "Rural",
        "6786.0",
        "36.3",
        "80",
        "119.1",
        "115.7",
        "95.2",
        "98.7",
        "40.2",
        "29",
    ],
    [
        "2443027",
        "Sherbrooke",
        "-72.108837",
        "45.299749",
        "-71.802554",
        "45.524048",
        "Urban",
        "161323.0",
        "151.6",
        "237.6",
        "309.8",
        "267.6",
        "204.8",
        "188.8",
        "88.8",
        "60.5",
    ],
    [
        "2466023",
        "Montréal",
        "-73.972903",
        "45.410082",
        "-73.473032",
        "45.705571",
        "Urban",
        "1704694.0",
        "271.6",
        "326",
        "347.8",
        "313.5",
        "284.9",
        "269.5",
        "163",
        "111.4",
    ],
]

CWB_HEADER = [
    "CSD Code 2021",
    "CSD Name 2021",
    "Census Population 2021",
    "Income 2021",
    "Education 2021",
    "Housing 2021",
    "Labour Force Activity 2021",
    "CWB 2021",
    "Community Type 2021",
]
_NI = "Non-Indigenous Community"
CWB_ROWS = [
    ["1001101", "Division No.  1, Subd. V", "55", "", "", "", "", "", _NI],
    ["2429025", "Saint-Évariste-de-Forsyth", "511", "72", "46", "97", "93", "77", _NI],
    ["2429902", "Lac-Témoin", "0", "", "", "", "", "", _NI],
    ["2430090", "Courcelles", "814", "68", "42", "92", "88", "72", _NI],
    ["2440005", "Ham-Sud", "214", "", "", "", "", "75", _NI],
    ["2440010", "Saint-Adrien", "522", "68", "60", "96", "83", "77", _NI],
    ["2440025", "Saint-Camille", "551", "74", "62", "94", "92", "81", _NI],
    ["2440043", "Val-des-Sources", "7088", "71", "50", "96", "83", "75", _NI],
    ["2443027", "Sherbrooke", "172950", "78", "67", "96", "88", "82", _NI],
    ["2466023", "Montréal", "1762949", "79", "71", "92", "85", "82", _NI],
    ["3506008", "Ottawa", "1017449", "86", "77", "95", "86", "86", _NI],
]

# Index of Remoteness 2021 (January 2023 release): a leading unnamed column (0-based row
# numbers written by pandas), empty = not computed, populations as floats, no BOM.
IR21_HEADER = ["", "Pruid", "CSDuid", "CSDname", "CSDtype", "Index_of_remoteness", "CSDpop2021", "DGUID"]
IR21_ROWS = [
    ["10", "1001101", "Division No.  1, Subd. V", "SNO", "0.3803357730916185", "55.0"],
    ["24", "2429025", "Saint-Évariste-de-Forsyth", "MÉ", "0.24286727195239144", "511.0"],
    ["24", "2429902", "Lac-Témoin", "NO", "", "0.0"],
    ["24", "2430090", "Courcelles", "MÉ", "0.24639477319034542", "814.0"],
    ["24", "2440005", "Ham-Sud", "MÉ", "0.16738252968569023", "214.0"],
    ["24", "2440010", "Saint-Adrien", "MÉ", "0.1626374434426724", "522.0"],
    ["24", "2440025", "Saint-Camille", "CT", "0.17385137786210625", "551.0"],
    ["24", "2440043", "Val-des-Sources", "V", "0.1547974160932607", "7088.0"],
    ["24", "2443027", "Sherbrooke", "V", "0.15579480194819162", "172950.0"],
    ["24", "2466023", "Montréal", "V", "0.030274095617455865", "1762949.0"],
    ["35", "3506008", "Ottawa", "CV", "0.0972315584420307", "1017449.0"],
    ["35", "3560091", "Kenora, Unorganized", "NO", "", ""],
]

# Community Well-Being 2006 and 2016 as transcribed in the mirror: official headers
# without the name column, community type as N / F / I, UTF-8, Québec rows only. 2006
# has one code that no longer exists (2440030, invented), absent from 2016.
CWB_QC_HEADER = [
    "CSD Code {y}",
    "Census Population {y}",
    "Income {y}",
    "Education {y}",
    "Housing {y}",
    "Labour Force Activity {y}",
    "CWB {y}",
    "Community Type {y}",
]
CWB06_ROWS = [
    ["2429025", "647", "59", "44", "98", "86", "72", "N"],
    ["2429902", "", "", "", "", "", "", "N"],
    ["2430090", "928", "65", "36", "98", "89", "72", "N"],
    ["2440005", "219", "", "", "", "", "73", "N"],
    ["2440010", "488", "66", "35", "95", "88", "71", "N"],
    ["2440025", "448", "63", "57", "95", "90", "76", "N"],
    ["2440030", "120", "", "", "", "", "70", "N"],
    ["2440043", "6819", "65", "50", "95", "83", "73", "N"],
    ["2443027", "147427", "70", "61", "96", "86", "78", "N"],
    ["2466023", "1620693", "71", "62", "92", "84", "77", "N"],
]
CWB16_ROWS = [
    ["2429025", "540", "65", "45", "92", "92", "73", "N"],
    ["2429902", "", "", "", "", "", "", "N"],
    ["2430090", "823", "66", "45", "95", "88", "74", "N"],
    ["2440005", "235", "", "", "", "", "76", "N"],
    ["2440010", "522", "61", "47", "95", "83", "72", "N"],
    ["2440025", "529", "69", "65", "91", "93", "79", "N"],
    ["2440043", "6786", "70", "49", "95", "81", "74", "N"],
    ["2443027", "161323", "74", "65", "97", "86", "80", "N"],
    ["2466023", "1704694", "75", "68", "92", "85", "80", "N"],
]

# ODCAF v1.0 as in the LODE viewer's copy: strings quoted, numbers not, ".." = not
# available, rows sorted by facility name.
ODCAF_HEADER = [
    "Facility_Name",
    "Index",
    "Source_Facility_Type",
    "ODCAF_Facility_Type",
    "Provider",
    "Unit",
    "Street_No",
    "Street_Name",
    "Postal_Code",
    "City",
    "Prov_Terr",
    "Source_Format_Address",
    "CSD_Name",
    "CSDUID",
    "PRUID",
    "Latitude",
    "Longitude",
]
_BANQ = "bibliotheque et archives nationales du québec"
ODCAF_ROWS = [
    [
        "#Hashtag Gallery",
        1,
        "..",
        "gallery",
        "toronto",
        "..",
        801,
        "dundas st w",
        "M6J 1V2",
        "toronto",
        "on",
        "801 dundas st w",
        "Toronto",
        "3520005",
        "35",
        43.65169472,
        -79.40803272,
    ],
    [
        "Bibliotheque D'Asbestos",
        1027,
        "municipale",
        "library or archives",
        _BANQ,
        "..",
        351,
        "boulevard saint-luc",
        "J1T 2W4",
        "cabano",
        "qc",
        "351, boulevard saint-luc",
        "Asbestos",
        "2440043",
        "24",
        45.7778255,
        -71.93841,
    ],
    [
        "Bibliothèque De Saint-Camille",
        1272,
        "affiliée au réseau biblio",
        "library or archives",
        _BANQ,
        "..",
        85,
        "rue desrivières",
        "J0A 1G0",
        "murdochville",
        "qc",
        "85, rue desrivières",
        "Saint-Camille",
        "2440025",
        "24",
        45.6824214,
        -71.7013403,
    ],
    [
        "Centennial Theatre",
        2356,
        "auditorium / theatre",
        "theatre/performance and concert hall",
        "province of québec",
        "..",
        2600,
        "rue collège",
        "J1M 1Z7",
        "sherbrooke",
        "qc",
        "université bishop's, 2600, rue collège",
        "Sherbrooke",
        "2443027",
        "24",
        45.367177,
        -71.847174,
    ],
    [
        "Corporation Moulin Bernier",
        2901,
        "industry/trade museum interpretation centre",
        "museum",
        "canadian museums association",
        "..",
        "..",
        "..",
        "G0M 1C0",
        "courcelles",
        "qc",
        "cp 171 courcelles québec g0m 1c0 canada",
        "Courcelles",
        "2430090",
        "24",
        45.873756,
        -70.984726,
    ],
    [
        "International Mask Festival Masq'Alors!",
        4885,
        "festival / special event",
        "festival site",
        "province of québec",
        "..",
        162,
        "rue miquelon",
        "..",
        "saint-camille",
        "qc",
        "162 rue miquelon",
        "Saint-Camille",
        "2440025",
        "24",
        45.684894,
        -71.702284,
    ],
    [
        "Le P'Tit Bonheur De Saint-Camille",
        5483,
        "auditorium / theatre",
        "theatre/performance and concert hall",
        "province of québec",
        "..",
        162,
        "rue miquelon",
        "J0A 1G0",
        "saint-camille",
        "qc",
        "162, rue miquelon",
        "Saint-Camille",
        "2440025",
        "24",
        45.684363,
        -71.702814,
    ],
    [
        "Mill of the Jesuits",
        6182,
        "community/regional museum",
        "museum",
        "canadian museums association",
        "..",
        7960,
        "boulevard henri-bourassa",
        "G1H 3G3",
        "charlesbourg",
        "qc",
        "7960 boulevard henri-bourassa",
        "..",
        "..",
        "24",
        46.8488632,
        -71.2412241,
    ],
    [
        "Whiteley Museum",
        7827,
        "..",
        "museum",
        "canadian museums association",
        "..",
        "..",
        "..",
        "..",
        "montréal",
        "qc",
        "..",
        "Montréal",
        "2466023",
        "24",
        "..",
        "..",
    ],
]


def odcaf_text(rows: list[list] | None = None) -> str:
    """The ODCAF file as the LODE viewer's copy writes it: strings quoted, numbers bare."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(ODCAF_HEADER)
    writer.writerows(ODCAF_ROWS if rows is None else rows)
    return buffer.getvalue()


CENSUS21_HEADER = [
    "CSDUID",
    "GEO_NAME",
    "prov",
    "pop",
    "pop_change",
    "density",
    "area_km2",
    "median_age",
    "median_hh_income",
    "unemployment",
    "commute_car_pct",
    "commute_transit_pct",
    "commute_walk_pct",
    "commute_bike_pct",
    "commute_short_pct",
    "commute_long_pct",
    "french_pct",
    "bilingual_pct",
    "immigrants_pct",
    "visible_minority_pct",
    "dwell_median",
    "dwell_avg",
    "rent_median",
    "owner_burden",
    "tenant_burden",
    "major_repairs_pct",
]
CENSUS21_ROWS = [
    [
        "2429025",
        "Saint-Évariste-de-Forsyth, Municipalité (MÉ)",
        "QC",
        "511.0",
        "-6.2",
        "4.6",
        "110.85",
        "50.0",
        "58400.0",
        "0.0",
        "80.9",
        "0.0",
        "14.9",
        "0.0",
        "61.7",
        "4.3",
        "97.1",
        "18.6",
        "7.8",
        "5.8",
        "139000.0",
        "160000.0",
        "452.0",
        "12.9",
        "0.0",
        "11.4",
    ],
    [
        "2429902",
        "Lac-Témoin, Territoire non organisé (NO)",
        "QC",
        "0.0",
        "",
        "0.0",
        "11.9",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "2430090",
        "Courcelles, Municipalité (MÉ)",
        "QC",
        "814.0",
        "-1.1",
        "9.0",
        "90.34",
        "52.0",
        "50000.0",
        "3.7",
        "85.9",
        "0.0",
        "11.3",
        "0.0",
        "53.5",
        "2.8",
        "96.9",
        "16.0",
        "1.2",
        "9.4",
        "95000.0",
        "122000.0",
        "468.0",
        "0.0",
        "0.0",
        "12.3",
    ],
    [
        "2440005",
        "Ham-Sud, Municipalité (MÉ)",
        "QC",
        "214.0",
        "-8.9",
        "1.4",
        "151.21",
        "55.6",
        "",
        "10.0",
        "92.3",
        "0.0",
        "0.0",
        "0.0",
        "30.8",
        "15.4",
        "95.3",
        "39.5",
        "5.0",
        "0.0",
        "200000.0",
        "192000.0",
        "",
        "",
        "",
        "0.0",
    ],
    [
        "2440010",
        "Saint-Adrien, Municipalité (MÉ)",
        "QC",
        "522.0",
        "0.0",
        "5.3",
        "98.52",
        "46.4",
        "53600.0",
        "8.2",
        "82.9",
        "0.0",
        "14.3",
        "0.0",
        "37.1",
        "8.6",
        "99.0",
        "26.0",
        "1.7",
        "1.7",
        "150000.0",
        "170000.0",
        "685.0",
        "13.5",
        "0.0",
        "12.8",
    ],
    [
        "2440025",
        "Saint-Camille, Canton (municipalité de) (CT)",
        "QC",
        "551.0",
        "4.2",
        "6.6",
        "83.1",
        "40.8",
        "69500.0",
        "3.8",
        "92.7",
        "0.0",
        "7.3",
        "0.0",
        "26.8",
        "7.3",
        "98.2",
        "31.8",
        "3.0",
        "0.0",
        "190000.0",
        "220000.0",
        "",
        "11.4",
        "0.0",
        "10.9",
    ],
    [
        "2440043",
        "Val-des-Sources, Ville (V)",
        "QC",
        "7088.0",
        "4.5",
        "234.3",
        "30.25",
        "55.2",
        "48000.0",
        "9.3",
        "89.1",
        "0.0",
        "7.6",
        "0.0",
        "50.2",
        "5.8",
        "97.2",
        "24.4",
        "1.3",
        "1.9",
        "150000.0",
        "165600.0",
        "552.0",
        "6.6",
        "18.8",
        "6.4",
    ],
    [
        "2443027",
        "Sherbrooke, Ville (V)",
        "QC",
        "172950.0",
        "7.2",
        "489.4",
        "353.4",
        "41.2",
        "62400.0",
        "6.1",
        "87.3",
        "4.9",
        "5.5",
        "0.9",
        "38.9",
        "2.6",
        "92.2",
        "46.1",
        "8.8",
        "9.6",
        "250000.0",
        "292000.0",
        "695.0",
        "8.1",
        "24.7",
        "4.8",
    ],
    [
        "2466023",
        "Montréal, Ville (V)",
        "QC",
        "1762949.0",
        "3.4",
        "4833.5",
        "364.74",
        "38.8",
        "63600.0",
        "10.3",
        "56.7",
        "28.4",
        "9.6",
        "3.4",
        "17.9",
        "9.0",
        "62.7",
        "58.5",
        "33.4",
        "38.8",
        "500000.0",
        "584500.0",
        "870.0",
        "18.0",
        "27.8",
        "8.6",
    ],
]

COMMUTING_HEADER = [
    "csduid2016",
    "region",
    "province",
    "HR",
    "class",
    "index_of_remoteness",
    "population_density",
    "area_sq_km",
    "population",
    "dwellings",
    "households",
    "cpls_w_0_ch",
    "cpls_w_children",
    "cpls_w_1_ch",
    "cpls_w_2_ch",
    "cpls_w_3_or_more_ch",
    "sgls_w_ch",
    "sgls_w_1_ch",
    "sgls_w_2_ch",
    "sgls_w_3_or_more_ch",
    "not_in_families",
    "commute_wi_csd",
    "commute_wi_cd_not_csd",
    "commute_wi_prov_not_cd",
    "commute_extra_prov",
    "HRUID2018",
]
COMMUTING_ROWS = [
    [
        "2429025",
        "Saint-Évariste-de-Forsyth",
        "Quebec",
        "Chaudiere-Appalaches",
        "Moderate",
        "0.2248",
        "4.9",
        "111.6211",
        "540",
        "320",
        "227",
        "75",
        "70",
        "25",
        "25",
        "20",
        "15",
        "10",
        "0",
        "0",
        "80",
        "10",
        "140",
        "60",
        "0",
        "2412",
    ],
    [
        "2429902",
        "Lac-Témoin",
        "Quebec",
        "Chaudiere-Appalaches",
        "NA",
        "NA",
        "0",
        "11.9",
        "0",
        "0",
        "0",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "NA",
        "2412",
    ],
    [
        "2430090",
        "Courcelles",
        "Quebec",
        "Estrie",
        "Weak",
        "0.2315",
        "9.1",
        "90.96864",
        "823",
        "434",
        "382",
        "130",
        "80",
        "35",
        "30",
        "15",
        "30",
        "20",
        "5",
        "0",
        "160",
        "155",
        "80",
        "105",
        "0",
        "2405",
    ],
    [
        "2440005",
        "Ham-Sud",
        "Quebec",
        "Estrie",
        "Moderate",
        "0.1639",
        "1.6",
        "151.98085",
        "235",
        "141",
        "109",
        "30",
        "20",
        "5",
        "10",
        "5",
        "5",
        "0",
        "0",
        "0",
        "55",
        "0",
        "10",
        "35",
        "0",
        "2405",
    ],
    [
        "2440010",
        "Saint-Adrien",
        "Quebec",
        "Estrie",
        "Moderate",
        "0.1535",
        "5.3",
        "98.75787",
        "522",
        "253",
        "227",
        "85",
        "55",
        "20",
        "20",
        "15",
        "15",
        "10",
        "5",
        "5",
        "90",
        "10",
        "30",
        "60",
        "0",
        "2405",
    ],
    [
        "2440025",
        "Saint-Camille",
        "Quebec",
        "Estrie",
        "Strong",
        "0.1598",
        "6.4",
        "83.35924",
        "529",
        "255",
        "212",
        "65",
        "65",
        "15",
        "25",
        "20",
        "15",
        "10",
        "5",
        "0",
        "85",
        "40",
        "40",
        "75",
        "0",
        "2405",
    ],
    [
        "2440043",
        "Asbestos",
        "Quebec",
        "Estrie",
        "Moderate",
        "0.142",
        "223.1",
        "31.70769",
        "6786",
        "3503",
        "3220",
        "1050",
        "495",
        "200",
        "180",
        "120",
        "315",
        "185",
        "80",
        "50",
        "1520",
        "885",
        "235",
        "895",
        "0",
        "2405",
    ],
    [
        "2443027",
        "Sherbrooke",
        "Quebec",
        "Estrie",
        "CMA",
        "0.1374",
        "456",
        "365.90834",
        "161323",
        "80341",
        "73506",
        "19525",
        "15695",
        "5720",
        "6745",
        "3235",
        "7305",
        "4370",
        "2200",
        "730",
        "37230",
        "53870",
        "0",
        "11690",
        "150",
        "2405",
    ],
    [
        "2466023",
        "Montréal",
        "Quebec",
        "Montreal",
        "CMA",
        "0.0285",
        "4662.1",
        "366.11227",
        "1704694",
        "843872",
        "779802",
        "155320",
        "174460",
        "70975",
        "70935",
        "32550",
        "89975",
        "57705",
        "23720",
        "8555",
        "456810",
        "562545",
        "60320",
        "63895",
        "3120",
        "2406",
    ],
]

AGE_HEADER = [
    "alpha",
    "province",
    "geo_code",
    "geo_name",
    *[f"cohort_{a}_to_{a + 4}" for a in range(0, 100, 5)],
    "cohort_100_plus",
    "CSD_population",
    "CSD_dwellings",
    "HR",
    "HRUID2018",
]
AGE_ROWS = [
    [
        "2429025",
        "Saint-Évariste-de-Forsyth",
        "30,25,30,25,35,30,30,25,35,35,50,40,55,25,35,20,10,0,5,0,0",
        "540",
        "320",
        "Chaudiere-Appalaches",
        "2412",
    ],
    ["2429902", "Lac-Témoin", ",".join(["0"] * 21), "0", "0", "Chaudiere-Appalaches", "2412"],
    [
        "2430090",
        "Courcelles",
        "35,45,35,40,40,30,35,45,35,55,70,70,80,75,50,35,25,15,10,5,0",
        "830",
        "434",
        "Estrie",
        "2405",
    ],
    ["2440005", "Ham-Sud", "5,10,10,20,5,5,5,10,15,20,20,30,15,25,25,5,0,0,0,0,0", "225", "141", "Estrie", "2405"],
    [
        "2440010",
        "Saint-Adrien",
        "35,40,30,15,15,20,35,30,30,25,25,45,55,70,35,10,10,5,0,0,0",
        "530",
        "253",
        "Estrie",
        "2405",
    ],
    [
        "2440025",
        "Saint-Camille",
        "45,50,30,25,25,20,40,40,30,25,30,45,25,30,30,15,10,5,0,0,0",
        "520",
        "255",
        "Estrie",
        "2405",
    ],
    [
        "2440043",
        "Asbestos",
        "290,360,330,295,250,240,295,325,325,315,435,555,645,640,500,350,275,230,100,25,0",
        "6780",
        "3503",
        "Estrie",
        "2405",
    ],
    [
        "2443027",
        "Sherbrooke",
        "8650,9015,8280,9230,12750,11225,10230,10395,9195,9345,10895,11275,10685,9460,7560,5035,3825,2535,1345,350,45",
        "161325",
        "80341",
        "Estrie",
        "2405",
    ],
    [
        "2466023",
        "Montréal",
        "98815,91005,75965,81790,123925,142400,141520,134710,114785,109250,113465,109560,94490,80575,61060,48665,"
        "39765,27115,12190,3135,510",
        "1704695",
        "843872",
        "Montreal",
        "2406",
    ],
]

CD_HEADER = [
    "year",
    "census_division_name",
    "DGUID",
    "CDUID",
    "geographic_area_type",
    "province",
    "population",
    "area_km2",
    "population_density_per_km2",
]
CD_ROWS = [
    ["2021", "Division No. 1", "2021A00031001", "1001", "CDR", "NL", "271878", "9104.58", "29.9"],
    ["2021", "Beauce-Sartigan", "2021A00032429", "2429", "MRC", "QC", "53384", "1952.73", "27.3"],
    ["2021", "Les Sources", "2021A00032440", "2440", "MRC", "QC", "14623", "785.42", "18.6"],
    ["2021", "Sherbrooke", "2021A00032443", "2443", "TÉ", "QC", "172950", "353.40", "489.4"],
    ["2021", "Montréal", "2021A00032466", "2466", "TÉ", "QC", "2004265", "498.29", "4,022.30"],
    ["2021", "Ottawa", "2021A00033506", "3506", "CDR", "ON", "1017449", "2788.2", "364.9"],
]
CD_POLYGONS = {
    # CDUID: (name, type, land area, PRUID, rectangle)
    "2429": ("Beauce-Sartigan", "MRC", 1952.7341, "24", MRC_RECTS["29"]),
    "2440": ("Les Sources", "MRC", 785.4182, "24", MRC_RECTS["40"]),
    "2443": ("Sherbrooke", "TÉ", 353.4013, "24", MRC_RECTS["43"]),
    "2466": ("Montréal", "TÉ", 498.2867, "24", MRC_RECTS["66"]),
    "3506": ("Ottawa", "CDR", 2788.2, "35", OTTAWA_RECT),
}


# -------------------------------------------------------------------------------------
# Writers.


def csv_text(header: list[str], rows: list[list[str]], newline: str = "\n") -> str:
    """CSV text as the official files write it: minimal quoting, given line ending."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _ring(rect: tuple[float, float, float, float], corners: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Counter-clockwise closed ring of ``rect``, with every corner of a neighbour lying on its edges
    inserted as a vertex, so that adjacent rectangles share their vertices (a clean coverage)."""
    x0, y0, x1, y1 = rect
    edges = [((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))]
    ring = []
    for (ax, ay), (bx, by) in edges:
        ring.append((ax, ay))
        inside = []
        for cx, cy in corners:
            if ay == by == cy and min(ax, bx) < cx < max(ax, bx):
                inside.append((abs(cx - ax), (cx, cy)))
            elif ax == bx == cx and min(ay, by) < cy < max(ay, by):
                inside.append((abs(cy - ay), (cx, cy)))
        ring.extend(p for _, p in sorted(set(inside)))
    ring.append(ring[0])
    return ring


def _corners(rects) -> list[tuple[float, float]]:
    out = set()
    for x0, y0, x1, y1 in rects:
        out |= {(x0, y0), (x1, y0), (x1, y1), (x0, y1)}
    return sorted(out)


def region_rects() -> dict[str, tuple[float, float, float, float]]:
    """Each region's rectangle = bounding box of its MRC rectangles (their union, by construction)."""
    out = {}
    for code in REGIONS:
        rects = [MRC_RECTS[m] for m, info in MRC_INFO.items() if info[2] == code]
        out[code] = (
            min(r[0] for r in rects),
            min(r[1] for r in rects),
            max(r[2] for r in rects),
            max(r[3] for r in rects),
        )
    return out


def sda_mrc_document(rings: dict[str, list] | None = None) -> dict:
    """The SDA MRC layer as a GeoJSON document (RFC 7946, lon/lat, no crs member)."""
    corners = _corners(MRC_RECTS.values())
    features = []
    for code in sorted(MRC_RECTS):
        name, kind, region, region_name, ident, index = MRC_INFO[code]
        ring = (rings or {}).get(code) or _ring(MRC_RECTS[code], corners)
        properties = {
            "MRS_ID_IND": ident,
            "MRS_NO_IND": index,
            "MRS_DE_IND": kind,
            "MRS_CO_MRC": code,
            "MRS_NM_MRC": name,
            "MRS_CO_REG": region,
            "MRS_NM_REG": region_name,
            "MRS_CO_REF": "SDA20K",
            "MRS_CO_VER": "V2026-05",
            "geoId": f"ca/qc/mrc/{code}",
            "name": name,
            "level": "mrc",
            "country": "CA",
            "code": code,
            "parentGeoId": f"ca/qc/region/{region}",
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


# SDA municipal polygons (munic_s), as rectangles tiling the MRC rectangles. 40030 is a
# code the current register does not have; Montréal comes in two parts (two rows with
# the same code, as the SDA splits islands).
MUNIC_RECTS = {
    "29027": [(-71.3, 45.0, -70.5, 46.0)],
    "29902": [(-71.3, 46.0, -70.5, 46.5)],
    "40005": [(-72.5, 45.56, -72.2, 46.5)],
    "40010": [(-72.2, 45.56, -71.9, 46.5)],
    "40025": [(-71.9, 45.56, -71.6, 46.5)],
    "40043": [(-71.6, 45.56, -71.3, 46.0)],
    "40030": [(-71.6, 46.0, -71.3, 46.5)],
    "43027": [(-72.5, 45.0, -71.3, 45.56)],
    "66023": [(-74.0, 45.0, -72.5, 45.8), (-74.0, 45.8, -72.5, 46.5)],
}
MUNIC_NAMES = {
    "29027": "Courcelles--Saint-Évariste",
    "29902": "Lac-Témoin",
    "40005": "Ham-Sud",
    "40010": "Saint-Adrien",
    "40025": "Saint-Camille",
    "40043": "Val-des-Sources",
    "40030": "Ancien-Lieu",
    "43027": "Sherbrooke",
    "66023": "Montréal",
}


def sda_municipal_document() -> dict:
    """The SDA municipal layer (munic_s) as RFC 7946 GeoJSON, with the SDA attribute names."""
    corners = _corners([r for rects in MUNIC_RECTS.values() for r in rects])
    features = []
    for code, rects in sorted(MUNIC_RECTS.items()):
        for rect in rects:
            properties = {
                "MUS_CO_GEO": code,
                "MUS_NM_MUN": MUNIC_NAMES[code],
                "MUS_CO_DES": "M",
                "MUS_CO_VER": "V2026-05",
            }
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in _ring(rect, corners)]]},
                    "properties": properties,
                }
            )
    return {"type": "FeatureCollection", "features": features}


def sda_region_document() -> dict:
    corners = _corners(MRC_RECTS.values())
    features = []
    for code, rect in sorted(region_rects().items()):
        name, ident = REGIONS[code]
        properties = {
            "RES_ID_IND": ident,
            "RES_NO_IND": "50 02 0100 000",
            "RES_DE_IND": "Région administrative",
            "RES_CO_REG": code,
            "RES_NM_REG": name,
            "RES_CO_REF": "SDA20K",
            "RES_CO_VER": "V2026-05",
            "geoId": f"ca/qc/region/{code}",
            "name": name,
            "level": "region",
            "country": "CA",
            "code": code,
            "iso": "CA-QC",
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in _ring(rect, corners)]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_3347(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Lon/lat ring -> EPSG:3347 (Statistics Canada Lambert) metres."""
    transformer = Transformer.from_crs("EPSG:4326", "EPSG:3347", always_xy=True)
    return [[round(x, 6), round(y, 6)] for x, y in (transformer.transform(lon, lat) for lon, lat in ring)]


def geojson_to_3347(document: dict) -> dict:
    """The same FeatureCollection with every Polygon ring in EPSG:3347 metres (no crs member)."""
    out = json.loads(json.dumps(document))
    for feature in out["features"]:
        feature["geometry"]["coordinates"] = [
            to_3347([tuple(p) for p in ring]) for ring in feature["geometry"]["coordinates"]
        ]
    return out


def cd_boundary_text() -> str:
    """The StatCan census-division boundary file: EPSG:3347 metres, no crs member, one feature per line."""
    corners = _corners([*MRC_RECTS.values(), OTTAWA_RECT])
    lines = []
    for cduid, (name, kind, area, pruid, rect) in sorted(CD_POLYGONS.items()):
        feature = {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [to_3347(_ring(rect, corners))]},
            "properties": {
                "CDUID": cduid,
                "DGUID": f"2021A0003{cduid}",
                "CDNAME": name,
                "CDTYPE": kind,
                "LANDAREA": area,
                "PRUID": pruid,
            },
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}"


def geojson_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def tables() -> dict[str, tuple[list[str], list[list[str]]]]:
    """Header and rows of every delimited table of the mini raw folder, by FILES key."""
    age_rows = [["QC", "Quebec", code, name, *cohorts.split(","), *rest] for code, name, cohorts, *rest in AGE_ROWS]
    out = {
        "mamh": (MAMH_2025_HEADER, MAMH_2025_ROWS),
        "snapshot": (MAMH_2026_HEADER, _snapshot_rows()),
        "ir": (IR_HEADER, [[*r, f"2016A0005{r[1]}"] for r in IR_ROWS]),
        "lode": (LODE_HEADER, LODE_ROWS),
        "cwb": (CWB_HEADER, CWB_ROWS),
        "census21": (CENSUS21_HEADER, CENSUS21_ROWS),
        "commuting": (COMMUTING_HEADER, COMMUTING_ROWS),
        "age": (AGE_HEADER, age_rows),
        "cd": (CD_HEADER, CD_ROWS),
        "ir21": (IR21_HEADER, [[str(i), *r, f"2021A0005{r[1]}"] for i, r in enumerate(IR21_ROWS)]),
        "cwb06": ([c.format(y=2006) for c in CWB_QC_HEADER], CWB06_ROWS),
        "cwb16": ([c.format(y=2016) for c in CWB_QC_HEADER], CWB16_ROWS),
    }
    out.update({f"miz_{key}": (MIZ_HEADER, rows) for key, rows in MIZ_ROWS.items()})
    return {key: (list(header), [list(r) for r in rows]) for key, (header, rows) in out.items()}


def write_table(
    raw: Path, key: str, header: list[str], rows: list[list[str]], *, encoding: str | None = None, delimiter: str = ","
) -> Path:
    """(Re)write one delimited file of the raw folder, in its official encoding unless told otherwise."""
    official_encoding, newline = FORMATS[key]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return write_bytes(Path(raw) / FILES[key], buffer.getvalue().encode(encoding or official_encoding))


def read_table_rows(raw: Path, key: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of one delimited file of the raw folder (official encoding)."""
    encoding, _ = FORMATS[key]
    text = (Path(raw) / FILES[key]).read_bytes().decode(encoding)
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def write_mini_raw(root: Path) -> Path:
    """Write the mini raw folder under ``root`` (created if needed) and return ``root``."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for key, (header, rows) in tables().items():
        write_table(root, key, header, rows)
    write_bytes(root / FILES["cmas"], CMAS_TXT.encode("utf-8"))
    write_bytes(root / FILES["cas"], CAS_TXT.encode("utf-8"))
    write_bytes(root / FILES["sda_mrc"], geojson_text(sda_mrc_document()).encode("utf-8"))
    write_bytes(root / FILES["sda_regions"], geojson_text(sda_region_document()).encode("utf-8"))
    write_bytes(root / FILES["cdpoly"], cd_boundary_text().encode("utf-8"))
    write_bytes(root / FILES["odcaf"], odcaf_text().encode("utf-8"))
    return root


@contextlib.contextmanager
def small_schemas():
    """Let the build write tables smaller than the whole province.

    The processed-table schemas require at least 1,000 municipalities, 100 MRCs, 17
    regions and 90 census divisions (``min_rows``), a sanity check for the real build.
    A mini raw folder cannot meet it, so the tests relax ``min_rows`` to 1 and keep every
    other rule of the schemas (columns, types, ranges, codes, keys).
    """
    from analysis.data import schemas

    original = schemas.processed_schemas

    def relaxed(decree_years):
        return [dataclasses.replace(schema, min_rows=min(schema.min_rows, 1)) for schema in original(decree_years)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schemas, "processed_schemas", relaxed)
        yield


def snapshot(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file below ``folder``."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
