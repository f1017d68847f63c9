"""Pages streamed by React: story sections sent late and hidden, then moved into place.

React's streaming server rendering sends a page's slow parts after the rest, each as a hidden
``<div hidden id="S:n">`` at the end of the body, and leaves a ``<template id="B:n">`` (a
suspense boundary) or ``<template id="P:n">`` (a segment of one) where it belongs; a script
(``$RC("B:n", "S:n")``, ``$RS("S:n", "P:n")``) swaps them in the reader's browser. Without the
script, the story's later sections look like hidden text at the foot of the page. Doing the
script's swap puts them back in the story, in order.
"""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborNode

#: The id prefixes of React's placeholders (boundaries, segments) and of the segments that
#: replace them; the two share the number after the prefix.
PLACEHOLDER_PREFIXES: Final = ("B:", "P:")
SEGMENT_PREFIX: Final = "S:"
_PREFIX_LENGTH: Final = 2
_SEGMENTS: Final = f'div[hidden][id^="{SEGMENT_PREFIX}"]'
_PLACEHOLDERS: Final = ", ".join(f'template[id^="{prefix}"]' for prefix in PLACEHOLDER_PREFIXES)
#: A segment may carry placeholders of its own; rounds of swaps are bounded all the same.
MAX_ROUNDS: Final = 8


def is_placeholder(node: LexborNode) -> bool:
    """Whether ``node`` (a ``<template>``) marks where a streamed segment belongs."""
    return (node.attributes.get("id") or "").startswith(PLACEHOLDER_PREFIXES)


def reveal_segments(root: LexborNode, placeholders: list[LexborNode]) -> None:
    """Move each hidden segment under ``root`` to its placeholder, in place; the placeholders
    (``<template id="B:n">`` or ``"P:n"`` elements, in page order) are removed."""
    if not placeholders:
        return
    segments = {node.attributes.get("id") or "": node for node in root.css(_SEGMENTS)}
    for _ in range(MAX_ROUNDS):
        # Last first: a placeholder inside a later segment is filled before that segment is
        # copied to its own place, so nested segments travel with it.
        for placeholder in reversed(placeholders):
            name = (placeholder.attributes.get("id") or "")[_PREFIX_LENGTH:]
            segment = segments.pop(SEGMENT_PREFIX + name, None)
            if segment is not None:
                # insert_before copies the segment: the copy is unwrapped into place and the
                # hidden original goes.
                placeholder.insert_before(segment)
                copy = placeholder.prev
                if copy is not None:
                    copy.unwrap()
                segment.remove()
            placeholder.remove()
        if not segments:
            return
        # Copied segments may hold placeholders of their own.
        placeholders = root.css(_PLACEHOLDERS)
        if not placeholders:
            return
