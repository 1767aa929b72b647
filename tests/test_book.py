"""The book builds with warnings treated as errors, and its data appendix is generated."""

from __future__ import annotations

import json

from analysis import paths
from analysis.book import build_book


def test_book_builds_cleanly_with_the_data_appendix(tmp_path):
    assert build_book(out=str(tmp_path)) == 0
    html = tmp_path / "_build" / "html"
    assert (html / "index.html").exists()
    intro = (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert "How to run it" in intro and "How to teach with it" in intro
    appendix = (html / "book" / "appendix" / "data-and-licences.html").read_text(encoding="utf-8")
    package = json.loads(paths.datapackage_path().read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["path"] in appendix, resource["path"]
        for field in resource["schema"]["fields"]:
            assert f"<span class=\"pre\">{field['name']}</span>" in appendix, (resource["name"], field["name"])
    for licence in ("Statistics Canada Open Licence", "Open Government Licence", "CC BY 4.0"):
        assert licence in appendix
    references = (html / "book" / "appendix" / "references.html").read_text(encoding="utf-8")
    assert "Initiatives locales et lutte contre la pauvreté" in references
