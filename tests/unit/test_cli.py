"""The `companion` command line: help, exit codes, a closed pipe, the student edition's folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis.book import build
from analysis.cli import main, parser
from analysis.data import paths

COMMANDS = [
    ["data"],
    ["data", "build"],
    ["data", "check"],
    ["data", "package"],
    ["book"],
    ["handout"],
    ["rerun"],
    ["results"],
]


def _help(capsys, words: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(w) for w in COMMANDS])
def test_every_command_describes_itself_and_its_exit_codes(capsys, words):
    text = _help(capsys, words)
    usage, _, rest = text.partition("\n\n")
    description = rest.split("\n\n")[0]
    assert not description.startswith(("options:", "positional arguments:")), text  # a description, not only options
    assert len(description.split()) >= 8, description
    assert "exit codes:" in text and "\n  0  " in text and "\n  2  " in text, text


def test_top_level_help_lists_commands_and_exit_codes(capsys):
    text = _help(capsys, [])
    for command in ("data build", "book", "results", "handout", "rerun"):
        assert f"companion {command}" in text
    assert "exit codes:" in text


def test_book_help_says_where_the_student_edition_goes(capsys):
    assert build.STUDENT_OUT in " ".join(_help(capsys, ["book"]).split())
    assert "builds a student edition" in " ".join(_help(capsys, ["handout"]).split())


def test_parser_rejects_unknown_commands():
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(["no-such-command"])
    assert exit_.value.code == 2


def test_results_into_a_closed_pipe_ends_quietly(tmp_path):
    """`companion results | head`: the reader goes away before the end; no BrokenPipeError traceback."""
    executed = tmp_path / "_build" / "jupyter_execute"
    executed.mkdir(parents=True)
    glue = {f"ch4.result_{i:05d}": {"data": {"text/plain": repr("x" * 200)}} for i in range(2000)}  # ~0.5 MB of JSON
    (executed / "04-matrix.glue.json").write_text(json.dumps(glue), encoding="utf-8")
    command = [sys.executable, "-m", "analysis", "results", "--book", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=paths.REPO)
    first = process.stdout.readline()  # like `head -1`: read a little, then close the pipe
    process.stdout.close()
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert first.startswith(b"{")
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert code == 0


def test_student_edition_without_out_never_overwrites_the_full_book(monkeypatch, capsys):
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 1)  # stop before looking for index.html

    monkeypatch.setattr(build.subprocess, "run", run)
    monkeypatch.setattr(build, "stale_packages", lambda repo=paths.REPO: [])
    assert main(["book", "--student"]) == 1
    (command,) = commands
    assert "--path-output" in command
    out = command[command.index("--path-output") + 1]
    assert out == str((paths.REPO / build.STUDENT_OUT).resolve()) and out != str(paths.REPO)
    assert build.STUDENT_OUT in capsys.readouterr().out
    # The full edition still goes to the repository's _build/html.
    commands.clear()
    assert main(["book"]) == 1
    assert "--path-output" not in commands[0]


def test_stale_javascript_packages_are_found(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"vega": "6.4.0", "leaflet": "1.9.3"}}))
    (tmp_path / "node_modules" / "vega").mkdir(parents=True)
    (tmp_path / "node_modules" / "vega" / "package.json").write_text(json.dumps({"version": "6.3.0"}))
    assert build.stale_packages(tmp_path) == [
        "leaflet (installed none, pinned 1.9.3)",
        "vega (installed 6.3.0, pinned 6.4.0)",
    ]
