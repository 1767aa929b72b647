"""Charts of chapter 1: the efficiency debate.

Each function takes a table computed by :mod:`analysis.analyses.debate` (aggregated where
possible; the scatters show one mark per municipality or MRC) and returns an altair
chart finished by :func:`analysis.figures.charts.base.finish`: title, source line with vintage
and licence, the name of the function that drew it, and alt text.

Colours are Okabe-Ito (colour-blind safe) and avoid the four colours reserved for the
cells of the fracture matrix: bluish green and reddish purple (which reads as pink once
transparent, and is called pink in the text) for central and peripheral places, black and
grey for "this group" against "the rest".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.analyses import debate
from analysis.figures.captions import Caption, listing, number
from analysis.figures.charts.base import finish, highlight_marks
from analysis.figures.markup import readable
from analysis.i18n import N_, _
from analysis.vocabulary import SAC_CLASSES, SAINT_CAMILLE

CENTRE_COLOURS = {debate.CENTRAL: "#009E73", debate.PERIPHERAL: "#CC79A7"}
PAIR_COLOURS = ("#000000", "#999999")  # the group in question, then the comparison
INDICATOR_COLOURS = {
    debate.WELLBEING: "#000000",
    debate.INCOME_COMPONENT: "#009E73",
    debate.EDUCATION: "#CC79A7",
    debate.LABOUR: "#0072B2",
}
"""The colour of each indicator of the gradient (by column: its label is translated where it is drawn)."""
GRADIENT_INDICATORS = [debate.WELLBEING, debate.INCOME_COMPONENT, debate.EDUCATION, debate.LABOUR]
SAC_AXIS = N_("SAC 2016, centre → periphery")
TWO_LINE_LABELS = "split(datum.label, ' ')"  # "Moderate MIZ" on two lines, so that six classes fit a phone
SCATTER_POINT = {"size": 18, "opacity": 0.35}  # a thousand places: small, transparent points under a trend line


def centre_scale() -> alt.Scale:
    """The colour scale of central and peripheral places (Okabe-Ito bluish green and reddish purple).

    Returns
    -------
    altair.Scale
        Domain ``"central (CMA, CA)"``, ``"peripheral (MIZ)"``; range ``CENTRE_COLOURS``.

    References
    ----------
    Okabe, M. and Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
    presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
    """
    return alt.Scale(domain=list(CENTRE_COLOURS), range=list(CENTRE_COLOURS.values()))


def pair_scale(first: str, second: str) -> alt.Scale:
    """The colour scale of "this group" (black) against "the rest" (grey).

    Parameters
    ----------
    first : str
        The group in question (drawn black).
    second : str
        The comparison (drawn grey).

    Returns
    -------
    altair.Scale
    """
    return alt.Scale(domain=[first, second], range=list(PAIR_COLOURS))


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Object and float columns only, so that the chart data serialise the same everywhere.

    Categorical and string columns become ``object``, numeric columns ``float64``; others
    are kept.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame``.
    """
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype("object")
        elif pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype("float64")
    return out


def wellbeing_gradient(summary: pd.DataFrame) -> alt.Chart:
    """Median CWB and three of its components in each SAC class, from CMA to no MIZ.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.analyses.debate.group_summary` by
        :func:`analysis.analyses.debate.sac_groups` with ``statistic="median"``: indexed by
        SAC class, with ``entities``, ``cwb_2021``, ``cwb_income_2021``,
        ``cwb_education_2021`` and ``cwb_labour_2021`` (scores 0-100).

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
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    """
    long = (
        summary[GRADIENT_INDICATORS]
        .rename(columns=debate.COLUMN_LABELS)
        .rename_axis("class")
        .reset_index()
        .melt(id_vars="class", var_name="indicator", value_name="median")
    )
    long["class"] = long["class"].astype("object")
    long = long.merge(summary[["entities"]].rename_axis("class").reset_index().astype({"class": "object"}), on="class")
    first, last = summary.index[0], summary.index[-1]
    cwb = summary[debate.WELLBEING]
    # Legend in the order of the lines at the centre (highest first), so that it reads like the chart.
    columns = list(summary.loc[first, GRADIENT_INDICATORS].astype(float).sort_values(ascending=False).index)
    order = [_(debate.COLUMN_LABELS[c]) for c in columns]
    chart = (
        alt.Chart(plain_frame(long))
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True))
        .encode(
            x=alt.X(
                "class:O",
                sort=list(SAC_CLASSES),
                title=_(SAC_AXIS),
                axis=alt.Axis(labelAngle=0, labelExpr=TWO_LINE_LABELS),
            ),
            y=alt.Y("median:Q", title=_("median score (0-100)"), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "indicator:N",
                title=_("indicator"),
                sort=order,
                scale=alt.Scale(domain=order, range=[INDICATOR_COLOURS[c] for c in columns]),
            ),
            tooltip=[
                alt.Tooltip("class:O", title=_("class")),
                alt.Tooltip("indicator:N", title=_("indicator")),
                alt.Tooltip("median:Q", format=".1f", title=_("median score")),
                alt.Tooltip("entities:Q", format=",", title=_("municipalities")),
            ],
        )
    )
    return finish(
        chart,
        Caption(
            title=_("Well-being falls from the metropolitan centre to the periphery"),
            heading=_("Well-being, centre to periphery"),
            note=_("Median of the municipalities in each class of the Statistical Area Classification (SAC)"),
            sources=("cwb_2021", "sac_2016"),
            drawn_by="figures.charts.debate.wellbeing_gradient",
            alt=(
                _(
                    "Line chart of the median score of municipalities in each of six classes from {first} to {last}, for the Community Well-Being index and its income, education and labour components. Median CWB goes from {value:.0f} in the first class to {value2:.0f} in the last; education falls most."
                ).format(first=i18n.term(first), last=i18n.term(last), value=cwb.iloc[0], value2=cwb.iloc[-1])
            ),
        ),
    )


def wellbeing_remoteness(frame: pd.DataFrame, highlight: str | None = SAINT_CAMILLE) -> alt.LayerChart:
    """One point per municipality: Index of Remoteness against CWB 2021, central or peripheral, with a trend.

    A thousand points overlap: they are small and transparent, under a LOESS trend line,
    and the highlighted place is marked.

    Parameters
    ----------
    frame : pandas.DataFrame
        The analysed municipalities (:func:`analysis.analyses.sample.analysed`), with
        ``csd_uid``, ``name``, ``mrc_name``, ``sac_class_2016``, ``remoteness_2021``,
        ``cwb_2021`` and ``pop_census_2021``.
    highlight : str or None, default Saint-Camille (``"2440025"``)
        7-digit CSD code of the place marked with a diamond and its name (none when None
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
    Indigenous Services Canada, Community Well-Being Index 2021.
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    """
    data = frame[
        [
            *(["csd_uid"] if "csd_uid" in frame else []),
            "name",
            "mrc_name",
            debate.SAC,
            debate.REMOTENESS,
            debate.WELLBEING,
            debate.POPULATION,
        ]
    ].copy()
    data["mrc_name"] = data["mrc_name"].map(readable)
    data["centrality"] = debate.centre_periphery(frame)
    x = alt.X(f"{debate.REMOTENESS}:Q", title=_("Index of Remoteness (0 = least remote)"))
    y = alt.Y(f"{debate.WELLBEING}:Q", title=_("Community Well-Being 2021"), scale=alt.Scale(zero=False))
    colour = alt.Color("centrality:N", title=_("SAC 2016"), scale=centre_scale())
    base = alt.Chart(plain_frame(data))
    points = base.mark_circle(**SCATTER_POINT).encode(
        x=x,
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("name:N", title=_("municipality")),
            alt.Tooltip("mrc_name:N", title=_("MRC")),
            alt.Tooltip(f"{debate.SAC}:N", title=_("SAC class")),
            alt.Tooltip(f"{debate.REMOTENESS}:Q", title=_("remoteness"), format=".3f"),
            alt.Tooltip(f"{debate.WELLBEING}:Q", title=_("CWB")),
            alt.Tooltip(f"{debate.POPULATION}:Q", title=_("population 2021"), format=",.0f"),
        ],
    )
    trend = (
        base.transform_loess(debate.REMOTENESS, debate.WELLBEING, bandwidth=0.4)
        .mark_line(color="#000000", strokeWidth=2.5)
        .encode(x=f"{debate.REMOTENESS}:Q", y=f"{debate.WELLBEING}:Q")
    )
    layers = alt.layer(points, trend, *highlight_marks(data, x, y, highlight, tooltip=points.encoding.tooltip))
    return finish(
        layers,
        Caption(
            title=_("Community well-being and remoteness, one point per municipality"),
            heading=_("Well-being and remoteness"),
            note=(
                _(
                    "The black line is a local (LOESS) trend through all points; points are transparent, so darker areas "
                    "hold more places; Saint-Camille is marked with a diamond"
                )
            ),
            sources=("cwb_2021", "remoteness_2021", "sac_2016", "census_2021"),
            drawn_by="figures.charts.debate.wellbeing_remoteness",
            alt=(
                _(
                    "Scatter plot of {value} Québec municipalities, Index of Remoteness on the horizontal axis and Community Well-Being on the vertical axis, coloured green inside a CMA or CA and pink elsewhere, with a black trend line that falls as remoteness rises. Well-being is lower and more spread out among the more remote places; Saint-Camille is marked with a diamond."
                ).format(value=number(len(data), ",d"))
            ),
        ),
        height=320,
    )


def burden(comparison: pd.DataFrame, ranked_by: str) -> alt.Chart:
    """Mean capacity of the lowest fifth of places against the other four fifths.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`analysis.analyses.debate.burden_comparison`: one row per capacity, with
        ``lowest fifth``, ``other four fifths`` and ``difference`` (CWB points).
    ranked_by : str
        The column the places were ranked on (e.g. ``"cwb_2021"``), for the title and alt
        text.

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
    """
    long = (
        comparison[[debate.LOWEST_FIFTH, debate.REST]]
        .rename(index=debate.COLUMN_LABELS)
        .rename_axis("capacity")
        .reset_index()
        .melt(id_vars="capacity", var_name="places", value_name="mean")
    )
    label = _(debate.COLUMN_LABELS.get(ranked_by, ranked_by))
    chart = (
        alt.Chart(plain_frame(long))
        .mark_bar()
        .encode(
            x=alt.X("capacity:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("places:N", sort=[debate.LOWEST_FIFTH, debate.REST]),
            y=alt.Y("mean:Q", title=_("mean score of the places (0-100)")),
            color=alt.Color(
                "places:N",
                title=_("places ranked by {label}").format(label=label),
                sort=[debate.LOWEST_FIFTH, debate.REST],
                scale=pair_scale(debate.LOWEST_FIFTH, debate.REST),
            ),
            tooltip=[
                alt.Tooltip("capacity:N", title=_("capacity")),
                alt.Tooltip("places:N", title=_("places")),
                alt.Tooltip("mean:Q", format=".1f", title=_("mean score")),
            ],
        )
    )
    gaps = listing(
        _("{label} {difference} points").format(
            label=_(debate.COLUMN_LABELS.get(i, i)), difference=number(row["difference"], "+.1f")
        )
        for i, row in comparison.iterrows()
    )
    return finish(
        chart,
        Caption(
            title=_("The lowest fifth on {label} has less capacity to carry its own development").format(label=label),
            heading=_("Capacity of the poorest fifth"),
            note=_("Mean score of the places in each group; places ranked on the {label}").format(label=label),
            sources=("cwb_2021",),
            drawn_by="figures.charts.debate.burden",
            alt=(
                _(
                    "Grouped bar chart comparing the mean education and labour force activity scores of the lowest fifth of municipalities on {label} with the other four fifths. Differences, lowest fifth minus the rest: {gaps}."
                ).format(label=label, gaps=gaps)
            ),
        ),
        height=320,
    )


def lowest_fifth_shares(table: pd.DataFrame, ranked_by: str) -> alt.Chart:
    """Share of each SAC class's municipalities that fall in the lowest fifth on ``ranked_by``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.debate.lowest_fifth_by_group` by SAC class: ``entities``,
        ``in_lowest_fifth`` and ``share`` (0-1).
    ranked_by : str
        The column the places were ranked on.

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
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    """
    data = table.rename_axis("class").reset_index()
    data["n"] = "n = " + data["entities"].astype(int).astype(str)
    label = _(debate.COLUMN_LABELS.get(ranked_by, ranked_by))
    x = alt.X(
        "class:O", sort=list(SAC_CLASSES), title=_(SAC_AXIS), axis=alt.Axis(labelAngle=0, labelExpr=TWO_LINE_LABELS)
    )
    base = alt.Chart(plain_frame(data))
    bars = base.mark_bar(color="#333333").encode(
        x=x,
        y=alt.Y("share:Q", title=_("share in the lowest fifth"), axis=alt.Axis(format="%")),
        tooltip=[
            alt.Tooltip("class:O", title=_("class")),
            alt.Tooltip("entities:Q", format=",", title=_("municipalities")),
            alt.Tooltip("in_lowest_fifth:Q", format=",", title=_("in the lowest fifth")),
            alt.Tooltip("share:Q", format=".0%", title=_("share in the lowest fifth")),
        ],
    )
    counts = base.mark_text(dy=-7, fontSize=11, color="#333333").encode(x=x, y="share:Q", text="n:N")
    even = alt.Chart(pd.DataFrame({"share": [0.2]})).mark_rule(strokeDash=[4, 3], color="#999999").encode(y="share:Q")
    chart = alt.layer(bars, even, counts)
    return finish(
        chart,
        Caption(
            title=_("Where the lowest fifth on {label} lies").format(label=label),
            heading=_("Where the poorest fifth lies"),
            note=(
                _(
                    "Share of each class's municipalities in the lowest fifth; the dashed line is the fifth an even spread "
                    "would put in every class; n is the number of municipalities in the class"
                )
            ),
            sources=("cwb_2021", "sac_2016"),
            drawn_by="figures.charts.debate.lowest_fifth_shares",
            alt=(
                _(
                    "Bar chart of the share of municipalities of each SAC class in the lowest fifth on {label}: {shares}."
                ).format(
                    label=label,
                    shares=", ".join(
                        _("{group} {share}").format(group=i18n.term(c), share=number(s, ".0%"))
                        for c, s in table["share"].items()
                    ),
                )
            ),
        ),
        height=300,
    )


def growth_by_group(table: pd.DataFrame, group_title: str, period: tuple[int, int] = (2016, 2021)) -> alt.Chart:
    """Population change of each group between two censuses: the group as a whole and its median place.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`analysis.analyses.debate.aggregate_growth` (2016-2021) or
        :func:`analysis.analyses.trajectory.population_growth` (2006-2021): one row per
        group, with ``growth_pct`` and ``median_growth_pct`` (percent).
    group_title : str
        What the groups are (axis title, e.g. ``"SAC class 2016"``).
    period : (int, int), default (2016, 2021)
        The two censuses (2006-2021 reads the counts of the well-being trajectory).

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
    Statistics Canada, Census Profile, 2021 Census of Population (98-401-X2021005).
    Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.
    Statistics Canada, Index of Remoteness 2021 (17-26-0001).
    """
    start, end = period
    whole, typical = _("whole group (population-weighted)"), _("median place")
    sources = ("census_2021", "sac_2016", "remoteness_2021")
    if start == 2006:
        sources = ("cwb_2006", "cwb_2016", "cwb_2021", "remoteness_2021")
    data = (
        table[["growth_pct", "median_growth_pct"]]
        .rename(columns={"growth_pct": whole, "median_growth_pct": typical})
        .rename_axis("group")
        .reset_index()
        .melt(id_vars="group", var_name="measure", value_name="change")
    )
    order = [str(g) for g in table.index]
    data["group"] = data["group"].astype("object").astype(str)
    chart = (
        alt.Chart(plain_frame(data))
        .mark_bar()
        .encode(
            x=alt.X("group:N", sort=order, title=group_title, axis=alt.Axis(labelAngle=0, labelExpr=TWO_LINE_LABELS)),
            xOffset=alt.XOffset("measure:N", sort=[whole, typical]),
            y=alt.Y("change:Q", title=_("population change {start}–{end} (%)").format(start=start, end=end)),
            color=alt.Color("measure:N", title=None, sort=[whole, typical], scale=pair_scale(whole, typical)),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("measure:N", title=_("measure")),
                alt.Tooltip("change:Q", format=".1f", title=_("change (%)")),
            ],
        )
    )
    return finish(
        chart,
        Caption(
            title=_("Population change {start}–{end} by {value}").format(
                start=start, end=end, value=group_title[:1].lower() + group_title[1:]
            ),
            heading=_("Population change {start}–{end}").format(start=start, end=end),
            note=_("Each group as a whole (its residents) and its median place"),
            sources=sources,
            drawn_by="figures.charts.debate.growth_by_group",
            alt=(
                _(
                    "Grouped bar chart of population change between the {start} and {end} censuses, for each group as a "
                    "whole and for its median municipality: {changes} (whole group)."
                ).format(
                    start=start,
                    end=end,
                    changes=", ".join(
                        _("{group} {change}").format(group=i18n.term(str(g)), change=number(v, "+.1f", "%"))
                        for g, v in table["growth_pct"].items()
                    ),
                )
            ),
        ),
        height=320,
    )
