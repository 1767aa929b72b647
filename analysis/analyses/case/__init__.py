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
