"""``textmend detect``: each file's encoding and the detector's confidence."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from . import output as out
from . import run
from .options import JobsOpt, PathsArg


def detect(
    paths: PathsArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list, one object per file.")] = False,
    jobs: JobsOpt = None,
) -> int:
    """Print each file's encoding and the detector's confidence.

    \b
    Examples:
      textmend detect legacy/*.txt
      textmend detect --json data/ > encodings.json
    """
    from ..report.text import describe_detection
    from ..runner import default_jobs, detect_target, process

    outcome = out.Outcome()
    results = []
    for res in process(
        run.targets(paths, run.scope(isolated=True, paths=paths)), detect_target, jobs or default_jobs()
    ):
        if res.problem is not None:
            outcome.problem(res.problem)
        d = res.detection
        if d is None:
            continue
        if as_json:
            results.append({"path": res.target.display, **d.to_dict()})
        else:
            typer.echo(f"{res.target.display}: {describe_detection(d)}")
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    return outcome.code
