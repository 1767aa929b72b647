"""``companion book``: execute the chapters against a data folder and build the HTML book."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.data import paths

STUDENT_OUT = "_build/student"
"""Where the student edition goes when no ``out`` is given (relative to the repository): never over the full edition."""


def stale_packages(repo: Path = paths.REPO) -> list[str]:
    """The pinned JavaScript packages whose installed copy is missing or not the pinned version.

    Parameters
    ----------
    repo : pathlib.Path
        The repository root (holding ``package.json`` and ``node_modules/``).

    Returns
    -------
    list of str
        ``name (installed X, pinned Y)`` for each dependency of ``package.json`` that
        ``node_modules/`` lacks or holds at another version; empty when all agree.
    """
    import json

    pinned = json.loads((repo / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
    stale = []
    for name, version in sorted(pinned.items()):
        manifest = repo / "node_modules" / name / "package.json"
        installed = json.loads(manifest.read_text(encoding="utf-8")).get("version") if manifest.exists() else None
        if installed != version:
            stale.append(f"{name} (installed {installed or 'none'}, pinned {version})")
    return stale


def build_book(data: str | None = None, out: str | None = None, student: bool = False) -> int:
    """Run Jupyter Book (1.x) on the repository with warnings as errors.

    The chapters read their data from ``$COMPANION_DATA``, set here from ``--data``.
    ``student=True`` builds the student edition: every solution is left out of the pages,
    the page sources and downloads, and the search index (:mod:`analysis.book.ext.student`);
    without ``out`` it goes to :data:`STUDENT_OUT`, never over the full edition. When
    ``node_modules/`` is missing or holds another version of a pinned package
    (:func:`stale_packages`), ``npm ci`` installs the pinned Leaflet and Vega files first.

    Parameters
    ----------
    data : str, optional
        The data folder the chapters read (default ``$COMPANION_DATA``, else ``data/``).
    out : str, optional
        Where to write ``_build/`` (``--path-output``; default the repository, or
        :data:`STUDENT_OUT` for the student edition).
    student : bool, default False
        Build the student edition.

    Returns
    -------
    int
        The exit code of the build: 0 when the HTML was written, 1 otherwise (including
        when npm is needed but missing, or ``index.html`` was not written).

    Raises
    ------
    subprocess.CalledProcessError
        When ``npm ci`` fails.
    """
    if student and not out:
        out = str(paths.REPO / STUDENT_OUT)
    if not (paths.REPO / "node_modules").is_dir() or stale_packages():
        npm = shutil.which("npm")
        if npm is None:
            print(
                "companion book: npm is needed once to install the pinned Leaflet and Vega files (package-lock.json)",
                file=sys.stderr,
            )
            return 1
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=paths.REPO, check=True)
    env = dict(os.environ)
    env["COMPANION_DATA"] = str(paths.data_dir(data).resolve())
    env["COMPANION_STUDENT"] = "1" if student else "0"
    command = [
        sys.executable,
        "-c",
        "from jupyter_book.cli.main import main; main()",
        "build",
        str(paths.REPO),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    if out:
        command += ["--path-output", str(Path(out).resolve())]
    result = subprocess.run(command, env=env, cwd=paths.REPO)
    html = (Path(out).resolve() if out else paths.REPO) / "_build" / "html" / "index.html"
    if result.returncode == 0 and not html.exists():
        print(
            f"companion book: the build finished but {html} is missing (is jupyter-book 2 installed?)", file=sys.stderr
        )
        return 1
    return 1 if result.returncode else 0
