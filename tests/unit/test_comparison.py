"""The before/after comparison (analysis.analyses.case.comparison) on hand-made places, then on the real data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.analyses.case import comparison
from analysis.data import load

TARGET = "2400001"


def places() -> pd.DataFrame:
    """A target and six places. ``twin`` equals the target on every 2006 value but differs after;
    ``post_twin`` equals it after (2016 population, SAC class) but differs in 2006."""
    rows = [
        # csd, name, pop06, inc, edu, hous, lab, remote, pop16, pop21, rural, type, cwb06, cwb16, cwb21, edu21, age, fac
        (TARGET, "Target", 400, 60, 55, 95, 90, 0.16, 480, 500, "Rural", "Non-Indigenous", 75, 78, 80, 62, 40.0, 3),
        ("2400002", "twin", 400, 60, 55, 95, 90, 0.16, 380, 360, "Rural", "Non-Indigenous", 75, 73, 72, 50, 55.0, 0),
        ("2400003", "near", 450, 62, 53, 94, 89, 0.17, 460, 470, "Rural", "Non-Indigenous", 75, 76, 77, 55, 45.0, 1),
        (
            "2400004",
            "post_twin",
            4000,
            75,
            70,
            99,
            95,
            0.60,
            480,
            500,
            "Urban",
            "Non-Indigenous",
            85,
            86,
            87,
            75,
            40,
            3,
        ),
        ("2400005", "far", 900, 50, 40, 88, 80, 0.40, 800, 700, "Rural", "Non-Indigenous", 66, 66, 67, 41, 52.0, 0),
        ("2400006", "reserve", 400, 60, 55, 95, 90, 0.16, 420, 440, "Rural", "First Nations", 75, 76, 77, 56, 30, 0),
        (
            "2400007",
            "merged",
            None,
            None,
            None,
            None,
            None,
            0.16,
            900,
            950,
            "Rural",
            "Non-Indigenous",
            None,
            77,
            78,
            57,
            44,
            1,
        ),
    ]
    columns = [
        "csd_uid",
        "name",
        "pop_census_2006",
        "cwb_income_2006",
        "cwb_education_2006",
        "cwb_housing_2006",
        "cwb_labour_2006",
        "remoteness_2016",
        "pop_census_2016",
        "pop_census_2021",
        "rural_urban_2016",
        "community_type_2021",
        "cwb_2006",
        "cwb_2016",
        "cwb_2021",
        "cwb_education_2021",
        "median_age_2021",
        "cultural_facilities_2016",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("pop_census_2006", "pop_census_2016", "pop_census_2021", "cultural_facilities_2016"):
        frame[column] = frame[column].astype("Int64")
    frame["mrc_code"] = ["01", "01", "02", "03", "01", "04", "02"]
    return frame


def test_the_pool_keeps_complete_pre_treatment_values_of_one_community_type():
    pool = comparison.pre_treatment_frame(places())
    assert "reserve" not in set(pool["name"])  # another CWB community type
    assert "merged" not in set(pool["name"])  # no 2006 values (a merger since 2006)
    assert pool.loc[pool["name"] == "Target", "log_pop_census_2006"].item() == pytest.approx(math.log(400))
    assert "reserve" in set(comparison.pre_treatment_frame(places(), community_type=None)["name"])


def test_matching_uses_values_from_before_not_outcomes_or_post_treatment_classes():
    pool = comparison.pre_treatment_frame(places())
    matched = comparison.match_comparables(pool, TARGET, k=2)
    assert list(matched["name"]) == ["twin", "near"]
    assert matched.loc[0, "distance"] == 0.0 and list(matched["match_rank"]) == [1, 2]
    # the place that looks like the target in 2016 (population, urban class) but not in 2006 is the farthest
    everyone = comparison.match_comparables(pool, TARGET, k=None, caliper=np.inf)
    assert everyone.iloc[-1]["name"] in {"post_twin", "far"}
    assert TARGET not in set(everyone["csd_uid"])


def test_distances_are_on_covariates_standardised_over_the_pool():
    pool = comparison.pre_treatment_frame(places())
    distance = comparison.standardised_distance(pool, TARGET, ("cwb_education_2006",))
    sd = pool["cwb_education_2006"].astype(float).std(ddof=0)
    near = pool.index[pool["name"] == "near"][0]
    assert distance[near] == pytest.approx(abs(53 - 55) / sd)
    with pytest.raises(ValueError):
        comparison.standardised_distance(pool.assign(flat=1.0), TARGET, ("flat",))
    with pytest.raises(KeyError):
        comparison.standardised_distance(pool, "2499999")


def test_caliper_and_exact_restrictions():
    pool = comparison.pre_treatment_frame(places())
    within = comparison.match_comparables(pool, TARGET, k=None, caliper=0.1)
    assert list(within["name"]) == ["twin"]
    rural = comparison.match_comparables(pool, TARGET, k=10, exact={"rural_urban_2016": None})
    assert "post_twin" not in set(rural["name"]) and len(rural) == 3
    with pytest.raises(ValueError):
        comparison.match_comparables(pool, TARGET, k=None, caliper=None)


def test_a_target_without_its_values_before_is_not_matched_and_its_placements_are_missing():
    blank = places()
    blank.loc[blank["csd_uid"] == TARGET, "cwb_education_2006"] = np.nan
    pool = comparison.pre_treatment_frame(blank)
    assert not comparison.target_available(pool, TARGET)
    matched = comparison.match_comparables(pool, TARGET, k=2)
    assert matched.empty and {"distance", "match_rank"} <= set(matched.columns)
    result = comparison.compare(blank, TARGET, k=2)
    assert not result["available"] and result["comparables"].empty
    assert result["placement"]["percentile"].isna().all() and (result["placement"]["n"] == 0).all()
    assert result["balance"]["std_difference"].isna().all()
    assert comparison.comparison_sensitivity(blank, TARGET, ks=(2,)).isna().all(axis=None)
    headlines = comparison.comparison_headlines(result["placement"], result["balance"])
    assert headlines["comparables"] == 0 and np.isnan(headlines["max_abs_std_difference"])
    # 'devitalised?' with a missing value: not available, never 'not in the lowest fifth'
    table = comparison.devitalisation_2006(blank, TARGET)
    row = table.loc["cwb_education_2006"]
    assert pd.isna(row["in_lowest_fifth"]) and pd.isna(row["mrc_rank"]) and np.isnan(row["quebec_percentile"])
    facts = comparison.devitalisation_headlines(table)
    assert facts["measures_available"] == facts["measures"] - 1


def test_balance_compares_the_target_with_its_comparables_before():
    pool = comparison.pre_treatment_frame(places())
    matched = comparison.match_comparables(pool, TARGET, k=2)
    table = comparison.balance(pool, matched, TARGET)
    row = table.loc["cwb_education_2006"]
    assert row["target"] == 55 and row["comparables_mean"] == pytest.approx(54)
    assert row["std_difference"] == pytest.approx(1 / pool["cwb_education_2006"].astype(float).std(ddof=0))
    assert row["target_percentile"] == pytest.approx(75.0)  # above 'near', tied with 'twin'


def test_outcomes_are_computed_and_missing_stays_missing():
    frame = places()
    frame.loc[frame["name"] == "far", "pop_census_2006"] = pd.NA
    outcomes = comparison.outcome_frame(frame).set_index("csd_uid")
    assert outcomes.loc[TARGET, "growth_2006_2021_pct"] == pytest.approx(25.0)
    assert outcomes.loc[TARGET, "education_change_2006_2021"] == 7
    assert outcomes.loc[TARGET, "cwb_change_2006_2016"] == 3 and outcomes.loc[TARGET, "cwb_change_2006_2021"] == 5
    assert outcomes.loc[TARGET, "cultural_facilities_per_1000"] == pytest.approx(3 / 480 * 1000)
    assert math.isnan(outcomes.loc["2400005", "growth_2006_2021_pct"])


def test_placement_gives_percentiles_ranks_and_the_small_number_range():
    outcomes = pd.DataFrame(
        {
            "csd_uid": [TARGET, "a", "b", "c", "d"],
            "growth_2006_2021_pct": [10.0, 0.0, 5.0, 10.0, 20.0],
            "median_age_2021": [40.0, 50.0, 45.0, np.nan, 35.0],
        }
    )
    comparables = pd.DataFrame({"csd_uid": ["a", "b", "c", "d"]})
    placed = comparison.placement(outcomes, comparables, TARGET, margins={"growth_2006_2021_pct": 6.0})
    growth = placed.loc["growth_2006_2021_pct"]
    # two below, one tie, one above: (2 + 0.5) / 4
    assert growth["percentile"] == pytest.approx(62.5) and growth["rank_from_top"] == 2
    assert growth["n"] == 4 and growth["step"] == 25 and growth["comparables_median"] == pytest.approx(7.5)
    # 10 - 6 = 4 is above one comparable, 10 + 6 = 16 above three
    assert growth["percentile_low"] == pytest.approx(25.0) and growth["percentile_high"] == pytest.approx(75.0)
    age = placed.loc["median_age_2021"]
    assert age["n"] == 3 and age["percentile"] == pytest.approx(100 / 3)  # one of three comparables is younger
    assert age["lower_is_younger"] and math.isnan(age["percentile_low"])  # no margin given


def test_small_number_margins_scale_with_the_place():
    margins = comparison.small_number_margins(places(), TARGET)
    assert margins["growth_2006_2021_pct"] == pytest.approx(100 * 5 / 400)
    assert margins["cultural_facilities_per_1000"] == pytest.approx(1000 / 480)
    assert margins["cwb_education_2021"] == 2.0


def test_devitalisation_places_2006_values_against_quebec_the_mrc_and_comparables():
    table = comparison.devitalisation_2006(places(), TARGET, comparables=pd.DataFrame({"csd_uid": ["2400002"]}))
    education = table.loc["cwb_education_2006"]
    # among the five non-Indigenous places with a value: far 40, near 53, target 55, twin 55, post_twin 70
    assert education["quebec_n"] == 5 and education["quebec_percentile"] == pytest.approx(60.0)
    assert not education["in_lowest_fifth"]
    assert education["mrc_rank"] == 1  # tied with the twin, ahead of 'far' (MRC 01)
    assert education["comparables_percentile"] == pytest.approx(50.0)
    low = comparison.devitalisation_2006(places(), "2400005")
    assert low.loc["cwb_2006", "in_lowest_fifth"]
    facts = comparison.devitalisation_headlines(table)
    assert facts["measures"] == 5 and facts["cwb_education_2006"] == 55


# --------------------------------------------------------------------------- the committed tables


def test_saint_camille_among_places_like_it_in_2006():
    municipalities = load.municipalities()
    pool = comparison.pre_treatment_frame(municipalities)
    matched = comparison.match_comparables(pool)
    assert len(matched) == comparison.DEFAULT_K
    assert (matched["community_type_2021"] == "Non-Indigenous").all()
    balanced = comparison.balance(pool, matched)
    assert balanced["std_difference"].abs().max() < 0.6  # close before, on every covariate
    placed = comparison.placement(
        comparison.outcome_frame(municipalities), matched, margins=comparison.small_number_margins(municipalities)
    )
    assert placed.loc["growth_2006_2021_pct", "percentile"] >= 80  # grew more than most places like it
    assert placed.loc["median_age_2021", "percentile"] <= 30  # younger than most
    assert placed.loc["cultural_facilities_per_1000", "percentile"] == 100
    # the 2021 education level is high, but so was 2006's: its change is ordinary
    assert placed.loc["education_change_2006_2021", "percentile"] < placed.loc["cwb_education_2021", "percentile"]
    sensitivity = comparison.comparison_sensitivity(municipalities)
    assert sensitivity.loc["growth_2006_2021_pct"].min() >= 80


def test_saint_camille_was_not_in_the_lowest_fifth_in_2006():
    table = comparison.devitalisation_2006(load.municipalities())
    assert not table["in_lowest_fifth"].any()
    assert table.loc["cwb_education_2006", "mrc_rank"] == 1 and table.loc["cwb_education_2006", "target"] == 57
    assert table.loc["cwb_income_2006", "quebec_percentile"] < 30  # the one low component
