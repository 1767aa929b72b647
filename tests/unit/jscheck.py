"""Node, run from the figure tests: does a script parse, what does an expression evaluate to, what does a
Vega-Lite spec draw (and warn)? Node and ``node_modules`` are prerequisites of the book build (README)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.data import paths

HELPER = Path(__file__).with_name("jscheck.mjs")


def _require() -> str:
    node = shutil.which("node")
    missing = [] if node else ["node"]
    if not (paths.REPO / "node_modules" / "vega").is_dir():
        missing.append("node_modules (npm ci)")
    if missing:
        message = f"these figure checks need {missing}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return node


def _run(mode: str, items: list) -> list:
    node = _require()
    payload = json.dumps({"mode": mode, "items": items, "node_modules": str(paths.REPO / "node_modules")})
    done = subprocess.run([node, str(HELPER)], input=payload, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def syntax_errors(scripts: list[str]) -> list[str]:
    """The SyntaxError of each script that does not parse (empty when all parse)."""
    return [error for error in _run("syntax", scripts) if error]


def evaluate(expressions: list[str]) -> list[dict]:
    """``{"value": …}`` or ``{"error": …}`` for each JavaScript expression, evaluated in an empty context."""
    return _run("evaluate", expressions)


def draw(specs: dict[str, dict]) -> dict[str, dict]:
    """Compile and run each Vega-Lite spec headless: name → ``{"warnings": [...], "svg": "..."}``."""
    answers = _run("vega", [{"name": name, "spec": spec} for name, spec in specs.items()])
    return {answer["name"]: answer for answer in answers}
