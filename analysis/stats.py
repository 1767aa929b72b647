"""Statistics of the book, under the field's standard names.

One argument convention: **the outcome comes first**, then what it is compared with
(``line(y, x)``, ``r_squared(y, x)``, ``eta_squared(y, groups)``,
``ols(frame, outcome, predictors)``); symmetric measures (``spearman``, ``pearson``) take
``(x, y)``. Every function works on complete pairs (rows where a value is missing are
dropped) and returns ``nan`` where the statistic is undefined, never a filled-in value.
Nothing is rounded here: rounding happens where text is made
(:func:`analysis.book.results.record`).

Where numpy or pandas compute the same thing, they do the work (Spearman's ρ and
Pearson's r are pandas' ``Series.corr``, the weighted mean is ``numpy.average``, least
squares is ``numpy.linalg.lstsq``). Three definitions are written out because the
libraries' versions differ from what the book needs: the weighted median (the midpoint
rule at an exact half), the modified z-score (the 1.4826 scale of the ISQ's usage) and
the percentile rank with half ties (identical to ``scipy.stats.percentileofscore(kind="mean")``,
without adding scipy for it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

MAD_TO_SIGMA = 1.4826
"""1 / Φ⁻¹(3/4): scales the median absolute deviation to a standard deviation for normal data."""
COMPOSITE_FLOOR = 1.0
"""Each shifted indicator starts at 1, so that the geometric mean is defined."""


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
