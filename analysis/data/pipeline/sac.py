"""Reader for the 2016 Statistical Area Classification lists (CMA, CA, MIZ).

The official lists are the SGC 2016 variant pages: CMAs and CAs with their member CSDs
(``NNN - name`` headers followed by ``NNNNNNN - name`` members), and one table per
census metropolitan influenced zone (strong, moderate, weak, none), whose ``Code`` glues
the 7-digit CSD code to the name. A Québec CSD in no list is classed ``No MIZ`` by
inference, and flagged as such.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import InputError
from analysis.data.pipeline.io import FileReport, decode, read_table, require_pattern, sha256_of
from analysis.data.pipeline.locate import find_one
from analysis.vocabulary import CA, CMA, MODERATE_MIZ, NO_MIZ, STRONG_MIZ, WEAK_MIZ

MIZ_FILES = {"strong": STRONG_MIZ, "moderate": MODERATE_MIZ, "weak": WEAK_MIZ, "none": NO_MIZ}
HEADER = re.compile(r"^(\d{3})\s*-\s*(.+)$")
MEMBER = re.compile(r"^(\d{7})\s*-\s*(.+)$")


def _read_cma_list(path: Path, sac_class: str) -> tuple[list[dict], FileReport]:
    text, encoding = decode(path, ("utf-8",))
    rows, current = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        if match := HEADER.match(line):
            current = (match.group(1), match.group(2).replace("--", "-"))
        elif match := MEMBER.match(line):
            if current is None:
                raise InputError(
                    path, "a CSD is listed before any CMA/CA header", examples=[f"line {number}: {line!r}"]
                )
            rows.append(
                {
                    "csd_uid": match.group(1),
                    "sac_class": sac_class,
                    "cmaca_uid": current[0],
                    "cmaca_name": current[1],
                    "_line": number,
                    "_file": path,
                }
            )
        else:
            raise InputError(
                path,
                "line is neither a 'NNN - CMA/CA name' header nor a 'NNNNNNN - CSD name' member",
                examples=[f"line {number}: {line[:120]!r}"],
            )
    if not rows:
        raise InputError(path, "the list has no CSD")
    report = FileReport(path=str(path), sha256=sha256_of(path), encoding=encoding, rows_read=len(rows))
    return rows, report


def _read_miz_table(path: Path, sac_class: str) -> tuple[list[dict], FileReport]:
    table = read_table(path, required=("Code", "Census subdivision"), encodings=("utf-8",))
    require_pattern(table, "Code", r"\d{7}.*", what="CSD codes (7 digits followed by the name)")
    rows = [
        {"csd_uid": code[:7], "sac_class": sac_class, "cmaca_uid": "", "cmaca_name": "", "_line": line, "_file": path}
        for code, line in zip(table.frame["Code"], table.frame["_line"])
    ]
    return rows, table.report


def read_sac(raw: Path, universe: pd.Series) -> tuple[pd.DataFrame, list[FileReport]]:
    """SAC class of every Québec CSD in ``universe`` (2016 CSD codes).

    A CSD in no published list is classed ``No MIZ`` by inference and flagged.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder, holding ``raw_CMAs.txt``, ``raw_CAs.txt`` and
        ``raw_MIZ_{strong,moderate,weak,none}.csv``.
    universe : pandas.Series of str
        The 2016 CSD codes to classify (in the build: those of the Index of Remoteness).

    Returns
    -------
    frame : pandas.DataFrame
        One row per distinct code of ``universe``, sorted: ``csd_uid``, ``sac_class`` (one
        of ``analysis.vocabulary.SAC_CLASSES``), ``sac_class_inferred`` (bool),
        ``cmaca_uid`` and ``cmaca_name`` (3-digit code and name of the CMA or CA; empty
        for the MIZ classes).
    reports : list of analysis.data.pipeline.io.FileReport
        One per list read (CMAs, CAs, then the four MIZ tables).

    Raises
    ------
    InputError
        When a list is missing or found twice, is malformed or empty, or a CSD appears in
        two lists.

    References
    ----------
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area
    Classification (CMA, CA, MIZ).
    """
    rows: list[dict] = []
    reports: list[FileReport] = []
    for pattern, sac_class in (("raw_CMAs.txt", CMA), ("raw_CAs.txt", CA)):
        found, report = _read_cma_list(find_one(raw, [pattern], what=f"the SAC 2016 {sac_class} list"), sac_class)
        rows += found
        reports.append(report)
    for key, sac_class in MIZ_FILES.items():
        found, report = _read_miz_table(
            find_one(raw, [f"raw_MIZ_{key}.csv"], what=f"the SAC 2016 {sac_class} list"), sac_class
        )
        rows += found
        reports.append(report)
    listed = pd.DataFrame(rows)
    twice = listed[listed["csd_uid"].duplicated(keep=False)].sort_values("csd_uid")
    if not twice.empty:
        examples = [
            f"{Path(file).name} line {line}: {code} ({sac_class})"
            for file, line, code, sac_class in twice.head(6)[["_file", "_line", "csd_uid", "sac_class"]].itertuples(
                index=False, name=None
            )
        ]
        raise InputError(
            Path(twice.iloc[0]["_file"]),
            "a CSD appears in two SAC lists (each CSD has exactly one class)",
            column="Code",
            examples=examples,
        )
    quebec = listed[listed["csd_uid"].str.startswith("24")]
    for report, name in zip(reports, ("raw_CMAs", "raw_CAs", *[f"raw_MIZ_{k}" for k in MIZ_FILES])):
        report.rows_kept = int((quebec["_file"].map(lambda p: Path(p).stem) == name).sum())
    out = pd.DataFrame({"csd_uid": universe.sort_values().unique()})
    out = out.merge(quebec.drop(columns=["_line", "_file"]), on="csd_uid", how="left")
    out["sac_class_inferred"] = out["sac_class"].isna()
    out["sac_class"] = out["sac_class"].fillna(NO_MIZ)
    out[["cmaca_uid", "cmaca_name"]] = out[["cmaca_uid", "cmaca_name"]].fillna("")
    return out, reports
