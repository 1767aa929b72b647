"""The published book in a real browser (Debian's Chromium driven by Playwright).

Every test runs on both editions, English and French (one build of each per test session).
The built book is served on 127.0.0.1 and every page is opened with every request to
another host blocked. Each page must try no other host, log no console error and no console
warning (nothing is allowed: a warning such as Vega's "the compiled spec uses Vega v6, but
current version is v5.33.1" means the page serves the wrong library or a faulty spec), open
no dialog, draw every folium map (layers on the Leaflet map) and every chart (marks in the
SVG), and pass the axe-core accessibility check with no serious or critical violation. The
search finds the same pages with and without accents.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from analysis.book import browser as chromium
from analysis.data import paths

AXE = paths.REPO / "node_modules" / "axe-core" / "axe.min.js"


def _require_browser():
    binary = chromium.chromium_path()
    missing = [str(p) for p in (binary or Path("chromium"), AXE) if not p.exists()]
    if missing:
        message = f"browser tests need {missing} (apt-get install chromium; npm ci)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


EDITIONS = ("en", "fr")
"""The editions every browser test runs on."""
FIGURE_NUMBERS = {"en": (r"Fig\. \d+\.\d+", r"Table \d+\.\d+"), "fr": (r"Fig\. \d+\.\d+", r"Tableau \d+\.\d+")}


@pytest.fixture(scope="module", params=EDITIONS)
def site(request):
    _require_browser()
    if request.param == "en":
        root = request.getfixturevalue("built_book") / "_build" / "html"
    else:
        root = request.getfixturevalue("french_book") / "_build" / "html" / "fr"
    with chromium.serve(root) as base:
        yield root, base


@pytest.fixture(scope="module")
def browser(site):
    with chromium.launch() as launched:
        yield launched


def pages(root: Path) -> list[str]:
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if p.name not in skip
        and "_static" not in p.parts
        and "_sources" not in p.parts
        and p.relative_to(root).parts[0] != "fr"  # the French edition published inside the English one
    )


def edition(root: Path) -> str:
    """The language of the edition served from ``root``."""
    return "fr" if root.name == "fr" else "en"


def visit(browser, base: str, page: str):
    """Open ``page``; return the context, the tab, the refused foreign requests and the console problems.

    Console problems are every message of type error or warning, every uncaught exception and
    every dialog (``alert``…) the page opens, in the page or in its map frames.
    """
    context, foreign = chromium.offline_context(browser, base, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    tab.on("pageerror", lambda error: problems.append(f"exception: {error}"))

    def dialog(opened) -> None:
        problems.append(f"dialog: {opened.message}")
        opened.dismiss()

    tab.on("dialog", dialog)
    tab.goto(f"{base}/{page}", wait_until="load")
    tab.wait_for_timeout(400)
    return context, tab, foreign, problems


def console_problems(browser, base: str, page_names: list[str]) -> list[str]:
    """Foreign requests and console errors, warnings, exceptions and dialogs of every page."""
    problems = []
    for page in page_names:
        context, tab, foreign, logged = visit(browser, base, page)
        tab.wait_for_timeout(600)
        if foreign:
            problems.append(f"{page}: requests to other hosts {sorted(set(foreign))[:3]}")
        if logged:
            problems.append(f"{page}: console {logged[:4]}")
        context.close()
    return problems


def drawn_figures(tab, page: str) -> tuple[int, int]:
    """Wait until every chart of the open page has drawn its marks and every map its layers.

    Returns
    -------
    (int, int)
        The number of charts and of maps checked.
    """
    count = tab.locator(".companion-drawing").count()
    if count:
        # Every chart shows one of its two drawings, with marks (not only its background).
        tab.wait_for_function(
            "n => { const charts = [...document.querySelectorAll('.companion-drawing')];"
            " return charts.length === n && charts.every(c => [...c.querySelectorAll('svg')]"
            ".filter(s => s.checkVisibility()).length === 1 && [...c.querySelectorAll("
            "'svg .role-mark:not(.mark-group) > path, svg .role-mark:not(.mark-group) > line,"
            " svg .role-mark:not(.mark-group) > text')].some(m => m.checkVisibility())); }",
            arg=count,
            timeout=20000,
        )
    maps = 0
    for frame in tab.frames[1:]:
        if frame.locator(".leaflet-container").count() == 0:
            continue
        frame.wait_for_function(
            "() => Object.keys(window).filter(k => k.startsWith('map_')).some("
            "k => Object.keys(window[k]._layers).length > 3)",
            timeout=15000,
        )
        drawn = frame.evaluate(
            "() => Object.keys(window).filter(k => k.startsWith('map_'))"
            ".map(k => Object.values(window[k]._layers).filter(l => l.feature || l._latlng || l._layers).length)"
        )
        assert max(drawn) > 3, f"{page}: map layers {drawn}"
        maps += 1
    return count, maps


def test_every_page_stays_on_its_host_and_logs_no_error_or_warning(site, browser):
    root, base = site
    problems = console_problems(browser, base, pages(root))
    assert not problems, "\n".join(problems)


def test_every_map_draws_its_layers_and_every_chart_its_marks(site, browser):
    root, base = site
    checked_maps = checked_charts = 0
    for page in pages(root):
        context, tab, _, _ = visit(browser, base, page)
        charts, maps = drawn_figures(tab, page)
        checked_charts += charts
        checked_maps += maps
        context.close()
    assert checked_charts >= 8, checked_charts
    assert checked_maps >= 2, checked_maps


def search(browser, base: str, query: str) -> list[str]:
    """The addresses of the pages the book's search page lists for ``query``."""
    from urllib.parse import quote

    context, tab, _, problems = visit(browser, base, f"search.html?q={quote(query)}")
    tab.wait_for_function(
        # Sphinx creates the summary empty and writes it once the last result is listed
        # (results are appended a few milliseconds apart): wait for its text, not for it.
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && s.textContent.trim() !== '' && !s.textContent.includes('Preparing'); }",
        timeout=20000,
    )
    found = tab.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    context.close()
    assert not problems, problems
    return sorted(link.split("#")[0].split("?")[0] for link in found)


@pytest.mark.parametrize(("plain", "accented"), [("Montreal", "Montréal"), ("economie sociale", "économie sociale")])
def test_search_finds_the_same_pages_with_and_without_accents(site, browser, plain, accented):
    _, base = site
    without, with_accents = search(browser, base, plain), search(browser, base, accented)
    assert len(set(with_accents)) >= 2, with_accents
    assert without == with_accents
    assert search(browser, base, plain.upper()) == with_accents


def test_accessibility_check_finds_no_serious_violation(site, browser):
    root, base = site
    problems = []
    for page in pages(root):
        context, tab, _, _ = visit(browser, base, page)
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{page}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
        context.close()
    assert not problems, "\n".join(problems)


# --- reading the chapters: prose first, tables whole, figures numbered, phones -------------------

PHONE = {"width": 390, "height": 844}
MIN_CHART_TEXT_PX = 11
MIN_FREE_MAP_SHARE = 0.60


def chapter_pages(root: Path) -> list[str]:
    return [p for p in pages(root) if p.startswith("book/chapters/")]


def open_page(browser, base: str, page: str, viewport: dict):
    context, _ = chromium.offline_context(browser, base, viewport=viewport)
    tab = context.new_page()
    tab.goto(f"{base}/{page}", wait_until="load")
    tab.wait_for_function(chromium.DRAWN, timeout=30000)
    tab.wait_for_timeout(500)
    return context, tab


def test_chapter_pages_show_no_code_and_no_pandas_output_by_default(site, browser):
    root, base = site
    problems = []
    for page in chapter_pages(root):
        context, tab = open_page(browser, base, page, {"width": 1280, "height": 900})
        found = tab.evaluate(
            """() => {
                const inputs = [...document.querySelectorAll('.cell_input')];
                const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})
                    && e.innerText.trim() !== '' && e.getBoundingClientRect().height > 0;
                const visible = inputs.filter(shown).length;
                const text = document.querySelector('main').innerText;
                const repr = ['dtype:', 'NBVAL_CHECK_OUTPUT', '<NA>', 'NaN', 'record("'].filter(s => text.includes(s));
                const toggles = document.querySelectorAll('details.hide.above-input').length;
                return {inputs: inputs.length, visible, repr, toggles};
            }"""
        )
        if found["visible"]:
            problems.append(f"{page}: {found['visible']} code inputs visible without a click")
        if found["repr"]:
            problems.append(f"{page}: the reader sees {found['repr']}")
        context.close()
    assert not problems, "\n".join(problems)


def test_no_table_cell_is_cut_on_any_chapter_page(site, browser):
    root, base = site
    problems = []
    checked = 0
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        for page in chapter_pages(root):
            context, tab = open_page(browser, base, page, viewport)
            cut = tab.evaluate(
                """() => [...document.querySelectorAll('main table td, main table th')]
                    .filter(c => c.checkVisibility())
                    .map(c => ({text: c.innerText.trim(), overflow: c.scrollWidth - c.clientWidth,
                                ellipsis: getComputedStyle(c).textOverflow === 'ellipsis'}))"""
            )
            checked += len(cut)
            for cell in cut:
                if cell["overflow"] > 1 or cell["ellipsis"] or cell["text"].endswith(("…", "...")):
                    problems.append(f"{page} at {viewport['width']} px: cell cut: {cell['text'][:60]!r}")
            context.close()
    assert checked > 500, checked
    assert not problems, "\n".join(problems[:20])


def test_every_figure_and_table_of_the_chapters_is_numbered_and_cited(site, browser):
    root, base = site
    problems = []
    figures = 0
    for page in chapter_pages(root):
        context, tab = open_page(browser, base, page, {"width": 1280, "height": 900})
        found = tab.evaluate(
            """() => {
                const cited = new Set([...document.querySelectorAll('a.reference.internal[href^="#"]')]
                    .map(a => a.getAttribute('href').slice(1)));
                const drawings = [...document.querySelectorAll('.companion-drawing, iframe')];
                const outside = drawings.filter(d => !d.closest('figure.companion-figure')).length;
                const figures = [...document.querySelectorAll('figure.companion-figure')].map(f => ({
                    id: f.id, number: (f.querySelector('figcaption .caption-number') || {}).innerText || ''}));
                const tables = [...document.querySelectorAll('table.companion-table[id^="tab-"]')].map(t => ({
                    id: t.id, number: (t.querySelector('caption .caption-number') || {}).innerText || ''}));
                return {outside, figures, tables, cited: [...cited]};
            }"""
        )
        if found["outside"]:
            problems.append(f"{page}: {found['outside']} charts or maps outside a numbered figure")
        figure_number, table_number = FIGURE_NUMBERS[edition(root)]
        for kind, items, pattern in (
            ("figure", found["figures"], figure_number),
            ("table", found["tables"], table_number),
        ):
            for item in items:
                if not re.match(pattern, item["number"].strip()):
                    problems.append(f"{page}: {kind} {item['id']} is not numbered ({item['number']!r})")
                if item["id"] not in found["cited"]:
                    problems.append(f"{page}: {kind} {item['id']} is never cited in the text")
        figures += len(found["figures"])
        context.close()
    assert figures >= 25, figures
    assert not problems, "\n".join(problems)


def chart_text_sizes(tab) -> list[dict]:
    """Rendered size of every text of every chart, with the chart's scaling taken into account."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('.companion-drawing svg')].filter(s => s.checkVisibility())
            .map((svg, index) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
            const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            const container = svg.closest('.companion-drawing').getBoundingClientRect().width;
            const box = svg.getBoundingClientRect();
            const outside = texts.filter(t => { const r = t.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1; }).map(t => t.textContent);
            return {index, min: Math.min(...sizes), count: sizes.length, width: box.width,
                    container, cut: texts.map(t => t.textContent).filter(s => s.endsWith('…')), outside};
        })"""
    )


def test_chart_text_is_at_least_11px_on_a_phone_and_inside_its_drawing(site, browser):
    root, base = site
    problems, smallest, charts = [], [], 0
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        for page in chapter_pages(root):
            context, tab = open_page(browser, base, page, viewport)
            for chart in chart_text_sizes(tab):
                where = f"{page} at {viewport['width']} px, chart {chart['index']}"
                if viewport is PHONE:
                    charts += 1
                    smallest.append(chart["min"])
                    if chart["min"] < MIN_CHART_TEXT_PX - 0.01:
                        problems.append(f"{where}: smallest text {chart['min']:.1f} px")
                if chart["width"] > chart["container"] + 1:
                    problems.append(f"{where}: {chart['width']:.0f} px wide in {chart['container']:.0f}")
                if chart["cut"]:
                    problems.append(f"{where}: cut labels {chart['cut'][:3]}")
                if chart["outside"]:
                    # laid out at build time with other font widths than the page draws
                    problems.append(f"{where}: text past the drawing's edge {chart['outside'][:3]}")
            context.close()
    print(f"\nchart text at 390 px: {charts} charts, smallest text {min(smallest):.1f} px")
    assert charts >= 20, charts
    assert not problems, "\n".join(problems)


FREE_AREA = """() => {
    const map = document.querySelector('.leaflet-container');
    const box = map.getBoundingClientRect();
    const overlays = [...document.querySelectorAll(
        '.leaflet-control, .companion-legend, .leaflet-tooltip, .companion-place-label')]
        .filter(e => e.checkVisibility()).map(e => e.getBoundingClientRect());
    const step = 2;
    let covered = 0, cells = 0;
    for (let y = box.top; y < box.bottom; y += step) {
        for (let x = box.left; x < box.right; x += step) {
            cells += 1;
            if (overlays.some(r => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) covered += 1;
        }
    }
    return {width: box.width, height: box.height, free: 1 - covered / cells, overlays: overlays.length};
}"""


def test_maps_leave_most_of_their_area_free_on_a_phone(site, browser):
    root, base = site
    problems, measured = [], []
    for page in chapter_pages(root):
        context, tab = open_page(browser, base, page, PHONE)
        for frame in tab.frames[1:]:
            if frame.locator(".leaflet-container").count() == 0:
                continue
            frame.wait_for_timeout(300)
            found = frame.evaluate(FREE_AREA)
            measured.append(f"{page}: {found['free']:.0%} free of {found['width']:.0f}×{found['height']:.0f} px")
            if found["free"] < MIN_FREE_MAP_SHARE:
                problems.append(measured[-1])
        context.close()
    print("\nmaps at 390 px:\n" + "\n".join(measured))
    assert len(measured) >= 3, measured
    assert not problems, "\n".join(problems)


def test_every_chart_mark_with_a_tooltip_names_itself_and_a_tap_shows_it(site, browser):
    """Tooltips come as one table per chart (columns shared by the charts of a page): after load,
    every mark of both drawings holds its text as its <title> (the same text for the n-th mark
    of each), and a tap on a phone drawing's mark shows it."""
    root, base = site
    problems, marks = [], 0
    for page in chapter_pages(root):
        context, tab = open_page(browser, base, page, PHONE)
        charts = tab.evaluate(
            """() => [...document.querySelectorAll('.companion-drawing')].map(chart => {
                const text = m => (m.querySelector(':scope > title') || {}).textContent || '';
                const wide = [...chart.querySelectorAll('.companion-drawing-wide [data-tip]')].map(text);
                const narrow = [...chart.querySelectorAll('.companion-drawing-narrow [data-tip]')].map(text);
                return {id: chart.id, count: wide.length, empty: wide.filter(t => !t.trim()).length,
                        narrow: narrow.length, same: wide.every((t, i) => t === narrow[i]), texts: wide};
            })"""
        )
        for chart in charts:
            marks += chart["count"]
            if chart["empty"] or chart["count"] != chart["narrow"] or not chart["same"]:
                problems.append(f"{page} {chart['id']}: {chart['empty']} of {chart['count']} marks without text")
        tipped = [c for c in charts if c["count"]]
        if tipped:
            chart = max(tipped, key=lambda c: c["count"])
            n = chart["count"] // 2
            mark = tab.locator(f"#{chart['id']} .companion-drawing-narrow [data-tip]").nth(n)
            mark.scroll_into_view_if_needed()
            mark.dispatch_event("click")  # on this mark itself (in a dense scatter, a neighbour may lie on top)
            shown = tab.evaluate("() => (document.querySelector('.companion-drawing-tip') || {}).textContent")
            if shown != chart["texts"][n]:
                problems.append(f"{page}: a tap shows {shown!r}, the mark's text is {chart['texts'][n]!r}")
        context.close()
    assert marks > 2000, marks  # the scatters of chapters 3 and 4 among them
    assert not problems, "\n".join(problems)


def test_the_sidebar_buttons_open_the_contents_on_a_phone_and_fold_them_on_a_desktop(site, browser):
    """pydata-sphinx-theme binds the first .primary-toggle only (issue #2451): the visible buttons must work."""
    root, base = site
    page = chapter_pages(root)[0]
    context, tab = open_page(browser, base, page, PHONE)
    tab.locator("button.primary-toggle").filter(visible=True).first.click()
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => document.querySelector('dialog#pst-primary-sidebar-modal').open"), "contents"
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(300)
    tab.locator("button.secondary-toggle").filter(visible=True).first.click()
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => document.querySelector('dialog#pst-secondary-sidebar-modal').open"), "sections"
    context.close()
    context, tab = open_page(browser, base, page, {"width": 1280, "height": 900})
    tab.locator("button.primary-toggle").filter(visible=True).first.click()
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => document.querySelector('#pst-primary-sidebar').classList.contains('pst-sidebar-hidden')")
    context.close()


ENGLISH_NAMES = ("Toggle hidden content", "Layers", "A JavaScript library for interactive maps")
"""Accessible names and hover titles that the theme's and Leaflet's scripts write in English."""


def test_names_written_by_scripts_are_in_the_editions_language(site, browser):
    """After load (scripts included), no button or link of a French page or of its map frames keeps
    an English name or title; an English page keeps them."""
    root, base = site
    found = {}
    for page in ("book/chapters/04-matrix.html", "book/chapters/03-connection.html"):
        context, tab = open_page(browser, base, page, {"width": 1280, "height": 900})
        names = []
        for frame in tab.frames:
            names += frame.evaluate(
                "() => [...document.querySelectorAll('[aria-label], [title]')]"
                ".map(e => (e.getAttribute('aria-label') || '') + ' | ' + (e.getAttribute('title') || ''))"
            )
        found[page] = [words for words in ENGLISH_NAMES if any(words in name for name in names)]
        context.close()
    if edition(root) == "fr":
        assert not any(found.values()), found
    else:
        assert all({"Layers", "A JavaScript library for interactive maps"} <= set(w) for w in found.values()), found


def test_the_language_switcher_sits_in_the_header_row_beside_its_buttons(site, browser):
    """The theme stacks the article header's end items (it expects one): the switcher went above the
    buttons, past the header's top edge (off screen on a phone). It must sit inside the header, on the
    buttons' row, at both widths."""
    root, base = site
    for width in (PHONE["width"], 1280):
        context, tab = open_page(browser, base, chapter_pages(root)[0], {"width": width, "height": 900})
        boxes = tab.evaluate(
            "() => ['.bd-header-article', 'nav.companion-languages', '.article-header-buttons']"
            ".map(s => { const r = document.querySelector(s).getBoundingClientRect();"
            " return [r.top, r.bottom, r.left, r.right]; })"
        )
        context.close()
        header, switcher, buttons = boxes
        assert header[0] <= switcher[0] and switcher[1] <= header[1], (width, header, switcher)
        assert switcher[0] < buttons[1] and buttons[0] < switcher[1], (width, switcher, buttons)  # same row
        assert switcher[3] <= buttons[2], (width, switcher, buttons)  # before the buttons


RUNS_PAST = (
    "() => { const W = document.documentElement.clientWidth;"
    " const scrolls = '.pst-scrollable-table-container, .table-wrapper, pre, .highlight, .companion-drawing,"
    " iframe, .cell_output, mjx-container';"
    " return [...document.querySelectorAll('article.bd-article *, .prev-next-area *')]"
    ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > W + 0.5; })"
    ".filter(e => !e.closest(scrolls))"
    ".map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 50)).slice(0, 3); }"
)
"""Elements of the page's text (article, previous/next links) whose right edge is past the screen,
outside the boxes that scroll on their own (tables, code blocks, charts, maps)."""


def test_no_text_of_any_page_runs_past_a_phone_screen(site, browser):
    """A heading's "#" glued to a long French word, inline code with no break, a long title in the
    next-page link: at 390 px they ran past the screen (the page scrolled sideways or was cut)."""
    root, base = site
    problems = {}
    for page in pages(root):
        context, tab = open_page(browser, base, page, PHONE)
        past = tab.evaluate(RUNS_PAST)
        scroll = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        context.close()
        if past or scroll > 0:
            problems[page] = (scroll, past)
    assert not problems, problems


POPUPS_IN_VIEW = """() => {
  const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
  const box = map.getContainer().getBoundingClientRect();
  const layers = [];
  map.eachLayer(l => { if (l.getPopup && l.getPopup() && l.getLatLng) layers.push(l); });
  const sample = layers.filter((_, i) => i % Math.max(1, Math.floor(layers.length / 12)) === 0).slice(0, 12);
  return sample.map(l => {
    l.openPopup();
    const popup = l.getPopup().getElement().getBoundingClientRect();
    l.closePopup();
    return {left: popup.left - box.left, right: box.right - popup.right, width: popup.width, map: box.width};
  });
}"""
"""Open a sample of a map's popups in turn; each popup's gap to the map's left and right edges."""


def test_map_popups_fit_a_phones_map(site, browser):
    """A popup is never wider than a phone's map, so no value or close button is cut."""
    root, base = site
    problems = []
    for page in ("book/chapters/03-connection.html", "book/chapters/04-matrix.html"):
        context, tab = open_page(browser, base, page, PHONE)
        drawn_figures(tab, page)
        for frame in tab.frames[1:]:
            if frame.locator(".leaflet-container").count() == 0:
                continue
            boxes = frame.evaluate(POPUPS_IN_VIEW)
            assert boxes, page
            problems += [(page, b) for b in boxes if b["width"] > b["map"] - 10]
        context.close()
    assert not problems, problems[:5]
