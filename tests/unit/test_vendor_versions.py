"""The book serves the Leaflet its maps ask for (analysis.book.ext.offline), from the pinned package."""

from __future__ import annotations

import json
import os

import pytest
from sphinx.errors import ExtensionError

from analysis.book.ext import offline
from analysis.data import paths

NODE_MODULES = paths.REPO / "node_modules"


def test_the_served_packages_are_the_pinned_ones():
    if not (NODE_MODULES / "leaflet").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules/leaflet is missing: CI runs `npm ci` before the tests")
        pytest.skip("npm ci has not run")
    pinned = json.loads((paths.REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert offline.pinned_versions(NODE_MODULES) == {name: pinned[name] for name in offline.SERVED}


def test_the_pinned_leaflet_is_the_one_folium_asks_for():
    import folium

    pinned = json.loads((paths.REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]
    page = " ".join(url for _, url in folium.Map.default_js + folium.Map.default_css if "leaflet" in url)
    assert "leaflet@" in page
    assert offline.version_conflicts(page, pinned) == []


def test_a_page_asking_for_another_version_is_refused(tmp_path):
    versions = {"leaflet": "1.9.3"}
    page = (
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"></script>'
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>'
    )
    assert offline.version_conflicts(page, versions) == ["leaflet@1.9.4 (served: 1.9.3)"]
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    with pytest.raises(ExtensionError, match="leaflet@1.9.4"):
        offline.rewrite_page(tmp_path / "page.html", tmp_path, versions)
