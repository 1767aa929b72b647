"""The case of Saint-Camille (chapters 5 and 6).

``geography``        straight-line (geodesic) distances, and every distance with what it measures
``demography``       population figures by kind, trajectories, the objective dated from every source
``initiatives``      the dated initiatives, 1977-2021
``national_effect``  media and academic attention over time (the secondary series)
``diffusion``        the national effect as diffusion: channels to other places, bodies and policies
``comparison``       places like Saint-Camille before (2006), compared after; "devitalised" in 2006

Pure functions on the processed tables (``load.municipalities()``) and the curated case
tables (``load.case(...)``).
"""

from __future__ import annotations

import pandas as pd


def conflicting_values(rows: pd.DataFrame, shown: pd.Series) -> pd.Series:
    """For each row, what the other rows of its conflict group give (the sources' alternatives).

    Conflicting figures or dates of the case tables are separate rows sharing a
    ``conflict_group`` (an id of the data, such as ``pop-1910``, not a text for readers);
    a figure or a table shows a row beside the values its rivals give.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of a case table with a ``conflict_group`` column (missing or empty: no conflict).
    shown : pandas.Series
        What each row gives, as it should be shown (a date, a figure with its year),
        with the index of ``rows``.

    Returns
    -------
    pandas.Series
        With the index of ``rows``: a list of the other rows' ``shown`` values of the same
        group, in the rows' order, each value once (equal values of two sources listed
        once); an empty list outside any group or alone in it.

    Raises
    ------
    KeyError
        When ``rows`` has no ``conflict_group`` column or ``shown`` lacks one of its index labels.

    References
    ----------
    The curated case tables (``data/case/``), columns ``conflict_group``.
    """
    groups = rows["conflict_group"].astype("object")
    others = {}
    for index, group in groups.items():
        if pd.isna(group) or group == "":
            others[index] = []
            continue
        rivals = [shown[i] for i in groups.index[groups == group] if i != index]
        others[index] = list(dict.fromkeys(rivals))
    return pd.Series(others, index=rows.index, dtype="object")
