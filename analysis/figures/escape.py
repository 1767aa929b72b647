"""Text from the data made safe for the place where it lands, one function per context.

A place name, an MRC name or an error message can hold any character (quotes, ``&``,
``<``, a backtick, a backslash, ``</script>``, ``${…}``, a line break). Every such text
that reaches a page or a report goes through one of these functions, chosen for the
context it is written into; nothing else in the package escapes text by hand.

============================  ============================================================
context                       function
============================  ============================================================
HTML text (``<div>…</div>``)  :func:`html_text`
HTML attribute value          :func:`html_attribute`
JavaScript string literal,    :func:`js_string` (returns the quoted literal)
Vega expression string
JavaScript template literal   :func:`js_template` (the text between the backticks)
JSON inside ``<script>``      :func:`script_json`, :class:`ScriptJSONEncoder`
JSON in a folium element's    :func:`folium_json`
script (rendered twice)
Markdown inline text, table   :func:`markdown_text`
cell
Markdown inline code          :func:`markdown_code`
Markdown fenced code block    :func:`markdown_fence`
============================  ============================================================

Contexts nest: a Leaflet tooltip is HTML inside a JavaScript template literal, so its
text is ``js_template(html_text(name))``; the map page around it is then escaped once
more, as a whole, by folium for the ``srcdoc`` attribute of its frame. Every text folium
writes is HTML escaped with :func:`html_text`, whose character references also keep
folium's second Jinja pass from reading ``{{`` or ``{%`` in a name.

References
----------
WHATWG HTML Living Standard, 13.1.2.6 "Restrictions for contents of script elements".
ECMAScript 2024, 12.9.4 String Literals and 13.2.8 Template Literals.
CommonMark Spec 0.31.2, 2.4 "Backslash escapes" and 6.1 "Code spans"; GitHub Flavored
Markdown Spec 0.29, 4.10 "Tables (extension)".
"""

from __future__ import annotations

import html
import json
import re

LINE_BREAKS = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029\v\f]")
"""Every character sequence that ends a line in HTML, JavaScript or Markdown."""

# Inside <script>, "</script" or "<!--" would end or change the element whatever the
# JavaScript says; JSON and JavaScript strings can spell these characters as \u escapes.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")

# ASCII punctuation that means something inline in CommonMark, GFM tables or MyST:
# emphasis, code, links, raw HTML and entities, table cells, strikethrough, roles and
# substitutions ({…}), math ($).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$])")
# Punctuation that starts a block at the start of a line: heading, list item, rule, MyST comment, colon fence.
_MARKDOWN_LINE_START = re.compile(r"^([#+\-=%:])|^(\d+)([.)])")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def html_text(value: object) -> str:
    """Text for the content of an HTML element.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string, anything else ``str(value)``.

    Returns
    -------
    str
        The text with ``&``, ``<``, ``>``, ``"`` and ``'`` written as character references,
        so that it shows literally and opens no tag; ``{`` and ``}`` too, so that it opens
        no template tag where the HTML goes through a template engine once more (folium
        renders the script and HTML of every map element a second time with Jinja, which
        would evaluate ``{{ … }}`` and ``{% … %}`` in a name).
    """
    return html.escape(_text(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def html_attribute(value: object) -> str:
    """Text for an HTML attribute value in double or single quotes.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.

    Returns
    -------
    str
        As :func:`html_text`, and the backtick as ``&#96;`` (old browsers took it as a
        quote around attribute values).
    """
    return html_text(value).replace("`", "&#96;")


def _script_safe(text: str) -> str:
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group(0)], text)


def js_string(value: object) -> str:
    """A complete double-quoted JavaScript string literal, safe inside a ``<script>`` element.

    Also a valid string literal of the Vega expression language and a JSON string.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.

    Returns
    -------
    str
        ``"…"`` with quotes, backslashes and control characters escaped as in JSON, and
        ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\uXXXX`` escapes.
    """
    return _script_safe(json.dumps(_text(value), ensure_ascii=False))


def js_template(value: object) -> str:
    """Text for the inside of a JavaScript template literal (between backticks), inside ``<script>``.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.

    Returns
    -------
    str
        The text with ``\\``, the backtick and ``$`` escaped (so that neither the literal
        ends nor ``${…}`` is evaluated), the carriage return as ``\\r``, and ``<``, ``>``,
        ``&``, U+2028 and U+2029 as ``\\uXXXX`` escapes; the literal evaluates to the
        original text.
    """
    text = _text(value).replace("\\", "\\\\").replace("`", "\\`").replace("$", "\\$")
    return _script_safe(text.replace("\r", "\\r"))  # a raw carriage return would be read as a line feed


def script_json(value: object, **options) -> str:
    """JSON for a ``<script>`` element: the JSON text with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` serialises.
    **options
        Passed to :func:`json.dumps` (``indent``, ``sort_keys``…).

    Returns
    -------
    str
        Valid JSON, equal once parsed to ``json.dumps(value)``, that cannot close the
        script element.

    Raises
    ------
    TypeError
        When ``value`` holds something JSON cannot represent.
    """
    return json.dumps(value, cls=ScriptJSONEncoder, **options)


def folium_json(value: object) -> str:
    """JSON for the script of a folium element: :func:`script_json`, and no Jinja delimiter.

    folium renders an element's script with Jinja, then renders the result once more as a
    template of its own; a ``{{``, ``{%`` or ``{#`` in a name would then be read as Jinja.
    In the JSON text a brace that opens an object is always followed by a quote or by
    ``}``, so a ``{`` followed by ``{``, ``%`` or ``#`` is inside a string: it is written as
    the JSON escape ``\\u007b``, which parses back to the same string.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` serialises.

    Returns
    -------
    str
        Compact JSON (non-ASCII characters kept), equal once parsed to ``json.dumps(value)``,
        safe inside ``<script>`` and through folium's second Jinja pass.

    Raises
    ------
    TypeError
        When ``value`` holds something JSON cannot represent.
    """
    text = script_json(value, ensure_ascii=False, separators=(",", ":"))
    return _JINJA_OPEN.sub(lambda match: "\\u007b" + match.group(1), text)


_JINJA_OPEN = re.compile(r"\{([{%#])")


class ScriptJSONEncoder(json.JSONEncoder):
    """A :class:`json.JSONEncoder` whose output is safe inside a ``<script>`` element.

    Passed as ``cls`` to :func:`json.dumps` by code that writes JSON into a page, such as
    the altair renderer of :mod:`analysis.figures.charts` (the Vega-Lite specs).
    """

    def encode(self, o) -> str:
        """JSON text of ``o`` with ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\uXXXX`` escapes.

        Parameters
        ----------
        o : object
            Anything the encoder serialises.

        Returns
        -------
        str
        """
        return _script_safe(super().encode(o))

    def iterencode(self, o, _one_shot: bool = False):
        """Chunks of the JSON text of ``o``, escaped as :meth:`encode` escapes them.

        Parameters
        ----------
        o : object
        _one_shot : bool, default False

        Yields
        ------
        str
        """
        for chunk in super().iterencode(o, _one_shot):
            yield _script_safe(chunk)


def markdown_text(value: object, *, line_start: bool = True) -> str:
    """Inline Markdown (CommonMark, GFM tables, MyST) that shows ``value`` literally, also in a table cell.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.
    line_start : bool, default True
        The text may begin a line, where ``#``, ``-``, ``+``, ``=``, ``%``, ``:`` or
        ``1.`` would start a block: escape them there. A table cell (inline content only)
        passes False, so that ``-10.3`` stays as written.

    Returns
    -------
    str
        One line: each line break becomes a space (a break would end a table row or a
        paragraph); the characters with an inline meaning (``\\ ` * _ { } [ ] < > | ~ & $``),
        and block punctuation at the start of the text, are escaped with a backslash.
    """
    text = LINE_BREAKS.sub(" ", _text(value)).replace("\t", " ")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return _MARKDOWN_LINE_START.sub(
        lambda match: "\\" + match.group(1) if match.group(1) else f"{match.group(2)}\\{match.group(3)}", text, count=1
    )


def markdown_code(value: object, *, in_table: bool = False) -> str:
    """An inline code span that shows ``value`` literally.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.
    in_table : bool, default False
        The span sits in a GFM table cell: ``|`` is written ``\\|``, which a table cell
        reads as a literal ``|`` even inside code (and which would show as ``\\|`` elsewhere).

    Returns
    -------
    str
        The text on one line (line breaks become spaces), between enough backticks that
        none inside can close the span, padded with a space when it begins or ends with a
        backtick.
    """
    text = LINE_BREAKS.sub(" ", _text(value))
    if in_table:
        text = text.replace("|", "\\|")
    if not text:
        return "` `"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def markdown_fence(value: object, info: str = "") -> str:
    """A fenced code block that shows ``value`` literally, line breaks kept.

    Parameters
    ----------
    value : object
        Any value; ``None`` becomes the empty string.
    info : str, default ""
        The info string after the opening fence (e.g. ``"text"``).

    Returns
    -------
    str
        The text between two fences of backticks longer than any run of backticks at the
        start of one of its lines (at least three), so that no line of it can close the block.
    """
    text = _text(value)
    runs = re.findall(r"^\s*(`{3,})", text, flags=re.M)
    fence = "`" * max(3, max((len(run) for run in runs), default=0) + 1)
    return f"{fence}{info}\n{text}\n{fence}"
