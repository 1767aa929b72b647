"""The people and policy layer of the case (issue 12): the objective by start year, diffusion channels,
people as bridging/linking ties, capital by sector, goals vs programmes, distances like with like.
Hand-made tables first, then the committed ones."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.analyses import conditions, network
from analysis.analyses.case import demography, diffusion, geography
from analysis.data import load
from analysis.data.schemas import DIFFUSION_LEVELS

# --------------------------------------------------------------------------- hand-made tables


def census(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """Census rows (id, year, value) of place 2400001, in the shape of the population table."""
    frame = pd.DataFrame(rows, columns=["id", "year", "value"])
    frame["place_code"] = "2400001"
    frame["kind"] = "census"
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("Int64")
    return frame


def objective(rows: list[tuple[str, int | None, str, str]]) -> pd.DataFrame:
    """Objective rows (id, start_year, start_kind, reliability)."""
    frame = pd.DataFrame(rows, columns=["id", "start_year", "start_kind", "reliability"])
    frame["start_year"] = frame["start_year"].astype("Int64")
    return frame


def test_population_at_reads_counts_interpolates_and_carries_back():
    counts = {2006: 400, 2011: 500, 2016: 600}
    assert demography.population_at(counts, 2011) == (500.0, "census")
    assert demography.population_at(counts, 2008) == pytest.approx((440.0, "interpolated"))
    assert demography.population_at(counts, 2001) == (400.0, "carried_back")
    value, basis = demography.population_at(counts, 2020)
    assert math.isnan(value) and basis == "after_last"
    with pytest.raises(ValueError):
        demography.population_at({}, 2000)


def test_start_years_join_sources_and_add_the_first_edition():
    table = demography.objective_start_years(
        objective(
            [
                ("a", 2003, "adoption", "C"),
                ("b", 2003, "measurement_baseline", "B"),
                ("c", None, "undated", "B"),  # undated: listed in the table, not tested
                ("d", 2020, "later_target", "C"),  # another objective: not tested
            ]
        ),
        first_edition=2009,
    )
    assert list(table["start_year"]) == [2003, 2009]
    first = table.iloc[0]
    assert first["source_ids"] == "a; b" and first["best_reliability"] == "B"
    assert table.iloc[1]["start_kinds"] == "first_edition"
    assert list(demography.objective_start_years(objective([("a", 2003, "adoption", "C")]), None)["start_year"]) == [
        2003
    ]


def test_objective_is_tested_by_census_decade_and_interpolation_with_every_conflicting_value():
    population = census([("c06a", 2006, 400), ("c06b", 2006, 420), ("c11", 2011, 450), ("c16", 2016, 460)])
    test = demography.objective_by_start_year(
        population, objective([("a", 2004, "adoption", "C")]), place_code="2400001", first_edition=2012
    )
    decade = test[(test["start_year"] == 2004) & (test["method"] == "census_decade")]
    # first census at or after 2004 is 2006 (two lag years), then 2016: one row per 2006 value
    assert set(decade["window_start"]) == {2006} and set(decade["window_end"]) == {2016}
    assert set(decade["lag_years"]) == {2}
    assert sorted(decade["growth_pct"].round(4)) == [pytest.approx(9.5238, abs=1e-4), 15.0]
    assert list(decade.sort_values("growth_pct")["met"]) == [False, True]
    interpolated = test[(test["start_year"] == 2004) & (test["method"] == "interpolated")]
    # 2004 is before the first census: carried back; 2014 is interpolated between 2011 and 2016
    assert set(interpolated["start_basis"]) == {"carried_back"} and set(interpolated["end_basis"]) == {"interpolated"}
    assert interpolated["end_value"].tolist() == pytest.approx([456.0, 456.0])
    assert interpolated["break_even_start_value"].tolist() == pytest.approx([456.0 / 1.1] * 2)
    late = test[(test["start_year"] == 2012) & (test["method"] == "interpolated")]
    assert not late["tested"].any() and not late["met"].any()  # 2022 is after the last census
    verdicts = demography.objective_verdicts(test)
    row = verdicts.set_index(["start_year", "method"]).loc[(2004, "census_decade")]
    assert not row["met_all"] and row["met_any"]  # met with one 2006 value only: not counted as met


def test_objective_conclusion_counts_sourced_years_apart_from_the_first_edition():
    population = census([("c06", 2006, 400), ("c11", 2011, 480), ("c16", 2016, 500), ("c21", 2021, 520)])
    test = demography.objective_by_start_year(
        population,
        objective([("a", 2003, "adoption", "C"), ("b", 2005, "measurement_baseline", "C")]),
        place_code="2400001",
        first_edition=2011,
    )
    conclusion = demography.objective_conclusion(demography.objective_verdicts(test))
    assert conclusion["sourced_start_years"] == 2 and conclusion["start_years"] == 3
    assert conclusion["met_from_every_sourced_start"]  # 2006-2016: +25 %
    assert conclusion["first_edition_year"] == 2011
    assert conclusion["first_edition_met_census_decade"] is False  # 2011-2021: +8.3 %
    assert conclusion["growth_low_pct"] <= conclusion["growth_high_pct"]


def diffusion_rows() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "id": ["d1", "d2", "d3", "d4"],
            "year": pd.array([1991, 2001, 2012, None], dtype="Int64"),
            "date": ["1991", "2001-12-06", "2012-10", None],
            "level": ["national", "national", "regional", "national"],
            "direction": ["upward", "upward", "horizontal", "downward"],
            "person_id": ["p1", "p1", None, "p2"],
            "policy_id": [None, "pol", None, None],
        }
    )
    for column in ("date", "person_id", "policy_id"):
        frame[column] = frame[column].astype("string")
    return frame


def test_diffusion_counts_channels_by_level_and_direction():
    table = diffusion.channels_by_level(diffusion_rows())
    assert list(table.index) == [*DIFFUSION_LEVELS, "total"]
    assert table.loc["national", "upward"] == 2 and table.loc["national", "downward"] == 1
    assert table.loc["local", "total"] == 0  # a level with no channel is listed, as 0
    assert table.loc["total", "total"] == 4
    facts = diffusion.diffusion_headlines(diffusion_rows(), attention=pd.DataFrame({"year": [2004, 2006]}))
    assert facts["upward_national"] == 2 and facts["upward_national_before_2002"] == 2
    assert facts["through_people"] == 3 and facts["people"] == 2
    assert facts["top_person"] == "p1" and facts["top_person_channels"] == 2
    assert facts["undated"] == 1 and facts["attention_items"] == 2


def test_diffusion_channels_are_dated_named_and_sorted_undated_last():
    people = pd.DataFrame({"person_id": ["p1", "p1", "p2"], "name": ["One", "One", "Two"]})
    channels = diffusion.diffusion_channels(diffusion_rows(), people=people)
    assert list(channels["id"]) == ["d1", "d2", "d3", "d4"]
    assert channels.loc[1, "when"] == pd.Timestamp("2001-12-06")
    assert channels.loc[2, "when"] == pd.Timestamp("2012-10-15")
    assert pd.isna(channels.loc[3, "when"]) and not channels.loc[3, "dated"]
    assert channels.loc[0, "person_name"] == "One"
    bad = diffusion_rows().assign(level=["national", "planetary", "regional", "national"])
    with pytest.raises(ValueError, match="planetary"):
        diffusion.diffusion_channels(bad)


def test_diffusion_and_attention_stay_two_series():
    both = diffusion.diffusion_and_attention(diffusion_rows(), pd.DataFrame({"year": pd.array([2001, 2013])}))
    assert list(both.index) == list(range(1991, 2014))
    assert both.loc[2001, "channels"] == 1 and both.loc[2001, "attention_items"] == 1
    assert both.loc[2013, "channels"] == 0 and both["upward_channels"].sum() == 2


# --------------------------------------------------------------------------- people as ties


def organisations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["fund", "centre", "union", "ministry", "mrc"],
            "name": ["Fund", "Centre", "Union", "Ministry", "MRC"],
            "org_type": ["for_profit", "non_profit", "network", "public_agency", "municipal"],
            "scale": ["local", "local", "national", "national", "regional"],
        }
    )


def people() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "id": ["r1", "r2", "r3", "r4", "r5"],
            "person_id": ["ann", "ann", "ann", "bob", "cy"],
            "name": ["Ann", "Ann", "Ann", "Bob", "Cy"],
            "role": ["co-founder", "president", "member", "mayor", "director"],
            "role_kind": ["founding", "presidency", "representation", "elected_office", "staff"],
            "org_id": ["fund", "union", "ministry", "centre", "mrc"],
            "year_start": pd.array([1988, 1981, None, 2009, 2010], dtype="Int64"),
            "year_end": pd.array([None, 1993, None, 2017, 2012], dtype="Int64"),
            "reliability": ["C", "B", "B", "C", "B"],
        }
    )
    return frame


@pytest.mark.parametrize(
    ("ends", "expected"),
    [
        (("local", "cooperative", "local", "non_profit"), "bonding"),
        (("local", "cooperative", "national", "network"), "bridging"),
        (("national", "public_agency", "local", "cooperative"), "linking"),
        (("local", "municipal", "regional", "municipal"), "linking"),
        (("national", "public_agency", "regional", "municipal"), "outside"),
    ],
)
def test_szreter_woolcock_classes(ends, expected):
    assert network.szreter_woolcock(*ends) == expected


def test_people_who_hold_roles_at_both_scales_carry_bridging_or_linking_ties():
    ties = network.person_ties(people(), organisations())
    assert list(zip(ties["local_org"], ties["supralocal_org"], ties["tie_class"])) == [
        ("fund", "ministry", "linking"),
        ("fund", "union", "bridging"),
    ]
    union = ties[ties["supralocal_org"] == "union"].iloc[0]
    assert union["overlap"] == "yes"  # 1988- and 1981-1993 overlap
    assert union["reliability"] == "C"  # the weaker of the two roles' grades
    assert ties[ties["supralocal_org"] == "ministry"].iloc[0]["overlap"] == "not dated"
    summary = network.people_summary(people(), organisations())
    assert summary["people"] == 3 and summary["people_spanning"] == 1 and summary["people_local_only"] == 1
    assert summary["person_ties"] == 2 and summary["person_ties_linking"] == 1
    with pytest.raises(ValueError, match="nowhere"):
        network.affiliations(people().assign(org_id="nowhere"), organisations())


def test_people_layout_puts_people_left_and_their_organisations_right_village_first():
    nodes, edges = network.people_layout(people(), organisations())
    persons = nodes[nodes["kind"] == "person"]
    orgs = nodes[nodes["kind"] == "organisation"].set_index("id")
    assert len(persons) == 3 and set(persons["x"]) == {0.0} and set(orgs["x"]) == {1.0}
    assert persons.set_index("id")["spanning"].to_dict() == {"ann": True, "bob": False, "cy": False}
    village, outside = orgs[orgs["side"] == "village"], orgs[orgs["side"] == "outside"]
    assert set(village.index) == {"fund", "centre"} and village["y"].max() < outside["y"].min()
    assert len(edges) == len(people()) and edges[["x", "y", "x2", "y2"]].notna().all(axis=None)
    classes = edges.set_index("id")["tie_class"].to_dict()
    assert classes == {"r1": "bonding", "r2": "bridging", "r3": "linking", "r4": "bonding", "r5": "linking"}
    assert edges.set_index("id")["years"].to_dict() == {
        "r1": "from 1988",
        "r2": "1981–1993",
        "r3": "not published",
        "r4": "2009–2017",
        "r5": "2010–2012",
    }


# --------------------------------------------------------------------------- capital and programmes


def test_capital_by_period_splits_providers_by_sector():
    ledger = pd.DataFrame(
        {
            "source_type": ["endogenous", "endogenous", "exogenous", "exogenous", "exogenous", "mixed"],
            "resource_kind": ["money", "money", "programme", "money", "money", "money"],
            "provider_org_id": ["fund", "town", "ministry", "union", None, None],
            "year": pd.array([1988, 2003, 2013, 2005, 2017, None], dtype="Int64"),
        }
    )
    orgs = pd.concat(
        [
            organisations(),
            pd.DataFrame({"org_id": ["town"], "name": ["Town"], "org_type": ["municipal"], "scale": ["local"]}),
        ]
    )
    sectors = conditions.provider_sector(ledger, orgs)
    assert list(sectors) == [
        "local community",
        "local public",
        "outside public",
        "outside civil or market",
        "outside unclassified",
        "mixed",
    ]
    table = conditions.capital_by_period(ledger, orgs, conditions.decades(1980, 2019))
    assert table.loc["1990s", "total"] == 0  # an empty decade stays listed
    assert table.loc["2000s", "local public"] == 1 and table.loc["2010s", "outside public"] == 1
    assert table.loc[conditions.UNDATED, "mixed"] == 1


def test_goals_programmes_order_sets_available_programmes_beside_documented_ones():
    goals = objective([("o1", 2003, "adoption", "C"), ("o2", 2001, "planning_without_target", "C")])
    goals["wording"] = ["ten per cent", "a plan"]
    policies = pd.DataFrame(
        {
            "policy_id": ["p1", "p2"],
            "name": ["Pactes 1", "Local tax"],
            "level": ["national", "local"],
            "kind": ["contract_programme", "fiscal_incentive"],
            "year_start": pd.array([2002, 2003], dtype="Int64"),
            "year_end": pd.array([2007, None], dtype="Int64"),
            "reliability": ["B", "C"],
            "conflict_group": pd.array([None, None], dtype="string"),
        }
    )
    timeline = pd.DataFrame(
        {
            "id": ["e1"],
            "year": pd.array([2009], dtype="Int64"),
            "year_end": pd.array([None], dtype="Int64"),
            "category": ["programme"],
            "event": ["Laboratory"],
            "organisation_id": [None],
            "reliability": ["D"],
            "conflict_group": [None],
            "source_url": ["https://example.org"],
        }
    )
    resources = pd.DataFrame(
        columns=["id", "year", "resource_kind", "resource", "provider", "project", "provider_org_id", "reliability"]
        + ["source_url"]
    )
    order = conditions.goals_and_programmes_order(goals, policies, timeline, resources).set_index("milestone")
    assert order.loc["first plan", "year"] == 2001 and order.loc["objective adopted", "year"] == 2003
    assert order.loc["programme available", "year"] == 2002 and order.loc["programme available", "ids"] == "p1"
    assert order.loc["programme documented for the village", "year"] == 2009


# --------------------------------------------------------------------------- distances


def test_distance_quantities_never_compare_a_road_figure_with_a_straight_line():
    municipalities = pd.DataFrame(
        {
            "csd_uid": ["2440025", "2443027", "2440043", "2466023", "2440017"],
            "name": ["Saint-Camille", "Sherbrooke", "Val-des-Sources", "Montréal", "Wotton"],
            "mrc_code": ["40", "43", "40", "66", "40"],
            "mrc_name": ["Les Sources", "Sherbrooke", "Les Sources", "Montréal", "Les Sources"],
            "lon": [-71.70, -71.90, -71.94, -73.70, -71.80],
            "lat": [45.68, 45.40, 45.77, 45.55, 45.74],
            "location_method": ["bbox_centre"] * 5,
        }
    )
    import geopandas as gpd
    from shapely.geometry import box

    polygons = gpd.GeoDataFrame({"mrc_code": ["66"]}, geometry=[box(-74.0, 45.4, -73.5, 45.7)], crs="EPSG:4326")
    stated = pd.DataFrame(
        {
            "id": ["s1", "s2", "s3"],
            "to_place": ["Sherbrooke", "Montréal", "Sherbrooke"],
            "to_csd_uid": ["2443027", "2466023", "2443027"],
            "value": [35.0, 190.0, 45.0],
            "unit": ["km", "km", "min"],
            "measure": ["unstated", "road", "travel_time"],
            "reliability": ["C", "C", "C"],
            "source_url": ["https://example.org"] * 3,
            "conflict_group": [None, None, None],
        }
    )
    table = geography.distance_quantities(municipalities, polygons, stated).set_index("id")
    assert table.loc["s1", "computed_km"] == pytest.approx(table.loc["computed-2443027", "value"])
    assert math.isnan(table.loc["s2", "computed_km"])  # a road figure is not set against a straight line
    assert math.isnan(table.loc["s3", "gap_to_computed_km"])  # nor a travel time
    assert (
        math.isnan(table.loc["talk-montreal", "gap_to_computed_km"]) and table.loc["talk-montreal", "measure"] == "road"
    )
    assert not table["comparable_with_computed"].any()  # no stated straight line here
    summary = geography.distance_summary(municipalities, polygons, stated)
    assert summary["road_montreal_sourced"] and summary["stated_road_rows"] == 1
    assert "talk_over_centre_pct" not in summary


# --------------------------------------------------------------------------- the committed tables


def test_the_objective_is_met_from_every_sourced_start_year_but_not_on_the_first_editions_window():
    test = demography.objective_by_start_year(load.case("population"), load.case("objective"))
    verdicts = demography.objective_verdicts(test)
    conclusion = demography.objective_conclusion(verdicts)
    sourced = verdicts[verdicts["start_kinds"] != "first_edition"]
    assert {2001, 2003, 2004, 2005} == set(sourced["start_year"])
    assert conclusion["met_from_every_sourced_start"] and conclusion["growth_low_pct"] > 10
    assert conclusion["first_edition_met_census_decade"] is False  # 2011-2021: +7.8 %
    adoption = sourced[sourced["start_kinds"] == "adoption"]
    assert set(adoption["start_year"]) == {2003}


def test_the_national_effect_as_diffusion_runs_mostly_through_national_bodies_and_one_person():
    channels = load.case("diffusion")
    facts = diffusion.diffusion_headlines(channels, load.case("national_effect"))
    assert facts["level_national"] > facts["level_regional"] + facts["level_local"]
    assert facts["top_person"] == "jacques-proulx"
    assert facts["upward_national_before_2002"] >= 3
    assert facts["channels"] < facts["attention_items"]  # two series: channels are fewer than mentions


def test_the_people_layer_shows_proulx_as_the_bridge_to_national_bodies():
    ties = network.person_ties(load.case("people"), load.case("organisations"))
    proulx = ties[ties["person_id"] == "jacques-proulx"]
    assert set(proulx["supralocal_org"]) == {"solidarite-rurale", "upa"}
    assert set(proulx["tie_class"]) == {"bridging"}


# --------------------------------------------------------------------------- charts


def _marks(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_diffusion_chart_draws_dated_channels_by_level_and_direction():
    from analysis.figures.charts import case as charts

    rows = diffusion_rows().assign(
        channel="citation",
        from_actor="A <b>",
        to_body="Body",
        description="d",
        reliability="B",
        source_url="https://example.org",
    )
    channels = diffusion.diffusion_channels(rows)
    spec = charts.diffusion_chart(channels).to_dict()
    assert spec["title"]["text"] and "3 dated channels" in spec["description"]
    caption = spec["usermeta"]["companion_caption"]  # written under the figure, with the sources
    assert caption["drawn_by"] == "figures.charts.case.diffusion_chart"
    encoding = _marks(spec)[0]["encoding"]
    assert encoding["y"]["field"] == "level" and encoding["y"]["sort"] == list(DIFFUSION_LEVELS)
    assert encoding["shape"]["field"] == "direction" and encoding["color"]["field"] == "direction"
    data = [row for rows_ in spec["datasets"].values() for row in rows_]
    assert sorted(row["id"] for row in data) == ["d1", "d2", "d3"]  # the undated channel is left out


def test_comparison_chart_marks_the_target_among_its_comparables():
    from analysis.figures.charts import case as charts

    long = pd.DataFrame(
        {
            "outcome": ["growth_2006_2021_pct"] * 3,
            "label": ["growth"] * 3,
            "csd_uid": ["a", "b", "t"],
            "name": ["A", "B", "Saint-Camille"],
            "value": [1.0, 2.0, 3.0],
            "percentile": [25.0, 75.0, 100.0],
            "is_target": [False, False, True],
        }
    )
    placed = pd.DataFrame(
        {"percentile_low": [75.0], "percentile_high": [100.0]}, index=pd.Index(["growth_2006_2021_pct"], name="outcome")
    )
    spec = charts.comparison_chart(long, 2, placed).to_dict()
    assert "2 comparable places" in spec["description"] and "percentiles 100" in spec["description"]
    assert spec["usermeta"]["companion_caption"]["sources"]  # written under the figure with vintage and licence
    marks = [layer["mark"]["type"] for layer in _marks(spec)]
    assert marks == ["text", "tick", "rule", "point", "text"]  # name, comparables, small-number range, target
    # Saint-Camille missing from the data: the chart still draws, and says so
    gone = charts.comparison_chart(long.assign(percentile=long["percentile"].where(~long["is_target"])), 2, placed)
    assert "not available in these data" in gone.to_dict()["description"]


def test_people_network_figure_draws_roles_and_people():
    from analysis.figures.charts import conditions as charts

    nodes, edges = network.people_layout(people(), organisations())
    spec = charts.people_network_figure(nodes, edges).to_dict()
    assert spec["description"].startswith("Two columns: 3 people on the left, the 5 organisations")
    assert "in bold: Ann" in spec["description"]
    layers = _marks(spec)
    assert [layer["mark"]["type"] for layer in layers[:3]] == ["rule", "circle", "square"]
    assert layers[0]["encoding"]["stroke"]["scale"]["domain"] == ["bonding", "bridging", "linking"]
    bold = [layer for layer in layers if layer["mark"].get("fontWeight") == "bold" and layer["mark"]["type"] == "text"]
    assert bold  # the person who spans both sides is written in bold


def test_role_years_reads_the_published_years_and_keeps_missing_ones_missing():
    assert network.role_years(people(), "ann", "union") == (1981.0, 1993.0)
    start, end = network.role_years(people(), "ann", "fund")
    assert start == 1988.0 and math.isnan(end)  # still in the role, or the end is not published
    assert all(math.isnan(y) for y in network.role_years(people(), "ann", "ministry"))  # years not published
    assert all(math.isnan(y) for y in network.role_years(people(), "nobody", "fund"))
