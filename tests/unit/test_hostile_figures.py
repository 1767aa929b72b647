"""Every map and chart of the book, drawn from the committed tables with hostile names (no book build).

Place, MRC and region names, and the texts of the curated case tables, are replaced by names
holding quotes, ``&``, ``<``, ``>``, a backtick, a backslash, ``</script>``, ``${…}``, an HTML
comment and a line break. Each map must still be valid JavaScript in which every such name
reads back literally (tooltips evaluated by Node, GeoJSON properties and labels parsed as
the HTML Leaflet writes), and each chart must compile and draw in Vega without a warning,
show the names literally in its SVG and keep its spec inside one ``<script>`` element.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
import xml.etree.ElementTree as ElementTree

import jscheck
import pandas as pd
import pytest

from analysis import vocabulary
from analysis.analyses import communities, conditions, connection, debate, matrix, network, plural_economy, sample
from analysis.analyses.case import demography, initiatives, national_effect
from analysis.data import load
from analysis.figures.charts import case as case_charts
from analysis.figures.charts import conditions as condition_charts
from analysis.figures.charts import connection as connection_charts
from analysis.figures.charts import debate as debate_charts
from analysis.figures.charts import drawing
from analysis.figures.charts import matrix as matrix_charts
from analysis.figures.charts import plural_economy as plural_charts
from analysis.figures.maps import case as case_maps
from analysis.figures.maps import connection as connection_maps
from analysis.figures.maps import matrix as matrix_maps

NAMES = {
    vocabulary.SAINT_CAMILLE: "Saint-Camille \"<b>bold</b>\" & 'co' `tick` ${alert('SC')} </script><script>alert('SC')</script>",
    vocabulary.VAL_DES_SOURCES: 'Val-des-Sources `Asbestos` ${alert("VdS")}',
    "2440047": "Danville \\ back\\slash | *star* _under_ [link](x) {{ 6 * 7 }} {% if true %}jinja{% endif %}",
    "2440010": "Saint-Adrien<!-- comment --> &amp; &lt;i&gt;",
    "2440017": "Wotton\nsecond line",
}
MRC_NAME = 'Les Sources & <MRC> "quotes" `tick` ${alert("MRC")}'
REGION_NAME = "Estrie </script> & `région`"
TEXT = " <i>&</i> `x` ${alert(1)} </script>"  # appended to the texts of the case tables
RAW_MARKERS = ("</script><script>", "<b>bold</b>", "<!-- comment", "<MRC>", "<i>&</i>")


@pytest.fixture(scope="module")
def places() -> dict:
    municipalities = load.municipalities()
    for code, name in NAMES.items():
        municipalities.loc[municipalities["csd_uid"] == code, "name"] = name
    municipalities.loc[municipalities["mrc_code"] == vocabulary.LES_SOURCES, "mrc_name"] = MRC_NAME
    municipalities.loc[municipalities["region_code"] == "05", "region_name"] = REGION_NAME
    mrcs = load.mrc_polygons()
    mrcs.loc[mrcs["mrc_code"] == vocabulary.LES_SOURCES, "mrc_name"] = MRC_NAME
    regions = load.region_polygons()
    regions.loc[regions["region_code"] == "05", "region_name"] = REGION_NAME
    return {"municipalities": municipalities, "mrcs": mrcs, "regions": regions}


def _hostile_case(table: str, columns: list[str]) -> pd.DataFrame:
    frame = load.case(table)
    for column in columns:
        frame[column] = frame[column].map(lambda v: v if pd.isna(v) else f"{v}{TEXT}")
    return frame


# --------------------------------------------------------------------------- maps


class _Collect(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data) -> None:
        self.parts.append(data)


def _text_of(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (what innerHTML makes of it)."""
    parser = _Collect()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def _shown_by_map(page: str) -> list[str]:
    """Every text of a rendered folium map as the reader sees it: tooltips, labels, GeoJSON properties, the page."""
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)
    inline = [s for s in scripts if s.strip()]
    assert jscheck.syntax_errors(inline) == []
    shown = []
    # folium.Tooltip: HTML in a template literal, evaluated as the browser would.
    templates = [m.group(1) for s in inline for m in re.finditer(r"\.bindTooltip\(\s*`((?:\\.|[^`\\])*)`", s, re.S)]
    answers = jscheck.evaluate([f"`{t}`" for t in templates])
    assert all("value" in a for a in answers), answers
    shown += [_text_of(a["value"]) for a in answers]
    # GeoJSON properties (written by Leaflet as HTML in popups and tooltips) and DivIcon labels.
    for s in inline:
        for data in re.findall(r"_add\((\{.*?\})\);\n", s, flags=re.S):
            for feature in json.loads(data)["features"]:
                shown += [_text_of(str(v)) for v in feature.get("properties", {}).values()]
        # The compact layers (analysis.figures.maps.layers): labels and values written as text.
        for data in re.findall(r"= companionLayer\((\{.*?\})\);\n", s, flags=re.S):
            document = json.loads(data)
            for label, values in document.get("popup", []) + document.get("tooltip", []):
                shown += [label, *(v for v in values if v is not None)]
        for label in re.findall(r'"html": ("(?:\\.|[^"\\])*")', s):
            shown.append(_text_of(json.loads(label)))
    # The page outside the scripts: caption box, legend, description.
    shown.append(_text_of(re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)))
    return shown


def _check_map(folium_map, expected: list[str]) -> None:
    page = folium_map.get_root().render()
    for marker in RAW_MARKERS:
        assert marker not in page, f"unescaped {marker!r} in the map page"
    shown = _shown_by_map(page)
    for name in expected:
        assert any(name in text for text in shown), f"{name!r} is not shown literally"
    # The frame the book embeds: folium escapes the whole page once more for srcdoc.
    frame = folium_map._repr_html_()
    document = html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert document.count("<script") == page.count("<script") and document.count("</script>") == page.count("</script>")
    assert not [marker for marker in RAW_MARKERS if marker in document]


def test_residual_map_shows_hostile_names_literally(places):
    fit = connection.residuals(connection.analysed(connection.measures(places["municipalities"])))
    m = connection_maps.residual_map(fit, places["municipalities"], places["mrcs"], places["regions"])
    # The outlines are lines that catch no pointer: the names a reader sees are in the popups.
    _check_map(m, [*NAMES.values(), REGION_NAME])


def test_matrix_map_shows_hostile_names_literally(places):
    frame = places["municipalities"]
    default = matrix.assign(frame, reference=communities.reference_sample(frame))
    m = matrix_maps.matrix_map(default, places["municipalities"], places["mrcs"], places["regions"])
    _check_map(m, [*NAMES.values(), MRC_NAME])  # the MRC in the tooltip of its shaded area


def test_saint_camille_map_shows_hostile_names_literally(places):
    m = case_maps.saint_camille_map(places["municipalities"], places["mrcs"], places["regions"])
    _check_map(m, [*NAMES.values(), MRC_NAME, REGION_NAME])


def test_map_caption_markdown_keeps_a_hostile_name_as_text():
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(case_maps.map_caption(NAMES[vocabulary.SAINT_CAMILLE]).markdown())
    assert "<script>" not in rendered and "<b>" not in rendered
    assert " ".join(NAMES[vocabulary.SAINT_CAMILLE].split()) in " ".join(_text_of(rendered).split())


# --------------------------------------------------------------------------- charts


def _charts(places) -> dict:
    municipalities = places["municipalities"]
    wellbeing = sample.analysed(municipalities, debate.WELLBEING_COLUMNS)
    economy = sample.analysed(municipalities, debate.NEW_ECONOMY_COLUMNS)
    outcomes = [debate.INCOME_COMPONENT, debate.HOUSEHOLD_INCOME, debate.LABOUR]
    mrcs = plural_economy.mrc_table(economy, [debate.EDUCATION, *outcomes])
    analysed = connection.analysed(connection.measures(municipalities))
    resources = _hostile_case("resources", ["resource", "provider", "note"])
    organisations = _hostile_case("organisations", ["name", "note"])
    timeline = _hostile_case("timeline", ["event", "note"])
    ties = _hostile_case("ties", ["description", "note"])
    nodes, points = network.column_layout(network.build(ties, organisations), organisations)
    population = _hostile_case("population", ["description", "note"])
    items = _hostile_case("national_effect", ["title", "actor", "note"])
    return {
        "wellbeing_remoteness": debate_charts.wellbeing_remoteness(wellbeing),
        "education_outcome": plural_charts.education_outcome(economy, debate.INCOME_COMPONENT),
        "mrc_education_outcome": plural_charts.mrc_education_outcome(mrcs, debate.INCOME_COMPONENT),
        "fit_scatter": connection_charts.fit_scatter(connection.residuals(analysed)),
        "sac_boxplot": connection_charts.sac_boxplot(analysed, "education"),
        "matrix_scatter": matrix_charts.matrix_scatter(
            matrix.assign(
                municipalities,
                matrix.Specification("remoteness_2021", "education"),
                communities.reference_sample(municipalities),
            )
        ),
        "resource_ledger": condition_charts.resource_ledger(resources),
        "conditions_timeline": condition_charts.conditions_timeline(conditions.condition_events(timeline, resources)),
        "network_figure": condition_charts.network_figure(nodes, points),
        "timeline_chart": case_charts.timeline_chart(initiatives.timeline(timeline, organisations)),
        "population_chart": case_charts.population_chart(demography.population_figures(population)),
        "indexed_growth_chart": case_charts.indexed_growth_chart(demography.indexed_growth(municipalities)),
        "national_effect_chart": case_charts.national_effect_chart(national_effect.national_effect(items)),
    }


# Names each chart writes as text marks (labels); the others carry the names in tooltips only.
LABELLED = {
    "fit_scatter": [NAMES[vocabulary.SAINT_CAMILLE]],
    "matrix_scatter": [NAMES[vocabulary.SAINT_CAMILLE]],
    "indexed_growth_chart": [NAMES[vocabulary.SAINT_CAMILLE]],
    "network_figure": ["<i>&</i>"],  # names are wrapped on several lines, never cut
}


@pytest.fixture(scope="module")
def drawn(places) -> tuple[dict, dict]:
    charts = _charts(places)
    specs = {name: chart.to_dict() for name, chart in charts.items()}
    return charts, specs, jscheck.draw({name: headless(spec) for name, spec in specs.items()})


def headless(spec: dict) -> dict:
    """A chart that takes the page's width (``width="container"``) drawn at a phone's width:
    headless Vega has no window to measure (it would warn "Can not resolve event source: window")."""
    return {**spec, "width": 340} if spec.get("width") == "container" else spec


def test_every_chart_draws_without_warning_with_hostile_names(drawn):
    _, _, results = drawn
    problems = {name: r["warnings"] for name, r in results.items() if r["warnings"] or "<path" not in r["svg"]}
    assert not problems, problems


def test_charts_show_hostile_labels_literally(drawn):
    _, _, results = drawn
    for name, labels in LABELLED.items():
        text = " ".join(_text_of(results[name]["svg"]).split())
        for label in labels:
            assert " ".join(label.split()) in text, (name, label)


def test_chart_data_keep_the_hostile_text_unchanged(drawn, places):
    _, specs, _ = drawn
    for name, spec in specs.items():
        values = json.dumps(spec, ensure_ascii=False)
        if name in ("wellbeing_remoteness", "education_outcome", "fit_scatter", "matrix_scatter"):
            assert json.dumps(NAMES[vocabulary.VAL_DES_SOURCES], ensure_ascii=False)[1:-1] in values, name
        if name in ("resource_ledger", "timeline_chart", "national_effect_chart", "population_chart"):
            assert json.dumps(TEXT, ensure_ascii=False)[1:-1] in values, name


SVG_TAGS = {"div", "svg", "g", "path", "rect", "line", "text", "tspan", "title", "defs", "clipPath", "circle", "script"}
"""The elements a chart drawn at build time may hold (no script but its JSON tooltip table, no foreign HTML)."""
TIP_SCRIPTS = {drawing.TIPS_CLASS, drawing.TIP_COLUMN_CLASS}


def test_chart_html_is_drawn_markup_with_the_names_as_text(drawn):
    charts, _, _ = drawn
    for name, chart in charts.items():
        page = chart._repr_mimebundle_()["text/html"]
        assert "<!--" not in page, name
        root = ElementTree.fromstring(page)  # well-formed: no text from the data opened or closed an element
        tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
        assert tags <= SVG_TAGS, (name, tags - SVG_TAGS)
        scripts = list(root.iter("script"))
        assert all(s.get("type") == "application/json" and s.get("class") in TIP_SCRIPTS for s in scripts), name
        assert all("<" not in (s.text or "") for s in scripts), name  # JSON escaped for <script>
        tips = [v for s in scripts for v in json.loads(s.text) if isinstance(v, str)]
        texts = " ".join([*(element.text or "" for element in root.iter() if element.tag != "script"), *tips])
        if name in ("fit_scatter", "wellbeing_remoteness"):
            assert NAMES[vocabulary.SAINT_CAMILLE] in texts, name
