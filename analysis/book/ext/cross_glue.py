"""Sphinx extension: a page that cites results glued in another page is rebuilt when that page is.

myst-nb lets a Markdown page cite a value glued in a notebook
(``{glue:text}`chapters/07-conclusion.ipynb::ch7.name:.2f```); the value is read from the
notebook's executed glue when the citing page is written. Sphinx does not know that the
citing page depends on the notebook, so after a chapter is executed again (new data, a
changed analysis) an incremental build would keep the old number in the introduction.
This extension records, for every page, the documents its glue references point to, and
marks the page for reading again whenever one of them is read again.
"""

from __future__ import annotations

from myst_nb.ext.glue.utils import PendingGlueReference

KEY = "companion_cross_glue"
"""Attribute of the build environment: page -> documents whose glued values it cites."""


def _store(env) -> dict[str, set[str]]:
    if not hasattr(env, KEY):
        setattr(env, KEY, {})
    return getattr(env, KEY)


def cited_documents(doctree) -> set[str]:
    """The documents whose glued values a page cites.

    Parameters
    ----------
    doctree : docutils.nodes.document
        The page as read (its pending glue references not yet resolved).

    Returns
    -------
    set of str
        Document names (e.g. ``book/chapters/07-conclusion``).
    """
    return {node["refdoc"] for node in doctree.findall(PendingGlueReference) if node.get("refdoc")}


def doctree_read(app, doctree) -> None:
    cited = cited_documents(doctree)
    store = _store(app.env)
    if cited:
        store[app.env.docname] = cited
    else:
        store.pop(app.env.docname, None)


def pages_to_read_again(store: dict[str, set[str]], touched: set[str]) -> list[str]:
    """The pages that cite a glued value of a document read again in this build.

    Parameters
    ----------
    store : dict of str -> set of str
        Page -> documents it cites (:func:`cited_documents`).
    touched : set of str
        The documents added or changed in this build.

    Returns
    -------
    list of str
        Pages not already in ``touched``, sorted.
    """
    return sorted(page for page, cited in store.items() if cited & touched and page not in touched)


def env_get_outdated(app, env, added, changed, removed) -> list[str]:
    return pages_to_read_again(_store(env), set(added) | set(changed))


def env_purge_doc(app, env, docname) -> None:
    _store(env).pop(docname, None)


def env_merge_info(app, env, docnames, other) -> None:
    _store(env).update({name: cited for name, cited in _store(other).items() if name in docnames})


def setup(app):
    app.connect("doctree-read", doctree_read)
    app.connect("env-get-outdated", env_get_outdated)
    app.connect("env-purge-doc", env_purge_doc)
    app.connect("env-merge-info", env_merge_info)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
