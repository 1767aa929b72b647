"""Shared terms of the book: place codes, SAC classes, the cells of Klein's matrix.

The one place where these names are spelled. Every layer may import this module; it
imports nothing from the package.

Place codes are 7-digit census subdivision (CSD) codes of the 2021 Standard
Geographical Classification (``"24"`` = Québec, then the MAMH municipal code), MRC codes
are the 2-digit codes of the Découpages administratifs (SDA), and census division codes
are 4 digits (``"24"`` + the division).
"""

from __future__ import annotations

# --- places -----------------------------------------------------------------------------

SAINT_CAMILLE = "2440025"
"""Saint-Camille (MRC Les Sources, Estrie): the case municipality. Not Saint-Camille-de-Lellis."""
SHERBROOKE = "2443027"
VAL_DES_SOURCES = "2440043"
MONTREAL = "2466023"
LES_SOURCES = "40"
"""SDA code of MRC Les Sources (census division 2440)."""
LES_SOURCES_CD = "2440"
MONTREAL_AGGLOMERATION = "66"
"""SDA code of the territoire équivalent of Montréal (the island)."""

# --- Statistical Area Classification 2016 ------------------------------------------------

CMA, CA = "CMA", "CA"
STRONG_MIZ, MODERATE_MIZ, WEAK_MIZ, NO_MIZ = "Strong MIZ", "Moderate MIZ", "Weak MIZ", "No MIZ"
SAC_CLASSES = (CMA, CA, STRONG_MIZ, MODERATE_MIZ, WEAK_MIZ, NO_MIZ)
"""SAC classes from the centre to the periphery: census metropolitan area, census
agglomeration, then the census metropolitan influenced zones (Statistics Canada, 2016
Census Dictionary, "Statistical Area Classification")."""
SAC_CENTRAL_CLASSES = (CMA, CA)
"""The SAC's own centre: the CSDs inside a CMA or a CA; the MIZ classes are its periphery."""

# --- the matrix of socio-territorial fractures ----------------------------------------------

TECHNOPOLE = "logique technopolitaine"
EXPERIMENTATION = "expérimentation"
RECONVERSION = "reconversion"
EXCLUSION = "exclusion"
AT_CUT = "at the cut"
"""A place whose score sits exactly at a cut of the matrix: neither side (the book's tie rule)."""
UNCLASSIFIED = "unclassified"
CELLS = (TECHNOPOLE, EXPERIMENTATION, RECONVERSION, EXCLUSION)
"""Klein's four cells: central × connected, peripheral × connected, central ×
disconnected, peripheral × disconnected."""
ALL_GROUPS = (*CELLS, AT_CUT, UNCLASSIFIED)
"""Every group a place can fall in: the four cells, at a cut, or unclassified (a value missing)."""
CELL_SLUGS = {
    TECHNOPOLE: "technopolitaine",
    EXPERIMENTATION: "experimentation",
    RECONVERSION: "reconversion",
    EXCLUSION: "exclusion",
    AT_CUT: "at_cut",
    UNCLASSIFIED: "unclassified",
}
"""ASCII names of the cells, used in the names of glued results."""

# --- columns of the municipalities table used across chapters ------------------------------

POPULATION = "pop_census_2021"
"""2021 census population of each entity (Statistics Canada)."""
