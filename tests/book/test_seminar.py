"""The seminar kit: exercises with solutions, the student edition without them, the handout."""

from __future__ import annotations

import os
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from analysis.book.handout import book_title, nearly_empty_last_page, page_texts
from analysis.cli import main
from analysis.data import paths

CHAPTERS = [p for p in sorted((paths.REPO / "book" / "chapters").glob("*.ipynb")) if "conclusion" not in p.stem]


def _markdown(path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_every_chapter_has_three_exercises_each_with_a_solution(chapter):
    text = _markdown(chapter)
    exercises = re.findall(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)", text)
    solved = set(re.findall(r"\{solution(?:-start)?\} ([\w-]+)", text))
    assert len(exercises) >= 3, exercises
    assert set(exercises) <= solved, f"exercises without a solution: {set(exercises) - solved}"
    assert "{solution-start}" in text, "data solutions are executed code (gated solutions)"
    assert "En bref" in text, "each chapter opens with a French summary"


def test_full_build_shows_every_solution(built_book):
    for chapter in CHAPTERS:
        page = (built_book / "_build" / "html" / "book" / "chapters" / f"{chapter.stem}.html").read_text(
            encoding="utf-8"
        )
        assert page.count('class="solution') >= 3, chapter.stem


def test_student_edition_keeps_exercises_and_leaves_solutions_out(student_book, built_book):
    for chapter in CHAPTERS:
        student = (student_book / "_build" / "html" / "book" / "chapters" / f"{chapter.stem}.html").read_text(
            encoding="utf-8"
        )
        full = (built_book / "_build" / "html" / "book" / "chapters" / f"{chapter.stem}.html").read_text(
            encoding="utf-8"
        )
        assert student.count('class="exercise') >= 3, chapter.stem
        assert "solution" not in re.sub(r"<script.*?</script>|<link[^>]*>", "", student).lower().replace(
            "solutions", ""
        ).replace("solution_follow", ""), chapter.stem
        # The code of every gated solution is in the full book and absent from the student one.
        notebook = nbformat.read(chapter, as_version=4)
        inside, solution_code, other_code = False, [], ""
        for cell in notebook.cells:
            if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
                inside = True
            elif cell.cell_type == "markdown" and "{solution-end}" in cell.source:
                inside = False
            elif inside and cell.cell_type == "code":
                solution_code += re.findall(r"\b([a-z_]{6,})\s*=", cell.source)
            elif cell.cell_type == "code":
                other_code += cell.source
        # Names that only solutions use: present in the full book, absent from the student edition.
        names = [n for n in set(solution_code) if f">{n}<" in full and n not in other_code]
        assert names, chapter.stem
        assert not [n for n in names if f">{n}<" in student], chapter.stem


def test_seminar_guide_and_glossary_are_in_the_table_of_contents(built_book):
    toc = (paths.REPO / "_toc.yml").read_text(encoding="utf-8")
    assert "book/seminar-guide" in toc and "book/glossary" in toc
    html = built_book / "_build" / "html" / "book"
    guide = (html / "seminar-guide.html").read_text(encoding="utf-8")
    assert "Session 1" in guide and "Session 3" in guide
    glossary = (html / "glossary.html").read_text(encoding="utf-8")
    assert "économie sociale" in glossary.lower() and "pacte rural" in glossary.lower()
    linked = sum(
        (html / "chapters" / f"{c.stem}.html").read_text(encoding="utf-8").count("glossary.html#term-")
        for c in CHAPTERS
    )
    assert linked >= len(CHAPTERS) * 2


def test_handout_is_a_multipage_pdf_without_solutions(student_book, tmp_path, capsys):
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is needed for the handout (apt-get install chromium)")
        pytest.skip("chromium not installed")
    pdf = tmp_path / "handout.pdf"
    assert main(["handout", "--out", str(pdf), "--book", str(student_book)]) == 0
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    texts = page_texts(pdf)
    pages = len(texts)
    assert pages >= len(CHAPTERS) + 2, pages
    assembled = (student_book / "_build" / "html" / "handout.html").read_text(encoding="utf-8")
    assert "Seminar guide" in assembled and assembled.count('class="exercise') >= 3 * len(CHAPTERS)
    assert 'class="solution' not in assembled
    assert assembled.count("vegaEmbed(") >= len(CHAPTERS), "each chapter brings its first figure"
    # A cover: the title, the course, the date of the build, how to get the book.
    cover = " ".join(texts[0].split())
    assert book_title(student_book / "_build" / "html" / "book" / "seminar-guide.html") in cover
    assert "Course" in cover and re.search(r"Built \d{4}-\d{2}-\d{2}", cover) and "companion book" in cover
    # Page numbers on every page.
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {pages}" in " ".join(text.split()), number
    # Each chapter: its English summary beside its French one.
    soup = BeautifulSoup(assembled, "html.parser")
    summaries = soup.select(".handout-summaries")
    assert len(summaries) == len(CHAPTERS)
    for pair in summaries:
        english, french = pair.select_one('[lang="en"]'), pair.select_one('[lang="fr"]')
        assert english is not None and "Summary" in english.get_text() and len(english.get_text()) > 200
        assert french is not None and "En bref" in french.get_text() and len(french.get_text()) > 200
    # Code wraps instead of scrolling: every code block of the handout prints whole.
    flat = "".join("".join(texts).split())
    blocks = ["".join(pre.get_text().split()) for pre in soup.select("div.highlight pre")]
    assert blocks and all(block in flat for block in blocks), [b for b in blocks if b not in flat]
    # No heading alone at the foot of a page: the last line of a page is never a heading.
    headings = {" ".join(h.get_text(" ", strip=True).split()) for h in soup.select("h1, h2, h3, h4, .handout-label")}
    headings = {h for h in headings if len(h) > 3}
    layout = [page.extract_text(extraction_mode="layout") for page in PdfReader(str(pdf)).pages]
    for number, text in enumerate(layout[:-1], start=1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.search(r"page \d+ of \d+", line)]
        assert lines and lines[-1] not in headings, (number, lines[-1:])
    # The last page is not a few stray lines (the handout prints smaller to avoid that).
    assert not nearly_empty_last_page(texts), [len(t) for t in texts]
