"""Charts drawn when the book is built (analysis.figures.charts.drawing): two SVG drawings, tooltips in a table."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import altair as alt
import pandas as pd

from analysis import i18n
from analysis.figures.captions import Caption
from analysis.figures.charts import drawing, finish, html, to_vega

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Saint-</svg><script>alert("x")</script> & <b>fin</b>'


def scatter() -> alt.Chart:
    data = pd.DataFrame(
        {
            "name": ["Saint-Camille", HOSTILE, "Wotton"],
            "x": [0.4123456, 0.5, 0.61],
            "y": [71.25, 64.0, 58.5],
        }
    )
    points = (
        alt.Chart(data)
        .mark_circle()
        .encode(
            x=alt.X("x:Q", title="Index of Remoteness"),
            y=alt.Y("y:Q", title="CWB"),
            tooltip=[alt.Tooltip("name:N", title="municipality"), alt.Tooltip("y:Q", title="CWB", format=".1f")],
        )
    )
    label = alt.Chart(data.head(1)).mark_text(dx=8).encode(x="x:Q", y="y:Q", text="name:N")
    caption = Caption("Scatter", ("cwb_2021",), "figures.test", "Alt text of the scatter", heading="Short")
    return finish(points + label, caption)


def drawings(page: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(page)
    found = {}
    for part in root.iter("div"):
        if part.get("class", "").startswith("companion-drawing-"):
            found[part.get("class")] = part.find(f"{SVG}svg")
    return found


def tip_texts(page: str) -> list[str]:
    """Each mark's tooltip as the page's script writes it (titles, then one column per title)."""
    root = ElementTree.fromstring(page)
    (titles,) = [json.loads(e.text) for e in root.iter("script") if e.get("class") == drawing.TIPS_CLASS]
    columns = [json.loads(e.text) for e in root.iter("script") if e.get("class") == drawing.TIP_COLUMN_CLASS]
    assert len(columns) == len(titles) and len({len(c) for c in columns}) == 1
    return ["\n".join(t + c[i] for t, c in zip(titles, columns) if c[i] is not None) for i in range(len(columns[0]))]


def test_tooltip_signal_is_read_as_titles_and_expressions():
    signal = '{"municipality": isValid(datum["name"]) ? join(datum["name"], \'\\n\') : "a, b: c", "CWB": format(datum["y"], ".1f")}'
    assert drawing.tooltip_entries(signal) == [
        ("municipality", 'isValid(datum["name"]) ? join(datum["name"], \'\\n\') : "a, b: c"'),
        ("CWB", 'format(datum["y"], ".1f")'),
    ]
    assert drawing.tooltip_entries("datum") is None
    assert drawing.tooltip_entries("{key: 1}") is None


def test_a_chart_is_drawn_twice_with_its_tooltips_in_one_table():
    page = html(scatter().to_dict())
    assert page.startswith('<div class="companion-drawing" id="chart-')
    assert "vegaEmbed" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(s.startswith('<script type="application/json" class="companion-tip') for s in scripts)
    found = drawings(page)
    wide, narrow = found["companion-drawing-wide"], found["companion-drawing-narrow"]
    assert wide.get("viewBox").split()[2] == str(drawing.WIDE_PX)
    assert narrow.get("viewBox").split()[2] == str(drawing.NARROW_PX)
    for svg in (wide, narrow):
        assert svg.get("aria-label") == "Alt text of the scatter"
        assert svg.get("role") == "graphics-document"
        assert svg.find(f".//{SVG}title") is None  # written by the page's script from the table
    tips = [e for e in wide.iter() if "data-tip" in e.attrib]
    assert len(tips) == 3 == len([e for e in narrow.iter() if "data-tip" in e.attrib])
    texts = tip_texts(page)
    assert texts[0] == "municipality: Saint-Camille\nCWB: 71.3"
    assert f"municipality: {HOSTILE}\nCWB: 64.0" in texts  # the text itself, as text
    assert drawing.TIP_SEPARATOR not in page
    # The label layer has no tooltip: out of the accessibility tree, no description.
    labels = [e for e in wide.iter(f"{SVG}text") if e.text == "Saint-Camille"]
    assert labels and all("aria-label" not in e.attrib for e in labels)
    # Points sit at whole pixels.
    assert all(re.fullmatch(r"translate\(-?\d+,-?\d+\)", e.get("transform")) for e in tips)


def test_tip_table_keeps_each_marks_lines_and_refuses_two_orders():
    a = [("name: ", "A"), ("CWB: ", "1")]
    b = [("name: ", "B"), ("rank: ", "2"), ("CWB: ", "3")]
    table = drawing.tip_table([a, b, [("CWB: ", "4")]])
    assert table == {
        "titles": ["name: ", "rank: ", "CWB: "],
        "columns": [["A", "B", None], [None, "2", None], ["1", "3", "4"]],
    }
    assert drawing.tip_table([a, list(reversed(a))]) is None  # the marks would not read as drawn
    assert drawing.tip_table([[("x: ", "1"), ("x: ", "2")]]) is None


def test_data_text_cannot_close_the_drawing():
    page = html(scatter().to_dict())
    assert "<script>" not in page and "</svg><script>" not in page
    assert "\\u003c/svg\\u003e\\u003cscript\\u003e" in page  # the tooltip column, escaped for <script>


def test_text_is_at_least_11px_and_positions_are_tenths_of_a_pixel():
    found = drawings(html(scatter().to_dict()))
    for svg in found.values():
        sizes = [float(e.get("font-size").removesuffix("px")) for e in svg.iter(f"{SVG}text") if e.get("font-size")]
        assert sizes and min(sizes) >= 11
        for element in svg.iter():
            for name in drawing.GEOMETRY.intersection(element.attrib):
                assert not re.search(r"\d\.\d{2,}", element.get(name)), (name, element.get(name))


def test_legends_stack_and_the_width_follows_the_drawing():
    vega = to_vega(scatter().to_dict())
    narrow = drawing.at_width(vega, 328)
    assert narrow["config"]["legend"]["layout"] == drawing.LEGEND_LAYOUT
    assert next(s for s in narrow["signals"] if s["name"] == "width") == {"name": "width", "init": "328"}
    assert "usermeta" not in narrow and "usermeta" in vega  # the spec given is left as it was


def test_french_numbers_in_a_french_drawing():
    previous = i18n.language()
    i18n.activate("fr")
    try:
        page = html(scatter().to_dict())
    finally:
        i18n.activate(None if previous == i18n.SOURCE_LANGUAGE else previous)
    axis = " ".join(e.text or "" for e in drawings(page)["companion-drawing-wide"].iter(f"{SVG}text"))
    assert re.search(r"\b0,\d+\b", axis), axis
    assert "CWB\u202f: 71,3" in tip_texts(page)[0]  # French puts a narrow space before the colon


def test_long_titles_and_legend_labels_break_into_lines_on_a_phone_only():
    data = pd.DataFrame(
        {
            "kind": [
                "dénombrement du recensement (Statistique Canada)",
                "décret gouvernemental (estimation fondée sur l'ISQ)",
            ],
            "x": [1, 2],
            "y": [3, 4],
        }
    )
    caption = Caption(
        "T", ("cwb_2021",), "figures.test", "alt", heading="Scolarité et IBC activité sur le marché du travail"
    )
    chart = finish(alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q", color="kind:N"), caption)
    found = drawings(html(chart.to_dict()))

    def broken(svg, text):
        return [e for e in svg.iter(f"{SVG}text") if text in "".join(e.itertext()) and len(list(e)) > 1]

    narrow, wide = found["companion-drawing-narrow"], found["companion-drawing-wide"]
    for text in ("Scolarité et IBC", "dénombrement du recensement", "décret gouvernemental"):
        assert broken(narrow, text), text  # several <tspan> lines
        assert not broken(wide, text), text
    lines = [t.text for e in broken(narrow, "décret gouvernemental") for t in e]
    assert " ".join(lines) == "décret gouvernemental (estimation fondée sur l'ISQ)"  # nothing lost


VEGA_ENGLISH = re.compile(r"axis titled|-axis for a|scale with|legend titled|legend for|Title text|mark container")
"""Vega's own English descriptions of a chart's axes, legends, title and containers."""


def _described(language: str) -> ElementTree.Element:
    previous = i18n.language()
    i18n.activate(language)
    try:
        chart = scatter().encode(color=alt.Color("name:N", title="place"))
        return drawings(html(chart.to_dict()))["companion-drawing-wide"]
    finally:
        i18n.activate(None if previous == i18n.SOURCE_LANGUAGE else previous)


def test_axes_legends_and_titles_are_described_in_the_readers_language():
    english, french = _described("en"), _described("fr")
    for svg in (english, french):
        labels = [e.get("aria-label") for e in svg.iter() if e.get("aria-label")]
        assert labels and not any(VEGA_ENGLISH.search(label) for label in labels), labels
    english_labels = [e.get("aria-label") for e in english.iter() if e.get("aria-label")]
    french_labels = [e.get("aria-label") for e in french.iter() if e.get("aria-label")]
    assert any(re.fullmatch(r"Horizontal axis, Index of Remoteness: from 0\.\d+ to 0\.\d+", a) for a in english_labels)
    assert any(re.fullmatch(r"Vertical axis, CWB: from \d+ to \d+", a) for a in english_labels)
    assert any(a.startswith("Legend, place: ") and a.endswith(", Saint-Camille and Wotton") for a in english_labels)
    assert any(
        re.fullmatch(r"Axe horizontal, Index of Remoteness\u202f: de 0,\d+ à 0,\d+", a) for a in french_labels
    ), french_labels
    assert any(
        a.startswith("Légende, place\u202f: ") and a.endswith(", Saint-Camille et Wotton") for a in french_labels
    )
    assert "Short" in french_labels  # the title, by its text
    kinds = {e.get("aria-roledescription") for e in french.iter() if e.get("aria-roledescription")}
    assert kinds and kinds <= {"graphique", "axe", "légende", "titre", "point"}, kinds
