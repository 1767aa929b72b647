"""The seminar kit: exercises with solutions, the student edition without them anywhere, the handout."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

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


def _words(text: str) -> list[str]:
    """The words of a text, lower case, accents kept (tags, JSON escapes and punctuation are separators)."""
    text = html.unescape(text.replace("\\n", " ").replace("\\u2019", "'"))
    return re.findall(r"[^\W\d_]+", text.lower())


def _shingles(words: list[str], size: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


LEAK = 4
"""Distinctive five-word sequences of solutions that make a file a leak (a 9-word sentence holds five)."""


def _published_files(book: Path) -> list[Path]:
    """Every text file a student edition publishes (its HTML folder) or leaves next to it (executed notebooks)."""
    folders = [book / "_build" / "html", book / "_build" / "jupyter_execute"]
    return [
        p
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".js", ".ipynb", ".md", ".txt", ".json") and "vendor" not in p.parts
    ]


SOLUTION_BLOCK = re.compile(r"^(`{3,}|:{3,})\{solution\}.*?^\1[ \t]*$", flags=re.S | re.M)


def _notebook_parts(chapter: Path) -> tuple[str, str]:
    """A chapter's solutions (dropdown blocks, gated blocks with their code) and everything else in it."""
    inside, solution, other = False, [], []
    for cell in nbformat.read(chapter, as_version=4).cells:
        text = cell.source
        if cell.cell_type == "markdown":
            solution += [match.group(0) for match in SOLUTION_BLOCK.finditer(text)]
            text = SOLUTION_BLOCK.sub(" ", text)
            if inside and "{solution-end}" in text:
                before, _, text = text.partition("{solution-end}")
                solution.append(before)
                inside = False
            if "{solution-start}" in text:
                before, _, after = text.partition("{solution-start}")
                other.append(before)
                solution.append(after)
                inside = True
                continue
        (solution if inside else other).append(text)
    return "\n".join(solution), "\n".join(other)


def _solution_fingerprints(built_book: Path) -> tuple[set, set[str]]:
    """Five-word sequences and words that the full edition has only inside its solutions.

    Outside the solutions: the full edition's pages without their solution blocks (scripts and
    chart data included) and the chapters' notebooks without their solution blocks.
    """
    from bs4 import BeautifulSoup

    inside, outside = [], []
    for page in sorted((built_book / "_build" / "html").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for solution in soup.select(".solution"):
            inside.append(_words(solution.get_text(" ")))
            solution.decompose()
        outside.append(_words(re.sub(r"<[^>]+>", " ", str(soup))))
    for chapter in CHAPTERS:
        solution, other = _notebook_parts(chapter)
        inside.append(_words(solution))
        outside.append(_words(other))
    seen = set().union(*(_shingles(words) for words in outside))
    shingles = set().union(*(_shingles(words) for words in inside)) - seen
    words = {w for ws in inside for w in ws if len(w) > 4} - {w for ws in outside for w in ws}
    return shingles, words


def test_student_edition_publishes_no_solution_anywhere(student_book, built_book):
    """Pages, page sources and downloads (.ipynb), the search index and executed notebooks: no solution text."""
    import unicodedata

    from sphinx.search.en import SearchEnglish

    def stem(word: str) -> str:  # the book's search stems accent-folded words (analysis.book.ext.search)
        folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        return SearchEnglish({}).stem(folded)

    shingles, words = _solution_fingerprints(built_book)
    assert len(shingles) > 500, "the full edition's solutions give enough distinctive text to look for"
    full_sources = set().union(
        *(
            _shingles(_words(p.read_text(encoding="utf-8")))
            for p in _published_files(built_book)
            if "_sources" in p.parts
        )
    )
    assert len(shingles & full_sources) > 100, "the full edition's downloads hold its solutions: the check can see them"
    leaks = {}
    for path in _published_files(student_book):
        found = shingles & _shingles(_words(path.read_text(encoding="utf-8", errors="replace")))
        # A leaked sentence brings many sequences; one or two can arise where the student edition
        # joins, across a removed solution, the end of a paragraph to the start of the next.
        if len(found) >= LEAK:
            leaks[str(path.relative_to(student_book))] = [" ".join(s) for s in sorted(found)[:3]]
    assert not leaks, leaks
    index = (student_book / "_build" / "html" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    terms = set(index["terms"]) | set(index["titleterms"])
    shown = _all_other_stems(student_book, stem)
    assert not sorted(w for w in words if stem(w) in terms and stem(w) not in shown)


def _all_other_stems(student_book: Path, stem) -> set[str]:
    """Stems of the words the student edition's pages do show (a solution word may also be an ordinary word)."""
    words = set()
    for page in (student_book / "_build" / "html").rglob("*.html"):
        if "_static" not in page.parts:
            words |= set(_words(re.sub(r"<script.*?</script>", " ", page.read_text(encoding="utf-8"), flags=re.S)))
    return {stem(w) for w in words}


TITLE_SUFFIX = " (student edition)"


def test_student_edition_says_it_is_one(student_book, built_book):
    for page in ["book/intro.html", *(f"book/chapters/{c.stem}.html" for c in CHAPTERS)]:
        student = (student_book / "_build" / "html" / page).read_text(encoding="utf-8")
        full = (built_book / "_build" / "html" / page).read_text(encoding="utf-8")
        assert 'class="bd-header-announcement"' in student and "Student edition" in student, page
        assert "<title>" in student and html.escape(TITLE_SUFFIX) in student.split("</title>")[0], page
        assert "Student edition" not in full and TITLE_SUFFIX not in full, page


def test_student_downloads_are_notebooks_with_every_exercise(student_book):
    for chapter in CHAPTERS:
        page = (student_book / "_build" / "html" / "book" / "chapters" / f"{chapter.stem}.html").read_text(
            encoding="utf-8"
        )
        assert f"_sources/book/chapters/{chapter.name}" in page  # the download button
        download = json.loads(
            (student_book / "_build" / "html" / "_sources" / "book" / "chapters" / chapter.name).read_text(
                encoding="utf-8"
            )
        )
        text = "\n".join("".join(c["source"]) for c in download["cells"])
        labels = re.findall(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)", _markdown(chapter))
        assert labels and all(f":label: {label}" in text for label in labels), chapter.stem
        assert "{solution" not in text, chapter.stem


def test_seminar_guide_sends_students_to_notebooks_without_solutions():
    guide = (paths.REPO / "book" / "seminar-guide.md").read_text(encoding="utf-8")
    assert "jupyter lab book/chapters" not in guide  # the repository's notebooks hold every solution
    run = guide[guide.index("(seminar-run)=") :]
    assert "student edition" in run.lower() and "download" in run.lower() and "_sources/book/chapters" in run


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
    assert assembled.count('class="companion-drawing"') >= len(CHAPTERS), "each chapter brings its first figure"
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
