"""Charts of chapter 2: competencies against proximity.

Same conventions as :mod:`analysis.figures.charts.debate` (colours, finishing).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n, stats
from analysis.analyses import debate, plural_economy
from analysis.figures.captions import Caption, listing, number
from analysis.figures.charts.base import HIGHLIGHT_SHAPE, finish, highlight_marks
from analysis.figures.charts.debate import SCATTER_POINT, centre_scale, pair_scale, plain_frame
from analysis.figures.markup import readable
from analysis.i18n import N_, _
from analysis.vocabulary import LES_SOURCES, SAINT_CAMILLE

COMPETENCIES, PROXIMITY = N_("education (competencies)"), N_("remoteness (proximity)")
"""The two predictors of :func:`competencies_or_proximity`, as its legend names them."""


def steeper_group(frame: pd.DataFrame, x: str, y: str, groups: pd.Series) -> tuple[str, str, float, float]:
    """Which group's least-squares line of ``y`` on ``x`` is steeper, read from the data.

    Parameters
    ----------
    frame : pandas.DataFrame
        Holds the columns ``x`` and ``y``.
    x, y : str
        Predictor and outcome.
    groups : pandas.Series
        Group of each row (two groups, e.g. central and peripheral places).

    Returns
    -------
    (str, str, float, float)
        The steeper group, the other, and their slopes.

    Raises
    ------
    ValueError
        When there are not exactly two groups.
    """
    names = [g for g in pd.unique(groups.dropna())]
    if len(names) != 2:
        raise ValueError(f"two groups are needed, not {names}")
    slopes = {g: stats.line(frame.loc[groups == g, y], frame.loc[groups == g, x])[1] for g in names}
    steep, other = sorted(names, key=lambda g: abs(slopes[g]), reverse=True)
    return steep, other, slopes[steep], slopes[other]


def education_outcome(frame: pd.DataFrame, outcome: str, highlight: str | None = SAINT_CAMILLE) -> alt.LayerChart:
    """One point per municipality: education component against an outcome, with a least-squares line per group.

    The caption says which group's line is steeper, computed from the data. Points are
    small and transparent (a thousand of them overlap), the highlighted place is marked.

    Parameters
    ----------
    frame : pandas.DataFrame
        The analysed municipalities (:func:`analysis.analyses.sample.analysed`), with
        ``csd_uid``, ``name``, ``mrc_name``, ``sac_class_2016``, ``cwb_education_2021``
        and ``outcome``.
    outcome : str
        The income or labour indicator on the vertical axis (e.g.
        ``"median_household_income_2020"``).
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the place marked with a diamond and its name.

    Returns
    -------
    altair.LayerChart
        Points and one least-squares line per group (central, peripheral), finished by
        :func:`~analysis.figures.charts.base.finish` (title, source line, alt text).

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    """
    data = frame[
        [*(["csd_uid"] if "csd_uid" in frame else []), "name", "mrc_name", debate.SAC, debate.EDUCATION, outcome]
    ].copy()
    data["mrc_name"] = data["mrc_name"].map(readable)
    data["centrality"] = debate.centre_periphery(frame)
    label = _(debate.COLUMN_LABELS.get(outcome, outcome))
    steep, other, steep_slope, other_slope = steeper_group(data, debate.EDUCATION, outcome, data["centrality"])
    x = alt.X(f"{debate.EDUCATION}:Q", title=_("CWB education component 2021"), scale=alt.Scale(zero=False))
    y = alt.Y(f"{outcome}:Q", title=label, scale=alt.Scale(zero=False))
    base = alt.Chart(plain_frame(data)).encode(
        x=x,
        y=y,
        color=alt.Color("centrality:N", title=_("SAC 2016"), scale=centre_scale()),
    )
    points = base.mark_circle(**SCATTER_POINT).encode(
        tooltip=[
            alt.Tooltip("name:N", title=_("municipality")),
            alt.Tooltip("mrc_name:N", title=_("MRC")),
            alt.Tooltip(f"{debate.SAC}:N", title=_("SAC class")),
            alt.Tooltip(f"{debate.EDUCATION}:Q", title=_("education")),
            alt.Tooltip(f"{outcome}:Q", title=label),
        ]
    )
    lines = base.transform_regression(debate.EDUCATION, outcome, groupby=["centrality"]).mark_line(size=3)
    steeper = _(
        "The line is steeper in {steep} places (slope {steep_slope} against {other_slope} in {other} places)"
    ).format(
        steep=i18n.term(steep),
        steep_slope=number(steep_slope, ".2f"),
        other_slope=number(other_slope, ".2f"),
        other=i18n.term(other),
    )
    return finish(
        alt.layer(points, lines, *highlight_marks(data, x, y, highlight, tooltip=points.encoding.tooltip)),
        Caption(
            title=_("Education and {label}, central and peripheral places").format(label=label),
            heading=_("Education and {label}").format(label=label),
            note=_("One point per municipality, with a least-squares line for each group. {steeper}").format(
                steeper=steeper
            ),
            sources=("cwb_2021", "census_2021", "sac_2016"),
            drawn_by="figures.charts.plural_economy.education_outcome",
            alt=(
                _(
                    "Scatter plot of {value} municipalities, CWB education component on the horizontal axis and {label} on the vertical axis, green inside a CMA or CA and pink elsewhere, with a least-squares line for each group. {steeper}. Saint-Camille is marked with a diamond."
                ).format(value=number(len(data), ",d"), label=label, steeper=steeper)
            ),
        ),
        height=320,
    )


def competencies_or_proximity(table: pd.DataFrame) -> alt.Chart:
    """Share of each outcome's variance accounted for by education alone and by remoteness alone.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.plural_economy.competencies_or_proximity` (indexed by
        outcome, with ``r2_competencies`` and ``r2_proximity``).

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
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    """
    education, remoteness = COMPETENCIES, PROXIMITY
    data = (
        table[["r2_competencies", "r2_proximity"]]
        .rename(columns={"r2_competencies": education, "r2_proximity": remoteness})
        .rename(index=debate.COLUMN_LABELS)
        .rename_axis("outcome")
        .reset_index()
        .melt(id_vars="outcome", var_name="predictor", value_name="r2")
    )
    chart = (
        alt.Chart(plain_frame(data))
        .mark_bar()
        .encode(
            x=alt.X("outcome:N", title=None, axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')")),
            xOffset=alt.XOffset("predictor:N", sort=[education, remoteness]),
            y=alt.Y("r2:Q", title=_("share of variance accounted for (R²)"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "predictor:N",
                title=_("straight line on"),
                sort=[education, remoteness],
                scale=pair_scale(education, remoteness),
            ),
            tooltip=[
                alt.Tooltip("outcome:N", title=_("outcome")),
                alt.Tooltip("predictor:N", title=_("straight line on")),
                alt.Tooltip("r2:Q", format=".2f", title=_("R²")),
            ],
        )
    )
    return finish(
        chart,
        Caption(
            title=_("Competencies or proximity: what goes with income and labour force activity"),
            heading=_("Competencies or proximity"),
            note=_(
                "Share of each outcome's variance accounted for by a straight line on education alone and on remoteness alone"
            ),
            sources=("cwb_2021", "census_2021", "remoteness_2021"),
            drawn_by="figures.charts.plural_economy.competencies_or_proximity",
            alt=(
                _(
                    "Grouped bar chart of the R² of a straight line on the CWB education component and on the "
                    "Index of Remoteness, for each outcome: {outcomes}."
                ).format(
                    outcomes=listing(
                        _("{outcome} {competencies} and {proximity}").format(
                            outcome=_(debate.COLUMN_LABELS.get(o, o)),
                            competencies=number(r["r2_competencies"], ".2f"),
                            proximity=number(r["r2_proximity"], ".2f"),
                        )
                        for o, r in table.iterrows()
                    )
                )
            ),
        ),
        height=320,
    )


def mrc_education_outcome(table: pd.DataFrame, outcome: str, highlight: str | None = LES_SOURCES) -> alt.Chart:
    """One point per MRC: population-weighted education against an outcome, sized by population.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.plural_economy.mrc_table` (``mrc_code``, ``mrc_name``,
        ``region_name``, ``population``, ``central_share``, ``cwb_education_2021`` and
        ``outcome``).
    outcome : str
        The income or labour indicator on the vertical axis.
    highlight : str or None, default MRC Les Sources (``"40"``, Saint-Camille's MRC)
        SDA code of the MRC marked with a diamond and its name.

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
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Gouvernement du Québec, MRNF, Découpages administratifs (SDA 1:20 000), V2026-05.
    """
    data = table.reset_index()[
        ["mrc_code", "mrc_name", "region_name", "population", "central_share", debate.EDUCATION, outcome]
    ].copy()
    data["mrc_name"] = data["mrc_name"].map(readable)
    data["centrality"] = plural_economy.mrc_centrality(table).to_numpy()
    label = _(debate.COLUMN_LABELS.get(outcome, outcome))
    x = alt.X(
        f"{debate.EDUCATION}:Q",
        title=_("CWB education component (population-weighted)"),
        scale=alt.Scale(zero=False),
    )
    y = alt.Y(f"{outcome}:Q", title=_("{label} (population-weighted)").format(label=label), scale=alt.Scale(zero=False))
    marked = []
    if highlight is not None and highlight in set(data["mrc_code"]):
        spot = plain_frame(data[data["mrc_code"] == highlight].assign(label="MRC " + data["mrc_name"]))
        marked = [
            alt.Chart(spot).mark_point(**HIGHLIGHT_SHAPE).encode(x=x, y=y),
            alt.Chart(spot)
            .mark_text(align="left", dx=10, dy=-10, fontWeight="bold", fontSize=12)
            .encode(x=x, y=y, text="label:N"),
        ]
    chart = (
        alt.Chart(plain_frame(data))
        .mark_circle(opacity=0.6)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "population:Q",
                title=_("population 2021"),
                scale=alt.Scale(range=[20, 900]),
                legend=alt.Legend(format=",.0f"),
            ),
            color=alt.Color("centrality:N", title=_("most residents"), scale=centre_scale()),
            tooltip=[
                alt.Tooltip("mrc_name:N", title=_("MRC")),
                alt.Tooltip("region_name:N", title=_("region")),
                alt.Tooltip("population:Q", format=",.0f", title=_("population 2021")),
                alt.Tooltip("central_share:Q", title=_("in a CMA or CA"), format=".0%"),
                alt.Tooltip(f"{debate.EDUCATION}:Q", title=_("education"), format=".1f"),
                alt.Tooltip(f"{outcome}:Q", title=label, format=".1f"),
            ],
        )
    )
    return finish(
        alt.layer(chart, *marked),
        Caption(
            title=_("Education and {label} across the {value} MRCs").format(label=label, value=number(len(data), ",d")),
            heading=_("Education and {label}, by MRC").format(label=label),
            note=_(
                "Population-weighted means; circles sized by population; MRC Les Sources (Saint-Camille's) is marked"
            ),
            sources=("cwb_2021", "census_2021", "sac_2016", "sda"),
            drawn_by="figures.charts.plural_economy.mrc_education_outcome",
            alt=(
                _(
                    "Scatter plot of {value} MRCs and territoires équivalents, population-weighted CWB education on the horizontal axis and {label} on the vertical axis, circles sized by population, green where most residents live in a CMA or CA and pink elsewhere; MRC Les Sources is marked with a diamond."
                ).format(value=number(len(data), ",d"), label=label)
            ),
        ),
        height=320,
    )
