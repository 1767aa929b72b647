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

LANGUAGES = ("en", "fr")
"""The editions: English (the source, published at ``_build/html/``) and French."""
ALL = "all"
"""``--lang all``: every edition, English first."""
PUBLISHED = {"fr": "fr"}
"""Where each translated edition is published, under the English one: ``_build/html/fr/``."""
STAGE = "_build/{language}"
"""Where a translated edition is built (its ``html/``, ``.doctrees/`` and ``jupyter_execute/``), before it is
published under the English edition; relative to the output folder."""


def sphinx_overrides(language: str, builder: str = "html") -> dict:
    """The Sphinx settings a translated edition (or the message extraction) adds to ``_config.yml``.

    Parameters
    ----------
    language : str
        ``"fr"`` for the French edition; ``"en"`` for the gettext extraction.
    builder : str, default ``"html"``
        ``"html"``, or ``"gettext"`` to extract the messages of every page (chapters are not
        executed: their outputs are made in Python and translated by ``companion.po``).

    Returns
    -------
    dict
        Settings passed to Sphinx over those of ``_config.yml`` (as ``jupyter-book build``
        passes its own: the table of contents, ``nitpicky``).
    """
    overrides = {
        "external_toc_path": (paths.REPO / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        "language": language,
    }
    if builder == "gettext":
        overrides["nb_execution_mode"] = "off"
    return overrides


def run_sphinx(language: str, outdir: Path, doctrees: Path, builder: str = "html") -> int:
    """Run Sphinx through Jupyter Book's own entry (``jupyter_book.sphinx.build_sphinx``) in this process.

    ``jupyter-book build`` always writes to ``<out>/_build/html``; a translated edition and
    the message extraction need their own output folders and settings, so they call the
    function behind that command with :func:`sphinx_overrides`.

    Parameters
    ----------
    language : str
    outdir : pathlib.Path
        The HTML (or ``.pot``) output folder.
    doctrees : pathlib.Path
        The folder of the pickled pages (one per edition: Sphinx cannot share it between languages).
    builder : str, default ``"html"``

    Returns
    -------
    int
        0 on success.
    """
    from jupyter_book.sphinx import build_sphinx

    html = builder == "html"
    result = build_sphinx(
        paths.REPO,
        outdir,
        noconfig=True,
        path_config=str(paths.REPO / "_config.yml"),
        confoverrides=sphinx_overrides(language, builder),
        doctreedir=doctrees,
        builder=builder,
        warningiserror=html,
        keep_going=html,
        quiet=not html,
        really_quiet=not html,
    )
    return result if isinstance(result, int) else 1


def _publish(stage: Path, target: Path) -> None:
    """Replace ``target`` (``_build/html/fr``) by the freshly built ``stage`` (``_build/fr/html``)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(stage, target)


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


def build_book(data: str | None = None, out: str | None = None, student: bool = False, language: str = "en") -> int:
    """Run Jupyter Book (1.x) on the repository with warnings as errors, in one language or all.

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
    language : {"en", "fr", "all"}, default "en"
        The edition: English (``<out>/_build/html``, exactly as ``jupyter-book build``
        writes it), French (built in ``<out>/_build/fr``, then published in
        ``<out>/_build/html/fr``, which the English edition's language switcher links to),
        or both, English first. The French edition's chapters are executed with
        ``COMPANION_LANG=fr`` (their charts, maps, tables and captions are French) in an
        execution cache of their own.

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
    if language == ALL:
        for each in LANGUAGES:
            code = build_book(data=data, out=out, student=student, language=each)
            if code:
                return code
        return 0
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {LANGUAGES} or {ALL!r}")
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
    if language != "en":
        return _translated_edition(env, Path(out).resolve() if out else paths.REPO, language)
    env.pop("COMPANION_LANG", None)
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


def _translated_edition(env: dict, out: Path, language: str) -> int:
    """Build the edition in ``language`` in ``<out>/_build/<language>`` and publish it in ``<out>/_build/html/<language>``."""
    stage = out / STAGE.format(language=language)
    env["COMPANION_LANG"] = language
    command = [sys.executable, "-m", "analysis.book.build", language, str(stage / "html"), str(stage / ".doctrees")]
    result = subprocess.run(command, env=env, cwd=paths.REPO)
    html = stage / "html" / "index.html"
    if result.returncode or not html.exists():
        print(f"companion book --lang {language}: the build failed; nothing was published", file=sys.stderr)
        return 1
    target = out / "_build" / "html" / PUBLISHED[language]
    _publish(stage / "html", target)
    print(f"companion book --lang {language}: the {language} edition is in {target}")
    return 0


if __name__ == "__main__":  # python -m analysis.book.build LANGUAGE OUTDIR DOCTREES [BUILDER]
    sys.exit(run_sphinx(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:5]))
