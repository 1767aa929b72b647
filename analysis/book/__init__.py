"""Layer 4, book: everything that knows about Jupyter Book, Sphinx and Chromium.

``build``     ``companion book``
``results``   ``record`` (glue a headline result) and ``collect`` (``companion results``)
``rerun``     ``companion rerun`` and its change report
``handout``   ``companion handout`` (PDF printed by Chromium)
``browser``   serve a built book and drive Debian's Chromium (handout, tests, benchmark)
``devtools``  refresh the stored headline outputs of the chapters
``ext``       the Sphinx extensions listed in ``_config.yml``
"""
