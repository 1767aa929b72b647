"""The ``companion`` command.

    companion data build [--raw DIR] [--out DIR]   raw official files -> processed tables
    companion data check [--data DIR]              validate processed and case tables
    companion data package [--data DIR]            rewrite datapackage.json from the schemas
    companion book [--data DIR] [--out DIR] [--student]   execute the chapters and build the HTML book
    companion results [--book DIR]                 print the glued headline results as JSON
    companion handout --out FILE.pdf [--book DIR]  seminar guide + exercises (no solutions) as a PDF
    companion rerun --raw DIR --out DIR            new data -> new book, results.json and changes.md

Exit codes: 0 success, 1 bad input or failed check, 2 usage.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from analysis.data import paths
from analysis.data.errors import InputError


def _data_build(args) -> int:
    from analysis.data.pipeline.build import build

    raw = paths.raw_dir(args.raw)
    out = Path(args.out) if args.out else paths.processed_dir()
    try:
        build(raw, out)
    except InputError as error:
        print(f"data build failed: nothing was written to {out}\n{error}", file=sys.stderr)
        return 1
    return 0


def _data_check(args) -> int:
    from analysis.data.check import check

    data = paths.data_dir(args.data)
    problems = check(data)
    if problems:
        print(f"data check: {len(problems)} problem(s) in {data}", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print(f"data check: every table in {data} matches its schema")
    return 0


def _data_package(args) -> int:
    from analysis.data import schemas
    from analysis.data.datapackage import datapackage
    from analysis.data.pipeline.write import json_text, write_text
    from analysis.data.tableschema import read_text_csv

    data = paths.data_dir(args.data)
    header = read_text_csv(data / "processed" / "municipalities.csv").columns
    package = datapackage(schemas.decree_years_in(header), census_profile=header)
    write_text(data / "datapackage.json", json_text(package))
    print(f"wrote {data / 'datapackage.json'}")
    return 0


def _book(args) -> int:
    from analysis.book.build import build_book

    return build_book(data=args.data, out=args.out, student=getattr(args, "student", False))


def _results(args) -> int:
    import json

    from analysis.book.results import collect

    book = Path(args.book) if args.book else paths.REPO
    results = collect(book)
    if not results:
        print(
            f"companion results: no executed chapters in {book / '_build' / 'jupyter_execute'}; run `companion book` first",
            file=sys.stderr,
        )
        return 1
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


def _handout(args) -> int:
    from analysis.book.handout import handout

    try:
        path = handout(Path(args.out), Path(args.book) if args.book else None)
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"companion handout: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def _rerun(args) -> int:
    from analysis.book.rerun import rerun

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(f"companion rerun: {out} is not empty; choose a new folder", file=sys.stderr)
        return 1
    try:
        rerun(Path(args.raw), out)
    except InputError as error:
        print(f"companion rerun failed on bad input; nothing was built\n{error}", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"companion rerun failed: {error}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="companion", description="Executable companion to Klein's talk: data pipeline and book."
    )
    commands = main.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="build, check and describe the data tables")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    build = data_commands.add_parser("build", help="build the processed tables from the official raw files")
    build.add_argument("--raw", help="folder of raw official files (default: $COMPANION_RAW, else data/raw)")
    build.add_argument("--out", help="output folder (default: data/processed)")
    build.set_defaults(func=_data_build)
    check = data_commands.add_parser("check", help="validate processed and case tables against their schemas")
    check.add_argument("--data", help="data folder (default: $COMPANION_DATA, else data)")
    check.set_defaults(func=_data_check)
    package = data_commands.add_parser("package", help="rewrite datapackage.json from the schemas")
    package.add_argument("--data", help="data folder (default: $COMPANION_DATA, else data)")
    package.set_defaults(func=_data_package)

    book = commands.add_parser("book", help="execute the chapters and build the HTML book")
    book.add_argument("--data", help="data folder the chapters read (default: $COMPANION_DATA, else data)")
    book.add_argument("--out", help="output folder (the HTML goes to OUT/_build/html; default: the repository)")
    book.add_argument("--student", action="store_true", help="student edition: exercises kept, every solution left out")
    book.set_defaults(func=_book)

    handout = commands.add_parser("handout", help="print the seminar guide and the exercises (no solutions) to PDF")
    handout.add_argument("--out", required=True, help="PDF file to write")
    handout.add_argument("--book", help="folder of an existing student edition (default: build one)")
    handout.set_defaults(func=_handout)

    rerun = commands.add_parser("rerun", help="rebuild data and book from new raw files and report what changed")
    rerun.add_argument("--raw", required=True, help="folder of the new official raw files")
    rerun.add_argument("--out", required=True, help="new folder for data/, book/, results.json and changes.md")
    rerun.set_defaults(func=_rerun)

    results = commands.add_parser("results", help="print every glued headline result of the built book as JSON")
    results.add_argument("--book", help="folder the book was built in (holds _build/; default: the repository)")
    results.set_defaults(func=_results)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
