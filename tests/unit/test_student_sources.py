"""The student edition's page sources and downloads (analysis.book.ext.student), on the real chapters."""

from __future__ import annotations

import json
import re

import pytest

from analysis.book.ext import student
from analysis.data import paths

CHAPTERS = sorted((paths.REPO / "book" / "chapters").glob("*.ipynb"))


def _text(notebook: dict, kind: str | None = None) -> str:
    return "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in notebook["cells"]
        if kind is None or c["cell_type"] == kind
    )


def _solution_code(notebook: dict) -> list[str]:
    """The code cells between each {solution-start} and its {solution-end}."""
    inside, code = False, []
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown" and "{solution-start}" in source:
            inside = "{solution-end}" not in source.split("{solution-start}")[-1]
        elif cell["cell_type"] == "markdown" and "{solution-end}" in source:
            inside = False
        elif inside and cell["cell_type"] == "code":
            code.append(source)
    return code


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_notebook_keeps_every_exercise_and_no_solution(chapter):
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    stripped = student.strip_notebook(notebook)
    text = _text(stripped)
    assert not re.search(r"\{solution", text)
    exercises = re.findall(r"\{exercise\}[^\n]*\n:label: ([\w-]+)", _text(notebook, "markdown"))
    assert re.findall(r"\{exercise\}[^\n]*\n:label: ([\w-]+)", text) == exercises
    for code in _solution_code(notebook):
        assert code not in [c["source"] for c in stripped["cells"] if c["cell_type"] == "code"]
    # Everything outside the solutions is still there, in order.
    kept = [c for c in stripped["cells"] if c["cell_type"] == "code"]
    assert len(kept) == sum(c["cell_type"] == "code" for c in notebook["cells"]) - len(_solution_code(notebook))


def test_strip_markdown_handles_both_kinds_of_solution_and_fence():
    text = (
        "Intro.\n\n"
        "```{exercise}\n:label: e1\nDo it.\n```\n\n"
        "````{solution} e1\n:class: dropdown\nInside ```code``` and\n```python\nsecret_one = 1\n```\n````\n\n"
        ":::{solution} e1\nsecret two\n:::\n\n"
        "```{solution-start} e1\n:class: dropdown\n```\nsecret three\n```python\nsecret_four = 4\n```\n"
        "```{solution-end}\n```\n\nAfter.\n"
    )
    stripped = student.strip_markdown(text)
    assert "secret" not in stripped
    assert "Intro." in stripped and "Do it." in stripped and "After." in stripped


def test_strip_file_rewrites_published_sources(tmp_path):
    chapter = CHAPTERS[0]
    copy = tmp_path / chapter.name
    copy.write_text(chapter.read_text(encoding="utf-8"), encoding="utf-8")
    assert student.strip_file(copy) is True
    assert "{solution" not in copy.read_text(encoding="utf-8")
    assert student.strip_file(copy) is False  # nothing left to remove
    page = tmp_path / "guide.md"
    page.write_text("# Guide\n\n```{solution} x\nanswer\n```\n", encoding="utf-8")
    assert student.strip_file(page) and "answer" not in page.read_text(encoding="utf-8")
