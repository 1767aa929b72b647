"""Common chart settings: the matrix colour scale and the finishing touch (title, source, alt text)."""

from __future__ import annotations

import textwrap

import altair as alt

from analysis.figures.captions import Caption, source_line
from analysis.figures.palette import CELL_COLOURS
from analysis.vocabulary import ALL_GROUPS

FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
PX_PER_CHARACTER = 5.2  # at the 10 px subtitle size


def cell_scale() -> alt.Scale:
    """The colour scale of the matrix cells, identical in every chart.

    Returns
    -------
    altair.Scale
        Domain: the four cells and ``unclassified`` (``ALL_GROUPS``); range: their colours
        in :data:`analysis.figures.palette.CELL_COLOURS`.

    References
    ----------
    Okabe, M. and Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
    presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
    """
    return alt.Scale(domain=list(ALL_GROUPS), range=[CELL_COLOURS[c] for c in ALL_GROUPS])


def finish(chart: alt.Chart, caption: Caption, *, width: int = 560, height: int = 380) -> alt.Chart:
    """Add the title, the source line under it, alt text and a plain theme.

    Parameters
    ----------
    chart : altair.Chart
        The chart (or layered/concatenated chart) to finish.
    caption : Caption
        Its title, sources, drawing function and alt text.
    width, height : int, default 560 and 380
        Size of the plotting area, in pixels; the source line wraps to the width.

    Returns
    -------
    altair.Chart
        A configured top-level chart: title, subtitle (sources, then "Drawn by …"),
        ``description`` (the alt text), system font, no view border.

    Raises
    ------
    KeyError
        When a source key of ``caption`` is unknown.
    """
    characters = max(60, int(width / PX_PER_CHARACTER))  # wrap the source note to the chart's width
    titled = chart.properties(
        width=width,
        height=height,
        title=alt.TitleParams(
            caption.title,
            subtitle=[
                *textwrap.wrap(source_line(caption.sources), characters),
                f"Drawn by analysis.{caption.drawn_by}",
            ],
            anchor="start",
            subtitleFontSize=10,
            subtitleColor="#555555",
        ),
        description=caption.alt,
    )
    return titled.configure(font=FONT).configure_view(strokeWidth=0).configure_axis(labelFontSize=11, titleFontSize=12)
