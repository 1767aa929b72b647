"""Sphinx extension: under ``companion rerun`` a failing chapter does not stop the build.

A rerun on new data must finish and report the chapters' checks that no longer hold (the
hidden assertions that guard the prose), not stop at the first one. ``companion rerun``
sets ``COMPANION_RERUN=1``; any other build keeps failing on the first error. In a rerun:

* a cell that raises does not stop its chapter (its error is kept in the executed
  notebook, where :func:`analysis.book.rerun.failed_checks` reads it);
* a ``{glue:text}`` reference to a result the chapter could not compute (never glued, or
  glued as a missing value) reads "not available in these data" in the page, instead of
  failing the build;
* what the chapters print on ``stderr`` (warnings of numpy or pandas on the new data) is
  shown in the page rather than failing the build; the report lists it.
"""

from __future__ import annotations

import os

from docutils import nodes
from myst_nb.core.variables import RetrievalError, format_plain_text
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data
from sphinx.util import logging

NOT_AVAILABLE = "not available in these data"
"""How the rerun book and its report (:mod:`analysis.book.rerun`) show a result that could not be computed."""
MISSING_TEXT = frozenset({"nan", "NaN", "<NA>", "NaT", "None"})
"""The text forms a glued missing value takes (``text/plain`` of NaN, ``pd.NA``, ``NaT``, ``None``)."""

logger = logging.getLogger(__name__)


class AvailableTextRole(PasteTextRole):
    """``{glue:text}`` that writes "not available in these data" for a result that was not computed.

    The result was never glued (its cell failed), or was glued as a missing value (its
    ``text/plain`` is ``nan``, ``<NA>``, ``None``…), or cannot take the format the prose
    asks for. Any other reference is pasted as myst-nb pastes it.
    """

    def _available(self) -> bool:
        key, _, spec = self.text.partition(":")
        if "::" in key:  # a reference to another document: left to myst-nb
            return True
        try:
            data = retrieve_glue_data(self.document, key).data
        except RetrievalError:
            return False
        plain = data.get("text/plain")
        if plain is None:
            return False
        plain = "".join(plain) if isinstance(plain, list) else plain
        if plain.strip().strip("'\"") in MISSING_TEXT:
            return False
        try:
            format_plain_text(plain, spec or "s")
        except Exception:  # a text where the prose formats a number
            return False
        return True

    def run(self):
        if self._available():
            return super().run()
        logger.info(f"glued result {self.text!r} {NOT_AVAILABLE}", location=(self.document.current_source, self.line))
        node = nodes.inline(NOT_AVAILABLE, NOT_AVAILABLE, classes=["pasted-text", "not-available"])
        self.set_source_info(node)
        return [node], []


def rerun_mode() -> bool:
    """Whether this build is the book of a ``companion rerun`` (``COMPANION_RERUN=1``)."""
    return os.environ.get("COMPANION_RERUN") == "1"


def config_inited(app, config) -> None:
    if rerun_mode():
        config.nb_execution_allow_errors = True
        config.nb_execution_raise_on_error = False
        config.nb_output_stderr = "show"
        app.add_role_to_domain("glue", "text", AvailableTextRole(), override=True)


def setup(app):
    app.connect("config-inited", config_inited, priority=900)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
