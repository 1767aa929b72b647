"""The two axes of the matrix, defined once: cuts and ties, centrality, connection, the two groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import centrality, communities, connection_measures, cuts


def places(**columns) -> pd.DataFrame:
    """A hand-made municipalities table: every column the definitions read, overridable."""
    n = len(next(iter(columns.values())))
    base = {
        "csd_uid": [f"24{i:05d}" for i in range(n)],
        "name": [f"place {i}" for i in range(n)],
        "region_name": ["R"] * n,
        "region_code": ["01"] * n,
        "mrc_code": ["01"] * n,
        "mrc_name": ["M"] * n,
        "cd_uid": ["2401"] * n,
        "designation": ["Municipalité"] * n,
        "community_type_2021": ["Non-Indigenous"] * n,
        "pop_census_2021": [100] * n,
        "sac_class_2016": ["CMA"] * n,
        "remoteness_2016": np.linspace(0.1, 0.5, n),
        "remoteness_2021": np.linspace(0.1, 0.5, n),
        "cwb_education_2021": [50.0] * n,
        "cwb_income_2021": [70.0] * n,
        "cwb_labour_2021": [80.0] * n,
        "commute_other_cd_pct_2016": [10.0] * n,
        "commute_other_province_pct_2016": [0.0] * n,
        "commute_60min_plus_pct_2021": [5.0] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


# --- cuts and ties -----------------------------------------------------------------------------


def test_ties_at_the_cut_follow_the_stated_rule():
    scores = pd.Series([50, 55, 55, 55, 60, np.nan])
    assert cuts.cut_value(scores) == 55
    assert cuts.ties_at(scores, 55) == 3
    assert list(cuts.side(scores, 55, "band").iloc[:5]) == ["lower", "at the cut", "at the cut", "at the cut", "upper"]
    assert list(cuts.side(scores, 55, "upper").iloc[:5]) == ["lower", "upper", "upper", "upper", "upper"]
    assert list(cuts.side(scores, 55, "lower").iloc[:5]) == ["lower", "lower", "lower", "lower", "upper"]
    assert pd.isna(cuts.side(scores, 55).iloc[5])  # missing stays missing


def test_unknown_rules_are_refused_by_name():
    with pytest.raises(ValueError, match="tie rule"):
        cuts.side(pd.Series([1.0]), 1.0, "middle")
    with pytest.raises(ValueError, match="cut rule"):
        cuts.cut_value(pd.Series([1.0]), "mean")
    with pytest.raises(ValueError, match="population"):
        cuts.cut_value(pd.Series([1.0]), "weighted")


def test_weighted_cut_follows_the_residents():
    values = pd.Series([0.05, 0.2, 0.3, 0.6])
    assert cuts.cut_value(values, "weighted", pd.Series([900, 50, 30, 20])) == 0.05
    assert cuts.cut_value(values, "median") == pytest.approx(0.25)


def test_band_counts_places_within_a_stated_distance_of_the_cut():
    scores = pd.Series([50, 53, 54, 55, 56, 57, 58, 70, np.nan])
    assert cuts.band(scores, 55, 2).tolist() == [False, True, True, True, True, True, False, False, False]
    assert int(cuts.band(scores, 55, 0).sum()) == 1
    with pytest.raises(ValueError):
        cuts.band(scores, 55, -1)


def test_percentile_band_and_percentile_ranks():
    scores = pd.Series(np.arange(1.0, 101.0))  # 1..100, cut at 50.5 (rank 50)
    ranks = cuts.percentile_ranks(scores)
    assert ranks.iloc[0] == pytest.approx(0.5) and ranks.iloc[-1] == pytest.approx(99.5)
    within = cuts.band(scores, 50.5, 5, unit="percentile")
    assert int(within.sum()) == 10  # ranks 45.5 .. 54.5
    assert cuts.percentile_ranks(pd.Series([np.nan, 1.0])).isna().iloc[0]


# --- centrality ----------------------------------------------------------------------------------


def test_the_sac_split_puts_every_miz_village_in_the_periphery():
    frame = places(sac_class_2016=["CMA", "CA", "Strong MIZ", "Moderate MIZ", "Weak MIZ", "No MIZ", None])
    status = centrality.status(frame, "sac")
    assert list(status.iloc[:6]) == ["central", "central", "peripheral", "peripheral", "peripheral", "peripheral"]
    assert pd.isna(status.iloc[6])
    assert np.isnan(centrality.cut(frame, "sac"))  # a class definition has no threshold, hence no ties
    # the weighted rule does not move a class definition
    assert centrality.status(frame, "sac", rule="weighted").equals(status)


def test_remoteness_is_cut_at_the_median_of_the_reference_sample_only():
    frame = places(
        remoteness_2021=[0.1, 0.2, 0.3, 0.4, 0.9, 0.95],
        community_type_2021=["Non-Indigenous"] * 4 + ["First Nations"] * 2,
    )
    everyone = centrality.cut(frame, "remoteness_2021")
    municipal = communities.reference_sample(frame)
    assert everyone == pytest.approx(0.35)
    assert centrality.cut(frame, "remoteness_2021", reference=municipal) == pytest.approx(0.25)
    status = centrality.status(frame, "remoteness_2021", reference=municipal)
    assert list(status) == ["central", "central", "peripheral", "peripheral", "peripheral", "peripheral"]


def test_an_odd_sample_puts_its_median_place_at_the_cut_and_the_tie_rule_decides():
    frame = places(remoteness_2021=[0.1, 0.2, 0.3])
    assert list(centrality.status(frame, "remoteness_2021")) == ["central", "at the cut", "peripheral"]
    # for remoteness the upper side of the score is the periphery
    assert centrality.status(frame, "remoteness_2021", ties="upper").iloc[1] == "peripheral"
    assert centrality.status(frame, "remoteness_2021", ties="lower").iloc[1] == "central"


def test_centrality_summary_counts_the_reference_sample():
    frame = places(
        sac_class_2016=["CMA", "Moderate MIZ", "Moderate MIZ", "No MIZ"],
        pop_census_2021=[1000, 100, 100, 0],
        remoteness_2021=[0.1, 0.2, 0.3, np.nan],
    )
    ref = communities.reference_sample(frame)  # the uninhabited place is left out
    table = centrality.summary(frame, ("sac", "remoteness_2021"), reference=ref)
    assert table.loc["sac", ["central", "peripheral", "at_cut", "missing"]].tolist() == [1, 2, 0, 0]
    assert table.at["sac", "population_share_central"] == pytest.approx(1000 / 1200)
    assert table.loc["remoteness_2021", ["central", "peripheral", "at_cut"]].tolist() == [1, 1, 1]
    assert table.at["remoteness_2021", "cut"] == pytest.approx(0.2)


def test_agreement_and_edition_comparison():
    frame = places(
        sac_class_2016=["CMA", "CA", "Strong MIZ", "Weak MIZ"],
        remoteness_2016=[0.10, 0.30, 0.20, 0.40],
        remoteness_2021=[0.12, 0.22, 0.32, 0.42],
    )
    table = centrality.agreement(frame, "sac", "remoteness_2021")
    assert table.loc["central", "central"] == 2 and table.loc["peripheral", "peripheral"] == 2
    assert table.to_numpy().sum() == 4
    editions = centrality.edition_comparison(frame)
    assert editions["entities_both"] == 4
    assert editions["change_side"] == 2  # places 1 and 2 swap sides
    assert editions["spearman"] == pytest.approx(0.8)


def test_unknown_definitions_and_missing_columns_are_named():
    with pytest.raises(ValueError, match="centrality definition"):
        centrality.definition("distance")
    with pytest.raises(KeyError, match="remoteness_2021"):
        centrality.score(places(sac_class_2016=["CMA"]).drop(columns="remoteness_2021"), "remoteness_2021")
    assert centrality.PUBLISHED_CLASSES["implemented"] is False


# --- connection -----------------------------------------------------------------------------------


def test_connection_statuses_with_ties_set_apart():
    frame = places(cwb_education_2021=[40.0, 55.0, 55.0, 70.0, np.nan])
    status = connection_measures.status(frame, "education")
    assert list(status.iloc[:4]) == ["disconnected", "at the cut", "at the cut", "connected"]
    assert pd.isna(status.iloc[4])
    assert connection_measures.status(frame, "education", ties="upper").iloc[1] == "connected"
    table = connection_measures.summary(frame, ("education",))
    assert table.loc["education", ["connected", "disconnected", "at_cut", "missing", "band"]].tolist() == [
        1,
        1,
        2,
        1,
        2,
    ]


def test_functional_connection_adds_the_two_commuting_shares():
    frame = places(commute_other_cd_pct_2016=[10.0, 30.0, np.nan], commute_other_province_pct_2016=[1.0, 0.0, 5.0])
    assert connection_measures.score(frame, "commuting").tolist()[:2] == [11.0, 30.0]
    assert np.isnan(connection_measures.score(frame, "commuting").iloc[2])
    assert connection_measures.definition("commuting").kind == "functional"


def test_optional_measures_are_reported_absent_not_invented():
    frame = places(cwb_education_2021=[50.0, 60.0])
    table = connection_measures.available(frame)
    assert not table.at["university", "present"] and table.at["university", "entities"] == 0
    assert table.at["university", "missing_columns"] == "university_25_64_pct_2021"
    assert connection_measures.present(frame) == connection_measures.MAIN
    with pytest.raises(KeyError, match="knowledge_industries_pct_2021"):
        connection_measures.score(frame, "knowledge_industries")
    with_it = places(cwb_education_2021=[50.0, 60.0], university_25_64_pct_2021=[20.0, np.nan])
    assert "university" in connection_measures.present(with_it)
    assert connection_measures.available(with_it).at["university", "entities"] == 1


def test_the_composite_is_flagged_circular_and_scored_on_the_reference_sample_only():
    frame = places(
        cwb_education_2021=[40.0, 50.0, 60.0, 10.0],
        cwb_income_2021=[60.0, 70.0, 80.0, 20.0],
        cwb_labour_2021=[70.0, 80.0, 90.0, 30.0],
    )
    assert "circular" in connection_measures.definition("composite").label
    ref = pd.Series([True, True, True, False])
    score = connection_measures.score(frame, "composite", ref)
    assert np.isnan(score.iloc[3]) and score.iloc[1] == pytest.approx(0)
    assert score.iloc[2] > score.iloc[1] > score.iloc[0]


def test_weights_of_the_education_component_are_not_claimed():
    assert connection_measures.WEIGHTS_VERIFIED is False
    assert "not verified" in connection_measures.definition("education").measures


# --- the two groups --------------------------------------------------------------------------------


def test_first_nations_and_inuit_communities_by_type_or_by_designation():
    frame = places(
        designation=[
            "Municipalité",
            "Réserve indienne",
            "Réserve indienne",
            "Village nordique",
            "Terre de la catégorie IA-N",
            "Terre de la catégorie IA",
            "Terre de la catégorie I",
            "Village cri (Terre de la catégorie",
            "Territoire non organisé",
        ],
        community_type_2021=[
            "Non-Indigenous",
            "First Nations",
            None,
            "Inuit",
            "First Nations",
            "First Nations",
            "Inuit",
            "Non-Indigenous",
            "Inuit",
        ],
        pop_census_2021=[500, 300, 0, 400, 600, 700, 0, 10, 5],
    )
    group = communities.group(frame)
    assert group.iloc[0] == communities.MUNICIPALITIES
    assert (group.iloc[1:] == communities.INDIGENOUS).all()
    criterion = communities.criterion(frame)
    assert criterion.iloc[2] == "designation only"  # a reserve without a CWB type
    assert criterion.iloc[7] == "designation only"  # a Cree village typed non-Indigenous by the CWB
    assert criterion.iloc[8] == "CWB type only"  # an Inuit unorganised territory
    regimes = communities.regime(frame)
    assert regimes.iloc[4].startswith("Naskapi Category IA-N") and regimes.iloc[5].startswith("Cree Category IA")
    assert regimes.iloc[6].startswith("Inuit Category I") and regimes.iloc[3].startswith("Inuit northern village")
    assert regimes.iloc[0] == communities.MUNICIPAL_REGIME and regimes.iloc[8] == communities.OTHER_REGIME
    counts = communities.counts(frame)
    assert counts.loc[communities.INDIGENOUS, ["entities", "inhabited"]].tolist() == [8, 6]
    reference = communities.reference_sample(frame, communities.INDIGENOUS)
    assert reference.sum() == 6 and not reference.iloc[0]
    assert set(communities.for_both(frame, len).values()) == {9, 1, 8}
    context = communities.context_table(frame)
    assert context["entities"].sum() == 8


def test_unknown_group_is_refused():
    with pytest.raises(ValueError, match="group"):
        communities.reference_sample(places(name=["a"]), "villages")


def test_by_region_gives_the_share_central_under_each_definition():
    frame = places(
        region_name=["A", "A", "A", "B", "B", "B"],
        sac_class_2016=["CMA", "Strong MIZ", "Moderate MIZ", "CA", "No MIZ", None],
        remoteness_2021=[0.1, 0.2, 0.3, 0.6, 0.7, 0.8],
    )
    table = centrality.by_region(frame)
    assert table["places"].tolist() == [3, 3]
    assert table.loc["A", "central_sac"] == pytest.approx(1 / 3)  # a moderate-MIZ village is peripheral
    assert table.loc["B", "central_sac"] == pytest.approx(1 / 2)  # the place without a class is left out
    assert table.loc["A", "central_remoteness_2021"] == 1 and table.loc["B", "central_remoteness_2021"] == 0
    reference = pd.Series([True, True, False, True, True, True])
    assert centrality.by_region(frame, reference=reference).loc["A", "places"] == 2
