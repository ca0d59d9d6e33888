"""Fuzz target: `textmend.repair_bytes` on any bytes returns a Repair or raises TextmendError.

Coverage-guided with atheris (libFuzzer for Python): it mutates inputs towards new branches
of textmend, ftfy, chardet and the codecs, far beyond what the normal suite's short
hypothesis runs reach. Every input checks the same properties as tests/test_properties.py:

- no exception other than `textmend.TextmendError` (any other is a crash: a bug);
- the repaired text has a UTF-8 form, and `Repair.data` is it;
- a decode called safe reproduces the input bytes (single-encoding, no byte-order mark);
- repairing the repaired text changes nothing (idempotence).

Two classes of idempotence failure were found and fixed (reproducers in ``fuzz/regressions/``,
each a test in tests/test_reliability.py): Chinese script conversion that was not a fixpoint
(薴 -> 苧 -> 苎 with ``--script hans``) and converted text read as CJK mojibake on a second pass.
An input that fails idempotence *only* with those codes (TM501/TM502/TM202) on the second pass
is written to ``known-<sha1>`` in the working folder and the run goes on, so a long run reports
every such input at the end; with ``TEXTMEND_FUZZ_STRICT=1`` it is a crash like any other failure.

The first byte of an input picks the options (script, a forced encoding or none), so the
option paths are fuzzed too. Run it (see README, "Reliability"):

    pip install -e '.[fuzz]'
    python fuzz/fuzz_repair.py -max_total_time=600 -max_len=4096 "$(mktemp -d)" fuzz/corpus

New inputs go to the first folder, `fuzz/corpus` only seeds. A crash leaves ``crash-<sha1>``
with the input; replay it with
``python fuzz/fuzz_repair.py crash-<sha1>``. Without atheris, ``python fuzz/fuzz_repair.py
FILE...`` runs the same checks on the given files (a corpus or a crash), so a crash can be
replayed anywhere.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

SCRIPTS = ("auto", "keep", "hans", "hant", "tw", "hk")
ENCODINGS = (
    None,
    None,
    None,
    None,
    "utf-8",
    "gb18030",
    "big5",
    "shift_jis",
    "cp1252",
    "utf-16",
    "euc_kr",
    "koi8_r",
)

#: Rule codes of the known idempotence failures (see the module docstring).
KNOWN_SECOND_PASS = frozenset({"TM501", "TM502", "TM202"})


def known_failure(data: bytes, codes: set[str]) -> bool:
    """Whether a second pass that made changes with `codes` is a known failure (then noted)."""
    if os.environ.get("TEXTMEND_FUZZ_STRICT") or not codes or not codes <= KNOWN_SECOND_PASS:
        return False
    Path(f"known-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
    return True


def check(data: bytes) -> None:
    """Run one input through the pipeline and assert the properties in the module docstring."""
    import textmend

    selector = data[0] if data else 0
    script = SCRIPTS[selector % len(SCRIPTS)]
    encoding = ENCODINGS[(selector // len(SCRIPTS)) % len(ENCODINGS)]
    body = data[1:]
    try:
        r = textmend.repair_bytes(body, script=script, encoding=encoding)
    except textmend.TextmendError:
        return
    out = r.data
    assert out.decode("utf-8") == r.text
    if r.safe and r.detection is not None and not r.detection.bom and not r.detection.mixed and r.encoding:
        if r.encoding in ("utf-16", "utf-32"):  # these write their mark in the machine's byte order
            assert r.original == body.decode(r.encoding), "a safe decode does not reproduce the input"
        else:
            assert r.original.encode(r.encoding) == body, "a safe decode does not reproduce the input"
    if r.safe and not r.changed:
        assert out == body, "nothing changed, yet the output differs from the input"
    if "\x00" not in r.text:
        again = textmend.repair_text(r.text, script=script)
        if again.text != r.text and not known_failure(data, {c.code for c in again.changes}):
            raise AssertionError("repairing the repaired text changed it again")


def main(argv: list[str]) -> None:
    """Fuzz with atheris when it is installed; otherwise replay the files named in `argv`."""
    try:
        import atheris
    except ImportError:
        paths = [Path(a) for a in argv[1:] if not a.startswith("-")]
        if not paths:
            sys.exit("atheris is not installed (pip install -e '.[fuzz]'); give files to replay them instead")
        for p in paths:
            for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
                if f.is_file():
                    check(f.read_bytes())
        print(f"replayed {len(paths)} path(s): no failure")
        return
    with atheris.instrument_imports():
        import textmend  # noqa: F401 - instrumented for coverage

    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
