"""Benchmarks of the companion: build times, data build, page weight, render time, scale.

    python benchmarks/run.py --out FILE.json [--raw DIR] [--book DIR]

Measures on the current machine (timings are never asserted in tests) and writes:

build_clean_s       book built from scratch, every chapter executed
build_cached_s      rebuild with nothing changed (execution cache hit)
data_build_s        raw official files -> processed tables (needs --raw or $COMPANION_RAW)
page_weight_max_kb  largest page, counting everything it loads (iframes, scripts, styles), uncompressed
page_gzip_max_kb    the same, each response gzip-compressed (level 6) as a static host serves it
render_max_s        slowest page until every map and chart has drawn, in headless Chromium
scale_100k_s        fracture-matrix classification + its sensitivity analysis (every
                    specification) on 100,000 synthetic territorial units
classifications_100k_s  the same classifications alone, and sensitivity_ratio = the two
plus per-page weights and render times, and a description of the machine.

``--book DIR`` measures the pages of an existing build (``DIR/_build/html``) and skips the
data and book builds (their measures are then ``null``).

Performance budget (reported, never asserted): every chapter page with everything it
loads at most 250 KB gzip, the matrix explorer at most 400 KB gzip, every page's maps and
charts drawn within 1 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.analyses import matrix
from analysis.book import browser as chromium
from analysis.book.build import build_book
from analysis.data import paths


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def synthetic_units(n: int, seed: int = 20261127) -> pd.DataFrame:
    """``n`` territorial units with plausible remoteness, CWB components, SAC class and population."""
    rng = np.random.default_rng(seed)
    remoteness = rng.beta(2, 6, n)
    education = np.clip(70 - 40 * remoteness + rng.normal(0, 8, n), 0, 100).round()
    classes = np.array(list(matrix.SAC_RANK))
    sac = classes[np.clip((remoteness * 7 + rng.normal(0, 0.7, n)).astype(int), 0, 5)]
    frame = pd.DataFrame(
        {
            "csd_uid": [f"U{i:07d}" for i in range(n)],
            "name": [f"unit {i}" for i in range(n)],
            "region_name": rng.choice([f"region {r}" for r in range(20)], n),
            "mrc_code": rng.choice([f"{m:03d}" for m in range(400)], n),
            "mrc_name": "",
            "remoteness_2016": remoteness,
            "cwb_education_2021": education,
            "cwb_income_2021": np.clip(education * 0.6 + rng.normal(30, 6, n), 0, 100).round(),
            "cwb_labour_2021": np.clip(90 - 20 * remoteness + rng.normal(0, 5, n), 0, 100).round(),
            "sac_class_2016": sac,
            "pop_census_2021": rng.lognormal(7, 1.5, n).round().astype("int64"),
        }
    )
    missing = rng.random(n) < 0.05
    frame.loc[missing, "cwb_education_2021"] = np.nan
    return frame


def scale_benchmark(n: int = 100_000) -> dict[str, float]:
    """The fracture matrix on ``n`` synthetic units: classification, sensitivity, and their ratio.

    ``scale_100k_s`` is the default classification plus the sensitivity analysis (which
    runs every specification); ``classifications_100k_s`` the same classifications alone,
    so that ``sensitivity_ratio`` shows what the sensitivity bookkeeping adds.
    """
    units = synthetic_units(n)
    total, _ = timed(lambda: (matrix.classify(units), matrix.sensitivity(units)))
    alone, _ = timed(lambda: [matrix.classify(units, spec) for spec in (matrix.DEFAULT, *matrix.ALL_SPECS)])
    return {"scale_100k_s": total, "classifications_100k_s": alone, "sensitivity_ratio": total / alone}


def gzip_bytes(body: bytes) -> int:
    """Bytes a static host sends for ``body`` when it compresses it (gzip, level 6, as nginx and Apache do by default)."""
    return len(gzip.compress(body, compresslevel=6))


DRAWN_CHARTS = (
    "n => [...document.querySelectorAll('.vega-embed')].filter(c => c.querySelectorAll("
    "'svg .role-mark:not(.mark-group) > *').length > 0).length === n"
)
"""Every chart on the page has drawn marks in its SVG (not only its background)."""
DRAWN_FRAME_MAP = (
    "() => Object.keys(window).filter(k => k.startsWith('map_')).some(k => Object.keys(window[k]._layers).length > 3)"
)
"""A folium map (in its iframe) has added its layers."""
DRAWN_EXPLORER = "() => [...document.querySelectorAll('[data-explorer]')].every(e => e.dataset.drawn === 'true')"
"""Every matrix explorer on the page has drawn its map and its scatter (it sets ``data-drawn``)."""


def load_page(browser, base: str, page: str) -> dict:
    """Open one page in a fresh context (nothing cached); its bodies, and the seconds until everything has drawn."""
    context, _ = chromium.offline_context(browser, base, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    bodies: list[bytes] = []
    tab.on("response", lambda response: bodies.append(response.body() if response.ok else b""))
    start = time.perf_counter()
    tab.goto(f"{base}/{page}", wait_until="load")
    charts = tab.locator(".vega-embed").count()
    if charts:
        tab.wait_for_function(DRAWN_CHARTS, arg=charts, timeout=60000)
    maps = 0
    for frame in tab.frames[1:]:
        if frame.locator(".leaflet-container").count():
            frame.wait_for_function(DRAWN_FRAME_MAP, timeout=60000)
            maps += 1
    explorers = tab.locator("[data-explorer]").count()
    if explorers:
        tab.wait_for_function(DRAWN_EXPLORER, timeout=60000)
        maps += explorers
    elapsed = time.perf_counter() - start
    tab.wait_for_timeout(300)  # late responses (fonts, images) still count in the weight
    context.close()
    return {"bodies": bodies, "render_s": elapsed, "charts": charts, "maps": maps}


def browse(html: Path, repeats: int = 3) -> dict[str, dict]:
    """Weight and render time of every page of the built book, with everything each page loads.

    Each page is opened ``repeats`` times, each time in a fresh browser context (nothing
    cached), at 1280 x 900. ``kb`` is the sum of the response bodies as served
    (uncompressed), ``gzip_kb`` the same bodies compressed one by one with gzip at level 6
    (what a reader downloads from a static host that compresses its responses);
    ``render_s`` is the median time from the request of the page until every chart, every
    folium map and every matrix explorer has drawn.
    """
    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts and p.name not in ("genindex.html", "search.html")
    )
    results = {}
    with chromium.serve(html) as base, chromium.launch() as browser:
        for page in pages:
            loads = [load_page(browser, base, page) for _ in range(repeats)]
            bodies = loads[0]["bodies"]
            results[page] = {
                "kb": round(sum(map(len, bodies)) / 1024, 1),
                "gzip_kb": round(sum(map(gzip_bytes, bodies)) / 1024, 1),
                "render_s": round(statistics.median(load["render_s"] for load in loads), 3),
                "charts": loads[0]["charts"],
                "maps": loads[0]["maps"],
            }
    return results


def machine() -> dict:
    memory = None
    if Path("/proc/meminfo").exists():
        first = Path("/proc/meminfo").read_text().split("\n")[0]
        memory = f"{int(first.split()[1]) // 1024 // 1024} GiB"
    cpu = platform.processor() or platform.machine()
    if Path("/proc/cpuinfo").exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


BUDGET_GZIP_KB = {"chapter": 250.0, "explorer": 400.0}
"""Budget of the bytes a reader downloads (gzip), per kind of page."""
BUDGET_RENDER_S = 1.0
"""Budget of the time until every map and chart of a page has drawn."""


def over_budget(pages: dict[str, dict]) -> list[str]:
    """The pages over the performance budget, each with the measure that exceeds it."""
    problems = []
    for page, values in pages.items():
        kind = "explorer" if "explorer" in page else "chapter" if "/chapters/" in page else None
        if kind and values["gzip_kb"] > BUDGET_GZIP_KB[kind]:
            problems.append(f"{page}: {values['gzip_kb']} KB gzip > {BUDGET_GZIP_KB[kind]:.0f} KB")
        if (values["charts"] or values["maps"]) and values["render_s"] > BUDGET_RENDER_S:
            problems.append(f"{page}: drawn in {values['render_s']} s > {BUDGET_RENDER_S} s")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--raw", help="raw folder for data_build_s (default $COMPANION_RAW)")
    parser.add_argument("--book", help="measure the pages of this existing build (skips the data and book builds)")
    args = parser.parse_args(argv)
    report: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp:
        work = Path(tmp)
        if args.book:
            report["data_build_s"] = report["build_clean_s"] = report["build_cached_s"] = None
            html = Path(args.book) / "_build" / "html"
        else:
            raw = paths.raw_dir(args.raw)
            if raw.is_dir():
                from analysis.data.pipeline.build import build

                report["data_build_s"], _ = timed(build, raw, work / "data" / "processed", log=lambda _: None)
            else:
                report["data_build_s"] = None
                report["data_build_note"] = f"no raw folder at {raw}"
            # A private execution cache, so that the clean build really executes every chapter.
            os.environ["COMPANION_EXECUTION_CACHE"] = str(work / "execution-cache")
            report["build_clean_s"], code = timed(build_book, out=str(work / "book"))
            if code != 0:
                print("book build failed", file=sys.stderr)
                return 1
            report["build_cached_s"], _ = timed(build_book, out=str(work / "book"))
            html = work / "book" / "_build" / "html"
        pages = browse(html)
        report["pages"] = pages
        report["page_weight_max_kb"] = max(p["kb"] for p in pages.values())
        report["page_gzip_max_kb"] = max(p["gzip_kb"] for p in pages.values())
        report["render_max_s"] = max(p["render_s"] for p in pages.values())
        report["over_budget"] = over_budget(pages)
    report.update(scale_benchmark())
    for key in (
        "data_build_s",
        "build_clean_s",
        "build_cached_s",
        "scale_100k_s",
        "classifications_100k_s",
        "sensitivity_ratio",
    ):
        if isinstance(report.get(key), float):
            report[key] = round(report[key], 2)
    Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'measure':<22}{'value':>12}")
    for key in (
        "data_build_s",
        "build_clean_s",
        "build_cached_s",
        "page_weight_max_kb",
        "page_gzip_max_kb",
        "render_max_s",
        "scale_100k_s",
        "classifications_100k_s",
        "sensitivity_ratio",
    ):
        print(f"{key:<22}{str(report.get(key)):>12}")
    print("\nper page (KB gzip as served compressed, KB uncompressed, seconds until every map and chart has drawn):")
    for page, values in pages.items():
        print(f"  {page:<45}{values['gzip_kb']:>8} KB gz {values['kb']:>9} KB {values['render_s']:>7} s")
    print("\nover budget:" if report["over_budget"] else "\nevery page within budget")
    for problem in report["over_budget"]:
        print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
