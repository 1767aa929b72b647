"""Issue 13, items 1, 2 and 4, reader side: the whole kind of each fault, for every reader.

1. Decimal commas: every numeric column of every reader reads a locale's decimal comma
   where the file's convention is certain, or stops naming the file, the column and the
   rows; never a silent x100 (or /1000).
2. Shapefiles without their ``.cpg``: names decoded right (declared encoding, else a
   strict UTF-8 attempt, else a declared code page) or a clear failure; ``companion data
   check`` catches mojibake in every text column.
4. Names with line breaks are read as one line by every reader.

Every fixture is written here or by :mod:`rawfixture`, in the official layouts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import rawfixture as rf

from analysis.cli import main
from analysis.data import paths
from analysis.data.check import check
from analysis.data.errors import InputError
from analysis.data.pipeline import boundaries, census, cwb, lode, mamh, odcaf, remoteness
from analysis.data.pipeline.build import build
from analysis.data.tableschema import is_mojibake

# key -> (reader returning a frame, its name column or None)
READERS: dict[str, tuple[Callable[[Path], pd.DataFrame], str | None]] = {
    "mamh": (lambda p: mamh.read_register(p).frame.drop(columns="_line"), "name"),
    "ir": (lambda p: remoteness.read_remoteness(p)[0], "csd_name"),
    "ir21": (lambda p: remoteness.read_remoteness(p)[0], "csd_name"),
    "lode": (lambda p: lode.read_lode(p)[0], None),
    "cwb": (lambda p: cwb.read_cwb(p)[0], "csd_name"),
    "cwb06": (lambda p: cwb.read_cwb(p)[0], None),
    "census21": (lambda p: census.read_census_2021(p)[0], "csd_name_2021"),
    "commuting": (lambda p: census.read_commuting_2016(p)[0], "csd_name_2016"),
    "age": (lambda p: census.read_age_2016(p)[0], None),
    "cd": (lambda p: census.read_census_divisions(p)[0], "cd_name"),
    "odcaf": (lambda p: odcaf.read_odcaf(p)[0], "name"),
}
NAME_COLUMNS = {
    "mamh": "munnom",
    "ir": "CSDname",
    "ir21": "CSDname",
    "cwb": "CSD Name 2021",
    "census21": "GEO_NAME",
    "commuting": "region",
    "cd": "census_division_name",
    "odcaf": "Facility_Name",
}
POINT = re.compile(r"-?\d+\.\d+")


def rows_of(key: str) -> tuple[list[str], list[list[str]]]:
    if key == "odcaf":
        return list(rf.ODCAF_HEADER), [["" if v is None else str(v) for v in row] for row in rf.ODCAF_ROWS]
    header, rows = rf.tables()[key]
    return header, rows


def write(tmp_path: Path, key: str, header, rows, *, delimiter: str = ",") -> Path:
    encoding, newline = rf.FORMATS.get(key, ("utf-8", "\n"))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    path = tmp_path / key / Path(rf.FILES[key]).name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def french(value: str) -> str:
    """A number as a spreadsheet in a French locale writes it: ``4 022,30`` for ``4,022.30``."""
    if POINT.fullmatch(value) or re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        return value.replace(",", "\u202f").replace(".", ",")
    return value


def read(key: str, path: Path) -> pd.DataFrame:
    return READERS[key][0](path)


# -------------------------------------------------------------------------------------
# 1. Decimal commas


@pytest.mark.parametrize("key", sorted(READERS))
def test_file_resaved_by_a_french_spreadsheet_gives_the_same_values(tmp_path, key):
    """Semicolons between columns, a comma before the decimals: read exactly as the original."""
    header, rows = rows_of(key)
    original = read(key, write(tmp_path / "a", key, header, rows))
    french_rows = [[french(v) for v in row] for row in rows]
    path = write(tmp_path / "b", key, header, french_rows, delimiter=";")
    text = path.read_bytes().decode(rf.FORMATS.get(key, ("utf-8",))[0])
    assert text.splitlines()[0].count(";") == len(header) - 1
    pd.testing.assert_frame_equal(read(key, path), original)


# key -> (code of the row, column, the value written with a decimal comma)
DECIMAL_CELLS = {
    "mamh": ("40025", "msuperf", "83,55"),
    "ir": ("2440025", "Index_of_remoteness", "0,1598"),
    "ir21": ("2440025", "Index_of_remoteness", "0,17385137786210625"),
    "lode": ("2440025", "bbox_xmin", "-71,775287"),
    "census21": ("2440025", "median_age", "40,8"),
    "commuting": ("2440025", "commute_wi_csd", "40,5"),
    "cd": ("2440", "area_km2", "785,42"),
    "odcaf": ("1272", "Latitude", "45,6824214"),
}
DECIMAL_READERS = sorted(DECIMAL_CELLS)


@pytest.mark.parametrize("key", DECIMAL_READERS)
def test_one_decimal_comma_among_decimal_points_stops_naming_file_column_row(tmp_path, key):
    header, rows = rows_of(key)
    code, column, value = DECIMAL_CELLS[key]
    i = next(i for i, row in enumerate(rows) if code in row[:4])
    j = header.index(column)
    rows[i][j] = value
    path = write(tmp_path, key, header, rows)
    assert f'"{rows[i][j]}"' in path.read_bytes().decode(rf.FORMATS.get(key, ("utf-8",))[0])  # quoted, as exported
    with pytest.raises(InputError) as caught:
        read(key, path)
    error = caught.value
    assert error.file == str(path) and error.column == header[j]
    assert "numbers written with a decimal comma and with a decimal point" in error.problem
    assert f"line {i + 2}: {rows[i][j]!r}" in error.examples


def test_decimal_comma_in_a_file_of_whole_numbers_is_read_as_a_decimal(tmp_path):
    header, rows = rows_of("cwb")
    rows[6][7] = "81,5"  # Saint-Camille's CWB: certain (one decimal digit)
    frame = read("cwb", write(tmp_path, "cwb", header, rows))
    assert frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE, "cwb"] == 81.5


def test_ambiguous_comma_in_a_file_of_whole_numbers_stops(tmp_path):
    header, rows = rows_of("cwb")
    rows[8][2] = "172,950"  # Sherbrooke's population: 172950 or 172.95? nothing in the file says
    path = write(tmp_path, "cwb", header, rows)
    with pytest.raises(InputError) as caught:
        read("cwb", path)
    assert "ambiguous numbers" in caught.value.problem
    assert caught.value.column == "Census Population 2021" and caught.value.examples == ["line 10: '172,950'"]


def test_thousands_commas_in_a_file_with_decimal_points_are_read(tmp_path):
    header, rows = rows_of("census21")
    j = header.index("pop")
    assert rows[-1][j] == "1762949.0"
    rows[-1][j] = "1,762,949.0"
    frame = read("census21", write(tmp_path, "census21", header, rows))
    assert frame.set_index("csd_uid").loc["2466023", "pop_census_2021"] == 1762949


def test_mamh_area_83_55_is_never_8355(tmp_path):
    """The input of issue 13.1, on the reader: an error, not 8,355 km2."""
    header, rows = rows_of("mamh")
    j = header.index("msuperf")
    (row,) = [r for r in rows if r[0] == "40025"]
    row[j] = "83,55"
    with pytest.raises(InputError) as caught:
        read("mamh", write(tmp_path, "mamh", header, rows))
    assert caught.value.column == "msuperf" and "line 6: '83,55'" in caught.value.examples


# -------------------------------------------------------------------------------------
# 4. Names with line breaks


@pytest.mark.parametrize("key", sorted(NAME_COLUMNS))
def test_a_name_with_a_line_break_is_read_as_one_line(tmp_path, key):
    header, rows = rows_of(key)
    j = header.index(NAME_COLUMNS[key])
    i = next(i for i, row in enumerate(rows) if row[j].startswith(("Saint-Camille", "Bibliothèque De", "Les Sources")))
    original = rows[i][j]
    rows[i][j] = original[:5] + "\r\n" + original[5:] + "\t\n"
    path = write(tmp_path, key, header, rows)
    frame = read(key, path)
    names = frame[READERS[key][1]].astype(str)
    assert not names.str.contains(r"[\r\n\t]").any()
    assert original[:5] + " " + original[5:] in set(names)


def test_control_and_invisible_characters_are_removed_from_names(tmp_path):
    header, rows = rows_of("ir")
    rows[6][2] = "\u200bSaint-Camille\u00ad\x0b"
    frame = read("ir", write(tmp_path, "ir", header, rows))
    assert frame.set_index("csd_uid").loc[rf.SAINT_CAMILLE, "csd_name"] == "Saint-Camille"


def test_a_register_name_with_a_line_break_reaches_the_tables_as_one_line(tmp_path):
    raw = rf.write_mini_raw(tmp_path / "raw")
    header, rows = rf.read_table_rows(raw, "snapshot")
    (row,) = [r for r in rows if r[0] == "40025"]
    row[1] = "Saint-\nCamille"
    rf.write_table(raw, "snapshot", header, rows)
    with rf.small_schemas():
        build(raw, tmp_path / "data" / "processed", log=lambda line: None)
    text = (tmp_path / "data" / "processed" / "municipalities.csv").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 + len(rf.CURRENT_REGISTER_CODES)
    assert ",Saint- Camille," in text


def test_a_geojson_name_with_a_line_break_is_read_as_one_line(tmp_path):
    document = rf.sda_mrc_document()
    document["features"][1]["properties"]["MRS_NM_MRC"] = "Les\nSources "
    path = tmp_path / "qc-mrc.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    frame, _ = boundaries.read_sda_mrc(path)
    assert frame.set_index("mrc_code").loc["40", "mrc_name"] == "Les Sources"


# -------------------------------------------------------------------------------------
# 2. Shapefiles without their .cpg


def write_shapefiles(folder: Path, encoding: str, *, keep_cpg: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for document, name in ((rf.sda_mrc_document(), "mrc_s"), (rf.sda_region_document(), "regio_s")):
        frame = gpd.GeoDataFrame.from_features(document["features"], crs="EPSG:4326")
        frame = frame[[c for c in frame.columns if len(c) <= 10]]  # the SDA attributes (dBASE names)
        frame.to_file(folder / f"{name}.shp", encoding=encoding)
        if not keep_cpg:
            (folder / f"{name}.cpg").unlink()


def raw_with_shapefiles(tmp_path: Path, encoding: str, *, keep_cpg: bool) -> Path:
    raw = rf.write_mini_raw(tmp_path / "raw")
    (raw / rf.FILES["sda_mrc"]).unlink()
    (raw / rf.FILES["sda_regions"]).unlink()
    write_shapefiles(raw / rf.FOLDERS["sda"], encoding, keep_cpg=keep_cpg)
    return raw


def test_utf8_shapefiles_without_cpg_give_the_right_names(tmp_path):
    """The input of issue 13.2: mrc_s.shp / regio_s.shp with UTF-8 attributes and no .cpg."""
    raw = raw_with_shapefiles(tmp_path, "UTF-8", keep_cpg=False)
    assert not list(raw.rglob("*.cpg"))
    assert b"Montr\xc3\xa9al" in (raw / rf.FOLDERS["sda"] / "mrc_s.dbf").read_bytes()
    out = tmp_path / "data" / "processed"
    with rf.small_schemas():
        build(raw, out, log=lambda line: None)
    mrc = pd.read_csv(out / "mrc.csv", dtype=str)
    regions = pd.read_csv(out / "regions.csv", dtype=str)
    assert set(mrc["mrc_name"]) == {"Beauce-Sartigan", "Les Sources", "Sherbrooke", "Montréal"}
    assert set(regions["region_name"]) == {"Estrie", "Montréal", "Chaudière-Appalaches"}
    munis = pd.read_csv(out / "municipalities.csv", dtype=str)
    assert not munis["region_name"].str.contains("Ã").any()


@pytest.mark.parametrize("encoding", ["UTF-8", "CP1252"])
def test_shapefiles_with_their_cpg_are_decoded_as_declared(tmp_path, encoding):
    folder = tmp_path / "sda"
    write_shapefiles(folder, encoding, keep_cpg=True)
    frame, report = boundaries.read_sda_mrc(folder / "mrc_s.shp")
    assert "Montréal" in set(frame["mrc_name"])
    assert report.encoding == ""  # declared by the .cpg, read by GDAL


def test_windows_1252_shapefile_without_cpg_stops_clearly(tmp_path):
    folder = tmp_path / "sda"
    write_shapefiles(folder, "CP1252", keep_cpg=False)
    assert (folder / "mrc_s.dbf").read_bytes()[29] == 0  # no language driver either
    with pytest.raises(InputError) as caught:
        boundaries.read_sda_mrc(folder / "mrc_s.shp")
    assert "not UTF-8 and no .cpg file declares its encoding" in caught.value.problem
    assert ".cpg" in caught.value.hint


def test_windows_1252_shapefile_with_a_language_driver_is_decoded(tmp_path):
    folder = tmp_path / "sda"
    write_shapefiles(folder, "CP1252", keep_cpg=False)
    dbf = folder / "mrc_s.dbf"
    data = bytearray(dbf.read_bytes())
    data[29] = 0x57  # "ANSI" (Windows-1252), as ArcGIS writes it
    dbf.write_bytes(bytes(data))
    frame, report = boundaries.read_sda_mrc(folder / "mrc_s.shp")
    assert "Montréal" in set(frame["mrc_name"]) and report.encoding == "cp1252"


def test_shapefile_encoding_documented_by_the_publisher_is_used(tmp_path):
    folder = tmp_path / "sda"
    write_shapefiles(folder, "CP1252", keep_cpg=False)
    frame, report = boundaries.read_layer(
        folder / "mrc_s.shp", layer=None, default_crs="EPSG:4326", documented_encoding="cp1252"
    )
    assert "Montréal" in set(frame["MRS_NM_MRC"]) and report.encoding == "cp1252"


# -------------------------------------------------------------------------------------
# The check catches mojibake and line breaks in every text column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Montréal", False),
        ("Chaudière-Appalaches", False),
        ("Saint-Évariste-de-Forsyth", False),
        ("Côte-Nord — Baie-Comeau", False),
        ("MontrÃ©al", True),
        ("ChaudiÃ¨re-Appalaches", True),
        ("Ã‰variste", True),
        ("Montr\ufffdal", True),
        ("â€™", True),
        ("Ã\u00a0la", True),
    ],
)
def test_is_mojibake(text, expected):
    assert is_mojibake(text) is expected


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.processed_dir(), data / "processed")
    shutil.copytree(paths.case_dir(), data / "case")
    shutil.copy(paths.datapackage_path(), data / "datapackage.json")
    return data


def test_data_check_catches_mojibake_in_processed_and_case_tables(tmp_path, capsys):
    data = copy_data(tmp_path)
    municipalities = data / "processed" / "municipalities.csv"
    municipalities.write_text(
        municipalities.read_text(encoding="utf-8").replace("Montréal", "MontrÃ©al"), encoding="utf-8"
    )
    timeline = data / "case" / "timeline.csv"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("é", "\ufffd", 1), encoding="utf-8")
    facilities = data / "processed" / "cultural_facilities.csv"
    facilities.write_text(
        facilities.read_text(encoding="utf-8").replace("Bibliothèque", "BibliothÃ¨que"), encoding="utf-8"
    )
    problems = [str(p) for p in check(data)]
    assert any(p.startswith("municipalities: column 'name': text decoded with the wrong encoding") for p in problems)
    assert any(p.startswith("municipalities: column 'region_name': text decoded") for p in problems)
    assert any(p.startswith("case_timeline: column") and "wrong encoding" in p for p in problems)
    assert any(p.startswith("cultural_facilities: column 'name': text decoded") for p in problems)
    assert main(["data", "check", "--data", str(data)]) == 1
    assert "MontrÃ©al" in capsys.readouterr().err


def test_data_check_catches_mojibake_in_polygon_layers(tmp_path):
    data = copy_data(tmp_path)
    layer = data / "processed" / "mrc.geojson"
    layer.write_text(layer.read_text(encoding="utf-8").replace("Montréal", "MontrÃ©al"), encoding="utf-8")
    problems = [str(p) for p in check(data)]
    assert any(p.startswith("mrc_polygons: column 'mrc_name': text decoded with the wrong encoding") for p in problems)


def test_data_check_catches_a_line_break_inside_a_name(tmp_path):
    data = copy_data(tmp_path)
    path = data / "processed" / "municipalities.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["csd_uid"] == rf.SAINT_CAMILLE, "name"] = "Saint-\nCamille"
    frame.to_csv(path, index=False)
    problems = [str(p) for p in check(data)]
    assert any(p.startswith("municipalities: column 'name': line breaks or control characters") for p in problems)
