"""The data pipeline: one reader per family of official files, then harmonise and write.

Readers (each takes the files as published and fails with :class:`InputError` naming the
file, the column and example rows): ``mamh`` (Répertoire des municipalités),
``remoteness`` (Index of Remoteness), ``sac`` (Statistical Area Classification lists),
``lode`` (LODE rural viewer), ``cwb`` (Community Well-Being), ``census`` (census
indicators), ``boundaries`` (SDA and census-division polygons). ``io`` decodes and reads
text tables strictly; ``locate`` finds files by name; ``crosswalk`` and ``harmonise``
join codes across vintages; ``write`` writes deterministic CSV and GeoJSON; ``build``
assembles everything (``companion data build``).
"""
