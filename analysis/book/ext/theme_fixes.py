"""Sphinx extension: small repairs to the HTML that Jupyter Book's theme writes.

Each repair is one function on a page's HTML (returning the new text and how many
changes it made), with the upstream behaviour it works around; each has a unit test on
an HTML string, so a theme update that changes the markup shows up as a failing test,
not as a silent no-op.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from analysis.data import paths


def one_thebe_config(text: str) -> tuple[str, int]:
    """Keep one copy of sphinx-thebe's settings script.

    sphinx-thebe (loaded by Jupyter Book even with thebe off) writes
    ``<script>const THEBE_JS_URL …</script>`` twice, which browsers report as a
    redeclared constant.
    """
    thebe = re.findall(r"<script>const THEBE_JS_URL[^<]*</script>\n?", text)
    if len(thebe) < 2:
        return text, 0
    first = text.index(thebe[0]) + len(thebe[0])
    return text[:first] + text[first:].replace(thebe[0], ""), len(thebe) - 1


def _attribute(escaped_twice: str) -> str:
    return html.escape(html.unescape(html.unescape(escaped_twice)), quote=True)


def titled_map_frames(text: str) -> tuple[str, int]:
    """Give each folium map's ``<iframe>`` a ``title`` (its alt text), as accessibility checks require.

    folium writes the map into the iframe's ``srcdoc``; the map's description, a
    ``<meta name="description">`` inside it (escaped twice there), becomes the title. An
    iframe counts as titled only by its own ``title="…"`` attribute: the map inside may hold
    ``title=`` too (Leaflet's attribution link), escaped as ``title=&quot;``.
    """
    return re.subn(
        r"<iframe(?![^>]*\btitle=\")([^>]*?srcdoc=\"(?:(?!\").)*?&lt;meta name=&quot;description&quot; content=&quot;(.*?)&quot;)",
        lambda m: f'<iframe title="{_attribute(m.group(2))}"{m.group(1)}',
        text,
        flags=re.S,
    )


def no_fontawesome_script(text: str) -> tuple[str, int]:
    """Drop the theme's 1.5 MB FontAwesome script.

    pydata-sphinx-theme loads FontAwesome twice: as a web font through its style sheet
    and as a script that swaps each icon for an SVG. The web font alone draws the icons.
    """
    return re.subn(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?', "", text)


def no_bootstrap_script(text: str) -> tuple[str, int]:
    """Drop Bootstrap's script (23 KB gzip on every page) and its preload hint.

    pydata-sphinx-theme loads all of Bootstrap's JavaScript; on the reader's edition it
    would serve one dropdown (the "download this page" button, which that edition turns
    off: :func:`no_download_button`) and styled hover hints, which the buttons' own
    ``title`` attributes give as well. Bootstrap's styles stay (they are in the theme's
    style sheet). Not applied to the student edition, which keeps the button.
    """
    return re.subn(
        r'<link rel="preload" as="script" href="[^"]*_static/scripts/bootstrap\.js[^"]*" />\n?'
        r'|<script defer src="[^"]*_static/scripts/bootstrap\.js[^"]*"></script>\n?',
        "",
        text,
    )


def no_download_button(app, config) -> None:
    """Turn off sphinx-book-theme's "download this page" dropdown (``use_download_button``) for readers.

    It offers the chapter's notebook source and the browser's print dialog: notebook
    machinery for a reader of the book (the sources are in the repository, the handout is
    the printed form), and the only thing on the pages that needs Bootstrap's script. The
    student edition (``companion_student``) keeps it: students download each chapter's
    notebook, without solutions, from it (seminar guide).
    """
    if getattr(config, "companion_student", False):
        return
    config.html_theme_options = {**(config.html_theme_options or {}), "use_download_button": False}


NAVBAR_TOGGLES = re.compile(
    r'<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle"[^>]*>\s*'
    r'<span class="fa-solid [a-z-]+"></span>\s*</button>\n?'
)


def one_sidebar_toggle_each(text: str) -> tuple[str, int]:
    """Drop pydata-sphinx-theme's hidden navbar sidebar buttons, so the visible ones work.

    Since 0.17, pydata-sphinx-theme writes its own ``.primary-toggle`` and
    ``.secondary-toggle`` buttons in its top navbar, which sphinx-book-theme hides, and then
    binds only the first element of each class (``document.querySelector``): the hidden
    button. The visible buttons of sphinx-book-theme's article header got no handler, so on
    a phone neither the table of contents nor the page's sections could be opened
    (pydata-sphinx-theme issue #2451). With the hidden buttons gone, the theme's scripts bind
    the visible ones (the pop-up sidebar on a phone; on a wide screen, sphinx-book-theme's
    own handler folds the sidebar away).
    """
    return NAVBAR_TOGGLES.subn("", text)


def citation_list_role(text: str) -> tuple[str, int]:
    """Remove ``role="list"`` from sphinxcontrib-bibtex's citation list, which has no list items."""
    return re.subn(r'<div role="list" class="citation-list">', '<div class="citation-list">', text)


FIXES: tuple[Callable[[str], tuple[str, int]], ...] = (
    one_thebe_config,
    titled_map_frames,
    no_fontawesome_script,
    one_sidebar_toggle_each,
    citation_list_role,
)


SEARCH_TOOLS = re.compile(
    r'[ \t]*<script src="[^"]*_static/searchtools\.js[^"]*"></script>\n'
    r'[ \t]*<script src="[^"]*_static/language_data\.js[^"]*"></script>\n'
    r'[ \t]*<script src="[^"]*searchindex\.js[^"]*"></script>\n?'
)


def search_tools_on_the_search_page_only(text: str) -> tuple[str, int]:
    """Drop Sphinx's search scripts and index (about 40 KB gzip) from a page that is not the search page.

    pydata-sphinx-theme loads them on every page for its search-as-you-type option, which
    the book does not use: the search box sends the query to ``search.html``, which loads
    them itself. Apply to every page except ``search.html``.
    """
    return SEARCH_TOOLS.subn("", text)


def fix_text(text: str) -> tuple[str, int]:
    """Apply every repair of :data:`FIXES` to one page's HTML; return the text and the number of changes."""
    total = 0
    for fix in FIXES:
        text, count = fix(text)
        total += count
    return text, total


# --- FontAwesome, cut down to the icons the book shows ----------------------------------

ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
ICON_RULE = re.compile(r"([^{}]+)\{[^{}]*?content:\s*\"\\([0-9a-fA-F]{4,5})\"")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def icon_codepoints(theme_css: str, pages: Iterable[str]) -> set[int]:
    """The FontAwesome code points the book can show.

    pydata-sphinx-theme ships the whole FontAwesome 6 web fonts (about 150 KB gzip for the
    solid face alone), although a page shows a dozen icons. An icon is shown either through a
    class in the HTML (``<i class="fa-solid fa-bars">``, mapped to its code point by the
    theme's ``.fa-bars:before{content:"\\f0c9"}`` rule) or through a character the theme's
    style sheet writes itself (its ``--pst-icon-…`` variables hold private-use characters).

    Parameters
    ----------
    theme_css : str
        The theme's style sheet (with the FontAwesome rules).
    pages : iterable of str
        The HTML of every page and the text of every script that could insert an icon.

    Returns
    -------
    set of int
        The code points to keep.
    """
    names = set()
    for text in pages:
        names |= set(ICON_CLASS.findall(text))
    points = set()
    for selectors, code in ICON_RULE.findall(theme_css):
        wanted = {s.strip().split(":")[0].lstrip(".") for s in selectors.split(",")}
        if wanted & names:
            points.add(int(code, 16))
    without_rules = ICON_RULE.sub("", theme_css)
    points |= {ord(c) for c in PRIVATE_USE.findall(without_rules)}
    return points


def subset_fonts(static: Path, points: set[int]) -> int:
    """Cut every FontAwesome font under ``static`` down to ``points`` (fontTools); return the bytes saved.

    Parameters
    ----------
    static : pathlib.Path
        The ``_static`` folder of the built book.
    points : set of int
        Code points to keep (:func:`icon_codepoints`).

    Returns
    -------
    int
        Bytes saved over every font file.
    """
    from fontTools import subset

    saved = 0
    for font in sorted((static / "vendor" / "fontawesome" / "webfonts").glob("fa-*")):
        if font.suffix not in (".woff2", ".ttf"):
            continue
        before = font.stat().st_size
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)
        saved += before - font.stat().st_size
    return saved


# --- Style sheets, cut down to the rules the book's pages can use --------------------------

PURGED_STYLES = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "basic.css",
    "mystnb.*.css",
)
"""The theme's and Jupyter Book's style sheets under ``_static`` (387 KB of the theme's alone,
most of it Bootstrap rules no page uses); the book's own and the vendors' are left whole."""
KEPT_SELECTORS = (r"^data-", r"^show$", r"^collaps", r"^fade$", r"tooltip", r"popover", r"dropdown")
"""Selectors PurgeCSS keeps even when no page or script spells them (patterns of PurgeCSS's
greedy safelist, matched against each part of a selector: a class, an id, an attribute name,
a tag): attribute states set at
run time (``data-theme``, ``data-mode``, Bootstrap's ``data-bs-popper``, Popper's
``data-popper-placement``) and Bootstrap's classes for open menus and tooltips."""
_PURGE_SCRIPT = """
const [module, settings] = process.argv.slice(1);
const { PurgeCSS } = require(module);
const options = JSON.parse(settings);
options.safelist = { greedy: options.safelist.map((pattern) => new RegExp(pattern)) };
new PurgeCSS().purge(options).then((results) => {
  const fs = require("fs");
  for (const result of results) fs.writeFileSync(result.file, result.css);
  process.stdout.write(JSON.stringify(results.map((result) => result.file)));
});
"""


def purge_styles(outdir: Path, repo: Path) -> dict[str, tuple[int, int]]:
    """Cut the theme's style sheets down to the rules the built pages can use (PurgeCSS).

    pydata-sphinx-theme ships Bootstrap's whole style sheet (387 KB, 64 KB gzip), which every
    page loads although the book uses a small part of it. PurgeCSS (``node_modules/purgecss``,
    pinned in ``package.json``) keeps each rule whose selectors name a class, id, element or
    attribute found in the built HTML or in a script under ``_static`` (classes that scripts
    add at run time are spelled there), plus :data:`KEPT_SELECTORS`; custom properties,
    ``@font-face`` and ``@keyframes`` rules are kept.

    Parameters
    ----------
    outdir : pathlib.Path
        The built HTML folder (with ``_static``).
    repo : pathlib.Path
        The repository root (holding ``node_modules``).

    Returns
    -------
    dict
        Each style sheet purged (relative to ``_static``) → (bytes before, bytes after).

    Raises
    ------
    RuntimeError
        When Node.js or PurgeCSS is missing (``npm ci`` installs it) or PurgeCSS fails.
    """
    import json
    import shutil
    import subprocess

    static = outdir / "_static"
    styles = sorted({p for pattern in PURGED_STYLES for p in static.glob(pattern)})
    if not styles:
        return {}
    node = shutil.which("node")
    module = repo / "node_modules" / "purgecss"
    if node is None or not module.is_dir():
        raise RuntimeError("PurgeCSS is needed to build the book: run `npm ci` in the repository (Node.js and npm)")
    before = {p: p.stat().st_size for p in styles}
    options = {
        "css": [str(p) for p in styles],
        "content": [str(outdir / "**" / "*.html"), str(static / "**" / "*.js")],
        "safelist": list(KEPT_SELECTORS),
    }
    done = subprocess.run(
        [node, "-e", _PURGE_SCRIPT, str(module), json.dumps(options)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"PurgeCSS failed on the theme's style sheets: {done.stderr.strip()[:500]}")
    return {p.relative_to(static).as_posix(): (before[p], p.stat().st_size) for p in styles}


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    texts = []
    for page in sorted(outdir.rglob("*.html")):
        text, count = fix_text(page.read_text(encoding="utf-8"))
        if page.name != "search.html":
            text, dropped = search_tools_on_the_search_page_only(text)
            count += dropped
        if not getattr(app.config, "companion_student", False):
            text, dropped = no_bootstrap_script(text)
            count += dropped
        if count:
            page.write_text(text, encoding="utf-8")
        texts.append(text)
    static = outdir / "_static"
    texts += [
        p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.js") if "fontawesome" not in p.name
    ]
    theme_css = static / "styles" / "pydata-sphinx-theme.css"
    if theme_css.exists() and (static / "vendor" / "fontawesome").is_dir():
        subset_fonts(static, icon_codepoints(theme_css.read_text(encoding="utf-8"), texts))
    purge_styles(outdir, paths.REPO)


def setup(app):
    app.connect("config-inited", no_download_button)
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
