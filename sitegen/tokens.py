"""The search tokenizer: one rule, written twice, here and in themes/default/static/search/tokens.js.

lunr's own tokenizer (split on whitespace and ``-``, lowercase) runs first; then the pipeline
function registered as ``sitegen-cjk`` turns each lunr token into zero or more tokens:

1. NFKC-normalise, then lowercase, then remove format characters (general category Cf: the
   zero-width space, the soft hyphen, the BOM, joiners, bidi controls), so that ``赤\u200b峰``
   and ``赤峰`` are one word, as a reader sees them.
2. Cut into runs. A *Han run* is a maximal run of Han characters (by code point range, see
   HAN_RANGES, whatever the character's category; so 〇 U+3007 and 々 U+3005 are letters, not
   Han). A *word run* is a letter or digit (general category L* or N*, not Han) followed by any
   number of letters, digits and combining marks (M*), not Han.
   Combining marks belong to the run they follow: inside a word run they are kept (Indic vowel
   signs, Mongolian free variation selectors, a combining accent NFKC could not compose); right
   after a Han character they are dropped and do not break the Han run (variation selectors on
   ideographs); anywhere else (at the start, after punctuation) they are dropped like everything
   else. All other characters (punctuation, symbols, spaces, emoji) separate runs and are dropped.
3. A Han run of one character is one token; a longer one becomes its overlapping bigrams
   (赤峰市 → 赤峰, 峰市). A word run is one token (chifeng, 2023, abc123).

That is what a query is cut into (``tokens``). What is indexed (``index_tokens``, the pipeline
function ``sitegen-cjk-index`` at build time) is that and, after a Han run's bigrams, each of its
characters alone (赤峰市 → 赤峰, 峰市, 赤, 峰, 市), as Lucene's CJK bigram filter does with
``outputUnigrams``: so a query of one character (a surname, 党, 峰) finds every document holding
it, wherever it stands in a word, and a query of two or more finds them by bigrams as before.

Everything works on code points (the JavaScript side uses ``Array.from`` and ``u`` regexes).
Categories, NFKC and case come from ``unicodedata`` here (Python 3.11: Unicode 14) and from the
JavaScript engine there (node 20 and current browsers: a later Unicode). Every character assigned in
Unicode 14 tokenizes the same on both sides; characters assigned later (CJK Extension H at U+31350,
outside HAN_RANGES, for one) are separators here but may be letters in a browser.
tests/data/token_vectors.json holds the cases both sides are tested on.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

from lunr.pipeline import Pipeline
from lunr.token import Token

__all__ = ["HAN_RANGES", "INDEX_LABEL", "LABEL", "cjk_pipeline_function", "index_tokens", "register", "tokens"]

LABEL = "sitegen-cjk"
INDEX_LABEL = "sitegen-cjk-index"

# Han, exactly: CJK Unified Ideographs Extension A, CJK Unified Ideographs, CJK Compatibility
# Ideographs, and planes 2–3 up to the end of Extension G. Same ranges in tokens.js.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


def _char_class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a regex character class matching exactly ``ranges``."""
    return "".join(
        re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in ranges
    )


def _ranges(code_points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points → maximal inclusive ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


# Python's \w is exactly "L* or N*, or _" (str.isalnum); tests/test_tokens.py checks it on every code
# point. Unlike a spelled-out class it is one table lookup: sre scans a class's astral ranges one by
# one, so marks (hundreds of astral ranges) are only looked for when a cheap test says they may occur.
_ASTRAL = "\U00010000-\U0010ffff"


@dataclass(frozen=True)
class _Patterns:
    maybe_mark: re.Pattern[str]  # a cheap test: a character that may be a combining mark
    han_marks: re.Pattern[str]  # a Han character and the marks after it
    formats: re.Pattern[str]  # format characters (Cf), removed
    plain: re.Pattern[str]  # the tokens of a text without marks
    marked: re.Pattern[str]  # the tokens of a text with marks
    unigrams: re.Pattern[str]  # the Han characters of runs of two or more


@cache
def _patterns() -> _Patterns:
    """The patterns, built on first use (finding the marks takes ~0.1 s).

    The token patterns yield each token as group 1 of a lookahead: a Han bigram (consuming one
    character, so bigrams overlap), a Han character standing alone, or a whole word run.
    """
    category = unicodedata.category
    marks = [cp for cp in range(sys.maxunicode + 1) if category(chr(cp))[0] == "M"]
    formats = [cp for cp in range(sys.maxunicode + 1) if category(chr(cp)) == "Cf"]
    h = _char_class(list(HAN_RANGES))
    m = _char_class(_ranges(marks))
    m_bmp = _char_class(_ranges([cp for cp in marks if cp < 0x10000]))
    w = rf"[^\W_{h}]"  # a letter or digit, not Han
    han_token = rf"[{h}]{{2}}|(?<![{h}])[{h}]"
    plain_word = f"{w}+"
    marked_word = rf"{w}(?:{w}|[{m}])*"
    return _Patterns(
        maybe_mark=re.compile(f"[{m_bmp}{_ASTRAL}]"),
        han_marks=re.compile(f"([{h}])[{m}]+"),
        formats=re.compile(f"[{_char_class(_ranges(formats))}]+"),
        plain=re.compile(f"(?=({han_token}|{plain_word}))(?:[{h}]|{plain_word})"),
        marked=re.compile(f"(?=({han_token}|{marked_word}))(?:[{h}]|{marked_word})"),
        unigrams=re.compile(f"[{h}](?=[{h}])|(?<=[{h}])[{h}]"),
    )


def _prepared(text: str) -> tuple[str, re.Pattern[str], _Patterns]:
    """``text`` normalised, lowercased, without format characters (and without marks after Han), with
    the token pattern it needs."""
    patterns = _patterns()
    text = patterns.formats.sub("", unicodedata.normalize("NFKC", text).lower())
    if patterns.maybe_mark.search(text) is None:
        return text, patterns.plain, patterns
    return patterns.han_marks.sub(r"\1", text), patterns.marked, patterns


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, in order, duplicates kept (see the module docstring)."""
    prepared, pattern, _ = _prepared(text)
    return pattern.findall(prepared)


def index_tokens(text: str) -> list[str]:
    """What is indexed for ``text``, one lunr token (no whitespace or ``-`` inside): its search tokens,
    then each character of its Han runs of two or more, alone. Lone Han characters are tokens already."""
    prepared, pattern, patterns = _prepared(text)
    found = pattern.findall(prepared)
    if len(found) < len(prepared):  # some run is longer than one character: it may be a Han run
        found += patterns.unigrams.findall(prepared)
    return found


_tokens, _index_tokens = tokens, index_tokens  # the parameter ``tokens`` below (lunr's convention) shadows them


def cjk_pipeline_function(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    """lunr.py pipeline function for queries: one clone of ``token`` per search token of its string.

    Returns ``[]`` (lunr drops the token) when the string has no letters, digits or Han. Each
    result is ``token.clone(lambda s, m: t)``, built directly: same string, same metadata object.
    """
    metadata = token.metadata
    return [Token(t, metadata) for t in _tokens(token.string)]


def cjk_index_pipeline_function(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    """lunr.py pipeline function for documents: one clone of ``token`` per indexed token of its string."""
    metadata = token.metadata
    return [Token(t, metadata) for t in _index_tokens(token.string)]


def register() -> None:
    """Register the pipeline functions with lunr.py under LABEL and INDEX_LABEL; again: nothing."""
    for function, label in ((cjk_pipeline_function, LABEL), (cjk_index_pipeline_function, INDEX_LABEL)):
        if Pipeline.registered_functions.get(label) is not function:
            Pipeline.register_function(function, label)
