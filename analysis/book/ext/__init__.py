"""Sphinx extensions of the book (listed under ``sphinx.extra_extensions`` in ``_config.yml``).

They import nothing from ``analysis.analyses`` or ``analysis.figures``.
"""
