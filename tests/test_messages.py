"""What sitegen says when the user mistypes: a path, a page, a setting, a theme; and counts in plain English.

Each message is asserted whole where it is short, so that a change of wording is a decision, not an accident.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from sitegen.config import load_config
from sitegen.errors import SitegenError, plural

MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]
PAGE = "content/2023-12-26/05.md"
MD_PAGE = "# 社区治理见实效\n\n□本报记者 宋爽\n\n赤峰市红山区推进社区治理。\n\n# 乡村振兴开新局\n\n通辽市科尔沁区发展特色产业。\n"


# --- point 2: a mistyped path is an error, not a silent default ---------------------------------------------


@pytest.mark.parametrize("command", [["build"], ["segment", PAGE], ["serve", "--port", "0"]])
def test_a_missing_config_given_on_the_command_line_stops_with_its_name(
    make_archive: MakeArchive, run_cli: RunCli, command: list[str]
) -> None:
    root = make_archive({PAGE: MD_PAGE, "sitegen.toml": 'title = "报"\n'})
    result = run_cli(root, *command, "--config", "sitegen.tml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "sitegen.tml: no such settings file (check the path, or leave out --config: then sitegen.toml in this "
        "folder is read, or the defaults apply)"
    )
    assert not (root / "output").exists()


def test_a_folder_given_as_config_is_refused(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: MD_PAGE, "settings/sitegen.toml": 'title = "报"\n'})
    result = run_cli(root, "build", "--config", "settings")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "settings: this is a folder, not a settings file (give the path of its sitegen.toml, e.g. --config "
    )


def test_the_default_config_may_be_missing(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: MD_PAGE})
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    assert (root / "output/index.html").is_file()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        (
            "content/2023-12-26/issue.toml",
            b"edition = 1\n",
            "refused: the issue's settings (edition, page names), not a page",
        ),
        ("items.json", b"[]", "refused: JSON, not a page: sitegen segment reads page text and writes JSON"),
        ("content/2023-12-26/05.jpg", b"\xff\xd8\xff", "refused: an image, not page text"),
        ("content/2023-12-26/05.pdf", b"%PDF-1.7", "refused: a PDF, not page text"),
        ("content/2023-12-26/05.doc", b"\xd0\xcf", "refused: not a page file (.doc extension)"),
    ],
)
def test_segment_refuses_files_that_are_not_pages(
    make_archive: MakeArchive, run_cli: RunCli, name: str, data: bytes, says: str
) -> None:
    root = make_archive({PAGE: MD_PAGE, name: data})
    result = run_cli(root, "segment", name, PAGE)
    assert result.exit_code == 1
    assert (
        f"{name}: {says} (give a page file: NN.txt, the page's text as exported, or NN.md, a page cut by "
        "hand)" in result.stderr.splitlines()
    )
    assert "== content/2023-12-26/05.md: 2 items" in result.stdout  # the real page is still cut


def test_segment_refuses_a_folder_naming_the_pages_inside(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: MD_PAGE})
    result = run_cli(root, "segment", "content/2023-12-26")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/2023-12-26: this is a folder, not a page file (give the pages inside it, e.g. "
        "content/2023-12-26/05.txt)"
    )


# --- point 3: TOML syntax errors in plain words, with line and column ---------------------------------------

TOML_CASES = [
    ('title = "内蒙古日报\n', "1:9", "unterminated string: the closing quote is missing on this line"),
    ("title = '内蒙古日报\n", "1:9", "unterminated string: the closing ' is missing"),
    (
        'title = """内蒙古日报\n档案\n',
        "1:9",
        "unterminated multi-line string: \"\"\" (or ''') opened here is never closed",
    ),
    ('title "内蒙古日报"\n', "1:7", "missing = after the key"),
    ('title ＝ "内蒙古日报"\n', "1:7", "missing = after the key"),
    ('title = "甲"\nnewspaper = "乙"\ntitle = "丙"\n', "3:1", 'duplicate key "title": already set on line 1'),
    ('[segment]\ncolumns = ["观潮"]\n[segment]\n', "3:1", "duplicate table [segment]: already declared on line 1"),
    ("title = 内蒙古日报\n", "1:9", "invalid value: text must be in quotes"),
    ("title = “内蒙古日报”\n", "1:9", "curly quotes “ cannot mark a string"),
    ("title =\n", "1:8", "missing value after ="),
    ('[segment]\ncolumns = ["观潮", "掠影"\n', "2:11", "unterminated list: the [ opened here is never closed"),
    (
        '[segment]\ncolumns = ["观潮" "掠影"]\n',
        "2:17",
        "a comma is missing between the items of a list, or its ] is missing",
    ),
    ("[segment\n", "1:9", "table header not closed: the ] is missing"),
    ('title = "甲" 乙\n', "1:13", "unexpected text after the value"),
    ('标题 = "内蒙古日报"\n', "1:1", "a key with Chinese or other non-ASCII characters must be in quotes"),
    ('title = "C:\\q"\n', "1:12", 'invalid escape in a string: a backslash starts an escape such as \\n, \\t or \\"'),
    ('title = "a\x01"\n', "1:11", "invisible control character U+0001 is not allowed here"),
]


@pytest.mark.parametrize(("text", "where", "says"), TOML_CASES, ids=[c[2].split(":")[0] for c in TOML_CASES])
def test_toml_syntax_errors_say_what_is_wrong_where(tmp_path: Path, text: str, where: str, says: str) -> None:
    path = tmp_path / "sitegen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitegenError) as info:
        load_config(path)
    error = info.value
    assert f"{error.line}:{error.column}" == where
    assert error.message == says
    assert error.hint  # and what to write instead
    assert error.format().startswith(f"{path}:{where}: {says} (")


def test_a_toml_error_in_issue_toml_stops_nothing_but_names_line_and_column(
    make_archive: MakeArchive, run_cli: RunCli
) -> None:
    root = make_archive({PAGE: MD_PAGE, "content/2023-12-26/issue.toml": '[pages]\n"05" = "党建\n'})
    result = run_cli(root, "build")
    assert (
        "content/2023-12-26/issue.toml:2:8: unterminated string: the closing quote is missing on this line"
        in result.stderr
    )


def test_a_misspelt_theme_gets_did_you_mean(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: MD_PAGE, "sitegen.toml": 'title = "报"\ntheme = "brodsheet"\n'})
    result = run_cli(root, "build")
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if line.startswith("sitegen.toml:2: "))
    assert line.startswith(
        "sitegen.toml:2: theme 'brodsheet' not found; the site is built with the default theme "
        '(did you mean "broadsheet"? set theme to one of the known themes (broadsheet, default)'
    )
    assert (root / "output/index.html").is_file()


def test_a_theme_far_from_any_gets_the_list_only(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: MD_PAGE, "sitegen.toml": 'theme = "zzz"\n'})
    line = next(line for line in run_cli(root, "build").stderr.splitlines() if line.startswith("sitegen.toml:1: "))
    assert "did you mean" not in line and "known themes (broadsheet, default)" in line


# --- the list the build ends with, and counts ---------------------------------------------------------------


def test_the_list_of_what_was_not_built_says_why(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive(
        {
            PAGE: MD_PAGE,
            "content/latest/05.md": MD_PAGE,
            "content/2023-12-26/five.md": MD_PAGE,
            "content/2023-12-26/06.txt": b"\xff\xfe\x00\xd8",  # a BOM, then half a character: cannot be decoded
            "content/2023-12-26/07.txt": "",
        }
    )
    result = run_cli(root, "build")
    lines = result.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("not built: "))
    assert lines[start:] == [
        "not built: 1 file could not be read (see above):",
        lines[start + 1],
        "not built: 1 folder not named by a date and 1 file not named by a page number (see above):",
        '  content/2023-12-26/five.md: "five.md" is not a page number',
        '  content/latest: folder name "latest" is not a date',
        "not built: 1 page skipped (see above):",
        "  content/2023-12-26/07.txt: the page is empty; skipped",
    ]
    assert lines[start + 1].startswith("  content/2023-12-26/06.txt: cannot decode the page")


def test_counts_are_grammatical(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({PAGE: "# 社区治理见实效\n\n□本报记者 宋爽\n\n赤峰市红山区推进社区治理。\n"})
    result = run_cli(root, "build")
    assert result.stdout.startswith("1 page, 1 item; files: ")
    assert "0 errors, 0 warnings" in result.stdout
    assert "discover: 1 page in " in result.stderr and "segment: 1 page in " in result.stderr
    assert run_cli(root, "segment", PAGE).stdout.startswith("== content/2023-12-26/05.md: 1 item\n")
    assert [plural(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert plural(12000, "page", grouped=True) == "12,000 pages"
