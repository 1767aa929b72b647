"""Charts of the fracture matrix (chapter 4)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis import i18n
from analysis.analyses import centrality, connection_measures, cuts
from analysis.analyses.matrix import (
    CELL_POSITIONS,
    DEFAULT_SPECIFICATION,
    MATRIX_COLUMNS,
    MATRIX_ROWS,
    Assignment,
    Specification,
)
from analysis.figures.captions import Caption, listing, number
from analysis.figures.charts.base import cell_scale, finish, highlight_marks
from analysis.i18n import N_, _, ngettext
from analysis.vocabulary import ALL_GROUPS, AT_CUT, CELLS, SAC_CENTRAL_CLASSES, SAINT_CAMILLE, UNCLASSIFIED

CENTRALITY_SOURCES = {"sac": "sac_2016", "remoteness_2021": "remoteness_2021", "remoteness_2016": "remoteness_2016"}
CONNECTION_SOURCES = {
    "education": "cwb_2021",
    "composite": "cwb_2021",
    "commuting": "census_2016",
    "long_commutes": "census_2021",
    "university": "census_2021",
    "knowledge_industries": "census_2021",
}
AXIS_TITLES = {
    "sac": N_("SAC 2016 class (0 = CMA … 5 = no MIZ)"),
    "remoteness_2021": N_("Index of Remoteness 2021 (lower = central)"),
    "remoteness_2016": N_("Index of Remoteness 2016 (lower = central)"),
    "education": N_("CWB 2021 education component"),
    "composite": N_("composite score (robust z)"),
    "commuting": N_("commuting outside the CD, 2016 (%)"),
    "long_commutes": N_("commutes of 60 min or more, 2021 (%)"),
    "university": N_("bachelor's degree or higher, 25-64 (%)"),
    "knowledge_industries": N_("knowledge-intensive industries (%)"),
}
"""Axis titles short enough for a phone (the specification's full wording is in the caption)."""
VALUE_FORMATS = {
    "sac": "d",
    "remoteness_2021": ".4f",
    "remoteness_2016": ".4f",
    "education": ".0f",
    "composite": ".2f",
    "commuting": ".1f",
    "long_commutes": ".1f",
    "university": ".1f",
    "knowledge_industries": ".1f",
}
"""How a definition's scores and cuts are written in tables: with the digits they are published with
(the Index of Remoteness to four decimals, the CWB components in whole points, census shares to one
decimal), the composite (a mean of robust z-scores) to two decimals; a SAC class is a rank."""


def value_format(key: str) -> str:
    """The format of the scores and cuts of a centrality or connection definition (:data:`VALUE_FORMATS`).

    Parameters
    ----------
    key : str
        A key of :data:`analysis.analyses.centrality.DEFINITIONS` or
        :data:`analysis.analyses.connection_measures.DEFINITIONS`.

    Returns
    -------
    str
        A format of :mod:`analysis.formats`; ``".2f"`` for a definition not listed.
    """
    return VALUE_FORMATS.get(key, ".2f")


SAC_LINE = len(SAC_CENTRAL_CLASSES) - 0.5
"""Where the SAC's own split falls on the class rank (between CA and strong MIZ), for drawing."""


ROW_BREAK = "|"
"""Where an axis label of :func:`stability_bars` breaks onto its second line (family, then share and counts)."""


def spec_label(spec: Specification) -> str:
    """A specification's readable name (:attr:`Specification.label`) in the active language.

    Parameters
    ----------
    spec : Specification

    Returns
    -------
    str
        The centrality and connection definitions, the cut rule and the tie rule, each
        translated as a data label (:func:`analysis.i18n.term`).
    """
    return _("{centrality} × {connection}; {rule}; {ties}").format(
        centrality=i18n.term(centrality.definition(spec.centrality).label),
        connection=i18n.term(connection_measures.definition(spec.connection).label),
        rule=i18n.term(cuts.CUT_RULES[spec.rule]),
        ties=i18n.term(cuts.TIE_RULES[spec.ties]),
    )


SHORT_NAMES = {
    "sac": N_("SAC"),
    "remoteness_2021": N_("remoteness 2021"),
    "remoteness_2016": N_("remoteness 2016"),
    "education": N_("education"),
    "composite": N_("composite"),
    "commuting": N_("commuting"),
    "long_commutes": N_("long commutes"),
    "university": N_("university"),
    "knowledge_industries": N_("knowledge industries"),
    "median": N_("median"),
    "weighted": N_("weighted"),
}
"""A definition of centrality or connection, or a cut rule, in a word or two (the short
names of specifications in tables; the full wording is :func:`spec_label`)."""


def _short(key: str) -> str:
    return _(SHORT_NAMES[key]) if key in SHORT_NAMES else key.replace("_", " ")


def spec_short_label(spec: Specification, rule: bool = True) -> str:
    """A specification in a few words, in the active language: ``SAC × education, median``.

    Parameters
    ----------
    spec : Specification
    rule : bool, default True
        Name the cut rule (``median`` or ``weighted``); a table of one rule leaves it out
        (``SAC × education``). The tie rule is not named.

    Returns
    -------
    str
        The centrality and connection definitions (and the cut rule) by their short names
        (:data:`SHORT_NAMES`; a key without one is written with spaces for underscores).
    """
    if not rule:
        return _("{centrality} × {connection}").format(
            centrality=_short(spec.centrality), connection=_short(spec.connection)
        )
    return _("{centrality} × {connection}, {rule}").format(
        centrality=_short(spec.centrality), connection=_short(spec.connection), rule=_short(spec.rule)
    )


def _significant(value: float) -> str:
    """``value`` to four significant digits (as ``:.4g``), written for the active language."""
    text = f"{value:.4g}"
    if "e" in text:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number(value, f".{decimals}f")


def assignment_note(assignment: Assignment) -> str:
    """How an assignment was built (:meth:`~analysis.analyses.matrix.Assignment.describe`), in the active language.

    Parameters
    ----------
    assignment : Assignment

    Returns
    -------
    str
        The two definitions and their cuts, the tie rule, the size of the reference sample
        and the places at a cut or unclassified, each label translated as a data label.
    """
    spec = assignment.spec
    counts = assignment.counts()
    rule = i18n.term(cuts.CUT_RULES[spec.rule])
    if np.isfinite(assignment.centrality_cut):
        centre = _("cut at {cut} ({rule})").format(cut=_significant(assignment.centrality_cut), rule=rule)
    else:
        centre = _("no cut (class membership)")
    return _(
        "Centrality: {centrality}; {centre}. Connection: {connection}; cut at {cut} ({rule}). Ties: {ties}. "
        "Reference sample: {reference} entities; {at_cut} at a cut, {unclassified} unclassified."
    ).format(
        centrality=i18n.term(centrality.definition(spec.centrality).label),
        centre=centre,
        connection=i18n.term(connection_measures.definition(spec.connection).label),
        cut=_significant(assignment.connection_cut),
        rule=rule,
        ties=i18n.term(cuts.TIE_RULES[spec.ties]),
        reference=number(int(assignment.table["reference"].sum()), ",d"),
        at_cut=number(int(counts.at[AT_CUT, "entities"]), ",d"),
        unclassified=number(int(counts.at[UNCLASSIFIED, "entities"]), ",d"),
    )


def spec_sources(spec: Specification) -> tuple[str, ...]:
    """The sources a specification draws on (keys of :data:`analysis.data.sources.SOURCES`).

    Parameters
    ----------
    spec : Specification

    Returns
    -------
    tuple of str
        The centrality and connection sources, the 2021 census (populations) and the MAMH
        register (names).
    """
    return (
        CENTRALITY_SOURCES[spec.centrality],
        CONNECTION_SOURCES[spec.connection],
        "census_2021",
        "mamh_register",
    )


def _grouped(count: float) -> str:
    """A count with its thousands grouped by a narrow no-break space in English (``6 624 749``), as the locale
    groups them in French: a tile of the matrix is narrow, and a number must not break over two lines."""
    text = number(round(count), ",d")
    return text.replace(",", "\u202f") if i18n.language() == i18n.SOURCE_LANGUAGE else text


def quadrant_labels(table: pd.DataFrame, x_threshold: float, y_threshold: float) -> pd.DataFrame:
    """Where to write each cell's name on the matrix scatter: in the corner of the plot its places occupy.

    Parameters
    ----------
    table : pandas.DataFrame
        The placed places (``centrality_score``, ``connection_score``, ``cell``).
    x_threshold, y_threshold : float
        The two cuts of the matrix (the centrality one as drawn).

    Returns
    -------
    pandas.DataFrame
        One row per cell present: ``cell``, ``x``, ``y``, ``align`` (``"left"`` or
        ``"right"``) and ``baseline`` (``"top"`` or ``"bottom"``).
    """
    x_low, x_high = table["centrality_score"].min(), table["centrality_score"].max()
    y_low, y_high = table["connection_score"].min(), table["connection_score"].max()
    rows = []
    for cell in CELLS:
        members = table[table["cell"] == cell]
        if members.empty:
            continue
        left = members["centrality_score"].mean() <= x_threshold
        top = members["connection_score"].mean() >= y_threshold
        rows.append(
            {
                "cell": cell,
                "x": float(x_low if left else x_high),
                "y": float(y_high if top else y_low),
                "align": "left" if left else "right",
                "baseline": "top" if top else "bottom",
            }
        )
    return pd.DataFrame(rows)


def matrix_scatter(assignment: Assignment, highlight: str | None = SAINT_CAMILLE) -> alt.Chart:
    """The two axes of the matrix, one point per place of the reference sample, cells coloured, cuts drawn.

    Point size is the 2021 population; places at a cut keep their own colour; unclassified
    places are left out. For the SAC split (no numeric cut), the line is drawn between the
    CA and strong-MIZ classes.

    Parameters
    ----------
    assignment : Assignment
        :func:`analysis.analyses.matrix.assign`.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the place marked with a diamond and its name (none when None
        or absent).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2021 (17-26-0001); Statistical Area
    Classification 2016. Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2016 and 2021 Censuses of Population.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    Okabe and Ito (2008) for the cell colours (:func:`~analysis.figures.charts.base.cell_scale`).
    """
    spec = assignment.spec
    t = assignment.table
    table = t[t["reference"] & (t["cell"] != UNCLASSIFIED)].copy()
    table = table[["csd_uid", "name", "region_name", "population", "centrality_score", "connection_score", "cell"]]
    table["centrality_score"] = table["centrality_score"].round(4)
    table["connection_score"] = table["connection_score"].round(3)
    table["cell"] = table["cell"].astype(str)
    x_cut = assignment.centrality_cut
    if not np.isfinite(x_cut) and centrality.definition(spec.centrality).kind == "classes":
        x_cut = SAC_LINE
    y_cut = assignment.connection_cut
    x = alt.X("centrality_score:Q", title=_(AXIS_TITLES[spec.centrality]))
    y = alt.Y("connection_score:Q", title=_(AXIS_TITLES[spec.connection]), scale=alt.Scale(zero=False))
    points = (
        alt.Chart(table)
        .mark_circle(opacity=0.55, stroke="white", strokeWidth=0.3)
        .encode(
            x=x,
            y=y,
            size=alt.Size("population:Q", scale=alt.Scale(type="sqrt", range=[8, 600]), legend=None),
            color=alt.Color("cell:N", scale=cell_scale(), title=_("cell")),
            tooltip=[
                alt.Tooltip("name:N", title=_("municipality")),
                alt.Tooltip("region_name:N", title=_("region")),
                alt.Tooltip("population:Q", format=",", title=_("population 2021")),
                alt.Tooltip("centrality_score:Q", title=_("centrality")),
                alt.Tooltip("connection_score:Q", title=_("connection")),
                alt.Tooltip("cell:N", title=_("cell")),
            ],
        )
    )
    layers = [points]
    for channel, value in (("x", x_cut), ("y", y_cut)):
        if np.isfinite(value):
            rule = alt.Chart(pd.DataFrame({channel: [value]})).mark_rule(strokeDash=[4, 3], color="#333")
            layers.append(rule.encode(**{channel: f"{channel}:Q"}))
    corners = quadrant_labels(table, x_cut, y_cut)
    for align in ("left", "right"):
        for baseline in ("top", "bottom"):
            spot = corners[(corners["align"] == align) & (corners["baseline"] == baseline)] if len(corners) else corners
            if spot.empty:
                continue
            layers.append(
                alt.Chart(spot)
                .mark_text(
                    align=align,
                    baseline=baseline,
                    dy=(14 if baseline == "top" else -14) if align == "right" else 0,  # right-hand names a line in
                    fontSize=12,
                    fontWeight="bold",
                    fontStyle="italic",
                    color="#333333",
                )
                .encode(x="x:Q", y="y:Q", text="cell:N")
            )
    layers += highlight_marks(table, x, y, highlight, tooltip=points.encoding.tooltip)
    at_cut = int((table["cell"] == AT_CUT).sum())
    caption = Caption(
        title=_("The fracture matrix, place by place: {label}").format(label=spec_label(spec)),
        heading=_("The matrix, place by place"),
        note=_(
            "Each dot is a municipality sized by its 2021 population, coloured by its cell; the dashed lines are the cuts "
            "({at_cut}), and each corner carries the name of its cell; Saint-Camille is marked with a diamond"
        ).format(
            at_cut=ngettext(
                "{count} place sits exactly on one and keeps its own colour",
                "{count} places sit exactly on one and keep their own colour",
                at_cut,
            ).format(count=number(at_cut, ",d"))
        ),
        sources=spec_sources(spec),
        drawn_by="figures.charts.matrix.matrix_scatter",
        alt=(
            _(
                "Scatter plot of {value} municipalities, {x} on the horizontal axis and the {y} on the vertical axis, "
                "coloured by matrix cell, with dashed lines at the two cuts and the name of each cell in its corner; "
                "point size is the 2021 population; Saint-Camille is marked with a diamond."
            ).format(
                value=number(len(table), ",d"), x=_(AXIS_TITLES[spec.centrality]), y=_(AXIS_TITLES[spec.connection])
            )
        ),
    )
    return finish(alt.layer(*layers), caption, height=340)


def cell_bars(counts: pd.DataFrame, spec: Specification) -> alt.Chart:
    """Entities and residents in each group, side by side (shares).

    Parameters
    ----------
    counts : pandas.DataFrame
        :meth:`analysis.analyses.matrix.Assignment.counts` without ``by``: indexed by
        ``cell`` (``ALL_GROUPS``), with ``entity_share`` and ``population_share`` (0-1).
    spec : Specification
        The specification, for the title and the sources.

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
    Indigenous Services Canada, Community Well-Being Index 2021; Statistics Canada,
    Statistical Area Classification 2016, Index of Remoteness 2021, Census Profile 2021.
    """
    data = counts.reset_index().melt(
        id_vars=["cell"], value_vars=["entity_share", "population_share"], var_name="measure", value_name="share"
    )
    measures = {"entity_share": _("share of places"), "population_share": _("share of residents")}
    data["measure"] = data["measure"].map(measures)
    data["cell"] = data["cell"].astype(str)
    data["text"] = data["share"].map(lambda v: "" if pd.isna(v) else number(v, ".0%"))
    y = alt.Y("cell:N", sort=list(ALL_GROUPS), title=None)
    y_offset = alt.YOffset("measure:N", sort=list(measures.values()))
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=y,
        yOffset=y_offset,
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("cell:N", scale=cell_scale(), legend=None),
        opacity=alt.Opacity(
            "measure:N",
            title=None,
            sort=list(measures.values()),
            scale=alt.Scale(domain=list(measures.values()), range=[0.45, 1.0]),
        ),
        tooltip=[
            alt.Tooltip("cell:N", title=_("cell")),
            alt.Tooltip("measure:N", title=_("measure")),
            alt.Tooltip("share:Q", format=".1%", title=_("share")),
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(y=y, yOffset=y_offset, x="share:Q", text="text:N")
    caption = Caption(
        title=_("Places and residents in each cell ({label})").format(label=spec_label(spec)),
        heading=_("Places and residents by cell"),
        note=_("For each cell, the share of the municipalities (pale bar) and of their residents (full bar)"),
        sources=spec_sources(spec),
        drawn_by="figures.charts.matrix.cell_bars",
        alt=(
            _(
                "Bar chart: for each cell of the matrix, the share of municipalities and the share of their residents, "
                "side by side. {cells}"
            ).format(
                cells=listing(
                    _("{cell}: {places} of places, {residents} of residents").format(
                        cell=i18n.term(cell),
                        places=number(row["entity_share"], ".0%"),
                        residents=number(row["population_share"], ".0%"),
                    )
                    for cell, row in counts.iterrows()
                )
            )
        ),
    )
    return finish(alt.layer(bars, labels), caption, height=300)


FAMILY_LABELS = {
    "all": N_("every centrality × every measure"),
    "centrality varies": N_("centrality varies (education)"),
    "connection varies": N_("measure varies (SAC split)"),
    "outcome proxies": N_("education or composite"),
    "functional": N_("functional measures"),
}
"""Short names of the families of :func:`analysis.analyses.multiverse.families`, for a phone."""


def stability_bars(families: pd.DataFrame) -> alt.Chart:
    """The share of places that keep one cell across each family of specifications.

    Parameters
    ----------
    families : pandas.DataFrame
        :func:`analysis.analyses.multiverse.family_stability`: indexed by ``family``, with
        ``specifications``, ``classified_everywhere``, ``stable`` and ``stability_share``.

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
    Steegen, S., Tuerlinckx, F., Gelman, A. and Vanpaemel, W. (2016). Increasing
    transparency through a multiverse analysis. *Perspectives on Psychological Science*,
    11(5), 702–712.
    """
    data = families.reset_index()[["family", "specifications", "classified_everywhere", "stable", "stability_share"]]
    data = data.astype({"specifications": "int64", "classified_everywhere": "int64", "stable": "int64"})
    data["stability_share"] = data["stability_share"].astype("float64")
    data["label"] = data["family"].map(lambda f: _(FAMILY_LABELS[f]) if f in FAMILY_LABELS else f)
    data["text"] = [
        _("{share} ({stable} of {everywhere})").format(
            share=number(share, ".0%"), stable=number(stable, ",d"), everywhere=number(everywhere, ",d")
        )
        if pd.notna(share)
        else "—"
        for share, stable, everywhere in zip(data["stability_share"], data["stable"], data["classified_everywhere"])
    ]
    # Share and counts go under each family's name (a second line of the axis label), not after
    # the bar, where the longest ran past a phone's drawing.
    data["row"] = data["label"] + ROW_BREAK + data["text"]
    y = alt.Y(
        "row:N",
        sort=list(data["row"]),
        title=None,
        axis=alt.Axis(labelLimit=200, labelExpr=f"split(datum.label, '{ROW_BREAK}')"),
    )
    base = alt.Chart(data)
    bars = base.mark_bar(color="#0072B2").encode(
        y=y,
        x=alt.X(
            "stability_share:Q",
            axis=alt.Axis(format="%", titleAnchor="end"),
            title=_("places that keep one cell"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        tooltip=[
            alt.Tooltip("label:N", title=_("family")),
            alt.Tooltip("specifications:Q", format=",", title=_("specifications")),
            alt.Tooltip("classified_everywhere:Q", format=",", title=_("in a cell everywhere")),
            alt.Tooltip("stable:Q", format=",", title=_("same cell throughout")),
            alt.Tooltip("stability_share:Q", format=".1%", title=_("share")),
        ],
    )
    caption = Caption(
        title=_("How many places keep their cell across each family of specifications (plain median cuts)"),
        heading=_("Places that keep one cell"),
        note=_(
            "Among the municipalities in one of the four cells under every specification of a family, the share in the "
            "same cell throughout; every family uses plain median cuts, ties set apart"
        ),
        sources=("sac_2016", "remoteness_2021", "cwb_2021", "census_2016", "census_2021", "mamh_register"),
        drawn_by="figures.charts.matrix.stability_bars",
        alt=(
            _(
                "Bar chart of the share of municipalities that keep the same cell across each family of specifications: {families}."
            ).format(
                families=listing(
                    _("{family}: {share}").format(family=label, share=text)
                    for label, text in zip(data["label"], data["text"])
                )
            )
        ),
    )
    return finish(bars, caption, height=46 * len(data) + 20)


def klein_matrix(counts: pd.DataFrame, spec: Specification = DEFAULT_SPECIFICATION) -> alt.Chart:
    """Klein's matrix of socio-territorial fractures, drawn: four cells, their places and residents.

    The talk's table (columns: central and peripheral spaces; rows: connected and
    disconnected sectors) with the four cell labels as the talk gives them, and in each
    cell the number of places and of residents under one specification. Places at a cut
    and unclassified places are not in a cell; the caption counts them.

    Parameters
    ----------
    counts : pandas.DataFrame
        :meth:`analysis.analyses.matrix.Assignment.counts`: indexed by cell (the four cells,
        ``"at the cut"``, ``"unclassified"``), with ``entities``, ``population`` and
        ``population_share``.
    spec : Specification, default ``DEFAULT_SPECIFICATION``
        The specification the counts come from (its definitions name the sources).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: title, source line with
        vintage and licence, "Drawn by" line and alt text (``description``).

    Raises
    ------
    KeyError
        When a cell or a column named above is missing from ``counts``.

    References
    ----------
    Klein, J.-L. (n.d., c. 2008-2010). *Social Economy as a Base for Local Development
    Initiatives*, slide "The Matrix of Socio-Territorial Fractures under the New Economy".
    Okabe and Ito (2008) for the cell colours (:func:`~analysis.figures.charts.base.cell_scale`).
    """
    rows = []
    for cell, (column, row) in CELL_POSITIONS.items():
        entities = int(counts.at[cell, "entities"])
        population = float(counts.at[cell, "population"])
        share = number(float(counts.at[cell, "population_share"]), ".0%")
        rows.append(
            {
                "cell": cell,
                "name": cell.replace(" ", "\n"),  # "logique technopolitaine" on two lines, to fit a phone
                "space": MATRIX_COLUMNS[column],
                "sector": MATRIX_ROWS[row],
                "places": ngettext("{count} place", "{count} places", entities).format(count=_grouped(entities)),
                # two lines, so that a cell's text fits a phone-width tile
                "residents": ngettext("{count} resident", "{count} residents", round(population)).format(
                    count=_grouped(population)
                )
                + f"\n({share})",
                # the tooltip names what it counts in its titles ("places: 182"), not twice
                "places_count": _grouped(entities),
                "residents_count": f"{_grouped(population)} ({share})",
            }
        )
    data = pd.DataFrame(rows)
    x = alt.X("space:N", sort=list(MATRIX_COLUMNS.values()), title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y(
        "sector:N",
        sort=list(MATRIX_ROWS.values()),
        title=None,
        axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')"),
    )
    base = alt.Chart(data).encode(x=x, y=y)
    tiles = base.mark_rect(opacity=0.3, stroke="white", strokeWidth=3).encode(
        color=alt.Color("cell:N", scale=cell_scale(), legend=None),
        tooltip=[
            alt.Tooltip("cell:N", title=_("cell")),
            alt.Tooltip("places_count:N", title=_("places")),
            alt.Tooltip("residents_count:N", title=_("residents")),
        ],
    )
    style = {"fontSize": 13, "fontWeight": "bold", "fontStyle": "italic", "baseline": "bottom", "color": "#111"}
    one_line = base.transform_filter("indexof(datum.name, '\\n') < 0").mark_text(dy=-12, **style)
    two_lines = base.transform_filter("indexof(datum.name, '\\n') >= 0").mark_text(dy=-28, lineBreak="\n", **style)
    label = one_line.encode(text="name:N") + two_lines.encode(text="name:N")
    places = base.mark_text(fontSize=12, dy=2, color="#111").encode(text="places:N")
    residents = base.mark_text(fontSize=12, baseline="top", dy=12, color="#111", lineBreak="\n").encode(
        text="residents:N"
    )
    at_cut, unclassified = int(counts.at[AT_CUT, "entities"]), int(counts.at[UNCLASSIFIED, "entities"])
    caption = Caption(
        title=_("Klein's matrix of socio-territorial fractures, with the places and residents in each cell"),
        heading=_("Klein's matrix"),
        sources=(
            CENTRALITY_SOURCES[spec.centrality],
            CONNECTION_SOURCES[spec.connection],
            "census_2021",
            "mamh_register",
        ),
        drawn_by="figures.charts.matrix.klein_matrix",
        note=_("{label}. Not in a cell: {at_cut}, {unclassified}.").format(
            label=spec_label(spec),
            at_cut=ngettext("{count} place at a cut", "{count} places at a cut", at_cut).format(
                count=number(at_cut, ",d")
            ),
            unclassified=ngettext("{count} unclassified", "{count} unclassified", unclassified).format(
                count=number(unclassified, ",d")
            ),
        ),
        alt=(
            _(
                "A two-by-two table: columns central and peripheral spaces, rows connected and disconnected "
                "sectors. {cells}. {at_cut} and {unclassified}."
            ).format(
                cells=listing(
                    _("{cell}: {places}, {residents}").format(
                        cell=r["cell"], places=r["places"], residents=r["residents"].replace("\n", " ")
                    )
                    for r in rows
                ),
                at_cut=ngettext("{count} place sits at a cut", "{count} places sit at a cut", at_cut).format(
                    count=number(at_cut, ",d")
                ),
                unclassified=ngettext("{count} is unclassified", "{count} are unclassified", unclassified).format(
                    count=number(unclassified, ",d")
                ),
            )
        ),
    )
    return finish(tiles + label + places + residents, caption, height=260)
