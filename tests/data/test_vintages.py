"""Readers of the other editions of each source (Index of Remoteness 2021, CWB 2006 and 2016,
ODCAF), on files written here in the official layouts, and what a build makes of them.

No file of the raw mirror is read here (see ``test_data.py`` for the committed tables).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rawfixture as rf
import shapely

from analysis.data import paths
from analysis.data.errors import InputError
from analysis.data.pipeline import boundaries, cwb, odcaf, remoteness
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


# -------------------------------------------------------------------------------------
# LODE: the viewer's own search index


def search_index_text() -> str:
    """``config.search.json`` as the viewer publishes it: one item per 2016 CSD of Canada."""
    header, rows = rf.tables()["lode"]
    items = [[r[0], r[1], *(float(v) for v in r[2:6])] for r in rows]
    items.append(["3506008", "Ottawa", -76.355, 44.962, -75.247, 45.537])
    document = {"id": "search", "layer": "csd-search", "field": "uid", "color": [175, 30, 40, 1], "items": items}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def test_lode_search_index_is_read(tmp_path):
    from analysis.data.pipeline import lode

    frame, report = lode.read_lode_search(write(tmp_path / "config.search.json", search_index_text()))
    assert list(frame["csd_uid"]) == list(rf.CENSUS_2016_CODES)
    camille = frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE]
    assert (round(camille["lon"], 5), round(camille["lat"], 5)) == (-71.69357, 45.68435)
    assert report.vintage == "2016" and report.rows_read == len(rf.tables()["lode"][1]) + 1


def test_lode_search_index_with_a_short_item_stops(tmp_path):
    from analysis.data.pipeline import lode

    document = json.loads(search_index_text())
    document["items"][3] = document["items"][3][:4]
    with pytest.raises(InputError, match=r"1 item\(s\) are not \[CSDUID, name, xmin, ymin, xmax, ymax\]"):
        lode.read_lode_search(write(tmp_path / "config.search.json", json.dumps(document)))


def test_build_from_the_official_search_index_gives_the_same_tables(built, tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    (raw / rf.FILES["lode"]).unlink()
    write(raw / rf.FOLDERS["lode"] / "config.search.json", search_index_text())
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=lambda line: None)
    for name in rf.snapshot(built["out"]):
        if name != "build_report.json":
            assert (tmp_path / "out" / name).read_bytes() == (built["out"] / name).read_bytes(), name


# -------------------------------------------------------------------------------------
# Municipal polygons (SDA munic_s), when present


def munic_frame(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame.from_features(rf.sda_municipal_document()["features"], crs="EPSG:4326")
    return frame.to_crs(crs)


def test_municipal_layer_as_geojson_is_read_and_dissolved(tmp_path):
    path = write(tmp_path / "munic_s.geojson", json.dumps(rf.sda_municipal_document(), ensure_ascii=False))
    frame, report = boundaries.read_sda_municipalities(path)
    assert list(frame["mamh_code"]) == sorted(rf.MUNIC_RECTS)
    assert report.rows_read == 10 and report.rows_kept == 9 and report.vintage == "V2026-05"
    montreal = frame.set_index("mamh_code").geometry["66023"]
    assert montreal.bounds == pytest.approx((-74.0, 45.0, -72.5, 46.5))  # the two parts, dissolved


@pytest.mark.parametrize("crs", ["EPSG:32198", "EPSG:3347"])
def test_municipal_shapefile_in_a_projected_crs_is_reprojected(tmp_path, crs):
    munic_frame(crs).to_file(tmp_path / "munic_s.shp", encoding="UTF-8")
    frame, _ = boundaries.read_sda_municipalities(tmp_path / "munic_s.shp")
    assert frame.crs.to_epsg() == 4326
    camille = frame.set_index("mamh_code").geometry["40025"]
    assert camille.bounds == pytest.approx((-71.9, 45.56, -71.6, 46.5), abs=1e-6)
    assert frame.set_index("mamh_code").loc["66023", "sda_name"] == "Montréal"


def test_municipal_layer_with_a_bad_code_stops(tmp_path):
    document = rf.sda_municipal_document()
    document["features"][0]["properties"]["MUS_CO_GEO"] = "2902"
    path = write(tmp_path / "munic_s.geojson", json.dumps(document))
    with pytest.raises(InputError) as caught:
        boundaries.read_sda_municipalities(path)
    assert caught.value.column == "MUS_CO_GEO" and caught.value.examples == ["'2902'"]


def test_build_with_municipal_polygons_writes_a_coverage_joined_to_the_register(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    write(raw / rf.FOLDERS["sda"] / "munic_s.geojson", json.dumps(rf.sda_municipal_document(), ensure_ascii=False))
    log: list[str] = []
    data = tmp_path / "data"
    with rf.small_schemas():
        build(raw, data / "processed", log=log.append)
    layer = json.loads((data / "processed" / "municipalities.geojson").read_text(encoding="utf-8"))
    properties = [f["properties"] for f in layer["features"]]
    assert [p["csd_uid"] for p in properties] == ["24" + c for c in rf.CURRENT_REGISTER_CODES]
    assert {p["csd_uid"]: p["name"] for p in properties}["2440043"] == "Val-des-Sources"  # the register's name
    assert {p["csd_uid"]: p["mrc_code"] for p in properties}["2440025"] == "40"
    shapes = {p["csd_uid"]: shapely.geometry.shape(f["geometry"]) for p, f in zip(properties, layer["features"])}
    # Neighbours still share their border exactly after simplification (a coverage).
    border = shapes["2440025"].intersection(shapes["2440010"])
    assert border.length > 0.9 and shapes["2440025"].intersection(shapes["2440010"]).area == 0
    assert shapely.union_all(list(shapes.values())).area == pytest.approx(
        sum(s.area for s in shapes.values()), rel=1e-9
    )
    report = json.loads((data / "processed" / "build_report.json").read_text())
    assert "SDA munic_s: 1 codes are not in the current register: ['40030']" in report["notes"]
    assert report["outputs"]["municipal_polygons"] == 8
    # The loader returns the layer.
    from analysis.data import load

    (data / "case").mkdir()
    polygons = load.municipal_polygons(data)
    assert polygons is not None and len(polygons) == 8 and polygons.crs.to_epsg() == 4326


def test_build_with_the_municipal_layer_of_the_sda_geopackage(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    package = raw / rf.FOLDERS["sda"] / "SDA.gpkg"
    frame = munic_frame().set_crs("EPSG:4269", allow_override=True)
    frame.to_file(package, layer="munic_s", driver="GPKG")
    with rf.small_schemas():
        build(raw, tmp_path / "out", log=lambda line: None)
    layer = json.loads((tmp_path / "out" / "municipalities.geojson").read_text(encoding="utf-8"))
    assert len(layer["features"]) == 8


def test_without_municipal_polygons_the_layer_is_empty_and_the_loader_returns_none(built):
    layer = json.loads((built["out"] / "municipalities.geojson").read_text(encoding="utf-8"))
    assert layer == {"type": "FeatureCollection", "features": []}
    from analysis.data import load

    assert load.municipal_polygons() is None  # the committed data: the mirror has no munic_s


# -------------------------------------------------------------------------------------
# A newer edition of the Index of Remoteness gets its own column


def ir_2026_text() -> str:
    header = ["", "Pruid", "CSDuid", "CSDname", "CSDtype", "Index_of_remoteness", "CSDpop2026", "DGUID"]
    rows = [
        ["24", "2429027", "Courcelles--Saint-Évariste", "MÉ", "0.2401", "1350.0"],
        ["24", "2429902", "Lac-Témoin", "NO", "", "0.0"],
        ["24", "2440005", "Ham-Sud", "MÉ", "0.1702", "220.0"],
        ["24", "2440010", "Saint-Adrien", "MÉ", "0.1650", "570.0"],
        ["24", "2440025", "Saint-Camille", "CT", "0.1761", "574.0"],
        ["24", "2440043", "Val-des-Sources", "V", "0.1571", "7327.0"],
        ["24", "2443027", "Sherbrooke", "V", "0.1580", "186952.0"],
        ["24", "2466023", "Montréal", "V", "0.0310", "1957115.0"],
    ]
    return rf.csv_text(header, [[str(i), *r, f"2026A0005{r[1]}"] for i, r in enumerate(rows)])


def test_a_newer_edition_of_the_index_gets_its_own_column_and_a_consistent_package(tmp_path):
    from analysis.cli import main
    from analysis.data.check import check

    raw = rf.write_mini_raw(tmp_path / "raw")
    write(raw / "statcan-index-of-remoteness-2026" / "2026IR_DATABASE.csv", ir_2026_text())
    data = tmp_path / "data"
    shutil.copytree(paths.case_dir(), data / "case")
    with rf.small_schemas():
        build(raw, data / "processed", log=lambda line: None)
        header = (data / "processed" / "municipalities.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[header.index("remoteness_2021") + 1] == "remoteness_2026"
        munis = {r["csd_uid"]: r for r in read_rows(data / "processed" / "municipalities.csv")}
        assert munis[rf.SAINT_CAMILLE]["remoteness_2026"] == "0.1761"
        assert munis["2429027"]["remoteness_2026"] == "0.2401"  # the merged municipality has its own 2026 code
        assert munis["2429027"]["remoteness_2021"] == ""
        problems = check(data)
        assert problems == [], problems
        assert main(["data", "package", "--data", str(data)]) == 0  # rewritten from the header: still consistent
        assert check(data) == []
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f["name"] for r in package["resources"] if r["name"] == "municipalities" for f in r["schema"]["fields"]]
    assert "remoteness_2026" in fields
    report = json.loads((data / "processed" / "build_report.json").read_text())
    assert report["joins"]["remoteness_2026"]["in_register"] == 8
