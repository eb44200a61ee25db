"""Text as people paste it: accents typed as combining marks composed, the
invisible characters that print as boxes removed, and right-to-left
scripts (which no renderer here orders and joins) refused."""
from __future__ import annotations

import re
import unicodedata

# Characters that print nothing and mean nothing in the languages we set, as
# pasted text carries them: zero-width space, non-joiner and joiner, the
# direction marks and embeddings, word joiner and invisible operators, the
# byte-order mark (zero-width no-break space), the Arabic letter mark and the
# Mongolian vowel separator. Left in, a font draws each as a missing-glyph box.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        "\ufeff\u061c\u180e]")


def as_typed(text: str) -> str:
    """``text`` as people mean it whatever they pasted it from: composed
    (NFC: an "e" followed by a combining acute accent, as macOS often pastes
    it, becomes one "é", which every font draws in place), and without the
    invisible characters of ``_INVISIBLE``."""
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def left_to_right(text: str) -> str:
    """``text``, or ``ValueError`` if it holds letters of a script written
    right to left (Arabic, Hebrew, ...): no renderer here shapes and orders
    them yet, so they would print backwards and unjoined."""
    if text.isascii():
        return text
    for ch in text:
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            script = unicodedata.name(ch, "right-to-left").split()[0].title()
            raise ValueError(f"'{ch}' (U+{ord(ch):04X}) is {script} script, written right to "
                             "left; handouts cannot yet print right-to-left text (it would "
                             "come out backwards and unjoined)")
    return text
