"""Executable companion to J.-L. Klein's talk on the social economy and local development.

Public API
----------
``analysis.load``
    validated loaders of the processed and case tables (``load.municipalities()`` ...).
``analysis.pipeline.build.build``
    raw official files -> processed tables (``companion data build``).
``analysis.check.check``
    schema validation of a data folder (``companion data check``).
"""

from analysis import load, paths, schemas, sources
from analysis.errors import InputError

__all__ = ["load", "paths", "schemas", "sources", "InputError"]
__version__ = "0.1.0"
