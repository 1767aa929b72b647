"""The book serves library versions that agree with the pages (analysis.book.ext.offline), on the pinned packages."""

from __future__ import annotations

import json

import pytest
from sphinx.errors import ExtensionError

from analysis.book.ext import offline
from analysis.data import paths

NODE_MODULES = paths.REPO / "node_modules"


def test_the_served_vega_bundle_reports_its_own_version():
    """vega 6.3.0 shipped a bundle reporting 5.33.1: every chart then warned "the compiled spec uses Vega v6"."""
    if not (NODE_MODULES / "vega").is_dir():
        pytest.skip("npm ci has not run")
    assert offline.bundle_mismatches(NODE_MODULES) == []
    pinned = json.loads((paths.REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert offline.pinned_versions(NODE_MODULES) == {
        name: pinned[name] for name in offline.pinned_versions(NODE_MODULES)
    }


def test_the_pinned_versions_are_those_altair_and_folium_ask_for():
    import altair as alt
    import folium

    pinned = json.loads((paths.REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]
    page = " ".join(
        [
            f"https://cdn.jsdelivr.net/npm/vega@{alt.VEGA_VERSION}?noext",
            f"https://cdn.jsdelivr.net/npm/vega-lite@{alt.VEGALITE_VERSION}?noext",
            f"https://cdn.jsdelivr.net/npm/vega-embed@{alt.VEGAEMBED_VERSION}?noext",
            *(url for _, url in folium.Map.default_js if "leaflet" in url),
        ]
    )
    assert offline.version_conflicts(page, pinned) == []


def test_a_page_asking_for_another_version_is_refused(tmp_path):
    versions = {"vega": "6.4.0", "vega-lite": "6.4.1", "vega-embed": "7.3.0", "leaflet": "1.9.3"}
    page = (
        '<script src="https://cdn.jsdelivr.net/npm/vega@6?noext"></script>'
        '<script src="https://cdn.jsdelivr.net/npm/vega-lite@6.5.0?noext"></script>'
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    )
    assert offline.version_conflicts(page, versions) == ["vega-lite@6.5.0 (served: 6.4.1)"]
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    with pytest.raises(ExtensionError, match="vega-lite@6.5.0"):
        offline.rewrite_page(tmp_path / "page.html", tmp_path, versions)


def test_a_bundle_reporting_another_version_is_refused(tmp_path):
    modules = tmp_path / "node_modules"
    (modules / "vega" / "build").mkdir(parents=True)
    (modules / "vega" / "package.json").write_text(json.dumps({"version": "6.3.0"}))
    (modules / "vega" / "build" / "vega.min.js").write_text('t.version="5.33.1",t.visitArray=zt')
    assert offline.bundle_mismatches(modules) == ["vega/build/vega.min.js reports 5.33.1 but the package is vega 6.3.0"]
    with pytest.raises(ExtensionError, match="reports 5.33.1"):
        offline.copy_vendor(tmp_path / "html", modules)
