"""Write tests/data/token_vectors.json and tests/data/lunr_fixture.json from sitegen.tokens.

Run once, by hand, from the repository root, then review the output (git diff) against the rule in
sitegen/tokens.py: ``.venv/bin/python tests/data/make_token_vectors.py``. The tests never run it:
tests/test_tokens.py checks the vectors against Python, tests/js/tokens.test.js against JavaScript.

Inputs use only characters assigned in Unicode 14 (Python 3.11's unicodedata); node 20 knows a
later Unicode, and characters assigned since then are letters there but unassigned here. Every
Unicode 14 character was checked to tokenize the same on both sides (alone, between two letters
and between two Han characters), so any Unicode 14 character is safe in a vector.

In the JSON, marks, format/control characters and spaces other than U+0020 are written as \\u
escapes so that a reviewer can see them.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for the lunr reference
from lunr_reference import builder as lunr_builder  # noqa: E402

from sitegen import tokens as tok

HERE = Path(__file__).resolve().parent

INPUTS: list[str] = [
    # Empty and whitespace only
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    "\t\n \u3000",
    "\u3000\u3000",
    "\u00a0",
    "\u2003\u2009",
    # Han: one character, runs, bigrams, duplicates
    "赤",
    "峰",
    "赤峰",
    "赤峰市",
    "赤峰市喀喇沁旗",
    "内蒙古自治区赤峰市",
    "中华人民共和国",
    "巴林左旗",
    "克什克腾旗",
    "阿鲁科尔沁旗",
    "红山区 松山区 元宝山区",
    "宁城县、林西县",
    "一二三四五六七八九十",
    "赤峰赤峰",
    "赤 峰 市",
    "赤\t峰\n市",
    "赤峰\u3000市",
    # Names and bylines
    "宋爽",
    "王塔娜",
    "乌云其木格",
    "欧阳修",
    "本报记者 宋爽",
    "□本报记者 宋爽",
    "■记者 王塔娜 通讯员 李明",
    "记者：张三 李四",
    "（记者 王塔娜）",
    "文/图 本报记者 宋爽",
    # Chinese punctuation, full width and ASCII
    "赤峰市，红山区。",
    "“赤峰”",
    "‘红山’",
    "《赤峰日报》",
    "【本报讯】",
    "〔2023〕12号",
    "社区治理见实效！",
    "真的吗？",
    "甲、乙、丙",
    "一；二：三",
    "……",
    "——",
    "赤峰·红山",
    "赤峰…红山",
    "赤峰——红山",
    "，。！？",
    "《》「」『』",
    "赤峰,红山.",
    "赤峰!红山?",
    "a,b.c",
    "a;b:c",
    "(a)[b]{c}",
    "a/b\\c",
    "a'b",
    "it's",
    "don’t",
    'a"b"',
    "x+y=z",
    "a&b|c",
    "a<b>c",
    "~a^b`c",
    "#tag",
    "@user",
    "user@example.com",
    "https://www.example.com/path?q=1&r=2",
    "C++",
    "C#",
    ".NET",
    "Node.js",
    "...",
    "!!!",
    "???",
    # Underscore and hyphens (lunr splits "-" before us; a lone hyphen still separates here)
    "a_b",
    "snake_case_name",
    "A-B",
    "a-b-c",
    "e-mail",
    "赤峰-通辽",
    "COVID-19",
    "A\u2010B",
    "A\u2013B",
    "A\u2014B",
    "A\u2212B",
    "A\u00adB",
    "---",
    # Tabs, newlines, other spaces and invisible format characters
    "a\tb",
    "a\nb",
    "a\r\nb",
    "赤峰\n市",
    "a\u00a0b",
    "a\u2003b",
    "a\u200bb",
    "a\u200cb",
    "a\u200db",
    "a\u2060b",
    "a\ufeffb",
    "\ufeff赤峰",
    "赤\u200b峰",
    "赤\u00ad峰市",
    "赤峰\u2060市",
    "赤\u200c峰",
    "\u202e赤峰\u202c",
    "chi\u00adfeng",
    # Full-width forms
    "ＡＢＣ１２３",
    "ａｂｃ",
    "Ｈｅｌｌｏ\u3000Ｗｏｒｌｄ",
    "ＧＤＰ增长",
    "５Ｇ基站",
    "ｉＰｈｏｎｅ",
    "１２：３０",
    "３０％",
    "（１）",
    "［注］",
    "ｶﾀｶﾅ",
    "ﾊﾟﾝ",
    "￥100",
    # Digits, dates, times, numbers, percentages, units
    "2023",
    "0",
    "007",
    "2023年12月26日",
    "2023年12月26日星期二",
    "2023-12-26",
    "2023/12/26",
    "2023.12.26",
    "12:30",
    "第5版",
    "第五版",
    "二〇二三年",
    "〇",
    "3.14",
    "1,000,000",
    "-5",
    "+86 476 1234567",
    "¥100",
    "$5",
    "€10",
    "100元",
    "50%",
    "50％",
    "12.5%",
    "增长12.5%",
    "同比增长3.2个百分点",
    "零下15℃",
    "15°C",
    "No.1",
    "№1",
    "Ⅻ",
    "ⅻ",
    "①②③",
    "⑴",
    "㈠",
    "㊀",
    "½",
    "x²",
    "H₂O",
    "㎏",
    "㎞",
    "㍻",
    "㈱",
    "℡",
    "™",
    "ﬁnance",
    "Ⅰ型",
    "٣٤٥",
    "१२३",
    "壹贰叁",
    # Mixed Han, Latin and digits
    "abc123",
    "ABC123",
    "chifeng2023",
    "5G",
    "5G网络",
    "赤峰5G基站",
    "GDP同比增长5.2%",
    "COVID-19疫情",
    "iPhone15",
    "H7N9",
    "PM2.5浓度",
    "4A级景区",
    "2023年赤峰市GDP",
    "CCTV-1",
    "G45大广高速",
    "京藏高速G6",
    "第19届亚运会",
    "赤峰ABC市",
    "拼音chifeng赤峰",
    "赤峰（chìfēng）",
    "Chìfēng",
    "zhōngguó",
    "Hello World",
    "HELLO",
    "MiXeD CaSe",
    # Other scripts: Latin with diacritics, Greek, Cyrillic, Arabic, Hebrew, Indic, Thai, Tibetan
    "Straße",
    "STRASSE",
    "İstanbul",
    "ǅemal",
    "Tiếng Việt",
    "Ærøskøbing",
    "ΟΔΟΣ",
    "ΣΑΣ ΣΑΣ",
    "Σ",
    "Привет, мир!",
    "Монгол Улс",
    "Өвөрмонгол",
    "العربية",
    "مُحَمَّد",
    "שָׁלוֹם",
    "हिन्दी",
    "ภาษาไทย",
    "བོད་ཡིག",
    "ئۇيغۇرچە",
    # Mongolian script: letters, free variation selector (Mn), vowel separator (Cf), digits, punctuation
    "ᠮᠣᠩᠭᠣᠯ",
    "ᠤᠯᠠᠭᠠᠨᠬᠠᠳᠠ",
    "ᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ",
    "ᠭ\u180b",
    "ᠭ\u180bᠠ",
    "ᠬᠠᠳᠠ\u180eᠠ",
    "ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ",
    "᠑᠒᠓",
    "᠀ᠮᠣᠩᠭᠣᠯ᠃",
    "ᠮᠣᠩᠭᠣᠯ᠂ᠬᠢᠲᠠᠳ",
    "赤峰ᠬᠣᠲᠠ",
    # Korean and Japanese: kana and Hangul are letters (whole runs), not Han
    "한국어",
    "대한민국 서울",
    "한글과 漢字",
    "ㄱㄴㄷ",
    "ひらがな",
    "カタカナ",
    "ラーメン",
    "東京都",
    "日本語のテキスト",
    "こんにちは世界",
    "人々",
    "〆切",
    "ゟ",
    # Combining marks
    "e\u0301",
    "e\u0301x",
    "a\u0308",
    "ж\u0301",
    "ж\u0301赤",
    "1\u0301",
    "\u0301",
    "\u0301\u0302",
    "\u0301abc",
    "a \u0301b",
    "a\u0301\u0302\u0303",
    "赤\u0301峰",
    "赤\u0301",
    "赤\u0301\u0302峰市",
    "赤\ufe00峰",
    "葛\U000e0100城",
    "赤\ufe0f",
    "1\ufe0f\u20e3",
    "#\ufe0f\u20e3",
    "a\u20ddb",
    # Emoji and symbols
    "😀",
    "赤峰😀市",
    "a😀b",
    "👍🏻",
    "👨\u200d👩\u200d👧",
    "🇨🇳",
    "❤\ufe0f赤峰",
    "©2023",
    "★赤峰★",
    "→",
    "赤峰→通辽",
    "♪♫",
    "※注意",
    "○△□",
    # Outside the BMP
    "𠀀",
    "𪚥",
    "𠀀𪚥",
    "𪚥字",
    "𠮷野家",
    "a𠀀b",
    "𠀀a",
    "𡈽",
    "𤭢𤭢",
    "𰀀",
    "丽",
    "豈",
    "﨎",
    "𝐀𝐁𝐂",
    "𝟏𝟐𝟑",
    "𐌰𐌱",
    "𐐀",
    "𑁦𑁧",
    "🄰",
    # Longer text
    "赤峰市红山区推进社区治理，群众满意度不断提升。",
    "通辽市科尔沁区发展特色产业，村集体经济收入稳步增长。",
    "今年以来办成实事三十多件。",
    "2023年12月26日，赤峰市GDP同比增长5.2%。",
    "本报讯（记者 宋爽）12月25日，“赤峰·红山”文化节开幕。",
]


def _visible(text: str) -> str:
    """JSON text with invisible characters (M*, C*, Z* other than U+0020) written as \\u escapes."""
    out = []
    for ch in json.dumps(text, ensure_ascii=False):
        if ch != " " and unicodedata.category(ch)[0] in "MCZ":
            out.append(json.dumps(ch))  # ensure_ascii: "\u0301", or a surrogate pair
            out[-1] = out[-1][1:-1]
        else:
            out.append(ch)
    return "".join(out)


def _check(text: str) -> None:
    for ch in text:
        if unicodedata.category(ch) in ("Cn", "Cs", "Co"):
            raise SystemExit(f"U+{ord(ch):04X} in {text!r}: unassigned, surrogate or private use")


def write_vectors() -> int:
    seen: set[str] = set()
    lines = []
    for text in INPUTS:
        if text in seen:
            raise SystemExit(f"duplicate input {text!r}")
        seen.add(text)
        _check(text)
        expected = "[" + ", ".join(_visible(t) for t in tok.tokens(text)) + "]"
        lines.append(f'{{"input": {_visible(text)}, "tokens": {expected}}}')
    path = HERE / "token_vectors.json"
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == [{"input": t, "tokens": tok.tokens(t)} for t in INPUTS]
    return len(lines)


# A tiny index built the way sitegen/search.py builds one (pipeline and search pipeline: just ours).
DOCUMENTS = [
    {"ref": "a", "title": "赤峰市喀喇沁旗", "body": "2023年12月26日，赤峰市GDP同比增长5.2%。"},
    {"ref": "b", "title": "通辽市科尔沁区", "body": "村集体经济收入稳步增长。Chifeng and Tongliao."},
    {"ref": "c", "title": "ＡＢＣ１２３", "body": "ᠮᠣᠩᠭᠣᠯ 한국어 𠮷野家 e-mail"},
]
# term: looked up as is (usePipeline false); search: a query string, through lunr's query parser.
QUERIES = [
    {"term": "赤峰", "refs": ["a"]},
    {"term": "峰市", "refs": ["a"]},
    {"term": "增长", "refs": ["a", "b"]},
    {"term": "chifeng", "refs": ["b"]},
    {"term": "abc123", "refs": ["c"]},
    {"term": "𠮷野", "refs": ["c"]},
    {"term": "ᠮᠣᠩᠭᠣᠯ", "refs": ["c"]},
    {"term": "赤峰市", "refs": []},
    {"term": "峰", "refs": ["a"]},  # a Han character alone: indexed wherever it stands
    {"term": "长", "refs": ["a", "b"]},
    {"term": "家", "refs": ["c"]},
    {"search": "旗", "refs": ["a"]},
    {"search": "赤峰", "refs": ["a"]},
    {"search": "赤峰市", "refs": ["a"]},
    {"search": "ＣＨＩＦＥＮＧ", "refs": ["b"]},
    {"search": "ABC１２３", "refs": ["c"]},
    {"search": "mail", "refs": ["c"]},
    {"search": "呼和浩特", "refs": []},
]


def write_lunr_fixture() -> None:
    builder = lunr_builder()
    builder.ref("ref")
    builder.field("title", boost=10)
    builder.field("body")
    for doc in DOCUMENTS:
        builder.add(doc)
    index = builder.build().serialize()
    fixture = {"documents": DOCUMENTS, "queries": QUERIES, "index": index}
    (HERE / "lunr_fixture.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    print(f"{write_vectors()} vectors")
    write_lunr_fixture()
