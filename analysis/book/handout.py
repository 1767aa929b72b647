"""``companion handout``: the seminar guide and every chapter's exercises as a printable PDF.

Each chapter contributes its title, its French summary, its first figure (drawn by
Chromium before printing) and its exercises.

The handout is assembled from the student edition of the book (solutions absent), with
the book's own styles, one chapter per page break, and printed by headless Chromium with
Playwright's ``page.pdf`` once every chart has drawn (:mod:`analysis.book.browser`), so
that it looks like the book and needs no network.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

from analysis.book.browser import print_pdf

PRINT_CSS = """
@page { size: A4; margin: 15mm 14mm; }
body { font-size: 11pt; }
.handout-part { break-before: page; }
.handout-part:first-of-type { break-before: auto; }
.headerlink, .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area { display: none !important; }
details { display: block; }
.handout-figure { break-inside: avoid; margin: 1em 0; max-width: 100%; overflow: hidden; }
h1 { display: block !important; visibility: visible !important; color: #111 !important; font-size: 1.9em; margin: 0 0 .6em; }
"""


def _article(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup.find("main") or soup.body
    for hidden in article.select(".solution, .headerlink, script"):
        hidden.decompose()
    return article


def _first_figure(page: Path) -> str:
    """The chapter's first chart, with its drawing script, its vendor paths made relative to the handout."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for output in soup.select("div.cell_output"):
        if "vegaEmbed" in str(output):
            text = str(output)
            return text.replace("../../_static/", "_static/").replace("../_static/", "_static/")
    return ""


def _chapter_part(page: Path) -> str:
    """Title, French summary, first figure and exercises of one chapter page."""
    figure = _first_figure(page)
    article = _article(page)
    title = article.find("h1")
    parts = [str(title) if title else f"<h1>{page.stem}</h1>"]
    summary = article.select_one(".admonition.tip")
    if summary is not None:
        parts.append(str(summary))
    if figure:
        parts.append(f'<div class="handout-figure">{figure}</div>')
    exercises = article.find("section", id="exercises")
    if exercises is not None:
        parts.append(str(exercises))
    return "\n".join(parts)


def assemble(html: Path) -> Path:
    """Write ``<html>/handout.html`` from the built pages and return its path.

    The seminar guide, then each chapter (the conclusion left out): its title, French
    summary, first figure and exercises, one chapter per page, with the book's styles.

    Parameters
    ----------
    html : pathlib.Path
        The HTML output of a (student) build, ``<out>/_build/html``.

    Returns
    -------
    pathlib.Path
        ``<html>/handout.html``.

    Raises
    ------
    FileNotFoundError
        When ``html`` has no seminar guide or no chapter page (build the book first).
    """
    guide = html / "book" / "seminar-guide.html"
    chapters = sorted((html / "book" / "chapters").glob("0*.html"))
    if not guide.exists() or not chapters:
        raise FileNotFoundError(f"{html} has no seminar guide or chapters: build the book first")
    head = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser").head
    styles = "\n".join(str(link).replace('href="../', 'href="') for link in head.find_all("link", rel="stylesheet"))
    parts = [f'<section class="handout-part">{_article(guide)}</section>']
    parts += [
        f'<section class="handout-part">{_chapter_part(page)}</section>'
        for page in chapters
        if "conclusion" not in page.stem
    ]
    document = (
        '<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>Seminar handout</title>{styles}<style>{PRINT_CSS}</style></head>"
        f'<body><main class="bd-main"><div class="bd-content"><div class="bd-article-container">'
        f"{''.join(parts)}</div></div></main></body></html>"
    )
    target = html / "handout.html"
    target.write_text(document, encoding="utf-8")
    return target


def handout(out: Path, book: Path | None = None) -> Path:
    """Build (or reuse) a student edition, assemble the handout and print it to ``out``.

    Parameters
    ----------
    out : pathlib.Path
        The PDF to write (A4).
    book : pathlib.Path, optional
        The output folder of an existing student build; by default a student edition is
        built in a temporary folder.

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    RuntimeError
        When the student edition does not build, or Chromium writes no PDF.
    FileNotFoundError
        When the build has no seminar guide or chapters, or Chromium is not installed.
    """
    from analysis.book.build import build_book

    if book is None:
        book = Path(tempfile.mkdtemp(prefix="companion-student-"))
        if build_book(out=str(book), student=True) != 0:
            raise RuntimeError("the student edition did not build")
    page = assemble(Path(book) / "_build" / "html")
    return print_pdf(page, Path(out))
