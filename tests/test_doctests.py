"""Every example written in a module's docstrings runs, and gives what it says.

The examples are the shortest documentation of a function (``>>> quiet.search(...)``); a stale
one misleads more than none. Each module of the package is imported and its examples run with
`doctest` (the test extra installs what the examples use, pandas included); a module that
cannot be imported here is skipped with its reason, never passed silently.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import textmend

SRC = Path(textmend.__file__).resolve().parent


def _modules_with_examples() -> list[str]:
    """The dotted names of the package's modules whose source holds a ``>>>`` example."""
    names = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="textmend."):
        path = SRC.joinpath(*info.name.split(".")[1:])
        source = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
        if ">>> " in source.read_text(encoding="utf-8"):
            names.append(info.name)
    return sorted(names + (["textmend"] if ">>> " in (SRC / "__init__.py").read_text("utf-8") else []))


MODULES = _modules_with_examples()


def test_modules_with_examples_are_found() -> None:
    # the walk itself must work, or every parametrized case below would vanish unseen
    assert {"textmend.text.screen", "textmend.io.glob", "textmend.zh.convert"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ImportError as e:  # an optional dependency of that module
        pytest.skip(f"{name} needs {e.name}")
    examples = [ex for t in doctest.DocTestFinder().find(module) for ex in t.examples]
    assert examples, f"{name}: its examples were not collected"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
