"""How a chapter shows things (ARCHITECTURE.md): the convention, checked on the chapter files.

* prose first: every code cell is tagged by ``python -m analysis.book.devtools tag``
  (hidden input for a cell that shows a figure or a table, removed otherwise, headline
  checks removed; solutions keep their code), so running the tool changes nothing;
* what a reader sees of a cell is a numbered figure or a table made for reading, never a
  raw data frame;
* every numbered figure and table is cited by number in the chapter's prose;
* numbers in the prose go through ``{value}`` (written in the text's language), and the
  French summaries are marked French.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from analysis.book import devtools

CHAPTERS = sorted((REPO / "book" / "chapters").glob("*.ipynb"))
IDS = [c.stem for c in CHAPTERS]
NAMED = re.compile(r'"((?:fig|tab)-ch\d+-[a-z0-9-]+)"')
SHOWN_BY = ("figure", "table")


def read(chapter: Path):
    return nbformat.read(chapter, as_version=4)


def markdown(notebook) -> str:
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_chapter_is_tagged_by_the_convention(chapter: Path):
    notebook = read(chapter)
    assert devtools.tag(notebook) == 0, f"run: python -m analysis.book.devtools tag {chapter.relative_to(REPO)}"
    solutions = devtools.solution_cells(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if devtools.is_checked(cell):
            assert "remove-cell" in tags, f"cell {index}: headline checks stay out of the page (nbval still runs them)"
        elif index not in solutions:
            assert tags & {"remove-cell", "hide-input"}, f"cell {index}: code shown to readers"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_readers_see_figures_and_tables_not_data_frames(chapter: Path):
    notebook = read(chapter)
    solutions = devtools.solution_cells(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or devtools.is_checked(cell) or index in solutions:
            continue
        if devtools.shows_something(cell.source):
            assert devtools.shown_by(cell.source) in SHOWN_BY, (
                f"cell {index} shows {devtools.shown_by(cell.source) or 'an expression'}: "
                "end it with figure(...) or table(...)"
            )
            assert "print(" not in cell.source, f"cell {index} prints to the page"
        assert "Markdown(" not in cell.source, f"cell {index}: captions are written by figure(), not by a cell"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_numbered_figure_and_table_is_cited_by_number(chapter: Path):
    notebook = read(chapter)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    names = NAMED.findall(code)
    assert len(names) == len(set(names)), f"names used twice: {sorted(n for n in names if names.count(n) > 1)}"
    prose = markdown(notebook)
    # {numref}`name`, or with its own text: {numref}`Tables {number} <name>` ("Tables 6.10 and 6.11")
    cited = {target or plain for plain, target in re.findall(r"\{numref\}`(?:([^`<]+)|[^`<]*<([^`>]+)>)`", prose)}
    uncited = [name for name in names if name not in cited]
    assert not uncited, f"never cited with {{numref}}: {uncited}"
    assert cited <= set(names), f"cited but not drawn here: {sorted(cited - set(names))}"
    number = re.match(r"(\d+)-", chapter.name).group(1).lstrip("0")
    assert all(name.split("-")[1] == f"ch{number}" for name in names), names


def test_figure_and_table_names_are_unique_across_the_book():
    names = [n for chapter in CHAPTERS for n in NAMED.findall(chapter.read_text(encoding="utf-8").replace('\\"', '"'))]
    assert names and len(names) == len(set(names))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_numbers_in_the_prose_follow_the_language_of_the_text(chapter: Path):
    prose = markdown(read(chapter))
    assert "{glue:text}" not in prose, "numbers in the prose go through {value} (ARCHITECTURE.md)"
    boxes = re.findall(r"```\{admonition\} En bref\n(:class: [^\n]*)\n(.*?)```", prose, re.S)
    assert boxes, "each chapter opens with a French summary"
    for options, text in boxes:
        assert "language-fr" in options, "the French summary is marked French (numbers, lang attribute)"
        assert "est de {value}" not in text, "write 'aucune des … spécifications', not 'est de 0'"
        assert not re.search(r"\{value\}`[^`]*` ?%", text), "the % goes inside the role: {value}`name:.1f %`"


def test_tag_is_idempotent_and_keeps_solutions_and_guards():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from analysis.data import load\nframe = load.municipalities()"),
        nbformat.v4.new_code_cell('record("ch9.x", 1)\nrecord("ch9.y", 2)'),
        nbformat.v4.new_code_cell('figure(charts.x(frame), "fig-ch9-x")'),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(headline('ch9.'))"),
        nbformat.v4.new_code_cell("assert frame is not None", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_markdown_cell("```{solution-start} ch9-ex\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("frame.head()"),
        nbformat.v4.new_code_cell("assert True"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["show-input", "raises-exception"]}),
    ]
    assert devtools.tag(notebook) > 0
    tags = [c.metadata.get("tags", []) for c in notebook.cells]
    assert tags == [
        ["remove-cell"],
        ["remove-cell"],
        ["hide-input"],
        ["remove-cell"],
        ["remove-cell"],
        [],
        [],
        ["remove-cell"],
        [],
        ["show-input", "raises-exception"],
    ]
    assert devtools.tag(notebook) == 0


def test_what_a_cell_shows():
    assert not devtools.shows_something("import x\ny = 1")
    assert not devtools.shows_something('record("ch9.x", 1)')
    assert not devtools.shows_something("frame.head();")
    assert devtools.shows_something("frame.head()") and devtools.shows_something("print(1)\nx = 1")
    assert devtools.shown_by('table(frame, [], name="tab-ch9-x", caption="x")') == "table"
