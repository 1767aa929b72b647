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

from analysis.analyses import conditions
from analysis.figures.captions import Caption
from analysis.figures.charts.base import finish
from analysis.figures.escape import js_string
from analysis.i18n import N_, _, ngettext

ORIGIN_COLOURS = {"endogenous": "#009E73", "exogenous": "#CC79A7", "mixed": "#000000"}
KIND_SHAPES = {
    "money": "circle",
    "equity": "square",
    "labour": "triangle-up",
    "land_buildings": "diamond",
    "knowledge": "cross",
    "programme": "triangle-down",
}
GRADE_GROUPS = {"A": "A or B", "B": "A or B", "C": "C or D", "D": "C or D"}
GRADE_OPACITY = {"A or B": 1.0, "C or D": 0.35}
SCALE_COLOURS = {"local": "#009E73", "regional": "#F0E442", "national": "#CC79A7", "international": "#000000"}
RELATION_STYLE = {  # colour, dash
    "bonding": ("#009E73", [1, 0]),
    "bridging": ("#555555", [6, 3]),
    "outside": ("#BBBBBB", [2, 2]),
}
LANE_OFFSETS = (0.0, -0.2, 0.2, -0.4)  # events of the same year and condition, side by side
CONDITION_COLOURS = {2: "#000000", 3: "#009E73", 4: "#CC79A7"}
ASPECT_SHAPES = {
    N_("leadership and recognition"): "circle",
    N_("local structure"): "square",
    N_("conflict"): "cross",
    N_("learning and research"): "diamond",
    N_("goal or plan"): "triangle-up",
    N_("public programme"): "triangle-down",
}


AND = N_(" and ")
"""How two kinds joined by ``_`` in the data are written in a legend (``endogenous and exogenous``)."""


def _whole_label(label: str, name: str, width: int = 22) -> str:
    """A node's label, never cut: a shortened label ending in "…" gives way to the whole name, on two lines if long."""
    text = name if str(label).endswith("…") else str(label)
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


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
        labelExpr=f"split({_label_expression(order)}, ' ')",
        grid=False,
        labelAngle=0,
        title=_("period (by year of the resource)"),
    )
    y_axis = alt.Axis(values=list(range(len(origins))), labelExpr=_label_expression(origins), grid=False, title=None)
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
                legend=alt.Legend(labelExpr=f"replace(datum.label, '_', {js_string(_(AND))})"),
                scale=alt.Scale(domain=list(KIND_SHAPES), range=list(KIND_SHAPES.values())),
            ),
            opacity=alt.Opacity(
                "grade:O",
                title=_("reliability grade"),
                scale=alt.Scale(domain=list(GRADE_OPACITY), range=list(GRADE_OPACITY.values())),
            ),
            tooltip=[
                alt.Tooltip("period:N"),
                alt.Tooltip("project:N"),
                alt.Tooltip("resource:N"),
                alt.Tooltip("provider:N"),
                alt.Tooltip("source_type:N", title=_("origin")),
                alt.Tooltip("resource_kind:N", title=_("kind")),
                alt.Tooltip("reliability:N", title=_("grade")),
                alt.Tooltip("amount_note:N", title=_("amount as published")),
                alt.Tooltip("id:N", title=_("row")),
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
            ).format(value=len(units))
        ),
        note=(
            _(
                "One symbol per resource of the ledger: colour gives its origin, shape its kind, and faded symbols are "
                "graded C or D; shaded periods have no recorded resource"
            )
        ),
    )
    return finish(layered, caption, height=280)


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.Chart:
    """The organisation network: ties as lines, organisations as circles.

    Ties are coloured and dashed by relation (bonding, bridging, outside); organisations
    are coloured by scale and sized by degree, with their names as labels and tooltips.

    Parameters
    ----------
    nodes, edges : pandas.DataFrame
        The two tables of :func:`analysis.analyses.network.layout` (nodes with ``x``,
        ``y``, ``name``, ``org_type``, ``scale``, ``degree``, ``label``, ``label_align``;
        edges with ``x``, ``y``, ``x2``, ``y2``, ``from_name``, ``to_name``, ``tie_type``,
        ``relation``, ``year``, ``description``, ``reliability``, ``id``).

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
    relations = list(RELATION_STYLE)
    lines = (
        alt.Chart(edges.assign(year=edges["year"].astype("string").fillna(_("not published"))))
        .mark_rule(strokeWidth=1.8)
        .encode(
            x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-3.5, 3.5], nice=False)),
            y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-2.35, 2.35], nice=False)),
            x2="x2:Q",
            y2="y2:Q",
            stroke=alt.Stroke(
                "relation:N",
                title=_("tie"),
                scale=alt.Scale(domain=relations, range=[RELATION_STYLE[r][0] for r in relations]),
            ),
            strokeDash=alt.StrokeDash(
                "relation:N",
                title=_("tie"),
                scale=alt.Scale(domain=relations, range=[RELATION_STYLE[r][1] for r in relations]),
            ),
            tooltip=[
                alt.Tooltip("from_name:N", title=_("from")),
                alt.Tooltip("to_name:N", title=_("to")),
                alt.Tooltip("tie_type:N", title=_("type")),
                alt.Tooltip("year:N"),
                alt.Tooltip("description:N"),
                alt.Tooltip("reliability:N", title=_("grade")),
                alt.Tooltip("id:N", title=_("row")),
            ],
        )
    )
    scales = list(SCALE_COLOURS)
    circles = (
        alt.Chart(nodes)
        .mark_circle(opacity=1, stroke="#000000", strokeWidth=0.8)
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.Color(
                "scale:N", title=_("organisation"), scale=alt.Scale(domain=scales, range=list(SCALE_COLOURS.values()))
            ),
            size=alt.Size("degree:Q", title=_("ties (degree)"), scale=alt.Scale(range=[40, 420], zero=True)),
            tooltip=[
                alt.Tooltip("name:N"),
                alt.Tooltip("org_type:N", title=_("type")),
                alt.Tooltip("scale:N"),
                alt.Tooltip("degree:Q", title=_("ties")),
            ],
        )
    )
    nodes = nodes.assign(label=[_whole_label(label, name) for label, name in zip(nodes["label"], nodes["name"])])
    labels = [
        alt.Chart(nodes[nodes["label_align"] == side])
        .mark_text(align=side, dx=9 if side == "left" else -9, fontSize=11, color="#333333", lineBreak="\n")
        .encode(x="x:Q", y="y:Q", text="label:N")
        for side in ("left", "right")
    ]
    layered = alt.layer(lines, circles, *labels)
    caption = Caption(
        title=_("Published ties between Saint-Camille's organisations and the bodies outside"),
        heading=_("Ties of Saint-Camille's organisations"),
        sources=(),
        drawn_by="figures.charts.conditions.network_figure",
        alt=(
            _(
                "Network diagram of {value} organisations and {value2} published ties. Local organisations sit on an inner circle, regional, national and international bodies on an outer circle; circles are coloured by scale and sized by their number of ties. Ties between two local organisations (bonding) are solid green lines, ties from a local organisation to an outside body (bridging) dashed dark lines, and ties between two outside bodies dotted grey lines. Organisations with no recorded tie are drawn as the smallest circles."
            ).format(value=len(nodes), value2=len(edges))
        ),
        note=(
            _(
                "Local organisations on the inner circle, outside bodies on the outer one; circles sized by their number "
                "of ties; hover over a circle or a line for its name and source"
            )
        ),
    )
    return finish(layered, caption, height=430)


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
    undated = int(events["year"].isna().sum())
    labels = {2: _("2. leadership"), 3: _("3. structures and learning"), 4: _("4. goals and programmes")}
    dated["row"] = dated["condition"].map({c: i for i, c in enumerate(labels)}).astype("float64")
    dated["lane"] = dated.groupby(["condition", "year"]).cumcount()
    dated["py"] = dated["row"] + dated["lane"].map(lambda lane: LANE_OFFSETS[lane % len(LANE_OFFSETS)])
    dated["start"] = dated["year"].astype("float64")
    dated["end"] = dated["year_end"].astype("float64").fillna(dated["start"])
    dated["grade"] = dated["reliability"].map(GRADE_GROUPS)
    dated["condition_label"] = dated["condition"].map(labels)
    dated["period"] = [f"{int(s)}" if s == e else f"{int(s)}-{int(e)}" for s, e in zip(dated["start"], dated["end"])]
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
        alt.Tooltip("period:N"),
        alt.Tooltip("what:N", title=_("event")),
        alt.Tooltip("aspect:N"),
        alt.Tooltip("reliability:N", title=_("grade")),
        alt.Tooltip("table:N"),
        alt.Tooltip("id:N", title=_("row")),
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
            ngettext("{n} undated row not shown.", "{n} undated rows not shown.", undated).format(n=undated)
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
            ).format(value=len(data))
        ),
        note=note,
    )
    return finish(alt.layer(spans, points), caption, height=260)


PEOPLE_RELATION_STYLE = {  # colour, dash
    "bonding": ("#009E73", [1, 0]),
    "bridging": ("#555555", [6, 3]),
    "linking": ("#CC79A7", [1, 0]),
    "outside": ("#BBBBBB", [2, 2]),
}
PERSON_COLOUR = "#F0E442"


def people_network_figure(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.Chart:
    """The organisation network with people in their public roles: who carried the ties between scales.

    Organisation ties and roles are drawn as lines coloured by Szreter and Woolcock's class
    (bonding within the village, bridging to supralocal bodies, linking across a gradient of
    formal authority, outside for ties with no local end); roles are thicker. People sit on
    a middle ring, as yellow squares.

    Parameters
    ----------
    nodes, edges : pandas.DataFrame
        The two tables of :func:`analysis.analyses.network.layout_with_people` (nodes with
        ``x``, ``y``, ``name``, ``scale``, ``kind``, ``degree``, ``label``, ``label_align``;
        edges with ``x``, ``y``, ``x2``, ``y2``, ``from_name``, ``to_name``, ``tie_type``,
        ``relation``, ``kind``, ``year``, ``description``, ``reliability``, ``id``). The
        organisation-tie ``relation`` of :func:`analysis.analyses.network.layout` is replaced
        by the Szreter-Woolcock class when the edge table carries ``tie_class``.

    Returns
    -------
    altair.Chart
        Finished with a title, the case-table note, "Drawn by" line and alt text.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Szreter, S. and Woolcock, M. (2004). Health by association? *International Journal of
    Epidemiology*, 33(4), 650–667. The curated case tables (``data/case/``).
    """
    edges = edges.copy()
    if "tie_class" in edges:
        edges["relation"] = edges["tie_class"].where(edges["tie_class"].notna(), edges["relation"])
    edges["year"] = edges["year"].astype("string").fillna(_("not published"))
    relations = list(PEOPLE_RELATION_STYLE)
    encode = dict(
        x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-3.5, 3.5], nice=False)),
        y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-2.35, 2.35], nice=False)),
        x2="x2:Q",
        y2="y2:Q",
        stroke=alt.Stroke(
            "relation:N",
            title=_("tie"),
            scale=alt.Scale(domain=relations, range=[PEOPLE_RELATION_STYLE[r][0] for r in relations]),
        ),
        strokeDash=alt.StrokeDash(
            "relation:N",
            title=_("tie"),
            scale=alt.Scale(domain=relations, range=[PEOPLE_RELATION_STYLE[r][1] for r in relations]),
        ),
        tooltip=[
            alt.Tooltip("from_name:N", title=_("from")),
            alt.Tooltip("to_name:N", title=_("to")),
            alt.Tooltip("kind:N"),
            alt.Tooltip("tie_type:N", title=_("type")),
            alt.Tooltip("year:N"),
            alt.Tooltip("description:N"),
            alt.Tooltip("reliability:N", title=_("grade")),
            alt.Tooltip("id:N", title=_("row")),
        ],
    )
    ties = alt.Chart(edges[edges["kind"] != "role"]).mark_rule(strokeWidth=1.2, opacity=0.7).encode(**encode)
    roles = alt.Chart(edges[edges["kind"] == "role"]).mark_rule(strokeWidth=2.6).encode(**encode)
    orgs = nodes[nodes["kind"] == "organisation"]
    people = nodes[nodes["kind"] == "person"]
    scales = list(SCALE_COLOURS)
    org_marks = (
        alt.Chart(orgs)
        .mark_circle(opacity=1, stroke="#000000", strokeWidth=0.8)
        .encode(
            x="x:Q",
            y="y:Q",
            color=alt.Color(
                "scale:N", title=_("organisation"), scale=alt.Scale(domain=scales, range=list(SCALE_COLOURS.values()))
            ),
            size=alt.Size("degree:Q", title=_("ties"), scale=alt.Scale(range=[40, 420], zero=True)),
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("scale:N"), alt.Tooltip("degree:Q", title=_("ties"))],
        )
    )
    person_marks = (
        alt.Chart(people)
        .mark_square(size=120, color=PERSON_COLOUR, stroke="#000000", strokeWidth=0.8, opacity=1)
        .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("name:N"), alt.Tooltip("degree:Q", title=_("public roles"))])
    )
    nodes = nodes.assign(label=[_whole_label(label, name) for label, name in zip(nodes["label"], nodes["name"])])
    labels = [
        alt.Chart(nodes[nodes["label_align"] == side])
        .mark_text(align=side, dx=9 if side == "left" else -9, fontSize=11, color="#333333", lineBreak="\n")
        .encode(x="x:Q", y="y:Q", text="label:N")
        for side in ("left", "right")
    ]
    caption = Caption(
        title=_("People in their public roles as the ties between Saint-Camille and the bodies outside"),
        heading=_("People between the scales"),
        sources=(),
        drawn_by="figures.charts.conditions.people_network_figure",
        alt=(
            _(
                "Network diagram of {value} organisations and {value2} people. Local organisations sit on an inner circle, outside bodies on an outer circle, people (yellow squares) on a ring between them; each of the {value3} published public roles is a thick line from a person to an organisation. Lines are coloured by Szreter and Woolcock's class: bonding (green, within the village), bridging (dashed grey, to outside bodies), linking (pink, to public authorities), outside (dotted light grey)."
            ).format(value=len(orgs), value2=len(people), value3=int((edges["kind"] == "role").sum()))
        ),
        note=(
            _(
                "Organisations on two circles (local inside, outside bodies outside), people in their public roles on a "
                "ring between them; thick lines are roles; hover over a mark for its name and source"
            )
        ),
    )
    return finish(alt.layer(ties, roles, org_marks, person_marks, *labels), caption, height=430)
