"""Charts of chapter 3: connection against remoteness and functional connection."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.analyses.communities import INDIGENOUS, MUNICIPALITIES
from analysis.analyses.connection import MEASURES, PREDICTORS, SAC_ORDER
from analysis.figures.captions import Caption, number
from analysis.figures.charts.base import finish, highlight_marks
from analysis.i18n import N_, _
from analysis.vocabulary import SAINT_CAMILLE

# The sources each kind of chart draws on (names and regions come from the MAMH register).
PREDICTOR_SOURCES = {"remoteness": "remoteness_2021", "sac_class": "sac_2016", "commute_outside_cd": "census_2016"}

AXIS_TITLES = {
    "remoteness": N_("Index of Remoteness (0 = least remote)"),
    "commute_outside_cd": N_("commuters working outside their CD, 2016 (%)"),
    "education": N_("CWB 2021 education component"),
    "composite": N_("composite connection score (robust z)"),
    "income": N_("CWB 2021 income component"),
    "labour": N_("CWB 2021 labour force component"),
}

# Okabe-Ito colours outside the four matrix-cell colours, so the charts cannot be read as cells.
GROUP_COLOURS = {MUNICIPALITIES: "#999999", INDIGENOUS: "#009E73"}
SHORT_MEASURES = {
    "education": N_("education"),
    "composite": N_("composite"),
    "income": N_("income"),
    "labour": N_("labour force activity"),
}
SHORT_PREDICTORS = {
    "remoteness": N_("Index of Remoteness (line)"),
    "sac_class": N_("SAC/MIZ class (class means)"),
    "commute_outside_cd": N_("commuting outside the CD (line)"),
}
PREDICTOR_COLOURS = {"remoteness": "#000000", "sac_class": "#009E73", "commute_outside_cd": "#CC79A7"}
HIGHLIGHT = SAINT_CAMILLE


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def fit_scatter(fit: pd.DataFrame, highlight: str | None = HIGHLIGHT) -> alt.Chart:
    """A connection measure against a predictor, one point per entity, with the fitted line.

    Points are coloured by group (municipalities, First Nations and Inuit communities);
    the tooltip gives the name, region, values and residual.

    Parameters
    ----------
    fit : pandas.DataFrame
        :func:`analysis.analyses.connection.residuals` with a numeric predictor
        (``remoteness`` or ``commute_outside_cd``): ``csd_uid``, ``name``,
        ``region_name``, ``population``, ``group``, ``x``, ``y``, ``residual``,
        and ``attrs`` ``measure``, ``predictor``, ``intercept`` and ``slope``.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity marked with a diamond and its name (none when None
        or absent).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a column or ``attrs`` entry is missing, or the predictor has no axis title
        (``sac_class``: use :func:`sac_boxplot`).

    References
    ----------
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    (The Index of Remoteness or the 2016 commuting table, depending on the predictor.)
    """
    measure, predictor = fit.attrs["measure"], fit.attrs["predictor"]
    data = fit[["csd_uid", "name", "region_name", "population", "group", "x", "y", "residual"]].copy()
    data["group"] = data["group"].astype(str)
    present = [g for g in GROUP_COLOURS if g in set(data["group"])]
    data[["x", "y", "residual"]] = data[["x", "y", "residual"]].astype("float64").round(3)
    x = alt.X("x:Q", title=_(AXIS_TITLES[predictor]))
    y = alt.Y("y:Q", title=_(AXIS_TITLES[measure]), scale=alt.Scale(zero=False))
    points = (
        alt.Chart(data)
        .mark_circle(size=18, opacity=0.45)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "group:N",
                title=_("places"),
                scale=alt.Scale(domain=present, range=[GROUP_COLOURS[g] for g in present]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_("municipality")),
                alt.Tooltip("region_name:N", title=_("region")),
                alt.Tooltip("population:Q", format=",", title=_("population 2021")),
                alt.Tooltip("x:Q", title=_(SHORT_PREDICTORS[predictor]).split(" (")[0]),
                alt.Tooltip("y:Q", title=_(SHORT_MEASURES[measure])),
                alt.Tooltip("residual:Q", format="+.1f", title=_("residual")),
            ],
        )
    )
    ends = pd.DataFrame({"x": [data["x"].min(), data["x"].max()]})
    ends["y"] = fit.attrs["intercept"] + fit.attrs["slope"] * ends["x"]
    fitted = alt.Chart(ends).mark_line(color="black", strokeWidth=2).encode(x="x:Q", y="y:Q")
    layers = alt.layer(points, fitted, *highlight_marks(data, "x:Q", "y:Q", highlight, tooltip=points.encoding.tooltip))
    caption = Caption(
        title=_("{value} against {value2}").format(
            value=_upper_first(_(MEASURES[measure])), value2=_(PREDICTORS[predictor]).split(" (")[0]
        ),
        heading=_("{value} and {value2}").format(
            value=_upper_first(_(SHORT_MEASURES[measure])), value2=_(SHORT_PREDICTORS[predictor]).split(" (")[0]
        ),
        note=(
            _(
                "One point per municipal entity, with the least-squares line in black; Saint-Camille is marked with a "
                "diamond; points are transparent, so darker areas hold more places"
            )
        ),
        sources=(PREDICTOR_SOURCES[predictor], "cwb_2021", "census_2021", "mamh_register"),
        drawn_by="figures.charts.connection.fit_scatter",
        alt=(
            _(
                "Scatter plot of {value} municipal entities with {value2} on the horizontal axis and the {value3} on the vertical axis, coloured by group ({groups}), with the least-squares line in black; Saint-Camille is marked with a diamond."
            ).format(
                value=number(len(data), ",d"),
                value2=_(AXIS_TITLES[predictor]),
                value3=_(AXIS_TITLES[measure]),
                groups=", ".join(i18n.term(g) for g in present),
            )
        ),
    )
    return finish(layers, caption, height=320)


BOX_COLOUR = "#BBBBBB"
WHISKER_IQR = 1.5
"""Whiskers reach the furthest value within 1.5 interquartile ranges of the box (Tukey's rule, as Vega-Lite's box plots)."""


def _box_plot_layers(data: pd.DataFrame, x: alt.X, title: str) -> list[alt.Chart]:
    """A box plot of ``value`` by class drawn as layers, with tooltips written in the active language.

    Vega-Lite's own box plot names its tooltips in English ("Upper Whisker of …", "Q3 of …"),
    which the drawing step makes each mark's ``<title>``. The same box plot (quartiles of each
    class, whiskers at the furthest value within :data:`WHISKER_IQR` interquartile ranges,
    the other values drawn as outliers) is drawn here from Vega-Lite's aggregate transforms,
    with tooltips that say what each number is.

    Parameters
    ----------
    data : pandas.DataFrame
        ``sac_class``, ``name`` and ``value`` (missing values are left out).
    x : altair.X
        The class axis.
    title : str
        The value axis' title (translated).

    Returns
    -------
    list of altair.Chart
        Whiskers, boxes, medians and outliers.
    """
    fences = (
        alt.Chart(data)
        .transform_filter("isValid(datum.value) && isFinite(datum.value)")
        .transform_joinaggregate(
            q1="q1(value)", q3="q3(value)", median="median(value)", places="count()", groupby=["sac_class"]
        )
        .transform_calculate(
            low=f"datum.q1 - {WHISKER_IQR} * (datum.q3 - datum.q1)",
            high=f"datum.q3 + {WHISKER_IQR} * (datum.q3 - datum.q1)",
        )
    )
    summary = fences.transform_filter("datum.low <= datum.value && datum.value <= datum.high").transform_aggregate(
        lower="min(value)",
        upper="max(value)",
        q1="min(q1)",
        q3="min(q3)",
        median="min(median)",
        places="min(places)",
        groupby=["sac_class"],
    )
    scale = alt.Scale(zero=False)
    tooltip = [
        alt.Tooltip("sac_class:N", title=_("SAC class")),
        alt.Tooltip("places:Q", title=_("places"), format=","),
        alt.Tooltip("upper:Q", title=_("upper whisker"), format=".1f"),
        alt.Tooltip("q3:Q", title=_("third quartile"), format=".1f"),
        alt.Tooltip("median:Q", title=_("median"), format=".1f"),
        alt.Tooltip("q1:Q", title=_("first quartile"), format=".1f"),
        alt.Tooltip("lower:Q", title=_("lower whisker"), format=".1f"),
    ]
    whiskers = summary.mark_rule(color=BOX_COLOUR).encode(
        x=x, y=alt.Y("lower:Q", title=title, scale=scale), y2="upper:Q", tooltip=tooltip
    )
    box = summary.mark_bar(size=34, color=BOX_COLOUR).encode(
        x=x, y=alt.Y("q1:Q", title=title, scale=scale), y2="q3:Q", tooltip=tooltip
    )
    median = summary.mark_tick(size=34, thickness=2, color="black", opacity=1).encode(
        x=x, y=alt.Y("median:Q", title=title, scale=scale), tooltip=tooltip
    )
    outliers = (
        fences.transform_filter("datum.value < datum.low || datum.value > datum.high")
        .mark_point(size=8, color=BOX_COLOUR)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=title, scale=scale),
            tooltip=[
                alt.Tooltip("name:N", title=_("municipality")),
                alt.Tooltip("sac_class:N", title=_("SAC class")),
                alt.Tooltip("value:Q", title=title, format=".1f"),
            ],
        )
    )
    return [whiskers, box, median, outliers]


def sac_boxplot(sample: pd.DataFrame, measure: str = "education", highlight: str | None = HIGHLIGHT) -> alt.Chart:
    """A connection measure in each SAC class, from CMA to no MIZ (box plots), Saint-Camille marked.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities of :mod:`analysis.analyses.connection` (``csd_uid``,
        ``name``, ``sac_class`` and ``measure``).
    measure : {"education", "composite", "income", "labour"}, default ``"education"``
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the entity marked with a diamond and its name (none when None
        or absent).

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
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Indigenous Services Canada, Community Well-Being Index 2021.
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités du Québec.
    """
    data = sample[["csd_uid", "name", "sac_class", measure]].rename(columns={measure: "value"}).copy()
    data["sac_class"] = data["sac_class"].astype(str)
    data["value"] = data["value"].astype("float64").round(3)
    x = alt.X(
        "sac_class:N",
        sort=list(SAC_ORDER),
        title=_("SAC 2016, centre → periphery"),
        axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')"),
    )
    title = _(AXIS_TITLES[measure])
    boxes = _box_plot_layers(data, x, title)
    layers = alt.layer(*boxes, *highlight_marks(data, x, alt.Y("value:Q", title=title), highlight))
    caption = Caption(
        title=_("{value} by metropolitan influence").format(value=_upper_first(_(MEASURES[measure]))),
        heading=_("{value} by SAC class").format(value=_upper_first(_(SHORT_MEASURES[measure]))),
        note=_("Box plots: median, quartiles and outliers of each class; Saint-Camille is marked with a diamond"),
        sources=("sac_2016", "cwb_2021", "mamh_register"),
        drawn_by="figures.charts.connection.sac_boxplot",
        alt=(
            _(
                "Box plots of the {value} in the six classes of the Statistical Area Classification, from census metropolitan areas to municipalities with no metropolitan influence; Saint-Camille is marked with a diamond in the strong MIZ class."
            ).format(value=_(AXIS_TITLES[measure]))
        ),
    )
    return finish(layers, caption, height=300)


def variance_bars(table: pd.DataFrame) -> alt.Chart:
    """Share of variance of each connection measure explained by each predictor (grouped bars).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.connection.variance_table`: indexed by ``measure``, one
        column per predictor (shares in [0, 1]).

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: short title, alt text
        (``description``) and the caption (sources with vintage and licence) in ``usermeta``.

    Raises
    ------
    KeyError
        When a measure is not one of ``connection.MEASURES``.

    References
    ----------
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Statistics Canada, Census Profile, 2016 Census of Population (98-401-X2016065).
    Indigenous Services Canada, Community Well-Being Index 2021.
    """
    data = table.reset_index().melt(id_vars="measure", var_name="predictor", value_name="share")
    data["share"] = data["share"].round(3)
    data["predictor_label"] = data["predictor"].map(SHORT_PREDICTORS)
    data["measure_label"] = data["measure"].map(SHORT_MEASURES)
    labels = [_(SHORT_PREDICTORS[p]) for p in PREDICTOR_COLOURS]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "measure_label:N",
                sort=[_(SHORT_MEASURES[m]) for m in table.index],
                title=_("CWB 2021 measure"),
                axis=alt.Axis(labelExpr="split(datum.label, ' ')"),
            ),
            yOffset=alt.YOffset("predictor_label:N", sort=labels),
            x=alt.X(
                "share:Q",
                title=_("share of variance explained"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "predictor_label:N",
                title=_("predictor"),
                sort=labels,
                scale=alt.Scale(domain=labels, range=list(PREDICTOR_COLOURS.values())),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip("measure_label:N", title=_("measure")),
                alt.Tooltip("predictor_label:N", title=_("predictor")),
                alt.Tooltip("share:Q", format=".2f", title=_("variance explained")),
            ],
        )
    )
    caption = Caption(
        title=_("How much of each connection measure geography and commuting explain"),
        heading=_("What remoteness and commuting explain"),
        note=(
            _(
                "Share of the variance of each measure explained by a straight line on the Index of Remoteness, by one mean "
                "per SAC/MIZ class, and by a straight line on the share of commuters working outside their census division "
                "(CD)"
            )
        ),
        sources=(*PREDICTOR_SOURCES.values(), "cwb_2021"),
        drawn_by="figures.charts.connection.variance_bars",
        alt=(
            _(
                "Grouped horizontal bars: for each connection measure, the share of its variance explained by the Index "
                "of Remoteness, by the metropolitan-influence class and by the share commuting outside the census "
                "division; the scale runs from 0 to 1."
            )
        ),
    )
    return finish(chart, caption, height=300)
