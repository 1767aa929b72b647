"""The published book in a real browser (Debian's Chromium driven by Playwright).

The built book is served on 127.0.0.1 and every page is opened with every request to
another host blocked. Each page must try no other host, log no console error, draw every
folium map (layers on the Leaflet map) and every chart (marks in the SVG), and pass the
axe-core accessibility check with no serious or critical violation.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analysis.data import paths

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = paths.REPO / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser():
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    if missing:
        message = f"browser tests need {missing} (apt-get install chromium; npm ci)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def site(built_book):
    _require_browser()
    root = built_book / "_build" / "html"
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def pages(root: Path) -> list[str]:
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


def visit(browser, base: str, page: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    foreign, errors = [], []

    def route(request_route):
        host = urlparse(request_route.request.url).hostname
        if request_route.request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{base}/{page}", wait_until="load")
    tab.wait_for_timeout(400)
    return context, tab, foreign, errors


def test_every_page_stays_on_its_host_and_logs_no_error(site, browser):
    root, base = site
    problems = []
    for page in pages(root):
        context, tab, foreign, errors = visit(browser, base, page)
        tab.wait_for_timeout(600)
        if foreign:
            problems.append(f"{page}: requests to other hosts {sorted(set(foreign))[:3]}")
        if errors:
            problems.append(f"{page}: console errors {errors[:3]}")
        context.close()
    assert not problems, "\n".join(problems)


def test_every_map_draws_its_layers_and_every_chart_its_marks(site, browser):
    root, base = site
    checked_maps = checked_charts = 0
    for page in pages(root):
        context, tab, _, _ = visit(browser, base, page)
        count = tab.locator(".vega-embed").count()
        if count:
            # Every chart container holds an SVG with drawn marks (not only its background).
            tab.wait_for_function(
                "n => { const charts = [...document.querySelectorAll('.vega-embed')];"
                " return charts.length === n && charts.every(c => c.querySelectorAll("
                "'svg .role-mark:not(.mark-group) > path, svg .role-mark:not(.mark-group) > line,"
                " svg .role-mark:not(.mark-group) > text').length > 0); }", arg=count, timeout=20000)
            checked_charts += count
        for frame in tab.frames[1:]:
            if frame.locator(".leaflet-container").count() == 0:
                continue
            frame.wait_for_function(
                "() => Object.keys(window).filter(k => k.startsWith('map_')).some("
                "k => Object.keys(window[k]._layers).length > 3)", timeout=15000)
            drawn = frame.evaluate(
                "() => Object.keys(window).filter(k => k.startsWith('map_'))"
                ".map(k => Object.values(window[k]._layers).filter(l => l.feature || l._latlng || l._layers).length)")
            assert max(drawn) > 3, f"{page}: map layers {drawn}"
            checked_maps += 1
        context.close()
    assert checked_charts >= 8, checked_charts
    assert checked_maps >= 2, checked_maps


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
