"""The decode is verified: a text is written only when it is a faithful reading of the bytes."""

from __future__ import annotations

import pytest

from textmend.decode import read
from textmend.decode.decoded import Decoded
from textmend.decode.verify import verify_decode

DATA = "Résumé envoyé à Zoë, l’équipe — 你好\n".encode()


def test_a_faithful_utf8_reading_passes() -> None:
    decoded = read(DATA)
    assert decoded.detection.encoding == "utf-8"
    assert verify_decode(DATA, decoded) is None


@pytest.mark.parametrize(
    "text",
    [
        "Resume envoye a Zoe, l'equipe — 你好\n",  # another text of another length
        "Résumé envoyé à Zoë, l’équipe — 你好",  # a character short
        "Résumé envoyé à Zoë, l’équipe — 你\udcff\n",  # a lone surrogate: no UTF-8 form
    ],
)
def test_a_text_that_is_not_the_bytes_reading_is_caught(text: str) -> None:
    good = read(DATA)
    wrong = Decoded(text, good.detection)
    assert verify_decode(DATA, wrong) is not None
    # the strict decoding the caller made vouches for itself only: another text is checked
    assert verify_decode(DATA, wrong, DATA.decode("utf-8")) is not None


def test_the_strict_decoding_of_the_whole_file_vouches_for_itself_only() -> None:
    strict = DATA.decode("utf-8")
    good = read(DATA)
    assert verify_decode(DATA, Decoded(strict, good.detection), strict) is None
    # an equal text that is not that object is checked as any other
    assert verify_decode(DATA, Decoded(DATA.decode("utf-8"), good.detection), strict) is None
    assert verify_decode(DATA, Decoded(strict[:-1] + "x", good.detection), strict) is not None
