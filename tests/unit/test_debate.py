"""Unit tests of analysis.analyses.debate (hand-made tables, exact values) and structural tests of its charts."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analysis.analyses import debate, plural_economy, sample
from analysis.figures.captions import source_line
from analysis.figures.charts import debate as charts
from analysis.figures.charts import plural_economy as ch2_charts


def places() -> pd.DataFrame:
    """Six inhabited places and two that are left out (uninhabited; missing CWB)."""
    return pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "E", "F", "G", "H"],
            "mrc_name": ["M1", "M1", "M2", "M2", "M3", "M3", "M3", "M1"],
            "mrc_code": ["01", "01", "02", "02", "03", "03", "03", "01"],
            "region_name": ["R", "R", "R", "R", "S", "S", "S", "R"],
            "pop_census_2021": pd.array([1000, 100, 300, 200, 50, 150, 0, 400], dtype="Int64"),
            "pop_change_2016_2021_pct": [25.0, 0.0, 50.0, -20.0, 0.0, 50.0, np.nan, 0.0],
            "remoteness_2021": [0.10, 0.20, 0.30, 0.50, 0.70, 0.90, 0.95, 0.40],
            "sac_class_2016": pd.array(
                ["CMA", "CA", "Strong MIZ", "Weak MIZ", "No MIZ", "No MIZ", "No MIZ", "CMA"], dtype="string"
            ),
            "cwb_2021": [90.0, 80.0, 70.0, 60.0, 50.0, 40.0, np.nan, np.nan],
            "cwb_income_2021": [85.0, 80.0, 75.0, 70.0, 65.0, 60.0, np.nan, 80.0],
            "cwb_education_2021": [70.0, 60.0, 50.0, 40.0, 30.0, 20.0, np.nan, 60.0],
            "cwb_labour_2021": [90.0, 88.0, 86.0, 84.0, 82.0, 70.0, np.nan, 85.0],
            "cwb_housing_2021": [95.0, 95.0, 95.0, 95.0, 95.0, 95.0, np.nan, 95.0],
            "median_household_income_2020": [90000.0, 80000.0, 70000.0, 60000.0, 50000.0, 40000.0, np.nan, 70000.0],
        }
    )


def kept() -> pd.DataFrame:
    return sample.analysed(places(), debate.WELLBEING_COLUMNS)


# --- which entities are analysed ---------------------------------------------------------


# --- groups ------------------------------------------------------------------------------


def test_centre_periphery_keeps_missing_classes_missing():
    frame = places()
    frame.loc[1, "sac_class_2016"] = pd.NA
    groups = debate.centre_periphery(frame)
    assert groups[0] == debate.CENTRAL
    assert pd.isna(groups[1])
    assert groups[2] == debate.PERIPHERAL and groups[7] == debate.CENTRAL


def test_sac_groups_are_ordered_from_centre_to_periphery():
    groups = debate.sac_groups(kept())
    assert list(groups.cat.categories) == ["CMA", "CA", "Strong MIZ", "Moderate MIZ", "Weak MIZ", "No MIZ"]
    assert groups.cat.ordered


def test_remoteness_quartiles_split_entities_into_quarters():
    frame = pd.DataFrame({"remoteness_2021": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]})
    quartiles = debate.remoteness_quartiles(frame)
    assert list(quartiles.astype(str)) == [debate.QUARTILES[i // 2] for i in range(8)]


# --- statistics --------------------------------------------------------------------------


# --- chapter 1 ---------------------------------------------------------------------------


def test_group_summary_median_and_population_weighted():
    frame = kept()
    by = debate.centre_periphery(frame)
    medians = debate.group_summary(frame, by, ["cwb_2021"])
    assert medians.loc[debate.CENTRAL, "entities"] == 2
    assert medians.loc[debate.CENTRAL, "population"] == 1100
    assert medians.loc[debate.CENTRAL, "cwb_2021"] == 85.0
    assert medians.loc[debate.PERIPHERAL, "cwb_2021"] == 55.0
    weighted = debate.group_summary(frame, by, ["cwb_2021"], statistic="weighted")
    assert weighted.loc[debate.CENTRAL, "cwb_2021"] == pytest.approx((90 * 1000 + 80 * 100) / 1100)
    peripheral = (70 * 300 + 60 * 200 + 50 * 50 + 40 * 150) / 700
    assert weighted.loc[debate.PERIPHERAL, "cwb_2021"] == pytest.approx(peripheral)
    with pytest.raises(ValueError):
        debate.group_summary(frame, by, ["cwb_2021"], statistic="mean")


def test_lowest_fifth_keeps_ties_together():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert debate.lowest_fifth(values).sum() == 2
    tied = pd.Series([1.0, 2.0, 2.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, np.nan])
    flagged = debate.lowest_fifth(tied)
    assert list(flagged[:3]) == [True, True, True] and not flagged.iloc[-1]


def test_burden_comparison_means_of_the_lowest_fifth_and_the_rest():
    table = debate.burden_comparison(kept(), "cwb_2021", ["cwb_education_2021", "cwb_labour_2021"])
    # 20th percentile of 40..90 is 50 -> E and F are the lowest fifth
    assert table.loc["cwb_education_2021", debate.LOWEST_FIFTH] == pytest.approx(25.0)
    assert table.loc["cwb_education_2021", debate.REST] == pytest.approx(55.0)
    assert table.loc["cwb_education_2021", "difference"] == pytest.approx(-30.0)
    assert table.loc["cwb_labour_2021", "difference"] == pytest.approx(76.0 - 87.0)


def test_lowest_fifth_by_group_shares():
    frame = kept()
    table = debate.lowest_fifth_by_group(frame, "cwb_2021", debate.centre_periphery(frame))
    assert table.loc[debate.CENTRAL, "in_lowest_fifth"] == 0
    assert table.loc[debate.PERIPHERAL, "entities"] == 4
    assert table.loc[debate.PERIPHERAL, "share"] == pytest.approx(0.5)


def test_share_peripheral_overall_and_within_a_mask():
    frame = kept()
    assert debate.share_peripheral(frame) == pytest.approx(4 / 6)
    assert debate.share_peripheral(frame, debate.lowest_fifth(frame["cwb_2021"])) == pytest.approx(1.0)


def test_population_2016_undoes_the_published_change():
    implied = debate.population_2016(kept())
    assert list(implied) == pytest.approx([800.0, 100.0, 200.0, 250.0, 50.0, 100.0])


def test_aggregate_growth_whole_group_and_median_place():
    frame = kept()
    table = debate.aggregate_growth(frame, debate.centre_periphery(frame))
    central = table.loc[debate.CENTRAL]
    assert central["population_2016"] == pytest.approx(900.0)
    assert central["population_2021"] == pytest.approx(1100.0)
    assert central["growth_pct"] == pytest.approx(200 / 900 * 100)
    assert central["median_growth_pct"] == pytest.approx(12.5)
    peripheral = table.loc[debate.PERIPHERAL]
    assert peripheral["growth_pct"] == pytest.approx((700 / 600 - 1) * 100)
    assert debate.growth_gap(table, debate.CENTRAL, debate.PERIPHERAL) == pytest.approx(200 / 9 - 100 / 6)


def test_population_shares_move_towards_the_faster_growing_group():
    frame = kept()
    shares = debate.population_shares(frame, debate.centre_periphery(frame))
    assert shares.loc[debate.CENTRAL, "share_2016"] == pytest.approx(900 / 1500)
    assert shares.loc[debate.CENTRAL, "share_2021"] == pytest.approx(1100 / 1800)
    assert shares["change_points"].sum() == pytest.approx(0.0)
    assert shares.loc[debate.CENTRAL, "change_points"] == pytest.approx((1100 / 1800 - 0.6) * 100)


# --- chapter 2 ---------------------------------------------------------------------------


def test_relation_by_group_all_first_then_each_group():
    frame = kept()
    table = plural_economy.relation_by_group(
        frame, "cwb_education_2021", ["cwb_income_2021"], debate.centre_periphery(frame)
    )
    everyone = table.loc[(plural_economy.ALL, "cwb_income_2021")]
    assert everyone["entities"] == 6
    assert everyone["slope"] == pytest.approx(0.5)
    assert everyone["spearman"] == pytest.approx(1.0)
    assert everyone["pearson"] == pytest.approx(1.0)
    assert table.index.get_level_values("group")[0] == plural_economy.ALL
    assert table.loc[(debate.PERIPHERAL, "cwb_income_2021"), "entities"] == 4


def test_competencies_or_proximity_reports_r2_and_coefficients():
    frame = pd.DataFrame(
        {
            "cwb_education_2021": [10.0, 20.0, 30.0, 40.0, 10.0, 20.0, 30.0, 40.0],
            "remoteness_2021": [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.5, 0.5],
        }
    )
    frame["outcome"] = 50 + 0.5 * frame["cwb_education_2021"] - 10 * frame["remoteness_2021"]
    table = plural_economy.competencies_or_proximity(frame, ["outcome"])
    row = table.loc["outcome"]
    assert row["r2_both"] == pytest.approx(1.0)
    assert row["competencies_coefficient"] == pytest.approx(0.5)
    assert row["remoteness_coefficient"] == pytest.approx(-10 * plural_economy.REMOTENESS_STEP)
    # the two are uncorrelated: 0.5 x education has variance 0.25 x 125 = 31.25, -10 x remoteness has 6.25
    assert row["r2_competencies"] == pytest.approx(31.25 / 37.5)
    assert row["r2_proximity"] == pytest.approx(6.25 / 37.5)


def test_mrc_table_weights_by_population():
    table = plural_economy.mrc_table(kept(), ["cwb_education_2021"])
    assert list(table.index) == ["01", "02", "03"]
    m1 = table.loc["01"]
    assert m1["entities"] == 2 and m1["population"] == 1100
    assert m1["cwb_education_2021"] == pytest.approx((70 * 1000 + 60 * 100) / 1100)
    assert m1["central_share"] == pytest.approx(1.0)
    assert m1["remoteness"] == pytest.approx((0.1 * 1000 + 0.2 * 100) / 1100)
    assert table.loc["02", "central_share"] == pytest.approx(0.0)
    assert list(plural_economy.mrc_centrality(table).astype(str)) == [
        debate.CENTRAL,
        debate.PERIPHERAL,
        debate.PERIPHERAL,
    ]


def test_record_rounds_floats_where_the_text_is_made(monkeypatch):
    import myst_nb

    from analysis.book import results

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=False: glued.setdefault(name, value))
    assert results.record("ch9.x", 1.23456, digits=2) == 1.23
    assert results.record("ch9.y", np.float64(1.25456), digits=1) == 1.3
    assert results.record("ch9.n", 7, digits=1) == 7  # integers are never rounded
    assert np.isnan(results.record("ch9.m", float("nan"), digits=0))  # missing stays missing, no crash
    assert np.isnan(glued.pop("ch9.m"))
    assert glued == {"ch9.x": 1.23, "ch9.y": 1.3, "ch9.n": 7}
    with pytest.raises(ValueError):
        results.record("chapter 9", 1.0)


# --- charts ------------------------------------------------------------------------------


def _spec(chart) -> dict:
    """The chart's spec, after checking what every chart carries: a short title, alt text and its caption."""
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict()
    assert spec["title"]["text"] and len(spec["title"]["text"]) <= 45  # short enough for a phone
    caption = spec["usermeta"]["companion_caption"]
    assert caption["sources"] and "Source" in source_line(tuple(caption["sources"]))
    assert caption["drawn_by"].startswith(("figures.charts.debate.", "figures.charts.plural_economy."))
    assert len(spec["description"]) > 40
    assert spec["width"] == "container"
    return spec


def _layer(spec: dict, mark: str) -> dict:
    """The first layer of a layered spec drawn with ``mark`` (the spec itself when it is not layered)."""
    for layer in spec.get("layer", [spec]):
        kind = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        if kind == mark:
            return layer
    raise AssertionError(f"no {mark} layer")


def test_wellbeing_gradient_encodes_class_median_and_indicator():
    frame = kept()
    summary = debate.group_summary(frame, debate.sac_groups(frame), [debate.WELLBEING, *debate.COMPONENTS])
    chart = charts.wellbeing_gradient(summary)
    assert isinstance(chart, alt.Chart)
    spec = _spec(chart)
    assert spec["encoding"]["x"]["field"] == "class"
    assert spec["encoding"]["y"]["field"] == "median"
    assert spec["encoding"]["color"]["field"] == "indicator"
    assert spec["usermeta"]["companion_caption"]["drawn_by"].endswith("wellbeing_gradient")


def test_wellbeing_remoteness_scatter_has_names_in_tooltips():
    chart = charts.wellbeing_remoteness(kept())
    spec = _spec(chart)
    points = _layer(spec, "circle")
    assert points["encoding"]["x"]["field"] == debate.REMOTENESS
    assert points["encoding"]["y"]["field"] == debate.WELLBEING
    assert "name" in [t["field"] for t in points["encoding"]["tooltip"]]
    assert points["mark"]["opacity"] < 0.5  # a thousand points: transparent, under a trend line
    assert "loess" in _layer(spec, "line")["transform"][0]
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 6


def test_burden_and_growth_charts_are_grouped_bars():
    frame = kept()
    burden = _spec(charts.burden(debate.burden_comparison(frame, "cwb_2021", [debate.EDUCATION]), "cwb_2021"))
    assert burden["mark"]["type"] == "bar" and burden["encoding"]["xOffset"]["field"] == "places"
    growth = _spec(charts.growth_by_group(debate.aggregate_growth(frame, debate.centre_periphery(frame)), "Centrality"))
    assert growth["encoding"]["y"]["field"] == "change"
    shares = _spec(
        charts.lowest_fifth_shares(
            debate.lowest_fifth_by_group(frame, "cwb_2021", debate.sac_groups(frame)), "cwb_2021"
        )
    )
    assert _layer(shares, "bar")["encoding"]["y"]["field"] == "share"
    assert _layer(shares, "text")["encoding"]["text"]["field"] == "n"  # the number of places under each bar


def test_chapter_two_charts():
    frame = kept()
    layered = _spec(ch2_charts.education_outcome(frame, debate.INCOME_COMPONENT))
    assert len(layered["layer"]) == 2  # no csd_uid here, so no place to mark
    assert layered["layer"][1]["transform"][0]["regression"] == debate.INCOME_COMPONENT
    note = layered["usermeta"]["companion_caption"]["note"]
    steep, other, steep_slope, other_slope = ch2_charts.steeper_group(
        frame, debate.EDUCATION, debate.INCOME_COMPONENT, debate.centre_periphery(frame)
    )
    assert abs(steep_slope) >= abs(other_slope) and f"steeper in {steep} places" in note
    bars = _spec(
        ch2_charts.competencies_or_proximity(plural_economy.competencies_or_proximity(frame, [debate.INCOME_COMPONENT]))
    )
    assert bars["encoding"]["y"]["field"] == "r2"
    mrc = _spec(
        ch2_charts.mrc_education_outcome(
            plural_economy.mrc_table(frame, [debate.EDUCATION, debate.INCOME_COMPONENT]), debate.INCOME_COMPONENT
        )
    )
    circles = _layer(mrc, "circle")
    assert circles["encoding"]["size"]["field"] == "population"
    assert "mrc_name" in [t["field"] for t in circles["encoding"]["tooltip"]]


def test_fifth_groups_and_burden_table():
    frame = kept()
    groups = debate.fifth_groups(frame["cwb_2021"])
    assert list(groups.astype(str)) == [debate.REST] * 4 + [debate.LOWEST_FIFTH] * 2
    table = debate.burden_table(frame, ["cwb_2021", "cwb_income_2021"], ["cwb_education_2021"])
    assert table.index.names == ["ranked_by", "capacity"]
    assert table.loc[("cwb_2021", "cwb_education_2021"), "difference"] == pytest.approx(-30.0)
    # income 60..85: the 20th percentile is 65 -> F (60) and E (65) are the lowest fifth
    assert table.loc[("cwb_income_2021", "cwb_education_2021"), debate.LOWEST_FIFTH] == pytest.approx(25.0)
    assert table.loc[("cwb_income_2021", "cwb_education_2021"), debate.REST] == pytest.approx(55.0)


def test_analysis_frame_keeps_inhabited_places_with_every_value():
    frame = kept()
    assert list(frame["name"]) == ["A", "B", "C", "D", "E", "F"]
    assert list(frame.index) == list(range(6))


def test_coverage_counts_what_is_left_out_and_why():
    c = sample.coverage(places(), debate.WELLBEING_COLUMNS)
    assert c["entities"] == 8
    assert c["uninhabited"] == 1  # G
    assert c["missing_values"] == 1  # H has no CWB
    assert c["kept"] == 6 and c["left_out"] == 2
    assert c["population_left_out_share"] == pytest.approx(400 / 2200)


def test_value_of_one_place_is_missing_rather_than_an_error():
    frame = pd.DataFrame({"csd_uid": ["a", "b", "c"], "x": [1.5, np.nan, 3.0]})
    assert sample.value_of(frame, "a", "x") == 1.5
    assert np.isnan(sample.value_of(frame, "b", "x"))  # the value is missing
    assert np.isnan(sample.value_of(frame, "z", "x"))  # the place is absent
    with pytest.raises(KeyError):
        sample.value_of(frame, "a", "y")


def test_record_interval_glues_three_names_and_missing_values_stay_missing():
    from analysis.book import results

    assert results.record_interval("ch9.rho", (-0.4567, -0.5012, -0.4011), digits=2) == (-0.46, -0.5, -0.4)
    assert results.RECORDED["ch9.rho.low"] == -0.5 and results.RECORDED["ch9.rho.high"] == -0.4
    missing = results.record("ch9.gone", float("nan"), digits=0)  # no int(nan): glued as missing
    assert isinstance(missing, float) and np.isnan(missing)
    assert np.isnan(results.record_interval("ch9.none", (np.nan, np.nan, np.nan), digits=1)[1])
