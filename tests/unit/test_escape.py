"""Each escaper of analysis.figures.escape, on hostile text, read back by the parser of its context."""

from __future__ import annotations

import html.parser
import json
import re

import jscheck
import pytest
from markdown_it import MarkdownIt

from analysis.figures import escape

HOSTILE = [
    "Saint-Camille",
    "L'Île-d'Orléans",
    "quotes \" and ' both",
    "a & b &amp; c &#96;",
    "<b>bold</b> <!-- comment -->",
    "Val-des-Sources `Asbestos`",
    "back\\slash \\` \\n",
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "${alert(1)} and $ alone",
    "line\nbreak\r\nand\rmore",
    "separators \u2028 and \u2029",
    "pipe | *star* _under_ [link](x) ~~strike~~ {{ sub }} {role}`x`",
    "# heading",
    "- item",
    "1. item",
    "% comment",
    ":::",
    "",
]


def single_line(text: str) -> str:
    return escape.LINE_BREAKS.sub(" ", text)


class _Collect(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.attributes, self.tags = "", {}, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.update(dict(attrs))

    def handle_data(self, data):
        self.text += data

    def handle_comment(self, data):
        self.tags.append("!--")


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_and_attribute_read_back_literally(value):
    parser = _Collect()
    parser.feed(f"<div title=\"{escape.html_attribute(value)}\" lang='{escape.html_attribute(value)}'>")
    parser.feed(f"{escape.html_text(value)}</div>")
    parser.close()
    assert parser.tags == ["div"]  # no tag and no comment opened by the value
    assert parser.text == value
    assert parser.attributes == {"title": value, "lang": value}


def test_html_escapers_take_any_value():
    assert escape.html_text(None) == "" and escape.html_text(3.5) == "3.5"
    assert escape.html_attribute("`") == "&#96;"


def test_javascript_escapers_evaluate_to_the_text_and_cannot_end_a_script():
    strings = [escape.js_string(value) for value in HOSTILE]
    templates = ["`" + escape.js_template(value) + "`" for value in HOSTILE]
    answers = jscheck.evaluate(strings + templates)
    assert [answer.get("value") for answer in answers] == HOSTILE + HOSTILE, answers
    for literal in strings + templates:
        assert not re.search(r"</script|<!--", literal, flags=re.IGNORECASE), literal
        assert "\n" not in literal.strip("`") or "`" in literal  # a string literal holds no raw line break
    for literal in strings:
        assert "\n" not in literal and "\r" not in literal and "\u2028" not in literal


def test_js_string_is_also_a_vega_expression_and_json_string():
    for value in HOSTILE:
        assert json.loads(escape.js_string(value)) == value


def test_script_json_parses_back_and_cannot_end_a_script():
    data = {"name": HOSTILE, "nested": [{"v": "</script>"}], "n": 3}
    text = escape.script_json(data, indent=1)
    assert json.loads(text) == data
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(json.dumps(data, cls=escape.ScriptJSONEncoder)) == data
    assert "</" not in json.dumps(data, cls=escape.ScriptJSONEncoder)


def _cells(markdown: str) -> list[list[str]]:
    """The text of every cell of the first table, as a GFM renderer reads it."""
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    rows = re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.S)

    def text(cell: str) -> str:
        parser = _Collect()
        parser.feed(cell)
        return parser.text

    return [[text(c) for c in re.findall(r"<t[hd]>(.*?)</t[hd]>", row, flags=re.S)] for row in rows], rendered


@pytest.mark.parametrize("line_start", [True, False])
def test_markdown_text_keeps_a_table_row_per_value_and_reads_back(line_start):
    table = "| name | code |\n|---|---|\n" + "".join(
        f"| {escape.markdown_text(value, line_start=line_start)} | {escape.markdown_code(value, in_table=True)} |\n"
        for value in HOSTILE
    )
    rows, rendered = _cells(table)
    assert len(rows) == len(HOSTILE) + 1, rendered
    for value, row in zip(HOSTILE, rows[1:]):
        assert len(row) == 2, row
        assert row[0] == single_line(value).replace("\t", " ").strip(), (value, row)
        assert row[1].strip() == single_line(value).strip(), (value, row)
    assert "<b>" not in rendered and "<!--" not in rendered and "<a " not in rendered and "<em>" not in rendered


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_text_in_a_paragraph_reads_back(value):
    rendered = MarkdownIt("commonmark").render(escape.markdown_text(value) + "\n")
    parser = _Collect()
    parser.feed(rendered)
    assert parser.tags in (["p"], []), rendered  # one paragraph: no heading, list, link or raw HTML
    assert parser.text.strip() == single_line(value).strip()


def test_markdown_text_in_a_table_cell_leaves_numbers_as_written():
    assert escape.markdown_text("-10.3", line_start=False) == "-10.3"
    assert escape.markdown_text("1. item", line_start=False) == "1. item"
    assert escape.markdown_text("-10.3") == "\\-10.3"


def test_markdown_escapes_myst_roles_and_substitutions():
    text = escape.markdown_text("{{ sub }} {glue:text}`ch1.x`")
    assert not re.search(r"(?<!\\)[{}`]", text), text  # every brace and backtick escaped


@pytest.mark.parametrize("value", ["plain", "a `tick`", "``double``", "`edge", "pipe | here", "line\nbreak"])
def test_markdown_code_outside_tables(value):
    rendered = MarkdownIt("commonmark").render(escape.markdown_code(value) + "\n")
    code = re.search(r"<code>(.*?)</code>", rendered, flags=re.S)
    assert code, rendered
    parser = _Collect()
    parser.feed(code.group(1))
    assert parser.text.strip() == single_line(value).strip()


def test_markdown_fence_cannot_be_closed_by_its_content():
    text = "log line\n```\n````python\nstill inside\n~~~"
    rendered = MarkdownIt("commonmark").render(escape.markdown_fence(text) + "\nafter\n")
    code = re.search(r"<pre><code>(.*?)</code></pre>", rendered, flags=re.S)
    parser = _Collect()
    parser.feed(code.group(1))
    assert parser.text == text + "\n"
    assert "<p>after</p>" in rendered
