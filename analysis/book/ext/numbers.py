"""Sphinx extension: numbers written in the reader's language, ``{value}`` and ``{number}``.

``{value}`` pastes a result glued in a chapter (``analysis.book.results.record``), like
``{glue:text}``, but writes it the way the surrounding text's language writes numbers
(:mod:`analysis.formats`, through Babel): 36.6 km and 4.2% in English, 36,6 km and
4,2 % in French. ``{number}`` does the same for a literal number (the tables of
:mod:`analysis.figures.tables` use it, so that their numbers follow the page too).

Syntax (the format is the ``{glue:text}`` one, ``[+][,][.N][f|d|%]``; a unit after a
space is joined to the number with a no-break space)::

    {value}`ch6.distance_sherbrooke_km:.1f km`      36.6 km   | 36,6 km
    {value}`ch1.population_left_out_share:.1%`      1.2%      | 1,2 %
    {value}`ch6.census_growth_2016_2021_pct:.1f %`  4.2%      | 4,2 %
    {value}`ch1.rho_cwb_remoteness:.2f`             -0.50     | −0,50
    {value}`chapters/04-matrix.ipynb::ch4.stability_share:.0%`   (another page's result)
    {number}`6010808:,`                             6,010,808 | 6 010 808

The language is the page's (``language`` in the Sphinx configuration, ``en`` by default),
unless the number sits inside an element with a ``language-xx`` class, such as the French
summaries (``:class: tip language-fr``), which docutils also writes as ``lang="fr"`` for
screen readers. A French edition built with ``language: fr`` therefore writes every
number in French with no change to the sources.

``{plural}`` writes the words that agree with a glued count, chosen by the count and the
language's plural rule (:func:`analysis.i18n.plural_index`: English takes the singular for
1, French for 0 and 1), so that a sentence holds for 0, 1 and many; each page catalog gives
its own forms::

    {value}`ch6.diffusion.direction_upward` {plural}`ch6.diffusion.direction_upward:runs|run` upward
    {value}`ch6.diffusion.level_international` {plural}`ch6.diffusion.level_international:est allé|sont allés` à l’étranger
    {value}`ch4.saint_camille.tie_rules_changing_cell` {plural}`ch4.saint_camille.tie_rules_changing_cell:specification is|specifications are` affected

Glued values are read from the notebook being parsed (myst-nb's glue data), else from the
``<chapter>.glue.json`` file myst-nb writes next to the executed notebook (when a page
is parsed again, e.g. for a translation), and for another page's result from that
page's file. A result glued as missing (NaN: the chapter could not compute it from the
data it was given) reads "not available in these data" ("non disponible dans ces données"
in French text) in every build. A result that was never glued is a warning, hence an error
in ``companion book``; in the book of a ``companion rerun``
(:mod:`analysis.book.ext.rerun_mode`), it also reads "not available in these data", as
``{glue:text}`` does there.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from analysis import i18n
from analysis.book.ext import cross_glue
from analysis.book.ext.rerun_mode import NOT_AVAILABLE, rerun_mode
from analysis.formats import MISSING, format_number, is_missing, is_spec, locale_for

LOGGER = logging.getLogger(__name__)


class number(nodes.inline):
    """A number waiting to be written: ``plain`` (its Python text), ``spec``, ``unit``, or a ``key`` to look up."""


def split(text: str) -> tuple[str, str, str]:
    """``"target:spec unit"`` → (target, spec, unit); the spec and the unit are optional.

    Parameters
    ----------
    text : str
        The role's content, e.g. ``"ch6.distance_sherbrooke_km:.1f km"`` or
        ``"chapters/04-matrix.ipynb::ch4.stability_share:.0%"``.

    Returns
    -------
    (str, str, str)
        The result name (or literal, or ``doc::name``), the format and the unit.
    """
    head, _, unit = text.strip().partition(" ")
    target, spec = head, ""
    if ":" in head:
        before, after = head.rsplit(":", 1)
        if not before.endswith(":") and is_spec(after):
            target, spec = before, after
    return target, spec, unit.strip()


def plain_value(plain: str) -> object:
    """The Python value of a glued result's ``text/plain`` form (``"36.6"`` → 36.6, ``"'exclusion'"`` → ``"exclusion"``).

    Parameters
    ----------
    plain : str

    Returns
    -------
    int, float, bool, str or None
    """
    text = plain.strip()
    if text in ("nan", "<NA>", "None", "NaN"):
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text.strip("'\"")


def language_of(node: nodes.Node, default: str) -> str:
    """The language a node is written in: the nearest ``language-xx`` class above it, else ``default``.

    Parameters
    ----------
    node : docutils.nodes.Node
    default : str
        The page's language (Sphinx ``language``).

    Returns
    -------
    str
    """
    current = node
    while current is not None:
        for cls in getattr(current, "get", lambda *_: [])("classes", []):
            if cls.startswith("language-"):
                return cls[len("language-") :]
        current = current.parent
    return default or "en"


def _glue_file(env, docname: str) -> dict:
    folder = Path(env.mystnb_config.output_folder)
    parts = docname.split("/")
    path = folder.joinpath(*parts[:-1], f"{parts[-1]}.glue.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _plain(output: dict) -> str | None:
    text = output.get("data", output).get("text/plain")
    if text is None:
        return None
    return text if isinstance(text, str) else "".join(text)


def glued_plain(document, env, key: str) -> str | None:
    """The ``text/plain`` form of the result ``key`` glued in the page being read, or None.

    Parameters
    ----------
    document : docutils.nodes.document
    env : sphinx.environment.BuildEnvironment
    key : str

    Returns
    -------
    str or None
    """
    renderer = document.get("nb_renderer") if hasattr(document, "get") else None
    if renderer is not None:
        glue = renderer.renderer.nb_client.glue_data
        if key in glue:
            return _plain(glue[key])
    saved = _glue_file(env, env.docname)
    return _plain(saved[key]) if key in saved else None


NOT_AVAILABLE_IN = {"en": NOT_AVAILABLE, "fr": "non disponible dans ces données"}
"""What a missing result reads, by language (a French summary writes it in French)."""


def not_available(rawtext: str, language: str = "en") -> nodes.inline:
    """What the book writes for a result its chapter could not compute (glued as missing, or not glued in a rerun).

    Parameters
    ----------
    rawtext : str
    language : str, default ``"en"``
        The language of the text around it (``NOT_AVAILABLE_IN``; English otherwise).

    Returns
    -------
    docutils.nodes.inline
    """
    text = NOT_AVAILABLE_IN.get(language, NOT_AVAILABLE)
    return nodes.inline(rawtext, text, classes=["companion-number", "not-available"])


_PLURAL = re.compile(r"^(?P<target>(?:[^:`]+::)?[^:\s`]+):(?P<forms>[^|]*\|[^|]*)$", re.S)


def split_plural(text: str) -> tuple[str, tuple[str, str]]:
    """``"result:singular|plural"`` → (result, (singular, plural)).

    Parameters
    ----------
    text : str
        The role's content, e.g. ``"ch6.diffusion.level_international:est allé|sont allés"``
        or ``"chapters/04-matrix.ipynb::ch4.stable.all:garde|gardent"``.

    Returns
    -------
    (str, (str, str))

    Raises
    ------
    ValueError
        When the text does not name a result and give two forms separated by ``|``.
    """
    found = _PLURAL.match(" ".join(text.split()))
    if found is None:
        raise ValueError(f"{{plural}} needs 'result:singular|plural', not {text!r}")
    singular, plural = found.group("forms").split("|")
    return found.group("target"), (singular.strip(), plural.strip())


def plural_words(value: object, forms: tuple[str, str], language: str) -> str:
    """The form of ``forms`` that agrees with the count ``value`` in ``language``.

    Parameters
    ----------
    value : int or float
        The glued count.
    forms : (str, str)
        The singular and the plural.
    language : str

    Returns
    -------
    str

    Raises
    ------
    TypeError
        When ``value`` is not a number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{{plural}} needs a count, not {value!r}")
    return forms[i18n.plural_index(value, language)]


class ValueRole(SphinxRole):
    """``{value}`result:spec unit``` — a glued result, written in the language of the text around it."""

    forms: tuple[str, str] | None = None

    def parse(self) -> tuple[str, str, str]:
        return split(self.text)

    def run(self):
        try:
            target, spec, unit = self.parse()
        except ValueError as error:
            return [], [self.inliner.reporter.warning(str(error), line=self.lineno)]
        node = number(self.rawtext, self.text, classes=["companion-number"], spec=spec, unit=unit)
        if self.forms is not None:
            node["forms"] = self.forms
            node["classes"] = ["companion-plural"]
        if "::" in target:
            doc, key = target.split("::", 1)
            _, path = self.env.relfn2path(doc, self.env.docname)
            refdoc = self.env.path2doc(path)
            if refdoc is None:
                return [], [self.inliner.reporter.warning(f"{{value}}: no page {doc!r}", line=self.lineno)]
            node["refdoc"], node["key"] = refdoc, key
            return [node], []
        plain = glued_plain(self.inliner.document, self.env, target)
        if plain is None:
            if rerun_mode():
                LOGGER.info(f"glued result {target!r} {NOT_AVAILABLE}", location=(self.env.docname, self.lineno))
                if self.forms is not None:
                    return [nodes.inline(self.rawtext, self.forms[-1], classes=["companion-plural"])], []
                return [not_available(self.rawtext)], []
            message = (
                f"{{value}}: no result {target!r} is glued in this page (record it with analysis.book.results.record)"
            )
            return [], [self.inliner.reporter.warning(message, line=self.lineno)]
        node["plain"] = plain
        return [node], []


class PluralRole(ValueRole):
    """``{plural}`result:singular|plural``` — the words that agree with a glued count (:func:`plural_words`)."""

    def parse(self) -> tuple[str, str, str]:
        target, self.forms = split_plural(self.text)
        return target, "", ""


class NumberRole(SphinxRole):
    """``{number}`literal:spec unit``` — a literal number, written in the language of the text around it."""

    def run(self):
        target, spec, unit = split(self.text)
        node = number(self.rawtext, self.text, classes=["companion-number"], spec=spec, unit=unit, plain=target)
        return [node], []


class WriteNumbers(SphinxPostTransform):
    """Write every ``{value}`` and ``{number}`` in its language (another page's results are read here)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        default = self.config.language or "en"
        for node in list(self.document.findall(number)):
            plain = node.get("plain")
            if plain is None:
                glue = _glue_file(self.env, node["refdoc"])
                plain = _plain(glue.get(node["key"], {})) if node["key"] in glue else None
                if plain is None:
                    if rerun_mode() and node.get("forms"):
                        node.replace_self(nodes.inline(node.rawsource, node["forms"][-1], classes=["companion-plural"]))
                    elif rerun_mode():
                        node.replace_self(not_available(node.rawsource, language_of(node, default)))
                    else:
                        LOGGER.warning(
                            f"{{value}}: no result {node['key']!r} in page {node['refdoc']!r}", location=node
                        )
                        node.replace_self(nodes.inline(node.rawsource, MISSING))
                    continue
            value = plain_value(plain)
            language = language_of(node, default)
            if node.get("forms"):
                try:
                    # a count glued as missing reads "not available": the words take the plural
                    text = plural_words(2 if is_missing(value) else value, node["forms"], language)
                except TypeError as error:
                    LOGGER.warning(f"{{plural}} {node.astext()!r}: {error}", location=node)
                    text = node["forms"][-1]
                node.replace_self(nodes.inline(node.rawsource, text, classes=["companion-plural"]))
                continue
            if is_missing(value):  # glued as missing: the chapter could not compute it from these data
                node.replace_self(not_available(node.rawsource, language))
                continue
            if isinstance(value, str):  # a label glued as text (a SAC class, a cell): in the page's language
                value = i18n.translations(language).get(value, value)
            try:
                text = format_number(value, node["spec"], locale_for(language), node["unit"])
            except (ValueError, TypeError) as error:
                LOGGER.warning(f"{{value}}/{{number}} {node.astext()!r}: {error}", location=node)
                text = node.astext()
            node.replace_self(nodes.inline(node.rawsource, text, classes=["companion-number"]))


def doctree_read(app, doctree) -> None:
    """Record the pages whose results this page cites, so that it is read again with them.

    The same store as :mod:`analysis.book.ext.cross_glue` (which does this for
    ``{glue:text}``); this handler runs after it and adds the ``{value}`` references.
    """
    cited = {node["refdoc"] for node in doctree.findall(number) if node.get("refdoc")}
    if cited:
        store = cross_glue._store(app.env)
        store[app.env.docname] = store.get(app.env.docname, set()) | cited


def setup(app):
    app.setup_extension("analysis.book.ext.cross_glue")
    app.connect("doctree-read", doctree_read, priority=600)
    app.add_role("value", ValueRole())
    app.add_role("plural", PluralRole())
    app.add_role("number", NumberRole())
    app.add_node(number)
    app.add_post_transform(WriteNumbers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
