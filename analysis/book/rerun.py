"""``companion rerun``: rebuild the data and the whole book from new official files, and report what changed.

    companion rerun --raw NEW_RAW --out OUT

1. ``OUT/data``: processed tables built from ``NEW_RAW`` (and the curated case tables);
2. ``OUT/book``: every chapter executed against ``OUT/data`` and the HTML built;
3. ``OUT/results.json``: every glued headline result of the new book;
4. ``OUT/changes.md``: each headline result that differs from the committed book's
   (``book/results.json``), old and new side by side, grouped by chapter, and the
   municipalities that changed cell in the fracture matrix, by name.

The committed data and book are not touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.analyses import matrix
from analysis.data import paths
from analysis.data.load import municipalities as load_municipalities

REFERENCE = paths.REPO / "book" / "results.json"


def compare(old: dict, new: dict) -> pd.DataFrame:
    """Every result whose value differs (or that appears or disappears), with its chapter.

    Parameters
    ----------
    old : dict of str → object
        The committed results (``book/results.json``).
    new : dict of str → object
        The results of the new book (:func:`analysis.book.results.collect`).

    Returns
    -------
    pandas.DataFrame
        ``chapter`` (``ch<N>``), ``result``, ``committed`` and ``new`` (``"—"`` for a
        result missing on one side), sorted by name; empty (same columns) when nothing
        changed. Values are compared exactly, as recorded (already rounded by
        :func:`~analysis.book.results.record`).
    """
    rows = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name, "—"), new.get(name, "—")
        if before != after:
            rows.append({"chapter": name.split(".")[0], "result": name, "committed": before, "new": after})
    return pd.DataFrame(rows, columns=["chapter", "result", "committed", "new"])


def cell_changes(
    old_municipalities: pd.DataFrame,
    new_municipalities: pd.DataFrame,
    specs: tuple[matrix.Spec, ...] = matrix.ALL_SPECS,
) -> pd.DataFrame:
    """Municipal entities whose cell differs between the committed and the new data, per specification.

    Parameters
    ----------
    old_municipalities, new_municipalities : pandas.DataFrame
        The committed and the new municipalities tables (``load.municipalities``), with the
        columns :func:`analysis.analyses.matrix.classify` reads.
    specs : tuple of Spec, default ``matrix.ALL_SPECS``

    Returns
    -------
    pandas.DataFrame
        ``specification`` (its key), ``csd_uid``, ``name``, ``region``, ``committed`` and
        ``new`` (cells; ``"(absent)"`` for an entity in one table only).

    Raises
    ------
    KeyError
        When a column a specification needs is missing.
    """
    rows = []
    for spec in specs:
        before = matrix.classify(old_municipalities, spec).table[["csd_uid", "name", "region_name", "cell"]]
        after = matrix.classify(new_municipalities, spec).table[["csd_uid", "name", "cell"]]
        both = before.merge(after, on="csd_uid", how="outer", suffixes=("_committed", "_new"))
        both["name"] = both["name_new"].fillna(both["name_committed"])
        for column in ("cell_committed", "cell_new"):
            both[column] = both[column].astype("object").fillna("(absent)").astype(str)
        changed = both[both["cell_committed"] != both["cell_new"]]
        for row in changed.itertuples():
            rows.append(
                {
                    "specification": spec.key,
                    "csd_uid": row.csd_uid,
                    "name": row.name,
                    "region": row.region_name if isinstance(row.region_name, str) else "",
                    "committed": row.cell_committed,
                    "new": row.cell_new,
                }
            )
    return pd.DataFrame(rows, columns=["specification", "csd_uid", "name", "region", "committed", "new"])


def _table(frame: pd.DataFrame, columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame[columns].itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


def failed_checks(book: Path) -> pd.DataFrame:
    """Cells that raised when the chapters ran on the new data (mostly the checks behind the prose).

    Parameters
    ----------
    book : pathlib.Path
        The output folder of the new book (holding ``_build/jupyter_execute``).

    Returns
    -------
    pandas.DataFrame
        ``chapter`` (notebook name), ``error`` (``<name>: <value>``, at most 200
        characters) and ``check`` (the first ``assert`` line of the cell, else its first
        line, at most 160 characters).
    """
    rows = []
    for notebook in sorted((Path(book) / "_build" / "jupyter_execute").rglob("*.ipynb")):
        document = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in document.get("cells", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    source = "".join(cell.get("source", ""))
                    checks = [line.strip() for line in source.splitlines() if line.strip().startswith("assert")]
                    rows.append(
                        {
                            "chapter": notebook.stem,
                            "error": f"{output.get('ename')}: {output.get('evalue')}"[:200],
                            "check": (checks[0] if checks else source.splitlines()[0])[:160],
                        }
                    )
    return pd.DataFrame(rows, columns=["chapter", "error", "check"])


def report(differences: pd.DataFrame, cells: pd.DataFrame, raw: Path, failures: pd.DataFrame | None = None) -> str:
    """The change report in Markdown.

    Parameters
    ----------
    differences : pandas.DataFrame
        :func:`compare`.
    cells : pandas.DataFrame
        :func:`cell_changes`.
    raw : pathlib.Path
        The new raw folder (its name is quoted).
    failures : pandas.DataFrame, optional
        :func:`failed_checks`; listed first, as statements of the text that no longer hold.

    Returns
    -------
    str
        The Markdown of ``changes.md``: failed checks, changed results by chapter, and the
        municipalities that changed cell (default specification in full, counts for every
        specification, then the other specifications).
    """
    out = [
        "# What changed with the new data",
        "",
        f"Raw folder: `{raw.name}`. Headline results compared with the committed book (`book/results.json`).",
        "",
    ]
    if failures is not None and not failures.empty:
        out += [
            "## Statements of the text that no longer hold",
            "",
            "These checks guard sentences of the chapters; with the new data they fail, so the prose around "
            "them must be revised before the new book is published.",
            "",
            _table(failures, ["chapter", "check", "error"]),
            "",
        ]
    if differences.empty:
        out += ["No headline result changed.", ""]
    for chapter, group in differences.groupby("chapter", sort=True):
        out += [f"## {chapter}", "", _table(group, ["result", "committed", "new"]), ""]
    out += ["## Municipalities that changed cell in the fracture matrix", ""]
    default = cells[cells["specification"] == matrix.DEFAULT.key]
    if cells.empty:
        out += ["None, under any specification.", ""]
    else:
        out += [f"Under the default specification ({matrix.DEFAULT.key}): {len(default)}.", ""]
        if not default.empty:
            out += [_table(default, ["name", "region", "committed", "new"]), ""]
        counts = cells.groupby("specification").size()
        out += [
            "Under every specification:",
            "",
            _table(counts.rename("municipalities").reset_index(), ["specification", "municipalities"]),
            "",
        ]
        others = cells[cells["specification"] != matrix.DEFAULT.key]
        if not others.empty:
            out += [
                "Changes under the other specifications:",
                "",
                _table(others, ["specification", "name", "committed", "new"]),
                "",
            ]
    return "\n".join(out) + "\n"


def _build_book(data: Path, out: Path, progress: Callable[[str], None]) -> None:
    env = dict(os.environ, COMPANION_DATA=str(data.resolve()), COMPANION_STUDENT="0", COMPANION_RERUN="1")
    command = [
        sys.executable,
        "-c",
        "from analysis.book.build import build_book; import sys; sys.exit(build_book(out=sys.argv[1]))",
        str(out),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=paths.REPO
    )
    log = []
    for line in process.stdout:
        log.append(line)
        if "Executing notebook" in line or "Cached executed notebook" in line:
            chapter = Path(line.split(":")[0]).stem
            progress(f"      chapter {chapter}: {'executing' if 'Executing' in line else 'from cache'}")
    if process.wait() != 0:
        tail = "".join(log[-40:])
        raise RuntimeError(f"the book did not build against the new data:\n{tail}")


def rerun(raw: Path, out: Path, progress: Callable[[str], None] = print) -> Path:
    """Run the whole rerun; returns the path of ``changes.md``.

    Builds ``OUT/data`` from ``raw`` (with the committed case tables), executes and builds
    the book against it in ``OUT/book``, writes ``OUT/results.json`` and ``OUT/changes.md``.
    The committed data and book are not touched.

    Parameters
    ----------
    raw : pathlib.Path
        The folder of new official files.
    out : pathlib.Path
        The output folder.
    progress : callable (str → None), default ``print``
        Receives the progress lines.

    Returns
    -------
    pathlib.Path
        ``OUT/changes.md``.

    Raises
    ------
    InputError
        When a raw file is missing or bad (:func:`analysis.data.pipeline.build.build`).
    RuntimeError
        When the book does not build against the new data.
    DataError
        When the committed or the new municipalities table does not match its schema.
    """
    from analysis.book.results import collect
    from analysis.data.pipeline.build import build

    out = Path(out)
    data = out / "data"
    progress(f"[1/4] building the data tables from {raw}")
    build(
        Path(raw), data / "processed", log=lambda line: progress(f"      {line}") if line.startswith("  read") else None
    )
    shutil.copytree(paths.case_dir(), data / "case", dirs_exist_ok=True)
    progress("[2/4] executing the chapters and building the book")
    _build_book(data, out / "book", progress)
    progress("[3/4] collecting the headline results")
    new = collect(out / "book")
    (out / "results.json").write_text(json.dumps(new, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    progress("[4/4] comparing with the committed book")
    old = json.loads(REFERENCE.read_text(encoding="utf-8")) if REFERENCE.exists() else {}
    cells = cell_changes(load_municipalities(paths.data_dir()), load_municipalities(data))
    failures = failed_checks(out / "book")
    text = report(compare(old, new), cells, Path(raw), failures)
    text = with_vintages(text, vintage_changes(_build_report(paths.processed_dir()), _build_report(data / "processed")))
    target = out / "changes.md"
    target.write_text(text, encoding="utf-8")
    progress(
        f"wrote {target} ({len(compare(old, new))} results changed; "
        f"{int((cells['specification'] == matrix.DEFAULT.key).sum())} municipalities changed cell; "
        f"{len(failures)} statements of the text no longer hold)"
    )
    return target


# -------------------------------------------------------------------------------------
# Vintages: which official files and editions the new data comes from, against the
# committed data (from the two build reports). Kept in this section on purpose.


def _build_report(processed: Path) -> dict:
    path = Path(processed) / "build_report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


FAMILIES = {
    "mamh_register": "MAMH, Répertoire des municipalités (register exports)",
    "remoteness": "StatCan, Index of Remoteness (17-26-0001)",
    "cwb": "ISC, Community Well-Being Index",
    "census": "StatCan, Census Profile (indicators, commuting, age)",
    "census_divisions": "StatCan, census divisions (98-10-0007-01)",
    "sac": "StatCan, Statistical Area Classification",
    "lode": "StatCan, LODE rural viewer",
    "odcaf": "StatCan, ODCAF cultural facilities",
    "sda": "MRNF, Découpages administratifs (SDA)",
    "cd_boundaries": "StatCan, census-division boundaries",
}
"""Source families of the build report (a source key without its year) and how the report names them."""


def _family(key: str) -> str:
    return re.sub(r"_\d{4}$", "", key)


def _files_by_source(build_report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for entry in build_report.get("files_read", []):
        key = _family(entry.get("source") or "") or Path(entry.get("file", "")).name
        out.setdefault(key, []).append(entry)
    return out


def vintage_changes(committed: dict, new: dict) -> pd.DataFrame:
    """Source by source, the vintages and files of the committed data and of the new data, and what changed.

    Sources are grouped by family (``remoteness_2016`` and ``remoteness_2021`` are the
    Index of Remoteness), so that a file replaced by a newer edition reads as a new
    vintage of the same source.

    Parameters
    ----------
    committed, new : dict
        The two build reports (``processed/build_report.json`` of the committed data and
        of the rerun's data): their ``files_read`` entries (``file``, ``source``,
        ``vintage``, ``sha256``).

    Returns
    -------
    pandas.DataFrame
        One row per source family, sorted: ``source`` (its name in :data:`FAMILIES`, else
        the key), ``committed`` and ``new`` (the vintages read, ``"—"`` when the
        source was not read), ``change`` (``new vintage``, ``same vintage, other file``
        (a corrected or edited file), ``added``, ``not given`` or ``unchanged``) and
        ``files`` (the new files, or the committed ones when the source is no longer given).
    """
    before, after = _files_by_source(committed), _files_by_source(new)

    def vintages(entries: list[dict]) -> str:
        return ", ".join(sorted({e.get("vintage") or "?" for e in entries})) if entries else "—"

    rows = []
    for key in sorted(set(before) | set(after)):
        old, now = before.get(key, []), after.get(key, [])
        if not old:
            change = "added"
        elif not now:
            change = "not given"
        elif vintages(old) != vintages(now):
            change = "new vintage"
        elif {e.get("sha256") for e in old} != {e.get("sha256") for e in now}:
            change = "same vintage, other file"
        else:
            change = "unchanged"
        rows.append(
            {
                "source": FAMILIES.get(key, key),
                "committed": vintages(old),
                "new": vintages(now),
                "change": change,
                "files": ", ".join(sorted(e.get("file", "") for e in (now or old))),
            }
        )
    return pd.DataFrame(rows, columns=["source", "committed", "new", "change", "files"])


def _cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def vintage_section(changes: pd.DataFrame) -> str:
    """The Markdown section of ``changes.md`` on the sources whose vintage or file changed.

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`vintage_changes`.

    Returns
    -------
    str
        ``## Sources and vintages``: a table of every source that changed (new vintage,
        other file, added, not given), or a sentence saying that the new data comes from
        the same files as the committed data.
    """
    changed = changes[changes["change"] != "unchanged"]
    lines = ["## Sources and vintages", ""]
    if changed.empty:
        lines += ["The new data comes from the same official files, of the same vintages, as the committed data.", ""]
        return "\n".join(lines)
    lines += [
        f"{len(changed)} of {len(changes)} sources differ from those of the committed data "
        f"({int((changed['change'] == 'new vintage').sum())} with a new vintage):",
        "",
        "| source | committed | new | change | files read |",
        "|---|---|---|---|---|",
    ]
    for row in changed.itertuples(index=False):
        lines.append(
            f"| {_cell(row.source)} | {_cell(row.committed)} | {_cell(row.new)} | {_cell(row.change)} | {_cell(row.files)} |"
        )
    return "\n".join([*lines, ""])


def with_vintages(text: str, changes: pd.DataFrame) -> str:
    """``changes.md`` with the vintage section inserted after its opening paragraph.

    Parameters
    ----------
    text : str
        The report of :func:`report`.
    changes : pandas.DataFrame
        :func:`vintage_changes`.

    Returns
    -------
    str
    """
    parts = text.split("\n\n", 2)
    if len(parts) < 3:
        return text.rstrip("\n") + "\n\n" + vintage_section(changes)
    title, opening, rest = parts
    return f"{title}\n\n{opening}\n\n{vintage_section(changes)}\n{rest}"
