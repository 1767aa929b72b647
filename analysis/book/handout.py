"""``companion handout``: the seminar guide and every chapter's exercises as a printable PDF.

The handout opens with a cover (the book's title, the course, the date of the build and
how to get the book), then the seminar guide, then one part per chapter: its title, its
English summary next to its French one, its first figure (drawn by Chromium before
printing) and its exercises.

The handout is assembled from the student edition of the book (solutions absent), with
the book's own styles and print rules of its own (page numbers in the footer, headings
kept with what follows them, code wrapped instead of scrolled, addresses of links
printed), one chapter per page break, and printed by headless Chromium with Playwright's
``page.pdf`` once every chart has drawn (:mod:`analysis.book.browser`), so that it looks
like the book and needs no network. When the last page would hold only a few lines, the
handout is printed again slightly smaller, as long as that saves the page.
"""

from __future__ import annotations

import datetime
import html as html_text
import shutil
import statistics
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

from analysis import i18n
from analysis.book.browser import print_pdf
from analysis.i18n import _

PRINT_CSS = """
@page { size: A4; margin: 15mm 14mm 17mm; }
body { font-size: 11pt; }
.handout-part { break-before: page; }
.handout-part:first-of-type { break-before: auto; }
.headerlink, .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, .copybtn,
.toggle-button, button { display: none !important; }
details { display: block; }
h1 { display: block !important; visibility: visible !important; color: #111 !important; font-size: 1.9em; margin: 0 0 .6em; }
/* Headings stay with what follows them; boxes, rows and figures are not cut. */
h1, h2, h3, h4, h5, h6, .handout-label { break-after: avoid; page-break-after: avoid; }
.handout-keep { break-inside: avoid; page-break-inside: avoid; }
.admonition, div.exercise, .handout-figure, tr, figure, .handout-summaries > div { break-inside: avoid; page-break-inside: avoid; }
p { orphans: 3; widows: 3; }
/* Code wraps on paper: no scrollbar, no command cut at the margin. */
pre, div.highlight, div.highlight pre, .cell_output pre, code {
  white-space: pre-wrap !important; overflow: visible !important; overflow-wrap: anywhere; word-break: break-word;
  max-height: none !important;
}
div.highlight, .table-wrapper, .pst-scrollable-table-container { overflow: visible !important; }
/* Links print as text, with the address of those that lead outside the book. */
a { color: inherit !important; text-decoration: none !important; }
a.reference.external[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; overflow-wrap: anywhere; }
.handout-figure { margin: 1em 0; max-width: 100%; overflow: hidden; }
.handout-figure svg { max-height: 100mm; max-width: 100%; width: auto; height: auto; }
.handout-figure .companion-drawing-narrow { display: none !important; }
.handout-figure .companion-drawing-wide { display: block !important; }
.handout-summaries { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2em; margin: 0 0 1em; }
.handout-summaries .admonition { margin: 0; }
.handout-summaries ul { padding-left: 1.1em; }
.handout-cover { height: 245mm; display: flex; flex-direction: column; justify-content: space-between; }
.handout-cover h1 { font-size: 2.4em; margin-top: 30mm; }
.handout-cover .handout-subtitle { font-size: 1.3em; color: #333; }
.handout-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .4em 1em; font-size: 1em; }
.handout-cover dt { font-weight: 700; }
.handout-cover dd { margin: 0; }
"""

FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 14mm;color:#444;display:flex;'
    'justify-content:space-between;font-family:system-ui,sans-serif">'
    "<span>{heading}</span><span>{pages}</span></div>"
)
"""Footer of every printed page (:func:`footer`)."""


def footer(title: str) -> str:
    """The footer of every printed page, in the active language (Chromium fills ``pageNumber`` and ``totalPages``).

    Parameters
    ----------
    title : str
        The book's title.

    Returns
    -------
    str
    """
    pages = _("page {number} of {total}").format(
        number='<span class="pageNumber"></span>', total='<span class="totalPages"></span>'
    )
    return FOOTER.format(heading=_("{title}: seminar handout").format(title=html_text.escape(title)), pages=pages)


SCALES = (1.0, 0.96, 0.92, 0.88)
"""Print scales tried, in order, while the last page is nearly empty."""

NEARLY_EMPTY = 0.25
"""A last page holding less text than this share of a typical page is nearly empty."""


def _article(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup.find("main") or soup.body
    for hidden in article.select(".solution, .headerlink, script"):
        hidden.decompose()
    return article


def _first_figure(page: Path) -> str:
    """The chapter's first chart (its desktop drawing prints), its paths made relative to the handout."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for output in soup.select("div.cell_output"):
        if "companion-drawing" in str(output):
            text = str(output)
            return text.replace("../../_static/", "_static/").replace("../_static/", "_static/")
    return ""


def _french_summary(article) -> str:
    """The chapter's *En bref* box (the first tip box when none is titled so)."""
    for box in article.select(".admonition"):
        title = box.select_one(".admonition-title")
        if title is not None and "en bref" in title.get_text().lower():
            return str(box)
    box = article.select_one(".admonition.tip")
    return str(box) if box is not None else ""


def _english_summary(article) -> str:
    """The chapter's *Summary* section (its content, under an ``h2``), or its *Overview*."""
    for name in ("summary", "overview"):
        section = article.find("section", id=name)
        if section is None:
            continue
        heading = section.find(["h2", "h3"])
        body = "".join(str(child) for child in section.children if child is not heading)
        summary = _("Summary")
        return f'<div lang="en" class="admonition note"><p class="admonition-title">{summary}</p>{body}</div>'
    return ""


def _keep_with_next(soup: BeautifulSoup) -> int:
    """Wrap every heading, and every paragraph that is only a bold label ("Plan."), with the element after it.

    Chromium does not always honour ``break-after: avoid``; a block that must not be
    cut carries the heading onto the next page with its first paragraph or table.

    Returns
    -------
    int
        The number of blocks made.
    """
    count = 0
    labels = [
        p
        for p in soup.find_all("p")
        if len(p.find_all(True, recursive=False)) == 1
        and p.find(["strong", "b"], recursive=False) is not None
        and p.get_text(strip=True) == p.find(["strong", "b"], recursive=False).get_text(strip=True)
    ]
    for label in labels:
        label["class"] = [*label.get("class", []), "handout-label"]
    for start in [*soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]), *labels]:
        follower = start.find_next_sibling()
        if follower is None or start.parent is None or "handout-keep" in (start.parent.get("class") or []):
            continue
        if follower.name in ("section", "h1", "h2", "h3", "h4", "h5", "h6") or follower.find(
            ["h1", "h2", "h3", "h4", "h5", "h6"]
        ):
            continue  # a whole section cannot be kept on one page; break-after: avoid still applies
        block = soup.new_tag("div", attrs={"class": "handout-keep"})
        start.insert_before(block)
        block.append(start.extract())
        block.append(follower.extract())
        count += 1
    return count


def _chapter_part(page: Path) -> str:
    """Title, English and French summaries, first figure and exercises of one chapter page."""
    figure = _first_figure(page)
    article = _article(page)
    title = article.find("h1")
    parts = [str(title) if title else f"<h1>{html_text.escape(page.stem)}</h1>"]
    english, french = _english_summary(article), _french_summary(article)
    if i18n.language() != "en":
        english = ""  # the French edition: its own French summary only
    if english or french:
        parts.append(f'<div class="handout-summaries">{english}<div lang="fr">{french}</div></div>')
    if figure:
        parts.append(f'<div class="handout-figure">{figure}</div>')
    exercises = article.find("section", id="exercises")
    if exercises is not None:
        parts.append(str(exercises))
    return "\n".join(parts)


def book_title(guide: Path) -> str:
    """The book's title, as the seminar guide's page names it ("Seminar guide — <title>").

    Parameters
    ----------
    guide : pathlib.Path
        The built seminar guide page.

    Returns
    -------
    str
    """
    title = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser").title
    text = title.get_text(strip=True) if title else ""
    return text.split(" — ", 1)[-1] if " — " in text else text or "The Klein companion"


def _cover(guide: Path, title: str, chapters: int) -> str:
    """The cover: title, course, date of the build and how to get the book."""
    soup = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser")
    sessions = [h for h in soup.find_all("h2") if h.get_text(strip=True).lower().startswith(("session", "séance"))]
    built = datetime.date.fromtimestamp(guide.stat().st_mtime).isoformat()
    escape = html_text.escape
    french = i18n.language() == "fr"
    command = "companion book --lang fr" if french else "companion book"
    opened = "_build/html/fr/index.html" if french else "_build/html/index.html"
    subtitle = _(
        "Seminar handout: testing Juan-Luis Klein's talk <em>Social Economy as a Base for Local Development "
        "Initiatives</em> on Québec data"
    )
    course = _(
        "A seminar of {sessions} sessions on the social economy and local development (see the seminar guide, "
        "next page), with the exercises of {chapters} chapters. Solutions are left out."
    ).format(sessions=len(sessions), chapters=chapters)
    how = _(
        "An executable Jupyter Book: from a copy of its repository, run {command} and open {page} in a browser "
        "(no network needed). Every chapter, its figures and tables, the matrix explorer and the full exercises "
        "are there; {student} builds the edition without solutions."
    ).format(
        command=f"<code>python3 -m venv .venv &amp;&amp; .venv/bin/pip install . &amp;&amp; .venv/bin/{command}</code>",
        page=f"<code>{opened}</code>",
        student=f"<code>{command} --student --out DIR</code>",
    )
    built = _("{date}, from the student edition of the book").format(date=built)
    facts = [(_("Course"), course), (_("Built"), built), (_("The book"), how)]
    return (
        '<section class="handout-part handout-cover">'
        f'<div><h1>{escape(title)}</h1><p class="handout-subtitle">{subtitle}</p></div>'
        "<dl>" + "".join(f"<dt>{term}</dt><dd>{text}</dd>" for term, text in facts) + "</dl></section>"
    )


def assemble(html: Path) -> Path:
    """Write ``<html>/handout.html`` from the built pages and return its path.

    A cover, the seminar guide, then each chapter (the conclusion left out): its title,
    English summary next to its French summary, first figure and exercises, one chapter
    per page, with the book's styles and the handout's print rules (``PRINT_CSS``).

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
    chapters = [page for page in chapters if "conclusion" not in page.stem]
    title = book_title(guide)
    parts = [_cover(guide, title, len(chapters)), f'<section class="handout-part">{_article(guide)}</section>']
    parts += [f'<section class="handout-part">{_chapter_part(page)}</section>' for page in chapters]
    body = BeautifulSoup(
        '<main class="bd-main"><div class="bd-content"><div class="bd-article-container">'
        f"{''.join(parts)}</div></div></main>",
        "html.parser",
    )
    _keep_with_next(body)
    heading = _("{title}: seminar handout").format(title=html_text.escape(title))
    document = (
        f'<!DOCTYPE html><html lang="{i18n.language()}" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{heading}</title>{styles}<style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
    target = html / "handout.html"
    target.write_text(document, encoding="utf-8")
    return target


def page_texts(pdf: Path) -> list[str]:
    """The text of every page of a PDF.

    Parameters
    ----------
    pdf : pathlib.Path

    Returns
    -------
    list of str
        One string per page, in order.

    Raises
    ------
    pypdf.errors.PdfReadError
        When the file is not a readable PDF.
    """
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def nearly_empty_last_page(texts: list[str], share: float = NEARLY_EMPTY) -> bool:
    """True when the last page holds less than ``share`` of the text of a typical page.

    Parameters
    ----------
    texts : list of str
        The text of each page (:func:`page_texts`).
    share : float, default ``NEARLY_EMPTY``
        The share of the median page's characters below which the last page is nearly empty.

    Returns
    -------
    bool
        False for a document of one or two pages.
    """
    if len(texts) < 3:
        return False
    sizes = [len(" ".join(t.split())) for t in texts]
    return sizes[-1] < share * statistics.median(sizes[:-1])


def handout(out: Path, book: Path | None = None, language: str = "en") -> Path:
    """Build (or reuse) a student edition, assemble the handout and print it to ``out``.

    Every page carries the book's title and its number in the footer. When the last page
    would be nearly empty (:func:`nearly_empty_last_page`), the handout is printed again
    at the smaller scales of ``SCALES``, and the first print that fills its last page or
    has fewer pages is kept.

    Parameters
    ----------
    out : pathlib.Path
        The PDF to write (A4).
    book : pathlib.Path, optional
        The output folder of an existing student build; by default a student edition is
        built in a temporary folder.
    language : {"en", "fr"}, default "en"
        The edition printed: French reads the French student edition
        (``<book>/_build/html/fr``, built with ``--lang fr`` when ``book`` is not given),
        and the handout's own words (cover, footer) are French.

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
    from analysis.book.build import PUBLISHED, build_book

    if book is None:
        book = Path(tempfile.mkdtemp(prefix="companion-student-"))
        if build_book(out=str(book), student=True, language=language) != 0:
            raise RuntimeError("the student edition did not build")
    html = Path(book) / "_build" / "html"
    if language != "en":
        html = html / PUBLISHED[language]
    with i18n.using(language):  # the footer and cover in the handout's language, then back
        page = assemble(html)
        bottom = footer(book_title(html / "book" / "seminar-guide.html"))
        out = Path(out)
        print_pdf(page, out, footer=bottom, scale=SCALES[0])
        first = page_texts(out)
        if not nearly_empty_last_page(first):
            return out
    with tempfile.TemporaryDirectory(prefix="companion-handout-") as tmp:
        for scale in SCALES[1:]:
            trial = Path(tmp) / f"handout-{scale}.pdf"
            print_pdf(page, trial, footer=bottom, scale=scale)
            texts = page_texts(trial)
            if len(texts) < len(first) or not nearly_empty_last_page(texts):
                shutil.move(trial, out)
                break
    return out
