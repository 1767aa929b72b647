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


EDITION_CLASS = "edition-"
"""A block with the class ``edition-xx`` is shown only in the edition of language ``xx``."""


def drop_other_editions(app, doctree) -> None:
    """Remove the blocks written for another edition (class ``edition-xx`` with ``xx`` not this edition's language)."""
    current = edition_of(app.config.language)
    for node in list(doctree.findall(nodes.Element)):
        editions = [c[len(EDITION_CLASS) :] for c in node.get("classes", []) if c.startswith(EDITION_CLASS)]
        if editions and current not in editions and node.parent is not None:
            node.parent.remove(node)


AUTHOR = N_("The Klein companion contributors")
"""``author`` of ``_config.yml``, marked so that its French is in the catalog."""


def config_inited(app, config) -> None:
    language = edition_of(config.language)
    i18n.activate(language)
    if language != i18n.SOURCE_LANGUAGE:
        # myst-nb's toggle of a hidden code cell ("Show code cell source").
        config.nb_code_prompt_show = _("Show code cell source")
        config.nb_code_prompt_hide = _("Hide code cell source")
        # the theme's footer ("By …") and the pages' author metadata
        config.author = _(config.author)
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [end] if isinstance(end, str) else list(end)
    if TEMPLATE not in end:
        options["article_header_end"] = [TEMPLATE, *end]
    config.html_theme_options = options


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


def setup(app):
    app.connect("config-inited", config_inited, priority=400)
    app.connect("html-page-context", html_page_context)
    app.connect("doctree-read", translate_toctree_captions)
    app.connect("doctree-read", drop_other_editions)
    app.add_post_transform(SolutionTitles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
