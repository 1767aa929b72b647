"""Charts of chapter 5: the resource ledger over time, the organisation network and the
timeline of the conditions of success (Saint-Camille case tables).

The case tables have no entry in the source registry (each row carries its own source), so
the captions pass ``sources=()`` (their source line names the case tables). Colours are
Okabe-Ito colours outside the four matrix-cell colours, so no mark can be read as a cell of
the fracture matrix; reliability grades are drawn as opacity (A or B opaque, C or D faded).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.analyses import conditions
from analysis.figures.captions import Caption, number
from analysis.figures.charts.base import finish
from analysis.figures.charts.case import GRADES, ORG_TYPE_LABELS
from analysis.figures.escape import js_string
from analysis.i18n import N_, _, case_text, ngettext, term

ORIGIN_COLOURS = {N_("endogenous"): "#009E73", N_("exogenous"): "#CC79A7", N_("mixed"): "#000000"}
KIND_LABELS = {
    "money": N_("money"),
    "equity": N_("equity"),
    "labour": N_("labour"),
    "land_buildings": N_("land and buildings"),
    "knowledge": N_("knowledge"),
    "programme": N_("programme"),
}
"""Kinds of resource of the ledger (``resource_kind``), as the legend and the tooltips name them."""
KIND_SHAPES = {
    "money": "circle",
    "equity": "square",
    "labour": "triangle-up",
    "land_buildings": "diamond",
    "knowledge": "cross",
    "programme": "triangle-down",
}
GRADE_GROUPS = {"A": GRADES[0], "B": GRADES[0], "C": GRADES[1], "D": GRADES[1]}
GRADE_OPACITY = {GRADES[0]: 1.0, GRADES[1]: 0.35}
SCALE_COLOURS = {"local": "#009E73", "regional": "#F0E442", "national": "#CC79A7", "international": "#000000"}
TIE_CLASS_STYLE = {  # colour, dash (Szreter and Woolcock's classes, and ties with no village end)
    N_("bonding"): ("#009E73", [1, 0]),
    N_("bridging"): ("#555555", [6, 3]),
    N_("linking"): ("#CC79A7", [1, 0]),
    N_("outside"): ("#BBBBBB", [2, 2]),
}
TIE_TYPES = (
    N_("funding"),
    N_("membership"),
    N_("founding"),
    N_("ownership"),
    N_("partnership"),
    N_("knowledge"),
    N_("service"),
)
"""Kinds of tie (``tie_type`` of the ties table), as the tooltips name them (translated with the data)."""
LANE_OFFSETS = (0.0, -0.2, 0.2, -0.4)  # events of the same year and condition, side by side
CONDITION_COLOURS = {2: "#000000", 3: "#009E73", 4: "#CC79A7"}
ASPECT_SHAPES = {
    N_("leadership and recognition"): "circle",
    N_("local structure"): "square",
    N_("conflict"): "cross",
    N_("learning and research"): "diamond",
    N_("goal or plan"): "triangle-up",
    N_("programme available"): "triangle-right",
    N_("public programme"): "triangle-down",
}
TABLES = {"timeline": N_("timeline"), "resources": N_("resource ledger")}
"""The case tables an event of the conditions timeline comes from, as its tooltip names them."""
VILLAGE, OUTSIDE, PEOPLE = N_("in the village"), N_("outside the village"), N_("people")
"""Headings of the columns of the network diagrams."""


def period_label(period: str) -> str:
    """A period of the resource ledger in the active language (``1970s`` → ``années 1970`` in French).

    Parameters
    ----------
    period : str
        A label of :func:`analysis.analyses.conditions.period_order`: a decade (``"1970s"``),
        ``conditions.BEFORE`` or ``conditions.UNDATED``.

    Returns
    -------
    str
    """
    if len(period) == 5 and period[:4].isdigit() and period.endswith("s"):
        return _("{decade}s").format(decade=period[:4])
    return str(i18n.term(period))


def _label_expression(labels: list[str]) -> str:
    """A Vega expression that labels axis value ``i`` with ``labels[i]`` (each label a quoted string literal)."""
    return f"[{', '.join(js_string(label) for label in labels)}][datum.value]"


def _grid(count: int, per_row: int = 4, step: float = 0.2) -> list[tuple[float, float]]:
    """Offsets of ``count`` units packed in rows of ``per_row`` around a cell's centre."""
    offsets = []
    rows = (count + per_row - 1) // per_row
    for k in range(count):
        row, column = divmod(k, per_row)
        in_row = min(per_row, count - row * per_row)
        offsets.append(((column - (in_row - 1) / 2) * step, ((rows - 1) / 2 - row) * step))
    return offsets


def resource_ledger(
    ledger: pd.DataFrame, periods: tuple[tuple[str, int, int], ...] = conditions.DEFAULT_PERIODS
) -> alt.Chart:
    """One mark per resource of the ledger: period across, origin down, kind as shape, grade as opacity.

    Periods with no recorded resource are shaded and labelled as gaps, not drawn as zeros.

    Parameters
    ----------
    ledger : pandas.DataFrame
        The resources case table (``load.case("resources")``), with the columns
        :func:`analysis.analyses.conditions.over_time` reads.
    periods : tuple of (str, int, int), default ``conditions.DEFAULT_PERIODS``
        ``(label, first year, last year)`` of each period (the 1970s to the 2020s).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (the case-table note) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    long = conditions.over_time(ledger, periods)
    order = conditions.period_order(periods)
    origins = list(conditions.ORIGINS)
    units = long[long["recorded"]].copy()
    units["px"] = units["period"].map({p: i for i, p in enumerate(order)}).astype("float64")
    units["py"] = units["source_type"].map({o: i for i, o in enumerate(origins)}).astype("float64")
    for _group, cell in units.groupby(["period", "source_type"]):
        for index, (dx, dy) in zip(cell.index, _grid(len(cell))):
            units.loc[index, "px"] += dx
            units.loc[index, "py"] -= dy
    units["grade"] = units["reliability"].map(GRADE_GROUPS)
    units["amount_note"] = units["amount_note"].fillna("")
    units["period"] = units["period"].map(period_label)
    units["resource_kind"] = units["resource_kind"].map(lambda k: KIND_LABELS.get(k, k))
    units = units[
        [
            "id",
            "period",
            "project",
            "resource",
            "provider",
            "source_type",
            "resource_kind",
            "reliability",
            "grade",
            "amount_note",
            "px",
            "py",
        ]
    ].astype({"px": "float64", "py": "float64"})
    x_axis = alt.Axis(
        values=list(range(len(order))),
        labelExpr=f"split({_label_expression([period_label(p) for p in order])}, ' ')",
        grid=False,
        labelAngle=0,
        title=_("period (by year of the resource)"),
    )
    y_axis = alt.Axis(
        values=list(range(len(origins))),
        labelExpr=_label_expression([str(i18n.term(o)) for o in origins]),
        grid=False,
        title=None,
    )
    x_scale = alt.Scale(domain=[-0.6, len(order) - 0.4], nice=False, zero=False)
    y_scale = alt.Scale(domain=[-0.5, len(origins) - 0.5], nice=False, zero=False, reverse=True)
    x = alt.X("px:Q", axis=x_axis, scale=x_scale)
    y = alt.Y("py:Q", axis=y_axis, scale=y_scale)
    origin_scale = alt.Scale(domain=origins, range=list(ORIGIN_COLOURS.values()))
    points = (
        alt.Chart(units)
        .mark_point(size=110, strokeWidth=1.8, filled=True)
        .encode(
            x=x,
            y=y,
            stroke=alt.Stroke("source_type:N", title=_("origin"), scale=origin_scale),
            fill=alt.Fill("source_type:N", title=_("origin"), scale=origin_scale),
            shape=alt.Shape(
                "resource_kind:N",
                title=_("kind of resource"),
                scale=alt.Scale(domain=list(KIND_LABELS.values()), range=[KIND_SHAPES[k] for k in KIND_LABELS]),
            ),
            opacity=alt.Opacity(
                "grade:O",
                title=_("reliability grade"),
                scale=alt.Scale(domain=list(GRADE_OPACITY), range=list(GRADE_OPACITY.values())),
            ),
            tooltip=[
                alt.Tooltip("period:N", title=_("period")),
                alt.Tooltip("project:N", title=_("project")),
                alt.Tooltip("resource:N", title=_("resource")),
                alt.Tooltip("provider:N", title=_("provider")),
                alt.Tooltip("source_type:N", title=_("origin")),
                alt.Tooltip("resource_kind:N", title=_("kind")),
                alt.Tooltip("reliability:N", title=_("grade")),
                alt.Tooltip("amount_note:N", title=_("amount as published")),
            ],
        )
    )
    gaps = pd.DataFrame({"period": [p for p in long.loc[~long["recorded"], "period"]]})
    gaps["px"] = gaps["period"].map({p: i for i, p in enumerate(order)}).astype("float64")
    gaps["x0"], gaps["x1"] = gaps["px"] - 0.42, gaps["px"] + 0.42
    gaps["y0"], gaps["y1"] = -0.5, len(origins) - 0.5
    gaps["text"] = _("no resource recorded")
    shade = (
        alt.Chart(gaps)
        .mark_rect(color="#EEEEEE")
        .encode(
            x=alt.X("x0:Q", scale=x_scale, axis=x_axis),
            x2="x1:Q",
            y=alt.Y("y0:Q", scale=y_scale, axis=y_axis),
            y2="y1:Q",
        )
    )
    gap_text = (
        alt.Chart(gaps.assign(py=(len(origins) - 1) / 2))
        .mark_text(angle=270, fontSize=11, color="#555555")
        .encode(x=x, y=y, text="text:N")
    )
    undated = order.index(conditions.UNDATED)
    divider = alt.Chart(pd.DataFrame({"px": [undated - 0.5]})).mark_rule(color="#BBBBBB", strokeDash=[3, 3]).encode(x=x)
    layered = alt.layer(shade, gap_text, divider, points)
    caption = Caption(
        title=_("Saint-Camille's resource ledger: what was mobilised, when, and from where"),
        heading=_("The resource ledger"),
        sources=(),
        drawn_by="figures.charts.conditions.resource_ledger",
        alt=(
            _(
                "Unit chart of the {value} resources of the Saint-Camille ledger: periods from before 1970 to the 2020s across, then the resources whose year is not published; rows for endogenous, exogenous and mixed resources; each resource a symbol whose shape gives its kind and whose opacity gives its reliability grade. Periods with no recorded resource are shaded grey and labelled."
            ).format(value=number(len(units), ",d"))
        ),
        note=(
            _(
                "One symbol per resource of the ledger: colour gives its origin, shape its kind, and faded symbols are "
                "graded C or D; shaded periods have no recorded resource"
            )
        ),
    )
    # The last column's label ("year not published", three lines) is centred on a tick close to
    # the right end of the axis: on a phone it reaches past the plot, which Vega's fit does not
    # count; room on the right keeps it in the drawing.
    return finish(layered, caption, height=280).properties(padding={"left": 5, "top": 5, "bottom": 5, "right": 26})


def conditions_timeline(events: pd.DataFrame) -> alt.Chart:
    """Events that speak to conditions 2-4 in time order, one row per condition.

    Shape by aspect, opacity by reliability; periods drawn as bars from the first to the
    last year. Undated rows are counted in the caption but cannot be placed.

    Parameters
    ----------
    events : pandas.DataFrame
        :func:`analysis.analyses.conditions.condition_events` (``id``, ``table``, ``year``,
        ``year_end``, ``condition``, ``aspect``, ``what``, ``reliability``).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (the case-table note) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    dated = events[events["year"].notna()].copy()
    dated["what"] = case_text(dated["what"])  # a programme joins three texts of the ledger (conditions.PROGRAMME_USED)
    undated = int(events["year"].isna().sum())
    labels = {2: _("2. leadership"), 3: _("3. structures and learning"), 4: _("4. goals and programmes")}
    dated["row"] = dated["condition"].map({c: i for i, c in enumerate(labels)}).astype("float64")
    dated["lane"] = dated.groupby(["condition", "year"]).cumcount()
    dated["py"] = dated["row"] + dated["lane"].map(lambda lane: LANE_OFFSETS[lane % len(LANE_OFFSETS)])
    dated["start"] = dated["year"].astype("float64")
    dated["end"] = dated["year_end"].astype("float64").fillna(dated["start"])
    dated["grade"] = dated["reliability"].map(GRADE_GROUPS)
    dated["condition_label"] = dated["condition"].map(labels)
    dated["table"] = dated["table"].map(lambda t: TABLES.get(t, t))
    dated["period"] = [f"{int(s)}" if s == e else f"{int(s)}–{int(e)}" for s, e in zip(dated["start"], dated["end"])]
    data = dated[
        [
            "id",
            "table",
            "period",
            "start",
            "end",
            "py",
            "condition",
            "condition_label",
            "aspect",
            "what",
            "reliability",
            "grade",
        ]
    ]
    x = alt.X(
        "start:Q",
        title=_("year"),
        axis=alt.Axis(format="d", grid=False),
        scale=alt.Scale(domain=[int(data["start"].min()) - 2, int(data["end"].max()) + 2], nice=False),
    )
    y = alt.Y(
        "py:Q",
        axis=alt.Axis(
            values=list(range(len(labels))),
            labelExpr=_label_expression(list(labels.values())),
            grid=False,
            title=None,
        ),
        scale=alt.Scale(domain=[len(labels) - 0.5, -0.5], nice=False),
    )
    colour = alt.Color(
        "condition_label:N",
        title=_("condition"),
        legend=None,
        scale=alt.Scale(domain=list(labels.values()), range=list(CONDITION_COLOURS.values())),
    )
    tooltip = [
        alt.Tooltip("period:N", title=_("period")),
        alt.Tooltip("what:N", title=_("event")),
        alt.Tooltip("aspect:N", title=_("aspect")),
        alt.Tooltip("reliability:N", title=_("grade")),
        alt.Tooltip("table:N", title=_("table")),
    ]
    spans = (
        alt.Chart(data[data["end"] > data["start"]])
        .mark_rule(strokeWidth=3, opacity=0.5)
        .encode(x=x, x2="end:Q", y=y, color=colour, tooltip=tooltip)
    )
    points = (
        alt.Chart(data)
        .mark_point(size=90, strokeWidth=1.8, filled=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=alt.Shape(
                "aspect:N",
                title=_("aspect"),
                scale=alt.Scale(domain=list(ASPECT_SHAPES), range=list(ASPECT_SHAPES.values())),
            ),
            opacity=alt.Opacity(
                "grade:O",
                title=_("reliability grade"),
                scale=alt.Scale(domain=list(GRADE_OPACITY), range=list(GRADE_OPACITY.values())),
            ),
            tooltip=tooltip,
        )
    )
    note = _("Shape gives the aspect, faded symbols are graded C or D, bars are periods")
    if undated:
        note = (
            ngettext("{n} undated row not shown.", "{n} undated rows not shown.", undated).format(
                n=number(undated, ",d")
            )
            + " "
            + note
        )
    caption = Caption(
        title=_("When the structures, goals and programmes of conditions 2 to 4 appear in the record"),
        heading=_("Conditions 2 to 4 over time"),
        sources=(),
        drawn_by="figures.charts.conditions.conditions_timeline",
        alt=(
            _(
                "Timeline of {value} dated events from the Saint-Camille timeline and resource ledger, in three rows: leadership and recognition (condition 2), local structures, conflicts and learning (condition 3), and goals, plans and public programmes (condition 4). Shapes give the aspect, opaque symbols reliability A or B and faded ones C or D; periods are drawn as bars from their first to their last year."
            ).format(value=number(len(data), ",d"))
        ),
        note=note,
    )
    return finish(alt.layer(spans, points), caption, height=260)


def _wrap(text: str, width: int = 18, lines: int = 4) -> str:
    """A label broken into lines of about ``width`` characters (never cut: the last line takes the rest)."""
    words, out, current = str(text).split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width and len(out) < lines - 1:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return "\n".join([*out, current])


COLUMN_X = alt.Scale(domain=[-1.3, 2.3], nice=False)
"""The x scale of the two-column diagrams: names take 1.3 units on each side of the columns (0 and 1), the ties
the unit between them; at a phone's width of about 330 px that leaves some 120 px for each column of names."""


def _column_labels(nodes: pd.DataFrame, y: alt.Y, bold: str | None = None) -> list[alt.Chart]:
    """Names left of the left column (x = 0) and right of the right column (x = 1), on up to four lines.

    A label shortened with "…" gives way to the whole name: names are wrapped, never cut."""
    whole = [name if str(label).endswith("…") else label for label, name in zip(nodes["label"], nodes["name"])]
    # in the reader's language before the lines are broken: a short label of the analyses, or a name from the case tables
    nodes = nodes.assign(text=[_wrap(case_text(term(text))) for text in whole])
    strong = nodes[bold].astype(bool) if bold else pd.Series(False, index=nodes.index)
    layers = []
    for column, align, dx in ((0.0, "right", -9), (1.0, "left", 9)):
        for weight in ("normal", "bold"):
            part = nodes[(nodes["x"] == column) & (strong == (weight == "bold"))]
            if part.empty:
                continue
            text = alt.Chart(part).mark_text(
                align=align, dx=dx, fontSize=11, fontWeight=weight, color="#222222", lineBreak="\n"
            )
            layers.append(text.encode(x=alt.X("x:Q", axis=None, scale=COLUMN_X), y=y, text="text:N"))
    return layers


def _headers(rows: list[tuple[float, float, str]], y: alt.Y) -> list[alt.Chart]:
    """Group headings (x, y, text): right-aligned over the left column (x = 0), left-aligned over the right one."""
    frame = pd.DataFrame(rows, columns=["x", "y", "text"])
    layers = []
    for column, align, dx in ((0.0, "right", 4), (1.0, "left", -4)):
        part = frame[frame["x"] == column]
        if len(part):
            mark = alt.Chart(part).mark_text(
                align=align, dx=dx, fontSize=11, fontWeight="bold", fontStyle="italic", color="#555555"
            )
            layers.append(mark.encode(x=alt.X("x:Q", axis=None, scale=COLUMN_X), y=y, text="text:N"))
    return layers


def _tie_class_encoding(present: set[str] | None = None) -> dict:
    """Colour and dash of a tie by its class; ``present`` keeps only those classes in the legend."""
    classes = [c for c in TIE_CLASS_STYLE if present is None or c in present]
    return {
        "stroke": alt.Stroke(
            "tie_class:N",
            title=_("tie (Szreter and Woolcock)"),
            scale=alt.Scale(domain=classes, range=[TIE_CLASS_STYLE[c][0] for c in classes]),
        ),
        "strokeDash": alt.StrokeDash(
            "tie_class:N",
            title=_("tie (Szreter and Woolcock)"),
            scale=alt.Scale(domain=classes, range=[TIE_CLASS_STYLE[c][1] for c in classes]),
        ),
    }


def network_figure(nodes: pd.DataFrame, points: pd.DataFrame) -> alt.Chart:
    """The organisation network in two columns: village organisations left, outside bodies right.

    Names sit outside the columns, so no tie crosses a name; ties are coloured and dashed
    by Szreter and Woolcock's class (bonding, bridging, linking, outside); organisations
    are coloured by level (local, regional, national, international) and sized by their number of ties. Ties between two village
    organisations, and between two outside bodies, are arcs into the space between the
    columns.

    Parameters
    ----------
    nodes, points : pandas.DataFrame
        The two tables of :func:`analysis.analyses.network.column_layout` (nodes with
        ``org_id``, ``name``, ``label``, ``org_type``, ``scale``, ``degree``, ``side``, ``x``,
        ``y``; points with ``id``, ``order``, ``x``, ``y``, ``tie_class``, ``tie_type``,
        ``from_name``, ``to_name``, ``year``, ``description``, ``reliability``).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (the case-table note) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Szreter, S. and Woolcock, M. (2004). Health by association? *International Journal of
    Epidemiology*, 33(4), 650–667. The curated case tables (``data/case/``); each row cites
    its own source.
    """
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[1.03, -0.07], nice=False))
    points = points.assign(year=points["year"].astype("Int64").astype("string").fillna(_("not published")))
    lines = (
        alt.Chart(points)
        .mark_line(strokeWidth=1.6, opacity=0.85)
        .encode(
            x=alt.X("x:Q", axis=None, scale=COLUMN_X),
            y=y,
            detail="id:N",
            order="order:Q",
            **_tie_class_encoding(),
            tooltip=[
                alt.Tooltip("from_name:N", title=_("from")),
                alt.Tooltip("to_name:N", title=_("to")),
                alt.Tooltip("tie_class:N", title=_("tie")),
                alt.Tooltip("tie_type:N", title=_("type")),
                alt.Tooltip("year:N", title=_("year")),
                alt.Tooltip("description:N", title=_("description")),
                alt.Tooltip("reliability:N", title=_("grade")),
            ],
        )
    )
    scales = list(SCALE_COLOURS)
    nodes = nodes.assign(org_type=nodes["org_type"].map(lambda t: ORG_TYPE_LABELS.get(t, t)))
    circles = (
        alt.Chart(nodes)
        .mark_circle(opacity=1, stroke="#000000", strokeWidth=0.8)
        .encode(
            x=alt.X("x:Q", axis=None, scale=COLUMN_X),
            y=y,
            color=alt.Color(
                "scale:N", title=_("level"), scale=alt.Scale(domain=scales, range=list(SCALE_COLOURS.values()))
            ),
            size=alt.Size("degree:Q", legend=None, scale=alt.Scale(range=[30, 300], zero=True)),
            tooltip=[
                alt.Tooltip("name:N", title=_("name")),
                alt.Tooltip("org_type:N", title=_("type")),
                alt.Tooltip("scale:N", title=_("level")),
                alt.Tooltip("degree:Q", title=_("ties")),
            ],
        )
    )
    headers = _headers([(0.0, -0.05, _(VILLAGE)), (1.0, -0.05, _(OUTSIDE))], y)
    edges = points.drop_duplicates("id")
    counts = edges["tie_class"].value_counts()
    caption = Caption(
        title=_("Published ties between Saint-Camille's organisations and the bodies outside"),
        heading=_("Ties of Saint-Camille's organisations"),
        sources=(),
        drawn_by="figures.charts.conditions.network_figure",
        alt=_(
            "Network diagram of {organisations} organisations and {ties} published ties in two columns: {village} "
            "organisations of the village on the left, {outside} regional, national and international bodies on the "
            "right, names outside the columns. Ties between the columns are straight lines, ties within a column arcs "
            "between them. Ties are classed by Szreter and Woolcock: {classes}. Circles are coloured by level and "
            "sized by their number of ties."
        ).format(
            organisations=number(len(nodes), ",d"),
            ties=number(len(edges), ",d"),
            village=int((nodes["side"] == "village").sum()),
            outside=int((nodes["side"] == "outside").sum()),
            classes=_tie_class_counts(counts, TIE_CLASS_STYLE),
        ),
        note=_(
            "Village organisations on the left, outside bodies on the right; bonding ties join two village "
            "organisations, bridging ties reach a body outside of the same kind (a network, a university, a "
            "financial co-operative), linking ties a public authority (a ministry, a programme, an MRC); circles "
            "sized by their number of ties; hover over a circle or a line for its name and source"
        ),
    )
    layered = alt.layer(lines, circles, *headers, *_column_labels(nodes, y))
    return finish(layered, caption, height=max(360, 30 * int(nodes["side"].value_counts().max())))


PERSON_COLOUR = "#F0E442"


def role_years(text: str) -> str:
    """The years of a public role in the active language (``from 2016`` → ``depuis 2016`` in French).

    Parameters
    ----------
    text : str
        The ``years`` of a role in :func:`analysis.analyses.network.people_layout`:
        ``1981–1993``, ``2004``, ``from 2016`` or ``not published``.

    Returns
    -------
    str
    """
    if text == "not published":
        return _("not published")
    if text.startswith("from ") and text[5:].isdigit():
        return _("from {year}").format(year=text[5:])
    return text


def _tie_class_counts(counts: pd.Series, classes) -> str:
    """``5 bonding, 7 bridging, …``: the number of ties (or roles) of each class, for an alt text."""
    return ", ".join(
        _("{count} {tie_class}").format(count=number(int(counts.get(c, 0)), ",d"), tie_class=i18n.term(c))
        for c in classes
    )


def people_network_figure(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.Chart:
    """People in their public roles, and the organisations of those roles, in two columns.

    People on the left, organisations on the right (village organisations above, outside
    bodies below); each published public role is a line, coloured by Szreter and
    Woolcock's class: bonding (a role in a village organisation), bridging (a role in an
    outside body of the same kind), linking (a role in a public authority). A person with
    lines into both groups carried a tie between the village and the body outside; their
    name is in bold.

    Parameters
    ----------
    nodes, edges : pandas.DataFrame
        The two tables of :func:`analysis.analyses.network.people_layout` (nodes with
        ``id``, ``name``, ``label``, ``kind``, ``scale``, ``side``, ``roles``,
        ``spanning``, ``x``, ``y``; edges with ``person``, ``organisation``, ``role``,
        ``years``, ``reliability``, ``tie_class``, ``id``, ``x``, ``y``, ``x2``, ``y2``).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Szreter, S. and Woolcock, M. (2004). Health by association? *International Journal of
    Epidemiology*, 33(4), 650–667. The curated case tables (``data/case/``).
    """
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[1.04, -0.1], nice=False))
    edges = edges.assign(years=edges["years"].map(role_years))
    roles = (
        alt.Chart(edges)
        .mark_rule(strokeWidth=2.2, opacity=0.9)
        .encode(
            x=alt.X("x:Q", axis=None, scale=COLUMN_X),
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            **_tie_class_encoding(set(edges["tie_class"])),
            tooltip=[
                alt.Tooltip("person:N", title=_("person")),
                alt.Tooltip("role:N", title=_("role")),
                alt.Tooltip("organisation:N", title=_("organisation")),
                alt.Tooltip("years:N", title=_("period")),
                alt.Tooltip("tie_class:N", title=_("tie")),
                alt.Tooltip("reliability:N", title=_("grade")),
            ],
        )
    )
    orgs = nodes[nodes["kind"] == "organisation"]
    people = nodes[nodes["kind"] == "person"]
    scales = [s for s in SCALE_COLOURS if s in set(orgs["scale"])]
    org_marks = (
        alt.Chart(orgs)
        .mark_circle(size=140, opacity=1, stroke="#000000", strokeWidth=0.8)
        .encode(
            x=alt.X("x:Q", axis=None, scale=COLUMN_X),
            y=y,
            color=alt.Color(
                "scale:N",
                title=_("organisation"),
                scale=alt.Scale(domain=scales, range=[SCALE_COLOURS[s] for s in scales]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_("name")),
                alt.Tooltip("scale:N", title=_("level")),
                alt.Tooltip("roles:Q", title=_("public roles")),
            ],
        )
    )
    person_marks = (
        alt.Chart(people)
        .mark_square(size=130, color=PERSON_COLOUR, stroke="#000000", strokeWidth=0.8, opacity=1)
        .encode(
            x=alt.X("x:Q", axis=None, scale=COLUMN_X),
            y=y,
            tooltip=[alt.Tooltip("name:N", title=_("name")), alt.Tooltip("roles:Q", title=_("public roles"))],
        )
    )
    step = 1.0 / max(len(orgs), 1)
    rows = [(0.0, -0.07, _(PEOPLE))]
    for side, text in (("village", VILLAGE), ("outside", OUTSIDE)):
        part = orgs[orgs["side"] == side]
        if len(part):
            rows.append((1.0, float(part["y"].min()) - 0.7 * step, _(text)))
    counts = edges["tie_class"].value_counts()
    spanning = people.loc[people["spanning"], "name"].tolist()
    caption = Caption(
        title=_("People in their public roles as the ties between Saint-Camille and the bodies outside"),
        heading=_("People and their public roles"),
        sources=(),
        drawn_by="figures.charts.conditions.people_network_figure",
        alt=_(
            "Two columns: {people} people on the left, the {organisations} organisations in which they held published "
            "public roles on the right (village organisations above, outside bodies below); each of the {roles} roles "
            "is a line: {classes}."
        ).format(
            people=number(len(people), ",d"),
            organisations=number(len(orgs), ",d"),
            roles=number(len(edges), ",d"),
            classes=_tie_class_counts(counts, [c for c in TIE_CLASS_STYLE if c != "outside"]),
        )
        + " "
        + (
            _("People with roles on both sides, in bold: {names}.").format(names=", ".join(spanning))
            if spanning
            else _("Nobody holds roles on both sides.")
        ),
        note=_(
            "A line is a published public role (mayor, councillor, president, founder, director, spokesperson); "
            "bonding roles are in village organisations, bridging roles in outside bodies of the same kind, "
            "linking roles in public authorities; names in bold hold roles on both sides; hover over a line for "
            "the role, its years and its source grade"
        ),
    )
    layered = alt.layer(roles, org_marks, person_marks, *_headers(rows, y), *_column_labels(nodes, y, bold="spanning"))
    return finish(layered, caption, height=max(300, 36 * max(len(people), len(orgs) + 1)))
