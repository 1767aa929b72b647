"""The matrix from named definitions, and the three questions of its sensitivity, on hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import communities, matrix, multiverse
from analysis.figures.charts import matrix as charts
from analysis.vocabulary import AT_CUT, EXCLUSION, EXPERIMENTATION, RECONVERSION, TECHNOPOLE, UNCLASSIFIED
from tests.unit.test_axes import places


def square() -> pd.DataFrame:
    """Nine municipalities (two per cell under the SAC split × education, one at the cut, one without a
    SAC class) and a reserve.

    Education median of the nine municipalities: 50, held by places 7 and 8 (two ties).
    """
    return places(
        sac_class_2016=["CMA", "CA", "Strong MIZ", "Moderate MIZ", "CMA", "CA", "Weak MIZ", "No MIZ", None, "Weak MIZ"],
        cwb_education_2021=[70.0, 65.0, 60.0, 62.0, 30.0, 35.0, 40.0, 50.0, 50.0, 20.0],
        remoteness_2021=[0.05, 0.10, 0.30, 0.35, 0.08, 0.12, 0.60, 0.70, 0.80, 0.90],
        pop_census_2021=[5000, 3000, 400, 600, 2000, 1000, 300, 200, 100, 800],
        designation=["Municipalité"] * 9 + ["Réserve indienne"],
        community_type_2021=["Non-Indigenous"] * 9 + ["First Nations"],
    )


def reference(frame):
    return communities.reference_sample(frame)


def test_a_specification_is_named_and_checked():
    spec = matrix.Specification()
    assert spec.key == "sac-education-median"
    assert matrix.Specification(ties="upper").key == "sac-education-median-ties_upper"
    assert "SAC" in spec.label and "education" in spec.label
    with pytest.raises(ValueError, match="centrality"):
        matrix.Specification(centrality="distance")
    with pytest.raises(ValueError, match="connection"):
        matrix.Specification(connection="broadband")
    with pytest.raises(ValueError, match="tie rule"):
        matrix.Specification(ties="coin")


def test_assign_fills_the_four_cells_and_sets_ties_and_gaps_apart():
    frame = square()
    a = matrix.assign(frame, reference=reference(frame))
    cells = a.table["cell"].tolist()
    assert cells[:8] == [
        TECHNOPOLE,
        TECHNOPOLE,
        EXPERIMENTATION,
        EXPERIMENTATION,
        RECONVERSION,
        RECONVERSION,
        EXCLUSION,
        AT_CUT,
    ]
    assert cells[8] == UNCLASSIFIED
    assert a.connection_cut == 50 and np.isnan(a.centrality_cut)
    counts = a.counts()
    assert counts["entities"].sum() == 9  # the reserve is not in the reference sample
    assert counts.at[AT_CUT, "entities"] == 1 and counts.at[UNCLASSIFIED, "entities"] == 1
    assert counts.at[TECHNOPOLE, "population"] == 8000
    assert a.cell_of("2400002") == EXPERIMENTATION
    assert "Reference sample: 9 entities" in a.describe()
    assert charts.assignment_note(a) == a.describe()  # the note the chapter shows, in English the same words
    # the reserve is positioned against the municipal cuts, not counted with the municipalities
    assert a.cell_of("2400009") == EXCLUSION and not a.table["reference"].iloc[9]
    assert a.counts(reference_only=False)["entities"].sum() == 10


def test_cell_of_statuses_priority_missing_then_cut():
    c = pd.Series(["central", "peripheral", None, "at the cut", "central"])
    k = pd.Series(["connected", "at the cut", "connected", None, "disconnected"])
    assert matrix.cell_of_statuses(c, k).tolist() == [TECHNOPOLE, AT_CUT, UNCLASSIFIED, UNCLASSIFIED, RECONVERSION]


def test_the_sac_split_counts_every_miz_as_peripheral():
    """The first edition cut the ordinal SAC rank at its median, which made moderate-MIZ villages central."""
    frame = places(
        sac_class_2016=["CMA", "CA", "Strong MIZ", "Moderate MIZ", "Moderate MIZ", "Weak MIZ", "No MIZ"],
        cwb_education_2021=[50.0] * 7,
    )
    status = matrix.assign(frame, matrix.Specification(centrality="sac")).table["centrality_status"]
    assert status.tolist() == ["central", "central"] + ["peripheral"] * 5


def test_stability_of_a_family_counts_only_places_classified_everywhere():
    wide = pd.DataFrame(
        {
            "csd_uid": ["a", "b", "c", "d"],
            "name": ["a", "b", "c", "d"],
            "s1": [TECHNOPOLE, EXCLUSION, AT_CUT, TECHNOPOLE],
            "s2": [TECHNOPOLE, EXPERIMENTATION, EXCLUSION, TECHNOPOLE],
            "s3": [TECHNOPOLE, EXCLUSION, EXCLUSION, UNCLASSIFIED],
        }
    )
    result = multiverse.stability(wide)
    assert result["classified_everywhere"] == 2 and result["stable"] == 1
    assert result["stability_share"] == 0.5
    assert result["at_cut_somewhere"] == 1 and result["unclassified_somewhere"] == 1
    agreement = multiverse.pairwise_agreement(wide)
    assert agreement.loc["s1", "s2"] == pytest.approx(2 / 3)  # a, b, d classified under both; a and d agree
    assert agreement.loc["s1", "s3"] == 1.0  # a and b
    assert result["mean_pairwise_agreement"] == pytest.approx(np.mean([2 / 3, 1.0, 2 / 3]))
    assert multiverse.stability(wide, ("s1",))["stability_share"] == 1.0


def test_families_and_the_multiverse_over_places():
    frame = square()
    specs = multiverse.specifications(frame)
    assert len(specs) == 8 and all(s.rule == "median" for s in specs)  # 2 centralities × 4 measures present
    fam = multiverse.families(frame)
    assert len(fam["all"]) == 8 and len(fam["centrality varies"]) == 2 and len(fam["connection varies"]) == 4
    assert {s.connection for s in fam["functional"]} == {"commuting", "long_commutes"}
    assert {s.connection for s in fam["outcome proxies"]} == {"education", "composite"}
    table = multiverse.family_stability(frame, reference=reference(frame))
    assert list(table.index) == ["all", "centrality varies", "connection varies", "outcome proxies", "functional"]
    assert (table["entities"] == 9).all()
    wide = multiverse.cells(frame, specs, reference(frame))
    assert len(wide) == 9 and list(wide.columns[:2]) == ["csd_uid", "name"]


def test_residents_view_is_reported_apart_and_moves_the_cuts():
    frame = square()
    view = multiverse.residents_view(frame, (matrix.Specification("remoteness_2021", "education"),), reference(frame))
    row = view.iloc[0]
    assert row["connection_cut_median"] == 50
    assert row["connection_cut_weighted"] == 65  # half of the 12,600 municipal residents live at or above 65
    assert row["centrality_cut_weighted"] < row["centrality_cut_median"]
    assert row["change_cell"] > 0
    assert row["place_cell_median"] is None  # Saint-Camille, the default, is not in this frame
    assert (
        multiverse.residents_view(frame, (matrix.Specification(),), reference(frame), csd_uid="2400000").iloc[0][
            "place_cell_weighted"
        ]
        == TECHNOPOLE
    )


def test_ties_and_bands_are_counted_per_cut():
    frame = square()
    table = multiverse.ties(frame, (matrix.Specification(),), reference(frame)).set_index(["axis", "definition"])
    assert table.loc[("connection", "education"), "ties"] == 2
    assert table.loc[("centrality", "sac"), "ties"] == 0
    bands = multiverse.bands(frame, (matrix.Specification("remoteness_2021", "education"),), reference(frame))
    bands = bands.set_index(["axis", "definition"])
    assert bands.loc[("connection", "education"), "in_band"] == 2  # only the two places at 50 are within ±2 points
    assert bands.loc[("connection", "education"), "entities"] == 9
    assert np.isnan(bands.loc[("centrality", "remoteness_2021"), "width"])
    assert bands.loc[("centrality", "remoteness_2021"), "in_percentile_band"] >= 1


def test_tie_bounds_move_only_the_places_at_the_cut():
    frame = square()
    bounds = multiverse.tie_bounds(frame, matrix.Specification(), reference(frame))
    assert bounds.at[AT_CUT, "band"] == 1 and bounds.at[AT_CUT, "upper"] == 0
    assert bounds.at[EXPERIMENTATION, "upper"] == bounds.at[EXPERIMENTATION, "band"] + 1
    assert bounds.at[EXCLUSION, "lower"] == bounds.at[EXCLUSION, "band"] + 1
    assert (bounds.sum() == 9).all()


def test_cell_report_places_one_entity_under_every_specification_without_tuning():
    frame = square()
    report = multiverse.cell_report(frame, "2400002", reference=reference(frame))
    assert len(report) == 16  # 8 specifications × 2 rules
    row = report.loc["sac-education-median"]
    assert row["cell"] == EXPERIMENTATION and row["connection_score"] == 60 and row["connection_cut"] == 50
    assert row["centrality_status"] == "peripheral"
    assert 0 <= row["connection_percentile"] <= 100
    with pytest.raises(KeyError, match="2499999"):
        multiverse.cell_report(frame, "2499999")


def test_group_cells_positions_the_other_group_against_the_municipal_cuts():
    frame = square()
    groups = communities.group(frame)
    table = multiverse.group_cells(frame, matrix.Specification(), groups, reference(frame))
    assert table.loc[(communities.INDIGENOUS, EXCLUSION), "entities"] == 1
    assert table.loc[(communities.MUNICIPALITIES, TECHNOPOLE), "population"] == 8000
    assert table.xs(communities.MUNICIPALITIES)["entities"].sum() == 9


def test_the_matrix_figure_names_the_four_cells_with_places_and_residents():
    frame = square()
    a = matrix.assign(frame, reference=reference(frame))
    chart = charts.klein_matrix(a.counts(), a.spec).to_dict()
    assert chart["title"]["text"].startswith("Klein's matrix")
    assert "1 place sits at a cut and 1 is unclassified" in chart["description"]  # agreement with a count of 1
    values = next(iter(chart["datasets"].values()))
    assert {v["cell"] for v in values} == {TECHNOPOLE, EXPERIMENTATION, RECONVERSION, EXCLUSION}
    assert {v["space"] for v in values} == {"central spaces", "peripheral spaces"}
    assert any(v["places"] == "2 places" for v in values)
    # The tooltip's titles name what it counts: "places: 2", not "places: 2 places".
    tips = {t["field"]: t["title"] for t in chart["layer"][0]["encoding"]["tooltip"]}
    assert tips == {"cell": "cell", "places_count": "places", "residents_count": "residents"}
    assert any(v["places_count"] == "2" for v in values)


def test_the_matrix_scatter_draws_places_at_the_cut_and_the_sac_line_between_classes():
    frame = square()
    a = matrix.assign(frame, reference=reference(frame))
    chart = charts.matrix_scatter(a).to_dict()
    values = next(v for v in chart["datasets"].values() if v and "cell" in v[0] and "centrality_score" in v[0])
    cells = {v["cell"] for v in values}
    assert AT_CUT in cells and UNCLASSIFIED not in cells  # ties drawn in their own colour, gaps left out
    assert len(values) == 8  # the reserve is outside the reference sample; the place without a class is left out
    rules = [v for v in chart["datasets"].values() if v and set(v[0]) in ({"x"}, {"y"})]
    assert {"x": charts.SAC_LINE} in [r[0] for r in rules] and {"y": 50.0} in [r[0] for r in rules]


def test_the_stability_chart_shows_each_family_with_its_counts():
    frame = square()
    table = multiverse.family_stability(frame, reference=reference(frame))
    chart = charts.stability_bars(table).to_dict()
    values = next(iter(chart["datasets"].values()))
    assert [v["family"] for v in values] == list(table.index)
    assert all(v["label"] in charts.FAMILY_LABELS.values() for v in values)
    assert chart["description"].startswith("Bar chart of the share of municipalities")


def test_the_cell_bars_name_every_group_at_the_cut_included():
    frame = square()
    a = matrix.assign(frame, reference=reference(frame))
    chart = charts.cell_bars(a.counts(), a.spec).to_dict()
    values = next(iter(chart["datasets"].values()))
    assert {v["cell"] for v in values} == {TECHNOPOLE, EXPERIMENTATION, RECONVERSION, EXCLUSION, AT_CUT, UNCLASSIFIED}
