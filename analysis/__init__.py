"""Executable companion to J.-L. Klein's talk on the social economy and local development.

The package has four layers; each imports only from the layers listed before it
(``tests/unit/test_layers.py`` enforces this):

``analysis.vocabulary``, ``analysis.stats``
    shared terms (place codes, SAC classes, matrix cells) and statistics with the
    field's standard names.
``analysis.data``
    official raw files -> validated processed tables: paths, sources, table schemas,
    loaders, checks and the pipeline (``companion data build``).
``analysis.analyses``
    pure functions, one module per chapter question (DataFrame in, DataFrame out).
``analysis.figures``
    the only code that imports altair or folium: captions, palette, charts, maps.
``analysis.book``
    everything that knows about Jupyter Book, Sphinx and Chromium: the build, glued
    results, the rerun report, the handout, the Sphinx extensions.

``analysis.cli`` (the ``companion`` command) sits on top. Nothing heavy is imported here.
"""

__version__ = "0.1.0"
