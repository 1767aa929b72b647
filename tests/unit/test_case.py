"""The Saint-Camille case (analysis.analyses.case): hand-made tables, fact checks on the data, charts and map."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis import vocabulary
from analysis.analyses import communities, matrix, multiverse
from analysis.analyses.case import demography, geography, initiatives, national_effect
from analysis.data import load
from analysis.figures.charts import case as charts

# --------------------------------------------------------------------------- hand-made tables


def places() -> pd.DataFrame:
    """Five municipalities in the shape of the municipalities table: an origin, two MRC neighbours,
    two reference places elsewhere, one place of another MRC that is not a reference."""
    return pd.DataFrame(
        {
            "csd_uid": ["2400001", "2400002", "2400003", "2400004", "2400005", "2400006"],
            "name": ["Origin", "Near <b>&", "Far neighbour", "Big city", "Seat", "Unrelated"],
            "mrc_code": ["01", "01", "01", "02", "01", "03"],
            "mrc_name": ["M1", "M1", "M1", "M2", "M1", "M3"],
            "region_code": ["05"] * 6,
            "region_name": ["R"] * 6,
            "lon": [0.0, 1.0, 3.0, 0.0, 2.0, 10.0],
            "lat": [0.0, 0.0, 0.0, 1.0, 0.0, 10.0],
            "location_method": ["bbox_centre"] * 6,
            "pop_census_2016": pd.array([100, 200, 300, 1000, 400, 50], dtype="Int64"),
            "pop_census_2021": pd.array([110, 190, 300, 1100, 404, 50], dtype="Int64"),
            "pop_decree_2022": pd.array([112, 195, 310, 1120, 410, 51], dtype="Int64"),
            "pop_decree_2026": pd.array([120, 195, 300, 1200, 400, 52], dtype="Int64"),
        }
    )


def population_rows() -> pd.DataFrame:
    """A place with every kind of figure, two conflicting census counts in 2006, and its division."""
    rows = [
        # id, place, year, value, kind, reliability, conflict group
        ("h1", "2400001", 1900, 1000, "historical", "C", None),
        ("e1", "2400001", 1995, 450, "estimate", "C", None),
        ("c06a", "2400001", 2006, 446, "census", "B", "g2006"),
        ("c06b", "2400001", 2006, 448, "census", "A", "g2006"),
        ("e2", "2400001", 2010, 491, "estimate", "B", None),
        ("c11", "2400001", 2011, 511, "census", "A", None),
        ("c16", "2400001", 2016, 529, "census", "A", None),
        ("c21", "2400001", 2021, 551, "census", "A", None),
        ("d22", "2400001", 2022, 548, "decree", "A", None),
        ("d26", "2400001", 2026, 574, "decree", "A", None),
        ("m06", "2400", 2006, 14466, "census", "A", None),
        ("m11", "2400", 2011, 14756, "census", "A", None),
        ("m21", "2400", 2021, 14623, "census", "A", None),
    ]
    frame = pd.DataFrame(rows, columns=["id", "place_code", "year", "value", "kind", "reliability", "conflict_group"])
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("Int64")
    frame["conflict_group"] = frame["conflict_group"].astype("string")
    for column, text in (
        ("place_name", "P"),
        ("period_label", None),
        ("value_qualifier", "exact"),
        ("description", "d"),
        ("source_url", "https://example.org"),
        ("note", None),
    ):
        frame[column] = pd.Series([text] * len(frame), dtype="string")
    frame["year_is_approximate"] = False
    return frame


# --------------------------------------------------------------------------- distances


def test_distance_between_known_points_within_a_tenth_of_a_km():
    # One degree of longitude on the equator is a·π/180 on the WGS84 ellipsoid (a = 6 378 137 m).
    assert geography.distance_km(0, 0, 1, 0) == pytest.approx(6378.137 * np.pi / 180, abs=0.1)
    assert geography.distance_km(0, 0, 1, 0) == pytest.approx(111.3195, abs=0.1)
    # Equator to pole along a meridian: 10 001.966 km on WGS84.
    assert geography.distance_km(0, 0, 0, 90) == pytest.approx(10001.966, abs=0.1)
    assert geography.distance_km(-71.7, 45.7, -73.6, 45.5) == pytest.approx(
        geography.distance_km(-73.6, 45.5, -71.7, 45.7)
    )
    assert geography.distance_km(-71.7, 45.7, -71.7, 45.7) == 0


def test_distances_from_lists_references_first_then_neighbours_by_distance():
    table = geography.distances_from(places(), "2400001", references={"2400004": "big city", "2400005": "seat"})
    assert list(table["name"]) == ["Big city", "Seat", "Near <b>&", "Far neighbour"]
    assert list(table["role"]) == ["big city", "seat", "same MRC", "same MRC"]
    assert "Unrelated" not in set(table["name"])  # another MRC and not a reference
    assert table.loc[table["name"] == "Near <b>&", "distance_km"].item() == pytest.approx(111.3195, abs=0.1)
    assert table.loc[table["name"] == "Far neighbour", "distance_km"].item() == pytest.approx(3 * 111.3195, abs=0.3)
    with pytest.raises(KeyError):
        geography.distances_from(places(), "2499999")


def test_distance_to_an_area_is_to_its_nearest_point():
    square = box(1.0, -1.0, 2.0, 1.0)  # lon 1..2, lat -1..1: the nearest point to (0, 0) is (1, 0)
    assert geography.distance_to_area_km(0.0, 0.0, square) == pytest.approx(111.3195, abs=0.1)
    assert geography.distance_to_area_km(1.5, 0.0, square) == 0


# --------------------------------------------------------------------------- population


def test_trajectories_never_mix_kinds_and_keep_every_row():
    population = population_rows()
    series = demography.trajectories(population, "2400001")
    assert set(series) == {"census", "decree", "estimate", "historical"}
    for kind, table in series.items():
        assert set(table["kind"].astype(str)) == {kind}
        assert list(table["year"]) == sorted(table["year"])
    assert sum(len(t) for t in series.values()) == (population["place_code"] == "2400001").sum()


def test_only_census_and_decree_figures_go_on_lines_and_one_per_conflicting_year():
    figures = demography.population_figures(population_rows(), "2400001")
    on_line = figures[figures["on_line"]]
    assert set(on_line["kind"].astype(str)) == {"census", "decree"}
    # 2006: two conflicting census counts, both kept; only the better-graded one (A) on the line.
    year_2006 = figures[(figures["year"] == 2006) & (figures["kind"] == "census")]
    assert len(year_2006) == 2 and year_2006["conflicting"].all()
    assert year_2006.loc[year_2006["on_line"], "value"].tolist() == [448]
    # An estimate in a year without a census count still stays off the lines.
    assert not figures.loc[figures["id"] == "e2", "on_line"].item()
    assert not figures.loc[figures["id"] == "c11", "conflicting"].item()
    with pytest.raises(KeyError):
        demography.population_figures(population_rows(), "2499999")


def test_growth_arithmetic():
    assert demography.growth_pct(200, 220) == pytest.approx(10.0)
    assert demography.growth_pct(529, 551) == pytest.approx(100 * 22 / 529)
    assert demography.growth_pct(100, 90) == pytest.approx(-10.0)
    with pytest.raises(ValueError):
        demography.growth_pct(0, 10)


def test_census_growth_is_computed_for_each_conflicting_value():
    growth = demography.census_growth(population_rows(), "2400001", 2006, 2016)
    assert sorted(growth["start_value"]) == [446, 448]
    assert growth.set_index("start_value")["growth_pct"].to_dict() == pytest.approx(
        {446: 100 * (529 - 446) / 446, 448: 100 * (529 - 448) / 448}
    )
    assert demography.census_growth(population_rows(), "2400001", 2001, 2016).empty  # no census count in 2001


def test_objective_test_flags_each_window():
    test = demography.objective_test(population_rows(), "2400001", target_pct=10.0)
    assert len(test) == 3  # 2006-2016 twice (conflict), 2011-2021 once
    assert test.loc[test["start_year"] == 2006, "met"].all()
    assert not test.loc[test["start_year"] == 2011, "met"].item()  # 511 -> 551 is +7.8 %
    assert test.loc[test["start_year"] == 2011, "growth_pct"].item() == pytest.approx(100 * 40 / 511)


def test_figures_near_a_round_number_and_the_first_census_above_it():
    near = demography.figures_near(population_rows(), 450, "2400001", tolerance_pct=5)
    assert set(near["id"]) == {"e1", "c06a", "c06b"}
    above = demography.first_census_above(population_rows(), 450, "2400001", tolerance_pct=5)
    assert (above["year"], above["value"]) == (2011, 511)


def test_versus_rest_of_division_subtracts_the_place_and_indexes_on_the_base_year():
    table = demography.versus_rest_of_mrc(population_rows(), "2400001", "2400", base_year=2011)
    base = table[table["year"] == 2011].iloc[0]
    assert base["place_index"] == 100 and base["rest_index"] == 100
    assert base["rest_of_division"] == 14756 - 511
    assert len(table[table["year"] == 2006]) == 2  # one row per conflicting 2006 count
    last = table[table["year"] == 2021].iloc[0]
    assert last["rest_of_division"] == 14623 - 551
    assert last["rest_index"] == pytest.approx(100 * (14623 - 551) / (14756 - 511))
    assert 2016 not in set(table["year"])  # no division total that year
    with pytest.raises(ValueError):
        demography.versus_rest_of_mrc(population_rows(), "2400001", "2400", base_year=2006)  # conflicting base


def test_indexed_growth_is_100_at_each_base_year_and_keeps_the_series_apart():
    indexed = demography.indexed_growth(places(), "01")
    assert set(indexed["csd_uid"]) == {"2400001", "2400002", "2400003", "2400005"}
    assert set(indexed["series"]) == {"census", "decree"}
    for series, base in (("census", 2016), ("decree", 2022)):
        part = indexed[indexed["series"] == series]
        assert (part["base_year"] == base).all()
        assert np.allclose(part.loc[part["year"] == base, "index"], 100.0)
    assert set(indexed.loc[indexed["series"] == "census", "year"]) == {2016, 2021}
    assert set(indexed.loc[indexed["series"] == "decree", "year"]) == {2022, 2026}
    origin = indexed[(indexed["csd_uid"] == "2400001")].set_index(["series", "year"])["index"]
    assert origin[("census", 2021)] == pytest.approx(110.0)
    assert origin[("decree", 2026)] == pytest.approx(100 * 120 / 112)
    ranking = demography.growth_ranking(indexed, "census")
    assert ranking.iloc[0]["name"] == "Origin" and ranking.iloc[0]["rank"] == 1
    assert ranking.iloc[-1]["name"] == "Near <b>&"


# --------------------------------------------------------------------------- timeline and national effect


def events_and_organisations() -> tuple[pd.DataFrame, pd.DataFrame]:
    events = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "date": ["1970", "1986", "1988", "1999-09-17", "2009"],
            "year": pd.array([1970, 1986, 1988, 1999, 2009], dtype="Int64"),
            "year_end": pd.array([None, None, None, None, 2012], dtype="Int64"),
            "date_precision": ["year", "year", "year", "day", "range"],
            "event": ["old", "founded (1986)", "founded (1988)", "co-op", "programme"],
            "category": ["history", "organisation", "organisation", "organisation", "programme"],
            "organisation_id": pd.array([None, "fund", "fund", "coop", None], dtype="string"),
            "conflict_group": pd.array([None, "founding", "founding", None, None], dtype="string"),
            "reliability": ["C", "D", "D", "B", "C"],
        }
    )
    organisations = pd.DataFrame(
        {"org_id": ["fund", "coop"], "name": ["Fund", "Co-op"], "org_type": ["for_profit", "cooperative"]}
    )
    return events, organisations


def test_timeline_keeps_the_period_joins_the_type_and_flags_conflicts():
    events, organisations = events_and_organisations()
    table = initiatives.timeline(events, organisations, start=1977, end=2021)
    assert list(table["id"]) == ["b", "c", "d", "e"]
    assert table.set_index("id")["org_type"].to_dict() == {
        "b": "for_profit",
        "c": "for_profit",
        "d": "cooperative",
        "e": initiatives.NO_ORGANISATION,
    }
    assert table.set_index("id")["conflicting"].to_dict() == {"b": True, "c": True, "d": False, "e": False}
    assert table.set_index("id").loc["d", "when"] == pd.Timestamp("1999-09-17")
    assert table.set_index("id").loc["e", "when_end"] == pd.Timestamp("2012-07-01")
    events.loc[3, "organisation_id"] = "missing"
    with pytest.raises(ValueError):
        initiatives.timeline(events, organisations)


def test_national_effect_counts_by_year_and_kind():
    items = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4"],
            "date": ["2006-08", "2006", "2011-02", None],
            "year": pd.array([2006, 2006, 2011, None], dtype="Int64"),
            "kind": ["press", "study", "press", "book"],
            "scope": ["international", "national", "national", "local"],
        }
    )
    counts = national_effect.national_effect_counts(items)
    assert counts.loc[2006, "total"] == 2 and counts.loc[2011, "press"] == 1
    assert "book" not in counts.columns  # the undated book is left out of the counts
    summary = national_effect.national_effect_headlines(items)
    assert summary == {
        "items": 4,
        "dated": 3,
        "undated": 1,
        "first_year": 2006,
        "last_year": 2011,
        "peak_year": 2006,
        "peak_year_items": 2,
        "scope_local": 1,
        "scope_regional": 0,
        "scope_national": 2,
        "scope_international": 1,
    }
    assert list(national_effect.national_effect(items)["id"]) == ["2", "1", "3"]


# --------------------------------------------------------------------------- facts of the real data


@pytest.fixture(scope="module")
def municipalities() -> pd.DataFrame:
    return load.municipalities()


def test_saint_camille_census_counts(municipalities):
    row = municipalities.set_index("csd_uid").loc[vocabulary.SAINT_CAMILLE]
    assert row["name"] == "Saint-Camille" and row["mrc_code"] == vocabulary.LES_SOURCES
    assert (int(row["pop_census_2016"]), int(row["pop_census_2021"])) == (529, 551)
    population = load.case("population")
    census = demography.trajectories(population)["census"].set_index("year")["value"]
    assert (census[2016], census[2021]) == (529, 551)
    assert sorted(demography.census_values(population, vocabulary.SAINT_CAMILLE, 2006)["value"]) == [446, 448]


def test_saint_camille_under_chapter_fours_multiverse_over_places(municipalities):
    """Chapter 6's table: one row per specification over places, each the cell ``assign`` gives."""
    reference = communities.reference_sample(municipalities)
    specs = multiverse.specifications(municipalities)
    report = multiverse.cell_report(municipalities, vocabulary.SAINT_CAMILLE, specs, reference)
    assert list(report.index) == [s.key for s in specs] and set(report["rule"]) == {"median"}
    for spec in specs:
        assert report.at[spec.key, "cell"] == matrix.assign(municipalities, spec, reference).cell_of(
            vocabulary.SAINT_CAMILLE
        )
    # a strong-MIZ village is peripheral on the SAC split (the first edition's rank cut made it central)
    assert set(report.loc[report["centrality"] == "sac", "centrality_status"]) == {"peripheral"}


def test_real_distances_are_ordered_and_plausible(municipalities):
    table = geography.distances_from(municipalities).set_index("csd_uid")["distance_km"]
    assert table[vocabulary.VAL_DES_SOURCES] < table[vocabulary.SHERBROOKE] < table[vocabulary.MONTREAL]
    assert 15 < table[vocabulary.VAL_DES_SOURCES] < 30 and 25 < table[vocabulary.SHERBROOKE] < 45
    assert 130 < table[vocabulary.MONTREAL] < 200
    assert len(table) == 3 + (municipalities["mrc_code"] == vocabulary.LES_SOURCES).sum() - 2  # minus origin and seat


def test_the_real_timeline_joins_every_named_organisation():
    table = initiatives.timeline(load.case("timeline"), load.case("organisations"))
    assert table["year"].between(1977, 2021).all()
    assert table["org_type"].notna().all()
    assert table.loc[table["organisation_id"].notna(), "org_type"].ne(initiatives.NO_ORGANISATION).all()


# --------------------------------------------------------------------------- charts and map


def _datasets(spec: dict) -> dict:
    return spec.get("datasets", {})


def _layers(spec: dict) -> list[dict]:
    out, stack = [], [spec]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.get("layer", []))
    return out


def test_charts_have_title_description_and_source():
    from analysis.figures.captions import source_line
    from analysis.figures.charts import case as charts
    from analysis.figures.numbered import caption_of

    municipalities = places()
    events, organisations = events_and_organisations()
    items = pd.DataFrame(
        {
            "id": ["1", "2"],
            "date": ["2006-08", "2011"],
            "year": pd.array([2006, 2011], dtype="Int64"),
            "kind": ["press", "study_visit"],
            "title": ["T <i>", "V"],
            "actor": ["A", None],
            "scope": ["national", "regional"],
            "reliability": ["C", "B"],
            "source_url": ["https://example.org"] * 2,
            "note": [None, None],
        }
    )
    events = events.assign(source_url="https://example.org", note=pd.Series([None] * 5, dtype="string"))
    built = [
        charts.population_chart(demography.population_figures(population_rows(), "2400001")),
        charts.population_chart(demography.population_figures(population_rows(), "2400001"), since=1980),
        charts.timeline_chart(initiatives.timeline(events, organisations)),
        charts.indexed_growth_chart(demography.indexed_growth(municipalities, "01"), highlight="2400001"),
        charts.national_effect_chart(national_effect.national_effect(items)),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]["text"] and spec["description"]
        caption = caption_of(chart)  # the caption written under the figure: title, note, sources
        assert caption.title and "Source" in source_line(caption.sources)
        assert caption.drawn_by.startswith("figures.charts.case.")


def test_population_chart_lines_hold_census_or_decree_rows_of_one_kind_each():
    from analysis.figures.charts import case as charts

    spec = charts.population_chart(demography.population_figures(population_rows(), "2400001")).to_dict()
    datasets = _datasets(spec)
    lines = [
        layer
        for layer in _layers(spec)
        if layer.get("mark") in ("line", {"type": "line"})
        or (isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "line")
    ]
    assert len(lines) == 1
    line = lines[0]
    assert line["encoding"]["detail"]["field"] == "kind"  # one path per kind: kinds are never joined
    rows = datasets[line["data"]["name"]]
    assert {row["kind"] for row in rows} == {"census", "decree"}
    assert sorted(row["value"] for row in rows if row["year"] == 2006) == [448]  # one value of the conflict
    # Every figure, both conflicting 2006 counts included, is drawn as a point.
    points = [
        layer for layer in _layers(spec) if isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "point"
    ]
    drawn = [row for layer in points for row in datasets[layer["data"]["name"]]]
    assert len(drawn) == (population_rows()["place_code"] == "2400001").sum()


def test_map_escapes_names_and_shows_distances():
    import geopandas as gpd
    from shapely.geometry import box as rectangle

    from analysis.figures.maps import case as maps

    municipalities = places()
    municipalities.loc[1, "name"] = "Test<b>&Village"
    mrc_polygons = gpd.GeoDataFrame(
        {"mrc_code": ["01", "02", "66"], "mrc_name": ["M1 <i>", "M2", "Montréal"], "region_code": ["05", "05", "06"]},
        geometry=[rectangle(-0.5, -0.5, 3.5, 0.5), rectangle(-0.5, 0.5, 0.5, 1.5), rectangle(5, 5, 6, 6)],
        crs="EPSG:4326",
    )
    region_polygons = gpd.GeoDataFrame(
        {"region_code": ["05"], "region_name": ["R & co"]}, geometry=[rectangle(-1, -1, 4, 2)], crs="EPSG:4326"
    )
    m = maps.saint_camille_map(
        municipalities,
        mrc_polygons,
        region_polygons,
        origin="2400001",
        references={"2400004": "big city", "2400005": "seat"},
    )
    html = m.get_root().render()
    assert "<b>" not in html and "<i>" not in html  # no markup from the data anywhere in the page
    # Popups and tooltips: plain text in the layers' JSON, written by the layer script as text.
    documents = [json.loads(d) for d in re.findall(r"= companionLayer\((\{.*\})\);\n", html)]
    texts = [v for d in documents for _label, values in d.get("popup", []) + d.get("tooltip", []) for v in values]
    assert "Test<b>&Village" in texts and "M1 <i>" in texts
    assert "111.3\u00a0km" in texts  # the neighbour one degree east on the equator (a no-break space before the unit)
    assert "cdn.jsdelivr.net/npm/jquery" not in html  # popups are built without jQuery


# --------------------------------------------------------------------------- the facts quoted in chapter 6


def test_population_facts_on_a_hand_made_table():
    facts = demography.population_headlines(population_rows(), "2400001", talk_value=450, target_pct=10.0)
    assert (facts["census_2006_low"], facts["census_2006_high"], facts["census_2021"]) == (446, 448, 551)
    assert facts["census_growth_2006_2016_pct_low"] == pytest.approx(100 * 81 / 448)
    assert facts["census_growth_2006_2016_pct_high"] == pytest.approx(100 * 83 / 446)
    assert facts["census_growth_2011_2021_pct"] == pytest.approx(100 * 40 / 511)
    assert facts["objective_met_2006_2016"] and not facts["objective_met_2011_2021"]
    assert (facts["figures"], facts["figures_census"], facts["figures_decree"]) == (10, 5, 2)
    assert facts["figures_conflicting"] == 2
    assert (facts["near_talk_first_year"], facts["near_talk_last_year"]) == (1995, 2006)
    assert (facts["first_census_above_talk_year"], facts["first_census_above_talk"]) == (2011, 511)
    assert (facts["decree_peak"], facts["decree_peak_year"], facts["decree_last"]) == (574, 2026, 574)
    assert facts["latest_census_over_talk_pct"] == pytest.approx(100 * 101 / 450)


def test_mrc_facts_rank_the_place_and_compare_it_with_the_rest_of_its_division():
    facts = demography.mrc_headlines(
        demography.indexed_growth(places(), "01"), population_rows(), "2400001", "2400", base_year=2011
    )
    assert facts["mrc_municipalities"] == 4
    assert facts["census_rank"] == 1 and facts["census_change_pct"] == pytest.approx(10.0)
    assert facts["census_fastest"] == "Origin" and facts["census_declining"] == 1
    assert facts["decree_rank"] == 1 and facts["decree_fastest"] == "Origin"
    assert facts["rest_place_index_last"] == pytest.approx(100 * 551 / 511)
    assert facts["rest_index_last"] == pytest.approx(100 * (14623 - 551) / (14756 - 511))
    assert facts["rest_index_first_low"] == pytest.approx(100 * (14466 - 448) / (14756 - 511))


def test_timeline_facts_count_events_conflicts_and_decades():
    events, organisations = events_and_organisations()
    facts = initiatives.timeline_headlines(initiatives.timeline(events, organisations, start=1977, end=2021))
    assert facts["events"] == 4 and facts["events_with_organisation"] == 3
    assert facts["events_conflicting"] == 2 and facts["conflict_groups"] == 1
    assert (facts["events_first_year"], facts["events_last_year"]) == (1986, 2009)
    assert facts["organisation_types"] == 2 and facts["busiest_decade"] == 1980
    assert facts["context_events"] == 0
    # A Québec policy is context: counted apart, not as one of the village's events.
    policy = pd.DataFrame(
        {
            "id": ["p"],
            "date": ["2002"],
            "year": pd.array([2002], dtype="Int64"),
            "year_end": pd.array([2007], dtype="Int64"),
            "date_precision": ["range"],
            "event": ["rural policy"],
            "category": ["policy"],
            "organisation_id": pd.array([None], dtype="string"),
            "conflict_group": pd.array([None], dtype="string"),
            "reliability": ["B"],
        }
    )
    with_policy = pd.concat([events, policy], ignore_index=True)
    again = initiatives.timeline_headlines(initiatives.timeline(with_policy, organisations, start=1977, end=2021))
    assert again["context_events"] == 1 and {k: v for k, v in again.items() if k != "context_events"} == {
        k: v for k, v in facts.items() if k != "context_events"
    }


def test_real_distance_facts(municipalities):
    facts = geography.distance_headlines(municipalities, load.mrc_polygons())
    assert facts["distance_montreal_island_km"] < facts["distance_montreal_km"] < geography.TALK_DISTANCE_KM
    assert facts["nearest_neighbour_km"] < facts["farthest_neighbour_km"]
    assert facts["talk_over_island_pct"] > facts["talk_over_centre_pct"] > 0


def test_timeline_chart_colours_by_kind_of_event_and_names_the_key_events():
    events, organisations = events_and_organisations()
    events = events.assign(source_url="https://example.org", note=pd.NA)
    table = initiatives.timeline(events, organisations, start=1977, end=2021)
    spec = charts.timeline_chart(table, labels={"d": "the co-op", "zz": "not in the data"}).to_dict()
    layers = spec["layer"]
    points = next(layer for layer in layers if layer["mark"]["type"] == "point")
    assert points["encoding"]["color"]["field"] == "family"  # what happened, not the grade
    assert points["encoding"]["y"]["field"] == "row"
    assert points["encoding"]["opacity"]["field"] == "grade"
    named = [layer for layer in layers if layer["mark"]["type"] == "text"]
    rows = [row for layer in named for row in spec["datasets"][layer["data"]["name"]]]
    assert [row["label"] for row in rows] == ["the co-op", "the co-op"]  # a white halo, then the name
    assert [layer["mark"].get("stroke") for layer in named] == ["white", None]
    assert "Labelled: the co-op." in spec["description"]
    # by default the chapter's key events are named when they are in the data
    assert set(charts.KEY_EVENTS) <= set(load.case("timeline")["id"])


def test_event_years_give_first_and_last_years_and_name_a_missing_id():
    table = pd.DataFrame({"id": ["a", "b"], "year": [2007, 2009], "year_end": [None, 2012]})
    assert initiatives.event_years(table, {"first": "a", "period": "b"}) == {
        "first": 2007,
        "period": 2009,
        "period_end": 2012,
    }
    assert initiatives.event_years(table, {"period": "b"}, ends=False) == {"period": 2009}
    with pytest.raises(KeyError, match=r"\['zz'\]"):
        initiatives.event_years(table, {"first": "a", "gone": "zz"})


def test_every_event_chapter_6_cites_is_in_the_committed_timeline():
    from analysis.data import load

    events = load.case("timeline")
    years = initiatives.event_years(events, {**initiatives.RANG13_MILESTONES, **initiatives.CITED_EVENTS})
    assert years["incorporated"] <= years["land_bought"] <= years["lots_taken"]
    assert years["laboratory_facts_end"] >= years["laboratory_facts"]


def test_conflicting_values_give_each_row_what_its_rivals_say():
    from analysis.analyses.case import conflicting_values

    rows = pd.DataFrame(
        {"conflict_group": pd.array(["g", None, "g", "g", "h"], dtype="string")}, index=[3, 5, 7, 9, 11]
    )
    shown = pd.Series(["446", "500", "448", "448", "1"], index=rows.index)
    found = conflicting_values(rows, shown)
    assert found.to_dict() == {3: ["448"], 5: [], 7: ["446", "448"], 9: ["446", "448"], 11: []}
    with pytest.raises(KeyError):
        conflicting_values(rows.rename(columns={"conflict_group": "group"}), shown)


def _tooltip_texts(spec: dict) -> list[str]:
    """Every value a tooltip of the chart shows (the fields its layers name as tooltips)."""
    texts = []
    for layer in _layers(spec):
        tips = layer.get("encoding", {}).get("tooltip", [])
        name = layer.get("data", {}).get("name")
        for tip in tips if isinstance(tips, list) else [tips]:
            texts += [str(row.get(tip["field"], "")) for row in _datasets(spec).get(name, [])]
    return texts


def test_case_chart_tooltips_give_the_rival_figures_and_dates_not_the_ids_of_the_data():
    """A conflict group's id (``pop-2006-census``) or a row id is a key of the data, not a text for
    readers: the tooltips of the real population and timeline charts give the rivals' values."""
    population, timeline = load.case("population"), load.case("timeline")
    ids = set(population["id"]) | set(timeline["id"])
    ids |= set(population["conflict_group"].dropna()) | set(timeline["conflict_group"].dropna())
    figures = demography.population_figures(population)
    events = initiatives.timeline(timeline, load.case("organisations"))
    specs = [charts.population_chart(figures).to_dict(), charts.timeline_chart(events).to_dict()]
    texts = [text for spec in specs for text in _tooltip_texts(spec)]
    assert texts, "no tooltip found"
    leaked = sorted({text for text in texts if text in ids})
    assert leaked == [], leaked
    # The two 2006 census counts of Saint-Camille name each other.
    assert {"446 in 2006", "448 in 2006"} <= set(texts)
