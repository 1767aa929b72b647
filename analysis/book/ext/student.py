"""Sphinx extension: the student edition leaves every solution out of the HTML.

With ``companion_student = True`` (set by ``companion book --student`` through the
``COMPANION_STUDENT`` environment variable), every sphinx-exercise solution — the
dropdown ``{solution}`` blocks and the gated ``{solution-start}`` … ``{solution-end}``
blocks with their executed code cells — is removed from the document before it is
written, so the solutions are absent from the pages, not hidden by CSS. The exercises
stay.

sphinx-exercise's own ``hide_solutions`` option is not used: it leaves an orphan
``solution_end_node`` for gated solutions, which crashes the HTML writer
(executablebooks/sphinx-exercise#89). Switch to it once that issue is fixed.
"""

from __future__ import annotations

import os

from sphinx_exercise.nodes import solution_node


def remove_solutions(app, doctree, docname) -> None:
    if not app.config.companion_student:
        return
    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def setup(app):
    app.add_config_value("companion_student", os.environ.get("COMPANION_STUDENT") == "1", "env")
    app.connect("doctree-resolved", remove_solutions)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
