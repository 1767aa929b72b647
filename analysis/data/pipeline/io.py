"""Careful readers for raw text tables: encoding, delimiter, columns, keys, numbers.

Every function here raises :class:`analysis.data.errors.InputError` with the file, the
column and example rows when a raw file is not what the official source publishes.
Rows are read as text first; numbers are parsed column by column so that documented
suppression markers become missing values (and are counted) while anything else that
is not a number stops the build.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.errors import InputError, example_rows

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
}


@dataclass
class FileReport:
    """What the build did with one raw file."""

    path: str
    sha256: str
    encoding: str
    rows_read: int = 0
    rows_kept: int = 0
    missing: dict[str, int] = field(default_factory=dict)
    vintage: str = ""  # the edition or reference year of the file, when it has one

    def add_missing(self, column: str, count: int) -> None:
        if count:
            self.missing[column] = self.missing.get(column, 0) + int(count)


@dataclass
class RawTable:
    """A raw table read as text, with its report and 1-based file line numbers."""

    frame: pd.DataFrame
    report: FileReport
    path: Path

    def lines(self, mask: pd.Series | np.ndarray | None = None) -> np.ndarray:
        index = self.frame.index if mask is None else self.frame.index[np.asarray(mask)]
        return np.asarray(self.frame.loc[index, "_line"])


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ARCHIVE_SEPARATOR = "!"  # "archive.zip!member.csv" names a member of a downloaded archive


def open_bytes(path: Path, member: re.Pattern | None = None) -> tuple[bytes, Path]:
    """The bytes of a raw file, or of the one member of a ``.zip`` archive whose name matches ``member``.

    Statistics Canada distributes several tables as an archive (e.g. the Index of
    Remoteness as ``172600012020001-eng.zip``); the archive is read as downloaded, without
    unpacking it. Returns the bytes and the name to use in reports and errors
    (``archive.zip!member.csv`` for a member).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.suffix.lower() != ".zip":
        return path.read_bytes(), path
    if member is None:
        raise InputError(path, "is an archive; unpack it and give the file it holds")
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and member.fullmatch(n.rsplit("/", 1)[-1])]
            if len(names) != 1:
                raise InputError(
                    path,
                    f"the archive holds {len(names)} member(s) named like {member.pattern!r}; expected one",
                    examples=[f"member: {n}" for n in archive.namelist()[:8]],
                    hint="use the archive as downloaded from the publisher, or give the file it holds",
                )
            data = archive.read(names[0])
    except zipfile.BadZipFile as error:
        raise InputError(path, f"is not a readable zip archive ({error})", hint="download it again") from error
    return data, path.with_name(f"{path.name}{ARCHIVE_SEPARATOR}{names[0].rsplit('/', 1)[-1]}")


def decode(path: Path, encodings: Sequence[str], data: bytes | None = None) -> tuple[str, str]:
    """Decode a file with the first of ``encodings`` that fits, strictly.

    A UTF-8 byte-order mark is removed. Raises InputError naming the first line that
    cannot be decoded with any of the allowed encodings. ``data`` are the file's bytes
    when already read (e.g. from an archive member named ``path``).
    """
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise InputError(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            path,
            "the file is encoded in UTF-16, which the official source does not use",
            hint="re-save it as " + " or ".join(sorted({ENCODING_LABELS.get(e, e) for e in encodings})),
        )
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            first_error = first_error or error
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        return text.replace("\r\n", "\n").replace("\r", "\n"), ENCODING_LABELS.get(encoding, encoding)
    assert first_error is not None
    line_no = data[: first_error.start].count(b"\n") + 1
    line = data.splitlines()[line_no - 1] if data.splitlines() else b""
    allowed = " or ".join(sorted({ENCODING_LABELS.get(e, e) for e in encodings}))
    raise InputError(
        path,
        f"cannot be decoded as {allowed} (byte {data[first_error.start : first_error.start + 1]!r} at line {line_no})",
        examples=[f"line {line_no}: {line[:120]!r}"],
        hint="this is not the encoding the official source publishes; download the file again or re-save it as "
        + allowed,
    )


def _check_delimiter(path: Path, header: str, delimiter: str, required: Iterable[str]) -> None:
    required = list(required)
    if delimiter in header:
        return
    for other, label in ((";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")):
        if other in header and other != delimiter:
            raise InputError(
                path,
                f"the columns are separated by a {label}, not by {delimiter!r} as in the official file",
                examples=[f"line 1: {header[:160]!r}"],
                hint="re-save the file as comma-separated values (CSV)",
            )
    if len(required) > 1:
        raise InputError(
            path,
            f"the header has a single column; expected {delimiter!r}-separated columns {required}",
            examples=[f"line 1: {header[:160]!r}"],
        )


def read_table(
    path: Path,
    *,
    required: Sequence[str],
    encodings: Sequence[str] = ("utf-8",),
    delimiter: str = ",",
    member: re.Pattern | None = None,
) -> RawTable:
    """Read a delimited text file as text columns and check its header.

    Adds a ``_line`` column with the 1-based line number of every row in the file.

    Parameters
    ----------
    path : pathlib.Path
    required : sequence of str
        Columns the header must hold (after stripping spaces).
    encodings : sequence of str, default ``("utf-8",)``
        Encodings to try in order, strictly (:func:`decode`).
    delimiter : str, default ``","``
    member : re.Pattern, optional
        When ``path`` is a ``.zip`` archive, the name of the member to read
        (:func:`open_bytes`); the table's ``path`` is then ``archive.zip!member``.

    Returns
    -------
    RawTable
        ``frame`` (every value as stripped text, plus ``_line``), ``report`` (path,
        SHA-256, encoding label, ``rows_read``) and ``path``.

    Raises
    ------
    InputError
        When the file is missing, empty, in UTF-16 or in none of ``encodings``, uses
        another delimiter, is not well formed, lacks a required column (with the closest
        match as a hint), has no data row, or has rows with fewer fields than the header.
    """
    data, path = open_bytes(Path(path), member)
    text, encoding = decode(path, encodings, data)
    header = text.split("\n", 1)[0]
    _check_delimiter(path, header, delimiter, required)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, csv.Error) as error:
        raise InputError(path, f"is not a well-formed delimited file ({error})") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    require_columns(path, list(frame.columns), required)
    if frame.empty:
        raise InputError(path, "the file has a header but no data rows")
    short = _short_rows(text, delimiter, len(frame.columns))
    if short:
        raise InputError(
            path,
            f"{len(short)} row(s) have fewer fields than the header ({len(frame.columns)} columns)",
            examples=[f"line {line}: {n} field(s): {row[:120]!r}" for line, n, row in short[:5]],
            hint="the file looks truncated or edited; download it again from the official source",
        )
    # Line numbers: count physical lines so that quoted newlines do not shift them.
    frame["_line"] = _row_line_numbers(text, len(frame), delimiter)
    for column in frame.columns:
        if column != "_line" and (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])):
            frame[column] = frame[column].astype(str).str.strip()
    digest = hashlib.sha256(data).hexdigest()
    report = FileReport(path=str(path), sha256=digest, encoding=encoding, rows_read=len(frame))
    return RawTable(frame=frame.reset_index(drop=True), report=report, path=path)


def require_columns(path: Path, columns: Sequence[str], required: Sequence[str]) -> None:
    """Stop when a required column is missing, with the closest column found as a hint."""
    columns = [c for c in columns if c != "_line"]
    missing = [c for c in required if c not in columns]
    if missing:
        hints = []
        for column in missing:
            close = difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
            if close:
                hints.append(f"{column!r} may have been renamed {close[0]!r}")
        raise InputError(
            path,
            f"missing column(s) {missing}; columns found: {columns}",
            column=", ".join(missing),
            hint="; ".join(hints) or "check that this is the official file and that its header is unchanged",
        )


def _short_rows(text: str, delimiter: str, n_columns: int) -> list[tuple[int, int, str]]:
    """(line, number of fields, text) of the non-blank rows with fewer fields than the header."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    short = []
    try:
        next(reader, None)
        while True:
            line_before = reader.line_num
            row = next(reader, None)
            if row is None:
                break
            if any(cell.strip() for cell in row) and len(row) < n_columns:
                short.append((line_before + 1, len(row), delimiter.join(row)))
    except csv.Error:  # pandas parsed the file; leave odd quoting to it
        return short
    return short


def _row_line_numbers(text: str, n_rows: int, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    numbers = []
    next(reader, None)
    while True:
        line_before = reader.line_num
        row = next(reader, None)
        if row is None:
            break
        if not row or all(not cell.strip() for cell in row):
            continue
        numbers.append(line_before + 1)
    if len(numbers) != n_rows:  # fall back on row order; never fails the build
        return list(range(2, n_rows + 2))
    return numbers


def require_unique(table: RawTable, column: str, *, label: str | None = None) -> None:
    """Stop when ``column`` has duplicate codes (naming the rows)."""
    values = table.frame[column]
    duplicated = values.duplicated(keep=False) & (values != "")
    if duplicated.any():
        rows = table.frame[duplicated].sort_values([column, "_line"])
        raise InputError(
            table.path,
            f"duplicate {label or 'codes'} in column {column!r} ({int(values[duplicated].nunique())} code(s) repeated)",
            column=column,
            examples=example_rows(rows["_line"], rows[column]),
            hint="each code must appear once; check that the file was not concatenated with another copy",
        )


def require_pattern(table: RawTable, column: str, pattern: str, *, what: str, mask: pd.Series | None = None) -> None:
    """Stop when values of ``column`` do not match ``pattern`` (a regular expression)."""
    values = table.frame[column] if mask is None else table.frame.loc[mask, column]
    bad = ~values.str.fullmatch(pattern)
    if bad.any():
        lines = table.frame.loc[values.index[bad], "_line"]
        raise InputError(
            table.path,
            f"{int(bad.sum())} value(s) of {column!r} are not {what}",
            column=column,
            examples=example_rows(lines, values[bad]),
        )


def to_number(
    table: RawTable,
    column: str,
    *,
    markers: Sequence[str] = ("",),
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    mask: pd.Series | None = None,
) -> pd.Series:
    """Parse ``column`` as numbers; documented ``markers`` become missing and are counted.

    Anything else that is not a number (e.g. ``x``, ``F``, ``n/a`` where the official
    file uses ``.``) raises an InputError naming the column and example rows. Values
    outside [minimum, maximum] are errors too.
    """
    frame = table.frame if mask is None else table.frame[mask]
    raw = frame[column].astype(str).str.strip()
    is_marker = raw.isin(list(markers))
    cleaned = raw.str.replace(",", "", regex=False) if "," not in markers else raw
    numbers = pd.to_numeric(cleaned.where(~is_marker), errors="coerce")
    bad = numbers.isna() & ~is_marker
    if bad.any():
        allowed = ", ".join(repr(m) for m in markers) or "none"
        raise InputError(
            table.path,
            f"{int(bad.sum())} value(s) of {column!r} are neither numbers nor a documented suppression marker "
            f"(allowed markers: {allowed})",
            column=column,
            examples=example_rows(frame.loc[bad, "_line"], raw[bad]),
        )
    if integer:
        fractional = numbers.notna() & (numbers != np.floor(numbers))
        if fractional.any():
            raise InputError(
                table.path,
                f"{int(fractional.sum())} value(s) of {column!r} should be whole numbers",
                column=column,
                examples=example_rows(frame.loc[fractional, "_line"], raw[fractional]),
            )
    for bound, test, word in ((minimum, lambda s, b: s < b, "below"), (maximum, lambda s, b: s > b, "above")):
        if bound is None:
            continue
        out = numbers.notna() & test(numbers, bound)
        if out.any():
            raise InputError(
                table.path,
                f"{int(out.sum())} value(s) of {column!r} are {word} the possible range ({bound})",
                column=column,
                examples=example_rows(frame.loc[out, "_line"], raw[out]),
            )
    table.report.add_missing(column, int(is_marker.sum()))
    result = numbers.astype("Int64") if integer else numbers.astype("float64")
    return result
