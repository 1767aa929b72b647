"""Readers of the other editions of each source (Index of Remoteness 2021, CWB 2006 and 2016,
ODCAF), on files written here in the official layouts, and what a build makes of them.

No file of the raw mirror is read here (see ``test_data.py`` for the committed tables).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rawfixture as rf

from analysis.data.errors import InputError
from analysis.data.pipeline import cwb, odcaf, remoteness
from analysis.data.pipeline.build import build


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def table_text(key: str, rows=None, newline: str = "\n") -> str:
    header, default = rf.tables()[key]
    return rf.csv_text(header, default if rows is None else rows, newline)


# -------------------------------------------------------------------------------------
# Index of Remoteness 2021


def test_remoteness_2021_layout_is_read(tmp_path):
    path = write(tmp_path / "2021IR_DATABASE.csv", table_text("ir21"))
    data = path.read_bytes()
    assert data.startswith(b",Pruid,") and not data.startswith(b"\xef\xbb\xbf")  # unnamed first column, no BOM

    frame, report = remoteness.read_remoteness(path)

    assert report.vintage == "2021"
    assert list(frame["csd_uid"]) == list(rf.CENSUS_2016_CODES)  # Québec rows; the row-number column ignored
    by_code = frame.set_index("csd_uid")
    assert by_code.loc[rf.SAINT_CAMILLE, "remoteness"] == pytest.approx(0.173851, abs=1e-6)
    assert by_code.loc[rf.SAINT_CAMILLE, "pop_ir"] == 551  # written "551.0"
    assert str(frame["pop_ir"].dtype) == "Int64"
    assert np.isnan(by_code.loc[rf.TNO_CODE, "remoteness"])  # empty = not computed
    assert report.missing == {"Index_of_remoteness": 1}
    assert "Unnamed: 0" not in frame.columns


def test_remoteness_2021_population_with_a_fraction_stops(tmp_path):
    rows = [list(r) for r in rf.tables()["ir21"][1]]
    rows[6][6] = "551.5"
    path = write(tmp_path / "2021IR_DATABASE.csv", table_text("ir21", rows))
    with pytest.raises(InputError) as caught:
        remoteness.read_remoteness(path)
    assert caught.value.column == "CSDpop2021" and "whole numbers" in caught.value.problem
    assert caught.value.examples == ["line 8: '551.5'"]


def test_remoteness_file_named_for_another_edition_stops(tmp_path):
    path = write(tmp_path / "2016IR_DATABASE.csv", table_text("ir21"))
    with pytest.raises(InputError, match="named for the 2016 edition but its population column is CSDpop2021"):
        remoteness.read_remoteness(path)


def official_zip(path: Path, csv_bytes: bytes, member: str = "2021IR_DATABASE.csv") -> Path:
    """The archive as Statistics Canada distributes it: the database, its readme and record layout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, csv_bytes)
        archive.writestr("2021IR_README.txt", "2021 Index of Remoteness, January 2023\r\n(2021 census data)\r\n")
        archive.writestr("2021IR_RECORD_LAYOUT.csv", "Field,Description\r\nPruid,Province\r\n")
    return path


def test_remoteness_is_read_from_the_official_zip(tmp_path):
    loose = write(tmp_path / "loose" / "2021IR_DATABASE.csv", table_text("ir21"))
    archive = official_zip(tmp_path / "zip" / "172600012020001-eng.zip", loose.read_bytes())
    from_csv, csv_report = remoteness.read_remoteness(loose)
    from_zip, zip_report = remoteness.read_remoteness(archive)
    pd.testing.assert_frame_equal(from_csv, from_zip)
    assert zip_report.path.endswith("172600012020001-eng.zip!2021IR_DATABASE.csv")
    assert zip_report.sha256 == csv_report.sha256  # the member's bytes, the same as the loose file
    assert zip_report.vintage == "2021"


def test_zip_without_the_database_stops(tmp_path):
    archive = tmp_path / "172600012020001-eng.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("2021IR_README.txt", "readme")
    with pytest.raises(InputError, match="holds 0 member"):
        remoteness.read_remoteness(archive)


# -------------------------------------------------------------------------------------
# Community Well-Being: transcribed 2006/2016 tables and official files of every vintage


def test_cwb_transcribed_table_without_names_and_letter_types(tmp_path):
    path = write(tmp_path / "cwb2006_qc.csv", table_text("cwb06"))
    frame, report = cwb.read_cwb(path)
    assert report.vintage == "2006" and report.encoding == "UTF-8"
    camille = frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE]
    assert (camille["pop_cwb"], camille["cwb"], camille["cwb_education"], camille["cwb_labour"]) == (448, 76, 57, 90)
    assert camille["community_type"] == "Non-Indigenous" and camille["csd_name"] == ""
    assert report.missing["Education 2006"] == 3


def official_cwb_2016() -> bytes:
    """An official CWB 2016 file: bilingual community-type header and labels, Windows-1252, CRLF."""
    header = [
        "CSD Code 2016",
        "CSD Name 2016",
        "Census Population 2016",
        "Income 2016",
        "Education 2016",
        "Housing 2016",
        "Labour Force Activity 2016",
        "CWB 2016",
        "Community Type / Type de communauté 2016",
    ]
    ni = "Non-Indigenous Community / Communauté non-Autochtone"
    rows = [
        ["1001101", "Division No.  1, Subd. V", "36", "", "", "", "", "", ni],
        ["2440025", "Saint-Camille", "529", "69", "65", "91", "93", "79", ni],
        ["2440043", "Asbestos", "6786", "70", "49", "95", "81", "74", ni],
        ["2499125", "Kuujjuaq", "2754", "85", "52", "68", "86", "73", "Inuit Community / Communauté inuite"],
        [
            "2499810",
            "Kawawachikamach",
            "594",
            "",
            "",
            "",
            "",
            "62",
            "First Nations Community / Communauté des Premières Nations",
        ],
        ["6101014", "Paulatuk", "265", "75", "33", "68", "77", "63", "Inuit Community / Communauté inuite"],
    ]
    return rf.csv_text(header, rows, "\r\n").encode("cp1252")


def test_cwb_official_2016_with_bilingual_labels_in_windows_1252(tmp_path):
    path = write(tmp_path / "CWB_2016.csv", official_cwb_2016())
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    frame, report = cwb.read_cwb(path)
    assert report.encoding == "Windows-1252" and report.vintage == "2016"
    by_code = frame.set_index("csd_uid")
    assert list(by_code.index) == ["2440025", "2440043", "2499125", "2499810"]
    assert list(by_code["community_type"]) == ["Non-Indigenous", "Non-Indigenous", "Inuit", "First Nations"]
    assert by_code.loc["2440043", "csd_name"] == "Asbestos"
    assert by_code.loc[rf.SAINT_CAMILLE, "cwb_education"] == 65


def test_cwb_official_file_gives_the_same_values_as_the_transcription(tmp_path):
    official, _ = cwb.read_cwb(write(tmp_path / "CWB_2016.csv", official_cwb_2016()))
    transcribed, _ = cwb.read_cwb(write(tmp_path / "cwb2016_qc.csv", table_text("cwb16")))
    a = official.set_index("csd_uid").loc[[rf.SAINT_CAMILLE, "2440043"]].drop(columns="csd_name")
    b = transcribed.set_index("csd_uid").loc[[rf.SAINT_CAMILLE, "2440043"]].drop(columns="csd_name")
    pd.testing.assert_frame_equal(a, b)


def test_cwb_2011_with_its_non_response_column(tmp_path):
    header = ["CSD Code 2011", "CSD Name 2011", "Census Population 2011", "GNR 2011", "Income 2011"]
    header += ["Education 2011", "Housing 2011", "Labour Force Activity 2011", "CWB 2011", "Community Type 2011"]
    rows = [["2440025", "Saint-Camille", "511", "38.6", "66", "59", "93", "92", "76", "Non-Indigenous Community"]]
    frame, report = cwb.read_cwb(write(tmp_path / "CWB_2011.csv", rf.csv_text(header, rows, "\r\n"), "cp1252"))
    assert report.vintage == "2011" and frame.loc[0, "cwb"] == 76


def test_cwb_unknown_community_type_stops(tmp_path):
    rows = [list(r) for r in rf.CWB16_ROWS]
    rows[5][7] = "X"
    path = write(tmp_path / "cwb2016_qc.csv", table_text("cwb16", rows))
    with pytest.raises(InputError) as caught:
        cwb.read_cwb(path)
    assert caught.value.column == "Community Type 2016" and caught.value.examples == ["line 7: 'X'"]


def test_cwb_file_of_another_year_than_expected_stops(tmp_path):
    path = write(tmp_path / "cwb2016_qc.csv", table_text("cwb16"))
    with pytest.raises(InputError, match="is the 2016 CWB file, not 2021"):
        cwb.read_cwb(path, 2021)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Non-Indigenous Community", "Non-Indigenous Community"),
        ("Non-Indigenous Community / Communauté non-autochtone", "Non-Indigenous Community"),
        ("First Nations Community / Communauté des Premières Nations", "First Nations Community"),
        ("Communauté inuite", "Inuit Community"),
        ("I", "Inuit Community"),
        ("Unknown", None),
    ],
)
def test_community_type_labels(label, expected):
    assert cwb.community_type(label) == expected


# -------------------------------------------------------------------------------------
# ODCAF


def test_odcaf_quebec_rows_markers_and_types(tmp_path):
    path = write(tmp_path / "odcaf.csv", rf.odcaf_text())
    assert path.read_text(encoding="utf-8").startswith('"Facility_Name","Index",')
    frame, report = odcaf.read_odcaf(path)
    assert list(frame["odcaf_index"]) == [1027, 1272, 2356, 2901, 4885, 5483, 6182, 7827]  # Québec only, by id
    by_id = frame.set_index("odcaf_index")
    assert by_id.loc[1272, "name"] == "Bibliothèque De Saint-Camille"
    assert by_id.loc[1272, "csd_uid_2016"] == rf.SAINT_CAMILLE
    assert by_id.loc[1272, "lat"] == pytest.approx(45.6824214)
    assert by_id.loc[6182, "csd_uid_2016"] == ""  # ".." = not available
    assert np.isnan(by_id.loc[7827, "lat"]) and by_id.loc[7827, "source_facility_type"] == ""
    assert report.missing == {"CSDUID": 1, "Latitude": 1, "Longitude": 1, "Source_Facility_Type": 1}
    assert report.rows_kept == 8


def test_odcaf_in_statcan_column_order_and_windows_1252(tmp_path):
    header, rows = rf.ODCAF_HEADER, rf.ODCAF_ROWS
    order = [1, 0, *range(2, len(header))]  # StatCan's file starts with Index
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header[i] for i in order])
    writer.writerows([[row[i] for i in order] for row in rows])
    path = write(tmp_path / "ODCAF_v1.0.csv", buffer.getvalue(), "cp1252")
    frame, report = odcaf.read_odcaf(path)
    assert report.encoding == "Windows-1252"
    reference, _ = odcaf.read_odcaf(write(tmp_path / "odcaf.csv", rf.odcaf_text()))
    pd.testing.assert_frame_equal(frame, reference)


def test_odcaf_unknown_facility_type_stops(tmp_path):
    rows = [list(r) for r in rf.ODCAF_ROWS]
    rows[2][3] = "library"
    with pytest.raises(InputError) as caught:
        odcaf.read_odcaf(write(tmp_path / "odcaf.csv", rf.odcaf_text(rows)))
    assert caught.value.column == "ODCAF_Facility_Type" and caught.value.examples == ["line 4: 'library'"]


# -------------------------------------------------------------------------------------
# A build with every edition


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("vintages")
    raw = rf.write_mini_raw(base / "raw")
    log: list[str] = []
    with rf.small_schemas():
        build(raw, base / "out", log=log.append)
    return {"raw": raw, "out": base / "out", "log": log}


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_build_adds_the_new_columns_to_the_municipal_table(built):
    munis = {r["csd_uid"]: r for r in read_rows(built["out"] / "municipalities.csv")}
    camille = munis[rf.SAINT_CAMILLE]
    assert camille["remoteness_2021"] == "0.1738513779"
    assert (camille["pop_census_2006"], camille["cwb_2006"], camille["cwb_education_2006"]) == ("448", "76", "57")
    assert (camille["cwb_2016"], camille["cwb_education_2016"], camille["cwb_labour_2016"]) == ("79", "65", "93")
    assert camille["cultural_facilities_2016"] == "3"
    merged = munis["2429027"]  # Courcelles + Saint-Évariste-de-Forsyth
    assert merged["remoteness_2021"] == "" and merged["cwb_2006"] == "" and merged["cwb_2016"] == ""
    assert merged["pop_census_2006"] == str(647 + 928)
    assert merged["cultural_facilities_2016"] == "1"  # the Moulin Bernier of Courcelles
    assert munis["2466023"]["cultural_facilities_2016"] == "1"  # the museum without coordinates counts
    assert munis["2443027"]["cultural_facilities_2016"] == "1"
    assert munis["2440010"]["cultural_facilities_2016"] == "0"  # none in the inventory: 0, not missing


def test_build_writes_the_wellbeing_trajectory(built):
    rows = read_rows(built["out"] / "wellbeing_trajectory.csv")
    assert len(rows) == 3 * len(rf.CURRENT_REGISTER_CODES)
    by_key = {(r["csd_uid"], r["year"]): r for r in rows}
    camille = [by_key[(rf.SAINT_CAMILLE, y)] for y in ("2006", "2016", "2021")]
    assert [(r["population"], r["cwb"], r["education"], r["link"]) for r in camille] == [
        ("448", "76", "57", "matched"),
        ("529", "79", "65", "matched"),
        ("551", "81", "62", "matched"),
    ]
    merged = by_key[("2429027", "2006")]
    assert (merged["link"], merged["source_csd_uid"], merged["population"]) == ("merged", "2429025;2430090", "1575")
    assert merged["cwb"] == merged["education"] == merged["community_type"] == ""
    assert "counts summed, indices missing" in merged["link_note"]
    renamed = by_key[("2440043", "2016")]
    assert (renamed["link"], renamed["link_note"]) == ("renamed", "2016: named Asbestos")
    # The transcribed 2006 table has no names: a renaming cannot be seen, the code matches.
    assert by_key[("2440043", "2006")]["link"] == "matched"


def test_build_lists_facilities_with_their_current_entity(built):
    rows = {r["odcaf_index"]: r for r in read_rows(built["out"] / "cultural_facilities.csv")}
    assert set(rows) == {"1027", "1272", "2356", "2901", "4885", "5483", "6182", "7827"}
    assert (rows["2901"]["csd_uid_2016"], rows["2901"]["csd_uid"]) == ("2430090", "2429027")
    assert (rows["6182"]["csd_uid_2016"], rows["6182"]["csd_uid"]) == ("", "")
    assert rows["7827"]["lat"] == ""


def test_build_reports_the_vintage_of_each_file_and_the_joins(built):
    report = json.loads((built["out"] / "build_report.json").read_text())
    vintages = {f["file"]: f["vintage"] for f in report["files_read"]}
    assert vintages[rf.FILES["ir"]] == "2016" and vintages[rf.FILES["ir21"]] == "2021"
    assert vintages[rf.FILES["cwb06"]] == "2006" and vintages[rf.FILES["cwb16"]] == "2016"
    assert vintages[rf.FILES["cwb"]] == "2021" and vintages[rf.FILES["odcaf"]] == "v1.0"
    joins = report["joins"]
    assert joins["census_2006"] == {"codes": 10, "in_register": 7, "merged": 2, "recoded": 0, "absent": 1}
    assert joins["remoteness_2021"] == {"codes": 9, "in_register": 7, "merged": 2, "recoded": 0, "absent": 0}
    assert any("census_2006 2440030 (no name in the file read): no successor" in line for line in built["log"])


def test_build_without_the_optional_editions_leaves_their_columns_empty(built, tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    for key in ("ir21", "cwb06", "cwb16", "odcaf"):
        (raw / rf.FILES[key]).unlink()
    log: list[str] = []
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=log.append)
    munis = {r["csd_uid"]: r for r in read_rows(tmp_path / "out" / "municipalities.csv")}
    camille = munis[rf.SAINT_CAMILLE]
    assert camille["remoteness_2021"] == camille["cwb_2006"] == camille["cultural_facilities_2016"] == ""
    assert camille["remoteness_2016"] == "0.1598"  # the rest is built as before
    years = {r["year"] for r in read_rows(tmp_path / "out" / "wellbeing_trajectory.csv")}
    assert years == {"2021"}
    assert read_rows(tmp_path / "out" / "cultural_facilities.csv") == []
    report = json.loads((tmp_path / "out" / "build_report.json").read_text())
    assert any(n.startswith("Index of Remoteness 2021 not found") for n in report["notes"])
    assert any(n.startswith("ODCAF cultural facilities not found") for n in report["notes"])
    before = {k: v for k, v in munis.items()}
    full = {r["csd_uid"]: r for r in read_rows(built["out"] / "municipalities.csv")}
    for code in before:
        for column in ("remoteness_2016", "cwb_2021", "pop_census_2016", "join_status"):
            assert before[code][column] == full[code][column]


def test_build_with_the_2021_index_as_its_official_zip_gives_the_same_tables(built, tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    loose = raw / rf.FILES["ir21"]
    official_zip(loose.parent / "172600012020001-eng.zip", loose.read_bytes())
    loose.unlink()
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=lambda line: None)
    for name in rf.snapshot(built["out"]):
        if name != "build_report.json":
            assert (tmp_path / "out" / name).read_bytes() == (built["out"] / name).read_bytes(), name
    report = json.loads((tmp_path / "out" / "build_report.json").read_text())
    files = {f["file"] for f in report["files_read"]}
    assert f"{rf.FOLDERS['ir21']}/172600012020001-eng.zip!2021IR_DATABASE.csv" in files


def test_loose_file_beside_its_archive_is_read_once(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    loose = raw / rf.FILES["ir21"]
    official_zip(loose.parent / "172600012020001-eng.zip", loose.read_bytes())
    log: list[str] = []
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=log.append)
    report = json.loads((tmp_path / "out" / "build_report.json").read_text())
    assert sum("2021IR_DATABASE.csv" in f["file"] for f in report["files_read"]) == 1
    assert any("172600012020001-eng.zip: not read" in n for n in report["notes"])


def test_official_cwb_file_is_preferred_to_the_transcription(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    write(raw / "isc-official" / "CWB_2016.csv", official_cwb_2016())
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=lambda line: None)
    report = json.loads((tmp_path / "out" / "build_report.json").read_text())
    files = {f["file"] for f in report["files_read"]}
    assert "isc-official/CWB_2016.csv" in files and rf.FILES["cwb16"] not in files
    assert any(
        n.startswith(f"{rf.FILES['cwb16']}: not read, the official CWB 2016 file is present") for n in report["notes"]
    )
