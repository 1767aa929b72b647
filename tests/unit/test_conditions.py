"""Chapter 5: the codebook, the resource-ledger measures, the organisation network and its charts.

Hand-made tables with values worked out by hand, then checks of the curated ties table.
"""

from __future__ import annotations

import math
import shutil

import altair as alt
import pandas as pd
import pytest

from analysis.analyses import conditions, network
from analysis.data import check, load, paths, schemas
from analysis.data.tableschema import read_text_csv, validate_frame
from analysis.figures.charts import conditions as charts

# ---------------------------------------------------------------------------------------
# hand-made tables
# ---------------------------------------------------------------------------------------


def ledger(rows: list[tuple]) -> pd.DataFrame:
    """(source_type, resource_kind, provider, year, amount, reliability[, project_org_id]) per row."""
    records = []
    for i, row in enumerate(rows):
        source_type, kind, provider, year, amount, grade, *org = row
        records.append(
            {
                "id": f"r{i}",
                "project": "p",
                "project_org_id": org[0] if org else pd.NA,
                "resource": "x",
                "provider": provider,
                "provider_org_id": pd.NA,
                "source_type": source_type,
                "resource_kind": kind,
                "year": year,
                "amount_cad": amount,
                "amount_note": pd.NA,
                "reliability": grade,
                "source_url": "https://example.org",
                "source_url_2": pd.NA,
                "note": pd.NA,
            }
        )
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    frame["amount_cad"] = frame["amount_cad"].astype("float64")
    return frame


def organisations(scales: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": list(scales),
            "name": [f"Org {o}" for o in scales],
            "org_type": ["non_profit"] * len(scales),
            "scale": list(scales.values()),
        }
    )


def ties(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(len(pairs))],
            "org_from": [a for a, _, _ in pairs],
            "org_to": [b for _, b, _ in pairs],
            "tie_type": [t for _, _, t in pairs],
            "year": pd.array([pd.NA] * len(pairs), dtype="Int64"),
            "description": ["d"] * len(pairs),
            "reliability": ["B"] * len(pairs),
        }
    )


# ---------------------------------------------------------------------------------------
# diversity and shares
# ---------------------------------------------------------------------------------------


def test_endogenous_share_of_rows_sets_mixed_rows_aside():
    frame = ledger(
        [
            ("endogenous", "money", "a", 2000, None, "B"),
            ("endogenous", "labour", "b", 2000, None, "C"),
            ("exogenous", "programme", "c", 2001, None, "B"),
            ("mixed", "money", "d", 2001, 1_000_000, "B"),
        ]
    )
    assert conditions.endogenous_share(frame, "rows") == pytest.approx(2 / 3)
    only_mixed = frame[frame["source_type"] == "mixed"]
    assert math.isnan(conditions.endogenous_share(only_mixed, "rows"))
    with pytest.raises(ValueError):
        conditions.endogenous_share(frame, "dollars")


def test_endogenous_share_of_amounts_needs_every_amount():
    complete = ledger(
        [
            ("endogenous", "money", "a", 2000, 300, "B"),
            ("exogenous", "money", "b", 2000, 900, "B"),
            ("mixed", "money", "c", 2000, 5_000, "B"),  # not counted on either side
        ]
    )
    assert conditions.endogenous_share(complete, "amounts") == pytest.approx(0.25)
    incomplete = ledger(
        [
            ("endogenous", "money", "a", 2000, 300, "B"),
            ("exogenous", "money", "b", 2000, None, "B"),
        ]
    )
    assert math.isnan(conditions.endogenous_share(incomplete, "amounts"))
    # without the completeness rule, the published figures alone say 100 % endogenous
    assert conditions.endogenous_share(incomplete, "amounts", require_complete=False) == 1.0


def test_summary_counts_source_types_and_providers():
    frame = ledger(
        [
            ("endogenous", "money", "a", 2000, None, "B"),
            ("endogenous", "money", "a", 2001, None, "C"),
            ("exogenous", "money", "b", 2001, None, "D"),
            ("exogenous", "programme", "c", 2002, 10, "A"),
        ]
    )
    summary = conditions.summarise(frame)
    assert summary["rows"] == 4 and summary["rows_with_amount"] == 1
    assert summary["source_types"] == 3  # endogenous money x2, exogenous money, exogenous programme
    assert summary["diversity_shannon"] == pytest.approx(1.5 * math.log(2))
    assert summary["diversity_1_minus_hhi"] == pytest.approx(5 / 8)
    assert summary["providers"] == 3
    assert summary["provider_1_minus_hhi"] == pytest.approx(5 / 8)
    assert summary["grade_cd_share"] == pytest.approx(0.5)


def test_gaps_stay_missing_by_period_and_by_project():
    frame = ledger(
        [
            ("endogenous", "money", "a", 1975, None, "B", "one"),
            ("exogenous", "money", "b", 1995, None, "B", "one"),
            ("exogenous", "money", "c", None, None, "C"),
        ]
    )
    periods = conditions.decades(1970, 1999)
    table = conditions.by_period(frame, periods)
    assert list(table.index) == ["before 1970", "1970s", "1980s", "1990s", conditions.UNDATED]
    assert table.loc["1980s", "rows"] == 0 and not table.loc["1980s", "recorded"]
    assert pd.isna(table.loc["1980s", "endogenous_share_rows"])  # missing, not 0
    assert pd.isna(table.loc["1980s", "diversity_shannon"])
    assert pd.isna(table.loc["1980s", "endogenous"])
    assert table.loc["1970s", "endogenous_share_rows"] == 1.0
    assert table.loc[conditions.UNDATED, "rows"] == 1
    orgs = pd.DataFrame(
        {"org_id": ["one", "two", "far"], "name": ["One", "Two", "Far"], "scale": ["local", "local", "national"]}
    )
    projects = conditions.by_project(frame, orgs)
    assert projects.loc["one", "endogenous_share_rows"] == 0.5
    assert projects.loc["two", "rows"] == 0 and pd.isna(projects.loc["two", "endogenous_share_rows"])
    assert "far" not in projects.index  # not local and carries no project
    assert projects.loc["(no organisation)", "rows"] == 1


def test_over_time_keeps_a_placeholder_for_empty_periods():
    frame = ledger([("endogenous", "money", "a", 1975, None, "B"), ("exogenous", "money", "b", 1995, None, "B")])
    long = conditions.over_time(frame, conditions.decades(1970, 1999))
    gaps = long[~long["recorded"]]
    assert set(gaps["period"]) == {"before 1970", "1980s", conditions.UNDATED}
    assert long["recorded"].sum() == 2


# ---------------------------------------------------------------------------------------
# codebook, concordance and conditions 2-4
# ---------------------------------------------------------------------------------------


def test_codebook_has_four_documented_conditions():
    book = conditions.codebook()
    assert list(book.index) == [1, 2, 3, 4]
    for column in ("wording", "evidence", "coding", "sources"):
        assert book[column].str.len().gt(20).all(), column
    known = {s.name.removeprefix("case_") for s in schemas.CASE_SCHEMAS}
    for tables in book["tables"]:
        assert set(tables.split(", ")) <= known


def test_concordance_is_marked_as_interpretation():
    table = conditions.concordance()
    assert (table["status"] == conditions.CONCORDANCE_STATUS).all()
    assert "not Klein" in conditions.CONCORDANCE_STATUS
    assert len(table) == 5 and table["talk_condition"].iloc[-1] == "(none)"


def test_condition_events_code_categories_and_flag_quantified_goals():
    timeline = pd.DataFrame(
        {
            "id": ["e1", "e2", "e3", "e4", "e5"],
            "year": pd.array([1860, 2001, 2009, 2010, 1990], dtype="Int64"),
            "year_end": pd.array([pd.NA, pd.NA, pd.NA, 2011, pd.NA], dtype="Int64"),
            "event": ["erected", "a plan", "a goal of +10 % population", "a dispute", "a co-op"],
            "category": ["governance", "planning", "planning", "conflict", "housing"],
            "organisation_id": [pd.NA] * 5,
            "reliability": ["A", "C", "C", "C", "B"],
            "conflict_group": [pd.NA] * 5,
            "source_url": ["https://example.org"] * 5,
        }
    )
    resources = ledger([("exogenous", "programme", "ministry", None, None, "C")])
    events = conditions.condition_events(timeline, resources)
    assert list(events["id"]) == ["e2", "e3", "e4", "r0"]  # 1860 left out; housing is not a condition; undated last
    assert list(events["condition"]) == [4, 4, 3, 4]
    assert list(events["quantified_goal"]) == [False, True, False, False]
    assert conditions.first_year(events, "goal or plan") == 2001
    assert conditions.first_year(events, "leadership and recognition") is None


def test_local_structures_date_from_founding_year_or_first_event():
    orgs = pd.DataFrame(
        {
            "org_id": ["a", "b", "c", "z"],
            "name": ["A", "B", "C", "Z"],
            "org_type": ["cooperative"] * 4,
            "legal_form": ["co-op"] * 4,
            "founded_year": pd.array([1999, pd.NA, pd.NA, 1950], dtype="Int64"),
            "founded_year_alt": pd.array([pd.NA] * 4, dtype="Int64"),
            "scale": ["local", "local", "local", "national"],
            "reliability": ["B"] * 4,
        }
    )
    timeline = pd.DataFrame({"organisation_id": ["b", "b"], "year": pd.array([2005, 2003], dtype="Int64")})
    table = conditions.local_structures(orgs, timeline)
    assert list(table["org_id"]) == ["a", "b", "c"]
    assert list(table["year"].astype("object").where(table["year"].notna(), None)) == [1999, 2003, None]
    assert table["year_basis"].tolist() == ["founding year", "first dated event (founded by then)", "not dated"]


# ---------------------------------------------------------------------------------------
# the network
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scales,expected",
    [
        (("local", "local"), "bonding"),
        (("local", "national"), "bridging"),
        (("international", "local"), "bridging"),
        (("regional", "national"), "outside"),
    ],
)
def test_bonding_bridging_classification(scales, expected):
    assert network.relation(*scales) == expected


def test_relation_rejects_unknown_scale():
    with pytest.raises(ValueError):
        network.relation("local", "galactic")


def small_network() -> network.Network:
    orgs = organisations({"a": "local", "b": "local", "c": "local", "m": "national", "r": "regional"})
    return network.build(
        ties(
            [
                ("a", "b", "founding"),  # bonding
                ("a", "m", "funding"),  # bridging
                ("a", "m", "knowledge"),  # bridging, same pair again
                ("b", "r", "membership"),  # bridging
                ("m", "r", "funding"),  # outside
            ]
        ),
        orgs,
    )


def test_network_counts_shares_degree_and_brokers():
    net = small_network()
    counts = net.relation_counts()
    assert counts["ties"].to_dict() == {"bonding": 1, "bridging": 3, "outside": 1}
    assert counts["share"]["bridging"] == pytest.approx(0.6)
    assert net.bridging_share() == pytest.approx(3 / 4)  # outside ties left out
    assert net.knowledge_share_of_bridging() == pytest.approx(1 / 3)
    degree = net.degree()
    assert degree.loc["a", "degree"] == 3 and degree.loc["a", "partners"] == 2
    assert degree.loc["m", "degree"] == 3 and degree.loc["m", "outside"] == 1
    assert degree.loc["c", "degree"] == 0
    assert list(net.brokers().index) == ["a", "b"]  # a holds 2 bridging ties, b 1; c none
    assert net.local_with_bridging_share() == pytest.approx(2 / 3)  # the isolate counts in the denominator
    assert list(net.isolates().index) == ["c"]
    assert net.summary()["ties"] == 5


def test_network_rejects_unknown_organisations():
    with pytest.raises(ValueError, match="ghost"):
        network.build(ties([("a", "ghost", "funding")]), organisations({"a": "local"}))


def test_column_layout_is_deterministic_puts_the_village_left_and_curves_ties_within_a_column():
    net = small_network()
    orgs = organisations({"a": "local", "b": "local", "c": "local", "m": "national", "r": "regional"})
    nodes, points = network.column_layout(net, orgs)
    again_nodes, again_points = network.column_layout(small_network(), orgs)
    pd.testing.assert_frame_equal(nodes, again_nodes)
    pd.testing.assert_frame_equal(points, again_points)
    assert set(nodes.loc[nodes["local"], "x"]) == {0.0} and set(nodes.loc[~nodes["local"], "x"]) == {1.0}
    assert list(nodes.loc[nodes["local"], "side"].unique()) == ["village"]
    assert nodes["y"].between(0, 1).all()
    paths = points.groupby("id")
    assert paths.size().to_dict() == {"t0": network.ARC_POINTS, "t1": 2, "t2": 2, "t3": 2, "t4": network.ARC_POINTS}
    bonding = points[points["id"] == "t0"]
    assert bonding["x"].max() > 0 and bonding["x"].min() == 0  # the arc bulges into the gap, away from the names
    outside = points[points["id"] == "t4"]
    assert outside["x"].min() < 1 and outside["x"].max() == 1
    bridge = points[points["id"] == "t1"].set_index("order")
    a = nodes.set_index("org_id").loc["a"]
    assert (bridge.loc[0, "x"], bridge.loc[0, "y"]) == (a["x"], a["y"])
    # every tie is classed: the regional body b is a member of is a supralocal government (linking)
    classes = points.drop_duplicates("id").set_index("id")["tie_class"]
    assert classes.to_dict() == {"t0": "bonding", "t1": "bridging", "t2": "bridging", "t3": "bridging", "t4": "outside"}


def test_peer_municipal_bodies_are_bridging_and_the_village_s_own_mrc_linking():
    orgs = pd.DataFrame(
        {
            "org_id": ["town", "own-mrc", "other-mrc", "abroad", "ministry"],
            "name": ["Town", "Own MRC", "Other MRC", "Village abroad", "Ministry"],
            "org_type": ["municipal", "municipal", "municipal", "municipal", "public_agency"],
            "scale": ["local", "regional", "regional", "international", "national"],
        }
    )
    net = network.build(
        ties(
            [
                ("town", "own-mrc", "membership"),
                ("own-mrc", "town", "funding"),
                ("town", "other-mrc", "knowledge"),
                ("town", "abroad", "knowledge"),
                ("ministry", "town", "funding"),
            ]
        ),
        orgs,
    )
    assert network.governing_bodies(net) == {"own-mrc"}
    classes = network.organisation_tie_classes(net, orgs).set_index("id")["tie_class"].to_dict()
    assert classes == {"t0": "linking", "t1": "linking", "t2": "bridging", "t3": "bridging", "t4": "linking"}


def test_short_labels():
    assert network.short_name("x", "Centre d'interprétation du milieu rural (CIMR)") == "CIMR"
    assert network.short_name("x", "Coop de solidarité en soins et services (La Corvée)") == "La Corvée"
    assert (
        network.short_name("x", "Seniors' housing co-operative (former presbytery)") == "Seniors' housing co-operative"
    )
    assert network.short_name("ptit-bonheur", "anything") == "Le P'tit Bonheur"


# ---------------------------------------------------------------------------------------
# the curated ties table
# ---------------------------------------------------------------------------------------


def test_ties_table_passes_its_schema_and_points_to_known_organisations():
    folder = paths.data_dir()
    frame = read_text_csv(folder / schemas.CASE_TIES.path)
    assert validate_frame(frame, schemas.CASE_TIES) == []
    assert list(frame["id"]) == sorted(frame["id"])
    known = set(read_text_csv(folder / "case" / "organisations.csv")["org_id"])
    assert set(frame["org_from"]) <= known and set(frame["org_to"]) <= known
    assert (frame["org_from"] != frame["org_to"]).all()
    assert frame["source_url"].str.match(r"https?://").all()
    assert schemas.CASE_TIES in schemas.CASE_SCHEMAS


def test_data_check_catches_a_tie_to_an_unknown_organisation(tmp_path):
    shutil.copytree(paths.data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "case" / "ties.csv"
    frame = read_text_csv(path)
    frame.loc[0, "org_to"] = "no-such-org"
    frame.to_csv(path, index=False)
    problems = check.check(tmp_path / "data")
    assert any(p.table == "case_ties" and p.column == "org_to" for p in problems)


def test_ties_load_and_build_the_case_network():
    net = network.build(load.case("ties"), load.case("organisations"))
    summary = net.summary()
    assert summary["ties"] == len(load.case("ties"))
    assert summary["bonding"] + summary["bridging"] + summary["outside"] == summary["ties"]
    assert 0 <= summary["bridging_share"] <= 1


# ---------------------------------------------------------------------------------------
# charts
# ---------------------------------------------------------------------------------------


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _caption(spec: dict) -> dict:
    return spec["usermeta"]["companion_caption"]


def test_resource_ledger_chart_shows_gaps_and_grades():
    frame = ledger(
        [
            ("endogenous", "money", "a", 1975, None, "B"),
            ("exogenous", "programme", "b", 1995, None, "D"),
            ("mixed", "money", "c", None, 100, "C"),
        ]
    )
    chart = charts.resource_ledger(frame, conditions.decades(1970, 1999))
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    assert spec["description"] and "gap" not in spec["title"]["text"].lower()
    assert _caption(spec)["sources"] == []  # the source line names the curated case tables
    assert _caption(spec)["drawn_by"] == "figures.charts.conditions.resource_ledger"
    datasets = spec["datasets"].values()
    gap_rows = [row for rows in datasets for row in rows if row.get("text") == "no resource recorded"]
    assert {row["period"] for row in gap_rows} == {"before 1970", "1980s"}
    points = [layer for layer in _layers(spec) if layer.get("mark", {}).get("type") == "point"][0]
    assert points["encoding"]["opacity"]["field"] == "grade"
    assert points["encoding"]["shape"]["field"] == "resource_kind"


def test_network_chart_draws_paths_nodes_and_whole_names_outside_the_columns():
    orgs = organisations({"a": "local", "b": "local", "c": "local", "m": "national", "r": "regional"})
    orgs.loc[orgs["org_id"] == "m", "name"] = "A national body with a very long published name that a label would cut"
    net = network.build(
        small_network().edges[["id", "org_from", "org_to", "tie_type", "year", "description", "reliability"]], orgs
    )
    nodes, points = network.column_layout(net, orgs)
    spec = charts.network_figure(nodes, points).to_dict()
    layers = _layers(spec)
    marks = [layer["mark"]["type"] for layer in layers]
    assert marks[:2] == ["line", "circle"] and set(marks[2:]) == {"text"}
    line = layers[0]["encoding"]
    assert line["stroke"]["field"] == "tie_class" and line["detail"]["field"] == "id"
    assert line["order"]["field"] == "order"
    assert layers[1]["encoding"]["color"]["field"] == "scale"
    texts = [row.get("text", "") for rows in spec["datasets"].values() for row in rows]
    assert any(t.replace("\n", " ") == orgs.loc[orgs["org_id"] == "m", "name"].item() for t in texts)  # never cut
    assert max(len(line) for t in texts for line in t.split("\n")) <= 24  # wrapped to fit a phone
    assert spec["description"].startswith("Network diagram of 5 organisations and 5 published ties in two columns")
    # colours stay off the four matrix-cell colours
    from analysis.figures.palette import CELL_COLOURS

    used = set(charts.SCALE_COLOURS.values()) | {c for c, _ in charts.TIE_CLASS_STYLE.values()}
    assert not used & {CELL_COLOURS[c] for c in list(CELL_COLOURS)[:4]}


def test_conditions_timeline_chart_counts_undated_rows():
    timeline = pd.DataFrame(
        {
            "id": ["e1", "e2"],
            "year": pd.array([2001, 2009], dtype="Int64"),
            "year_end": pd.array([pd.NA, 2012], dtype="Int64"),
            "event": ["a plan", "a programme"],
            "category": ["planning", "programme"],
            "organisation_id": [pd.NA] * 2,
            "reliability": ["C", "B"],
            "conflict_group": [pd.NA] * 2,
            "source_url": ["https://example.org"] * 2,
        }
    )
    events = conditions.condition_events(timeline, ledger([("exogenous", "programme", "m", None, None, "C")]))
    spec = charts.conditions_timeline(events).to_dict()
    assert _caption(spec)["note"].startswith("1 undated row not shown")
    assert [layer["mark"]["type"] for layer in _layers(spec)] == ["rule", "point"]
