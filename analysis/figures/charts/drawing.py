"""Charts drawn when the book is built: the Vega spec rendered to SVG, at two widths.

A chapter page does not load a chart library. Each chart is compiled from Vega-Lite to Vega
and rendered to SVG by vl-convert (the same Vega runtime, run at build time), once at the
width of the page's column on a desktop (:data:`WIDE_PX`) and once at the width of a phone's
(:data:`NARROW_PX`); the page shows the one that fits its column (a CSS container query in
``_static/companion.css``), so the text of a chart is never drawn smaller than 11 px, and
the SVG scales a little, never by half. The two drawings cost less to download than the
Vega runtime the page would otherwise load (about 175 KB gzip), and they are there as soon
as the page is: nothing draws after it.

What a chart said on hover stays: the tooltip of each mark (its ``tooltip`` encoding) becomes
the ``<title>`` of that mark in both drawings, which browsers show on hover and assistive
technology reads as the mark's name in whichever drawing is shown; a tap on a mark (touch
screens) shows the same text in a box (``_static/charts/companion-charts.js``). The titles are sent as
one table per chart (:func:`tip_table`: each tooltip title once, then a column of values,
columns that several charts of a page share sent once, :mod:`analysis.book.ext.page_assets`)
and written into the drawings by the page's script when it loads: a thousand-point scatter's
tooltips cost a third of what a thousand ``<title>`` elements did. Marks without a tooltip
(trend lines, labels) are left out of the accessibility tree; the chart as a whole is named
by its alt text (the spec's ``description``).

References
----------
Vega-Lite and Vega: Satyanarayan, A., Moritz, D., Wongsuphasawat, K. and Heer, J. (2017).
Vega-Lite: A Grammar of Interactive Graphics. *IEEE TVCG* 23(1). vl-convert:
https://github.com/vega/vl-convert
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import textwrap
import xml.etree.ElementTree as ElementTree

import vl_convert

from analysis import i18n
from analysis.figures.charts.base import FORMAT_LOCALES, LEGEND_LAYOUT, TIME_FORMAT_LOCALES
from analysis.figures.escape import ScriptJSONEncoder
from analysis.formats import list_text
from analysis.i18n import N_, _

WIDE_PX = 640
"""Width of the desktop drawing, in CSS pixels: a little under the width a figure gets in the
book's text column on a desktop (672 px at 1280 px, 739 px at its widest, 1024 px), so that
it is scaled up by at most a sixth, never down."""
NARROW_PX = 312
"""Width of the phone drawing, in CSS pixels: the width a figure gets on a 360 px wide phone,
the narrowest common one (342 px at 390 px). Shown up to :data:`NARROW_MAX_PX`."""
NARROW_MAX_PX = 440
"""The phone drawing is never shown wider than this (text at most 15 px); between this and
:data:`WIDE_PX` it is centred in the column."""
TIP_TITLE = N_("{title}: ")
"""How a line of a mark's tooltip names its field (French puts a narrow space before the colon)."""
CHAR_EM = 0.6
"""Width of an average character of the charts' face (Arial metrics), in ems, a little
generous: used to wrap a title before it is drawn."""
LEGEND_CHAR_PX = 6.3
"""Width of an average legend label character at 11 px, in pixels (Arial metrics, generous)."""
LEGEND_SYMBOL_PX = 26
"""Width a legend entry takes before its label (symbol and gap), in pixels."""
GEOMETRY = frozenset({"d", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy", "r", "points"})
"""Attributes whose numbers are positions in pixels (written to a tenth of a pixel)."""
DECIMALS = re.compile(r"-?\d+\.\d{2,}")
AXES = {"X": N_("horizontal axis"), "Y": N_("vertical axis")}
"""What Vega calls the X- and Y-axis, named for a reader (:func:`describe_guides`)."""
LEGEND = N_("legend")
GUIDE_TITLED = N_("{guide}, {title}")
"""An axis or a legend with its title (« axe vertical, composante scolarité de l’IBC 2021 »)."""
GUIDE_RANGE = N_("{guide}: from {first} to {last}")
"""A continuous axis or legend, by its first and last labels."""
GUIDE_VALUES = N_("{guide}: {values}")
"""A discrete axis or legend, by its labels."""
ROLE_DESCRIPTIONS = {
    "axis": N_("axis"),
    "legend": N_("legend"),
    "title": N_("title"),
    "circle": N_("point"),
    "symbol": N_("point"),
    "bar": N_("bar"),
    "box": N_("box"),
    "rect mark": N_("rectangle"),
    "rule mark": N_("line"),
    "line mark": N_("line"),
    "area mark": N_("area"),
    "text mark": N_("text"),
    "tick": N_("tick"),
}
"""Vega's English ``aria-roledescription`` of a chart's parts, in the reader's language; the others
(Vega's "group mark container", "symbol mark container"…) are dropped: the role says enough."""
SVG = "http://www.w3.org/2000/svg"
TITLE = f"{{{SVG}}}title"
ElementTree.register_namespace("", SVG)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
TIP_SEPARATOR = "\ue000"
"""Between the title and the value of a tooltip line while the chart is drawn (the first
private-use character: valid in XML, held by no text of the book); never left in the page."""
TIPS_CLASS = "companion-tips"
"""Class of the ``<script type="application/json">`` that holds a chart's tooltip titles."""
TIP_COLUMN_CLASS = "companion-tip-column"
"""Class of the ``<script type="application/json">`` elements, one per tooltip title, that
hold its values (the name :mod:`analysis.book.ext.page_assets` looks for to share them)."""


NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def _whole(match: re.Match) -> str:
    text = str(round(float(match.group())))
    return "0" if text == "-0" else text


def _tenth(match: re.Match) -> str:
    text = f"{round(float(match.group()), 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` cut at every ``separator`` that is outside quotes and brackets."""
    parts, depth, quote, start, index = [], 0, None, 0, 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return parts


def tooltip_entries(signal: str) -> list[tuple[str, str]] | None:
    """The (title, expression) pairs of a tooltip signal as Vega-Lite writes it.

    Parameters
    ----------
    signal : str
        A Vega expression: an object literal ``{"title": expression, ...}`` (Vega-Lite's
        compiled ``tooltip`` encoding with a list of fields).

    Returns
    -------
    list of (str, str), or None
        The titles (decoded JSON strings) and their expressions, in order; ``None`` when
        ``signal`` is not an object literal with string keys (then the mark keeps Vega's own
        description).
    """
    body = signal.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    entries = []
    for item in _split_top_level(body[1:-1], ","):
        key_value = _split_top_level(item, ":")
        if len(key_value) < 2:
            return None
        key = key_value[0].strip()
        try:
            title = json.loads(key)
        except json.JSONDecodeError:
            return None
        if not isinstance(title, str):
            return None
        entries.append((title, ":".join(key_value[1:]).strip()))
    return entries


def _describe_marks(marks: list[dict]) -> None:
    """Give each mark with a tooltip a description made of its tooltip; hide the others from assistive technology."""
    for mark in marks:
        update = mark.get("encode", {}).get("update", {})
        tooltip = update.get("tooltip")
        entries = tooltip_entries(tooltip["signal"]) if isinstance(tooltip, dict) and "signal" in tooltip else None
        if entries:
            lines = [
                f"{json.dumps(_(TIP_TITLE).format(title=title) + TIP_SEPARATOR)} + ({expression})"
                for title, expression in entries
            ]
            update["description"] = {"signal": ' + "\\n" + '.join(lines)}
            update.pop("tooltip")
        elif mark.get("type") != "group":
            mark["aria"] = False
            update.pop("description", None)
            update.pop("tooltip", None)
        _describe_marks(mark.get("marks", []))


def at_width(vega: dict, width: int) -> dict:
    """The Vega spec drawn ``width`` pixels wide, its marks described by their tooltips.

    Parameters
    ----------
    vega : dict
        A Vega spec compiled from a chart of the book (:func:`analysis.figures.charts.to_vega`),
        whose ``width`` signal follows its container (``autosize: fit-x``), or with a fixed
        ``width``.
    width : int
        Total width of the drawing, padding included, in pixels.

    Returns
    -------
    dict
        A copy: the ``width`` signal fixed to ``width`` (a fixed-width chart keeps its
        width), legends laid out one under the other (:data:`LEGEND_LAYOUT`), no
        ``usermeta``.
    """
    spec = copy.deepcopy(vega)
    spec.pop("usermeta", None)
    for signal in spec.get("signals", []):
        if signal.get("name") == "width" and "init" in signal:
            signal.pop("on", None)
            signal["init"] = str(width)
    spec.setdefault("config", {}).setdefault("legend", {})["layout"] = copy.deepcopy(LEGEND_LAYOUT)
    _describe_marks(spec.get("marks", []))
    return spec


def wrap_signal(characters: int, text: str = "datum.label") -> str:
    """A Vega expression that breaks ``text`` into lines of at most ``characters`` (at spaces).

    Parameters
    ----------
    characters : int
        Longest line, in characters.
    text : str, default ``"datum.label"``
        The Vega expression of the text (a legend's label).

    Returns
    -------
    str
        An expression giving an array of lines (Vega draws an array as lines of text).
    """
    n = int(characters)
    return f"split(replace({text}, regexp('(?![^\\\\n]{{1,{n}}}$)([^\\\\n]{{1,{n}}})\\\\s', 'g'), '$1\\\\n'), '\\\\n')"


def _wrap_title(spec: dict, width: int) -> None:
    """Break the chart's title into lines that fit ``width`` pixels."""
    title = spec.get("title")
    if not isinstance(title, dict) or not isinstance(title.get("text"), str):
        return
    size = float(title.get("fontSize", 14))
    characters = max(12, int((width - 12) / (CHAR_EM * size)))
    lines = textwrap.wrap(title["text"], characters, break_long_words=False)
    if len(lines) > 1:
        title["text"] = lines


def _legend_overflows(spec: dict, width: int, language: str) -> list[tuple[int, float, float]]:
    """(index, overflow in pixels, legend width) of each top-level legend that reaches past ``width``."""
    scene = vl_convert.vega_to_scenegraph(
        spec,
        format_locale=FORMAT_LOCALES.get(language),
        time_format_locale=TIME_FORMAT_LOCALES.get(language),
    )
    origin = float(scene.get("origin", [0, 0])[0])
    legends = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("role") == "legend":
                legends.extend(node.get("items", []))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(scene.get("scenegraph", {}))
    found = []
    for index, item in enumerate(legends):
        right = origin + float(item.get("x", 0)) + float(item.get("width", 0))
        if right > width - 2:
            found.append((index, right - width + 2, float(item.get("width", 0))))
    return found


def _fit_legends(spec: dict, width: int, language: str) -> None:
    """Break the labels of legends that reach past the drawing's edge into shorter lines."""
    legends = spec.get("legends", [])
    for _attempt in range(4):
        overflows = [o for o in _legend_overflows(spec, width, language) if o[0] < len(legends)]
        if not overflows:
            break
        for index, overflow, legend_width in overflows:
            legend = legends[index]
            update = legend.setdefault("encode", {}).setdefault("labels", {}).setdefault("update", {})
            current = legend.get("_companion_wrap") or int((legend_width - LEGEND_SYMBOL_PX) / LEGEND_CHAR_PX)
            target = int((legend_width - LEGEND_SYMBOL_PX - overflow) / LEGEND_CHAR_PX)
            characters = max(10, min(target, int(current * 0.85)))
            legend["_companion_wrap"] = characters
            original = legend.setdefault("_companion_text", update.get("text"))
            source = (
                f"''+({original['signal']})" if isinstance(original, dict) and "signal" in original else "datum.label"
            )
            update["text"] = {"signal": wrap_signal(characters, source)}
    for legend in legends:
        legend.pop("_companion_wrap", None)
        legend.pop("_companion_text", None)


def _lines(lines: list[str]) -> str:
    """Lines of a drawn text as one: joined by spaces, but a line cut after a hyphen ("Saint-",
    then "Camille") joined without one."""
    text = ""
    for line in (" ".join(part.split()) for part in lines):
        if line:
            text += line if not text or (text.endswith("-") and not text.endswith(" -")) else " " + line
    return text


def _text_of(element) -> str:
    """The text drawn by an SVG ``<text>`` (its lines joined by :func:`_lines`)."""
    return _lines(list(element.itertext()))


APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
"""A straight apostrophe inside a word ("l'UPA", "P'tit Bonheur", "village's")."""


def _apostrophes(value: str) -> str:
    """A tooltip's value with the typographic apostrophe (’) the pages' prose and tables show
    (Sphinx's smart quotes), an address left as it is."""
    return value if value.startswith(("http://", "https://")) else APOSTROPHE.sub("’", value)


def _listed(labels: list[str], language: str) -> str:
    """A legend's or an axis's labels as one text: a sentence's list, or, when a label holds a comma
    ("plans, programmes and policy"), the labels separated by semicolons so that each can be told apart."""
    if any("," in label for label in labels):
        return ("\u202f; " if language == "fr" else "; ").join(labels)
    return list_text(labels, language)


def _texts(group, role: str) -> list[str]:
    return [
        _text_of(text)
        for mark in group.iter(f"{{{SVG}}}g")
        if role in mark.get("class", "").split()
        for text in mark.iter(f"{{{SVG}}}text")
        if _text_of(text)
    ]


def describe_guides(root) -> None:
    """Name the axes, legends and titles of a drawing, and the kinds of its parts, in the active language.

    Vega names each guide for assistive technology in English ("X-axis titled 'T' for a
    discrete scale with 6 values: …", "Symbol legend titled …", "Title text 'T'") and each part
    by an English kind ("axis", "rect mark"). Each is written again from what the drawing
    shows: an axis or a legend by its title and labels (its first and last label for a
    continuous scale, every label for a discrete one), a title by its text
    (:data:`GUIDE_TITLED`, :data:`GUIDE_RANGE`, :data:`GUIDE_VALUES`, :data:`ROLE_DESCRIPTIONS`).

    Parameters
    ----------
    root : xml.etree.ElementTree.Element
        The ``<svg>`` element drawn by vl-convert; changed in place.
    """
    for element in root.iter():
        kind = element.get("aria-roledescription")
        if kind is not None:
            if kind in ROLE_DESCRIPTIONS:
                element.set("aria-roledescription", _(ROLE_DESCRIPTIONS[kind]))
            else:
                element.attrib.pop("aria-roledescription")
        label = element.get("aria-label")
        classes = element.get("class", "").split()
        if label is None or element.tag != f"{{{SVG}}}g":
            continue
        if "role-title-text" in classes:
            element.set("aria-label", _lines([_text_of(t) for t in element.iter(f"{{{SVG}}}text")]))
            continue
        if "role-axis" in classes:
            guide = _(AXES.get(label[:1], "")) if label[1:7] == "-axis " else ""
            titles, labels = _texts(element, "role-axis-title"), _texts(element, "role-axis-label")
            continuous = " discrete scale " not in label
        elif "role-legend" in classes:
            guide = _(LEGEND)
            titles, labels = _texts(element, "role-legend-title"), _texts(element, "role-legend-label")
            continuous = label.startswith("Gradient ")
        else:
            continue
        if not guide:
            continue
        if titles:
            guide = _(GUIDE_TITLED).format(guide=guide, title=" ".join(titles))
        guide = guide[:1].upper() + guide[1:]
        if not labels:
            element.set("aria-label", guide)
        elif continuous:
            element.set("aria-label", i18n.elide(_(GUIDE_RANGE).format(guide=guide, first=labels[0], last=labels[-1])))
        else:
            values = _listed(labels, i18n.language())
            element.set("aria-label", i18n.elide(_(GUIDE_VALUES).format(guide=guide, values=values)))


def render(vega: dict, width: int, *, titles: bool) -> tuple[str, list[list[tuple[str, str]]]]:
    """One drawing of a chart, as the SVG element a page embeds, and its marks' tooltips.

    Parameters
    ----------
    vega : dict
        A compiled Vega spec (see :func:`at_width`).
    width : int
        Total width in pixels.
    titles : bool
        Write each described mark's text as its ``<title>`` in the SVG (a chart shown
        alone); otherwise the marks only carry ``data-tip`` and the page's script writes the
        titles from the tooltip table (:func:`tip_table`).

    Returns
    -------
    str
        An ``<svg>`` element with a ``viewBox`` (it scales with its box), every text of the
        data XML-escaped (safe in HTML), marks with a tooltip carrying ``data-tip``; points
        (symbol marks) at whole pixels, other positions to a tenth of a pixel.
    list of list of (str, str)
        For each mark with ``data-tip``, in document order: its tooltip's (title, value)
        lines, the title with its colon (``"municipality: "``).

    Raises
    ------
    ValueError
        When vl-convert cannot draw the spec.
    """
    language = i18n.language()
    spec = at_width(vega, width)
    _wrap_title(spec, width)
    try:
        _fit_legends(spec, width, language)
        drawn = vl_convert.vega_to_svg(
            spec,
            format_locale=FORMAT_LOCALES.get(language),
            time_format_locale=TIME_FORMAT_LOCALES.get(language),
        )
    except Exception as error:  # vl-convert raises a bare exception type
        raise ValueError(f"the chart could not be drawn: {error}") from error
    root = ElementTree.fromstring(drawn)
    for element in root.iter():
        for name in GEOMETRY.intersection(element.attrib):
            element.set(name, DECIMALS.sub(_tenth, element.get(name)))
    tips = []
    for group in root.iter(f"{{{SVG}}}g"):
        classes = group.get("class", "").split()
        if "role-mark" not in classes:
            continue
        for item in group:
            if "mark-symbol" in classes and item.get("transform"):
                # A point: at a whole pixel (half a pixel at most, under its own radius).
                item.set("transform", NUMBERS.sub(_whole, item.get("transform")))
            label = item.attrib.pop("aria-label", None)
            if label is None:
                continue
            item.set("data-tip", "")
            lines = [
                (title, _apostrophes(value))
                for title, value in (
                    tuple(line.split(TIP_SEPARATOR, 1)) if TIP_SEPARATOR in line else ("", line)
                    for line in label.split("\n")
                )
            ]
            tips.append(lines)
            if titles:
                ElementTree.SubElement(item, TITLE).text = "\n".join(title + value for title, value in lines)
    describe_guides(root)
    root.attrib.pop("class", None)
    root.set("role", "graphics-document")
    root.set("aria-roledescription", _("chart"))
    root.set("aria-label", str(vega.get("description", "")))
    return ElementTree.tostring(root, encoding="unicode"), tips


def tip_table(tips: list[list[tuple[str, str]]]) -> dict | None:
    """The tooltips of a drawing's marks as one table: each title once, then a column of values.

    A thousand-point scatter repeats its tooltip titles a thousand times, and two charts of
    one page often show the same names and populations: as columns, the titles are written
    once and equal columns can be shared by the charts of a page
    (:func:`analysis.book.ext.page_assets.pool_tips`).

    Parameters
    ----------
    tips : list of list of (str, str)
        What :func:`render` returns: for each mark, its (title, value) lines.

    Returns
    -------
    dict or None
        ``{"titles": [...], "columns": [[value or None per mark], ...]}`` with the titles in
        the order the marks show them; None when the marks do not show their titles in one
        common order (the drawing then keeps its ``<title>`` elements).
    """
    titles: list[str] = []
    for lines in tips:
        order = [title for title, _value in lines]
        if len(set(order)) != len(order):
            return None
        known = [titles.index(title) for title in order if title in titles]
        if known != sorted(known):
            return None
        at = 0
        for title in order:
            if title in titles:
                at = titles.index(title) + 1
            else:
                titles.insert(at, title)
                at += 1
    columns = [[None] * len(tips) for _title in titles]
    for mark, lines in enumerate(tips):
        for title, value in lines:
            columns[titles.index(title)][mark] = value
    for mark, lines in enumerate(tips):  # the order rebuilt from the table is the marks' own
        if [(t, c[mark]) for t, c in zip(titles, columns) if c[mark] is not None] != list(lines):
            return None
    return {"titles": titles, "columns": columns}


def _script_json(value) -> str:
    return json.dumps(value, cls=ScriptJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def html(vega: dict) -> str:
    """The HTML of one chart drawn at build time: its two drawings in one ``<div>``.

    Parameters
    ----------
    vega : dict
        A Vega spec compiled from a chart of the book, with its alt text as ``description``.

    Returns
    -------
    str
        ``<div class="companion-drawing">`` holding a
        ``companion-drawing-wide`` and a ``companion-drawing-narrow`` drawing and, when marks
        have tooltips, their table (:func:`tip_table`): the titles in a ``<script
        type="application/json" class="companion-tips">``, then one ``<script
        class="companion-tip-column">`` per title with its values; its id is derived from the
        spec, so two builds write the same page.
    """
    digest = hashlib.sha256(json.dumps(vega, sort_keys=True, cls=ScriptJSONEncoder).encode()).hexdigest()[:16]
    wide, tips = render(vega, WIDE_PX, titles=False)
    table = tip_table(tips)
    if table is None:
        wide, tips = render(vega, WIDE_PX, titles=True)
    narrow, _tips = render(vega, NARROW_PX, titles=False)
    script = ""
    if table and tips:
        script = f'<script type="application/json" class="{TIPS_CLASS}">{_script_json(table["titles"])}</script>'
        script += "".join(
            f'<script type="application/json" class="{TIP_COLUMN_CLASS}">{_script_json(column)}</script>'
            for column in table["columns"]
        )
    return (
        f'<div class="companion-drawing" id="chart-{digest}">'
        f'<div class="companion-drawing-wide">{wide}</div>'
        f'<div class="companion-drawing-narrow">{narrow}</div>'
        f"{script}</div>"
    )
