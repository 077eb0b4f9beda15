"""Bad input, one case each, built with `sitegen build`.

Every case builds an archive holding the bad input beside a good page, and checks that the printed
message names the file (and its line, where there is one) and says what to do, and that nothing
else is lost: the good page is published. The last test seeds one archive with every case at once.
"""

from __future__ import annotations

import codecs
import collections
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from sitegen.markdown import item_from_markdown
from sitegen.model import Item
from sitegen.rebuild import SiteBuilder, SiteOptions
from sitegen.segment.pages import cut_page

REPO = Path(__file__).resolve().parent.parent
SAMPLE_TXT = REPO / "content" / "2023-12-26" / "05.txt"  # a raw page as exported, with every kind of item
MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]
Tree = Callable[[Path], dict[str, bytes]]

# The good page beside every bad input: it must be published whatever else happens.
GOOD = "content/2023-12-27/05.md"
GOOD_PAGE = """\
# 社区治理见实效

□本报记者 宋爽

赤峰市红山区推进社区治理，群众满意度不断提升。

# 乡村振兴开新局

□本报记者 王塔娜

通辽市科尔沁区发展特色产业，村集体经济收入稳步增长。
"""
GOOD_ITEMS = ("2023/12/27/05/she-qu-zhi-li-jian-shi-xiao.html", "2023/12/27/05/xiang-cun-zhen-xing-kai-xin-ju.html")


@dataclass(frozen=True)
class Built:
    """One `sitegen build` of an archive: what it printed and what it published."""

    root: Path
    result: Result

    @property
    def output(self) -> Path:
        return self.root / "output"

    def reported(self, where: str) -> str:
        """The one problem printed about ``where`` (``path`` or ``path:line``, as printed)."""
        lines = [line for line in self.result.stderr.splitlines() if line.startswith(f"{where}: ")]
        assert len(lines) == 1, f"{where}: {lines}\n{self.result.stderr}"
        return lines[0]

    def items(self, page: str) -> list[Item]:
        """The items published for a page folder (``2023/12/26/05``), by file name."""
        return [item_from_markdown(p.read_text(encoding="utf-8")) for p in sorted((self.output / page).glob("*.md"))]

    def left_out(self) -> list[str]:
        """The files the summary at the end lists as not read."""
        lines = self.result.stdout.splitlines()
        start = next((n for n, line in enumerate(lines) if line.startswith("not built: ")), len(lines))
        return [line.strip().split(": ", 1)[0] for line in lines[start + 1 :] if line.startswith("  ")]


def build(run_cli: RunCli, make_archive: MakeArchive, files: Mapping[str, str | bytes], *args: str) -> Built:
    """Build ``files`` beside the good page, and check that the good page was published."""
    root = make_archive({GOOD: GOOD_PAGE, **files})
    built = Built(root, run_cli(root, "build", "--no-cache", *args))
    for path in GOOD_ITEMS:
        assert (built.output / path).is_file(), f"{path} not published\n{built.result.output}"
    return built


def assert_reported(built: Built, where: str, says: str, hint: str, severity: str = "error") -> None:
    """``where: [severity: ]… says … (… hint …)``: the file and line first, what to do last."""
    line = built.reported(where)
    label = "" if severity == "error" else f"{severity}: "
    assert line.startswith(f"{where}: {label}"), line
    assert says in line and line.endswith(")"), line
    advice = line[line.index(says) + len(says) :]  # the hint comes last, in brackets
    assert hint in advice and " (" in advice[: advice.index(hint) + 1], line


def contract(item: Item) -> dict[str, object]:
    """What a reader sees of an item: everything but where it was published from."""
    return item.contract()


# --- pages that cannot be read, or are read with care --------------------------------------------------


def test_empty_page(run_cli: RunCli, make_archive: MakeArchive) -> None:
    built = build(run_cli, make_archive, {"content/2023-12-26/05.txt": " \n\n\r\n"})
    assert_reported(
        built, "content/2023-12-26/05.txt", "the page is empty", "delete the file or fill it", severity="warning"
    )
    assert built.result.exit_code == 0  # nothing was lost: there was nothing
    assert built.left_out() == ["content/2023-12-26/05.txt"]


def test_binary_file(run_cli: RunCli, make_archive: MakeArchive) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    built = build(run_cli, make_archive, {"content/2023-12-26/05.txt": png})
    assert_reported(
        built,
        "content/2023-12-26/05.txt:1",
        "cannot decode the page: it holds NUL bytes",
        "export it again as UTF-8 text; if not, move it out of the content folder",
    )
    assert built.result.exit_code == 1
    assert built.left_out() == ["content/2023-12-26/05.txt"]


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk": lambda text: text.encode("gbk"),
    "utf-16-bom": lambda text: text.encode("utf-16"),  # with a BOM, in this machine's byte order
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "mixed-line-ends": lambda text: "".join(
        line + ("\r\n", "\n", "\r")[n % 3] for n, line in enumerate(text.split("\n"))
    ).encode("utf-8"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings_and_line_ends_are_read_as_the_utf8_original(
    encoding: str, run_cli: RunCli, make_archive: MakeArchive
) -> None:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    built = build(
        run_cli,
        make_archive,
        {
            "content/2023-12-25/05.txt": text,
            "content/2023-12-26/05.txt": ENCODINGS[encoding](text),
        },
    )
    assert built.result.exit_code == 0, built.result.output
    assert "2023-12-26" not in built.result.stderr  # read as it is: nothing to report
    original = [contract(i) for i in built.items("2023/12/25/05")]
    assert len(original) > 10
    assert [contract(i) for i in built.items("2023/12/26/05")] == original


def test_invalid_bytes_in_the_middle_are_marked_and_nothing_else_is_lost(
    run_cli: RunCli, make_archive: MakeArchive
) -> None:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    cut = text.index("事业兴，唯在用人")
    line, offset = text[:cut].count("\n") + 1, len(text[:cut].encode("utf-8"))
    data = text.encode("utf-8")
    damaged = data[:offset] + b"\xff\xfe\xfa" + data[offset:]
    built = build(run_cli, make_archive, {"content/2023-12-25/05.txt": text, "content/2023-12-26/05.txt": damaged})
    assert_reported(
        built,
        f"content/2023-12-26/05.txt:{line}",
        f"3 bytes could not be read as UTF-8 and are marked � on the page (line {line} at byte {offset})",
        "re-export the page",
        severity="warning",
    )
    assert built.result.exit_code == 0  # a warning: the page is published, with its damage visible
    items = built.items("2023/12/26/05")
    assert sum(item.body.count("\ufffd") for item in items) == 1
    assert "\ufffd事业兴，唯在用人" in "".join(item.body for item in items)
    unmarked = [
        {k: v.replace("\ufffd", "") if isinstance(v, str) else v for k, v in contract(i).items()} for i in items
    ]
    assert unmarked == [contract(i) for i in built.items("2023/12/25/05")]


# --- a huge page ---------------------------------------------------------------------------------------


def sample_paragraphs() -> list[str]:
    """The sample archive's running text: long paragraphs ending a sentence."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").glob("*/*.*")) if p.suffix != ".toml"]
    paras = [p.strip() for text in texts for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p) > 80 and p.endswith("。") and not p.startswith(("#", "□", "◎", "◆", "★"))]


def han_number(n: int) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))


def huge_page(size: int) -> tuple[str, list[str]]:
    """A raw page of about ``size`` bytes: articles of 100 KB (headline, byline, sample paragraphs)."""
    paras = sample_paragraphs()
    articles, titles, total, n = [], [], 0, 0
    while total < size:
        title = f"专题报道第{han_number(len(titles) + 1)}期"
        body = []
        while sum(len(p) for p in body) * 3 < 100_000:
            body.append(paras[n % len(paras)])
            n += 1
        article = "\n\n".join([title, "□本报记者 宋爽", *body])
        articles.append(article)
        titles.append(title)
        total += len(article.encode("utf-8")) + 2
    return "\n\n".join(articles) + "\n", titles


def test_20_mb_page_builds_in_reasonable_time(run_cli: RunCli, make_archive: MakeArchive) -> None:
    text, titles = huge_page(20 * 2**20)
    assert len(text.encode("utf-8")) >= 20 * 2**20
    started = time.perf_counter()
    built = build(run_cli, make_archive, {"content/2023-12-26/05.txt": text})
    elapsed = time.perf_counter() - started
    assert built.result.exit_code == 0, built.result.output
    items = built.items("2023/12/26/05")
    assert sorted(item.title or "" for item in items) == sorted(titles)
    assert sum(len(item.body) for item in items) > 6_000_000  # characters: 20 MB of UTF-8 Han text
    assert elapsed < 180, f"{elapsed:.0f} s"  # about 5 s on two cores


def jump_page(size: int, seed: int = 1) -> str:
    """Short articles whose last paragraph stops mid-sentence: the cutter looks for jumps at each."""
    rng = random.Random(seed)
    paras = sample_paragraphs()
    articles, total = [], 0
    while total < size:
        body = [rng.choice(paras) for _ in range(3)]
        body[-1] = body[-1][: len(body[-1]) // 2]
        article = "\n\n".join([f"社区治理见实效第{han_number(len(articles))}篇", "□本报记者 宋爽", *body])
        articles.append(article)
        total += len(article.encode("utf-8"))
    return "\n\n".join(articles)


def test_cutting_a_page_takes_time_in_proportion_to_its_length() -> None:
    """Four times the text, about four times the time, not sixteen: jumps and slugs stay linear."""

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            cut = cut_page((text, None, (), "内蒙古自治区"))
            best = min(best, time.perf_counter() - started)
        assert not isinstance(cut, Exception) and len(cut.items) > 100
        return best

    small, large = jump_page(2**19), jump_page(2**21)
    assert seconds(large) < 8 * seconds(small)


def test_page_with_no_recognisable_structure_keeps_every_character(run_cli: RunCli, make_archive: MakeArchive) -> None:
    rng = random.Random(6)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
    other = list("，。、；！？“”abcXYZ0123456789")
    lines = [
        "".join(rng.choice(han) if rng.random() < 0.8 else rng.choice(other) for _ in range(rng.randint(1, 50)))
        if rng.random() > 0.15
        else ""
        for _ in range(400)
    ]
    text = "\n".join(lines) + "\n"
    built = build(run_cli, make_archive, {"content/2023-12-26/05.txt": text})
    assert built.result.exit_code == 0
    items = built.items("2023/12/26/05")
    assert items and all(item.kind == "article" for item in items)
    shown = "".join(
        "".join(filter(None, [i.kicker, None if i.title_inferred else i.title, i.subtitle, i.column, i.body]))
        for i in items
    )
    missing = collections.Counter("".join(text.split())) - collections.Counter("".join(shown.split()))
    assert not missing, f"lost {dict(missing)}"


# --- the content folder --------------------------------------------------------------------------------


def test_empty_issue_folder(run_cli: RunCli, make_archive: MakeArchive) -> None:
    (make_archive({GOOD: GOOD_PAGE}) / "content" / "2023-12-26").mkdir()
    built = build(run_cli, make_archive, {})
    assert_reported(
        built,
        "content/2023-12-26",
        "empty issue folder",
        "add its pages (05.txt, 06.md…) or remove it",
        severity="warning",
    )
    assert built.result.exit_code == 0


def test_folders_that_are_not_dates(run_cli: RunCli, make_archive: MakeArchive) -> None:
    built = build(
        run_cli,
        make_archive,
        {
            "content/2023-02-30/05.md": GOOD_PAGE,
            "content/2023-13-01/05.md": GOOD_PAGE,
            "content/latest/05.md": GOOD_PAGE,
        },
    )
    assert_reported(
        built, "content/2023-02-30", '"2023-02-30" is not a real date', "rename it to the issue's date as YYYY-MM-DD"
    )
    assert_reported(
        built, "content/2023-13-01", '"2023-13-01" is not a real date', "rename it to the issue's date as YYYY-MM-DD"
    )
    assert_reported(
        built,
        "content/latest",
        'folder name "latest" is not a date',
        "rename it to the issue's date as YYYY-MM-DD, e.g. 2023-12-26",
    )
    assert built.result.exit_code == 1
    assert built.left_out() == ["content/2023-02-30", "content/2023-13-01", "content/latest"]


STRAY = (".DS_Store", "Thumbs.db", "05.txt~", ".05.txt.swp", "05.txt.bak", "#05.txt#")


def test_stray_files_are_ignored_with_a_note(run_cli: RunCli, make_archive: MakeArchive) -> None:
    files: dict[str, str | bytes] = {f"content/2023-12-27/{name}": b"\x00\x01junk" for name in STRAY}
    built = build(run_cli, make_archive, {**files, "content/.DS_Store": b"\x00"})
    for path in [*files, "content/.DS_Store"]:
        assert_reported(
            built,
            path,
            "ignored: a file left by the system or an editor, not a page",
            "nothing to do; delete it if it is not needed",
            severity="note",
        )
    assert "warning:" not in built.result.stderr
    assert built.result.exit_code == 0
    assert [p.name for p in (built.output / "2023/12/27").iterdir() if p.is_dir()] == ["05"]


# --- .md pages with front matter -----------------------------------------------------------------------

BODY = "□本报记者 宋爽\n\n赤峰市红山区推进社区治理，群众满意度不断提升。"
BROKEN_FRONT_MATTER = {
    # name: (page, where, says, hint)
    "unclosed": (
        f"---\nkind: article\ntitle: 社区治理见实效\n\n{BODY}\n",
        1,
        "the front matter opened on line 1 is never closed",
        "end it with a line of three dashes",
    ),
    "not-yaml": (
        f"---\nkind: article\ntitle: 社区治理：见实效: 好\n---\n\n{BODY}\n",
        3,
        "the front matter is not valid YAML",
        'needs quotes: title: "…"',
    ),
    "unknown-key": (
        f"---\nkind: article\ntitel: 社区治理见实效\n---\n\n{BODY}\n",
        3,
        'unknown key "titel" in the front matter',
        'did you mean "title"?',
    ),
    "wrong-type": (
        f"---\ntitle: 社区治理见实效\ncredits: 宋爽\n---\n\n{BODY}\n",
        3,
        '"credits" must be a list of names with their roles',
        "write it as credits: [{name: 宋爽, role: 本报记者}]",
    ),
}


@pytest.mark.parametrize("case", BROKEN_FRONT_MATTER)
def test_md_page_with_broken_front_matter_is_built_from_its_text(
    case: str, run_cli: RunCli, make_archive: MakeArchive
) -> None:
    page, line, says, hint = BROKEN_FRONT_MATTER[case]
    built = build(run_cli, make_archive, {"content/2023-12-26/05.md": page})
    assert_reported(built, f"content/2023-12-26/05.md:{line}", says, hint)
    assert built.result.exit_code == 1
    items = built.items("2023/12/26/05")
    assert "赤峰市红山区推进社区治理，群众满意度不断提升。" in "".join(item.body for item in items)  # published
    assert built.left_out() == []


# --- settings and theme --------------------------------------------------------------------------------

CONFIGS = {
    # sitegen.toml: (where, says, hint)
    'title = "报"\ntitel = "日报"\n': (
        "sitegen.toml:2",
        'unknown key "titel" in the top level',
        'did you mean "title"?',
    ),
    'base_ulr = "https://example.org/"\n': (
        "sitegen.toml:1",
        'unknown key "base_ulr" in the top level',
        'did you mean "base_url"?',
    ),
    '[segment]\ncolums = ["观潮"]\n': (
        "sitegen.toml:2",
        'unknown key "colums" in [segment]',
        'did you mean "columns"?',
    ),
    'colour = "red"\n': (
        "sitegen.toml:1",
        'unknown key "colour" in the top level',
        "known keys: base_url, follow_symlinks, home_province",
    ),
    "title = 3\n": ("sitegen.toml:1", '"title" must be a string, not an integer', "write it as title ="),
}


@pytest.mark.parametrize("config", CONFIGS, ids=["titel", "base_ulr", "colums", "colour", "title-number"])
def test_unknown_and_mistyped_config_keys(config: str, run_cli: RunCli, make_archive: MakeArchive) -> None:
    built = build(run_cli, make_archive, {"sitegen.toml": config})  # the rest of the settings still apply
    assert_reported(built, *CONFIGS[config])
    assert built.result.exit_code == 1


def test_missing_theme(run_cli: RunCli, make_archive: MakeArchive) -> None:
    built = build(run_cli, make_archive, {"sitegen.toml": 'title = "报"\ntheme = "nosuch"\n'})
    assert_reported(
        built,
        "sitegen.toml:2",
        "theme 'nosuch' not found",
        "set theme to one of the known themes (broadsheet, default), or add the theme's folder to themes/",
    )
    assert "the site is built with the default theme" in built.reported("sitegen.toml:2")
    assert built.result.exit_code == 1


def test_jinja_syntax_error_in_a_template_override(run_cli: RunCli, make_archive: MakeArchive) -> None:
    built = build(
        run_cli,
        make_archive,
        {
            "templates/item.html": '{% extends "!default/item.html" %}\n{% block main %}{% if %}{% endblock %}\n',
            "templates/search.html": '{% extends "!default/search.html" %}{% block main %}<h1>本馆检索</h1>{% endblock %}',
        },
    )
    assert_reported(built, "templates/item.html:2", "template error: ", "fix the template")
    assert "the theme's item.html is used instead" in built.reported("templates/item.html:2")
    assert built.result.exit_code == 1
    assert "<h1>本馆检索</h1>" in (built.output / "search" / "index.html").read_text(encoding="utf-8")  # the good one


def test_serve_keeps_the_last_good_site_when_a_template_is_saved_half_edited(
    make_archive: MakeArchive, tree: Tree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sitegen build` publishes with the theme's template instead; `sitegen serve` holds the rebuild back."""
    root = make_archive({GOOD: GOOD_PAGE})
    monkeypatch.chdir(root)
    builder = SiteBuilder(SiteOptions(Path("content"), Path("output"), Path("sitegen.toml"), cache=False))
    assert builder.build()
    before = tree(root / "output")
    (root / "templates").mkdir()
    (root / "templates" / "item.html").write_text("{% if %}\n", encoding="utf-8")
    assert not builder.build()
    assert tree(root / "output") == before
    printed = capsys.readouterr().err
    assert "templates/item.html:1: template error: " in printed and "output left as it was" in printed


def item_file(title: str, slug: str, text: str) -> str:
    return f"---\nkind: article\ntitle: {title}\nslug: {slug}\n---\n\n{text}\n"


def test_two_items_on_one_output_path(run_cli: RunCli, make_archive: MakeArchive) -> None:
    page = item_file("社区治理见实效", "zhi-li", "第一篇正文。") + item_file("乡村振兴开新局", "zhi-li", "第二篇正文。")
    built = build(run_cli, make_archive, {"content/2023-12-26/05.md": page, "content/2023-12-26/5.md": GOOD_PAGE})
    assert_reported(
        built,
        "content/2023-12-26/05.md:11",
        "two items would be written to output/2023/12/26/05/"
        'zhi-li.html: their front matter gives both slug "zhi-li" (content/2023-12-26/05.md:4 and '
        "content/2023-12-26/05.md:11)",
        "give one of them another slug; meanwhile the later one is published as zhi-li-2.html",
    )
    # Two files for one page would put their items in one folder: the second names the first.
    assert_reported(
        built,
        "content/2023-12-26/5.md",
        "page 5 is already given by 05.md",
        "keep one file per page: merge it into 05.md, or name it after its own page",
    )
    assert built.result.exit_code == 1
    assert {i.slug: (i.title, i.body) for i in built.items("2023/12/26/05")} == {
        "zhi-li": ("社区治理见实效", "第一篇正文。"),
        "zhi-li-2": ("乡村振兴开新局", "第二篇正文。"),
    }


def test_missing_content_folder_stops_before_writing(run_cli: RunCli, make_archive: MakeArchive, tree: Tree) -> None:
    built = build(run_cli, make_archive, {})
    before = tree(built.output)
    result = run_cli(built.root, "build", "--source", "contnet")
    again = Built(built.root, result)
    assert_reported(
        again, "contnet", "content folder not found", "run sitegen in the archive's folder, or pass --source"
    )
    assert result.exit_code == 1
    assert "stopped after discover: output left untouched" in result.stdout
    assert tree(built.output) == before


# --- all at once ---------------------------------------------------------------------------------------


def test_an_archive_with_every_bad_input_publishes_every_readable_item(
    run_cli: RunCli, sample_archive: Path, make_archive: MakeArchive
) -> None:
    clean = run_cli(sample_archive, "build", "--no-cache")
    assert clean.exit_code == 0, clean.output
    sample_items = sorted(
        p.relative_to(sample_archive / "output").as_posix()
        for p in (sample_archive / "output").glob("2*/*/*/*/*.html")
        if p.name != "index.html"
    )
    assert len(sample_items) > 30

    text = SAMPLE_TXT.read_text(encoding="utf-8")
    files: dict[str, str | bytes] = {
        f"content/{p.relative_to(sample_archive / 'content').as_posix()}": p.read_bytes()
        for p in (sample_archive / "content").rglob("*")
        if p.is_file()
    }
    files |= {
        "sitegen.toml": 'titel = "档案"\nbase_ulr = "https://example.org/"\ntheme = "nosuch"\n'
        + re.sub(
            r"^theme = .*\n", "", (sample_archive / "sitegen.toml").read_text(encoding="utf-8"), flags=re.MULTILINE
        ),
        "templates/item.html": "{% if %}\n",
        "content/2024-01-01/05.txt": "",
        "content/2024-01-01/06.txt": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8,
        "content/2024-01-01/07.txt": text.encode("utf-8")[:3000] + b"\xff\xfe" + text.encode("utf-8")[3000:],
        "content/2024-01-01/08.txt": "\n".join(f"第{han_number(n)}行无结构的文字，" * (n % 5 + 1) for n in range(200)),
        "content/2024-01-01/09.md": BROKEN_FRONT_MATTER["not-yaml"][0],
        "content/2024-01-01/10.md": item_file("甲", "zhi-li", "甲文。") + item_file("乙", "zhi-li", "乙文。"),
        "content/2024-01-01/10.txt": GOOD_PAGE,
        "content/2024-01-01/11.txt": huge_page(20 * 2**20)[0],
        "content/2024-01-01/12.md": GOOD_PAGE,
        "content/2024-01-01/012.md": GOOD_PAGE,
        "content/2023-02-30/05.txt": text,
        "content/2023-13-01/05.txt": text,
        "content/latest/05.txt": text,
        **{f"content/2024-01-01/{name}": b"\x00junk" for name in STRAY},
    }
    files |= {f"content/2024-01-{day:02d}/05.txt": encode(text) for day, encode in enumerate(ENCODINGS.values(), 2)}
    root = make_archive(files, name="everything")
    (root / "content" / "2024-02-01").mkdir()
    result = run_cli(root, "build", "--no-cache")
    built = Built(root, result)

    assert result.exit_code == 1
    for path in sample_items:
        assert (root / "output" / path).is_file(), path
    for day in range(2, 2 + len(ENCODINGS)):
        assert len(built.items(f"2024/01/{day:02d}/05")) == len(built.items("2023/12/26/05"))
    published = {p.parent.name for p in (root / "output/2024/01/01").glob("*/*.md")}
    assert published == {"07", "08", "09", "10", "11", "12"}
    lines = result.output.splitlines()
    summary = next(
        n
        for n, line in enumerate(lines)
        if re.match(r"\d+ pages, \d+ items( \(\d+ uncertain: see sitegen review\))?; files: ", line)
    )
    assert all(not re.match(r"(content|sitegen|templates)\S*: ", line) for line in lines[summary:])  # all above it
    # What was not built, by why: unreadable files, then misnamed folders and files, then skipped pages.
    headings = [line for line in lines[summary + 1 :] if line.startswith("not built: ")]
    assert headings == [
        "not built: 1 file could not be read (see above):",
        "not built: 3 folders not named by a date (see above):",
        "not built: 2 pages skipped (see above):",
    ], result.output
    assert sorted(built.left_out()) == [
        "content/2023-02-30",
        "content/2023-13-01",
        "content/2024-01-01/05.txt",
        "content/2024-01-01/06.txt",
        "content/2024-01-01/12.md",
        "content/latest",
    ]
    assert lines[-1] == "build failed: 11 errors", result.output
