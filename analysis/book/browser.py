"""Serve a built book on 127.0.0.1 and drive Debian's Chromium with Playwright.

One helper for everything that opens the book in a browser: the handout (printed with
Playwright's ``page.pdf``), the browser tests and the benchmark. Chromium is the system's
(Debian package ``chromium``): Playwright never downloads a browser here, and every
request to another host can be blocked (the book must work offline).

Playwright is an optional dependency (extras ``handout`` and ``test``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Chromium flags for a closed network: no background connection, no first-run dialogs."""

DRAWN = "() => [...document.querySelectorAll('.companion-drawing')].every(c => c.querySelectorAll('svg').length === 2)"
"""JavaScript predicate: every chart on the page holds its two drawings (drawn when the book was built)."""


def chromium_path() -> Path | None:
    """The system Chromium: ``$COMPANION_CHROMIUM``, else ``chromium``, ``chromium-browser`` or ``google-chrome`` on the PATH.

    Returns
    -------
    pathlib.Path or None
        ``None`` when no Chromium is installed.
    """
    explicit = os.environ.get("COMPANION_CHROMIUM")
    if explicit:
        return Path(explicit)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test and command output readable
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder (a built ``_build/html``) on 127.0.0.1 for the duration of the block.

    Parameters
    ----------
    root : pathlib.Path
        The folder to serve.

    Yields
    ------
    str
        The base address, e.g. ``http://127.0.0.1:40123``.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def launch(chromium: Path | None = None):
    """Start headless Chromium under Playwright for the duration of the block.

    Parameters
    ----------
    chromium : pathlib.Path, optional
        The browser binary (default :func:`chromium_path`).

    Yields
    ------
    playwright.sync_api.Browser

    Raises
    ------
    FileNotFoundError
        When no Chromium is installed.
    ModuleNotFoundError
        When Playwright is not installed (``pip install ".[handout]"``).
    """
    from playwright.sync_api import sync_playwright

    chromium = chromium or chromium_path()
    if chromium is None or not Path(chromium).exists():
        raise FileNotFoundError("headless Chromium is needed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, base: str, **options):
    """A browser context that lets only ``base`` (and ``data:``/``blob:``/``about:``) through.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
    base : str
        The address of the local server (``http://127.0.0.1:PORT``).
    **options
        Passed to ``browser.new_context`` (viewport, locale…).

    Returns
    -------
    tuple of (playwright.sync_api.BrowserContext, list of str)
        The context and a list that collects every address it refused.
    """
    refused: list[str] = []
    context = browser.new_context(**options)

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith((base, "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    return context, refused


def wait_until_drawn(page, timeout_ms: int = 30_000) -> None:
    """Wait until every chart on ``page`` has drawn its SVG (and the page has loaded).

    Parameters
    ----------
    page : playwright.sync_api.Page
    timeout_ms : int, default 30000

    Raises
    ------
    playwright.sync_api.TimeoutError
        When a chart has not drawn within the time allowed.
    """
    page.wait_for_load_state("load")
    page.wait_for_function(DRAWN, timeout=timeout_ms)


def print_pdf(page_path: Path, out: Path, *, footer: str | None = None, scale: float = 1.0) -> Path:
    """Print one local HTML file to a PDF (A4) once every chart on it has drawn.

    Parameters
    ----------
    page_path : pathlib.Path
        The HTML file (its relative links resolve against its own folder, which is served).
    out : pathlib.Path
        The PDF to write (its folder is created).
    footer : str, optional
        HTML template of the page footer (Chromium's ``pageNumber``/``totalPages`` classes).
    scale : float, default 1.0
        Scale of the rendering (Chromium accepts 0.1 to 2).

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    FileNotFoundError
        When Chromium is not installed.
    RuntimeError
        When Chromium wrote no PDF.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    page_path = Path(page_path).resolve()
    with serve(page_path.parent) as base, launch() as browser:
        context, _ = offline_context(browser, base)
        page = context.new_page()
        page.goto(f"{base}/{page_path.name}")
        wait_until_drawn(page)
        page.emulate_media(media="print")
        options = {
            "path": str(out),
            "format": "A4",
            "print_background": True,
            "prefer_css_page_size": True,
            "scale": scale,
        }
        if footer:
            options.update(display_header_footer=True, header_template="<span></span>", footer_template=footer)
        page.pdf(**options)
        context.close()
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {out}")
    return out
