"""Benchmarks of the companion: build times, data build, page weight, render time, scale.

    python benchmarks/run.py --out FILE.json [--raw DIR] [--skip-build]

Measures on the current machine (timings are never asserted in tests) and writes:

build_clean_s       book built from scratch, every chapter executed
build_cached_s      rebuild with nothing changed (execution cache hit)
data_build_s        raw official files -> processed tables (needs --raw or $COMPANION_RAW)
page_weight_max_kb  largest page, counting everything it loads (iframes, scripts, styles)
render_max_s        slowest page until every map and chart has drawn, in headless Chromium
scale_100k_s        fracture-matrix classification + its sensitivity analysis (every
                    specification) on 100,000 synthetic territorial units
classifications_100k_s  the same classifications alone, and sensitivity_ratio = the two
plus per-page weights and render times, and a description of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def browse(html: Path) -> dict[str, dict]:
    """Weight (bytes of every response) and render time of every page of the built book."""
    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if "_static" not in p.parts and p.name not in ("genindex.html", "search.html")
    )
    results = {}
    with chromium.serve(html) as base, chromium.launch() as browser:
        for page in pages:
            context, _ = chromium.offline_context(browser, base, viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            sizes = []
            tab.on("response", lambda response, sizes=sizes: sizes.append(len(response.body()) if response.ok else 0))
            start = time.perf_counter()
            tab.goto(f"{base}/{page}", wait_until="load")
            charts = tab.locator(".vega-embed").count()
            if charts:
                tab.wait_for_function(
                    "n => [...document.querySelectorAll('.vega-embed')].filter(c => c.querySelectorAll("
                    "'svg .role-mark:not(.mark-group) > *').length > 0).length === n",
                    arg=charts,
                    timeout=60000,
                )
            for frame in tab.frames[1:]:
                if frame.locator(".leaflet-container").count():
                    frame.wait_for_function(
                        "() => Object.keys(window).filter(k => k.startsWith('map_'))"
                        ".some(k => Object.keys(window[k]._layers).length > 3)",
                        timeout=60000,
                    )
            elapsed = time.perf_counter() - start
            tab.wait_for_timeout(300)
            results[page] = {"kb": round(sum(sizes) / 1024, 1), "render_s": round(elapsed, 3), "charts": charts}
            context.close()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--raw", help="raw folder for data_build_s (default $COMPANION_RAW)")
    args = parser.parse_args(argv)
    report: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp:
        work = Path(tmp)
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
        pages = browse(work / "book" / "_build" / "html")
        report["pages"] = pages
        report["page_weight_max_kb"] = max(p["kb"] for p in pages.values())
        report["render_max_s"] = max(p["render_s"] for p in pages.values())
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
        "render_max_s",
        "scale_100k_s",
        "classifications_100k_s",
        "sensitivity_ratio",
    ):
        print(f"{key:<22}{str(report.get(key)):>12}")
    print("\nper page (KB loaded, seconds until every map and chart has drawn):")
    for page, values in pages.items():
        print(f"  {page:<45}{values['kb']:>9} KB {values['render_s']:>7} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
