"""Sphinx extension: the ``datapackage`` directive renders ``datapackage.json`` as a page.

The appendix *Data and licences* is generated from the descriptor, so it always lists
every table the book reads, its columns, the official sources to cite, the licences and
the vintages, exactly as the pipeline and ``companion data check`` know them.
"""

from __future__ import annotations

import json

from docutils import nodes
from docutils.parsers.rst import Directive

from analysis.data import paths


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


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
    if "enum" in c:
        parts.append("one of: " + ", ".join(c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    return "; ".join(parts)


class DataPackageDirective(Directive):
    """Render every resource of the data package: description, sources, licence, columns."""

    has_content = False
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        path = paths.datapackage_path()
        env = self.state.document.settings.env
        env.note_dependency(str(path))
        package = json.loads(path.read_text(encoding="utf-8"))
        contents = nodes.bullet_list()
        for resource in package["resources"]:
            target = nodes.reference("", resource["title"], refid=nodes.make_id(f"table-{resource['name']}"))
            contents += nodes.list_item("", _paragraph(target, nodes.Text(" — "), nodes.literal(text=resource["path"])))
        out: list[nodes.Node] = [contents]
        for resource in package["resources"]:
            section_id = nodes.make_id(f"table-{resource['name']}")
            container = nodes.container(ids=[section_id], classes=["datapackage-resource"])
            container += nodes.rubric("", f"{resource['title']} ({resource['path']})")
            container += _paragraph(nodes.Text(resource["description"]))
            facts = nodes.bullet_list()
            for source in resource.get("sources", []):
                item = _paragraph(
                    nodes.Text("Source: "),
                    _link(source["title"], source["path"]),
                    nodes.Text(f" — vintage {source['vintage']}; licence "),
                    _link(source["licence"], source["licence_url"]),
                    nodes.Text(f". Cite as: {source['attribution']}"),
                )
                facts += nodes.list_item("", item)
            if not resource.get("sources"):
                facts += nodes.list_item(
                    "",
                    _paragraph(
                        nodes.Text(
                            f"Compiled for this book ({resource.get('licence_note', '')}); each row cites its own source."
                        )
                    ),
                )
            facts += nodes.list_item(
                "",
                _paragraph(nodes.Text(f"Vintage: {resource.get('vintage', '')}. Format: {resource['format']}, UTF-8.")),
            )
            key = resource["schema"].get("primaryKey")
            if key:
                facts += nodes.list_item("", _paragraph(nodes.Text("Key: "), nodes.literal(text=", ".join(key))))
            container += facts
            rows = [
                [
                    nodes.literal(text=f["name"]),
                    f["type"] + (f" ({f['unit']})" if f.get("unit") else ""),
                    f["description"],
                    _constraints(f),
                ]
                for f in resource["schema"]["fields"]
            ]
            container += _table(["column", "type (unit)", "meaning", "constraints"], rows, [16, 12, 52, 20])
            out.append(container)
        return out


def setup(app):
    app.add_directive("datapackage", DataPackageDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
