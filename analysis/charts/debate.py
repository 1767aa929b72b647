"""Charts of chapters 1 and 2: the efficiency debate and the plural economy.

Each function takes a table computed by :mod:`analysis.debate` (aggregated where
possible; the scatters show one mark per municipality or MRC) and returns an altair
chart finished by :func:`analysis.charts.base.finish`: title, source line with vintage
and licence, the name of the function that drew it, and alt text.

Colours are Okabe-Ito (colour-blind safe) and avoid the four colours reserved for the
cells of the fracture matrix: bluish green and reddish purple for central and peripheral
places, black and grey for "this group" against "the rest".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import debate
from analysis.charts.base import finish
from analysis.figures import Caption
from analysis.schemas import SAC_CLASSES

CENTRE_COLOURS = {debate.CENTRAL: "#009E73", debate.PERIPHERAL: "#CC79A7"}
PAIR_COLOURS = ("#000000", "#999999")  # the group in question, then the comparison
INDICATOR_COLOURS = {
    debate.LABELS[debate.WELLBEING]: "#000000",
    debate.LABELS[debate.INCOME_COMPONENT]: "#009E73",
    debate.LABELS[debate.EDUCATION]: "#CC79A7",
    debate.LABELS[debate.LABOUR]: "#0072B2",
}
GRADIENT_INDICATORS = [debate.WELLBEING, debate.INCOME_COMPONENT, debate.EDUCATION, debate.LABOUR]


def _centre_scale() -> alt.Scale:
    return alt.Scale(domain=list(CENTRE_COLOURS), range=list(CENTRE_COLOURS.values()))


def _pair_scale(first: str, second: str) -> alt.Scale:
    return alt.Scale(domain=[first, second], range=list(PAIR_COLOURS))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object and float columns only, so that the chart data serialise the same everywhere."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype("object")
        elif pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype("float64")
    return out


# --- chapter 1 ---------------------------------------------------------------------------


def wellbeing_gradient(summary: pd.DataFrame) -> alt.Chart:
    """Median CWB and three of its components in each SAC class, from CMA to no MIZ.

    Parameters
    ----------
    summary : :func:`analysis.debate.group_summary` by :func:`analysis.debate.sac_groups`
        with ``statistic="median"``.
    """
    long = (summary[GRADIENT_INDICATORS].rename(columns=debate.LABELS)
            .rename_axis("class").reset_index()
            .melt(id_vars="class", var_name="indicator", value_name="median"))
    long["class"] = long["class"].astype("object")
    long = long.merge(summary[["entities"]].rename_axis("class").reset_index().astype({"class": "object"}), on="class")
    first, last = summary.index[0], summary.index[-1]
    cwb = summary[debate.WELLBEING]
    chart = alt.Chart(_plain(long)).mark_line(point=alt.OverlayMarkDef(size=60, filled=True)).encode(
        x=alt.X("class:O", sort=list(SAC_CLASSES), title="Statistical Area Classification 2016 (centre → periphery)",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("median:Q", title="median score (0-100)", scale=alt.Scale(zero=False)),
        color=alt.Color("indicator:N", title="indicator", sort=list(INDICATOR_COLOURS),
                        scale=alt.Scale(domain=list(INDICATOR_COLOURS), range=list(INDICATOR_COLOURS.values()))),
        tooltip=[alt.Tooltip("class:O", title="class"), alt.Tooltip("indicator:N"),
                 alt.Tooltip("median:Q", format=".1f"), alt.Tooltip("entities:Q", title="municipalities")],
    )
    return finish(chart, Caption(
        title="Well-being falls from the metropolitan centre to the periphery",
        sources=("cwb_2021", "sac_2016"),
        drawn_by="charts.debate.wellbeing_gradient",
        alt=(f"Line chart of the median score of municipalities in each of six classes from {first} to {last}, for "
             f"the Community Well-Being index and its income, education and labour components. Median CWB goes "
             f"from {cwb.iloc[0]:.0f} in the first class to {cwb.iloc[-1]:.0f} in the last; education falls most."),
    ))


def wellbeing_remoteness(frame: pd.DataFrame) -> alt.Chart:
    """One point per municipality: Index of Remoteness against CWB 2021, central or peripheral.

    Parameters
    ----------
    frame : an :func:`analysis.debate.analysis_frame` with ``name``, ``mrc_name``,
        remoteness, SAC class, CWB and population.
    """
    data = frame[["name", "mrc_name", debate.SAC, debate.REMOTENESS, debate.WELLBEING, debate.POPULATION]].copy()
    data["centrality"] = debate.centre_periphery(frame)
    chart = alt.Chart(_plain(data)).mark_circle(size=28, opacity=0.65).encode(
        x=alt.X(f"{debate.REMOTENESS}:Q", title="Index of Remoteness 2016 (0 = least remote)"),
        y=alt.Y(f"{debate.WELLBEING}:Q", title="Community Well-Being 2021", scale=alt.Scale(zero=False)),
        color=alt.Color("centrality:N", title="SAC 2016", scale=_centre_scale()),
        tooltip=[alt.Tooltip("name:N", title="municipality"), alt.Tooltip("mrc_name:N", title="MRC"),
                 alt.Tooltip(f"{debate.SAC}:N", title="SAC class"),
                 alt.Tooltip(f"{debate.REMOTENESS}:Q", title="remoteness", format=".3f"),
                 alt.Tooltip(f"{debate.WELLBEING}:Q", title="CWB"),
                 alt.Tooltip(f"{debate.POPULATION}:Q", title="population 2021", format=",.0f")],
    )
    return finish(chart, Caption(
        title="Community well-being and remoteness, one point per municipality",
        sources=("cwb_2021", "remoteness_2016", "sac_2016", "census_2021"),
        drawn_by="charts.debate.wellbeing_remoteness",
        alt=(f"Scatter plot of {len(data)} Québec municipalities, Index of Remoteness on the horizontal axis and "
             "Community Well-Being on the vertical axis, coloured green inside a CMA or CA and purple elsewhere. "
             "Well-being is lower and more spread out among the more remote places."),
    ))


def burden(comparison: pd.DataFrame, ranked_by: str) -> alt.Chart:
    """Mean capacity of the lowest fifth of places against the other four fifths.

    Parameters
    ----------
    comparison : :func:`analysis.debate.burden_comparison`.
    ranked_by : the column the places were ranked on (for the title and alt text).
    """
    long = (comparison[[debate.LOWEST_FIFTH, debate.REST]].rename(index=debate.LABELS)
            .rename_axis("capacity").reset_index()
            .melt(id_vars="capacity", var_name="places", value_name="mean"))
    label = debate.LABELS.get(ranked_by, ranked_by)
    chart = alt.Chart(_plain(long)).mark_bar().encode(
        x=alt.X("capacity:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("places:N", sort=[debate.LOWEST_FIFTH, debate.REST]),
        y=alt.Y("mean:Q", title="mean score of the places (0-100)"),
        color=alt.Color("places:N", title=f"places ranked by {label}", sort=[debate.LOWEST_FIFTH, debate.REST],
                        scale=_pair_scale(debate.LOWEST_FIFTH, debate.REST)),
        tooltip=[alt.Tooltip("capacity:N"), alt.Tooltip("places:N"), alt.Tooltip("mean:Q", format=".1f")],
    )
    gaps = "; ".join(f"{debate.LABELS.get(i, i)} {row['difference']:+.1f} points" for i, row in comparison.iterrows())
    return finish(chart, Caption(
        title=f"The lowest fifth on {label} has less capacity to carry its own development",
        sources=("cwb_2021",),
        drawn_by="charts.debate.burden",
        alt=(f"Grouped bar chart comparing the mean education and labour force activity scores of the lowest fifth "
             f"of municipalities on {label} with the other four fifths. Differences, lowest fifth minus the rest: "
             f"{gaps}."),
    ), height=320)


def lowest_fifth_shares(table: pd.DataFrame, ranked_by: str) -> alt.Chart:
    """Share of each SAC class's municipalities that fall in the lowest fifth on ``ranked_by``.

    Parameters
    ----------
    table : :func:`analysis.debate.lowest_fifth_by_group` by SAC class.
    ranked_by : the column the places were ranked on.
    """
    data = table.rename_axis("class").reset_index()
    label = debate.LABELS.get(ranked_by, ranked_by)
    chart = alt.Chart(_plain(data)).mark_bar(color=PAIR_COLOURS[0]).encode(
        x=alt.X("class:O", sort=list(SAC_CLASSES), title="Statistical Area Classification 2016 (centre → periphery)",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title=f"share in the lowest fifth on {label}", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("class:O", title="class"), alt.Tooltip("entities:Q", title="municipalities"),
                 alt.Tooltip("in_lowest_fifth:Q", title="in the lowest fifth"),
                 alt.Tooltip("share:Q", format=".0%")],
    )
    return finish(chart, Caption(
        title=f"Where the lowest fifth on {label} lies (an even spread would put a fifth of every class there)",
        sources=("cwb_2021", "sac_2016"),
        drawn_by="charts.debate.lowest_fifth_shares",
        alt=(f"Bar chart of the share of municipalities of each SAC class in the lowest fifth on {label}: "
             + ", ".join(f"{c} {s:.0%}" for c, s in table["share"].items()) + "."),
    ), height=300)


def growth_by_group(table: pd.DataFrame, group_title: str) -> alt.Chart:
    """Population change 2016-2021 of each group: the group as a whole and its median place.

    Parameters
    ----------
    table : :func:`analysis.debate.aggregate_growth`.
    group_title : what the groups are (axis title).
    """
    whole, typical = "whole group (population-weighted)", "median place"
    data = (table[["growth_pct", "median_growth_pct"]]
            .rename(columns={"growth_pct": whole, "median_growth_pct": typical})
            .rename_axis("group").reset_index().melt(id_vars="group", var_name="measure", value_name="change"))
    order = [str(g) for g in table.index]
    data["group"] = data["group"].astype("object").astype(str)
    chart = alt.Chart(_plain(data)).mark_bar().encode(
        x=alt.X("group:N", sort=order, title=group_title, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure:N", sort=[whole, typical]),
        y=alt.Y("change:Q", title="population change 2016-2021 (%)"),
        color=alt.Color("measure:N", title=None, sort=[whole, typical], scale=_pair_scale(whole, typical)),
        tooltip=[alt.Tooltip("group:N"), alt.Tooltip("measure:N"),
                 alt.Tooltip("change:Q", format=".1f", title="change (%)")],
    )
    return finish(chart, Caption(
        title=f"Population change 2016-2021 by {group_title.lower()}",
        sources=("census_2021", "sac_2016", "remoteness_2016"),
        drawn_by="charts.debate.growth_by_group",
        alt=("Grouped bar chart of population change between the 2016 and 2021 censuses, for each group as a whole "
             "and for its median municipality: "
             + ", ".join(f"{g} {v:+.1f}%" for g, v in table["growth_pct"].items()) + " (whole group)."),
    ), height=320)


# --- chapter 2 ---------------------------------------------------------------------------


def education_outcome(frame: pd.DataFrame, outcome: str) -> alt.LayerChart:
    """One point per municipality: education component against an outcome, with a least-squares line per group.

    Parameters
    ----------
    frame : an :func:`analysis.debate.analysis_frame` with ``name`` and ``mrc_name``.
    outcome : the income or labour indicator on the vertical axis.
    """
    data = frame[["name", "mrc_name", debate.SAC, debate.EDUCATION, outcome]].copy()
    data["centrality"] = debate.centre_periphery(frame)
    label = debate.LABELS.get(outcome, outcome)
    base = alt.Chart(_plain(data)).encode(
        x=alt.X(f"{debate.EDUCATION}:Q", title="CWB education component 2021", scale=alt.Scale(zero=False)),
        y=alt.Y(f"{outcome}:Q", title=label, scale=alt.Scale(zero=False)),
        color=alt.Color("centrality:N", title="SAC 2016", scale=_centre_scale()),
    )
    points = base.mark_circle(size=26, opacity=0.55).encode(
        tooltip=[alt.Tooltip("name:N", title="municipality"), alt.Tooltip("mrc_name:N", title="MRC"),
                 alt.Tooltip(f"{debate.SAC}:N", title="SAC class"),
                 alt.Tooltip(f"{debate.EDUCATION}:Q", title="education"), alt.Tooltip(f"{outcome}:Q", title=label)])
    lines = base.transform_regression(debate.EDUCATION, outcome, groupby=["centrality"]).mark_line(size=3)
    return finish(alt.layer(points, lines), Caption(
        title=f"Education and {label}: a steeper line in central places",
        sources=("cwb_2021", "census_2021", "sac_2016"),
        drawn_by="charts.debate.education_outcome",
        alt=(f"Scatter plot of {len(data)} municipalities, CWB education component on the horizontal axis and {label} "
             "on the vertical axis, green inside a CMA or CA and purple elsewhere, with a least-squares line for each "
             "group."),
    ))


def competencies_or_proximity(table: pd.DataFrame) -> alt.Chart:
    """Share of each outcome's variance accounted for by education alone and by remoteness alone.

    Parameters
    ----------
    table : :func:`analysis.debate.competencies_or_proximity`.
    """
    education, remoteness = "education (competencies)", "remoteness (proximity)"
    data = (table[["r2_competencies", "r2_proximity"]]
            .rename(columns={"r2_competencies": education, "r2_proximity": remoteness})
            .rename(index=debate.LABELS).rename_axis("outcome").reset_index()
            .melt(id_vars="outcome", var_name="predictor", value_name="r2"))
    chart = alt.Chart(_plain(data)).mark_bar().encode(
        x=alt.X("outcome:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=220)),
        xOffset=alt.XOffset("predictor:N", sort=[education, remoteness]),
        y=alt.Y("r2:Q", title="share of variance accounted for (R²)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("predictor:N", title="straight line on", sort=[education, remoteness],
                        scale=_pair_scale(education, remoteness)),
        tooltip=[alt.Tooltip("outcome:N"), alt.Tooltip("predictor:N"), alt.Tooltip("r2:Q", format=".2f", title="R²")],
    )
    return finish(chart, Caption(
        title="Competencies or proximity: what goes with income and labour force activity",
        sources=("cwb_2021", "census_2021", "remoteness_2016"),
        drawn_by="charts.debate.competencies_or_proximity",
        alt=("Grouped bar chart of the R² of a straight line on the CWB education component and on the Index of "
             "Remoteness, for each outcome: "
             + "; ".join(f"{debate.LABELS.get(o, o)} {r['r2_competencies']:.2f} and {r['r2_proximity']:.2f}"
                         for o, r in table.iterrows()) + "."),
    ), height=320)


def mrc_education_outcome(table: pd.DataFrame, outcome: str) -> alt.Chart:
    """One point per MRC: population-weighted education against an outcome, sized by population.

    Parameters
    ----------
    table : :func:`analysis.debate.mrc_table`.
    outcome : the income or labour indicator on the vertical axis.
    """
    data = table[["mrc_name", "region_name", "population", "central_share", debate.EDUCATION, outcome]].copy()
    data["centrality"] = debate.mrc_centrality(table)
    label = debate.LABELS.get(outcome, outcome)
    chart = alt.Chart(_plain(data.reset_index(drop=True))).mark_circle(opacity=0.75).encode(
        x=alt.X(f"{debate.EDUCATION}:Q", title="CWB education component (population-weighted)",
                scale=alt.Scale(zero=False)),
        y=alt.Y(f"{outcome}:Q", title=f"{label} (population-weighted)", scale=alt.Scale(zero=False)),
        size=alt.Size("population:Q", title="population 2021", scale=alt.Scale(range=[20, 900]),
                      legend=alt.Legend(format=",.0f")),
        color=alt.Color("centrality:N", title="most residents", scale=_centre_scale()),
        tooltip=[alt.Tooltip("mrc_name:N", title="MRC"), alt.Tooltip("region_name:N", title="region"),
                 alt.Tooltip("population:Q", format=",.0f"),
                 alt.Tooltip("central_share:Q", title="in a CMA or CA", format=".0%"),
                 alt.Tooltip(f"{debate.EDUCATION}:Q", title="education", format=".1f"),
                 alt.Tooltip(f"{outcome}:Q", title=label, format=".1f")],
    )
    return finish(chart, Caption(
        title=f"Education and {label} across the {len(data)} MRCs",
        sources=("cwb_2021", "census_2021", "sac_2016", "sda"),
        drawn_by="charts.debate.mrc_education_outcome",
        alt=(f"Scatter plot of {len(data)} MRCs and territoires équivalents, population-weighted CWB education on the "
             f"horizontal axis and {label} on the vertical axis, circles sized by population, green where most "
             "residents live in a CMA or CA and purple elsewhere."),
    ))
