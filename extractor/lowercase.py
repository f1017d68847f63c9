"""Lowercasing that keeps offsets, so a case-sensitive search of the lowered text can stand in
for a case-insensitive search of the original.

Python's regex engine can skip quickly to the possible first characters of a case-sensitive
pattern, but tries a case-insensitive one (or one that opens with a lookbehind) at every
position; on the patterns of month names and rule words that is a several-fold difference.
"""

from __future__ import annotations


def lower_aligned(text: str) -> str:
    """``text`` in lower case, each character at its original offset.

    A few characters lowercase to two (``"İ".lower()`` is ``"i̇"``); they are kept as they are,
    so offsets found in the result point at the same characters of ``text``.
    """
    # str.lower(text), not text.lower(): compiled by mypyc (< Python 3.13), the method form
    # maps each character alone and misses the final sigma ("ΣΑΣ" -> "σασ", not "σας").
    lowered = str.lower(text)
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
