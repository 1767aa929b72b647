"""Indicators: robust z-scores, an ISQ-style composite, population weighting, variance explained.

Pure functions on pandas objects; missing values stay missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MAD_TO_SIGMA = 1.4826  # 1 / 0.6745: makes the MAD comparable to a standard deviation for normal data
COMPOSITE_FLOOR = 1.0  # each shifted score starts at 1 so that the geometric mean is defined


def robust_z(values: pd.Series) -> pd.Series:
    """Modified z-score: (x - median) / (1.4826 * MAD), the Iglewicz-Hoaglin form used by the ISQ.

    Robust to the outliers of small municipalities. Missing values stay missing. A
    constant series (MAD = 0) gives zeros.
    """
    x = values.astype("float64")
    median = x.median()
    mad = (x - median).abs().median()
    if not np.isfinite(mad) or mad == 0:
        return (x - median) * 0.0
    return (x - median) / (MAD_TO_SIGMA * mad)


def shift_to_floor(z: pd.Series, floor: float = COMPOSITE_FLOOR) -> pd.Series:
    """Shift a score so that its minimum equals ``floor`` (order and spacing kept)."""
    return z - z.min() + floor


def composite(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A vitality-style composite of several indicators, built like the ISQ index.

    1. each indicator is turned into a robust z-score (median and MAD);
    2. each z-score is shifted so that its lowest value is 1 (``COMPOSITE_FLOOR``): the
       geometric mean needs positive numbers, and a per-indicator shift keeps every
       indicator's spacing while giving the worst-off place the same floor on each;
    3. the geometric mean of the shifted scores combines them (a low score on one
       indicator is not fully offset by a high one on another);
    4. the result is centred again as a robust z-score, so that 0 is the median
       municipality and negative values lag behind it, as in the ISQ's reading.

    A municipality with any indicator missing gets no composite (it stays
    unclassified rather than being scored on fewer indicators).
    """
    shifted = pd.DataFrame({c: shift_to_floor(robust_z(frame[c])) for c in columns}, index=frame.index)
    complete = shifted.notna().all(axis=1)
    geometric = np.exp(np.log(shifted[complete]).mean(axis=1))
    out = pd.Series(np.nan, index=frame.index, dtype="float64")
    out[complete] = robust_z(geometric)
    return out


def weighted_median(values: pd.Series, weights: pd.Series) -> float:
    """Population-weighted median: the value below which half of the population lives.

    The smallest value whose cumulative weight reaches half of the total; when the
    cumulative weight lands exactly on one half, the midpoint between that value and
    the next (so that equal weights give the ordinary median). Rows with a missing
    value or weight, or a zero weight, are ignored.
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


def least_squares(y: pd.Series, x: pd.Series) -> tuple[float, float]:
    """Intercept and slope of the least-squares line of ``y`` on ``x`` (complete pairs; NaN if undefined)."""
    data = pd.DataFrame({"y": y.astype("float64"), "x": x.astype("float64")}).dropna()
    if len(data) < 2 or data["x"].var() == 0:
        return float("nan"), float("nan")
    slope = data["x"].cov(data["y"]) / data["x"].var()
    return float(data["y"].mean() - slope * data["x"].mean()), float(slope)


def variance_explained(y: pd.Series, x: pd.Series) -> float:
    """Share of the variance of ``y`` explained by a straight line in ``x`` (R², complete pairs)."""
    data = pd.DataFrame({"y": y.astype("float64"), "x": x.astype("float64")}).dropna()
    if len(data) < 3 or data["x"].var() == 0:
        return float("nan")
    return float(data["y"].corr(data["x"]) ** 2)
