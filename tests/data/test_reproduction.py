"""Building from the raw mirror reproduces the committed processed tables byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.data import paths

pytestmark = pytest.mark.raw


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_from_the_raw_mirror_reproduces_data_processed(raw, tmp_path, capsys):
    out = tmp_path / "data" / "processed"
    assert main(["data", "build", "--raw", str(raw), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "build report" in report and "turned into missing values" in report
    built, committed = _files(out), _files(paths.processed_dir())
    assert sorted(built) == sorted(committed)
    different = [name for name in built if built[name] != committed[name]]
    assert different == [], f"files that differ from the committed ones: {different}"
    assert (tmp_path / "data" / "datapackage.json").read_bytes() == paths.datapackage_path().read_bytes()


def test_build_reads_the_unchanged_official_files_not_the_derived_copies(raw, tmp_path):
    import json

    out = tmp_path / "processed"
    assert main(["data", "build", "--raw", str(raw), "--out", str(out)]) == 0
    files = {f["file"].split("/")[-1]: f for f in json.loads((out / "build_report.json").read_text())["files_read"]}
    assert "CWB_2021.csv" in files and files["CWB_2021.csv"]["encoding"] == "Windows-1252"
    assert not any("utf8" in name or "wide" in name or name == "sac2016_quebec_csd.csv" for name in files)
    assert {"raw_CMAs.txt", "raw_CAs.txt", "raw_MIZ_strong.csv", "2016IR_DATABASE.csv"} <= set(files)
    assert sum(1 for name in files if name.startswith("MUN")) == 4
    assert files["2016IR_DATABASE.csv"]["missing_values"]["Index_of_remoteness"] == 20
