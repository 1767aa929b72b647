"""The bad-input suite: ``companion data build`` on a raw folder with one corrupted file.

Every case starts from a valid mini raw folder (:func:`rawfixture.write_mini_raw`) and a
valid output folder built from it, corrupts ONE raw file, runs the command in-process
(``analysis.cli.main``) and checks that:

* the exit code is 1 and the message (stderr) names the file, the column where there
  is one, and example rows with their line numbers;
* the output folder is byte-for-byte unchanged (same files, same bytes), and no
  temporary folder is left beside it.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import rawfixture as rf

from analysis.cli import main

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
def relaxed_schemas():
    with rf.small_schemas():
        yield


@pytest.fixture(scope="module")
def template(tmp_path_factory, relaxed_schemas):
    """A valid raw folder and the output of a successful ``data build`` on it."""
    base = tmp_path_factory.mktemp("template")
    raw = rf.write_mini_raw(base / "raw")
    out = base / "site" / "out"
    assert main(["data", "build", "--raw", str(raw), "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} == OUTPUTS
    return raw, out


@dataclass
class Site:
    raw: Path
    out: Path
    before: dict[str, bytes]

    def path(self, key: str) -> Path:
        return self.raw / rf.FILES[key]


@pytest.fixture
def site(tmp_path, template, relaxed_schemas) -> Site:
    raw = tmp_path / "raw"
    out = tmp_path / "site" / "out"
    shutil.copytree(template[0], raw)
    shutil.copytree(template[1], out)
    before = rf.snapshot(out)
    assert set(before) == OUTPUTS and all(before.values())
    return Site(raw=raw, out=out, before=before)


def run_build(raw: Path, out: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["data", "build", "--raw", str(raw), "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(
    site: Site,
    code: int,
    err: str,
    *,
    file: Path,
    problem: str,
    column: str | None = None,
    lines: tuple[str, ...] = (),
    more: tuple[str, ...] = (),
) -> None:
    """Exit 1, a message naming the file (and column, and rows), and nothing written."""
    assert code == 1, err
    assert err.startswith(f"data build failed: nothing was written to {site.out}\n"), err
    assert "Traceback" not in err
    assert f"{file}: {problem}" in err, err  # "<path of the file>: <what is wrong>"
    if column is not None:
        assert f"\n  column: {column}\n" in err, err
    for line in lines:
        assert f"\n    {line}" in err, err  # an example row, e.g. "line 8: 'x'"
    for text in more:
        assert text in err, err
    assert rf.snapshot(site.out) == site.before  # same files, same bytes
    assert sorted(p.name for p in site.out.parent.iterdir()) == ["out"]  # no stray staging folder


def edit_rows(site: Site, key: str, edit) -> Path:
    """Rewrite one table of the raw folder after ``edit(header, rows)`` (in place), official format kept."""
    header, rows = rf.read_table_rows(site.raw, key)
    edit(header, rows)
    return rf.write_table(site.raw, key, header, rows)


def set_cell(site: Site, key: str, code: str, column: str, value: str) -> Path:
    def edit(header, rows):
        j = header.index(column)
        (row,) = [r for r in rows if code in r[:3]]
        row[j] = value

    return edit_rows(site, key, edit)


# -------------------------------------------------------------------------------------
# Columns


def test_missing_column(site, capsys):
    def drop_msuperf(header, rows):
        j = header.index("msuperf")
        del header[j]
        for row in rows:
            del row[j]

    path = edit_rows(site, "snapshot", drop_msuperf)
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="missing column(s) ['msuperf']",
        column="msuperf",
        more=("MUN_snapshot_2026-03_sans_donnees_personnelles.csv", "columns found: ['mcode', 'munnom'"),
    )


@pytest.mark.parametrize(
    "key, old, new",
    [
        ("ir", "Index_of_remoteness", "Index of remoteness"),
        ("mamh", "mpopul", "mpopulation"),
        ("cwb", "Labour Force Activity 2021", "Labour force activity 2021"),
    ],
)
def test_renamed_column_gets_a_hint(site, capsys, key, old, new):
    def rename(header, rows):
        header[header.index(old)] = new

    path = edit_rows(site, key, rename)
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem=f"missing column(s) [{old!r}]",
        column=old,
        more=(f"hint: {old!r} may have been renamed {new!r}",),
    )


# -------------------------------------------------------------------------------------
# Codes and values


def test_duplicate_mamh_code(site, capsys):
    path = edit_rows(site, "mamh", lambda header, rows: rows.append(list(rows[4])))  # Saint-Camille again
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="duplicate MAMH codes in column 'mcode'",
        column="mcode",
        lines=("line 6: '40025'", "line 10: '40025'"),
    )


def test_duplicate_remoteness_code(site, capsys):
    path = edit_rows(site, "ir", lambda header, rows: rows.append(list(rows[6])))  # Saint-Camille again
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="duplicate CSD codes in column 'CSDuid'",
        column="CSDuid",
        lines=("line 8: '2440025'", "line 14: '2440025'"),
    )


@pytest.mark.parametrize(
    "key, column, value, line",
    [
        ("ir", "Index_of_remoteness", "x", 8),
        ("census21", "median_age", "F", 7),
        ("cwb", "Education 2021", "F", 8),
        ("commuting", "commute_wi_csd", ".", 7),  # "." is the IR's marker, not the 2016 census's
        ("lode", "bbox_xmin", "", 7),  # a bounding box has no suppression marker
    ],
)
def test_value_neither_number_nor_marker(site, capsys, key, column, value, line):
    path = set_cell(site, key, rf.SAINT_CAMILLE, column, value)
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem=f"1 value(s) of {column!r} are neither numbers nor a documented suppression marker",
        column=column,
        lines=(f"line {line}: {value!r}",),
    )


def test_value_out_of_range(site, capsys):
    path = set_cell(site, "ir", rf.SAINT_CAMILLE, "Index_of_remoteness", "1.598")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="1 value(s) of 'Index_of_remoteness' are above the possible range",
        column="Index_of_remoteness",
        lines=("line 8: '1.598'",),
    )


def test_csd_in_two_sac_lists(site, capsys):
    edit_rows(site, "miz_weak", lambda header, rows: rows.append(["2440025Saint-Camille", "Saint-Camille", "Canton"]))
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=site.path("miz_strong"),
        problem="a CSD appears in two SAC lists",
        column="Code",
        lines=("raw_MIZ_strong.csv line 3: 2440025 (Strong MIZ)", "raw_MIZ_weak.csv line 4: 2440025 (Weak MIZ)"),
    )


# -------------------------------------------------------------------------------------
# Empty, truncated, wrongly encoded or delimited files


@pytest.mark.parametrize("key", ["lode", "cmas", "sda_regions"])
def test_empty_file(site, capsys, key):
    site.path(key).write_bytes(b"")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(site, code, err, file=site.path(key), problem="the file is empty")


@pytest.mark.parametrize("key", ["cd", "miz_strong", "snapshot"])
def test_header_only_file(site, capsys, key):
    edit_rows(site, key, lambda header, rows: rows.clear())
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(site, code, err, file=site.path(key), problem="the file has a header but no data rows")


@pytest.mark.parametrize(
    "key, cut_before, columns, example",
    [
        # Cut after the median age: the missing cells must not pass for suppressed (blank) values.
        (
            "census21",
            b",63600.0,",
            26,
            "line 10: 8 field(s): '2466023,Montréal, Ville (V),QC,1762949.0,3.4,4833.5,364.74,38.8'",
        ),
        (
            "lode",
            b",Urban,1704694.0",
            16,
            "line 10: 6 field(s): '2466023,Montréal,-73.972903,45.410082,-73.473032,45.705571'",
        ),
    ],
)
def test_truncated_download(site, capsys, key, cut_before, columns, example):
    path = site.path(key)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(cut_before)])  # the download stopped in the last row (Montréal, line 10)
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem=f"1 row(s) have fewer fields than the header ({columns} columns)",
        lines=(example,),
        more=("hint: the file looks truncated or edited",),
    )


def test_register_saved_in_windows_1252(site, capsys):
    path = site.path("mamh")
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("cp1252"))
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="cannot be decoded as UTF-8 (byte b'\\xc9' at line 2)",
        lines=("line 2: b'29027,Courcelles--Saint-\\xc9variste,",),
        more=("hint: this is not the encoding the official source publishes",),
    )


def test_cwb_saved_in_utf16(site, capsys):
    path = site.path("cwb")
    path.write_bytes(path.read_bytes().decode("cp1252").encode("utf-16"))
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="the file is encoded in UTF-16, which the official source does not use",
        more=("hint: re-save it as UTF-8 or Windows-1252",),
    )


def test_semicolon_separated_register_is_read_as_a_french_spreadsheet_writes_it(site, capsys):
    """A register re-saved by a spreadsheet in a French locale: semicolons, decimal commas. Same tables."""
    header, rows = rf.read_table_rows(site.raw, "snapshot")
    french = [[v.replace(".", ",") if v.replace(".", "", 1).isdigit() else v for v in row] for row in rows]
    path = rf.write_table(site.raw, "snapshot", header, french, delimiter=";")
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("mcode;munnom;") and ";83,55;" in text
    code, _, err = run_build(site.raw, site.out, capsys)
    assert (code, err) == (0, "")
    assert rf.snapshot(site.out)["municipalities.csv"] == site.before["municipalities.csv"]


def test_semicolon_separated_register_with_decimal_points_is_read_too(site, capsys):
    header, rows = rf.read_table_rows(site.raw, "snapshot")
    rf.write_table(site.raw, "snapshot", header, rows, delimiter=";")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert (code, err) == (0, "")
    assert rf.snapshot(site.out)["municipalities.csv"] == site.before["municipalities.csv"]


def test_area_with_a_decimal_comma_in_the_register_stops_not_x100(site, capsys):
    """Issue 13.1: Saint-Camille's area written "83,55" (quoted) among decimal points: never 8,355 km²."""
    path = set_cell(site, "mamh", "40025", "msuperf", "83,55")
    assert '"83,55"' in path.read_text(encoding="utf-8-sig")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="numbers written with a decimal comma and with a decimal point in column 'msuperf'",
        column="msuperf",
        lines=("line 6: '83,55'", "line 2: '203.47'"),
    )


def test_register_whose_areas_all_use_the_decimal_comma_is_read_correctly(site, capsys):
    def edit(header, rows):
        for column in ("msuperf", "msupft"):
            j = header.index(column)
            for row in rows:
                row[j] = row[j].replace(".", ",")

    path = edit_rows(site, "mamh", edit)
    assert '"83,55"' in path.read_text(encoding="utf-8-sig")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert (code, err) == (0, "")
    with open(site.out / "municipalities.csv", encoding="utf-8", newline="") as handle:
        camille = {r["csd_uid"]: r for r in csv.DictReader(handle)}[rf.SAINT_CAMILLE]
    assert (camille["area_total_km2"], camille["area_land_km2"]) == ("83.55", "83.28")
    after = rf.snapshot(site.out)
    assert {k: v for k, v in after.items() if k != "build_report.json"} == {
        k: v for k, v in site.before.items() if k != "build_report.json"
    }


def test_register_without_date_in_its_name(site, capsys):
    site.path("mamh").rename(site.path("mamh").with_name("MUN.csv"))
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=site.raw / rf.FOLDERS["mamh"] / "MUN.csv",
        problem="cannot tell which vintage of the register this is",
        more=("MUN_2026-03.csv",),
    )


def test_census_file_missing(site, capsys):
    site.path("census21").unlink()
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=site.raw,
        problem="no file for the 2021 census indicators",
        more=("census2021_csd_quebec_indicators.csv",),
    )


# -------------------------------------------------------------------------------------
# Geometry files


def test_sda_layer_in_an_undeclared_projected_crs(site, capsys):
    path = site.path("sda_mrc")
    path.write_text(rf.geojson_text(rf.geojson_to_3347(rf.sda_mrc_document())), encoding="utf-8")
    assert "crs" not in json.loads(path.read_text())
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="the MRC polygons do not fall on Québec when read in EPSG:4326 (bounds in the file: ",
        more=("the coordinates are in another CRS than the one declared",),
    )


def test_sda_layer_with_a_self_intersecting_polygon(site, capsys):
    x0, y0, x1, y1 = rf.MRC_RECTS["40"]
    bow_tie = [(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)]
    path = site.path("sda_mrc")
    path.write_text(rf.geojson_text(rf.sda_mrc_document(rings={"40": bow_tie})), encoding="utf-8")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="1 invalid or empty geometry",
        column="geometry",
        lines=("40 Les Sources: Self-intersection[",),
    )


def test_sda_layer_with_a_point_instead_of_a_polygon(site, capsys):
    document = rf.sda_mrc_document()
    document["features"][1]["geometry"] = {"type": "Point", "coordinates": [-71.9, 46.0]}
    path = site.path("sda_mrc")
    path.write_text(rf.geojson_text(document), encoding="utf-8")
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=path,
        problem="1 invalid or empty geometry",
        column="geometry",
        lines=("40 Les Sources: a Point, not a polygon",),
    )


def test_geojson_that_is_not_json(site, capsys):
    path = site.path("cdpoly")
    path.write_bytes(path.read_bytes()[:400])
    code, _, err = run_build(site.raw, site.out, capsys)
    assert_refused(site, code, err, file=path, problem="is not valid JSON (line ")


# -------------------------------------------------------------------------------------
# Folders and usage


def test_missing_raw_folder(site, capsys):
    missing = site.raw.parent / "no-such-folder"
    code, _, err = run_build(missing, site.out, capsys)
    assert_refused(
        site,
        code,
        err,
        file=missing,
        problem="the raw data folder does not exist",
        more=("hint: pass --raw DIR or set COMPANION_RAW",),
    )


def test_failed_first_build_creates_no_output(site, capsys, tmp_path):
    set_cell(site, "ir", rf.SAINT_CAMILLE, "Index_of_remoteness", "x")
    fresh = tmp_path / "fresh" / "out"
    code, _, err = run_build(site.raw, fresh, capsys)
    assert code == 1 and "Index_of_remoteness" in err
    assert not fresh.exists()
    assert not fresh.parent.exists() or list(fresh.parent.iterdir()) == []


@pytest.mark.parametrize("argv", [[], ["data"], ["data", "build", "--no-such-option"], ["datum", "build"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: companion" in capsys.readouterr().err


# -------------------------------------------------------------------------------------
# Documented markers are not errors


def test_documented_markers_are_counted_not_refused(site, capsys):
    # The valid build already meets the markers of the mini folder ...
    code, out, err = run_build(site.raw, site.out, capsys)
    assert (code, err) == (0, "")
    assert "  suppressed or not-computed values turned into missing values: 67\n" in out
    assert "    2016IR_DATABASE.csv: Index_of_remoteness 1\n" in out
    assert (
        "    CWB_2021.csv: CWB 2021 1, Education 2021 2, Housing 2021 2, Income 2021 2, Labour Force Activity 2021 2\n"
        in out
    )
    assert (
        "    total_csd_info_2016_quebec.csv: commute_extra_prov 1, commute_wi_cd_not_csd 1, commute_wi_csd 1, "
        "commute_wi_prov_not_cd 1\n"
    ) in out
    assert rf.snapshot(site.out) == site.before  # same raw files, same bytes

    # ... and three more for Saint-Camille, one per documented marker, still build.
    set_cell(site, "ir", rf.SAINT_CAMILLE, "Index_of_remoteness", ".")
    set_cell(site, "census21", rf.SAINT_CAMILLE, "median_age", "")
    set_cell(site, "commuting", rf.SAINT_CAMILLE, "commute_extra_prov", "NA")
    code, out, err = run_build(site.raw, site.out, capsys)
    assert (code, err) == (0, "")
    assert "  suppressed or not-computed values turned into missing values: 70\n" in out
    assert "    2016IR_DATABASE.csv: Index_of_remoteness 2\n" in out
    assert "census2021_csd_quebec_indicators.csv: bilingual_pct 1, commute_bike_pct 1" in out
    assert " median_age 2, " in out
    assert "total_csd_info_2016_quebec.csv: commute_extra_prov 2, " in out
    assert sorted(p.name for p in site.out.parent.iterdir()) == ["out"]
    with open(site.out / "municipalities.csv", encoding="utf-8", newline="") as handle:
        camille = {r["csd_uid"]: r for r in csv.DictReader(handle)}[rf.SAINT_CAMILLE]
    assert (camille["remoteness_2016"], camille["median_age_2021"], camille["commuters_2016"]) == ("", "", "")
    assert camille["pop_census_2016"] == "529"
    report = json.loads((site.out / "build_report.json").read_text())
    assert {f["file"]: f for f in report["files_read"]}[rf.FILES["ir"]]["missing_values"] == {"Index_of_remoteness": 2}
