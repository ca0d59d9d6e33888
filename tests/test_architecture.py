"""The layout rules of docs/architecture.md, checked on the source: no import cycle between
modules, no module that imports another module's private name, and a report layer that knows
nothing of how files are read or streamed.

Imports are read with `ast` (nothing is executed). An import inside a function or under
``if TYPE_CHECKING:`` is lazy and does not make a cycle at import time; it still may not name
another module's private object.
"""

from __future__ import annotations

import ast
from pathlib import Path

import textmend

SRC = Path(textmend.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(path: Path) -> tuple[set[str], list[tuple[str, str, bool]]]:
    """The textmend modules `path` imports at import time, and every ``from M import name``
    it holds as (M, name, at import time)."""
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    eager: set[str] = set()
    names: list[tuple[str, str, bool]] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                inner = True
            if isinstance(child, ast.ImportFrom):
                target = _resolve(module, path.name == "__init__.py", child)
                for alias in child.names:
                    names.append((target, alias.name, not inner))
                    if target.startswith("textmend") and not inner:
                        sub = f"{target}.{alias.name}"
                        eager.add(
                            sub
                            if (SRC.parent / sub.replace(".", "/")).exists()
                            or (SRC.parent / (sub.replace(".", "/") + ".py")).exists()
                            else target
                        )
            elif isinstance(child, ast.Import) and not inner:
                eager.update(a.name for a in child.names if a.name.startswith("textmend"))
            visit(child, inner)

    visit(tree, False)
    eager.discard(module)
    return eager, names


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_the_source_is_found() -> None:
    assert {"textmend.pipeline", "textmend.report.model", "textmend.io.stream"} <= set(MODULES)


def test_no_import_cycle_at_import_time() -> None:
    edges = {m: {t for t in eager if t in MODULES and t != m} for m, (eager, _) in GRAPH.items()}
    # a package imports its own submodules in its __init__; a submodule importing its package
    # back for a name is the common `from . import x` idiom, not a cycle of two concerns
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = 2

    for m in sorted(edges):
        if m not in state:
            walk(m, [m])
    assert cycles == []


def test_no_module_imports_a_private_name_of_another() -> None:
    private = [
        (m, f"{target}.{name}")
        for m, (_, names) in GRAPH.items()
        for target, name, _eager in names
        if target.startswith("textmend") and name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_report_layer_reads_no_files() -> None:
    report = {
        m: eager | {t for t, _n, _e in names}
        for m, (eager, names) in GRAPH.items()
        if m.startswith("textmend.report")
    }
    assert report
    for m, targets in report.items():
        assert not {t for t in targets if t.startswith(("textmend.io", "textmend.runner"))}, m
