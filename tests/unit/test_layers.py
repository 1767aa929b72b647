"""The package's four layers import in one direction only (see ARCHITECTURE.md).

vocabulary, stats, formats, i18n  <  data  <  analyses  <  figures  <  book  <  cli

A module may import from its own layer and the layers below it, never above; the Sphinx
extensions (``analysis.book.ext``) import nothing from the analyses or the figures; and
only the figures layer imports altair or folium. Every ``import`` in a module counts,
including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"
LAYERS = {
    "vocabulary": 0,
    "stats": 0,
    "formats": 0,
    "i18n": 0,
    "data": 1,
    "analyses": 2,
    "figures": 3,
    "book": 4,
    "cli": 5,
    "__main__": 5,
}


def layer_of(module: str) -> int | None:
    """The layer of ``analysis.X…`` (None for the package itself or a module outside it)."""
    parts = module.split(".")
    if parts[0] != "analysis" or len(parts) < 2:
        return None
    return LAYERS[parts[1]]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of ``path``; ``from analysis import x`` counts as ``analysis.x``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "analysis":
                found += [(node.lineno, f"analysis.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    unknown = [module_name(p) for p in MODULES if module_name(p) != "analysis" and layer_of(module_name(p)) is None]
    assert not unknown


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_point_down_the_layers(path):
    name = module_name(path)
    own = layer_of(name)
    wrong = []
    for line, imported in imports(path):
        target = layer_of(imported)
        if name == "analysis" and imported.startswith("analysis"):
            wrong.append(f"line {line}: the package's __init__ imports {imported}")
        elif own is not None and target is not None and target > own:
            wrong.append(f"line {line}: {name} (layer {own}) imports {imported} (layer {target})")
        if name.startswith("analysis.book.ext") and imported.startswith(("analysis.analyses", "analysis.figures")):
            wrong.append(f"line {line}: the Sphinx extension {name} imports {imported}")
        if imported.split(".")[0] in ("altair", "folium") and not name.startswith("analysis.figures"):
            wrong.append(f"line {line}: {name} imports {imported} outside the figures layer")
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_an_upward_import(tmp_path):
    # A data module that imports an analysis: the scan must see it.
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from analysis.analyses import matrix\n    return matrix\n", encoding="utf-8")
    [(line, imported)] = imports(bad)
    assert (line, imported) == (2, "analysis.analyses")
    assert layer_of(imported) > LAYERS["data"]
