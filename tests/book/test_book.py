"""The book builds with warnings treated as errors; its appendix, assets and results are right."""

from __future__ import annotations

import json
import re

import pytest

from analysis import vocabulary
from analysis.analyses import multiverse
from analysis.cli import main
from analysis.data import paths


@pytest.fixture
def built(built_book):
    return built_book


def test_book_has_every_chapter_and_the_data_appendix(built):
    html = built / "_build" / "html"
    assert (html / "index.html").exists()
    intro = (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert "How to run it" in intro and "How to teach with it" in intro
    for chapter in sorted((paths.REPO / "book" / "chapters").glob("*.ipynb")):
        if "conclusion" in chapter.stem:
            continue  # the conclusion cites numbers; every chapter before it draws
        page = html / "book" / "chapters" / f"{chapter.stem}.html"
        text = page.read_text(encoding="utf-8")
        assert 'class="companion-drawing"' in text or "leaflet" in text.lower(), f"{page.name} draws no chart or map"
    appendix = (html / "book" / "appendix" / "data-and-licences.html").read_text(encoding="utf-8")
    package = json.loads(paths.datapackage_path().read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["path"] in appendix, resource["path"]
        for field in resource["schema"]["fields"]:
            assert f'<span class="pre">{field["name"]}</span>' in appendix, (resource["name"], field["name"])
    for licence in ("Statistics Canada Open Licence", "Open Government Licence", "CC BY 4.0"):
        assert licence in appendix
    references = (html / "book" / "appendix" / "references.html").read_text(encoding="utf-8")
    assert "Initiatives locales et lutte contre la pauvreté" in references


def test_pages_load_scripts_and_styles_only_from_the_book(built):
    html = built / "_build" / "html"
    assert (html / "_static" / "vendor" / "leaflet" / "leaflet.js").exists()
    assert not (html / "_static" / "vendor" / "vega").exists()  # charts are drawn at build time
    external = re.compile(r"""(?:src|href)\s*=\s*(?:"|'|&quot;)https?://[^"'&]+\.(?:js|css)""")
    cdn = re.compile(r"cdn\.jsdelivr\.net|code\.jquery\.com|cdnjs\.cloudflare\.com|bootstrapcdn\.com")
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not external.search(text), page
        assert not cdn.search(text), page
        assert "executablebooks/jupyter-book" not in text, (
            f"{page}: a launch or repository link points at Jupyter Book's own repository"
        )
        assert "fontawesome.js" not in text, page
        # No Bootstrap script: the one dropdown that needed it (download this page) is off.
        assert "scripts/bootstrap.js" not in text and 'data-bs-toggle="dropdown"' not in text, page


def test_results_list_cell_counts_and_saint_camille_under_every_specification(built, capsys):
    assert main(["results", "--book", str(built)]) == 0
    results = json.loads(capsys.readouterr().out)
    for slug in vocabulary.CELL_SLUGS.values():
        assert isinstance(results[f"ch4.default.entities.{slug}"], int)
    specs = (*multiverse.specifications(), *multiverse.specifications(rule="weighted"))
    for spec in specs:
        assert results[f"ch4.saint_camille.{spec.key}"] in vocabulary.ALL_GROUPS
    assert results["ch4.specifications.places"] == len(specs) // 2
    for family in ("all", "centrality_varies", "connection_varies", "outcome_proxies", "functional"):
        assert 0 <= results[f"ch4.stability.{family}"] <= 1
    assert 0 <= results["ch4.residents.stability"] <= 1
