"""The national effect of a local initiative (chapter 6): who wrote about Saint-Camille, and when."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.case.initiatives import plotting_date


def national_effect(items: pd.DataFrame) -> pd.DataFrame:
    """The dated items of the national effect, sorted, with a plotting date; undated items left out.

    Parameters
    ----------
    items : pandas.DataFrame
        The curated national-effect table (``load.case("national_effect")``,
        ``data/case/national_effect.csv``); reads ``id``, ``year`` and ``date``.

    Returns
    -------
    pandas.DataFrame
        The items with a year, with their columns plus ``when`` (a plotting date,
        :func:`~analysis.analyses.case.initiatives.plotting_date`), sorted by ``when`` and
        id; index reset.
    """
    rows = items[items["year"].notna()].copy()
    rows["when"] = [
        plotting_date(d, "day" if len(str(d)) == 10 else "month" if len(str(d)) == 7 else "year") for d in rows["date"]
    ]
    return rows.sort_values(["when", "id"], kind="stable").reset_index(drop=True)


def national_effect_counts(items: pd.DataFrame) -> pd.DataFrame:
    """Dated items per year and kind (a row per year with items, a column per kind, and ``total``).

    Parameters
    ----------
    items : pandas.DataFrame
        The curated national-effect table (``load.case("national_effect")``,
        ``data/case/national_effect.csv``); reads ``year`` and ``kind``.

    Returns
    -------
    pandas.DataFrame of int
        Indexed by ``year``; one column per kind present (press, book, documentary, …) and
        ``total``.
    """
    dated = items[items["year"].notna()]
    out = pd.crosstab(dated["year"].astype("int64"), dated["kind"])
    out["total"] = out.sum(axis=1)
    out.index.name = "year"
    return out


def national_effect_headlines(items: pd.DataFrame) -> dict[str, int]:
    """Counts the chapter quotes: items, dated, undated, first and last year, by scope.

    Parameters
    ----------
    items : pandas.DataFrame
        The curated national-effect table (``load.case("national_effect")``,
        ``data/case/national_effect.csv``); reads ``year`` and ``scope``.

    Returns
    -------
    dict of str → int
        ``items``, ``dated``, ``undated``, ``first_year``, ``last_year``, ``peak_year`` and
        ``peak_year_items`` (the year with most dated items, the earliest on a tie), and
        ``scope_local``, ``scope_regional``, ``scope_national`` and
        ``scope_international``.

    Raises
    ------
    ValueError
        When no item is dated.
    """
    dated = items[items["year"].notna()]
    out = {
        "items": int(len(items)),
        "dated": int(len(dated)),
        "undated": int(items["year"].isna().sum()),
        "first_year": int(dated["year"].min()),
        "last_year": int(dated["year"].max()),
    }
    per_year = dated["year"].astype("int64").value_counts().sort_index()
    out["peak_year"] = int(per_year.idxmax())
    out["peak_year_items"] = int(per_year.max())
    for scope in ("local", "regional", "national", "international"):
        out[f"scope_{scope}"] = int((items["scope"] == scope).sum())
    return out
