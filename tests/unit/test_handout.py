"""The handout's print rules on hand-made HTML and page texts (the printed PDF is tested in tests/book)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from analysis.book.handout import _keep_with_next, nearly_empty_last_page


def test_headings_and_bold_labels_are_kept_with_what_follows():
    soup = BeautifulSoup(
        "<section><h2>Session 1</h2><p>Goals.</p><p><strong>Plan.</strong></p><table><tr><td>10</td></tr></table>"
        "<h3>Last</h3></section><section><h2>Whole</h2><section><h3>Inner</h3><p>x</p></section></section>",
        "html.parser",
    )
    assert _keep_with_next(soup) == 3
    blocks = soup.select("div.handout-keep")
    assert [b.find(True).get_text() for b in blocks] == ["Session 1", "Plan.", "Inner"]
    assert blocks[1].find("table") is not None
    assert soup.find("h3", string="Last").parent.name == "section"  # nothing follows it
    assert soup.find("h2", string="Whole").parent.name == "section"  # a section cannot be kept whole


def test_a_last_page_with_a_few_lines_is_nearly_empty():
    full = "word " * 400
    assert nearly_empty_last_page([full, full, full, "word " * 20])
    assert not nearly_empty_last_page([full, full, full, "word " * 200])
    assert not nearly_empty_last_page([full, "word"])
