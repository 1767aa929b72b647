"""Unit tests of the raw readers on small files in the official formats, and of a full build.

Every fixture is written here (or by :mod:`rawfixture`) from a few rows; no raw file of
the mirror is read.
"""

from __future__ import annotations

import codecs
import csv
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rawfixture as rf
import shapely

from analysis.data.errors import InputError
from analysis.data.pipeline import boundaries, census, crosswalk, cwb, lode, mamh, remoteness, sac
from analysis.data.pipeline.build import build
from analysis.data.pipeline.io import read_table


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def table_text(key: str, *, rows=None, header=None, newline: str | None = None) -> str:
    """CSV text of one of the mini raw tables (optionally with other rows or header)."""
    h, r = rf.tables()[key]
    return rf.csv_text(header or h, r if rows is None else rows, newline or rf.FORMATS[key][1])


def replace_cell(key: str, code: str, column: str, value: str) -> list[list[str]]:
    """Rows of table ``key`` with ``column`` set to ``value`` on the row whose first cells hold ``code``."""
    header, rows = rf.tables()[key]
    j = header.index(column)
    hits = 0
    for row in rows:
        if code in row[:3]:
            row[j] = value
            hits += 1
    assert hits == 1, (key, code)
    return rows


# -------------------------------------------------------------------------------------
# MAMH register


def test_register_with_bom_is_read_and_labels_are_split(tmp_path):
    path = write(tmp_path / "MUN_2025_sans_donnees_personnelles.csv", table_text("mamh"), "utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)

    register = mamh.read_register(path)

    assert (register.vintage, register.decree_year) == ("2025", 2025)
    frame = register.frame.set_index("mamh_code")
    assert list(frame.index) == list(rf.CURRENT_REGISTER_CODES)  # first column found despite the BOM
    camille = frame.loc["40025"]
    assert camille["name"] == "Saint-Camille"
    assert camille["designation"] == "Canton"
    assert (camille["region_code"], camille["region_name"]) == ("05", "Estrie")
    assert (camille["cd_code"], camille["cd_name"]) == ("40", "Asbestos")
    assert (camille["mrc_register_code"], camille["mrc_register_name"]) == ("400", "MRC Les Sources")
    assert camille["pop_decree"] == 601
    assert camille["area_total_km2"] == pytest.approx(83.55)
    assert camille["area_land_km2"] == pytest.approx(83.28)
    sherbrooke = frame.loc["43027"]  # a territoire équivalent: no MRC in the register
    assert (sherbrooke["mrc_register_code"], sherbrooke["outside_mrc"], sherbrooke["cd_code"]) == ("", "non", "43")
    assert frame.loc["66023", "region_name"] == "Montréal"
    assert str(register.frame["pop_decree"].dtype) == "Int64"
    assert register.report.encoding == "UTF-8"
    assert (register.report.rows_read, register.report.rows_kept) == (8, 8)
    assert register.report.missing == {}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("MUN_2025_sans_donnees_personnelles.csv", ("2025", 2025)),
        ("MUN_snapshot_2026-03_sans_donnees_personnelles.csv", ("2026-03", 2026)),
        ("MUN_snapshot_2022-03_sans_donnees_personnelles.csv", ("2022-03", 2022)),
        ("MUN_2026-03.csv", ("2026-03", 2026)),
    ],
)
def test_register_vintage_from_file_name(name, expected):
    assert mamh.vintage_of(Path(name)) == expected


def test_register_file_name_without_date_is_a_clear_error(tmp_path):
    path = write(tmp_path / "MUN.csv", table_text("mamh"), "utf-8-sig")
    with pytest.raises(InputError) as caught:
        mamh.read_register(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot tell which vintage of the register this is")
    assert "MUN_2026-03.csv" in message  # the hint shows how to name the file
    with pytest.raises(InputError, match="cannot tell which vintage"):
        mamh.read_registers(tmp_path)


def test_registers_are_ordered_oldest_first(tmp_path):
    write(tmp_path / "a" / "MUN_2025_sans_donnees_personnelles.csv", table_text("mamh"), "utf-8-sig")
    write(tmp_path / "b" / "MUN_snapshot_2026-03_sans_donnees_personnelles.csv", table_text("snapshot"), "utf-8-sig")
    # The 2022 export has fewer columns (no msupft, no horsmrcautoch): still a register.
    old_header = ["mcode", "munnom", "mdes", "regadm", "divrec", "mrc", "mdatcons", "mdatregi", "msuperf", "mpopul"]
    old_rows = [
        [
            "40025",
            "Saint-Camille",
            "Canton",
            "Estrie (05)",
            "Asbestos (40)",
            "MRC Les Sources (400)",
            "1860-01-01",
            "",
            "83.551",
            "548",
        ]
    ]
    write(
        tmp_path / "c" / "MUN_snapshot_2022-03_sans_donnees_personnelles.csv",
        rf.csv_text(old_header, old_rows),
        "utf-8-sig",
    )

    registers = mamh.read_registers(tmp_path)

    assert [r.vintage for r in registers] == ["2022-03", "2025", "2026-03"]
    assert [r.decree_year for r in registers] == [2022, 2025, 2026]
    oldest = registers[0].frame.iloc[0]
    assert oldest["pop_decree"] == 548 and np.isnan(oldest["area_land_km2"]) and oldest["outside_mrc"] == ""
    assert registers[-1].frame.set_index("mamh_code").loc["40025", "pop_decree"] == 574


def test_two_exports_of_the_same_year_are_refused(tmp_path):
    write(tmp_path / "MUN_2025_sans_donnees_personnelles.csv", table_text("mamh"), "utf-8-sig")
    write(tmp_path / "MUN_2025-06.csv", table_text("mamh"), "utf-8-sig")
    with pytest.raises(InputError, match="two register exports for decree year 2025"):
        mamh.read_registers(tmp_path)


def test_decree_blank_is_missing_and_counted(tmp_path):
    rows = replace_cell("mamh", "40025", "mpopul", "")
    path = write(tmp_path / "MUN_2025.csv", table_text("mamh", rows=rows), "utf-8-sig")
    register = mamh.read_register(path)
    frame = register.frame.set_index("mamh_code")
    assert pd.isna(frame.loc["40025", "pop_decree"])
    assert frame.loc["40005", "pop_decree"] == 230
    assert register.report.missing == {"mpopul": 1}


@pytest.mark.parametrize(
    "value, problem",
    [
        ("six cents", "neither numbers nor a documented suppression marker"),
        ("601.5", "should be whole numbers"),
        ("-601", "below the possible range"),
    ],
)
def test_decree_that_is_not_a_population_stops(tmp_path, value, problem):
    rows = replace_cell("mamh", "40025", "mpopul", value)
    path = write(tmp_path / "MUN_2025.csv", table_text("mamh", rows=rows), "utf-8-sig")
    with pytest.raises(InputError) as caught:
        mamh.read_register(path)
    error = caught.value
    assert problem in error.problem
    assert error.column == "mpopul"
    assert error.examples == [f"line 6: {value!r}"]  # Saint-Camille is the 5th data row


def test_region_label_without_code_stops(tmp_path):
    rows = replace_cell("mamh", "40025", "regadm", "Estrie")
    path = write(tmp_path / "MUN_2025.csv", table_text("mamh", rows=rows), "utf-8-sig")
    with pytest.raises(InputError) as caught:
        mamh.read_register(path)
    assert caught.value.column == "regadm"
    assert caught.value.examples == ["line 6: 'Estrie'"]


# -------------------------------------------------------------------------------------
# Index of Remoteness


def ir_text(extra_rows=()) -> str:
    header, rows = rf.tables()["ir"]
    return rf.csv_text(header, [*rows, *extra_rows], "\r\n")


def test_remoteness_bom_markers_and_province(tmp_path):
    extra = [["24", "2499904", "Baie-d'Hudson", "NO", ".", ".", "2016A00052499904"]]
    path = write(tmp_path / "2016IR_DATABASE.csv", ir_text(extra), "utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)

    frame, report = remoteness.read_remoteness(path)

    assert list(frame["csd_uid"]) == [*rf.CENSUS_2016_CODES, "2499904"]  # Québec only (Pruid 24)
    by_code = frame.set_index("csd_uid")
    assert by_code.loc["2440025", "remoteness"] == pytest.approx(0.1598)
    assert by_code.loc["2440025", "pop_ir"] == 529
    assert by_code.loc["2466023", "csd_name"] == "Montréal"
    assert by_code.loc["2440043", "csd_name"] == "Asbestos"
    assert np.isnan(by_code.loc[rf.TNO_CODE, "remoteness"]) and by_code.loc[rf.TNO_CODE, "pop_ir"] == 0
    assert pd.isna(by_code.loc["2499904", "pop_ir"])
    # "." counted in Québec rows only: the Ontario "." rows are not kept.
    assert report.missing == {"Index_of_remoteness": 2, "CSDpop2016": 1}
    assert (report.rows_read, report.rows_kept) == (13, 10)


@pytest.mark.parametrize("value", ["x", "n/a", "0,1598"])
def test_remoteness_value_that_is_not_a_number_nor_a_marker_stops(tmp_path, value):
    rows = replace_cell("ir", "2440025", "Index_of_remoteness", value)
    path = write(tmp_path / "2016IR_DATABASE.csv", table_text("ir", rows=rows), "utf-8-sig")
    with pytest.raises(InputError) as caught:
        remoteness.read_remoteness(path)
    error = caught.value
    assert error.column == "Index_of_remoteness"
    if value == "0,1598":  # a decimal comma beside decimal points: never silently 1598 (nor 0.1598)
        assert "numbers written with a decimal comma and with a decimal point" in error.problem
        assert "line 8: '0,1598'" in error.examples and "line 3: '0.2248'" in error.examples
    else:
        assert "neither numbers nor a documented suppression marker" in error.problem
        assert "'.'" in error.problem  # the message names the documented marker
        assert error.examples == [f"line 8: {value!r}"]


# -------------------------------------------------------------------------------------
# Community Well-Being


CWB_REQUIRED = ["CSD Code 2021", "CSD Name 2021"]


def test_cwb_windows_1252_is_decoded(tmp_path):
    path = write(tmp_path / "CWB_2021.csv", table_text("cwb"), "cp1252")
    data = path.read_bytes()
    assert b"Montr\xe9al" in data and b"\r\n" in data  # really Windows-1252, as published
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    frame, report = cwb.read_cwb(path)

    assert report.encoding == "Windows-1252"
    assert list(frame["csd_uid"]) == list(rf.CENSUS_2016_CODES)
    camille = frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE]
    assert (
        camille["cwb"],
        camille["cwb_income"],
        camille["cwb_education"],
        camille["cwb_housing"],
        camille["cwb_labour"],
    ) == (81, 74, 62, 94, 92)
    assert camille["community_type"] == "Non-Indigenous"
    assert camille["pop_cwb"] == 551
    ham_sud = frame.set_index("csd_uid").loc["2440005"]  # components suppressed, overall score published
    assert ham_sud["cwb"] == 75 and np.isnan(ham_sud["cwb_education"])
    assert report.missing == {
        "Income 2021": 2,
        "Education 2021": 2,
        "Housing 2021": 2,
        "Labour Force Activity 2021": 2,
        "CWB 2021": 1,
    }
    # The accented names survive the decoding (same reader call as read_cwb).
    names = read_table(path, required=CWB_REQUIRED, encodings=("utf-8", "cp1252")).frame["CSD Name 2021"]
    assert {"Montréal", "Saint-Évariste-de-Forsyth", "Lac-Témoin"} <= set(names)
    assert not any("Ã" in n for n in names)


def test_cwb_utf8_copy_is_accepted_too(tmp_path):
    cp1252, _ = cwb.read_cwb(write(tmp_path / "a" / "CWB_2021.csv", table_text("cwb"), "cp1252"))
    utf8_path = write(tmp_path / "b" / "CWB_2021.csv", table_text("cwb", newline="\n"), "utf-8")
    utf8, report = cwb.read_cwb(utf8_path)
    assert report.encoding == "UTF-8"
    pd.testing.assert_frame_equal(cp1252, utf8)
    names = read_table(utf8_path, required=CWB_REQUIRED, encodings=("utf-8", "cp1252")).frame["CSD Name 2021"]
    assert "Montréal" in set(names)


def test_cwb_year_comes_from_the_header():
    assert cwb.cwb_year(Path("CWB_2021.csv"), rf.CWB_HEADER) == 2021
    with pytest.raises(InputError, match="CSD Code <year>"):
        cwb.cwb_year(Path("CWB.csv"), ["CSD Name 2021"])


# -------------------------------------------------------------------------------------
# Census tables


def test_census_2021_blanks_are_missing_and_counted(tmp_path):
    path = write(tmp_path / "census2021_csd_quebec_indicators.csv", table_text("census21"))
    frame, report = census.read_census_2021(path)
    by_code = frame.set_index("csd_uid")
    assert list(by_code.index) == list(rf.CENSUS_2016_CODES)
    camille = by_code.loc[rf.SAINT_CAMILLE]
    assert camille["pop_census_2021"] == 551 and str(frame["pop_census_2021"].dtype) == "Int64"
    assert camille["median_age_2021"] == pytest.approx(40.8)
    assert camille["median_household_income_2020"] == 69500
    assert np.isnan(camille["rent_median_2021"])  # blank = suppressed
    assert np.isnan(by_code.loc["2440005", "median_household_income_2020"])
    assert camille["csd_name_2021"] == "Saint-Camille, Canton (municipalité de) (CT)"
    assert report.missing["median_hh_income"] == 2  # Ham-Sud and the unorganised territory
    assert report.missing["rent_median"] == 3
    assert report.missing["median_age"] == 1
    assert sum(report.missing.values()) == 24  # dwell_avg is not read, so its blanks are not counted


def test_census_2021_value_F_stops(tmp_path):
    rows = replace_cell("census21", "2440025", "median_age", "F")
    path = write(tmp_path / "census2021_csd_quebec_indicators.csv", table_text("census21", rows=rows))
    with pytest.raises(InputError) as caught:
        census.read_census_2021(path)
    assert caught.value.column == "median_age"
    assert caught.value.examples == ["line 7: 'F'"]
    assert "allowed markers: ''" in caught.value.problem


def test_commuting_2016_NA_is_missing_and_counted(tmp_path):
    path = write(tmp_path / "total_csd_info_2016_quebec.csv", table_text("commuting"))
    frame, report = census.read_commuting_2016(path)
    by_code = frame.set_index("csd_uid")
    camille = by_code.loc[rf.SAINT_CAMILLE]
    assert camille["pop_census_2016"] == 529
    assert camille["commuters_2016"] == 155  # 40 + 40 + 75 + 0
    assert (
        camille["commute_within_csd_pct_2016"],
        camille["commute_within_cd_pct_2016"],
        camille["commute_other_cd_pct_2016"],
        camille["commute_other_province_pct_2016"],
    ) == (25.8, 25.8, 48.4, 0.0)
    tno = by_code.loc[rf.TNO_CODE]
    assert pd.isna(tno["commuters_2016"]) and np.isnan(tno["commute_within_csd_pct_2016"])
    assert report.missing == {
        "commute_wi_csd": 1,
        "commute_wi_cd_not_csd": 1,
        "commute_wi_prov_not_cd": 1,
        "commute_extra_prov": 1,
    }


def test_commuting_2016_dot_is_not_its_marker(tmp_path):
    rows = replace_cell("commuting", "2440025", "commute_wi_csd", ".")
    path = write(tmp_path / "total_csd_info_2016_quebec.csv", table_text("commuting", rows=rows))
    with pytest.raises(InputError) as caught:
        census.read_commuting_2016(path)
    assert caught.value.column == "commute_wi_csd"
    assert caught.value.examples == ["line 7: '.'"]


def test_age_2016_shares(tmp_path):
    path = write(tmp_path / "csd_age_cohorts_2016_quebec.csv", table_text("age"))
    frame, _ = census.read_age_2016(path)
    by_code = frame.set_index("csd_uid")
    assert by_code.loc[rf.SAINT_CAMILLE, "age_0_14_pct_2016"] == 24.0
    assert by_code.loc[rf.SAINT_CAMILLE, "age_65_plus_pct_2016"] == 17.3
    assert by_code.loc["2440005", "age_65_plus_pct_2016"] == 24.4
    assert np.isnan(by_code.loc[rf.TNO_CODE, "age_0_14_pct_2016"])  # nobody lives there


def test_age_2016_without_quebec_rows_stops(tmp_path):
    header, _ = rf.tables()["age"]
    ontario = [["ON", "Ontario", "3506008", "Ottawa", *["1"] * 21, "21", "9", "Ottawa", "3551"]]
    path = write(tmp_path / "csd_age_cohorts_2016_quebec.csv", rf.csv_text(header, ontario))
    with pytest.raises(InputError, match=r"no Québec rows") as caught:
        census.read_age_2016(path)
    assert caught.value.column == "geo_code"


def test_census_divisions(tmp_path):
    path = write(tmp_path / "master_census_data_2021.csv", table_text("cd"))
    frame, report = census.read_census_divisions(path)
    assert list(frame["cd_uid"]) == ["2429", "2440", "2443", "2466"]  # Québec rows only
    montreal = frame.set_index("cd_uid").loc["2466"]
    assert (montreal["cd_name"], montreal["cd_type"], montreal["cd_pop_2021"]) == ("Montréal", "TÉ", 2004265)
    assert montreal["cd_land_area_km2"] == pytest.approx(498.29)
    assert (report.rows_read, report.rows_kept) == (6, 4)


# -------------------------------------------------------------------------------------
# Statistical Area Classification


def sac_folder(tmp_path: Path, **overrides: str) -> Path:
    folder = tmp_path / "source_lists"
    texts = {"raw_CMAs.txt": rf.CMAS_TXT, "raw_CAs.txt": rf.CAS_TXT}
    for key in ("strong", "moderate", "weak", "none"):
        texts[f"raw_MIZ_{key}.csv"] = table_text(f"miz_{key}")
    texts.update(overrides)
    for name, text in texts.items():
        write(folder / name, text)
    return tmp_path


def test_sac_classes_membership_and_inferred_no_miz(tmp_path):
    universe = pd.Series([*rf.CENSUS_2016_CODES, "2481017"])
    frame, reports = sac.read_sac(sac_folder(tmp_path), universe)
    by_code = frame.set_index("csd_uid")
    assert list(by_code.index) == sorted(universe)
    assert by_code.loc[rf.SAINT_CAMILLE, "sac_class"] == "Strong MIZ"
    assert by_code.loc["2440043", "sac_class"] == "Moderate MIZ"
    assert by_code.loc["2430090", "sac_class"] == "Weak MIZ"
    assert tuple(by_code.loc["2443027", ["sac_class", "cmaca_uid", "cmaca_name"]]) == ("CMA", "433", "Sherbrooke")
    assert tuple(by_code.loc["2466023", ["sac_class", "cmaca_uid"]]) == ("CMA", "462")
    assert by_code.loc["2481017", "cmaca_name"] == "Ottawa-Gatineau"  # "--" of the official page
    # In no list: "No MIZ", flagged as inferred; every listed CSD is not.
    assert tuple(by_code.loc[rf.TNO_CODE, ["sac_class", "sac_class_inferred", "cmaca_uid"]]) == ("No MIZ", True, "")
    assert by_code["sac_class_inferred"].sum() == 1
    assert [Path(r.path).name for r in reports] == [
        "raw_CMAs.txt",
        "raw_CAs.txt",
        "raw_MIZ_strong.csv",
        "raw_MIZ_moderate.csv",
        "raw_MIZ_weak.csv",
        "raw_MIZ_none.csv",
    ]
    assert [r.rows_kept for r in reports] == [6, 3, 1, 4, 1, 0]  # Québec members of each list


def test_sac_no_miz_list_is_not_inferred(tmp_path):
    none = rf.csv_text(rf.MIZ_HEADER, [["2429902Lac-Témoin", "Lac-Témoin", "Territoire non organisé"]])
    frame, _ = sac.read_sac(sac_folder(tmp_path, **{"raw_MIZ_none.csv": none}), pd.Series([rf.TNO_CODE]))
    assert tuple(frame.iloc[0][["sac_class", "sac_class_inferred"]]) == ("No MIZ", False)


def test_sac_csd_in_two_lists_stops(tmp_path):
    weak = table_text("miz_weak") + "2440025Saint-Camille,Saint-Camille,Canton (municipalité de)\n"
    with pytest.raises(InputError) as caught:
        sac.read_sac(sac_folder(tmp_path, **{"raw_MIZ_weak.csv": weak}), pd.Series([rf.SAINT_CAMILLE]))
    error = caught.value
    assert "a CSD appears in two SAC lists" in error.problem
    assert error.examples == [
        "raw_MIZ_strong.csv line 3: 2440025 (Strong MIZ)",
        "raw_MIZ_weak.csv line 4: 2440025 (Weak MIZ)",
    ]


def test_sac_list_line_that_is_neither_header_nor_member_stops(tmp_path):
    cmas = rf.CMAS_TXT.replace("2443027 - Sherbrooke", "2443027 Sherbrooke")
    with pytest.raises(InputError) as caught:
        sac.read_sac(sac_folder(tmp_path, **{"raw_CMAs.txt": cmas}), pd.Series([rf.SAINT_CAMILLE]))
    assert Path(caught.value.file).name == "raw_CMAs.txt"
    assert caught.value.examples == ["line 10: '2443027 Sherbrooke'"]


# -------------------------------------------------------------------------------------
# LODE rural viewer


def test_lode_bounding_box_centre(tmp_path):
    header, rows = rf.tables()["lode"]
    rows.append(["3506008", "Ottawa", "-76.35", "44.96", "-75.25", "45.54", "Urban", "934243.0", *["-999"] * 8])
    rows[0][7] = "-999"  # a suppressed population
    path = write(tmp_path / "csd2016_qc_rural_flag_pop2016_bbox.csv", rf.csv_text(header, rows))

    frame, report = lode.read_lode(path)

    assert list(frame["csd_uid"]) == list(rf.CENSUS_2016_CODES)
    camille = frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE]
    assert camille["lon"] == pytest.approx((-71.775287 + -71.611848) / 2)
    assert camille["lat"] == pytest.approx((45.617404 + 45.7513) / 2)
    assert camille["lon"] == pytest.approx(-71.6935675) and camille["lat"] == pytest.approx(45.684352)
    assert (camille["rural_urban_2016"], camille["pop_lode"]) == ("Rural", 529)
    assert frame.set_index("csd_uid").loc["2443027", "rural_urban_2016"] == "Urban"
    assert pd.isna(frame.iloc[0]["pop_lode"])
    assert report.missing == {"CSDpop2016": 1}


def test_lode_unknown_flag_stops(tmp_path):
    rows = replace_cell("lode", "2440025", "RuralUrbanFlag", "rural")
    path = write(tmp_path / "csd2016_qc_rural_flag_pop2016_bbox.csv", table_text("lode", rows=rows))
    with pytest.raises(InputError) as caught:
        lode.read_lode(path)
    assert (caught.value.column, caught.value.examples) == ("RuralUrbanFlag", ["line 7: 'rural'"])


# -------------------------------------------------------------------------------------
# Crosswalk


def frame_of(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code", "name", "cd_code"])


def test_crosswalk_same_name_is_recoded():
    old = frame_of([["88055", "Lac-Simon", "88"]])
    new = frame_of([["88060", "Lac-Simon, Municipalité (MÉ)", "88"], ["88070", "Senneterre", "88"]])
    out = crosswalk.link_successors(old, new).iloc[0]
    assert (out["successor_code"], out["successor_name"], out["status"]) == (
        "88060",
        "Lac-Simon, Municipalité (MÉ)",
        "recoded",
    )
    assert out["evidence"] == "inferred: same name; adjacent code in the same census division"


def test_crosswalk_two_parts_are_merged():
    old = frame_of([["30090", "Courcelles", "30"], ["29025", "Saint-Évariste-de-Forsyth", "29"]])
    new = frame_of([["29027", "Courcelles--Saint-Évariste", "29"], ["29073", "Saint-Georges", "29"]])
    out = crosswalk.link_successors(old, new)
    assert list(out["successor_code"]) == ["29027", "29027"]
    assert list(out["status"]) == ["merged", "merged"]
    assert list(out["evidence"]) == [
        "inferred: shared name (courcelles)",
        "inferred: shared name (evariste); adjacent code in the same census division",
    ]
    assert list(out["code"]) == ["30090", "29025"]  # the old columns are kept


def test_crosswalk_nothing_is_absent():
    old = frame_of([["99085", "Ivujivik", "99"]])
    new = frame_of([["40025", "Saint-Camille", "40"]])
    out = crosswalk.link_successors(old, new).iloc[0]
    assert (out["successor_code"], out["status"], out["evidence"]) == (
        "",
        "absent",
        "no successor in the current register",
    )


def test_crosswalk_ambiguous_is_not_linked():
    old = frame_of([["11040", "Lac-des-Aigles", "11"]])
    new = frame_of([["12001", "Lac-des-Aigles-Est", "12"], ["13001", "Lac-des-Aigles-Ouest", "13"]])
    out = crosswalk.link_successors(old, new).iloc[0]
    assert (out["successor_code"], out["status"]) == ("", "absent")
    assert out["evidence"] == "ambiguous: several candidates (12001, 13001)"


def test_crosswalk_with_no_old_code():
    out = crosswalk.link_successors(frame_of([]), frame_of([["40025", "Saint-Camille", "40"]]))
    assert out.empty
    assert {"successor_code", "successor_name", "evidence", "status"} <= set(out.columns)


def test_normalise_name():
    assert crosswalk.normalise_name("Ham-Sud, Municipalité (MÉ)") == "ham sud"
    assert crosswalk.normalise_name("Courcelles--Saint-Évariste") == "courcelles saint evariste"
    assert crosswalk.normalise_name("Saint-Camille-de-Lellis") != crosswalk.normalise_name("Saint-Camille")


# -------------------------------------------------------------------------------------
# Polygon layers


def assert_bounds(geometry, rect, tolerance=1e-6):
    assert np.allclose(geometry.bounds, rect, atol=tolerance), (geometry.bounds, rect)


def test_cd_boundaries_without_crs_member_are_read_in_epsg_3347(tmp_path):
    path = write(tmp_path / "lcd_000b21a_e_simplified_0.5percent.geojson", rf.cd_boundary_text())
    document = json.loads(path.read_text())
    assert "crs" not in document
    assert abs(document["features"][0]["geometry"]["coordinates"][0][0][0]) > 1e5  # metres

    frame, report = boundaries.read_cd_boundaries(path)

    assert frame.crs.to_epsg() == 4326
    assert list(frame["cd_uid"]) == ["2429", "2440", "2443", "2466"]  # Ottawa (PRUID 35) left out
    assert (report.rows_read, report.rows_kept) == (5, 4)
    for cd_uid, geometry in zip(frame["cd_uid"], frame.geometry):
        assert_bounds(geometry, rf.MRC_RECTS[cd_uid[2:]])


def test_sda_geojson_is_read_as_lon_lat(tmp_path):
    mrc_path = write(tmp_path / "qc-mrc.geojson", rf.geojson_text(rf.sda_mrc_document()))
    region_path = write(tmp_path / "qc-regions.geojson", rf.geojson_text(rf.sda_region_document()))

    mrc, _ = boundaries.read_sda_mrc(mrc_path)
    regions, _ = boundaries.read_sda_regions(region_path)

    assert list(mrc["mrc_code"]) == ["29", "40", "43", "66"]
    assert tuple(mrc.set_index("mrc_code").loc["40", ["mrc_name", "region_code", "region_name"]]) == (
        "Les Sources",
        "05",
        "Estrie",
    )
    for code, geometry in zip(mrc["mrc_code"], mrc.geometry):
        assert_bounds(geometry, rf.MRC_RECTS[code])
    assert list(regions["region_code"]) == ["05", "06", "12"]
    estrie = regions.set_index("region_code").geometry["05"]
    union = shapely.union_all(list(mrc.set_index("mrc_code").geometry[["40", "43"]]))
    assert estrie.symmetric_difference(union).area < 1e-12  # the region is the union of its MRCs


def test_sda_geojson_with_declared_crs_is_reprojected(tmp_path):
    document = rf.geojson_to_3347(rf.sda_mrc_document())
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3347"}}
    frame, _ = boundaries.read_sda_mrc(write(tmp_path / "qc-mrc.geojson", rf.geojson_text(document)))
    assert frame.crs.to_epsg() == 4326
    assert_bounds(frame.set_index("mrc_code").geometry["40"], rf.MRC_RECTS["40"])


def write_sda_geopackage(path: Path) -> Path:
    """The official SDA download: a GeoPackage with layers mrc_s and regio_s in NAD83 (EPSG:4269)."""
    mrc = gpd.GeoDataFrame.from_features(rf.sda_mrc_document()["features"], crs="EPSG:4326")
    regions = gpd.GeoDataFrame.from_features(rf.sda_region_document()["features"], crs="EPSG:4326")
    keep_mrc = [
        "MRS_NO_IND",
        "MRS_DE_IND",
        "MRS_CO_MRC",
        "MRS_NM_MRC",
        "MRS_CO_REG",
        "MRS_NM_REG",
        "MRS_CO_REF",
        "MRS_CO_VER",
        "geometry",
    ]
    keep_region = ["RES_NO_IND", "RES_DE_IND", "RES_CO_REG", "RES_NM_REG", "RES_CO_REF", "RES_CO_VER", "geometry"]
    mrc[keep_mrc].set_crs("EPSG:4269", allow_override=True).to_file(path, layer="mrc_s", driver="GPKG")
    regions[keep_region].set_crs("EPSG:4269", allow_override=True).to_file(path, layer="regio_s", driver="GPKG")
    return path


def test_sda_geopackage_is_read(tmp_path):
    path = write_sda_geopackage(tmp_path / "SDA.gpkg")
    assert gpd.read_file(path, layer="mrc_s").crs.to_epsg() == 4269

    mrc, report = boundaries.read_sda_mrc(path)
    regions, _ = boundaries.read_sda_regions(path)

    assert mrc.crs.to_epsg() == 4326
    assert list(mrc["mrc_code"]) == ["29", "40", "43", "66"]
    assert mrc.set_index("mrc_code").loc["66", "mrc_type"] == "Municipalité régionale de comté géographique"
    assert_bounds(mrc.set_index("mrc_code").geometry["43"], rf.MRC_RECTS["43"], tolerance=1e-4)
    assert list(regions["region_code"]) == ["05", "06", "12"]
    assert report.rows_kept == 4


# -------------------------------------------------------------------------------------
# A full build from the mini raw folder


OUTPUTS = {
    "municipalities.csv",
    "mrc.csv",
    "regions.csv",
    "census_divisions.csv",
    "code_changes.csv",
    "wellbeing_trajectory.csv",
    "cultural_facilities.csv",
    "mrc.geojson",
    "regions.geojson",
    "census_divisions.geojson",
    "municipalities.geojson",
    "build_report.json",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("build")
    raw = rf.write_mini_raw(base / "raw")
    log: list[str] = []
    with rf.small_schemas():
        result = build(raw, base / "out", log=log.append)
    return {"base": base, "raw": raw, "out": base / "out", "log": log, "result": result}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_build_writes_every_table(built):
    out = built["out"]
    assert {p.name for p in out.iterdir()} == OUTPUTS
    counts = {name: len(read_csv(out / name)) for name in OUTPUTS if name.endswith(".csv")}
    assert counts == {
        "municipalities.csv": 8,
        "mrc.csv": 4,
        "regions.csv": 3,
        "census_divisions.csv": 4,
        "code_changes.csv": 7,
        "wellbeing_trajectory.csv": 24,
        "cultural_facilities.csv": 8,
    }
    for name, n in (("mrc.geojson", 4), ("regions.geojson", 3), ("census_divisions.geojson", 4)):
        assert len(json.loads((out / name).read_text())["features"]) == n
    munis = read_csv(out / "municipalities.csv")
    assert [r["csd_uid"] for r in munis] == ["24" + c for c in rf.CURRENT_REGISTER_CODES]
    assert "pop_decree_2025" in munis[0] and "pop_decree_2026" in munis[0]


def test_build_saint_camille(built):
    camille = {r["csd_uid"]: r for r in read_csv(built["out"] / "municipalities.csv")}[rf.SAINT_CAMILLE]
    expected = {
        "mamh_code": "40025",
        "name": "Saint-Camille",
        "designation": "Canton",
        "region_code": "05",
        "region_name": "Estrie",
        "mrc_code": "40",
        "mrc_name": "Les Sources",
        "mrc_assignment": "register",
        "cd_uid": "2440",
        "pop_census_2016": "529",
        "pop_census_2021": "551",
        "pop_change_2016_2021_pct": "4.2",
        "pop_decree_2025": "601",
        "pop_decree_2026": "574",
        "remoteness_2016": "0.1598",
        "sac_class_2016": "Strong MIZ",
        "sac_class_inferred_2016": "false",
        "cmaca_uid_2016": "",
        "rural_urban_2016": "Rural",
        "cwb_2021": "81",
        "cwb_education_2021": "62",
        "cwb_labour_2021": "92",
        "community_type_2021": "Non-Indigenous",
        "median_age_2021": "40.8",
        "rent_median_2021": "",
        "commuters_2016": "155",
        "commute_other_cd_pct_2016": "48.4",
        "age_0_14_pct_2016": "24",
        "age_65_plus_pct_2016": "17.3",
        "lon": "-71.69357",
        "lat": "45.68435",
        "location_method": "bbox_centre",
        "join_status": "matched",
        "join_note": "",
    }
    assert {k: camille[k] for k in expected} == expected


def test_build_merged_renamed_and_unorganised(built):
    munis = {r["mamh_code"]: r for r in read_csv(built["out"] / "municipalities.csv")}
    merged = munis[rf.MERGED_CODE]
    assert merged["name"] == "Courcelles--Saint-Évariste"
    assert merged["join_status"] == "merged"
    assert merged["pop_census_2016"] == str(540 + 823)  # counts of the two predecessors, summed
    assert merged["pop_census_2021"] == str(511 + 814)
    assert merged["commuters_2016"] == str(210 + 340)
    assert merged["remoteness_2016"] == "" and merged["cwb_2021"] == ""  # indices are never averaged
    assert merged["location_method"] == "merged_bbox_centre"
    assert (merged["lon"], merged["lat"]) == ("-70.98203", "45.92083")
    assert "2429025 Saint-Évariste-de-Forsyth" in merged["join_note"] and "2430090 Courcelles" in merged["join_note"]

    renamed = munis["40043"]
    assert (renamed["name"], renamed["join_status"], renamed["join_note"]) == (
        "Val-des-Sources",
        "renamed",
        "2016: named Asbestos",
    )
    tno = munis["29902"]
    assert (tno["remoteness_2016"], tno["sac_class_2016"], tno["sac_class_inferred_2016"]) == ("", "No MIZ", "true")
    assert (tno["mrc_code"], tno["join_status"]) == ("29", "matched")
    assert munis["43027"]["mrc_assignment"] == "census_division"

    changes = read_csv(built["out"] / "code_changes.csv")
    assert [(r["vintage"], r["code"], r["status"], r["successor_mamh_code"]) for r in changes] == [
        ("census_2006", "2429025", "merged", "29027"),
        ("census_2006", "2430090", "merged", "29027"),
        ("census_2006", "2440030", "absent", ""),
        ("census_2016", "2429025", "merged", "29027"),
        ("census_2016", "2430090", "merged", "29027"),
        ("census_2021", "2429025", "merged", "29027"),
        ("census_2021", "2430090", "merged", "29027"),
    ]


def test_build_mrc_region_and_report(built):
    out = built["out"]
    mrc = {r["mrc_code"]: r for r in read_csv(out / "mrc.csv")}
    assert tuple(
        mrc["40"][k]
        for k in (
            "n_entities",
            "pop_census_2016",
            "pop_census_2021",
            "pop_decree_2025",
            "pop_decree_2026",
            "cd_uid",
            "cd_pop_2021",
        )
    ) == ("4", "8072", "8375", "8798", "8701", "2440", "14623")
    regions = {r["region_code"]: r for r in read_csv(out / "regions.csv")}
    assert (regions["05"]["n_mrc"], regions["05"]["n_entities"]) == ("2", "5")
    assert regions["06"]["pop_census_2021"] == "1762949"

    report = json.loads((out / "build_report.json").read_text())
    files = {f["file"]: f for f in report["files_read"]}
    assert set(files) == {rf.FILES[k] for k in rf.FILES}
    assert files[rf.FILES["cwb"]]["encoding"] == "Windows-1252"
    assert files[rf.FILES["ir"]]["missing_values"] == {"Index_of_remoteness": 1}
    assert files[rf.FILES["commuting"]]["missing_values"]["commute_wi_csd"] == 1
    assert report["join_status"] == {"matched": 6, "merged": 1, "renamed": 1}
    assert report["notes"] == [
        "SDA municipal polygons (munic_s) not found: municipalities.geojson is empty and maps draw points",
        "ODCAF: 1 Québec facilities have no 2016 CSD code and are counted nowhere",
    ]
    assert "  suppressed or not-computed values turned into missing values: 67" in built["log"]

    layer = {
        f["properties"]["mrc_code"]: shapely.geometry.shape(f["geometry"])
        for f in json.loads((out / "mrc.geojson").read_text())["features"]
    }
    for code, geometry in layer.items():
        assert_bounds(geometry, rf.MRC_RECTS[code], tolerance=1e-5)


def test_build_is_deterministic(built, tmp_path):
    again = rf.write_mini_raw(tmp_path / "raw")
    assert rf.snapshot(again) == rf.snapshot(built["raw"])  # the fixture itself is deterministic
    with rf.small_schemas():
        build(built["raw"], tmp_path / "out", log=lambda line: None)
    first, second = rf.snapshot(built["out"]), rf.snapshot(tmp_path / "out")
    assert first.keys() == second.keys() == OUTPUTS
    assert first == second


def test_build_accepts_the_sda_geopackage(built, tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    (raw / rf.FILES["sda_mrc"]).unlink()
    (raw / rf.FILES["sda_regions"]).unlink()
    write_sda_geopackage(raw / rf.FOLDERS["sda"] / "SDA.gpkg")
    log: list[str] = []
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=log.append)
    assert any("read sda-decoupages-mrnf-v2026/SDA.gpkg: 4 Québec rows" in line for line in log)
    for name in ("municipalities.csv", "mrc.csv", "regions.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (built["out"] / name).read_bytes()
