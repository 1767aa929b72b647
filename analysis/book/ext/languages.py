"""Sphinx extension: two editions of one book, English and French, and a switcher between them on every page.

The book has one source (English) and a French edition translated from gettext catalogs
(``locales/fr/LC_MESSAGES/``: one catalog per page for the prose, ``companion.po`` for
the strings made in Python, :mod:`analysis.i18n`). ``companion book --lang fr`` builds the
French edition with ``language: fr`` and publishes it under the English one, so that one
``_build/html`` folder holds both::

    _build/html/index.html, _build/html/book/…       English
    _build/html/fr/index.html, _build/html/fr/book/…  French

This extension:

* makes the strings made in Python follow the edition's language
  (:func:`analysis.i18n.activate` with Sphinx's ``language``), for the extensions of the
  book (student banner, data appendix…) as for the chapters' kernels (``COMPANION_LANG``);
* leaves out of an edition the blocks written for another one: a block with the class
  ``edition-en`` is shown in the English edition only (:func:`drop_other_editions`). The
  introduction's French summary (*En bref*) is one: it serves the French readers of the
  English edition, and in the French edition the key findings box above it says the same;
* puts a link to the same page in the other edition in the header of every page (the
  template ``_templates/companion-languages.html``, before the theme's header buttons),
  with ``<link rel="alternate" hreflang>`` in the page's head. Links are relative
  (``../fr/book/glossary.html`` from ``book/glossary.html`` of the English edition,
  ``../../book/glossary.html`` back), so they work from ``file://`` as from any static host.

Sphinx itself then writes ``<html lang="fr">`` and the theme's French strings, and
sphinx-exercise its French labels ("Exercice"). sphinx-exercise writes a solution's title
as its word for "Solution to" followed by a link to the exercise ("Solution de" + "Exercice
4.1"), which French cannot read; :class:`SolutionTitles` writes it again from the messages
:data:`SOLUTION_TITLE` and :data:`EXERCISE_IN_TITLE` of ``companion.po``: « Solution de
l’exercice 4.1 », the link on « exercice 4.1 ».
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx import locale as sphinx_locale
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain

from analysis import i18n
from analysis.i18n import N_, _

EDITIONS = {"en": "", "fr": "fr/"}
"""Where each edition is published, relative to the English edition's root (``_build/html``)."""
NAMES = {"en": "English", "fr": "Français"}
"""Each language as its readers write it (the switcher's text)."""
TITLES = {"en": "Read this page in English", "fr": "Lire cette page en français"}
"""The switcher's tooltip, in the language it leads to."""
LABELS = {"en": "Other languages", "fr": "Autres langues"}
"""The switcher's accessible name, in the page's language."""
TEMPLATE = "companion-languages.html"


def edition_of(language: str | None) -> str:
    """The edition a Sphinx ``language`` builds (``"fr"``, else English).

    Parameters
    ----------
    language : str or None

    Returns
    -------
    str
    """
    return i18n.normalise(language)


def other_url(pagename: str, current: str, target: str) -> str:
    """The relative address of ``pagename`` in the ``target`` edition, from the same page in ``current``.

    Parameters
    ----------
    pagename : str
        Sphinx's page name (``"book/glossary"``, ``"index"``).
    current, target : str
        Languages of :data:`EDITIONS`.

    Returns
    -------
    str
        E.g. ``"../fr/book/glossary.html"`` (English → French) or ``"../../book/glossary.html"``
        (French → English).
    """
    up = "../" * pagename.count("/")
    to_english_root = "../" * EDITIONS[current].count("/")
    return f"{up}{to_english_root}{EDITIONS[target]}{pagename}.html"


def page_catalog(app, docname: str):
    """The gettext catalog of a page in the edition's language (as Sphinx's own ``Locale`` transform reads it).

    Parameters
    ----------
    app : sphinx.application.Sphinx
    docname : str

    Returns
    -------
    gettext.NullTranslations
    """
    config = app.config
    domain = docname_to_domain(docname, config.gettext_compact)
    folders = [str(Path(app.srcdir) / folder) for folder in config.locale_dirs]
    catalog, _found = sphinx_locale.init(folders, config.language, domain)
    return catalog


def translate_toctree_captions(app, doctree) -> None:
    """Translate the captions of the parts of the table of contents (``_toc.yml``).

    sphinx-external-toc inserts the toctrees of ``_toc.yml`` into the root page after
    Sphinx's ``Locale`` transform has translated that page, so their captions (which
    ``companion translate update`` does extract into the root page's catalog) are
    translated here.
    """
    if edition_of(app.config.language) == i18n.SOURCE_LANGUAGE:
        return
    trees = [node for node in doctree.findall(addnodes.toctree) if node.get("caption")]
    if not trees:
        return
    catalog = page_catalog(app, app.env.docname)
    for node in trees:
        translated = catalog.gettext(node["caption"])
        if translated and translated != node["caption"]:
            node["caption"] = translated


SOLUTION_TITLE = N_("Solution to {exercise}")
"""A solution's title in a translated edition; ``{exercise}`` is the link to the exercise (:data:`EXERCISE_IN_TITLE`)."""
# Translators: the exercise a solution's title links to, inside that title (French: lower case, « exercice 4.1 »).
EXERCISE_IN_TITLE = N_("Exercise {number}")
"""The exercise named in a solution's title (the text of the link)."""


def solution_title(number: str) -> tuple[str, str, str]:
    """A solution's title in the active language, in three parts: before the link, the link's text, after it.

    Parameters
    ----------
    number : str
        The exercise's number (``"4.1"``).

    Returns
    -------
    (str, str, str)
        E.g. ``("Solution de l’", "exercice 4.1", "")`` in French.
    """
    before, _placeholder, after = _(SOLUTION_TITLE).partition("{exercise}")
    return before, _(EXERCISE_IN_TITLE).format(number=number), after


class SolutionTitles(SphinxPostTransform):
    """Write the title of every solution of a translated edition from the catalog (:func:`solution_title`).

    Runs after sphinx-exercise has resolved the titles (its priority 21): the title is then
    its "Solution to" text followed by a link whose text is " Exercise 4.1" (in the
    edition's language). The number is the link text's last word; a title that does not
    have that shape (a solution of an unnumbered exercise) is left as it is.
    """

    default_priority = 25

    def run(self, **kwargs) -> None:
        if edition_of(self.config.language) == i18n.SOURCE_LANGUAGE:
            return
        from sphinx_exercise.nodes import solution_node

        for solution in self.document.findall(solution_node):
            title = solution.children[0] if solution.children else None
            if not isinstance(title, nodes.title) or len(title.children) != 2:
                continue
            label, link = title.children
            if not isinstance(label, nodes.Text) or not isinstance(link, nodes.reference) or not link.children:
                continue
            words = link.children[0].astext().split()
            if not isinstance(link.children[0], nodes.Text) or len(words) < 2 or not words[-1][0].isdigit():
                continue
            before, text, after = solution_title(words[-1])
            link[0] = nodes.Text(text)
            title[0] = nodes.Text(before)
            if after:
                title += nodes.Text(after)
            solution["title"] = title.astext()


class ExerciseReferences(SphinxPostTransform):
    """Write a reference to an exercise in running text as the edition's language does (« l’exercice 1.2 »).

    sphinx-exercise writes a reference to a numbered exercise (``{ref}`` or ``{numref}``
    without a text) with the exercises' number format, which is also their titles' («
    Exercice 1.2 »): French capitalises it in a title, not in a sentence (« voir l’exercice
    4.6 »). In a translated edition, every such reference outside a title is written again
    from :data:`EXERCISE_IN_TITLE` (« exercice 4.6 »), with a capital only where it begins a
    sentence.
    """

    default_priority = 26

    def run(self, **kwargs) -> None:
        if edition_of(self.config.language) == i18n.SOURCE_LANGUAGE:
            return
        prefix = (self.config.numfig_format or {}).get("exercise", "")
        if "%s" not in prefix:
            return
        head, _sep, tail = prefix.partition("%s")
        pattern = re.compile(re.escape(head) + r"(\d+(?:\.\d+)*)" + re.escape(tail))
        for reference in list(self.document.findall(nodes.reference)):
            if not reference.get("internal"):
                continue
            if any(isinstance(a, nodes.title | nodes.caption) for a in _ancestors(reference)):
                continue
            texts = list(reference.findall(nodes.Text))
            if len(texts) != 1:
                continue
            match = pattern.fullmatch(texts[0].astext())
            if not match:
                continue
            words = _(EXERCISE_IN_TITLE).format(number=match.group(1))
            if _starts_sentence(reference):
                words = words[:1].upper() + words[1:]
            texts[0].parent.replace(texts[0], nodes.Text(words))


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _starts_sentence(node) -> bool:
    """True when ``node`` opens its paragraph or follows the end of a sentence."""
    parent = node.parent
    before = "".join(sibling.astext() for sibling in parent.children[: parent.index(node)])
    if not before.strip():
        return isinstance(parent, nodes.paragraph)
    return bool(re.search(r"[.!?…]\s*$", before)) or before.rstrip().endswith("\n")


EDITION_CLASS = "edition-"
"""A block with the class ``edition-xx`` is shown only in the edition of language ``xx``."""


def drop_other_editions(app, doctree) -> None:
    """Remove the blocks written for another edition (class ``edition-xx`` with ``xx`` not this edition's language)."""
    current = edition_of(app.config.language)
    for node in list(doctree.findall(nodes.Element)):
        editions = [c[len(EDITION_CLASS) :] for c in node.get("classes", []) if c.startswith(EDITION_CLASS)]
        if editions and current not in editions and node.parent is not None:
            node.parent.remove(node)


# Translators: the footer writes "By <author>", so the article is lower case.
AUTHOR = N_("the Klein companion contributors")
"""``author`` of ``_config.yml``, marked so that its French is in the catalog."""
# Translators: the book's title (``title`` of _config.yml), in every page's <title> and sidebar.
TITLE = N_("Connection, not proximity")
"""``title`` of ``_config.yml`` (Sphinx's ``html_title``), marked so that each edition has its own title."""
DATE_FORMATS = {"fr": "%-d %b %Y"}
"""The footer's date (Sphinx's ``html_last_updated_fmt``) in each translated edition's order: « 29 nov. 2026 »
(Sphinx's default, ``%b %d, %Y``, which the English edition keeps, writes « nov. 29, 2026 » in French). The
date itself is Sphinx's, as in the English edition; only its order and words change (Babel)."""
# Translators: the placeholder and accessible name of the search box (the theme's "Search this book...").
SEARCH = N_("Search this book...")
THEME_WORDS = {
    "toggle_primary": N_("Toggle primary sidebar"),
    "toggle_secondary": N_("Toggle secondary sidebar"),
    # Translators: the accessible name of the sidebar's navigation (the book's table of contents).
    "main_navigation": N_("Main"),
    "toggle_hidden": N_("Toggle hidden content"),
}
"""The theme's accessible names that its templates and scripts write in English: the buttons that
open the sidebars, the sidebar's navigation (``_templates/toggle-*-sidebar.html`` and
``_templates/sbt-sidebar-nav.html``, the theme's templates with these names), the fold-out of a
hidden code cell (myst-nb, :func:`visit_hidden_cell`) and the button of a solution's fold-out
(sphinx-togglebutton's script, :func:`toggle_button_label`)."""


def config_inited(app, config) -> None:
    language = edition_of(config.language)
    i18n.activate(language)
    if language != i18n.SOURCE_LANGUAGE:
        # myst-nb's toggle of a hidden code cell ("Show code cell source").
        config.nb_code_prompt_show = _("Show code cell source")
        config.nb_code_prompt_hide = _("Hide code cell source")
        # the theme's footer ("By …") and the pages' author metadata
        config.author = _(config.author)
        # the book's title (every page's <title> and the sidebar), from _config.yml's title
        if config.html_title == TITLE:
            config.html_title = _(TITLE)
        if config.project == TITLE:
            config.project = _(TITLE)
        # the footer's « Mis à jour le … »: the date in the language's order (Sphinx's own
        # default, "%b %d, %Y", writes « nov. 29, 2026 »)
        if config.html_last_updated_fmt == "" and language in DATE_FORMATS:
            config.html_last_updated_fmt = DATE_FORMATS[language]
        toggle_button_label(app)
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [end] if isinstance(end, str) else list(end)
    if TEMPLATE not in end:
        options["article_header_end"] = [TEMPLATE, *end]
    if language != i18n.SOURCE_LANGUAGE:
        options["search_bar_text"] = _(SEARCH)
    config.html_theme_options = options


def visit_hidden_cell(self, node) -> None:
    """myst-nb's fold-out of a hidden code cell, its accessible name in the page's language.

    myst-nb writes ``<summary aria-label="Toggle hidden content">`` in every edition; this is
    its HTML visitor with the name from :data:`THEME_WORDS`.
    """
    from html import escape

    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append(f'<summary aria-label="{escape(_(THEME_WORDS["toggle_hidden"]))}">\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self, node) -> None:
    self.body.append("</details>\n")


def toggle_button_label(app) -> None:
    """Give the buttons sphinx-togglebutton adds to the solutions' fold-outs an accessible name in the edition's language.

    Its script writes ``aria-label="Toggle hidden content"`` into each button when the page
    loads (in a ``DOMContentLoaded`` handler); in a translated edition a script that runs once
    the page has loaded writes the name from :data:`THEME_WORDS` instead.
    """
    if edition_of(app.config.language) == i18n.SOURCE_LANGUAGE:
        return
    label = json.dumps(_(THEME_WORDS["toggle_hidden"]), ensure_ascii=True)
    app.add_js_file(
        None,
        body=(
            # On "load": sphinx-togglebutton adds its buttons in its own DOMContentLoaded handler.
            'window.addEventListener("load", () => document.querySelectorAll('
            f'"button.toggle-button[aria-label]").forEach((b) => b.setAttribute("aria-label", {label})));'
        ),
    )


def html_page_context(app, pagename, templatename, context, doctree) -> None:
    current = edition_of(app.config.language)
    editions = []
    for code in EDITIONS:
        if code == current:
            continue
        url = other_url(pagename, current, code)
        editions.append({"code": code, "name": NAMES[code], "title": TITLES[code], "url": url})
        context["metatags"] = context.get("metatags", "") + f'\n<link rel="alternate" hreflang="{code}" href="{url}" />'
    context["companion_languages"] = editions
    context["companion_languages_label"] = LABELS[current]
    context["companion_words"] = {key: _(message) for key, message in THEME_WORDS.items()}


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    app.connect("config-inited", config_inited, priority=400)
    app.connect("html-page-context", html_page_context)
    app.connect("doctree-read", translate_toctree_captions)
    app.connect("doctree-read", drop_other_editions)
    app.add_post_transform(SolutionTitles)
    app.add_post_transform(ExerciseReferences)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
