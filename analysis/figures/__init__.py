"""Layer 3, figures: the only code that imports altair or folium.

``captions``  figure captions (what, source, vintage, licence)
``palette``   the colours of the matrix cells and of other categories, shared by every figure
``charts``    altair charts, one module per chapter topic
``maps``      folium maps, one module per chapter topic
"""
