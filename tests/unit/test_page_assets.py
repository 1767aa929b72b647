"""What a page loads: a feature's files only where it is used (page_assets), the theme's style sheets purged (theme_fixes)."""

from __future__ import annotations

import json
import os
import shutil
from types import SimpleNamespace

import pytest

from analysis.book.ext import page_assets, theme_fixes
from analysis.data import paths


def script(name: str | None, body: str = "") -> SimpleNamespace:
    return SimpleNamespace(filename=name, attributes={"body": body} if body else {})


def test_thebe_never_and_sphinx_design_only_where_used():
    scripts = [
        script("sphinx-thebe.js"),
        script(None, 'const THEBE_JS_URL = "x"'),
        script("design-tabs.js"),
        script("copybutton.js"),
    ]
    styles = [script("sphinx-design.min.css"), script("sphinx-thebe.css"), script("companion.css")]
    plain = "<p>prose</p>"
    assert [s.filename for s in page_assets.unused(scripts, plain)] == ["sphinx-thebe.js", None, "design-tabs.js"]
    assert [s.filename for s in page_assets.unused(styles, plain)] == ["sphinx-design.min.css", "sphinx-thebe.css"]
    grid = '<div class="sd-container-fluid">'
    assert [s.filename for s in page_assets.unused(scripts, grid)] == ["sphinx-thebe.js", None]


def test_the_charts_script_leaves_the_global_lists():
    entries = ["companion.css", "charts/companion-charts.js", ("charts/x.js", {"defer": "defer"}), "x.js"]
    assert page_assets.without_chart_files(entries) == ["companion.css", "x.js"]


def test_the_charts_script_is_added_where_a_chart_is():
    added = []
    app = SimpleNamespace(add_js_file=lambda name, **kw: added.append(name))
    files = [script("sphinx-thebe.js"), script("doctools.js")]
    context = {"body": '<div class="companion-drawing" id="chart-1">', "script_files": files, "css_files": []}
    page_assets.html_page_context(app, "p", "page.html", context, None)
    assert added == [page_assets.CHARTS_SCRIPT]
    assert [s.filename for s in files] == ["doctools.js"]
    page_assets.html_page_context(app, "q", "page.html", {"body": "<p>x</p>"}, None)
    assert added == [page_assets.CHARTS_SCRIPT]


PAGE = '<html data-theme="light"><body><div class="used"><p class="also-used">x</p></div></body></html>'
CSS = (
    ".used{color:red}.never-spelled{color:blue}.also-used p{margin:0}"
    "html[data-theme=dark] .used{color:#fff}.dropdown-menu[data-bs-popper]{top:100%}"
    ":root{--pst-color:#123}.added-by-script{color:green}"
)


def test_purge_keeps_what_pages_and_scripts_use_and_run_time_states(tmp_path):
    if not (paths.REPO / "node_modules" / "purgecss").is_dir() or shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PurgeCSS is not installed: CI runs `npm ci` before the tests")
        pytest.skip("PurgeCSS is installed by `npm ci` (the first `companion book` runs it)")
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (static / "theme.js").write_text('el.classList.add("added-by-script")', encoding="utf-8")
    sheet = static / "styles" / "pydata-sphinx-theme.css"
    sheet.write_text(CSS, encoding="utf-8")
    (static / "companion.css").write_text(".never-spelled{color:blue}", encoding="utf-8")
    sizes = theme_fixes.purge_styles(tmp_path, paths.REPO)
    kept = sheet.read_text(encoding="utf-8")
    assert set(sizes) == {"styles/pydata-sphinx-theme.css"} and sizes["styles/pydata-sphinx-theme.css"][1] < len(CSS)
    assert ".used" in kept and ".added-by-script" in kept and "--pst-color" in kept
    assert "data-theme=dark" in kept and "data-bs-popper" in kept  # states set at run time
    assert ".never-spelled" not in kept
    assert (static / "companion.css").read_text(encoding="utf-8") == ".never-spelled{color:blue}"  # the book's own


def test_purge_without_purgecss_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "_static" / "styles").mkdir(parents=True)
    (tmp_path / "_static" / "styles" / "pydata-sphinx-theme.css").write_text(".a{}", encoding="utf-8")
    monkeypatch.setenv("PATH", os.devnull)
    with pytest.raises(RuntimeError, match="npm ci"):
        theme_fixes.purge_styles(tmp_path, tmp_path)


def test_a_page_sends_each_tooltip_column_once():
    from analysis.figures.charts import drawing

    assert page_assets.TIP_COLUMN_CLASS == drawing.TIP_COLUMN_CLASS  # the name the drawings write

    def column(values: list) -> str:
        return f'<script type="application/json" class="companion-tip-column">{json.dumps(values)}</script>'

    names, first, second = column(["A", "B \\u003c"]), column(["1", "2"]), column(["3", "4"])
    body = f"<div>{names}{first}</div><p>text</p><div>{names}{second}</div><div>{first}</div>"
    pooled = page_assets.pool_tips(body)
    empty = '<script type="application/json" class="companion-tip-column" data-same="{}"></script>'
    assert pooled == (
        f"<div>{names}{first}</div><p>text</p><div>{empty.format(0)}{second}</div><div>{empty.format(1)}</div>"
    )
    assert page_assets.pool_tips("<p>no chart</p>") == "<p>no chart</p>"
