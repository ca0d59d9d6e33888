"""``python -m textmend`` runs the command-line tool."""

from .cli import main

if __name__ == "__main__":  # worker processes started by spawn import this module too
    raise SystemExit(main())
