from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sitegen.slugs import FALLBACK, MAX_LENGTH, slugify, unique_slugs

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_pinyin_words_joined_by_hyphens() -> None:
    assert slugify("党建赋能引领乡村产业旺") == "dang-jian-fu-neng-yin-ling-xiang-cun-chan-ye-wang"


def test_punctuation_dropped_and_ascii_kept_lowercase() -> None:
    assert slugify("“红色引擎”提升基层治理效能") == "hong-se-yin-qing-ti-sheng-ji-ceng-zhi-li-xiao-neng"
    assert slugify("呼伦贝尔市建立7家 APP 联系点") == "hu-lun-bei-er-shi-jian-li-7-jia-app-lian-xi-dian"
    assert slugify("全旗 ８６个Ａ级") == "quan-qi-86-ge-a-ji"  # full-width digits and letters
    assert slugify("绿色") == "lv-se"  # ü is written v, staying ASCII
    assert slugify("Café") == "cafe"


def test_empty_or_unspellable_titles_fall_back() -> None:
    assert slugify(None) == FALLBACK
    assert slugify("") == FALLBACK
    assert slugify("！？——") == FALLBACK


def test_length_is_capped_on_a_word_boundary() -> None:
    title = "内蒙古自治区党委组织部召开全区组织部长会议暨全区党建工作推进会议"
    slug = slugify(title)
    assert len(slug) <= MAX_LENGTH
    assert slugify(title, max_length=10000).startswith(slug + "-")  # cut between words, not inside one
    assert slugify("x" * 100) == "x" * MAX_LENGTH  # a single overlong word is cut inside


def test_collisions_get_deterministic_suffixes_in_order() -> None:
    assert unique_slugs(["a", "b", "a", "a"]) == ("a", "b", "a-2", "a-3")
    # A suffixed slug never takes a slug that a later title already has.
    assert unique_slugs(["a", "a", "a-2"]) == ("a", "a-2", "a-2-2")
    assert unique_slugs(["index"]) == ("index-2",)  # reserved for the site's own pages


@given(st.text(max_size=80))
def test_any_text_gives_a_valid_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug)
    assert len(slug) <= MAX_LENGTH
    assert slugify(text) == slug  # stable


@given(st.lists(st.sampled_from(["a", "a-2", "b", "index", "item"]), max_size=12))
def test_unique_slugs_are_unique_and_keep_order(slugs: list[str]) -> None:
    result = unique_slugs(slugs)
    assert len(set(result)) == len(result) == len(slugs)
    assert all(r == s or r.startswith(s + "-") for r, s in zip(result, slugs, strict=True))
    assert unique_slugs(slugs) == result


def test_pinyin_read_a_word_at_a_time_is_pypinyins_reading() -> None:
    """Slugs are addresses: reading titles a word at a time (to read each word once) must give exactly
    what pypinyin gives for the whole text, polyphonic characters included."""
    from pathlib import Path

    from pypinyin import Style, lazy_pinyin

    from sitegen.slugs import _pinyin

    root = Path(__file__).resolve().parents[1]
    lines = [
        line
        for page in sorted((root / "content").glob("*/*.*"))
        if page.suffix in (".txt", ".md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines += ["重庆长大的银行行长还是了解音乐乐器", "长春市长着一棵长长的树", "ABC，。123 重庆"]
    assert len(lines) > 300
    for line in lines:
        assert _pinyin(line) == lazy_pinyin(line, style=Style.NORMAL), line
