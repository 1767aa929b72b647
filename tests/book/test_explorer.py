"""The matrix explorer in a real browser: its counts are the package's, its search finds every place.

The built book is served on 127.0.0.1 and opened in Debian's Chromium (Playwright), with every
request to another host blocked. The counts the page shows after a slider moves (and after a
definition changes) are compared with those :func:`analysis.analyses.matrix.assign` computes
for the very cuts the page reports.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyses import centrality, communities, connection_measures, cuts, matrix
from analysis.book import browser as chromium
from analysis.data import load, paths
from analysis.figures import explorer
from analysis.vocabulary import ALL_GROUPS, AT_CUT, MONTREAL, SAINT_CAMILLE

pytestmark = pytest.mark.browser

AXE = paths.REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE = "book/explorer.html"


def _require_browser():
    binary = chromium.chromium_path()
    missing = [str(p) for p in (binary or Path("chromium"), AXE) if not p.exists()]
    if missing:
        message = f"browser tests need {missing} (apt-get install chromium; npm ci)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load.municipalities()


@pytest.fixture(scope="module")
def launched():
    """One Chromium for the module: Playwright's sync API cannot start twice in one process."""
    _require_browser()
    with chromium.launch() as running:
        yield running


@pytest.fixture(scope="module")
def browser(built_book, launched):
    with chromium.serve(built_book / "_build" / "html") as base:
        yield launched, base


def _open(browser, width: int = 1280, page: str = PAGE):
    launched, base = browser
    context, refused = chromium.offline_context(launched, base, viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    tab.goto(f"{base}/{page}", wait_until="load")
    tab.wait_for_function(
        "() => [...document.querySelectorAll('[data-explorer]')].every(e => e.dataset.drawn === 'true')",
        timeout=20000,
    )
    return context, tab, refused, errors


def package_counts(frame: pd.DataFrame, spec: matrix.Specification, centrality_cut: float, connection_cut: float):
    """Places and residents per group as the package assigns them at the two given cuts.

    ``assign`` computes its cuts with ``centrality.cut`` and ``connection_measures.cut``;
    here those two functions are made to return the cuts the page shows (a class
    definition has no cut: its line is drawn, not computed), so that everything else (the
    scores, the sides, the tie rule, the groups, the counts) is the package's own code.
    """
    classes = centrality.definition(spec.centrality).kind == "classes"
    originals = centrality.cut, connection_measures.cut
    centrality.cut = lambda *args, **kwargs: float("nan") if classes else centrality_cut
    connection_measures.cut = lambda *args, **kwargs: connection_cut
    try:
        a = matrix.assign(frame, spec, communities.reference_sample(frame))
    finally:
        centrality.cut, connection_measures.cut = originals
    assert a.connection_cut == connection_cut and (classes or a.centrality_cut == centrality_cut)
    counts = a.counts()
    return {g: (int(counts.at[g, "entities"]), int(counts.at[g, "population"])) for g in ALL_GROUPS}


def shown(tab) -> tuple[dict, float, float]:
    """The counts the page shows, and the two thresholds it reports (exact values)."""
    rows = tab.eval_on_selector_all(
        ".explorer-counts tbody tr",
        "rows => rows.map(r => [r.dataset.cell, Number(r.dataset.entities), Number(r.dataset.population)])",
    )
    cuts = tab.eval_on_selector_all(".explorer-cut", "outs => outs.map(o => Number(o.dataset.value))")
    return {cell: (n, pop) for cell, n, pop in rows}, cuts[0], cuts[1]


def _choose(tab, label: str, value: str) -> None:
    tab.get_by_label(label, exact=True).select_option(value)


def test_counts_follow_the_sliders_and_equal_what_the_package_computes(browser, frame):
    context, tab, refused, errors = _open(browser)
    compared = []
    reference = communities.reference_sample(frame)
    specs = [
        matrix.DEFAULT_SPECIFICATION,
        matrix.Specification(
            list(centrality.DEFINITIONS)[-1],
            connection_measures.present(frame)[-1],
            list(cuts.CUT_RULES)[-1],
            list(cuts.TIE_RULES)[-1],
        ),
    ]
    for spec in specs:
        classes = centrality.definition(spec.centrality).kind == "classes"
        _choose(tab, "Centrality definition", spec.centrality)
        _choose(tab, "Connection measure", spec.connection)
        _choose(tab, "Cut rule", spec.rule)
        _choose(tab, "Tie rule", spec.ties)
        counts, x, y = shown(tab)
        a = matrix.assign(frame, spec, reference)
        assert y == a.connection_cut and (classes or x == a.centrality_cut), spec.key
        assert counts == {g: (int(r["entities"]), int(r["population"])) for g, r in a.counts().iterrows()}, spec.key
        assert counts == package_counts(frame, spec, x, y), spec.key
        compared.append((spec.key, x, y, counts))
        centrality_slider = tab.get_by_label("Centrality cut: central below")
        connection_slider = tab.get_by_label("Connection cut: connected above")
        # The keyboard, as a reader without a mouse moves a slider.
        centrality_slider.focus()
        for key in ("PageUp", "ArrowRight", "ArrowRight", "ArrowRight"):
            tab.keyboard.press(key)
        connection_slider.focus()
        tab.keyboard.press("PageDown")
        counts, x2, y2 = shown(tab)
        assert (x2 == x if classes else x2 > x) and y2 < y, (spec.key, x, x2, y, y2)  # a class split does not move
        assert counts == package_counts(frame, spec, x2, y2), spec.key
        compared.append((spec.key, x2, y2, counts))
        # Both ends and a point in between.
        for where in (0.0, 0.3, 1.0):
            for slider in (centrality_slider, connection_slider):
                slider.evaluate(
                    "(el, where) => { el.value = String(Math.round(Number(el.max) * where));"
                    " el.dispatchEvent(new Event('input', {bubbles: true})); }",
                    where if slider is centrality_slider else 1 - where,
                )
            counts, x3, y3 = shown(tab)
            assert counts == package_counts(frame, spec, x3, y3), (spec.key, where)
            compared.append((spec.key, x3, y3, counts))
        tab.get_by_role("button", name="Back to the rule's cuts").click()
        assert shown(tab)[2] == a.connection_cut
    assert len({c[:3] for c in compared}) >= 6, compared
    assert any(n for _, _, _, counts in compared for cell, (n, _) in counts.items() if cell == AT_CUT)  # ties shown
    for key, x, y, counts in compared:  # shown with pytest -s
        print(key, x, y, {cell: n for cell, (n, _) in counts.items()})
    scatter = tab.eval_on_selector_all(".explorer-dots circle", "dots => dots.length")
    fills = set(tab.eval_on_selector_all(".explorer-dots circle", "dots => dots.map(d => d.getAttribute('fill'))"))
    assert scatter > 500 and fills <= {c["colour"] for c in explorer.cell_rule()}
    assert not refused and not errors, (refused, errors)
    context.close()


def test_search_finds_places_without_accents_and_shows_their_cell_under_every_specification(browser, frame):
    context, tab, refused, errors = _open(browser)
    reference = communities.reference_sample(frame)
    book = explorer.book_specifications(frame)
    wide = {spec.key: matrix.assign(frame, spec, reference).table.set_index("csd_uid")["cell"] for spec in book}
    search = tab.get_by_label("Name (accents and capitals optional)")
    for query, code in (("Saint-Camille", SAINT_CAMILLE), ("Montreal", MONTREAL), ("saint camille", SAINT_CAMILLE)):
        search.fill(query)
        first = tab.locator(".explorer-result").first
        expected = frame.loc[frame["csd_uid"] == code, "name"].iloc[0]
        assert first.inner_text().startswith(f"{expected} ("), (query, first.inner_text())
        first.click()
        card = tab.locator(".explorer-card")
        assert card.get_attribute("data-csd") == code
        assert card.locator("h3").inner_text() == expected
        rows = card.locator("tr[data-spec]")
        cells = dict(
            zip(
                rows.evaluate_all("rs => rs.map(r => r.dataset.spec)"),
                rows.evaluate_all("rs => rs.map(r => r.dataset.cell)"),
            )
        )
        assert list(cells) == [spec.key for spec in book], query
        for spec in book:
            assert cells[spec.key] == wide[spec.key][code], (query, spec.key)
    search.fill("zzzz")
    assert tab.locator(".explorer-none").inner_text() == "No municipality matches."
    assert not refused and not errors, (refused, errors)
    # axe-core fetches the style sheets again to read them (and asks for one at a wrong address).
    tab.add_script_tag(path=str(AXE))
    search.fill("Saint-Camille")
    tab.locator(".explorer-result").first.click()
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    context.close()


def test_the_explorer_reads_on_a_phone(browser):
    context, tab, _, errors = _open(browser, width=390)
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
    smallest = tab.evaluate(
        "() => Math.min(...[...document.querySelectorAll('[data-explorer] *')]"
        ".filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".filter(e => e.getClientRects().length)"
        ".map(e => { const size = parseFloat(getComputedStyle(e).fontSize);"
        " const svg = e.closest('svg'); if (!svg) return size;"
        " return size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }))"
    )
    assert smallest >= 11, smallest
    box = tab.locator(".explorer-map").bounding_box()
    assert box and box["width"] >= 300 and box["height"] >= 250, box
    assert not errors, errors
    context.close()


def test_names_from_the_data_are_text_never_markup(browser, tmp_path, frame):
    """A page built from names that hold markup shows them as text and runs none of it."""
    hostile = frame.copy()
    names = ['Zed </script><img src=x onerror="window.pwned=1">', "Zed <b>bold</b> & `tick` 'quote' \"double\""]
    hostile.loc[hostile.index[communities.reference_sample(hostile)][:2], "name"] = names  # two places shown
    for source, target in (
        (paths.REPO / "node_modules" / "leaflet" / "dist", tmp_path / "leaflet"),
        (paths.REPO / "_static" / "explorer", tmp_path / "explorer"),
    ):
        shutil.copytree(source, target)
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Explorer</title>'
        '<link rel="stylesheet" href="leaflet/leaflet.css"><link rel="stylesheet" href="explorer/explorer.css">'
        '<script defer src="leaflet/leaflet.js"></script><script defer src="explorer/explorer.js"></script></head>'
        f"<body><main>{explorer.explorer(hostile).html()}</main></body></html>",
        encoding="utf-8",
    )
    with chromium.serve(tmp_path) as base:
        context, tab, _, errors = _open((browser[0], base), page="index.html")
        tab.get_by_label("Name (accents and capitals optional)").fill("zed")
        results = tab.locator(".explorer-result").all_inner_texts()
        assert sorted(r.rsplit(" (", 1)[0] for r in results) == sorted(names)
        tab.locator(".explorer-result").first.click()
        assert tab.locator(".explorer-card h3").inner_text() in names
        assert tab.evaluate("() => window.pwned") is None
        assert tab.locator("[data-explorer] img, [data-explorer] b").count() == 0
        assert not errors, errors
        context.close()


def _standalone(tmp_path: Path, body: str, language: str) -> Path:
    """A page holding one explorer element, with Leaflet and the explorer's files next to it."""
    for source, target in (
        (paths.REPO / "node_modules" / "leaflet" / "dist", tmp_path / "leaflet"),
        (paths.REPO / "_static" / "explorer", tmp_path / "explorer"),
    ):
        shutil.copytree(source, target)
    (tmp_path / "index.html").write_text(
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>Explorer</title>'
        '<link rel="stylesheet" href="leaflet/leaflet.css"><link rel="stylesheet" href="explorer/explorer.css">'
        '<script defer src="leaflet/leaflet.js"></script><script defer src="explorer/explorer.js"></script></head>'
        f"<body><main>{body}</main></body></html>",
        encoding="utf-8",
    )
    return tmp_path


ENGLISH_WORDS = re.compile(
    r"\b(municipalit(y|ies)|residents?|cuts?|centrality|connection|connected|central below|settled|"
    r"selected|specification|chosen|matches|letters|census|scatter|share|region|cell|median|weighted|ties?|"
    r"upper|lower|band|unclassified|at the cut|rule|map|drawn|offline|across|whole|zoom (in|out))\b",
    re.I,
)
"""English words of the explorer's interface (as words: the French "Région" or "Spécification" do not match)."""


def test_the_french_explorer_shows_no_english_words(frame, tmp_path, launched):
    """Every label, button, option, legend, status line, caption and number of the French explorer is French."""
    from analysis import i18n

    i18n.activate("fr")
    try:
        body = explorer.explorer(frame).html()
    finally:
        i18n.activate(None)
    root = _standalone(tmp_path, body, "fr")
    with chromium.serve(root) as base:
        context, tab, refused, errors = _open((launched, base), page="index.html")
        tab.get_by_label("Nom (accents et majuscules facultatifs)").fill("saint camille")
        tab.locator(".explorer-result").first.click()
        slider = tab.get_by_label("Seuil de connexion : connectée au-dessus")
        slider.focus()
        tab.keyboard.press("PageUp")
        tab.get_by_label("Règle des ex æquo").select_option("upper")
        tab.get_by_label("Nom (accents et majuscules facultatifs)").fill("saint")  # more than 8 results
        tab.wait_for_timeout(700)  # the status line is announced once the slider stops
        shown = tab.evaluate(
            """() => {
              const root = document.querySelector('[data-explorer]');
              const texts = [];
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const node = walker.currentNode;
                if (node.parentElement.closest('script, style, .leaflet-control-attribution')) continue;
                if (node.textContent.trim()) texts.push(node.textContent.trim());
              }
              for (const el of root.querySelectorAll('[aria-label], [aria-valuetext], [title]')) {
                texts.push(el.getAttribute('aria-label') || '', el.getAttribute('aria-valuetext') || '');
              }
              return texts.filter(Boolean);
            }"""
        )
        numbers = tab.eval_on_selector_all(
            ".explorer-status, .explorer-cut, .explorer-counts td, .explorer-facts dd, .explorer-none",
            "els => els.map(e => e.textContent)",
        )
        assert not refused and not errors, (refused, errors)
        context.close()
    names = set(frame["name"].astype(str)) | set(frame["mrc_name"].dropna().astype(str))
    names |= set(frame["region_name"].dropna().astype(str))
    english = [t for t in shown if t not in names and ENGLISH_WORDS.search(t)]
    assert not english, english[:20]
    status = " ".join(shown).replace("\u202f", " ").replace("\u00a0", " ")
    assert "seuils : médiane" in status and "sur le seuil" in status and "Municipalités" in status
    numbers = " ".join(numbers)
    assert re.search(r"\d\u202f\d{3}", numbers) and re.search(r"\d,\d", numbers)  # French numbers: 1 234,5
    assert not re.search(r"\d,\d{3}\b", numbers) and not re.search(r"\d\.\d", numbers)
