"""Charts of the fracture matrix (chapter 4)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.analyses.matrix import (
    ALL_GROUPS,
    ALL_SPECS,
    AT_CUT,
    CELL_POSITIONS,
    CELLS,
    CENTRALITY_MEASURES,
    CONNECTION_MEASURES,
    DEFAULT_SPECIFICATION,
    MATRIX_COLUMNS,
    MATRIX_ROWS,
    UNCLASSIFIED,
    FractureMatrix,
    Specification,
)
from analysis.figures.captions import Caption
from analysis.figures.charts.base import cell_scale, finish, highlight_marks
from analysis.i18n import N_, _
from analysis.vocabulary import SAINT_CAMILLE

SOURCES = ("remoteness_2016", "sac_2016", "cwb_2021", "census_2021", "mamh_register")
AXIS_TITLES = {
    "remoteness": N_("Index of Remoteness (lower = central)"),
    "sac": N_("SAC 2016 rank (CMA … no MIZ)"),
    "education": N_("CWB 2021 education component"),
    "composite": N_("composite connection score (robust z)"),
}
"""Axis titles short enough for a phone (the specification's full wording is in the caption)."""


def quadrant_labels(table: pd.DataFrame, x_threshold: float, y_threshold: float) -> pd.DataFrame:
    """Where to write each cell's name on the matrix scatter: in the corner of the plot its places occupy.

    Parameters
    ----------
    table : pandas.DataFrame
        The classified places (``centrality``, ``connection``, ``cell``).
    x_threshold, y_threshold : float
        The two thresholds of the matrix.

    Returns
    -------
    pandas.DataFrame
        One row per cell present: ``cell``, ``x``, ``y``, ``align`` (``"left"`` or
        ``"right"``) and ``baseline`` (``"top"`` or ``"bottom"``).
    """
    x_low, x_high = table["centrality"].min(), table["centrality"].max()
    y_low, y_high = table["connection"].min(), table["connection"].max()
    rows = []
    for cell in CELLS:
        members = table[table["cell"] == cell]
        if members.empty:
            continue
        left = members["centrality"].mean() <= x_threshold
        top = members["connection"].mean() >= y_threshold
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


def matrix_scatter(matrix: FractureMatrix, highlight: str | None = SAINT_CAMILLE) -> alt.Chart:
    """The two axes of the matrix, one point per entity, cells coloured, thresholds drawn.

    Point size is the 2021 population; unclassified entities are left out.

    Parameters
    ----------
    matrix : FractureMatrix
        :func:`analysis.analyses.matrix.classify`.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity marked with a diamond and its name (none when None
        or absent).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    Okabe and Ito (2008) for the cell colours (:func:`~analysis.figures.charts.base.cell_scale`).
    """
    table = matrix.table[matrix.table["cell"] != "unclassified"].copy()
    table = table[["csd_uid", "name", "region_name", "population", "centrality", "connection", "cell"]]
    table["centrality"] = table["centrality"].round(4)
    table["connection"] = table["connection"].round(3)
    table["cell"] = table["cell"].astype(str)
    x = alt.X("centrality:Q", title=_(AXIS_TITLES[matrix.spec.centrality]))
    y = alt.Y("connection:Q", title=_(AXIS_TITLES[matrix.spec.connection]), scale=alt.Scale(zero=False))
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
                alt.Tooltip("population:Q", format=","),
                alt.Tooltip("centrality:Q"),
                alt.Tooltip("connection:Q"),
                alt.Tooltip("cell:N"),
            ],
        )
    )
    rules = (
        alt.Chart(pd.DataFrame({"x": [matrix.centrality_threshold]}))
        .mark_rule(strokeDash=[4, 3], color="#333")
        .encode(x="x:Q")
    )
    rules += (
        alt.Chart(pd.DataFrame({"y": [matrix.connection_threshold]}))
        .mark_rule(strokeDash=[4, 3], color="#333")
        .encode(y="y:Q")
    )
    corners = quadrant_labels(table, matrix.centrality_threshold, matrix.connection_threshold)
    names = [
        alt.Chart(corners[(corners["align"] == align) & (corners["baseline"] == baseline)])
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
        for align in ("left", "right")
        for baseline in ("top", "bottom")
        if not corners[(corners["align"] == align) & (corners["baseline"] == baseline)].empty
    ]
    layers = alt.layer(points, rules, *names, *highlight_marks(table, x, y, highlight))
    caption = Caption(
        title=_("The fracture matrix: {label}").format(label=matrix.spec.label),
        heading=_("The fracture matrix"),
        note=(
            _(
                "Centrality: {value}; connection: {value2}. Each dot is a municipal entity sized by its 2021 population; the dashed lines are the two thresholds, and each corner carries the name of its cell; Saint-Camille is marked with a diamond"
            ).format(
                value=_(CENTRALITY_MEASURES[matrix.spec.centrality]),
                value2=_(CONNECTION_MEASURES[matrix.spec.connection]),
            )
        ),
        sources=SOURCES,
        drawn_by="figures.charts.matrix.matrix_scatter",
        alt=(
            _(
                "Scatter plot of {value} municipal entities, centrality on the horizontal axis and connection on the vertical axis, coloured by matrix cell, with dashed lines at the two thresholds and the name of each cell in its corner; point size is the 2021 population; Saint-Camille is marked with a diamond."
            ).format(value=len(table))
        ),
    )
    return finish(layers, caption, height=340)


def cell_bars(counts: pd.DataFrame, spec_label: str) -> alt.Chart:
    """Entities and population in each cell, side by side (shares).

    Parameters
    ----------
    counts : pandas.DataFrame
        :meth:`analysis.analyses.matrix.FractureMatrix.counts` without ``by``: indexed by
        ``cell``, with ``entity_share`` and ``population_share`` (0-1).
    spec_label : str
        The specification, for the title (``Spec.label``).

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
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    data = counts.reset_index().melt(
        id_vars=["cell"], value_vars=["entity_share", "population_share"], var_name="measure", value_name="share"
    )
    measures = {"entity_share": _("share of entities"), "population_share": _("share of residents")}
    data["measure"] = data["measure"].map(measures)
    data["cell"] = data["cell"].astype(str)
    data["text"] = data["share"].map(lambda v: f"{v:.0%}")
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
        tooltip=[alt.Tooltip("cell:N"), alt.Tooltip("measure:N"), alt.Tooltip("share:Q", format=".1%")],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(y=y, yOffset=y_offset, x="share:Q", text="text:N")
    caption = Caption(
        title=_("Entities and residents in each cell ({spec_label})").format(spec_label=spec_label),
        heading=_("Entities and residents by cell"),
        note=_("For each cell, the share of the municipal entities (pale bar) and of the residents (full bar)"),
        sources=SOURCES,
        drawn_by="figures.charts.matrix.cell_bars",
        alt=(
            _(
                "Bar chart: for each cell of the matrix, the share of municipal entities and the share of the "
                "population, side by side. {cells}."
            ).format(
                cells="; ".join(
                    _("{cell}: {entities:.0%} of entities, {residents:.0%} of residents").format(
                        cell=i18n.term(cell), entities=row["entity_share"], residents=row["population_share"]
                    )
                    for cell, row in counts.iterrows()
                )
            )
        ),
    )
    return finish(alt.layer(bars, labels), caption, height=260)


def sensitivity_bars(long: pd.DataFrame) -> alt.Chart:
    """Share of the population in each cell under every specification (stacked bars).

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`analysis.analyses.matrix.sensitivity_counts` (``spec``, ``cell``,
        ``population_share``, ``entities``).

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
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    data = long[["spec", "cell", "population_share", "entities"]].copy()
    data["cell"] = data["cell"].astype(str)
    data["order"] = data["cell"].map({c: i for i, c in enumerate(ALL_GROUPS)})
    labels = {spec.key: spec.label.replace("sac ×", "SAC ×").replace(" thresholds", "") for spec in ALL_SPECS}
    data["specification"] = data["spec"].map(labels).fillna(data["spec"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "specification:N",
                sort=[labels[s.key] for s in ALL_SPECS],
                title=None,
                axis=alt.Axis(labelExpr="split(datum.label, ', ')"),
            ),
            x=alt.X(
                "population_share:Q", stack="normalize", axis=alt.Axis(format="%"), title=_("share of the population")
            ),
            color=alt.Color("cell:N", scale=cell_scale(), title=_("cell")),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("specification:N"),
                alt.Tooltip("cell:N"),
                alt.Tooltip("entities:Q"),
                alt.Tooltip("population_share:Q", format=".1%"),
            ],
        )
    )
    caption = Caption(
        title=_("The matrix under every specification"),
        heading=_("Residents by cell, every specification"),
        note=(
            _(
                "Share of the population in each cell, for each combination of a centrality measure (remoteness or SAC), "
                "a connection measure (education or composite) and a threshold rule (median or population-weighted median)"
            )
        ),
        sources=SOURCES,
        drawn_by="figures.charts.matrix.sensitivity_bars",
        alt=_(
            "Stacked horizontal bars, one per specification of the matrix, showing the share of the population in each cell."
        ),
    )
    return finish(chart, caption, height=360)


CENTRALITY_SOURCES = {"sac": "sac_2016", "remoteness_2021": "remoteness_2021", "remoteness_2016": "remoteness_2016"}
CONNECTION_SOURCES = {
    "education": "cwb_2021",
    "composite": "cwb_2021",
    "commuting": "census_2016",
    "long_commutes": "census_2021",
    "university": "census_2021",
    "knowledge_industries": "census_2021",
}


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
        rows.append(
            {
                "cell": cell,
                "name": cell.replace(" ", "\n"),  # "logique technopolitaine" on two lines, to fit a phone
                "space": MATRIX_COLUMNS[column],
                "sector": MATRIX_ROWS[row],
                "places": f"{entities:,} places".replace(",", "\u202f"),
                # two lines, so that a cell's text fits a phone-width tile
                "residents": f"{population:,.0f} residents\n({float(counts.at[cell, 'population_share']):.0%})".replace(
                    ",", "\u202f"
                ),
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
        tooltip=[alt.Tooltip("cell:N"), alt.Tooltip("places:N"), alt.Tooltip("residents:N")],
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
        note=_("{label}. Not in a cell: {at_cut} places at a cut, {unclassified} unclassified.").format(
            label=spec.label, at_cut=at_cut, unclassified=unclassified
        ),
        alt=(
            _(
                "A two-by-two table: columns central and peripheral spaces, rows connected and disconnected "
                "sectors. {cells}. {at_cut} places sit at a cut and {unclassified} are unclassified."
            ).format(
                cells="; ".join(f"{r['cell']}: {r['places']}, {r['residents']}" for r in rows),
                at_cut=at_cut,
                unclassified=unclassified,
            )
        ),
    )
    return finish(tiles + label + places + residents, caption, height=260)
