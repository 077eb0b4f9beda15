from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.sources import decode, discover, looks_like_chinese, read_pages, read_text

PAGE = "□本报记者 宋爽\n\n赤峰市红山区推进社区治理，群众满意度不断提升。◎◆★\n\n社区治理见实效\n"


def messages(problems: tuple[SitegenError, ...], severity: str = "error") -> list[str]:
    return [p.format() for p in problems if p.severity == severity]


def test_sample_content_is_discovered(sample_archive: Path) -> None:
    found = discover(sample_archive / "content")
    assert found.problems == ()
    assert [(p.date.isoformat(), p.number, p.format) for p in found.pages] == [
        ("2023-03-07", 5, "md"),
        ("2023-09-05", 5, "txt"),
        ("2023-12-26", 5, "txt"),
    ]
    assert all(p.path.is_absolute() for p in found.pages)
    assert found.pages[0].source == "2023-03-07/05.md"
    assert found.pages[0].name == "党建"


def test_old_mac_cr_line_ends_and_utf16_big_endian() -> None:
    # The other encodings and line ends are built end to end in test_bad_input.py.
    assert decode(PAGE.replace("\n", "\r").encode(), path="p")[0] == PAGE
    assert decode(codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), path="p")[0] == PAGE


def test_damage_is_marked_once_per_run_with_line_and_byte_offset() -> None:
    data = "第一行\r\n第二行".encode() + b"\xff\xfe" + "尚好\n第三行".encode() + b"\x00" + "完".encode()
    text, (warning,) = decode(data, path="p")
    assert text == "第一行\n第二行\ufffd尚好\n第三行\ufffd完"
    assert warning.severity == "warning" and warning.line == 2
    assert "2 bytes" not in warning.message and "3 bytes" in warning.message
    assert "line 2 at byte 20" in warning.message and "line 3 at byte 38" in warning.message


def test_damaged_gb18030_page_is_read_as_gb18030() -> None:
    data = PAGE.encode("gb18030")
    cut = len(PAGE[:20].encode("gb18030"))  # between two characters: GB18030 cannot find its feet inside one
    text, (warning,) = decode(data[:cut] + b"\x80" + data[cut:], path="p")
    assert text.replace("\ufffd", "") == PAGE and "GB18030" in warning.message


def test_page_in_another_code_page_is_refused_naming_the_path(make_archive: Callable[..., Path]) -> None:
    # Big5 (traditional characters): not UTF-8, and GB18030 turns it into rare characters, not Chinese
    # text. Nearly every byte would be damage, so the page is refused rather than published as noise.
    big5 = "第一行\n□本報記者 宋爽\n\n赤峰市紅山區推進社區治理，群眾滿意度不斷提升。\n".encode("big5")
    root = make_archive({"content/2023-12-26/05.txt": big5, "content/2023-12-26/06.txt": PAGE})
    pages, problems = read_pages(discover(root / "content").pages)
    assert [read.page.number for read in pages] == [6]  # the good page is still read
    (message,) = messages(problems)
    assert "2023-12-26/05.txt:1:" in message
    assert "neither UTF-8 nor GB18030/GBK" in message and "save it as UTF-8" in message


def test_read_text_error_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SitegenError) as info:
        read_text(tmp_path / "05.txt")
    assert "05.txt: cannot read" in info.value.format() and info.value.left_out


def test_plausibility_check() -> None:
    assert looks_like_chinese("党建引领基层治理，◎□■◆★“”。ABC 123")
    assert not looks_like_chinese(b"M\xfcller K\xf6ln".decode("gb18030"))  # Latin-1 bytes read as GB18030
    assert not looks_like_chinese("abc\x01def")


def test_impossible_date_folder(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023-02-30/05.txt": PAGE, "content/2023-03-01/05.txt": PAGE})
    found = discover(root / "content")
    (message,) = messages(found.problems)
    assert "2023-02-30" in message
    assert "not a real date" in message
    assert "rename it" in message and "YYYY-MM-DD" in message
    assert [p.date for p in found.pages] == [dt.date(2023, 3, 1)]


def test_folder_that_is_not_a_date(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023/12/26/05.txt": PAGE, "content/12-26-2023/05.txt": PAGE})
    found = discover(root / "content")
    assert len(messages(found.problems)) == 2
    assert all("rename it" in m for m in messages(found.problems))
    assert found.pages == ()


def test_page_file_that_is_not_a_page_number(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023-12-26/abc.txt": PAGE, "content/2023-12-26/05.txt": PAGE})
    found = discover(root / "content")
    (message,) = messages(found.problems)
    assert "abc.txt" in message
    assert "name it like 05.txt" in message
    assert [p.number for p in found.pages] == [5]


def test_md_beside_txt_wins_with_a_note(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023-12-26/05.txt": PAGE, "content/2023-12-26/05.md": "# 标题\n\n正文。\n"})
    found = discover(root / "content")
    assert [(p.number, p.format) for p in found.pages] == [(5, "md")]
    assert messages(found.problems) == []
    (note,) = messages(found.problems, "note")
    assert "05.md is used instead of 05.txt" in note


def test_two_files_for_one_page_is_an_error(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023-12-26/05.txt": PAGE, "content/2023-12-26/5.txt": PAGE})
    found = discover(root / "content")
    (message,) = messages(found.problems)
    assert "page 5 is already given by 05.txt" in message
    assert len(found.pages) == 1


def test_other_files_are_ignored_with_a_warning(make_archive: Callable[..., Path]) -> None:
    root = make_archive(
        {
            "content/README.md": "notes",
            "content/2023-12-26/05.txt": PAGE,
            "content/2023-12-26/photo.jpg": b"\xff\xd8",
            "content/2023-12-26/README.md": "editor's notes",
            "content/.DS_Store": b"\0",
        }
    )
    found = discover(root / "content")
    assert messages(found.problems) == []
    assert len(messages(found.problems, "warning")) == 1  # photo.jpg
    assert [p.number for p in found.pages] == [5]


def test_issue_toml_is_read(make_archive: Callable[..., Path]) -> None:
    root = make_archive(
        {
            "content/2023-12-26/05.txt": PAGE,
            "content/2023-12-26/issue.toml": 'edition = 23456\n[pages]\n"05" = "党建"\n',
        }
    )
    found = discover(root / "content")
    assert found.problems == ()
    assert found.issues[dt.date(2023, 12, 26)].edition == 23456
    assert found.pages[0].name == "党建"


def test_issue_toml_problems_name_key_and_line(make_archive: Callable[..., Path]) -> None:
    root = make_archive(
        {
            "content/2023-12-26/05.txt": PAGE,
            "content/2023-12-26/issue.toml": 'edition = "一"\ntitle = "x"\n[pages]\n"05" = "党建"\nfive = "要闻"\n',
        }
    )
    found = discover(root / "content")
    errors = sorted(messages(found.problems))
    assert len(errors) == 3
    assert any('issue.toml:1: "edition" must be a positive whole number' in m for m in errors)
    assert any('issue.toml:2: unknown key "title"' in m for m in errors)
    assert any('issue.toml:5: "five" is not a page number' in m for m in errors)
    assert found.pages[0].name == "党建"  # the good part of the file still counts


def test_problems_are_collected_not_raised(make_archive: Callable[..., Path]) -> None:
    root = make_archive(
        {
            "content/2023-02-30/05.txt": PAGE,
            "content/2023-12-26/abc.txt": PAGE,
            "content/2023-12-26/05.txt": b"\xff\xfe\xfd\x00\x01",
            "content/2023-12-26/06.txt": PAGE,
            "content/2023-12-27/05.md": "# 标题\n\n正文。\n",
        }
    )
    found = discover(root / "content")
    pages, read_problems = read_pages(found.pages)
    assert len(messages(found.problems + read_problems)) == 3
    assert [read.page.source for read in pages] == ["2023-12-26/06.txt", "2023-12-27/05.md"]


def test_missing_content_folder(tmp_path: Path) -> None:
    found = discover(tmp_path / "content")
    (message,) = messages(found.problems)
    assert "content folder not found" in message and "--source" in message
