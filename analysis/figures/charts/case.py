"""Charts of chapter 6: Saint-Camille's initiatives, population, neighbours and national effect.

Colours are Okabe-Ito colours other than the four of the matrix cells (blue, sky blue,
orange, vermillion), so that none of these charts can be read as a matrix cell. Each
chart has a ``*_caption`` function giving its caption (title, sources, the function that
drew it, alt text and a note), so that a chapter can print the caption under the chart.
The points of the curated case tables carry their own source URL and reliability grade,
shown in the tooltips.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n, vocabulary
from analysis.analyses import case
from analysis.analyses.case import demography, initiatives
from analysis.data.schemas import DIFFUSION_LEVELS
from analysis.figures.captions import Caption, listing, number
from analysis.figures.charts.base import finish
from analysis.figures.markup import readable
from analysis.formats import date_span, date_text, format_number, list_text, locale_for
from analysis.i18n import N_, _, ngettext

# Okabe-Ito, outside the matrix-cell colours.
BLACK, GREEN, PURPLE, GREY = "#000000", "#009E73", "#CC79A7", "#999999"

KIND_COLOURS = {"census": BLACK, "decree": GREEN, "estimate": PURPLE, "historical": GREY}
KIND_SHAPES = {"census": "circle", "decree": "square", "estimate": "diamond", "historical": "triangle-up"}
RELIABILITY_COLOURS = {"A": BLACK, "B": GREEN, "C": PURPLE, "D": GREY}
SCOPE_COLOURS = {"local": GREY, "regional": PURPLE, "national": GREEN, "international": BLACK}
HIGHLIGHT_COLOUR, OTHER_COLOUR = BLACK, GREY
OTHERS = N_("other municipalities of the MRC")
DATINGS = (N_("single dating"), N_("date conflicts with another source"))
ORG_TYPE_LABELS = {
    "cooperative": N_("co-operative"),
    "non_profit": N_("non-profit"),
    "for_profit": N_("for-profit"),
    "municipal": N_("municipal"),
    "public_agency": N_("public agency"),
    "research": N_("research"),
    "network": N_("network"),
    "finance": N_("finance"),
    "media": N_("media"),
    initiatives.NO_ORGANISATION: initiatives.NO_ORGANISATION,
}
SCOPES = (N_("local"), N_("regional"), N_("national"), N_("international"))
"""Scopes of the case tables, as the charts' legends show them (translated with the data)."""
GRADES = (N_("A or B"), N_("C or D"))
"""Reliability grades as the charts group them: A or B drawn opaque, C or D faded."""
PRECISIONS = (N_("day"), N_("month"), N_("year"), N_("range"), N_("approximate"))
"""How precisely a timeline row is dated (``date_precision``), as the tooltips show it."""
QUALIFIERS = {"about": N_("about"), "exact": N_("exact"), "more_than": N_("more than"), "under": N_("under")}
"""How a population figure was published (``value_qualifier``), as the tooltips show it."""

TWO_LINES_AT_BRACKET = (
    "indexof(datum.label, ' (') > 0 ? [slice(datum.label, 0, indexof(datum.label, ' (')), "
    "slice(datum.label, indexof(datum.label, ' (') + 1)] : datum.label"
)
"""Vega expression: a long axis label on two lines, the bracketed part on the second."""

CURATED_NOTE = N_(
    "The tooltips give each point's source address and reliability grade (A = official statistics or a checked "
    "data file, B = single research or official source, C = press or secondary, D = inferred or conflicting)."
)


def _lanes(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """0, 1, 2 ... within each group of ``keys``: a vertical offset so that marks of one year do not overlap."""
    return frame.groupby(keys, sort=False).cumcount().astype("int64")


def _packed_lanes(events: pd.DataFrame, min_days: int = 500) -> tuple[pd.Series, pd.Series]:
    """Lanes within each organisation type so that no two marks overlap in time.

    Each event occupies its period (or ``min_days`` for a point, the width of a mark).
    The point-dated alternatives of one conflict group share a lane, so that the dashed
    line joining them stays on it; returns (lane, shares_lane_with_conflict).
    """
    start = pd.to_datetime(events["when"])
    end = pd.to_datetime(events["when_end"]).fillna(start)
    end = end.where(end - start >= pd.Timedelta(days=min_days), start + pd.Timedelta(days=min_days))
    group = events["conflict_group"].astype("object")
    ranged = events["when_end"].notna()
    joinable = group.notna() & ~ranged.groupby(group).transform("any").fillna(True).astype(bool)
    block = group.where(joinable, events["id"].astype("object"))
    blocks = pd.DataFrame({"block": block, "org_type": events["org_type"], "start": start, "end": end})
    blocks = (
        blocks.groupby(["org_type", "block"], sort=False).agg(start=("start", "min"), end=("end", "max")).reset_index()
    )
    blocks = blocks.sort_values(["org_type", "start", "block"], kind="stable")
    lane_of = {}
    for org_type, part in blocks.groupby("org_type", sort=False):
        free_from: list[pd.Timestamp] = []
        for _index, row in part.iterrows():
            lane = next((i for i, t in enumerate(free_from) if t <= row["start"]), len(free_from))
            if lane == len(free_from):
                free_from.append(row["end"])
            else:
                free_from[lane] = row["end"]
            lane_of[(org_type, row["block"])] = lane
    lanes = pd.Series([lane_of[(o, b)] for o, b in zip(events["org_type"], block)], index=events.index, dtype="int64")
    return lanes, joinable


def _text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Optional text columns as plain strings (empty when missing), for tooltips."""
    for column in columns:
        frame[column] = frame[column].astype("object").where(frame[column].notna(), "")
    return frame


def _others_in_group(frame: pd.DataFrame, shown: pd.Series) -> pd.Series:
    """What the other rows of each row's conflict group give, as one text of the active language."""
    return case.conflicting_values(frame, shown).map(
        lambda values: list_text([str(v) for v in values], i18n.language())
    )


# --------------------------------------------------------------------------- timeline


EVENT_ROWS = {  # category -> row of the timeline chart
    "organisation": N_("organisations"),
    "services": N_("services, culture"),
    "culture": N_("services, culture"),
    "housing": N_("housing"),
    "planning": N_("plans, goals"),
    "programme": N_("programmes, policy"),
    "policy": N_("programmes, policy"),
    "governance": N_("office, visits"),
    "conflict": N_("conflicts"),
    "research": N_("research, media"),
    "media": N_("research, media"),
    "history": N_("history"),
}
"""Rows of the initiatives timeline: kinds of event (timeline categories, some joined)."""
EVENT_FAMILIES = {  # row -> colour family
    "organisations": N_("the village's initiatives"),
    "services, culture": N_("the village's initiatives"),
    "housing": N_("the village's initiatives"),
    "plans, goals": N_("plans, programmes and policy"),
    "programmes, policy": N_("plans, programmes and policy"),
    "office, visits": N_("office, visits and conflicts"),
    "conflicts": N_("office, visits and conflicts"),
    "research, media": N_("research, media and context"),
    "history": N_("research, media and context"),
}
FAMILY_COLOURS = {
    "the village's initiatives": GREEN,
    "plans, programmes and policy": PURPLE,
    "office, visits and conflicts": BLACK,
    "research, media and context": GREY,
}
KEY_EVENTS = {
    "ev-1999-01": N_("La Corvée co-op"),
    "ev-1988-02": "Le P'tit Bonheur",
    "ev-2009-03": N_("Rang 13: every lot taken"),
    "ev-2003-02": N_("population objective"),
    "ev-2001-02": N_("first rural policy"),
    "ev-2011-01": N_("book and film"),
    "ev-2010-03": N_("gold exploration opposed"),
}
"""Events labelled on the initiatives timeline (by timeline id), one per row at most: the others are
named in their tooltips."""


def timeline_caption(events: pd.DataFrame, labels: dict[str, str] | None = None) -> Caption:
    """The caption of :func:`timeline_chart`: span of years, number of events, how to read the marks.

    Parameters
    ----------
    events : pandas.DataFrame
        :func:`analysis.analyses.case.initiatives.timeline` (``id``, ``when``, ``when_end``,
        ``year``, ``year_end``, ``date``, ``event``, ``category``, ``org_type``,
        ``org_name``, ``reliability``, ``source_url``, ``conflict_group``, ``conflicting``,
        …).
    labels : dict of str → str, optional
        The events named on the chart (default ``KEY_EVENTS``).

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    first, last = int(events["year"].min()), int(events["year"].max())
    labels = KEY_EVENTS if labels is None else labels
    labelled = [str(i18n.term(labels[i])) for i in events["id"] if i in labels]
    alt_text = _(
        "Timeline of {count} dated events from {first} to {last}, one row per kind of event (organisations; services "
        "and culture; housing; plans and goals; programmes and rural policy; office and visits; conflicts; research "
        "and media), coloured by family: the village's initiatives, plans and programmes, office and conflicts, "
        "research and media. Points are events, bars periods; triangles joined by a dashed line mark dates that "
        "conflict between sources."
    ).format(count=number(len(events), ",d"), first=first, last=last)
    if labelled:
        alt_text += " " + _("Labelled: {events}.").format(events=listing(labelled))
    return Caption(
        title=_("Saint-Camille's initiatives and their context, {first}–{last}, by kind of event").format(
            first=first, last=last
        ),
        heading=_("Initiatives by kind of event"),
        sources=(),
        drawn_by="figures.charts.case.timeline_chart",
        alt=alt_text,
        note=(
            _(
                "Points are dated events and bars periods, coloured by the kind of event; faded marks rest on a source "
                "graded C or D; triangles joined by a dashed line are dates on which the sources disagree; events are "
                "placed at mid-month or mid-year when the source gives no day; a few key events are named, the others "
                "in their tooltips."
            )
            + " "
            + _(CURATED_NOTE)
        ),
    )


def timeline_chart(events: pd.DataFrame, labels: dict[str, str] | None = None) -> alt.Chart:
    """The initiatives on a time axis, one row per kind of event, coloured by family, key events named.

    Rows are the kinds of event of ``EVENT_ROWS`` (timeline categories, some joined),
    colours their family (``EVENT_FAMILIES``); points are dated events, horizontal bars
    periods; a triangle marks an event whose date conflicts with another source, and a
    dashed line joins the conflicting dates of one event; marks resting on a source graded
    C or D are faded. The events of ``labels`` are named on the chart.

    Parameters
    ----------
    events : pandas.DataFrame
        :func:`analysis.analyses.case.initiatives.timeline` (``id``, ``when``, ``when_end``,
        ``year``, ``year_end``, ``date``, ``event``, ``category``, ``org_name``,
        ``reliability``, ``source_url``, ``conflict_group``, ``conflicting``, ``note``).
    labels : dict of str → str, optional
        Timeline id → short name written on the chart (default ``KEY_EVENTS``); ids absent
        from ``events`` are ignored.

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    labels = KEY_EVENTS if labels is None else labels
    data = events[
        [
            "id",
            "when",
            "when_end",
            "year",
            "year_end",
            "date",
            "date_precision",
            "event",
            "category",
            "org_name",
            "reliability",
            "source_url",
            "conflict_group",
            "conflicting",
            "note",
        ]
    ].copy()
    data = _text(data, ["org_name", "note"])
    locale = locale_for(i18n.language())
    data["date_shown"] = [date_span(date, end, locale) for date, end in zip(data["date"], data["year_end"])]
    data["other_dates"] = _others_in_group(data, data["date_shown"])
    data["dating"] = data["conflicting"].map({True: DATINGS[1], False: DATINGS[0]})
    data["row"] = data["category"].map(EVENT_ROWS).fillna("history")
    data["family"] = data["row"].map(EVENT_FAMILIES)
    data["grade"] = data["reliability"].map({"A": GRADES[0], "B": GRADES[0], "C": GRADES[1], "D": GRADES[1]})
    # Lanes within each row; the packing reads the row from ``org_type``.
    data["lane"], data["joined"] = _packed_lanes(data.assign(org_type=data["row"]))
    data["when"] = data["when"].dt.strftime("%Y-%m-%d")
    data["when_end"] = data["when_end"].dt.strftime("%Y-%m-%d")
    first, last = int(data["year"].min()), int(data["year"].max())
    rows = [r for r in dict.fromkeys(EVENT_ROWS.values()) if r in set(data["row"])]
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelFontSize=11, labelPadding=4))
    y_offset = alt.YOffset("lane:O", sort="ascending")
    x = alt.X(
        "when:T",
        title=None,
        axis=alt.Axis(format="%Y", tickCount=5),
        scale=alt.Scale(
            domainMin=alt.DateTime(year=first - 1, month=1, date=1),
            domainMax=alt.DateTime(year=last + 1, month=6, date=30),
        ),
    )
    families = [f for f in FAMILY_COLOURS if f in set(data["family"])]
    colour = alt.Color(
        "family:N",
        title=_("kind of event"),
        scale=alt.Scale(domain=families, range=[FAMILY_COLOURS[f] for f in families]),
    )
    opacity = alt.Opacity("grade:O", title=_("source grade"), scale=alt.Scale(domain=list(GRADES), range=[1.0, 0.45]))
    tooltip = [
        alt.Tooltip("event:N", title=_("event")),
        alt.Tooltip("date_shown:N", title=_("date")),
        alt.Tooltip("date_precision:N", title=_("precision")),
        alt.Tooltip("org_name:N", title=_("organisation")),
        alt.Tooltip("reliability:N", title=_("grade")),
        alt.Tooltip("dating:N", title=_("dating")),
        alt.Tooltip("other_dates:N", title=_("other datings")),
        alt.Tooltip("source_url:N", title=_("source")),
        alt.Tooltip("note:N", title=_("note")),
    ]
    periods = (
        alt.Chart(data[data["when_end"].notna()])
        .mark_rule(strokeWidth=3)
        .encode(x=x, x2="when_end:T", y=y, yOffset=y_offset, color=colour, opacity=opacity, tooltip=tooltip)
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(
            x=x,
            y=y,
            yOffset=y_offset,
            color=colour,
            opacity=opacity,
            shape=alt.Shape(
                "dating:N", title=_("dating"), scale=alt.Scale(domain=list(DATINGS), range=["circle", "triangle-up"])
            ),
            tooltip=tooltip,
        )
    )
    layers = periods + points
    conflicts = data[data["conflicting"] & data["joined"]]
    if not conflicts.empty:
        spans = (
            conflicts.groupby("conflict_group")
            .agg(
                when=("when", "min"),
                when_end=("when", "max"),
                row=("row", "first"),
                lane=("lane", "min"),
                dates=("date_shown", lambda dates: list_text(list(dict.fromkeys(dates)), i18n.language())),
            )
            .reset_index()
        )
        layers += (
            alt.Chart(spans)
            .mark_rule(strokeDash=[3, 2], color=BLACK, strokeWidth=1)
            .encode(
                x=x,
                x2="when_end:T",
                y=y,
                yOffset=y_offset,
                tooltip=[alt.Tooltip("dates:N", title=_("conflicting dates"))],
            )
        )
    named = data[data["id"].isin(labels)].assign(label=lambda d: d["id"].map(labels))
    if not named.empty:
        middle = pd.Timestamp(f"{(first + last) // 2}-07-01")
        named["early"] = pd.to_datetime(named["when"]) < middle
        for early, align, dx in ((True, "left", -3), (False, "right", 3)):
            part = named[named["early"] == early]
            if part.empty:
                continue
            text = {"align": align, "baseline": "bottom", "dx": dx, "dy": -6, "fontSize": 11, "fontWeight": "bold"}
            # A white halo under each name keeps it legible where it crosses other events' dots.
            for paint in ({"color": "white", "stroke": "white", "strokeWidth": 3, "strokeJoin": "round"}, {}):
                layers += (
                    alt.Chart(part)
                    .mark_text(**text, **({"color": "#222222"} | paint))
                    .encode(x=x, y=y, yOffset=y_offset, text="label:N")
                )
    return finish(layers, timeline_caption(events, labels), height=46 * len(rows))


# --------------------------------------------------------------------------- population


def population_caption(figures: pd.DataFrame, since: int | None = None) -> Caption:
    """The caption of :func:`population_chart`: span of years shown, kinds of figure, the talk's 450.

    Parameters
    ----------
    figures : pandas.DataFrame
        :func:`analysis.analyses.case.demography.population_figures` (``id``, ``year``,
        ``period_label``, ``value`` in persons, ``value_qualifier``, ``kind``,
        ``kind_label``, ``description``, ``reliability``, ``source_url``,
        ``conflict_group``, ``note``, ``conflicting``, ``on_line``).
    since : int, optional
        Keep the figures from that year on (the vertical axis then starts near the
        smallest value).

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note, shared by the chart and the
        ``remove-input`` caption cell under it.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    The curated case tables (``data/case/``); each row cites its own source.
    """
    shown = figures if since is None else figures[figures["year"] >= since]
    span = f"{int(shown['year'].min())}–{int(shown['year'].max())}"
    return Caption(
        title=_("Saint-Camille: every population figure found, by kind, {span}").format(span=span),
        heading=_("Population of Saint-Camille, {span}").format(span=span),
        sources=("census_2016", "census_2021", "mamh_register"),
        drawn_by="figures.charts.case.population_chart",
        alt=(
            _(
                "Population of Saint-Camille, {span}: census counts (black circles joined by a line), government decrees (green squares joined by their own line), other estimates (pink diamonds) and historical figures (grey triangles), never joined across kinds; conflicting values are all drawn, those off the line hollow, with a dotted rule between them; a dashed horizontal line marks the talk's figure of 450 inhabitants."
            ).format(span=span)
        ),
        note=(
            _(
                "Lines join census counts, and decrees, each within its own kind; where two census counts conflict, "
                "the line goes through the better-graded one and the other is hollow."
            )
            + " "
            + _(CURATED_NOTE)
        ),
    )


def population_chart(figures: pd.DataFrame, since: int | None = None, talk_value: int | None = 450) -> alt.Chart:
    """Every population figure of Saint-Camille, one colour and shape per kind.

    Lines join census counts, and decrees, each within its own kind; estimates and
    historical figures are points only. Conflicting values are all drawn: those off the
    line are hollow, and a dotted rule spans the values of each conflict group. A
    dashed horizontal rule marks the talk's undated figure.

    Parameters
    ----------
    figures : pandas.DataFrame
        :func:`analysis.analyses.case.demography.population_figures` (``id``, ``year``,
        ``period_label``, ``value`` in persons, ``value_qualifier``, ``kind``,
        ``kind_label``, ``description``, ``reliability``, ``source_url``,
        ``conflict_group``, ``note``, ``conflicting``, ``on_line``).
    since : int, optional
        Keep the figures from that year on (the vertical axis then starts near the
        smallest value).
    talk_value : int or None, default 450
        The talk's undated figure (persons), drawn as a dashed rule; None draws none.

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    The curated case tables (``data/case/``); each row cites its own source.
    """
    data = figures[
        [
            "id",
            "year",
            "period_label",
            "value",
            "value_qualifier",
            "kind",
            "kind_label",
            "description",
            "reliability",
            "source_url",
            "conflict_group",
            "note",
            "conflicting",
            "on_line",
        ]
    ].copy()
    if since is not None:
        data = data[data["year"] >= since]
    data = _text(data, ["period_label", "note"])
    data["kind"] = data["kind"].astype(str)
    data["year"] = data["year"].astype("int64")
    data["value"] = data["value"].astype("int64")
    locale = locale_for(i18n.language())
    data["other_figures"] = _others_in_group(
        data,
        pd.Series(
            [
                # "more than 1,100 in 1910" beside "about 1,100 in 1910": the qualifier may be the conflict
                (
                    _("{qualifier} {value} in {year}").format(
                        qualifier=_(QUALIFIERS[qualifier]), value=shown, year=year
                    )
                    if qualifier in QUALIFIERS and qualifier != "exact"
                    else _("{value} in {year}").format(value=shown, year=year)
                )
                for shown, year, qualifier in zip(
                    (format_number(value, ",d", locale) for value in data["value"]),
                    data["year"],
                    data["value_qualifier"],
                )
            ],
            index=data.index,
        ),
    )
    data["hollow"] = data["conflicting"] & ~data["on_line"]
    data["value_qualifier"] = data["value_qualifier"].map(lambda q: QUALIFIERS.get(q, q))
    kinds = [k for k in demography.POPULATION_KINDS if k in set(data["kind"])]
    labels = [_(demography.KIND_LABELS[k]) for k in kinds]
    colour = alt.Color(
        "kind_label:N",
        title=_("kind of figure"),
        scale=alt.Scale(domain=labels, range=[KIND_COLOURS[k] for k in kinds]),
    )
    shape = alt.Shape(
        "kind_label:N", title=_("kind of figure"), scale=alt.Scale(domain=labels, range=[KIND_SHAPES[k] for k in kinds])
    )
    first = int(data["year"].min()) if since is None else since
    x_scale = alt.Scale(domain=[first - 2, int(data["year"].max()) + 2], nice=False, zero=False)
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=x_scale)
    y = alt.Y("value:Q", title=_("inhabitants"), scale=alt.Scale(zero=since is None))
    tooltip = [
        alt.Tooltip("kind_label:N", title=_("kind")),
        alt.Tooltip("year:Q", format="d", title=_("year")),
        alt.Tooltip("period_label:N", title=_("period as published")),
        alt.Tooltip("value:Q", format=",", title=_("inhabitants")),
        alt.Tooltip("value_qualifier:N", title=_("qualifier")),
        alt.Tooltip("description:N", title=_("description")),
        alt.Tooltip("reliability:N", title=_("grade")),
        alt.Tooltip("other_figures:N", title=_("conflicting figures")),
        alt.Tooltip("source_url:N", title=_("source")),
        alt.Tooltip("note:N", title=_("note")),
    ]
    layers = []
    conflicts = data[data["conflicting"]]
    if not conflicts.empty:
        spans = (
            conflicts.groupby("conflict_group")
            .agg(year=("year", "min"), year_end=("year", "max"), low=("value", "min"), high=("value", "max"))
            .reset_index()
        )
        spans["years"] = [
            str(first) if first == last else _("{date} to {year}").format(date=first, year=last)
            for first, last in zip(spans["year"], spans["year_end"])
        ]
        layers.append(
            alt.Chart(spans)
            .mark_rule(strokeDash=[2, 2], color=BLACK, strokeWidth=1)
            .encode(
                x=alt.X("year:Q", scale=x_scale),
                x2="year_end:Q",
                y="low:Q",
                y2="high:Q",
                tooltip=[
                    alt.Tooltip("years:N", title=_("conflicting figures for")),
                    alt.Tooltip("low:Q", format=",", title=_("lowest")),
                    alt.Tooltip("high:Q", format=",", title=_("highest")),
                ],
            )
        )
    # One line per kind (detail), drawn only through the values marked on_line (census and decrees).
    layers.append(
        alt.Chart(data[data["on_line"]]).mark_line(strokeWidth=1.6).encode(x=x, y=y, detail="kind:N", color=colour)
    )
    layers.append(
        alt.Chart(data[~data["hollow"]])
        .mark_point(size=60, filled=True, opacity=1)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    )
    if data["hollow"].any():
        layers.append(
            alt.Chart(data[data["hollow"]])
            .mark_point(size=60, filled=False, fill="white", strokeWidth=1.6, opacity=1)
            .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
        )
    if talk_value is not None:
        talk = pd.DataFrame(
            {"value": [talk_value], "label": [_("the talk: {value} h. (undated)").format(value=talk_value)]}
        )
        layers.append(alt.Chart(talk).mark_rule(strokeDash=[6, 4], color=GREY).encode(y="value:Q"))
        layers.append(
            alt.Chart(talk)
            .mark_text(align="left", dx=4, dy=-6, x=0, color="#555555", fontSize=11)
            .encode(y="value:Q", text="label:N")
        )
    return finish(alt.layer(*layers), population_caption(figures, since), height=320)


# --------------------------------------------------------------------------- neighbours


def indexed_growth_caption(indexed: pd.DataFrame, highlight: str = vocabulary.SAINT_CAMILLE) -> Caption:
    """The caption of :func:`indexed_growth_chart`: the municipality, the two series and their years.

    Parameters
    ----------
    indexed : pandas.DataFrame
        :func:`analysis.analyses.case.demography.indexed_growth` (``csd_uid``, ``name``,
        ``series``, ``series_label``, ``year``, ``population``, ``index``,
        ``change_pct``).
    highlight : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the municipality drawn in black.

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note, shared by the chart and the
        ``remove-input`` caption cell under it.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    names = indexed.loc[indexed["csd_uid"] == highlight, "name"]
    name = str(names.iloc[0]) if not names.empty else highlight
    decree_years = indexed.loc[indexed["series"] == "decree", "year"]
    census_years = indexed.loc[indexed["series"] == "census", "year"]
    return Caption(
        title=_("{name} and the {OTHERS}: population indexed within each kind of figure").format(
            name=name, OTHERS=_(OTHERS)
        ),
        heading=_("{name} and its MRC, indexed").format(name=name),
        sources=("census_2016", "census_2021", "mamh_register"),
        drawn_by="figures.charts.case.indexed_growth_chart",
        alt=(
            _(
                "Line chart of the population of the {value} municipalities of the MRC, indexed to 100 at the first year of each series: census counts {value2}–{value3} as solid lines and government decree estimates {value4}–{value5} as dashed lines, never joined; {name} in black, the others in grey."
            ).format(
                value=indexed["csd_uid"].nunique(),
                value2=int(census_years.min()),
                value3=int(census_years.max()),
                value4=int(decree_years.min()),
                value5=int(decree_years.max()),
                name=name,
            )
        ),
        note=(
            _(
                "Decrees are ISQ-based estimates for 1 July of the previous year, revised every year, not counts; the two "
                "series are drawn side by side, not as one trajectory."
            )
        ),
    )


def indexed_growth_chart(indexed: pd.DataFrame, highlight: str = vocabulary.SAINT_CAMILLE) -> alt.Chart:
    """Population of the municipalities of the MRC, indexed within each kind (census; decrees).

    The two series start at 100 at their own base year and are never joined: solid lines
    for census counts, dashed lines for decree estimates. The highlighted municipality is
    black.

    Parameters
    ----------
    indexed : pandas.DataFrame
        :func:`analysis.analyses.case.demography.indexed_growth` (``csd_uid``, ``name``,
        ``series``, ``series_label``, ``year``, ``population``, ``index``,
        ``change_pct``).
    highlight : str, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the municipality drawn in black.

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    data = indexed.copy()
    data["who"] = (data["csd_uid"] == highlight).map({True: "highlight", False: "other"})
    names = data.loc[data["csd_uid"] == highlight, "name"]
    name = str(names.iloc[0]) if not names.empty else highlight
    data["group"] = data["who"].map({"highlight": name, "other": OTHERS})
    data["line"] = data["csd_uid"] + "-" + data["series"]
    # The tooltip writes the values as the chapter's tables do (format_number: Babel, half to even):
    # Vega's own format rounds a tie up, so a growth of exactly 6.25 % read "+6.3" beside "+6.2".
    locale = locale_for(i18n.language())
    data["index_text"] = [format_number(v, ".1f", locale) for v in data["index"]]
    data["change_text"] = [format_number(v, "+.1f", locale) for v in data["change_pct"]]
    data["index"] = data["index"].round(2)  # a position only
    series_order = [_(demography.SERIES_LABELS[s]) for s in ("census", "decree") if s in set(data["series"])]
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", values=sorted(int(y) for y in data["year"].unique())),
        scale=alt.Scale(domain=[int(data["year"].min()) - 1, int(data["year"].max()) + 2]),
    )
    y = alt.Y("index:Q", title=_("population index (base year = 100)"), scale=alt.Scale(zero=False))
    colour = alt.Color(
        "group:N", title=None, scale=alt.Scale(domain=[name, OTHERS], range=[HIGHLIGHT_COLOUR, OTHER_COLOUR])
    )
    dash = alt.StrokeDash(
        "series_label:N",
        title=_("series (never joined)"),
        scale=alt.Scale(domain=series_order, range=[[1, 0], [5, 3]][: len(series_order)]),
    )
    tooltip = [
        alt.Tooltip("name:N", title=_("municipality")),
        alt.Tooltip("series_label:N", title=_("series")),
        alt.Tooltip("year:Q", format="d", title=_("year")),
        alt.Tooltip("population:Q", format=",", title=_("population")),
        alt.Tooltip("index_text:N", title=_("index (base year = 100)")),
        alt.Tooltip("change_text:N", title=_("change since base year (%)")),
    ]
    base = alt.Chart(data)
    lines = base.mark_line().encode(
        x=x,
        y=y,
        detail="line:N",
        color=colour,
        strokeDash=dash,
        strokeWidth=alt.StrokeWidth(
            "who:O", scale=alt.Scale(domain=["highlight", "other"], range=[2.8, 1.2]), legend=None
        ),
    )
    points = base.mark_circle(size=30).encode(x=x, y=y, color=colour, tooltip=tooltip)
    # One name at the end of the census line only: two names at the line ends crowded each other.
    named = "census" if "census" in set(data["series"]) else str(data["series"].iloc[0])
    ends = data[
        (data["year"] == data.groupby("series")["year"].transform("max"))
        & (data["who"] == "highlight")
        & (data["series"] == named)
    ]
    labels = alt.Chart(ends).mark_text(align="left", dx=6, fontWeight="bold").encode(x=x, y=y, text="name:N")
    rule = alt.Chart(pd.DataFrame({"index": [100.0]})).mark_rule(color="#bbbbbb").encode(y="index:Q")
    return finish(rule + lines + points + labels, indexed_growth_caption(indexed, highlight), height=320)


# --------------------------------------------------------------------------- national effect


def national_effect_caption(items: pd.DataFrame) -> Caption:
    """The caption of :func:`national_effect_chart`: number of dated items, span of years, kinds.

    Parameters
    ----------
    items : pandas.DataFrame
        :func:`analysis.analyses.case.national_effect.national_effect` (dated items: ``id``,
        ``when``, ``year``, ``date``, ``kind``, ``title``, ``actor``, ``scope``,
        ``reliability``, ``source_url``, ``note``).

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note, shared by the chart and the
        ``remove-input`` caption cell under it.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    return Caption(
        title=_("The 'national effect': dated studies, press, books, films, visits and recognitions"),
        heading=_("The national effect"),
        sources=(),
        drawn_by="figures.charts.case.national_effect_chart",
        alt=(
            _(
                "Dot chart of {value} dated items about Saint-Camille from {value2} to {value3}, one row per kind (study, press, documentary, book, study visit, lecture, exchange, recognition), coloured by scope (local, regional, national, international)."
            ).format(value=number(len(items), ",d"), value2=int(items["year"].min()), value3=int(items["year"].max()))
        ),
        note=_("One dot per dated item, coloured by scope; undated items are left out of the chart.")
        + " "
        + _(CURATED_NOTE),
    )


def national_effect_chart(items: pd.DataFrame) -> alt.Chart:
    """Dated items of the "national effect" by year and kind, coloured by scope.

    Undated items are left out (they should be counted in the text).

    Parameters
    ----------
    items : pandas.DataFrame
        :func:`analysis.analyses.case.national_effect.national_effect` (dated items: ``id``,
        ``when``, ``year``, ``date``, ``kind``, ``title``, ``actor``, ``scope``,
        ``reliability``, ``source_url``, ``note``).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    data = items[
        ["id", "when", "year", "date", "kind", "title", "actor", "scope", "reliability", "source_url", "note"]
    ].copy()
    data = _text(data, ["actor", "note", "date"])
    data["date"] = data["date"].map(lambda date: date_text(date, locale_for(i18n.language())))
    data["kind"] = data["kind"].astype(str).map(readable).map(i18n.term).str.replace("_", " ")
    data["lane"] = _lanes(data, ["kind", "year"])
    data["when"] = data["when"].dt.strftime("%Y-%m-%d")
    kinds = data["kind"].value_counts().index.tolist()
    first, last = int(data["year"].min()), int(data["year"].max())
    chart = (
        alt.Chart(data)
        .mark_circle(size=85, opacity=0.9)
        .encode(
            x=alt.X(
                "when:T",
                title=None,
                axis=alt.Axis(format="%Y"),
                scale=alt.Scale(domain=[f"{first - 1}-07-01", f"{last + 1}-06-30"]),
            ),
            y=alt.Y("kind:N", sort=kinds, title=None),
            yOffset=alt.YOffset("lane:O"),
            color=alt.Color(
                "scope:N",
                title=_("scope"),
                scale=alt.Scale(domain=list(SCOPE_COLOURS), range=list(SCOPE_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("title:N", title=_("title")),
                alt.Tooltip("actor:N", title=_("actor")),
                alt.Tooltip("date:N", title=_("date")),
                alt.Tooltip("kind:N", title=_("kind")),
                alt.Tooltip("scope:N", title=_("scope")),
                alt.Tooltip("reliability:N", title=_("grade")),
                alt.Tooltip("source_url:N", title=_("source")),
                alt.Tooltip("note:N", title=_("note")),
            ],
        )
    )
    return finish(chart, national_effect_caption(items), height=260)


# --------------------------------------------------------------------------- diffusion

DIRECTION_COLOURS = {N_("upward"): BLACK, N_("horizontal"): PURPLE, N_("downward"): GREY}
DIRECTION_SHAPES = {"upward": "triangle-up", "horizontal": "circle", "downward": "triangle-down"}


def _direction_count(direction: str, count: int) -> str:
    """``"2 downward"``: a number of diffusion channels in one direction, in agreement with the count."""
    if direction == "upward":
        text = ngettext("{count} upward", "{count} upward", count)
    elif direction == "horizontal":
        text = ngettext("{count} horizontal", "{count} horizontal", count)
    else:
        text = ngettext("{count} downward", "{count} downward", count)
    return text.format(count=number(count, ",d"))


def diffusion_caption(channels: pd.DataFrame) -> Caption:
    """The caption of :func:`diffusion_chart`: channels drawn, undated ones left out, and how to read them.

    Parameters
    ----------
    channels : pandas.DataFrame
        :func:`analysis.analyses.case.diffusion.diffusion_channels` (reads ``dated``,
        ``year``, ``direction``).

    Returns
    -------
    Caption
        Title, sources, drawing function, alt text and note.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    dated = channels[channels["dated"]]
    undated = int((~channels["dated"]).sum())
    counts = dated["direction"].value_counts()
    return Caption(
        title=_("The 'national effect' as diffusion: documented channels from Saint-Camille to other bodies"),
        heading=_("Diffusion channels"),
        sources=(),
        drawn_by="figures.charts.case.diffusion_chart",
        alt=(
            _(
                "Dot chart of {value} dated channels from {value2} to {value3}, one row per level of the receiving body (local, regional, national, federal, international): {upward} (triangles pointing up), {horizontal} (circles) and {downward} (triangles pointing down)."
            ).format(
                value=number(len(dated), ",d"),
                value2=int(dated["year"].min()),
                value3=int(dated["year"].max()),
                upward=_direction_count("upward", int(counts.get("upward", 0))),
                horizontal=_direction_count("horizontal", int(counts.get("horizontal", 0))),
                downward=_direction_count("downward", int(counts.get("downward", 0))),
            )
        ),
        note=(
            ngettext("{count} undated channel left out.", "{count} undated channels left out.", undated).format(
                count=number(undated, ",d")
            )
            + " "
            + _("Media and academic attention is the separate, secondary series of the national-effect table.")
            + " "
            + _(CURATED_NOTE)
        ),
    )


def diffusion_chart(channels: pd.DataFrame) -> alt.Chart:
    """Dated diffusion channels by year and level of the receiving body, shaped and coloured by direction.

    Parameters
    ----------
    channels : pandas.DataFrame
        :func:`analysis.analyses.case.diffusion.diffusion_channels` (``id``, ``when``,
        ``year``, ``date``, ``dated``, ``level``, ``direction``, ``channel``,
        ``from_actor``, ``to_body``, ``description``, ``reliability``, ``source_url``, and
        ``person_name``/``policy_name`` when present).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: title, source line,
        "Drawn by" line and alt text (``description``).

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    The curated case tables (``data/case/``); each row cites its own source.
    """
    data = channels[channels["dated"]].copy()
    for column in ("person_name", "policy_name"):
        if column not in data:
            data[column] = pd.NA
    data = data[
        [
            "id",
            "when",
            "year",
            "date",
            "level",
            "direction",
            "channel",
            "from_actor",
            "to_body",
            "description",
            "person_name",
            "policy_name",
            "reliability",
            "source_url",
        ]
    ]
    data = _text(data, ["date", "person_name", "policy_name"])
    data["date"] = data["date"].map(lambda date: date_text(date, locale_for(i18n.language())))
    data["channel"] = data["channel"].astype(str).map(i18n.term).str.replace("_", " ")
    data["lane"] = _lanes(data, ["level", "year"])
    data["when"] = pd.to_datetime(data["when"]).dt.strftime("%Y-%m-%d")
    first, last = int(data["year"].min()), int(data["year"].max())
    directions = list(DIRECTION_COLOURS)
    chart = (
        alt.Chart(data)
        .mark_point(size=110, filled=True, opacity=0.9)
        .encode(
            x=alt.X(
                "when:T",
                title=None,
                axis=alt.Axis(format="%Y"),
                scale=alt.Scale(domain=[f"{first - 1}-07-01", f"{last + 1}-06-30"]),
            ),
            y=alt.Y("level:N", sort=list(DIFFUSION_LEVELS), title=_("level of the receiving body")),
            yOffset=alt.YOffset("lane:O"),
            color=alt.Color(
                "direction:N",
                title=_("direction"),
                scale=alt.Scale(domain=directions, range=[DIRECTION_COLOURS[d] for d in directions]),
            ),
            shape=alt.Shape(
                "direction:N",
                title=_("direction"),
                scale=alt.Scale(domain=directions, range=[DIRECTION_SHAPES[d] for d in directions]),
            ),
            tooltip=[
                alt.Tooltip("date:N", title=_("date")),
                alt.Tooltip("channel:N", title=_("channel")),
                alt.Tooltip("level:N", title=_("level of the receiving body")),
                alt.Tooltip("direction:N", title=_("direction")),
                alt.Tooltip("from_actor:N", title=_("carried by")),
                alt.Tooltip("person_name:N", title=_("person (public role)")),
                alt.Tooltip("to_body:N", title=_("to")),
                alt.Tooltip("policy_name:N", title=_("policy")),
                alt.Tooltip("description:N", title=_("description")),
                alt.Tooltip("reliability:N", title=_("grade")),
                alt.Tooltip("source_url:N", title=_("source")),
            ],
        )
    )
    return finish(chart, diffusion_caption(channels), height=240)


# --------------------------------------------------------------------------- before/after comparison


def comparison_caption(long: pd.DataFrame, k: int) -> Caption:
    """The caption of :func:`comparison_chart`.

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`analysis.analyses.case.comparison.comparables_long`.
    k : int
        Number of comparables matched.

    Returns
    -------
    Caption
        Title, sources (census 2006-2021, CWB 2006-2021, Index of Remoteness, ODCAF),
        drawing function, alt text and note.

    References
    ----------
    Statistics Canada, Census 2006-2021; Indigenous Services Canada, Community Well-Being
    Index 2006, 2016 and 2021; Statistics Canada, Index of Remoteness 2016; Statistics
    Canada, Open Database of Cultural and Art Facilities.
    """
    target = long[long["is_target"] & long["percentile"].notna()]
    placed = (
        _("a black diamond is Saint-Camille, at percentiles {percentiles}").format(
            percentiles=", ".join(number(p, ".0f") for p in target["percentile"])
        )
        if len(target)
        else _("Saint-Camille's percentiles are not available in these data")
    )
    return Caption(
        title=_("Saint-Camille among {k} places that resembled it in 2006: outcomes after, as percentiles").format(
            k=number(k, ",d")
        ),
        heading=_("Saint-Camille among comparable places"),
        sources=("census_2021", "cwb_2006", "cwb_2016", "cwb_2021", "remoteness_2016", "odcaf"),
        drawn_by="figures.charts.case.comparison_chart",
        alt=_(
            "Strip chart of {outcomes} outcomes, one row each under its name: grey ticks are the {k} comparable places "
            "placed by percentile among themselves, {placed}; a black bar around the diamond is the range the "
            "percentile takes if Saint-Camille's value moves by one household, two score points, one year of age or "
            "one facility."
        ).format(outcomes=number(long["outcome"].nunique(), ",d"), k=number(k, ",d"), placed=placed),
        note=_(
            "Comparables matched on 2006 values (CWB components, census population) and remoteness. With {k} "
            "comparables each place moves a percentile by {step} points; the bar around Saint-Camille's diamond is its "
            "small-number range. For the median age, a low percentile means younger."
        ).format(k=number(k, ",d"), step=number(100 / k, ".0f")),
    )


def comparison_chart(long: pd.DataFrame, k: int, placed: pd.DataFrame | None = None) -> alt.Chart:
    """Saint-Camille's percentile among its comparables on each outcome, beside theirs.

    One row per outcome, its name written above the strip (so the strips take the page's
    whole width on a phone); grey ticks are the comparables, a black diamond Saint-Camille
    with its percentile written beside it, and a bar its small-number range when
    ``placed`` is given.

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`analysis.analyses.case.comparison.comparables_long` (``outcome``, ``label``,
        ``name``, ``value``, ``percentile``, ``is_target``).
    k : int
        Number of comparables matched (for the caption).
    placed : pandas.DataFrame, optional
        :func:`analysis.analyses.case.comparison.placement` (indexed by outcome;
        ``percentile_low`` and ``percentile_high``): draws the small-number range.

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`.

    Raises
    ------
    KeyError
        When a column named above is missing (or a source key is unknown).

    References
    ----------
    As :func:`comparison_caption`.
    """
    data = long[["outcome", "label", "name", "value", "percentile", "is_target"]].copy()
    data["label"] = data["label"].map(i18n.term)  # before the long names are broken over two lines
    order = list(dict.fromkeys(data["label"]))
    y = alt.Y("label:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.6, paddingOuter=0.8))
    x_scale, x_title = alt.Scale(domain=[0, 100], nice=False), _("percentile among the comparables")
    x = alt.X("percentile:Q", title=x_title, scale=x_scale, axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]))
    tooltip = [
        alt.Tooltip("name:N", title=_("place")),
        alt.Tooltip("label:N", title=_("outcome")),
        alt.Tooltip("value:Q", format=".1f", title=_("value")),
        alt.Tooltip("percentile:Q", format=".0f", title=_("percentile")),
    ]
    names = pd.DataFrame({"label": order, "percentile": 0.0})
    names["text"] = [  # a long name puts its bracket (the unit) on a second line
        label.replace(" (", "\n(", 1) if len(label) > 44 else label for label in names["label"]
    ]
    two = names["text"].str.contains("\n")
    titles = [  # Vega sets the first line on the baseline: a second line needs one more line of room above
        alt.Chart(names[two == lines])
        .mark_text(align="left", baseline="bottom", dy=-11 - 14 * lines, fontSize=11, color="#222222", lineBreak="\n")
        .encode(x=x, y=y, text="text:N")
        for lines in (False, True)
        if (two == lines).any()
    ]
    ticks = (
        alt.Chart(data[~data["is_target"]])
        .mark_tick(color=GREY, thickness=1.5, size=14)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    mine = data[data["is_target"] & data["percentile"].notna()].copy()
    layers = [*titles, ticks]
    if placed is not None and len(mine):
        ranges = placed.reset_index()[["outcome", "percentile_low", "percentile_high"]]
        ranges = mine.merge(ranges, on="outcome").dropna(subset=["percentile_low", "percentile_high"])
        layers.append(
            alt.Chart(ranges)
            .mark_rule(color=BLACK, strokeWidth=2.5)
            .encode(x=alt.X("percentile_low:Q", scale=x_scale, title=x_title), x2="percentile_high:Q", y=y)
        )
    mine["shown"] = mine["percentile"].map(lambda p: number(p, ".0f"))
    layers.append(
        alt.Chart(mine)
        .mark_point(shape="diamond", size=140, filled=True, color=BLACK, opacity=1)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    layers.append(
        alt.Chart(mine)
        .mark_text(baseline="top", dy=9, fontSize=11, fontWeight="bold", color=BLACK)
        .encode(x=x, y=y, text="shown:N")
    )
    return finish(alt.layer(*layers), comparison_caption(long, k), height=70 * len(order))
