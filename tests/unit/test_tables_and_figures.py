"""Tables made for reading and numbered figures (analysis.figures.tables, analysis.figures.numbered)."""

from __future__ import annotations

import re

import altair as alt
import folium
import pandas as pd
import pytest

from analysis.figures.captions import Caption
from analysis.figures.charts.base import finish
from analysis.figures.maps.base import base_map
from analysis.figures.markup import directive, fence
from analysis.figures.numbered import caption_of, figure
from analysis.figures.tables import Column, table

LONG = "Local leaders and actors are able to mobilise a wide variety of endogenous and exogenous resources " * 2


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["2400001", "2400002", "2400003"],
            "name": ["A <b>&", "Nouveau toponyme à venir", "C*`x`"],
            "population": [6010808.0, 225158.7, None],
            "share": [0.0421, 0.5, 0.1],
            "text": [LONG, "x", "{value}`ch1.x`"],
        }
    ).set_index("code")


def test_table_labels_formats_and_missing_values():
    shown = table(
        frame(),
        [
            Column("name", "place"),
            Column("population", "residents 2021", "people"),
            Column("share", "share", ".1%"),
            Column("text", "comment"),
        ],
        name="tab-ch9-test",
        caption="A test table",
        sources=("cwb_2021",),
    )
    text = shown.text()
    assert "6,010,808" in text and "225,159" in text  # thousands separators, whole people
    assert "4.2%" in text and "—" in text
    assert "2400001" not in text  # the index (an identifier) is not shown unless a column names it
    assert "(MRC name pending in the MAMH register)" in text  # a register placeholder read for what it means
    assert LONG.strip() in text  # long text whole, never cut
    assert shown.notes[0].startswith("— no value") and "Sources: ISC" in shown.notes[-1]
    french = shown.html(locale="fr_CA")
    assert "6\u00a0010\u00a0808" in french and "4,2\u00a0%" in french


def test_table_book_form_is_a_numbered_list_table_with_numbers_for_the_page_language():
    myst = table(
        frame(),
        [Column("name", "place"), Column("population", "residents", "people"), Column("share", "share", ".1%")],
        name="tab-ch9-test",
        caption="A test table",
    ).myst()
    assert myst.startswith("```{list-table} A test table")
    assert ":name: tab-ch9-test" in myst and ":header-rows: 1" in myst and ":stub-columns: 1" in myst
    assert "{number}`6010808.0:,d`" in myst and "{number}`0.0421:.1%`" in myst


def test_text_from_the_data_is_escaped_in_both_forms():
    shown = table(frame(), [Column("name", "place"), Column("text", "comment")])
    myst, html = shown.myst(), shown.html()
    assert r"A \<b\>\&" in myst and r"C\*\`x\`" in myst and r"\{value\}\`ch1.x\`" in myst
    assert "A &lt;b&gt;&amp;" in html and "A <b>&" not in html


def test_table_refuses_unknown_columns_bad_names_and_formats():
    with pytest.raises(KeyError):
        table(frame(), [Column("nothing", "x")])
    with pytest.raises(ValueError):
        table(frame(), [Column("name", "x")], name="Table 1", caption="x")
    with pytest.raises(ValueError):
        table(frame(), [Column("name", "x")], name="tab-ch9-x")  # a numbered table needs a caption
    with pytest.raises(ValueError):
        table(frame(), [Column("share", "x", "%%")])


def test_markup_fences_and_escapes():
    assert fence("no backticks") == "```" and fence("x ```` y") == "`````"
    assert directive("raw", "html", body="<b>`x`</b>").startswith("```{raw} html")


def chart() -> alt.Chart:
    caption = Caption("What it shows", ("cwb_2021",), "figures.test", "Alt text", note="A note", heading="Short")
    return finish(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q"), caption)


def test_a_chart_becomes_a_numbered_figure_with_its_caption():
    shown = figure(chart(), "fig-ch9-test")
    assert caption_of(chart()).title == "What it shows"
    myst = shown.myst()
    assert re.match(r"^`{4,}\{output-figure\}\n:name: fig-ch9-test\n:class: companion-chart", myst)
    assert "```{raw} html" in myst and 'class="companion-drawing"' in myst
    assert myst.rstrip("`\n").endswith(
        "**What it shows.** A note. Sources: ISC, Community Well-Being Index 2021 (OGL-Canada)."
    )
    assert 'id="fig-ch9-test"' in shown.html() and "<figcaption>" in shown.html()
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/markdown", "text/html"}


def test_charts_read_on_a_phone():
    spec = chart().to_dict()
    assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
    assert spec["title"]["text"] == "Short"
    config = spec["config"]
    assert min(config["axis"]["labelFontSize"], config["legend"]["labelFontSize"], config["text"]["fontSize"]) >= 11
    assert config["legend"]["orient"] == "bottom"


def test_a_map_carries_its_caption_outside_the_drawing():
    caption = Caption("A map", ("sda",), "figures.test", "Alt text of the map")
    m = base_map((-74.0, 45.0, -70.0, 47.0), caption)
    assert isinstance(m, folium.Map) and caption_of(m) == caption
    html = m.get_root().render()
    assert "A map" not in html  # no caption box over the map
    assert "Alt text of the map" in html and "Province" in html  # alt text; the way back to the whole province
    assert 'class="companion-figure companion-map"' in figure(m, "fig-ch9-map").html()


def test_figure_needs_a_caption_and_a_good_name():
    with pytest.raises(ValueError):
        figure(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), "fig-ch9-x")
    with pytest.raises(ValueError):
        figure(chart(), "Figure 1")


def test_maps_draw_municipal_areas_when_the_boundaries_are_given():
    import geopandas as gpd
    from shapely.geometry import box
    from test_connection import sample_frame

    from analysis.analyses import connection
    from analysis.figures.maps import connection as maps
    from analysis.figures.maps.base import AREAS_NOTE

    frame = sample_frame()
    fit = connection.residuals(frame)
    outline = gpd.GeoDataFrame({"x": ["a"], "geometry": [box(-74, 44, -70, 48)]}, crs="EPSG:4326")
    mrcs, regions = outline.rename(columns={"x": "mrc_name"}), outline.rename(columns={"x": "region_name"})
    without = maps.residual_map(fit, frame, mrcs, regions)
    polygons = gpd.GeoDataFrame(
        {"csd_uid": ["1", "2"], "geometry": [box(-71.1, 44.9, -70.9, 45.1), box(-71.6, 45.4, -71.4, 45.6)]},
        crs="EPSG:4326",
    )
    with_areas = maps.residual_map(fit, frame, mrcs, regions, municipal_polygons=polygons)
    assert "Municipalities: residual (areas)" in with_areas.get_root().render()
    assert "(areas)" not in without.get_root().render()
    assert AREAS_NOTE in with_areas.caption.note and AREAS_NOTE not in without.caption.note


def test_an_empty_table_still_reads_as_a_table():
    from analysis.figures.tables import NO_ROWS_NOTE

    empty = table(
        pd.DataFrame({"name": pd.Series(dtype="string"), "n": pd.Series(dtype="float64")}),
        [Column("name", "place"), Column("n", "residents", "people")],
        name="tab-ch9-empty",
        caption="Nothing qualifies",
    )
    assert empty.rows == [[None, None]] and NO_ROWS_NOTE in empty.notes
    book = empty.myst()
    assert book.count("* - ") == 2 and "No row in these data." in book  # header and one body row


def test_code_cells_are_names_shown_as_code_and_yes_no_follows_the_language_of_the_chapter():
    from analysis import i18n

    shown = table(
        pd.DataFrame({"measure": ["university"], "present": [False], "missing": ["university_25_64_pct_2021"]}),
        [
            Column("measure", "measure"),
            Column("present", "in these data", "yes/no"),
            Column("missing", "columns", "code"),
        ],
    )
    assert "  - `university_25_64_pct_2021`" in shown.myst() and "  - no" in shown.myst()
    assert "<td><code>university_25_64_pct_2021</code></td>" in shown.html()
    i18n.activate("fr")
    try:
        assert "  - non" in shown.myst() and "`university_25_64_pct_2021`" in shown.myst()
    finally:
        i18n.activate(None)
