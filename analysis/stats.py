"""Statistics of the book, under the field's standard names.

One argument convention: **the outcome comes first**, then what it is compared with
(``line(y, x)``, ``r_squared(y, x)``, ``eta_squared(y, groups)``,
``ols(frame, outcome, predictors)``); symmetric measures (``spearman``, ``pearson``) take
``(x, y)``. Every function works on complete pairs (rows where a value is missing are
dropped) and returns ``nan`` where the statistic is undefined, never a filled-in value.
Nothing is rounded here: rounding happens where text is made
(:func:`analysis.book.results.record`).

Where numpy, pandas or scipy compute the same thing, they do the work (Spearman's ρ and
Pearson's r are pandas' ``Series.corr``, the weighted mean is ``numpy.average``, least
squares is ``numpy.linalg.lstsq``, Pearson's interval, Welch's interval and the bootstrap
are scipy's). Three definitions are written out because the libraries' versions differ
from what the book needs: the weighted median (the midpoint rule at an exact half), the
modified z-score (the 1.4826 scale of the ISQ's usage) and the percentile rank with half
ties (identical to ``scipy.stats.percentileofscore(kind="mean")``). Written out too, because
scipy has none: Spearman's interval (Fisher's z with the Bonett–Wright variance), the
HC1 robust standard errors, the empirical-Bayes shrinkage and Cohen's κ.

Uncertainty: every interval is at ``CONFIDENCE`` (95 %); every bootstrap uses
``BOOTSTRAP_RESAMPLES`` resamples and the fixed seed ``BOOTSTRAP_SEED``, so a rerun on the
same data gives the same interval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

MAD_TO_SIGMA = 1.4826
"""1 / Φ⁻¹(3/4): scales the median absolute deviation to a standard deviation for normal data."""
COMPOSITE_FLOOR = 1.0
"""Each shifted indicator starts at 1, so that the geometric mean is defined."""
CONFIDENCE = 0.95
"""Confidence level of every interval of the book."""
BOOTSTRAP_RESAMPLES = 2000
"""Bootstrap resamples per interval (enough for the 2.5th and 97.5th percentiles to be stable
to about a hundredth of a correlation on a thousand places)."""
BOOTSTRAP_SEED = 20211
"""The fixed seed of every bootstrap of the book, so that reruns give the same intervals."""


def _pairs(y: pd.Series, x: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"y": pd.Series(y).astype("float64"), "x": pd.Series(x).astype("float64")}).dropna()


# --- location and scale --------------------------------------------------------------------


def modified_z(values: pd.Series) -> pd.Series:
    """Modified z-score: (x − median) / (1.4826 · MAD).

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        Any numeric indicator; missing values allowed.

    Returns
    -------
    pandas.Series of float, shape (n,)
        Robust standard scores (0 = the median); missing where ``values`` is missing. A
        constant series (MAD = 0) gives zeros.

    References
    ----------
    Iglewicz, B. and Hoaglin, D. C. (1993). *How to Detect and Handle Outliers*. ASQC
    Quality Press. The Institut de la statistique du Québec standardises the indicators of
    its *indice de vitalité économique* in the same robust way.
    """
    x = values.astype("float64")
    median = x.median()
    mad = (x - median).abs().median()
    if not np.isfinite(mad) or mad == 0:
        return (x - median) * 0.0
    return (x - median) / (MAD_TO_SIGMA * mad)


def shift_to_floor(z: pd.Series, floor: float = COMPOSITE_FLOOR) -> pd.Series:
    """Shift a score so that its minimum equals ``floor`` (order and spacing kept).

    Parameters
    ----------
    z : pandas.Series of float, shape (n,)
    floor : float, default 1.0

    Returns
    -------
    pandas.Series of float, shape (n,)
    """
    return z - z.min() + floor


def composite(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """A composite index of several indicators, in the spirit of the ISQ's vitality index.

    1. each indicator becomes a modified z-score (:func:`modified_z`);
    2. each z-score is shifted so that its lowest value is 1 (``COMPOSITE_FLOOR``): the
       geometric mean needs positive numbers, and a per-indicator shift keeps each
       indicator's spacing while giving the worst-off place the same floor on each;
    3. the geometric mean of the shifted scores combines them (a low score on one
       indicator is not fully offset by a high one on another);
    4. the result is standardised again with :func:`modified_z`, so that 0 is the median
       entity and negative values lag behind it.

    Steps 2 and 4 are this book's choices, not the ISQ's published method.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per entity; must hold every name in ``columns`` (numeric).
    columns : sequence of str
        The indicators to combine (higher = better on each).

    Returns
    -------
    pandas.Series of float, shape (n,)
        The composite, indexed like ``frame``; missing for an entity with any indicator
        missing (it is not scored on fewer indicators).

    Raises
    ------
    KeyError
        When a name in ``columns`` is not a column of ``frame``.

    References
    ----------
    Institut de la statistique du Québec (2016). *Indice de vitalité économique des
    territoires*, méthodologie.
    """
    shifted = pd.DataFrame({c: shift_to_floor(modified_z(frame[c])) for c in columns}, index=frame.index)
    complete = shifted.notna().all(axis=1)
    geometric = np.exp(np.log(shifted[complete]).mean(axis=1))
    out = pd.Series(np.nan, index=frame.index, dtype="float64")
    out[complete] = modified_z(geometric)
    return out


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Weighted arithmetic mean over the rows where both the value and the weight are known.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
    weights : pandas.Series of float, shape (n,), aligned on ``values``
        Non-negative (in the book: 2021 census populations).

    Returns
    -------
    float
        ``nan`` when no row is complete or the weights sum to zero.
    """
    data = _pairs(values, weights).rename(columns={"y": "v", "x": "w"})
    if data.empty or data["w"].sum() == 0:
        return float("nan")
    return float(np.average(data["v"], weights=data["w"]))


def weighted_median(values: pd.Series, weights: pd.Series) -> float:
    """Weighted median: the value below which half of the total weight lies.

    The smallest value whose cumulative weight reaches half of the total; when the
    cumulative weight lands exactly on one half, the midpoint between that value and the
    next, so that equal weights give the ordinary median. (``numpy.quantile`` with
    ``weights`` and the ``inverted_cdf`` method does not take the midpoint, hence this
    definition.)

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
    weights : pandas.Series of float, shape (n,), aligned on ``values``
        Rows with a missing value or weight, or a zero weight, are ignored.

    Returns
    -------
    float
        With population weights: the value that splits the *residents* into two halves.
        ``nan`` when no row has a positive weight.
    """
    data = pd.DataFrame({"v": values.astype("float64"), "w": weights.astype("float64")}).dropna()
    data = data[data["w"] > 0].sort_values("v", kind="mergesort")
    if data.empty:
        return float("nan")
    cumulative = data["w"].cumsum().to_numpy()
    half = data["w"].sum() / 2
    position = int(np.searchsorted(cumulative, half - 1e-9 * half))
    value = float(data["v"].iloc[position])
    if np.isclose(cumulative[position], half) and position + 1 < len(data):
        return (value + float(data["v"].iloc[position + 1])) / 2
    return value


def percentile_rank(values: pd.Series, value: float) -> float:
    """Percentile rank of ``value`` among ``values``: the percentage below it plus half the ties.

    Parameters
    ----------
    values : pandas.Series of float, shape (n,)
        The reference distribution; missing values are ignored.
    value : float

    Returns
    -------
    float
        In [0, 100]: 50 is the middle, 100 means above every value. ``nan`` when
        ``value`` is missing or ``values`` is empty. Same as
        ``scipy.stats.percentileofscore(values, value, kind="mean")``.
    """
    v = values.dropna().astype("float64")
    if v.empty or pd.isna(value):
        return float("nan")
    below = (v < value).sum()
    ties = (v == value).sum()
    return float(100 * (below + 0.5 * ties) / len(v))


# --- association ---------------------------------------------------------------------------


def spearman(x: pd.Series, y: pd.Series) -> float:
    """Spearman's rank correlation ρ over complete pairs (tied values get their mean rank).

    Parameters
    ----------
    x, y : pandas.Series of float, shape (n,), aligned

    Returns
    -------
    float
        In [−1, 1]; ``nan`` with fewer than 3 complete pairs or a constant variable.

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    *American Journal of Psychology*, 15(1), 72–101.
    """
    data = _pairs(y, x)
    if len(data) < 3 or data["x"].nunique() < 2 or data["y"].nunique() < 2:
        return float("nan")
    return float(data["x"].corr(data["y"], method="spearman"))


def pearson(x: pd.Series, y: pd.Series) -> float:
    """Pearson's correlation r over complete pairs.

    Parameters
    ----------
    x, y : pandas.Series of float, shape (n,), aligned

    Returns
    -------
    float
        In [−1, 1]; ``nan`` with fewer than 3 complete pairs or a constant variable.
    """
    data = _pairs(y, x)
    if len(data) < 3 or data["x"].nunique() < 2 or data["y"].nunique() < 2:
        return float("nan")
    return float(data["x"].corr(data["y"]))


def line(y: pd.Series, x: pd.Series) -> tuple[float, float]:
    """Ordinary least-squares line of ``y`` on ``x``: ``(intercept, slope)``.

    Parameters
    ----------
    y : pandas.Series of float, shape (n,)
        The outcome.
    x : pandas.Series of float, shape (n,), aligned on ``y``
        The predictor.

    Returns
    -------
    (float, float)
        Intercept (in ``y`` units) and slope (``y`` units per unit of ``x``); both ``nan``
        with fewer than 2 complete pairs or a constant ``x``.
    """
    data = _pairs(y, x)
    if len(data) < 2 or data["x"].var() == 0:
        return float("nan"), float("nan")
    slope = data["x"].cov(data["y"]) / data["x"].var()
    return float(data["y"].mean() - slope * data["x"].mean()), float(slope)


def r_squared(y: pd.Series, x: pd.Series) -> float:
    """Coefficient of determination R² of the least-squares line of ``y`` on ``x``.

    Parameters
    ----------
    y : pandas.Series of float, shape (n,)
        The outcome.
    x : pandas.Series of float, shape (n,), aligned on ``y``
        The predictor.

    Returns
    -------
    float
        Share of the variance of ``y`` accounted for by the line, in [0, 1] (the squared
        Pearson correlation); ``nan`` with fewer than 3 complete pairs or a constant ``x``.
    """
    data = _pairs(y, x)
    if len(data) < 3 or data["x"].var() == 0:
        return float("nan")
    return float(data["y"].corr(data["x"]) ** 2)


def eta_squared(y: pd.Series, groups: pd.Series) -> float:
    """Correlation ratio η²: share of the variance of ``y`` explained by its group means.

    The categorical counterpart of R² (one mean per group rather than a line): 1 when
    every value sits at its group mean, 0 when the group means are all equal. With
    many groups it is larger than a one-predictor R² by construction.

    Parameters
    ----------
    y : pandas.Series of float, shape (n,)
        The outcome.
    groups : pandas.Series, shape (n,), aligned on ``y``
        Any labels (e.g. SAC classes).

    Returns
    -------
    float
        In [0, 1]; ``nan`` with fewer than 3 complete pairs or a constant ``y``.

    References
    ----------
    Pearson, K. (1905). *On the general theory of skew correlation and non-linear
    regression*. Drapers' Company Research Memoirs.
    """
    data = pd.DataFrame({"y": y.astype("float64"), "c": groups.astype("object")}).dropna()
    total = ((data["y"] - data["y"].mean()) ** 2).sum()
    if len(data) < 3 or total == 0:
        return float("nan")
    within = ((data["y"] - data.groupby("c")["y"].transform("mean")) ** 2).sum()
    return float(1 - within / total)


def ols(frame: pd.DataFrame, outcome: str, predictors: Sequence[str]) -> tuple[pd.Series, float]:
    """Ordinary least squares of ``outcome`` on one or more ``predictors`` (complete rows).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``outcome`` and every name in ``predictors`` (numeric).
    outcome : str
    predictors : sequence of str

    Returns
    -------
    coefficients : pandas.Series of float
        Indexed by ``intercept`` and the predictor names (outcome units per unit of each
        predictor, the others held equal).
    r_squared : float
        Share of the variance of the outcome the fitted plane accounts for; ``nan`` when
        the outcome is constant.

    Raises
    ------
    KeyError
        When ``outcome`` or a predictor is not a column of ``frame``.
    """
    data = frame[[outcome, *predictors]].astype("float64").dropna()
    design = np.column_stack([np.ones(len(data)), data[list(predictors)].to_numpy()])
    target = data[outcome].to_numpy()
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residual = target - design @ coefficients
    total = ((target - target.mean()) ** 2).sum()
    r2 = float(1 - (residual**2).sum() / total) if total > 0 else float("nan")
    return pd.Series(coefficients, index=["intercept", *predictors]), r2


# --- diversity -----------------------------------------------------------------------------


def _shares(counts) -> np.ndarray | None:
    values = np.asarray(list(counts.values()) if isinstance(counts, dict) else counts, dtype="float64")
    total = values.sum()
    return None if total == 0 else values / total


def shannon_entropy(counts: Sequence[float] | np.ndarray | dict[object, float]) -> float:
    """Shannon entropy H = −Σ p ln p (natural logarithm, in nats) of a distribution given as counts.

    Parameters
    ----------
    counts : sequence of int, numpy array or dict of category → count

    Returns
    -------
    float
        0 when everything is in one category, ln(k) for k equally filled categories;
        ``nan`` when there is nothing to count (an empty group is a gap, not a group
        without diversity). Same as ``scipy.stats.entropy(counts)``.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
    Journal*, 27(3), 379–423.
    """
    p = _shares(counts)
    if p is None:
        return float("nan")
    p = p[p > 0]
    return float(-(p * np.log(p)).sum()) + 0.0  # + 0.0 turns -0.0 into 0.0


def gini_simpson(counts: Sequence[float] | np.ndarray | dict[object, float]) -> float:
    """Gini–Simpson index 1 − Σ p² (one minus the Herfindahl–Hirschman index).

    The chance that two draws with replacement fall in different categories.

    Parameters
    ----------
    counts : sequence of int, numpy array or dict of category → count

    Returns
    -------
    float
        0 for a single category, 1 − 1/k for k equal categories; ``nan`` for an empty group.

    References
    ----------
    Simpson, E. H. (1949). Measurement of diversity. *Nature*, 163, 688.
    """
    p = _shares(counts)
    if p is None:
        return float("nan")
    return float(1 - (p**2).sum()) + 0.0


# --- uncertainty ---------------------------------------------------------------------------


def pearson_ci(x: pd.Series, y: pd.Series, level: float = CONFIDENCE) -> tuple[float, float, float]:
    """Pearson's r with its confidence interval (Fisher's z transformation).

    Parameters
    ----------
    x, y : pandas.Series of float, shape (n,), aligned
        Complete pairs only are used.
    level : float, default 0.95

    Returns
    -------
    (float, float, float)
        ``(r, low, high)``; all ``nan`` with fewer than 4 complete pairs or a constant
        variable. Computed by ``scipy.stats.pearsonr(...).confidence_interval``.

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced
    from a small sample. *Metron*, 1, 3–32.
    """
    data = _pairs(y, x)
    if len(data) < 4 or data["x"].nunique() < 2 or data["y"].nunique() < 2:
        return float("nan"), float("nan"), float("nan")
    result = scipy_stats.pearsonr(data["x"], data["y"])
    interval = result.confidence_interval(confidence_level=level)
    return float(result.statistic), float(interval.low), float(interval.high)


def spearman_ci(x: pd.Series, y: pd.Series, level: float = CONFIDENCE) -> tuple[float, float, float]:
    """Spearman's ρ with its confidence interval (Fisher's z, Bonett–Wright variance).

    ``z = atanh(ρ)``, standard error ``sqrt((1 + ρ²/2) / (n − 3))``, interval
    ``tanh(z ± z_(1−α/2) · se)``: the analytic interval recommended for rank correlations
    by Bonett and Wright (2000); scipy has no interval for ρ.

    Parameters
    ----------
    x, y : pandas.Series of float, shape (n,), aligned
    level : float, default 0.95

    Returns
    -------
    (float, float, float)
        ``(rho, low, high)``; all ``nan`` with fewer than 4 complete pairs or a constant
        variable; ``(±1, ±1, ±1)`` for a perfect rank correlation.

    References
    ----------
    Bonett, D. G. and Wright, T. A. (2000). Sample size requirements for estimating
    Pearson, Kendall and Spearman correlations. *Psychometrika*, 65(1), 23–28.
    """
    data = _pairs(y, x)
    rho = spearman(data["x"], data["y"])
    n = len(data)
    if n < 4 or not np.isfinite(rho):
        return float("nan"), float("nan"), float("nan")
    if abs(rho) > 1 - 1e-12:  # a perfect rank correlation (up to rounding): no interval to draw
        return rho, rho, rho
    z = np.arctanh(rho)
    se = np.sqrt((1 + rho**2 / 2) / (n - 3))
    critical = scipy_stats.norm.ppf(1 - (1 - level) / 2)
    return rho, float(np.tanh(z - critical * se)), float(np.tanh(z + critical * se))


def bootstrap_ci(
    statistic: Callable[..., float],
    samples: Sequence[np.ndarray | pd.Series],
    paired: bool = True,
    level: float = CONFIDENCE,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    method: str = "percentile",
) -> tuple[float, float, float]:
    """A bootstrap confidence interval for any statistic, with a fixed seed.

    A thin wrapper of ``scipy.stats.bootstrap`` (``vectorized=False``): the places are
    resampled with replacement, the statistic recomputed on each resample, and the
    interval read from the resampled values.

    Parameters
    ----------
    statistic : callable
        Takes one array per sample (in the order of ``samples``) and returns a float.
    samples : sequence of numpy arrays or Series
        With ``paired=True``, arrays of the same length resampled together (the columns
        of one table: e.g. ``(y, x)`` for an R²); with ``paired=False``, independent
        groups resampled separately (e.g. two groups whose gap is measured).
    paired : bool, default True
    level : float, default 0.95
    n_resamples : int, default 2000
    seed : int, default ``BOOTSTRAP_SEED``
    method : {"percentile", "basic", "BCa"}, default ``"percentile"``
        ``scipy.stats.bootstrap``'s methods.

    Returns
    -------
    (float, float, float)
        ``(estimate, low, high)``: the statistic on the data as given, and the interval.

    Raises
    ------
    ValueError
        From scipy when a sample is empty or paired samples differ in length.

    References
    ----------
    Efron, B. and Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall.
    """
    arrays = tuple(np.asarray(sample, dtype="float64") for sample in samples)
    estimate = float(statistic(*arrays))
    result = scipy_stats.bootstrap(
        arrays,
        statistic,
        paired=paired,
        vectorized=False,
        confidence_level=level,
        n_resamples=n_resamples,
        method=method,
        random_state=np.random.default_rng(seed),
    )
    interval = result.confidence_interval
    return estimate, float(interval.low), float(interval.high)


def r_squared_ci(
    y: pd.Series,
    x: pd.Series,
    level: float = CONFIDENCE,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float, float]:
    """R² of the least-squares line of ``y`` on ``x``, with a bootstrap interval (pairs resampled).

    Parameters
    ----------
    y : pandas.Series of float, shape (n,)
        The outcome.
    x : pandas.Series of float, shape (n,), aligned on ``y``
        The predictor.
    level : float, default 0.95
    n_resamples : int, default 2000
    seed : int, default ``BOOTSTRAP_SEED``

    Returns
    -------
    (float, float, float)
        ``(r2, low, high)`` (percentile bootstrap); all ``nan`` with fewer than 4 complete
        pairs or a constant variable.
    """
    data = _pairs(y, x)
    if len(data) < 4 or data["x"].nunique() < 2 or data["y"].nunique() < 2:
        return float("nan"), float("nan"), float("nan")

    def statistic(yy: np.ndarray, xx: np.ndarray) -> float:
        if np.ptp(xx) == 0 or np.ptp(yy) == 0:
            return 0.0
        return float(np.corrcoef(yy, xx)[0, 1] ** 2)

    return bootstrap_ci(statistic, (data["y"], data["x"]), level=level, n_resamples=n_resamples, seed=seed)


def eta_squared_ci(
    y: pd.Series,
    groups: pd.Series,
    level: float = CONFIDENCE,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float, float]:
    """η² (:func:`eta_squared`) with a bootstrap interval (places resampled).

    Parameters
    ----------
    y : pandas.Series of float, shape (n,)
    groups : pandas.Series, shape (n,), aligned on ``y``
    level : float, default 0.95
    n_resamples : int, default 2000
    seed : int, default ``BOOTSTRAP_SEED``

    Returns
    -------
    (float, float, float)
        ``(eta2, low, high)``; all ``nan`` with fewer than 4 complete rows.
    """
    data = pd.DataFrame({"y": y.astype("float64"), "c": groups.astype("object")}).dropna()
    if len(data) < 4 or data["y"].nunique() < 2:
        return float("nan"), float("nan"), float("nan")
    codes = pd.factorize(data["c"])[0].astype("float64")

    def statistic(yy: np.ndarray, cc: np.ndarray) -> float:
        total = ((yy - yy.mean()) ** 2).sum()
        if total == 0:
            return 0.0
        frame = pd.DataFrame({"y": yy, "c": cc})
        within = ((frame["y"] - frame.groupby("c")["y"].transform("mean")) ** 2).sum()
        return float(1 - within / total)

    return bootstrap_ci(statistic, (data["y"], codes), level=level, n_resamples=n_resamples, seed=seed)


def mean_difference_ci(a: pd.Series, b: pd.Series, level: float = CONFIDENCE) -> tuple[float, float, float]:
    """Difference of two group means (``a − b``) with Welch's confidence interval.

    Parameters
    ----------
    a, b : pandas.Series of float
        The two groups' values (missing values ignored).
    level : float, default 0.95

    Returns
    -------
    (float, float, float)
        ``(difference, low, high)``, from
        ``scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval``; all ``nan``
        when a group has fewer than 2 values.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34(1–2), 28–35.
    """
    first, second = a.astype("float64").dropna(), b.astype("float64").dropna()
    if len(first) < 2 or len(second) < 2:
        return float("nan"), float("nan"), float("nan")
    result = scipy_stats.ttest_ind(first, second, equal_var=False)
    interval = result.confidence_interval(confidence_level=level)
    return float(first.mean() - second.mean()), float(interval.low), float(interval.high)


def ols_robust(frame: pd.DataFrame, outcome: str, predictors: Sequence[str], level: float = CONFIDENCE) -> pd.DataFrame:
    """Least squares with heteroskedasticity-robust (HC1) standard errors and intervals.

    The coefficients are those of :func:`ols`; the standard errors are White's sandwich
    estimator with the ``n / (n − k)`` small-sample factor (HC1), the intervals use
    Student's t with ``n − k`` degrees of freedom.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``outcome`` and every name in ``predictors`` (numeric); complete rows only.
    outcome : str
    predictors : sequence of str
        May include an interaction column built by the caller (e.g. ``education ×
        central``).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by ``intercept`` and the predictors: ``coefficient``, ``se``, ``t``,
        ``low`` and ``high``; ``attrs`` hold ``n`` and ``r_squared``.

    Raises
    ------
    KeyError
        When ``outcome`` or a predictor is not a column of ``frame``.
    ValueError
        When there are no more complete rows than coefficients.

    References
    ----------
    White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a
    direct test for heteroskedasticity. *Econometrica*, 48(4), 817–838. MacKinnon, J. G.
    and White, H. (1985). *Journal of Econometrics*, 29(3), 305–325 (HC1).
    """
    data = frame[[outcome, *predictors]].astype("float64").dropna()
    n, k = len(data), len(predictors) + 1
    if n <= k:
        raise ValueError(f"{n} complete rows cannot estimate {k} coefficients")
    design = np.column_stack([np.ones(n), data[list(predictors)].to_numpy()])
    target = data[outcome].to_numpy()
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residual = target - design @ coefficients
    bread = np.linalg.pinv(design.T @ design)
    meat = design.T @ (design * residual[:, None] ** 2)
    covariance = bread @ meat @ bread * n / (n - k)
    se = np.sqrt(np.diag(covariance))
    critical = scipy_stats.t.ppf(1 - (1 - level) / 2, n - k)
    out = pd.DataFrame(
        {
            "coefficient": coefficients,
            "se": se,
            "t": coefficients / se,
            "low": coefficients - critical * se,
            "high": coefficients + critical * se,
        },
        index=["intercept", *predictors],
    )
    total = ((target - target.mean()) ** 2).sum()
    out.attrs.update(n=n, r_squared=float(1 - (residual**2).sum() / total) if total > 0 else float("nan"))
    return out


def shrinkage(deviation: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Empirical-Bayes shrinkage of place deviations whose noise falls with population.

    Each place's deviation ``d`` (e.g. its residual from a fitted line) is read as a true
    deviation (variance τ²) plus sampling noise of variance ``σ² / population`` (census
    long-form estimates are means over sampled households, so their variance falls with
    size). The two variance components are estimated by the method of moments, from the
    least-squares line of ``d²`` on ``1 / population`` (intercept τ², slope σ², each
    floored at 0). Each deviation is multiplied by its reliability
    ``B = τ² / (τ² + σ² / population)``: large places keep nearly all of theirs, a
    village of a few hundred people keeps only the part its size can support.

    Parameters
    ----------
    deviation : pandas.Series of float, shape (n,)
        Deviations from a target (residuals), in the measure's units.
    population : pandas.Series of float, shape (n,), aligned on ``deviation``
        Positive population of each place (2021 census); rows with a missing or
        non-positive population or deviation are left missing.

    Returns
    -------
    pandas.DataFrame, shape (n, 2)
        Indexed like ``deviation``: ``reliability`` (B, between 0 and 1) and ``shrunk``
        (``B · d``); ``attrs`` hold ``tau2`` and ``sigma2``. When both components are 0
        (no spread at all), every reliability is ``nan``.

    References
    ----------
    Morris, C. N. (1983). Parametric empirical Bayes inference: theory and applications.
    *Journal of the American Statistical Association*, 78(381), 47–55. Fay, R. E. and
    Herriot, R. A. (1979). Estimates of income for small places. *JASA*, 74(366), 269–277.
    """
    d = deviation.astype("float64")
    pop = population.astype("float64")
    ok = d.notna() & pop.notna() & (pop > 0)
    out = pd.DataFrame({"reliability": np.nan, "shrunk": np.nan}, index=deviation.index)
    if ok.sum() < 3:
        out.attrs.update(tau2=float("nan"), sigma2=float("nan"))
        return out
    inverse = 1 / pop[ok]
    intercept, slope = line(d[ok] ** 2, inverse)
    tau2 = max(float(intercept), 0.0) if np.isfinite(intercept) else float("nan")
    sigma2 = max(float(slope), 0.0) if np.isfinite(slope) else float("nan")
    if not (np.isfinite(tau2) and np.isfinite(sigma2)) or tau2 + sigma2 == 0:
        out.attrs.update(tau2=tau2, sigma2=sigma2)
        return out
    reliability = tau2 / (tau2 + sigma2 * inverse)
    out.loc[ok, "reliability"] = reliability
    out.loc[ok, "shrunk"] = reliability * d[ok]
    out.attrs.update(tau2=tau2, sigma2=sigma2)
    return out


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's κ: agreement of two classifications beyond what their margins give by chance.

    Parameters
    ----------
    a, b : pandas.Series, shape (n,), aligned
        Labels; rows where either is missing are ignored.

    Returns
    -------
    float
        ``(p_o − p_e) / (1 − p_e)``: 1 for identical labels, 0 for chance agreement;
        ``nan`` with no complete row, or when both use a single identical label
        (``p_e = 1``).

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement*, 20(1), 37–46.
    """
    data = pd.DataFrame({"a": a.astype("object"), "b": b.astype("object")}).dropna()
    if data.empty:
        return float("nan")
    observed = float((data["a"] == data["b"]).mean())
    pa = data["a"].value_counts(normalize=True)
    pb = data["b"].value_counts(normalize=True)
    expected = float(sum(pa.get(k, 0) * pb.get(k, 0) for k in set(pa.index) | set(pb.index)))
    if expected == 1:
        return float("nan")
    return (observed - expected) / (1 - expected)
