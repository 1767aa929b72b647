"""Headline results: glued under stable names in the chapters, collected as JSON.

``record(name, value)`` glues a value (myst-nb) so that the prose can cite it with
``{glue:text}`` and so that ``companion results`` and the rerun report can find it. The
names are stable: ``<chapter>.<what>`` (e.g. ``ch4.cell_count.exclusion``).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

NAME = re.compile(r"^ch\d\.[a-z0-9_.\-]+$")


def record(name: str, value, display: bool = False):
    """Glue ``value`` under ``name`` (a plain int, float, str or bool)."""
    from myst_nb import glue

    if not NAME.match(name):
        raise ValueError(f"result name {name!r} must look like 'ch4.something'")
    if hasattr(value, "item"):
        value = value.item()
    glue(name, value, display=display)
    return value


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text.strip("'\"")


def collect(book_dir: Path) -> dict:
    """Every glued result of an executed book (``<book>/_build/jupyter_execute``), by name."""
    folder = Path(book_dir) / "_build" / "jupyter_execute"
    results: dict = {}
    for notebook in sorted(folder.rglob("*.ipynb")):
        document = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in document.get("cells", []):
            for output in cell.get("outputs", []):
                meta = output.get("metadata", {}).get("scrapbook", {})
                name = meta.get("name")
                if name and "text/plain" in output.get("data", {}):
                    text = output["data"]["text/plain"]
                    results[name] = _value(text if isinstance(text, str) else "".join(text))
    return dict(sorted(results.items()))
