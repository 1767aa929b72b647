"""Sphinx extension: search ignores accents, so ``Montreal`` and ``Montréal`` find the same pages.

Sphinx's HTML search (which Jupyter Book uses) indexes stemmed words and looks up the
stemmed words of the query; an accent makes a different word, so a reader who types
``Montreal`` misses every page that writes ``Montréal``. This extension folds accents
on both sides:

* the index: the book's search language (English, or French in the French edition) with every word folded
  (:func:`fold`: ``Montréal`` → ``Montreal``, ``œuvre`` → ``oeuvre``) before it is
  stemmed, so ``searchindex.js`` holds ``montreal`` for both spellings;
* the query: the search page loads ``_static/companion-search.js``, which folds the
  query the same way before Sphinx parses it (the words of the query as typed are still
  highlighted), and lets the folded query match the titles and index entries that carry
  accents, showing them with their accents.

References
----------
Sphinx, ``sphinx.search.SearchLanguage`` and ``Sphinx.add_search_language``,
https://www.sphinx-doc.org/en/master/extdev/appapi.html#sphinx.application.Sphinx.add_search_language
Unicode Standard Annex #15, Unicode Normalization Forms (NFKD).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sphinx.search.en import SearchEnglish
from sphinx.search.fr import SearchFrench

SCRIPT = "companion-search.js"

LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}
"""Letters that compatibility decomposition leaves whole, and how a reader types them."""


def fold(text: str) -> str:
    """``text`` without accents: compatibility decomposition, combining marks dropped, ligatures spelled out.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        E.g. ``"Montréal"`` → ``"Montreal"``, ``"Lévis"`` → ``"Levis"``,
        ``"cœur"`` → ``"coeur"``; the same folding as the search page's script.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(LIGATURES.get(c, c) for c in plain)


class FoldedEnglish(SearchEnglish):
    """English search (Porter stemmer, English stop words) on accent-folded words."""

    def stem(self, word: str) -> str:
        """The Porter stem of the folded word, in lower case.

        Parameters
        ----------
        word : str

        Returns
        -------
        str
        """
        return super().stem(fold(word))


class FoldedFrench(SearchFrench):
    """French search (Snowball stemmer, French stop words) on accent-folded words, for the French edition."""

    def stem(self, word: str) -> str:
        """The Snowball stem of the folded word, in lower case.

        Parameters
        ----------
        word : str

        Returns
        -------
        str
        """
        return super().stem(fold(word).lower())


# The same folding as fold(), for the query typed on the search page, and the wiring into
# Sphinx's searchtools.js (Search._parseQuery, Search._performSearch, Search.setIndex).
JAVASCRIPT = r"""/* Accent-insensitive search (analysis.book.ext.search): the query is folded as the index is. */
(() => {
  "use strict";
  if (typeof Search === "undefined") return;
  const LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"};
  const fold = (text) =>
    text.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/[œŒæÆß]/g, (c) => LIGATURES[c]);
  const shown = new Map();  // folded title or index entry -> as written

  const addFolded = (table) => {
    if (!table) return;
    for (const [key, value] of Object.entries(table)) {
      const folded = fold(key);
      if (folded === key) continue;
      if (folded in table) table[folded] = table[folded].concat(value);
      else {
        table[folded] = value;
        shown.set(folded, key);
      }
    }
  };
  const prepare = (index) => {
    if (index && !index.companionFolded) {
      addFolded(index.alltitles);
      addFolded(index.indexentries);
      index.companionFolded = true;
    }
    return index;
  };
  const setIndex = Search.setIndex;
  Search.setIndex = (index) => setIndex(prepare(index));
  if (Search._index) prepare(Search._index);

  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parseQuery(fold(query));
    // Highlight the words as typed too (the pages show them with their accents).
    const typed = splitQuery(query.trim()).map((word) => word.toLowerCase());
    typed.forEach((word) => parsed[3].add(word));
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
      localStorage.setItem("sphinx_highlight_terms", [...parsed[3]].join(" "));
    }
    return parsed;
  };

  const restore = (title) => {
    if (typeof title !== "string") return title;
    for (const [folded, written] of shown) {
      if (title === folded) return written;
      if (title.endsWith(` > ${folded}`)) return title.slice(0, -folded.length) + written;
    }
    return title;
  };
  const performSearch = Search._performSearch;
  Search._performSearch = (...args) => {
    const seen = new Set();
    const results = performSearch(...args).map((result) => [result[0], restore(result[1]), ...result.slice(2)]);
    // A title found under both spellings is listed once (the higher score, later in the list, is kept).
    return results
      .reverse()
      .filter((result) => {
        const key = result.slice(0, 4).concat([result[5]]).map(String).join(",");
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .reverse();
  };
})();
"""


def page_context(app, pagename, templatename, context, doctree) -> None:
    if pagename == "search":
        app.add_js_file(SCRIPT, loading_method="defer")


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / SCRIPT).write_text(JAVASCRIPT, encoding="utf-8")


def setup(app):
    app.add_search_language(FoldedEnglish)
    app.add_search_language(FoldedFrench)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
