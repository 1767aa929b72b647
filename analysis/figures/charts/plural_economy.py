"""Charts of chapter 2: competencies against proximity.

Same conventions as :mod:`analysis.figures.charts.debate` (colours, finishing).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.analyses import debate, plural_economy
from analysis.figures.captions import Caption
from analysis.figures.charts.base import finish
from analysis.figures.charts.debate import centre_scale, pair_scale, plain_frame


def education_outcome(frame: pd.DataFrame, outcome: str) -> alt.LayerChart:
    """One point per municipality: education component against an outcome, with a least-squares line per group.

    Parameters
    ----------
    frame : pandas.DataFrame
        The analysed municipalities (:func:`analysis.analyses.sample.analysed`), with
        ``name``, ``mrc_name``, ``sac_class_2016``, ``cwb_education_2021`` and ``outcome``.
    outcome : str
        The income or labour indicator on the vertical axis (e.g.
        ``"median_household_income_2020"``).

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
    data = frame[["name", "mrc_name", debate.SAC, debate.EDUCATION, outcome]].copy()
    data["centrality"] = debate.centre_periphery(frame)
    label = debate.COLUMN_LABELS.get(outcome, outcome)
    base = alt.Chart(plain_frame(data)).encode(
        x=alt.X(f"{debate.EDUCATION}:Q", title="CWB education component 2021", scale=alt.Scale(zero=False)),
        y=alt.Y(f"{outcome}:Q", title=label, scale=alt.Scale(zero=False)),
        color=alt.Color("centrality:N", title="SAC 2016", scale=centre_scale()),
    )
    points = base.mark_circle(size=26, opacity=0.55).encode(
        tooltip=[
            alt.Tooltip("name:N", title="municipality"),
            alt.Tooltip("mrc_name:N", title="MRC"),
            alt.Tooltip(f"{debate.SAC}:N", title="SAC class"),
            alt.Tooltip(f"{debate.EDUCATION}:Q", title="education"),
            alt.Tooltip(f"{outcome}:Q", title=label),
        ]
    )
    lines = base.transform_regression(debate.EDUCATION, outcome, groupby=["centrality"]).mark_line(size=3)
    return finish(
        alt.layer(points, lines),
        Caption(
            title=f"Education and {label}: a steeper line in central places",
            sources=("cwb_2021", "census_2021", "sac_2016"),
            drawn_by="figures.charts.plural_economy.education_outcome",
            alt=(
                f"Scatter plot of {len(data)} municipalities, CWB education component on the horizontal axis and {label} "
                "on the vertical axis, green inside a CMA or CA and purple elsewhere, with a least-squares line for each "
                "group."
            ),
        ),
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
        Finished by :func:`~analysis.figures.charts.base.finish`: title, source line with
        vintage and licence, "Drawn by" line and alt text (``description``).

    Raises
    ------
    KeyError
        When a column named above is missing.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Index of Remoteness 2016 (17-26-0001).
    """
    education, remoteness = "education (competencies)", "remoteness (proximity)"
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
            x=alt.X("outcome:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=220)),
            xOffset=alt.XOffset("predictor:N", sort=[education, remoteness]),
            y=alt.Y("r2:Q", title="share of variance accounted for (R²)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "predictor:N",
                title="straight line on",
                sort=[education, remoteness],
                scale=pair_scale(education, remoteness),
            ),
            tooltip=[
                alt.Tooltip("outcome:N"),
                alt.Tooltip("predictor:N"),
                alt.Tooltip("r2:Q", format=".2f", title="R²"),
            ],
        )
    )
    return finish(
        chart,
        Caption(
            title="Competencies or proximity: what goes with income and labour force activity",
            sources=("cwb_2021", "census_2021", "remoteness_2016"),
            drawn_by="figures.charts.plural_economy.competencies_or_proximity",
            alt=(
                "Grouped bar chart of the R² of a straight line on the CWB education component and on the Index of "
                "Remoteness, for each outcome: "
                + "; ".join(
                    f"{debate.COLUMN_LABELS.get(o, o)} {r['r2_competencies']:.2f} and {r['r2_proximity']:.2f}"
                    for o, r in table.iterrows()
                )
                + "."
            ),
        ),
        height=320,
    )


def mrc_education_outcome(table: pd.DataFrame, outcome: str) -> alt.Chart:
    """One point per MRC: population-weighted education against an outcome, sized by population.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.plural_economy.mrc_table` (``mrc_name``, ``region_name``,
        ``population``, ``central_share``, ``cwb_education_2021`` and ``outcome``).
    outcome : str
        The income or labour indicator on the vertical axis.

    Returns
    -------
    altair.Chart
        Finished by :func:`~analysis.figures.charts.base.finish`: title, source line with
        vintage and licence, "Drawn by" line and alt text (``description``).

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
    data = table[["mrc_name", "region_name", "population", "central_share", debate.EDUCATION, outcome]].copy()
    data["centrality"] = plural_economy.mrc_centrality(table)
    label = debate.COLUMN_LABELS.get(outcome, outcome)
    chart = (
        alt.Chart(plain_frame(data.reset_index(drop=True)))
        .mark_circle(opacity=0.75)
        .encode(
            x=alt.X(
                f"{debate.EDUCATION}:Q",
                title="CWB education component (population-weighted)",
                scale=alt.Scale(zero=False),
            ),
            y=alt.Y(f"{outcome}:Q", title=f"{label} (population-weighted)", scale=alt.Scale(zero=False)),
            size=alt.Size(
                "population:Q",
                title="population 2021",
                scale=alt.Scale(range=[20, 900]),
                legend=alt.Legend(format=",.0f"),
            ),
            color=alt.Color("centrality:N", title="most residents", scale=centre_scale()),
            tooltip=[
                alt.Tooltip("mrc_name:N", title="MRC"),
                alt.Tooltip("region_name:N", title="region"),
                alt.Tooltip("population:Q", format=",.0f"),
                alt.Tooltip("central_share:Q", title="in a CMA or CA", format=".0%"),
                alt.Tooltip(f"{debate.EDUCATION}:Q", title="education", format=".1f"),
                alt.Tooltip(f"{outcome}:Q", title=label, format=".1f"),
            ],
        )
    )
    return finish(
        chart,
        Caption(
            title=f"Education and {label} across the {len(data)} MRCs",
            sources=("cwb_2021", "census_2021", "sac_2016", "sda"),
            drawn_by="figures.charts.plural_economy.mrc_education_outcome",
            alt=(
                f"Scatter plot of {len(data)} MRCs and territoires équivalents, population-weighted CWB education on the "
                f"horizontal axis and {label} on the vertical axis, circles sized by population, green where most "
                "residents live in a CMA or CA and purple elsewhere."
            ),
        ),
    )
