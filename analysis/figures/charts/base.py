"""Common chart settings: the matrix colour scale, the case-place marker and the finishing touch.

Every chart of the book is finished by :func:`finish`, which makes it readable on a phone
as on a desktop: it takes the width of the page (``width="container"``: the chart is drawn
at the column's width on a desktop and on a phone by :mod:`analysis.figures.charts.drawing`,
instead of one fixed-size drawing shrunk), keeps every text at 11 px or
more, puts legends under the plot with room for their whole titles and labels, draws a
short title, and attaches the caption (what it shows, sources with vintage and licence)
that :func:`analysis.figures.numbered.figure` writes under the figure.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.figures.captions import Caption
from analysis.figures.numbered import attach_caption
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import ALL_GROUPS

FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
"""The charts' typeface. Charts are laid out when the book is built (vl-convert measures
every label to place axes and legends), so the page must draw them with a face of the same
widths: Arial, Helvetica and Liberation Sans share their metrics, and one of them is on
Windows, macOS, iOS and most Linux systems (a system face such as ``system-ui`` would be
DejaVu Sans on Linux, about a tenth wider, and labels would overflow)."""
MIN_FONT_PX = 11
"""The smallest text of any chart, in pixels (axis and legend labels, marks)."""
TITLE_FONT_PX = 14
LABEL_LIMIT_PX = 300
"""Legend and axis labels are cut (with "…") beyond this width: keep them shorter, since a
phone shows about 330 px of chart."""
LEGEND_LAYOUT = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}
"""How several legends under a chart are laid out (Vega's ``config.legend.layout``, set when the
chart is drawn by :mod:`analysis.figures.charts.drawing`): one under the other, since side by
side they overflow a phone. Vega-Lite has no setting for this Vega one."""
HIGHLIGHT_SHAPE = {
    "shape": "diamond",
    "size": 170,
    "filled": True,
    "fill": "white",
    "fillOpacity": 0,
    "stroke": "black",
    "strokeOpacity": 0.7,
    "strokeWidth": 2,
}
"""How the case place (Saint-Camille) is marked on every chart that has it: a black outline whose
invisible inside still catches a pointer or a tap (for its tooltip)."""


def cell_scale() -> alt.Scale:
    """The colour scale of the matrix cells, identical in every chart.

    Returns
    -------
    altair.Scale
        Domain: the four cells and ``unclassified`` (``ALL_GROUPS``); range: their colours
        in :data:`analysis.figures.palette.CELL_COLOURS`.

    References
    ----------
    Okabe, M. and Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
    presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
    """
    return alt.Scale(domain=list(ALL_GROUPS), range=[CELL_COLOURS[c] for c in ALL_GROUPS])


def highlight_marks(
    data: pd.DataFrame,
    x: alt.X | str,
    y: alt.Y | str,
    highlight: str | None,
    *,
    key: str = "csd_uid",
    label: str = "name",
    tooltip=None,
) -> list[alt.Chart]:
    """A black diamond and a bold name on the highlighted place, when it is in ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's data, with ``key`` and ``label`` columns (without ``key``, nothing is
        marked).
    x, y : altair channel or str
        The chart's position encodings.
    highlight : str or None
        The value of ``key`` to mark (e.g. Saint-Camille's CSD code); None marks nothing.
    key : str, default ``"csd_uid"``
    label : str, default ``"name"``
    tooltip : list of altair.Tooltip, optional
        The tooltip of the chart's points (``points.encoding.tooltip``): the diamond, drawn
        on top of every point, then shows the highlighted place's own values when pointed at
        or tapped (a neighbour drawn over its point would otherwise answer).

    Returns
    -------
    list of altair.Chart
        Two layers (diamond, label), or none when the place is not in ``data``.
    """
    if highlight is None or key not in data or highlight not in set(data[key]):
        return []
    spot = data[data[key] == highlight]
    ring = alt.Chart(spot).mark_point(**HIGHLIGHT_SHAPE)
    name = alt.Chart(spot).mark_text(align="left", dx=10, dy=-10, fontWeight="bold", fontSize=12)
    ring = (
        ring.encode(x=x, y=y) if tooltip is None or tooltip is alt.Undefined else ring.encode(x=x, y=y, tooltip=tooltip)
    )
    return [ring, name.encode(x=x, y=y, text=f"{label}:N")]


FORMAT_LOCALES = {
    "fr": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0$"],
        "percent": "\u00a0%",
        "minus": "\u2212",
    }
}
"""d3-format locales of the languages other than English (vl-convert's ``format_locale``): axis labels,
legends and tooltips write numbers as the text does (``1 234,5``, ``12 %``; CLDR fr_CA)."""
TIME_FORMAT_LOCALES = {
    "fr": {
        "dateTime": "%A %e %B %Y à %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
    }
}
"""d3-time-format locales of the languages other than English (dates on time axes)."""
CATEGORY_TYPES = ("nominal", "ordinal")


def _label(value: object) -> object:
    """A category of a chart in the active language: a label of the analyses, or a case table's free text."""
    return i18n.case_text(i18n.term(value))


def _category_fields(node, fields: set[str]) -> None:
    """Collect the nominal and ordinal fields of every encoding, and translate their scale domains and sorts."""
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            for channel in encoding.values():
                for definition in channel if isinstance(channel, list) else [channel]:
                    if not isinstance(definition, dict):
                        continue
                    if definition.get("type") in CATEGORY_TYPES and isinstance(definition.get("field"), str):
                        fields.add(definition["field"])
                    scale = definition.get("scale")
                    if isinstance(scale, dict) and isinstance(scale.get("domain"), list):
                        scale["domain"] = [_label(v) for v in scale["domain"]]
                    if isinstance(definition.get("sort"), list):
                        definition["sort"] = [_label(v) for v in definition["sort"]]
        for value in node.values():
            _category_fields(value, fields)
    elif isinstance(node, list):
        for value in node:
            _category_fields(value, fields)


def translate_categories(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with its category labels in the active language (:func:`analysis.i18n.term`).

    The analyses write English labels into their tables (``"Moderate MIZ"``,
    ``"peripheral (MIZ)"``) and the charts draw them in axes, legends and tooltips. In a
    language other than English, every value of a nominal or ordinal field of the chart's
    data, and every scale domain and sort order, is translated with the same catalog, so
    that colours, orders and labels stay consistent; values the catalog does not know
    (municipality names) are left as they are. The free text of the case tables that the
    tooltips show (an event, a role, a note) is translated the same way, from ``case.po``
    (:func:`analysis.i18n.case_text`).

    Parameters
    ----------
    chart : altair chart

    Returns
    -------
    altair chart
        ``chart`` itself in English; otherwise a new chart of the same kind.
    """
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return chart
    spec = chart.to_dict(validate=False)
    fields: set[str] = set()
    _category_fields(spec, fields)

    def rows(values):
        for row in values:
            for field in fields & set(row):
                row[field] = _label(row[field])

    for values in spec.get("datasets", {}).values():
        rows(values)
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows(data["values"])
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    spec.pop("$schema", None)
    return type(chart).from_dict(spec, validate=False)


def finish(chart: alt.Chart, caption: Caption, *, height: int = 300, width: int | str = "container") -> alt.Chart:
    """Make a chart readable on every screen and attach its caption.

    Parameters
    ----------
    chart : altair.Chart
        The chart (or layered chart) to finish.
    caption : Caption
        Its title, short heading, sources, drawing function and alt text. The heading is
        drawn inside the chart; the caption is written under the figure by
        :func:`analysis.figures.numbered.figure`.
    height : int, default 300
        Height of the plotting area, in pixels.
    width : int or "container", default ``"container"``
        The page's width (the chart is drawn at a desktop's and at a phone's), or a fixed
        width in pixels.

    Returns
    -------
    altair.Chart
        A configured top-level chart: short title, ``description`` (the alt text),
        ``usermeta`` holding the caption, system font, text of 11 px or more, legends under
        the plot.

    Raises
    ------
    KeyError
        When a source key of ``caption`` is unknown.
    """
    chart = translate_categories(chart)
    properties = {"width": width, "height": height, "description": caption.alt}
    if caption.heading:
        properties["title"] = alt.TitleParams(caption.heading, anchor="start", fontSize=TITLE_FONT_PX)
    if width == "container":
        properties["autosize"] = alt.AutoSizeParams(type="fit-x", contains="padding")
    titled = attach_caption(chart.properties(**properties), caption)
    return (
        titled.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_axis(
            labelFontSize=MIN_FONT_PX,
            titleFontSize=12,
            labelLimit=LABEL_LIMIT_PX,
            titleLimit=LABEL_LIMIT_PX + 60,
        )
        .configure_legend(
            orient="bottom",
            direction="vertical",
            labelFontSize=MIN_FONT_PX,
            titleFontSize=12,
            labelLimit=LABEL_LIMIT_PX,
            titleLimit=LABEL_LIMIT_PX,
            symbolSize=90,
        )
        .configure_title(fontSize=TITLE_FONT_PX, subtitleFontSize=12)
        .configure_text(fontSize=MIN_FONT_PX)
    )
