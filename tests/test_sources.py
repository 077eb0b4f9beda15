from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.sources import decode_page, discover, looks_like_chinese, read_pages, read_text

PAGE = "□本报记者 宋爽\n\n赤峰市红山区推进社区治理，群众满意度不断提升。◎◆★\n\n社区治理见实效\n"


def messages(problems: tuple[SitegenError, ...], severity: str = "error") -> list[str]:
    return [p.format() for p in problems if p.severity == severity]


def test_sample_content_is_discovered(sample_archive: Path) -> None:
    found = discover(sample_archive / "content")
    assert found.problems == ()
    assert [(p.date.isoformat(), p.number, p.format) for p in found.pages] == [
        ("2023-03-07", 5, "md"), ("2023-09-05", 5, "txt"), ("2023-12-26", 5, "txt"),
    ]
    assert all(p.path.is_absolute() for p in found.pages)
    assert found.pages[0].source == "2023-03-07/05.md"
    assert found.pages[0].name == "党建"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb18030_and_gbk_pages_are_read(make_archive: Callable[..., Path], encoding: str) -> None:
    root = make_archive({"content/2023-12-26/05.txt": PAGE.encode(encoding)})
    pages, problems = read_pages(discover(root / "content").pages)
    assert problems == ()
    assert pages[0].text == PAGE


def test_utf8_bom_and_crlf_are_normalised(make_archive: Callable[..., Path]) -> None:
    data = b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode("utf-8")
    root = make_archive({"content/2023-12-26/05.txt": data})
    pages, problems = read_pages(discover(root / "content").pages)
    assert problems == ()
    assert pages[0].text == PAGE
    assert "\r" not in pages[0].text and not pages[0].text.startswith("\ufeff")


def test_old_mac_cr_line_ends_and_utf16_bom() -> None:
    assert decode_page(PAGE.replace("\n", "\r").encode(), path="p") == PAGE
    assert decode_page(PAGE.encode("utf-16"), path="p") == PAGE


def test_undecodable_page_names_the_path_and_says_what_to_do(make_archive: Callable[..., Path]) -> None:
    # Latin-1 bytes: not UTF-8, and GB18030 turns them into rare characters, not Chinese text.
    root = make_archive({
        "content/2023-12-26/05.txt": "第一行\n".encode() + "Müller über Köln".encode("latin-1"),
        "content/2023-12-26/06.txt": PAGE,
    })
    pages, problems = read_pages(discover(root / "content").pages)
    assert [p.number for p in pages] == [6]  # the good page is still read
    (message,) = messages(problems)
    assert "2023-12-26/05.txt:2:" in message
    assert "save it as UTF-8" in message


def test_read_text_error_for_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "05.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SitegenError) as info:
        read_text(path)
    assert "05.txt" in info.value.format()
    assert info.value.hint == "save it as UTF-8"


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
    root = make_archive({
        "content/README.md": "notes",
        "content/2023-12-26/05.txt": PAGE,
        "content/2023-12-26/photo.jpg": b"\xff\xd8",
        "content/2023-12-26/README.md": "editor's notes",
        "content/.DS_Store": b"\0",
    })
    found = discover(root / "content")
    assert messages(found.problems) == []
    assert len(messages(found.problems, "warning")) == 1  # photo.jpg
    assert [p.number for p in found.pages] == [5]


def test_issue_toml_is_read(make_archive: Callable[..., Path]) -> None:
    root = make_archive({
        "content/2023-12-26/05.txt": PAGE,
        "content/2023-12-26/issue.toml": 'edition = 23456\n[pages]\n"05" = "党建"\n',
    })
    found = discover(root / "content")
    assert found.problems == ()
    assert found.issues[dt.date(2023, 12, 26)].edition == 23456
    assert found.pages[0].name == "党建"


def test_issue_toml_problems_name_key_and_line(make_archive: Callable[..., Path]) -> None:
    root = make_archive({
        "content/2023-12-26/05.txt": PAGE,
        "content/2023-12-26/issue.toml": 'edition = "一"\ntitle = "x"\n[pages]\n"05" = "党建"\nfive = "要闻"\n',
    })
    found = discover(root / "content")
    errors = sorted(messages(found.problems))
    assert len(errors) == 3
    assert any('issue.toml:1: "edition" must be a positive whole number' in m for m in errors)
    assert any('issue.toml:2: unknown key "title"' in m for m in errors)
    assert any('issue.toml:5: "five" is not a page number' in m for m in errors)
    assert found.pages[0].name == "党建"  # the good part of the file still counts


def test_problems_are_collected_not_raised(make_archive: Callable[..., Path]) -> None:
    root = make_archive({
        "content/2023-02-30/05.txt": PAGE,
        "content/2023-12-26/abc.txt": PAGE,
        "content/2023-12-26/05.txt": b"\xff\xfe\xfd\x00\x01",
        "content/2023-12-26/06.txt": PAGE,
        "content/2023-12-27/05.md": "# 标题\n\n正文。\n",
    })
    found = discover(root / "content")
    pages, read_problems = read_pages(found.pages)
    assert len(messages(found.problems + read_problems)) == 3
    assert [p.source for p in pages] == ["2023-12-26/06.txt", "2023-12-27/05.md"]


def test_missing_content_folder(tmp_path: Path) -> None:
    found = discover(tmp_path / "content")
    (message,) = messages(found.problems)
    assert "content folder not found" in message and "--source" in message


def test_empty_page_is_skipped_with_a_warning(make_archive: Callable[..., Path]) -> None:
    root = make_archive({"content/2023-12-26/05.txt": " \n\n", "content/2023-12-26/06.txt": PAGE})
    pages, problems = read_pages(discover(root / "content").pages)
    assert [p.number for p in pages] == [6]
    assert len(messages(problems, "warning")) == 1
