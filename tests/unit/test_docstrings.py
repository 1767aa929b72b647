"""Docstrings a researcher can cite from (issue 10, item 3).

Every public function of the modules in scope has a NumPy-style docstring, with

* a ``Parameters`` section when it takes parameters (other than ``self``/``cls``);
* a ``Returns`` (or ``Yields``) section when its own body has ``return <value>`` (or a
  ``yield``), nested functions and classes not counted;
* a ``Raises`` section when its own body has a ``raise`` statement (nested functions and
  bare re-raises not counted).

"Public" means a module-level ``def`` whose name does not start with ``_``, and the public
methods of public classes. In ``analysis.data.pipeline`` only the entry points are in scope:
the ``read_*`` readers and ``build``. The Sphinx extensions (``analysis.book.ext``) and
``cli.py`` are out of scope. The check is static (``ast``); it does not import the modules.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"

FULL_MODULES = [
    "stats.py",
    "analyses/**/*.py",
    "data/load.py",
    "data/check.py",
    "data/datapackage.py",
    "data/tableschema.py",
    "figures/captions.py",
    "figures/charts/*.py",
    "figures/maps/*.py",
    "book/results.py",
    "book/build.py",
    "book/rerun.py",
    "book/handout.py",
]
"""Modules (globs under ``analysis/``) whose every public function is in scope."""
ENTRY_POINT_MODULES = "data/pipeline/*.py"
"""Modules where only the entry points (:func:`is_entry_point`) are in scope."""


def is_entry_point(name: str) -> bool:
    """Whether a pipeline function is one of the entry points in scope (``read_*``, ``build``)."""
    return name.startswith("read_") or name == "build"


def in_scope() -> dict[Path, bool]:
    """Path of each module in scope → whether all its public functions count (else entry points only)."""
    modules: dict[Path, bool] = {}
    for pattern in FULL_MODULES:
        modules.update({p: True for p in PACKAGE.glob(pattern) if p.name != "__init__.py"})
    modules.update({p: False for p in PACKAGE.glob(ENTRY_POINT_MODULES) if p.name != "__init__.py"})
    return dict(sorted(modules.items()))


@dataclass(frozen=True)
class Problem:
    """One missing docstring or section, located by file and line."""

    where: str
    line: int
    function: str
    missing: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line} {self.function}: {self.missing}"


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef):
    """Nodes of ``function``'s body, not descending into nested functions, lambdas or classes."""
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    stack = [node for node in function.body if not isinstance(node, nested)]
    while stack:
        node = stack.pop()
        yield node
        stack += [child for child in ast.iter_child_nodes(node) if not isinstance(child, nested)]


def _has_section(doc: str, *names: str) -> bool:
    """Whether ``doc`` has a NumPy section headed by one of ``names`` (the name, then a dashed line)."""
    pattern = rf"^[ \t]*(?:{'|'.join(names)})[ \t]*\n[ \t]*-{{3,}}[ \t]*$"
    return re.search(pattern, doc, flags=re.MULTILINE) is not None


def _takes_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, *, method: bool) -> bool:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    if method and positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    return bool(positional or args.kwonlyargs or args.vararg or args.kwarg)


def _returns_value(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        for node in _own_nodes(function)
    )


def _yields(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(node, ast.Yield | ast.YieldFrom) for node in _own_nodes(function))


def _raises(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(node, ast.Raise) and node.exc is not None for node in _own_nodes(function))


def public_functions(tree: ast.Module, only=None):
    """(qualified name, node, is a method) for the public functions and public methods of public classes."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            if only is None or only(node.name):
                yield node.name, node, False
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_") and only is None:
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not item.name.startswith("_"):
                    yield f"{node.name}.{item.name}", item, True


def problems_in(source: str, where: str = "<string>", only=None) -> list[Problem]:
    """Every missing docstring or section among the public functions of ``source``.

    Parameters
    ----------
    source : str
        Python source of one module.
    where : str, default ``"<string>"``
        The file name to report.
    only : callable (str → bool), optional
        When given, only module-level functions whose name it accepts are checked (and no
        methods).

    Returns
    -------
    list of Problem
        One per missing item, in source order.
    """
    found = []
    for name, node, method in public_functions(ast.parse(source), only):
        doc = ast.get_docstring(node)

        def miss(what: str, node=node, name=name) -> None:
            found.append(Problem(where, node.lineno, name, what))

        if not doc:
            miss("no docstring")
            continue
        if _takes_parameters(node, method=method) and not _has_section(doc, "Parameters"):
            miss("no Parameters section")
        if _yields(node):
            if not _has_section(doc, "Yields"):
                miss("no Yields section")
        elif _returns_value(node) and not _has_section(doc, "Returns"):
            miss("no Returns section")
        if _raises(node) and not _has_section(doc, "Raises"):
            miss("no Raises section")
    return sorted(found, key=lambda p: p.line)


def test_the_modules_in_scope_exist():
    modules = in_scope()
    names = {p.relative_to(PACKAGE).as_posix() for p in modules}
    assert {"stats.py", "analyses/case/demography.py", "data/pipeline/build.py", "book/handout.py"} <= names
    assert not any(name.startswith(("book/ext/", "cli")) for name in names)


def test_every_public_function_has_a_numpy_docstring():
    problems = []
    for path, everything in in_scope().items():
        where = path.relative_to(PACKAGE.parent).as_posix()
        problems += problems_in(path.read_text(encoding="utf-8"), where, None if everything else is_entry_point)
    assert not problems, f"{len(problems)} docstring problems:\n" + "\n".join(map(str, problems))


# --- the check itself catches what it should ------------------------------------------------

GOOD = '''
def share(frame, column: str) -> float:
    """Share of the rows where ``column`` is true.

    Parameters
    ----------
    frame : pandas.DataFrame
    column : str

    Returns
    -------
    float

    Raises
    ------
    KeyError
        When ``column`` is missing.
    """
    if column not in frame:
        raise KeyError(column)
    return frame[column].mean()
'''


def _strip_section(source: str, name: str) -> str:
    """``source`` without the docstring section headed ``name`` (up to the next blank line)."""
    return re.sub(rf"\n    {name}\n    -+\n(?:    (?!\"\"\").+\n)+", "\n", source)


def test_a_complete_docstring_passes():
    assert problems_in(GOOD) == []


def test_a_missing_parameters_section_is_caught():
    source = _strip_section(GOOD, "Parameters")
    assert "Parameters" not in source
    assert [str(p) for p in problems_in(source, "m.py")] == ["m.py:2 share: no Parameters section"]


@pytest.mark.parametrize("section", ["Returns", "Raises"])
def test_a_missing_returns_or_raises_section_is_caught(section):
    problems = problems_in(_strip_section(GOOD, section))
    assert [p.missing for p in problems] == [f"no {section} section"]


def test_a_missing_docstring_and_private_names_and_methods():
    source = textwrap.dedent(
        '''
        def _private(x):
            return x

        def bare(x):
            return x

        class Table:
            def rows(self):
                """Rows, without parameters or a return value."""

            def column(self, name):
                """No sections."""
                return name

        class _Hidden:
            def public(self, x):
                return x
        '''
    )
    assert [(p.function, p.missing) for p in problems_in(source)] == [
        ("bare", "no docstring"),
        ("Table.column", "no Parameters section"),
        ("Table.column", "no Returns section"),
    ]


def test_nested_functions_bare_reraises_and_none_returns_do_not_count():
    source = textwrap.dedent(
        '''
        def outer():
            """Nothing to declare."""

            def inner(x):
                if x:
                    raise ValueError(x)
                return x

            try:
                inner(1)
            except ValueError:
                raise
            return None
        '''
    )
    assert problems_in(source) == []


def test_generators_need_yields():
    source = 'def rows():\n    """Each row."""\n    yield 1\n'
    assert [p.missing for p in problems_in(source)] == ["no Yields section"]


def test_the_entry_point_filter():
    source = "def read_thing(path):\n    return path\n\ndef helper(x):\n    return x\n"
    assert [p.function for p in problems_in(source, only=is_entry_point)] == ["read_thing"]
