"""Benchmarks of the companion: build times, data build, page weight, render time, scale.

    python benchmarks/run.py --out FILE.json [--raw DIR] [--book DIR]

Measures on the current machine (timings are never asserted in tests) and writes:

build_clean_s       book built from scratch, every chapter executed
build_cached_s      rebuild with nothing changed (execution cache hit)
data_build_s        raw official files -> processed tables (needs --raw or $COMPANION_RAW)
page_weight_max_kb  largest page, counting everything it loads (iframes, scripts, styles), uncompressed
page_gzip_max_kb    the same, each response gzip-compressed (level 6) as a static host serves it
render_max_s        slowest page until every map and chart has drawn, in headless Chromium
scale_100k_s        fracture-matrix assignment + the stability of the multiverse over places
                    (every specification) on 100,000 synthetic territorial units
classifications_100k_s  the same assignments alone, and sensitivity_ratio = the two
plus per-page weights and render times, and a description of the machine.

With ``--census-profile-gb GB`` (default 0: skipped, so the usual run writes no large
file), also ``census_profile``: the official long-format Census Profile reader
(``analysis.data.pipeline.census_profile``) on generated files in the 2021 layout
(98-401-X2021005) of GB/2 and GB gigabytes, written to a temporary folder and removed
afterwards: rows and megabytes per second, and the peak resident memory of a child
process reading each file (``ru_maxrss``), beside a child that only imports the reader
(baseline). Run it alone with
``python -c "import sys; sys.path.insert(0, 'benchmarks'); import run; print(run.census_profile_benchmark(1.0))"``.
The peak must stay flat as the file grows (the reader streams in fixed-size chunks).

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

from analysis.analyses import centrality, matrix, multiverse
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
    classes = np.array(list(centrality.SAC_RANK))
    sac = classes[np.clip((remoteness * 7 + rng.normal(0, 0.7, n)).astype(int), 0, 5)]
    frame = pd.DataFrame(
        {
            "csd_uid": [f"U{i:07d}" for i in range(n)],
            "name": [f"unit {i}" for i in range(n)],
            "region_name": rng.choice([f"region {r}" for r in range(20)], n),
            "mrc_code": rng.choice([f"{m:03d}" for m in range(400)], n),
            "mrc_name": "",
            "remoteness_2016": remoteness,
            "remoteness_2021": np.clip(remoteness * 1.1 + rng.normal(0, 0.01, n), 0, 1),
            "cwb_education_2021": education,
            "cwb_income_2021": np.clip(education * 0.6 + rng.normal(30, 6, n), 0, 100).round(),
            "cwb_labour_2021": np.clip(90 - 20 * remoteness + rng.normal(0, 5, n), 0, 100).round(),
            "sac_class_2016": sac,
            "commute_other_cd_pct_2016": np.clip(rng.normal(30, 15, n), 0, 100).round(1),
            "commute_other_province_pct_2016": np.clip(rng.normal(1, 1, n), 0, 100).round(1),
            "commute_60min_plus_pct_2021": np.clip(rng.normal(7, 4, n), 0, 100).round(1),
            "pop_census_2021": rng.lognormal(7, 1.5, n).round().astype("int64"),
        }
    )
    missing = rng.random(n) < 0.05
    frame.loc[missing, "cwb_education_2021"] = np.nan
    return frame


def scale_benchmark(n: int = 100_000) -> dict[str, float]:
    """The fracture matrix on ``n`` synthetic units: assignment, the multiverse over places, and their ratio.

    ``scale_100k_s`` is the default assignment plus the stability of the multiverse over
    places (which assigns every specification); ``classifications_100k_s`` the same
    assignments alone, so that ``sensitivity_ratio`` shows what the bookkeeping adds.
    """
    units = synthetic_units(n)
    specs = multiverse.specifications(units)
    total, _ = timed(lambda: (matrix.assign(units), multiverse.stability(multiverse.cells(units, specs))))
    alone, _ = timed(lambda: [matrix.assign(units, spec) for spec in (matrix.DEFAULT_SPECIFICATION, *specs)])
    return {"scale_100k_s": total, "classifications_100k_s": alone, "sensitivity_ratio": total / alone}


# -------------------------------------------------------------------------------------
# Census Profile reader on a generated long-format file (--census-profile-gb)

_CHILD = """
import json, resource, sys, time
from analysis.data.pipeline import census_profile
if sys.argv[1] == "-":
    print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    raise SystemExit
usage = resource.getrusage(resource.RUSAGE_SELF)
start, cpu = time.perf_counter(), usage.ru_utime + usage.ru_stime
result = census_profile.read_census_profile([census_profile.ProfileFile(census_profile.Path(sys.argv[1]))], 2021)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "seconds": elapsed,
    "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu,
    "rows": result.reports[0].rows_read,
    "csds": len(result.frame),
    "peak_rss_mb": usage.ru_maxrss / 1024,
}))
"""


def write_long_profile(path: Path, size_bytes: int, quebec_csds: int = 300) -> int:
    """Write a 2021 Census Profile file (98-401-X2021005 layout, Latin-1) of about ``size_bytes``; return its rows.

    Every geography has the 2,631 characteristics of the 2021 profile (the book's with their
    official names, the others numbered; one in 97 suppressed, ``x``). Geographies come in
    the order of the national file: a few Atlantic ones, then ``quebec_csds`` Québec census
    subdivisions (accented Latin-1 names), then Ontario and the West until the size is
    reached. The Québec count is the same at every size, so that a growing file adds only
    rows the reader must skip, as the rest of Canada does in the real file.
    """
    from analysis.data.pipeline import census_profile

    wanted = {c.id: c.name for c in census_profile.CHARACTERISTICS if c.census == 2021}
    totals = {m.denominator for m in census_profile.MEASURES[2021] if m.denominator}
    lines = []
    for cid in range(1, 2632):
        name = wanted.get(cid, f"Characteristic {cid} of the 2021 Census Profile - 25% sample data")
        value = "1000" if cid in totals else "7"
        symbol = ""
        if cid % 97 == 0 and cid not in wanted:
            value, symbol = "", "x"
        lines.append(
            f'2021,2021A0005@CODE@,@CODE@,Census subdivision,"@NAME@",4.3,6.6,00000,{cid},"{name}",,{value},{symbol},'
            ",...,,...,,...,,...,,...\r\n"
        )
    block = "".join(lines).encode("cp1252")
    header = ",".join(census_profile.HEADER_2021).encode("ascii") + b"\r\n"
    rows, written, k = 0, len(header), 0
    with open(path, "wb") as handle:
        handle.write(header)
        while written < size_bytes:
            if k < 20:
                province, name = ("10", "11", "12", "13")[k % 4], f"Atlantic {k}"
            elif k < 20 + quebec_csds:
                province, name = "24", f"Saint-Élie-de-Caxton-{k}"
            else:
                province, name = ("35", "46", "47", "48", "59")[k % 5], f"Township {k}"
            data = block.replace(b"@CODE@", f"{province}{k:05d}".encode()).replace(b"@NAME@", name.encode("cp1252"))
            handle.write(data)
            written += len(data)
            rows += 2631
            k += 1
    return rows


def census_profile_benchmark(gigabytes: float) -> dict:
    """The long-format Census Profile reader on generated files of ``gigabytes``/2 and ``gigabytes``.

    Each file is read by a fresh child process that reports its own peak resident memory
    (``resource.getrusage(RUSAGE_SELF).ru_maxrss``); a child that only imports the reader
    gives the baseline. ``rows_per_s`` is wall-clock; ``rows_per_cpu_s`` (the child's user +
    system time) is less sensitive to other work on the machine.
    """
    import subprocess

    repo = Path(__file__).resolve().parents[1]

    def child(argument: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, argument], cwd=repo, check=True, capture_output=True, text=True
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    results: dict = {"baseline_rss_mb": round(child("-")["peak_rss_mb"], 1), "sizes": []}
    with tempfile.TemporaryDirectory(prefix="companion-census-profile-") as tmp:
        for size in (gigabytes / 2, gigabytes):
            path = Path(tmp) / "98-401-X2021005_English_CSV_data.csv"
            rows = write_long_profile(path, int(size * 1e9))
            measured = child(str(path))
            assert measured["rows"] == rows, (measured, rows)
            results["sizes"].append(
                {
                    "gb": round(path.stat().st_size / 1e9, 3),
                    "rows": rows,
                    "quebec_csds": measured["csds"],
                    "seconds": round(measured["seconds"], 2),
                    "cpu_seconds": round(measured["cpu_seconds"], 2),
                    "rows_per_s": round(rows / measured["seconds"]),
                    "rows_per_cpu_s": round(rows / measured["cpu_seconds"]),
                    "mb_per_s": round(path.stat().st_size / 1e6 / measured["seconds"], 1),
                    "peak_rss_mb": round(measured["peak_rss_mb"], 1),
                }
            )
            path.unlink()
    return results


def gzip_bytes(body: bytes) -> int:
    """Bytes a static host sends for ``body`` when it compresses it (gzip, level 6, as nginx and Apache do by default)."""
    return len(gzip.compress(body, compresslevel=6))


DRAWN_CHARTS = (
    "n => [...document.querySelectorAll('.companion-drawing')].filter(c => c.querySelectorAll("
    "'svg .role-mark:not(.mark-group) > *').length > 0).length === n"
)
"""Every chart on the page holds marks in its SVG (drawn when the book was built; not only a background)."""
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
    charts = tab.locator(".companion-drawing").count()
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
    parser.add_argument(
        "--census-profile-gb",
        type=float,
        default=0.0,
        metavar="GB",
        help="also measure the Census Profile reader on generated files of GB/2 and GB gigabytes (default 0: skip)",
    )
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
    if args.census_profile_gb > 0:
        report["census_profile"] = census_profile_benchmark(args.census_profile_gb)
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
    for size in report.get("census_profile", {}).get("sizes", []):
        print(
            f"census profile {size['gb']} GB: {size['rows_per_s']} rows/s, {size['mb_per_s']} MB/s, "
            f"peak {size['peak_rss_mb']} MB (baseline {report['census_profile']['baseline_rss_mb']} MB)"
        )
    print("\nper page (KB gzip as served compressed, KB uncompressed, seconds until every map and chart has drawn):")
    for page, values in pages.items():
        print(f"  {page:<45}{values['gzip_kb']:>8} KB gz {values['kb']:>9} KB {values['render_s']:>7} s")
    print("\nover budget:" if report["over_budget"] else "\nevery page within budget")
    for problem in report["over_budget"]:
        print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
