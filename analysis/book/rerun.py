"""``companion rerun``: rebuild the data and the whole book from new official files, and report what changed.

    companion rerun --raw NEW_RAW --out OUT

1. ``OUT/data``: processed tables built from ``NEW_RAW`` (and the curated case tables);
2. ``OUT/book``: every chapter executed against ``OUT/data`` and the HTML built;
3. ``OUT/results.json``: every glued headline result of the new book;
4. ``OUT/changes.md``: each headline result that differs from the committed book's
   (``book/results.json``), old and new side by side, grouped by chapter, and the
   municipalities that changed cell in the fracture matrix, by name.

A chapter that fails on the new data does not stop the rerun: its cells run on (the build
allows errors, :mod:`analysis.book.ext.rerun_mode`), every result it could not compute is
recorded as missing ("not available in these data") in ``results.json`` and
``changes.md``, and the report names each failing line with its message. Even when the
book does not build, ``results.json`` and ``changes.md`` are written from what was
executed, and the relevant lines of the build log are reported.

Every text from the data in ``changes.md`` is escaped for Markdown
(:mod:`analysis.figures.escape`), so the report stays valid whatever a name holds.
The committed data and book are not touched.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.analyses import communities, matrix, multiverse
from analysis.book.ext.rerun_mode import MISSING_TEXT, NOT_AVAILABLE
from analysis.data import paths
from analysis.data.load import municipalities as load_municipalities
from analysis.figures.escape import markdown_code, markdown_fence, markdown_text

REFERENCE = paths.REPO / "book" / "results.json"
NEW_RESULT = "(not in the committed book)"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_FRAME = re.compile(r"^Cell In\[\d+\], line (\d+)")
_FILE_FRAME = re.compile(r"^File (.+?):(\d+)(?:, in (.+))?$")


def missing(value: object) -> bool:
    """Whether a collected result stands for "could not be computed".

    Parameters
    ----------
    value : object
        A value of ``results.json`` or of :func:`analysis.book.results.collect`.

    Returns
    -------
    bool
        True for ``None``, a float NaN, and the text forms ``"nan"``, ``"NaN"``,
        ``"<NA>"`` and ``"NaT"`` that a glued missing value takes.
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value in MISSING_TEXT


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
        ``chapter`` (``ch<N>``), ``result``, ``committed`` and ``new`` (``None`` for a
        result absent or missing on one side, see :func:`missing`), sorted by name; empty
        (same columns) when nothing changed. Values are compared exactly, as recorded
        (already rounded by :func:`~analysis.book.results.record`).
    """
    rows = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        before, after = (None if missing(v) else v for v in (before, after))
        if before != after:
            rows.append({"chapter": name.split(".")[0], "result": name, "committed": before, "new": after})
    return pd.DataFrame(rows, columns=["chapter", "result", "committed", "new"], dtype=object)


def new_results(collected: dict, committed: dict) -> dict:
    """The results of the new book for ``results.json``: every committed name, ``None`` where not computed.

    Parameters
    ----------
    collected : dict of str → object
        :func:`analysis.book.results.collect` on the new book.
    committed : dict of str → object
        ``book/results.json``.

    Returns
    -------
    dict of str → object
        Sorted by name; a committed result the new book did not glue, or glued as a
        missing value (:func:`missing`), is ``None`` (JSON ``null``).
    """
    merged = {name: None for name in committed} | {
        name: None if missing(value) else value for name, value in collected.items()
    }
    return dict(sorted(merged.items()))


def cell_changes(
    old_municipalities: pd.DataFrame,
    new_municipalities: pd.DataFrame,
    specs: tuple[matrix.Specification, ...] | None = None,
) -> pd.DataFrame:
    """Municipalities whose cell differs between the committed and the new data, per specification.

    Each table is placed against its own cuts, computed on its own reference sample (the
    inhabited municipalities, :func:`analysis.analyses.communities.reference_sample`), as
    chapter 4 does; a place at a cut, unclassified, or in one table's reference sample only
    counts as a change when its group differs.

    Parameters
    ----------
    old_municipalities, new_municipalities : pandas.DataFrame
        The committed and the new municipalities tables (``load.municipalities``), with the
        columns :func:`analysis.analyses.matrix.assign` reads.
    specs : tuple of Specification, optional
        Default: the multiverse over places (:func:`analysis.analyses.multiverse.specifications`
        of the new table: every centrality definition × every connection measure present,
        plain median cuts), the default specification first.

    Returns
    -------
    pandas.DataFrame
        ``specification`` (its key), ``csd_uid``, ``name``, ``region``, ``committed`` and
        ``new`` (groups; ``"(absent)"`` for a place in one reference sample only).

    Raises
    ------
    KeyError
        When a column a specification needs is missing.
    """
    if specs is None:
        specs = multiverse.specifications(new_municipalities)
        specs = (matrix.DEFAULT_SPECIFICATION, *(s for s in specs if s != matrix.DEFAULT_SPECIFICATION))
    columns = ["csd_uid", "name", "region_name", "cell"]
    rows = []
    for spec in specs:
        tables = []
        for frame in (old_municipalities, new_municipalities):
            t = matrix.assign(frame, spec, communities.reference_sample(frame)).table
            tables.append(t.loc[t["reference"], columns])
        both = tables[0].merge(tables[1], on="csd_uid", how="outer", suffixes=("_committed", "_new"))
        both["name"] = both["name_new"].fillna(both["name_committed"])
        both["region_name"] = both["region_name_new"].fillna(both["region_name_committed"])
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


def _table(frame: pd.DataFrame, columns: list[str], code: tuple[str, ...] = ()) -> str:
    """A GFM table of ``columns``; every cell escaped (``code`` columns as inline code)."""

    def cell(column: str, value: object) -> str:
        text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        return markdown_code(text, in_table=True) if column in code and text else markdown_text(text, line_start=False)

    lines = ["| " + " | ".join(markdown_text(c, line_start=False) for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in frame[columns].itertuples(index=False):
        lines.append("| " + " | ".join(cell(c, v) for c, v in zip(columns, row)) + " |")
    return "\n".join(lines)


def _failing_statement(source: str, line: int) -> str:
    """The whole statement of ``source`` that holds line ``line`` (1-based), on one line."""
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): keep the line alone
        return text.strip()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            if isinstance(
                node,
                (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.With, ast.Try),
            ):
                continue  # a block: look for the statement inside it
            segment = ast.get_source_segment(source, node) or text
            return " ".join(segment.split())
    return text.strip()


def _failure(cell_source: str, output: dict) -> dict:
    """The failing statement, its message and the package file that raised, from one error output."""
    frames = [_ANSI.sub("", line) for entry in output.get("traceback", []) for line in entry.splitlines()]
    numbers = [int(m.group(1)) for m in map(_CELL_FRAME.match, frames) if m]
    statement = _failing_statement(cell_source, numbers[0]) if numbers else ""
    if not statement:
        lines = [line.strip() for line in cell_source.splitlines() if line.strip()]
        statement = lines[0] if lines else ""
    name, value = output.get("ename") or "Error", (output.get("evalue") or "").strip()
    if not value:
        value = "the condition on this line is false" if name == "AssertionError" else "(no message)"
    raised = ""
    package = str(paths.REPO / "analysis")
    for match in map(_FILE_FRAME.match, frames):
        if match and match.group(1).startswith(package):
            raised = f"{Path(match.group(1)).relative_to(paths.REPO).as_posix()}, line {match.group(2)}"
    error = f"{name}: {value}" + (f" (raised in {raised})" if raised else "")
    return {"check": statement[:300], "error": " ".join(error.split())[:400]}


def failed_checks(book: Path) -> pd.DataFrame:
    """Cells that raised when the chapters ran on the new data (mostly the checks behind the prose).

    Parameters
    ----------
    book : pathlib.Path
        The output folder of the new book (holding ``_build/jupyter_execute``).

    Returns
    -------
    pandas.DataFrame
        ``chapter`` (notebook name), ``check`` (the statement that raised: the line the
        traceback names in the cell, the whole statement when it spans several lines, at
        most 300 characters) and ``error`` (``<name>: <message>``, with "the condition
        on this line is false" for an assertion without a message, and the file of the
        package that raised when there is one; at most 400 characters). One row per
        failing cell, in the order of the chapters and their cells.
    """
    rows = []
    for notebook in sorted((Path(book) / "_build" / "jupyter_execute").rglob("*.ipynb")):
        document = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in document.get("cells", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    source = "".join(cell.get("source", ""))
                    rows.append({"chapter": notebook.stem, **_failure(source, output)})
    return pd.DataFrame(rows, columns=["chapter", "check", "error"])


def chapter_warnings(book: Path) -> pd.DataFrame:
    """Warnings the chapters printed (their ``stderr``) when they ran on the new data.

    Parameters
    ----------
    book : pathlib.Path
        The output folder of the new book (holding ``_build/jupyter_execute``).

    Returns
    -------
    pandas.DataFrame
        ``chapter`` and ``warning`` (one distinct non-empty line of ``stderr`` per row, at
        most 300 characters).
    """
    rows = []
    for notebook in sorted((Path(book) / "_build" / "jupyter_execute").rglob("*.ipynb")):
        document = json.loads(notebook.read_text(encoding="utf-8"))
        seen = set()
        for cell in document.get("cells", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    for line in "".join(output.get("text", "")).splitlines():
                        line = _ANSI.sub("", line).strip()
                        if line and line not in seen:
                            seen.add(line)
                            rows.append({"chapter": notebook.stem, "warning": line[:300]})
    return pd.DataFrame(rows, columns=["chapter", "warning"])


@dataclass
class BuildOutcome:
    """How the build of the new book went.

    Attributes
    ----------
    ok : bool
        The HTML book was built without error.
    problems : list of str
        The relevant lines of the build log (errors, warnings, tracebacks) when it was not.
    """

    ok: bool = True
    problems: list[str] = field(default_factory=list)


_PROBLEM = re.compile(r"(ERROR|CRITICAL|WARNING|Error|Exception|Traceback|failed|Failed)")


def log_problems(log: list[str], limit: int = 80) -> list[str]:
    """The lines of a build log that say what went wrong, not merely its last lines.

    Parameters
    ----------
    log : list of str
        The build's output, line by line.
    limit : int, default 80
        At most this many lines are returned (the first ones).

    Returns
    -------
    list of str
        Each line that reports an error, a warning or an exception, with the lines of every
        Python traceback up to its final exception line, in log order, without repeats and
        without terminal colour codes (the kernel's own start-up notices left out); the last
        20 lines of the log when no line matches.
    """
    lines = [_ANSI.sub("", line).rstrip() for line in log if not line.startswith("[IPKernelApp]")]
    kept: list[str] = []
    in_traceback = False
    for line in lines:
        if line.startswith("Traceback"):
            in_traceback = True
        if (in_traceback or _PROBLEM.search(line)) and line and line not in kept:
            kept.append(line)
        if in_traceback and line and not line.startswith((" ", "Traceback")):
            in_traceback = False  # the final "SomeError: message" line
    if not kept:
        kept = [line for line in lines if line][-20:]
    return kept[:limit]


def _value(value: object, absent: str) -> str:
    return absent if value is None else str(value)


def report(
    differences: pd.DataFrame,
    cells: pd.DataFrame,
    raw: Path,
    failures: pd.DataFrame | None = None,
    *,
    build: BuildOutcome | None = None,
    warnings: pd.DataFrame | None = None,
) -> str:
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
    build : BuildOutcome, optional
        When the book did not build, its problems are listed before everything else.
    warnings : pandas.DataFrame, optional
        :func:`chapter_warnings`, listed after the results.

    Returns
    -------
    str
        The Markdown of ``changes.md``: build problems, failed checks (the failing line
        and its message), changed results by chapter (a result that could not be computed
        reads "not available in these data"), the municipalities that changed cell
        (default specification in full, counts for every specification, then the other
        specifications) and the warnings the chapters printed. Every text is escaped for
        Markdown, so each table stays one row per entry whatever the names hold.
    """
    out = [
        "# What changed with the new data",
        "",
        f"Raw folder: {markdown_code(raw.name)}. Headline results compared with the committed book "
        "(`book/results.json`).",
        "",
    ]
    if build is not None and not build.ok:
        out += [
            "## The book did not build",
            "",
            "The results below come from the chapters that ran. What the build reported:",
            "",
            markdown_fence("\n".join(build.problems)),
            "",
        ]
    if failures is not None and not failures.empty:
        out += [
            "## Statements of the text that no longer hold",
            "",
            "These checks guard sentences of the chapters; with the new data they fail, so the prose around "
            "them must be revised before the new book is published. Each row gives the statement that failed "
            "and its message.",
            "",
            _table(failures, ["chapter", "check", "error"], code=("check",)),
            "",
        ]
    unavailable = int(differences["new"].isna().sum()) if not differences.empty else 0
    if unavailable:
        out += [
            f"{unavailable} headline result{'s' if unavailable > 1 else ''} could not be computed from these data: "
            f"they read *{NOT_AVAILABLE}* below and in the new book.",
            "",
        ]
    if differences.empty:
        out += ["No headline result changed.", ""]
    for chapter, group in differences.groupby("chapter", sort=True):
        shown = group.assign(
            committed=group["committed"].map(lambda v: _value(v, NEW_RESULT)),
            new=group["new"].map(lambda v: _value(v, NOT_AVAILABLE)),
        )
        out += [f"## {markdown_text(chapter)}", "", _table(shown, ["result", "committed", "new"], code=("result",)), ""]
    out += ["## Municipalities that changed cell in the fracture matrix", ""]
    default = cells[cells["specification"] == matrix.DEFAULT_SPECIFICATION.key]
    if cells.empty:
        out += ["None, under any specification.", ""]
    else:
        out += [
            f"Under the default specification ({markdown_text(matrix.DEFAULT_SPECIFICATION.key)}): {len(default)}.",
            "",
        ]
        if not default.empty:
            out += [_table(default, ["name", "region", "committed", "new"]), ""]
        counts = cells.groupby("specification").size()
        out += [
            "Under every specification:",
            "",
            _table(counts.rename("municipalities").reset_index(), ["specification", "municipalities"]),
            "",
        ]
        others = cells[cells["specification"] != matrix.DEFAULT_SPECIFICATION.key]
        if not others.empty:
            out += [
                "Changes under the other specifications:",
                "",
                _table(others, ["specification", "name", "committed", "new"]),
                "",
            ]
    if warnings is not None and not warnings.empty:
        out += [
            "## Warnings printed by the chapters",
            "",
            _table(warnings, ["chapter", "warning"], code=("warning",)),
            "",
        ]
    return "\n".join(out) + "\n"


def _build_book(data: Path, out: Path, progress: Callable[[str], None]) -> BuildOutcome:
    """Execute and build the book against ``data`` into ``out``; never raises for a failing chapter."""
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
        return BuildOutcome(ok=False, problems=log_problems(log))
    return BuildOutcome()


def rerun(raw: Path, out: Path, progress: Callable[[str], None] = print) -> Path:
    """Run the whole rerun; returns the path of ``changes.md``.

    Builds ``OUT/data`` from ``raw`` (with the committed case tables), executes and builds
    the book against it in ``OUT/book``, writes ``OUT/results.json`` and ``OUT/changes.md``.
    A chapter that fails does not stop it: the results it could not compute are recorded
    as missing and its failing lines are reported. The committed data and book are not
    touched.

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
    BookBuildError
        When the book did not build (raised after ``results.json`` and ``changes.md``
        were written; its message holds the relevant lines of the build log).
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
    outcome = _build_book(data, out / "book", progress)
    progress("[3/4] collecting the headline results")
    old = json.loads(REFERENCE.read_text(encoding="utf-8")) if REFERENCE.exists() else {}
    new = new_results(collect(out / "book"), old)
    (out / "results.json").write_text(json.dumps(new, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    progress("[4/4] comparing with the committed book")
    cells = cell_changes(load_municipalities(paths.data_dir()), load_municipalities(data))
    failures = failed_checks(out / "book")
    differences = compare(old, new)
    text = report(differences, cells, Path(raw), failures, build=outcome, warnings=chapter_warnings(out / "book"))
    text = with_vintages(text, vintage_changes(_build_report(paths.processed_dir()), _build_report(data / "processed")))
    target = out / "changes.md"
    target.write_text(text, encoding="utf-8")
    unavailable = int(differences["new"].isna().sum()) if not differences.empty else 0
    progress(
        f"wrote {target} ({len(differences)} results changed, {unavailable} not available in these data; "
        f"{int((cells['specification'] == matrix.DEFAULT_SPECIFICATION.key).sum())} municipalities changed cell; "
        f"{len(failures)} statements of the text no longer hold)"
    )
    for row in failures.itertuples(index=False):
        progress(f"      {row.chapter}: {row.check}  ->  {row.error}")
    if not outcome.ok:
        raise BookBuildError(target, outcome.problems)
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


class BookBuildError(RuntimeError):
    """The new book did not build; ``results.json`` and ``changes.md`` were written all the same.

    Parameters
    ----------
    report : pathlib.Path
        The ``changes.md`` that was written.
    problems : list of str
        The relevant lines of the build log (:func:`log_problems`).
    """

    def __init__(self, report: Path, problems: list[str]):
        self.report = Path(report)
        self.problems = list(problems)
        lines = "\n".join(f"  {line}" for line in self.problems)
        super().__init__(f"the book did not build against the new data (the report is in {self.report}):\n{lines}")
