"""`companion rerun`: the comparison, the report and what happens when a chapter or the build fails.

The rerun on an edited copy of the raw mirror (hostile names, Saint-Camille changing cell, a
failing chapter) is in ``test_hostile.py``: one build checks the report and the new book.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from analysis.analyses import matrix
from analysis.book.rerun import cell_changes, compare, failed_checks, report
from analysis.cli import main
from analysis.data import paths
from analysis.vocabulary import EXCLUSION, EXPERIMENTATION, RECONVERSION, SAINT_CAMILLE, TECHNOPOLE


def test_compare_lists_only_changed_results_by_chapter():
    table = compare({"ch1.a": 1, "ch4.b": "x", "ch4.c": 2}, {"ch1.a": 1, "ch4.b": "y", "ch5.d": 3})
    assert list(table["result"]) == ["ch4.b", "ch4.c", "ch5.d"]
    assert list(table["chapter"]) == ["ch4", "ch4", "ch5"]
    assert table.set_index("result").loc["ch4.c", "new"] is None
    assert compare({"ch1.a": 1.5}, {"ch1.a": "nan"}).iloc[0]["new"] is None  # a glued missing value


@pytest.mark.raw
def test_committed_results_match_the_built_book(built_book):
    from analysis.book.results import collect

    committed = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    assert collect(built_book) == committed, "refresh book/results.json with `companion results > book/results.json`"


@pytest.mark.raw
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
    changed = cell_changes(old, new, (matrix.DEFAULT_SPECIFICATION,))
    row = changed.set_index("csd_uid").loc[SAINT_CAMILLE]
    assert (row["name"], row["committed"], row["new"]) == ("Saint-Camille", EXPERIMENTATION, EXCLUSION)
    assert set(changed["specification"]) == {matrix.DEFAULT_SPECIFICATION.key}
    everywhere = cell_changes(old, new)  # every specification of the multiverse over places, the default first
    assert everywhere["specification"].iloc[0] == matrix.DEFAULT_SPECIFICATION.key
    moved = everywhere[everywhere["csd_uid"] == SAINT_CAMILLE].set_index("specification")["new"]
    assert moved["remoteness_2021-education-median"] == RECONVERSION
    assert "sac-commuting-median" not in moved.index  # commuting did not change


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


# --------------------------------------------------------------------------- failing checks


def _executed(tmp_path, cells: list[str]) -> Path:
    """A book folder whose ``_build/jupyter_execute`` holds ``cells`` executed by a real kernel (errors kept)."""
    import nbclient
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbclient.NotebookClient(notebook, allow_errors=True, kernel_name="python3", timeout=60).execute()
    folder = tmp_path / "book" / "_build" / "jupyter_execute" / "book" / "chapters"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "04-matrix.ipynb")
    return tmp_path / "book"


def test_failed_checks_name_the_failing_line_and_its_message(tmp_path):
    book = _executed(
        tmp_path,
        [
            "x = 1\nassert x == 1, 'first holds'\nassert x == 2\nassert x == 3, 'third'",
            "assert x == 1\nassert (\n    x\n    == 4\n), f'x is {x}, not 4'",
            "from analysis.data import load\nfirst = 1\nload.case('no-such-table')",
            "print('fine')",
        ],
    )
    failures = failed_checks(book)
    assert list(failures["chapter"]) == ["04-matrix"] * 3
    first, second, third = failures.to_dict("records")
    assert first["check"] == "assert x == 2"  # the line that failed, not the cell's first assert
    assert first["error"] == "AssertionError: the condition on this line is false"  # never an empty message
    assert second["check"] == "assert ( x == 4 ), f'x is {x}, not 4'"  # the whole statement
    assert second["error"] == "AssertionError: x is 1, not 4"
    assert third["check"] == "load.case('no-such-table')"
    assert third["error"].startswith(("KeyError", "ValueError", "InputError", "FileNotFoundError"))
    assert "analysis/data/" in third["error"]  # where in the package it was raised


# --------------------------------------------------------------------------- the report


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a Markdown document as a GFM renderer reads it: rows of cell texts (header first)."""
    from html.parser import HTMLParser

    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    tables = []
    for table in re.findall(r"<table>(.*?)</table>", rendered, flags=re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            cells = []
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S):
                parser = HTMLParser(convert_charrefs=True)
                parts: list[str] = []
                parser.handle_data = parts.append
                parser.feed(cell)
                cells.append("".join(parts))
            rows.append(cells)
        tables.append(rows)
    return tables


HOSTILE = [
    "pipe | in a name",
    "line\nbreak",
    "Val-des-Sources `Asbestos`",
    "back\\slash *star* _u_ [l](x) <b>b</b> {{s}}",
    "",
]


def test_changes_report_stays_a_valid_table_whatever_the_names():
    cells = pd.DataFrame(
        {
            "specification": [matrix.DEFAULT_SPECIFICATION.key] * len(HOSTILE),
            "csd_uid": [f"24000{i}" for i in range(len(HOSTILE))],
            "name": HOSTILE,
            "region": list(reversed(HOSTILE)),
            "committed": [TECHNOPOLE] * len(HOSTILE),
            "new": [RECONVERSION] * len(HOSTILE),
        }
    )
    differences = compare({"ch1.a": "old | value", "ch1.b": 1.0}, {"ch1.a": "new\n`value`", "ch1.b": None})
    failures = pd.DataFrame(
        {"chapter": ["01-debate"], "check": ["assert a | b == `c`"], "error": ["ValueError: bad | line\nbreak"]}
    )
    text = report(differences, cells, Path("raw `folder` | x"), failures)
    tables = _tables(text)
    for rows in tables:
        assert all(len(row) == len(rows[0]) for row in rows), rows
    flat = [[" ".join(c.split()) for c in row] for rows in tables for row in rows]
    for name, region in zip(HOSTILE, reversed(HOSTILE)):
        assert [" ".join(name.split()), " ".join(region.split()), TECHNOPOLE, RECONVERSION] in flat
    assert ["ch1.a", "old | value", "new `value`"] in flat
    assert ["ch1.b", "1.0", "not available in these data"] in flat
    assert ["01-debate", "assert a | b == `c`", "ValueError: bad | line break"] in flat


def test_rerun_writes_its_report_even_when_the_book_does_not_build(tmp_path, monkeypatch, capsys):
    """A failing chapter and a build that stops: results.json and changes.md are written all the same."""
    import subprocess

    from analysis.data.pipeline import build as pipeline

    committed = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    computed = {name: value for name, value in committed.items() if not name.startswith("ch7.")}

    def copy_committed_tables(raw, out, log=None):  # the data build, without the raw mirror
        shutil.copytree(paths.processed_dir(), out)

    class Build:  # the book build: chapter 7 failed, then Sphinx stopped with an error
        def __init__(self, command, **kwargs):
            executed = Path(command[-1]) / "_build" / "jupyter_execute" / "book" / "chapters"
            executed.mkdir(parents=True)
            glue = {name: {"data": {"text/plain": repr(value)}} for name, value in computed.items()}
            (executed / "01-debate.glue.json").write_text(json.dumps(glue), encoding="utf-8")
            error = {
                "output_type": "error",
                "ename": "ValueError",
                "evalue": "no score for this place",
                "traceback": ["Cell In[7], line 2", "ValueError: no score for this place"],
            }
            source = "distances = {}\nrecord('ch7.x', distances['x'])"
            notebook = {"cells": [{"cell_type": "code", "source": source, "outputs": [error]}]}
            (executed / "07-conclusion.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
            self.stdout = iter(
                [
                    "book/chapters/07-conclusion.ipynb: Executing notebook using local CWD\n",
                    *[f"reading sources... {i}\n" for i in range(60)],
                    "book/chapters/07-conclusion.ipynb:12: WARNING: No key 'ch7.x' found in glue data\n",
                    "Traceback (most recent call last):\n",
                    '  File "sphinx/builders/__init__.py", line 1, in build\n',
                    "RuntimeError: the writer stopped\n",
                    *[f"writing output... {i}\n" for i in range(60)],
                ]
            )

        def wait(self):
            return 1

    monkeypatch.setattr(pipeline, "build", copy_committed_tables)
    monkeypatch.setattr(subprocess, "Popen", Build)
    out = tmp_path / "rerun"
    assert main(["rerun", "--raw", str(tmp_path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    # The relevant failure, not the last 40 lines of the log.
    assert "WARNING: No key 'ch7.x'" in err and "RuntimeError: the writer stopped" in err
    assert "writing output... 59" not in err
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert all(results[name] is None for name in committed if name.startswith("ch7."))
    assert {name: results[name] for name in computed} == computed
    changes = (out / "changes.md").read_text(encoding="utf-8")
    assert "## The book did not build" in changes and "RuntimeError: the writer stopped" in changes
    assert "record('ch7.x', distances['x'])" in changes and "no score for this place" in changes
    assert "not available in these data" in changes


def test_rerun_hint_names_the_folder_given_with_raw(tmp_path, capsys):
    missing = tmp_path / "no-such-folder"
    assert main(["rerun", "--raw", str(missing), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "given with --raw" in err
    assert "pass --raw" not in err
