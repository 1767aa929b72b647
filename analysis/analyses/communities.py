"""Municipalities and First Nations and Inuit communities: two groups, analysed apart.

Klein's talk is about Québec's municipalities and their social economy. The province's
census subdivisions also include First Nations reserves and settlements, Cree and Naskapi
lands and villages, and the Inuit northern villages of Nunavik, whose institutional
geography differs from that of a municipality: band governance under the *Indian Act* on
reserves; the land, local-government and institutional regimes of the James Bay and
Northern Québec Agreement (JBNQA, 1975) for the Cree and the Inuit, and of the
Northeastern Québec Agreement (NEQA, 1978) for the Naskapi; fly-in access for much of
the north. The Community Well-Being index was itself designed to track the gaps of First
Nations and Inuit communities.

So the book's main tests run on **municipalities** (every entity that is not a First
Nations or Inuit community, unorganised territories included); **First Nations and Inuit
communities** are a group of their own, with their institutional context, and are never
silently given a cell of Klein's matrix. Every headline number can be computed for both
groups (:func:`for_both`).

An entity is a First Nations or Inuit community when the CWB 2021 types it so
(``community_type_2021`` is ``First Nations`` or ``Inuit``) **or** its MAMH designation is
an Indigenous institutional status (reserve, Category I / IA / IA-N land, Cree or Naskapi
village, northern village). The second criterion catches entities the CWB does not type
(reserves without a 2021 score) or types otherwise (Cree and Naskapi villages, nearly
empty in the census); :func:`criterion` says which applied.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.vocabulary import POPULATION

MUNICIPALITIES = "municipalities"
INDIGENOUS = "First Nations and Inuit communities"
GROUPS = (MUNICIPALITIES, INDIGENOUS)
ALL_ENTITIES = "all entities"
"""Both groups together (:func:`for_both`), for comparison only: the book never analyses them as one group."""
INDIGENOUS_TYPES = ("First Nations", "Inuit")
"""The CWB 2021 community types of the First Nations and Inuit group."""

REGIMES = (
    ("Terre de la catégorie IA-N", "Naskapi Category IA-N land (NEQA, 1978)"),
    ("Terre de la catégorie IA", "Cree Category IA land (JBNQA, 1975)"),
    ("Terre de la catégorie I", "Inuit Category I land (JBNQA, 1975)"),
    ("Village cri", "Cree village, Category IB land (JBNQA, 1975)"),
    ("Village naskapi", "Naskapi village, Category IB-N land (NEQA, 1978)"),
    ("Village nordique", "Inuit northern village (JBNQA, 1975; Kativik Regional Government)"),
    ("Réserve indienne", "Indian reserve (Indian Act; band council)"),
)
"""MAMH designations of the Indigenous institutional statuses, most specific first, and
the regime each stands for (JBNQA and NEQA for the Cree, Inuit and Naskapi lands; the
*Indian Act* for reserves)."""
OTHER_REGIME = "other status, typed First Nations or Inuit by the CWB"
MUNICIPAL_REGIME = "municipality or unorganised territory"


def regime(frame: pd.DataFrame) -> pd.Series:
    """The institutional regime of every entity, read from its MAMH designation.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        The municipalities table; must hold ``designation`` and ``community_type_2021``.

    Returns
    -------
    pandas.Series of str, shape (n,)
        Named ``regime``: one of the regimes of ``REGIMES``, ``OTHER_REGIME`` (an entity
        typed First Nations or Inuit by the CWB whose designation is not an Indigenous
        status, e.g. an unorganised territory of Nunavik) or ``MUNICIPAL_REGIME``.

    Raises
    ------
    KeyError
        When ``designation`` or ``community_type_2021`` is not in ``frame``.

    References
    ----------
    James Bay and Northern Québec Agreement (1975), sections 9 and 10 (Cree Category IA and
    IB lands); Northeastern Québec Agreement (1978); Statistics Canada, Standard
    Geographical Classification 2021 (CSD types IRI, S-É, TC, VC, TK, VK, VN, TI);
    Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités.
    """
    designation = frame["designation"].astype("object").fillna("")
    out = pd.Series(MUNICIPAL_REGIME, index=frame.index, dtype="object", name="regime")
    assigned = pd.Series(False, index=frame.index)
    for prefix, name in REGIMES:
        match = ~assigned & designation.map(lambda d, p=prefix: d == p or d.startswith((p + " ", p + "(")))
        out[match] = name
        assigned |= match
    typed = frame["community_type_2021"].isin(INDIGENOUS_TYPES)
    out[typed & ~assigned] = OTHER_REGIME
    return out


def criterion(frame: pd.DataFrame) -> pd.Series:
    """Why an entity is in the First Nations and Inuit group.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation`` and ``community_type_2021``.

    Returns
    -------
    pandas.Series of object, shape (n,)
        Named ``criterion``: ``"CWB type and designation"``, ``"CWB type only"``,
        ``"designation only"``, or missing for a municipality.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    typed = frame["community_type_2021"].isin(INDIGENOUS_TYPES)
    status = ~regime(frame).isin([MUNICIPAL_REGIME, OTHER_REGIME])
    out = pd.Series(pd.NA, index=frame.index, dtype="object", name="criterion")
    out[typed & status] = "CWB type and designation"
    out[typed & ~status] = "CWB type only"
    out[~typed & status] = "designation only"
    return out


def group(frame: pd.DataFrame) -> pd.Series:
    """``"municipalities"`` or ``"First Nations and Inuit communities"`` for every entity.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation`` and ``community_type_2021``.

    Returns
    -------
    pandas.Series of str, shape (n,)
        Named ``group``, indexed like ``frame`` (every entity gets one of ``GROUPS``).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    indigenous = criterion(frame).notna()
    return pd.Series(
        [INDIGENOUS if x else MUNICIPALITIES for x in indigenous], index=frame.index, dtype="object", name="group"
    )


def reference_sample(frame: pd.DataFrame, which: str = MUNICIPALITIES, population: str = POPULATION) -> pd.Series:
    """The places a group's cuts are computed on: its entities with residents in 2021.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation``, ``community_type_2021`` and ``population``.
    which : {"municipalities", "First Nations and Inuit communities"}, default municipalities
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.Series of bool, shape (n,)
        Named ``reference``, indexed like ``frame``.

    Raises
    ------
    ValueError
        When ``which`` is not one of ``GROUPS``.
    KeyError
        When a needed column is not in ``frame``.
    """
    if which not in GROUPS:
        raise ValueError(f"unknown group {which!r}; choose from {list(GROUPS)}")
    inhabited = frame[population].astype("float64").fillna(0) > 0
    return ((group(frame) == which) & inhabited).rename("reference")


def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The table cut into the two groups (rows kept in order, index kept).

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation`` and ``community_type_2021``.

    Returns
    -------
    dict of str → pandas.DataFrame
        ``{"municipalities": …, "First Nations and Inuit communities": …}``.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    g = group(frame)
    return {name: frame[g == name] for name in GROUPS}


def for_both(frame: pd.DataFrame, function: Callable[[pd.DataFrame], object]) -> dict[str, object]:
    """Compute one headline for each group (and for all entities), so both can be reported.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation`` and ``community_type_2021``, and what ``function`` reads.
    function : callable
        Takes a table of entities, returns any value (a number, a table).

    Returns
    -------
    dict of str → object
        ``{"all entities": …, "municipalities": …, "First Nations and Inuit communities": …}``.

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    parts = split(frame)
    return {ALL_ENTITIES: function(frame), **{name: function(part) for name, part in parts.items()}}


def counts(frame: pd.DataFrame, population: str = POPULATION) -> pd.DataFrame:
    """Entities, inhabited entities, residents and CWB coverage of each group.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation``, ``community_type_2021``, ``population`` and
        ``cwb_education_2021``.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame, shape (2, 4)
        Indexed by ``group``: ``entities``, ``inhabited``, ``population`` (2021 residents)
        and ``with_education`` (entities with a CWB 2021 education score).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.
    """
    g = group(frame)
    pop = frame[population].astype("float64").fillna(0)
    out = pd.DataFrame(
        {
            "entities": g.value_counts(),
            "inhabited": g[pop > 0].value_counts(),
            "population": pop.groupby(g).sum(),
            "with_education": g[frame["cwb_education_2021"].notna()].value_counts(),
        }
    ).reindex(list(GROUPS))
    out = out.fillna(0).astype({"entities": "int64", "inhabited": "int64", "with_education": "int64"})
    out.index.name = "group"
    return out


def context_table(frame: pd.DataFrame, population: str = POPULATION) -> pd.DataFrame:
    """The First Nations and Inuit group by institutional regime.

    Parameters
    ----------
    frame : pandas.DataFrame, shape (n, k)
        Must hold ``designation``, ``community_type_2021``, ``population``,
        ``cwb_education_2021`` and ``remoteness_2016``.
    population : str, default ``"pop_census_2021"``

    Returns
    -------
    pandas.DataFrame
        One row per regime present in the group (``REGIMES`` order, then ``OTHER_REGIME``):
        ``entities``, ``inhabited``, ``population``, ``with_education`` and
        ``median_education`` (CWB 2021, over the entities with a score).

    Raises
    ------
    KeyError
        When a needed column is not in ``frame``.

    References
    ----------
    James Bay and Northern Québec Agreement (1975); Northeastern Québec Agreement (1978).
    """
    part = frame[group(frame) == INDIGENOUS]
    r = regime(part)
    pop = part[population].astype("float64").fillna(0)
    grouped = part.groupby(r, sort=False)
    out = pd.DataFrame(
        {
            "entities": grouped.size(),
            "inhabited": (pop > 0).groupby(r).sum(),
            "population": pop.groupby(r).sum(),
            "with_education": part["cwb_education_2021"].notna().groupby(r).sum(),
            "median_education": grouped["cwb_education_2021"].median(),
        }
    )
    order = [name for _, name in REGIMES] + [OTHER_REGIME]
    out = out.reindex([o for o in order if o in out.index])
    out.index.name = "regime"
    return out.astype({"inhabited": "int64", "with_education": "int64"})
