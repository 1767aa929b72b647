"""A small table-schema toolkit: fields with types, ranges, codes and keys.

One :class:`TableSchema` per table serves three purposes: it validates a table
(``companion data check``), it orders and types the columns the pipeline writes, and it
becomes the Frictionless ``schema`` of the table in ``data/datapackage.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

TYPES = ("string", "integer", "number", "boolean", "date")


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning, unit and constraints.

    Parameters
    ----------
    name : str
    type : {"string", "integer", "number", "boolean", "date"}
    description : str
    unit : str, optional
        E.g. ``"persons"``, ``"%"``, ``"CAD"``, ``"km2"``.
    required : bool, default False
        Blank values are a problem.
    minimum, maximum : float, optional
        Bounds for ``integer`` and ``number`` fields (inclusive).
    enum : tuple of str, optional
        The allowed codes.
    pattern : str, optional
        A regular expression every value must match in full.
    unique : bool, default False

    Raises
    ------
    ValueError
        When ``type`` is not one of ``TYPES``.
    """

    name: str
    type: str
    description: str
    unit: str | None = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown type {self.type!r} for field {self.name}")

    def as_frictionless(self) -> dict:
        """The field as a Frictionless Table Schema field descriptor.

        Returns
        -------
        dict
            ``name``, ``type``, ``description``, ``unit`` when there is one, and
            ``constraints`` (``required``, ``unique``, ``minimum``, ``maximum``, ``enum``,
            ``pattern``) when any is set.

        References
        ----------
        Frictionless Data, Table Schema specification (https://specs.frictionlessdata.io/table-schema/).
        """
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        if self.unit:
            out["unit"] = self.unit
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class TableSchema:
    """A table: where it lives, what it means, its fields, keys, sources and licence."""

    name: str
    path: str  # relative to the data folder, e.g. "processed/municipalities.csv"
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # keys of analysis.data.sources.SOURCES
    vintage: str = ""
    licence: str = ""
    geometry: bool = False  # GeoJSON FeatureCollection; fields describe the properties
    min_rows: int = 1
    extra_sources: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        """The column names in schema order.

        Returns
        -------
        list of str
        """
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``.

        Parameters
        ----------
        name : str

        Returns
        -------
        Field

        Raises
        ------
        KeyError
            When the schema has no such field.
        """
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass
class Problem:
    """One schema violation, with example rows."""

    table: str
    column: str
    rule: str
    examples: list[str]

    def __str__(self) -> str:
        head = f"{self.table}: column {self.column!r}: {self.rule}"
        if self.examples:
            head += "\n" + "\n".join(f"    {e}" for e in self.examples)
        return head


_MOJIBAKE_HINTS = re.compile("[\u00c2\u00c3\u00e2\ufffd]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def is_mojibake(text: str) -> bool:
    """Whether ``text`` shows UTF-8 decoded as Windows-1252 or Latin-1 (``MontrÃ©al``), or a replacement character.

    The test is exact rather than a list of patterns: text is mojibake when re-encoding
    it in Windows-1252 (or Latin-1) gives bytes that are valid UTF-8 and decode to
    something else. Correct French text never passes this test (``é`` is one byte in
    Windows-1252, which is not valid UTF-8 on its own).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    if not isinstance(text, str) or not _MOJIBAKE_HINTS.search(text):
        return False
    if "\ufffd" in text:
        return True
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return True
    return False


def _examples(frame: pd.DataFrame, mask: pd.Series, column: str, limit: int = 5) -> list[str]:
    rows = frame[mask].head(limit)
    return [f"row {int(i) + 2}: {row[column]!r}" for i, row in rows.iterrows()] if column in frame else []


def coerce(frame: pd.DataFrame, schema: TableSchema) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert text columns to the schema's types; unparsable values are problems.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table read as text (:func:`read_text_csv`); columns not in ``schema`` are
        dropped, missing ones skipped.
    schema : TableSchema

    Returns
    -------
    typed : pandas.DataFrame
        Same index: ``integer`` → ``Int64`` (``Float64`` if a value is not whole),
        ``number`` → ``Float64``, ``boolean`` → ``boolean`` (from ``true``/``false``), ``date``
        and ``string`` kept as text; blanks become missing.
    problems : list of Problem
        Values that are not of their field's type.
    """
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for f in schema.fields:
        if f.name not in frame.columns:
            continue
        raw = frame[f.name].astype("string")
        blank = raw.isna() | (raw.str.strip() == "")
        if f.type in ("integer", "number"):
            values = pd.to_numeric(raw.where(~blank), errors="coerce")
            bad = values.isna() & ~blank
            if f.type == "integer":
                bad |= values.notna() & (values != np.floor(values))
            if bad.any():
                problems.append(Problem(schema.name, f.name, f"not a valid {f.type}", _examples(frame, bad, f.name)))
            out[f.name] = values.astype("Int64") if f.type == "integer" and not bad.any() else values
        elif f.type == "boolean":
            lowered = raw.str.strip().str.lower()
            bad = ~blank & ~lowered.isin(["true", "false"])
            if bad.any():
                problems.append(Problem(schema.name, f.name, "not true/false", _examples(frame, bad, f.name)))
            out[f.name] = lowered.map({"true": True, "false": False}).astype("boolean")
        elif f.type == "date":
            bad = ~blank & ~raw.str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").fillna(False)
            if bad.any():
                problems.append(
                    Problem(
                        schema.name, f.name, "not a date YYYY, YYYY-MM or YYYY-MM-DD", _examples(frame, bad, f.name)
                    )
                )
            out[f.name] = raw.where(~blank)
        else:
            out[f.name] = raw.where(~blank)
    return out, problems


def validate_frame(frame: pd.DataFrame, schema: TableSchema) -> list[Problem]:
    """All the ways ``frame`` (text or typed) breaks ``schema``.

    Checks the columns (missing, extra, order), the row count (``min_rows``), the types
    (:func:`coerce`), required values, minimum and maximum, allowed codes, patterns,
    unique columns and the primary key, and that no text is mojibake
    (:func:`is_mojibake`) or holds a line break or another control character.

    Parameters
    ----------
    frame : pandas.DataFrame
    schema : TableSchema

    Returns
    -------
    list of Problem
        Empty when ``frame`` matches ``schema``.
    """
    problems: list[Problem] = []
    missing = [c for c in schema.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema.columns]
    if missing:
        problems.append(Problem(schema.name, ", ".join(missing), "column(s) missing", []))
    if extra:
        problems.append(Problem(schema.name, ", ".join(extra), "column(s) not in the schema", []))
    if not missing and not extra and list(frame.columns) != schema.columns:
        problems.append(Problem(schema.name, "*", f"columns out of order; expected {schema.columns}", []))
    if len(frame) < schema.min_rows:
        problems.append(Problem(schema.name, "*", f"{len(frame)} rows, expected at least {schema.min_rows}", []))
    typed, type_problems = coerce(frame, schema)
    problems += type_problems
    for f in schema.fields:
        if f.name not in typed.columns:
            continue
        values = typed[f.name]
        present = values.notna()
        if f.required and (~present).any():
            problems.append(
                Problem(schema.name, f.name, "missing values in a required column", _examples(frame, ~present, f.name))
            )
        if f.minimum is not None and f.type in ("integer", "number"):
            low = present & (values.astype("float64") < f.minimum)
            if low.any():
                problems.append(
                    Problem(schema.name, f.name, f"below the minimum {f.minimum}", _examples(frame, low, f.name))
                )
        if f.maximum is not None and f.type in ("integer", "number"):
            high = present & (values.astype("float64") > f.maximum)
            if high.any():
                problems.append(
                    Problem(schema.name, f.name, f"above the maximum {f.maximum}", _examples(frame, high, f.name))
                )
        if f.enum is not None:
            outside = present & ~values.astype("string").isin(list(f.enum))
            if outside.any():
                problems.append(
                    Problem(
                        schema.name,
                        f.name,
                        f"not one of the allowed codes {list(f.enum)}",
                        _examples(frame, outside, f.name),
                    )
                )
        if f.pattern is not None:
            mismatch = present & ~values.astype("string").str.fullmatch(f.pattern).fillna(False)
            if mismatch.any():
                problems.append(
                    Problem(
                        schema.name,
                        f.name,
                        f"does not match the pattern {f.pattern}",
                        _examples(frame, mismatch, f.name),
                    )
                )
        if f.type == "string":
            text = frame[f.name].astype("string").fillna("")
            garbled = text.map(is_mojibake).astype(bool)
            if garbled.any():
                problems.append(
                    Problem(
                        schema.name,
                        f.name,
                        "text decoded with the wrong encoding (mojibake such as 'Ã©' for 'é', or '\ufffd')",
                        _examples(frame, garbled, f.name),
                    )
                )
            broken = text.str.contains(_CONTROL)
            if broken.any():
                problems.append(
                    Problem(
                        schema.name,
                        f.name,
                        "line breaks or control characters inside a value",
                        _examples(frame, broken, f.name),
                    )
                )
        if f.unique:
            duplicated = present & values.duplicated(keep=False)
            if duplicated.any():
                problems.append(
                    Problem(
                        schema.name, f.name, "duplicate values in a unique column", _examples(frame, duplicated, f.name)
                    )
                )
    if schema.primary_key and all(k in typed.columns for k in schema.primary_key):
        key = typed[list(schema.primary_key)]
        dup = key.duplicated(keep=False)
        if dup.any():
            problems.append(
                Problem(
                    schema.name,
                    "+".join(schema.primary_key),
                    "duplicate primary key",
                    _examples(frame, dup, schema.primary_key[0]),
                )
            )
        if key.isna().any(axis=None):
            problems.append(Problem(schema.name, "+".join(schema.primary_key), "missing primary key", []))
    return problems


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a processed CSV as text (no type guessing, blanks kept as blanks).

    Parameters
    ----------
    path : pathlib.Path
        A UTF-8 CSV file with a header line.

    Returns
    -------
    pandas.DataFrame of str
        Every value as text; empty cells are ``""``.

    Raises
    ------
    UnicodeDecodeError
        When the file is not UTF-8.
    pandas.errors.ParserError
        When a line does not split into the header's columns.
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")


def geojson_properties(path: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Properties of a GeoJSON FeatureCollection as a text table, and its geometries.

    Parameters
    ----------
    path : pathlib.Path
        A UTF-8 GeoJSON FeatureCollection.

    Returns
    -------
    properties : pandas.DataFrame of str
        One row per feature; ``null`` becomes ``""`` and booleans ``true``/``false``.
    geometries : list of dict or None
        The GeoJSON geometry of each feature, in order.

    Raises
    ------
    json.JSONDecodeError
        When the file is not JSON.
    UnicodeDecodeError
        When the file is not UTF-8.

    References
    ----------
    Butler, H. et al. (2016). *The GeoJSON Format*. IETF RFC 7946.
    """
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    features = document.get("features", [])
    props = pd.DataFrame(
        [
            {
                k: ("" if v is None else str(v) if not isinstance(v, bool) else str(v).lower())
                for k, v in (f.get("properties") or {}).items()
            }
            for f in features
        ]
    )
    return props, [f.get("geometry") for f in features]
