"""Shared test helpers and the layers of the suite.

Folders and markers:

* ``tests/unit``  functions of the package on hand-made and committed tables (fast);
* ``tests/data``  readers, bad input, the committed data, reproduction from the raw mirror;
* ``tests/book``  the built book: notebooks (nbval), pages, browser, student edition,
  handout, rerun. Marked ``book`` (and ``browser`` for the Chromium tests).

``pytest -m "not book"`` is the fast loop (no book build); CI runs everything. Tests that
need the raw mirror are marked ``raw``: outside CI they skip when it is missing, under
``CI=true`` they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.data import paths

REPO = paths.REPO


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(Path(__file__).parent).parts
        if parts[0] == "book":
            item.add_marker(pytest.mark.book)
            if parts[-1] == "test_browser.py":
                item.add_marker(pytest.mark.browser)


def raw_mirror() -> Path:
    """The raw mirror for tests that need the official files.

    Outside CI a missing mirror skips those tests (with the reason); under ``CI=true``
    a missing mirror is a failure, so CI can never pass without running them.
    """
    raw = paths.raw_dir()
    if not raw.is_absolute():
        raw = (Path.cwd() / raw).resolve()
    has_mirror = raw.is_dir() and any(raw.rglob("2016IR_DATABASE.csv"))
    if not has_mirror:
        message = f"raw mirror not found at {raw} (set COMPANION_RAW)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — CI must run the reproduction tests")
        pytest.skip(message)
    return raw


@pytest.fixture
def raw() -> Path:
    return raw_mirror()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The whole book built once per test session (every chapter executed), in a temporary folder."""
    from analysis.book.build import build_book

    out = tmp_path_factory.mktemp("book")
    assert build_book(out=str(out)) == 0
    return out


@pytest.fixture(scope="session")
def student_book(tmp_path_factory) -> Path:
    """The student edition built once per test session."""
    from analysis.book.build import build_book

    out = tmp_path_factory.mktemp("student")
    assert build_book(out=str(out), student=True) == 0
    return out


@pytest.fixture(scope="session")
def french_book(tmp_path_factory) -> Path:
    """The French edition built once per test session (``companion book --lang fr``); its HTML is in
    ``<folder>/_build/html/fr``."""
    from analysis.book.build import build_book

    out = tmp_path_factory.mktemp("french")
    assert build_book(out=str(out), language="fr") == 0
    return out
