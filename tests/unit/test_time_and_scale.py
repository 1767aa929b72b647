"""Time depth (the 2006-2016-2021 trajectory), places vs people, and the chapters' intervals, on hand-made tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import communities, connection, debate, plural_economy, scale, trajectory
from analysis.analyses.matrix import AT_CUT, EXCLUSION, EXPERIMENTATION, RECONVERSION, TECHNOPOLE
from analysis.data.errors import InputError
from tests.unit.test_axes import places


def long_table(rows) -> pd.DataFrame:
    """(csd_uid, year, link, education, population) tuples → the documented trajectory layout."""
    out = pd.DataFrame(rows, columns=["csd_uid", "year", "link", "education", "population"])
    out["source_csd_uid"] = out["csd_uid"]
    for column in ("cwb", "income", "housing", "labour"):
        out[column] = 70.0
    out["community_type"] = "Non-Indigenous"
    return out[list(trajectory.COLUMNS)]


def four_places():
    frame = places(sac_class_2016=["CMA", "Moderate MIZ", "CMA", "No MIZ", "No MIZ"])
    rows = []
    # place 0: central, connected throughout; place 1: peripheral, rises from below to above the median;
    # place 2: central, falls; place 3: peripheral, stays low; place 4: merged in 2006 (not comparable)
    for year, values in {2006: (60, 40, 55, 30, 45), 2016: (62, 50, 50, 35, 47), 2021: (66, 58, 48, 36, 50)}.items():
        for i, value in enumerate(values):
            link = "merged" if (i == 4 and year == 2006) else "matched"
            rows.append((f"24{i:05d}", year, link, float(value), 100 + i))
    return frame, long_table(rows)


def test_the_layout_is_checked_and_errors_name_the_table_column_and_rows():
    _, table = four_places()
    trajectory.check(table)
    bad = table.copy()
    bad.loc[3, "link"] = "annexed"
    with pytest.raises(InputError, match="unknown link") as error:
        trajectory.check(bad)
    assert error.value.column == "link" and "annexed" in str(error.value) and trajectory.TABLE in str(error.value)
    with pytest.raises(InputError, match="missing column"):
        trajectory.check(table.drop(columns="link"))
    twice = pd.concat([table, table.head(1)])
    with pytest.raises(InputError, match="twice"):
        trajectory.check(twice)


def test_links_wide_and_changes_keep_only_comparable_values():
    _, table = four_places()
    links = trajectory.link_summary(table)
    assert links.loc[2006, "merged"] == 1 and links.loc[2006, "matched"] == 4 and links.loc[2021, "matched"] == 5
    assert links.loc[2006, "with_education"] == 4
    wide = trajectory.wide(table)
    assert np.isnan(wide.loc["2400004", "2006"]) and wide.loc["2400004", "link_2006"] == "merged"
    change = trajectory.changes(table)
    assert "2400004" not in change.index  # merged in 2006: not compared
    assert change.loc["2400001", "change"] == 18 and change.loc["2400001", "change_pct"] == pytest.approx(45)
    everything = trajectory.changes(table, links=trajectory.LINKS)
    assert "2400004" in everything.index
    path = trajectory.path_of(table, "2400001")
    assert path["education"].tolist() == [40.0, 50.0, 58.0]
    with pytest.raises(KeyError):
        trajectory.path_of(table, "2499999")
    with pytest.raises(ValueError, match="measure"):
        trajectory.wide(table, "happiness")


def test_the_map_moves_under_a_fixed_specification():
    frame, table = four_places()
    panel = trajectory.panel_cells(table, frame, "sac", reference=communities.reference_sample(frame))
    assert list(panel.index) == ["2400000", "2400001", "2400002", "2400003"]  # the merged place is out
    assert panel.attrs["cuts"] == {2006: 47.5, 2016: 50.0, 2021: 53.0}
    assert panel.loc["2400001", "cell_2006"] == EXCLUSION and panel.loc["2400001", "cell_2021"] == EXPERIMENTATION
    assert panel.loc["2400002", "cell_2006"] == TECHNOPOLE and panel.loc["2400002", "cell_2021"] == RECONVERSION
    assert panel.loc["2400001", "cell_2016"] == AT_CUT and panel.loc["2400002", "cell_2016"] == AT_CUT
    moves = trajectory.transitions(panel)
    assert moves.loc[EXCLUSION, EXPERIMENTATION] == 1 and moves.to_numpy().sum() == 4
    summary = trajectory.transition_summary(panel)
    assert summary["classified_both"] == 4 and summary["same_cell"] == 2 and summary["same_cell_share"] == 0.5
    assert summary["changed_connection"] == 2
    fixed = trajectory.panel_cells(table, frame, "sac", cut_rule="fixed")
    assert fixed.attrs["cuts"][2021] == 47.5  # the 2006 median held: absolute change
    with pytest.raises(ValueError, match="cut rule"):
        trajectory.panel_cells(table, frame, cut_rule="rolling")


def test_aggregation_changes_the_relation_modifiable_units():
    # Three MRCs: between them education and income rise together, within each they fall.
    frame = places(
        cwb_education_2021=[40.0, 50.0, 60.0, 70.0, 80.0, 90.0],
        cwb_income_2021=[62.0, 58.0, 82.0, 78.0, 102.0, 98.0],
        mrc_code=["01", "01", "02", "02", "03", "03"],
        region_code=["01"] * 6,
        pop_census_2021=[100] * 6,
    )
    split = scale.within_between(frame, "cwb_education_2021", "cwb_income_2021")
    assert split["between"] == pytest.approx(1.0) and split["within"] == pytest.approx(-1.0)
    assert 0 < split["overall"] < 1 and split["groups"] == 3
    table = scale.by_scale(frame, "cwb_education_2021", "cwb_income_2021", units=("mrc_code",))
    assert list(table.index) == ["municipalities", "MRCs"]
    assert table.loc["MRCs", "units"] == 3 and table.loc["MRCs", "slope"] == pytest.approx(1.0)
    assert table.loc["municipalities", "slope"] < table.loc["MRCs", "slope"]
    mrcs = scale.aggregate(frame, ["cwb_education_2021"], "mrc_code")
    assert mrcs.loc["01", "cwb_education_2021"] == 45 and mrcs.loc["02", "population"] == 200


def test_typical_place_and_typical_resident():
    frame = places(cwb_education_2021=[40.0, 45.0, 50.0, 80.0], pop_census_2021=[10, 10, 10, 1000])
    table = scale.place_and_resident_medians(frame, ["cwb_education_2021"])
    row = table.loc[("all", "cwb_education_2021")]
    assert row["place_median"] == 47.5 and row["resident_median"] == 80 and row["difference"] == 32.5


def test_chapter_one_and_two_intervals():
    rng = np.random.default_rng(8)
    n = 200
    frame = places(
        cwb_2021=rng.uniform(60, 90, n),
        cwb_income_2021=rng.uniform(50, 90, n),
        cwb_education_2021=rng.uniform(30, 80, n),
        cwb_labour_2021=rng.uniform(60, 95, n),
        pop_census_2021=rng.integers(100, 5000, n),
        pop_change_2016_2021_pct=rng.normal(2, 4, n),
        sac_class_2016=rng.choice(["CMA", "Moderate MIZ"], n),
    )
    frame["cwb_labour_2021"] = frame["cwb_labour_2021"] + 0.3 * frame["cwb_income_2021"]
    burden = debate.burden_intervals(frame, "cwb_income_2021", ["cwb_labour_2021"])
    row = burden.loc["cwb_labour_2021"]
    assert row["low"] < row["difference"] < row["high"] and row["difference"] < 0
    groups = debate.centre_periphery(frame)
    gap, low, high = debate.growth_gap_interval(frame, groups, debate.CENTRAL, debate.PERIPHERAL)
    table = debate.aggregate_growth(frame, groups)
    assert gap == pytest.approx(debate.growth_gap(table, debate.CENTRAL, debate.PERIPHERAL)) and low < gap < high
    rho = plural_economy.relation_intervals(frame, "cwb_income_2021", ["cwb_labour_2021"])
    assert rho.loc["cwb_labour_2021", "low"] < rho.loc["cwb_labour_2021", "spearman"]
    frame["cwb_income_2021"] = (
        40 + 0.5 * frame["cwb_education_2021"] + 0.3 * frame["cwb_education_2021"] * (groups == debate.CENTRAL)
    )
    slopes = plural_economy.slope_difference(frame, "cwb_education_2021", "cwb_income_2021", groups, debate.CENTRAL)
    assert slopes.at["slope_elsewhere", "coefficient"] == pytest.approx(0.5)
    assert slopes.at["slope_in_group", "coefficient"] == pytest.approx(0.8)
    assert slopes.at["difference", "coefficient"] == pytest.approx(0.3)
    diff, dlow, dhigh = plural_economy.r_squared_difference(
        frame, "cwb_income_2021", "cwb_education_2021", "cwb_labour_2021"
    )
    assert dlow <= diff <= dhigh and diff > 0


def test_residual_lists_with_a_minimum_population_and_shrinkage():
    rng = np.random.default_rng(9)
    n = 400
    sample = pd.DataFrame(
        {
            "csd_uid": [f"24{i:05d}" for i in range(n)],
            "name": [f"p{i}" for i in range(n)],
            "region_name": "R",
            "mrc_name": "M",
            "population": rng.choice([150, 400, 2000, 20_000], n).astype(float),
            "community_type": "Non-Indigenous",
            "sac_class": "CMA",
            "remoteness": rng.uniform(0, 1, n),
        }
    )
    sample["education"] = 70 - 30 * sample["remoteness"] + rng.normal(size=n) * np.sqrt(4 + 2000 / sample["population"])
    fit = connection.shrunk_residuals(connection.residuals(sample))
    assert fit["reliability"].between(0, 1).all() and fit.attrs["tau2"] > 0
    plain = connection.connected_despite_distance(fit, n=10)
    large = connection.connected_despite_distance(fit, n=10, min_population=1000)
    assert (large["population"] >= 1000).all()
    shrunk = connection.connected_despite_distance(fit, n=10, rank_by="shrunk_residual")
    assert shrunk["population"].median() >= plain["population"].median()
    assert list(shrunk.columns[-2:]) == ["reliability", "shrunk_residual"]
    low = connection.disconnected_despite_centrality(fit, n=5, min_population=1000, rank_by="shrunk_residual")
    assert (low["shrunk_residual"] < 0).all()
    with pytest.raises(KeyError, match="shrunk_residuals"):
        connection.connected_despite_distance(connection.residuals(sample), rank_by="shrunk_residual")
    sample["sac_class"] = np.where(sample["remoteness"] < 0.5, "CMA", "No MIZ")
    sample["composite"] = sample["education"]
    sample["income"] = sample["education"]
    sample["labour"] = sample["education"]
    sample["commute_outside_cd"] = rng.uniform(0, 50, n)
    intervals = connection.variance_intervals(sample, ("education",), ("remoteness", "sac_class"))
    for predictor in ("remoteness", "sac_class"):
        row = intervals.loc[("education", predictor)]
        assert row["low"] < row["estimate"] < row["high"]


def test_residual_spread_by_size_shows_whether_small_places_are_noisier():
    population = pd.Series([100.0, 120.0, 140.0, 10_000.0, 12_000.0, 14_000.0])
    fit = pd.DataFrame({"population": population, "residual": [-6.0, 0.0, 6.0, -1.0, 0.0, 1.0]})
    table = connection.residual_spread_by_size(fit, groups=2)
    assert table["entities"].tolist() == [3, 3]
    assert table["residual_sd"].tolist() == [6.0, 1.0]
    assert table["smallest"].iloc[1] == 10_000


def test_the_2021_edition_is_the_default_of_chapter_one_and_two_helpers_and_2016_can_replace_it():
    frame = places(
        remoteness_2016=[0.1, 0.2, 0.3, 0.4], remoteness_2021=[0.4, 0.3, 0.2, 0.1], sac_class_2016=["CMA"] * 4
    )
    q21 = debate.remoteness_quartiles(frame).astype(str).tolist()  # the 2021 edition by default
    q16 = debate.remoteness_quartiles(frame, "remoteness_2016").astype(str).tolist()
    assert q16 == q21[::-1] and q16[0] == debate.QUARTILES[0]
    mrc = plural_economy.mrc_table(frame, ["cwb_education_2021"], remoteness="remoteness_2021")
    assert mrc["remoteness"].iloc[0] == pytest.approx(0.25)


def test_population_growth_over_fifteen_years_by_group():
    _, table = four_places()  # populations 100 + i in every year: no growth, except what we set
    table.loc[(table["csd_uid"] == "2400000") & (table["year"] == 2021), "population"] = 200
    groups = pd.Series(["near", "near", "far", "far", "far"], index=[f"24{i:05d}" for i in range(5)])
    growth = trajectory.population_growth(table, groups)
    assert growth.loc["near", "entities"] == 2 and growth.loc["far", "entities"] == 2  # the merged place is out
    assert growth.loc["near", "growth_pct"] == pytest.approx((200 + 101) / (100 + 101) * 100 - 100)
    assert growth.loc["far", "growth_pct"] == 0
    gap, low, high = trajectory.growth_gap_interval(table, groups, "near", "far")
    assert gap == pytest.approx(growth.loc["near", "growth_pct"]) and low <= gap <= high
    with pytest.raises(ValueError, match="both groups"):
        trajectory.growth_gap_interval(table, groups, "near", "nowhere")
