"""Dependencies tell the truth: pyproject.toml and environment.yml agree, and every import is declared."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO


def _normalise(requirement: str) -> tuple[str, str]:
    requirement = requirement.replace(" ", "")
    match = re.match(r"([A-Za-z0-9_.\-]+)(.*)", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2)


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = [*project["dependencies"], *extras["test"], *extras["handout"]]
    wanted = {_normalise(r) for r in declared}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_normalise(d) for d in env["dependencies"] if isinstance(d, str)}
    conda = {(name, spec) for name, spec in conda if name not in ("python", "pip")}
    assert conda == wanted, (
        f"only in pyproject: {sorted(wanted - conda)}; only in environment.yml: {sorted(conda - wanted)}"
    )


def test_environment_installs_the_project_itself():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections and "-e ." in pip_sections[0]


def test_jupyter_book_is_pinned_below_2():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert any(d.replace(" ", "") == "jupyter-book>=1.0.4,<2" for d in project["dependencies"])


def _distribution_of(module: str) -> str:
    names = {
        "bs4": "beautifulsoup4",
        "yaml": "pyyaml",
        "sklearn": "scikit-learn",
        "vl_convert": "vl-convert-python",
        "fontTools": "fonttools",
    }
    return names.get(module, module.replace("_", "-").replace(".", "-"))


def test_every_third_party_import_of_the_package_is_declared():
    import ast
    import sys

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = {_normalise(r)[0] for r in [*project["dependencies"], *extras["handout"]]}
    declared |= {"jupyter-book"}  # imported as jupyter_book
    stdlib = set(sys.stdlib_module_names)
    missing = {}
    for path in sorted((REPO / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            for module in modules:
                top = module.split(".")[0]
                if top == "sphinxcontrib":  # a namespace: the distribution is named after its second part
                    top = ".".join(module.split(".")[:2])
                if top in stdlib or top == "analysis" or top == "__future__":
                    continue
                if _distribution_of(top) not in declared:
                    missing.setdefault(_distribution_of(top), []).append(str(path.relative_to(REPO)))
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
