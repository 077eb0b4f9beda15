"""Bidi controls in page text, made harmless to the text around it.

An embedding, override or isolate control (U+202A–U+202E, U+2066–U+2068) applies until its closing
control or the end of the paragraph. Left open in a headline, U+202E (RIGHT-TO-LEFT OVERRIDE) would
reverse whatever the page shows after it in the same line: the author, the date, the next link.
Characters cannot be escaped away in HTML (``&#x202E;`` is the same character), so every piece of
page text is closed instead: ``balanced`` appends the closing controls a string leaves out. Each
string then acts only on itself, wherever it is put. Nothing is removed: a stray closing control
has nothing of ours to close (no template opens an embedding) and stays as it is.
"""

from __future__ import annotations

import re

PDF = "\u202c"  # POP DIRECTIONAL FORMATTING: closes an embedding or override
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: closes an isolate and any embedding opened inside it
EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO
ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI
CONTROLS = EMBEDDINGS + ISOLATES + PDF + PDI
_OPENERS = re.compile(f"[{EMBEDDINGS}{ISOLATES}]")


def balanced(text: str) -> str:
    """``text`` followed by the controls that close what it opens (UAX #9 rules X1–X8), if any."""
    if not _OPENERS.search(text):  # nearly every string: no work, no copy
        return text
    stack: list[str] = []  # the closing control each open embedding or isolate waits for
    for char in text:
        if char in EMBEDDINGS:
            stack.append(PDF)
        elif char in ISOLATES:
            stack.append(PDI)
        elif char == PDF:
            if stack and stack[-1] == PDF:  # inside an isolate a PDF closes nothing (X7)
                stack.pop()
        elif char == PDI and PDI in stack:  # closes its isolate and the embeddings opened within (X6a)
            while stack.pop() != PDI:
                pass
    return text + "".join(reversed(stack))


def is_balanced(text: str) -> bool:
    """Whether everything ``text`` opens, it closes."""
    return balanced(text) == text
