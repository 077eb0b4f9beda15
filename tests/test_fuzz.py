"""Property tests for the two functions every page passes through: the segmenter and the tokenizer.

The segmenter never raises on any text and gives the same items every time, in any process (set and
dict order must not leak into the result); the tokenizer in Python and the one the browser runs
(tokens.js, under node) give the same tokens for any string. tests/test_segment_property.py checks
that no content character is lost; benchmarks/fuzz_segment.py runs the segmenter under atheris.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from segmenting import segment_text

from sitegen import tokens

REPO = Path(__file__).resolve().parents[1]
PIECES = [
    "◎",
    "□",
    "■",
    "摄",
    "本报记者",
    "通讯员",
    "\n",
    "\n\n",
    "\r\n",
    "\u3000",
    "，",
    "。",
    "——",
    "“",
    "”",
    "（",
    "）",
    "# ",
    "## ",
    "---\n",
    "<script>",
    "1",
    "2023年",
    "赤峰市",
    "红山区",
    "\ufffd",
    "\x00",
    "\u202e",
]
ANY_TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(PIECES)), max_size=60).map("".join)


def contracts(text: str, markdown: bool | None) -> list[dict[str, object]]:
    return [item.contract() for item in segment_text(text, markdown=markdown, columns=("观潮",))]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.sampled_from([None, True, False]))
def test_segmenter_never_raises_and_is_deterministic(text: str, markdown: bool | None) -> None:
    first = contracts(text, markdown)
    assert contracts(text, markdown) == first
    for item in first:
        assert isinstance(item["body"], str)


_SEGMENT_IN_CHILD = """
import json, sys
from sitegen.segment import cut_text
pages = json.load(sys.stdin)
print(json.dumps([[i.contract() for i, _ in cut_text(p, markdown=None, columns=("观潮",)).items] for p in pages]))
"""


def test_segmenter_gives_the_same_items_whatever_the_hash_seed(sample_pages: list[Path]) -> None:
    pages = [p.read_text(encoding="utf-8") for p in sample_pages]
    results = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run(
            [sys.executable, "-c", _SEGMENT_IN_CHILD],
            input=json.dumps(pages),
            text=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=True,
        )
        results.add(done.stdout)
    assert len(results) == 1
    assert json.loads(results.pop())[0]  # items came back


_TOKENS_IN_NODE = """
const { sitegenTokens } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => console.log(JSON.stringify(JSON.parse(input).map((s) => sitegenTokens(s)))));
"""
# Astral characters, marks, odd spaces and scripts the tokenizer treats specially, besides any text.
TRICKY = st.text(
    alphabet=st.sampled_from(list("赤峰a1Ａ１ᠮᠣéé\u0301\u200b\u3000 -_.·〇𠀀😀ㄅの한\u202e\ufffd")), max_size=30
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=40), TRICKY), min_size=50, max_size=200))
def test_python_and_javascript_tokenizers_agree_on_random_strings(node: str, texts: list[str]) -> None:
    # The promise is agreement on every character assigned in Python's Unicode (14; see sitegen/tokens.py):
    # characters assigned later may be letters in a newer JavaScript engine. Lone surrogates cannot
    # cross into JSON as UTF-8; tests/test_tokens.py covers them.
    texts = ["".join(c for c in t if unicodedata.category(c) not in ("Cn", "Cs")) for t in texts]
    script = REPO / "themes" / "default" / "static" / "search" / "tokens.js"
    done = subprocess.run(
        [node, "-e", _TOKENS_IN_NODE, str(script)],
        input=json.dumps(texts),
        text=True,
        capture_output=True,
        timeout=120,
        check=True,
        encoding="utf-8",
    )
    assert json.loads(done.stdout) == [tokens.tokens(t) for t in texts]
