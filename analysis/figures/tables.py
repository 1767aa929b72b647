"""Tables made for reading: labelled columns with units, numbers in the reader's language, numbered.

A chapter cell shows a table with::

    table(
        by_class,
        [
            Column("sac_class", "SAC class 2016"),
            Column("entities", "municipalities", "count"),
            Column("population", "residents 2021", "people"),
            Column("cwb_2021", "CWB 2021 (0–100)", ".1f"),
        ],
        name="tab-ch1-sac",
        caption="Median well-being of municipalities, by SAC class",
        sources=("cwb_2021", "sac_2016"),
    )

and the prose cites it with ``{numref}`tab-ch1-sac``` ("Table 1.1"). The caller chooses
the columns and their order (the answer first; identifiers left out) and labels them with
their units. What the helper does:

* numbers go through :mod:`analysis.formats` (Babel): thousands separators, whole people
  as integers, shares as percentages, in the page's language (the book writes each number
  with the ``{number}`` role, so a French page gets 1 234,5 and 4,2 %);
* a missing value is written "—" and the table gets a note saying what it means;
* text is never cut (the book's style sheet wraps long text); text from the data is
  escaped (MyST in the book, HTML in Jupyter), and written in the reader's language when
  it is a label of the analyses (:func:`analysis.i18n.term`) or the free text of a case
  table (:func:`analysis.i18n.case_text`);
* the index is shown only when a column names it (no 0…n index);
* the first column stays in view when a wide table scrolls sideways in its own frame
  (``_static/companion.css``).

Formats (``Column.fmt``): ``"text"``; ``"code"`` (names of the data such as column names,
shown as code and never translated); ``"people"`` and ``"count"`` (whole numbers with
thousands separators); ``"year"`` (a whole number without separator); ``"yes/no"`` (in the
language of the book being built); ``"date"`` (an ISO date of the case tables, day or month in
words at the source's precision: :func:`analysis.formats.date_text`); or a number format ``[+][,][.N][f|d|%]`` (``".1f"``,
``"+.1f"``, ``",.0f"``, ``".1%"`` for a share 0–1). The default is ``"text"`` for text,
``"people"`` for whole numbers and ``".2f"`` for other numbers. A column whose rows hold
different measures (a cut of the Index of Remoteness beside a cut of a census share) takes one
format per row: ``Column("cut", "cut", [".4f", ".1f", ...])``.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis import i18n
from analysis.figures.captions import source_line
from analysis.figures.escape import html_text, markdown_text
from analysis.figures.markup import directive, readable
from analysis.figures.numbered import check_name, sentence
from analysis.formats import MISSING, date_text, format_number, is_missing, locale_for, parse_spec
from analysis.i18n import N_, _, case_text, term

NAMED_FORMATS = {"people": ",d", "count": ",d", "year": "d", "yes/no": "", "text": "", "code": "", "date": ""}
TEXT_KINDS = ("text", "code", "yes/no", "date")
"""Formats whose cells are words, not numbers (left-aligned, written into the page as text)."""
MISSING_NOTE = N_("{missing} no value: not published, suppressed or not applicable.")
"""The note under a table with a missing value (translated where it is written)."""


@dataclass(frozen=True)
class Column:
    """One column of a table: which data, under which label, written how.

    Attributes
    ----------
    name : hashable
        The column of the frame (or the name of its index; a tuple for a column of a
        two-level header).
    label : str
        The header the reader sees, with the unit (``"residents 2021"``,
        ``"change 2016–2021 (%)"``, ``"distance (km)"``).
    fmt : str or sequence of str, default ""
        How values are written (module docstring); "" picks one from the values. A
        sequence gives one format per row of the frame (a column of several measures,
        each written with its own digits).
    """

    name: Hashable
    label: str
    fmt: str | Sequence[str] = ""


def _kind(series: pd.Series, fmt: str | Sequence[str]) -> str | tuple[str, ...]:
    if not isinstance(fmt, str):
        kinds = tuple(_kind(series.iloc[[i]], f) for i, f in enumerate(fmt))
        if len(kinds) != len(series):
            raise ValueError(f"{len(kinds)} formats for the {len(series)} rows of column {series.name!r}")
        return kinds
    if fmt:
        if fmt not in NAMED_FORMATS:
            parse_spec(fmt)  # raises on a malformed format
        return fmt
    if pd.api.types.is_bool_dtype(series):
        return "yes/no"
    if pd.api.types.is_integer_dtype(series):
        return "people"
    if pd.api.types.is_numeric_dtype(series):
        values = series.dropna()
        if len(values) and (values == values.round()).all() and values.abs().max() >= 1:
            return "people"
        return ".2f"
    return "text"


class Table:
    """A table ready to show (see :func:`table`): its cells, header, caption and notes.

    Attributes
    ----------
    header : list of str
    rows : list of list
        The raw values, row by row (missing values kept as missing).
    kinds : list of str or tuple of str
        The format of each column (a tuple: one format per row).
    name : str or None
    caption : str or None
    notes : list of str
    """

    def __init__(self, header, rows, kinds, name, caption, notes):
        self.header = header
        self.rows = rows
        self.kinds = kinds
        self.name = name
        self.caption = caption
        self.notes = notes

    def row_kinds(self, index: int) -> list[str]:
        """The format of each cell of row ``index`` (a column with one format per row gives that row's).

        Parameters
        ----------
        index : int

        Returns
        -------
        list of str
        """
        return [k if isinstance(k, str) else k[index] for k in self.kinds]

    def cell_text(self, value: object, kind: str, locale: str = "en_CA") -> str:
        """One cell as the reader sees it (numbers in ``locale``, missing as "—").

        Parameters
        ----------
        value : object
        kind : str
        locale : str, default ``"en_CA"``

        Returns
        -------
        str
        """
        if is_missing(value):
            return MISSING
        if kind == "text":
            return str(case_text(term(readable(value))))
        if kind == "code":
            return str(value)
        if kind == "yes/no":
            return format_number(bool(value), "", locale)
        if kind == "date":
            return date_text(value, locale)
        if isinstance(value, str):
            return str(case_text(term(readable(value))))
        return format_number(value, NAMED_FORMATS.get(kind, kind), locale)

    def _myst_cell(self, value: object, kind: str) -> str:
        if is_missing(value):
            return MISSING
        if kind == "code":
            return _literal(str(value))
        if kind in TEXT_KINDS:  # yes/no: the words of the language the chapter is executed in
            return markdown_text(self.cell_text(value, kind, locale_for(i18n.language())))
        if hasattr(value, "item"):
            value = value.item()
        spec = NAMED_FORMATS.get(kind, kind)
        return f"{{number}}`{value!r}{(':' + spec) if spec else ''}`"

    def myst(self) -> str:
        """The table as MyST: a numbered ``{list-table}`` and its notes (for the book).

        Returns
        -------
        str
        """
        lines = []
        for index, row in enumerate([self.header, *self.rows]):
            cells = (
                [markdown_text(c) for c in row]
                if index == 0
                else list(map(self._myst_cell, row, self.row_kinds(index - 1)))
            )
            lines.append("* - " + cells[0])
            lines += ["  - " + cell for cell in cells[1:]]
        options = {"header-rows": "1", "stub-columns": "1", "class": "companion-table", "widths": "auto"}
        if self.name:
            options = {"name": self.name, **options}
        parts = [
            directive("list-table", markdown_text(self.caption) if self.caption else "", options, "\n".join(lines))
        ]
        if self.notes:
            parts.append(directive("container", "companion-table-note", body=" ".join(map(markdown_text, self.notes))))
        return "\n\n".join(parts)

    def html(self, locale: str | None = None) -> str:
        """The table as HTML (for Jupyter), numbers in ``locale`` (default: the active language, :mod:`analysis.i18n`).

        Parameters
        ----------
        locale : str, optional

        Returns
        -------
        str
        """
        locale = locale or locale_for(i18n.language())
        head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in self.header)
        body = []
        for index, row in enumerate(self.rows):
            kinds = self.row_kinds(index)
            cells = [
                f"<code>{html_text(str(v))}</code>"
                if k == "code" and not is_missing(v) and str(v)
                else html_text(self.cell_text(v, k, locale))
                for v, k in zip(row, kinds)
            ]
            numeric = [k not in TEXT_KINDS for k in kinds]
            tds = [f'<th scope="row">{cells[0]}</th>'] + [
                f'<td style="text-align:right">{c}</td>' if n else f"<td>{c}</td>"
                for c, n in zip(cells[1:], numeric[1:])
            ]
            body.append("<tr>" + "".join(tds) + "</tr>")
        caption = f"<caption>{html_text(self.caption)}</caption>" if self.caption else ""
        notes = f'<p class="companion-table-note">{html_text(" ".join(self.notes))}</p>' if self.notes else ""
        return (
            f'<div class="companion-table-frame"><table class="companion-table">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{notes}</div>"
        )

    def text(self, locale: str = "en_CA") -> str:
        """The table as aligned plain text (for ``print`` and for checks).

        Parameters
        ----------
        locale : str, default ``"en_CA"``

        Returns
        -------
        str
        """
        cells = [self.header] + [
            [self.cell_text(v, k, locale) for v, k in zip(row, self.row_kinds(i))] for i, row in enumerate(self.rows)
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        return "\n".join([self.caption or "", *lines, *self.notes]).strip("\n")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.myst(), "text/html": self.html()}

    def __repr__(self) -> str:
        return self.text()


def _literal(text: str) -> str:
    """``text`` as MyST inline code (empty stays empty; backticks inside take a longer fence)."""
    if not text:
        return ""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


NO_ROWS_NOTE = N_("No row in these data.")
"""The note of a table whose frame is empty (a rerun on data where nothing qualifies): one row of "—"."""


def table(
    frame: pd.DataFrame | pd.Series,
    columns: Sequence[Column],
    *,
    name: str | None = None,
    caption: str | None = None,
    sources: Sequence[str] | None = None,
    note: str | None = None,
    missing: str | None = None,
) -> Table:
    """Show a data frame as a table made for reading (numbered when it has a name).

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        The data; its index is used only through a :class:`Column` that names it
        (a Series becomes a one-column frame named after it).
    columns : sequence of Column
        The columns shown, in order: the first stays in view when the table scrolls
        sideways, the answer should come next; identifiers are left out.
    name : str, optional
        ``tab-ch<N>-<what>``: numbers the table so that the text can cite it with
        ``{numref}``. Needs ``caption``.
    caption : str, optional
        What the table shows, one sentence (without the final full stop).
    sources : sequence of str, optional
        Keys of :data:`analysis.data.sources.SOURCES` (empty: the curated case tables);
        written in the note under the table with vintage and licence.
    note : str, optional
        A sentence under the table (how to read it, a caveat).
    missing : str, optional
        What "—" means in this table (default: not published, suppressed or not
        applicable); only written when a cell is missing. An empty ``frame`` gives one
        row of "—" and the note "No row in these data." instead of failing.

    Returns
    -------
    Table
        Displayed by Jupyter and by the book (the last expression of a cell).

    Raises
    ------
    KeyError
        When a column names neither a column nor the index of ``frame``.
    ValueError
        When ``name`` is malformed, a name comes without a caption, or a format is unknown.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    if name is not None:
        check_name(name)
        if not caption:
            raise ValueError(f"table {name!r} needs a caption to be numbered")
    index_names = [n for n in frame.index.names if n is not None]
    data = frame.reset_index() if any(c.name in index_names for c in columns) else frame
    missing_columns = [c.name for c in columns if c.name not in data.columns]
    if missing_columns:
        raise KeyError(f"columns {missing_columns} are neither columns nor the index of the table")
    kinds = [_kind(data[c.name], c.fmt) for c in columns]
    rows = [list(row) for row in zip(*(data[c.name].tolist() for c in columns))]
    notes = []
    if not rows:  # a table with no row still reads as a table (a list-table needs a body)
        rows = [[None] * len(columns)]
        kinds = [k if isinstance(k, str) else "text" for k in kinds]
        notes.append(_(NO_ROWS_NOTE))
    elif any(is_missing(v) for row in rows for v in row):
        notes.append(f"{MISSING} {missing}." if missing else _(MISSING_NOTE).format(missing=MISSING))
    if note:
        notes.append(sentence(note))
    if sources is not None:
        notes.append(source_line(tuple(sources)))
    return Table([str(readable(c.label)) for c in columns], rows, kinds, name, caption, notes)
