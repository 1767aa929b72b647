"""The case of Saint-Camille (chapter 6).

``geography``        straight-line (geodesic) distances from the case municipality
``demography``       population figures by kind, trajectories, the demographic objective
``initiatives``      the dated initiatives, 1977-2021
``national_effect``  media and academic attention over time

Pure functions on the processed tables (``load.municipalities()``) and the curated case
tables (``load.case(...)``).
"""
