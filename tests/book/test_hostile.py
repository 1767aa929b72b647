"""`companion rerun` on official files with hostile names and a chapter that fails: one build, checked end to end.

A copy of the raw mirror gets municipality and MRC names holding quotes, ``&``, ``<``, ``>``,
a backtick, a backslash, ``</script>``, ``${…}``, template tags, an HTML comment, Markdown
and a line break (``Val-des-Sources `Asbestos```…), and Saint-Camille's education score
drops so that it changes cell. The chapters' kernel is told (through an IPython start-up
file, the chapters themselves untouched) to fail on every ``ch7.`` result. The rerun must
complete and report; the new book must draw every map and chart with no console error or
warning and no dialog, and show the names as literal text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import raw_mirror
from markdown_it import MarkdownIt
from test_browser import _require_browser, console_problems, drawn_figures, pages, visit
from test_rerun import _tables

from analysis.book import browser as chromium
from analysis.cli import main
from analysis.data import paths
from analysis.vocabulary import EXCLUSION, EXPERIMENTATION, RECONVERSION, SAINT_CAMILLE, VAL_DES_SOURCES

pytestmark = pytest.mark.raw

NOT_AVAILABLE = "not available in these data"  # how the rerun book and its report show a missing result

NAMES = {  # MAMH code -> name in every register export
    "40025": "Saint-Camille \"<b>bold</b>\" & 'co' `tick` ${alert('SC')} </script><script>alert('SC')</script>",
    "40043": 'Val-des-Sources `Asbestos` ${alert("VdS")}',
    "40047": "Danville \\ back\\slash | *star* _under_ [link](x) {{ 6 * 7 }} {% if true %}jinja{% endif %}",
    "40010": "Saint-Adrien<!-- comment --> &amp; &lt;i&gt;",
    "40017": "Wotton\nsecond line",
}
MRC_NAME = 'Les Sources & <MRC> "quotes" `tick` ${alert("MRC")}'
FAILURE = "deliberately not computed by the test"
STARTUP = f'''
import analysis.book.results as _results

_record = _results.record


def _failing_record(name, value, digits=None, display=False):
    if name.startswith("ch7."):
        raise ValueError("{FAILURE}: " + name)
    return _record(name, value, digits=digits, display=display)


_results.record = _failing_record
'''


def hostile_raw(raw: Path, target: Path) -> None:
    """Copy the raw mirror to ``target`` with the hostile names and Saint-Camille's education 62 -> 30."""
    shutil.copytree(raw, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    for register in target.rglob("MUN*.csv"):
        rows = list(csv.reader(io.StringIO(register.read_text(encoding="utf-8-sig"))))
        code, name = rows[0].index("mcode"), rows[0].index("munnom")
        for row in rows[1:]:
            if row and row[code] in NAMES:
                row[name] = NAMES[row[code]]
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        register.write_text(text.getvalue(), encoding="utf-8")
    sda = next(target.rglob("qc-mrc.geojson"))
    layer = json.loads(sda.read_text(encoding="utf-8"))
    for feature in layer["features"]:
        if feature["properties"].get("MRS_CO_MRC") == "40":
            feature["properties"]["MRS_NM_MRC"] = MRC_NAME
    sda.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    cwb = next(target.rglob("CWB_2021.csv"))
    text = cwb.read_bytes().decode("cp1252")
    line = next(row for row in text.splitlines() if row.startswith(f"{SAINT_CAMILLE},"))
    fields = line.split(",")
    fields[4], fields[7] = "30", "73"  # education component 62 -> 30, overall 81 -> 73
    cwb.write_bytes(text.replace(line, ",".join(fields)).encode("cp1252"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    raw = raw_mirror()
    base = tmp_path_factory.mktemp("hostile")
    hostile_raw(raw, base / "raw")
    startup = base / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-fail-ch7.py").write_text(STARTUP, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.setenv("IPYTHONDIR", str(base / "ipython"))
        code = main(["rerun", "--raw", str(base / "raw"), "--out", str(base / "rerun")])
    processed = pd.read_csv(base / "rerun" / "data" / "processed" / "municipalities.csv", dtype=str)
    shown = processed.set_index("csd_uid")
    return {
        "code": code,
        "out": base / "rerun",
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "names": {f"24{code}": shown.at[f"24{code}", "name"] for code in NAMES},  # as the readers keep them
        "mrc": shown.at[SAINT_CAMILLE, "mrc_name"],
    }


def flat(text: str) -> str:
    """Whitespace collapsed, as HTML shows it (pandas tables also write a line break as ``\\n``)."""
    return " ".join(text.replace("\\n", " ").split())


def test_the_names_reach_the_new_data_hostile(hostile):
    names = hostile["names"]
    assert "</script>" in names[SAINT_CAMILLE] and "`Asbestos`" in names[VAL_DES_SOURCES]
    assert "{{" in names["2440047"] and "<MRC>" in hostile["mrc"]


def test_rerun_completes_with_a_failing_chapter(hostile):
    assert hostile["code"] == 0, hostile["stderr"]
    out = hostile["out"]
    assert "[1/4]" in hostile["stdout"] and "[4/4]" in hostile["stdout"] and "chapter 04-matrix" in hostile["stdout"]
    assert (out / "book" / "_build" / "html" / "index.html").exists()
    committed = json.loads((paths.REPO / "book" / "results.json").read_text(encoding="utf-8"))
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    conclusion = [name for name in committed if name.startswith("ch7.")]
    assert conclusion and all(results[name] is None for name in conclusion)
    assert results["ch4.saint_camille.remoteness_2021-education-median"] == RECONVERSION
    assert results["ch4.saint_camille.sac-education-median"] == EXCLUSION
    assert (paths.processed_dir() / "municipalities.csv").read_bytes() != (
        out / "data" / "processed" / "municipalities.csv"
    ).read_bytes()


def test_changes_report_stays_a_valid_table_and_names_the_failing_line(hostile):
    changes = (hostile["out"] / "changes.md").read_text(encoding="utf-8")
    tables = _tables(changes)
    assert tables
    for rows in tables:
        assert all(len(row) == len(rows[0]) for row in rows), rows
    rows = [row for rows in tables for row in rows]
    # Saint-Camille changed cell: one row with its name as written, its region and both cells.
    camille = flat(hostile["names"][SAINT_CAMILLE])
    assert [flat(c) for c in rows[rows.index(next(r for r in rows if flat(r[0]) == camille))]][1:] == [
        "Estrie",
        EXPERIMENTATION,
        EXCLUSION,
    ]
    # The failing line of the conclusion and its message, not the cell's first line.
    failing = [row for row in rows if row[0] == "07-conclusion"]
    assert failing and "record(" in failing[0][1] and FAILURE in failing[0][2], failing
    # Every conclusion result is reported as not available.
    assert any(row[0].startswith("ch7.") and row[2] == NOT_AVAILABLE for row in rows)
    assert "<b>" not in MarkdownIt("commonmark").enable("table").render(changes)
    # The vintage report: the edited CWB 2021 file is the same vintage, another file.
    assert "## Sources and vintages" in changes
    assert (
        "| ISC, Community Well-Being Index | 2006, 2016, 2021 | 2006, 2016, 2021 | same vintage, other file |"
        in changes
    )


@pytest.fixture(scope="module")
def hostile_site(hostile):
    _require_browser()
    root = hostile["out"] / "book" / "_build" / "html"
    with chromium.serve(root) as base, chromium.launch() as browser:
        yield root, base, browser


@pytest.mark.browser
def test_hostile_book_logs_nothing_and_draws_every_figure(hostile_site):
    root, base, browser = hostile_site
    problems = console_problems(browser, base, pages(root))
    assert not problems, "\n".join(problems)
    charts = maps = 0
    for page in pages(root):
        context, tab, _, _ = visit(browser, base, page)
        drawn = drawn_figures(tab, page)
        charts, maps = charts + drawn[0], maps + drawn[1]
        context.close()
    assert charts >= 8 and maps >= 3, (charts, maps)


def _frame_texts(tab) -> str:
    """The text of every map frame, with every popup opened in turn."""
    texts = []
    for frame in tab.frames[1:]:
        if frame.locator(".leaflet-container").count() == 0:
            continue
        texts.append(frame.evaluate("() => document.body.innerText"))
        texts += frame.evaluate(
            """() => {
              const out = [];
              const text = value => {
                const node = document.createElement('div');
                if (value instanceof Node) node.appendChild(value.cloneNode(true));
                else node.innerHTML = String(value);
                return node.textContent;
              };
              for (const key of Object.keys(window).filter(k => k.startsWith('map_'))) {
                window[key].eachLayer(layer => {
                  for (const bound of [layer.getPopup && layer.getPopup(), layer.getTooltip && layer.getTooltip()]) {
                    if (!bound) continue;
                    const content = bound.getContent();
                    if (typeof content !== 'function') { out.push(text(content)); continue; }
                    // A GeoJSON layer builds the popup or tooltip of each of its features; a marker
                    // of a compact layer builds its own.
                    const targets = layer.getLayers ? layer.getLayers().filter(l => l.feature) : [layer];
                    for (const target of targets) out.push(text(content(target)));
                  }
                });
              }
              return out;
            }"""
        )
    return " ".join(flat(t) for t in texts)


@pytest.mark.browser
def test_hostile_names_show_as_literal_text(hostile, hostile_site):
    root, base, browser = hostile_site
    names = {code: flat(name) for code, name in hostile["names"].items()}
    mrc = flat(hostile["mrc"])
    shown = {}
    for page in (
        "book/chapters/03-connection.html",
        "book/chapters/04-matrix.html",
        "book/chapters/06-saint-camille.html",
    ):
        context, tab, _, problems = visit(browser, base, page)
        drawn_figures(tab, page)
        svg = tab.evaluate(
            "() => [...document.querySelectorAll('.companion-drawing svg')].map(s => s.textContent).join(' ')"
        )
        shown[page] = (flat(tab.evaluate("() => document.body.innerText")), _frame_texts(tab), flat(svg))
        context.close()
        assert not problems, problems
    for page in ("book/chapters/03-connection.html", "book/chapters/04-matrix.html"):
        _, frames, svg = shown[page]
        assert names[SAINT_CAMILLE] in frames and names[VAL_DES_SOURCES] in frames, page
        assert names[SAINT_CAMILLE] in svg, page  # the label on the scatter
    text, frames, svg = shown["book/chapters/06-saint-camille.html"]
    for name in names.values():
        assert name in frames, name  # labels, legend, tooltips and popups of the map
    assert mrc in frames  # the legend and the MRC tooltip
    assert names[SAINT_CAMILLE] in text  # the tables and the caption of the page
    assert names[SAINT_CAMILLE] in svg  # the label of the indexed-growth chart
    context, tab, _, _ = visit(browser, base, "book/chapters/07-conclusion.html")
    assert NOT_AVAILABLE in tab.evaluate("() => document.body.innerText")
    context.close()
