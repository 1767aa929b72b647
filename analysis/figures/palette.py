"""Colours shared by every chart and map of the book.

The four cells of Klein's matrix keep the same colours everywhere (Okabe–Ito, safe for
the common forms of colour blindness): connected cells blue, disconnected cells
orange/vermillion, the central cell of each pair the darker one.

References
----------
Okabe, M. and Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from analysis.vocabulary import AT_CUT, EXCLUSION, EXPERIMENTATION, RECONVERSION, TECHNOPOLE, UNCLASSIFIED

CELL_COLOURS = {
    TECHNOPOLE: "#0072B2",
    EXPERIMENTATION: "#56B4E9",
    RECONVERSION: "#E69F00",
    EXCLUSION: "#D55E00",
    AT_CUT: "#CC79A7",
    UNCLASSIFIED: "#999999",
}
"""Colour of each matrix cell, of the places at a cut (Okabe–Ito reddish purple) and of the unclassified group."""
