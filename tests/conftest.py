"""Shared fixtures: the samples folder and a way to run the CLI in-process."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests derandomized, so that a run is repeatable and a submission is
# judged on the same examples every time; locally they explore (set HYPOTHESIS_PROFILE=ci
# to reproduce CI). Fuzzing beyond this is fuzz/fuzz_repair.py.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or os.environ.get("HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")

# The user cache of built screens (`textmend.cache`) goes to a folder of this session, for the
# CLI's subprocesses too: tests neither read nor leave files in the home folder.
os.environ.setdefault("TEXTMEND_CACHE_DIR", tempfile.mkdtemp(prefix="textmend-test-cache-"))

from textmend.cli import main  # noqa: E402 (after the hypothesis profile is chosen)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@dataclass
class Run:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]):
    """Run ``textmend ARGS`` in-process with `stdin` bytes; returns exit code, stdout, stderr."""

    def run(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsysbinary.readouterr()
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return Run(code, out, err.decode("utf-8", "replace"))

    return run
