"""Property: segmenting any text never raises and keeps every content character."""

from __future__ import annotations

import collections
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.segment import cut_text
from sitegen.segment.text import normalize_line, repair_doubled

PIECES = [
    "◎",
    "□",
    "■",
    "◆",
    "★",
    "摄",
    "本报记者",
    "通讯员",
    " ",
    "　",
    "\n",
    "\n\n",
    "\r\n",
    "，",
    "。",
    "：",
    "——",
    "“",
    "”",
    "（",
    "）",
    "(来源：共产党员网)",
    "# ",
    "## ",
    "1",
    "86",
    "个",
    "责任编辑：",
    "美编：",
    "第05版",
    "2023年11月6日",
    "星期一",  # page furniture
]
HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=12)
PAGE = st.lists(st.one_of(HAN, st.sampled_from(PIECES)), max_size=80).map("".join)


def content_chars(text: str) -> collections.Counter[str]:
    return collections.Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def expected_chars(page: str) -> collections.Counter[str]:
    """The page's characters less the one sanctioned loss: the repeated half of an OCR-doubled
    display line (感悟光辉历程感悟光辉历程)."""
    # Markdown heading marks are not content; a `# X #` headline is repaired like any other.
    lines = (re.sub(r"^#+ *| *#+$", "", normalize_line(line)) for line in page.splitlines())
    return content_chars("\n".join(repair_doubled(line) for line in lines))


def item_chars(page: str, markdown: bool | None) -> collections.Counter[str]:
    cut = cut_text(page, markdown=markdown, columns=("观潮",))
    items = [item for item, _ in cut.items]
    text = (
        "\n".join(cut.furniture)
        + "\n"
        + "\n".join(
            "\n".join(filter(None, [i.kicker, i.title if not i.title_inferred else "", i.subtitle, i.column, i.body]))
            for i in items
        )
    )
    return content_chars(text)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE, st.sampled_from([None, True, False]))
def test_segmenting_any_text_keeps_every_content_character(page: str, markdown: bool | None) -> None:
    got = item_chars(page, markdown)
    missing = expected_chars(page) - got
    assert not missing, f"lost {dict(missing)}"
