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
    # The LODE viewer's own search index, not the CSV derived from it.
    assert "config.search.json" in files and "csd2016_qc_rural_flag_pop2016_bbox.csv" not in files
    assert {"2021IR_DATABASE.csv", "cwb2006_qc.csv", "cwb2016_qc.csv", "odcaf.csv"} <= set(files)
    assert files["2021IR_DATABASE.csv"]["missing_values"]["Index_of_remoteness"] == 17
    assert {name: f["vintage"] for name, f in files.items() if "IR_DATABASE" in name or name.startswith("cwb")} == {
        "2016IR_DATABASE.csv": "2016",
        "2021IR_DATABASE.csv": "2021",
        "cwb2006_qc.csv": "2006",
        "cwb2016_qc.csv": "2016",
    }


def _linked_copy(raw: Path, target: Path, skip: set[str]) -> Path:
    """The raw mirror as links to its files (nothing copied), without the files named in ``skip``."""
    for path in sorted(raw.rglob("*")):
        if path.is_file() and path.name not in skip:
            link = target / path.relative_to(raw)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path.resolve())
    return target


def test_build_with_the_2021_index_as_its_official_zip_gives_the_same_tables(raw, tmp_path):
    import zipfile

    loose = next(raw.rglob("2021IR_DATABASE.csv"))
    mirror = _linked_copy(raw, tmp_path / "raw", skip={"2021IR_DATABASE.csv"})
    archive = mirror / "downloads" / "172600012020001-eng.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        for member in ("2021IR_DATABASE.csv", "2021IR_README.txt", "2021IR_RECORD_LAYOUT.csv"):
            handle.write(loose.parent / member, member)
    assert not list(mirror.rglob("2021IR_DATABASE.csv"))
    out = tmp_path / "processed"
    assert main(["data", "build", "--raw", str(mirror), "--out", str(out)]) == 0
    built, committed = _files(out), _files(paths.processed_dir())
    assert sorted(built) == sorted(committed)
    different = [name for name in built if name != "build_report.json" and built[name] != committed[name]]
    assert different == []
    import json

    files = {f["file"]: f for f in json.loads(built["build_report.json"])["files_read"]}
    member = files["downloads/172600012020001-eng.zip!2021IR_DATABASE.csv"]
    assert member["vintage"] == "2021" and member["sha256"] == (
        "eba1a086f68987a70353c56ea3b63ef0574c0aa984f89da71879f01bcbdbfc33"  # the PROVENANCE's checksum
    )
