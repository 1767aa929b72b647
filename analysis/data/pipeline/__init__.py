"""The data pipeline: one reader per family of official files, then harmonise and write.

Readers (each takes the files as published and fails with :class:`InputError` naming the
file, the column and example rows): ``mamh`` (Répertoire des municipalités),
``remoteness`` (Index of Remoteness, 2016 and 2021 editions), ``sac`` (Statistical Area
Classification lists), ``lode`` (LODE rural viewer), ``cwb`` (Community Well-Being, every
vintage), ``odcaf`` (cultural and art facilities), ``census`` (census indicators),
``boundaries`` (SDA and census-division polygons). ``io`` decodes and reads text tables
strictly (loose or inside a downloaded archive); ``locate`` finds files and editions by
name; ``crosswalk`` and ``harmonise`` join codes across vintages; ``vintages`` carries
the values of older geographies to the current entities; ``write`` writes deterministic
CSV and GeoJSON; ``build`` assembles everything (``companion data build``).
"""
