"""Sphinx extension: under ``companion rerun`` a failing chapter check does not stop the build.

A rerun on new data must finish and report the chapters' checks that no longer hold (the
hidden assertions that guard the prose), not stop at the first one. ``companion rerun``
sets ``COMPANION_RERUN=1``; any other build keeps failing on the first error.
"""

from __future__ import annotations

import os


def config_inited(app, config) -> None:
    if os.environ.get("COMPANION_RERUN") == "1":
        config.nb_execution_allow_errors = True
        config.nb_execution_raise_on_error = False


def setup(app):
    app.connect("config-inited", config_inited, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
