"""Unit tests of analysis.analyses.connection on hand-made frames; structural tests of its chart and map."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.analyses import connection


def sample_frame() -> pd.DataFrame:
    """Six entities in the shape of ``connection.measures``: education falls on a line in remoteness
    except for two places, one above (connected despite distance) and one below."""
    return pd.DataFrame(
        {
            "csd_uid": ["1", "2", "3", "4", "5", "6"],
            "name": ["Alpha", "Beta", "Gamma", "Delta <b>&", "Epsilon", "Zeta"],
            "region_name": ["R1", "R1", "R2", "R2", "R3", "R3"],
            "mrc_code": ["10", "10", "20", "20", "30", "30"],
            "mrc_name": ["M1", "M1", "M2", "M2", "M3", "M3"],
            "population": pd.array([100, 200, 300, 400, 500, 600], dtype="Int64"),
            "community_type": ["Non-Indigenous"] * 5 + ["First Nations"],
            "group": ["municipalities"] * 5 + ["First Nations and Inuit communities"],
            "remoteness": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
            "sac_class": ["CMA", "CMA", "Strong MIZ", "Strong MIZ", "No MIZ", "No MIZ"],
            # on the line 70 - 50 x, except Beta (5 below) and Epsilon (5 above)
            "education": [65.0, 55.0, 55.0, 50.0, 50.0, 40.0],
            "income": [70.0, 70.0, 60.0, 60.0, 50.0, 50.0],
            "labour": [80.0, 70.0, 80.0, 70.0, 80.0, 70.0],
            "composite": [1.0, 0.5, 0.0, -0.5, -1.0, -1.5],
            "commute_outside_cd": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            "commute_within_csd": [50.0, 40.0, 30.0, 20.0, 10.0, 0.0],
            "lon": [-71.0, -71.5, -72.0, -72.5, -73.0, -73.5],
            "lat": [45.0, 45.5, 46.0, 46.5, 47.0, 47.5],
        }
    )


def raw_municipalities() -> pd.DataFrame:
    """Three rows in the shape of the municipalities table."""
    return pd.DataFrame(
        {
            "csd_uid": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "region_name": ["R", "R", "R"],
            "mrc_code": ["1", "1", "1"],
            "mrc_name": ["M", "M", "M"],
            "pop_census_2021": pd.array([10, 0, 30], dtype="Int64"),
            "community_type_2021": ["Non-Indigenous", "Non-Indigenous", "First Nations"],
            "designation": ["Municipalité", "Ville", "Réserve indienne"],
            "remoteness_2016": [0.1, 0.2, np.nan],
            "remoteness_2021": [0.15, np.nan, 0.5],
            "sac_class_2016": ["CMA", "CA", "No MIZ"],
            "cwb_education_2021": [50.0, 60.0, 70.0],
            "cwb_income_2021": [60.0, 70.0, 80.0],
            "cwb_labour_2021": [70.0, 80.0, 90.0],
            "commute_other_cd_pct_2016": [10.0, 20.0, 30.0],
            "commute_other_province_pct_2016": [1.0, 0.0, 2.0],
            "commute_within_csd_pct_2016": [40.0, 50.0, 60.0],
            "lon": [-71.0, -72.0, -73.0],
            "lat": [45.0, 46.0, 47.0],
        }
    )


# --- measures, analysed set, left out -------------------------------------------------


def test_measures_adds_the_two_commuting_shares_and_keeps_rows():
    table = connection.measures(raw_municipalities())
    assert len(table) == 3
    assert table["commute_outside_cd"].tolist() == [11.0, 20.0, 32.0]
    assert table["education"].tolist() == [50.0, 60.0, 70.0]
    assert table["composite"].notna().all()
    assert table["group"].tolist() == ["municipalities"] * 2 + ["First Nations and Inuit communities"]
    assert table["remoteness"].isna().tolist() == [False, True, False]  # the 2021 edition by default
    assert connection.measures(raw_municipalities(), edition=2016)["remoteness"].isna().tolist() == [False, False, True]
    with pytest.raises(ValueError, match="2016 and a 2021"):
        connection.measures(raw_municipalities(), edition=2011)
    # the composite standardised on a reference sample is missing outside it
    reference = pd.Series([True, True, False])
    scored = connection.measures(raw_municipalities(), reference=reference)["composite"]
    assert scored.notna().tolist() == [True, True, False]


def test_analysed_drops_empty_and_incomplete_entities_and_left_out_counts_them():
    table = connection.measures(raw_municipalities())
    assert connection.analysed(table)["csd_uid"].tolist() == ["a", "c"]
    out = connection.left_out(table).set_index("reason")["entities"]
    assert out["no resident in the 2021 census"] == 1
    assert out["total left out"] == 1
    old = connection.measures(raw_municipalities(), edition=2016)
    assert connection.analysed(old)["csd_uid"].tolist() == ["a"]
    assert connection.left_out(old).set_index("reason")["entities"]["no Index of Remoteness"] == 1


# --- variance explained ----------------------------------------------------------------


def test_r2_of_a_perfect_line_is_one_and_of_a_flat_cloud_is_zero():
    frame = sample_frame()
    frame["perfect"] = 70 - 50 * frame["remoteness"]
    frame["flat"] = [1.0, 2.0, 2.0, 2.0, 2.0, 1.0]  # symmetric around x = 0.35: no slope
    assert connection.variance_explained(frame, "perfect", "remoteness") == pytest.approx(1.0)
    assert connection.variance_explained(frame, "flat", "remoteness") == pytest.approx(0.0, abs=1e-12)


def test_variance_table_has_a_cell_per_measure_and_predictor_within_0_1():
    table = connection.variance_table(sample_frame())
    assert list(table.index) == list(connection.MEASURES)
    assert list(table.columns) == list(connection.PREDICTORS)
    assert ((table >= 0) & (table <= 1)).all().all()
    assert table.at["composite", "remoteness"] == pytest.approx(1.0)  # composite is a line in x here


def test_variance_by_group_splits_the_groups_with_intervals():
    out = connection.variance_by_group(sample_frame(), "composite")
    assert out.loc["all entities", "entities"] == 6
    assert out.loc["municipalities", "entities"] == 5
    assert out.loc["municipalities", "estimate"] == pytest.approx(1.0)
    assert out.loc["municipalities", ["low", "high"]].tolist() == pytest.approx([1.0, 1.0])
    # one First Nations community: too few for an R², missing rather than invented
    assert out.loc["First Nations and Inuit communities"].drop("entities").isna().all()


# --- fit and residuals --------------------------------------------------------------------


def test_residual_signs_and_sum():
    fit = connection.residuals(sample_frame(), "education", "remoteness")
    by_name = fit.set_index("name")["residual"]
    assert by_name["Epsilon"] > 0 and by_name["Beta"] < 0
    assert fit["residual"].sum() == pytest.approx(0.0, abs=1e-9)
    assert fit.attrs["measure"] == "education" and fit.attrs["predictor"] == "remoteness"
    assert (fit["y"] - fit["fitted"]).equals(fit["residual"])


def test_connected_despite_distance_keeps_remote_positive_residuals_only():
    fit = connection.residuals(sample_frame(), "education", "remoteness")
    top = connection.connected_despite_distance(fit, quantile=0.5)
    assert "Epsilon" in top["name"].tolist()
    assert (top["residual"] > 0).all()
    assert (top["x"] >= fit["x"].quantile(0.5)).all()
    assert top["residual"].is_monotonic_decreasing


def test_disconnected_despite_centrality_keeps_central_negative_residuals_only():
    fit = connection.residuals(sample_frame(), "education", "remoteness")
    low = connection.disconnected_despite_centrality(fit, quantile=0.5)
    assert low["name"].iloc[0] == "Beta"
    assert (low["residual"] < 0).all()
    assert (low["x"] <= fit["x"].quantile(0.5)).all()


def test_residual_class_bands_by_standard_deviation():
    residual = pd.Series([-2.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0])  # sd = sqrt(10 / 8) ≈ 1.118
    bands = connection.residual_class(residual).astype(str).tolist()
    low, below, near, above, high = connection.RESIDUAL_CLASSES
    assert bands == [low, below, near, near, near, near, near, above, high]


# --- summaries, percentiles, profiles ------------------------------------------------------


def test_by_region_sorts_by_median_residual():
    frame = sample_frame()
    frame["education"] = [60.0, 60.0, 50.0, 50.0, 40.0, 40.0]
    fit = connection.residuals(frame)
    fit["residual"] = [-2.0, -4.0, 1.0, 3.0, 0.0, 0.5]  # set by hand: medians R1 -3, R2 2, R3 0.25
    out = connection.by_region(fit)
    assert list(out.index) == ["R1", "R3", "R2"]
    assert out.loc["R1", "median_residual"] == pytest.approx(-3.0)
    assert out.loc["R3", "share_above"] == pytest.approx(0.5)


def test_by_sac_class_orders_from_cma_to_no_miz_with_medians():
    out = connection.by_sac_class(sample_frame())
    assert list(out.index) == ["CMA", "Strong MIZ", "No MIZ"]
    assert out.loc["CMA", "education"] == pytest.approx(60.0)
    assert out.loc["No MIZ", "entities"] == 2


def test_place_profile_reads_one_entity():
    frame = sample_frame()
    fit = connection.residuals(frame)
    profile = connection.place_profile(frame, fit, "5")
    assert profile.at["education", "value"] == 50.0
    assert profile.at["remoteness", "percentile"] == pytest.approx(100 * 4.5 / 6)
    assert profile.at["residual", "value"] > 0
    assert profile.at["residual", "percentile"] == pytest.approx(100 * 5.5 / 6)
    # a place the data lack is missing on every measure, not an error
    absent = connection.place_profile(frame, fit, "99")
    assert absent.isna().all().all() and list(absent.index) == list(profile.index)


def test_mrc_table_keeps_entities_outside_the_fit():
    frame = sample_frame()
    fit = connection.residuals(frame[frame["csd_uid"] != "4"])
    out = connection.mrc_members(frame, fit, "20")
    assert out["csd_uid"].tolist() == ["3", "4"]  # most connected first
    assert out["residual"].isna().tolist() == [False, True]


# --- charts and map (structure) --------------------------------------------------------------


def test_charts_have_title_description_and_encodings():
    from analysis.figures.charts import connection as charts

    frame = sample_frame()
    fit = connection.residuals(frame)
    for chart in (
        charts.fit_scatter(fit, highlight="5"),
        charts.sac_boxplot(frame, highlight="5"),
        charts.variance_bars(connection.variance_table(frame)),
    ):
        spec = chart.to_dict()
        assert spec["title"]["text"]
        assert spec["usermeta"]["companion_caption"]["sources"]  # written under the figure with vintage and licence
        assert spec["description"]
        layers = spec.get("layer", [spec])
        assert all("encoding" in layer for layer in layers)
    scatter = charts.fit_scatter(fit, highlight="5").to_dict()
    assert scatter["usermeta"]["companion_caption"]["drawn_by"] == "figures.charts.connection.fit_scatter"
    assert len(scatter["layer"]) == 4  # points, line, ring and label of the highlighted entity


def _polygons(column: str, name: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({column: [name], "geometry": [box(-74, 44, -70, 48)]}, crs="EPSG:4326")


def test_map_escapes_names_and_marks_the_highlight():
    from analysis.figures.maps import connection as maps

    frame = sample_frame()
    fit = connection.residuals(frame)
    regions = _polygons("region_name", "Région <i>")
    mrcs = _polygons("mrc_name", "MRC & co")
    m = maps.residual_map(fit, frame, mrcs, regions, highlight="4")
    page = m.get_root().render()
    assert "<b>" not in page and "<i>" not in page  # no markup from the data anywhere in the page
    # The dots' popups: the names as plain text in the layer's JSON, written by the script as text.
    (document,) = [json.loads(d) for d in re.findall(r"= companionLayer\((\{.*\})\);\n", page) if "points" in d]
    popup = dict(document["popup"])
    assert "Delta <b>&" in popup["municipality"]
    assert "insertCell().textContent = value" in page  # the script writes values as text
    # The highlight ring lets a click through to the dot under it (its popup).
    ring = re.search(r"L\.circleMarker\(\s*\[[^\]]*\],\s*(\{[^}]*\})", page).group(1)
    assert '"radius": 9' in ring and '"interactive": false' in ring
    # The highlighted entity's label is HTML in a template literal: escaped.
    html = re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g.group(1), 16)), page)
    assert "Delta &lt;b&gt;&amp;" in html
    assert '"permanent": true' in html  # the highlighted entity's name stays on the map
    caption = maps.residual_caption(fit)
    assert m.caption == caption  # written under the figure, not in a box over the map
    assert caption.title not in html and caption.alt in html
    assert caption.drawn_by == "figures.maps.connection.residual_map"


def test_the_box_plot_names_its_numbers_in_the_readers_language():
    """Vega-Lite's own box plot names its tooltips in English ("Q3 of …"); the book's says what each number is."""
    from analysis import i18n
    from analysis.figures.charts import connection as charts
    from analysis.figures.charts import drawing, to_vega

    frame = sample_frame()
    titles = {}
    for language in ("en", "fr"):
        i18n.activate(language)
        try:
            svg, _tips = drawing.render(to_vega(charts.sac_boxplot(frame, highlight="5").to_dict()), 640, titles=True)
        finally:
            i18n.activate(None)
        titles[language] = re.findall(r"<title>([^<]*)</title>", svg)
        assert titles[language], language
        assert not any(re.search(r"Whisker|Q[13] of|Median of|Min of|Max of", t) for t in titles[language])
    assert any("median: " in t and "third quartile: " in t and "upper whisker: " in t for t in titles["en"])
    assert any("médiane\u202f: " in t and "troisième quartile\u202f: " in t for t in titles["fr"]), titles["fr"]
