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
    source: str = ""  # the key of analysis.data.sources.SOURCES it belongs to

    def add_missing(self, column: str, count: int) -> None:
        if count:
            self.missing[column] = self.missing.get(column, 0) + int(count)


@dataclass
class RawTable:
    """A raw table read as text, with its report and 1-based file line numbers."""

    frame: pd.DataFrame
    report: FileReport
    path: Path
    delimiter: str = ","
    _convention: str | None = field(default=None, repr=False)

    def lines(self, mask: pd.Series | np.ndarray | None = None) -> np.ndarray:
        index = self.frame.index if mask is None else self.frame.index[np.asarray(mask)]
        return np.asarray(self.frame.loc[index, "_line"])

    @property
    def decimal_convention(self) -> str:
        """The decimal mark of the file's numbers, read from every cell: ``comma``, ``point``, ``mixed`` or ``unknown``.

        A value such as ``83,55`` or ``0,1598`` can only be a decimal comma; ``203.47`` or
        ``1,234.5`` only a decimal point. A semicolon-separated file with no decimal point
        anywhere follows the decimal-comma convention of the locales that write it.
        """
        if self._convention is None:
            comma = point = 0
            for column in self.frame.columns:
                if column == "_line":
                    continue
                values = self.frame[column]
                comma += int(values.str.fullmatch(DECIMAL_COMMA).sum())
                point += int((values.str.fullmatch(DECIMAL_POINT) | values.str.fullmatch(THOUSANDS_COMMA)).sum())
            if comma and point:
                self._convention = "mixed"
            elif comma or (self.delimiter == ";" and not point):
                self._convention = "comma"
            elif point:
                self._convention = "point"
            else:
                self._convention = "unknown"
        return self._convention


# Numbers as locales write them. A decimal comma is certain when the digits after the
# comma are not a group of three, or when the integer part is 0, or when thousands are
# grouped with a space or a point before it; a thousands comma is certain when there are
# several groups or a decimal point after them.
_SIGN = r"[-+]?"
_SPACE = "[ \u00a0\u202f]"
DECIMAL_COMMA = re.compile(
    rf"{_SIGN}(?:0,\d+|\d+,(?:\d{{1,2}}|\d{{4,}})|\d{{1,3}}(?:{_SPACE}\d{{3}})+,\d+|\d{{1,3}}(?:\.\d{{3}})+,\d+)"
)
COMMA_DECIMAL_ANY = re.compile(rf"{_SIGN}(?:\d+|\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+),\d+")
DECIMAL_POINT = re.compile(rf"{_SIGN}\d*\.\d+")
THOUSANDS_COMMA = re.compile(rf"{_SIGN}\d{{1,3}}(?:(?:,\d{{3}}){{2,}}(?:\.\d+)?|,\d{{3}}\.\d+)")
THOUSANDS_COMMA_ANY = re.compile(rf"{_SIGN}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?")
THOUSANDS_SPACE = re.compile(rf"{_SIGN}\d{{1,3}}(?:{_SPACE}\d{{3}})+")

# Characters that never belong in a name: control characters (line breaks, tabs), the
# Unicode line and paragraph separators, and invisible format characters.
_CONTROL = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def normalise_text(values: pd.Series) -> pd.Series:
    """Text cells as one clean line: control characters and line breaks become one space, invisible
    characters go, surrounding spaces are stripped. Ordinary spaces inside are kept as published.

    Parameters
    ----------
    values : pandas.Series of str

    Returns
    -------
    pandas.Series of str
    """
    values = values.astype(str)
    if not (values.str.contains(_CONTROL) | values.str.contains(_INVISIBLE)).any():
        return values.str.strip()
    return values.str.replace(_CONTROL, " ", regex=True).str.replace(_INVISIBLE, "", regex=True).str.strip()


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
        A file whose header has semicolons and no comma is read as semicolon-separated
        (a spreadsheet's "CSV" in a French locale); its numbers then follow the decimal
        comma unless they show decimal points (:func:`to_number`).
    member : re.Pattern, optional
        When ``path`` is a ``.zip`` archive, the name of the member to read
        (:func:`open_bytes`); the table's ``path`` is then ``archive.zip!member``.

    Returns
    -------
    RawTable
        ``frame`` (every value as text on one line: line breaks and control characters
        become a space, invisible characters are removed, surrounding spaces stripped
        (:func:`normalise_text`); plus ``_line``), ``report`` (path, SHA-256 of the bytes
        read, encoding label, ``rows_read``), ``path`` and ``delimiter``.

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
    if delimiter == "," and "," not in header and ";" in header:
        delimiter = ";"  # a spreadsheet's "CSV" in a French or European locale
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
            frame[column] = normalise_text(frame[column])
    digest = hashlib.sha256(data).hexdigest()
    report = FileReport(path=str(path), sha256=digest, encoding=encoding, rows_read=len(frame))
    return RawTable(frame=frame.reset_index(drop=True), report=report, path=path, delimiter=delimiter)


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


def _locale_numbers(table: RawTable, frame: pd.DataFrame, column: str, raw: pd.Series) -> pd.Series:
    """``raw`` with locale decimal commas and thousands separators resolved, or an InputError."""
    spaced = raw.str.fullmatch(THOUSANDS_SPACE)
    if spaced.any():
        raw = raw.where(~spaced, raw.str.replace(_SPACE, "", regex=True))
    has_comma = raw.str.contains(",", regex=False)
    if not has_comma.any():
        points = raw.str.fullmatch(DECIMAL_POINT)
        if points.any() and table.delimiter == ";" and table.decimal_convention in ("comma", "mixed"):
            raise InputError(
                table.path,
                f"ambiguous numbers in column {column!r}: this file writes decimals with a comma, so a point "
                "could be a thousands separator",
                column=column,
                examples=example_rows(frame.loc[points, "_line"], raw[points]),
                hint="re-save the file with a decimal point and no thousands separator, as the official file is",
            )
        return raw
    comma_sure = raw.str.fullmatch(DECIMAL_COMMA)
    point_sure = raw.str.fullmatch(DECIMAL_POINT) | raw.str.fullmatch(THOUSANDS_COMMA)

    def stop(problem: str, mask: pd.Series, hint: str) -> None:
        raise InputError(
            table.path,
            f"{problem} in column {column!r}",
            column=column,
            examples=example_rows(frame.loc[mask, "_line"], raw[mask]),
            hint=hint,
        )

    resave = "re-save the file with a decimal point and no thousands separator, as the official file is"
    if comma_sure.any() and point_sure.any():
        stop(
            "numbers written with a decimal comma and with a decimal point",
            (comma_sure & (comma_sure.cumsum() <= 3)) | (point_sure & (point_sure.cumsum() <= 2)),
            resave,
        )
    if comma_sure.any() and table.decimal_convention != "comma":
        stop(
            "numbers written with a decimal comma and with a decimal point (in other columns of the file)",
            comma_sure & (comma_sure.cumsum() <= 5),
            resave,
        )
    if comma_sure.any():
        convention = "comma"
    elif point_sure.any():
        convention = "point"
    else:
        convention = table.decimal_convention
    if convention == "comma":
        readable = raw.str.fullmatch(COMMA_DECIMAL_ANY)
        if (has_comma & ~readable).any():
            stop("numbers that are not written with a decimal comma", has_comma & ~readable, resave)
        converted = raw.str.replace(r"[ \u00a0\u202f.](?=\d{3}\b)", "", regex=True).str.replace(",", ".", regex=False)
        return raw.where(~has_comma, converted)
    if convention == "point":
        readable = raw.str.fullmatch(THOUSANDS_COMMA_ANY)
        if (has_comma & ~readable).any():
            stop(
                "a decimal comma in a file whose numbers use a decimal point",
                has_comma & ~readable,
                resave,
            )
        return raw.where(~has_comma, raw.str.replace(",", "", regex=False))
    stop(
        "ambiguous numbers: a comma between digits could be a decimal comma or a thousands separator"
        + (" (the file mixes both conventions)" if convention == "mixed" else ""),
        has_comma,
        resave,
    )
    return raw  # not reached


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

    Numbers written the way a spreadsheet in another locale writes them are read only
    when their meaning is certain (:func:`_locale_numbers`): a decimal comma (``83,55``)
    in a column or file whose numbers all use the decimal comma, thousands grouped with
    commas (``1,234,567``) or spaces (``1 234``) where the file uses decimal points.
    Anything ambiguous (``1,234`` in a file with no other clue) or contradictory (``83,55``
    beside ``203.47``) stops the build; a value is never silently multiplied or divided.
    """
    frame = table.frame if mask is None else table.frame[mask]
    raw = frame[column].astype(str).str.strip()
    is_marker = raw.isin(list(markers))
    cleaned = _locale_numbers(table, frame, column, raw.where(~is_marker, ""))
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
