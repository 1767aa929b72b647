"""pyproject.toml and environment.yml must list the same dependencies."""

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
    wanted = {_normalise(r) for r in project["dependencies"]}
    wanted |= {_normalise(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_normalise(d) for d in env["dependencies"] if isinstance(d, str)}
    conda = {(name, spec) for name, spec in conda if name not in ("python", "pip")}
    assert conda == wanted, f"only in pyproject: {sorted(wanted - conda)}; only in environment.yml: {sorted(conda - wanted)}"


def test_environment_installs_the_project_itself():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections and "-e ." in pip_sections[0]


def test_jupyter_book_is_pinned_below_2():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert any(d.replace(" ", "") == "jupyter-book>=1.0.4,<2" for d in project["dependencies"])
