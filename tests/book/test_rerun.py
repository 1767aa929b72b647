"""`companion rerun` on an edited copy of the raw mirror names the municipalities and cells that changed."""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.analyses import matrix
from analysis.book.rerun import cell_changes, compare
from analysis.cli import main
from analysis.data import paths
from analysis.vocabulary import SAINT_CAMILLE

pytestmark = pytest.mark.raw


def test_compare_lists_only_changed_results_by_chapter():
    table = compare({"ch1.a": 1, "ch4.b": "x", "ch4.c": 2}, {"ch1.a": 1, "ch4.b": "y", "ch5.d": 3})
    assert list(table["result"]) == ["ch4.b", "ch4.c", "ch5.d"]
    assert list(table["chapter"]) == ["ch4", "ch4", "ch5"]
    assert table.set_index("result").loc["ch4.c", "new"] == "—"


def test_committed_results_match_the_built_book(built_book):
    from analysis.book.results import collect

    committed = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    assert collect(built_book) == committed, "refresh book/results.json with `companion results > book/results.json`"


def test_rerun_on_edited_raw_files_reports_the_changed_municipalities(raw, tmp_path, capsys):
    edited = tmp_path / "raw"
    shutil.copytree(raw, edited)
    cwb = next(edited.rglob("CWB_2021.csv"))
    text = cwb.read_bytes().decode("cp1252")
    # Saint-Camille (2440025): education component 62 -> 30, overall 81 -> 73.
    line = next(row for row in text.splitlines() if row.startswith("2440025,"))
    fields = line.split(",")
    fields[4], fields[7] = "30", "73"
    cwb.write_bytes(text.replace(line, ",".join(fields)).encode("cp1252"))
    out = tmp_path / "rerun"
    assert main(["rerun", "--raw", str(edited), "--out", str(out)]) == 0
    progress = capsys.readouterr().out
    assert "[1/4]" in progress and "[4/4]" in progress and "chapter 04-matrix" in progress
    changes = (out / "changes.md").read_text(encoding="utf-8")
    assert "## ch4" in changes and "ch4.saint_camille.remoteness-education-median" in changes
    assert "| Saint-Camille | Estrie | logique technopolitaine | reconversion |" in changes
    # The vintage report: the edited CWB 2021 file is the same vintage, another file.
    assert "## Sources and vintages" in changes
    assert (
        "| ISC, Community Well-Being Index | 2006, 2016, 2021 | 2006, 2016, 2021 | same vintage, other file |"
        in changes
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["ch4.saint_camille.remoteness-education-median"] == matrix.RECONVERSION
    assert (paths.processed_dir() / "municipalities.csv").read_bytes() != (
        out / "data" / "processed" / "municipalities.csv"
    ).read_bytes()
    assert (out / "book" / "_build" / "html" / "index.html").exists()


def test_rerun_fails_cleanly_on_bad_input(raw, tmp_path, capsys):
    edited = tmp_path / "raw"
    shutil.copytree(raw, edited)
    ir = next(edited.rglob("2016IR_DATABASE.csv"))
    ir.write_text(
        ir.read_text(encoding="utf-8-sig").replace("Index_of_remoteness", "Remoteness_index"), encoding="utf-8"
    )
    out = tmp_path / "rerun"
    assert main(["rerun", "--raw", str(edited), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "2016IR_DATABASE.csv" in err and "Index_of_remoteness" in err
    assert not (out / "book").exists()


def test_cell_changes_names_the_municipality_and_both_cells():
    from analysis.data import load

    old = load.municipalities()
    new = old.copy()
    new.loc[new["csd_uid"] == SAINT_CAMILLE, "cwb_education_2021"] = 30.0
    changed = cell_changes(old, new, (matrix.DEFAULT,))
    row = changed.set_index("csd_uid").loc[SAINT_CAMILLE]
    assert (row["name"], row["committed"], row["new"]) == ("Saint-Camille", matrix.TECHNOPOLE, matrix.RECONVERSION)


# -------------------------------------------------------------------------------------
# Which vintages changed (from the two build reports)


def _report(*entries: tuple[str, str, str, str]) -> dict:
    return {"files_read": [{"source": s, "file": f, "vintage": v, "sha256": h} for s, f, v, h in entries]}


def test_vintage_changes_name_new_vintages_other_files_and_missing_sources():
    from analysis.book.rerun import vintage_changes

    committed = _report(
        ("remoteness_2016", "ir/2016IR_DATABASE.csv", "2016", "a"),
        ("remoteness_2021", "ir/2021IR_DATABASE.csv", "2021", "b"),
        ("cwb_2021", "cwb/CWB_2021.csv", "2021", "c"),
        ("odcaf", "odcaf/odcaf.csv", "v1.0", "d"),
        ("sac_2016", "sac/raw_CMAs.txt", "2016", "e"),
    )
    new = _report(
        ("remoteness_2016", "ir/2016IR_DATABASE.csv", "2016", "a"),
        ("remoteness_2026", "new/172600012020001-eng.zip!2026IR_DATABASE.csv", "2026", "f"),
        ("cwb_2021", "cwb/CWB_2021.csv", "2021", "c2"),
        ("sac_2016", "sac/raw_CMAs.txt", "2016", "e"),
        ("lode_2016", "lode/config.search.json", "2016", "g"),
    )
    table = vintage_changes(committed, new).set_index("source")
    remoteness = table.loc["StatCan, Index of Remoteness (17-26-0001)"]
    assert (remoteness["committed"], remoteness["new"], remoteness["change"]) == (
        "2016, 2021",
        "2016, 2026",
        "new vintage",
    )
    assert "2026IR_DATABASE.csv" in remoteness["files"]
    assert table.loc["ISC, Community Well-Being Index", "change"] == "same vintage, other file"
    assert table.loc["StatCan, ODCAF cultural facilities", "change"] == "not given"
    assert table.loc["StatCan, LODE rural viewer", "change"] == "added"
    assert table.loc["StatCan, Statistical Area Classification", "change"] == "unchanged"


def test_vintage_section_is_a_valid_table_after_the_opening_paragraph():
    from analysis.book.rerun import vintage_changes, with_vintages

    committed = _report(("cwb_2021", "cwb/CWB_2021.csv", "2021", "c"))
    new = _report(("cwb_2021", "cwb|odd\nname/CWB_2021.csv", "2021", "c2"))
    text = "# What changed with the new data\n\nRaw folder: `x`.\n\n## ch4\n\n| a |\n"
    out = with_vintages(text, vintage_changes(committed, new))
    assert out.index("## Sources and vintages") < out.index("## ch4")
    assert out.startswith("# What changed with the new data\n\nRaw folder: `x`.\n\n## Sources and vintages\n")
    rows = [line for line in out.splitlines() if line.startswith("| ISC")]
    assert rows == [
        "| ISC, Community Well-Being Index | 2021 | 2021 | same vintage, other file | cwb\\|odd name/CWB_2021.csv |"
    ]
    same = with_vintages(text, vintage_changes(committed, committed))
    assert "The new data comes from the same official files, of the same vintages, as the committed data." in same
