"""Which files git (and ripgrep-style tools) would leave out: ``.gitignore``, ``.ignore`` and
``.git/info/exclude``, matched the way git matches them (pathspec's `GitIgnoreSpec`).

As ruff does, a folder walk leaves out what these files ignore (``--no-respect-gitignore``
turns it off); a file named on the command line is processed anyway, unless
``--force-exclude`` is given (pre-commit names staged files one by one, and a hook should
not repair what the project ignores).

The rules of each ignore file apply to the paths below its folder, relative to it; a deeper
file's rules win over a shallower one's, and within a file the last matching pattern wins
(``!keep.log`` re-includes). The search goes up to the root of the git work tree (the
nearest folder with a ``.git``); outside a git work tree, up to the folder the walk started
from, so that a stray ``.gitignore`` in a home folder does not hide a project's files.
"""

from __future__ import annotations

from pathlib import Path

#: The per-folder ignore files, shallow to deep precedence within one folder: ``.ignore`` wins.
FILES: tuple[str, ...] = (".gitignore", ".ignore")


def _spec(lines: list[str]) -> object | None:
    import pathspec  # only when there is an ignore file to read

    lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return []


class Ignores:
    """The ignore rules met on the way to each path, each file read once per run.

    `top` is where the search stops outside a git work tree (the folders given on the command
    line, or the working folder).
    """

    def __init__(self, tops: list[Path] | None = None) -> None:
        self.tops = [t.resolve() for t in (tops or [Path.cwd()])]
        self._folder_specs: dict[Path, list[object]] = {}
        self._roots: dict[Path, Path | None] = {}

    def _git_root(self, folder: Path) -> Path | None:
        if folder in self._roots:
            return self._roots[folder]
        root: Path | None = None
        for d in (folder, *folder.parents):
            if (d / ".git").exists():
                root = d
                break
        self._roots[folder] = root
        return root

    def _specs(self, folder: Path, git_root: Path | None) -> list[object]:
        """The specs of the ignore files in `folder` (and git's exclude file at the root)."""
        if folder not in self._folder_specs:
            specs: list[object] = []
            if git_root is not None and folder == git_root:
                spec = _spec(_read_lines(folder / ".git" / "info" / "exclude"))
                if spec is not None:
                    specs.append(spec)
            for name in FILES:
                spec = _spec(_read_lines(folder / name))
                if spec is not None:
                    specs.append(spec)
            self._folder_specs[folder] = specs
        return self._folder_specs[folder]

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        """Whether the ignore files above `path` leave it out."""
        path = path.absolute()
        folder = path.parent
        git = root = self._git_root(folder.resolve())
        if root is None:
            root = next((t for t in self.tops if _under(folder.resolve(), t)), None)
            if root is None:
                return False
        real = path.parent.resolve() / path.name
        folders = [root]
        rel_parts = real.relative_to(root).parts if _under(real, root) else ()
        for part in rel_parts[:-1]:
            folders.append(folders[-1] / part)
        verdict: bool | None = None
        for f in folders:
            for spec in self._specs(f, git):
                rel = real.relative_to(f).as_posix() + ("/" if is_dir else "")
                result = spec.check_file(rel).include  # type: ignore[attr-defined]
                if result is not None:
                    verdict = result
        return bool(verdict)


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
