"""Connection against geography (chapter 3): how much of "connection" does remoteness explain?

Klein argues that the problem of peripheral communities "is not a problem of proximity,
it is a problem of connection". This module sets the census-based proxies of connection
(the Community Well-Being 2021 components) against geographic remoteness (the Index of
Remoteness 2021 by default; 2016 for comparison) and against *functional* connection (the Statistical Area
Classification and the 2016 commuting flows). None of these is Klein's *relational*
proximity (ties to local and supralocal networks): they are outcomes and flows measured
by the census.

Pure functions: DataFrame in, DataFrame or number out; missing values stay missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.analyses import communities, connection_measures
from analysis.analyses import sample as sampling
from analysis.analyses.centrality import SAC_RANK
from analysis.stats import eta_squared, eta_squared_ci, line, percentile_rank, r_squared, r_squared_ci, shrinkage
from analysis.vocabulary import POPULATION

# Connection measures (higher = more connected), in the order the chapter reads them.
MEASURES = {
    "education": "CWB 2021 education component",
    "composite": "composite of the CWB 2021 education, income and labour force components",
    "income": "CWB 2021 income component",
    "labour": "CWB 2021 labour force activity component",
}

# Predictors of connection: geographic distance and functional connection.
PREDICTORS = {
    "remoteness": "Index of Remoteness 2021 (straight line)",
    "sac_class": "SAC/MIZ class 2016 (one mean per class)",
    "commute_outside_cd": "share commuting outside the census division, 2016 (straight line)",
}

# Every value an entity needs to be analysed (on one common set of entities).
REQUIRED = ("remoteness", "sac_class", *MEASURES, "commute_outside_cd")
MISSING_LABELS = {
    "remoteness": "no Index of Remoteness",
    "sac_class": "no SAC class 2016",
    "education": "no CWB 2021 score",
    "composite": "no CWB 2021 score",
    "income": "no CWB 2021 score",
    "labour": "no CWB 2021 score",
    "commute_outside_cd": "no 2016 commuting data",
}

SAC_ORDER = tuple(sorted(SAC_RANK, key=SAC_RANK.get))

RESIDUAL_CLASSES = (
    "below the line by 1 SD or more",
    "below the line by 0.5 to 1 SD",
    "within 0.5 SD of the line",
    "above the line by 0.5 to 1 SD",
    "above the line by 1 SD or more",
)


def measures(frame: pd.DataFrame, edition: int = 2021, reference: pd.Series | None = None) -> pd.DataFrame:
    """One row per municipal entity with the measures of the chapter, under short names.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table (``load.municipalities()``); reads ``csd_uid``, ``name``,
        ``region_name``, ``mrc_code``, ``mrc_name``, ``pop_census_2021``,
        ``community_type_2021``, ``designation``, ``remoteness_<edition>``,
        ``sac_class_2016``, ``cwb_education_2021``, ``cwb_income_2021``,
        ``cwb_labour_2021``, ``commute_other_cd_pct_2016``,
        ``commute_other_province_pct_2016``, ``commute_within_csd_pct_2016``, ``lon`` and
        ``lat``.
    edition : {2016, 2021}, default 2021
        The edition of the Index of Remoteness behind ``remoteness`` (the 2021 edition
        matches the 2021 census and CWB; the first edition used 2016).
    reference : pandas.Series of bool, shape (n,), optional
        The places the composite is standardised on (in the book the inhabited
        municipalities, :func:`analysis.analyses.communities.reference_sample`, as in the
        matrix); the composite is missing outside them. Default every row.

    Returns
    -------
    pandas.DataFrame, shape (n, 18)
        Identifiers (``csd_uid``, ``name``, ``region_name``, ``mrc_code``, ``mrc_name``),
        ``population`` (2021 census), ``community_type`` (CWB: Non-Indigenous, First
        Nations, Inuit), ``group`` (municipalities, or First Nations and Inuit
        communities: :func:`analysis.analyses.communities.group`), ``remoteness`` (IR of
        the chosen edition, 0 = least remote), ``sac_class`` (SAC
        2016), the connection measures ``education``, ``income``, ``labour`` (CWB points,
        0-100) and ``composite`` (robust-z geometric mean of the three,
        :func:`analysis.analyses.connection_measures.score`, standardised on ``reference``),
        ``commute_outside_cd`` (share of commuters
        working in another census division of Québec or in another province, 2016, in
        percent), ``commute_within_csd`` (percent) and the location (``lon``, ``lat``,
        WGS 84 degrees). Index reset.

    Raises
    ------
    KeyError
        When one of the columns above is not in ``frame``.
    ValueError
        When ``edition`` is neither 2016 nor 2021.

    References
    ----------
    Statistics Canada, Index of Remoteness 2016 and 2021 (17-26-0001); Statistics Canada,
    Statistical Area Classification 2016; Indigenous Services Canada, Community
    Well-Being Index 2021; Statistics Canada, Census Profile 2016 (98-401-X2016065),
    commuting destination.
    """
    if edition not in (2016, 2021):
        raise ValueError(f"the Index of Remoteness has a 2016 and a 2021 edition, not {edition}")
    return pd.DataFrame(
        {
            "csd_uid": frame["csd_uid"],
            "name": frame["name"],
            "region_name": frame["region_name"],
            "mrc_code": frame["mrc_code"],
            "mrc_name": frame["mrc_name"],
            "population": frame[POPULATION],
            "community_type": frame["community_type_2021"],
            "group": communities.group(frame),
            "remoteness": frame[f"remoteness_{edition}"].astype("float64"),
            "sac_class": frame["sac_class_2016"],
            "education": frame["cwb_education_2021"].astype("float64"),
            "income": frame["cwb_income_2021"].astype("float64"),
            "labour": frame["cwb_labour_2021"].astype("float64"),
            "composite": connection_measures.score(frame, "composite", reference),
            "commute_outside_cd": frame["commute_other_cd_pct_2016"] + frame["commute_other_province_pct_2016"],
            "commute_within_csd": frame["commute_within_csd_pct_2016"],
            "lon": frame["lon"],
            "lat": frame["lat"],
        }
    ).reset_index(drop=True)


def analysed(table: pd.DataFrame, required: tuple[str, ...] = REQUIRED) -> pd.DataFrame:
    """The entities the chapter analyses: inhabited in 2021 and with every ``required`` value.

    Unorganised territories with no residents and entities without census or CWB
    values are left out, so that every comparison uses the same entities
    (:func:`analysis.analyses.sample.analysed` on the table of :func:`measures`).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`measures`.
    required : tuple of str
        The measures an entity must have (default: every measure of the chapter).

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``table``, index reset.
    """
    return sampling.analysed(table, required, population="population")


def left_out(table: pd.DataFrame, required: tuple[str, ...] = REQUIRED) -> pd.DataFrame:
    """How many entities :func:`analysed` leaves out, and why (the first missing item counts).

    Parameters
    ----------
    table, required
        As in :func:`analysed`.

    Returns
    -------
    pandas.DataFrame
        ``reason`` and ``entities``; the last row is the total.
    """
    return sampling.left_out(table, required, MISSING_LABELS, population="population")


def variance_explained(sample: pd.DataFrame, measure: str, predictor: str) -> float:
    """Share of the variance of a connection ``measure`` explained by one ``predictor``.

    A straight line for a numeric predictor (R²), one mean per class for ``sac_class``
    (the correlation ratio η², which with six classes is larger than a one-line R² by
    construction).

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`); must hold ``measure`` and ``predictor``.
    measure : str
        A connection measure, one of ``MEASURES`` (``education``, ``composite``,
        ``income``, ``labour``).
    predictor : str
        One of ``PREDICTORS`` (``remoteness``, ``sac_class``, ``commute_outside_cd``).

    Returns
    -------
    float
        In [0, 1]; ``nan`` when undefined (fewer than 3 complete pairs, a constant variable).

    Raises
    ------
    KeyError
        When ``measure`` or ``predictor`` is not a column of ``sample``.
    """
    if predictor == "sac_class":
        return eta_squared(sample[measure], sample[predictor])
    return r_squared(sample[measure], sample[predictor])


def variance_table(
    sample: pd.DataFrame,
    measure_names: tuple[str, ...] = tuple(MEASURES),
    predictors: tuple[str, ...] = tuple(PREDICTORS),
) -> pd.DataFrame:
    """Variance of each connection measure explained by each predictor (rows: measures).

    The geographic predictor (remoteness) and the two functional ones (SAC class,
    commuting outside the census division) are compared on the same entities.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`).
    measure_names : tuple of str, default all of ``MEASURES``
    predictors : tuple of str, default all of ``PREDICTORS``

    Returns
    -------
    pandas.DataFrame, shape (len(measure_names), len(predictors))
        Indexed by ``measure``, one column per predictor: the share of variance explained
        (:func:`variance_explained`), in [0, 1].

    Raises
    ------
    KeyError
        When a measure or predictor is not a column of ``sample``.
    """
    rows = {m: {p: variance_explained(sample, m, p) for p in predictors} for m in measure_names}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "measure"
    return out


def variance_by_group(sample: pd.DataFrame, measure: str = "education", predictor: str = "remoteness") -> pd.DataFrame:
    """Variance explained, with its interval, among all entities and in each of the two groups.

    Many First Nations and Inuit communities are both very remote and low on the CWB
    components, for reasons other than road distance (the CWB was designed to track their
    gaps); this shows how much of the overall R² they carry, and what is left among the
    municipalities.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`); must hold ``group``
        (:func:`analysis.analyses.communities.group`), ``measure`` and ``predictor``.
    measure : str, default ``"education"``
    predictor : str, default ``"remoteness"``

    Returns
    -------
    pandas.DataFrame, shape (3, 4)
        Indexed by ``group`` (``all entities``, ``municipalities``, ``First Nations and
        Inuit communities``): ``entities``, ``estimate``, ``low`` and ``high`` (R² of a
        line, or η² for ``sac_class``, with a bootstrap 95 % interval; missing for a group
        with fewer than 4 entities).

    Raises
    ------
    KeyError
        When ``measure``, ``predictor`` or ``group`` is not a column of ``sample``.

    References
    ----------
    Indigenous Services Canada, Community Well-Being Index 2021.
    """
    parts = {communities.ALL_ENTITIES: sample, **{name: sample[sample["group"] == name] for name in communities.GROUPS}}
    rows = {}
    for name, part in parts.items():
        ci = eta_squared_ci if predictor == "sac_class" else r_squared_ci
        estimate, low, high = ci(part[measure], part[predictor])
        rows[name] = {"entities": len(part), "estimate": estimate, "low": low, "high": high}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "group"
    return out


def residuals(sample: pd.DataFrame, measure: str = "education", predictor: str = "remoteness") -> pd.DataFrame:
    """Fit ``measure`` on ``predictor`` with a straight line; one row per entity.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`); must hold ``csd_uid``,
        ``name``, ``region_name``, ``mrc_name``, ``population``, ``community_type``,
        ``sac_class``, ``measure`` and ``predictor``.
    measure : str, default ``"education"``
        The connection measure (the outcome, ``y``).
    predictor : str, default ``"remoteness"``
        A numeric predictor (``x``).

    Returns
    -------
    pandas.DataFrame, shape (n, 11)
        Identifiers, ``population``, ``community_type``, ``sac_class`` (and ``group``
        when ``sample`` has it), ``x`` (the
        predictor), ``y`` (the measure), ``fitted`` and ``residual`` (y − fitted, in the
        measure's units). A positive residual means *more connected than its remoteness
        predicts*; a negative one, *less connected than predicted*. ``attrs`` keep the
        measure, predictor, intercept and slope (:func:`analysis.stats.line`).

    Raises
    ------
    KeyError
        When one of the columns above is not in ``sample``.
    """
    intercept, slope = line(sample[measure], sample[predictor])
    shown = ["csd_uid", "name", "region_name", "mrc_name", "population", "community_type", "sac_class"]
    out = sample[shown + [c for c in ("group",) if c in sample.columns]].copy()
    out["x"] = sample[predictor].astype("float64")
    out["y"] = sample[measure].astype("float64")
    out["fitted"] = intercept + slope * out["x"]
    out["residual"] = out["y"] - out["fitted"]
    out.attrs.update(measure=measure, predictor=predictor, intercept=intercept, slope=slope)
    return out


_SHOWN = ["name", "region_name", "mrc_name", "population", "sac_class", "x", "y", "fitted", "residual"]


def connected_despite_distance(
    fit: pd.DataFrame,
    quantile: float = 0.75,
    n: int = 10,
    min_population: float | None = None,
    rank_by: str = "residual",
) -> pd.DataFrame:
    """Among the most remote entities (x at or above its ``quantile``), the largest positive residuals.

    These are the places *connected despite distance*: more connected than their
    remoteness predicts, although they are among the most remote. The quantile is taken
    over every entity of ``fit``, before any population filter.

    Parameters
    ----------
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``x`` and ``residual``, and the columns
        shown), or of :func:`shrunk_residuals` to rank by ``shrunk_residual``.
    quantile : float, default 0.75
        In [0, 1]: the entities at or above this quantile of ``x`` are the most remote.
    n : int, default 10
        How many to keep.
    min_population : float, optional
        Keep only entities with at least this 2021 population (small places' scores move
        with a few households).
    rank_by : {"residual", "shrunk_residual"}, default ``"residual"``
        The column to rank by (``shrunk_residual`` needs :func:`shrunk_residuals`).

    Returns
    -------
    pandas.DataFrame, at most ``n`` rows
        ``name``, ``region_name``, ``mrc_name``, ``population``, ``sac_class``, ``x``, ``y``,
        ``fitted`` and ``residual`` (plus ``reliability`` and ``shrunk_residual`` when
        present), largest value of ``rank_by`` first; index reset.

    Raises
    ------
    KeyError
        When ``rank_by`` is not a column of ``fit``.
    """
    return _extremes(fit, quantile, n, min_population, rank_by, remote=True)


def _extremes(
    fit: pd.DataFrame, quantile: float, n: int, min_population: float | None, rank_by: str, remote: bool
) -> pd.DataFrame:
    if rank_by not in fit.columns:
        raise KeyError(f"cannot rank by {rank_by!r}: not a column of the fit (use shrunk_residuals first)")
    cut = fit["x"].quantile(quantile)
    chosen = fit[(fit["x"] >= cut) & (fit[rank_by] > 0)] if remote else fit[(fit["x"] <= cut) & (fit[rank_by] < 0)]
    if min_population is not None:
        chosen = chosen[chosen["population"].astype("float64") >= min_population]
    shown = _SHOWN + [c for c in ("reliability", "shrunk_residual") if c in fit.columns]
    ordered = chosen.sort_values(rank_by, ascending=not remote, kind="mergesort")
    return ordered[shown].head(n).reset_index(drop=True)


def disconnected_despite_centrality(
    fit: pd.DataFrame,
    quantile: float = 0.25,
    n: int = 10,
    min_population: float | None = None,
    rank_by: str = "residual",
) -> pd.DataFrame:
    """Among the most central entities (x at or below its ``quantile``), the largest negative residuals.

    These are the places *disconnected despite centrality*: less connected than their
    remoteness predicts, although they are among the least remote.

    Parameters
    ----------
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``x`` and ``residual``, and the columns
        shown), or of :func:`shrunk_residuals`.
    quantile : float, default 0.25
        In [0, 1]: the entities at or below this quantile of ``x`` are the most central.
    n : int, default 10
        How many to keep.
    min_population : float, optional
        Keep only entities with at least this 2021 population.
    rank_by : {"residual", "shrunk_residual"}, default ``"residual"``

    Returns
    -------
    pandas.DataFrame, at most ``n`` rows
        As :func:`connected_despite_distance`, most negative value of ``rank_by`` first.

    Raises
    ------
    KeyError
        When ``rank_by`` is not a column of ``fit``.
    """
    return _extremes(fit, quantile, n, min_population, rank_by, remote=False)


def shrunk_residuals(fit: pd.DataFrame) -> pd.DataFrame:
    """The residuals of :func:`residuals`, shrunk towards the line by empirical Bayes.

    A place's residual mixes a true deviation and the sampling noise of census long-form
    estimates, which falls with population; :func:`analysis.stats.shrinkage` estimates both
    variance components and keeps of each residual only the part its population supports.
    Lists ranked by the shrunk residual are no longer led by villages of a few hundred
    people merely because their scores are noisy.

    Parameters
    ----------
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``residual`` and ``population``).

    Returns
    -------
    pandas.DataFrame
        ``fit`` with ``reliability`` (0-1) and ``shrunk_residual`` (the measure's units);
        ``attrs`` keep those of ``fit`` plus ``tau2`` and ``sigma2``.

    Raises
    ------
    KeyError
        When ``residual`` or ``population`` is not a column of ``fit``.

    References
    ----------
    Morris, C. N. (1983). Parametric empirical Bayes inference. *JASA*, 78(381), 47–55.
    """
    out = fit.copy()
    shrunk = shrinkage(fit["residual"], fit["population"])
    out["reliability"] = shrunk["reliability"]
    out["shrunk_residual"] = shrunk["shrunk"]
    out.attrs.update(fit.attrs)
    out.attrs.update(tau2=shrunk.attrs["tau2"], sigma2=shrunk.attrs["sigma2"])
    return out


def variance_intervals(
    sample: pd.DataFrame,
    measure_names: tuple[str, ...] = tuple(MEASURES),
    predictors: tuple[str, ...] = tuple(PREDICTORS),
) -> pd.DataFrame:
    """:func:`variance_table` with a bootstrap 95 % interval on every share of variance.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`).
    measure_names : tuple of str, default all of ``MEASURES``
    predictors : tuple of str, default all of ``PREDICTORS``

    Returns
    -------
    pandas.DataFrame
        Indexed by (``measure``, ``predictor``): ``estimate``, ``low``, ``high`` (R² of a
        line, or η² for ``sac_class``; :func:`analysis.stats.r_squared_ci`,
        :func:`analysis.stats.eta_squared_ci`, fixed seed).

    Raises
    ------
    KeyError
        When a measure or predictor is not a column of ``sample``.
    """
    rows = {}
    for m in measure_names:
        for p in predictors:
            if p == "sac_class":
                rows[(m, p)] = eta_squared_ci(sample[m], sample[p])
            else:
                rows[(m, p)] = r_squared_ci(sample[m], sample[p])
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["estimate", "low", "high"])
    out.index = pd.MultiIndex.from_tuples(out.index, names=["measure", "predictor"])
    return out


def residual_class(residual: pd.Series) -> pd.Series:
    """Band of each residual in standard deviations of the residuals (for maps).

    Parameters
    ----------
    residual : pandas.Series of float, shape (n,)
        The ``residual`` column of :func:`residuals`.

    Returns
    -------
    pandas.Series of category, shape (n,)
        One of the five ``RESIDUAL_CLASSES`` (cuts at −1, −0.5, 0.5 and 1 SD, each band
        closed on the left); missing where the residual is missing.
    """
    sd = residual.std()
    edges = [-np.inf, -sd, -sd / 2, sd / 2, sd, np.inf]
    return pd.cut(residual, edges, labels=list(RESIDUAL_CLASSES), right=False)


def by_region(fit: pd.DataFrame) -> pd.DataFrame:
    """Residuals summarised by administrative region, from the most negative median up.

    ``median_residual`` < 0: the region's entities are typically *less* connected than
    their remoteness predicts; ``share_above`` is the share above the line.

    Parameters
    ----------
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``region_name`` and ``residual``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``region_name``: ``entities``, ``median_residual`` (the measure's
        units) and ``share_above`` (between 0 and 1).

    Raises
    ------
    KeyError
        When ``fit`` has no ``region_name`` or ``residual`` column.
    """
    grouped = fit.groupby("region_name", observed=True)["residual"]
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "median_residual": grouped.median(),
            "share_above": grouped.apply(lambda r: float((r > 0).mean())),
        }
    )
    return out.sort_values("median_residual", kind="mergesort")


def by_sac_class(sample: pd.DataFrame) -> pd.DataFrame:
    """Medians of remoteness, connection and commuting in each SAC class, from CMA to no MIZ.

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`); must hold ``sac_class``,
        ``remoteness``, ``education``, ``composite`` and ``commute_outside_cd``.

    Returns
    -------
    pandas.DataFrame, one row per SAC class present
        Indexed by ``sac_class`` (CMA first): ``entities`` and the medians of
        ``remoteness``, ``education``, ``composite`` and ``commute_outside_cd`` (percent).

    Raises
    ------
    KeyError
        When one of the columns above is not in ``sample``.

    References
    ----------
    Statistics Canada, Statistical Area Classification 2016.
    """
    grouped = sample.groupby("sac_class", observed=True)
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "remoteness": grouped["remoteness"].median(),
            "education": grouped["education"].median(),
            "composite": grouped["composite"].median(),
            "commute_outside_cd": grouped["commute_outside_cd"].median(),
        }
    )
    order = [c for c in SAC_ORDER if c in out.index]
    out = out.loc[order]
    out.index.name = "sac_class"
    return out


def place_profile(sample: pd.DataFrame, fit: pd.DataFrame, csd_uid: str) -> pd.DataFrame:
    """One entity on every measure: its value and its percentile among the analysed entities.

    Rows: remoteness, each connection measure, the commuting shares and the residual of
    ``fit``. A higher percentile means *more* of the measure (more remote, more
    connected, more commuting out, further above the line).

    Parameters
    ----------
    sample : pandas.DataFrame
        The analysed entities (:func:`analysed` of :func:`measures`).
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``csd_uid`` and ``residual``).
    csd_uid : str
        The entity's 7-digit census subdivision code (e.g. ``"2440025"``, Saint-Camille).

    Returns
    -------
    pandas.DataFrame, shape (8, 2)
        Indexed by ``measure``: ``value`` (in the measure's units) and ``percentile``
        (percentile rank with half ties, 0-100, :func:`analysis.stats.percentile_rank`);
        missing when the entity, or its value, is not in ``sample`` (the data lack it).

    Raises
    ------
    KeyError
        When a column named above is not in ``sample`` or ``fit``.
    """
    columns = ["remoteness", *MEASURES, "commute_outside_cd", "commute_within_csd"]
    values = {c: sampling.value_of(sample, csd_uid, c) for c in columns}
    values["residual"] = sampling.value_of(fit, csd_uid, "residual")
    pcts = {c: percentile_rank(sample[c], values[c]) if pd.notna(values[c]) else float("nan") for c in columns}
    pcts["residual"] = (
        percentile_rank(fit["residual"], values["residual"]) if pd.notna(values["residual"]) else float("nan")
    )
    return pd.DataFrame({"value": values, "percentile": pcts}).rename_axis("measure")


def mrc_members(table: pd.DataFrame, fit: pd.DataFrame, mrc_code: str) -> pd.DataFrame:
    """Every entity of one MRC on the measures of the chapter, most connected first.

    Entities outside the analysed set keep their row with missing values, so that the
    comparison shows who is left out. ``residual`` comes from ``fit``.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`measures` (all entities, not only the analysed ones).
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``csd_uid`` and ``residual``).
    mrc_code : str
        The 2-digit SDA code of the MRC (e.g. ``"40"``, Les Sources).

    Returns
    -------
    pandas.DataFrame
        One row per entity of the MRC: ``csd_uid``, ``name``, ``population``,
        ``remoteness``, ``sac_class``, ``education``, ``composite``,
        ``commute_outside_cd``, ``commute_within_csd`` and ``residual`` (missing for an
        entity outside ``fit``); sorted by ``education`` (highest first, missing last),
        then name. Empty when the MRC has no entity.

    Raises
    ------
    KeyError
        When one of the columns above is not in ``table`` or ``fit``.
    """
    columns = [
        "csd_uid",
        "name",
        "population",
        "remoteness",
        "sac_class",
        "education",
        "composite",
        "commute_outside_cd",
        "commute_within_csd",
    ]
    local = table.loc[table["mrc_code"] == mrc_code, columns]
    local = local.merge(fit[["csd_uid", "residual"]], on="csd_uid", how="left")
    return local.sort_values(["education", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)


def residual_spread_by_size(fit: pd.DataFrame, groups: int = 6) -> pd.DataFrame:
    """The spread of the residuals in population bands: is small-area noise visible?

    If the residuals of small places were dominated by sampling noise, their spread would
    be larger than that of large places. This table shows whether it is, which is the
    evidence behind the variance components of :func:`shrunk_residuals`.

    Parameters
    ----------
    fit : pandas.DataFrame
        The result of :func:`residuals` (needs ``population`` and ``residual``).
    groups : int, default 6
        Number of population bands (quantiles of the entities, ``pandas.qcut``).

    Returns
    -------
    pandas.DataFrame, shape (groups, 4)
        Indexed by ``band`` (an interval of 2021 population): ``entities``,
        ``smallest`` and ``largest`` population, ``residual_sd`` (the measure's units).

    Raises
    ------
    KeyError
        When ``population`` or ``residual`` is not a column of ``fit``.
    ValueError
        When the population quantiles are not distinct (``pandas.qcut``).
    """
    bands = pd.qcut(fit["population"].astype("float64"), groups)
    grouped = fit.groupby(bands, observed=True)
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "smallest": grouped["population"].min(),
            "largest": grouped["population"].max(),
            "residual_sd": grouped["residual"].std(),
        }
    )
    out.index.name = "band"
    return out
