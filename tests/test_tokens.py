"""The search tokenizer: shared vectors, a slow reference of the rule, lunr.py end to end, and the node tests."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr_reference import builder as lunr_builder

from sitegen import tokens as tok

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VECTORS = json.loads((DATA / "token_vectors.json").read_text(encoding="utf-8"))
FIXTURE = json.loads((DATA / "lunr_fixture.json").read_text(encoding="utf-8"))


def runs(text: str) -> list[tuple[str, list[str]]]:
    """The rule's runs, one character at a time, straight from unicodedata: slow and obvious."""
    found: list[tuple[str, list[str]]] = []
    kind = None  # "han", "word", or None between runs
    for ch in unicodedata.normalize("NFKC", text).lower():
        major = unicodedata.category(ch)[0]
        if unicodedata.category(ch) == "Cf":
            continue  # removed: the text reads on as if it were not there
        if any(first <= ord(ch) <= last for first, last in tok.HAN_RANGES):
            if kind != "han":
                found.append(("han", []))
                kind = "han"
            found[-1][1].append(ch)
        elif major in "LN":
            if kind != "word":
                found.append(("word", []))
                kind = "word"
            found[-1][1].append(ch)
        elif major == "M":
            if kind == "word":
                found[-1][1].append(ch)
            # after Han: dropped, the Han run goes on; elsewhere: dropped
        else:
            kind = None
    return found


def reference(text: str) -> list[str]:
    """The search tokens by the rule: bigrams of Han runs, a lone Han character, whole word runs."""
    out: list[str] = []
    for run_kind, chars in runs(text):
        if run_kind == "han" and len(chars) > 1:
            out.extend(chars[k] + chars[k + 1] for k in range(len(chars) - 1))
        else:
            out.append("".join(chars))
    return out


def reference_index(text: str) -> list[str]:
    """What is indexed for one lunr token: its search tokens, then every character of its longer Han runs."""
    return reference(text) + [ch for kind, chars in runs(text) if kind == "han" and len(chars) > 1 for ch in chars]


# --- the vectors (also checked by tests/js/tokens.test.js) ---------------------------------------


def test_enough_vectors() -> None:
    assert len(VECTORS) >= 200
    assert len({v["input"] for v in VECTORS}) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=[str(i) for i in range(len(VECTORS))])
def test_vector(vector: dict[str, object]) -> None:
    assert tok.tokens(vector["input"]) == vector["tokens"]
    assert reference(vector["input"]) == vector["tokens"]


# --- the fast implementation against the reference ------------------------------------------------

_ALPHABET = (
    "赤峰市喀喇沁旗〇々𠀀𪚥𰀀丽豈﨎"  # Han, astral Han, compatibility ideographs, Han-looking non-Han
    "aZé1２Ａｚ①²½ᠮᠣ᠑한ひカｶﾞ"  # letters and digits, full-width and compatibility forms
    "\u0301\u0308\u064e\u093f\u180b\u20dd\u20e3\ufe00\ufe0f\U000e0100\U0001d167"  # marks
    " \t\n\u3000\u00a0\u200b\u200d\u00ad\u180e\u202f,.，。-_%％😀🏻#"  # separators
)


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_matches_reference_on_tricky_alphabet(text: str) -> None:
    assert tok.tokens(text) == reference(text)


@given(st.text(max_size=40))
def test_matches_reference_on_any_text(text: str) -> None:
    assert tok.tokens(text) == reference(text)


def test_lone_surrogate_separates() -> None:
    assert tok.tokens("a\ud800b赤\udfff峰") == ["a", "b", "赤", "峰"]


def test_word_class_is_letters_and_digits() -> None:
    """tokens.py relies on this Python's \\w being exactly L*, N* and "_"."""
    word = re.compile(r"\w")
    wrong = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if (word.match(chr(cp)) is not None) != (unicodedata.category(chr(cp))[0] in "LN" or cp == 0x5F)
    ]
    assert wrong == []


@given(st.text())
def test_index_tokens_match_reference(text: str) -> None:
    assert tok.index_tokens(text) == reference_index(text)


def test_every_han_character_is_indexed_alone_and_queried_as_it_is() -> None:
    assert tok.index_tokens("赤峰市") == ["赤峰", "峰市", "赤", "峰", "市"]
    assert tok.index_tokens("党") == ["党"]  # a lone character: once, not twice
    assert tok.tokens("峰") == ["峰"] and tok.tokens("赤峰") == ["赤峰"]  # queries: no unigrams for two
    assert tok.index_tokens("赤\u200b峰") == tok.index_tokens("赤峰")


def test_long_text_matches_reference() -> None:
    text = "2023年12月26日，赤峰市GDP同比增长5.2%。Chifeng e\u0301 𠀀 " * 2000
    assert tok.tokens(text) == reference(text)


# --- lunr.py -------------------------------------------------------------------------------------


def test_pipeline_function_clones_tokens() -> None:
    metadata = {"position": [0, 5], "index": 3}
    token = Token("赤峰市GDP", metadata)
    out = tok.cjk_pipeline_function(token, 0, [token])
    assert [t.string for t in out] == ["赤峰", "峰市", "gdp"]
    assert all(isinstance(t, Token) and t is not token and t.metadata is metadata for t in out)
    assert token.string == "赤峰市GDP"
    assert tok.cjk_pipeline_function(Token("，。"), 0, []) == []


def test_register_is_idempotent(caplog: pytest.LogCaptureFixture) -> None:
    tok.register()
    with caplog.at_level(logging.WARNING, logger="lunr.pipeline"):
        tok.register()
        tok.register()
    assert caplog.records == []
    assert Pipeline.registered_functions[tok.LABEL] is tok.cjk_pipeline_function
    assert tok.cjk_pipeline_function.label == tok.LABEL
    pipeline = Pipeline.load([tok.LABEL])
    assert pipeline.run_string("赤峰市 ＡＢＣ") == ["赤峰", "峰市", "abc"]


def _index(docs: list[dict[str, str]]) -> Index:
    builder = lunr_builder()
    builder.ref("id")
    builder.field("title")
    builder.field("body")
    for doc in docs:
        builder.add(doc)
    return builder.build()


def test_lunr_index_end_to_end() -> None:
    index = _index(
        [
            {"id": "1", "title": "赤峰市红山区", "body": "推进社区治理。"},
            {"id": "2", "title": "通辽市", "body": "科尔沁区发展特色产业，ＧＤＰ增长。"},
        ]
    )
    assert [r["ref"] for r in index.search("赤峰")] == ["1"]
    assert [r["ref"] for r in index.search("gdp")] == ["2"]
    assert index.search("呼和浩特") == []
    serialized = index.serialize()
    assert serialized["pipeline"] == [tok.LABEL]
    loaded = Index.load(json.loads(json.dumps(serialized)))
    assert [r["ref"] for r in loaded.search("赤峰")] == ["1"]
    assert {"赤峰", "峰市", "gdp"} <= {term for term, _ in serialized["invertedIndex"]}


def _run_fixture_query(index: Index, query: dict[str, object]) -> list[str]:
    if "term" in query:
        q = index.create_query()
        q.term(query["term"], use_pipeline=False)
        results = index.query(q)
    else:
        results = index.search(query["search"])
    return sorted(r["ref"] for r in results)


@pytest.mark.parametrize("query", FIXTURE["queries"], ids=lambda q: q.get("term", q.get("search")))
def test_lunr_fixture_queries(query: dict[str, object]) -> None:
    """The same queries tests/js/tokens.test.js runs in lunr.js, on the same serialized index."""
    tok.register()
    index = Index.load(FIXTURE["index"])
    assert _run_fixture_query(index, query) == sorted(query["refs"])


def test_lunr_fixture_is_current() -> None:
    """The fixture's index is what lunr.py and our tokens build from its documents today."""
    assert FIXTURE["index"]["pipeline"] == [tok.LABEL]
    terms = {term for term, _ in FIXTURE["index"]["invertedIndex"]}
    expected = {
        t
        for doc in FIXTURE["documents"]
        for f in ("title", "body")
        for lt in Tokenizer(doc[f])
        for t in tok.index_tokens(lt.string)
    }
    assert terms == expected


# --- JavaScript ----------------------------------------------------------------------------------


def test_node_tests(node: str) -> None:
    result = subprocess.run([node, "--test", "tests/js/"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
