"""The fracture matrix from named definitions: cells, cuts, ties, counts (hand-made and property-based tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.analyses import matrix
from analysis.vocabulary import (
    ALL_GROUPS,
    AT_CUT,
    EXCLUSION,
    EXPERIMENTATION,
    RECONVERSION,
    TECHNOPOLE,
    UNCLASSIFIED,
)


def frame(remoteness, education, population, sac=None, region=None):
    n = len(remoteness)
    return pd.DataFrame(
        {
            "csd_uid": [f"24{i:05d}" for i in range(n)],
            "name": [f"place {i}" for i in range(n)],
            "region_name": region if region is not None else ["R"] * n,
            "mrc_code": ["01"] * n,
            "mrc_name": ["M"] * n,
            "remoteness_2016": remoteness,
            "remoteness_2021": remoteness,
            "cwb_education_2021": education,
            "cwb_income_2021": education,
            "cwb_labour_2021": education,
            "sac_class_2016": sac if sac is not None else ["CMA"] * n,
            "pop_census_2021": population,
        }
    )


REMOTENESS = matrix.Specification("remoteness_2021", "education")


def test_remoteness_by_education_on_a_hand_made_example():
    data = frame(remoteness=[0.1, 0.1, 0.5, 0.5, np.nan, 0.3], education=[80, 20, 80, 20, 50, 50], population=[10] * 6)
    a = matrix.assign(data, REMOTENESS)
    assert a.centrality_cut == pytest.approx(0.3) and a.connection_cut == 50
    assert list(a.table["cell"]) == [TECHNOPOLE, RECONVERSION, EXPERIMENTATION, EXCLUSION, UNCLASSIFIED, AT_CUT]
    upper = matrix.assign(data, matrix.Specification("remoteness_2021", "education", ties="upper"))
    assert upper.cell_of("2400005") == EXPERIMENTATION  # at both cuts: peripheral and connected
    lower = matrix.assign(data, matrix.Specification("remoteness_2021", "education", ties="lower"))
    assert lower.cell_of("2400005") == RECONVERSION  # central and disconnected


def test_population_weighted_cuts_follow_the_residents():
    data = frame(remoteness=[0.05, 0.2, 0.3, 0.6], education=[70, 60, 50, 40], population=[900, 50, 30, 20])
    a = matrix.assign(data, matrix.Specification("remoteness_2021", "education", rule="weighted"))
    assert a.centrality_cut == 0.05 and a.connection_cut == 70
    assert a.cell_of("2400000") == AT_CUT  # the one large place is the cut on both axes
    assert (a.table["cell"][1:] == EXCLUSION).all()


def test_counts_by_region_and_the_dominant_cell_of_each_mrc():
    data = frame(
        remoteness=[0.1, 0.2, 0.6, 0.7, 0.5],
        education=[80, 20, 80, 20, 50],
        population=[100, 900, 10, 10, 5000],
        region=["A", "A", "B", "B", "B"],
    )
    data["mrc_code"] = ["01", "01", "02", "02", "02"]
    a = matrix.assign(data, REMOTENESS)
    by_region = a.counts(by="region_name")
    assert by_region.loc[("A", TECHNOPOLE), "entities"] == 1 and by_region.loc[("B", AT_CUT), "entities"] == 1
    assert by_region.xs("A")["population_share"].sum() == pytest.approx(1)
    summary = matrix.mrc_summary(a).set_index("mrc_code")
    assert summary.at["01", "dominant_cell"] == RECONVERSION
    # the place at the cut holds most of MRC 02's residents but a cell dominates it
    assert summary.at["02", "dominant_cell"] in (EXPERIMENTATION, EXCLUSION)
    assert summary.at["02", f"{AT_CUT}_share"] == pytest.approx(5000 / 5020)


def test_counts_of_an_empty_reference_sample_are_zero_not_an_error():
    data = frame(remoteness=[0.1, 0.2], education=[60, 40], population=[10, 10])
    a = matrix.assign(data, REMOTENESS, reference=pd.Series(False, index=data.index))
    counts = a.counts()
    assert list(counts.index) == list(ALL_GROUPS) and counts["entities"].sum() == 0
    assert counts["population_share"].isna().all()
    assert a.counts(by="region_name").empty


def test_a_score_a_hair_below_its_cut_is_a_tie_and_follows_the_tie_rule():
    # Found by Hypothesis: remoteness 0 against a cut of 5e-13 is within the tolerance (a tie), so
    # under the "upper" rule it counts on the upper (peripheral) side, not as central.
    data = frame([1e-12, 0.0], [np.nan, 0], [0, 0])
    a = matrix.assign(data, matrix.Specification("remoteness_2021", "education", "median", "upper"))
    place = a.table.set_index("csd_uid").loc["2400001"]
    assert abs(place["centrality_score"] - a.centrality_cut) <= 1e-9
    assert place["cell"] == EXPERIMENTATION
    band = matrix.assign(data, matrix.Specification("remoteness_2021", "education", "median", "band"))
    assert band.table.set_index("csd_uid").loc["2400001", "cell"] == AT_CUT


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_groups_are_exhaustive_exclusive_and_respect_the_cuts_and_the_tie_rule(data):
    n = data.draw(st.integers(2, 40))
    remote = data.draw(st.lists(st.one_of(st.none(), st.floats(0, 1, allow_nan=False)), min_size=n, max_size=n))
    education = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=n, max_size=n))
    population = data.draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n))
    rule = data.draw(st.sampled_from(["median", "weighted"]))
    ties = data.draw(st.sampled_from(["band", "upper", "lower"]))
    frame_ = frame(
        [np.nan if v is None else v for v in remote], [np.nan if v is None else v for v in education], population
    )
    a = matrix.assign(frame_, matrix.Specification("remoteness_2021", "education", rule, ties))
    cells = a.table["cell"]
    assert set(cells) <= set(ALL_GROUPS) and len(cells) == n
    x, y = a.table["centrality_score"], a.table["connection_score"]
    known = x.notna() & y.notna() & np.isfinite(a.centrality_cut) & np.isfinite(a.connection_cut)
    assert (cells[~known] == UNCLASSIFIED).all()
    tied = known & (((x - a.centrality_cut).abs() <= 1e-9) | ((y - a.connection_cut).abs() <= 1e-9))
    if ties == "band":
        assert (cells[tied] == AT_CUT).all()
        clear = known & ~tied
    else:
        assert not (cells == AT_CUT).any()
        clear = known
    x_tie, y_tie = (x - a.centrality_cut).abs() <= 1e-9, (y - a.connection_cut).abs() <= 1e-9
    # a score within the tolerance of its cut is a tie, even when it is a hair below or above it
    central = ((x < a.centrality_cut) & ~x_tie) | (x_tie & (ties == "lower"))
    connected = ((y > a.connection_cut) & ~y_tie) | (y_tie & (ties == "upper"))
    expected = np.select(
        [central & connected, ~central & connected, central & ~connected],
        [TECHNOPOLE, EXPERIMENTATION, RECONVERSION],
        default=EXCLUSION,
    )
    assert list(cells[clear]) == list(pd.Series(expected, index=cells.index)[clear])
    assert a.counts()["entities"].sum() == n
