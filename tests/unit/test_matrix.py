"""The fracture matrix: thresholds, cells, sensitivity (hand-made and property-based tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.analyses import matrix


def frame(remoteness, education, population, income=None, labour=None, sac=None):
    n = len(remoteness)
    return pd.DataFrame(
        {
            "csd_uid": [f"24{i:05d}" for i in range(n)],
            "name": [f"place {i}" for i in range(n)],
            "region_name": ["R"] * n,
            "mrc_code": ["01"] * n,
            "mrc_name": ["M"] * n,
            "remoteness_2016": remoteness,
            "cwb_education_2021": education,
            "cwb_income_2021": income if income is not None else education,
            "cwb_labour_2021": labour if labour is not None else education,
            "sac_class_2016": sac if sac is not None else ["CMA"] * n,
            "pop_census_2021": population,
        }
    )


def test_default_classification_on_a_hand_made_example():
    data = frame(
        remoteness=[0.1, 0.1, 0.5, 0.5, np.nan], education=[80, 20, 80, 20, 50], population=[10, 10, 10, 10, 10]
    )
    m = matrix.classify(data)
    assert m.centrality_threshold == pytest.approx(0.3)
    assert m.connection_threshold == 50
    assert list(m.table["cell"].astype(str)) == [
        matrix.TECHNOPOLE,
        matrix.RECONVERSION,
        matrix.EXPERIMENTATION,
        matrix.EXCLUSION,
        matrix.UNCLASSIFIED,
    ]


def test_population_weighted_thresholds_follow_the_residents():
    data = frame(remoteness=[0.05, 0.2, 0.3, 0.6], education=[70, 60, 50, 40], population=[900, 50, 30, 20])
    m = matrix.classify(data, matrix.Spec(threshold="weighted"))
    assert m.centrality_threshold == 0.05 and m.connection_threshold == 70
    assert m.cell_of("2400000") == matrix.TECHNOPOLE
    assert (m.table["cell"].astype(str)[1:] == matrix.EXCLUSION).all()


def test_sac_axis_ranks_metropolitan_areas_first():
    data = frame(
        remoteness=[0.9] * 4,
        education=[50, 50, 50, 50],
        population=[1, 1, 1, 1],
        sac=["CMA", "CA", "Weak MIZ", "No MIZ"],
    )
    m = matrix.classify(data, matrix.Spec(centrality="sac"))
    assert list(m.table["central"]) == [True, True, False, False]


def test_unknown_specification_is_refused():
    with pytest.raises(ValueError, match="centrality"):
        matrix.Spec(centrality="distance")


def test_sensitivity_flags_stable_entities():
    data = frame(
        remoteness=[0.1, 0.1, 0.5, 0.5],
        education=[80, 20, 80, 20],
        population=[10, 10, 10, 10],
        sac=["CMA", "CMA", "No MIZ", "No MIZ"],
    )
    wide = matrix.sensitivity(data)
    assert len(wide.columns) == 2 + len(matrix.ALL_SPECS) + 1
    assert wide["stable"].all()
    assert matrix.stability_share(wide) == 1.0


values = st.lists(st.one_of(st.none(), st.floats(0, 1, allow_nan=False)), min_size=2, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cells_are_exhaustive_exclusive_and_respect_the_thresholds(data):
    n = data.draw(st.integers(2, 40))
    remote = data.draw(st.lists(st.one_of(st.none(), st.floats(0, 1, allow_nan=False)), min_size=n, max_size=n))
    education = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=n, max_size=n))
    population = data.draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n))
    rule = data.draw(st.sampled_from(["median", "weighted"]))
    frame_ = frame(
        [np.nan if v is None else v for v in remote], [np.nan if v is None else v for v in education], population
    )
    m = matrix.classify(frame_, matrix.Spec(threshold=rule))
    cells = m.table["cell"].astype(str)
    assert set(cells) <= set(matrix.ALL_GROUPS)  # exhaustive and exclusive: one label per entity
    assert len(cells) == n
    known = m.table["centrality"].notna() & m.table["connection"].notna()
    assert (cells[~known] == matrix.UNCLASSIFIED).all()
    central = m.table.loc[known, "centrality"] <= m.centrality_threshold
    connected = m.table.loc[known, "connection"] >= m.connection_threshold
    expected = np.select(
        [central & connected, ~central & connected, central & ~connected],
        [matrix.TECHNOPOLE, matrix.EXPERIMENTATION, matrix.RECONVERSION],
        default=matrix.EXCLUSION,
    )
    assert list(cells[known]) == list(expected)
    counts = m.counts()
    assert counts["entities"].sum() == n
