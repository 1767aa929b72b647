"""Places are not people: the ecological fallacy and the modifiable areal unit problem.

Every number of chapters 1 to 4 describes *places* (municipalities, MRCs), not the people
living in them. Two classic traps follow, and this module gives the tables that show them:

* **The ecological fallacy** (Robinson 1950): a relation between place averages need not
  hold between the people inside the places. A village with a high education score can
  hold both graduates and adults without a diploma; a correlation across places says
  nothing about any one resident. :func:`within_between` splits a correlation into its
  part *between* groups of places and its part *within* them, which can differ in size
  and even in sign.
* **The modifiable areal unit problem** (Openshaw 1984): the same data aggregated to
  other units (municipalities, MRCs, regions) give other correlations, other slopes,
  other medians. :func:`by_scale` recomputes a relation at each scale.
  :func:`place_and_resident_medians` contrasts the typical *place* with the typical
  *resident*, the same switch of unit as the weighted cuts of the matrix.

Aggregation to a larger unit uses population-weighted means of the municipal values (for
a median such as household income this approximates, but is not, the larger unit's own
median).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.stats import line, pearson, spearman, weighted_mean, weighted_median
from analysis.vocabulary import POPULATION

MUNICIPAL = "municipalities"
UNITS = {"mrc_code": "MRCs", "region_code": "administrative regions", "cd_uid": "census divisions"}
PARTS = ("overall", "between", "within")
"""The three correlations of :func:`within_between`: across every place, between the group means, within groups."""


def aggregate(frame: pd.DataFrame, columns: Sequence[str], by: str, population: str = POPULATION) -> pd.DataFrame:
    """Municipal values aggregated to a larger unit, weighted by population.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per municipality; must hold ``by``, ``population`` and every name in
        ``columns``. Rows without a unit or a positive population are left out.
    columns : sequence of str
        The indicators to aggregate (numeric).
    by : str
        The unit column (``mrc_code``, ``region_code``, ``cd_uid``).
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        One row per unit (sorted): ``entities``, ``population`` and the population-weighted
        mean of each column over the entities where it is known.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    data = frame[frame[by].notna() & (frame[population].astype("float64").fillna(0) > 0)]
    rows = {}
    for unit, part in data.groupby(by, sort=True):
        weights = part[population].astype("float64")
        row = {"entities": len(part), "population": float(weights.sum())}
        row.update({c: weighted_mean(part[c], weights) for c in columns})
        rows[unit] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = by
    return out


def _relation(table: pd.DataFrame, x: str, y: str) -> dict[str, float]:
    pairs = table[[x, y]].dropna()
    return {
        "units": len(pairs),
        "pearson": pearson(pairs[x], pairs[y]),
        "spearman": spearman(pairs[x], pairs[y]),
        "slope": line(pairs[y], pairs[x])[1],
    }


def by_scale(
    frame: pd.DataFrame,
    x: str,
    y: str,
    units: Sequence[str] = ("mrc_code", "region_code"),
    population: str = POPULATION,
) -> pd.DataFrame:
    """The same relation of ``y`` to ``x`` at the municipal scale and at larger scales.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per municipality; must hold ``x``, ``y``, ``population`` and every unit
        column.
    x, y : str
        The two indicators (e.g. ``cwb_education_2021`` and ``cwb_income_2021``).
    units : sequence of str, default (``mrc_code``, ``region_code``)
        The larger units, from the smallest (keys of ``UNITS``).
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by ``scale`` (``"municipalities"``, then the readable name of each unit):
        ``units`` (complete units), ``pearson``, ``spearman`` and ``slope`` (``y`` units per
        unit of ``x``, least squares).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.

    References
    ----------
    Openshaw, S. (1984). *The Modifiable Areal Unit Problem*. CATMOG 38. Geo Books.
    """
    inhabited = frame[frame[population].astype("float64").fillna(0) > 0]
    rows = {MUNICIPAL: _relation(inhabited, x, y)}
    for unit in units:
        rows[UNITS.get(unit, unit)] = _relation(aggregate(inhabited, [x, y], unit, population), x, y)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "scale"
    return out


def within_between(frame: pd.DataFrame, x: str, y: str, by: str = "mrc_code") -> pd.Series:
    """A correlation across places split into its part between groups and within them.

    *Between*: the correlation of the group means (one point per group). *Within*: the
    correlation of the places' deviations from their group's means (every group centred
    on zero). The overall correlation mixes the two; when they differ, reading the
    between-group relation as a fact about places, or the place relation as a fact about
    people, is the ecological fallacy.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per place; must hold ``x``, ``y`` and ``by``. Complete rows with a group.
    x, y : str
    by : str, default ``"mrc_code"``

    Returns
    -------
    pandas.Series
        ``places``, ``groups``, ``overall``, ``between`` and ``within`` (Pearson's r).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.

    References
    ----------
    Robinson, W. S. (1950). Ecological correlations and the behavior of individuals.
    *American Sociological Review*, 15(3), 351–357.
    """
    data = frame[[x, y, by]].dropna()
    data = data.astype({x: "float64", y: "float64"})
    means = data.groupby(by)[[x, y]].transform("mean")
    group_means = data.groupby(by)[[x, y]].mean()
    return pd.Series(
        {
            "places": len(data),
            "groups": int(data[by].nunique()),
            **dict(
                zip(
                    PARTS,
                    (
                        pearson(data[x], data[y]),
                        pearson(group_means[x], group_means[y]),
                        pearson(data[x] - means[x], data[y] - means[y]),
                    ),
                    strict=True,
                )
            ),
        },
        dtype="object",
    )


def place_and_resident_medians(
    frame: pd.DataFrame, columns: Sequence[str], by: pd.Series | None = None, population: str = POPULATION
) -> pd.DataFrame:
    """The typical place and the typical resident, for each indicator (and group).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        One row per place; must hold ``population`` and every name in ``columns``.
    columns : sequence of str
    by : pandas.Series, shape (n,), aligned on ``frame``, optional
        A group (e.g. the SAC split); default one group, ``"all"``.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        Indexed by (``group``, ``indicator``): ``places`` (with a value), ``place_median``
        (each place counts once), ``resident_median`` (population-weighted median: half of
        the residents live in places at or below it) and ``difference`` (resident minus
        place).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    groups = pd.Series("all", index=frame.index) if by is None else by.reindex(frame.index)
    rows = []
    for name, part in frame.groupby(groups, observed=True, sort=True):
        weights = part[population].astype("float64")
        for column in columns:
            values = part[column].astype("float64")
            place = float(values.median()) if values.notna().any() else float("nan")
            resident = weighted_median(values, weights)
            rows.append(
                {
                    "group": name,
                    "indicator": column,
                    "places": int(values.notna().sum()),
                    "place_median": place,
                    "resident_median": resident,
                    "difference": resident - place,
                }
            )
    return pd.DataFrame(rows).set_index(["group", "indicator"])
