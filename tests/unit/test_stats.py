"""The statistics module on hand-made inputs, and against scipy where scipy computes the same thing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import stats


def test_weighted_median_on_a_hand_made_example():
    # More than half of the 1,000 residents live at 0.1.
    values = pd.Series([0.1, 0.2, 0.3, 0.9])
    assert stats.weighted_median(values, pd.Series([600, 100, 100, 200])) == 0.1
    # Exactly half at or below 0.1: the midpoint with the next value.
    assert stats.weighted_median(values, pd.Series([500, 100, 100, 300])) == pytest.approx(0.15)
    assert stats.weighted_median(values, pd.Series([1, 1, 1, 1])) == pytest.approx(0.25)  # = the ordinary median
    assert stats.weighted_median(pd.Series([0.5, np.nan]), pd.Series([1, 100])) == 0.5


def test_modified_z_uses_median_and_mad():
    z = stats.modified_z(pd.Series([1.0, 2.0, 3.0, 4.0, 100.0]))
    assert z[2] == 0  # the median
    assert z[3] == pytest.approx(1 / 1.4826)  # MAD = 1
    assert stats.modified_z(pd.Series([5.0, 5.0, 5.0])).eq(0).all()


def test_composite_is_missing_when_a_component_is_missing_and_centred_on_the_median():
    data = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0], "b": [2.0, 1.0, 3.0, np.nan, 5.0]})
    score = stats.composite(data, ["a", "b"])
    assert np.isnan(score[3])
    assert score.dropna().median() == pytest.approx(0)
    assert score[4] > score[2] > score[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.integers(1, 1000)), min_size=1, max_size=30))
def test_weighted_median_splits_the_population_in_half(pairs):
    values = pd.Series([v for v, _ in pairs])
    weights = pd.Series([w for _, w in pairs])
    cut = stats.weighted_median(values, weights)
    total = weights.sum()
    assert weights[values <= cut].sum() >= total / 2
    assert weights[values < cut].sum() <= total / 2


def test_least_squares_line_on_a_hand_made_example():
    intercept, slope = stats.line(pd.Series([1.0, 3.0, 5.0, np.nan]), pd.Series([0.0, 1.0, 2.0, 3.0]))
    assert (intercept, slope) == (1.0, 2.0)
    assert all(np.isnan(v) for v in stats.line(pd.Series([1.0, 2.0]), pd.Series([4.0, 4.0])))


def test_weighted_mean_ignores_missing_pairs():
    values = pd.Series([10.0, 20.0, np.nan])
    weights = pd.Series([1.0, 3.0, 100.0])
    assert stats.weighted_mean(values, weights) == pytest.approx(17.5)


def test_spearman_is_one_for_any_increasing_relation_and_handles_ties():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    assert stats.spearman(x, x**3) == pytest.approx(1.0)
    assert stats.spearman(x, -x) == pytest.approx(-1.0)
    # ties get their mean rank: ranks of y are 1.5, 1.5, 3, 4 -> Pearson of ranks
    y = pd.Series([1.0, 1.0, 2.0, 3.0])
    expected = np.corrcoef([1, 2, 3, 4], [1.5, 1.5, 3, 4])[0, 1]
    assert stats.spearman(pd.Series([1.0, 2.0, 3.0, 4.0]), y) == pytest.approx(expected)
    assert math.isnan(stats.spearman(pd.Series([1.0, 2.0]), pd.Series([2.0, 1.0])))


def test_line_slope_is_the_least_squares_slope():
    x = pd.Series([0.0, 1.0, 2.0, 3.0])
    assert stats.line(2 * x + 5, x)[1] == pytest.approx(2.0)
    assert stats.line(pd.Series([1.0, 3.0, 2.0, 4.0]), x)[1] == pytest.approx(0.8)


def test_ols_recovers_a_plane():
    frame = pd.DataFrame({"a": [0.0, 1.0, 0.0, 1.0, 2.0], "b": [0.0, 0.0, 1.0, 1.0, 3.0]})
    frame["y"] = 1 + 2 * frame["a"] - 3 * frame["b"]
    coefficients, r2 = stats.ols(frame, "y", ["a", "b"])
    assert list(coefficients.index) == ["intercept", "a", "b"]
    assert list(coefficients) == pytest.approx([1.0, 2.0, -3.0])
    assert r2 == pytest.approx(1.0)


def test_eta_squared_is_one_when_classes_hold_all_the_variance():
    y = pd.Series([1.0, 1.0, 5.0, 5.0])
    assert stats.eta_squared(y, pd.Series(["a", "a", "b", "b"])) == pytest.approx(1.0)
    assert stats.eta_squared(y, pd.Series(["a", "b", "a", "b"])) == pytest.approx(0.0)
    # by hand: mean 11/3, total SS 32/3; class a = {1, 5} has within SS 8, class b none -> 1 - 8 / (32/3) = 0.25
    assert stats.eta_squared(pd.Series([1.0, 5.0, 5.0]), pd.Series(["a", "a", "b"])) == pytest.approx(0.25)


def test_line_recovers_intercept_and_slope():
    x = pd.Series([0.0, 1.0, 2.0])
    intercept, slope = stats.line(3 + 2 * x, x)
    assert intercept == pytest.approx(3.0)
    assert slope == pytest.approx(2.0)


def test_percentile_rank_is_the_mid_rank():
    values = pd.Series([1.0, 2.0, 3.0, 4.0])
    assert stats.percentile_rank(values, 4.0) == pytest.approx(87.5)
    assert stats.percentile_rank(values, 2.5) == pytest.approx(50.0)
    assert stats.percentile_rank(pd.Series([1.0, 1.0]), 1.0) == pytest.approx(50.0)
    assert np.isnan(stats.percentile_rank(values, np.nan))


def test_shannon_entropy_and_gini_simpson_on_known_distributions():
    assert stats.shannon_entropy([5]) == 0.0
    assert stats.gini_simpson([5]) == 0.0
    assert stats.shannon_entropy([1, 1, 1, 1]) == pytest.approx(math.log(4))
    assert stats.gini_simpson([1, 1, 1, 1]) == pytest.approx(0.75)
    # p = (1/2, 1/4, 1/4): H = 1.5 ln 2; HHI = 1/4 + 1/16 + 1/16 = 3/8
    assert stats.shannon_entropy([2, 1, 1]) == pytest.approx(1.5 * math.log(2))
    assert stats.gini_simpson([2, 1, 1]) == pytest.approx(5 / 8)
    assert stats.shannon_entropy({"a": 3, "b": 0, "c": 1}) == pytest.approx(
        -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    )
    # nothing to count is a gap, not zero diversity
    assert math.isnan(stats.shannon_entropy([]))
    assert math.isnan(stats.gini_simpson([0, 0]))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=3, max_size=40))
def test_spearman_and_pearson_agree_with_scipy(pairs):
    x = pd.Series([float(a) for a, _ in pairs])
    y = pd.Series([float(b) for _, b in pairs])
    if x.nunique() < 2 or y.nunique() < 2:  # undefined: a constant variable
        assert math.isnan(stats.spearman(x, y)) and math.isnan(stats.pearson(x, y))
        return
    assert stats.spearman(x, y) == pytest.approx(scipy.stats.spearmanr(x, y).statistic)
    assert stats.pearson(x, y) == pytest.approx(scipy.stats.pearsonr(x, y).statistic)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=30), st.integers(0, 10))
def test_percentile_rank_is_scipys_mean_kind(values, value):
    assert stats.percentile_rank(pd.Series(values, dtype="float64"), float(value)) == pytest.approx(
        scipy.stats.percentileofscore(values, value, kind="mean")
    )


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=10).filter(lambda c: sum(c) > 0))
def test_shannon_entropy_is_scipys_entropy(counts):
    assert stats.shannon_entropy(counts) == pytest.approx(scipy.stats.entropy(counts))


def test_r_squared_is_the_squared_correlation_and_ols_agrees():
    x = pd.Series([0.0, 1.0, 2.0, 3.0, 4.0])
    y = pd.Series([1.0, 2.5, 2.0, 4.5, 5.0])
    _, r2 = stats.ols(pd.DataFrame({"y": y, "x": x}), "y", ["x"])
    assert stats.r_squared(y, x) == pytest.approx(r2)
    assert stats.r_squared(y, x) == pytest.approx(scipy.stats.linregress(x, y).rvalue ** 2)
    assert math.isnan(stats.r_squared(y, pd.Series([1.0] * 5)))


# --- uncertainty --------------------------------------------------------------------------------


def test_pearson_interval_is_fishers_z():
    rng = np.random.default_rng(1)
    x = pd.Series(rng.normal(size=200))
    y = 0.4 * x + pd.Series(rng.normal(size=200))
    r, low, high = stats.pearson_ci(x, y)
    z, se = math.atanh(r), 1 / math.sqrt(200 - 3)
    assert low == pytest.approx(math.tanh(z - 1.959964 * se), abs=1e-6)
    assert high == pytest.approx(math.tanh(z + 1.959964 * se), abs=1e-6)
    assert all(np.isnan(v) for v in stats.pearson_ci(pd.Series([1.0, 2.0, 3.0]), pd.Series([1.0, 2.0, 4.0])))


def test_spearman_interval_uses_the_bonett_wright_variance():
    rng = np.random.default_rng(2)
    x = pd.Series(rng.normal(size=150))
    y = x + pd.Series(rng.normal(size=150))
    rho, low, high = stats.spearman_ci(x, y, level=0.90)
    assert rho == pytest.approx(scipy.stats.spearmanr(x, y).statistic)
    se = math.sqrt((1 + rho**2 / 2) / (150 - 3))
    assert low == pytest.approx(math.tanh(math.atanh(rho) - 1.644854 * se), abs=1e-6)
    assert low < rho < high
    same = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    assert stats.spearman_ci(same, same) == pytest.approx((1.0, 1.0, 1.0))


def test_bootstrap_interval_is_reproducible_and_brackets_the_estimate():
    rng = np.random.default_rng(3)
    values = rng.exponential(size=300)
    first = stats.bootstrap_ci(np.mean, (values,), n_resamples=500)
    again = stats.bootstrap_ci(np.mean, (values,), n_resamples=500)
    assert first == again  # the fixed seed
    estimate, low, high = first
    assert estimate == pytest.approx(values.mean()) and low < estimate < high
    other = stats.bootstrap_ci(np.mean, (values,), n_resamples=500, seed=7)
    assert other != first


def test_r_squared_interval_and_eta_squared_interval():
    rng = np.random.default_rng(4)
    x = pd.Series(rng.uniform(size=400))
    y = 2 * x + pd.Series(rng.normal(scale=0.5, size=400))
    r2, low, high = stats.r_squared_ci(y, x, n_resamples=500)
    assert r2 == pytest.approx(stats.r_squared(y, x)) and 0 <= low < r2 < high <= 1
    groups = pd.Series(np.where(x > 0.5, "a", "b"))
    e2, elow, ehigh = stats.eta_squared_ci(y, groups, n_resamples=300)
    assert e2 == pytest.approx(stats.eta_squared(y, groups)) and elow < e2 < ehigh


def test_mean_difference_interval_is_welchs():
    a = pd.Series([10.0, 12.0, 14.0, 16.0, np.nan])
    b = pd.Series([5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    diff, low, high = stats.mean_difference_ci(a, b)
    assert diff == pytest.approx(13 - 7.5)
    va, vb = a.var() / 4, b.var() / 6
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 5)
    half = scipy.stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    assert (low, high) == (pytest.approx(diff - half), pytest.approx(diff + half))


def test_robust_least_squares_keeps_the_coefficients_and_computes_hc1():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"x": rng.uniform(size=60)})
    frame["y"] = 1 + 3 * frame["x"] + rng.normal(scale=frame["x"] + 0.1)  # heteroskedastic
    fit = stats.ols_robust(frame, "y", ["x"])
    coefficients, r2 = stats.ols(frame, "y", ["x"])
    assert fit["coefficient"].to_numpy() == pytest.approx(coefficients.to_numpy())
    assert fit.attrs["r_squared"] == pytest.approx(r2) and fit.attrs["n"] == 60
    design = np.column_stack([np.ones(60), frame["x"]])
    e = frame["y"].to_numpy() - design @ coefficients.to_numpy()
    bread = np.linalg.inv(design.T @ design)
    hc1 = bread @ (design.T * e**2) @ design @ bread * 60 / 58
    assert fit["se"].to_numpy() == pytest.approx(np.sqrt(np.diag(hc1)))
    assert (fit["low"] < fit["coefficient"]).all() and (fit["coefficient"] < fit["high"]).all()
    with pytest.raises(ValueError, match="complete rows"):
        stats.ols_robust(frame.head(2), "y", ["x"])


def test_shrinkage_keeps_large_places_and_pulls_small_noisy_ones_to_the_line():
    rng = np.random.default_rng(6)
    population = pd.Series(rng.choice([100, 300, 1000, 10_000, 100_000], size=2000)).astype(float)
    true = rng.normal(scale=2.0, size=2000)  # τ² = 4
    noise = rng.normal(size=2000) * np.sqrt(900 / population)  # σ² = 900
    shrunk = stats.shrinkage(pd.Series(true + noise), population)
    assert shrunk.attrs["tau2"] == pytest.approx(4, rel=0.3)
    assert shrunk.attrs["sigma2"] == pytest.approx(900, rel=0.3)
    big, small = population == 100_000, population == 100
    assert shrunk.loc[big, "reliability"].min() > 0.95 > 0.5 > shrunk.loc[small, "reliability"].max()
    assert shrunk["reliability"].between(0, 1).all()
    assert (shrunk["shrunk"].abs() <= (true + noise).__abs__() + 1e-12).all()
    empty = stats.shrinkage(pd.Series([1.0, np.nan]), pd.Series([10.0, 10.0]))
    assert empty["reliability"].isna().all()


def test_cohen_kappa_on_a_hand_made_table():
    a = pd.Series(["x", "x", "y", "y", None])
    b = pd.Series(["x", "y", "y", "y", "x"])
    # observed 3/4; margins a: x .5, y .5; b: x .25, y .75 → expected .5
    assert stats.cohen_kappa(a, b) == pytest.approx((0.75 - 0.5) / 0.5)
    assert np.isnan(stats.cohen_kappa(pd.Series(["x", "x"]), pd.Series(["x", "x"])))
