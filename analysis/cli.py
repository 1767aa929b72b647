"""The ``companion`` command.

    companion data build [--raw DIR] [--out DIR]   raw official files -> processed tables
    companion data check [--data DIR]              validate processed and case tables
    companion data package [--data DIR]            rewrite datapackage.json from the schemas
    companion book [--data DIR] [--out DIR] [--student] [--lang en|fr|all]   execute the chapters, build the book
    companion results [--book DIR]                 print the glued headline results as JSON
    companion handout --out FILE.pdf [--book DIR] [--lang en|fr]  seminar guide + exercises as a PDF
    companion rerun --raw DIR --out DIR            new data -> new book, results.json and changes.md
    companion translate update|stats|mark          the French edition's catalogs

Exit codes: 0 success, 1 bad input or failed check, 2 usage.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from analysis.book.build import ALL, LANGUAGES, STUDENT_OUT
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
    from analysis.data.datapackage import for_folder
    from analysis.data.pipeline.write import json_text, write_text

    data = paths.data_dir(args.data)
    package = for_folder(data)
    write_text(data / "datapackage.json", json_text(package))
    print(f"wrote {data / 'datapackage.json'}")
    return 0


def _book(args) -> int:
    from analysis.book.build import build_book

    student = getattr(args, "student", False)
    language = getattr(args, "lang", "en")
    if student and not args.out:
        print(
            f"companion book --student: writing the student edition to {STUDENT_OUT}/_build/html "
            "(the full edition in _build/html is left alone)"
        )
    return build_book(data=args.data, out=args.out, student=student, language=language)


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
        path = handout(Path(args.out), Path(args.book) if args.book else None, language=args.lang)
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"companion handout: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def _translate(args) -> int:
    from analysis.book import translate

    languages = tuple(getattr(args, "lang", None) or LANGUAGES[1:])
    if args.translate_command == "update":
        return translate.update(languages)
    if args.translate_command == "stats":
        for language in languages:
            print(f"## {language}\n")
            print(translate.statistics_table(translate.statistics(language)))
        return 0
    for notebook in args.notebooks:
        changed, notes = translate.mark_notebook(Path(notebook), write=args.write)
        verb = "marked" if args.write else "would mark"
        print(f"{notebook}: {verb} strings in {changed} cell(s)")
        for note in notes:
            print(f"  left as it is: {note}")
    return 0


def _raw_folder(command: str, given: str | None) -> Path | None:
    """The raw folder, or ``None`` after printing why it cannot be used (naming where it came from)."""
    raw = paths.raw_dir(given)
    if raw.is_dir():
        return raw
    if given:
        origin = "given with --raw"
    elif os.environ.get("COMPANION_RAW"):
        origin = "from $COMPANION_RAW"
    else:
        origin = "the default; pass --raw DIR or set COMPANION_RAW"
    print(f"companion {command}: the raw data folder {raw} does not exist ({origin})", file=sys.stderr)
    return None


def _rerun(args) -> int:
    from analysis.book.rerun import BookBuildError, rerun

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(f"companion rerun: {out} is not empty; choose a new folder", file=sys.stderr)
        return 1
    raw = _raw_folder("rerun", args.raw)
    if raw is None:
        return 1
    try:
        rerun(raw, out)
    except InputError as error:
        print(f"companion rerun failed on bad input; nothing was built\n{error}", file=sys.stderr)
        return 1
    except BookBuildError as error:
        print(f"companion rerun: {error}", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"companion rerun failed: {error}", file=sys.stderr)
        return 1
    return 0


EXIT_CODES = """exit codes:
  0  success
  1  bad input or failed check (the message names the file, the column and example rows)
  2  usage (unknown command or option)"""


def _command(commands, name: str, summary: str, description: str, exit_codes: str = EXIT_CODES):
    """A subcommand whose --help gives what it does (``description``) and its exit codes."""
    return commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 88),
        epilog=exit_codes,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parser() -> argparse.ArgumentParser:
    """The ``companion`` command line: every subcommand with a description and its exit codes.

    Returns
    -------
    argparse.ArgumentParser
    """
    main = argparse.ArgumentParser(
        prog="companion",
        description=(
            "Executable companion to Klein's talk: data pipeline and book.\n\n"
            + "\n".join(line for line in (__doc__ or "").splitlines()[2:9])
        ),
        epilog=EXIT_CODES + "\n\n`companion COMMAND --help` describes each command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = _command(
        commands,
        "data",
        "build, check and describe the data tables",
        "Build the processed tables from the official raw files, check them against their schemas, "
        "or rewrite datapackage.json.",
    )
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")
    build = _command(
        data_commands,
        "build",
        "build the processed tables from the official raw files",
        "Read the official raw files and write the processed tables, atomically (nothing is written when a "
        "file is bad) and deterministically. Prints what it read, which values became missing and which codes "
        "did not join, and why.",
    )
    build.add_argument("--raw", help="folder of raw official files (default: $COMPANION_RAW, else data/raw)")
    build.add_argument("--out", help="output folder (default: data/processed)")
    build.set_defaults(func=_data_build)
    check = _command(
        data_commands,
        "check",
        "validate processed and case tables against their schemas",
        "Validate every processed and case table of a data folder against its schema; list every problem.",
    )
    check.add_argument("--data", help="data folder (default: $COMPANION_DATA, else data)")
    check.set_defaults(func=_data_check)
    package = _command(
        data_commands,
        "package",
        "rewrite datapackage.json from the schemas",
        "Rewrite the data folder's datapackage.json (columns, types, units, sources, licences) from the schemas.",
    )
    package.add_argument("--data", help="data folder (default: $COMPANION_DATA, else data)")
    package.set_defaults(func=_data_package)

    book = _command(
        commands,
        "book",
        "execute the chapters and build the HTML book",
        "Execute every chapter against a data folder and build the HTML book (warnings are errors). The full "
        "edition goes to _build/html. --student builds the student edition (every exercise, no solution in any "
        "page, source, download or search index); without --out it goes to "
        f"{STUDENT_OUT}/_build/html, never over the full edition.",
    )
    book.add_argument("--data", help="data folder the chapters read (default: $COMPANION_DATA, else data)")
    book.add_argument(
        "--out",
        help=f"output folder (the HTML goes to OUT/_build/html; default: the repository, {STUDENT_OUT} with --student)",
    )
    book.add_argument("--student", action="store_true", help="student edition: exercises kept, every solution left out")
    book.add_argument(
        "--lang",
        choices=[*LANGUAGES, ALL],
        default="en",
        help="edition: en (default, in OUT/_build/html), fr (published in OUT/_build/html/fr), or all (both)",
    )
    book.set_defaults(func=_book)

    handout = _command(
        commands,
        "handout",
        "print the seminar guide and the exercises (no solutions) to PDF",
        "Print the seminar guide and every chapter's title, French summary, first figure and exercises (no "
        "solutions) to a paginated PDF with headless Chromium. Without --book it first builds a student "
        "edition in a temporary folder (about 20 s with the execution cache).",
    )
    handout.add_argument("--out", required=True, help="PDF file to write")
    handout.add_argument("--book", help="folder of an existing student edition (default: build one)")
    handout.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the handout (default en; fr prints the French edition)",
    )
    handout.set_defaults(func=_handout)

    translate = _command(
        commands,
        "translate",
        "keep the French edition's catalogs in step with the English source",
        "update: extract every message of the pages (Sphinx gettext) and of the strings made in Python (Babel), "
        "and update locales/<lang>/LC_MESSAGES/*.po with sphinx-intl (new messages untranslated, changed ones "
        "fuzzy). stats: messages, translated and fuzzy per catalog. mark: wrap the captions and labels of a "
        "chapter's code cells in _() so that they are translated.",
    )
    translate_commands = translate.add_subparsers(dest="translate_command", required=True, metavar="SUBCOMMAND")
    for name, summary in (
        ("update", "extract the messages and update the catalogs"),
        ("stats", "count messages, translated and fuzzy, per catalog"),
    ):
        sub = _command(translate_commands, name, summary, summary[0].upper() + summary[1:] + ".")
        sub.add_argument("--lang", action="append", choices=LANGUAGES[1:], help="language (default fr; repeatable)")
        sub.set_defaults(func=_translate, lang=None)
    mark = _command(
        translate_commands,
        "mark",
        "wrap the strings of chapters' code cells in _()",
        "Wrap the captions, notes and column labels that chapters' code cells pass to table(), Column() and "
        "Caption() in _() (an f-string becomes _('...{name}...').format(name=...)), and import _ where needed. "
        "Without --write, only reports what it would change.",
    )
    mark.add_argument("notebooks", nargs="+", help="chapter notebooks (book/chapters/NN-name.ipynb)")
    mark.add_argument("--write", action="store_true", help="rewrite the notebooks")
    mark.set_defaults(func=_translate)

    rerun = _command(
        commands,
        "rerun",
        "rebuild data and book from new raw files and report what changed",
        "Build the tables from new official files into OUT/data, execute the whole book against them into "
        "OUT/book, and write OUT/results.json and OUT/changes.md: every headline result that differs from the "
        "committed book's, the municipalities that changed cell, and the statements of the text that no longer "
        "hold (the failing line and its message). A chapter that fails does not stop the rerun; a result it "
        "could not compute is reported as not available in these data.",
        EXIT_CODES.replace(
            "  1  bad input",
            "  1  the book did not build (results.json and changes.md are still written), or bad input",
        ),
    )
    rerun.add_argument("--raw", required=True, help="folder of the new official raw files")
    rerun.add_argument("--out", required=True, help="new folder for data/, book/, results.json and changes.md")
    rerun.set_defaults(func=_rerun)

    results = _command(
        commands,
        "results",
        "print every glued headline result of the built book as JSON",
        "Print every headline result glued in the executed chapters of a built book, as JSON, by stable name "
        "(e.g. ch4.default.entities.exclusion).",
        EXIT_CODES.replace(
            "bad input or failed check (the message names the file, the column and example rows)",
            "no executed chapters in the book folder",
        ),
    )
    results.add_argument("--book", help="folder the book was built in (holds _build/; default: the repository)")
    results.set_defaults(func=_results)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the ``companion`` command.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 success, 1 bad input or failed check, 2 usage. Output cut short
        by its reader (``companion results | head``) ends quietly with 0.
    """
    args = parser().parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly. Python would otherwise
        # report the broken pipe again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
