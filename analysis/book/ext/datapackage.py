"""Sphinx extension: the ``datapackage`` directive renders ``datapackage.json`` as a page.

The appendix *Data and licences* is generated from the descriptor, so it always lists
every table the book reads, its columns, the official sources to cite, the licences and
the vintages, exactly as the pipeline and ``companion data check`` know them.

The descriptor stays English (it is the machine-readable contract); the page is written
in the reader's language: every text it shows (titles, descriptions, units, types,
sources, licences and the page's own words) goes through :func:`analysis.i18n.describe`
and the ``data.po`` catalog. The texts are those of the descriptor that the schemas
build for the data folder (:func:`analysis.data.datapackage.for_folder`), which is the
file itself (``companion data check`` fails when they differ) and remembers how each
description was composed (a decree year, a component of the CWB), so that the French
is composed the same way. ``companion translate update`` extracts the messages by
rendering a specimen descriptor with every kind of field (:func:`messages`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

from analysis import i18n
from analysis.data import datapackage, paths, schemas
from analysis.formats import MINUS
from analysis.i18n import N_, Composed, _

logger = logging.getLogger(__name__)

HEADER = ("column", "type (unit)", "meaning", "constraints")
"""The headers of each table's list of columns."""


def _untranslatable(node: nodes.Node) -> nodes.Node:
    """Keep Sphinx's gettext away from a node this extension writes in the reader's language already."""
    for element in node.findall(nodes.TextElement):
        element["translatable"] = False
    return node


def _paragraph(*children) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url)


def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    entry += content if isinstance(content, nodes.Node) else _paragraph(nodes.Text(str(content)))
    return entry


def _table(header: list[str], rows: list[list], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["datapackage-columns"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for title in header:
        row += _cell(title)
    head += row
    group += head
    body = nodes.tbody()
    for values in rows:
        row = nodes.row()
        for value in values:
            row += _cell(value)
        body += row
    group += body
    return table


def _number(value) -> str:
    if value == "":
        return ""
    text = str(value)
    return text.replace("-", MINUS).replace(".", ",") if i18n.language() == "fr" else text


# Translators: between the constraints of a column (« obligatoire ; unique »): French puts a narrow no-break space before « ; ».
LIST_SEPARATOR = N_("; ")


def _constraints(field: dict, text: Callable[[str], str]) -> nodes.paragraph:
    """The constraints of a column; codes and patterns are written as code (they are values, not words)."""
    c = field.get("constraints", {})
    parts: list[list[nodes.Node]] = []
    if c.get("required"):
        parts.append([nodes.Text(text("required"))])
    if c.get("unique"):
        parts.append([nodes.Text(text("unique"))])
    if "minimum" in c or "maximum" in c:
        parts.append([nodes.Text(f"{_number(c.get('minimum', ''))}–{_number(c.get('maximum', ''))}")])
    if "enum" in c:
        codes: list[nodes.Node] = [nodes.Text(text("one of:") + " ")]
        for i, code in enumerate(c["enum"]):
            codes += [nodes.Text(", ")] if i else []
            codes.append(nodes.literal(text=code))
        parts.append(codes)
    if "pattern" in c:
        parts.append([nodes.Text(text("pattern") + " "), nodes.literal(text=c["pattern"])])
    paragraph = _paragraph()
    for i, part in enumerate(parts):
        if i:
            paragraph += nodes.Text(_(LIST_SEPARATOR))
        paragraph.extend(part)
    return paragraph


def _composed(value: str) -> Composed:
    """A text of the descriptor to translate: as composed by the schemas, or as a whole."""
    return value if isinstance(value, Composed) else Composed(value)


def render(package: dict, text: Callable[[str], str] = i18n.describe) -> list[nodes.Node]:
    """The page's nodes for a data package descriptor, every text in the reader's language.

    Parameters
    ----------
    package : dict
        The descriptor (:func:`analysis.data.datapackage.datapackage`): ``resources``, each
        with ``name``, ``path``, ``title``, ``description``, ``format``, ``vintage``,
        ``sources``, ``schema`` and optionally ``licence_note``.
    text : callable, default :func:`analysis.i18n.describe`
        Writes one text (a :class:`~analysis.i18n.Composed` or a plain string) in the
        reader's language.

    Returns
    -------
    list of docutils.nodes.Node
        The list of tables, then one container per table.
    """
    contents = nodes.bullet_list()
    for resource in package["resources"]:
        title = text(_composed(resource["title"]))
        target = nodes.reference("", title, refid=nodes.make_id(f"table-{resource['name']}"))
        contents += nodes.list_item("", _paragraph(target, nodes.Text(" — "), nodes.literal(text=resource["path"])))
    out: list[nodes.Node] = [contents]
    for resource in package["resources"]:
        section_id = nodes.make_id(f"table-{resource['name']}")
        container = nodes.container(ids=[section_id], classes=["datapackage-resource"])
        container += nodes.rubric("", f"{text(_composed(resource['title']))} ({resource['path']})")
        container += _paragraph(nodes.Text(text(_composed(resource["description"]))))
        facts = nodes.bullet_list()
        for source in resource.get("sources", []):
            vintage = Composed("vintage {vintage}; licence", vintage=_composed(source["vintage"]))
            cite = Composed("Cite as: {attribution}", attribution=_composed(source["attribution"]))
            item = _paragraph(
                nodes.Text(text("Source:") + " "),
                _link(text(_composed(source["title"])), source["path"]),
                nodes.Text(f" — {text(vintage)} "),
                _link(text(_composed(source["licence"])), source["licence_url"]),
                nodes.Text(f". {text(cite)}"),
            )
            facts += nodes.list_item("", item)
        if not resource.get("sources"):
            compiled = Composed(
                "Compiled for this book ({note}); each row cites its own source.",
                note=_composed(resource.get("licence_note", "")),
            )
            facts += nodes.list_item("", _paragraph(nodes.Text(text(compiled))))
        vintage = Composed(
            "Vintage: {vintage}. Format: {format}, UTF-8.",
            vintage=_composed(resource.get("vintage", "")),
            format=resource["format"],
        )
        facts += nodes.list_item("", _paragraph(nodes.Text(text(vintage))))
        key = resource["schema"].get("primaryKey")
        if key:
            facts += nodes.list_item("", _paragraph(nodes.Text(text("Key:") + " "), nodes.literal(text=", ".join(key))))
        container += facts
        rows = [
            [
                nodes.literal(text=f["name"]),
                text(f["type"]) + (f" ({text(_composed(f['unit']))})" if f.get("unit") else ""),
                text(_composed(f["description"])),
                _constraints(f, text),
            ]
            for f in resource["schema"]["fields"]
        ]
        container += _table([text(h) for h in HEADER], rows, [16, 12, 52, 20])
        out.append(container)
    return [_untranslatable(node) for node in out]


def specimen() -> dict:
    """A descriptor with every kind of table and field the schemas can describe.

    A decree year, a later edition of the Index of Remoteness and every Census Profile
    measure, so that the messages of descriptions that exist only for some data folders
    are extracted too.

    Returns
    -------
    dict
    """
    layout = schemas.Layout([2000], remoteness_years=[2100])
    return datapackage.datapackage(layout, census_profile=[f.name for f in schemas.CENSUS_PROFILE_FIELDS])


def messages() -> list[str]:
    """Every message the page can show, in the order it shows them (for ``data.po``).

    Returns
    -------
    list of str
        Without duplicates.
    """
    found: list[str] = []

    def record(value: str) -> str:
        found.extend(value.messages() if isinstance(value, Composed) else [str(value)])
        return str(value)

    render(specimen(), text=record)
    return [m for m in dict.fromkeys(found) if m]


def described_package(data=None) -> dict:
    """The descriptor the page shows: the file, with the texts as the schemas compose them.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder (default :func:`analysis.data.paths.data_dir`).

    Returns
    -------
    dict
        :func:`analysis.data.datapackage.for_folder` when it equals ``datapackage.json``
        (always, once ``companion data check`` passes); otherwise the file itself, with a
        warning (its texts are then translated as wholes).
    """
    package = json.loads(paths.datapackage_path(data).read_text(encoding="utf-8"))
    built = datapackage.for_folder(paths.data_dir(data))
    if built != package:
        logger.warning("datapackage.json is out of date with the schemas; run `companion data package`")
        return package
    return built


class DataPackageDirective(Directive):
    """Render every resource of the data package: description, sources, licence, columns."""

    has_content = False
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(paths.datapackage_path()))
        return render(described_package())


def setup(app):
    app.add_directive("datapackage", DataPackageDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
