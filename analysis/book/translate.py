"""``companion translate``: the catalogs of the French edition, kept in step with the English source.

The authors' workflow (README, "The French edition"):

1. write or change the English (pages, chapters, strings of :mod:`analysis.figures`);
2. ``companion translate update``: extracts every message and updates the catalogs
   under ``locales/fr/LC_MESSAGES/`` — new messages arrive untranslated, a message whose
   English changed keeps its old French marked *fuzzy* (to review), messages that are
   gone are dropped;
3. translate in the ``.po`` files (any PO editor: Poedit, Lokalize, a text editor), and
   remove the ``#, fuzzy`` flag of each reviewed message;
4. ``companion translate stats`` counts the messages, translated and fuzzy, per catalog;
   ``companion book --lang fr`` builds the French edition.

What ``update`` does, with the ecosystem's tools:

* the **pages** (Markdown and the Markdown cells of the notebooks, parsed by myst-nb):
  Sphinx's ``gettext`` builder writes one template per page into ``_build/gettext/``
  (``gettext_compact: false``; the chapters are not executed for this: their outputs are
  made in Python);
* the **strings made in Python**: Babel extracts every ``_()``, ``N_()`` and
  ``ngettext()`` of the package (:data:`PYTHON_SOURCES`) and of the chapters' code cells
  (:func:`notebook_messages`), plus the labels of categories that the analyses put in
  their tables and the figures show (:data:`DATA_LABELS`), into ``_build/gettext/companion.pot``;
* ``sphinx-intl update`` merges every template into its catalog (Babel's update with
  fuzzy matching: the GNU ``msgmerge`` behaviour).

``companion translate mark`` helps wrap the strings of a chapter's code cells (captions,
column labels, notes) in ``_()`` (:func:`mark_source`).
"""

from __future__ import annotations

import ast
import importlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis import i18n
from analysis.data import paths
from analysis.data.schemas import CASE_TEXT

KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
"""The marking functions Babel looks for (:mod:`analysis.i18n`)."""
PYTHON_SOURCES = ("analysis/figures", "analysis/book", "analysis/formats.py")
"""The package code whose strings readers see (relative to the repository)."""
DATA_LABELS = (
    ("analysis.vocabulary", "SAC_CLASSES"),
    ("analysis.vocabulary", "UNCLASSIFIED"),
    ("analysis.analyses.debate", "COLUMN_LABELS"),
    ("analysis.analyses.debate", "CENTRE_PERIPHERY"),
    ("analysis.analyses.debate", "QUARTILES"),
    ("analysis.analyses.debate", "LOWEST_FIFTH"),
    ("analysis.analyses.debate", "REST"),
    ("analysis.analyses.connection", "MEASURES"),
    ("analysis.analyses.connection", "PREDICTORS"),
    ("analysis.analyses.connection", "MISSING_LABELS"),
    ("analysis.analyses.connection", "RESIDUAL_CLASSES"),
    ("analysis.analyses.communities", "INDIGENOUS"),
    ("analysis.analyses.communities", "MUNICIPALITIES"),
    ("analysis.analyses.centrality", "DEFINITIONS", "label"),
    ("analysis.analyses.connection_measures", "DEFINITIONS", "label"),
    ("analysis.analyses.cuts", "CUT_RULES"),
    ("analysis.analyses.cuts", "TIE_RULES"),
    ("analysis.analyses.matrix", "MATRIX_COLUMNS"),
    ("analysis.analyses.matrix", "MATRIX_ROWS"),
    ("analysis.vocabulary", "AT_CUT"),
    ("analysis.analyses.network", "SHORT_LABELS"),
    ("analysis.analyses.case.demography", "KIND_LABELS"),
    ("analysis.analyses.case.demography", "SERIES_LABELS"),
    ("analysis.analyses.case.geography", "REFERENCES"),
    ("analysis.analyses.case.geography", "SAME_MRC"),
    ("analysis.analyses.case.comparison", "OUTCOMES"),
    ("analysis.analyses.conditions", "BEFORE"),
    ("analysis.analyses.conditions", "UNDATED"),
    ("analysis.analyses.conditions", "CONCORDANCE_STATUS"),
    ("analysis.analyses.conditions", "NO_CARRIER"),
    ("analysis.analyses.conditions", "NO_CONDITION"),
    ("analysis.analyses.conditions", "YEAR_BASES"),
    ("analysis.analyses.conditions", "MILESTONES"),
    ("analysis.analyses.conditions", "CONDITIONS", "short"),
    ("analysis.analyses.conditions", "CONDITIONS", "wording"),
    ("analysis.analyses.conditions", "CONDITIONS", "evidence"),
    ("analysis.analyses.conditions", "CONDITIONS", "coding"),
    ("analysis.analyses.conditions", "_CONCORDANCE", 1),
    ("analysis.analyses.conditions", "_CONCORDANCE", 2),
    ("analysis.analyses.conditions", "_CONCORDANCE", 3),
    ("analysis.analyses.connection_measures", "DEFINITIONS", "kind"),
    ("analysis.analyses.communities", "ALL_ENTITIES"),
    ("analysis.analyses.sample", "TOTAL_LEFT_OUT"),
    ("analysis.analyses.scale", "PARTS"),
    ("analysis.analyses.communities", "REGIMES", 1),
    ("analysis.analyses.communities", "OTHER_REGIME"),
    ("analysis.analyses.communities", "MUNICIPAL_REGIME"),
    ("analysis.analyses.sample", "UNINHABITED"),
    ("analysis.analyses.scale", "UNITS"),
    ("analysis.data.sources", "SOURCES", "short"),
    ("analysis.analyses.plural_economy", "ALL"),
    ("analysis.analyses.scale", "ALL"),
    ("analysis.analyses.trajectory", "LINKS"),
    ("analysis.analyses.conditions", "SECTORS"),
    ("analysis.analyses.case.comparison", "RURAL_ONLY"),
    ("analysis.analyses.case.comparison", "NO_REMOTENESS"),
)
"""Labels of categories that the analyses write into their tables and the figures show
(``module``, ``attribute``: a string, or a tuple, list or dict of strings whose values are
the labels; or ``module``, ``attribute``, ``field``: the ``field`` of each object of a
tuple, list or dict, an attribute name or, for a tuple of tuples, a position). Missing one shows up in the French build: a label the figures translate with
``_()`` and the catalog lacks is reported (:mod:`analysis.i18n`)."""
CHAPTERS = "book/chapters"
GETTEXT = "_build/gettext"
"""Where the message templates (``.pot``) are written, relative to the repository."""
MARKED_CALLS = {
    "Column": {1: "label", "label": "label"},
    "Caption": {"title": "title", "note": "note", "alt": "alt", "heading": "heading"},
    "table": {"caption": "caption", "note": "note", "missing": "missing"},
    "figure": {},
}
"""Arguments of chapter calls whose strings readers see: position or keyword → what they are."""


@dataclass(frozen=True)
class Statistics:
    """Counts of one catalog.

    Attributes
    ----------
    catalog : str
        Path relative to ``locales/<language>/LC_MESSAGES`` without ``.po``.
    messages, translated, fuzzy, untranslated : int
    """

    catalog: str
    messages: int
    translated: int
    fuzzy: int
    untranslated: int


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(paths.REPO).as_posix()
    except ValueError:
        return path.as_posix()


def python_messages(sources: Iterable[str] = PYTHON_SOURCES, repo: Path = paths.REPO) -> Iterator[tuple]:
    """Messages marked in the package's code.

    Parameters
    ----------
    sources : iterable of str
        Files or folders relative to ``repo``.
    repo : pathlib.Path

    Yields
    ------
    (str, str or tuple, list of str)
        File (relative to ``repo``), message (a tuple for ``ngettext``), translator comments.
    """
    from babel.messages.extract import extract_from_file

    for item in sources:
        target = repo / item
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            for _line, message, comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
            ):
                yield path.relative_to(repo).as_posix(), message, comments


def notebook_messages(notebook: Path) -> Iterator[tuple]:
    """Messages marked in the code cells of a notebook (``_("…")`` of a chapter's captions and labels).

    Parameters
    ----------
    notebook : pathlib.Path

    Yields
    ------
    (str, str or tuple, list of str)
        ``<notebook>#cell-<n>``, message, translator comments.
    """
    from babel.messages.extract import extract

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for _line, message, comments, _context in extract(
            "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            yield f"{_relative(notebook)}#cell-{number}", message, comments


def _label_values(value, field: str | int | None = None) -> list[str]:
    if field is not None:
        items = value.values() if isinstance(value, dict) else value
        return [item[field] if isinstance(field, int) else getattr(item, field) for item in items]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, tuple | list):
        return [v for v in value if isinstance(v, str)]
    raise TypeError(f"a data label is a string or a collection of strings, not {type(value).__name__}")


def data_label_messages(labels: Iterable[tuple[str, ...]] = DATA_LABELS) -> Iterator[tuple]:
    """The labels of categories the analyses define (:data:`DATA_LABELS`).

    Yields
    ------
    (str, str, list of str)
        ``module.attribute``, label, a comment saying where the label comes from.
    """
    for module, attribute, *field in labels:
        value = getattr(importlib.import_module(module), attribute)
        where = ".".join([module, attribute, *map(str, field)])
        for label in _label_values(value, *field):
            yield where, label, [f"data label: {where}"]


def companion_template(repo: Path = paths.REPO):
    """The template of ``companion.po``: every message of the package, the chapters' code cells, the data labels
    and the texts the book wrote in its bibliography (:func:`analysis.book.ext.references.book_field_messages`).

    Parameters
    ----------
    repo : pathlib.Path

    Returns
    -------
    babel.messages.catalog.Catalog
    """
    from babel.messages.catalog import Catalog

    from analysis.book.ext.references import BIBLIOGRAPHY, book_field_messages

    catalog = Catalog(project="Connection, not proximity", domain=i18n.DOMAIN, charset="utf-8", fuzzy=False)
    sources = [
        python_messages(repo=repo),
        *(notebook_messages(nb) for nb in sorted((repo / CHAPTERS).glob("*.ipynb"))),
        data_label_messages(),
        book_field_messages(repo / BIBLIOGRAPHY),
    ]
    for source in sources:
        for location, message, comments in source:
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            catalog.add(message, locations=[(location, None)], auto_comments=comments)
    return catalog


def data_template():
    """The template of ``data.po``: every text the appendix *Data and licences* can show.

    The messages are those :func:`analysis.book.ext.datapackage.render` asks for while it
    renders a specimen descriptor with every kind of table and field
    (:func:`analysis.book.ext.datapackage.messages`): the titles and descriptions of the
    schemas (:mod:`analysis.data.schemas`), the sources' titles, vintages, licences and
    attributions (:mod:`analysis.data.sources`), and the page's own words.

    Returns
    -------
    babel.messages.catalog.Catalog
    """
    from babel.messages.catalog import Catalog

    from analysis.book.ext import datapackage

    catalog = Catalog(project="Connection, not proximity", domain=i18n.DATA_DOMAIN, charset="utf-8", fuzzy=False)
    for message in datapackage.messages():
        catalog.add(message, locations=[("data/datapackage.json", None)])
    return _not_printf(catalog)


def _not_printf(catalog):
    """Mark messages that only look like printf formats (``25 % sample``) ``no-python-format``, for ``msgfmt --check-format``."""
    for message in catalog:
        if message.id and "python-format" in message.flags:
            message.flags.discard("python-format")
            message.flags.add("no-python-format")
    return catalog


def case_template(data: Path | None = None):
    """The template of ``case.po``: every text of the case tables' free-text columns (:data:`CASE_TEXT`).

    Parameters
    ----------
    data : pathlib.Path, optional
        The data folder (default :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    babel.messages.catalog.Catalog
        One message per distinct text, located at its table, with a comment naming the
        column and the rows that hold it; first, the messages of :data:`CASE_COMPOSITIONS`.
    """
    from babel.messages.catalog import Catalog

    from analysis.data.tableschema import read_text_csv

    folder = paths.data_dir(data) / "case"
    catalog = Catalog(project="Connection, not proximity", domain=i18n.CASE_DOMAIN, charset="utf-8", fuzzy=False)
    for module, attribute in CASE_COMPOSITIONS:
        catalog.add(getattr(importlib.import_module(module), attribute), auto_comments=[f"{module}.{attribute}"])
    for name, columns in CASE_TEXT.items():
        frame = read_text_csv(folder / f"{name}.csv")
        key = frame.columns[0]
        for column in columns:
            for text, rows in frame.groupby(column, sort=False)[key]:
                if not text.strip():
                    continue
                where = f"{column}: {', '.join(rows)}"
                if text in catalog:
                    catalog[text].auto_comments.append(f"{name}.{where}")
                    if (f"data/case/{name}.csv", None) not in catalog[text].locations:
                        catalog[text].locations.append((f"data/case/{name}.csv", None))
                else:
                    catalog.add(text, locations=[(f"data/case/{name}.csv", None)], auto_comments=[f"{name}.{where}"])
    return _not_printf(catalog)


CASE_COMPOSITIONS = (("analysis.analyses.conditions", "PROGRAMME_USED"),)
"""Messages with which an analysis joins several texts of a case table (an :class:`analysis.i18n.Composed`)."""

TEMPLATES = {i18n.DOMAIN: companion_template, i18n.DATA_DOMAIN: data_template, i18n.CASE_DOMAIN: case_template}
"""The template of each catalog of :data:`analysis.i18n.DOMAINS`."""


def write_template(target: Path, catalog) -> int:
    """Write a template (no line numbers, so that moving code does not touch the catalog).

    Parameters
    ----------
    target : pathlib.Path
    catalog : babel.messages.catalog.Catalog

    Returns
    -------
    int
        The number of messages.
    """
    from babel.messages.pofile import write_po

    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=76, include_lineno=False, omit_header=False, sort_output=False)
    return len(catalog)


def write_companion_template(target: Path, repo: Path = paths.REPO) -> int:
    """Write ``companion.pot`` (:func:`companion_template`, :func:`write_template`).

    Parameters
    ----------
    target : pathlib.Path
    repo : pathlib.Path

    Returns
    -------
    int
        The number of messages.
    """
    return write_template(target, companion_template(repo))


def page_templates(pot_dir: Path) -> int:
    """Run Sphinx's gettext builder on the book: one ``.pot`` per page in ``pot_dir``.

    Parameters
    ----------
    pot_dir : pathlib.Path

    Returns
    -------
    int
        The exit code of the build.
    """
    if pot_dir.exists():
        shutil.rmtree(pot_dir)
    doctrees = pot_dir.parent / ".doctrees-gettext"
    command = [sys.executable, "-m", "analysis.book.build", "en", str(pot_dir), str(doctrees), "gettext"]
    return subprocess.run(command, cwd=paths.REPO).returncode


def update(languages: Iterable[str] = ("fr",), repo: Path = paths.REPO) -> int:
    """Extract every message and update the catalogs of ``languages`` (``sphinx-intl update``).

    Parameters
    ----------
    languages : iterable of str
    repo : pathlib.Path

    Returns
    -------
    int
        0 on success.
    """
    from sphinx_intl.basic import update as intl_update

    pot_dir = repo / GETTEXT
    code = page_templates(pot_dir)
    if code:
        print(f"companion translate update: the gettext build failed ({code})", file=sys.stderr)
        return 1
    count = write_companion_template(pot_dir / f"{i18n.DOMAIN}.pot", repo)
    print(f"companion translate update: {count} messages made in Python")
    count = write_template(pot_dir / f"{i18n.DATA_DOMAIN}.pot", data_template())
    print(f"companion translate update: {count} messages of the data package's descriptions")
    count = write_template(pot_dir / f"{i18n.CASE_DOMAIN}.pot", case_template())
    print(f"companion translate update: {count} messages of the case tables' free text")
    intl_update(str(repo / "locales"), str(pot_dir), tuple(languages), line_width=76, ignore_obsolete=True, jobs=1)
    for language in languages:
        settle_headers(repo / "locales" / language / "LC_MESSAGES")
        for path in sorted((repo / "locales" / language / "LC_MESSAGES").rglob("*.po")):
            drop_printf_flags(path)
    return 0


def drop_printf_flags(path: Path) -> bool:
    """Remove ``python-format`` where a message is marked ``no-python-format`` (Babel adds it back on every read).

    Babel flags any message that looks like a printf format (``25 % sample`` reads as
    ``% s``); ``msgfmt --check-format`` then requires the translation to keep that
    "directive". The case tables' and the data package's texts are not formats
    (:func:`case_template`, :func:`data_template` mark them ``no-python-format``), so the
    flag is removed from the file as Babel writes it.

    Parameters
    ----------
    path : pathlib.Path
        A ``.po`` file.

    Returns
    -------
    bool
        Whether the file changed.
    """
    text = path.read_text(encoding="utf-8")

    def settle(match: re.Match) -> str:
        flags = [f.strip() for f in match.group(1).split(",")]
        if "no-python-format" in flags:
            flags = [f for f in flags if f != "python-format"]
        return "#, " + ", ".join(flags)

    new = re.sub(r"^#, (.+)$", settle, text, flags=re.M)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def settle_headers(root: Path) -> int:
    """Give new catalogs the book's header, without the template's ``#, fuzzy`` flag.

    A new catalog copies its template's header, marked fuzzy and naming no project; a
    fuzzy header would count as a message to review.

    Parameters
    ----------
    root : pathlib.Path
        ``locales/<language>/LC_MESSAGES``.

    Returns
    -------
    int
        The number of catalogs rewritten.
    """
    from babel.messages.pofile import read_po, write_po

    changed = 0
    for path in sorted(root.rglob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        if not catalog.fuzzy:
            continue
        catalog.fuzzy = False
        catalog.project = "Connection, not proximity"
        catalog.version = "1"
        catalog.copyright_holder = "The Klein companion contributors"
        catalog.language_team = "Klein companion <fr>"
        catalog.last_translator = "Klein companion contributors"
        catalog.header_comment = (
            '# French edition of "Connection, not proximity" (CC BY 4.0, like the English text).\n'
            '# Updated by `companion translate update`; see README.md, "The French edition".'
        )
        with path.open("wb") as handle:
            write_po(handle, catalog, width=76)
        changed += 1
    return changed


def statistics(language: str = "fr", root: Path | None = None) -> list[Statistics]:
    """Messages, translated, fuzzy and untranslated, per catalog of ``language``.

    Parameters
    ----------
    language : str
    root : pathlib.Path, optional
        The catalogs' folder (default ``locales/<language>/LC_MESSAGES``).

    Returns
    -------
    list of Statistics
        Sorted by catalog.
    """
    from babel.messages.pofile import read_po

    root = root or i18n.LOCALES / language / "LC_MESSAGES"
    found = []
    for path in sorted(root.rglob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        done = sum(1 for m in messages if not m.fuzzy and _translated(m.string))
        found.append(
            Statistics(
                catalog=path.relative_to(root).with_suffix("").as_posix(),
                messages=len(messages),
                translated=done,
                fuzzy=fuzzy,
                untranslated=len(messages) - done - fuzzy,
            )
        )
    return found


def _translated(string) -> bool:
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)


def statistics_table(rows: list[Statistics]) -> str:
    """The statistics as a Markdown table, with a total line.

    Parameters
    ----------
    rows : list of Statistics

    Returns
    -------
    str
    """
    lines = ["| catalog | messages | translated | fuzzy | untranslated |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        pending = " (pending)" if row.catalog in i18n.PENDING_PAGES else ""
        lines.append(
            f"| {row.catalog}{pending} | {row.messages} | {row.translated} | {row.fuzzy} | {row.untranslated} |"
        )
    total = [sum(getattr(r, field) for r in rows) for field in ("messages", "translated", "fuzzy", "untranslated")]
    lines.append("| **total** | " + " | ".join(str(t) for t in total) + " |")
    return "\n".join(lines)


# --- marking the strings of a chapter's code cells --------------------------------------------------------------


def _placeholder(node: ast.expr, used: set[str]) -> str:
    if isinstance(node, ast.Name):
        base = node.id
    elif isinstance(node, ast.Attribute):
        base = node.attr
    else:
        base = "value"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}{n}"
    used.add(name)
    return name


def _fstring_template(node: ast.JoinedStr, source: str) -> tuple[str, list[tuple[str, str]]] | None:
    """``f"{cell}: entities"`` → (``"{cell}: entities"``, [("cell", "cell")]); None when it cannot be rewritten."""
    parts, arguments, used, seen = [], [], set(), {}
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            continue
        if not isinstance(value, ast.FormattedValue):
            return None
        expression = ast.get_source_segment(source, value.value)
        if expression is None:
            return None
        if expression in seen:
            name = seen[expression]
        else:
            name = _placeholder(value.value, used)
            seen[expression] = name
            arguments.append((name, expression))
        conversion = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[value.conversion]
        spec = ""
        if value.format_spec is not None:
            if not all(isinstance(v, ast.Constant) for v in value.format_spec.values):
                return None
            spec = ":" + "".join(str(v.value) for v in value.format_spec.values)
        parts.append("{" + name + conversion + spec + "}")
    return "".join(parts), arguments


def _call_name(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return ""


def _already_marked(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _call_name(node) in KEYWORDS


def mark_source(source: str, calls: dict | None = None) -> tuple[str, list[str]]:
    """Wrap the strings readers see in a cell's calls (:data:`MARKED_CALLS`) in ``_()``.

    ``Column("entities", "share of entities", ".1%")`` becomes
    ``Column("entities", _("share of entities"), ".1%")``, and an f-string
    ``f"{cell}: entities"`` becomes ``_("{cell}: entities").format(cell=cell)``. Strings
    already marked are left alone; what cannot be rewritten (a ``+`` of strings, an
    f-string with a nested format) is reported.

    Parameters
    ----------
    source : str
        The code of one cell.
    calls : dict, optional
        Call name → {position or keyword: what it is} (default :data:`MARKED_CALLS`).

    Returns
    -------
    (str, list of str)
        The new code, and one line per string left as it was and why.
    """
    calls = MARKED_CALLS if calls is None else calls
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return source, [f"not Python ({error.msg}): left as it is"]
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:  # ast columns are UTF-8 byte offsets
        text = lines[line - 1].encode("utf-8")[:column].decode("utf-8")
        return starts[line - 1] + len(text)

    edits, notes = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) not in calls:
            continue
        wanted = calls[_call_name(node)]
        targets = [arg for i, arg in enumerate(node.args) if i in wanted]
        targets += [kw.value for kw in node.keywords if kw.arg in wanted]
        targets = [e for t in targets for e in (t.elts if isinstance(t, ast.List | ast.Tuple) else [t])]
        for target in targets:
            if _already_marked(target):
                continue
            segment = ast.get_source_segment(source, target)
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                replacement = f"_({segment})"
            elif isinstance(target, ast.JoinedStr):
                template = _fstring_template(target, source)
                if template is None:
                    notes.append(f"line {target.lineno}: {segment[:60]} (an f-string too complex to rewrite)")
                    continue
                text, arguments = template
                replacement = f"_({text!r}).format({', '.join(f'{n}={e}' for n, e in arguments)})"
            else:
                if not isinstance(target, ast.Name | ast.Attribute | ast.Subscript | ast.Call):
                    notes.append(f"line {target.lineno}: {segment[:60]} (not a string literal: mark it by hand)")
                continue
            start = offset(target.lineno, target.col_offset)
            end = offset(target.end_lineno, target.end_col_offset)
            edits.append((start, end, replacement))
    text = source
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, notes


IMPORT = "from analysis.i18n import _"


def mark_notebook(notebook: Path, write: bool = False) -> tuple[int, list[str]]:
    """Mark the strings of every code cell of a chapter (:func:`mark_source`); add the import of ``_``.

    Parameters
    ----------
    notebook : pathlib.Path
    write : bool, default False
        Rewrite the notebook (otherwise only report).

    Returns
    -------
    (int, list of str)
        The number of cells changed, and the notes of :func:`mark_source`, by cell.
    """
    document = json.loads(notebook.read_text(encoding="utf-8"))
    changed, notes, first_code = 0, [], None
    for number, cell in enumerate(document["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        first_code = first_code or cell
        new, found = mark_source(source)
        notes += [f"cell {number}: {note}" for note in found]
        if new != source:
            changed += 1
            cell["source"] = new.splitlines(keepends=True)
    uses = any("_(" in "".join(c["source"]) for c in document["cells"] if c.get("cell_type") == "code")
    everything = "\n".join("".join(c["source"]) for c in document["cells"] if c.get("cell_type") == "code")
    if uses and first_code is not None and not re.search(r"^from analysis\.i18n import .*\b_\b", everything, re.M):
        first_code["source"] = [IMPORT + "\n", *("".join(first_code["source"]).splitlines(keepends=True))]
        changed += 1
    if write and changed:
        notebook.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return changed, notes
